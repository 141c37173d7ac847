# Traces through `yield from` delegation, in the style of CPython's test_yield_from:
# every step is appended to a trace that is printed at the end of each scenario.

def report(title, trace):
    print(title)
    for line in trace:
        print("   ", line)

# The first next() on the delegator runs straight into the subgenerator.
trace = []
def inner_a():
    trace.append("Starting inner")
    yield 42
    trace.append("Finishing inner")

def outer_a():
    trace.append("Starting outer")
    yield from inner_a()
    trace.append("Finishing outer")

for x in outer_a():
    trace.append(f"Yielded {x}")
report("initial next is delegated:", trace)

# An exception raised before the subgenerator's first yield runs the outer finally.
trace = []
def inner_b():
    try:
        trace.append("Starting inner")
        raise ValueError("failed before the first yield")
    finally:
        trace.append("Finishing inner")

def outer_b():
    try:
        trace.append("Starting outer")
        yield from inner_b()
    finally:
        trace.append("Finishing outer")

try:
    for x in outer_b():
        trace.append(f"Yielded {x}")
except ValueError as e:
    trace.append(f"ValueError: {e}")
report("exception in the initial next:", trace)

# Several values and a yield before and after the delegation.
trace = []
def inner_c():
    trace.append("Starting inner")
    yield "inner 1"
    yield "inner 2"
    trace.append("Finishing inner")

def outer_c():
    trace.append("Starting outer")
    yield "outer 1"
    yield from inner_c()
    yield "outer 2"
    trace.append("Finishing outer")

for x in outer_c():
    trace.append(f"Yielded {x}")
report("next is delegated:", trace)

# An exception raised by the subgenerator in the middle of its run.
trace = []
def inner_d():
    try:
        trace.append("Starting inner")
        yield "inner 1"
        raise ValueError("failed mid-way")
        yield "inner 2"
    finally:
        trace.append("Finishing inner")

def outer_d():
    try:
        trace.append("Starting outer")
        yield "outer 1"
        yield from inner_d()
        yield "outer 2"
    finally:
        trace.append("Finishing outer")

try:
    for x in outer_d():
        trace.append(f"Yielded {x}")
except ValueError as e:
    trace.append(f"ValueError: {e}")
report("exception in a delegated next:", trace)

# Three levels deep: the innermost frame's values reach the outermost consumer.
trace = []
def level(n):
    trace.append(f"enter level {n}")
    if n == 0:
        yield "leaf"
    else:
        yield f"before {n}"
        yield from level(n - 1)
        yield f"after {n}"
    trace.append(f"leave level {n}")

for x in level(2):
    trace.append(f"Yielded {x}")
report("nested delegation:", trace)

# Delegating to an empty generator yields nothing and continues at once.
trace = []
def nothing():
    trace.append("nothing runs")
    return
    yield

def outer_e():
    yield "a"
    yield from nothing()
    yield "b"

for x in outer_e():
    trace.append(f"Yielded {x}")
report("empty subgenerator:", trace)

# A delegator reused in a loop: a fresh subgenerator each time round.
trace = []
def pair(tag):
    yield tag + "1"
    yield tag + "2"

def many():
    for tag in "xyz":
        trace.append(f"delegate to {tag}")
        yield from pair(tag)

trace.append(" ".join(many()))
report("delegation in a loop:", trace)
