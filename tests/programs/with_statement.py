# `with` on classes with __enter__/__exit__ (PEP 343), as the `with` pass expands it.
class Managed:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, kind, value, tb):
        print("exit", self.name, kind.__name__ if kind else None, repr(value))
        return self.swallow


with Managed("a") as got:
    print("inside", got)

with Managed("outer") as o, Managed("inner") as i:
    print("both", o, i)

with Managed("quiet", swallow=True):
    raise ValueError("swallowed")
print("after quiet")

try:
    with Managed("loud"):
        raise KeyError("escapes")
except KeyError as e:
    print("caught", e)


def early():
    with Managed("in function"):
        return "returned"


print(early())

for n in range(3):
    with Managed(f"loop {n}"):
        if n == 1:
            continue
        if n == 2:
            break
        print("body", n)


class Timer:
    def __init__(self):
        self.log = []

    def __enter__(self):
        self.log.append("start")
        return self

    def __exit__(self, *exc):
        self.log.append("stop")


with Timer() as t:
    t.log.append("work")
print(t.log)


class NoExit:
    def __enter__(self):
        return self


for bad in [1, NoExit()]:
    try:
        with bad:
            pass
    except TypeError as e:
        print("TypeError:", e)


def gen():
    with Managed("in generator"):
        yield 1
        yield 2


g = gen()
print(next(g))
g.close()
print("closed")
