# else on for/while: runs only when the loop was not left by break.
for i in []:
    print("never")
else:
    print("empty for: else runs")
for i in range(3):
    if i == 5:
        break
else:
    print("no break: else runs, i =", i)
for i in range(3):
    if i == 1:
        break
else:
    print("never printed")
print("after break, i =", i)
n = 0
while n < 3:
    n += 1
    if n == 10:
        break
else:
    print("while condition became false: else runs, n =", n)
while True:
    break
else:
    print("never")
for i in range(4):
    for j in range(4):
        if i * j == 2:
            print("found", i, j)
            break
    else:
        continue
    break
def search(items, target):
    for index, item in enumerate(items):
        if item == target:
            return index
    else:
        return -1
print(search("abc", "c"), search("abc", "z"))
for i in range(3):
    try:
        if i == 1:
            continue
    finally:
        print("finally", i)
else:
    print("continue does not skip else")
