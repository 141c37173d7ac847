# A task fails; main awaits it without a try, so the task's exception goes
# through main and out of asyncio.run. The sibling task's finally runs first.

import asyncio

async def sibling():
    try:
        await asyncio.sleep(50)
    finally:
        print("sibling cleaned up")

async def divide(a, b):
    print(f"dividing {a} by {b}")
    await asyncio.sleep(1)
    return a / b

async def main():
    other = asyncio.create_task(sibling())
    good = asyncio.create_task(divide(10, 4))
    bad = asyncio.create_task(divide(1, 0))
    print("good:", await good)
    print("bad:", await bad)

asyncio.run(main())
