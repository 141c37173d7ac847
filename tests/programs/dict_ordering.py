# Dicts keep insertion order; updating a key keeps its place, deleting drops it.
d = {}
d["b"] = 1
d["a"] = 2
d["c"] = 3
print(d)
d["b"] = 10
print(d, list(d))
del d["b"]
d["b"] = 20
print(d)
d.update([("z", 0), ("a", -1)])
print(d, len(d))
print(d.pop("zz", "default"), d.pop("z"), d)
print({1: "a", 1.0: "b", True: "c"})
print({"x": 1} == {"x": 1.0}, {"a": 1, "b": 2} == {"b": 2, "a": 1})
print(dict(zip("pq", [0, 0])))
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: -kv[1]))
nested = {"outer": {"inner": [1, {"deep": None}]}}
print(nested, nested["outer"]["inner"][1]["deep"])
try:
    d["missing"]
except KeyError as e:
    print("KeyError:", e, repr(e))
print({(1, 2): "tuple key", 3: "int", "s": "str"})
for key in d:
    print(key, d[key], end="; ")
print()
