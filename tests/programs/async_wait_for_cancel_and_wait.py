# wait_for waiting for its inner task to end after cancelling it (CPython's
# `_cancel_and_wait`), while the task waiting in wait_for is cancelled again: the new
# CancelledError goes straight on (the inner task keeps running), the timer is cancelled,
# and the inner task's done callback is removed.
import asyncio


async def stubborn(name, grace):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(name, "cancelled; finishing in", grace)
        await asyncio.sleep(grace)
        print(name, "finished its clean-up at", asyncio.get_running_loop().time())
        return name + " result"


async def waiting(label, inner, timeout):
    try:
        print(label, "got", await asyncio.wait_for(inner, timeout))
    except asyncio.TimeoutError:
        print(label, "timed out at", asyncio.get_running_loop().time())
    except asyncio.CancelledError as e:
        print(label, "cancelled at", asyncio.get_running_loop().time(), e.args)
        raise


async def main():
    loop = asyncio.get_running_loop()
    # The timeout passes at 1; the inner task then takes 2 more seconds to end, and the
    # waiting task is cancelled at 2, in the middle of that.
    inner = asyncio.create_task(stubborn("timed", 2))
    t = asyncio.create_task(waiting("timed", inner, 1))
    await asyncio.sleep(2)
    t.cancel("again")
    try:
        await t
    except asyncio.CancelledError:
        print("the waiting task is cancelled:", t.cancelled(), "inner done:", inner.done())
    print("inner ends on its own:", await inner, "at", loop.time())

    # Cancelled while waiting (no timeout yet), then cancelled again while wait_for
    # waits for the inner task to end.
    inner = asyncio.create_task(stubborn("twice", 3))
    t = asyncio.create_task(waiting("twice", inner, 100))
    await asyncio.sleep(1)
    t.cancel("first")
    await asyncio.sleep(1)
    t.cancel("second")
    try:
        await t
    except asyncio.CancelledError as e:
        print("cancelled with", e.args, "context", repr(e.__context__))
    print("inner ends on its own:", await inner, "at", loop.time())


asyncio.run(main())
