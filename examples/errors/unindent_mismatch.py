# Error: a dedent to a column that no enclosing block started at.
def f():
    if True:
        x = 1
      y = 2
    return x
