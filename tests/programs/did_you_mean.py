# CPython ends the report of a NameError or AttributeError with the closest name it
# knows: the function's variables, then the globals, then the builtins (or, for an
# attribute, dir() of the object). Each failing task below is reported on stderr when
# it goes away, and the last error ends the program.
# peel: same stderr
import asyncio

total = 10


async def local_typo(count):
    amount = count * 2
    return amont


async def global_typo():
    return totl + 1


async def builtin_typo(xs):
    return lenn(xs)


async def attribute_typos(which):
    if which == 0:
        return [].appendd(1)
    if which == 1:
        return "text".uper()
    if which == 2:
        return {}.iterms()
    return asyncio.slep(1)


async def too_far(xs):
    return xs.lenght


async def main():
    # Nobody looks at these exceptions: each task is reported when dropped.
    for make in (
        lambda: local_typo(1),
        global_typo,
        lambda: builtin_typo([]),
        lambda: too_far([]),
        lambda: attribute_typos(0),
        lambda: attribute_typos(1),
        lambda: attribute_typos(2),
        lambda: attribute_typos(3),
    ):
        task = asyncio.create_task(make())
        await asyncio.sleep(0)
        print(task.get_name(), task.done())
        del task


asyncio.run(main())
# Uncaught, and so suggested: the name, then (while handling it) the attribute.
try:
    print(pritn)
except NameError:
    [].appendd(1)
