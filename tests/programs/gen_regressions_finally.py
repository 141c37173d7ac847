# Regressions for generator lowering bugs around finally: return through a
# finally, break through a finally, a finally that overrides the return value.

def result_of(g):
    # Drains g; returns (yielded values, StopIteration.value).
    seen = []
    while True:
        try:
            seen.append(next(g))
        except StopIteration as e:
            return seen, e.value

# `return` inside try/finally: the finally runs (and may yield) before stopping.
def return_in_try():
    try:
        yield 1
        return "from try"
    finally:
        print("  finally after return")
    yield "never"

print(result_of(return_in_try()))

def return_in_try_finally_yields():
    try:
        yield 1
        return "kept"
    finally:
        yield "yielded by finally"
        print("  finally resumed, the pending return goes on")

print(result_of(return_in_try_finally_yields()))

# A `return` in finally overrides the earlier return value...
def override_return():
    try:
        yield 1
        return "try value"
    finally:
        return "finally value"

print(result_of(override_return()))

# ...and swallows an exception in flight.
def override_exception():
    try:
        yield 1
        raise ValueError("lost")
    finally:
        return "exception swallowed"

print(result_of(override_exception()))

# `break` through a finally inside a generator loop.
def break_through_finally():
    for i in range(10):
        try:
            if i == 2:
                break
            yield i
        finally:
            print(f"  finally for i={i}")
    yield "after loop"

print(result_of(break_through_finally()))

# `continue` through a finally, with a yield in the finally.
def continue_through_finally():
    i = 0
    while i < 3:
        i += 1
        try:
            if i == 2:
                continue
            yield f"body {i}"
        finally:
            yield f"finally {i}"
    return i

print(result_of(continue_through_finally()))

# break in finally cancels a pending return.
def break_cancels_return():
    while True:
        try:
            yield "in loop"
            return "cancelled"
        finally:
            break
    yield "after break"
    return "real return"

print(result_of(break_cancels_return()))

# Nested finally blocks run innermost first, each exactly once.
def nested_finally():
    try:
        try:
            yield "inner"
            return "nested"
        finally:
            print("  inner finally")
            yield "from inner finally"
    finally:
        print("  outer finally")
        yield "from outer finally"

print(result_of(nested_finally()))

# return from inside a for loop inside try/finally.
def search(items, target):
    try:
        for i, x in enumerate(items):
            yield x
            if x == target:
                return i
        return -1
    finally:
        print(f"  search for {target!r} done")

print(result_of(search("abcd", "c")))
print(result_of(search("ab", "z")))

# The finally block sees locals assigned before the suspension point.
def locals_in_finally():
    total = 0
    try:
        for n in range(1, 4):
            total += n
            yield total
    finally:
        print("  total in finally:", total)

g = locals_in_finally()
print(next(g), next(g))
g.close()

# An exception in finally replaces the one in flight (with context).
def replace_exception():
    try:
        yield 1
        raise KeyError("first")
    finally:
        raise ValueError("second")

g = replace_exception()
next(g)
try:
    next(g)
except ValueError as e:
    print("got", type(e).__name__, e, "context", repr(e.__context__))
