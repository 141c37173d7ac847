# Every consuming builtin pulls from a generator one value at a time: the prints
# from inside the generator interleave with the consumer's own work.

def source(name, values):
    for v in values:
        print(f"  {name} yields {v!r}")
        yield v
    print(f"  {name} is exhausted")

def loud(tag, x):
    print(f"  {tag}({x!r})")
    return x

print("list:", list(source("s", [1, 2])))
print("tuple:", tuple(x * 10 for x in source("s", [1, 2])))
print("sum:", sum(source("s", [1, 2, 3])))
print("sum with start:", sum((x for x in source("s", [0.5, 0.25])), 10))
print("min:", min(source("s", [3, 1, 2])))
print("max:", max(source("s", "bca"), key=lambda c: loud("key", c)))
print("min default:", min(source("s", []), default="empty"))
print("sorted:", sorted(source("s", [3, 1, 2]), reverse=True))
print("set:", sorted(set(source("s", [2, 2, 1]))))
print("dict:", dict((k, len(k)) for k in source("s", ["ab", "c"])))
print("dict of pairs:", dict(source("s", [("a", 1), ("b", 2)])))
print("join:", "-".join(source("s", ["x", "y", "z"])))
print("join of genexp:", ", ".join(str(n * n) for n in source("s", [1, 2])))

# map and filter are lazy themselves: nothing runs until they are iterated.
m = map(lambda x: loud("double", x) * 2, source("m", [1, 2]))
print("map created, nothing ran yet")
print("map:", list(m))
f = filter(lambda x: loud("test", x) % 2, source("f", [1, 2, 3]))
print("filter created, nothing ran yet")
print("first from filter:", next(f))
print("rest of filter:", list(f))

# enumerate and zip pull in step with their consumer.
for i, v in enumerate(source("e", "ab"), 1):
    print(f"enumerate gave {i} {v}")
for a, b in zip(source("left", [1, 2]), source("right", "xy")):
    print(f"zip gave {a} {b}")

# A generator expression runs nothing until first pulled, except that its
# outermost iterable is evaluated at once.
g = (loud("body", x) for x in loud("outermost", [1, 2]))
print("genexp created")
print("first:", next(g))
print("rest:", list(g))

# A pipeline: each stage pulls exactly one item through the whole chain.
def numbers():
    for n in range(1, 4):
        print(f"  numbers -> {n}")
        yield n

def squares(it):
    for n in it:
        print(f"  squares -> {n * n}")
        yield n * n

def labels(it):
    for n in it:
        yield f"<{n}>"

for item in labels(squares(numbers())):
    print("consumer got", item)

# A comprehension over a generator consumes it fully before the result exists.
print("listcomp:", [x + 1 for x in source("c", [1, 2])])
print("setcomp:", sorted({x % 2 for x in source("c", [1, 2, 3])}))
print("dictcomp:", {x: x * x for x in source("c", [1, 2])})

# Unpacking and star-arguments consume too.
a, b, c = source("u", "abc")
print("unpacked:", a, b, c)
first, *rest = source("u", [1, 2, 3])
print("starred:", first, rest)
print(*source("p", ["printed", "by", "star"]))
print("in:", 2 in source("in", [1, 2, 3]))
