# Globals named like the printed code's own variables, odd constants, unpacking,
# try/except/else/finally around yields, throw through nested finally, del of a generator.
value = 10
state = "global state"
def reads_globals(mode):
    block = value + 1
    yield block, state, mode
    raised = [value, state]
    yield raised

print(list(reads_globals("m")))

def big():
    yield 2 ** 100, -3 ** 2, (-3) ** 2, float("inf"), 1e300 * 1e10, -0.0
    yield "héllo ✓", b"\x00\xff", "tab\tquote'\"", ...
print(list(big()))

def unpack(pairs):
    for (a, b), *rest in pairs:
        yield a + b, rest
    x, y = yield "swap"
    yield y, x

u = unpack([((1, 2), 3, 4), ((5, 6),)])
print(next(u), next(u), next(u))
print(u.send((7, 8)))

def retry(attempts):
    for i in range(attempts):
        try:
            result = yield i
            if result == "fail":
                raise ValueError(i)
        except ValueError as e:
            print("retrying after", e)
            continue
        else:
            print("ok", result)
            return result
        finally:
            print("attempt", i, "over")
    return None

r = retry(3)
print(next(r))
print(r.send("fail"))
try:
    r.send("good")
except StopIteration as e:
    print("got", e.value)

def deep():
    try:
        try:
            yield 1
        finally:
            print("f1")
            yield 2
    finally:
        print("f2")

dd = deep()
print(next(dd))
print(dd.throw(IndexError("z")))
try:
    next(dd)
except IndexError as e:
    print("IndexError", e)

def ignores_close():
    try:
        yield 1
    finally:
        yield "nope"

ic = ignores_close()
next(ic)
try:
    ic.close()
except RuntimeError as e:
    print(e)

def with_return_in_loop(xs):
    for x in xs:
        try:
            if x < 0:
                return "negative"
            yield x
        finally:
            print("done with", x)

print(list(with_return_in_loop([1, 2, -1, 5])))
g = with_return_in_loop([4])
print(next(g))
g.close()
print("closed")
it = iter(with_return_in_loop([9, 8]))
print(next(it))
del it
print("deleted")
