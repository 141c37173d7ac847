# Found while fixing tests/programs/uncaught_in_for_closes_iterator.py; open.
# A `for` loop's iterator lives on CPython's value stack, which is emptied down to the
# handler's depth when an exception is caught: the generator is closed before the `except`
# body runs. peel's desugared loop keeps the iterator in a variable (`_iter_numbers`), which
# lets go of it only when the function ends or the variable is bound again.
# CPython: stdout "closing numbers\ncaught\nafter\n"
# peel:    stdout "caught\nafter\nclosing numbers\n"
def numbers():
    try:
        yield 1
    finally:
        print("closing numbers")


def f():
    try:
        for n in numbers():
            raise KeyError(n)
    except KeyError:
        print("caught")
    print("after")


f()
