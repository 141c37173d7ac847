# The main task itself raises SystemExit: it leaves the event loop, asyncio.run closes the
# loop (its shutdown runs `_run_until_complete_cb`, still queued, which looks at the
# task's exception), and the exit goes on to the program, which may catch it and run the
# loop again. No task reports an exception nobody retrieved.
# peel: same stderr
import asyncio


async def stopper(code):
    print("stopping with", code)
    raise SystemExit(code)


async def numbered():
    print("this task is", asyncio.current_task().get_name())


try:
    asyncio.run(stopper(5))
except SystemExit as e:
    print("caught SystemExit", e.code)
asyncio.run(numbered())
asyncio.run(stopper(7))
