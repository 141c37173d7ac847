# as_completed is a generator: it makes each _wait_for_one() coroutine only when asked
# for the next one, so a loop left early leaves none behind "never awaited".
import asyncio


async def work(n):
    await asyncio.sleep(n)
    return n


async def main():
    tasks = [asyncio.create_task(work(i)) for i in (0, 1, 2)]
    try:
        for next_done in asyncio.as_completed(tasks, timeout=0):
            print(await next_done)
    except asyncio.TimeoutError:
        print("timed out at once")
    for next_done in asyncio.as_completed(tasks, timeout=1.5):
        try:
            print("done:", await next_done)
        except asyncio.TimeoutError:
            print("timed out at", asyncio.get_running_loop().time())
    # (as_completed puts its futures in a set: with more than one already done, the
    # order they come out in depends on addresses in CPython.)
    for next_done in asyncio.as_completed(tasks[1:]):
        print("first of the rest:", await next_done)
        break


asyncio.run(main())
