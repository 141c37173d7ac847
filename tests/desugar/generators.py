def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"

def relay():
    result = yield from countdown(3)
    print("inner returned", result)
    total = 0
    for x in range(3):
        total += (yield x * 10) or x
    yield total
    yield from [7, 8]

g = relay()
print(next(g))
for v in g:
    print("got", v)

def averager():
    total = 0.0
    count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count

a = averager()
next(a)
print(a.send(10), a.send(20), a.send(60))

def pairs(xs):
    for i, x in enumerate(xs):
        if x % 2:
            continue
        yield i, x
    else:
        print("exhausted")
print(list(pairs([1, 2, 3, 4])))
print(sum(x * x for x in range(10) if x % 3))
print(list((a, b) for a in range(3) for b in range(a)))

def catcher():
    while True:
        try:
            x = yield
        except ValueError as e:
            print("caught", e)
        else:
            print("received", x)

def outer():
    r = yield from catcher()
    return r
c = outer()
next(c)
c.send(1)
c.throw(ValueError("boom"))
c.send(2)
c.close()
print("closed")

def weird():
    x = 5
    x += yield x
    print("x is", x)
    y = [(yield 1), (yield 2)]
    print(y)
    z = (yield 3) or (yield 4)
    print("z", z)
    return (yield "r")
w = weird()
print(next(w)); print(w.send(3)); print(w.send("a")); print(w.send("b")); print(w.send(0)); print(w.send(9))
try:
    w.send("last")
except StopIteration as e:
    print("stop", e.value)

def guarded():
    try:
        yield 1
        yield 2
    finally:
        print("guarded finally")

for v in guarded():
    print("first", v)
    break
print("after the loop")
