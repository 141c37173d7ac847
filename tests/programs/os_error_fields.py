# OSError takes its arguments apart as CPython's oserror_init does, and OSError itself
# becomes the subclass its errno names.
cases = [
    (),
    ("just a message",),
    (2, "No such file or directory"),
    (2, "No such file or directory", "data.txt"),
    (2, "No such file or directory", None),
    (17, "File exists", "a.txt", None, "b.txt"),
    (17, "File exists", "a.txt", None, None),
    (1, "x", "f", 0, "g", "too many"),
    (None, "no errno"),
    (True, "a bool errno"),
    (999, "unknown errno"),
    ("2", "a str errno"),
    (13, "Permission denied", b"bytes-name"),
]
for args in cases:
    e = OSError(*args)
    print(type(e).__name__, repr(e), str(e), e.args)
    print("   ", e.errno, e.strerror, e.filename, e.filename2)

for n in [1, 2, 3, 4, 10, 11, 13, 17, 20, 21, 32, 103, 104, 108, 110, 111, 114, 115]:
    print(n, type(OSError(n, "m")).__name__)

# Aliases are OSError itself; subclasses are never remapped.
print(IOError is OSError, EnvironmentError is OSError)
print(type(IOError(2, "x")).__name__, type(PermissionError(2, "x")).__name__)
print(type(OSError(2)).__name__, type(OSError(2, "x", "f", 1, "g", 6)).__name__)

b = BlockingIOError(11, "Resource temporarily unavailable", 5)
print(b.characters_written, b.args, str(b), b.filename)
try:
    BlockingIOError(11, "x").characters_written
except AttributeError as err:
    print("AttributeError:", err)

try:
    raise OSError(2, "No such file or directory", "missing.txt")
except FileNotFoundError as err:
    print("caught", type(err).__name__, err)

raise OSError(21, "Is a directory", "somewhere", None, "elsewhere")
