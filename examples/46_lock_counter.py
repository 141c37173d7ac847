# Lesson 46: a race on a shared counter, and a Lock
#
# Tasks take turns only at an `await`, so between two awaits a task is alone.
# That makes asyncio races rarer than thread races, not impossible. Here each
# task adds one to a shared counter in three steps: read the value, await
# (say, a database round trip), write back the value plus one. If another
# task reads the counter during that await, both write back the same number
# and one increment is lost: a "lost update".
#
# The fix is to make read-await-write a critical section: only one task may
# be inside at a time. asyncio.Lock does that. `async with lock:` waits until
# the lock is free, takes it, runs the block, and releases it even if the
# block raises. A task that finds the lock taken waits at the `async with`
# (an await), and the lock goes to waiting tasks in the order they came.

import asyncio

counter = 0

async def unsafe_increment(name, times, trace):
    global counter
    for _ in range(times):
        seen = counter               # read
        await asyncio.sleep(0)       # someone else may run here...
        counter = seen + 1           # ...and this write overwrites theirs
        trace.append(f"{name}:{seen}->{seen + 1}")

async def safe_increment(name, times, lock, trace):
    global counter
    for _ in range(times):
        async with lock:
            seen = counter
            await asyncio.sleep(0)   # others run, but cannot enter the block
            counter = seen + 1
            trace.append(f"{name}:{seen}->{seen + 1}")

async def main():
    global counter
    workers = ["A", "B", "C"]

    counter = 0
    trace = []
    await asyncio.gather(*[unsafe_increment(w, 4, trace) for w in workers])
    print("without a lock")
    print(f"  expected {len(workers) * 4}, got {counter}")
    print("  first steps:", " ".join(trace[:6]))

    counter = 0
    trace = []
    lock = asyncio.Lock()
    await asyncio.gather(*[safe_increment(w, 4, lock, trace) for w in workers])
    print("with asyncio.Lock")
    print(f"  expected {len(workers) * 4}, got {counter}")
    print("  first steps:", " ".join(trace[:6]))

    # The lock is fair: waiting tasks get it in arrival order.
    order = []
    async def visitor(name):
        print(f"  {name} asks for the lock (locked: {lock.locked()})")
        async with lock:
            order.append(name)
            print(f"  {name} has it")
            await asyncio.sleep(1)
        print(f"  {name} gave it back")
    print("taking turns:")
    await asyncio.gather(visitor("first"), visitor("second"), visitor("third"))
    print("  order:", order, "locked now:", lock.locked())

    # `async with` releases the lock even when the block fails.
    try:
        async with lock:
            print("inside, locked:", lock.locked())
            raise ValueError("something broke")
    except ValueError as error:
        print("caught:", error, "- locked after the error:", lock.locked())

    # The same thing by hand, without `async with`: acquire, try, finally.
    await lock.acquire()
    try:
        counter += 100
    finally:
        lock.release()
    print("counter after a manual acquire/release:", counter)

asyncio.run(main())
