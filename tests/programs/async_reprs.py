# What print(task) and print(future) show, as asyncio's reprs build them: the state, the
# name, where the coroutine is (or was defined), what the task waits for, the result
# (cut short like reprlib does) or the exception, and the done callbacks.
import asyncio


async def work(n):
    await asyncio.sleep(n)
    return n * 2


async def chatty():
    await asyncio.sleep(0.1)
    return "a result long enough that reprlib has to cut it in the middle"


async def listing():
    return list(range(20))


async def boom():
    raise ValueError("broken")


async def wait_on(fut):
    return await fut


def noted(fut):
    print("callback saw", fut)


async def main():
    t = asyncio.create_task(work(1))
    print(t)
    await asyncio.sleep(0)
    print(t)
    await t
    print(t)

    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print(f)
    f.add_done_callback(noted)
    print(f)
    f.set_result((1,))
    await asyncio.sleep(0)

    slow = asyncio.create_task(work(5), name="slow")
    await asyncio.sleep(0)
    slow.cancel()
    print(slow)
    try:
        await slow
    except asyncio.CancelledError:
        pass
    print(slow)

    bad = asyncio.create_task(boom())
    await asyncio.sleep(0)
    print(bad)
    bad.exception()

    words = asyncio.create_task(chatty())
    numbers = asyncio.create_task(listing())
    both = asyncio.gather(words, numbers)
    waiter = asyncio.create_task(wait_on(both))
    await asyncio.sleep(0)
    print(both)
    await waiter
    print(words)
    print(numbers)
    print(both)

    big = loop.create_future()
    big.set_result(10**50)
    print(big)
    nested = loop.create_future()
    nested.set_result([[[[[[[1]]]]]]])
    print(nested)


asyncio.run(main())
