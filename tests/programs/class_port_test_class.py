# A port, in our own code, of the behaviours CPython's Lib/test/test_class.py checks:
# every operator dunder and its reflected form (with the call each one receives),
# container dunders, unary and conversion dunders, rich comparisons and their
# reflection, hash rules, __getattr__/__setattr__/__delattr__, __call__, __bool__ and
# __len__ and their TypeErrors, bad return types, a property raising AttributeError,
# bound method equality, and CPython's messages for missing attributes and constructors.

log = []


def logged(fn):
    def wrapper(*args):
        log.append((fn.__name__, args[1:]))
        return fn(*args)

    wrapper.__name__ = fn.__name__
    return wrapper


def show(label):
    print(label, log)
    log.clear()


class Probe:
    def __repr__(self):
        return "<probe>"


BINARY = [
    "add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod", "pow",
    "lshift", "rshift", "and", "or", "xor",
]


def make_method(name):
    def method(self, *args):
        return name

    method.__name__ = name
    return logged(method)


for stem in BINARY:
    for form in ("__%s__", "__r%s__"):
        dunder = form % stem
        setattr(Probe, dunder, make_method(dunder))
for dunder in ["__neg__", "__pos__", "__abs__", "__invert__", "__getitem__",
               "__setitem__", "__delitem__"]:
    setattr(Probe, dunder, make_method(dunder))

