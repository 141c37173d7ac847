# TypeError messages for bad calls, caught and printed.
def f(a, b=2, *, c):
    return a + b + c

def g(*args, **kwargs):
    return len(args), sorted(kwargs)

def one(x):
    return x

number = 5
attempts = [
    lambda: f(1, c=3),
    lambda: f(1),
    lambda: f(c=1),
    lambda: f(1, 2, 3),
    lambda: f(1, c=2, d=4),
    lambda: f(1, a=1, c=2),
    lambda: g(1, 2, x=1, y=2),
    lambda: g(*[1, 2, 3], **{"k": 0}),
    lambda: len(1),
    lambda: len(),
    lambda: one(),
    lambda: number(),
    lambda: "abc".upper(1),
]
for attempt in attempts:
    try:
        print("ok:", attempt())
    except TypeError as e:
        print("TypeError:", e)
