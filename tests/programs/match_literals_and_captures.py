# match: literal, value, capture and wildcard patterns (PEP 634), compared with CPython.
import asyncio


def kind(x):
    match x:
        case 0:
            return "zero"
        case -1:
            return "minus one"
        case 2.5:
            return "two and a half"
        case "hello":
            return "greeting"
        case b"bytes":
            return "some bytes"
        case None:
            return "nothing"
        case True:
            return "true"
        case False:
            return "false"
        case asyncio.sleep:
            return "the sleep function"
        case _:
            return "something else"


for value in [0, 0.0, -1, -1.0, 2.5, "hello", b"bytes", None, True, False, 1, asyncio.sleep, "bye", [], -0]:
    shown = "asyncio.sleep" if value is asyncio.sleep else repr(value)
    print(shown, "->", kind(value))

# A literal compares with ==, True/False/None with `is`: 1 == True, but 1 is not True.
match 1:
    case True:
        print("1 is True?")
    case 1.0:
        print("1 == 1.0")

match True:
    case 1:
        print("True == 1, so `case 1` matches True")

# A capture binds the subject; the name stays bound after the match.
match [1, 2, 3]:
    case everything:
        print("captured", everything)
print("still bound:", everything)

# The wildcard binds nothing.
match "abc":
    case _:
        print("wildcard matched")
try:
    print(_)
except NameError as e:
    print("NameError:", e)

# Strings side by side join, as elsewhere; negative floats and big ints are literals too.
match "ab":
    case "a" "b":
        print("joined literal")
match -1.5:
    case -1.5:
        print("negative float")
match 10 ** 30:
    case 1000000000000000000000000000000:
        print("big int")

# No case matches: nothing runs and nothing is bound.
match 42:
    case 1:
        unbound = "one"
    case 2:
        unbound = "two"
try:
    print(unbound)
except NameError as e:
    print("NameError:", e)

# `match` and `case` remain ordinary names outside a match statement's head.
match = [1, 2]
case = {"k": 3}
print(match[0], case["k"])
match[0] = 5
print(match)
match match:
    case [first, *_]:
        print("matched on a variable named match:", first)