p = Probe()
print(p + 1, 1 + p, p - 2, 2 - p, p * 3, 3 * p, p @ 4, 4 @ p)
print(p / 5, 5 / p, p // 6, 6 // p, p % 7, 7 % p)
print(divmod(p, 8), divmod(8, p), p ** 9, 9 ** p)
print(p << 1, 1 << p, p >> 2, 2 >> p, p & 3, 3 & p, p | 4, 4 | p, p ^ 5, 5 ^ p)
show("binary:")
print(-p, +p, abs(p), ~p)
show("unary:")
print(p[1], p[:42], p[1:2:3], p[1, 2])
p[1] = "x"
p[::2] = "y"
del p[1]
del p[:3]
show("items:")


# In-place operators fall back to the binary ones, then to the reflected ones.
class Acc:
    def __init__(self, items):
        self.items = list(items)

    def __iadd__(self, other):
        log.append(("__iadd__", other))
        self.items.extend(other)
        return self

    def __sub__(self, other):
        log.append(("__sub__", other))
        return Acc(i for i in self.items if i != other)

    def __rmul__(self, other):
        log.append(("__rmul__", other))
        return Acc(self.items * other)

    def __repr__(self):
        return "Acc(%r)" % (self.items,)


a = Acc([1, 2])
keep = a
a += [3]
print(a, a is keep)
a -= 2
print(a, a is keep)
n = 2
n *= Acc([7])
print(n)
show("in-place:")


# Missing operators: CPython's TypeErrors.
class Bare:
    pass


b = Bare()
for expr in [
    lambda: b + 1,
    lambda: 1 - b,
    lambda: b * b,
    lambda: b @ 2,
    lambda: divmod(b, 1),
    lambda: b ** 2,
    lambda: pow(b, 2, 3),
    lambda: -b,
    lambda: ~b,
    lambda: abs(b),
    lambda: b < 1,
    lambda: 1 >= b,
    lambda: b[0],
    lambda: 1 in b,
    lambda: len(b),
    lambda: b(),
    lambda: iter(b),
]:
    try:
        expr()
    except TypeError as e:
        print("TypeError:", e)


def try_aug():
    x = Bare()
    try:
        x += 1
    except TypeError as e:
        print("TypeError:", e)
    try:
        x **= 2
    except TypeError as e:
        print("TypeError:", e)


try_aug()


# NotImplemented from both sides.
class Refuses:
    def __add__(self, other):
        log.append("Refuses.__add__")
        return NotImplemented

    def __radd__(self, other):
        log.append("Refuses.__radd__")
        return NotImplemented


try:
    Refuses() + Refuses()
except TypeError as e:
    print("TypeError:", e)
show("both refuse:")


# A subclass's reflected method goes first when it overrides the base's.
class Base:
    def __add__(self, other):
        log.append("Base.__add__")
        return "base"

    def __radd__(self, other):
        log.append("Base.__radd__")
        return "base-r"


class Derived(Base):
    def __radd__(self, other):
        log.append("Derived.__radd__")
        return "derived-r"


class SameRadd(Base):
    pass


print(Base() + Derived(), Base() + SameRadd())
show("subclass first:")


# Conversions and their return-type checks.
class Numberish:
    def __init__(self, v):
        self.v = v

    def __int__(self):
        return self.v

    def __float__(self):
        return float(self.v)

    def __index__(self):
        return self.v

    def __round__(self, ndigits=None):
        return ("round", ndigits)

    def __bool__(self):
        return self.v != 0


q = Numberish(10)
print(int(q), float(q), hex(q), oct(q), bin(q), "abcdefghijkl"[q], [0, 1, 2][Numberish(1)])
print(round(q), round(q, 2), bool(q), bool(Numberish(0)))
print(list(range(Numberish(3))), "ab" * Numberish(2))


class BadReturns:
    def __int__(self):
        return None

    __float__ = __int__
    __str__ = __int__
    __repr__ = __int__
    __bool__ = __int__
    __index__ = __int__
    __len__ = __int__
    __hash__ = __int__


bad = BadReturns()
for conv in [int, float, str, repr, bool, hex, oct, bin, len, hash,
             lambda v: [][v]]:
    try:
        conv(bad)
    except TypeError as e:
        print("TypeError:", e)


class WrongBool:
    def __bool__(self):
        return 1


try:
    if WrongBool():
        pass
except TypeError as e:
    print("TypeError:", e)


# __bool__ first, else __len__, else true; __len__'s own rules.
class ByLen:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class BothKinds:
    def __bool__(self):
        log.append("__bool__")
        return False

    def __len__(self):
        log.append("__len__")
        return 5


print(bool(ByLen(0)), bool(ByLen(3)), bool(Bare()), bool(BothKinds()), not ByLen(2))
show("truth:")
for n in [-1, 2 ** 70, "3", 2.0]:
    for fn in (len, bool):
        try:
            print(fn(ByLen(n)))
        except (TypeError, ValueError, OverflowError) as e:
            print(type(e).__name__ + ":", e)


# Rich comparisons: the reflected method of the other side, and the fallbacks.
class Cmp:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name

    def __eq__(self, other):
        log.append(("eq", self, other))
        return NotImplemented

    def __lt__(self, other):
        log.append(("lt", self, other))
        return NotImplemented

    def __gt__(self, other):
        log.append(("gt", self, other))
        return NotImplemented


x, y = Cmp("x"), Cmp("y")
print(x == y, x != y, x == x, x != x)
show("eq fallback:")
try:
    x < y
except TypeError as e:
    print("TypeError:", e)
show("lt both ways:")
try:
    1 > x
except TypeError as e:
    print("TypeError:", e)
show("int > Cmp:")


class Ordered:
    def __init__(self, k):
        self.k = k

    def __lt__(self, other):
        log.append(("lt", self.k, getattr(other, "k", other)))
        return self.k < other

    def __le__(self, other):
        log.append(("le", self.k, getattr(other, "k", other)))
        return self.k <= other


o = Ordered(3)
print(o < 4, 5 > o, 2 >= o, o <= 3)
show("reflected:")
print(sorted([Ordered(3), Ordered(1), Ordered(2)], key=lambda v: v.k)[0].k)
try:
    o >= 2
except TypeError as e:
    print("TypeError:", e)


# Hash rules: __eq__ without __hash__ makes a class unhashable; an inherited
# __hash__ stays; __hash__ = None removes it.
class EqOnly:
    def __eq__(self, other):
        return True


class EqAndHash:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 42


class KeepsHash(EqAndHash):
    pass


class DropsHash(EqAndHash):
    __hash__ = None


class ChildEq(EqAndHash):
    def __eq__(self, other):
        return False


print(EqOnly.__hash__, DropsHash.__hash__, hash(EqAndHash()), hash(KeepsHash()))
for cls in [EqOnly, DropsHash, ChildEq]:
    try:
        print(hash(cls()))
    except TypeError as e:
        print("TypeError:", e)
try:
    {EqOnly(): 1}
except TypeError as e:
    print("TypeError:", e)
try:
    {DropsHash()}
except TypeError as e:
    print("TypeError:", e)
b1 = Bare()
print(hash(b1) == hash(b1), isinstance(hash(b1), int))


class HugeHash:
    def __hash__(self):
        return 2 ** 100


print(hash(HugeHash()) == hash(2 ** 100))


class MinusOne:
    def __hash__(self):
        return -1


print(hash(MinusOne()))


# Attribute hooks.
class Hooks:
    def __init__(self):
        object.__setattr__(self, "real", 1)

    def __getattr__(self, name):
        log.append(("getattr", name))
        if name.startswith("no_"):
            raise AttributeError("no such thing: " + name)
        return name.upper()

    def __setattr__(self, name, value):
        log.append(("setattr", name, value))
        object.__setattr__(self, name, value * 2)

    def __delattr__(self, name):
        log.append(("delattr", name))
        object.__delattr__(self, name)


h = Hooks()
print(h.real, h.spam, getattr(h, "eggs"), getattr(h, "no_ham", "default"), hasattr(h, "no_x"))
h.count = 21
print(h.count, vars(h))
del h.count
print(vars(h))
try:
    del h.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    h.no_thing
except AttributeError as e:
    print("AttributeError:", e)
setattr(h, "via_setattr", "ab")
print(h.via_setattr)
delattr(h, "via_setattr")
show("hooks:")


# A property raising AttributeError falls back to __getattr__.
class Fallback:
    @property
    def broken(self):
        raise AttributeError("broken inside")

    @property
    def fine(self):
        return "fine"

    def __getattr__(self, name):
        return "fallback for " + name


print(Fallback().broken, Fallback().fine, Fallback().other)


def raises_attr(self):
    raise AttributeError("from the getter")


class NoFallback:
    a = property(raises_attr)


try:
    NoFallback().a
except AttributeError as e:
    print("AttributeError:", e)


# __call__ and __contains__.
class Adder:
    def __init__(self, n):
        self.n = n

    def __call__(self, x, *rest, scale=1):
        return (self.n + x + sum(rest)) * scale


add3 = Adder(3)
print(add3(1), add3(1, 2, 3), add3(1, scale=10), callable(add3), callable(Bare()))


class Evens:
    def __contains__(self, item):
        log.append(("contains", item))
        return item % 2 == 0 and "yes"


ev = Evens()
print(4 in ev, 3 in ev, 3 not in ev)
show("contains:")


class IterOnly:
    def __iter__(self):
        log.append("iter")
        return iter([1, 2, 3])


class ItemsOnly:
    def __getitem__(self, i):
        log.append(("getitem", i))
        if i >= 3:
            raise IndexError(i)
        return i * 10


print(2 in IterOnly(), 7 in IterOnly(), 20 in ItemsOnly(), 25 in ItemsOnly())
show("contains by iteration:")


# __str__ and __repr__: str falls back to repr; format() to str.
class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr()"


class OnlyStr:
    def __str__(self):
        return "just str"


class Both:
    def __str__(self):
        return "str form"

    def __repr__(self):
        return "repr form"


print(str(OnlyRepr()), repr(OnlyRepr()), f"{OnlyRepr()}", [OnlyRepr()])
print(str(OnlyStr()), repr(OnlyStr()).startswith("<__main__.OnlyStr object at 0x"))
print(str(Both()), repr(Both()), f"{Both()!r} {Both()!s} {Both()}", "%s %r" % (Both(), Both()))
print([Both()], (Both(),), {"k": Both()}, format(Both()), format(Both(), ""))
try:
    format(Both(), "10")
except TypeError as e:
    print("TypeError:", e)


# Class and instance attribute errors, in CPython's words.
class Plain:
    y = 0


try:
    Plain.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    del Plain.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    Plain().x
except AttributeError as e:
    print("AttributeError:", e)
try:
    del Plain().x
except AttributeError as e:
    print("AttributeError:", e)
try:
    del Plain().y
except AttributeError as e:
    print("AttributeError:", e)
try:
    setattr(Plain(), 1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    getattr(Plain, 3)
except TypeError as e:
    print("TypeError:", e)
pl = Plain()
pl.y = 5
print(pl.y, Plain.y)
del pl.y
print(pl.y)


# Constructor messages.
class NoInit:
    pass


for make in [
    lambda: NoInit(42),
    lambda: NoInit(k=1),
    lambda: NoInit().__init__(42),
    lambda: object.__init__(NoInit(), 42),
    lambda: NoInit.__new__(NoInit, 42),
]:
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)


class BothOverridden:
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class InitOnly:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


for make in [lambda: BothOverridden(42), lambda: InitOnly(42), lambda: InitOnly().__init__(1)]:
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)


