# close(): GeneratorExit at the yield runs exactly the finally blocks active there.
def reader(name):
    print("open", name)
    try:
        yield 1
        try:
            yield 2
        finally:
            print("inner finally", name)
        yield 3
    finally:
        print("close", name)

def consume(name, k):
    r = reader(name)
    for _ in range(k):
        print("got", next(r))
    r.close()
    print("closed", name)
    r.close()

consume("zero", 0)
consume("one", 1)
consume("two", 2)
consume("three", 3)

def stubborn():
    while True:
        try:
            yield "still here"
        except GeneratorExit:
            print("refusing to close")

s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)

def polite():
    try:
        yield 1
    except GeneratorExit:
        print("cleaning up")
        raise

p = polite()
next(p)
p.close()
print("done")
