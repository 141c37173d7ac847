# The coroutine protocol by hand: send/throw/close on coroutine objects without
# an event loop, reusing a finished coroutine, awaiting something that is not
# awaitable, and futures completed by another task with their done callbacks.

import asyncio

async def leaf():
    return 10

async def middle():
    value = await leaf()
    return value + 1

async def guarded():
    try:
        return await leaf()
    finally:
        print("  guarded: finally")

print("a coroutine that never suspends finishes on the first send")
c = middle()
print(type(c).__name__, c.__name__)
try:
    c.send(None)
except StopIteration as stop:
    print("StopIteration value:", stop.value)

print("sending to a finished coroutine")
try:
    c.send(None)
except RuntimeError as error:
    print("RuntimeError:", error)

print("the first send must be None")
c = middle()
try:
    c.send(5)
except TypeError as error:
    print("TypeError:", error)
c.close()

print("throw into a fresh coroutine raises at once, body never runs")
c = guarded()
try:
    c.throw(ValueError("early"))
except ValueError as error:
    print("ValueError:", error)
try:
    c.send(None)
except RuntimeError as error:
    print("after throw:", error)

print("close a fresh coroutine: nothing runs, later send fails")
c = guarded()
c.close()
try:
    c.send(None)
except RuntimeError as error:
    print("RuntimeError:", error)

print("awaiting the same coroutine object twice")
async def reuse():
    c = leaf()
    print("  first await:", await c)
    try:
        await c
    except RuntimeError as error:
        print("  second await: RuntimeError:", error)
asyncio.run(reuse())

print("awaiting something that is not awaitable")
async def bad_awaits():
    for value in [42, "text", None, [1, 2]]:
        try:
            await value
        except TypeError as error:
            print("  TypeError:", error)
    async def plain():
        return 1
    try:
        await plain
    except TypeError as error:
        print("  TypeError:", error)
asyncio.run(bad_awaits())

print("a future completed by another task")
async def futures():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print("  done at first:", fut.done())
    def callback(tag):
        return lambda f: print(f"  callback {tag}: {f.result()}")
    fut.add_done_callback(callback("one"))
    fut.add_done_callback(callback("two"))
    async def producer():
        await asyncio.sleep(2)
        print("  producer sets the result at", loop.time())
        fut.set_result("payload")
        print("  producer goes on; callbacks have not run yet")
    async def consumer(name):
        value = await fut
        print(f"  {name} got {value} at {loop.time()}")
        return value
    results = await asyncio.gather(consumer("c1"), producer(), consumer("c2"))
    print("  gather:", results)
    fut.add_done_callback(callback("late"))
    print("  added a callback to a done future; it runs one step later")
    await asyncio.sleep(0)

    print("  a future that gets an exception")
    failing = loop.create_future()
    async def breaker():
        await asyncio.sleep(1)
        failing.set_exception(OSError("disk gone"))
    asyncio.create_task(breaker())
    try:
        await failing
    except OSError as error:
        print("  awaiting it raised OSError:", error)
    print("  exception():", repr(failing.exception()))

    print("  setting a result twice")
    try:
        fut.set_result("again")
    except asyncio.InvalidStateError as error:
        print("  InvalidStateError:", error)

    print("  a cancelled future")
    doomed = loop.create_future()
    doomed.add_done_callback(lambda f: print("  doomed callback, cancelled:", f.cancelled()))
    print("  cancel() ->", doomed.cancel(), "done:", doomed.done())
    await asyncio.sleep(0)
    try:
        doomed.result()
    except asyncio.CancelledError:
        print("  result() raises CancelledError")
asyncio.run(futures())

print("a task's done callbacks run in the order they were added")
async def callbacks():
    order = []
    async def job():
        await asyncio.sleep(1)
        return "job"
    t = asyncio.create_task(job())
    for tag in "abc":
        t.add_done_callback(lambda task, tag=tag: order.append(tag))
    await t
    print("  right after await:", order)
asyncio.run(callbacks())
