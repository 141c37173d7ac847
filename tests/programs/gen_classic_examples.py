# Classic generator programs from the generator test suite's spirit, in our own
# code: a prime sieve of chained filters, permutations and combinations,
# N-queens by backtracking generators, merging sorted streams, Hamming numbers.

def naturals(start):
    n = start
    while True:
        yield n
        n += 1

def drop_multiples(p, it):
    for n in it:
        if n % p:
            yield n

def sieve():
    # Each prime found wraps the stream in one more filtering generator.
    stream = naturals(2)
    while True:
        p = next(stream)
        yield p
        stream = drop_multiples(p, stream)

primes = sieve()
print([next(primes) for _ in range(15)])

def take(n, it):
    for _ in range(n):
        yield next(it)

def permutations(items):
    if len(items) <= 1:
        yield list(items)
        return
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for perm in permutations(rest):
            yield [items[i]] + perm

print(["".join(p) for p in permutations("abc")])
print(len(list(permutations(list(range(5))))))

def combinations(items, k):
    if k == 0:
        yield []
        return
    for i in range(len(items) - k + 1):
        for tail in combinations(items[i + 1:], k - 1):
            yield [items[i]] + tail

print(list(combinations([1, 2, 3, 4], 2)))
print(sum(1 for _ in combinations(list(range(8)), 3)))

def queens(n, placed=()):
    # placed[r] is the column of the queen on row r.
    row = len(placed)
    if row == n:
        yield placed
        return
    for col in range(n):
        if all(col != c and abs(col - c) != row - r for r, c in enumerate(placed)):
            yield from queens(n, placed + (col,))

solutions = queens(6)
first = next(solutions)
print("first 6-queens solution:", first)
for r in range(6):
    print(" ".join("Q" if first[r] == c else "." for c in range(6)))
print("remaining 6-queens solutions:", sum(1 for _ in solutions))
print("8-queens solutions:", len(list(queens(8))))

def merge(a, b):
    # Merges two ascending (possibly infinite) streams, dropping duplicates.
    x = next(a)
    y = next(b)
    while True:
        if x < y:
            yield x
            x = next(a)
        elif y < x:
            yield y
            y = next(b)
        else:
            yield x
            x = next(a)
            y = next(b)

def scaled(factor, it):
    for v in it:
        yield v * factor

def hamming():
    # Numbers of the form 2**i * 3**j * 5**k, each stream fed by a shared history.
    seen = [1]
    def replay(factor):
        i = 0
        while True:
            yield seen[i] * factor
            i += 1
    stream = merge(replay(2), merge(replay(3), replay(5)))
    yield 1
    for v in stream:
        seen.append(v)
        yield v

print(list(take(20, hamming())))
print(list(take(8, merge(scaled(2, naturals(1)), scaled(3, naturals(1))))))

def flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item

print(list(flatten([1, [2, [3, [4, []]], 5], [[6]]])))

def collatz(n):
    while n != 1:
        yield n
        n = n // 2 if n % 2 == 0 else 3 * n + 1
    yield 1

print(list(collatz(27))[:10], len(list(collatz(27))), max(collatz(27)))
