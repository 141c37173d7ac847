# __del__ on classes of the program: called when the last reference goes (del, rebinding,
# a function's return, a container emptied), once per object (PEP 442, even if __del__
# stores self somewhere), errors reported and ignored, and at exit for what is left.
class Tracked:
    def __init__(self, name, child=None):
        self.name = name
        self.child = child

    def __del__(self):
        print("del", self.name)


print("-- del and rebinding")
x = Tracked("x")
del x
print("after del")
y = Tracked("y1")
y = Tracked("y2")
print("after rebinding")
y = None
print("after None")

print("-- function scope")


def scope():
    local = Tracked("local")
    print("in scope", local.name)
    return 1


scope()
print("after return")


def returns_one():
    return Tracked("returned")


returns_one()
print("result discarded")
kept = returns_one()
print("result kept")
del kept

print("-- containers")
items = [Tracked("i0"), Tracked("i1"), Tracked("i2")]
items.pop()
print("popped")
items.clear()
print("cleared")
pairs = {"a": Tracked("da"), "b": Tracked("db")}
del pairs["a"]
print("key deleted")
pairs = None
print("dict dropped")
t = (Tracked("t0"), Tracked("t1"))
t = ()
print("tuple dropped")

print("-- nesting")
outer = Tracked("outer", Tracked("inner", Tracked("innermost")))
del outer
print("nested gone")
both = [Tracked("l0", Tracked("l0.child")), Tracked("l1", Tracked("l1.child"))]
del both
print("list of nested gone")


class Uses:
    def __del__(self):
        print("Uses.__del__ makes and drops one")
        Tracked("made in __del__")
        print("Uses.__del__ ends")


u = Uses()
del u
print("after Uses")

print("-- errors in __del__")


class Faulty:
    def __del__(self):
        print("Faulty.__del__ raises")
        raise ValueError("from __del__")


f = Faulty()
del f
print("the program goes on")


class Lookup:
    def __del__(self):
        print("Lookup.__del__")
        self.missing


g = Lookup()
g = 0
print("still going")

print("-- inheritance")


class Base:
    def __del__(self):
        print("Base.__del__ of", type(self).__name__)


class Derived(Base):
    pass


class Overrides(Base):
    def __del__(self):
        print("Overrides.__del__ first")
        super().__del__()


d = Derived()
del d
o = Overrides()
del o
print("after inheritance")


class Later:
    pass


later = Later()
Later.__del__ = lambda self: print("__del__ added to the class later")
del later
print("after Later")

print("-- resurrection")
saved = []


class Phoenix:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("Phoenix.__del__", self.n)
        saved.append(self)


p = Phoenix(1)
del p
print("resurrected:", [s.n for s in saved])
saved.clear()
print("gone for good (no second __del__)")

print("-- call order")


def three():
    a = Tracked("a")
    b = Tracked("b")
    c = Tracked("c")
    print("three returns")


three()
print("after three")

print("-- left at exit")


class Shutdown:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("at exit:", self.name, "sees first", first.name)


first = Shutdown("first")
second = Shutdown("second")
nested = [Shutdown("list item 0"), Shutdown("list item 1")]
holder = Tracked("holder", Shutdown("held"))


class Registry:
    entry = Shutdown("class attribute")


ring = Tracked("ring")
ring.child = Tracked("ring child", ring)
print("the program ends")
