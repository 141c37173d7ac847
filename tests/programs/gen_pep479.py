# PEP 479: a StopIteration escaping a generator body becomes a RuntimeError.

def leaky_next(it):
    # Calls next() on an exhausted iterator from inside a generator body.
    yield "before"
    yield next(it)
    yield "never"

g = leaky_next(iter([]))
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError:", e)
    print("cause is", type(e.__cause__).__name__)
    print("context is cause:", e.__context__ is e.__cause__)
try:
    next(g)
except StopIteration:
    print("the generator is finished after the RuntimeError")

def explicit_raise():
    yield 1
    raise StopIteration("explicit")

try:
    print(list(explicit_raise()))
except RuntimeError as e:
    print("list saw RuntimeError:", e, "| cause:", repr(e.__cause__))

# A for loop over a generator that leaks: the loop does NOT simply stop.
def counts():
    it = iter(range(3))
    while True:
        yield next(it)

seen = []
try:
    for x in counts():
        seen.append(x)
except RuntimeError as e:
    print("for loop got", seen, "then", e)

# The right way: catch StopIteration and return.
def counts_fixed():
    it = iter(range(3))
    while True:
        try:
            value = next(it)
        except StopIteration:
            return "ran out"
        yield value

print(list(counts_fixed()))
g = counts_fixed()
for _ in range(3):
    next(g)
try:
    next(g)
except StopIteration as e:
    print("returned:", e.value)

# StopIteration caught inside the generator is harmless.
def catches_own():
    try:
        raise StopIteration("inner")
    except StopIteration as e:
        yield "caught " + str(e)
    yield "continues"

print(list(catches_own()))

# A StopIteration thrown in with throw() and not caught is converted too.
def waits():
    yield 1
    yield 2

g = waits()
next(g)
try:
    g.throw(StopIteration("thrown"))
except RuntimeError as e:
    print("thrown StopIteration became:", e, "| cause:", e.__cause__)

# Other exceptions pass through untouched.
def other():
    yield 1
    raise KeyError("k")

try:
    list(other())
except KeyError as e:
    print("KeyError passes through:", e)

# A generator expression is a generator too: PEP 479 applies inside it.
def boom(x):
    if x == 2:
        raise StopIteration("from the element")
    return x * 10

try:
    print(list(boom(x) for x in range(4)))
except RuntimeError as e:
    print("genexp:", e)

# ...but a list comprehension is not a generator: StopIteration escapes as is.
try:
    print([boom(x) for x in range(4)])
except StopIteration as e:
    print("listcomp let StopIteration out:", e)

# return inside a generator is not an error, even with a value.
def ret():
    yield 1
    return 2

print(list(ret()))
