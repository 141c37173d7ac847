# Lock, Event, Semaphore and Queue: who gets woken, in which order, and when.
# Waiters are served FIFO; waking a waiter schedules it, it does not run it
# inline; `async with` releases on exceptions.

import asyncio

async def main():
    loop = asyncio.get_running_loop()

    print("Lock: FIFO hand-over")
    lock = asyncio.Lock()
    async def holder(name, hold):
        async with lock:
            print(f"  {name} acquired at {loop.time()}")
            await asyncio.sleep(hold)
        print(f"  {name} released")
    await asyncio.gather(holder("a", 1), holder("b", 0), holder("c", 2), holder("d", 1))
    print("  locked:", lock.locked(), "at", loop.time())

    print("Lock: acquire without contention does not yield")
    order = []
    async def other():
        order.append("other")
    t = asyncio.create_task(other())
    async with lock:
        order.append("main in lock")
    await t
    print(" ", order)

    print("Lock: release of an unlocked lock")
    try:
        lock.release()
    except RuntimeError as error:
        print("  RuntimeError:", error)

    print("Event: all waiters wake, in the order they waited")
    event = asyncio.Event()
    async def waiter(name):
        print(f"  {name} waits, is_set={event.is_set()}")
        result = await event.wait()
        print(f"  {name} woke with {result} at {loop.time()}")
    tasks = [asyncio.create_task(waiter(n)) for n in ["w1", "w2", "w3"]]
    await asyncio.sleep(1)
    event.set()
    print("  set() returned; waiters not run yet")
    await asyncio.gather(*tasks)
    print("  wait on a set event returns at once:", await event.wait())
    event.clear()
    print("  after clear:", event.is_set())

    print("Semaphore(2): at most two inside")
    sem = asyncio.Semaphore(2)
    inside = []
    async def worker(name, cost):
        async with sem:
            inside.append(name)
            print(f"  {loop.time()} {name} enters, inside={inside}")
            await asyncio.sleep(cost)
            inside.remove(name)
        print(f"  {loop.time()} {name} leaves")
    await asyncio.gather(worker("p", 2), worker("q", 1), worker("r", 1), worker("s", 1))
    print("  locked:", sem.locked())

    print("Semaphore releases on exception")
    try:
        async with sem:
            raise ValueError("inside")
    except ValueError:
        print("  after error, locked:", sem.locked())

    print("Queue: FIFO items, getters served in order")
    queue = asyncio.Queue()
    async def getter(name):
        item = await queue.get()
        print(f"  {name} got {item}")
        queue.task_done()
    getters = [asyncio.create_task(getter(f"g{i}")) for i in range(3)]
    await asyncio.sleep(0)
    for item in ["x", "y", "z"]:
        queue.put_nowait(item)
        print(f"  put {item}, qsize={queue.qsize()}")
    await queue.join()
    print("  joined, empty:", queue.empty())
    await asyncio.gather(*getters)

    print("Queue(maxsize=1): a blocked putter resumes after a get")
    small = asyncio.Queue(maxsize=1)
    async def putter():
        for n in range(3):
            await small.put(n)
            print(f"  {loop.time()} put {n}, full={small.full()}")
    p = asyncio.create_task(putter())
    for _ in range(3):
        await asyncio.sleep(1)
        print(f"  {loop.time()} get {small.get_nowait()}")
    await p
    print("  qsize:", small.qsize())

    print("Queue.join waits for task_done, not for get")
    q = asyncio.Queue()
    q.put_nowait("job")
    async def slow_worker():
        item = await q.get()
        await asyncio.sleep(2)
        print(f"  {loop.time()} finished {item}")
        q.task_done()
    asyncio.create_task(slow_worker())
    await q.join()
    print(f"  {loop.time()} join returned")
    try:
        q.task_done()
    except ValueError as error:
        print("  ValueError:", error)

asyncio.run(main())
