# An exception raised inside a generator body travels out through the for loop
# that drives it, runs the finally blocks on the way, and ends the program.
# peel: same stderr

def parse(lines):
    for number, line in enumerate(lines, 1):
        try:
            key, value = line.split("=")
        except ValueError:
            raise ValueError(f"line {number}: expected key=value, got {line!r}")
        yield key.strip(), int(value)

def totals(records):
    seen = {}
    try:
        for key, value in records:
            seen[key] = seen.get(key, 0) + value
            yield key, seen[key]
    finally:
        print("totals so far:", seen)

good = ["a = 1", "b = 2", "a = 3"]
for key, total in totals(parse(good)):
    print("running total", key, total)

# Handled, the error stops the pipeline but the program goes on; the generators
# are finished afterwards.
pipeline = totals(parse(["k = 1", "no equals sign"]))
try:
    for key, total in pipeline:
        print("running total", key, total)
except ValueError as e:
    print("handled:", e)
print("pipeline finished:", next(pipeline, "yes"))

# A generator that raises before its first yield raises on the first next().
def checked(values):
    if not values:
        raise LookupError("no values given")
    yield from values

print(list(checked([1, 2])))
try:
    next(checked([]))
except LookupError as e:
    print("first next raised:", e)

# Uncaught, the error leaves the for loop, runs the finally, ends the program.
bad = ["x = 10", "y = 20", "oops", "z = 30"]
print("processing the bad input")
for key, total in totals(parse(bad)):
    print("running total", key, total)
print("never printed")
