# Valid Python that peel rejects: complex numbers.
print(abs(3 + 4j))
