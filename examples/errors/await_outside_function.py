# Error: 'await' at module level, outside any function.
import asyncio

await asyncio.sleep(1)
