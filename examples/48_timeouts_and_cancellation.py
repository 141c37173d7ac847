# Lesson 48: timeouts and cancellation
#
# Sometimes we stop waiting. task.cancel() asks a task to stop: the next time
# the task runs, asyncio throws CancelledError into it at the await where it
# is paused. The error unwinds the task like any exception, so its `finally`
# blocks run and it can clean up. A task may even catch CancelledError, but
# it should re-raise it so the task ends up "cancelled".
#
# Timeouts are built on cancellation:
#   - asyncio.wait_for(aw, seconds) waits at most that long; when the time is
#     up it cancels aw and raises TimeoutError;
#   - `async with asyncio.timeout(seconds):` (new in Python 3.11) puts a
#     deadline on a whole block: when it passes, the block's current await is
#     cancelled, and the cancellation turns into TimeoutError at the block's
#     end.

import asyncio
import time

def now():
    return f"{time.monotonic():4.1f}s"

async def download(name, seconds):
    print(f"{now()} {name}: starts, needs {seconds} s")
    try:
        await asyncio.sleep(seconds)
        print(f"{now()} {name}: finished")
        return f"{name} data"
    except asyncio.CancelledError:
        print(f"{now()} {name}: cancelled while waiting")
        raise
    finally:
        # Runs whether the download finished, failed or was cancelled.
        print(f"{now()} {name}: closes its connection")

async def main():
    print("--- wait_for in time ---")
    print("got", await asyncio.wait_for(download("small", 1), timeout=3))

    print("--- wait_for too slow ---")
    try:
        await asyncio.wait_for(download("huge", 10), timeout=2)
    except asyncio.TimeoutError:
        print(f"{now()} gave up: TimeoutError")

    print("--- asyncio.timeout around a block ---")
    try:
        async with asyncio.timeout(2.5):
            await download("part 1", 1)
            await download("part 2", 1)
            await download("part 3", 1)      # the deadline falls in here
            print("never printed")
    except TimeoutError:
        print(f"{now()} the block ran out of time")

    print("--- cancelling a task by hand ---")
    task = asyncio.create_task(download("video", 60))
    await asyncio.sleep(5)
    print(f"{now()} cancel() returns {task.cancel()}")
    print(f"{now()} right after cancel(): cancelled={task.cancelled()}, done={task.done()}")
    try:
        await task
    except asyncio.CancelledError:
        print(f"{now()} awaiting it raises CancelledError")
    print(f"{now()} now: cancelled={task.cancelled()}, done={task.done()}")
    print(f"{now()} cancelling a finished task returns {task.cancel()}")

    print("--- a task that refuses to be cancelled ---")
    async def stubborn():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print(f"{now()} stubborn: swallows the cancellation")
        await asyncio.sleep(1)
        return "finished anyway"
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    task.cancel()
    result = await task
    print(f"{now()} result: {result!r}, cancelled={task.cancelled()}")

    print("--- cancelling before it ever ran ---")
    task = asyncio.create_task(download("never", 1))
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        # The body never started, so not even its finally ran.
        print(f"{now()} cancelled before its first step: {task.cancelled()}")

asyncio.run(main())
