# Default values are evaluated once, when def runs.
def append_to(x, target=[]):
    target.append(x)
    return target

a = append_to(1)
b = append_to(2)
print(a, b, a is b)
print(append_to(3, []))
print(append_to(4))

def counter(d={}):
    d["n"] = d.get("n", 0) + 1
    return d["n"]

print(counter(), counter(), counter({}))

base = 5
def uses_base(x=base):
    return x
base = 99
print(uses_base())

def kw_default(*, tags=()):
    return tags + ("new",)

print(kw_default(), kw_default(), kw_default(tags=("old",)))
