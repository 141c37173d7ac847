# Comprehensions have their own scope; the first iterable is evaluated outside.
x = "outer"
ys = [x for x in range(3)]
print(x, ys)
n = 3
print([[i * j for j in range(n)] for i in range(n)])
print({k: [v for v in range(k)] for k in range(3)})
def f():
    factor = 10
    return [i * factor for i in range(3)]
print(f())
def g():
    data = [1, 2, 3]
    return [d + len(data) for d in data if d != 2]
print(g())
print([(a, b) for a in "xy" for b in range(2) if b or a == "x"])
print([i for i in range(10) if i % 2 if i % 3])
fs = [lambda: i for i in range(3)]
print([fn() for fn in fs])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print(sorted({c.lower() for c in "AbBa"}), {w: len(w) for w in ["hi", "hey", "hi"]})
