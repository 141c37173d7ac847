# Which except clause matches: subclasses, tuples, order.
tests = [
    lambda: [][0],
    lambda: {}["x"],
    lambda: 1 / 0,
    lambda: int("z"),
    lambda: undefined,
    lambda: "a" + 1,
    lambda: None.foo,
    lambda: next(iter([])),
    lambda: [1, 2].index(5),
]
for t in tests:
    try:
        t()
    except LookupError as e:
        print("LookupError:", type(e).__name__, e)
    except ArithmeticError as e:
        print("ArithmeticError:", type(e).__name__, e)
    except (NameError, AttributeError) as e:
        print("Name/Attr:", type(e).__name__, e)
    except Exception as e:
        print("Exception:", type(e).__name__, repr(e))
print(isinstance(KeyError(), LookupError), isinstance(ZeroDivisionError(), ArithmeticError))
print(isinstance(StopIteration(), Exception), isinstance(ValueError(), BaseException))
print(isinstance(True, int), isinstance(1, (str, float)), isinstance("s", str))
