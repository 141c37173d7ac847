# print's file= and flush=: stdout when file is None; anything else is written to through
# its own write method, one call per piece, looked up each time, then flushed if asked.
print("to stdout", file=None, flush=True)
print("flushed", end="!\n", flush=1)


def sink():
    pass


lines = []
sink.write = lines.append
sink.flush = lambda: lines.append("<flush>")
print("a", 1, [2], sep="-", end=".", file=sink, flush=True)
print(file=sink)
print(lines)

for bad in [1, "text", None and 0, [1]]:
    try:
        print("x", file=bad)
        print("(no error)")
    except AttributeError as e:
        print("AttributeError:", e)


def no_flush():
    pass


no_flush.write = lines.append
try:
    print("y", file=no_flush, flush=True)
except AttributeError as e:
    print("AttributeError:", e, lines[-2:])

try:
    print("z", sep=1, end=2)
except TypeError as e:
    print("TypeError:", e)
try:
    print("z", end=2, sep=1)
except TypeError as e:
    print("TypeError:", e)
print("last", file=5)
