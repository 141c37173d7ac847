# A first class: attributes, methods, properties, class and static methods, inheritance
# with super(), an exception class and an iterator class.
class Point:
    """A point."""
    count = 0

    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.count += 1

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    @classmethod
    def origin(cls):
        return cls(0, 0)

    @staticmethod
    def describe():
        return "a point in the plane"


p = Point(3, 4)
q = Point(1, 2)
print(p, q, p + q, p.norm, Point.origin(), Point.describe(), Point.count)
print(p == Point(3, 4), p != q, Point.__doc__, Point.__name__, type(p).__qualname__)
print(isinstance(p, Point), isinstance(p, object), issubclass(Point, object))
try:
    hash(p)
except TypeError as e:
    print("TypeError:", e)


class Animal:
    def __init__(self, name):
        self.name = name

    def speak(self):
        return f"{self.name} makes a sound"


class Dog(Animal):
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed

    def speak(self):
        return super().speak() + " (woof)"


d = Dog("Rex", "lab")
print(d.speak(), d.breed, vars(d), Dog.__mro__)


class NotFound(Exception):
    def __init__(self, key):
        super().__init__(f"missing {key}")
        self.key = key


try:
    raise NotFound("k")
except LookupError:
    print("wrong")
except Exception as e:
    print(type(e).__name__, e, repr(e), e.key, e.args)


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


print(list(Countdown(3)), [x * 2 for x in Countdown(2)], len([1]))
o = object()
print(type(o), Point, NotFound)
raise NotFound("end")
