# Lesson 23: a lazy pipeline of generators
#
# Generators can be chained like pipes: each stage pulls items from the stage
# before it, one at a time, only when the stage after it asks. Nothing is
# computed ahead of time and no intermediate list is built, so a pipeline can
# even read from an endless source, as long as something at the end stops
# asking (here: take).
#
# The prints below tag each stage, so you can watch one item travel through
# the whole chain before the next item is even produced.
#
# Every consumer in Python pulls lazily in the same way: for, sum, list, zip,
# enumerate, any, str.join, sorted, min, max. A generator expression
# (x for x in ...) is a small anonymous generator function; see it rewritten as
# one with
#   peel dump --stage desugar --pass genexpr examples/23_lazy_pipeline.py

def numbers(start, loud):
    # An endless source: it never returns on its own.
    n = start
    while True:
        if loud:
            print(f"  source  -> {n}")
        yield n
        n += 1

def only(keep, items, loud):
    for item in items:
        if keep(item):
            if loud:
                print(f"  filter  passes {item}")
            yield item
        elif loud:
            print(f"  filter  drops {item}")

def apply(func, items, loud):
    for item in items:
        result = func(item)
        if loud:
            print(f"  map     {item} -> {result}")
        yield result

def take(count, items):
    # Stops asking after `count` items, which is what ends the endless source.
    if count <= 0:
        return
    for item in items:
        yield item
        count -= 1
        if count == 0:
            return

def pipeline(loud):
    odd = only(lambda n: n % 2 == 1, numbers(1, loud), loud)
    squares = apply(lambda n: n * n, odd, loud)
    return take(3, squares)

print("building the pipeline runs nothing:")
squares = pipeline(True)
print("now pulling with a for loop:")
for value in squares:
    print("for got", value)
# take returned after its third item, so the source never produced 6 or 7:
# the rest of the endless stream was simply never asked for.

# The same chain, quiet, feeding many different consumers.
print("sum:", sum(pipeline(False)))
print("list:", list(pipeline(False)))
print("sorted, reversed:", sorted(pipeline(False), reverse=True))
print("min and max:", min(pipeline(False)), max(pipeline(False)))
print("joined:", " + ".join(str(v) for v in pipeline(False)))
print("enumerate:", list(enumerate(pipeline(False), start=1)))

# zip stops at the shortest input, so an endless generator is fine beside it.
print("zip:", list(zip("abc", numbers(100, False))))

# any stops pulling at the first true item: watch the source stop at 4.
print("any > 3:", any(n > 3 for n in numbers(1, True)))

# Generator expressions are lazy too; list comprehensions are not.
def noisy(values):
    for v in values:
        print(f"  produce {v}")
        yield v

print("list comprehension computes everything now:")
eager = [v * 10 for v in noisy([1, 2, 3])]
print("generator expression computes nothing yet:")
lazy = (v * 10 for v in noisy([1, 2, 3]))
print("first from lazy:", next(lazy))
print("rest of lazy:", list(lazy), "eager was:", eager)

# A generator is used up after one pass: a second pass sees nothing.
once = pipeline(False)
print("first pass:", list(once), "second pass:", list(once))

# map and filter are lazy builtins that fit the same pipeline.
words = iter(["peel", "the", "state", "machine", "open"])
long_words = filter(lambda w: len(w) > 3, words)
shouted = map(lambda w: w.upper(), long_words)
print("next from map/filter:", next(shouted))
print("the rest:", list(shouted))

# Laziness in numbers: summing a million squares never stores a million items.
print("sum of squares below 10**6:", sum(n * n for n in range(10**6)))
