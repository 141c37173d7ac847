# Where CPython says a forgotten coroutine went: at the line running when it was freed
# (the statement, the call that returned holding it, the `await` whose coroutine
# finished holding it), in the event loop's own `Handle._run` (asyncio/events.py) when a
# task's coroutine ends holding one, and at `sys:1` when the interpreter clears the
# module's globals at exit, with no source line and no tracemalloc hint. Each place
# warns once per coroutine name.
# peel: same stderr
import asyncio


async def forgotten():
    pass


def returns_after_making_one():
    c = forgotten()
    return "made one"


def takes(c):
    return "took one"


async def holds_one_then_returns():
    c = forgotten()
    await asyncio.sleep(0)


async def task_body():
    c = forgotten()
    await asyncio.sleep(0)


async def main():
    print(returns_after_making_one())
    print(takes(forgotten()))
    await holds_one_then_returns()
    print("after the await")
    x = await holds_one_then_returns()
    await asyncio.create_task(task_body())
    await asyncio.create_task(task_body())
    x = forgotten()
    x = None
    if takes(forgotten()):
        print("in the branch")
    return takes(
        forgotten()
    )


kept = forgotten()
also_kept = forgotten()
_private = asyncio.sleep(1)
print(asyncio.run(main()))
print("end")
