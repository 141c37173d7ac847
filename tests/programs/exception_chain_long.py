# The longest chain of causes CPython 3.11 prints for an uncaught exception: 998.
prev = None
for i in range(998):
    try:
        raise ValueError(i) from prev
    except ValueError as e:
        prev = e
raise prev
