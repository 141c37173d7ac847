# Annotations are evaluated where CPython evaluates them: a def's when the def runs (into
# the function's __annotations__, after its defaults), a module's statement by statement
# (into the module's __annotations__), a function body's never. Type expressions
# (list[int], int | None, asyncio.Queue[int]) are objects with CPython's reprs.
import asyncio

count: int = 0
name: str
print(__annotations__)


def f(a: int, b: "str" = "x", *args: float, c: list[int] = None, **kw: dict) -> bool:
    return True


print(f.__annotations__)


def g(x, y=2):
    pass


print(g.__annotations__, g.__defaults__, g.__kwdefaults__, g.__qualname__, g.__module__)
g.__annotations__ = {"x": int}
g.__annotations__["y"] = str
print(g.__annotations__)
del g.__annotations__
print(g.__annotations__, g.__annotations__ is g.__annotations__)


def gen(n: int, *, k: str = "z") -> "Iterator[int]":
    yield n


print(gen.__annotations__, (lambda x: x).__annotations__)


async def main(x: int | None = None) -> None:
    delay: float = 0.5
    await asyncio.sleep(delay)

    def inner(y: list[str]) -> dict[str, int]:
        return {}

    print(inner.__annotations__, "slept", delay)


print(main.__annotations__)
asyncio.run(main())


async def documented(a, b=2, *, c=3):
    "A doc."


print(documented.__name__, documented.__qualname__, documented.__doc__)
print(documented.__defaults__, documented.__kwdefaults__)

if count == 0:
    flag: "bool" = True
for i in range(2):
    last: int = i
d = {}
d["k"]: list[int] = [1]
print(__annotations__, d, last)


def body_annotations():
    local: Undefined = 5
    other: int
    print(local)


body_annotations()

print(list[int], dict[str, int], tuple[int, ...], tuple[()], set[frozenset[str]], type[int])
print(int | None, int | str | None, None | int, list[int] | None, int | int)
print(asyncio.Queue[int], asyncio.Future[str], asyncio.Task[None])
print(list[int] == list[int], list[int] == list[str], (int | str) == (str | int))
print(hash(list[int]) == hash(list[int]), hash(int | str) == hash(str | int))
print(list[int]("ab"), list[int].__origin__, dict[str, int].__args__, (int | None).__args__)
print(isinstance(3, int | str), isinstance("x", int | None), isinstance(None, int | None))
print(type(list[int]), type(int | str), {list[int]: 1}[list[int]])
for attempt in [lambda: isinstance(3, list[int]), lambda: (int | str)(), lambda: int | 3]:
    try:
        attempt()
    except TypeError as e:
        print("TypeError:", e)

try:
    def bad(x: Undefined):
        pass
except NameError as e:
    print("NameError:", e)
try:
    broken: Missing = 1
except NameError as e:
    print("NameError:", e, broken)
print(__annotations__)
