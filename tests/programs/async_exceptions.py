# Exceptions in tasks: retrieved by await, result() and exception(); raised
# before and after the first await; InvalidStateError on an unfinished task;
# tracebacks' exception chaining through awaits; StopIteration in a coroutine.

import asyncio

async def fail_now(message):
    raise ValueError(message)

async def fail_later(message, delay):
    await asyncio.sleep(delay)
    raise KeyError(message)

async def ok(value):
    await asyncio.sleep(1)
    return value

async def main():
    print("an exception travels out of await")
    try:
        await fail_now("direct")
    except ValueError as error:
        print("caught", repr(error))

    print("task exception retrieved by await")
    t = asyncio.create_task(fail_later("k1", 1))
    try:
        await t
    except KeyError as error:
        print("caught", repr(error), "done:", t.done(), "cancelled:", t.cancelled())

    print("retrieved by result() and exception()")
    t = asyncio.create_task(fail_later("k2", 1))
    await asyncio.sleep(2)
    print("done:", t.done())
    print("exception():", repr(t.exception()))
    try:
        t.result()
    except KeyError as error:
        print("result() raised", repr(error))

    print("a successful task has exception() None")
    t = asyncio.create_task(ok(5))
    await t
    print("exception():", t.exception(), "result():", t.result())

    print("result() and exception() before the task is done")
    t = asyncio.create_task(ok(6))
    try:
        t.result()
    except asyncio.InvalidStateError as error:
        print("InvalidStateError:", error)
    try:
        t.exception()
    except asyncio.InvalidStateError as error:
        print("InvalidStateError:", error)
    print("then:", await t)

    print("the exception raised is the same object every time")
    t = asyncio.create_task(fail_now("same"))
    await asyncio.sleep(0)
    first = t.exception()
    try:
        await t
    except ValueError as error:
        print("same object:", error is first)
    try:
        await t
    except ValueError as error:
        print("awaited twice, same again:", error is first)

    print("exception caught inside the coroutine, context kept")
    async def handler():
        try:
            await fail_later("inner", 1)
        except KeyError as error:
            raise RuntimeError("wrapped") from error
    try:
        await handler()
    except RuntimeError as error:
        print(repr(error), "cause:", repr(error.__cause__))

    print("implicit context through an await")
    async def cleanup_fails():
        try:
            await fail_now("first")
        except ValueError:
            await asyncio.sleep(0)
            raise TypeError("second")
    try:
        await cleanup_fails()
    except TypeError as error:
        print(repr(error), "context:", repr(error.__context__))

    print("StopIteration raised in a coroutine becomes RuntimeError")
    async def stopper():
        raise StopIteration("oops")
    try:
        await stopper()
    except RuntimeError as error:
        print("RuntimeError:", error, "| cause:", repr(error.__cause__))

    print("a done callback added before the await runs before the awaiter resumes")
    t = asyncio.create_task(ok(7))
    t.add_done_callback(lambda task: print("callback sees", task.result()))
    print("await gives", await t)
    await asyncio.sleep(0)

    print("exception inside a finally replaces the first one")
    async def double_fault():
        try:
            await fail_later("original", 1)
        finally:
            raise IndexError("from finally")
    t = asyncio.create_task(double_fault())
    try:
        await t
    except IndexError as error:
        print(repr(error), "context:", repr(error.__context__))
    print("task exception():", repr(t.exception()))

asyncio.run(main())
print("end")
