# Lesson 05: functions and their parameters
#
# def creates a function object and binds it to a name. Calling it binds the
# arguments to its parameters:
#   - positional arguments fill parameters left to right;
#   - keyword arguments (name=value) fill parameters by name, in any order;
#   - a parameter with a default may be left out; defaults are computed ONCE,
#     when def runs, so a mutable default (like []) is shared between calls;
#   - parameters after * (or after *args) are keyword-only;
#   - *args collects extra positional arguments in a tuple, **kwargs extra
#     keyword arguments in a dict;
#   - at the call site, f(*seq) spreads a sequence and f(**d) spreads a dict.
# A function without a return statement returns None. Functions are values:
# they can be stored, passed and returned.

def greet(name, greeting="Hello", punctuation="!"):
    return greeting + ", " + name + punctuation

print(greet("Ada"))
print(greet("Alan", "Hi"))
print(greet("Grace", punctuation="?"))
print(greet(punctuation=".", name="Linus", greeting="Hey"))

def nothing():
    pass

print("a function without return gives:", nothing())

# A mutable default is created once and shared.
def remember(item, seen=[]):
    seen.append(item)
    return seen

print(remember("a"), remember("b"))

def remember_fresh(item, seen=None):
    if seen is None:
        seen = []
    seen.append(item)
    return seen

print(remember_fresh("a"), remember_fresh("b"))

# Keyword-only parameters.
def scale(value, *, factor=2, offset=0):
    return value * factor + offset

print(scale(5), scale(5, factor=10), scale(5, offset=1, factor=3))

# *args and **kwargs.
def report(title, *args, sep=" | ", **kwargs):
    print(title, "args:", args, "kwargs:", kwargs)
    parts = [str(a) for a in args]
    for key, value in kwargs.items():
        parts.append(key + "=" + str(value))
    print("  " + sep.join(parts))

report("none")
report("some", 1, 2, 3)
report("mixed", "x", colour="red", size=3, sep=", ")

# Spreading at the call site.
def volume(width, height, depth):
    return width * height * depth

sizes = [2, 3, 4]
print("volume(*sizes):", volume(*sizes))
dims = {"depth": 10, "width": 1, "height": 2}
print("volume(**dims):", volume(**dims))
print("mixed spreading:", volume(1, *[2], **{"depth": 3}))
print(*sizes, sep=" < ")

# Functions are values.
def square(x):
    return x * x

def twice(f, x):
    return f(f(x))

operations = [square, abs, str]
print("twice(square, 3):", twice(square, 3))
print("apply each:", [op(-4) for op in operations])
print("names:", square.__name__, twice.__name__)

# Recursion: a function may call itself.
def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)

def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

print("factorial(30):", factorial(30))
print("fib 0..10:", [fib(i) for i in range(11)], "fib(90):", fib(90))

# Several return values travel as one tuple.
def min_max(values):
    return min(values), max(values)

low, high = min_max([4, 9, 1, 7])
print("min and max:", low, high, min_max([2]))
