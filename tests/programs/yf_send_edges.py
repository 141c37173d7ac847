# Delegation steps (yield from) over every kind of delegate: generators that return
# values, builtin iterators that cannot take send(), and errors raised inside.


def inner(tag):
    got = yield f"{tag}: first"
    print("inner got", got)
    got = yield f"{tag}: second"
    print("inner got", got)
    return f"{tag} result"


def outer():
    r = yield from inner("a")
    print("outer saw", r)
    r = yield from [10, 20]
    print("list result", r)
    r = yield from range(2)
    print("range result", r)
    return "outer done"


g = outer()
print(next(g))
print(g.send("x"))
print(g.send("y"))
print(next(g))
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("stopped with", e.value)


def over_list():
    yield from [1, 2, 3]


h = over_list()
print(next(h))
try:
    h.send("not none")
except AttributeError as e:
    print("AttributeError:", e)


def boom():
    yield 1
    raise ValueError("inside")


def around():
    try:
        yield from boom()
    except ValueError as e:
        print("caught", e)
        yield "recovered"


print(list(around()))


def returns_early():
    return 5
    yield


def takes():
    v = yield from returns_early()
    yield v


print(list(takes()))


def not_iterable():
    yield from 42


try:
    list(not_iterable())
except TypeError as e:
    print("TypeError:", e)
