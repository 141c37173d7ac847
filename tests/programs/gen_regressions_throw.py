# Regressions for throw() into generators: an except clause that continues a
# loop, yields inside except and finally, nested try in a while loop with continue.

def worker():
    # Each thrown ValueError is logged and the loop carries on with the next job.
    job = 0
    while job < 5:
        job += 1
        try:
            yield f"job {job}"
        except ValueError as e:
            print(f"  job {job} failed: {e}")
            continue
        print(f"  job {job} ok")
    return "all jobs seen"

g = worker()
print(next(g))
print(g.throw(ValueError("disk full")))
print(next(g))
print(g.throw(ValueError("timeout")))
print(g.throw(ValueError("again")))
try:
    next(g)
except StopIteration as e:
    print("stopped:", e.value)

# Same shape with a for loop and an else clause on the loop.
def for_worker(items):
    for item in items:
        try:
            yield item
        except KeyError:
            print(f"  skipping {item}")
            continue
        print(f"  handled {item}")
    else:
        print("  loop else runs: no break")

g = for_worker(["a", "b", "c"])
print(next(g))
print(g.throw(KeyError("a")))
print(next(g))
print(next(g, "end"))

# yield inside an except clause: the exception stays "being handled" across it.
def yield_in_except():
    try:
        raise KeyError("original")
    except KeyError as e:
        got = yield f"handling {e}"
        print("  resumed in except with", repr(got))
        yield "still in except"
        try:
            raise IndexError("inner")
        except IndexError as inner:
            print("  inner context:", repr(inner.__context__))
    yield "after except"

g = yield_in_except()
print(next(g))
print(g.send("sent"))
print(next(g))
print(next(g, "end"))

# throw() while suspended in an except clause: the new exception chains to the old.
def chained():
    try:
        raise KeyError("old")
    except KeyError:
        yield "in except"

g = chained()
next(g)
try:
    g.throw(ValueError("new"))
except ValueError as e:
    print("thrown:", e, "| context:", repr(e.__context__))

# yield inside finally while an exception is pending, then the exception resumes.
def yield_in_finally():
    try:
        yield "body"
        raise IndexError("pending")
    finally:
        got = yield "finally"
        print("  finally got", repr(got))

g = yield_in_finally()
print(next(g))
print(next(g))
try:
    g.send("value")
except IndexError as e:
    print("pending exception came out:", e)

# throw() into a yield inside finally replaces the pending exception.
g = yield_in_finally()
next(g)
next(g)
try:
    g.throw(TypeError("replacement"))
except TypeError as e:
    print("replaced:", e, "| context:", repr(e.__context__))

# Nested try inside a while loop with continue and a thrown exception.
def nested_loop():
    n = 0
    while n < 4:
        n += 1
        try:
            try:
                x = yield n
                if x == "skip":
                    continue
                print(f"  n={n} x={x!r}")
            except ValueError:
                print(f"  inner caught at n={n}")
                continue
            finally:
                print(f"  inner finally n={n}")
        except KeyError:
            print(f"  outer caught at n={n}")
        finally:
            print(f"  outer finally n={n}")
    yield "loop done"

g = nested_loop()
print(next(g))
print(g.send("skip"))
print(g.throw(ValueError))
print(g.throw(KeyError))
print(g.send("last"))
print(next(g, "end"))
