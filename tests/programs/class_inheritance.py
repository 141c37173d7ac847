# Inheritance: the MRO (C3), super() along it, class-level hooks and descriptors.
class Base:
    def hello(self):
        return ["Base"]


class Left(Base):
    def hello(self):
        return ["Left"] + super().hello()


class Right(Base):
    def hello(self):
        return ["Right"] + super().hello()


class Child(Left, Right):
    def hello(self):
        return ["Child"] + super().hello()


print(Child().hello())
print([c.__name__ for c in Child.__mro__])
print(Child.__bases__, Child.__base__, Left.__bases__)
print(issubclass(Child, (Right, int)), issubclass(Base, Child), isinstance(Child(), Base))

try:
    class Broken(Base, Left):
        pass
except TypeError as e:
    print("TypeError:", e)


class Registry:
    members = []

    def __init_subclass__(cls, tag="none", **kwargs):
        super().__init_subclass__(**kwargs)
        cls.tag = tag
        Registry.members.append(cls.__name__)


class One(Registry, tag="first"):
    pass


class Two(One):
    pass


print(Registry.members, One.tag, Two.tag)


class Field:
    def __set_name__(self, owner, name):
        self.name = name
        print("set_name", owner.__name__, name)


class Form:
    title = Field()
    body = Field()


print(Form.title.name, Form.body.name)


def register(cls):
    cls.registered = True
    return cls


@register
class Thing:
    """Docs for Thing."""


print(Thing.registered, Thing.__doc__, Thing.__module__, Thing.__qualname__)


class Temperature:
    def __init__(self):
        self._c = 0

    @property
    def celsius(self):
        """Degrees Celsius."""
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value

    @celsius.deleter
    def celsius(self):
        print("deleting")
        self._c = None

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32


t = Temperature()
t.celsius = 100
print(t.celsius, t.fahrenheit, Temperature.celsius.__doc__)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 1
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(t.celsius, vars(t))


class Counter:
    instances = 0

    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances

    @classmethod
    def make(cls, n):
        return [cls() for _ in range(n)]

    @staticmethod
    def double(x):
        return 2 * x


class SubCounter(Counter):
    pass


made = SubCounter.make(2)
print([type(c).__name__ for c in made], [c.id for c in made], Counter.double(4), made[0].double(5))
print(Counter.instances, SubCounter.instances, SubCounter().instances)


class Shape:
    sides = 0

    def describe(self):
        return f"{type(self).__name__} with {self.sides} sides"


class Square(Shape):
    sides = 4


s = Square()
s.sides = 5
print(Square().describe(), s.describe(), Shape.describe(s))
print(getattr(s, "sides"), getattr(s, "colour", "none"), hasattr(s, "describe"))
setattr(s, "colour", "red")
delattr(s, "sides")
print(s.colour, s.sides, vars(s))
try:
    del s.sides
except AttributeError as e:
    print("AttributeError:", e)
try:
    s.missing
except AttributeError as e:
    print("AttributeError:", e)


class Lazy:
    def __getattr__(self, name):
        return f"computed {name}"


print(Lazy().anything, getattr(Lazy(), "x"))


class WithSlots:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1


print(WithSlots().a, WithSlots.__slots__)


class Outer:
    class Inner:
        def where(self):
            return type(self).__qualname__

    def make(self):
        return self.Inner()


print(Outer().make().where(), Outer.Inner.__qualname__, repr(Outer.Inner)[:28])


class Explicit(Base):
    def hello(self):
        return ["Explicit"] + super(Explicit, self).hello()


print(Explicit().hello())


def make_class(n):
    class Local:
        size = n

        def get(self):
            return self.size + n

    return Local


L = make_class(3)
print(L().get(), L.__qualname__)


class Meta:
    x = 1
    y = x + 1
    del x


print(Meta.y, hasattr(Meta, "x"))
