# Chained comparisons evaluate each operand at most once and short-circuit.
def v(x, label):
    print("eval", label)
    return x

print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 > 2, 1 == 1 == 1.0)
print(v(1, "a") < v(2, "b") < v(0, "c") < v(5, "d"))
print(v(5, "a") < v(2, "b") < v(9, "c"))
x = 5
print(0 <= x < 10, 0 <= x < 5, x is not None, 2 in [1, 2] in [[1, 2]])
print("a" < "b" < "c", [1, 2] < [1, 3], (1, 2) <= (1, 2) < (1, 2, 0))
print(1 < 2.5 < 3, -1 < 0 == 0.0 > -0.5)
print(1 != 2 != 1)
