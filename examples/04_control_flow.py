# Lesson 04: making decisions and repeating work
#
# - if / elif / else picks the first branch whose condition is true;
# - any value can be a condition: 0, 0.0, "", [], {}, None and False are "falsy",
#   everything else is "truthy";
# - comparisons chain: a < b < c means a < b and b < c (b is evaluated once);
# - and / or stop early and return one of their operands, not just True/False;
# - while repeats while a condition holds; for walks over any iterable;
# - break leaves the loop, continue skips to the next round;
# - a loop's else block runs only when the loop ended without break.

def describe(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif 0 < n < 10:
        return "small"
    else:
        return "large"

for n in [-4, 0, 7, 12]:
    print(n, "is", describe(n))

print("truthiness:")
for value in [0, 1, 0.0, "", "x", [], [0], {}, None]:
    if value:
        print("  ", repr(value), "-> truthy")
    else:
        print("  ", repr(value), "-> falsy")

print("and/or return operands:", 0 or "default", "" and "never", 3 and 4, None or 0)
x = 5
print("chained:", 1 < x < 10, 1 < x > 10, 1 == 1.0 < 2, 3 > 2 > 1 > 0)
print("conditional expression:", "even" if x % 2 == 0 else "odd")
print("not:", not x, not [], x != 5)

# while: count down, collecting the Collatz steps of 6.
n = 6
steps = []
while n != 1:
    steps.append(n)
    if n % 2 == 0:
        n = n // 2
    else:
        n = 3 * n + 1
steps.append(n)
print("collatz from 6:", steps)

# for with continue: skip multiples of 3.
kept = []
for i in range(1, 11):
    if i % 3 == 0:
        continue
    kept.append(i)
print("not multiples of 3:", kept)

# for ... else: the else runs when no break happened. Find primes below 20.
primes = []
for candidate in range(2, 20):
    for divisor in range(2, candidate):
        if candidate % divisor == 0:
            break
    else:
        primes.append(candidate)
print("primes:", primes)

# while ... else with break.
def find_first(items, wanted):
    i = 0
    while i < len(items):
        if items[i] == wanted:
            print("  found", wanted, "at", i)
            break
        i += 1
    else:
        print("  no", wanted, "in", items)

find_first(["a", "b", "c"], "b")
find_first(["a", "b", "c"], "z")

# Nested loops with break only leave the inner loop.
for row in range(3):
    line = ""
    for col in range(5):
        if col > row + 1:
            break
        line += str(col)
    print("row", row, "->", line)

# A while True loop ended by break.
total = 0
k = 0
while True:
    k += 1
    total += k
    if total > 20:
        break
print("first k with 1+..+k > 20:", k, "total", total)
