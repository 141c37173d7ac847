# Lesson 03: lists, tuples, dicts, sets and slicing
#
# Python has four everyday containers:
#   - list: an ordered sequence you can change (append, insert, pop, sort...);
#   - tuple: an ordered sequence you cannot change, often used for fixed records;
#   - dict: a mapping from keys to values that remembers insertion order;
#   - set: an unordered collection of distinct values (we print sets sorted,
#     because their order is not something to rely on).
# Slicing a[start:stop:step] copies a part of a sequence; assigning to a slice
# or using del on it changes a list in place. Names refer to objects: two names
# can share one list, and changing it through one name is seen through the other.

numbers = [5, 3, 8, 1]
print("list:", numbers, "length", len(numbers))
numbers.append(9)
numbers.insert(0, 7)
print("after append/insert:", numbers)
print("pop():", numbers.pop(), " pop(0):", numbers.pop(0), " now:", numbers)
numbers.extend([2, 2])
numbers.remove(2)
print("extend + remove first 2:", numbers, " index of 8:", numbers.index(8))
numbers.sort()
print("sorted in place:", numbers)
numbers.sort(reverse=True)
print("reversed order:", numbers)
print("sorted() makes a copy:", sorted([3, 1, 2]), " sum:", sum(numbers))

# Slicing: start, stop and step; negative numbers count from the end.
letters = ["a", "b", "c", "d", "e", "f"]
print(letters[1:4], letters[:2], letters[-2:], letters[::2], letters[::-1])
print(letters[-100:2], letters[4:100], letters[3:1])
letters[1:3] = ["B", "C", "extra"]
print("slice assignment:", letters)
del letters[0]
del letters[-2:]
print("after del:", letters)

# Aliasing versus copying.
first = [1, 2]
same = first
copy = first[:]
first.append(3)
print("alias sees the change:", same, " copy does not:", copy, " same is first:", same is first)
grid = [[0] * 3 for _ in range(2)]
grid[0][1] = 5
print("nested lists:", grid)

# Tuples: fixed records; a one-element tuple needs a trailing comma.
point = (3, 4)
print("tuple:", point, point[0], len(point), (1,), ())
print("tuples compare item by item:", (1, 2, 3) < (1, 3), (2, "a") == (2, "a"))
print("concatenate:", point + (5,), " repeat:", ("x",) * 3)

# Dicts keep insertion order.
stock = {"apples": 3, "pears": 0}
stock["plums"] = 12
stock["apples"] += 2
print("dict:", stock, " keys:", list(stock.keys()))
print("get with default:", stock.get("kiwis", 0), stock.get("plums"))
print("items:", list(stock.items()))
print("values:", list(stock.values()), " 'pears' in stock:", "pears" in stock)
print("pop:", stock.pop("pears"), " setdefault:", stock.setdefault("figs", 1), stock)
stock.update({"apples": 0, "dates": 7})
print("after update:", stock)
del stock["figs"]
for fruit, amount in stock.items():
    print(f"  {fruit}: {amount}")
print("dict from pairs:", dict([("x", 1), ("y", 2)]), " dict(a=1):", dict(a=1))

# Sets: distinct members, fast membership, set algebra.
seen = set()
for n in [3, 1, 3, 2, 1, 5]:
    seen.add(n)
print("distinct:", sorted(seen), " size:", len(seen), " 5 in seen:", 5 in seen)
odd = {1, 3, 5, 7}
small = {1, 2, 3}
print("union:", sorted(odd | small), " intersection:", sorted(odd & small))
print("difference:", sorted(odd - small), " symmetric:", sorted(odd ^ small))
print("subset:", {1, 3} <= odd, " equal regardless of order:", {1, 2} == {2, 1})

# Lists can hold anything, including other containers.
record = ["Ada", (1815, 12, 10), {"field": "maths"}, [None, True]]
print(record, len(record))
print("ranges:", list(range(5)), list(range(2, 10, 3)), list(range(5, 0, -2)))
