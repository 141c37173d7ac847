# Baseline: naive recursive Fibonacci, about 2,700,000 function calls.
# Measures the plain interpreter: calls, argument passing, returns, int arithmetic.


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(30))
