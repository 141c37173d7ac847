# Lesson 01: values and how Python prints them
#
# Every value has a type, and print() turns it into text. This lesson walks through
# the basic kinds of value peel understands and shows exactly what print() writes:
#   - ints never overflow: they grow as large as they need to be;
#   - / always gives a float, // and % round towards minus infinity;
#   - floats print as the shortest text that reads back as the same number,
#     which is why 0.1 + 0.2 shows its rounding error;
#   - round() rounds halves to the even neighbour ("banker's rounding");
#   - print() takes several values, a separator (sep) and a line ending (end).

# Integers: small and very large behave the same way.
print("ints:", 7, -3, 2 ** 10)
big = 2 ** 100
print("2 ** 100 =", big)
print("times itself:", big * big)
print("factorial of 25:", 1 * 2 * 3 * 4 * 5 * 6 * 7 * 8 * 9 * 10 * 11 * 12 * 13
      * 14 * 15 * 16 * 17 * 18 * 19 * 20 * 21 * 22 * 23 * 24 * 25)
print("negative big:", -(10 ** 30) + 1)

# Division: true division, floor division and remainder.
print("7 / 2 =", 7 / 2, "  6 / 3 =", 6 / 3)
print("7 // 2 =", 7 // 2, "  -7 // 2 =", -7 // 2)
print("7 % 3 =", 7 % 3, "  -7 % 3 =", -7 % 3, "  7 % -3 =", 7 % -3)
print("2 ** -1 =", 2 ** -1, "  (-2) ** 3 =", (-2) ** 3)
print("divmod-like:", 17 // 5, 17 % 5)

# Floats: the printed text is the shortest one that round-trips.
print(0.1 + 0.2)
print(1.0, 2.5, -0.0, 1 / 3)
print(1e16, 1e15, 123456789.0 * 1000000000)
print(0.0001, 0.00001, 1.5e-7)
print(3 * 1.1, 10 / 4, 2 ** 0.5)
print("int(3.99) =", int(3.99), "  int(-3.99) =", int(-3.99), "  float(3) =", float(3))

# round(): halves go to the even neighbour.
print("round:", round(0.5), round(1.5), round(2.5), round(-2.5), round(2.675, 2))
print("round to places:", round(3.14159, 2), round(1234.5678, -2))

# Booleans are ints underneath, None means "no value".
print(True, False, True + True, None)
print("True == 1:", True == 1, "  bool(0):", bool(0), "  bool('no'):", bool("no"))

# type(x).__name__ tells the type's name.
for value in [1, 2 ** 70, 1.5, "text", True, None, [1], (1,), {"k": 1}]:
    print(type(value).__name__, end=" ")
print()

# print(): several values, a custom separator and a custom ending.
print("a", "b", "c")
print("a", "b", "c", sep="-")
print("no newline here", end="...")
print(" continued", end="\n")
print(1, 2, 3, sep=", ", end=" <- done\n")
print()
print("abs:", abs(-5), abs(-2.5), "  min/max:", min(3, 1, 2), max(3, 1, 2))
print("str and repr:", str(42), repr("42"), str(1.0), repr(0.1))
