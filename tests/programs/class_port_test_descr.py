# A port, in our own code, of the basics CPython's Lib/test/test_descr.py checks: the
# method resolution order (C3, its "consistent method resolution order" error and the
# other errors of bad bases), super() in its zero- and two-argument forms, properties
# with getter, setter and deleter (and their errors), staticmethod and classmethod,
# __slots__ accepted in a class body, descriptors of our own with __get__, __set__,
# __delete__ and __set_name__, __init_subclass__, and attributes added to or removed
# from a class after its instances exist.


def names(cls):
    return [c.__name__ for c in cls.__mro__]


# C3 linearization.
class O:
    pass


class A(O):
    pass


class B(O):
    pass


class C(O):
    pass


class D(O):
    pass


class E(O):
    pass


class K1(A, B, C):
    pass


class K2(D, B, E):
    pass


class K3(D, A):
    pass


class Z(K1, K2, K3):
    pass


print(names(Z))
print(names(K1), [c.__name__ for c in K3.mro()], Z.__bases__ == (K1, K2, K3))


class Pane:
    pass


class ScrollingMixin:
    pass


class EditingMixin:
    pass


class ScrollablePane(Pane, ScrollingMixin):
    pass


class EditablePane(Pane, EditingMixin):
    pass


class EditableScrollablePane(ScrollablePane, EditablePane):
    pass


print(names(EditableScrollablePane))


# Bases that cannot be ordered.
class X:
    pass


class Y(X):
    pass


try:

    class Bad(X, Y):
        pass

except TypeError as e:
    print("TypeError:", e)


class P:
    pass


class Q:
    pass


class PQ(P, Q):
    pass


class QP(Q, P):
    pass


try:

    class Both(PQ, QP):
        pass

except TypeError as e:
    print("TypeError:", e)

try:

    class Twice(P, P):
        pass

except TypeError as e:
    print("TypeError:", e)



# Attribute lookup follows the MRO.
class Top:
    def who(self):
        return "Top"

    tag = "top"


class Left(Top):
    def who(self):
        return "Left>" + super().who()


class Right(Top):
    def who(self):
        return "Right>" + super().who()

    tag = "right"


class Bottom(Left, Right):
    def who(self):
        return "Bottom>" + super().who()


print(Bottom().who(), Bottom.tag, names(Bottom))
print(super(Left, Bottom()).who(), super(Bottom, Bottom()).tag)
print(super(Right, Bottom()).who())


# super(): two-argument forms, on classmethods and staticmethod-like calls.
class Base:
    def hello(self):
        return "Base.hello of " + type(self).__name__

    @classmethod
    def make(cls):
        return "made " + cls.__name__

    @staticmethod
    def helper(x):
        return x * 2

    @property
    def kind(self):
        return "base kind"


class Child(Base):
    def hello(self):
        return "Child>" + super(Child, self).hello()

    @classmethod
    def make(cls):
        return "Child>" + super().make()

    def helper_twice(self):
        return super().helper(5)

    @property
    def kind(self):
        return "child of " + super().kind


ch = Child()
print(ch.hello(), Child.make(), ch.make(), ch.helper_twice(), ch.kind)
print(super(Child, ch).hello(), super(Child, Child).make(), super(Child, ch).kind)
unbound = super(Child, Child).hello
print(unbound(ch))
try:
    super(Child, Base()).hello()
except TypeError as e:
    print("TypeError:", e)
