# async for over asynchronous iterators written as classes, with else, break and errors.
import asyncio


class Ticker:
    """Yields 0..n-1, one per tick of the virtual clock."""

    def __init__(self, n, delay):
        self.n = n
        self.delay = delay
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        self.i += 1
        return self.i - 1


class Pages:
    def __init__(self, pages):
        self.pages = pages

    def __aiter__(self):
        return PageReader(self.pages)


class PageReader:
    def __init__(self, pages):
        self.pages = list(pages)

    async def __anext__(self):
        if not self.pages:
            raise StopAsyncIteration
        await asyncio.sleep(0.5)
        return self.pages.pop(0)


class A:
    def __aiter__(self):
        return 5


class B:
    def __aiter__(self):
        return self

    def __anext__(self):
        return 7


async def consume(name, n, delay):
    loop = asyncio.get_running_loop()
    start = loop.time()
    async for i in Ticker(n, delay):
        print(f"{loop.time() - start:.1f} {name} got {i}")
    else:
        print(f"{name} exhausted")
    return name


async def main():
    print(await asyncio.gather(consume("fast", 3, 0.5), consume("slow", 2, 1.0)))
    async for a, b in Pages([(1, "one"), (2, "two"), (3, "three")]):
        if a == 2:
            print("breaking at", b)
            break
        print("page", a, b)
    else:
        print("not printed")
    total = 0
    async for x in Ticker(4, 0):
        if x % 2:
            continue
        total += x
    print("total", total)
    for bad in [1, A(), B()]:
        try:
            async for _ in bad:
                pass
        except TypeError as e:
            print("TypeError:", e)


asyncio.run(main())
