# The coroutines peel implements natively warn like CPython's when one is dropped without
# ever having run, each under the name CPython gives it (asyncio.sleep, wait_for, wait,
# the methods of locks, semaphores, events, queues and timeouts, as_completed's pieces),
# and show that name in their repr. One that was closed or thrown into has started: it
# says nothing. A bad delay is found only when the sleep runs.
# peel: same stderr
import asyncio


async def job():
    return "job"


def name_of(coro):
    shown = repr(coro).split(" at ")[0]
    coro.close()
    return shown


async def main():
    lock = asyncio.Lock()
    sem = asyncio.Semaphore(2)
    event = asyncio.Event()
    queue = asyncio.Queue()
    asyncio.sleep(1)
    asyncio.sleep(0)
    asyncio.sleep("soon")
    lock.acquire()
    lock.__aenter__()
    lock.__aexit__(None, None, None)
    sem.acquire()
    sem.__aenter__()
    event.wait()
    queue.get()
    queue.put(1)
    queue.join()
    asyncio.wait_for(job(), 1)
    asyncio.wait_for(asyncio.sleep(1), None)
    task = asyncio.ensure_future(job())
    asyncio.wait([task])
    timeout = asyncio.timeout(1)
    timeout.__aenter__()
    timeout.__aexit__(None, None, None)
    # A piece of as_completed held until main() ends: it goes as main's coroutine
    # returns to the event loop.
    pieces = asyncio.as_completed([task])
    piece = next(pieces)
    print(await task)
    for coro in [asyncio.sleep(1), lock.acquire(), queue.get(), asyncio.wait_for(job(), 2)]:
        print(name_of(coro))
    started = asyncio.sleep(5)
    try:
        started.throw(ValueError("thrown in"))
    except ValueError as e:
        print("thrown:", e)
    started = None
    try:
        await asyncio.sleep("soon")
    except TypeError as e:
        print("TypeError:", e)
    print("done with a", type(piece).__name__)


asyncio.run(main())