try:
    super(Child, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    super(3, ch)
except TypeError as e:
    print("TypeError:", e)
try:
    super(Child, ch).missing
except AttributeError as e:
    print("AttributeError:", e)


def outside():
    return super().hello()


try:
    outside()
except RuntimeError as e:
    print("RuntimeError:", e)


class NoArgs:
    def method():
        return super().x


try:
    NoArgs.method()
except RuntimeError as e:
    print("RuntimeError:", e)


# Cooperative __init__ along the MRO.
class Root:
    def __init__(self, **kw):
        self.trail = ["Root"]
        super().__init__(**kw)


class Shape(Root):
    def __init__(self, sides, **kw):
        super().__init__(**kw)
        self.sides = sides
        self.trail.append("Shape")


class Colored(Root):
    def __init__(self, color, **kw):
        super().__init__(**kw)
        self.color = color
        self.trail.append("Colored")


class Tile(Shape, Colored):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.trail.append("Tile")


t = Tile(sides=4, color="red")
print(t.trail, t.sides, t.color, names(Tile))
try:
    Tile(sides=3, color="blue", extra=1)
except TypeError as e:
    print("TypeError:", e)


# Properties.
class Temperature:
    def __init__(self):
        self._c = 0

    def get_c(self):
        return self._c

    def set_c(self, v):
        if v < -273.15:
            raise ValueError("too cold")
        self._c = v

    def del_c(self):
        print("deleting")
        del self._c

    celsius = property(get_c, set_c, del_c, "the temperature in degrees Celsius")

    @property
    def fahrenheit(self):
        "derived, read-only"
        return self._c * 9 / 5 + 32


tc = Temperature()
tc.celsius = 100
print(tc.celsius, tc.fahrenheit, Temperature.celsius.__doc__, Temperature.fahrenheit.__doc__)
try:
    tc.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    tc.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    del tc.fahrenheit
except AttributeError as e:
    print("AttributeError:", e)
del tc.celsius
try:
    tc.celsius
except AttributeError as e:
    print("AttributeError:", e)
print(Temperature.celsius.fget is Temperature.get_c, Temperature.fahrenheit.fset)
print(isinstance(Temperature.celsius, property), type(Temperature.celsius).__name__)


class WriteOnly:
    secret = property(None, lambda self, v: print("stored", v))


w = WriteOnly()
w.secret = 42
try:
    w.secret
except AttributeError as e:
    print("AttributeError:", e)


class Chained:
    @property
    def value(self):
        return self._v

    @value.setter
    def value(self, v):
        self._v = v * 10

    @value.deleter
    def value(self):
        self._v = "deleted"


ca = Chained()
ca.value = 4
print(ca.value)
del ca.value
print(ca.value)
print(Chained.value.fget.__name__, Chained.value.fset.__name__, Chained.value.fdel.__name__)


# A property on the class beats an instance attribute of the same name.
class Shadow:
    @property
    def name(self):
        return "from the property"


sh = Shadow()
sh.__dict__["name"] = "from the dict"
print(sh.name, vars(sh))


# staticmethod and classmethod.
class Counter:
    count = 0

    @classmethod
    def bump(cls, by=1):
        cls.count += by
        return cls

    @staticmethod
    def double(x):
        return 2 * x

    plain = staticmethod(len)


class SubCounter(Counter):
    pass


print(Counter.bump().count, SubCounter.bump(5).count, Counter.count, SubCounter.count)
print(Counter.double(4), Counter().double(5), Counter.plain("abc"), Counter().plain([1]))
print(Counter().bump() is Counter, SubCounter().bump() is SubCounter)
sm = Counter.__dict__["double"]
cm = Counter.__dict__["bump"]
print(type(sm).__name__, type(cm).__name__, sm.__func__(7), cm.__func__(SubCounter, 0).count)
try:
    Counter.double()
except TypeError as e:
    print("TypeError:", e)


# __slots__ in a class body is accepted and listed.
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


pt = Point(1, 2)
print(pt.x, pt.y, Point.__slots__)


# Descriptors of our own.
class Typed:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name
        self.private = "_" + name

    def __init__(self, kind):
        self.kind = kind

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private, "unset")

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError("%s must be %s" % (self.name, self.kind.__name__))
        setattr(obj, self.private, value)

    def __delete__(self, obj):
        print("delete", self.name)
        delattr(obj, self.private)


class Record:
    name = Typed(str)
    age = Typed(int)


rec = Record()
print(rec.name, Record.name.kind.__name__)
rec.name = "Ada"
rec.age = 36
print(rec.name, rec.age, sorted(vars(rec)))
try:
    rec.age = "old"
except TypeError as e:
    print("TypeError:", e)
del rec.age
print(rec.age)
rec.__dict__["name"] = "ignored: a data descriptor wins"
print(rec.name)


class Constant:
    """A non-data descriptor: an instance attribute shadows it."""

    def __init__(self, value):
        self.value = value

    def __get__(self, obj, objtype=None):
        return ("constant", self.value, objtype.__name__)


class UsesConstant:
    c = Constant(7)


u = UsesConstant()
print(u.c, UsesConstant.c)
u.c = "shadowed"
print(u.c)
del u.c
print(u.c)


