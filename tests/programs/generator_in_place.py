# A generator resumed by `next` (a `for` loop, `sum`, `list`) runs its simple blocks in
# place, on its kept frame, and hands over to the general interpreter at the first
# statement that needs it. Each case here crosses that boundary somewhere.


def counter(n, step):
    i = 0
    while i < n:
        yield i
        i += step


# Ints all the way; then a float step (the int form gives way at `i += step`).
print(list(counter(5, 1)))
print(list(counter(2, 0.5)))

# An int that outgrows a machine word goes on as a Python int.
def doubling(x):
    while x < 10**30:
        yield x
        x = x * 1000 + x


print(list(doubling(3)))


# A statement with no compact form in the middle of a block: the int statement before
# it must not run twice.
def noisy(n):
    total = 0
    k = 0
    while k < n:
        total = total + k
        print("at", k, "total", total)
        k = k + 1
        yield total


print(sum(noisy(4)))


# A pipeline of three stages; the middle one loops over a range (not a generator).
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def pairs(xs):
    for x in xs:
        for j in range(2):
            yield x * 10 + j


def squares(xs):
    for x in xs:
        yield x * x % 11


print(list(squares(pairs(numbers(4)))))


# The inner generator raises: the outer one's `try` catches it at its `for`.
def fragile(n):
    i = 0
    while i < n:
        yield i
        i += 1
    raise ValueError("ran dry")


def guarded(xs):
    try:
        for x in xs:
            yield x + 100
    except ValueError as e:
        print("caught", e)
        yield -1


print(list(guarded(fragile(3))))


# Uncaught in a plain loop: the traceback names both frames.
def outer(xs):
    for x in xs:
        yield x


try:
    print(sum(outer(fragile(2))))
except ValueError as e:
    print("sum failed:", e)


# An int assignment drops the last reference to a suspended generator inside a
# `try`: it is closed right there, before the next statement.
def closable():
    try:
        yield 1
        yield 2
    finally:
        print("closable closed")


def dropper(n):
    g = closable()
    print("first", next(g))
    k = 1
    while k < n:
        g = k + 1
        print("g is now", g)
        yield g
        k += 1


print(list(dropper(3)))

# `send` into a generator that `next` drives too: the sent value lands in the same slot.
def echo():
    got = None
    n = 0
    while n < 4:
        got = yield n
        print("got", got)
        n += 1


e = echo()
print(next(e))
print(e.send("hello"))
print(next(e))
print(e.send(42))
try:
    next(e)
except StopIteration:
    print("echo finished")

# Finished generators stay finished.
g = numbers(1)
print(list(g), list(g), next(g, "done"))

# A generator iterating over itself is already executing.
def selfish():
    yield 1
    for x in me:
        yield x


me = selfish()
try:
    print(list(me))
except ValueError as e:
    print("ValueError:", e)


# `i += step` and `i -= step` run without a call while `i` is a machine int, and give
# way to the general path for a bool, a float, or a result beyond 64 bits.
def stepping(start, step, times):
    i = start
    n = 0
    while n < times:
        yield i
        i += 1
        i = i - step
        n = n + 1


print(list(stepping(True, 0, 3)))
print(list(stepping(0, 0.5, 3)))
print(list(stepping(-2**63 + 1, 2, 3)))
print(list(stepping(2**63 - 3, -1, 3)))


# Four generators deep: the `for` of each resumes the next one, some in the same call
# and some through another.
def plus_one(xs):
    for x in xs:
        yield x + 1


print(list(plus_one(plus_one(squares(plus_one(numbers(4)))))))
print(sum(plus_one(plus_one(plus_one(plus_one(numbers(1000)))))))


# A `for` rebinding its loop variable drops the generator it held: its `finally` runs
# right after the next statement, as the general path runs it (a review found it
# printed one item late).
def holder(name):
    try:
        yield name
    finally:
        print("closed", name)


def handed_out():
    i = 0
    while i < 3:
        h = holder(i)
        next(h)
        yield h
        i = i + 1


def count(hs):
    n = 0
    for h in hs:
        n = n + 1
        yield n
        if n < 0:
            print(h)


for v in count(handed_out()):
    print("got", v)
