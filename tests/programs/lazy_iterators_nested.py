# map of a map of a map...: each next() goes down every level. CPython's C code does that
# without counting levels (and crashes somewhere past 50,000 of them); peel runs what
# CPython runs, and stops deeper chains with a RecursionError instead of crashing.
m = iter(range(5))
for _ in range(40_000):
    m = map(abs, m)
print(list(m))
f = iter(range(-3, 4))
for _ in range(20_000):
    f = filter(None, f)
print(list(f))
z = iter("abc")
for _ in range(20_000):
    z = zip(z)
print(len(list(z)))
