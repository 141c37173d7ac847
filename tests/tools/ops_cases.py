# Writes tests/data/ops_cases.txt: what CPython gives for each case of peel's operator
# tests (src/runtime/ops_tests.rs reads the file, and a test fails when it is stale):
#
#     python3 tests/tools/ops_cases.py > tests/data/ops_cases.txt
#
# The cases below are the input: Python expressions, each one operation on literals
# (`a + b`, `a < b`, `a[i]`) or a literal alone, whose repr is the case. CPython's
# answers are the generated part: the repr of the result, or `!Class: message` for the
# exception it raises. Add a case here, run the command, and read the diff.
import ast
import sys
import warnings

# --- Arithmetic: every operator on every pair of these numbers (ints small and big,
# floats, a bool): promotions, signs of `//` and `%`, overflow into big ints.
NUMBERS = ["7", "-7", "0", "3.5", "-2.0", "0.0", "True", "18446744073709551616",
           "-9223372036854775808"]
ARITHMETIC = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^"]
HUGE = {"18446744073709551616", "-9223372036854775808"}


def skipped(a, op, b):
    """Pairs left out: a result of 2**64 digits or more, or a complex number (peel has no
    complex type)."""
    if op == "**":
        return b in HUGE or (a.startswith("-") and not float(eval(b)).is_integer())
    if op == "<<":
        return b == "18446744073709551616"
    return False


# --- The same operators (those a sequence or a string also defines) on other types:
# concatenation and repetition, %-formatting, set algebra, and the TypeErrors.
MIXED_PAIRS = [
    ("'ab'", "'cd'"), ("'ab'", "3"), ("3", "'ab'"), ("'ab'", "-1"), ("[1, 2]", "[3]"),
    ("[1]", "3"), ("(1,)", "(2,)"), ("'a'", "1"), ("[1]", "(2,)"), ("(1,)", "[2]"),
    ("'%s-%d'", "'x'"), ("'%s-%d'", "('x', 5)"), ("set([1, 2])", "set([2, 3])"),
    ("None", "1"), ("'a'", "1.5"), ("{'a': 1}", "{'b': 2}"), ("1", "'a'"),
]
MIXED_OPERATORS = ["+", "*", "%", "-", "|", "&", "^", "**"]

# --- Floats whose sum and quotient need the shortest repr.
FLOAT_ARITHMETIC = ["0.1 + 0.2", "1.0 / 3.0"]

# --- Set algebra: the iteration order of the result is CPython's hash-table order,
# which depends on how each operand was built: a display of constants is a frozenset
# constant merged into a new set, `set([...])` adds the items one by one.
SET_ITEMS = [
    "10, 20, 5, 100, 7", "8, 16, 0, 24, 32", "1, 9, 17, 25", "33, 1, 65, 97, 129, 2",
    "-1, -2, 3", "3, 1, 2", "30, 27, 24, 21, 18, 15, 12, 9, 6, 3",
    "1000, 2000, 3000, 4000, 5000, 6000, 7000",
]
SET_OTHERS = [("|", "5, 77, 130"), ("&", "5, 77, 130, 1, 2, 3, 20, 100"), ("-", "5, 7"),
              ("^", "5, 77, 130")]

# --- Comparisons: each operator on every pair of these values, and `in` against each
# container among them.
COMPARED = ["1", "1.0", "True", "0.5", "'a'", "'ab'", "[1, 2]", "[1]", "(1, 2)", "None",
            "set([1, 2])", "set([1])", "18446744073709551616", "float('nan')",
            "9007199254740993", "range(0, 3, 1)"]
COMPARISONS = ["==", "<", ">="]
CONTAINERS = ["'a'", "'ab'", "[1, 2]", "[1]", "(1, 2)", "set([1, 2])", "set([1])",
              "range(0, 3, 1)"]

# --- Reprs of literals (and of the sets above, built alone).
REPRS = [
    "[1, 'a', None]", "{'a': 1}", "(1,)", "set([])",
    "set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])",
    "set([19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0])",
    "set([1099511627776, 2199023255552, 5])", "set([1.5, 2.5, 3])",
    "set([100, 200, 300, 400, 500, 600])",
    "frozenset([1, 2])", "frozenset([])", '"it\'s"', "'a\"b'", "'a\\'b\"c'", "'\\\\'",
    "range(0, 5, 1)", "range(1, 10, 2)", "[1.0, -0.0]", "((1, 2), [3, {4: 5}])",
    "{(1, 2): 'x'}", "slice(1, None, None)",
]
# Floats: when repr switches to exponent notation, and the shortest digits that read
# back as the same float.
FLOATS = [
    "1.0", "1e16", "1e-5", "0.30000000000000004", "float('inf')", "float('-inf')",
    "float('nan')", "-0.0", "0.0", "1e15", "123456789012345.6", "1234567890123456.0",
    "0.0001", "0.00012345", "1e22", "1.5e-300", "5e-324", "1.7976931348623157e308",
    "-1.25", "100.0", "1e100", "2.5e-7", "9.999999999999998e15", "0.3333333333333333",
]

