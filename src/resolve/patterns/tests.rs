//! CPython's errors for bad `match` statements, each at the line and column CPython
//! reports: the parser's (`grammar/python.lalrpop`, `parser::patterns`) and the
//! compiler's (`resolve::patterns`). The expected lines were taken from CPython 3.11's
//! `compile()`; `tests/programs/match_error_*.py` have the oracle check a few of them
//! against python3 itself.

use crate::resolve::tests::error;

/// `case PATTERN:` followed by another case, and CPython 3.11's first error.
const PATTERNS: &[(&str, &str)] = &[
    (
        r#"x | y"#,
        r#"name capture 'x' makes remaining patterns unreachable @ 2:10"#,
    ),
    (
        r#"_ | 1"#,
        r#"wildcard makes remaining patterns unreachable @ 2:10"#,
    ),
    (
        r#"[x, x]"#,
        r#"multiple assignments to name 'x' in pattern @ 2:14"#,
    ),
    (
        r#"[a, *b, *c]"#,
        r#"multiple starred names in sequence pattern @ 2:10"#,
    ),
    (r#"*x"#, r#"invalid syntax @ 2:12"#),
    (r#"{x: 1}"#, r#"invalid syntax @ 2:12"#),
    (
        r#"{"a": 1, "a": 2}"#,
        r#"mapping pattern checks duplicate key ('a') @ 2:10"#,
    ),
    (
        r#"{1: a, 1.0: b}"#,
        r#"mapping pattern checks duplicate key (1.0) @ 2:10"#,
    ),
    (r#"{**_}"#, r#"invalid syntax @ 2:13"#),
    (r#"{**r, "a": 1}"#, r#"invalid syntax @ 2:16"#),
    (r#"1 as _"#, r#"cannot use '_' as a target @ 2:15"#),
    (
        r#"f"a""#,
        r#"patterns may only match literals and attribute lookups @ 2:10"#,
    ),
    (r#"-x"#, r#"invalid syntax @ 2:11"#),
    (
        r#"1 + 2"#,
        r#"imaginary number required in complex literal @ 2:14"#,
    ),
    (
        r#"2j + 1"#,
        r#"real number required in complex literal @ 2:10"#,
    ),
    (
        r#"Point(x=1, x=2)"#,
        r#"attribute name repeated in class pattern: x @ 2:23"#,
    ),
    (
        r#"Point(x=1, 2)"#,
        r#"positional patterns follow keyword patterns @ 2:21"#,
    ),
    (
        r#"(1 | x) as x"#,
        r#"name capture 'x' makes remaining patterns unreachable @ 2:15"#,
    ),
    (
        r#"[*_, *_]"#,
        r#"multiple starred names in sequence pattern @ 2:10"#,
    ),
    (
        r#"{"a": x, "b": x}"#,
        r#"multiple assignments to name 'x' in pattern @ 2:24"#,
    ),
    (
        r#"0 | 1 | x"#,
        r#"name capture 'x' makes remaining patterns unreachable @ 2:18"#,
    ),
    (
        r#"{True: 1, 1: 2}"#,
        r#"mapping pattern checks duplicate key (1) @ 2:10"#,
    ),
    (
        r#"{f"a": 1}"#,
        r#"mapping pattern keys may only match literals and attribute lookups @ 2:10"#,
    ),
    (r#"Point(*x)"#, r#"invalid syntax @ 2:16"#),
    (
        r#"[1, 2] | [x]"#,
        r#"alternative patterns bind different names @ 2:20"#,
    ),
    (
        r#"{"a": x, **x}"#,
        r#"multiple assignments to name 'x' in pattern @ 2:16"#,
    ),
    (
        r#"[x] | [y]"#,
        r#"alternative patterns bind different names @ 2:17"#,
    ),
    (
        r#"(a as x) as x"#,
        r#"name capture 'a' makes remaining patterns unreachable @ 2:11"#,
    ),
    (
        r#"(_ as y) | 2"#,
        r#"wildcard makes remaining patterns unreachable @ 2:11"#,
    ),
    (
        r#"[x, *x]"#,
        r#"multiple assignments to name 'x' in pattern @ 2:14"#,
    ),
    (
        r#"{"a": [x], "b": {"c": x}}"#,
        r#"multiple assignments to name 'x' in pattern @ 2:32"#,
    ),
    (
        r#"C(x, y=x)"#,
        r#"multiple assignments to name 'x' in pattern @ 2:17"#,
    ),
    (r#"(x, y) | (y, x)"#, r#"no error"#),
    (
        r#"{0.0: a, -0.0: b}"#,
        r#"mapping pattern checks duplicate key (-0.0) @ 2:10"#,
    ),
    (
        r#"{"a" "b": x, "ab": y}"#,
        r#"mapping pattern checks duplicate key ('ab') @ 2:10"#,
    ),
    (r#"{b"a": x, "a": y}"#, r#"no error"#),
    (
        r#"x"#,
        r#"name capture 'x' makes remaining patterns unreachable @ 2:10"#,
    ),
    (
        r#"_"#,
        r#"wildcard makes remaining patterns unreachable @ 2:10"#,
    ),
    (r#"x if x"#, r#"no error"#),
];
/// Whole programs, and CPython 3.11's first error.
const PROGRAMS: &[(&str, &str)] = &[
    (
        r#"match *s:
    case 1:
        pass
"#,
        r#"invalid syntax @ 1:9"#,
    ),
    (
        r#"def f():
    match s:
        case [x, x]:
            pass
    nonlocal q
"#,
        r#"no binding for nonlocal 'q' found @ 5:5"#,
    ),
    (
        r#"match s:
case 1:
    pass
"#,
        r#"expected an indented block after 'match' statement on line 1 @ 2:1"#,
    ),
    (
        r#"match s
    case 1:
        pass
"#,
        r#"expected ':' @ 1:8"#,
    ),
    (
        r#"match s:
    case 1
        pass
"#,
        r#"expected ':' @ 2:11"#,
    ),
    (
        r#"match s:
    case 1:
        break
"#,
        r#"'break' outside loop @ 3:9"#,
    ),
    (
        r#"match s:
    case 1:
        pass
    case [x, x]:
        pass
    case y:
        pass
    case 2:
        pass
"#,
        r#"multiple assignments to name 'x' in pattern @ 4:14"#,
    ),
];

#[test]
fn patterns_are_refused_as_cpython_refuses_them() {
    for (pattern, expected) in PATTERNS {
        let src =
            format!("match s:\n    case {pattern}:\n        pass\n    case 2:\n        pass\n");
        assert_eq!(error(&src), *expected, "case {pattern}:");
    }
}

#[test]
fn match_statements_are_refused_as_cpython_refuses_them() {
    for (src, expected) in PROGRAMS {
        assert_eq!(error(src), *expected, "{src}");
    }
}
