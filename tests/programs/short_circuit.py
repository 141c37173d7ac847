# and/or return operands and evaluate lazily; not always gives a bool.
def v(x):
    print("eval", repr(x))
    return x

print(v(0) and v(1))
print(v(2) and v(3))
print(v("") or v([]) or v("last"))
print(v(None) or v(0))
print(not v([]), not v(5))
print(v(1) if v(0) else v(2))
print([] or {} or 0 or "" or None)
print(1 and [1] and "ok")
x = None
print(x is None and "none" or "not none")
