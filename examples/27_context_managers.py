# Lesson 27: a context manager class, and `with` as the try/finally it means
#
# `with manager as value:` calls manager.__enter__() and binds what it
# returns; whatever way the block ends (falling off the end, return, break,
# an exception) it then calls manager.__exit__(kind, error, traceback). If
# __exit__ returns something true, an exception from the block is swallowed.
#
# peel's `with` pass writes this out (PEP 343's expansion):
#   peel dump --stage desugar --pass with examples/27_context_managers.py
# shows `_enter_Ignore, _exit_Ignore = _enter_exit(Ignore(ZeroDivisionError))`,
# the call `_enter_Ignore()`, and the block inside a `try` whose
# `except BaseException` calls `_exit_Ignore` with the exception and whose
# `finally` calls it with (None, None, None) when the block did not fail.
# Both methods are looked up first, as CPython's BEFORE_WITH does.


class Indent:
    """Indents everything `say` prints while the block runs."""

    level = 0

    def __init__(self, label):
        self.label = label

    def __enter__(self):
        print("  " * Indent.level + f"begin {self.label}")
        Indent.level += 1
        return self

    def __exit__(self, kind, error, traceback):
        Indent.level -= 1
        outcome = "ok" if kind is None else f"failed with {kind.__name__}"
        print("  " * Indent.level + f"end {self.label}: {outcome}")
        return False


class Ignore:
    """Swallows one kind of exception (like contextlib.suppress)."""

    def __init__(self, kind):
        self.kind = kind

    def __enter__(self):
        return None

    def __exit__(self, kind, error, traceback):
        return kind is not None and issubclass(kind, self.kind)


def say(text):
    print("  " * Indent.level + text)


with Indent("outer"):
    say("one")
    with Indent("inner") as inner:
        say(f"two, inside {inner.label}")
    say("three")

with Ignore(ZeroDivisionError):
    say("dividing")
    1 / 0
    say("never printed")
say("carried on after the swallowed error")

try:
    with Indent("failing"):
        raise KeyError("lost")
except KeyError as e:
    say(f"caught {e!r} outside: __exit__ ran first")


def first_even(numbers):
    with Indent("search"):
        for n in numbers:
            if n % 2 == 0:
                return n


say(f"found {first_even([3, 5, 8, 9])} (the return still ran __exit__)")
