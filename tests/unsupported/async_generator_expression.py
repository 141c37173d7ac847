# Valid Python that peel rejects: an asynchronous generator expression, an async
# generator written as an expression (CPython accepts it in any function).
async def doubled(stream):
    return (2 * x async for x in stream)
