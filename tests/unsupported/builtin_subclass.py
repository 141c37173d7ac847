# Valid Python that peel rejects: a class deriving from a builtin class other than object
# and the exceptions.
class Stack(list):
    pass
