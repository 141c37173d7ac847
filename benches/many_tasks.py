# Benchmark (issue 4): 200,000 tasks each sleeping 1 s, gathered.
# All 200,000 are suspended at the same time, so peak memory shows what one
# suspended task costs (the runner divides by the task count). Under python3 the
# sleeps are real but concurrent: the program spends about 1 s of wall time
# sleeping; under peel the clock is virtual and the sleep costs nothing.
import asyncio


async def sleeper(i):
    await asyncio.sleep(1)
    return i


async def main():
    results = await asyncio.gather(*[sleeper(i) for i in range(200_000)])
    print(len(results), sum(results))


asyncio.run(main())
