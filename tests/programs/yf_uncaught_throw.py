# An exception thrown into a chain of delegating generators that nobody catches:
# every finally block runs, innermost first, and the program ends with it.
# peel: same stderr

def reader(name):
    try:
        for i in range(3):
            yield f"{name}[{i}]"
    finally:
        print(f"{name} closed")

def merged():
    try:
        yield from reader("first")
        yield from reader("second")
    except KeyError as e:
        print("merged handles KeyError only:", e)
        yield "recovered"
    finally:
        print("merged finally")

g = merged()
print(next(g))
print(g.throw(KeyError("ignored key")))
print(next(g, "merged is done"))

# An exception the inner generator catches never reaches merged at all.
def tolerant():
    for attempt in range(3):
        try:
            yield f"attempt {attempt}"
        except TimeoutError as e:
            print("tolerant retries after:", e)

def outer():
    try:
        yield from tolerant()
    finally:
        print("outer finally")

o = outer()
print(next(o))
print(o.throw(TimeoutError("slow")))
print(list(o))

# Throwing into a finished delegator raises straight away: nothing runs.
try:
    o.throw(ValueError("too late"))
except ValueError as e:
    print("finished delegator re-raised:", e)

# Uncaught: reader's finally, then merged's finally, then the traceback.
g = merged()
for _ in range(4):
    print(next(g))
g.throw(OverflowError("the disk is full"))
print("never printed")
