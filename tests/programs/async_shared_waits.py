# Waiting on shared tasks from several places at once: asyncio.wait and wait_for each
# remove only their own done callback from a task, never another waiter's.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


def now():
    return asyncio.get_running_loop().time()


async def main():
    a = asyncio.create_task(job("a", 1))
    b = asyncio.create_task(job("b", 2))
    c = asyncio.create_task(job("c", 3))

    async def watch(name, tasks):
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        print(name, "woke at", now(), "done", len(done), "pending", len(pending))

    await asyncio.gather(watch("w1", {a, b}), watch("w2", {b, c}))

    slow = asyncio.create_task(job("slow", 10))

    async def patient(name, timeout):
        try:
            print(name, "got", await asyncio.wait_for(slow, timeout))
        except asyncio.TimeoutError:
            print(name, "timed out at", now())
        except asyncio.CancelledError:
            print(name, "saw the task cancelled at", now())

    await asyncio.gather(patient("p1", 1), patient("p2", 5), return_exceptions=True)
    print("end", now())


asyncio.run(main())
