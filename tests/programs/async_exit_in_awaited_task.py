# A SystemExit raised in a task goes straight out of the event loop (CPython's task step
# stores it and re-raises it), and asyncio.run still closes its loop on the way out: the
# tasks left are cancelled and run to their end, and the callbacks queued before the exit
# run too. The task awaiting the failed one wakes up then, and, being cancelled, gets a
# CancelledError instead: looking at the exception retrieved it, so nothing says "Task
# exception was never retrieved". The program ends with the exit's status, silently.
# peel: same stderr
import asyncio


async def child():
    await asyncio.sleep(1)
    asyncio.get_running_loop().call_soon(print, "a callback queued before the exit")
    print("child exits")
    raise SystemExit(3)


async def bystander():
    try:
        await asyncio.sleep(10)
    finally:
        print("bystander cleans up at", asyncio.get_running_loop().time())


async def main():
    asyncio.create_task(bystander())
    try:
        await asyncio.create_task(child())
    except BaseException as e:
        print("main got", type(e).__name__)
        raise
    finally:
        print("main finally")


asyncio.run(main())
print("not reached")
