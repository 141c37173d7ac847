# A port, in our own code, of the behaviours CPython's Lib/test/test_with.py checks:
# the order of __enter__ and __exit__, what __exit__ receives, suppression by a true
# result (and a result whose truth test fails), nested managers and several in one
# statement, exceptions in __enter__ and __exit__, a missing __enter__ or __exit__ in
# 3.11's words, assignment targets of every shape, StopIteration and GeneratorExit
# through a with, with inside generators, and return/break/continue leaving a with.

trail = []


class Tracked:
    def __init__(self, name, result=None, swallow=False):
        self.name = name
        self.result = result
        self.swallow = swallow

    def __enter__(self):
        trail.append("enter " + self.name)
        return self if self.result is None else self.result

    def __exit__(self, kind, value, tb):
        shown = None if kind is None else (kind.__name__, str(value))
        trail.append(("exit " + self.name, shown))
        return self.swallow

    def __repr__(self):
        return "Tracked(%r)" % self.name


def report(label):
    print(label, trail)
    trail.clear()


with Tracked("a") as got:
    trail.append(("body", got))
report("plain:")

with Tracked("outer"), Tracked("inner") as inner:
    trail.append(("body", inner))
report("two in one statement:")

with Tracked("x"):
    with Tracked("y"):
        trail.append("body")
report("nested:")

try:
    with Tracked("a"), Tracked("b"):
        raise RuntimeError("in body")
except RuntimeError as e:
    trail.append(("caught", str(e)))
report("body raises:")

with Tracked("a"), Tracked("swallower", swallow=True), Tracked("c"):
    raise KeyError("k")
report("the middle one swallows:")

try:
    with Tracked("a"), Tracked("b", swallow=0), Tracked("c", swallow=""):
        1 / 0
except ZeroDivisionError as e:
    trail.append(("caught", str(e)))
report("false results do not swallow:")

with Tracked("truthy", swallow=[1]):
    raise ValueError("swallowed by a non-empty list")
report("truthy result:")


# The truth test of __exit__'s result can itself fail.
class Verdict:
    def __init__(self, decide):
        self.decide = decide

    def __bool__(self):
        return self.decide()


def manager_returning(verdict):
    class Manager:
        def __enter__(self):
            return 3

        def __exit__(self, *exc):
            return verdict

    return Manager()


with manager_returning(Verdict(lambda: True)):
    raise IndexError("dropped")
print("true verdict swallowed it")
try:
    with manager_returning(Verdict(lambda: False)):
        raise IndexError("kept")
except IndexError as e:
    print("false verdict kept:", e)
