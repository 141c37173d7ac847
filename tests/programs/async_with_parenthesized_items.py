# `async with (a, b):` is two context managers since Python 3.9, not one tuple: both are
# entered in order and left in reverse order.
import asyncio


async def main():
    first = asyncio.Lock()
    second = asyncio.Lock()
    async with (first, second):
        print("inside", first.locked(), second.locked())
    print("after", first.locked(), second.locked())
    async with (first,):
        print("one item", first.locked())


asyncio.run(main())
