# asyncio.gather: results in argument order whatever the finishing order,
# return_exceptions, the first error propagating while the others keep running,
# nested gathers, the same awaitable passed twice, and cancelling a gather.

import asyncio

async def work(name, delay, fail=False):
    print(f"  {name} starts")
    await asyncio.sleep(delay)
    if fail:
        print(f"  {name} fails")
        raise ValueError(f"{name} broke")
    print(f"  {name} ends")
    return name.upper()

async def main():
    loop = asyncio.get_running_loop()
    print("results keep argument order:")
    print(await asyncio.gather(work("slow", 3), work("fast", 1), work("mid", 2)))
    print("at", loop.time())

    print("empty gather:", await asyncio.gather())

    print("return_exceptions=True:")
    results = await asyncio.gather(work("ok", 1), work("bad", 2, True), work("late", 3),
                                   return_exceptions=True)
    print([f"{type(r).__name__}: {r}" if isinstance(r, Exception) else r for r in results])
    print("at", loop.time())

    print("first error propagates, the others keep running:")
    late = asyncio.create_task(work("survivor", 5))
    try:
        await asyncio.gather(work("quick", 1), work("boom", 2, True), late,
                             work("boom2", 3, True))
    except ValueError as error:
        print("caught:", error, "at", loop.time())
    print("survivor done?", late.done(), "cancelled?", late.cancelled())
    await asyncio.sleep(4)
    print("after waiting: survivor done?", late.done(), "result", late.result())

    print("nested gathers:")
    inner1 = asyncio.gather(work("i1", 1), work("i2", 2))
    inner2 = asyncio.gather(work("j1", 2), work("j2", 1))
    print(await asyncio.gather(inner1, inner2, work("k", 1)))

    print("the same coroutine object twice:")
    coro = work("twice", 1)
    print(await asyncio.gather(coro, coro))

    print("the same task twice:")
    task = asyncio.create_task(work("shared", 1))
    print(await asyncio.gather(task, task, task))

    print("gather of plain sleeps with results:")
    print(await asyncio.gather(asyncio.sleep(2, "two"), asyncio.sleep(1, "one")))

    print("cancelling the gather cancels its children:")
    children = [asyncio.create_task(work(f"c{i}", 10)) for i in range(3)]
    group = asyncio.gather(*children)
    await asyncio.sleep(1)
    print("cancel() ->", group.cancel())
    try:
        await group
    except asyncio.CancelledError:
        print("gather raised CancelledError")
    print("children cancelled:", [c.cancelled() for c in children])

    print("a child cancelled on its own, return_exceptions=True:")
    a = asyncio.create_task(work("a", 1))
    b = asyncio.create_task(work("b", 2))
    group = asyncio.gather(a, b, return_exceptions=True)
    await asyncio.sleep(0)
    b.cancel()
    results = await group
    print([type(r).__name__ if isinstance(r, BaseException) else r for r in results])

    print("a child cancelled on its own, without return_exceptions:")
    a = asyncio.create_task(work("a2", 1))
    b = asyncio.create_task(work("b2", 2))
    group = asyncio.gather(a, b)
    await asyncio.sleep(0)
    b.cancel()
    try:
        await group
    except asyncio.CancelledError:
        print("gather raised CancelledError at once; a2 done?", a.done())
    print("a2 still finishes:", await a)

    print("exception from a child that fails at once:")
    async def instant():
        raise KeyError("now")
    try:
        await asyncio.gather(instant(), work("other", 1))
    except KeyError as error:
        print("caught KeyError", error, "at", loop.time())
    await asyncio.sleep(2)
    print("end at", loop.time())

asyncio.run(main())
