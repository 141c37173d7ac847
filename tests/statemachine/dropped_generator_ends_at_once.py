# A suspended generator nobody can resume is closed at once in CPython: its `finally`
# runs when the last reference goes, not when the cycle collector runs. The printed
# state machines must do the same, also after an exception has been handled inside the
# generator (its traceback holds the frames that ran the state machine).


def numbers(n):
    for i in range(n):
        yield i
    return n


def delegating():
    try:
        yield from numbers(1)
    finally:
        print("delegating: finally")


def handling(n):
    try:
        raise ValueError(n)
    except ValueError as e:
        try:
            yield e.args
        finally:
            print("handling: finally", n)
    print("handling: after")


def keeping(n):
    try:
        1 / 0
    except ZeroDivisionError as e:
        err = e
    try:
        yield n
    finally:
        print("keeping: finally", n, type(err).__name__)


def rebinds():
    for round in range(2):
        it = delegating()
        print("rebinds", round, next(it))
        print("rebinds: rebinding")
    print("rebinds: returning")


def returns_holding():
    first = handling(1)
    print("returns_holding", next(first))
    second = keeping(2)
    print("returns_holding", next(second))
    print("returns_holding: returning")


def throws_in():
    it = handling(3)
    next(it)
    try:
        it.throw(KeyError(4))
    except KeyError as e:
        print("throws_in: caught", repr(e), repr(e.__context__))
    print("throws_in: done")


rebinds()
print("---")
returns_holding()
print("---")
throws_in()
print("end")
