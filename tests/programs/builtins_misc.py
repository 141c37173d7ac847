# A tour of builtins with their less common arguments.
print(sum([1, 2, 3], 10), sum([0.1, 0.2]), sum([]), sum([[1], [2]], []))
print(min([3, 1, 2]), max("hello"), min([], default="empty"), max([1, 5], default=0))
print(min(1, 2, key=lambda x: -x), max([("a", 2), ("b", 1)], key=lambda p: p[1]))
print(abs(-3), abs(3.5), abs(-0), round(3.14159, 3), round(-2.5), round(0.5))
print(list(enumerate(["a", "b"], 10)), list(zip()), list(zip([1, 2, 3])))
print(list(map(len, ["a", "bb"])), list(filter(lambda x: x > 1, [0, 1, 2, 3])))
print(any([0, "", None]), any([0, 1]), all([1, "x"]), all([1, 0]))
print(len(range(0, 10, 3)), list(range(10, 0, -3)), range(5), 3 in range(5), range(3) == range(0, 3))
print(str(1), int("10") + 1, float("1.5"), float("-2"), bool([]), bool(" "), int(" -7 "))
print(list("abc"), tuple([1, 2]), list((1, 2)), tuple("ab"), dict(a=1, b=2), list({"x": 1}))
print(sorted(set([3, 1, 2, 3])), len(set("mississippi")), 2 in {1, 2}, set() == set([]))
print(repr("x"), repr(1.0), repr(None), repr([1, "2"]), repr((1,)), repr({"a": (1, 2)}))
print(isinstance(3, int), isinstance(3.0, int), isinstance(True, int), isinstance([], (list, tuple)))
print(hash(1) == hash(1.0), hash("a") == hash("a"), hash((1, 2)) == hash((1, 2)))
print(type(1).__name__, type(1.0).__name__, type("").__name__, type(None).__name__, type(len).__name__)
it = reversed([1, 2, 3])
print(next(it), list(it), list(reversed("abc")), list(reversed(range(3))))
try:
    int("3.5")
except ValueError as e:
    print("ValueError:", e)
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
try:
    hash([])
except TypeError as e:
    print("TypeError:", e)
