# Unpacking: starred targets, nested targets, errors.
a, *b, c = range(5)
print(a, b, c)
*a, b = "xy"
print(a, b)
(a, b), (c, d) = "ab", [1, 2]
print(a, b, c, d)
for x, *rest in [(1, 2, 3), (4,), "hey"]:
    print(x, rest)
first, second = {"k1": 1, "k2": 2}
print(first, second)
k, v = list({"only": 9}.items())[0]
print(k, v)
for bad in [(1,), (1, 2, 3, 4)]:
    try:
        p, q, r = bad
    except ValueError as e:
        print("ValueError:", e)
try:
    m, *n, o = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError:", e)
x = y = z = [0]
x.append(1)
print(y, z is x)
i, l = 0, [10, 20]
i, l[i] = 1, 99
print(i, l)
