# Lesson 14: an iterator class, and the generator method that replaces it
#
# A `for` loop asks its iterable for an iterator (`iter(x)` calls x.__iter__())
# and then asks the iterator for one item at a time (`next(it)` calls
# it.__next__()) until __next__ raises StopIteration. Any class with those two
# methods works in a `for`, in list(), in unpacking, in zip(), in sum().
#
# Writing __next__ by hand means keeping the position yourself: below,
# CountdownIterator stores `current` in self and decides on every call whether
# to hand out a value or to stop. That is exactly the work a generator does
# for you. Countdown.__iter__ is a generator method: calling it builds a
# generator object, which IS an iterator, and its local `n` is the saved
# position. The two classes print the same things.
#
# See what peel made of the generator method:
#   peel dump --stage statemachine examples/14_iterator_class.py
#     (Countdown.__iter__ is a state machine whose saved field is `n`, the
#      very attribute CountdownIterator keeps by hand)
#   peel dump --stage desugar --pass for examples/14_iterator_class.py
#     (each `for` below becomes iter() once, then next() until StopIteration)


class CountdownIterator:
    """An iterator written by hand: the position lives in an attribute."""

    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        value = self.current
        self.current -= 1
        return value


class Countdown:
    """An iterable whose __iter__ is a generator: the position lives in `n`."""

    def __init__(self, start):
        self.start = start

    def __iter__(self):
        n = self.start
        while n > 0:
            yield n
            n -= 1


print("by hand:  ", list(CountdownIterator(3)))
print("generator:", list(Countdown(3)))

# The protocol step by step.
it = iter(CountdownIterator(2))
print(it is iter(it), next(it), next(it), next(it, "done"))
gen = iter(Countdown(2))
print(type(gen).__name__, next(gen), next(gen), next(gen, "done"))

# Any consumer of iterables takes both.
first, *rest = Countdown(4)
print(first, rest, sum(CountdownIterator(4)), list(zip(Countdown(2), "ab")))

# An iterator is used up once; an iterable with a generator __iter__ is not.
once = CountdownIterator(2)
again = Countdown(2)
print(list(once), list(once), list(again), list(again))