# --- Items and slices.
ITEMS = [
    "[1, 2, 3][1]", "[1, 2, 3][-1]", "[1, 2, 3][5]", "[1, 2, 3]['a']",
    "[1, 2, 3, 4, 5][1:4]", "[1, 2, 3, 4, 5][::-1]", "[1, 2, 3, 4, 5][-2:]",
    "[1, 2, 3, 4, 5][4:0:-2]", "[1, 2, 3][::0]", "'hello'[1]", "'hello'[1:3]",
    "'hello'[::-1]", "'h\u00e9llo'[1]", "'h\u00e9llo'[1:3]", "'abc'[10]", "(1, 2)[5]",
    "{'a': 1}['b']", "{'a': 1}['a']", "{(1, 2): 3}[(1, 2)]", "{1: 'x'}[1.0]",
    "{1: 'x'}[True]", "{}[[1]]", "range(0, 10, 2)[3]", "range(0, 10, 2)[1:3]",
    "range(0, 5, 1)[10]", "5[0]", "'abc'[1.5]", "[1, 2, 3][True]",
]


def operation(a, op, b):
    """`a op b` as source, with the operands parenthesised where Python's precedence
    would otherwise read it differently (`(-7) ** 2`)."""
    def wrap(x):
        return x if x.startswith("(") and x.endswith(")") else "(%s)" % x
    text = "%s %s %s" % (a, op, b)
    if not is_one_operation(text, a, b):
        text = "%s %s %s" % (wrap(a), op, b)
    if not is_one_operation(text, a, b):
        text = "%s %s %s" % (wrap(a), op, wrap(b))
    assert is_one_operation(text, a, b), text
    return text


def is_one_operation(text, a, b):
    node = ast.parse(text, mode="eval").body
    if isinstance(node, ast.BinOp):
        left, right = node.left, node.right
    elif isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = node.left, node.comparators[0]
    else:
        return False
    return ast.dump(left) == ast.dump(ast.parse(a, mode="eval").body) and ast.dump(
        right) == ast.dump(ast.parse(b, mode="eval").body)


def cases():
    for op in ARITHMETIC:
        for a in NUMBERS:
            for b in NUMBERS:
                if not skipped(a, op, b):
                    yield operation(a, op, b)
    for a, b in MIXED_PAIRS:
        for op in MIXED_OPERATORS:
            yield operation(a, op, b)
    yield from FLOAT_ARITHMETIC
    for items in SET_ITEMS:
        yield "{%s}" % items
        yield "set([%s])" % items
        for op, others in SET_OTHERS:
            yield operation("set([%s])" % items, op, "set([%s])" % others)
    for op in COMPARISONS:
        for a in COMPARED:
            for b in COMPARED:
                yield operation(a, op, b)
    for a in COMPARED:
        for b in CONTAINERS:
            yield operation(a, "in", b)
    yield from REPRS
    yield from FLOATS
    yield from ITEMS


def result(expression):
    # `[1, 2, 3]['a']` is a case, not a slip: no "perhaps you missed a comma?".
    warnings.simplefilter("ignore", SyntaxWarning)
    try:
        value = eval(compile(expression, "<case>", "eval"), {})
    except Exception as e:
        return "!%s: %s" % (type(e).__name__, e)
    return repr(value)


def main():
    out = [
        "# CPython %d.%d's result for each case of src/runtime/ops_tests.rs: an expression,\n"
        % sys.version_info[:2],
        "# a tab, and the repr of its value or `!Class: message` for the exception it raises.\n",
        "# Generated by `python3 tests/tools/ops_cases.py > tests/data/ops_cases.txt`: change\n",
        "# the cases there, not here.\n",
    ]
    seen = set()
    for expression in cases():
        assert expression not in seen, "a case twice: " + expression
        seen.add(expression)
        line = "%s\t%s" % (expression, result(expression))
        assert line.count("\t") == 1 and "\n" not in line, line
        out.append(line + "\n")
    sys.stdout.buffer.write("".join(out).encode("utf-8"))


main()
