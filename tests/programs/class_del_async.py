# __del__ and asyncio: a task's coroutine lets go of its locals as it returns inside the
# event loop, and __del__ runs there. (A separate program from class_del.py: the printed
# stages of an asyncio program keep the module alive past CPython's exit, as asyncio's
# coroutine type cache holds the prelude's _Coroutine class, so nothing is left at exit here.)
import asyncio


class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


print("-- async")


async def worker(n):
    w = Tracked(f"task local {n}")
    await asyncio.sleep(0)
    print("worker", n, "done")
    return n


async def main():
    tasks = [asyncio.create_task(worker(i)) for i in range(2)]
    results = await asyncio.gather(*tasks)
    print("results", results)
    holder = Tracked("main local")
    await asyncio.sleep(0.1)
    pending = asyncio.create_task(asyncio.sleep(5, result=Tracked("sleep result")))
    await asyncio.sleep(0)
    pending.cancel()
    await asyncio.sleep(0)
    print("main ends")


asyncio.run(main())
print("after asyncio.run")

