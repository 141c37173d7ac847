# Slicing with negative, omitted and out-of-range bounds and steps.
s = "abcdefgh"
l = list(range(10))
print(s[2:5], s[-3:], s[:-3], s[::3], s[::-2], s[5:2:-1], s[-1:-4:-1], s[10:], s[-100:3])
print(l[1:8:2], l[8:1:-3], l[::-1][:3], l[3:3], l[7:2], l[-2:-1])
t = (1, 2, 3, 4)
print(t[1:], t[::-1], t[:0])
l[2:5] = []
print(l)
l[:0] = ["start"]
print(l)
l[::2] = ["x"] * len(l[::2])
print(l)
del l[::3]
print(l)
try:
    l[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
print("abc"[1], "abc"[-1], [[1, 2], [3]][0][-1])
try:
    "abc"[3]
except IndexError as e:
    print("IndexError:", e)
try:
    (1, 2)[-3]
except IndexError as e:
    print("IndexError:", e)
print(s[1:6][::-1][1:3], range(10)[2:8:2], list(range(10)[::-3]))
