# The protocols async is made of, written as classes: an awaitable whose __await__
# yields, driven by hand and by asyncio, an iterator class next to the generator method
# that replaces it, and an async context manager.
import asyncio


class Pause:
    def __init__(self, label):
        self.label = label

    def __await__(self):
        print("pausing at", self.label)
        reply = yield self.label
        print("resumed with", reply)
        return f"{self.label} done"


async def job():
    a = await Pause("first")
    b = await Pause("second")
    return [a, b]


coro = job()
print("yielded", coro.send(None))
print("yielded", coro.send("hello"))
try:
    coro.send("again")
except StopIteration as stop:
    print("returned", stop.value)


class Tick:
    def __await__(self):
        yield None


async def ticker(name, n):
    for i in range(n):
        print(name, i)
        await Tick()
    return name


async def main():
    results = await asyncio.gather(ticker("a", 2), ticker("b", 3))
    print(results)
    async with Connection("db") as conn:
        print("using", conn.name)
    try:
        async with Connection("flaky") as conn:
            raise KeyError(conn.name)
    except KeyError as e:
        print("escaped", e)
    async with Swallow():
        raise ValueError("hidden")
    print("after swallow")


class Connection:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        await asyncio.sleep(0.1)
        print("open", self.name)
        return self

    async def __aexit__(self, kind, value, tb):
        print("close", self.name, kind.__name__ if kind else None)
        return False


class Swallow:
    async def __aenter__(self):
        return self

    async def __aexit__(self, kind, value, tb):
        print("swallowing", repr(value))
        return True


asyncio.run(main())


class Countdown:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        n = self.start
        while n > 0:
            yield n
            n -= 1


class Manual:
    def __init__(self, start):
        self.n = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


def delegate():
    got = yield from Manual(2)
    print("delegate got", got)
    yield from Countdown(2)


print(list(Countdown(3)), list(Manual(3)), list(delegate()))
print(list(zip(Countdown(3), Manual(3))), sum(Countdown(4)), sorted(Manual(3)))
first, *rest = Countdown(4)
print(first, rest, type(iter(Countdown(1))).__name__, Countdown.__iter__.__qualname__)
