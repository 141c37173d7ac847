# Yields inside except and finally bodies, bare raise, close of a delegating generator,
# parameters of every kind, lambdas, comprehensions, cells, decorators, f-strings.
def handler_yields():
    try:
        yield 1
        raise KeyError("k")
    except KeyError as e:
        x = yield "in except " + repr(e)
        print("sent into except:", x)
        try:
            raise
        except KeyError as again:
            print("bare raise gave", repr(again))
    else:
        print("no else")
    yield "after"

g = handler_yields()
print(next(g)); print(next(g)); print(g.send("hi"))

def finally_yield_throw():
    try:
        yield 1
    finally:
        try:
            yield 2
        except ValueError:
            print("caught in finally")
        yield 3

f = finally_yield_throw()
print(next(f), f.throw(KeyError("x")))
print(f.throw(ValueError()))
try:
    next(f)
except KeyError as e:
    print("re-raised", repr(e))

def inner():
    try:
        yield "i1"
        yield "i2"
    finally:
        print("inner finally")

def delegating():
    try:
        yield from inner()
    finally:
        print("outer finally")

d = delegating()
print(next(d))
d.close()

def params(a, b=2, *rest, key="k", **kw):
    yield a, b, rest, key, sorted(kw.items())
    fs = [lambda y, a=a: y + a for _ in range(2)]
    yield [f(1) for f in fs]
    squares = {i: i * i for i in range(a)}
    yield squares, {v % 2 for v in squares.values()}
    if (n := len(rest)) > 1:
        yield "walrus", n

print(list(params(3)))
print(list(params(1, 5, 6, 7, key="z", extra=1)))

def deco(fn):
    def wrapper(*args):
        print("calling", fn.__name__)
        return fn(*args)
    return wrapper

@deco
def decorated(n):
    yield from range(n)

print(list(decorated(3)))

def counter_with_cell():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    yield inc()
    yield inc()
    yield count

print(list(counter_with_cell()))

def uses_fstring(items):
    for k, v in items:
        yield f"{k!r}={v:>4} {'q'}"

print(list(uses_fstring([("a", 1), ("b", 22)])))

def gen_raises_in_next():
    it = iter([1])
    while True:
        try:
            v = next(it)
        except StopIteration:
            return "clean"
        yield v

g = gen_raises_in_next()
print(list(g))
def aug():
    d = {"k": 1}
    lst = [1]
    yield 0
    d["k"] += 5
    lst += [2]
    yield d, lst
print(list(aug()))
