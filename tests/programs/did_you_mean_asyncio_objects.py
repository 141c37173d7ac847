# asyncio's own objects get "Did you mean" too: the closest of the methods and
# attributes the object has.
import asyncio


async def main():
    queue = asyncio.Queue(maxsize=2)
    queue.put_nowait("first")
    print(queue.qsize(), "of", queue.maxsize)
    queue.put_nowiat("second")


asyncio.run(main())
