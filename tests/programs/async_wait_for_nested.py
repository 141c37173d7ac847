# Nested wait_for calls whose timeouts fall due at the same moment, beside other tasks:
# each level's timer, its cancellation of the level below and its wait for that level to
# end take as many turns of the loop as CPython's wait_for takes, so the levels unwind in
# CPython's order.
import asyncio


async def leaf(name):
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(name, "leaf cancelled")
        raise
    finally:
        print(name, "leaf finally")


async def level(name, depth):
    try:
        if depth == 0:
            return await leaf(name)
        return await asyncio.wait_for(level(name, depth - 1), 1)
    except BaseException as e:
        print(name, "level", depth, type(e).__name__)
        raise


async def ticker():
    for i in range(6):
        print("tick", i)
        await asyncio.sleep(0)


async def run(name, depth):
    try:
        await asyncio.wait_for(level(name, depth), 1)
    except asyncio.TimeoutError as e:
        print(name, "timed out, cause", type(e.__cause__).__name__)


async def main():
    await asyncio.gather(run("A", 2), run("B", 1), ticker())
    print("at", asyncio.get_running_loop().time())
    # Two waits on one task, the outer with the shorter timeout.
    inner = asyncio.create_task(leaf("C"))
    try:
        await asyncio.wait_for(asyncio.wait_for(inner, 3), 2)
    except asyncio.TimeoutError:
        print("C timed out at", asyncio.get_running_loop().time(), inner.cancelled())


asyncio.run(main())
