# A generator expression's code is named `<genexpr>`, as CPython names it: in its
# generator's __name__, __qualname__ and repr, and in a traceback's frame. The other
# nameless code keeps its own: `<lambda>`, `<listcomp>`, `<setcomp>`, `<dictcomp>`.
# peel: same stderr
squares = (n * n for n in range(3))
print(squares.__name__, squares.__qualname__)
print(repr(squares).split(" at ")[0])


def outer():
    inner = (c for c in "ab")
    nested = ((lambda: c) for c in "ab")
    return inner, next(nested)


inner, made_inside = outer()
print(inner.__name__, inner.__qualname__)
print(made_inside.__name__, made_inside.__qualname__)
print([g.__name__ for g in [(x for x in ()), (y for y in ())]])
# Code inside a comprehension has no `<locals>` after the comprehension's name.
print([lambda: 0 for _ in "a"][0].__qualname__)
print({k: (lambda: k) for k in "a"}["a"].__qualname__)


def broken(values):
    return sum(100 // v for v in values)


print(broken([1, 2]))
print([{k: 1 // k for k in [1]}, {1 // s for s in [1]}])
print(broken([5, 0]))
