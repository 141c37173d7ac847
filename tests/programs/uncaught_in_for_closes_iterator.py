# Found by tests/fuzz_diff.rs (seed 20261207, programs 14671, 17799, 29655), shrunk by
# hand. A `for` loop's iterator lives on the module frame's value stack, not in a
# variable: an uncaught exception empties that stack as it leaves, so the generator is
# closed (and its complaint printed) before the traceback, whose last line is the
# program's own error.
def numbers():
    try:
        yield 1
        yield 2
    finally:
        print("closing numbers")
        yield 3


for n in numbers():
    raise KeyError(n)
