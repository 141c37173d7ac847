# Runtime error: a method that does not exist on the type.
words = ["b", "a"]
words.sort()
print(words)
words.push("c")
