# Behaviours CPython's test_patma.py checks, restated in our own programs: each check
# prints what it found, so the oracle compares every one with CPython.


def check(label, value):
    print(f"{label}: {value!r}")


# Guards are tried in order; a pattern repeated with different guards.
for n in range(4):
    match n:
        case 0 if False:
            r = "never"
        case 0 | 1 if n == 1:
            r = "one via guard"
        case 0:
            r = "zero"
        case x if x > 2:
            r = "big"
        case _:
            r = "else"
    check(f"guards {n}", r)

# Alternatives bind the same names, in any order, from whichever alternative matched.
for subject in ([1, 2, 0], [1, 2, 1], [3, 4, 5]):
    match subject:
        case [x, y, 0] | [y, x, 1]:
            check(f"swap {subject}", (x, y))
        case _:
            check(f"swap {subject}", "no match")

# Alternatives nested in sequences, and captures beside them.
for subject in ([0, "a"], [1, "b"], [2, "c"]):
    match subject:
        case [0 | 1 as bit, name]:
            check("bit", (bit, name))
        case _:
            check("bit", None)

# AS inside alternatives: each alternative binds the name itself.
for subject in (0, 1, 2):
    match subject:
        case (0 as z) | (1 as z):
            check("as in or", z)
        case _:
            check("as in or", "none")

# A walrus in the subject binds first; the subject may be a tuple without parentheses.
match (w := [1, 2]):
    case [1, *_]:
        check("walrus subject", w)
a, b = 1, 2
match a, b:
    case (1, 2):
        check("tuple subject", "matched")
match *[1, 2], 3:
    case [1, 2, 3]:
        check("starred subject", "matched")

# Mapping patterns match any dict with those keys; an empty mapping pattern any dict.
for subject in ({}, {"a": 1}, {"b": 2}, {"a": 1, "b": 2}, [("a", 1)]):
    match subject:
        case {"a": 1} | {"b": 2}:
            check(f"map {subject}", "a=1 or b=2")
        case {}:
            check(f"map {subject}", "some dict")
        case _:
            check(f"map {subject}", "no dict")

# Strings are not sequences to a pattern, but they compare to literals.
for subject in ("xy", ["x", "y"], ("x", "y")):
    match subject:
        case [a, b]:
            check(f"seq {subject!r}", (a, b))
        case "xy":
            check(f"seq {subject!r}", "the literal")

# Numbers compare by value across types; bool, int and float.
for subject in (0, 0.0, False, -0.0, 1, 1.0, True):
    match subject:
        case 0:
            check(f"zero? {subject!r}", True)
        case _:
            check(f"zero? {subject!r}", False)
for subject in (0, False, None):
    match subject:
        case False:
            check(f"is False? {subject!r}", True)
        case None:
            check(f"is None? {subject!r}", True)
        case _:
            check(f"neither {subject!r}", True)

# Star patterns in every position, over ranges.
for r in (range(0), range(1), range(2), range(5)):
    match r:
        case [*all_items] if len(all_items) < 2:
            check(f"{r} short", all_items)
        case [first, *middle, last]:
            check(f"{r} ends", (first, middle, last))

# Class patterns on builtins match subclasses: bool is an int.
for subject in (True, 3, 3.0):
    match subject:
        case int(x) | float(x) if x == 3:
            check(f"three {subject!r}", type(x).__name__)
        case int(x):
            check(f"int-like {subject!r}", x)

# The names a case bound stay bound after the match statement.
match {"name": "peel", "tags": ["a", "b"]}:
    case {"name": str(name), "tags": [*tags]}:
        pass
check("after", (name, tags))

# A match whose cases all fail binds nothing, and the program goes on.
match 3.5:
    case int(never_bound):
        pass
try:
    never_bound
except NameError as e:
    check("unbound", str(e))
