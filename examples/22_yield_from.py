# Lesson 22: yield from, delegating to another generator
#
# `yield from inner` lets a generator hand the floor to another iterator until
# that one is exhausted. While it runs:
#   - every value inner yields goes straight out to our caller;
#   - every send() from our caller goes straight in to inner;
#   - when inner finishes with `return value`, that value becomes the result
#     of the `yield from` expression, so sub-generators can compute answers.
# inner can be any iterable: a generator, a list, a range, a string.
#
# It is not magic: it is a loop of next/send/throw/close calls around inner,
# spelled out in PEP 380. See the expansion peel uses with
#   peel dump --stage desugar --pass yield-from examples/22_yield_from.py
# and the extra "delegate" field each delegating state machine keeps with
#   peel dump --stage statemachine examples/22_yield_from.py

# 1. Delegating to plain iterables.
def letters_then_numbers():
    yield from "ab"
    yield from [10, 20]
    yield from range(3, 0, -1)
    yield "end"

print("flattened:", list(letters_then_numbers()))

# 2. Splitting a generator into pieces: a header, a body and a footer,
#    each its own generator, glued together by yield from.
def header(title):
    yield "+" + "-" * (len(title) + 2) + "+"
    yield "| " + title + " |"

def body(rows):
    for row in rows:
        yield "  * " + row

def report(title, rows):
    yield from header(title)
    yield from body(rows)
    yield "(" + str(len(rows)) + " rows)"

for line in report("Fruit", ["apple", "fig", "kiwi"]):
    print(line)

# 3. Return values come back through yield from.
def read_block(name, lines):
    # Yields each line, then returns how many it saw.
    count = 0
    for line in lines:
        yield f"{name}: {line}"
        count += 1
    return count

def read_all(blocks):
    total = 0
    for name, lines in blocks:
        seen = yield from read_block(name, lines)
        print(f"  [read_all] block {name!r} reported {seen} lines")
        total += seen
    return total

everything = read_all([("intro", ["hi", "there"]), ("empty", []), ("end", ["bye"])])
while True:
    try:
        print("got", repr(next(everything)))
    except StopIteration as stop:
        print("read_all returned", stop.value)
        break

# 4. Recursion with yield from: walking a nested list, depth first.
def walk(tree, depth=0):
    for node in tree:
        if isinstance(node, list):
            yield from walk(node, depth + 1)
        else:
            yield (depth, node)

nested = [1, [2, [3, 4], 5], [[6]], 7]
print("walk:", list(walk(nested)))
print("deepest:", max(walk(nested)))

# 5. send() passes through the delegating generator to the inner one.
def tally(label):
    # An inner coroutine: adds what it is sent until it is sent None.
    total = 0
    while True:
        amount = yield f"{label} total {total}"
        if amount is None:
            return total
        total += amount

def two_tallies():
    first = yield from tally("apples")
    second = yield from tally("pears")
    yield f"apples {first} + pears {second} = {first + second}"

t = two_tallies()
print(next(t))                 # runs into the first tally
print(t.send(3))               # these sends reach tally("apples") directly
print(t.send(4))
print(t.send(None))            # apples finishes (7); pears starts
print(t.send(10))
print(t.send(None))            # pears finishes; the outer yields the sum

# 6. Without yield from you might write the loop yourself, but a plain for
#    loop forwards only next(), never send(): the inner tally receives None,
#    takes it as "stop", and the whole thing ends early.
def two_tallies_by_for():
    for message in tally("apples"):
        yield message

lossy = two_tallies_by_for()
print(next(lossy))
try:
    lossy.send(3)
except StopIteration:
    print("send(3) was lost: the inner tally saw None and finished")
