# A traceback keeps the frames it passes through, and they keep their locals: a generator
# in a local of a function that raised is closed when the exception goes, not as it is
# raised.
def gen(name):
    try:
        yield 1
    finally:
        print("closing", name)


def fails(n):
    g = gen(f"local {n}")
    next(g)
    raise ValueError(n)


try:
    fails(1)
except ValueError as e:
    print("caught", e)
print("after the except")

try:
    fails(2)
except ValueError:
    print("caught without a name")
print("after the second except")

saved = []
try:
    fails(3)
except ValueError as e:
    saved.append(e)
print("the exception lives on in a list")
saved.clear()
print("and goes with it")


def nested(n):
    h = gen(f"outer {n}")
    next(h)
    fails(n)


try:
    nested(4)
except ValueError:
    pass
print("innermost frame first")


def reraise():
    g = gen("reraiser")
    next(g)
    try:
        raise KeyError("k")
    except KeyError as err:
        raise


try:
    reraise()
except KeyError:
    print("caught the re-raise")
print("done")
