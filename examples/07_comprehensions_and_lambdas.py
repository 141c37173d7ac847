# Lesson 07: comprehensions, lambdas and the iteration helpers
#
# A comprehension builds a list, dict or set from a loop in one expression:
#   [expr for x in items if condition]      -> list
#   {key: value for x in items}             -> dict
#   {expr for x in items}                   -> set
# Several for clauses nest like nested loops, left to right. The loop variable
# of a comprehension stays inside it and does not leak out.
# lambda makes a small anonymous function from one expression; it is handy as
# the key= of sorted, min and max. map, filter, zip, enumerate and reversed are
# lazy: they hand out items one by one, so we wrap them in list() to print them.

squares = [n * n for n in range(1, 8)]
print("squares:", squares)
print("even squares:", [s for s in squares if s % 2 == 0])
print("pairs:", [(a, b) for a in range(1, 4) for b in range(a, 4)])
print("flatten:", [x for row in [[1, 2], [3], [], [4, 5]] for x in row])
print("with if/else inside:", ["fizz" if n % 3 == 0 else n for n in range(1, 7)])

words = ["pear", "fig", "banana", "kiwi", "apple"]
lengths = {w: len(w) for w in words}
print("dict comprehension:", lengths)
print("inverted:", {v: k for k, v in {"a": 1, "b": 2}.items()})
print("set comprehension (sorted):", sorted({len(w) for w in words}))
x = "unchanged"
doubled = [x * 2 for x in range(3)]
print("loop variable does not leak:", x, doubled)

# lambda
double = lambda n: n * 2
add = lambda a, b=10: a + b
print("lambdas:", double(21), add(1), add(1, 2), (lambda: "called at once")())

# sorted with key and reverse; sorting is stable (equal keys keep their order).
print("by length:", sorted(words, key=len))
print("by last letter:", sorted(words, key=lambda w: w[-1]))
print("longest first:", sorted(words, key=len, reverse=True))
people = [("Ann", 31), ("Bob", 25), ("Cid", 31), ("Dee", 25)]
print("by age, stable:", sorted(people, key=lambda p: p[1]))
print("oldest first, then by name:", sorted(people, key=lambda p: (-p[1], p[0])))
print("min/max with key:", min(words, key=len), max(words, key=len))

# map, filter, zip, enumerate, reversed
print("map:", list(map(lambda w: w.upper(), words)))
print("map with two lists:", list(map(lambda a, b: a * b, [1, 2, 3], [4, 5, 6])))
print("filter:", list(filter(lambda w: "a" in w, words)))
print("filter(None, ...) drops falsy:", list(filter(None, [0, 1, "", "a", None, [2]])))
names = ["Ann", "Bob", "Cid"]
ages = [31, 25, 40, 99]
print("zip stops at the shortest:", list(zip(names, ages)))
print("zip three:", list(zip("ab", [1, 2], (True, False))))
for position, name in enumerate(names, start=1):
    print(" ", position, name)
print("enumerate:", list(enumerate("xyz")))
print("reversed:", list(reversed(names)), "".join(reversed("stressed")))
print("any/all:", any([a > 30 for a in ages]), all([a > 30 for a in ages]), all([]), any([]))
print("sum of a comprehension:", sum([n for n in range(101)]))
table = {name: age for name, age in zip(names, ages)}
print("zip into a dict:", table)
