# Asking a task for its result before it has finished raises InvalidStateError;
# uncaught, its traceback's last line names the class by its full module path.

import asyncio

async def slow():
    await asyncio.sleep(1)
    return "late"

async def main():
    task = asyncio.create_task(slow())
    print("done?", task.done())
    print("result:", task.result())

asyncio.run(main())
