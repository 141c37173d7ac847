# Lesson 45: a Saturday of chores
#
# Saturday morning: the laundry must be washed and then dried, the dishes
# washed, the floors vacuumed and lunch cooked. Two kinds of chores hide in
# that list. Some only wait: the washer, the dryer and the dishwasher run by
# themselves once started, and a soup simmers on its own. Others need us the
# whole time: nobody vacuums the floors or chops the vegetables for us.
#
# In the program, a chore that waits is `await asyncio.sleep(...)`: its task
# tells the event loop "wake me when the machine beeps", and the other tasks
# move meanwhile. A chore that needs us is `time.sleep(...)`: it blocks
# (lesson 43), and while we vacuum no other task moves. The machines run on,
# but one that beeps while we are busy is seen to only when we stop: the
# washer ends at 09:45, yet we empty it, and start the dryer, at 09:50.
#
# Done one after another, we stand in front of each machine until it is done.
# Done together, we start every machine first and do the work that needs us
# while they run. Some chores depend on others: the dryer can only start once
# the washer is done, so the dryer task awaits the washer task first.
#
# One virtual second stands for one minute here, and the log shows the time
# of day on the virtual clock.
#
#   peel run --timeline examples/45_saturday_chores.py
# draws both kinds: the work that needs us is solid, never two pieces at
# once, and the machines are thin lines of waiting beside it.

import asyncio
import time

START = time.monotonic()

def log(chore, message):
    minutes = round(time.monotonic() - START)
    hours, mins = divmod(9 * 60 + minutes, 60)   # the day starts at 09:00
    print(f"{hours:02d}:{mins:02d}  {chore:<11} {message}")

def duration(total):
    hours, mins = divmod(round(total), 60)
    return f"{hours} h {mins:02d} min"

async def machine_runs(n):
    await asyncio.sleep(n)   # we are free meanwhile (one second = one minute)

def we_work(n):
    time.sleep(n)            # we are busy: nothing else moves meanwhile

async def washer():
    log("washer", "starts (45 min)")
    await machine_runs(45)
    log("washer", "done: we take the wet clothes out")
    return "wet clothes"

async def dryer(washing):
    log("dryer", "waits for the washer")
    clothes = await washing          # nothing to dry until the wash is over
    log("dryer", f"gets the {clothes}, starts (60 min)")
    await machine_runs(60)
    log("dryer", "done")
    return "dry clothes"

async def dishwasher():
    log("dishwasher", "starts (50 min)")
    await machine_runs(50)
    log("dishwasher", "done")
    return "clean dishes"

async def vacuuming():
    log("vacuuming", "we vacuum (30 min)")
    we_work(30)
    log("vacuuming", "done")
    return "clean floors"

async def cooking():
    log("cooking", "we chop vegetables (20 min)")
    we_work(20)
    log("cooking", "the soup simmers (40 min)")
    await machine_runs(40)
    log("cooking", "lunch is ready")
    return "soup"

async def one_after_another():
    # Each await finishes a chore completely before the next one begins.
    washing = asyncio.create_task(washer())
    results = [await washing]
    results.append(await dryer(washing))
    results.append(await dishwasher())
    results.append(await vacuuming())
    results.append(await cooking())
    return results

async def all_together():
    # The machines first, then the work that needs us, while they run.
    washing = asyncio.create_task(washer())
    drying = asyncio.create_task(dryer(washing))
    dishes = asyncio.create_task(dishwasher())
    floors = asyncio.create_task(vacuuming())
    lunch = asyncio.create_task(cooking())
    log("me", "everything is started")
    # gather waits for all five and keeps the order we list them in.
    return await asyncio.gather(washing, drying, dishes, floors, lunch)

async def main():
    print("--- one chore after another ---")
    began = time.monotonic()
    print("results:", await one_after_another())
    slow = time.monotonic() - began
    print(f"took {duration(slow)}")

    print("--- all chores at once ---")
    global START
    START = time.monotonic()         # a new Saturday, from 09:00 again
    began = time.monotonic()
    print("results:", await all_together())
    fast = time.monotonic() - began
    print(f"took {duration(fast)}")
    print(f"saved {round(slow - fast)} minutes of standing around")

asyncio.run(main())