class InitReturns:
    def __init__(self):
        return 5


try:
    InitReturns()
except TypeError as e:
    print("TypeError:", e)


class NewReturnsOther:
    def __new__(cls):
        return 17

    def __init__(self):
        print("never")


print(NewReturnsOther())


# Bound methods: equal when the same function on the same object.
class M:
    def __init__(self, x):
        self.x = x

    def f(self):
        pass

    def g(self):
        pass

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class MSub(M):
    pass


m1, m2 = M(1), M(1)
print(m1.f == m1.f, m1.f != m1.f, m1.f == m2.f, m1.f == m1.g, m1.f is m1.f)
print(M.f == M.f, M.f == m1.f, MSub.f == M.f, hash(m1.f) == hash(m1.f))
try:
    m1.f < m1.f
except TypeError as e:
    print("TypeError:", e)


# A class's dunder set after the class exists takes effect; deleting it removes it.
class Late:
    pass


Late.__add__ = lambda self, other: "late add"
print(Late() + 1)
del Late.__add__
try:
    Late() + 1
except TypeError as e:
    print("TypeError:", e)

# __call__ found on the type, not on the instance.
late = Late()
late.__call__ = lambda: "instance attribute"
try:
    late()
except TypeError as e:
    print("TypeError:", e)
Late.__call__ = lambda self: "type attribute"
print(late(), late.__call__())
Late.__len__ = lambda self: 4
late.__len__ = lambda: 9
print(len(late), late.__len__())


