# @types.coroutine: a generator that `await` accepts. Driving it by hand shows
# that await passes yielded values up and sent values down, like yield from.

import asyncio
import types

@types.coroutine
def suspend(tag):
    received = yield tag
    print(f"  suspend({tag!r}) received {received!r}")
    return received

async def chain():
    a = await suspend("first")
    b = await suspend("second")
    return a + b

print("driving by hand")
c = chain()
print("yielded:", c.send(None))
print("yielded:", c.send(1))
try:
    c.send(2)
except StopIteration as stop:
    print("returned:", stop.value)

print("throw passes through the await into the generator")
@types.coroutine
def catcher():
    try:
        yield "waiting"
    except KeyError as error:
        print("  generator caught", repr(error))
        yield "recovered"
    return "end"

async def outer():
    result = await catcher()
    print("  outer got", result)
    return result

c = outer()
print(c.send(None))
print(c.throw(KeyError("k")))
try:
    c.send(None)
except StopIteration as stop:
    print("returned:", stop.value)

print("close runs the generator's finally")
@types.coroutine
def closing():
    try:
        yield "open"
    finally:
        print("  closing: finally")

async def user():
    await closing()

c = user()
print(c.send(None))
c.close()
print("closed")

print("a types.coroutine yielding None under the event loop is a bare yield")
@types.coroutine
def bare_yield():
    yield

async def counter(name, n):
    for i in range(n):
        print(f"  {name} {i}")
        await bare_yield()
    return name

async def main():
    print(await asyncio.gather(counter("a", 3), counter("b", 2)))

asyncio.run(main())
