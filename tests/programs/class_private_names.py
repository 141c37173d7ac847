# Private names: __name inside a class is _Class__name (CPython's name mangling), so a
# subclass's __step does not override its base's; keyword argument names are not mangled.
class Base:
    def run(self):
        return self.__step()
    def __step(self):
        return "Base step"
class Child(Base):
    def __step(self):
        return "Child step"
print(Child().run())

class A:
    def __init__(self):
        self.__secret = 1
a = A()
print(a._A__secret)

def f(**kw): return kw
class A:
    __cls = 1
    def m(self, __p=2):
        __local = 3
        return f(__kw=1), __p, __local, self.__cls, [__q for __q in range(2)]
    def __dunder__(self): return "d"
print(A().m(), A()._A__cls, A().__dunder__())
class __B:
    __x = 1
print(__B._B__x)
class _C:
    __y = 2
print([k for k in vars(_C) if 'y' in k])
