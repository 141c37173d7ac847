# Found by tests/fuzz_diff.rs (long run, seed 3523174125, programs 8861 and 11712), shrunk by
# hand. `wait_for(aw, None)` awaited inside a `wait_for` whose timeout strikes while the
# inner coroutine sleeps: CPython cancels the inner coroutine at the outer deadline; peel
# only when the inner sleep ends, half a second later.
# CPython: "inner cancelled at 2.0", "timeout at 2.0"
# peel:    "inner cancelled at 2.5", "timeout at 2.5"
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
