# PEP 479: a StopIteration escaping a generator's body becomes a RuntimeError.
def leaky(it):
    while True:
        yield next(it)

g = leaky(iter([1, 2]))
print(next(g), next(g))
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)
print(list(g))

def explicit():
    yield 1
    raise StopIteration("no")

try:
    print(list(explicit()))
except RuntimeError as e:
    print("RuntimeError:", e)

def failing():
    yield 1
    raise ValueError("bad")
    yield 2

f = failing()
print(next(f))
try:
    next(f)
except ValueError as e:
    print("ValueError:", e)
print(next(f, "finished"))
