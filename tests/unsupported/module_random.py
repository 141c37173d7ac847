# Valid Python that peel rejects: random is a module of CPython's standard library that
# peel does not provide. Nothing runs: the first print does not happen either.
print("rolling a die")
import random

print(random.randint(1, 6))