# __init_subclass__.
class Registry:
    members = []

    def __init_subclass__(cls, /, label=None, **kw):
        super().__init_subclass__(**kw)
        cls.label = label or cls.__name__.lower()
        Registry.members.append(cls.__name__)


class First(Registry):
    pass


class Second(Registry, label="number two"):
    pass


class Third(Second):
    pass


print(Registry.members, First.label, Second.label, Third.label)
try:

    class Wrong(Registry, colour="red"):
        pass

except TypeError as e:
    print("TypeError:", e)
try:

    class Plain(color="red"):
        pass

except TypeError as e:
    print("TypeError:", e)


# Changing a class changes what its instances (and subclasses' instances) see.
class Animal:
    def sound(self):
        return "..."


class Dog(Animal):
    pass


rex = Dog()
print(rex.sound())
Animal.sound = lambda self: "generic noise"
print(rex.sound())
Dog.sound = lambda self: "woof"
print(rex.sound())
del Dog.sound
print(rex.sound())
Animal.legs = 4
print(rex.legs, hasattr(rex, "tail"))
Animal.__repr__ = lambda self: "<animal %s>" % type(self).__name__
print(rex, [rex])
Animal.__eq__ = lambda self, other: True
print(rex == 1, isinstance(hash(rex), int), Dog.__hash__ is not None)
Animal.__len__ = lambda self: 3
print(len(rex), bool(rex))
Animal.__bool__ = lambda self: False
print(bool(rex), "yes" if rex else "no")
del Animal.__bool__, Animal.__len__
print(bool(rex))
try:
    del Dog.legs
except AttributeError as e:
    print("AttributeError:", e)
Dog.kind = property(lambda self: "property added later")
print(rex.kind)
rex.__dict__["kind"] = "instance value"
print(rex.kind)
del Dog.kind
print(rex.kind)


# Class attributes: __name__, __qualname__, __module__, __doc__, __dict__.
class Outer:
    "Outer's docstring"

    class Inner:
        def method(self):
            pass


print(Outer.__name__, Outer.__qualname__, Outer.Inner.__qualname__, Outer.__module__)
print(Outer.__doc__, Outer.Inner.__doc__, Outer.Inner.method.__qualname__)
print(Outer.__bases__, Outer.Inner.__mro__[-1], Outer.__dict__["__doc__"])
print(isinstance(Outer(), object), issubclass(Outer, object), type(Outer) is type)

# Methods reached through the class are plain functions; through an instance, bound.
im = Outer.Inner()
print(type(Outer.Inner.method).__name__, type(im.method).__name__)
print(im.method.__self__ is im, im.method.__func__ is Outer.Inner.method)


# A descriptor with __set__ but no __get__ gives way to the instance's dict on reads.
class SetOnly:
    def __set__(self, obj, value):
        print("SetOnly.__set__", value)
        obj.__dict__["s"] = value * 2


class GetOnly:
    def __get__(self, obj, owner):
        return ("get", obj is None, owner.__name__)


class Holder:
    s = SetOnly()
    g = GetOnly()


class SubHolder(Holder):
    pass


ho = Holder()
print(type(Holder.s).__name__, type(ho.s).__name__)
ho.s = 5
print(ho.s, SubHolder.g, SubHolder().g)


# A caching non-data descriptor: the value it stores shadows it afterwards.
class Cached:
    def __init__(self, compute):
        self.compute = compute

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = self.compute(obj)
        obj.__dict__[self.name] = value
        print("computed", self.name)
        return value


class Circle:
    def __init__(self, r):
        self.r = r

    @Cached
    def area(self):
        return 3 * self.r * self.r


ci = Circle(2)
print(ci.area, ci.area, vars(ci), type(Circle.area).__name__)


# An error in __set_name__ is wrapped, in 3.11's words.
class Refuses:
    def __set_name__(self, owner, name):
        raise ValueError("no " + name)


try:

    class Owner:
        attr = Refuses()

except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))


# Keywords of a class statement reach __init_subclass__.
class Vetted:
    def __init_subclass__(cls, **kw):
        print("init_subclass", cls.__name__, kw)
        super().__init_subclass__()


class Flagged(Vetted, flag=True, level=2):
    pass


# An instance of object itself has no __dict__.
try:
    object().x = 1
except AttributeError as e:
    print("AttributeError:", e)
