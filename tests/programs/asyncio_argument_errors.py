# asyncio's functions and classes bind their arguments as the Python code CPython runs
# for them does: each wrong call gets the TypeError a def with that signature gives.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    calls = [
        ("sleep()", lambda: asyncio.sleep()),
        ("sleep(1, 2, 3)", lambda: asyncio.sleep(1, 2, 3)),
        ("sleep(1, delay=2)", lambda: asyncio.sleep(1, delay=2)),
        ("sleep(delay=1, x=2)", lambda: asyncio.sleep(delay=1, x=2)),
        ("as_completed()", lambda: asyncio.as_completed()),
        ("as_completed([], 1)", lambda: asyncio.as_completed([], 1)),
        ("wait()", lambda: asyncio.wait()),
        ("wait([], 1, 2, 3)", lambda: asyncio.wait([], 1, 2, 3)),
        ("gather(x=1)", lambda: asyncio.gather(x=1)),
        ("create_task()", lambda: asyncio.create_task()),
        ("create_task(1, 2)", lambda: asyncio.create_task(1, 2)),
        ("wait_for()", lambda: asyncio.wait_for()),
        ("wait_for(1, 2, 3)", lambda: asyncio.wait_for(1, 2, 3)),
        ("wait_for(timeout=1)", lambda: asyncio.wait_for(timeout=1)),
        ("ensure_future()", lambda: asyncio.ensure_future()),
        ("run()", lambda: asyncio.run()),
        ("timeout()", lambda: asyncio.timeout()),
        ("current_task(1, 2)", lambda: asyncio.current_task(1, 2)),
        ("all_tasks(1, 2)", lambda: asyncio.all_tasks(1, 2)),
        ("get_running_loop(1)", lambda: asyncio.get_running_loop(1)),
        ("Event(1)", lambda: asyncio.Event(1)),
        ("Event(loop=1)", lambda: asyncio.Event(loop=1)),
        ("Lock(1)", lambda: asyncio.Lock(1)),
        ("Queue(1, 2)", lambda: asyncio.Queue(1, 2)),
        ("Queue(1, maxsize=3)", lambda: asyncio.Queue(1, maxsize=3)),
        ("Queue(maxsize=1, x=2)", lambda: asyncio.Queue(maxsize=1, x=2)),
        ("Semaphore(1, 2)", lambda: asyncio.Semaphore(1, 2)),
        ("Future(1)", lambda: asyncio.Future(1)),
        ("loop.call_soon()", lambda: loop.call_soon()),
        ("loop.call_later(1)", lambda: loop.call_later(1)),
        ("loop.create_future(1)", lambda: loop.create_future(1)),
    ]
    for shown, call in calls:
        try:
            made = call()
            print(shown, "->", type(made).__name__)
        except TypeError as e:
            print(shown, "TypeError:", e)


asyncio.run(main())
