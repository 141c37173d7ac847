# Walking nested data (comparing, printing, membership, isinstance) takes one level of the
# recursion limit per level of nesting, as Python calls do: data nested deeper than the
# limit is a RecursionError, at exactly the depth CPython gives up, never a crash.

def nest(depth, make=list):
    x = make()
    for _ in range(depth):
        x = make([x])
    return x


def nest_dict(depth):
    x = {}
    for _ in range(depth):
        x = {"k": x}
    return x


def deepest(op, make=nest):
    # The deepest nesting (from 990 on) that op still handles, and the error past it.
    # CPython counts some calls one level deeper until its adaptive interpreter has
    # specialised them: warm op up first, so that what is compared is the steady state.
    for _ in range(50):
        op(make(2), make(2))
    for depth in range(990, 1001):
        a, b = make(depth), make(depth)
        try:
            op(a, b)
        except RecursionError as e:
            return depth - 1, str(e)
    return "all", None


cases = [
    ("==", lambda a, b: a == b),
    ("!=", lambda a, b: a != b),
    ("<", lambda a, b: a < b),
    ("in list", lambda a, b: a in [b]),
    ("in tuple", lambda a, b: a in (b,)),
    ("index", lambda a, b: [b].index(a)),
    ("count", lambda a, b: [b].count(a)),
    ("remove", lambda a, b: [b].remove(a)),
    ("repr", lambda a, b: repr(a)),
    ("str", lambda a, b: str(a)),
    ("f-string", lambda a, b: f"{a}"),
    ("f-string !r", lambda a, b: f"{a!r}"),
    ("format", lambda a, b: format(a)),
    ("%s", lambda a, b: "%s" % (a,)),
    ("str.format", lambda a, b: "{}".format(a)),
    ("sorted", lambda a, b: sorted([a, b])),
    ("max", lambda a, b: max(a, b)),
]
for name, op in cases:
    print(name, deepest(op))
print("dict ==", deepest(lambda a, b: a == b, nest_dict))
print("dict repr", deepest(lambda a, b: repr(a), nest_dict))
print("tuple ==", deepest(lambda a, b: a == b, lambda d: nest(d, tuple)))
print("tuple key", deepest(lambda a, b: {a: 1}[b], lambda d: nest(d, tuple)))
print("set of tuples", deepest(lambda a, b: len({a, b}), lambda d: nest(d, tuple)))
print("tuple hash", deepest(lambda a, b: hash(a) == hash(b), lambda d: nest(d, tuple)))


def nest_classes(depth):
    x = int
    for _ in range(depth):
        x = (x,)
    return x


print("isinstance", deepest(lambda a, b: isinstance(1, a), nest_classes))
print("issubclass", deepest(lambda a, b: issubclass(bool, a), nest_classes))


def in_frames(depth, a, b):
    if depth:
        return in_frames(depth - 1, a, b)
    return a == b


# The frames already on the stack count too.
print("under 300 frames", deepest(lambda a, b: in_frames(300, a, b)))

# Containers that contain themselves.
a = []
a.append(a)
b = []
b.append(b)
print(repr(a), a == a, a in a, a.count(a), a.index(a))
for name, op in [("==", lambda: a == b), ("<", lambda: a < b), ("in", lambda: b in a),
                 ("index", lambda: a.index(b)), ("count", lambda: a.count(b))]:
    try:
        print(name, op())
    except RecursionError as e:
        print(name, "RecursionError:", e)
d = {}
d["k"] = d
e = {}
e["k"] = e
print(d)
try:
    print(d == e)
except RecursionError as err:
    print("dict RecursionError:", err)

# Nested far deeper than the limit (not so deep that CPython's own C recursion crashes): the walks stop at the limit, hashing (which CPython
# does not limit) still answers, and the data goes away without a crash.
t = ()
for _ in range(50_000):
    t = (t,)
print(hash(t) == hash(t), t == t)
for name, op in [("repr", lambda: repr(t)), ("==", lambda: t == (t,)[0][0:1][0] or t == nest(3, tuple))]:
    try:
        print(name, op())
    except RecursionError as err:
        print(name, "RecursionError:", err)
deep = nest(50_000)
try:
    print(deep)
except RecursionError as err:
    print("print RecursionError:", err)
del t, deep
print("done")
