# close() on a generator that yields again while closing raises
# "RuntimeError: generator ignored GeneratorExit"; uncaught, it ends the program.
# peel: same stderr

def lines_of(text):
    count = 0
    try:
        for line in text.split("\n"):
            count += 1
            yield line.strip()
    finally:
        print("read", count, "lines")
        # Wrong: a generator being closed must not yield again.
        yield "summary line"

good = lines_of("alpha\n beta ")
print(list(good))

# Run to the end, the yield in finally is harmless: it is just one more value.
g = lines_of("x")
print(next(g), next(g), next(g, "end"))

# Closed while its finally is already running, it is harmless too: the
# GeneratorExit arrives at the yield inside finally and nothing yields after it.
g = lines_of("p\nq")
print(next(g), next(g), next(g))
g.close()
print("closed inside finally")

# Thrown into, the finally's yield just produces a value; the exception stays
# pending until the generator is resumed.
g = lines_of("m\nn")
print(next(g))
print(g.throw(KeyError("k")))
try:
    next(g)
except KeyError as e:
    print("the pending KeyError came out:", e)

# But closed in the middle, it yields while exiting: that is the error.
reader = lines_of("one\ntwo\nthree")
print(next(reader))
print(next(reader))
reader.close()
print("never printed")
