# return inside try/finally, break through finally, return in finally overriding.
def early_return():
    try:
        yield "a"
        return "from try"
    finally:
        print("finally after return")
        yield "b"

g = early_return()
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("value:", e.value)

def breaks_out():
    for i in range(5):
        try:
            if i == 2:
                break
            yield i
        finally:
            print("finally", i)
    yield "after loop"

print(list(breaks_out()))

def overrides():
    try:
        yield 1
        raise ValueError("lost")
    finally:
        return "finally wins"

o = overrides()
next(o)
try:
    next(o)
except StopIteration as e:
    print("override:", e.value)

def nested_finally():
    try:
        try:
            yield 1
            return "inner"
        finally:
            print("inner finally")
    finally:
        print("outer finally")

print(list(nested_finally()))

def continue_through():
    for i in range(3):
        try:
            if i == 1:
                continue
            yield i
        finally:
            print("cleanup", i)

print(list(continue_through()))
