# Valid Python that peel rejects: an async def containing yield is an async generator.
async def ticks(n):
    for i in range(n):
        yield i
