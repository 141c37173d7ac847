# Error: an async def may not use 'yield from' (await is its way to delegate).
async def relay(source):
    yield from source
