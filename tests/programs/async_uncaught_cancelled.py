# Awaiting a cancelled task without catching CancelledError: the main coroutine
# ends with CancelledError, and asyncio.run raises it (a BaseException, so
# `except Exception` does not stop it).

import asyncio

async def worker():
    try:
        await asyncio.sleep(10)
    finally:
        print("worker finally")

async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except Exception:
        print("not reached: CancelledError is not an Exception")
    print("not reached either")

asyncio.run(main())
