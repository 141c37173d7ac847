# try/except/else/finally ordering, nested, with return, break and continue.
def trace(label, log):
    log.append(label)

def nested():
    log = []
    try:
        try:
            trace("inner try", log)
            raise ValueError("x")
        finally:
            trace("inner finally", log)
    except ValueError:
        trace("outer except", log)
    else:
        trace("outer else", log)
    finally:
        trace("outer finally", log)
    return log

print(nested())

def ret_in_try():
    try:
        print("try")
        return 1
    except Exception:
        print("never")
    else:
        print("else is skipped by return")
    finally:
        print("finally")

print(ret_in_try())

def finally_swallows():
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            if i < 2:
                continue
            return "returned from finally at " + str(i)

print(finally_swallows())

def break_in_finally():
    while True:
        try:
            1 / 0
        finally:
            break
    return "exception discarded by break"

print(break_in_finally())

def value_snapshot():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("x changed to", x, "after the return value was taken")

print(value_snapshot())

def nested_finally_order():
    try:
        try:
            return "A"
        finally:
            print("first finally")
    finally:
        print("second finally")

print(nested_finally_order())
