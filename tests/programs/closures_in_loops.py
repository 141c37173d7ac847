# Closures capture variables, not values.
fs = []
for i in range(3):
    def f():
        return i
    fs.append(f)
print([f() for f in fs])
i = 10
print([f() for f in fs])

gs = [lambda x, i=i: x + i for i in range(3)]
print([g(100) for g in gs])

def make():
    funcs = []
    n = 0
    while n < 3:
        funcs.append(lambda: n)
        n += 1
    return funcs

print([h() for h in make()])

def counter_pair():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    def get():
        return count
    return inc, get

inc, get = counter_pair()
inc(); inc()
print(get(), inc(), get())

comps = [(lambda: k) for k in "abc"]
print([c() for c in comps])
