# asyncio's entry points check their one argument with Python's own wording.
import asyncio


async def work():
    return 1


for call in [
    lambda: asyncio.run(),
    lambda: asyncio.create_task(),
    lambda: asyncio.ensure_future(),
    lambda: asyncio.ensure_future(1, 2, 3),
]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)


async def main():
    for call in [
        lambda: asyncio.create_task(),
        lambda: asyncio.ensure_future(),
    ]:
        try:
            call()
        except TypeError as e:
            print("TypeError:", e)
    print(await asyncio.ensure_future(work()))


asyncio.run(main())
