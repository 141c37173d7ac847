# Found by tests/fuzz_diff.rs (seed 3523174125, program 409), shrunk by hand.
# A task whose exception is never retrieved is still referenced by main's frame, which the
# uncaught exception's traceback keeps alive until the interpreter ends: the task is
# reported after the traceback, so stderr's last line is the task's exception.
import asyncio


async def boom(n):
    raise ZeroDivisionError(n)


async def main():
    t = asyncio.create_task(boom(2))
    await asyncio.sleep(0)
    await boom(0)


asyncio.run(main())
