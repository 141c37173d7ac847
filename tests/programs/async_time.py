# The virtual clock: time.perf_counter, time.monotonic, time.time and
# loop.time() move together through sleeps; time.sleep advances the clock while
# blocking every task; float sums of sleeps print as CPython prints them.

import asyncio
import time

def clocks(label):
    loop = asyncio.get_running_loop()
    print(f"{label}: perf={time.perf_counter()!r} mono={time.monotonic()!r} "
          f"time={time.time()!r} loop={loop.time()!r}")

print("before asyncio.run:", time.perf_counter(), time.monotonic())
time.sleep(0.5)
print("after a blocking sleep:", time.perf_counter())

async def ticker(name, step, count):
    for i in range(count):
        await asyncio.sleep(step)
        print(f"  {name} tick {i} at {time.monotonic():.3f}")

async def blocker():
    await asyncio.sleep(0.25)
    print(f"  blocker blocks at {time.perf_counter():.3f}")
    time.sleep(1)
    print(f"  blocker unblocks at {time.perf_counter():.3f}")

async def main():
    clocks("start")
    await asyncio.sleep(1)
    clocks("after sleep(1)")
    await asyncio.sleep(0)
    clocks("after sleep(0)")
    for _ in range(3):
        await asyncio.sleep(0.1)
    clocks("after three sleep(0.1)")
    time.sleep(0.2)
    clocks("after time.sleep(0.2)")

    print("two tickers")
    start = time.perf_counter()
    await asyncio.gather(ticker("fast", 0.3, 4), ticker("slow", 0.5, 2))
    print(f"took {time.perf_counter() - start:.2f}")

    print("a blocking task delays everyone")
    start = time.perf_counter()
    await asyncio.gather(ticker("t", 0.5, 4), blocker())
    print(f"took {time.perf_counter() - start:.2f}")

    print("a timer that became due during time.sleep fires late, not early")
    loop = asyncio.get_running_loop()
    async def punctual():
        planned = loop.time() + 1
        await asyncio.sleep(1)
        print(f"  planned {planned:.2f}, woke {loop.time():.2f}")
    task = asyncio.create_task(punctual())
    await asyncio.sleep(0)
    time.sleep(3)
    await task

    print("sleep with a result and sleep(0) do not move the clock alone")
    before = loop.time()
    value = await asyncio.sleep(0, result="zero")
    print(value, loop.time() - before)

    print("many small sleeps accumulate float error like CPython")
    t0 = loop.time()
    for _ in range(10):
        await asyncio.sleep(0.1)
    print(repr(loop.time() - t0))

    print("deadlines in the past")
    start = loop.time()
    await asyncio.sleep(-1)
    print("negative sleep returns at once:", loop.time() - start)
    clocks("end")

asyncio.run(main())
print(f"after asyncio.run: {time.perf_counter():.3f}")
