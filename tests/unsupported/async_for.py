# Valid Python that peel rejects: async for needs asynchronous iterators.
async def total(stream):
    s = 0
    async for x in stream:
        s += x
    return s
