# asyncio.ensure_future: a future or task comes back as it is; a coroutine becomes a task.
import asyncio


async def job():
    await asyncio.sleep(1)
    return "job done"


async def main():
    t = asyncio.create_task(job())
    print(asyncio.ensure_future(t) is t)
    f = asyncio.get_running_loop().create_future()
    print(asyncio.ensure_future(f) is f)
    wrapped = asyncio.ensure_future(job())
    print(type(wrapped).__name__, wrapped.get_name())
    f.set_result("future done")
    print(await t, await wrapped, await f)
    try:
        asyncio.ensure_future(42)
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())
