# Found by tests/fuzz_diff.rs (long run, seed 3523174125, program 7190: two tasks in a list
# report "Task exception was never retrieved" at exit in the other order), shrunk by hand.
# CPython releases a list's (and a tuple's) items from the last to the first (list_dealloc,
# tupledealloc); a dict's from the first. Whatever has a visible end (a generator's finally,
# a task's report, __del__) shows the order.
# CPython: closing 3, closing 2, closing 1, after del, closing 1, closing 2, after dict
# peel:    closing 1, closing 2, closing 3, after del, ...
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
