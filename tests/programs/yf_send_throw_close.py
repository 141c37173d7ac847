# send, throw and close pass through `yield from` to the delegate (PEP 380).

def inner():
    print("  inner starts")
    try:
        while True:
            try:
                got = yield "inner ready"
                print("  inner got", repr(got))
            except ValueError as e:
                print("  inner caught ValueError:", e)
                yield "inner recovered"
    finally:
        print("  inner finally")

def outer():
    print("  outer starts")
    try:
        result = yield from inner()
        print("  never: inner has no return", result)
    except KeyError as e:
        print("  outer caught KeyError:", e)
        yield "outer recovered"
    finally:
        print("  outer finally")

print("-- send goes to the inner generator")
g = outer()
print(next(g))
print(g.send("hello"))
print(g.send(None))
print("-- throw of an exception inner handles")
print(g.throw(ValueError("v1")))
print(next(g))
print("-- throw of an exception inner does not handle: inner finishes, outer catches")
print(g.throw(KeyError("k1")))
print("-- close the delegator after the delegation ended")
g.close()

print("-- close during delegation runs both finally blocks, inner first")
g = outer()
next(g)
g.send(1)
g.close()
print(next(g, "closed"))

print("-- throw an exception nobody handles")
g = outer()
next(g)
try:
    g.throw(TypeError("t1"))
except TypeError as e:
    print("escaped:", e)
print(next(g, "finished"))

print("-- the inner generator returns in response to a throw")
def returns_on_throw():
    try:
        yield 1
    except ValueError as e:
        return f"returned after {e}"

def takes_return():
    r = yield from returns_on_throw()
    print("  outer received:", r)
    yield "outer continues"

g = takes_return()
print(next(g))
print(g.throw(ValueError("v2")))
g.close()

print("-- GeneratorExit thrown into a subgenerator that returns")
def returns_on_exit():
    try:
        yield 1
    except GeneratorExit:
        print("  inner swallows GeneratorExit and returns")
        return "too late"

def delegating():
    r = yield from returns_on_exit()
    print("  never reached", r)
    yield 2

g = delegating()
next(g)
try:
    g.throw(GeneratorExit)
except GeneratorExit:
    print("GeneratorExit re-raised by the delegator")

print("-- close a subgenerator that raises another exception while closing")
def bad_close():
    try:
        yield 1
    finally:
        raise ZeroDivisionError("in inner finally")

def delegates_to_bad():
    try:
        yield from bad_close()
    finally:
        print("  outer finally still runs")

g = delegates_to_bad()
next(g)
try:
    g.close()
except ZeroDivisionError as e:
    print("close raised:", e)

print("-- close a subgenerator that yields instead of exiting")
def stubborn():
    while True:
        try:
            yield "stubborn"
        except GeneratorExit:
            print("  stubborn ignores GeneratorExit")

def wraps_stubborn(sub):
    yield from sub

sub = stubborn()
g = wraps_stubborn(sub)
next(g)
try:
    g.close()
except RuntimeError as e:
    print("close raised:", e)
# The delegator is finished; the subgenerator is still suspended.
print(next(g, "delegator finished"))
print(next(sub))
try:
    sub.throw(IndexError("stop it"))
except IndexError as e:
    print("subgenerator finished by:", e)

print("-- send to a delegator whose subgenerator finished mid-send")
def two_sends():
    a = yield "first"
    b = yield "second"
    return a + b

def sums():
    total = yield from two_sends()
    yield f"total {total}"

g = sums()
print(next(g), g.send(10), g.send(5))
print(next(g, "done"))
