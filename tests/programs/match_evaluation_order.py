# match: the subject is evaluated once, patterns are tried in order, values and guards are
# evaluated only when the cases before them failed.

trace = []


def log(label, value):
    trace.append(label)
    return value


def subject():
    trace.append("subject")
    return {"kind": "point", "at": [3, 4]}


match subject():
    case {"kind": "line"}:
        trace.append("line")
    case {"kind": "point", "at": [x, y]} if log("guard", x < y):
        trace.append(f"point {x} {y}")
    case _:
        trace.append("other")
print(trace)

# Names the patterns bind are the enclosing function's locals.


def f(value):
    match value:
        case [a, *b]:
            pass
        case other:
            a, b = other, None
    return a, b


print(f([1, 2, 3]), f("s"))


def g(value):
    match value:
        case int(found):
            pass
    return found


try:
    g("no int")
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

# global and nonlocal names are bound where they are declared.
seen = None


def h(value):
    global seen
    match value:
        case [seen]:
            pass


h(["kept"])
print(seen)


def outer():
    last = None

    def inner(value):
        nonlocal last
        match value:
            case {"v": last}:
                pass
    inner({"v": 42})
    return last


print(outer())

# break, continue and return work inside case bodies.
for item in [1, "skip", 2, "stop", 3]:
    match item:
        case "skip":
            continue
        case "stop":
            break
        case n:
            print("item", n)


def first_even(items):
    for i in items:
        match i:
            case int(n) if n % 2 == 0:
                return n
    return None


print(first_even([1, 3, 4, 6]), first_even([1]))

# A match inside a case body.
match [1, [2, 3]]:
    case [1, inner]:
        match inner:
            case [2, z]:
                print("nested match", z)
