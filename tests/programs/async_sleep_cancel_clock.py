# A cancelled sleep leaves no timer behind: the loop does not wait for its deadline.
# A sleep that finished returns its result; wait_for's timeout cancels the sleep inside.
import asyncio


async def long_nap():
    try:
        await asyncio.sleep(10)
    finally:
        print("nap interrupted at", asyncio.get_running_loop().time() - start)


async def with_result():
    return await asyncio.sleep(0.5, result="slept")


async def main():
    global start
    start = asyncio.get_running_loop().time()
    t = asyncio.create_task(long_nap())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled", t.cancelled())
    print(await with_result())
    try:
        await asyncio.wait_for(asyncio.sleep(5, result="late"), timeout=0.25)
    except asyncio.TimeoutError:
        print("timed out at", asyncio.get_running_loop().time() - start)
    coro = asyncio.sleep(3)
    task = asyncio.create_task(coro)
    await asyncio.sleep(0)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    print("end at", asyncio.get_running_loop().time() - start)


asyncio.run(main())
