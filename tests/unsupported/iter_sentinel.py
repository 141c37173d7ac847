# Valid Python that peel rejects: the two-argument form of iter, which calls a function
# until it returns the sentinel.
def reader(chunks):
    return iter(chunks.pop, "")
