# Error: a global declaration must come before any use of the name in the function.
level = 1


def raise_level():
    level = 2
    global level
    return level
