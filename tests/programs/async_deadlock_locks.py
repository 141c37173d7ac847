# Two workers take two locks in opposite orders and wait for each other forever: CPython
# would hang. peel reports the deadlock on stderr, then cancels every waiting task (as the
# oracle's runner does to CPython's), so the `async with` blocks release their locks and
# the `finally` blocks run; the run then stops with exit status 3. The line after
# asyncio.run is never reached.
# peel: same stderr
import asyncio


async def worker(name, first, second):
    try:
        async with first:
            print(name, "holds its first lock")
            await asyncio.sleep(1)
            async with second:
                print(name, "holds both (never printed)")
    except asyncio.CancelledError:
        print(name, "cancelled at", asyncio.get_running_loop().time())
        raise
    finally:
        print(name, "finally: first lock held?", first.locked())


async def main():
    a, b = asyncio.Lock(), asyncio.Lock()
    try:
        await asyncio.gather(worker("left", a, b), worker("right", b, a))
    finally:
        print("main finally: locks held?", a.locked(), b.locked())


asyncio.run(main())
print("not reached")
