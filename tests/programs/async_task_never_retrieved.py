# A task fails and nobody ever looks at its exception: the program ends
# normally (status 0), and CPython reports "Task exception was never retrieved"
# on stderr when the task is destroyed.
# peel: same stderr

import asyncio

async def forgotten():
    await asyncio.sleep(1)
    raise ValueError("nobody saw this")

async def main():
    asyncio.create_task(forgotten(), name="forgotten-task")
    await asyncio.sleep(2)
    print("main finishes without looking at the task")

asyncio.run(main())
print("after asyncio.run")
