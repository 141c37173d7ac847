# When the program ends, everything it left behind is finalized before any global goes:
# a generator suspended in a global is closed while the module's functions and other
# globals are still there. (Two or more left behind are finalized in the order they were
# made, as CPython's collector does when it has not run during the program; when it has,
# its generations reorder them: see the README, "Where CPython's own output is not
# deterministic".)
def helper():
    return 4


def gen(name):
    try:
        yield 1
    finally:
        print(name, "finally sees", helper(), LATER)


def other():
    try:
        yield 1
    except GeneratorExit:
        print("other sees", first is not None, len(pipeline))
        raise


first = gen("first")
next(first)
pipeline = [other()]
for g in pipeline:
    next(g)
LATER = "a later global"
print("the program ends")
