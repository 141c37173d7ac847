# Lesson 09: unpacking and the iteration protocol
#
# Unpacking assigns the items of any iterable to several names at once:
#   a, b = pair            the counts must match exactly;
#   first, *rest = items   a starred name collects whatever is left, as a list;
#   a, b = b, a            swap without a temporary variable.
# A for loop is built on two builtins: iter(x) asks x for an iterator, and
# next(it) asks the iterator for its next item. When there are no more items,
# next raises StopIteration, which the for loop treats as "done". An iterator is
# used up once consumed; next(it, default) returns default instead of raising.

point = (3, 4)
x, y = point
print("x =", x, " y =", y)
a, b, c = "abc"
print("from a string:", a, b, c)
first, *rest = [10, 20, 30, 40]
print("first:", first, " rest:", rest)
*init, last = [10, 20, 30, 40]
print("init:", init, " last:", last)
head, *middle, tail = range(6)
print("head:", head, " middle:", middle, " tail:", tail)
only, *nothing = ["alone"]
print("an empty star:", only, nothing)
(p, q), r = (1, 2), 3
print("nested:", p, q, r)

a, b = 1, 2
a, b = b, a
print("swapped:", a, b)
n1 = n2 = 0
n1 += 5
print("chained assignment makes two names:", n1, n2)

# Unpacking in for loops.
pairs = [("one", 1), ("two", 2), ("three", 3)]
for word, number in pairs:
    print(" ", word, "=", number)
for index, (word, number) in enumerate(pairs):
    print(" ", index, word.upper(), number * 10)

# Wrong counts raise ValueError with a precise message.
for bad in [[1], [1, 2, 3]]:
    try:
        left, right = bad
    except ValueError as error:
        print("ValueError:", error)

# The iteration protocol by hand.
letters = iter(["x", "y"])
print("next:", next(letters))
print("next:", next(letters))
try:
    next(letters)
except StopIteration:
    print("StopIteration: the iterator is exhausted")
print("with a default:", next(letters, "nothing left"))

# What a for loop does, written out with while.
items = [5, 6, 7]
it = iter(items)
while True:
    try:
        item = next(it)
    except StopIteration:
        break
    print("  manual loop got", item)

# An iterator is consumed once; the list it came from can be iterated again.
numbers = [1, 2, 3]
once = iter(numbers)
print("first pass:", list(once), " second pass:", list(once))
print("the list again:", list(numbers), list(numbers))

# Many things are iterable: strings, ranges, dicts (their keys), tuples...
print(list("hi"), list(range(3)), list({"k1": 1, "k2": 2}), list((7, 8)))
it = iter(range(10, 13))
print("iter over a range:", next(it), next(it), next(it), next(it, "done"))
dict_iter = iter({"a": 1, "b": 2}.items())
print("dict items:", next(dict_iter), next(dict_iter))

# zip and enumerate are iterators too: they produce items on demand.
z = zip([1, 2], ["a", "b"])
print("zip items:", next(z), next(z), next(z, "exhausted"))
e = enumerate("ab")
print("enumerate items:", next(e), next(e))
m = map(lambda v: v * v, [3, 4])
print("map items:", next(m), next(m), next(m, None))

# Starred expressions build new sequences.
merged = [*range(3), *"ab", *(9,)]
print("star in a list display:", merged)
options = {"colour": "red"}
more = {**options, "size": 2}
print("star-star in a dict display:", more)
