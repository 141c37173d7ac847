# A tiny round-robin scheduler: each task is a plain generator, each yield gives way.
# (A list is the queue: peel has no collections.deque.)

def task(name, steps):
    for i in range(steps):
        print(name, "step", i)
        yield
    return name + " done"

def run(tasks):
    ready = list(tasks)
    results = []
    while ready:
        t = ready.pop(0)
        try:
            next(t)
        except StopIteration as stop:
            results.append(stop.value)
        else:
            ready.append(t)
    return results

print(run([task("A", 3), task("B", 1), task("C", 2)]))
