# asyncio.wait, as_completed, wait_for and timeout: what is done and pending,
# in which order results arrive, and what gets cancelled.

import asyncio

async def job(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"  {name} cancelled")
        raise
    if fail:
        raise ValueError(name)
    return name

def names(tasks):
    return sorted(t.get_name() for t in tasks)

async def main():
    loop = asyncio.get_running_loop()

    print("wait ALL_COMPLETED")
    tasks = [asyncio.create_task(job(f"j{i}", d), name=f"j{i}") for i, d in enumerate([3, 1, 2])]
    done, pending = await asyncio.wait(tasks)
    print(" ", names(done), names(pending), loop.time())

    print("wait FIRST_COMPLETED leaves the rest running")
    tasks = [asyncio.create_task(job(f"k{i}", d), name=f"k{i}") for i, d in enumerate([3, 1, 1])]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(" ", names(done), names(pending), loop.time())
    done, pending = await asyncio.wait(pending)
    print(" ", names(done), names(pending), loop.time())

    print("wait FIRST_EXCEPTION")
    tasks = [asyncio.create_task(job("ok", 1), name="ok"),
             asyncio.create_task(job("bad", 2, True), name="bad"),
             asyncio.create_task(job("slow", 5), name="slow")]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(" ", names(done), names(pending), loop.time())
    for t in sorted(done, key=lambda t: t.get_name()):
        print("   ", t.get_name(), repr(t.exception()))
    for t in pending:
        t.cancel()
    await asyncio.sleep(0)

    print("wait with a timeout cancels nothing")
    tasks = [asyncio.create_task(job("short", 1), name="short"),
             asyncio.create_task(job("long", 10), name="long")]
    done, pending = await asyncio.wait(tasks, timeout=2)
    print(" ", names(done), names(pending), loop.time())
    print("  long cancelled?", tasks[1].cancelled())
    tasks[1].cancel()
    await asyncio.sleep(0)

    print("as_completed yields in finishing order")
    coros = [job("third", 3), job("first", 1), job("second", 2)]
    for next_done in asyncio.as_completed(coros):
        print("  got", await next_done, "at", loop.time())

    print("as_completed with a timeout")
    try:
        for next_done in asyncio.as_completed([job("a", 1), job("b", 5)], timeout=2):
            print("  got", await next_done, "at", loop.time())
    except asyncio.TimeoutError:
        print("  TimeoutError at", loop.time())
    await asyncio.sleep(0)

    print("wait_for returns in time, cancels when late")
    print(" ", await asyncio.wait_for(job("quick", 1), timeout=5), loop.time())
    try:
        await asyncio.wait_for(job("late", 5), timeout=1)
    except asyncio.TimeoutError:
        print("  TimeoutError at", loop.time())
    print("  TimeoutError is the builtin:", asyncio.TimeoutError is TimeoutError)

    print("wait_for on a task cancels the task")
    t = asyncio.create_task(job("tasked", 5))
    try:
        await asyncio.wait_for(t, 1)
    except TimeoutError:
        print("  task cancelled:", t.cancelled())

    print("wait_for with timeout None just waits")
    print(" ", await asyncio.wait_for(job("patient", 3), None), loop.time())

    print("asyncio.timeout")
    try:
        async with asyncio.timeout(1.5):
            await job("inside", 1)
            print("  first step done at", loop.time())
            await job("inside2", 1)
    except TimeoutError:
        print("  TimeoutError at", loop.time())
    async with asyncio.timeout(10):
        await job("fits", 1)
    print("  no timeout when it fits, at", loop.time())
    async with asyncio.timeout(None):
        await job("unbounded", 1)
    print("  timeout(None) never fires, at", loop.time())

    print("an exception inside wait_for passes through")
    try:
        await asyncio.wait_for(job("broken", 1, True), 5)
    except ValueError as error:
        print("  ValueError", error, "at", loop.time())

asyncio.run(main())
