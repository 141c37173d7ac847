# A generator that tries to resume itself: "generator already executing".
def selfish():
    while True:
        try:
            yield next(me)
        except ValueError as e:
            print("ValueError:", e)
            yield "recovered"

me = selfish()
print(next(me))

def returns_value():
    x = yield 1
    return x * 2

r = returns_value()
next(r)
try:
    r.send(21)
except StopIteration as e:
    print("returned", e.value, e.args)

def empty():
    return
    yield

try:
    next(empty())
except StopIteration as e:
    print("empty", e.args)
