# Lesson 49: an awaitable made by hand, driven by hand and then by asyncio
#
# `await x` asks x for an iterator (x.__await__()) and then does exactly what
# `yield from` does with it: every value the iterator yields travels up, out of
# the coroutine, to whoever called send(); every value sent back in travels
# down again. So an awaitable is just a class whose __await__ is a generator.
#
# Below, Ask yields a question and returns the answer it is sent. First we
# drive a coroutine with send() ourselves: we are the "event loop", and the
# yielded values are our instructions. Then asyncio drives Nap, whose
# __await__ yields None: to asyncio's loop, a bare yield means "run the other
# tasks once, then come back to me", which is what asyncio.sleep(0) does.
#
# See the delegation:
#   peel dump --stage desugar --pass await examples/49_hand_made_awaitable.py
#     (`await Ask(...)` becomes `yield from _awaitable(Ask(...))`)
#   peel dump --stage statemachine examples/49_hand_made_awaitable.py
#     (Ask.__await__ is a generator state machine like any other)
import asyncio


class Ask:
    def __init__(self, question):
        self.question = question

    def __await__(self):
        answer = yield self.question
        return answer


async def conversation():
    name = await Ask("name?")
    food = await Ask(f"favourite food, {name}?")
    return f"{name} likes {food}"


print("-- driven by hand")
coro = conversation()
question = coro.send(None)
replies = {"name?": "Ada", "favourite food, Ada?": "soup"}
while True:
    print("coroutine asks:", question)
    try:
        question = coro.send(replies[question])
    except StopIteration as done:
        print("coroutine returned:", done.value)
        break


class Nap:
    """Gives the other tasks one turn (a bare yield, as asyncio.sleep(0))."""

    def __await__(self):
        yield


async def worker(name, steps):
    for i in range(steps):
        print(f"{name} step {i}")
        await Nap()
    return name


async def main():
    print("-- driven by asyncio")
    print(await asyncio.gather(worker("a", 3), worker("b", 2)))


asyncio.run(main())
