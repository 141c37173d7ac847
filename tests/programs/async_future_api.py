# Futures made directly, the classes as isinstance checks, and callbacks scheduled on
# the loop with call_soon / call_later: their order against tasks and sleeps.
import asyncio
import time

log = []


def note(what, *args):
    log.append((round(time.monotonic(), 2), what) + args)


async def waiter(fut, name):
    note("waiting", name)
    value = await fut
    note("got", name, value)
    return value


async def main():
    loop = asyncio.get_running_loop()
    fut = asyncio.Future()
    print("new future done?", fut.done(), isinstance(fut, asyncio.Future))
    task = asyncio.create_task(waiter(fut, "w1"))
    print("task is a Task and a Future:", isinstance(task, asyncio.Task),
          isinstance(task, asyncio.Future), isinstance(fut, asyncio.Task))
    loop.call_soon(note, "call_soon 1")
    loop.call_later(0.5, note, "call_later 0.5")
    loop.call_later(0.5, fut.set_result, "payload")
    loop.call_soon(note, "call_soon 2")
    note("main sleeps")
    await asyncio.sleep(1)
    print("task result:", task.result())
    for entry in log:
        print(entry)
    lock = asyncio.Lock()
    event = asyncio.Event()
    queue = asyncio.Queue(3)
    print(type(lock).__name__, type(event).__name__, type(queue).__name__, queue.maxsize)
    print(isinstance(lock, asyncio.Lock), lock.locked(), event.is_set(), queue.empty())


asyncio.run(main())
