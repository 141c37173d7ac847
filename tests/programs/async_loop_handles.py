# loop.call_soon and loop.call_later return handles: printed, cancelled, asked when.
import asyncio


def ring(label, n=0):
    print("ring", label, n, asyncio.get_running_loop().time())


async def main():
    loop = asyncio.get_running_loop()
    h = loop.call_soon(ring, "soon")
    print(h)
    print(h.cancelled())
    skipped = loop.call_soon(ring, "never")
    skipped.cancel()
    print(skipped, skipped.cancelled())
    t = loop.call_later(2, ring, "later", 7)
    print(t, t.when())
    gone = loop.call_later(1, ring, "cancelled timer")
    gone.cancel()
    print(gone)
    b = loop.call_soon(print, "builtin callback", 1)
    print(b)
    print(type(h).__name__, type(t).__name__)
    await asyncio.sleep(3)
    print("done at", loop.time())


asyncio.run(main())
