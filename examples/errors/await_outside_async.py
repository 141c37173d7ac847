# Error: 'await' inside a plain def; only an async def may await.
import asyncio


def fetch():
    await asyncio.sleep(1)
    return 42
