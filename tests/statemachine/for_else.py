# for/else and while/else inside generators, break and continue.
def find_first(items, wanted):
    for i, item in enumerate(items):
        if item == wanted:
            yield "found at %d" % i
            break
        yield "not " + str(item)
    else:
        yield "never found"
    yield "end"

print(list(find_first([3, 4, 5], 4)))
print(list(find_first([3, 4, 5], 9)))

def odds_below(limit):
    n = 0
    while n < limit:
        n += 1
        if n % 2 == 0:
            continue
        yield n
    else:
        yield -1

print(list(odds_below(8)))
