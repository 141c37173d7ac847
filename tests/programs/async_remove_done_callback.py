# Future.remove_done_callback removes every registration of a callback and says
# how many it removed; the others still run, in order.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(print)
    fut.add_done_callback(repr)
    fut.add_done_callback(print)
    print(fut.remove_done_callback(print))
    print(fut.remove_done_callback(print))
    print(fut.remove_done_callback(repr))
    fut.add_done_callback(print)
    fut.set_result("done")
    await asyncio.sleep(0)

    task = asyncio.create_task(asyncio.sleep(0))
    task.add_done_callback(print)
    print(task.remove_done_callback(print))
    await task


asyncio.run(main())
