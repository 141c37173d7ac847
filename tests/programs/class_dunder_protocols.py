# Operators and protocols a class defines, dispatched through its type as CPython does.
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Vec({self.x!r}, {self.y!r})"

    def __add__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return Vec(self.x + other.x, self.y + other.y)

    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return Vec(self.x * k, self.y * k)
        return NotImplemented

    __rmul__ = __mul__

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __eq__(self, other):
        return isinstance(other, Vec) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __lt__(self, other):
        return abs(self) < abs(other)

    def __bool__(self):
        return bool(self.x or self.y)

    def __format__(self, spec):
        return f"<{self.x:{spec}}, {self.y:{spec}}>"


a, b = Vec(1, 2), Vec(3, 4)
print(a + b, a * 3, 2 * a, -a, abs(b))
print(a == Vec(1, 2), a != b, a < b, b > a, sorted([b, a]), max(a, b))
print({a, Vec(1, 2), b} == {a, b}, {a: "first"}[Vec(1, 2)])
print(bool(Vec(0, 0)), bool(a), not a, f"{a:5.1f}", format(b, "03d"))
try:
    a + 1
except TypeError as e:
    print("TypeError:", e)
try:
    a <= b
except TypeError as e:
    print("TypeError:", e)


class Acc:
    def __init__(self):
        self.items = []

    def __iadd__(self, item):
        self.items.append(item)
        return self

    def __len__(self):
        return len(self.items)

    def __contains__(self, item):
        return item in self.items

    def __getitem__(self, i):
        return self.items[i]

    def __setitem__(self, i, v):
        self.items[i] = v

    def __delitem__(self, i):
        del self.items[i]

    def __call__(self, *args, **kwargs):
        return f"called with {args} {kwargs}"

    def __str__(self):
        return "Acc" + str(self.items)


acc = Acc()
same = acc
acc += 1
acc += 2
acc += 3
print(acc is same, len(acc), 2 in acc, 9 in acc, acc[0], acc[-1], acc[1:])
acc[0] = 10
del acc[1]
print(acc, str(acc), repr(acc)[:18], acc(1, k=2), callable(acc), bool(acc))


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __radd__(self, other):
        if other == 0:
            return self
        return NotImplemented

    def __repr__(self):
        return f"Money({self.cents})"


print(sum([Money(5), Money(7), Money(1)]))
m = Money(1)
m += Money(2)
print(m)


class Plain:
    pass


p = Plain()
print(p == p, p == Plain(), p != Plain(), hash(p) == hash(p), bool(p))
try:
    len(p)
except TypeError as e:
    print("TypeError:", e)
try:
    p[0]
except TypeError as e:
    print("TypeError:", e)
try:
    iter(p)
except TypeError as e:
    print("TypeError:", e)
try:
    p()
except TypeError as e:
    print("TypeError:", e)
try:
    -p
except TypeError as e:
    print("TypeError:", e)
try:
    p < p
except TypeError as e:
    print("TypeError:", e)


class OnlyEq:
    def __eq__(self, other):
        return True


try:
    {OnlyEq()}
except TypeError as e:
    print("TypeError:", e)
print(OnlyEq() == 5, 5 == OnlyEq(), OnlyEq() != 5, OnlyEq.__hash__)


class BadBool:
    def __bool__(self):
        return 1


try:
    if BadBool():
        pass
except TypeError as e:
    print("TypeError:", e)


class Sized:
    def __len__(self):
        return 0


print(bool(Sized()), "yes" if Sized() else "no")
