# asyncio.wait is a coroutine: calling it checks nothing and watches nothing; its checks
# (in CPython's order) and its timer start when it is first awaited.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def attempt(label, make):
    try:
        done, pending = await make()
        print(label, "->", sorted(t.result() for t in done), len(pending))
    except Exception as e:
        print(label, "->", type(e).__name__, e)


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(job("a", 1))
    b = asyncio.create_task(job("b", 3))
    w = asyncio.wait([a, b], timeout=2)
    print("made at", loop.time())
    await asyncio.sleep(1)
    # The timeout counts from here, not from the call.
    done, pending = await w
    print("at", loop.time(), sorted(t.result() for t in done), len(pending))
    await attempt("empty", lambda: asyncio.wait([]))
    await attempt("a task", lambda: asyncio.wait(b))
    await attempt("bad return_when", lambda: asyncio.wait([b], return_when="SOMETIME"))
    await attempt("empty and bad", lambda: asyncio.wait([], return_when="SOMETIME"))
    await attempt("not futures", lambda: asyncio.wait([1, 2]))
    await attempt("bad timeout", lambda: asyncio.wait([b], timeout="x"))
    bad = asyncio.wait([])
    print("no error yet")
    try:
        await bad
    except ValueError as e:
        print("now:", e)
    await attempt("all", lambda: asyncio.wait([b]))


asyncio.run(main())