# reversed(): __reversed__, else __len__ with __getitem__ (lazily, from the end).
class Countdown:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        log.append("len")
        return self.n

    def __getitem__(self, i):
        log.append(("getitem", i))
        if not 0 <= i < self.n:
            raise IndexError(i)
        return "item%d" % i


rev = reversed(Countdown(3))
show("reversed made:")
print(next(rev), [x for x in rev], [x for x in rev])
show("reversed drained:")


class OwnReversed(Countdown):
    def __reversed__(self):
        return iter(["own", "reversal"])


class NotReversible(Countdown):
    __reversed__ = None


print(list(reversed(OwnReversed(2))))
for obj in [NotReversible(2), Bare(), IterOnly()]:
    try:
        reversed(obj)
    except TypeError as e:
        print("TypeError:", e)
show("reversed others:")


# A mapping of our own: keys() and __getitem__ serve dict(), update(), ** and {**}.
class Pairs:
    def __init__(self, **kw):
        self.data = kw

    def keys(self):
        log.append("keys")
        return list(self.data)

    def __getitem__(self, key):
        log.append(("getitem", key))
        return self.data[key]


def takes(**kw):
    return kw


src = Pairs(a=1, b=2)
print(dict(src), dict(src, c=3))
d = {"z": 0}
d.update(src)
print(d, takes(**src), {**src, "b": 20})
show("mapping:")
for expr in [lambda: takes(**Bare()), lambda: {**Bare()}, lambda: dict(Bare())]:
    try:
        expr()
    except TypeError as e:
        print("TypeError:", e)


# A special method set to None switches the operation off.
class NoIter:
    __iter__ = None

    def __getitem__(self, i):
        return i


class NoContains:
    __contains__ = None

    def __iter__(self):
        return iter([1])


for expr in [lambda: iter(NoIter()), lambda: 1 in NoContains(), lambda: 1 in NoIter()]:
    try:
        expr()
    except TypeError as e:
        print("TypeError:", e)


# An error inside __iter__ is not hidden by `in`'s "not iterable".
class BrokenIter:
    def __iter__(self):
        raise ValueError("iter broke")


try:
    1 in BrokenIter()
except ValueError as e:
    print("ValueError:", e)


# Implicit special method lookups skip __getattr__ (they look at the type).
class Dyn:
    def __getattr__(self, name):
        return lambda *a: 42


dyn = Dyn()
print(dyn.__len__(), dyn.__add__(1))
for expr in [lambda: len(dyn), lambda: iter(dyn), lambda: abs(dyn), lambda: dyn + 1]:
    try:
        expr()
    except TypeError as e:
        print("TypeError:", e)


# A comparison method that cannot be had (a property raising) is NotImplemented.
def refuse(self):
    raise AttributeError("refused")


class EqProperty:
    __eq__ = property(refuse)


ep = EqProperty()
print(ep == EqProperty(), ep == ep)


class InitProperty:
    __init__ = property(refuse)


try:
    InitProperty()
except AttributeError as e:
    print("AttributeError:", e)


# A __call__ that is itself a callable instance, without end.
class Calls:
    pass


Calls.__call__ = Calls()
try:
    Calls()()
except RecursionError as e:
    print("RecursionError:", e)


# __index__ in slices of builtin sequences, and in item assignment and deletion.
class Two:
    def __index__(self):
        return 2


seq = [1, 2, 3, 4]
print(seq[Two():], (1, 2, 3)[: Two()], "abcd"[:: Two()], range(10)[Two() : 5])
seq[Two()] = "two"
seq[: Two()] = ["a"]
print(seq)
del seq[Two()]
del seq[Two() :]
print(seq)


# __new__ through super(), with and without extra arguments.
class Remembers:
    def __new__(cls, *args):
        obj = super().__new__(cls)
        obj.args = args
        return obj


class Single:
    made = None

    def __new__(cls):
        if cls.made is None:
            cls.made = super().__new__(cls)
        return cls.made

    def __init__(self):
        print("__init__ runs on every call")


print(Remembers(1, 2).args, Single() is Single())
