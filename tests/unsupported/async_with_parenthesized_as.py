# Valid Python that peel rejects: 'as' inside the parentheses of a multi-item async with
# (peel runs `async with a as x, b:` and `async with (a, b):`).
import asyncio


async def main():
    async with (asyncio.Lock() as first, asyncio.Lock() as second):
        print(first, second)
