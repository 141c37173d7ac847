# Baseline: a while loop of 3,000,000 steps with arithmetic on local variables.
# Measures the plain interpreter: local slots, comparisons, int arithmetic, jumps.


def run(n):
    total = 0
    i = 0
    while i < n:
        total = (total + i * i) % 1_000_003
        i += 1
    return total


print(run(3_000_000))
