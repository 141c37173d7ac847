# CPython's frame keeps every bound local until it is rebound, deleted, or the frame
# ends, even one that is never read again. A generator suspended at a `yield` keeps its
# frame, so a value held only by such a dead local lives on while it is suspended, and
# when that value is a generator, its `finally` runs only when the local lets it go.


def inner(name):
    try:
        yield name
        yield name
    finally:
        print("  finally of", name)


def kept_until_the_end():
    g = inner("a")  # read once, then dead, but bound until the frame ends
    print("  got", next(g))
    yield 1
    print("  resumed")
    yield 2
    print("  returns")


print("dead local, kept until the frame ends:")
o = kept_until_the_end()
print(next(o))
print(next(o))
print(next(o, "done"))
print("after the end")


def rebound():
    g = inner("b")
    next(g)
    yield 1
    g = None  # the old value goes here
    print("  rebound")
    yield 2
    g = inner("c")
    next(g)
    del g  # and here
    print("  deleted")
    yield 3


print("rebinding and del:")
for x in rebound():
    print(x)


def abandoned():
    g = inner("d")
    next(g)
    yield 1
    yield 2


print("abandoned while suspended:")
o = abandoned()
print(next(o))
print("dropping it")
o = None
print("dropped")


def sent_into():
    # `x = yield` rebinds x only when the generator is resumed: until then x still holds
    # the generator it had.
    x = inner("e")
    next(x)
    x = yield "waiting"
    print("  x is now", x)
    yield "end"


print("the target of a sent value:")
o = sent_into()
print(next(o))
print("sending")
print(o.send(5))


def makers():
    yield inner("f")
    yield inner("g")


def loop_variable():
    # A `for` variable keeps its item until the next item rebinds it.
    for g in makers():
        next(g)
        yield "item"
        print("  next item")


print("a for variable:")
for x in loop_variable():
    print(x)


def many_locals(n):
    # A bigger frame (more slots), kept as its values rather than whole.
    a, b, c, d = n, n + 1, n + 2, n + 3
    g = inner("h")
    h = inner("i")
    next(g)
    next(h)
    t = (1, "two", inner("j"))
    next(t[2])
    total = a + b + c + d
    yield total
    print("  many resumed")
    yield total + 1
    print("  many returns")


print("many locals:")
for x in many_locals(1):
    print(x)
print("after many")


def plain_values():
    # Values with no visible end: whether they are kept or not cannot be seen.
    n = 10**30
    s = "text" * 3
    t = (1, 2.5, None)
    yield n + 1
    yield len(s) + len(t)


print(list(plain_values()))


print("end")
