# A task that awaits asyncio.sleep waits without a future until something asks for
# one (peel's SleepPhase::Parked). Each case below asks in a different way, and each
# must see exactly what CPython's sleep future would show.
import asyncio
import types


async def nap(label, delay, result=None):
    try:
        got = await asyncio.sleep(delay, result)
        print(label, "woke with", got, "at", asyncio.get_running_loop().time())
        return got
    finally:
        print(label, "leaves its finally at", asyncio.get_running_loop().time())


def show(task):
    # A task's repr without `coro=<nap() running at FILE:LINE>` (the printed stages of
    # this program run it from another file, with other line numbers).
    r = repr(task)
    start = r.index(" coro=")
    end = r.find(" wait_for=", start)
    print(r[:start], r[end:] if end >= 0 else ">")


@types.coroutine
def by_generator(delay):
    got = yield from asyncio.sleep(delay).__await__()
    return got


async def hand_driven():
    # Driving a coroutine by hand inside a running loop: the sleep's future comes out.
    c = nap("hand", 2)
    fut = c.send(None)
    print("send gave", type(fut).__name__, fut)
    try:
        # It was yielded to be blocked on, and nobody took it: C asyncio refuses it.
        await fut
    except RuntimeError as e:
        print("awaiting it:", e)
    await asyncio.sleep(3)
    print("future done:", fut)
    try:
        c.send(None)
    except StopIteration as stop:
        print("stopped with", stop.value)


async def next_driven():
    # A generator-based coroutine resumed by next() and by a for loop.
    g = by_generator(1)
    fut = next(g)
    print("next gave", fut)
    await asyncio.sleep(2)
    try:
        next(g)
    except StopIteration as stop:
        print("generator returned", stop.value)
    for item in by_generator(1):
        print("for got", item)
        try:
            await item
        except Exception as e:
            print("awaiting it:", type(e).__name__, e)
        break


async def cancelled_while_parked():
    t = asyncio.create_task(nap("parked", 5))
    await asyncio.sleep(0)
    show(t)
    t.cancel("enough")
    show(t)
    try:
        await t
    except asyncio.CancelledError as e:
        print("cancelled:", e.args, t.cancelled())


async def cancelled_after_the_timer():
    # The timer has fired (the step is scheduled) when the cancel comes: too late for
    # the future, so the step itself throws CancelledError.
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(nap("rang", 1, "r"))
    await asyncio.sleep(0)
    loop.call_later(1, t.cancel)
    try:
        print("rang returned", await t)
    except asyncio.CancelledError:
        print("rang cancelled:", t.cancelled())


async def future_holds_the_sleeps_result():
    # CPython's sleep completes its future with the sleep's result: a task's repr shows
    # it between the timer and the task's step.
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(nap("result", 1, "R"))
    await asyncio.sleep(0)
    loop.call_later(1, lambda: show(t))
    print("result returned", await t)


async def resumed_behind_the_tasks_back():
    t = asyncio.create_task(nap("stolen", 3))
    await asyncio.sleep(0)
    try:
        t.get_coro().send(None)
    except RuntimeError as e:
        print("stolen send:", e)
    show(t)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("stolen task cancelled:", t.cancelled())


async def stolen_after_the_timer():
    # The first sleep's timer has fired and the task's step is queued when the coroutine
    # is driven by hand: the task still waits on the first sleep's (finished) future, so
    # cancel() cannot cancel that and the step throws instead; the second sleep's future
    # belongs to whoever drove the coroutine.
    async def two_naps():
        await asyncio.sleep(1)
        await asyncio.sleep(5)

    t = asyncio.create_task(two_naps())
    await asyncio.sleep(0)

    def steal():
        f = t.get_coro().send(None)
        show(t)
        print("cancel:", t.cancel(), "its future cancelled:", f.cancelled())

    asyncio.get_running_loop().call_later(1, steal)
    try:
        await t
    except asyncio.CancelledError:
        print("two naps cancelled at", asyncio.get_running_loop().time())
    u = asyncio.create_task(two_naps())
    await asyncio.sleep(0)

    def close_it():
        u.get_coro().close()
        print("closed; waits on a future:", "wait_for=" in repr(u))

    asyncio.get_running_loop().call_later(1, close_it)
    try:
        await u
    except Exception as e:
        print("closed task:", type(e).__name__, e)


async def shared_sleep():
    s = asyncio.sleep(1)
    await s
    try:
        await s
    except RuntimeError as e:
        print("again:", e)


async def timeouts():
    try:
        await asyncio.wait_for(nap("slow", 10), 2)
    except asyncio.TimeoutError:
        print("timed out at", asyncio.get_running_loop().time())
    results = await asyncio.gather(nap("a", 1, "A"), nap("b", 1, "B"), nap("c", 0.5, "C"))
    print(results)
    g = asyncio.gather(nap("x", 3), nap("y", 4))
    await asyncio.sleep(1)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled at", asyncio.get_running_loop().time())


async def main():
    await hand_driven()
    await next_driven()
    await cancelled_while_parked()
    await cancelled_after_the_timer()
    await future_holds_the_sleeps_result()
    await resumed_behind_the_tasks_back()
    await stolen_after_the_timer()
    await shared_sleep()
    await timeouts()
    t = asyncio.create_task(nap("left", 100))
    await asyncio.sleep(0)
    print("main ends with")
    show(t)


asyncio.run(main())
