# Exception classes of the program's own: raising, catching by base, arguments, reprs.
class AppError(Exception):
    """Base of this program's errors."""


class NotFound(AppError):
    def __init__(self, key, where="store"):
        super().__init__(f"{key!r} not found in {where}")
        self.key = key
        self.where = where


class Invalid(AppError, ValueError):
    pass


class Quiet(Exception):
    def __str__(self):
        return "quiet!"


def lookup(key):
    raise NotFound(key)


for exc in [NotFound("a"), Invalid("bad", 2), Quiet(), AppError()]:
    try:
        raise exc
    except ValueError as e:
        print("ValueError handler:", type(e).__name__, e.args)
    except AppError as e:
        print("AppError handler:", type(e).__name__, repr(e), str(e))
    except Exception as e:
        print("Exception handler:", repr(e), str(e))

try:
    lookup("k")
except NotFound as e:
    print(e.key, e.where, e.args, isinstance(e, AppError), isinstance(e, LookupError))

try:
    try:
        lookup("x")
    except NotFound as e:
        raise Invalid("during lookup") from e
except Invalid as e:
    print(repr(e), repr(e.__cause__), type(e.__cause__).__mro__[1].__name__)

e = NotFound("z", where="cache")
e.extra = 5
print(e.extra, vars(e), str(e))

print(NotFound.__mro__)
lookup("missing")
