# The order in which asyncio runs things: a FIFO ready queue, new tasks start
# only when their creator yields, sleep(0) goes to the back of the line, and
# timers with equal deadlines fire in creation order.

import asyncio

log = []

def note(entry):
    log.append(entry)
    print(entry)

async def stepper(name, steps):
    for i in range(steps):
        note(f"{name}{i}")
        await asyncio.sleep(0)
    note(f"{name} done")
    return name

async def sleeper(name, delay):
    note(f"{name} sleeps {delay}")
    await asyncio.sleep(delay)
    note(f"{name} woke at {asyncio.get_running_loop().time()}")

async def spawner():
    note("spawner creates child")
    child = asyncio.create_task(stepper("child", 1))
    note("spawner still running")
    note(f"child done before yield? {child.done()}")
    await asyncio.sleep(0)
    note(f"child done after one yield? {child.done()}")
    await child
    note("spawner done")

async def main():
    print("-- interleaving with sleep(0)")
    tasks = [asyncio.create_task(stepper(n, 3)) for n in "abc"]
    note("main created three tasks")
    await asyncio.sleep(0)
    note("main after first sleep(0)")
    results = await asyncio.gather(*tasks)
    note(f"results {results}")

    print("-- uneven step counts")
    await asyncio.gather(stepper("x", 1), stepper("y", 3), stepper("z", 2))

    print("-- a task created inside a task")
    await spawner()

    print("-- equal deadlines fire in creation order")
    await asyncio.gather(*[sleeper(f"s{i}", 1) for i in range(5)])

    print("-- different deadlines, created in reverse")
    await asyncio.gather(sleeper("late", 0.3), sleeper("mid", 0.2), sleeper("early", 0.1))

    print("-- sleep(0) versus an already-due timer")
    async def zero_loop():
        for i in range(3):
            note(f"zero {i}")
            await asyncio.sleep(0)
    async def tiny_sleep():
        await asyncio.sleep(0.000001)
        note("tiny woke")
    await asyncio.gather(zero_loop(), tiny_sleep())

    print("-- main runs on before tasks it created")
    t1 = asyncio.create_task(stepper("p", 1))
    t2 = asyncio.create_task(stepper("q", 1))
    for i in range(3):
        note(f"main busy {i}")
    await t2
    note(f"after awaiting q, p done? {t1.done()}")
    await t1

    print("-- done callbacks run after the task finishes, in order added")
    def cb(tag):
        def callback(task):
            note(f"callback {tag} sees result {task.result()}")
        return callback
    t = asyncio.create_task(stepper("cbtask", 1))
    t.add_done_callback(cb("first"))
    t.add_done_callback(cb("second"))
    await t
    note("main resumed after await t")
    await asyncio.sleep(0)
    note("main after one more sleep(0)")

    print("-- gather of already finished tasks")
    done1 = asyncio.create_task(stepper("f", 0))
    await asyncio.sleep(0)
    note(f"f done: {done1.done()}")
    note(f"gather gives {await asyncio.gather(done1, done1)}")
    print(len(log), "log entries")

asyncio.run(main())
print("finished")
