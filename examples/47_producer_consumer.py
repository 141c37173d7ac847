# Lesson 47: producers and consumers on a Queue
#
# An asyncio.Queue lets tasks hand work to each other without knowing about
# each other. A producer puts items in; consumers take them out. Both sides
# wait politely when they must:
#   - `await queue.get()` waits while the queue is empty;
#   - `await queue.put(item)` waits while a queue with a maxsize is full,
#     which keeps a fast producer from running far ahead (back-pressure).
# Each consumer calls task_done() when it has finished an item, and
# `await queue.join()` waits until every item put has been marked done.
#
# Consumers loop forever, so at the end nobody returns: we cancel them.
# Cancelling throws CancelledError into the task at its current await (here,
# a get() on the empty queue), which ends the task.

import asyncio
import time

def now():
    return f"{time.monotonic():4.1f}s"

async def bakery(queue, count):
    for n in range(1, count + 1):
        bread = f"loaf-{n}"
        await asyncio.sleep(0.5)             # baking takes a while
        print(f"{now()} baker made {bread}, shelf has {queue.qsize()}"
              f"{' (full, baker waits)' if queue.full() else ''}")
        await queue.put(bread)               # waits while the shelf is full
    print(f"{now()} baker is done")

async def customer(name, queue, eaten):
    try:
        while True:
            bread = await queue.get()        # waits while the shelf is empty
            print(f"{now()}   {name} takes {bread}")
            await asyncio.sleep(2)           # eating is slower than baking
            eaten.append((name, bread))
            queue.task_done()
    except asyncio.CancelledError:
        print(f"{now()}   {name} goes home after {sum(1 for who, _ in eaten if who == name)} loaves")
        raise                                # let the cancellation finish the task

async def main():
    shelf = asyncio.Queue(maxsize=2)
    print(f"{now()} shelf empty: {shelf.empty()}, maxsize {shelf.maxsize}")
    eaten = []
    customers = [asyncio.create_task(customer(name, shelf, eaten), name=name)
                 for name in ["ana", "ben"]]
    await bakery(shelf, 7)
    await shelf.join()                       # every loaf eaten and marked done
    print(f"{now()} all {len(eaten)} loaves eaten, shelf empty: {shelf.empty()}")

    for task in customers:
        task.cancel()
    # gather with return_exceptions collects the CancelledErrors instead of raising.
    outcomes = await asyncio.gather(*customers, return_exceptions=True)
    print("outcomes:", [type(outcome).__name__ for outcome in outcomes])
    print("cancelled:", [task.cancelled() for task in customers])
    print("who ate what:", eaten)

    # The non-waiting versions fail at once instead of waiting.
    tiny = asyncio.Queue(maxsize=1)
    tiny.put_nowait("only")
    try:
        tiny.put_nowait("one more")
    except asyncio.QueueFull:
        print("put_nowait on a full queue: QueueFull")
    print("get_nowait:", tiny.get_nowait())
    try:
        tiny.get_nowait()
    except asyncio.QueueEmpty:
        print("get_nowait on an empty queue: QueueEmpty")

asyncio.run(main())
