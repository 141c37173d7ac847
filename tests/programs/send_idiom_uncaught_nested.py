# A hand-written delegation step inside an except body binding the same name:
# when the inner handler ends, e is unbound, not the outer exception again.
# peel: same stderr
def f():
    d = iter([])
    try:
        raise ValueError("x")
    except ValueError as e:
        try:
            y = next(d)
        except StopIteration as e:
            r = e.value
        else:
            pass
        print(e)
f()
