# Output printed before an uncaught exception still appears; exit status is 1.
# peel: same stderr
def check(values):
    for v in values:
        print("checking", v)
        if v < 0:
            raise ValueError(f"negative value: {v}")
    return "all good"

print(check([1, 2]))
try:
    check([3, -1])
except ValueError as e:
    print("handled:", e)
finally:
    print("cleanup 1")
try:
    check([5, -2, 7])
finally:
    print("cleanup 2 runs before the traceback")
print("never reached")
