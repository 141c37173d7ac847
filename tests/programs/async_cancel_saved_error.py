# A task whose coroutine ends in CancelledError keeps that very exception: the first
# one to look (await, result(), exception()) gets it, message and all; later looks
# get a new CancelledError without the message, as CPython's futures do.
import asyncio


async def sleeper():
    await asyncio.sleep(5)


async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        raise asyncio.CancelledError("my own words")


async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel("stop")
    for _ in range(3):
        try:
            await t
        except asyncio.CancelledError as e:
            print("await:", repr(e))
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result:", repr(e))

    u = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    u.cancel()
    await asyncio.sleep(0)
    for look in ("exception", "result"):
        try:
            getattr(u, look)()
        except asyncio.CancelledError as e:
            print(look + ":", repr(e))

    # gather(return_exceptions=True) words a cancelled child from its message, which
    # a cancellation that came out of the coroutine does not have.
    v = asyncio.create_task(sleeper())
    w = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    v.cancel("bye")
    print(await asyncio.gather(v, return_exceptions=True))
    f = asyncio.get_running_loop().create_future()
    f.cancel("plain future")
    print(await asyncio.gather(f, return_exceptions=True))
    w.cancel("again")
    try:
        await asyncio.gather(w)
    except asyncio.CancelledError as e:
        print("gather:", repr(e))


asyncio.run(main())
