# Valid Python that peel rejects: the builtin dir.
def names():
    return dir()


print(names())
