# Benchmark (issue 3): two chained generators over 3,000,000 values, summed.
# Every value travels numbers() -> squares() -> sum(), so this measures the cost
# of resuming a suspended generator and of yielding a value out of it.


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def squares(xs):
    for x in xs:
        yield x * x % 7


print(sum(squares(numbers(3_000_000))))
