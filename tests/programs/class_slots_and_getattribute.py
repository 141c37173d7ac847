# __slots__ (member descriptors, instances without __dict__, slot values outside __dict__)
# and __getattribute__ (every lookup goes through it, __getattr__ after its AttributeError),
# read and written at the same sites many times, as loops do.

class S:
    __slots__ = ('a', 'b')
    def __init__(self):
        self.a = 1
s = S()
print(s.a)
try:
    s.b
except AttributeError as e:
    print(e)
try:
    s.c = 3
except AttributeError as e:
    print(e)
try:
    s.__dict__
except AttributeError as e:
    print(e)
try:
    vars(s)
except TypeError as e:
    print(e)
print(S.__dict__['a'], type(S.__dict__['a']).__name__, S.a)
print(list(S.__dict__))
del s.a
try:
    del s.a
except AttributeError as e:
    print(e)
class T(S):
    pass
t = T()
t.c = 5
print(t.__dict__)
class U(S):
    __slots__ = 'c'
u = U(); u.c = 1; u.a = 2
try:
    u.d = 1
except AttributeError as e:
    print(e)
print(list(U.__dict__))
try:
    class V:
        __slots__ = ('x',)
        x = 1
except ValueError as e:
    print(e)
class W:
    __slots__ = ('__dict__', 'y')
w = W(); w.z = 1; print(w.__dict__)
print(hasattr(s, 'b'), getattr(s, 'b', 'dflt'))
class X:
    __slots__ = ()
try:
    X().q = 1
except AttributeError as e:
    print(e)
class G:
    def __getattribute__(self, name):
        if name == 'secret':
            raise AttributeError('hidden')
        return 'got ' + name
    def __getattr__(self, name):
        return 'fallback ' + name
g = G()
print(g.x, g.secret, getattr(g, 'y'), hasattr(g, 'secret'))
class H:
    def __init__(self):
        self.v = 1
    def __getattribute__(self, name):
        print('lookup', name)
        return object.__getattribute__(self, name)
    def m(self):
        return 'm'
h = H()
print(h.v, h.m(), h.__class__.__name__)


class Point:
    __slots__ = "x", "y"

    def __init__(self, x, y):
        self.x = x
        self.y = y


def total(points):
    s = 0
    for p in points:
        p.x += 1
        s += p.x + p.y
    return s


pts = [Point(i, 2 * i) for i in range(5)]
print(total(pts), total(pts))
try:
    for p in pts:
        p.z = 0
except AttributeError as e:
    print(e)


class Single:
    __slots__ = "only"


one = Single()
one.only = 1
print(one.only, list(Single.__dict__))
try:
    class Bad:
        __slots__ = (1,)
except TypeError as e:
    print(e)


class Counted:
    def __init__(self):
        self.hits = 0
        self.n = 1

    def __getattribute__(self, name):
        if name != "hits":
            object.__setattr__(self, "hits", object.__getattribute__(self, "hits") + 1)
        return object.__getattribute__(self, name)

    def step(self):
        return self.n


c = Counted()
for _ in range(3):
    c.step()
    c.n
print(c.hits)
