# Corner cases of `yield from` from the yield-from test suite, in our own code.

def show(label, thunk):
    try:
        print(label, "->", repr(thunk()))
    except BaseException as e:
        print(label, "raised", type(e).__name__ + ":", e)

# A generator delegating to itself: "generator already executing".
def make_loop():
    box = []
    def loop():
        yield "before"
        yield from box[0]
    g = loop()
    box.append(g)
    return g

g = make_loop()
show("first", lambda: next(g))
show("yield from itself", lambda: next(g))
show("after", lambda: next(g))

# Two delegators sharing one subgenerator take turns draining it.
def shared_source():
    for i in range(4):
        yield i

def delegator(name, src):
    yield from src
    yield f"{name} saw the end"

src = shared_source()
d1 = delegator("d1", src)
d2 = delegator("d2", src)
print(next(d1), next(d2), next(d1), next(d2))
print(next(d1), next(d2))

# A subgenerator that was started elsewhere: yield from's first step is a plain
# next(), so the suspended yield receives None, not a value from the delegator.
def echo():
    got = None
    while True:
        got = yield f"echo {got}"

e = echo()
print(next(e), e.send("outside"))
def takes_over(inner):
    yield from inner
d = takes_over(e)
print(next(d), d.send("through the delegator"))

# throw() of GeneratorExit into a subgenerator that raises something else.
def raises_on_exit():
    try:
        yield 1
    except GeneratorExit:
        raise LookupError("raised while exiting")

def outer_raising():
    yield from raises_on_exit()

g = outer_raising()
next(g)
show("throw GeneratorExit, inner raises", lambda: g.throw(GeneratorExit))

# throw() of GeneratorExit into a subgenerator that yields.
def yields_on_exit():
    try:
        yield 1
    except GeneratorExit:
        yield "ignoring it"

def outer_yielding():
    yield from yields_on_exit()

g = outer_yielding()
next(g)
show("throw GeneratorExit, inner yields", lambda: g.throw(GeneratorExit))
show("next", lambda: next(g))

# The delegator catches what the subgenerator raised and returns a value.
def failing():
    yield "ok so far"
    raise ValueError("sub failed")

def catching():
    try:
        yield from failing()
    except ValueError as e:
        return f"caught {e}"

g = catching()
show("next", lambda: next(g))
show("next", lambda: next(g))

# A subgenerator's StopIteration value when it returns while handling a throw.
def returns_value_on_throw():
    while True:
        try:
            yield "waiting"
        except IndexError:
            return "value from throw"

def reports():
    r = yield from returns_value_on_throw()
    yield f"delegator got {r!r}"

g = reports()
show("next", lambda: next(g))
show("throw IndexError", lambda: g.throw(IndexError))

# Sending to a delegator whose subgenerator is finished but has not been noticed.
def single():
    x = yield "only"
    return x

def two_rounds():
    a = yield from single()
    b = yield from single()
    return [a, b]

g = two_rounds()
show("next", lambda: next(g))
show("send first", lambda: g.send("A"))
show("send second", lambda: g.send("B"))

# An exception from the iterable's creation escapes before anything is yielded.
def broken_source(n):
    if n < 0:
        raise ValueError("negative size")
    yield from range(n)

def uses_broken():
    yield "start"
    yield from broken_source(-1)

g = uses_broken()
show("next", lambda: next(g))
show("next", lambda: next(g))
show("next", lambda: next(g))
