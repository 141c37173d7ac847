# Lesson 51: an async iterator class and `async for`
#
# `async for x in source:` calls source.__aiter__() once, then awaits
# it.__anext__() for every item until __anext__ raises StopAsyncIteration.
# Because __anext__ is a coroutine, fetching the next item may wait: here the
# Feed waits for its next message on the virtual clock, and while one feed
# waits the other task runs.
#
#   peel dump --stage desugar --pass async-for examples/51_async_iterator.py
#     (the loop becomes `_async_iter(...)`, then `await _async_next(...)` until
#      StopAsyncIteration, the same shape as the `for` pass's loop)
import asyncio


class Feed:
    """Delivers its messages one by one, each after `gap` seconds."""

    def __init__(self, name, messages, gap):
        self.name = name
        self.messages = list(messages)
        self.gap = gap

    def __aiter__(self):
        return self

    async def __anext__(self):
        if not self.messages:
            raise StopAsyncIteration
        await asyncio.sleep(self.gap)
        return self.messages.pop(0)


async def read(feed, start):
    loop = asyncio.get_running_loop()
    count = 0
    async for message in feed:
        count += 1
        print(f"{loop.time() - start:3.1f}s {feed.name}: {message}")
    else:
        print(f"{loop.time() - start:3.1f}s {feed.name} ended after {count} messages")
    return count


async def main():
    start = asyncio.get_running_loop().time()
    news = Feed("news", ["rain later", "roads clear"], 1.0)
    chat = Feed("chat", ["hi", "lunch?", "ok"], 0.6)
    print(await asyncio.gather(read(news, start), read(chat, start)))


asyncio.run(main())
