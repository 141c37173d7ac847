# Lesson 40: await is yield from
#
# An `async def` function is a generator function in disguise. Calling it runs
# nothing: it builds a coroutine object, a paused body, just like calling a
# generator function builds a generator (lesson 20). The coroutine moves only
# when someone calls its send() method, and every `await` inside it works like
# `yield from`: it passes the inner awaitable's requests straight up to
# whoever called send(), and passes the answers straight back down.
#
# At the very bottom there must be something that really yields. asyncio's
# sleep and futures do that; here we make our own with @types.coroutine, which
# turns a plain generator into something `await` accepts. Then we drive the
# coroutines by hand, with no event loop at all, and finally write a tiny loop
# that steps several coroutines in turn: the event loop of lesson 26 again.
#
#   peel dump --stage desugar --pass await examples/40_await_is_yield_from.py
# shows each `await` as a `yield from` (the whole stage expands those too).

import types

@types.coroutine
def pause(reason):
    # The only real `yield` in this lesson: it travels up through every await
    # to the code calling send(), and what is sent back becomes the answer.
    answer = yield reason
    return answer

async def add_slowly(a, b):
    print(f"    add_slowly({a}, {b}) starts")
    first = await pause(f"need a value for {a}")
    second = await pause(f"need a value for {b}")
    print(f"    add_slowly got {first} and {second}")
    return first + second

async def outer():
    # An await on a coroutine: its pauses pass through us untouched.
    total = await add_slowly("x", "y")
    return f"total is {total}"

# Calling an async function runs none of its body.
coro = outer()
print("what outer() returns:", type(coro).__name__)
print("its name:", coro.__name__)

# Drive it by hand. The first send must be None: there is no paused await yet.
print("send(None) ->", repr(coro.send(None)))
print("send(10)   ->", repr(coro.send(10)))
try:
    coro.send(32)
except StopIteration as stop:
    # Finishing a coroutine raises StopIteration, and its value is the
    # coroutine's return value: this is how `await` hands results back.
    print("StopIteration.value:", repr(stop.value))

# A finished coroutine cannot run again.
try:
    coro.send(None)
except RuntimeError as error:
    print("RuntimeError:", error)

# The same pass-through, written with yield from in a plain generator: the
# requests and answers travel exactly as they did through the awaits above.
def add_slowly_gen(a, b):
    first = yield from pause(f"need a value for {a}")
    second = yield from pause(f"need a value for {b}")
    return first + second

gen = add_slowly_gen("x", "y")
print("generator version:", repr(gen.send(None)), repr(gen.send(10)))
try:
    gen.send(32)
except StopIteration as stop:
    print("generator version returns", stop.value)

# A tiny event loop: keep a list of coroutines, send each one None in turn,
# put it back at the end while it still runs. A pause means "let others go".
async def worker(name, steps):
    for step in range(1, steps + 1):
        print(f"    {name} does step {step}")
        await pause("my turn is over")
    return f"{name} did {steps} steps"

def run_all(coros):
    queue = list(coros)
    results = []
    turn = 0
    while queue:
        current = queue.pop(0)
        turn += 1
        try:
            current.send(None)
        except StopIteration as stop:
            print(f"  turn {turn}: finished -> {stop.value}")
            results.append(stop.value)
            continue
        queue.append(current)
    return results

print("round robin:")
print(run_all([worker("ann", 2), worker("bob", 3), worker("cy", 1)]))
