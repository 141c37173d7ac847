# A deadlock whose cancellation does not end it: the waiting task swallows the
# CancelledError and waits again, so the loop deadlocks a second time, and the run stops
# there at once (exit status 3), without the rest of main's clean-up.
# peel: same stderr
import asyncio


async def stubborn(event):
    try:
        await event.wait()
    except asyncio.CancelledError:
        print("stubborn ignores the cancellation")
    await event.wait()
    print("never")


async def main():
    event = asyncio.Event()
    task = asyncio.create_task(stubborn(event))
    try:
        await task
    except asyncio.CancelledError:
        print("main was cancelled")
        await asyncio.sleep(1)
        print("main waited a second")
        await task
    finally:
        print("main finally (not reached)")


asyncio.run(main())
