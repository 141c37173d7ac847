# A generator that lets StopIteration escape (calling next() on an exhausted
# iterator) does not just end quietly: it ends the program with a RuntimeError.
# peel: same stderr

def pairs(items):
    # Wrong on odd-length input: the second next() finds the iterator exhausted.
    it = iter(items)
    for first in it:
        second = next(it)
        yield first, second

print(list(pairs([1, 2, 3, 4])))
print(dict(pairs("aAbB")))

def pairs_fixed(items):
    it = iter(items)
    for first in it:
        second = next(it, None)
        yield first, second

print(list(pairs_fixed([1, 2, 3])))

# The same mistake through a helper: the StopIteration comes from a plain
# function, yet it escapes the generator body and is converted just the same.
def first_of(it):
    return next(it)

def heads(groups):
    for group in groups:
        yield first_of(iter(group))

print(list(heads(["ab", [1, 2], (None,)])))
try:
    print(list(heads(["ab", [], "cd"])))
except RuntimeError as e:
    print("caught:", e, "| cause:", type(e.__cause__).__name__)

# Outside a generator a StopIteration is an ordinary exception.
try:
    first_of(iter([]))
except StopIteration:
    print("a plain function may raise StopIteration")

# Uncaught, the converted error ends the program.
count = 0
for a, b in pairs([10, 20, 30]):
    count += 1
    print("pair", count, a + b)
print("never printed")
