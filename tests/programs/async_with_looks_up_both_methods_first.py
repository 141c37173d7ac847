# `async with m:` looks up both of m's methods on its type before calling either, and an
# object without them is a TypeError in CPython's words (not an AttributeError).
import asyncio


async def main():
    lock = asyncio.Lock()
    async with lock:
        print("inside", lock.locked())
    print("after", lock.locked())
    for bad in (1, "s", None, [lock]):
        try:
            async with bad as b:
                print("never", b)
        except TypeError as e:
            print(type(e).__name__, e)
    try:
        async with lock:
            raise ValueError("inside")
    except ValueError as e:
        print("raised", e, lock.locked())
    async with lock, asyncio.timeout(5) as t:
        print("two managers", lock.locked(), t is not None)
    print("done", lock.locked())


asyncio.run(main())
