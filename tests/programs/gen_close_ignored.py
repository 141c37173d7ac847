# close(): GeneratorExit at the suspension point, finally blocks, and
# "generator ignored GeneratorExit" when the generator yields instead.

def stubborn():
    while True:
        try:
            yield "still here"
        except GeneratorExit:
            print("  got GeneratorExit, yielding anyway")

g = stubborn()
print(next(g))
try:
    g.close()
except RuntimeError as e:
    print("close raised RuntimeError:", e)
# The generator is still suspended (it yielded): it can be resumed.
print(next(g))
# An exception it does not catch finishes it for good.
try:
    g.throw(KeyError("stop"))
except KeyError as e:
    print("KeyError finished it:", e)
print(next(g, "finished"))

def polite():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("  cleaning up on GeneratorExit")
        raise
    finally:
        print("  finally of polite")

g = polite()
print(next(g))
print("close returns", g.close())

def swallows():
    # Catching GeneratorExit and returning normally is fine.
    try:
        yield 1
    except GeneratorExit:
        print("  swallowed GeneratorExit")
    print("  after the try, returning")
    return "ignored value"

g = swallows()
next(g)
print("close returns", g.close())

def raises_other():
    # An exception other than GeneratorExit raised while closing propagates.
    try:
        yield 1
    except GeneratorExit:
        raise ValueError("cleanup failed")

g = raises_other()
next(g)
try:
    g.close()
except ValueError as e:
    print("close propagated ValueError:", e)
    print("its context:", type(e.__context__).__name__)

def yields_in_finally():
    try:
        yield "body"
    finally:
        print("  finally yields")
        yield "from finally"

g = yields_in_finally()
print(next(g))
try:
    g.close()
except RuntimeError as e:
    print("close raised RuntimeError:", e)
# Resuming it finishes the finally block, which then re-raises the pending
# GeneratorExit.
try:
    next(g)
except GeneratorExit:
    print("the pending GeneratorExit came back out")
print(next(g, "now finished"))

# GeneratorExit is a BaseException, not an Exception: `except Exception` misses it.
def broad():
    try:
        yield 1
    except Exception:
        print("  never: GeneratorExit is not an Exception")
    finally:
        print("  finally of broad")

g = broad()
next(g)
g.close()
print("GeneratorExit subclasses Exception:", issubclass(GeneratorExit, Exception))

# A bare except catches it; yielding afterwards is the error.
def bare():
    try:
        yield 1
    except:
        print("  bare except caught", "GeneratorExit")
    yield 2

g = bare()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("bare:", e)
print(next(g, "finished"))

# Throwing GeneratorExit by hand behaves like a closing exception too.
def plain():
    try:
        yield 1
    finally:
        print("  finally of plain")

g = plain()
next(g)
try:
    g.throw(GeneratorExit)
except GeneratorExit:
    print("throw(GeneratorExit) re-raised GeneratorExit")
print(next(g, "finished"))
