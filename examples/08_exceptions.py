# Lesson 08: exceptions
#
# When something goes wrong Python raises an exception: it abandons the current
# work and unwinds, function by function, until a matching except catches it.
#   - try/except E as e: catch E (and its subclasses); e carries the message;
#   - several except clauses are tried top to bottom; a tuple catches several types;
#   - else: runs when the try block raised nothing;
#   - finally: ALWAYS runs last, on success, on an exception, on return, break
#     or continue. A return inside finally even replaces the pending result;
#   - raise NewError(...) from old records the cause; raising while handling
#     another exception records it as the context automatically;
#   - a bare raise inside except re-raises the exception being handled;
#   - assert cond, message raises AssertionError when cond is false.

def divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError as error:
        print("  except:", error)
        return None
    else:
        print("  else: no error, result", result)
        return result
    finally:
        print("  finally: runs in every case")

print("divide(6, 3) ->", divide(6, 3))
print("divide(1, 0) ->", divide(1, 0))

# Which handler runs? The first that matches.
def classify(action):
    try:
        if action == "index":
            [1, 2, 3][10]
        elif action == "key":
            {"a": 1}["b"]
        elif action == "type":
            1 + "one"
        elif action == "value":
            int("forty-two")
        elif action == "name":
            undefined_name
        return "no error"
    except (IndexError, KeyError) as error:
        return "lookup problem: " + type(error).__name__ + " " + str(error)
    except TypeError as error:
        return "type problem: " + str(error)
    except Exception as error:
        return "other: " + type(error).__name__ + ": " + str(error)

for action in ["index", "key", "type", "value", "name", "nothing"]:
    print(action, "->", classify(action))

# Raising our own errors with a custom message.
def withdraw(balance, amount):
    if amount <= 0:
        raise ValueError("amount must be positive, got " + str(amount))
    if amount > balance:
        raise RuntimeError(f"cannot withdraw {amount}: balance is only {balance}")
    return balance - amount

for amount in [30, -5, 500]:
    try:
        print("new balance:", withdraw(100, amount))
    except (ValueError, RuntimeError) as error:
        print(type(error).__name__, "->", error, "| repr:", repr(error))

# finally runs even when the function returns from inside try.
def early_return():
    try:
        print("  try: about to return 'from try'")
        return "from try"
    finally:
        print("  finally: still runs before the caller gets the value")

print("result:", early_return())

def finally_wins():
    try:
        return "from try"
    finally:
        return "from finally"

print("a return in finally replaces the result:", finally_wins())

# finally with break and continue inside a loop.
for i in range(4):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("  loop body", i)
    finally:
        print("  finally for", i)

# Exceptions travel up through calls until caught.
def level3():
    raise KeyError("deep")

def level2():
    level3()
    print("never printed")

def level1():
    try:
        level2()
    except KeyError as error:
        print("caught in level1:", repr(error))

level1()

# raise ... from ...: translate a low-level error, keeping the original as cause.
def parse_age(text):
    try:
        return int(text)
    except ValueError as error:
        raise RuntimeError("bad age: " + repr(text)) from error

try:
    parse_age("old")
except RuntimeError as error:
    print("error:", error)
    print("its cause:", type(error.__cause__).__name__, "-", error.__cause__)

# An exception raised inside except remembers the one being handled.
try:
    try:
        {}["missing"]
    except KeyError:
        raise ValueError("while handling the KeyError")
except ValueError as error:
    print("context:", repr(error.__context__), "cause:", error.__cause__)

# A bare raise re-raises; handlers can log and pass the error on.
def logged(action):
    try:
        return action()
    except ZeroDivisionError:
        print("  logging the failure and re-raising")
        raise

try:
    logged(lambda: 1 // 0)
except ZeroDivisionError as error:
    print("the caller still sees it:", error)

# assert
def mean(values):
    assert len(values) > 0, "mean of an empty list"
    return sum(values) / len(values)

print("mean:", mean([1, 2, 3, 4]))
try:
    mean([])
except AssertionError as error:
    print("AssertionError:", error)

# The order things happen in, all in one place.
def order():
    steps = []
    try:
        steps.append("try")
        raise IndexError("boom")
    except IndexError:
        steps.append("except")
    else:
        steps.append("else (skipped)")
    finally:
        steps.append("finally")
    steps.append("after")
    return steps

print(" -> ".join(order()))
