# Plain generators as tasks: a round-robin scheduler resumes each one in turn,
# passes values back in with send(), and cancels tasks with throw() and close().

def worker(name, steps):
    done = 0
    try:
        while done < steps:
            reply = yield f"{name} step {done}"
            if reply is not None:
                print(f"    {name} was told {reply!r}")
            done += 1
        return f"{name} finished {done} steps"
    except KeyError as e:
        print(f"    {name} cancelled: {e}")
        return f"{name} cancelled after {done}"
    finally:
        print(f"    {name} cleans up")

def run(tasks, messages, cancel_at):
    # tasks: list of (name, generator); messages: {(round, name): value}.
    queue = list(tasks)
    results = {}
    rnd = 0
    while queue:
        rnd += 1
        print(f"round {rnd}")
        still = []
        for name, task in queue:
            try:
                if (rnd, name) in cancel_at:
                    out = task.throw(KeyError(f"round {rnd}"))
                else:
                    out = task.send(messages.get((rnd, name)))
                print("  ", out)
                still.append((name, task))
            except StopIteration as e:
                results[name] = e.value
        queue = still
    return results

def fresh(name, steps):
    g = worker(name, steps)
    next(g)
    return g

tasks = [("A", fresh("A", 2)), ("B", fresh("B", 4)), ("C", fresh("C", 3))]
results = run(tasks, {(1, "B"): "hurry", (2, "C"): "slow down"}, {(2, "B")})
for name in sorted(results):
    print(name, "->", results[name])

# Closing every task that is still running, e.g. at shutdown.
pending = [fresh(n, 10) for n in "XY"]
pending[0].send("go")
for task in pending:
    task.close()
print("all closed:", [next(t, "stopped") for t in pending])

# A producer/consumer pair handing values back and forth through send().
def consumer():
    total = 0
    while True:
        item = yield total
        if item is None:
            return total
        total += item
        print(f"  consumed {item}, total {total}")

def producer(target, items):
    for item in items:
        yield f"produced {item}"
        target.send(item)

c = consumer()
next(c)
for line in producer(c, [3, 4, 5]):
    print(line)
try:
    c.send(None)
except StopIteration as e:
    print("consumer returned", e.value)
