# Error: an expression that stops in the middle.
x = 1 +
print(x)
