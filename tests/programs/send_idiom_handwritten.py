# Written by hand, the shape peel compiles one step of a `yield from` into.
# Python unbinds the `except ... as e` name when the handler ends, even when `e`
# held something before the `try`.


def worker():
    yield "ready"
    return "finished"


def step(it):
    e = "a value from before"
    result = None
    try:
        out = next(it)
    except StopIteration as e:
        result = e.value
    else:
        print("yielded", out)
    print("result", result)
    try:
        print("e is still", e)
    except NameError as problem:
        print("NameError:", problem)


def drive(it):
    # The loop form: send what came back, stop at the return value.
    sent = None
    while True:
        try:
            if sent is None:
                out = next(it)
            else:
                out = it.send(sent)
        except StopIteration as stop:
            final = stop.value
            break
        sent = out.upper()
    print("drive got", final)
    try:
        print(stop)
    except NameError as problem:
        print("NameError:", problem)


w = worker()
step(w)
step(w)
drive(worker())


def relay(it):
    # The same step inside a generator, which peel runs as a state machine.
    e = "before"
    result = None
    try:
        value = next(it)
    except StopIteration as e:
        result = e.value
    else:
        yield "passing on " + value
    yield "result " + str(result)
    try:
        yield e
    except NameError as problem:
        yield "NameError: " + str(problem)


print(list(relay(worker())))
w = worker()
next(w)
print(list(relay(w)))
