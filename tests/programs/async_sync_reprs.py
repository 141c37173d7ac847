# What the synchronisation primitives show when printed: their state in brackets
# (the address before it differs from run to run, so only the state is printed here),
# a queue's size and contents, and a Timeout's state and deadline.
import asyncio


def state(obj):
    return "[" + repr(obj).split(" [", 1)[1]


async def hold(lock, seconds):
    async with lock:
        await asyncio.sleep(seconds)


async def main():
    lock, event, sem = asyncio.Lock(), asyncio.Event(), asyncio.Semaphore(2)
    print(state(lock), state(event), state(sem))
    holders = [asyncio.create_task(hold(lock, 1)) for _ in range(3)]
    waiters = [asyncio.create_task(event.wait()) for _ in range(2)]
    sems = [asyncio.create_task(hold(sem, 1)) for _ in range(3)]
    await asyncio.sleep(0)
    print(state(lock), state(event), state(sem))
    event.set()
    await asyncio.gather(*holders, *waiters, *sems)
    print(state(lock), state(event), state(sem))

    q = asyncio.Queue(maxsize=2)
    print(q)
    q.put_nowait("a")
    q.put_nowait([1, 2])
    print(q)
    putter = asyncio.create_task(q.put("c"))
    await asyncio.sleep(0)
    print(q)
    print(q.get_nowait(), q.get_nowait())
    q.task_done()
    await asyncio.sleep(0)
    print(q, q.qsize())
    q2 = asyncio.Queue()
    getter = asyncio.create_task(q2.get())
    await asyncio.sleep(0)
    print(q2)
    q2.put_nowait(1)
    await asyncio.gather(putter, getter)
    print(q2, str(q2) == repr(q2))

    cm = asyncio.timeout(2.12345)
    print(cm)
    async with cm:
        print(cm)
        cm.reschedule(None)
        print(cm)
    print(cm)
    try:
        async with asyncio.timeout(0.5) as late:
            await asyncio.sleep(1)
    except TimeoutError:
        print(late)


asyncio.run(main())
