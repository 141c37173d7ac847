# Nested generators, closures over generator locals, and generators inside functions.
def make_counter(step):
    def counter(start):
        n = start
        while True:
            yield n
            n += step
    return counter

c = make_counter(5)(1)
print([next(c) for _ in range(4)])

def with_helpers(words):
    seen = []
    def remember(w):
        seen.append(w)
        return len(seen)
    for w in words:
        k = remember(w)
        yield w, k, list(seen)
    total = sum(len(s) for s in seen)
    yield "total", total

for item in with_helpers(["x", "yy", "zzz"]):
    print(item)

def outer(n):
    def inner(m):
        for i in range(m):
            yield i * n
    for j in range(n):
        yield from inner(j)

print(list(outer(3)))

counter = 0
def bump():
    global counter
    while counter < 3:
        counter += 1
        yield counter

print(list(bump()), counter)

def tree(depth, label="r"):
    yield label
    if depth:
        for child in ("L", "R"):
            yield from tree(depth - 1, label + child)

print(list(tree(2)))
