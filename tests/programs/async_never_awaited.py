# Calling an async function without awaiting it runs nothing, and CPython warns
# on stderr when the forgotten coroutine object is destroyed.
# peel: same stderr

import asyncio

async def greet(name):
    print("hello", name)

async def main():
    greet("nobody")
    print("the call above printed nothing")
    await greet("somebody")

asyncio.run(main())
print("end")
