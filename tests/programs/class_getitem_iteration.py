# Iteration through __getitem__ alone (CPython's sequence iterator): for, in, list,
# unpacking, sorted, ended by IndexError or StopIteration.
class Squares:
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError(i)
        return i * i


s = Squares(5)
print(list(s), 9 in s, 10 in s, [x for x in s if x % 2], sum(s), max(s))
it = iter(s)
print(type(it).__name__, next(it), next(it))
for x in Squares(3):
    print("item", x)
a, b, c = Squares(3)
print(a, b, c, sorted(Squares(4), reverse=True))


class Stops:
    def __getitem__(self, i):
        if i == 2:
            raise StopIteration
        return i


print(list(Stops()))
