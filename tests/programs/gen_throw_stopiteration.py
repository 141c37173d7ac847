# PEP 479 holds for a thrown StopIteration too: whether the generator (or coroutine) has
# started or not, a StopIteration that leaves its body becomes
# "RuntimeError: generator raised StopIteration", caused by it. CPython runs the frame of
# an unstarted generator to raise the exception there, so it leaves the body as any other.
import asyncio


def numbers():
    yield 1
    yield 2


def outer():
    yield from numbers()


def report(label, thunk):
    try:
        print(label, "->", thunk())
    except BaseException as e:
        print(label, type(e).__name__, e, repr(e.__cause__), e.__suppress_context__)


for thrown in [StopIteration, StopIteration(), StopIteration(5), StopIteration("x", 1)]:
    g = numbers()
    report("unstarted", lambda: g.throw(thrown))
    report("  then next", lambda: next(g))
    g = numbers()
    next(g)
    report("started", lambda: g.throw(thrown))
    g = outer()
    report("yield from, unstarted", lambda: g.throw(thrown))
    g = outer()
    next(g)
    report("yield from, started", lambda: g.throw(thrown))

# Any other exception thrown into an unstarted generator passes as it is.
g = numbers()
report("ValueError", lambda: g.throw(ValueError("v")))


async def answer():
    return 42


co = answer()
report("coroutine, unstarted", lambda: co.throw(StopIteration))
report("  then send", lambda: co.send(None))
co.close()


async def main():
    # peel's native coroutines are `async def`s in CPython, and behave as such.
    s = asyncio.sleep(1)
    report("sleep, unstarted", lambda: s.throw(StopIteration))
    report("  then send", lambda: s.send(None))
    s = asyncio.sleep(0)
    report("sleep(0), send", lambda: s.send(None))
    report("sleep(0), started", lambda: s.throw(StopIteration(3)))
    s = asyncio.sleep(0)
    s.send(None)
    report("sleep(0), finish", lambda: s.send(None))
    report("sleep(0), finished", lambda: s.throw(StopIteration))
    report("sleep(0), finished", lambda: s.throw(ValueError))
    event = asyncio.Event()
    w = event.wait()
    report("Event.wait, unstarted", lambda: w.throw(StopIteration))
    report("  then send", lambda: w.send(None))
    q = asyncio.Queue()
    w = q.get()
    report("Queue.get, unstarted", lambda: w.throw(StopIteration(1)))
    w = asyncio.wait_for(answer(), 5)
    report("wait_for, unstarted", lambda: w.throw(StopIteration))


asyncio.run(main())

# Uncaught: the traceback shows the generator's `def` line, then the RuntimeError.
g = numbers()
g.throw(StopIteration)
