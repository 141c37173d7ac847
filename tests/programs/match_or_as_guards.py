# match: OR patterns, AS patterns and guards.


def classify(x):
    match x:
        case 0 | 1 | 2:
            return "small"
        case [0, y] | [y, 0] | (y, 1, 1):
            return f"y is {y}"
        case {"n": n} | [{"n": n}] | n if isinstance(n, str):
            return f"n is {n!r}"
        case ([_, _] | (_, _, _, _)) as even:
            return f"even length {even}"
        case int() | float() as number if number > 100:
            return "big number"
        case int(n) | float(n) if n < 0 and (doubled := n * 2) < -10:
            return f"very negative, doubled {doubled}"
        case _:
            return "other"


for value in [0, 2, 3, [0, 5], [5, 0], (4, 1, 1), {"n": "x"}, [{"n": "y"}], "z", [1, 2], (1, 2, 3, 4),
              (1, 2, 3), 500, 100.5, -3, -30, 99]:
    print(repr(value), "->", classify(value))

# A guard runs after the pattern's names are bound; when it fails, they stay bound.
calls = []


def check(v):
    calls.append(v)
    return v > 10


match [5, 6]:
    case [a, b] if check(a + b):
        print("sum above ten", a, b)
match [1, 2]:
    case [c, d] if check(c + d):
        print("not printed")
    case _:
        print("guard failed, yet c and d are bound:", c, d)
print("guard calls:", calls)

# A pattern that fails part way binds nothing.
p = "untouched"
match [1, 2]:
    case [p, 3]:
        print("no")
    case [_, 2]:
        print("p is still", p)
match (1, 2):
    case (p, 3) | (p, 4):
        print("no")
    case _:
        print("after a failed OR, p is still", p)

# AS binds the whole value its pattern matched.
match [1, [2, 3]]:
    case [1, [2, _] as inner] as outer:
        print("inner", inner, "outer", outer)

# Guards may use names from before the match and assignment expressions.
limit = 3
for n in range(6):
    match n:
        case x if x < limit:
            print(n, "below the limit")
        case x if (half := x / 2) == int(half):
            print(n, "even, half", half)
        case _:
            print(n, "odd")
