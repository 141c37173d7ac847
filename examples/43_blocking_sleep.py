# Lesson 43: one blocking call stalls everyone
#
# The event loop is a single line of work: it runs one task at a time, and a
# task keeps the loop until it reaches an `await` that really waits. That is
# fine as long as every task waits politely with `await asyncio.sleep(...)`
# (or awaits a network read, a queue, a lock...): while it waits, the others
# run.
#
# time.sleep is not polite. It does not hand control back; it just stops the
# whole program, loop included, for the time asked. Put it in a coroutine and
# every other task freezes with it. The log below prints the virtual time of
# each event: watch the heartbeat skip while the blocking task sleeps.

import asyncio
import time

START = time.perf_counter()
log = []

def say(who, what):
    line = f"{time.perf_counter() - START:4.1f}s  {who:<9} {what}"
    log.append(line)
    print(line)

async def heartbeat(beats):
    for n in range(1, beats + 1):
        say("heartbeat", f"beat {n}")
        await asyncio.sleep(0.5)

async def polite_worker():
    say("worker", "starts a 2 s job, waiting politely")
    await asyncio.sleep(2)
    say("worker", "job done")

async def rude_worker():
    say("worker", "starts a 2 s job with time.sleep")
    # Nothing else can run during these two seconds.
    time.sleep(2)
    say("worker", "job done (and the loop was frozen meanwhile)")

async def run_with(worker):
    began = time.perf_counter()
    await asyncio.gather(heartbeat(6), worker())
    return time.perf_counter() - began

async def main():
    print("--- with await asyncio.sleep ---")
    polite = await run_with(polite_worker)
    print(f"took {polite:.2f} s, the heartbeat never missed")
    print("--- with time.sleep ---")
    rude = await run_with(rude_worker)
    print(f"took {rude:.2f} s, one blocked stretch of 2 s")

    # Several blocking jobs add up, as if there were no concurrency at all.
    async def blocking_job(n):
        time.sleep(1)
        return n
    async def waiting_job(n):
        await asyncio.sleep(1)
        return n
    began = time.perf_counter()
    await asyncio.gather(*[blocking_job(n) for n in range(3)])
    print(f"three blocking jobs gathered: {time.perf_counter() - began:.2f} s")
    began = time.perf_counter()
    await asyncio.gather(*[waiting_job(n) for n in range(3)])
    print(f"three waiting jobs gathered:  {time.perf_counter() - began:.2f} s")

asyncio.run(main())
beats = [line for line in log if "beat" in line]
print(f"{len(beats)} heartbeats logged in all")
