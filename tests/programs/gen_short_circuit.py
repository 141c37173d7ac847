# any, all, zip, next and `in` stop pulling from a generator as soon as the
# answer is known; the generator stays suspended where it was and can go on.

def watched(name, values):
    for v in values:
        print(f"  {name} produces {v!r}")
        yield v
    print(f"  {name} ran to the end")

g = watched("a", [0, 0, 3, 0, 5])
print("any:", any(g))
print("left in the generator:", list(g))

g = watched("b", [1, 2, 0, 4])
print("all:", all(g))
print("left in the generator:", list(g))

print("any of nothing true:", any(watched("c", [0, "", None])))
print("all of all true:", all(watched("d", [1, "x"])))
print("any of empty:", any(watched("e", [])), "all of empty:", all(watched("f", [])))

# any/all over a generator expression with a condition.
nums = [3, 8, 11, 20]
print("any > 10:", any(n > 10 for n in watched("n", nums)))
print("all < 10:", all(n < 10 for n in watched("n", nums)))

# zip stops at the shortest input: it pulls from the first before noticing the
# second is exhausted, so one value of the first is lost.
first = watched("first", [1, 2, 3, 4])
second = watched("second", "xy")
print("zip:", list(zip(first, second)))
print("the first generator lost a value:", list(first))

# With the short input first, nothing is lost from the longer one.
short = watched("short", "xy")
long = watched("long", [1, 2, 3, 4])
print("zip:", list(zip(short, long)))
print("the long generator keeps the rest:", list(long))

# zip of three: stops at the first exhausted one, checked left to right.
print("zip3:", list(zip(watched("p", [1, 2]), watched("q", [1]), watched("r", [1, 2]))))

# next() with a generator expression finds the first match and stops there.
def is_big(x):
    print(f"  testing {x}")
    return x > 100

print("first big:", next((x for x in [5, 500, 50, 5000] if is_big(x)), None))
print("no big:", next((x for x in [1, 2] if is_big(x)), "none found"))

# `in` stops at the first equal value.
g = watched("m", ["a", "b", "c"])
print("'b' in g:", "b" in g)
print("then:", next(g))

# An infinite generator is fine as long as the consumer stops.
def naturals():
    n = 0
    while True:
        yield n
        n += 1

print("any over infinite:", any(n * n > 50 for n in naturals()))
print("zip with infinite:", list(zip("abc", naturals())))
print("enumerate-like:", [pair for pair, _ in zip(enumerate("xy"), naturals())])
evens = (n for n in naturals() if n % 2 == 0)
print("first evens:", [next(evens) for _ in range(4)])

# Breaking out of a for loop leaves the generator suspended: it resumes later.
g = watched("loop", [1, 2, 3, 4])
for x in g:
    if x == 2:
        break
print("after break:", next(g))
for x in g:
    print("second loop sees", x)

# min/max with a default still consume everything (no short circuit possible).
print("max:", max(watched("mx", [2, 9, 4]), default=None))
