# A set display of more than two constants is built the way CPython's compiler builds it
# (from a folded frozenset), so it iterates in CPython's order, which can differ from the
# order of the same items added one by one.
print({10, 20, 5, 100, 7})
print({-1, -2, -8, 1024, 7})
print({(1, 2), (3, 4), (5, 6), 9, 100})
x = 5
print({10, 20, x, 100, 7})
print(set([10, 20, 5, 100, 7]))
print({10, 20})
for v in {33, 1, 65, 97}:
    print(v)
