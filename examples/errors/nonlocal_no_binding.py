# Error: nonlocal needs an enclosing function that assigns the name.
def outer():
    def inner():
        nonlocal missing
        missing = 1
    return inner
