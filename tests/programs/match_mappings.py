# match: mapping patterns: extra keys are fine, missing keys fail, **rest is a new dict.

def describe(event):
    match event:
        case {"type": "click", "pos": (x, y)}:
            return f"click at {x},{y}"
        case {"type": "key", "key": "q" | "Q"}:
            return "quit"
        case {"type": "key", "key": str(k)}:
            return f"key {k}"
        case {"type": kind, **details} if details:
            return f"{kind} with {details}"
        case {"type": kind}:
            return f"plain {kind}"
        case {}:
            return "a dict without a type"
        case _:
            return "not a mapping"


for e in [{"type": "click", "pos": (3, 4)}, {"pos": (3, 4), "type": "click", "extra": 1},
          {"type": "click", "pos": [1, 2, 3]}, {"type": "key", "key": "q"}, {"type": "key", "key": "x"},
          {"type": "key", "key": 5}, {"type": "scroll", "dy": -3, "dx": 0}, {"type": "idle"}, {},
          {"kind": "x"}, [("type", "click")], "type"]:
    print(e, "->", describe(e))

# **rest is a copy without the matched keys, in the subject's order; the subject is unchanged.
config = {"name": "peel", "debug": True, "level": 3}
match config:
    case {"debug": d, **others}:
        print("debug", d, "others", others)
        others["new"] = 1
print(config)

match {"a": 1}:
    case {**everything}:
        print("all of it:", everything, everything is not None)

# Keys may be numbers, None, True and dotted names; 1 and 1.0 and True are the same key.
import asyncio
table = {1: "one", None: "none", asyncio.sleep: "sleep"}
match table:
    case {1.0: a, None: b, asyncio.sleep: c}:
        print(a, b, c)
match {True: "yes"}:
    case {1: v}:
        print("True is the key 1:", v)

# Values of the mapping are matched only after all the keys are found.
match {"x": [1, 2], "y": {"z": 0}}:
    case {"x": [1, second], "y": {"z": 0 as zero}}:
        print("nested", second, zero)
