# throw() and close() through `yield from`, a handler reading a local changed between
# yields, send() into a delegated range, break out of a loop from an except clause.
def handler_reads():
    x = 1
    try:
        yield "first"
        x = 2
        yield "second"
    except ValueError:
        print("handler sees x =", x)
        yield "handled"

h = handler_reads()
print(next(h), next(h))
print(h.throw(ValueError))
h2 = handler_reads()
next(h2)
print(h2.throw(ValueError))

def inner():
    try:
        got = yield "inner ready"
        print("inner got", got)
        yield "inner second"
    except KeyError as e:
        print("inner caught", repr(e))
        return "inner recovered"
    finally:
        print("inner cleanup")

def outer():
    result = yield from inner()
    print("outer result", result)
    yield "outer done"

o = outer()
print(next(o))
print(o.send("hello"))
print(o.throw(KeyError("k")))
o2 = outer()
next(o2)
o2.close()
print("o2 closed")

def over_range():
    yield from range(3)

r = over_range()
print(next(r))
try:
    r.send("x")
except AttributeError as e:
    print("AttributeError:", e)

def finally_after_loop(n):
    total = 0
    for i in range(n):
        try:
            total += i
            yield total
        except ZeroDivisionError:
            print("zero at", i, "total", total)
            break
    yield "final", total

f = finally_after_loop(5)
print(next(f), next(f))
print(f.throw(ZeroDivisionError))
