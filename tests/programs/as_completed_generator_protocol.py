# asyncio.as_completed returns a generator, with the whole generator protocol.
import asyncio


async def work(n):
    await asyncio.sleep(n)
    return n


async def main():
    empty = asyncio.as_completed([])
    print(type(empty).__name__, next(empty, "nothing"))
    tasks = [asyncio.create_task(work(i)) for i in (2, 1)]
    gen = asyncio.as_completed(tasks)
    try:
        gen.send(5)
    except TypeError as e:
        print("TypeError:", e)
    first = gen.send(None)
    print("first:", await first)
    gen.close()
    print(next(gen, "closed"))
    gen.close()
    other = asyncio.as_completed(tasks)
    print("next:", await other.__next__())
    try:
        other.throw(ValueError("stop"))
    except ValueError as e:
        print("thrown back:", e)
    print(list(other))
    print(iter(other) is other)
    await asyncio.gather(*tasks)


asyncio.run(main())
