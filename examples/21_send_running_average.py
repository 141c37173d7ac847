# Lesson 21: send() and a running average
#
# `yield` is not only a way out of a generator, it is also a way in. The
# expression `x = yield value` hands `value` to the caller and pauses; when the
# caller later calls gen.send(something), the pause ends and `something`
# becomes the result of the yield expression. next(gen) is exactly
# gen.send(None).
#
# A generator used this way (fed with values rather than read from) is often
# called a coroutine. It must first be "primed": run up to its first yield with
# next(), because there is no paused yield yet to receive a value. Sending a
# non-None value into a generator that has not started is a TypeError.
#
# The state machine keeps the running total and count across each yield:
#   peel dump --stage liveness examples/21_send_running_average.py
# and `peel dump --stage desugar --pass spill` shows `total += yield total`
# (in adder, below) split so the old total is read before the pause.

def running_average():
    total = 0
    count = 0
    average = None
    while True:
        # Hand out the current average, then wait for the next number.
        number = yield average
        if number is None:
            # send(None) (or next) just asks again without adding anything.
            continue
        total += number
        count += 1
        average = total / count

avg = running_average()
print("priming with next() gives the first average:", next(avg))
for reading in [10, 20, 60, 2.5]:
    print(f"send({reading}) -> average now {avg.send(reading)}")
print("next(avg) adds nothing:", next(avg))
print("send(None) is the same as next:", avg.send(None))

# Forgetting to prime: the first send must be None.
fresh = running_average()
try:
    fresh.send(5)
except TypeError as error:
    print("TypeError:", error)
# The failed send did not start it, so it can still be primed normally.
print("primed after the error:", fresh.send(None), "then", fresh.send(5))

# A small helper that primes a coroutine for us.
def primed(gen):
    next(gen)
    return gen

# A coroutine can also finish and report a result: it stops when sent a
# sentinel, and the result travels in StopIteration.value.
def collect_stats(label):
    values = []
    while True:
        item = yield len(values)
        if item == "done":
            break
        values.append(item)
    print(f"  [{label}] got the 'done' signal after {len(values)} values")
    return {"min": min(values), "max": max(values), "mean": sum(values) / len(values)}

stats = primed(collect_stats("temperatures"))
for t in [18, 21, 25, 19]:
    print("stored so far:", stats.send(t))
try:
    stats.send("done")
except StopIteration as stop:
    print("result:", stop.value)

# Evaluation order: `total += yield total` reads total BEFORE the pause and
# adds the sent value after it. So the state machine must keep that old value
# across the yield: the liveness table lists a saved copy of total for adder.
def adder(log):
    total = 0
    while True:
        total += yield total
        log.append(total)

log = []
acc = primed(adder(log))
print("adder:", acc.send(1), acc.send(2), acc.send(3), "log:", log)

# Two-way traffic in one loop: a generator that echoes what it gets, transformed.
def shouter():
    reply = "ready"
    while True:
        heard = yield reply
        reply = heard.upper() + "!" * len(heard.split())

talk = shouter()
print(next(talk))
for phrase in ["hello", "state machines are fun"]:
    print(repr(phrase), "->", repr(talk.send(phrase)))

# send on a finished generator raises StopIteration, like next.
talk.close()
try:
    talk.send("anyone?")
except StopIteration:
    print("send after close: StopIteration")
