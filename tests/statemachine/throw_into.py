# throw(): the exception appears at the yield; an except clause can keep the loop going.
def worker(tasks):
    done = []
    for t in tasks:
        try:
            yield "working on " + t
            done.append(t)
        except LookupError as e:
            print("skipped", t, "because", e)
            continue
    return done

w = worker(["a", "b", "c", "d"])
print(next(w))
print(w.throw(LookupError("too slow")))
print(next(w))
print(w.throw(LookupError, "broken"))
try:
    next(w)
except StopIteration as stop:
    print("finished with", stop.value)

def fragile():
    yield 1
    yield 2

f = fragile()
next(f)
try:
    f.throw(KeyError("boom"))
except KeyError as e:
    print("escaped:", repr(e))
print(list(f))
try:
    fragile().throw(ValueError("early"))
except ValueError as e:
    print("unstarted throw:", e)
