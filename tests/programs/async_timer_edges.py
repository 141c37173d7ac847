# Timers that are due within the clock's resolution run in the same turn, a
# timeout whose deadline has passed fires on the next turn, a Timeout is checked
# for misuse, and as_completed() does nothing until it is iterated.
import asyncio


async def stepper(log):
    for _ in range(3):
        await asyncio.sleep(0.1)
    log.append(("stepper", asyncio.get_running_loop().time()))


async def listener(log):
    await asyncio.sleep(0.3)
    log.append(("listener", asyncio.get_running_loop().time()))


async def job(name):
    print("job", name, "started")
    await asyncio.sleep(1)
    return name


async def main():
    log = []
    await asyncio.gather(stepper(log), listener(log))
    print(log)

    for delay in (0, -1):
        try:
            async with asyncio.timeout(delay):
                await asyncio.sleep(0)
                print("body finished", delay)
        except TimeoutError:
            print("timed out at once", delay)

    cm = asyncio.timeout(5)
    try:
        cm.reschedule(3)
    except RuntimeError as e:
        print(e)
    async with cm:
        cm.reschedule(None)
    for what in (lambda: cm.reschedule(1), lambda: cm.__aenter__()):
        try:
            r = what()
            if r is not None:
                await r
        except RuntimeError as e:
            print(e)

    it = asyncio.as_completed([job("a")])
    print("made", type(it).__name__)
    await asyncio.sleep(0)
    print("iterating")
    for first in it:
        print(await first)


asyncio.run(main())
