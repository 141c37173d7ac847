# Sizes a program chooses that no machine can hold are a MemoryError (or CPython's
# OverflowError past sys.maxsize), raised before anything is allocated: the program can
# catch it and go on, and nothing it printed before is lost.
print("before")
BIG = 2**50  # a petabyte: more than any machine here has
cases = [
    ("str * n", lambda: "ab" * BIG),
    ("str * huge", lambda: "ab" * 2**62),
    ("list * n", lambda: [0, 1] * BIG),
    ("list * huge", lambda: [0, 1] * 2**62),
    ("tuple * n", lambda: (0,) * BIG),
    ("bytes * n", lambda: b"ab" * BIG),
    ("bytes * huge", lambda: b"ab" * 2**62),
    ("bytes(n)", lambda: bytes(BIG)),
    ("bytes(maxsize)", lambda: bytes(2**63 - 1)),
    ("bytes(2**63)", lambda: bytes(2**63)),
    ("ljust", lambda: "a".ljust(BIG)),
    ("rjust", lambda: "a".rjust(BIG, "*")),
    ("center", lambda: "a".center(BIG)),
    ("zfill", lambda: "-1".zfill(BIG)),
    ("ljust 2**63", lambda: "a".ljust(2**63)),
    ("expandtabs C int", lambda: "a\tb".expandtabs(2**31)),
    ("%*d", lambda: "%*d" % (BIG, 1)),
    ("%*d ssize_t", lambda: "%*d" % (2**63, 1)),
    ("%.*f C int", lambda: "%.*f" % (2**31, 1.0)),
    ("%Nd", lambda: "%1125899906842624d" % 1),
    ("%Nd too big", lambda: "%99999999999999999999d" % 1),
    ("%.Nf too big", lambda: "%.2147483648f" % 1.0),
    ("{:N}", lambda: "{:1125899906842624}".format(1)),
    ("{:N} too many", lambda: "{:99999999999999999999}".format(1)),
    ("{:.Nf} too big", lambda: "{:.2147483648f}".format(1.0)),
    ("f-string width", lambda: f"{'x':>{BIG}}"),
    ("format()", lambda: format(1.5, str(BIG))),
    ("1 << n", lambda: 1 << 2**60),
    ("1 << 2**64", lambda: 1 << 2**64),
    ("1 << 2**100", lambda: 1 << 2**100),
    ("replace", lambda: ("x" * 1000).replace("x", "y" * 2**45)),
    ("join", lambda: "-".join(["a" * 2**24] * 2**22)),
    ("list(range)", lambda: list(range(BIG))),
    ("l *= n", lambda: [1].__imul__(BIG) if False else _imul()),
]


def _imul():
    l = [1, 2]
    l *= BIG
    return l


for name, op in cases:
    try:
        op()
        print(name, "built?")
    except (MemoryError, OverflowError, ValueError) as e:
        print(name, type(e).__name__, e)
print("%-5d|" % 3, "%*d|" % (-5, 3), "{:07,}".format(1234), "{:0=12,.2f}".format(-1234.5))
print(bytes(3), b"ab" * 3, b"ab" + b"cd", len(bytes(10**6)))
try:
    b"a" + "b"
except TypeError as e:
    print(e)
print("after")
