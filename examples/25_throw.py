# Lesson 25: throw(), raising an exception inside a paused generator
#
# gen.throw(exc) resumes a paused generator, but instead of the yield giving
# back a value, the yield RAISES exc, right there, inside the generator.
#   - If the generator catches it, it carries on; throw() then returns the
#     next value the generator yields (like next() would).
#   - If it does not, the exception travels out of throw() to the caller and
#     the generator is finished for good.
#   - On a generator that never started or has finished, throw() just raises
#     exc in the caller: there is no paused yield to raise it at.
# close() from the previous lesson is throw(GeneratorExit) with extra rules.
#
# One more rule, PEP 479: a StopIteration that escapes a generator's body
# (say, from a bare next() on an empty iterator) would look like a normal
# "I'm done" and silently cut loops short. So Python turns it into
# RuntimeError("generator raised StopIteration").
#
# In the state machine, throw is one of the resume modes; each paused state
# says where a thrown exception lands ("throw()/close() ->"):
#   peel dump --stage statemachine examples/25_throw.py

def careful_worker(jobs):
    # Catches ValueError at the yield and moves on to the next job.
    for job in jobs:
        try:
            result = yield f"working on {job}"
            print(f"   [worker] {job} done, result {result!r}")
        except ValueError as error:
            print(f"   [worker] {job} failed: {error}; skipping it")
    return "all jobs seen"

print("1. a caught exception: the loop goes on")
w = careful_worker(["wash", "dry", "fold"])
print("   next:", next(w))
print("   throw returned:", repr(w.throw(ValueError("no water"))))
print("   send returned:", repr(w.send("neat")))
try:
    w.throw(ValueError("lost a sock"))
except StopIteration as stop:
    print("   the worker finished:", repr(stop.value))

print("2. an uncaught exception: it comes back out, the generator is done")
w = careful_worker(["wash", "dry"])
next(w)
try:
    w.throw(KeyError("not a ValueError"))
except KeyError as error:
    print("   throw raised", repr(error))
print("   next after that:", next(w, "finished"))

print("3. throw on an unstarted and on a finished generator just raises")
for label, gen in [("unstarted", careful_worker(["x"])), ("finished", w)]:
    try:
        gen.throw(IndexError(label))
    except IndexError as error:
        print(f"   {label}: IndexError {error}")
fresh = careful_worker(["x"])
try:
    fresh.throw(ValueError("too early"))
except ValueError:
    print("   even a ValueError the body would catch: it never started")
print("   and it is now finished:", next(fresh, "finished"))

print("4. throw with finally: cleanup runs, then the exception leaves")
def guarded():
    try:
        yield "inside"
        yield "never reached"
    finally:
        print("   [guarded] finally")

g = guarded()
next(g)
try:
    g.throw(TimeoutError("took too long"))
except TimeoutError as error:
    print("   caller got:", type(error).__name__, error)

print("5. the exception can be turned into a value for the caller")
def retrying(limit):
    attempt = 1
    while attempt <= limit:
        try:
            yield attempt
            return f"succeeded on attempt {attempt}"
        except ConnectionError as error:
            print(f"   [retrying] attempt {attempt} failed: {error}")
            attempt += 1
    return "gave up"

for failures in [1, 5]:
    r = retrying(3)
    next(r)
    try:
        for _ in range(failures):
            r.throw(ConnectionError("reset"))
        next(r)
    except StopIteration as stop:
        print("   outcome:", stop.value)

print("6. PEP 479: StopIteration inside a generator becomes RuntimeError")
def first_of_each(lists):
    for items in lists:
        it = iter(items)
        yield next(it)     # a bare next() on an empty list raises StopIteration

try:
    print("   ", list(first_of_each([[1, 2], [3], [], [4]])))
except RuntimeError as error:
    print("   RuntimeError:", error)
    print("   its cause:", type(error.__cause__).__name__)

def first_of_each_safely(lists):
    for items in lists:
        value = next(iter(items), None)   # a default instead of StopIteration
        if value is not None:
            yield value

print("   safely:", list(first_of_each_safely([[1, 2], [3], [], [4]])))

# Without PEP 479 the bad version would have stopped early, printing [1, 3]
# as if that were the whole answer. An error is better than a wrong answer.
def explicit_stop():
    yield "a"
    raise StopIteration("done?")

try:
    print(list(explicit_stop()))
except RuntimeError as error:
    print("   raise StopIteration in a generator ->", repr(error))
