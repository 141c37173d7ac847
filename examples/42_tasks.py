# Lesson 42: tasks start on their own
#
# A coroutine object does nothing until someone awaits it. A task is
# different: asyncio.create_task(coro) hands the coroutine to the event loop,
# which will run it by itself, whether or not anyone ever awaits the task.
#
# But "by itself" does not mean "right now". create_task only puts the task in
# the loop's ready queue. The code that created it keeps running until it
# gives the loop control, at its next `await` of something that really waits.
# Only then do the new tasks get their first turn, in the order they were
# created. Awaiting a task later just collects its result (or waits for it).
#
# Each task has a name. If we give none, asyncio numbers them Task-1, Task-2,
# ... in creation order; the task running asyncio.run's main coroutine is the
# first, so our own tasks start at Task-2.

import asyncio
import time

def now():
    return f"t={time.monotonic():.1f}"

async def brew(drink, seconds):
    me = asyncio.current_task()
    print(f"  {now()} {me.get_name()} starts {drink}")
    await asyncio.sleep(seconds)
    print(f"  {now()} {me.get_name()} finished {drink}")
    return f"{drink} ({seconds}s)"

async def main():
    print(f"{now()} main runs as {asyncio.current_task().get_name()}")
    tea = asyncio.create_task(brew("tea", 3))
    coffee = asyncio.create_task(brew("coffee", 2))
    juice = asyncio.create_task(brew("juice", 1), name="juicer")
    print(f"{now()} three tasks created: {tea.get_name()}, {coffee.get_name()}, {juice.get_name()}")
    # Nothing has printed "starts" yet: main has not let go of the loop.
    print(f"{now()} still in main; tea done? {tea.done()}")

    # sleep(0) is the smallest possible pause: it only lets the ready tasks run.
    await asyncio.sleep(0)
    print(f"{now()} after sleep(0) every task has started")

    # Awaiting a task waits for it and gives back its return value.
    print(f"{now()} main waits for coffee")
    result = await coffee
    print(f"{now()} coffee gave {result!r}")
    # Juice was quicker: it finished while main was waiting for coffee.
    print(f"{now()} juice done? {juice.done()} -> {juice.result()!r}")
    print(f"{now()} tea done? {tea.done()}")

    # A finished task can be awaited again: it just hands back the result.
    again = await juice
    print(f"{now()} juice awaited again: {again!r}")
    # Tea still brews: this await really waits, until t=3.
    tea_result = await tea
    print(f"{now()} tea: {tea_result!r}")

    # A coroutine, unlike a task, runs only when awaited, and runs right there.
    plain = brew("water", 1)
    print(f"{now()} coroutine made, nothing started")
    water = await plain
    print(f"{now()} water: {water!r}")

    # Tasks finish in the order of their wake-up times, not creation order.
    finished = []
    def note(task):
        finished.append(task.get_name())
    tasks = []
    for n, seconds in enumerate([3, 1, 2]):
        task = asyncio.create_task(asyncio.sleep(seconds), name=f"sleeper-{n}")
        task.add_done_callback(note)
        tasks.append(task)
    await asyncio.gather(*tasks)
    print(f"{now()} finishing order: {finished}")

    # Unnamed tasks keep counting from where the numbering was.
    last = asyncio.create_task(brew("cocoa", 1))
    print(f"{now()} the next unnamed task is {last.get_name()}")
    await last

asyncio.run(main())
