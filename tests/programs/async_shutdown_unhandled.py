# asyncio.run cancels the tasks still pending when the main one ends and runs them to
# their end; one that ends with an exception other than the cancellation is reported on
# stderr, as "unhandled exception during asyncio.run() shutdown", and its exception is
# then retrieved (no later "never retrieved" for it). (Only one of them prints: CPython
# cancels them in the order of a set, by address.)
# peel: same stderr
import asyncio


async def worker(name, fut):
    try:
        await fut
    finally:
        print(name, "cleaning up")
        if name == "bad":
            raise ValueError("cleanup failed")


async def quiet():
    try:
        await asyncio.get_running_loop().create_future()
    except asyncio.CancelledError:
        return "fine"


async def main():
    loop = asyncio.get_running_loop()
    asyncio.create_task(worker("bad", loop.create_future()))
    asyncio.create_task(quiet())
    await asyncio.sleep(1)
    print("main is done")


asyncio.run(main())
print("after asyncio.run")
