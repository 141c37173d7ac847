# __context__, __cause__, __suppress_context__ and what handlers see.
def show(e):
    print(type(e).__name__, repr(str(e)), "cause:", repr(e.__cause__), "context:", repr(e.__context__))

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("k")
except KeyError as e:
    show(e)

try:
    try:
        [][1]
    except IndexError as inner:
        raise ValueError("v") from inner
except ValueError as e:
    show(e)
    print("suppress:", e.__suppress_context__)

try:
    try:
        int("x")
    except ValueError:
        raise TypeError("t") from None
except TypeError as e:
    show(e)
    print("suppress:", e.__suppress_context__)

try:
    raise RuntimeError("plain")
except RuntimeError as e:
    show(e)

def reraise():
    try:
        {}["a"]
    except KeyError as e:
        print("handling", repr(e))
        raise

try:
    reraise()
except LookupError as e:
    print("caught as LookupError:", type(e).__name__, e)

try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e), repr(str(e)), e.args)

try:
    raise Exception("a", 1)
except Exception as e:
    print(e, e.args, repr(e))

e = None
try:
    raise KeyError("gone")
except KeyError as e:
    pass
try:
    print(e)
except NameError as err:
    print("NameError:", err)
