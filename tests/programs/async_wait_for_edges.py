# wait_for's corner cases, as CPython 3.11's tasks.py has them: a timeout of zero or
# less, None, a wrong type; an inner task that ignores its cancellation; a wait_for that
# is created and only awaited later (it does nothing until then: it is a coroutine).
# peel: same stderr
import asyncio


async def job(name, delay=1):
    print(name, "starts")
    await asyncio.sleep(delay)
    print(name, "ends")
    return name


async def stubborn(name):
    # Swallows the first cancellation and returns a value instead.
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(name, "ignores the cancellation")
        await asyncio.sleep(1)
        return name + " anyway"


async def try_wait(label, aw, timeout):
    loop = asyncio.get_running_loop()
    try:
        print(label, "->", repr(await asyncio.wait_for(aw, timeout)), "at", loop.time())
    except asyncio.TimeoutError as e:
        print(label, "-> TimeoutError at", loop.time(), "cause", type(e.__cause__).__name__)
    except Exception as e:
        print(label, "->", type(e).__name__, e)


async def main():
    loop = asyncio.get_running_loop()
    await try_wait("zero", job("z"), 0)
    await try_wait("negative", job("n"), -1)
    done = loop.create_future()
    done.set_result(42)
    await try_wait("zero, already done", done, 0)
    await try_wait("none", job("none"), None)
    await try_wait("stubborn", stubborn("s"), 1)
    await try_wait("stubborn, zero", stubborn("s0"), 0)
    await try_wait("bad timeout", job("bad"), "soon")
    await try_wait("not awaitable", 5, 1)
    await try_wait("not awaitable, none", 5, None)
    await try_wait("fails", asyncio.sleep("x"), 1)
    # Created now, started only when awaited: no task runs before that.
    w = asyncio.wait_for(job("late"), 2)
    print("created; tasks:", len(asyncio.all_tasks()))
    await asyncio.sleep(1)
    print("awaiting at", loop.time())
    print(await w, "at", loop.time())
    # A wait_for of a future that the timeout cancels.
    fut = loop.create_future()
    await try_wait("future", fut, 1)
    print("future cancelled:", fut.cancelled())
    # The result arrives exactly at the deadline: the timer was set first, so it fires
    # first, and wait_for still finds the inner future done.
    await try_wait("photo finish", job("p", 2), 2)


asyncio.run(main())
