# An exception caught by `except` ends when its handler ends: CPython deletes the name
# (`del e`) and drops the exception it was handling (`POP_EXCEPT`), so what only the
# exception holds (here a generator, in its arguments) ends there too, in a plain
# function as in a generator.
def inner(name):
    try:
        yield name
        yield name
    finally:
        print("  finally of", name)


def handler_name():
    try:
        raise ValueError(inner("l"))
    except ValueError as e:
        next(e.args[0])
        print("  handling")
    # `e` was deleted at the end of the handler (CPython's `del e`).
    yield 1
    print("  after the handler")
    yield 2


print("an except name:")
for x in handler_name():
    print(x)


def plain():
    try:
        raise ValueError(inner("m"))
    except ValueError:
        next(sys_exc()[0])
        print("  handling, no name")
    print("  after the handler")


def sys_exc():
    try:
        raise
    except ValueError as e:
        return e.args


plain()
print("end")
