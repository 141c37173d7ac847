# Valid Python that peel rejects: await inside a comprehension (an async comprehension).
async def double(x):
    return 2 * x


async def main():
    return [await double(x) for x in range(3)]
