# Valid Python that peel rejects: an asynchronous comprehension (async for inside a list
# comprehension), which needs an asynchronous iterator.
async def collect(stream):
    return [x async for x in stream]
