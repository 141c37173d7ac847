# Lesson 20: a generator, and the same generator written by hand
#
# A function that contains `yield` is a generator function. Calling it runs
# NONE of its body: it only builds a generator object that remembers where it
# is. Each next() runs the body up to the following yield, hands that value
# out, and freezes the function there. When the body ends, next() raises
# StopIteration instead, and a `return value` travels in StopIteration.value.
#
# How can a function stop in the middle and carry on later? Underneath, it is
# an ordinary object with a state number and the local variables it still
# needs. Each next() looks at the state, runs one slice of code, saves the
# locals and the new state, and returns. Below we write that object by hand
# (a closure over a dict; lesson 14 keeps such a position in self) next to the generator,
# and check that both give the same answers.
#
# peel does the same rewrite for you. Compare our hand-made version with:
#   peel dump --stage liveness examples/20_generator_by_hand.py
#     (which locals each yield must keep: here `n` and `step`)
#   peel dump --stage statemachine examples/20_generator_by_hand.py
#     (the states Unresumed, one per yield, Returned, and the resume function)

def countdown(n, step):
    print("  [gen] started with n =", n)
    while n > 0:
        yield n
        print("  [gen] resumed after yielding", n)
        n = n - step
    print("  [gen] loop done")
    return "liftoff"

# The by-hand version. state 0 = not started, 1 = paused at the yield,
# 2 = finished. `frame` holds exactly the locals alive across the yield.
def countdown_by_hand(n, step):
    frame = {"state": 0, "n": n, "step": step}

    def resume():
        if frame["state"] == 0:
            print("  [hand] started with n =", frame["n"])
        elif frame["state"] == 1:
            print("  [hand] resumed after yielding", frame["n"])
            frame["n"] = frame["n"] - frame["step"]
        else:
            # A finished generator stays finished: plain StopIteration.
            raise StopIteration
        if frame["n"] > 0:
            frame["state"] = 1
            return frame["n"]
        print("  [hand] loop done")
        frame["state"] = 2
        raise StopIteration("liftoff")

    return resume

# 1. Calling the generator function prints nothing: no body has run yet.
gen = countdown(5, 2)
print("after calling countdown(5, 2): nothing printed yet")
hand = countdown_by_hand(5, 2)
print("after calling countdown_by_hand(5, 2): nothing printed yet either")

# 2. Step both side by side until they end.
print("stepping the real generator:")
while True:
    try:
        value = next(gen)
    except StopIteration as stop:
        print("  StopIteration, value =", repr(stop.value))
        break
    print("  next(gen) ->", value)

print("stepping the hand-made one:")
while True:
    try:
        value = hand()
    except StopIteration as stop:
        print("  StopIteration, value =", repr(stop.value))
        break
    print("  hand() ->", value)

# 3. Once finished, both just keep saying "no more", with no value now.
for name, step_once in [("gen", lambda: next(gen)), ("hand", hand)]:
    try:
        step_once()
    except StopIteration as stop:
        print("finished", name, "again: StopIteration, value =", repr(stop.value))

# 4. for, list and sum call next() for us and swallow the final StopIteration,
#    so the return value is simply dropped by them.
print("list:", list(countdown(3, 1)))
print("sum:", sum(countdown(10, 3)))

# 5. next(it, default) gives the default instead of raising.
short = countdown(1, 1)
print("first:", next(short, "none"))
print("second:", next(short, "none"))
print("third:", next(short, "none"))

# 6. Each call makes an independent generator with its own saved locals.
a = countdown(9, 4)
b = countdown(2, 1)
print("interleaved:", next(a), next(b), next(a), next(b))
print("is a generator its own iterator?", iter(a) is a)
print("are a and b separate objects?", a is not b)
