# Valid Python that peel rejects: a with statement (peel has no context managers).
with open("notes.txt") as f:
    print(f.read())
