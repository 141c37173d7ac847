# exit() in a callback the event loop runs is not an error to log: like
# KeyboardInterrupt, SystemExit goes through the loop and ends the program.
import asyncio


def leave(code):
    print("leaving with", code)
    exit(code)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(leave, 3)
    await asyncio.sleep(1)
    print("not reached")


asyncio.run(main())
