# Benchmark (issue 4): 1,000 tasks each awaiting asyncio.sleep(0) 1,000 times,
# gathered: one million task switches. sleep(0) only yields to the event loop, so
# no real time is spent sleeping under python3 either; this measures the cost of
# suspending a coroutine, going round the ready queue, and resuming it.
import asyncio


async def worker(switches):
    for _ in range(switches):
        await asyncio.sleep(0)
    return switches


async def main():
    results = await asyncio.gather(*[worker(1_000) for _ in range(1_000)])
    print(len(results), sum(results))


asyncio.run(main())
