# Valid Python that peel rejects: CPython 3.11's asyncio has TaskGroup, peel's asyncio
# does not.
import asyncio


async def main():
    print("starting")
    async with asyncio.TaskGroup() as group:
        group.create_task(asyncio.sleep(1))


asyncio.run(main())
