# all_tasks() lists the pending tasks only. The loop forgets finished tasks as it
# goes (hundreds of them here); the pending ones must all still be found.
import asyncio


async def quick(i):
    return i


async def slow(i):
    await asyncio.sleep(10)
    return i


async def main():
    kept = []
    for i in range(300):
        if i % 50 == 0:
            kept.append(asyncio.create_task(slow(i), name=f"slow-{i}"))
        await asyncio.create_task(quick(i))
    pending = sorted(t.get_name() for t in asyncio.all_tasks())
    print(len(pending), pending)
    kept[0].cancel()
    await asyncio.sleep(0)
    print(len(asyncio.all_tasks()), kept[0].cancelled())
    print(await asyncio.gather(*kept[1:]))
    print(len(asyncio.all_tasks()))


asyncio.run(main())
