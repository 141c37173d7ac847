# peel: same stderr
# An exception from a generator resumed in place travels out through each `for` that
# was pulling on it: the traceback shows every frame, innermost last.


def source(n):
    i = 0
    while i < n:
        yield i
        i += 1
    yield 10 // (i - n)


def middle(xs):
    for x in xs:
        yield x * 2


def last(xs):
    for x in xs:
        yield x + 1


print(sum(last(middle(source(3)))))
