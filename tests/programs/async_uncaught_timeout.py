# asyncio.wait_for gives up: the inner coroutine is cancelled (its finally runs)
# and TimeoutError escapes main uncaught.

import asyncio

async def slow():
    try:
        print("slow starts")
        await asyncio.sleep(5)
    finally:
        print("slow finally at", asyncio.get_running_loop().time())

async def main():
    print("fast:", await asyncio.wait_for(asyncio.sleep(1, "in time"), timeout=2))
    await asyncio.wait_for(slow(), timeout=1.5)

asyncio.run(main())
