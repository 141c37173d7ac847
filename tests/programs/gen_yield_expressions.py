# yield as an expression inside larger expressions: the value sent in lands in
# the right place and Python's left-to-right evaluation order is kept.

def loud(tag, value):
    print(f"  eval {tag}")
    return value

def drive(gen, sends):
    # Starts gen, sends each value in turn, prints what comes out.
    out = [next(gen)]
    for s in sends:
        try:
            out.append(gen.send(s))
        except StopIteration as e:
            out.append(("returned", e.value))
            break
    print(" ", out)

def augmented():
    x = 10
    x += yield "x is read before this yield"
    yield x
    items = [1, 2]
    items[loud("index", 0)] += yield "then the target"
    return items

drive(augmented(), [5, None, 100])

def call_args():
    result = loud("callee", max)(loud("a", 1), (yield "second argument"), loud("c", 3))
    return result

drive(call_args(), [7])

def displays():
    pair = (loud("left", "L"), (yield "middle of a tuple"))
    table = {loud("key", "k"): (yield "a dict value")}
    mixed = [(yield "first"), (yield "second")]
    return pair, table, mixed

drive(displays(), ["M", "V", 1, 2])

def conditional():
    a = (yield "test") if loud("cond", True) else "not this"
    b = "not this" if loud("cond", False) else (yield "else branch")
    c = loud("left", 0) or (yield "or right side")
    d = loud("left", 1) and (yield "and right side")
    e = loud("left", 1) or (yield "never yielded")
    return a, b, c, d, e

drive(conditional(), ["A", "B", "C", "D"])

def binary_ops():
    total = loud("left", 2) * (yield "right operand") + loud("last", 1)
    cmp = loud("lhs", 5) < (yield "comparison") < loud("rhs", 9)
    text = f"{loud('fmt', 'x')}-{(yield 'in an f-string')}"
    return total, cmp, text

drive(binary_ops(), [10, 7, "y"])

def subscripts():
    data = {"a": [1, 2, 3]}
    item = data[(yield "which key")][(yield "which index")]
    data[(yield "store key")] = yield "store value"
    return item, data

drive(subscripts(), ["a", 2, "b", 99])

def bare_yields():
    got = []
    while len(got) < 3:
        got.append((yield))
    x = yield
    return got, x

drive(bare_yields(), ["p", "q", "r", "s"])

def yield_yield():
    # The value sent into the inner yield is what the outer one yields.
    value = yield (yield "inner")
    return value

drive(yield_yield(), ["sent to inner", "sent to outer"])

def in_loop_header():
    # The iterable of the for loop is itself obtained by a yield.
    for x in (yield "give me a list"):
        yield x * 2
    while (yield "again?"):
        print("  looping")
    return "stopped"

drive(in_loop_header(), [[1, 2], None, None, True, False])

def lambda_values():
    fns = []
    for i in range(3):
        v = yield i
        fns.append(lambda v=v: v * 10)
    return [f() for f in fns]

drive(lambda_values(), [4, 5, 6])

def unpack_sent():
    a, (b, c) = yield "send a nested pair"
    first, *rest = yield "send a list"
    return a, b, c, first, rest

drive(unpack_sent(), [(1, (2, 3)), [4, 5, 6]])
