# Lesson 24: finally blocks in generators, and close()
#
# A generator paused inside a try block still owes its finally block a run.
# There are three ways that debt is paid:
#   - the generator runs to the end normally (or returns): finally runs then;
#   - gen.close(): Python raises GeneratorExit AT THE PAUSED YIELD, so the
#     finally blocks around that yield run, and close() returns quietly;
#   - an exception escapes the body: finally runs on the way out.
# If the generator catches GeneratorExit and yields again instead of stopping,
# close() raises RuntimeError("generator ignored GeneratorExit").
# close() on a generator that never started, or has already finished, does
# nothing at all: there is no paused yield and no finally pending.
#
# In peel's state machine each paused state knows which finally blocks
# enclose its yield (a static table of try regions). Look at the
# "throw()/close() ->" targets of each state in
#   peel dump --stage statemachine examples/24_finally_and_close.py

def reader(name, lines):
    print(f"  [{name}] open")
    try:
        for line in lines:
            yield line
    finally:
        # Runs however the generator stops: end, close(), or an error.
        print(f"  [{name}] closed")

print("1. run to the end: finally runs when the loop finishes")
for line in reader("a", ["x", "y"]):
    print("  got", line)

print("2. close() while paused: finally runs at close time")
r = reader("b", ["x", "y", "z"])
print("  got", next(r))
r.close()
print("  after close, next gives:", next(r, "nothing"))

print("3. break out of a for loop: the generator is just left paused")
r = reader("c", ["x", "y", "z"])
for line in r:
    print("  got", line, "and break")
    break
print("  the loop is over, but [c] is not closed yet")
# CPython would close it once the last reference to it is gone, but when that
# happens is an implementation detail: close generators yourself.
r.close()

print("4. close() on an unstarted or a finished generator does nothing")
reader("d", ["x"]).close()
done = reader("e", [])
print("  e yields:", list(done))
done.close()
print("  neither close() printed anything: d never started, e had finished")

print("5. GeneratorExit is an exception we can see, but should not swallow")
def watcher():
    try:
        yield 1
    except GeneratorExit as exit_signal:
        print("  [watcher] saw", type(exit_signal).__name__, "and stops")
        raise   # re-raising (or returning) lets close() finish quietly

w = watcher()
next(w)
w.close()
print("  close() returned normally")

def stubborn():
    refusals = 0
    while True:
        try:
            yield "still here"
        except GeneratorExit:
            refusals += 1
            if refusals == 2:
                print("  [stubborn] gives up on the second close()")
                return
            print("  [stubborn] ignoring GeneratorExit and yielding again")

s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as error:
    print("  RuntimeError:", error)
# It is still paused at its yield, so a second close() tries again.
s.close()
print("  the second close() returned normally")

print("6. return inside try/finally: finally runs before the value leaves")
def summed(values):
    total = 0
    try:
        for v in values:
            if v is None:
                return total          # early return, through the finally
            total += v
            yield total
        return total
    finally:
        print(f"  [summed] finally with total {total}")

def result_of(gen):
    while True:
        try:
            print("  yielded", next(gen))
        except StopIteration as stop:
            return stop.value

print("  returned", result_of(summed([1, 2, None, 100])))

print("7. nested try/finally: close() runs the inner block, then the outer")
def layered():
    try:
        print("  enter outer")
        try:
            print("  enter inner")
            yield "deep"
        finally:
            print("  leave inner")
    finally:
        print("  leave outer")

g = layered()
print("  got", next(g))
g.close()

print("8. an exception escaping the body runs finally and finishes the generator")
def fragile():
    try:
        yield 1
        raise ValueError("broken pipe")
    finally:
        print("  [fragile] cleaning up")

f = fragile()
next(f)
try:
    next(f)
except ValueError as error:
    print("  caught:", error)
print("  afterwards:", next(f, "finished"))
