# Lesson 50: an async context manager: a connection pool guarded by a Semaphore
#
# `async with x as y:` is `with` for coroutines: it awaits x.__aenter__() and,
# however the block ends, awaits x.__aexit__(...). Both are coroutines, so
# entering and leaving may wait: here, entering waits for a free connection.
#
# Pool hands out at most `size` connections. Its Semaphore counts the free
# ones: acquire() waits while the count is zero, release() wakes the next
# waiter. Five jobs share two connections; watch on the virtual clock how the
# later jobs wait for an earlier one to give its connection back.
#
#   peel dump --stage desugar --pass async-with examples/50_connection_pool.py
#     (each `async with` becomes awaited __aenter__/__aexit__ calls around a try)
#   peel run --timeline examples/50_connection_pool.py
#     (a later job's lane waits, ─, until a connection comes back)
import asyncio


class Pool:
    def __init__(self, size):
        self.free = list(range(1, size + 1))
        self.slots = asyncio.Semaphore(size)

    def connection(self):
        return Lease(self)


class Lease:
    def __init__(self, pool):
        self.pool = pool
        self.number = None

    async def __aenter__(self):
        await self.pool.slots.acquire()
        self.number = self.pool.free.pop(0)
        await asyncio.sleep(0.1)  # the handshake
        return self.number

    async def __aexit__(self, kind, error, traceback):
        self.pool.free.append(self.number)
        self.pool.slots.release()
        return False


async def job(pool, name, seconds, start):
    loop = asyncio.get_running_loop()
    async with pool.connection() as conn:
        print(f"{loop.time() - start:4.1f}s {name} got connection {conn}")
        await asyncio.sleep(seconds)
    print(f"{loop.time() - start:4.1f}s {name} gave back connection {conn}")
    return name


async def main():
    pool = Pool(2)
    start = asyncio.get_running_loop().time()
    jobs = [job(pool, f"job{i}", s, start) for i, s in enumerate([1.0, 0.5, 0.7, 1.0, 0.2])]
    done = await asyncio.gather(*jobs)
    print("all done:", done, "free:", sorted(pool.free))


asyncio.run(main())
