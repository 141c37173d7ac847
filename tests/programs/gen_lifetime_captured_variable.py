# A variable that an inner function captures lives in a cell, and a suspended generator's
# frame keeps its cells until the frame ends, as it keeps its other variables: here the
# generator `g` holds ends (its `finally` runs) only when `captured` returns.


def inner(name):
    try:
        yield name
        yield name
    finally:
        print("  finally of", name)


def captured():
    # A variable an inner function captures is a cell: kept as long.
    g = inner("k")
    next(g)

    def peek():
        return g

    yield 1
    print("  captured resumed")
    yield 2


print("a captured variable:")
for x in captured():
    print(x)
print("after captured")


