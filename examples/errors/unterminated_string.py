# Error: a string literal that is never closed on its line.
greeting = "hello
print(greeting)
