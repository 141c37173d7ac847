# yield from: delegation, send forwarded to the inner generator, its return value.
def accumulate(label):
    total = 0
    while True:
        item = yield
        if item is None:
            return label, total
        total += item

def batches(out):
    while True:
        result = yield from accumulate("batch%d" % len(out))
        out.append(result)

results = []
g = batches(results)
next(g)
for value in [1, 2, 3, None, 10, 20, None]:
    g.send(value)
print(results)

def chain(*iterables):
    for it in iterables:
        got = yield from it
        print("inner gave back", got)

def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"

print(list(chain(range(2), countdown(3), "ab")))
