# Functions carry their docstring (__doc__) and a __dict__: decorators count calls on
# their wrapper and copy names and docs by hand (what functools.wraps does).
"""A module docstring."""
def count_calls(fn):
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return fn(*args, **kwargs)
    wrapper.calls = 0
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.__qualname__ = fn.__qualname__
    wrapper.__dict__.update(fn.__dict__)
    return wrapper

@count_calls
def greet(name):
    """Say hello."""
    return "hello " + name

greet("a"); greet("b")
print(greet.calls, greet.__name__, greet.__doc__, repr(greet).split(" at ")[0])
print(__doc__)
def nodoc():
    x = "not a docstring"
print(nodoc.__doc__)
def f():
    f"not {1} doc"
print(f.__doc__)
def g():
    "one" "two"
print(g.__doc__)
class_like = greet.__dict__
print(sorted(class_like))
async def co():
    """A coroutine."""
def gen():
    """A generator."""
    yield 1
print(co.__doc__, gen.__doc__, (lambda: 0).__doc__)

# Attributes of functions, as a decorator sets them by hand.
def f(): pass
f.x = 1
del f.x
print(hasattr(f, "x"))
del f.__doc__
print(f.__doc__)
f.__name__ = "g"
print(f.__name__, f.__qualname__, repr(f).split(" at ")[0])
f.__qualname__ = "h.g"
print(repr(f).split(" at ")[0])
try:
    f.__name__ = 3
except TypeError as e: print(e)
try:
    del f.__name__
except TypeError as e: print(e)
try:
    f.__dict__ = 3
except TypeError as e: print(e)
f.__dict__ = {"a": 1}
print(f.a, f.__dict__, f.__module__)
f.__module__ = "m"
print(f.__module__)
del f.__module__
print(f.__module__)
try:
    del f.__qualname__
except TypeError as e: print(e)
f.__defaults__ = (1,)
def g(a, b=2, *, c=3): return a, b, c
print(g.__defaults__, g.__kwdefaults__, g(0))
g.__defaults__ = (7, 8)
g.__kwdefaults__ = {"c": 9}
print(g(), g(1), g.__kwdefaults__)
g.__defaults__ = None
try: g(1)
except TypeError as e: print(e)
try: g.__defaults__ = [1]
except TypeError as e: print(e)
del g.__kwdefaults__
print(g.__kwdefaults__)
try: g(1, 2)
except TypeError as e: print(e)
print((lambda: 0).__doc__, (lambda: 0).__name__)
try: del f.__defaults__; print(f.__defaults__)
except TypeError as e: print(e)
print(f.__annotations__ if False else "")
try: f.__globals__ = 1
except (AttributeError, TypeError) as e: print(type(e).__name__, e)
try: f.__closure__ = 1
except (AttributeError, TypeError) as e: print(type(e).__name__, e)
def wrapper():
    pass
wrapper.calls = 0
try:
    wrapper.cals
except AttributeError as e:
    print(e)
print(hasattr(wrapper, "calls"), getattr(wrapper, "calls"), getattr(wrapper, "nope", "default"))
setattr(wrapper, "calls", 5)
delattr(wrapper, "calls")
print(hasattr(wrapper, "calls"))
wrapper.cals
