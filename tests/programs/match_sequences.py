# match: sequence patterns: lists, tuples and ranges match; strings, bytes and dicts do not.


def shape(x):
    match x:
        case []:
            return "empty"
        case [only]:
            return f"one: {only!r}"
        case [first, second]:
            return f"two: {first!r}, {second!r}"
        case [first, *middle, last]:
            return f"first {first!r}, middle {middle!r}, last {last!r}"
        case _:
            return "not a sequence"


for value in [[], (), [1], (1,), range(1), [1, 2], (1, 2), range(2), [1, 2, 3, 4], (1, 2, 3), range(5),
              "", "a", "ab", b"ab", {"a": 1}, {1, 2}, 12, None]:
    print(repr(value), "->", shape(value))


def star(x):
    match x:
        case [*head, 0]:
            return f"ends with 0 after {head}"
        case [0, *tail]:
            return f"starts with 0 before {tail}"
        case [1, *_, 1]:
            return "starts and ends with 1"
        case [*_]:
            return "some sequence"


for value in [[0], [5, 0], [0, 5], [1, 1], [1, 2, 3, 1], [2], (7, 8, 0), range(0, 3)]:
    print(repr(value), "->", star(value))

# The star's part is always a list, whatever the subject is.
match (1, 2, 3):
    case (a, *rest):
        print(a, rest, type(rest).__name__)
match range(10, 15):
    case [a, *rest, z]:
        print(a, rest, z)

# Parentheses and no brackets at all are sequence patterns too.
match 1, 2:
    case x, y:
        print("open sequence", x, y)
match [3, 4]:
    case (x, y):
        print("tuple pattern on a list", x, y)
match (5,):
    case (x,):
        print("one-tuple pattern", x)
match (5,):
    case (x):
        print("a parenthesized capture, not a tuple:", x)

# Nested sequences.
points = [[(0, 0), (1, 1)], [(0, 0), (2, 3), (4, 5)], [(1, 2)], [[1], [2, 3]]]
for p in points:
    match p:
        case [(0, 0), (x, y)]:
            print("from the origin to", x, y)
        case [(0, 0), *others]:
            print("from the origin through", others)
        case [[a], [b, c]]:
            print("lists", a, b, c)
        case [(x, y)]:
            print("a single point", x, y)

# A sequence pattern asks for the length first, then looks at the items in order.
match [1, 2, 3]:
    case [1, 2]:
        print("no: too long")
    case [1, 2, 3, 4]:
        print("no: too short")
    case [_, _, _]:
        print("three items")
