# Arithmetic on locals has a small-int fast form; every case it does not answer
# must still come out exactly as Python computes it. These loops cross each edge.
# peel: same stderr


def counter(start, step, n):
    # Crosses 2**63: the sum stops fitting a machine word halfway.
    i = start
    k = 0
    while k < n:
        yield i
        i += step
        k += 1


print(list(counter(2**63 - 3, 1, 6)))
print(list(counter(-(2**63) + 2, -1, 4)))


def mixed(values):
    # The same statement sees ints, then a float, a bool, a string.
    for v in values:
        yield v * 3 % 7


print(list(mixed([1, 2, 10])))
print(list(mixed([2.5, True, False])))
try:
    print(list(mixed([4, "ab"])))
except TypeError as e:
    print("TypeError:", e)


def floors(a):
    # Floor division and modulo by negative divisors round toward minus infinity.
    for b in [3, -3, 7, -7]:
        print(a, b, a // b, a % b, (a + 1) // b - a % b)


floors(10)
floors(-10)


def compare(n):
    # Comparisons in a loop test, with an int that becomes big and then a float.
    x = 1
    steps = 0
    while x < n:
        x = x * 1000
        steps += 1
    print(steps, x)


compare(10**30)
compare(2.5e20)


def bits(n):
    m = 0
    for i in range(n):
        m = (m | (1 << i)) ^ (i & 3)
    return m


print(bits(10), bits(70))


def unbound(flag):
    if flag:
        total = 0
    total = total + 1
    return total


print(unbound(True))
try:
    unbound(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)


def divide(xs):
    for x in xs:
        yield 100 // x % 9


print(list(divide([1, 3, 7])))
print(list(divide([5, 0, 2])))
