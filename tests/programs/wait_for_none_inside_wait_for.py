# wait_for(aw, None) is 'return await aw': a task cancelled while it waits there (an outer
# wait_for's timeout) reaches the sleep inside aw at once, at the outer deadline.
# (Found by tests/fuzz_diff.rs, long run, seed 3523174125, programs 8861 and 11712.)
import asyncio


async def inner():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(1)
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("inner cancelled at", loop.time())
        raise


async def outer():
    await asyncio.sleep(0.5)
    await asyncio.sleep(1)
    await asyncio.wait_for(inner(), timeout=None)


async def main():
    try:
        await asyncio.wait_for(outer(), timeout=2)
    except asyncio.TimeoutError:
        print("timeout at", asyncio.get_running_loop().time())


asyncio.run(main())
