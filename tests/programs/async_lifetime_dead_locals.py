# A coroutine suspended at an `await` keeps its frame, and CPython's frame keeps every
# bound variable until it is rebound, deleted or the frame ends, even one never read
# again. So what such a variable holds ends only then: a failed task's "Task exception
# was never retrieved" and a coroutine's "was never awaited" come at that moment, and
# here in the order of the variables (a frame lets its locals go in order).
# peel: same stderr

import asyncio


async def fail(name):
    raise ValueError(name)


async def idle():
    return 0


async def main():
    kept = asyncio.create_task(fail("kept, read at the end"))
    dead = asyncio.create_task(fail("dead after the first await"))
    never = idle()  # never awaited: the warning comes when main's frame ends
    await asyncio.sleep(0)
    print("both failed:", kept.done(), dead.done())
    await asyncio.sleep(1)
    rebound = asyncio.create_task(fail("rebound"))
    await asyncio.sleep(0)
    rebound = None  # its report comes here, before the next line
    print("rebound let go")
    await asyncio.sleep(1)
    print("main ends", kept.done())


asyncio.run(main())
print("after run")
