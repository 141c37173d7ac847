# Awaitables and iterators written as classes return values through StopIteration:
# 'yield from' and 'await' see StopIteration(value).value; __await__ may return a
# coroutine's own __await__().
import asyncio

class Stopper:
    def __iter__(self): return self
    def __next__(self): raise StopIteration(7)
def g():
    r = yield from Stopper()
    yield r
print(list(g()))

class Step:
    def __init__(self): self.n = 0
    def __iter__(self): return self
    def __next__(self):
        self.n += 1
        if self.n > 2:
            raise StopIteration(42)
        return None
class Job:
    def __await__(self):
        return Step()
async def main():
    print(await Job())
asyncio.run(main())

class Job:
    async def run(self):
        await asyncio.sleep(1)
        return "done"
    def __await__(self):
        return self.run().__await__()
async def main():
    print(await Job())
asyncio.run(main())

