# CPython releases a list's (and a tuple's) items from the last to the first (list_dealloc,
# tupledealloc), a dict's from the first; whatever has a visible end (a generator's
# finally, a task's report) shows the order. (Found by tests/fuzz_diff.rs, long run, seed
# 3523174125, program 7190: two tasks in a list reported "Task exception was never
# retrieved" at exit in the other order.)
def gen(n):
    try:
        yield n
    finally:
        print("closing", n)


gens = [gen(1), gen(2), gen(3)]
for i in range(3):
    next(gens[i])
del gens
print("after del")
pair = (gen(1), gen(2))
next(pair[0])
next(pair[1])
del pair
print("after tuple")
d = {1: gen(1), 2: gen(2)}
next(d[1])
next(d[2])
del d
print("after dict")
nested = [[gen(1), gen(2)], (gen(3), gen(4))]
for inner in nested:
    for g in inner:
        next(g)
del inner, g
del nested
print("after nested")
