# Valid Python that peel rejects: a with statement (peel has no context managers).
with open(__file__) as f:
    print(f.readline())
