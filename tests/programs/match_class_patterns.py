# match: class patterns on builtin types. int(x), str(x), float(x) and the other builtins
# that match themselves bind the subject whole; keyword patterns read attributes.


def what(x):
    match x:
        case bool(b):
            return f"bool {b}"
        case int(0):
            return "the int zero"
        case int(n) if n < 0:
            return f"negative int {n}"
        case int(real=r, imag=0):
            return f"int with real part {r}"
        case float(f):
            return f"float {f}"
        case str() if not x:
            return "empty str"
        case str(s):
            return f"str {s!r}"
        case bytes(b):
            return f"bytes {b!r}"
        case list([first, *_]):
            return f"list starting with {first!r}"
        case list():
            return "empty list"
        case tuple((a, b)):
            return f"pair {a!r}, {b!r}"
        case tuple(t):
            return f"tuple {t!r}"
        case dict({"k": v}):
            return f"dict with k={v!r}"
        case dict(d):
            return f"dict {d!r}"
        case set() | frozenset():
            return "a set"
        case _:
            return "something else"


for value in [True, False, 0, -3, 7, 1.5, "", "hi", b"x", [1, 2], [], (1, 2), (1, 2, 3), {"k": 1},
              {"j": 2}, {1}, frozenset(), None, range(3)]:
    print(repr(value), "->", what(value))

# Attributes that the subject lacks make the pattern fail, without an error.
match 5:
    case int(no_such_attribute=1):
        print("no")
    case int(real=5, imag=i):
        print("real 5, imag", i)

# Classes may be reached by dotted names.
import asyncio
match asyncio.CancelledError("stop"):
    case asyncio.CancelledError(args=(reason,)):
        print("cancelled because", reason)
match KeyError("k"):
    case LookupError(args=[key]):
        print("a LookupError for", key)


def attempt(f):
    try:
        print(f())
    except TypeError as e:
        print("TypeError:", e)


def too_many():
    match 5:
        case int(a, b):
            return a, b


def not_a_class():
    match 5:
        case len():
            return "len?"


def same_attribute_twice():
    match 5:
        case int(a, real=b):
            return "the self match is no attribute:", a, b


def not_instance_first():
    # A subject that is not an instance fails before the sub-patterns are counted.
    match "s":
        case int(a, b, c):
            return "no"
        case _:
            return "not an int: no TypeError"


attempt(too_many)
attempt(not_a_class)
attempt(same_attribute_twice)
attempt(not_instance_first)

match 5:
    case str(a, b):
        print("not reached")
    case float(a, b):
        print("not reached either")
    case int(a, b):
        print("not reached: the TypeError ends the program")
