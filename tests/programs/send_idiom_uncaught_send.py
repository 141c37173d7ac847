# A hand-written next-or-send step: an error raised by the delegate is reported
# at the send line, where the call happens.
# peel: same stderr
def inner():
    x = yield 1
    raise ValueError(x)

def outer():
    d = inner()
    s = None
    while True:
        try:
            if s is None:
                y = next(d)
            else:
                y = d.send(s)
        except StopIteration as e:
            r = e.value
            break
        s = yield y

g = outer()
next(g)
g.send(5)
