# Attribute sites remember what they found (peel's inline caches): every answer must stay
# the one a fresh lookup gives when the class, a base, or the instance changes under a
# site that already ran. Also the class namespace as a read-only mappingproxy.


class Base:
    def speak(self):
        return "base"


class Animal(Base):
    sound = "..."

    def __init__(self, name):
        self.name = name


def speak_all(animals):
    # One site for `a.speak()`, one for `a.name`, one for `a.sound`.
    return [(a.name, a.speak(), a.sound) for a in animals]


a = Animal("rex")
b = Animal("tom")
print(speak_all([a, b]))

# A base's method replaced after the site ran.
Base.speak = lambda self: "changed base"
print(speak_all([a, b]))

# The subclass overrides it; then the instance shadows it.
Animal.speak = lambda self: "animal " + self.name
print(speak_all([a, b]))
b.speak = lambda: "b's own"
print(speak_all([a, b]))
del b.speak
print(speak_all([a, b]))

# A class attribute shadowed by the instance, then unshadowed.
a.sound = "woof"
print(speak_all([a, b]))
del a.sound
print(speak_all([a, b]))

# Instance dicts whose keys are in different orders, read by the same site.
c = Animal("kit")
c.sound = "meow"
d = Animal.__new__(Animal)
d.sound = "moo"
d.name = "daisy"
print(speak_all([c, d, c, d]))


# Different classes at one site.
class Robot:
    sound = "beep"

    def __init__(self):
        self.name = "r2"

    def speak(self):
        return "robot"


print(speak_all([a, Robot(), b, Robot()]))

# A data descriptor added to the class wins over the instance's dict from then on.
def read(o):
    return o.name


print(read(a), read(b))
Animal.name = property(lambda self: "named by property")
print(read(a), read(b))
del Animal.name
print(read(a), read(b))


# A store site, then __setattr__ added to the class.
def rename(o, n):
    o.name = n


rename(a, "max")
print(a.name)
Animal.__setattr__ = lambda self, k, v: object.__setattr__(self, k, v.upper())
rename(a, "bob")
print(a.name)
del Animal.__setattr__
rename(a, "sue")
print(a.name)

# A property setter added later catches the stores of a site that wrote the dict.
store = []
Animal.tag = property(lambda self: "tag:" + str(store), lambda self, v: store.append(v))


def tag(o, v):
    o.tag = v
    return o.tag


print(tag(a, 1), tag(a, 2), a.__dict__)

# Deleting an attribute a site read: the next read fails as CPython's does.
e = Animal("gone")
print(read(e))
del e.name
del Animal.tag
try:
    read(e)
except AttributeError as err:
    print("AttributeError:", err)

# The namespace is a mappingproxy: readable, not writable.
ns = Animal.__dict__
print(type(ns).__name__, "sound" in ns, ns["sound"], len(ns) > 2)
print([k for k in ns if not k.startswith("__")])
print(list(Robot.__dict__))
print(Robot.__dict__["__dict__"], Robot.__dict__["__weakref__"])
for op in ("set", "del"):
    try:
        if op == "set":
            ns["sound"] = "x"
        else:
            del ns["sound"]
    except TypeError as err:
        print("TypeError:", err)
print(dict(ns)["sound"], {**ns}["sound"], ns.get("nothing", 0), ns.copy() == dict(ns))
print(str(Robot.__dict__)[:30])
print(repr(Robot.__dict__)[:30])


class Plain:
    pass


class WithSlots:
    __slots__ = ("x",)


class Failure(Exception):
    pass


print(list(Plain.__dict__), list(Failure.__dict__), "__dict__" in WithSlots.__dict__)


# A property whose getter raises AttributeError falls back to __getattr__, cached or not.
class Lazy:
    @property
    def value(self):
        if self.ready:
            return "ready"
        raise AttributeError("not yet")

    def __getattr__(self, name):
        return "fallback for " + name


def value(o):
    return o.value


z = Lazy()
z.ready = True
print(value(z), value(z))
z.ready = False
print(value(z), value(z))
