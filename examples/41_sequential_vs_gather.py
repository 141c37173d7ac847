# Lesson 41: one after another, or all at once
#
# Three coroutines each wait one second. If we await them one after another,
# each wait starts only when the previous one has ended: three seconds in all.
# If we hand all three to asyncio.gather, the event loop starts them together;
# while one sleeps the others get their turn, and the three waits overlap:
# one second in all.
#
# Waiting is the point. `await asyncio.sleep(1)` does not keep the computer
# busy; it tells the event loop "wake me in a second, run someone else
# meanwhile", which is why programs that mostly wait gain the most. The clock
# is virtual: the run is instant, yet the times are CPython's (rounded).
#
#   peel run --timeline examples/41_sequential_vs_gather.py
# shows it: awaiting a coroutine makes no task, so main() alone steps at 0, 1,
# 2 and 3 s; then three count tasks wait side by side, then ten sleep tasks.

import asyncio
import time

START = time.perf_counter()

def stamp():
    # Seconds since the program started, two decimals, as a label.
    return f"{time.perf_counter() - START:5.2f}s"

async def count(name):
    print(f"  {stamp()} {name}: one")
    await asyncio.sleep(1)
    print(f"  {stamp()} {name}: two")
    return f"{name} done"

async def one_after_another():
    results = []
    for name in ["A", "B", "C"]:
        # Each await waits for its count to finish before the next starts.
        results.append(await count(name))
    return results

async def all_at_once():
    # gather wraps each coroutine in a task; the tasks run concurrently and
    # gather returns their results in the order we listed them.
    return await asyncio.gather(count("A"), count("B"), count("C"))

async def main():
    print("one after another:")
    began = time.perf_counter()
    results = await one_after_another()
    elapsed = time.perf_counter() - began
    print(f"  results {results}")
    print(f"  took {elapsed:.2f} seconds")

    print("gathered:")
    began = time.perf_counter()
    results = await all_at_once()
    elapsed = time.perf_counter() - began
    print(f"  results {results}")
    print(f"  took {elapsed:.2f} seconds")

    # Ten counts gathered still take one second: waiting overlaps for free.
    began = time.perf_counter()
    many = await asyncio.gather(*[asyncio.sleep(1, result=n * n) for n in range(10)])
    print(f"ten sleeps gathered: {many}")
    print(f"  took {time.perf_counter() - began:.2f} seconds")

asyncio.run(main())
print(f"whole program: {time.perf_counter() - START:.2f} seconds")
