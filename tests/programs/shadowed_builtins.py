# A program may name its own functions next, iter or StopIteration-like things;
# loops, yield from and await must keep using Python's own machinery.
import asyncio


def next(it):
    return "my next"


def iter(x):
    return "my iter"


def _awaitable(x):
    return "my _awaitable"


def inner():
    yield 1
    yield 2
    return "inner done"


def outer():
    result = yield from inner()
    print("yield from returned", result)


for value in outer():
    print("got", value)
print([v * 10 for v in (x for x in range(3))])
print(next(None), iter(None), _awaitable(None))


def uses_type(type):
    # a parameter named after a builtin the async-with rewrite calls
    return type


class_like = uses_type("param")


async def work(n):
    await asyncio.sleep(n)
    return n * 2


async def main():
    print(await work(1), await asyncio.gather(work(2), work(3)))
    StopIteration = ValueError
    try:
        for _ in range(2):
            raise StopIteration("mine")
    except ValueError as e:
        print("caught", e)


asyncio.run(main())
print(class_like)
