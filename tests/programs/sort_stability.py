# sorted() and list.sort() are stable; key and reverse keep ties in order.
records = [("b", 2), ("a", 2), ("c", 1), ("a", 1), ("b", 1), ("c", 2)]
print(sorted(records))
print(sorted(records, key=lambda r: r[1]))
print(sorted(records, key=lambda r: r[1], reverse=True))
print(sorted(records, key=lambda r: r[0], reverse=True))
by_letter = sorted(records, key=lambda r: r[0])
print(sorted(by_letter, key=lambda r: r[1]))
words = ["bb", "a", "ccc", "dd", "e", "fff"]
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
print(sorted("hello world"), sorted([3, 1.5, 2, -1, True]))
print(sorted([[2, 1], [1, 2], [1, 1, 1], []]), sorted((5, 4, 3)), sorted({"b": 1, "a": 2}))
nums = [5, -3, 2, -2, 3, -5]
print(sorted(nums, key=abs), sorted(nums, key=abs, reverse=True))
print(list(reversed(sorted(nums))), max(nums, key=abs), min(nums, key=abs))
