# An assert that fails without a handler ends the program with AssertionError.
# peel: same stderr
def ratio(a, b):
    assert b != 0, f"cannot divide {a} by zero"
    return a / b

print(ratio(1, 4))
assert ratio(2, 4) == 0.5
print(ratio(3, 0))
