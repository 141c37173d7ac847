# Error: a mapping pattern may test each key once: 1 and True are the same key.
match {1: "a"}:
    case {1: a, True: b}:
        print(a, b)
