# `yield from` over iterables that are not generators: range, list, str, tuple,
# dict, set, iterators, and another generator's iterator.

def chain(*iterables):
    for it in iterables:
        yield from it

print(list(chain(range(3), [10, 20], "ab", (True, None), {"k": 1, "j": 2})))
print(list(chain()))
print(list(chain([], "", range(0), ())))

def from_range():
    r = yield from range(2, 11, 4)
    print("  yield from range gives", r)

print(list(from_range()))

def from_iterator():
    it = iter([1, 2, 3, 4])
    first = next(it)
    yield f"took {first} by hand"
    yield from it
    print("  iterator exhausted:", next(it, "yes"))

print(list(from_iterator()))

def from_gen_iter():
    # iter() of a generator is the generator itself.
    g = (x * x for x in range(4))
    yield from iter(g)

print(list(from_gen_iter()))

def from_sorted_set():
    yield from sorted({3, 1, 2})

print(list(from_sorted_set()))

def from_map_filter_zip():
    yield from map(str.upper, ["x", "y"])
    yield from filter(lambda n: n % 2, range(6))
    yield from zip("ab", [1, 2])
    yield from enumerate("pq", start=5)
    yield from reversed([7, 8])

print(list(from_map_filter_zip()))

# send() to a delegator over a plain iterator: send(None) is just next(),
# any other value cannot be forwarded.
def over_list():
    yield from [1, 2, 3]

g = over_list()
print(next(g))
print(g.send(None))
try:
    g.send("hello")
except AttributeError as e:
    print("AttributeError:", e)
print(next(g, "the delegator finished"))

# throw() into a delegator over a plain iterator raises at the yield from.
def guarded_range():
    try:
        yield from range(5)
    except ValueError as e:
        print("  caught around yield from:", e)
        yield "recovered"

g = guarded_range()
print(next(g), next(g))
print(g.throw(ValueError("thrown")))
print(next(g, "finished"))

# close() of a delegator over a plain iterator just closes the delegator.
def range_with_finally():
    try:
        yield from range(100)
    finally:
        print("  finally of range_with_finally")

g = range_with_finally()
print(next(g), next(g))
g.close()

# yield from a non-iterable is a TypeError when the delegation starts.
def bad():
    yield "before"
    yield from 42

g = bad()
print(next(g))
try:
    next(g)
except TypeError as e:
    print("TypeError:", e)

def bad_none():
    yield from None

try:
    list(bad_none())
except TypeError as e:
    print("TypeError:", e)

# A string is iterated character by character, a dict by key.
def letters_and_keys(word, table):
    yield from word
    yield from table
    yield from table.values()
    yield from table.items()

print(list(letters_and_keys("hi", {"a": 1, "b": 2})))

# Delegating to a partially consumed generator continues where it stopped.
def numbers():
    n = 0
    while n < 5:
        yield n
        n += 1

def rest_of(g):
    yield "rest:"
    yield from g

src = numbers()
print(next(src), next(src))
print(list(rest_of(src)))
print(list(rest_of(src)))
