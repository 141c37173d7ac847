# A `for` loop's iterator lives on CPython's value stack, which is emptied down to a
# handler's depth when a `try` catches an exception, and as a `return` leaves through a
# `finally`: a generator left in the loop is closed before the `except` (or `finally`) body
# runs. (peel's desugared loop keeps the iterator in a variable, and each handler lets go
# of it first.)
def gen(tag):
    try:
        yield 1
        yield 2
    finally:
        print("closing", tag)

def f():
    try:
        for x in gen("ret"):
            return x
    finally:
        print("f finally")

print(f())

def g():
    try:
        for x in gen("inner"):
            for y in gen("innermost"):
                raise ValueError(y)
    except ValueError as e:
        print("caught", e)
    else:
        print("no")
    print("after g")
g()

try:
    for x in gen("module"):
        1 / 0
except ZeroDivisionError:
    print("module caught")
finally:
    print("module finally")