try:
    with manager_returning(Verdict(lambda: 1 // 0)):
        raise IndexError("replaced")
except ZeroDivisionError as e:
    print("the verdict failed:", e, "| context:", repr(e.__context__))


# The exception object __exit__ receives is the instance raised, even from a class.
class Seen:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        self.args = (kind, value)
        return True


s = Seen()
with s:
    raise LookupError
print(s.args[0].__name__, type(s.args[1]).__name__, repr(s.args[1]))
err = OSError("the very one")
with s:
    raise err
print(s.args[1] is err)


# __enter__ and __exit__ raising.
class EnterFails:
    def __enter__(self):
        trail.append("enter")
        raise RuntimeError("enter failed")

    def __exit__(self, *exc):
        trail.append("exit must not run")


class Holder:
    pass


h = Holder()
h.slot = "untouched"
try:
    with EnterFails() as h.slot:
        trail.append("body must not run")
except RuntimeError as e:
    trail.append(("caught", str(e), h.slot))
report("enter raises:")


class ExitFails:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        trail.append(("exit sees", None if kind is None else kind.__name__))
        raise RuntimeError("exit failed")


try:
    with ExitFails():
        trail.append("body")
except RuntimeError as e:
    trail.append(("caught", str(e), e.__context__))
try:
    with ExitFails():
        raise ValueError("from the body")
except RuntimeError as e:
    trail.append(("caught", str(e), repr(e.__context__)))
report("exit raises:")

try:
    with Tracked("first"), EnterFails():
        trail.append("body must not run")
except RuntimeError as e:
    trail.append(("caught", str(e)))
report("second enter raises, first exits:")

try:
    with Tracked("first"), ExitFails():
        trail.append("body")
except RuntimeError as e:
    trail.append(("caught", str(e)))
report("second exit raises, first sees it:")


def make_manager():
    trail.append("expression evaluated")
    raise NameError("no manager")


try:
    with Tracked("first"), make_manager():
        trail.append("body must not run")
except NameError as e:
    trail.append(("caught", str(e)))
report("exception in the item list:")

try:
    with undefined_manager_name:
        pass
except NameError as e:
    print("NameError:", e)


# A manager lacking __enter__ or __exit__, in 3.11's words: nothing is called.
class OnlyExit:
    def __exit__(self, *exc):
        trail.append("exit must not run")


class OnlyEnter:
    def __enter__(self):
        trail.append("enter must not run")


class Neither:
    pass


class InstanceMethods:
    def __init__(self):
        self.__enter__ = lambda: "instance enter"
        self.__exit__ = lambda *exc: None


for manager in [OnlyExit(), OnlyEnter(), Neither(), InstanceMethods(), 42, "text"]:
    try:
        with manager:
            trail.append("body must not run")
    except TypeError as e:
        print("TypeError:", e)
report("missing methods:")


# The methods are looked up on the type, both before either is called.
class LateExit:
    def __enter__(self):
        trail.append("enter")
        del LateExit.__exit__
        return self

    def __exit__(self, *exc):
        trail.append("exit found before enter ran")


with LateExit():
    trail.append("body")
report("lookup before calls:")


# Assignment targets.
class Triple:
    def __enter__(self):
        return 1, 2, 3

    def __exit__(self, *exc):
        pass


targets = {1: [0, 1, 2]}
with Triple() as (targets[1][0], targets[1][1], targets[1][2]):
    print(targets)
with Triple() as (targets[1], targets[2], targets[3]):
    print(targets)
h = Holder()
with Triple() as (h.one, h.two, h.three):
    print(h.one, h.two, h.three)
with Triple() as (first, *rest):
    print(first, rest)
with Triple() as [a, b, c]:
    print(c, b, a)
with Triple() as whole:
    print(whole)
try:
    with Triple() as (p, q):
        print("never")
except ValueError as e:
    print("ValueError:", e)


class Span:
    def __init__(self, *items):
        self.items = items

    def __enter__(self):
        return range(*self.items)

    def __exit__(self, *exc):
        trail.append("span exit")


with Span(1, 5) as (lo, *middle, hi):
    print(lo, middle, hi)
report("extended unpacking:")
with Span(3) as r, Span(r.stop, 6) as r2:
    print(list(r), list(r2))
report("second item sees the first's target:")


# StopIteration and GeneratorExit pass through a with like any exception.
def stop_in_body():
    with Tracked("g"):
        raise StopIteration("from with")


try:
    stop_in_body()
except StopIteration as e:
    trail.append(("caught StopIteration", str(e)))
report("StopIteration:")


def gen_with_manager():
    with Tracked("inside generator"):
        trail.append("before yield")
        yield 1
        trail.append("after first yield")
        yield 2
        trail.append("never")


g = gen_with_manager()
print(next(g), next(g))
g.close()
report("generator closed inside with:")

g = gen_with_manager()
print(next(g))
try:
    g.throw(KeyError("thrown in"))
except KeyError as e:
    trail.append(("escaped", repr(e)))
report("generator thrown into inside with:")


def swallowing_gen():
    with Tracked("swallow", swallow=True):
        yield "a"
        yield "b"
    trail.append("after with")
    yield "c"


g = swallowing_gen()
print(next(g), g.throw(ValueError("swallowed")))
report("throw swallowed by __exit__:")
g = swallowing_gen()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)
report("close swallowed by __exit__:")


def raise_generator_exit():
    with Tracked("gx"):
        raise GeneratorExit("by hand")


try:
    raise_generator_exit()
except GeneratorExit as e:
    trail.append(("caught GeneratorExit", str(e)))
report("GeneratorExit:")


# Leaving a with by return, break and continue runs __exit__ with no exception.
def leave_by_return():
    with Tracked("r"):
        return "returned"
    return "never"


print(leave_by_return())
report("return:")

for i in range(3):
    with Tracked("loop%d" % i):
        if i == 0:
            continue
        if i == 1:
            break
    trail.append("unreachable")
report("continue and break:")


def return_overridden():
    try:
        with Tracked("f", swallow=True):
            return "from with"
    finally:
        trail.append("finally")


print(return_overridden())
report("return through a swallowing manager:")


def raise_then_swallow():
    for i in range(2):
        with Tracked("s%d" % i, swallow=True):
            if i == 0:
                raise ValueError("first")
            continue
    return "done"


print(raise_then_swallow())
report("swallowed inside a loop:")


def yield_inside(n):
    with Tracked("y"):
        for i in range(n):
            yield i


print(list(yield_inside(3)))
report("yield inside:")


# A with in a class body leaves only the names the program binds.
class WithInBody:
    with Tracked("class body") as bound_here:
        value = 10


report("class body:")
print(sorted(k for k in vars(WithInBody) if not k.startswith("__")))
print(WithInBody.value, WithInBody.bound_here)


# __enter__ and __exit__ may be class and static methods; __getattr__ does not count.
class ClassLevel:
    @classmethod
    def __enter__(cls):
        return cls.__name__

    @staticmethod
    def __exit__(*exc):
        print("static __exit__ got", exc[0].__name__)
        return True


with ClassLevel() as got:
    print(got)
    raise KeyError("swallowed")


class ViaGetattr:
    def __getattr__(self, name):
        return lambda *args: None


try:
    with ViaGetattr():
        pass
except TypeError as e:
    print("TypeError:", e)


# An abandoned generator suspended inside a with is closed: GeneratorExit reaches
# __exit__ after the inner finally.
class Reports:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        print("__exit__ with", kind.__name__ if kind else None)


def suspended():
    with Reports():
        try:
            yield 1
        finally:
            print("inner finally")


gen = suspended()
next(gen)
del gen
print("after del")


def nested_return():
    with Reports():
        with Reports():
            for i in range(3):
                with Reports():
                    if i == 1:
                        return i


print(nested_return())


# An exception raised by __exit__ chains to the one it was given.
class Chains:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        raise LookupError("from __exit__") from value


for fail in [True, False]:
    try:
        with Chains():
            if fail:
                raise ValueError("original")
    except LookupError as e:
        print(repr(e), repr(e.__cause__), repr(e.__context__))
