# A coroutine called and dropped without an await, three times at the same line and
# once at another: Python's warnings module shows the warning once per place.
# peel: same stderr
import asyncio


async def ping(i):
    print("ping", i)


async def main():
    for i in range(3):
        ping(i)
    ping(99)
    await ping(4)


asyncio.run(main())
