# Valid Python that peel rejects: parentheses around the items of a with statement.
with (a as b, c):
    pass
