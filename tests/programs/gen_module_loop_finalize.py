# A module-level for loop hands each item straight to the loop variable: deleting the
# variable drops the last reference, so the generator's finally runs right then.


def make(i):
    try:
        yield i
    finally:
        print("closed", i)


for g in (make(i) for i in range(3)):
    print("got", next(g))
    del g
    print("after del")

total = 0
for i in range(5):
    total += i
else:
    print("loop done, i =", i)
print("end", total)
