# What print() shows of running tasks and of asyncio's own callbacks, and what the
# loop reports on stderr when a callback raises: CPython names its own functions
# with the file and line that define them (peel learns those places when built).
# peel: same stderr
import asyncio


async def job(n):
    await asyncio.sleep(n)
    return n


async def show_all():
    for t in sorted(asyncio.all_tasks(), key=lambda t: t.get_name()):
        print(t)


async def helper():
    await asyncio.sleep(0)
    print(
        "helper sees",
        asyncio.current_task(),
    )
    await show_all()
    return 5


def from_plain_function():
    print("plain", asyncio.current_task())


def bad(x):
    raise ValueError(x)


def chained():
    try:
        {}["key"]
    except KeyError:
        raise RuntimeError("while handling")


async def main():
    print(asyncio.current_task())
    h = asyncio.create_task(helper(), name="h")
    print(await helper())
    from_plain_function()
    print(await h)

    a = asyncio.create_task(job(1))
    b = asyncio.create_task(job(2))
    g = asyncio.gather(a, b)
    c = asyncio.create_task(job(3))
    w = asyncio.create_task(asyncio.wait([c], timeout=5))
    d = asyncio.create_task(job(3))
    f = asyncio.create_task(asyncio.wait_for(d, 5))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    for t in (a, c, d):
        print(t)
    e = asyncio.create_task(job(4))
    for first in asyncio.as_completed([e]):
        await asyncio.sleep(0)
        print(e)
        print(await first)
    print(await g, await w, await f)

    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_soon(bad, 1)
    loop.call_soon(int, "x")
    loop.call_soon(chained)
    loop.call_later(0.5, bad, "late")
    fut.add_done_callback(bad)
    fut.set_result(3)
    loop.call_soon(fut.set_result, 4)
    await asyncio.sleep(1)
    print("done")


asyncio.run(main())
