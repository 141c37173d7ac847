# A finished coroutine refuses throw() as it refuses send(); a finished generator
# raises what is thrown in.
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
