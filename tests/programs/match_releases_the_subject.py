# match lets go of its subject once a case matched, before the case body runs, as CPython
# does: a started generator that only the subject refers to is closed right then.
def g():
    try:
        yield 1
        yield 2
    finally:
        print("generator closed")

def started():
    it = g()
    next(it)
    return it

def f():
    match started():
        case [x]:
            print("no")
        case _:
            print("in the case body")
    print("after the match")

f()
print("end")
