# Error: 'yield' turns a function into a generator, so it needs a function.
for i in range(3):
    yield i
