# Generator expressions consumed by builtins, and generators feeding generators.
def squares(n):
    for i in range(n):
        yield i * i

print(sum(x for x in squares(6) if x % 2))
print(list(x + 1 for x in squares(4)))
print(max(len(w) for w in "the quick brown fox".split()))
print(sorted((y % 5 for y in squares(7)), reverse=True))
print(any(x > 10 for x in squares(5)), all(x < 100 for x in squares(5)))
print(dict(zip("abc", squares(3))))
print(", ".join(str(x) for x in squares(5)))
print(list(enumerate(squares(3), 1)))
print(set(x % 3 for x in range(10)))

def scaled(factor, items):
    for row in items:
        yield sum(v * factor for v in row)

print(list(scaled(3, [[1, 2], [3, 4, 5], []])))
print(list(zip(squares(10), "xyz")))
