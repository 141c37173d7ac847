# Evaluation order: operands, arguments, displays, targets, left to right.
def v(x, tag):
    print("eval", tag)
    return x
d = {v("k1", "key1"): v(1, "val1"), v("k2", "key2"): v(2, "val2")}
print(d)
def f(*a, **k):
    return a, k
print(f(v(1, "a"), v(2, "b"), x=v(3, "c"), *[v(4, "d")], **{"y": v(5, "e")}))
lst = [0, 0, 0]
i = 0
i = lst[i] = 2
print(i, lst)
lst[v(0, "index")] += v(10, "rhs")
print(lst)
a, b = v(1, "first"), v(2, "second")
print(v(1, "L") + v(2, "R") * v(3, "M"))
print(v(0, "cond") or v(5, "alt"), v([], "x") and v(1, "y"))
del lst[v(1, "del")]
print(lst)
print([v(i, "comp") for i in range(2) if v(i, "filter")])
print(v(1, "a") < v(2, "b") == v(2, "c"))
s = "abc"
print(s[v(0, "start"):v(2, "stop")])
