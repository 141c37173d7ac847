# The exact messages of common built-in errors, caught and printed.
def f():
    try:
        raise ValueError("a")
    except ValueError as e:
        try:
            raise KeyError("b")
        except KeyError:
            pass
        return repr(e), repr(e.__context__)
print(f())
def g():
    for i in range(3):
        try:
            return i
        finally:
            if i == 0:
                continue
print(g())
try:
    [1, 2, 3].remove(5)
except ValueError as e:
    print(e)
try:
    {}.pop("x")
except KeyError as e:
    print(repr(e))
try:
    "abc".index("z")
except ValueError as e:
    print(e)
try:
    int(None)
except TypeError as e:
    print(e)
try:
    [1] + (2,)
except TypeError as e:
    print(e)
try:
    "a" * "b"
except TypeError as e:
    print(e)
try:
    len(5)
except TypeError as e:
    print(e)
try:
    x = {}[[]]
except TypeError as e:
    print(e)
nothing = None
try:
    nothing()
except TypeError as e:
    print(e)
try:
    (1, 2) < (1, "a")
except TypeError as e:
    print(e)
try:
    sorted([1, "a"])
except TypeError as e:
    print(e)
try:
    max([])
except ValueError as e:
    print(e)
try:
    next(iter([]))
except StopIteration as e:
    print("stop", repr(e))
try:
    a, b = 1, 2, 3
except ValueError as e:
    print(e)
try:
    raise Exception
except Exception as e:
    print(repr(e), str(e) == "")
try:
    print(undefined_thing)
except NameError as e:
    print(e)
def h():
    print(local_later)
    local_later = 1
try:
    h()
except UnboundLocalError as e:
    print(e)
print(f"{'x'!r:>5}", "{:>{w}}".format("y", w=4), "%s" % [1, 2], "%r" % "q")
