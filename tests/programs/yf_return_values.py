# `yield from` evaluates to the subgenerator's return value (PEP 380).

def averager():
    # Receives numbers by send() until it gets None, then returns their mean.
    total = 0
    count = 0
    while True:
        value = yield
        if value is None:
            return total / count if count else None
        total += value
        count += 1

def grouper(results, key):
    # Each delegation's result is stored; the delegator then starts again.
    while True:
        results[key] = yield from averager()

results = {}
for key, values in [("girls", [40.9, 38.5, 44.3]), ("boys", [39.0, 40.8, 43.2, 40.8])]:
    group = grouper(results, key)
    next(group)
    for v in values:
        group.send(v)
    group.send(None)
for key in sorted(results):
    print(f"{key}: {results[key]:.2f}")

def gives(value):
    yield f"about to return {value!r}"
    return value

def collect():
    got = []
    for v in [1, None, "text", (2, 3), [4]]:
        r = yield from gives(v)
        got.append(r)
    return got

c = collect()
try:
    while True:
        print(next(c))
except StopIteration as e:
    print("collected:", e.value)

# Without a return statement the value of yield from is None.
def no_return():
    yield 1

def shows_none():
    r = yield from no_return()
    print("value of yield from:", r)

print(list(shows_none()))

# A return value that is itself a tuple or a StopIteration-looking object arrives whole.
def returns_tuple():
    return (1, 2)
    yield

def returns_exception():
    return StopIteration("not raised")
    yield

def unpack():
    a, b = yield from returns_tuple()
    print("unpacked:", a, b)
    e = yield from returns_exception()
    print("an exception object as a value:", type(e).__name__, e.args)

list(unpack())

# Return values chain through several levels.
def depth(n):
    if n == 0:
        yield "bottom"
        return 0
    below = yield from depth(n - 1)
    yield f"level {n} got {below}"
    return below + n

d = depth(4)
while True:
    try:
        print(next(d))
    except StopIteration as e:
        print("sum of levels:", e.value)
        break

# yield from used inside an expression.
def five():
    yield "five"
    return 5

def arith():
    x = 10 + (yield from five()) * 2
    yield x
    y = [(yield from five()), (yield from five())]
    yield y

print(list(arith()))

# The subgenerator's StopIteration value after a send-driven run.
def echo_then_total():
    total = 0
    while True:
        v = yield total
        if v is None:
            return total
        total += v

def wrapper():
    result = yield from echo_then_total()
    return f"wrapped {result}"

w = wrapper()
print(next(w), w.send(3), w.send(4))
try:
    w.send(None)
except StopIteration as e:
    print(e.value)

# A generator that returns immediately gives its value without yielding.
def instant(v):
    return v
    yield

def take_instants():
    values = []
    for i in range(3):
        values.append((yield from instant(i * i)))
    return values

t = take_instants()
try:
    next(t)
except StopIteration as e:
    print("no yields, returned", e.value)
