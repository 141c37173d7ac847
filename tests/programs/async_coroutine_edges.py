# Protocol edges where a coroutine and a generator differ: a finished coroutine refuses
# throw() as it refuses send(), where a finished generator raises what is thrown in; and
# close() names which of the two ignored GeneratorExit.
import types
async def f():
    return 1
c = f()
try:
    c.send(None)
except StopIteration as e:
    print("stop", e.value)
try:
    c.throw(KeyError('x'))
except Exception as e:
    print(type(e).__name__, e.args)
c.close()
def g():
    yield 1
x = g()
list(x)
try:
    x.throw(KeyError('y'))
except Exception as e:
    print(type(e).__name__, e.args)
@types.coroutine
def pause():
    yield 1
async def f():
    try:
        await pause()
    finally:
        await pause()
c = f()
c.send(None)
try:
    c.close()
except RuntimeError as e:
    print(e)
def g():
    try:
        yield 1
    finally:
        yield 2
x = g()
next(x)
try:
    x.close()
except RuntimeError as e:
    print(e)
