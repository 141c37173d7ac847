# A hand-written delegation loop: a throw() at its yield shows that yield's line
# in the traceback (only a real yield from hands the exception straight on).
# peel: same stderr
def inner():
    yield 1
    yield 2

def outer():
    d = inner()
    while True:
        try:
            y = next(d)
        except StopIteration as e:
            r = e.value
            break
        yield y

g = outer()
next(g)
g.throw(ValueError("boom"))
