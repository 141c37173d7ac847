# / // % ** with mixed signs and types.
for a in [7, -7]:
    for b in [2, -2]:
        print(a, b, a / b, a // b, a % b, a ** 2, float(a) // b, float(a) % b)
print(2 ** 10, 2 ** -2, -8 ** 2, 0 ** 0, 10 ** -1)
print(1 // 3, -1 // 3, 1 % 3, -1 % 3, 5.5 // 1, -5.5 // 1, 5.5 % 1)
print(10 / 5, 0 / 3, -0 / 3, 1e300 * 1e10, -1e300 * 1e10)
for expr in ["1 / 0", "1 // 0", "1 % 0", "1.0 / 0", "0 ** -1"]:
    try:
        if expr == "1 / 0":
            1 / 0
        elif expr == "1 // 0":
            1 // 0
        elif expr == "1 % 0":
            1 % 0
        elif expr == "1.0 / 0":
            1.0 / 0
        else:
            0 ** -1
    except ZeroDivisionError as e:
        print(expr, "->", e)
print(3 * "ab", [0] * 3, -3 * [1], 7 % 3 * 2, 2 ** 3 ** 2, -2 ** 2, (-2) ** 2)
