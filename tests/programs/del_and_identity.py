# del removes bindings and items; is compares identity, == compares value.
x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
items = [1, 2, 3, 4]
del items[1]
print(items)
d = {"a": 1, "b": 2}
del d["a"]
print(d)
a = [1, 2]
b = [1, 2]
c = a
print(a == b, a is b, a is c, a is not b, None is None, type(None) is type(None))
def nothing():
    pass
print(nothing() is None, [] == [], () == (), "" == "")
def f():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)
print(f())
pass
for _ in range(2):
    pass
print("done")
