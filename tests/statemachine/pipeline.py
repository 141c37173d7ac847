# A lazy pipeline: every stage pulls one item at a time from the stage before.
def numbers(limit):
    n = 0
    while n < limit:
        print("  produce", n)
        yield n
        n += 1

def evens(items):
    for x in items:
        if x % 2 == 0:
            yield x

def labelled(items, prefix="#"):
    count = 0
    for x in items:
        count += 1
        yield f"{prefix}{count}: {x!r:>3}"

for line in labelled(evens(numbers(7)), prefix="item"):
    print(line)

lines = labelled(["a", 'b"c'])
print(next(lines))
print(list(lines))
