# Regressions for saving locals across suspension points: values that must
# survive a yield, closures over generator locals, names unbound at a resume,
# arguments of every kind, and recursion through generators.

def survives():
    a = 1
    b = [a]
    yield "first"
    a += 1
    b.append(a)
    c = yield "second"
    yield (a, b, c)

g = survives()
print(next(g), next(g), g.send("sent"))

# A closure created inside a generator sees later rebinding of the local.
def closures():
    value = "before"
    read = lambda: value
    yield read()
    value = "after"
    yield read()
    def bump():
        nonlocal value
        value = value + "!"
    bump()
    yield value

print(list(closures()))

# A generator that is itself a closure over an outer function's variable.
def make_counter():
    count = 0
    def ticks(n):
        nonlocal count
        for _ in range(n):
            count += 1
            yield count
    return ticks, lambda: count

ticks, current = make_counter()
t = ticks(3)
print(next(t), current())
print(list(t), current())
print(list(ticks(2)), current())

# A name assigned only on one path is unbound after the resume on the other.
def maybe(flag):
    if flag:
        name = "bound"
    yield "paused"
    yield name

print(list(maybe(True)))
g = maybe(False)
print(next(g))
try:
    next(g)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

# Deleting a local between yields.
def deleting():
    x = "temporary"
    yield x
    del x
    try:
        yield x
    except NameError as e:
        yield type(e).__name__

print(list(deleting()))

# Arguments of every kind are locals that survive too.
def args_kinds(a, b=2, *rest, key="k", **extra):
    yield a
    yield b
    yield rest
    yield key
    yield sorted(extra.items())

print(list(args_kinds(1)))
print(list(args_kinds(1, 3, 4, 5, key="K", z=26, y=25)))

# Mutable default shared between calls of a generator function.
def accumulate(x, seen=[]):
    seen.append(x)
    yield list(seen)

print(next(accumulate(1)), next(accumulate(2)))

# Loop variables and the loop's iterator both survive the yields.
def nested_loops():
    for i in range(3):
        for j in range(i):
            yield (i, j)
        k = i * 10
    yield ("last k", k)

print(list(nested_loops()))

# Recursion: each activation keeps its own locals.
def walk(tree, depth=0):
    label, children = tree
    yield "  " * depth + label
    for child in children:
        yield from walk(child, depth + 1)

tree = ("root", [("a", [("a1", []), ("a2", [])]), ("b", [("b1", [("deep", [])])])])
for line in walk(tree):
    print(line)

# Many generators alive at once each keep their own position, but a genexp body
# reads the enclosing `n` when it runs: by then the comprehension left n == 3.
gens = [(n * k for k in range(3)) for n in range(4)]
print([next(g) for g in gens])
print([next(g) for g in gens])
print([list(g) for g in gens])
# The outermost iterable is evaluated at creation, so range(n) sees each n.
gens = [(k for k in range(n)) for n in range(4)]
print([list(g) for g in gens])

# Global reads from inside a generator see the value at the time of the read.
setting = "old"
def reads_global():
    yield setting
    yield setting

g = reads_global()
print(next(g))
setting = "new"
print(next(g))
