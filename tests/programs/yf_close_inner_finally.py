# Regression: closing (or throwing into) a delegating generator must reach the
# generator it delegates to, so the inner finally blocks run, innermost first.

log = []

def leaf(name):
    try:
        log.append(f"{name} starts")
        yield f"{name}:1"
        yield f"{name}:2"
    finally:
        log.append(f"{name} finally")

def middle():
    try:
        yield "middle before"
        yield from leaf("leaf")
        yield "middle after"
    finally:
        log.append("middle finally")

def top():
    try:
        yield from middle()
    finally:
        log.append("top finally")

def run(title, steps, finish):
    log.clear()
    g = top()
    got = [next(g) for _ in range(steps)]
    finish(g)
    print(title, got)
    for line in log:
        print("   ", line)

run("close inside the leaf:", 2, lambda g: g.close())
run("close before the leaf started:", 1, lambda g: g.close())
run("close after the leaf finished:", 4, lambda g: g.close())

def throw_uncaught(g):
    try:
        g.throw(RuntimeError("stop everything"))
    except RuntimeError as e:
        log.append(f"caller caught RuntimeError: {e}")

run("throw nobody catches:", 3, throw_uncaught)

# After close the whole chain is finished.
log.clear()
g = top()
next(g)
next(g)
g.close()
print("next after close:", next(g, "nothing"))
print("log:", log)

# The inner generator may yield from its finally during a *throw*: that value
# comes out of throw() and the delegation goes on.
def cleanup_yields():
    try:
        yield "working"
    finally:
        yield "cleaning up"
        print("  inner cleanup finished")

def wrapper():
    try:
        yield from cleanup_yields()
        yield "wrapper continues"
    except KeyError:
        print("  wrapper caught the KeyError after the inner cleanup")
        yield "wrapper recovered"

w = wrapper()
print(next(w))
print(w.throw(KeyError("k")))
print(next(w))
print(next(w, "end"))

# Closing while the inner generator works: its finally yields instead of exiting,
# so close() fails with "generator ignored GeneratorExit", raised in the wrapper.
def wrapper_of(inner):
    try:
        yield from inner
    finally:
        print("  wrapper finally")

inner = cleanup_yields()
w = wrapper_of(inner)
print(next(w))
try:
    w.close()
except RuntimeError as e:
    print("close raised:", e)
print("wrapper finished:", next(w, "yes"))
# The inner generator is still inside its finally, with GeneratorExit pending.
try:
    next(inner)
except GeneratorExit:
    print("resuming the inner generator re-raised GeneratorExit")
print("inner finished:", next(inner, "yes"))
