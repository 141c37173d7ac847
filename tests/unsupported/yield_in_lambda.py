# Valid Python that peel rejects: a lambda whose body yields is a generator function.
counter = lambda: (yield 1)
print(list(counter()))
