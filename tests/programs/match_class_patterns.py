# Class patterns on classes of the program's: __match_args__ through the MRO, keyword
# sub-patterns, guards, nesting in sequence and mapping patterns, and CPython's errors.
class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Point3(Point):
    __match_args__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class NoArgs:
    pass


class BadArgs:
    __match_args__ = ["a"]


def where(p):
    match p:
        case Point3(0, 0, 0):
            return "3d origin"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y):
            return f"on the y axis at {y}"
        case Point(x, 0) if x > 0:
            return f"positive x axis at {x}"
        case Point3(x, y, z=z):
            return f"3d {x} {y} {z}"
        case Point():
            return "somewhere"
        case NoArgs():
            return "no args"
        case [Point(a, b), *rest]:
            return f"list starting at {a},{b} and {len(rest)} more"
        case {"at": Point(x, y) as pt}:
            return f"dict with {x},{y} {type(pt).__name__}"
        case _:
            return "not a point"


for p in [Point3(0, 0, 0), Point(0, 0), Point(0, 5), Point(3, 0), Point(-3, 0), Point3(1, 2, 3),
          NoArgs(), [Point(1, 2), 3, 4], {"at": Point(7, 8)}, 42]:
    print(where(p))

for bad in [lambda: where_bad(NoArgs()), lambda: where_bad2(BadArgs())]:
    pass


def where_bad(p):
    match p:
        case NoArgs(a):
            return a


def where_bad2(p):
    match p:
        case BadArgs(a):
            return a


for f, v in [(where_bad, NoArgs()), (where_bad2, BadArgs())]:
    try:
        f(v)
    except TypeError as e:
        print("TypeError:", e)


class Missing:
    __match_args__ = ("nope",)


match Missing():
    case Missing(v):
        print("matched", v)
    case _:
        print("missing attribute: no match")
