# The generator protocol, CPython 3.11: next, send, throw, close, and their edge cases.

def show(label, thunk):
    # Calls thunk() and prints its value or the exception it raised.
    try:
        print(label, "->", repr(thunk()))
    except BaseException as e:
        print(label, "raised", type(e).__name__ + ":", e)

def noisy():
    print("  body starts")
    got = yield "first"
    print("  got", repr(got))
    got = yield "second"
    print("  got", repr(got))
    return "done"

# Calling the function runs nothing.
g = noisy()
print("created")
show("send(1) before start", lambda: g.send(1))
show("send(None) starts it", lambda: g.send(None))
show("send('x')", lambda: g.send("x"))
show("next()", lambda: next(g))
show("next() again", lambda: next(g))

# StopIteration.value carries the return value exactly once.
g = noisy()
next(g)
next(g)
try:
    g.send(42)
except StopIteration as e:
    print("return value:", repr(e.value), "args:", e.args)

# A generator that was never started can be closed: the body never runs.
g = noisy()
print("close unstarted:", g.close())
show("next after close", lambda: next(g))

# Closing a finished generator does nothing.
g = noisy()
for _ in g:
    pass
print("close finished:", g.close())
print("close twice:", g.close())

# throw into an unstarted generator raises at once, and finishes it.
g = noisy()
show("throw unstarted", lambda: g.throw(ValueError("early")))
show("next after", lambda: next(g))

# throw into a finished generator just raises the exception.
show("throw finished", lambda: g.throw(KeyError("late")))

def catcher():
    n = 0
    while True:
        try:
            yield n
        except ValueError as e:
            print("  caught", e)
            n += 10
        n += 1

g = catcher()
show("next", lambda: next(g))
show("throw ValueError", lambda: g.throw(ValueError("boom")))
show("next", lambda: next(g))
show("throw TypeError", lambda: g.throw(TypeError("not caught")))
show("next after escape", lambda: next(g))

# "generator already executing": a generator that resumes itself.
def make_selfish():
    me = []
    def selfish():
        yield 1
        yield next(me[0])
    g = selfish()
    me.append(g)
    return g

g = make_selfish()
show("first", lambda: next(g))
show("self-resume", lambda: next(g))
show("after the error", lambda: next(g))

# Sending into a generator through send() while it runs itself, too.
def make_sender():
    me = []
    def sender():
        x = yield "ready"
        me[0].send(x)
        yield "unreachable"
    g = sender()
    me.append(g)
    return g

g = make_sender()
show("start", lambda: next(g))
show("send", lambda: g.send(7))

# throw can be given an exception class as well as an instance.
def plain():
    try:
        yield 1
    except KeyError as e:
        print("  args:", e.args)
        yield 2

g = plain()
next(g)
show("throw class", lambda: g.throw(KeyError))

# A generator that catches a thrown exception and returns gives StopIteration.
def returns_on_throw():
    try:
        yield 1
    except ValueError:
        return "recovered"

g = returns_on_throw()
next(g)
try:
    g.throw(ValueError)
except StopIteration as e:
    print("StopIteration value:", e.value)

# next() with a default swallows the end of a generator.
g = noisy()
print(next(g, "dflt"))
print(next(g, "dflt"))
print(next(g, "dflt"))
print(next(g, "dflt"))
