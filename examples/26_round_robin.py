# Lesson 26: a tiny round-robin scheduler made of plain generators
#
# Each task below is an ordinary generator. Every `yield` is the task saying
# "I give up my turn now":
#   - `yield` (None) means "I can go on, put me at the back of the line";
#   - `yield 3` means "wake me in 3 ticks", a sleep.
# The scheduler keeps a queue of ready tasks and a list of sleeping ones. Each
# tick it gives every ready task one turn (one next() call), in order, then
# moves the clock on. When nobody is ready it jumps the clock straight to the
# next wake-up time, so sleeping costs no real time at all: the clock is
# virtual. A task's `return value` is its result, read from StopIteration.value.
#
# This seeds the lessons from 40 on: asyncio's event loop is this same loop,
# grown up. `await asyncio.sleep(n)` is our `yield n`, `await` is `yield from`,
# and a coroutine is a generator run by the loop. Each task here is a state
# machine the scheduler resumes:
#   peel dump --stage statemachine examples/26_round_robin.py

def sleep(ticks):
    # A helper task can hand its requests up with yield from, just as
    # `await asyncio.sleep(ticks)` does.
    yield ticks

def baker(loaves, bake_time):
    for n in range(1, loaves + 1):
        print(f"    baker: kneads loaf {n}")
        yield                         # let the others run
        print(f"    baker: loaf {n} goes in the oven")
        yield from sleep(bake_time)   # oven time: sleep, don't hog the turn
        print(f"    baker: loaf {n} is out")
    return f"{loaves} loaves"

def cashier(customers):
    served = 0
    for customer in customers:
        print(f"    cashier: serves {customer}")
        served += 1
        yield
    return f"served {served}"

def cleaner():
    print("    cleaner: sweeps, then lets the floor dry")
    yield 4
    print("    cleaner: mops")
    return "floor clean"

def run(tasks):
    ready = list(tasks)        # (name, generator) pairs, front = next to run
    sleeping = []              # [wake_tick, name, generator]
    results = {}
    tick = 0
    while ready or sleeping:
        # Wake every sleeper whose time has come, earliest first (sort is
        # stable, so sleepers due at the same tick keep their order).
        sleeping.sort(key=lambda entry: entry[0])
        while sleeping and sleeping[0][0] <= tick:
            wake_tick, name, gen = sleeping.pop(0)
            ready.append((name, gen))
        if not ready:
            next_tick = sleeping[0][0]
            print(f"tick {tick}: nobody ready, clock jumps to {next_tick}")
            tick = next_tick
            continue
        print(f"tick {tick}: ready = {[name for name, gen in ready]}")
        # One turn each for the tasks ready now; new arrivals wait a tick.
        this_round = ready
        ready = []
        for name, gen in this_round:
            try:
                request = next(gen)
            except StopIteration as stop:
                print(f"  {name} finished -> {stop.value!r}")
                results[name] = stop.value
                continue
            except Exception as error:
                # One task failing must not stop the others: keep the error
                # as its result (asyncio's tasks do the same).
                print(f"  {name} crashed: {type(error).__name__}: {error}")
                results[name] = error
                continue
            if request is None:
                ready.append((name, gen))
            else:
                print(f"  {name} sleeps {request} ticks (until {tick + request})")
                sleeping.append([tick + request, name, gen])
        tick += 1
    print(f"all done at tick {tick}")
    return results

results = run([
    ("baker", baker(2, 3)),
    ("cashier", cashier(["Ana", "Bo", "Cy"])),
    ("cleaner", cleaner()),
])
for name in sorted(results):
    print(f"{name:>8}: {results[name]}")

def oven_check():
    yield 1
    raise RuntimeError("oven too hot")

# Creating tasks runs nothing (lesson 20): the scheduler decides when
# each body starts. Here nothing prints until run() takes the first turn.
print("--- a second, smaller day ---")
late = [("cleaner", cleaner()), ("oven", oven_check()), ("cashier", cashier(["Di"]))]
print("tasks created, nothing ran yet")
print(run(late))
