# An exception escaping the main coroutine ends asyncio.run: the output printed
# so far stays, pending tasks are cancelled (their finally blocks run), and the
# program ends with CPython's traceback and status 1.

import asyncio

async def background():
    try:
        print("background starts")
        await asyncio.sleep(100)
        print("never printed")
    finally:
        print("background finally runs during asyncio.run's cleanup")

async def parse(text):
    await asyncio.sleep(1)
    return int(text)

async def main():
    task = asyncio.create_task(background())
    await asyncio.sleep(0)
    total = 0
    for text in ["1", "2", "three", "4"]:
        total += await parse(text)
        print("total so far", total)
    print("never printed either", task.done())

asyncio.run(main())
print("not reached")
