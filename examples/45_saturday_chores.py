# Lesson 45: a Saturday of chores
#
# Saturday morning: the laundry must be washed and then dried, the dishes
# washed, and lunch cooked. Done one after another, the morning is gone: we
# stand in front of the washing machine for 45 minutes doing nothing.
#
# Nobody does chores like that. We start the washer, and while it runs we
# start the dishwasher and begin cooking. Each chore is a task; a machine
# running is a task waiting (an await), and while one waits the others move.
# Some chores depend on others: the dryer can only start once the washer is
# done, so the dryer task awaits the washer task first. Awaiting a task is
# how one task waits for another's result.
#
# One virtual second stands for one minute here, and the log shows the time
# of day on the virtual clock.

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

async def minutes(n):
    await asyncio.sleep(n)   # one virtual second = one minute

async def washer():
    log("washer", "starts (45 min)")
    await minutes(45)
    log("washer", "done, the clothes are wet")
    return "wet clothes"

async def dryer(washing):
    log("dryer", "waits for the washer")
    clothes = await washing          # nothing to dry until the wash is over
    log("dryer", f"gets the {clothes}, starts (60 min)")
    await minutes(60)
    log("dryer", "done")
    return "dry clothes"

async def dishwasher():
    log("dishwasher", "starts (50 min)")
    await minutes(50)
    log("dishwasher", "done")
    return "clean dishes"

async def cooking():
    log("cooking", "chops vegetables (20 min)")
    await minutes(20)
    log("cooking", "soup simmers (40 min)")
    await minutes(40)
    log("cooking", "lunch is ready")
    return "soup"

async def one_after_another():
    # Each await finishes a chore completely before the next one begins.
    washing = asyncio.create_task(washer())
    results = [await washing]
    results.append(await dryer(washing))
    results.append(await dishwasher())
    results.append(await cooking())
    return results

async def all_together():
    washing = asyncio.create_task(washer())
    drying = asyncio.create_task(dryer(washing))
    dishes = asyncio.create_task(dishwasher())
    lunch = asyncio.create_task(cooking())
    log("me", "everything is started")
    # gather waits for all four and keeps the order we list them in.
    return await asyncio.gather(washing, drying, dishes, lunch)

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
