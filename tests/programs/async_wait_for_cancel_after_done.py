# wait_for, when the task waiting in it is cancelled just after the awaited thing has
# finished: CPython's wait_for catches the CancelledError at `await waiter`, sees that
# the inner future is done, and returns its result (the cancellation is swallowed). If
# the inner future is not done yet, it cancels it, waits for it to really end, and
# re-raises the CancelledError.
import asyncio


async def quick(value):
    await asyncio.sleep(1)
    print("quick finished", value)
    return value


async def slow():
    try:
        await asyncio.sleep(10)
    finally:
        print("slow cleans up at", asyncio.get_running_loop().time())


async def waiter(aw, timeout):
    try:
        result = await asyncio.wait_for(aw, timeout)
        print("waiter got", result)
        return result
    except asyncio.CancelledError as e:
        print("waiter cancelled", e.args)
        raise


async def main():
    loop = asyncio.get_running_loop()

    # The inner task finished at 1.0 and released the waiter; the waiting task's wake-up
    # is scheduled, but the cancel comes first.
    t = asyncio.create_task(waiter(quick("a"), 10))
    await asyncio.sleep(1)
    print("cancelling, cancel() says", t.cancel())
    try:
        print("task returned", await t)
    except asyncio.CancelledError:
        print("task cancelled")
    print("cancelled()", t.cancelled(), "at", loop.time())

    # A plain future completed just before the cancel.
    fut = loop.create_future()
    t = asyncio.create_task(waiter(fut, 10))
    await asyncio.sleep(0)
    fut.set_result("from a future")
    print("cancel() says", t.cancel())
    print("task returned", await t)

    # The inner task has not finished: it is cancelled and awaited, then the
    # CancelledError goes on, with its message.
    t = asyncio.create_task(waiter(slow(), 10))
    await asyncio.sleep(2)
    t.cancel("stop now")
    try:
        await t
    except asyncio.CancelledError as e:
        print("task cancelled with", e.args, "at", loop.time())

    # The inner future fails just before the cancel: its exception comes out.
    async def fails():
        await asyncio.sleep(1)
        raise ValueError("inner failed")

    t = asyncio.create_task(waiter(fails(), 10))
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except ValueError as e:
        print("task raised", repr(e), "context", repr(e.__context__))


asyncio.run(main())
