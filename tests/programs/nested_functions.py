# Functions defined inside functions, returned and called later; recursion inside.
def compose(*fs):
    def run(x):
        for fn in reversed(fs):
            x = fn(x)
        return x
    return run

inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5), compose()(7))

def memo_fib():
    cache = {}
    def fib(n):
        if n in cache:
            return cache[n]
        result = n if n < 2 else fib(n - 1) + fib(n - 2)
        cache[n] = result
        return result
    return fib, cache

fib, cache = memo_fib()
print(fib(100), len(cache))

def curry(a):
    def b(x):
        def c(y):
            return a * 100 + x * 10 + y
        return c
    return b
print(curry(1)(2)(3))

def apply_all(funcs, *args, **kwargs):
    return [fn(*args, **kwargs) for fn in funcs]

def area(w, h=1):
    return w * h

def perimeter(w, h=1):
    return 2 * (w + h)

print(apply_all([area, perimeter], 3, h=4), apply_all([area], 5))
