# A future's repr shows its result; when that leads back to the future itself,
# Python prints "..." there instead of going round forever.
import asyncio


async def own_task():
    return asyncio.current_task()


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.set_result(fut)
    print(fut)
    boxed = loop.create_future()
    boxed.set_result([boxed, 1])
    print(boxed)
    task = asyncio.create_task(own_task(), name="selfish")
    await task
    print(task.result() is task, repr(task).count("..."))


asyncio.run(main())
