# Task cancellation: cancel() return values, cancelled() and done() before and
# after the cancellation is delivered, finally blocks, CancelledError caught and
# swallowed, cancelling before the first step, cancel messages, cancelling a
# task that waits on another task.

import asyncio

async def sleepy(name, delay):
    print(f"  {name}: start")
    try:
        await asyncio.sleep(delay)
        print(f"  {name}: woke")
        return name
    finally:
        print(f"  {name}: finally")

async def main():
    loop = asyncio.get_running_loop()

    print("cancel a sleeping task")
    t = asyncio.create_task(sleepy("A", 10))
    await asyncio.sleep(1)
    print("cancel() ->", t.cancel())
    print("again ->", t.cancel())
    print("cancelled/done before delivery:", t.cancelled(), t.done())
    try:
        await t
    except asyncio.CancelledError:
        print("await raised CancelledError at", loop.time())
    print("cancelled/done after:", t.cancelled(), t.done())
    print("cancel() on a done task ->", t.cancel())
    try:
        t.result()
    except asyncio.CancelledError:
        print("result() raises CancelledError")
    try:
        t.exception()
    except asyncio.CancelledError:
        print("exception() raises CancelledError")

    print("cancel before the first step")
    t = asyncio.create_task(sleepy("B", 10))
    print("cancel() ->", t.cancel())
    await asyncio.sleep(0)
    print("cancelled/done:", t.cancelled(), t.done())

    print("cancel a finished task")
    t = asyncio.create_task(sleepy("C", 1))
    await asyncio.sleep(2)
    print("cancel() ->", t.cancel(), "result", t.result(), "cancelled", t.cancelled())

    print("CancelledError caught and swallowed")
    async def swallow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print("  swallow: caught it at", loop.time())
        return "survived"
    t = asyncio.create_task(swallow())
    await asyncio.sleep(1)
    t.cancel()
    print("result:", await t, "cancelled:", t.cancelled())

    print("swallowed, then cancelled again")
    async def twice():
        for i in range(2):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                print(f"  twice: caught #{i}")
        return "end"
    t = asyncio.create_task(twice())
    await asyncio.sleep(1)
    t.cancel()
    await asyncio.sleep(1)
    print("done after first cancel?", t.done())
    t.cancel()
    print("result:", await t)

    print("cancel with a message")
    t = asyncio.create_task(sleepy("D", 10))
    await asyncio.sleep(0)
    t.cancel("stop now")
    try:
        await t
    except asyncio.CancelledError as error:
        print("args:", error.args)

    print("cancel a task that awaits another task")
    inner = asyncio.create_task(sleepy("inner", 10))
    async def outer():
        try:
            return await inner
        finally:
            print("  outer: finally")
    o = asyncio.create_task(outer())
    await asyncio.sleep(1)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print("outer cancelled:", o.cancelled(), "inner cancelled:", inner.cancelled())

    print("nested finally blocks run innermost first")
    async def layers():
        try:
            try:
                await asyncio.sleep(5)
            finally:
                print("  inner finally")
                await asyncio.sleep(1)
                print("  inner finally after its own await, at", loop.time())
        finally:
            print("  outer finally")
    t = asyncio.create_task(layers())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("layers cancelled at", loop.time())

    print("CancelledError is a BaseException, not an Exception:",
          issubclass(asyncio.CancelledError, BaseException),
          issubclass(asyncio.CancelledError, Exception))

asyncio.run(main())
print("done")
