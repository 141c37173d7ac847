//! peel's operators against CPython's. `tests/data/ops_cases.txt` holds, for each case
//! (an expression such as `7 // -2.0`, `[1] < (1,)`, `'abc'[1.5]`, or a literal alone),
//! what CPython 3.11 gives: the repr of the value, or `!Class: message` for the exception
//! it raises. `tests/tools/ops_cases.py` lists the cases and writes the file;
//! `tests/generated_tables.rs` fails when the file is not what python3 writes now.
//!
//! Each expression is parsed by peel's own parser, its operands are built from their
//! literals the way CPython builds them, and its one operation goes through the function
//! the interpreter calls for it: `binary_op`, `compare`, `get_item`, or `repr_value` for a
//! literal alone. The hand-written tests below cover what a literal cannot build.
use super::test_support::*;
use super::*;
use crate::ast::{DictItem, Expr, ExprKind};
use crate::runtime::types;

/// The cases and CPython's answers (see the module's doc).
const CASES: &str = include_str!("../../tests/data/ops_cases.txt");

#[test]
fn operations_match_cpython() {
    let mut vm = vm();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in CASES
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let Some((expression, want)) = line.split_once('\t') else {
            panic!("tests/data/ops_cases.txt: a line without a tab: {line:?}");
        };
        count += 1;
        match run_case(&mut vm, expression) {
            Ok(got) if got == want => {}
            Ok(got) => failures.push(format!(
                "{expression}\n    CPython: {want}\n    peel:    {got}"
            )),
            Err(e) => failures.push(format!(
                "{expression}\n    not a case this test can run: {e}"
            )),
        }
    }
    assert!(count > 0, "tests/data/ops_cases.txt holds no case");
    assert!(
        failures.is_empty(),
        "{} of {count} cases of tests/data/ops_cases.txt differ from CPython:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What peel gives for one case, spelt as the data file spells CPython's answer.
fn run_case(vm: &mut Vm, expression: &str) -> Result<String, String> {
    let e = crate::parser::parse_expression(expression).map_err(|d| d.message)?;
    Ok(match &e.kind {
        ExprKind::BinOp { left, op, right } => {
            show(binary_op(vm, *op, &literal(left)?, &literal(right)?))
        }
        ExprKind::Compare { left, ops } if ops.len() == 1 => {
            let (op, right) = &ops[0];
            show(compare(vm, *op, &literal(left)?, &literal(right)?))
        }
        ExprKind::Subscript { value, index } => {
            show(get_item(vm, &literal(value)?, &literal(index)?))
        }
        _ => match literal(&e)? {
            // A float's repr is `float_repr`'s, which the printers use directly too.
            Value::Float(f) => float_repr(f),
            v => repr_value(&v),
        },
    })
}

/// The value an operand's literal denotes, built as CPython builds it: a set display of
/// constants the way the compiler folds it (`set_display`), `set([...])` item by item.
fn literal(e: &Expr) -> Result<Value, String> {
    let all = |es: &[Expr]| es.iter().map(literal).collect::<Result<Vec<_>, _>>();
    let built = |r: PyResult<Value>| r.map_err(|e| exception_str_value(&e));
    Ok(match &e.kind {
        ExprKind::Constant(c) => constant(c, false)?,
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand,
        } => match &operand.kind {
            ExprKind::Constant(c) => constant(c, true)?,
            _ => return Err("`-` of something other than a number".into()),
        },
        ExprKind::List(es) => Value::list(all(es)?),
        ExprKind::Tuple(es) => Value::tuple(all(es)?),
        ExprKind::Set(es) => built(set_display(&mut vm(), all(es)?, es.iter().all(is_constant)))?,
        ExprKind::Dict { items } => {
            let mut pairs = Vec::new();
            for item in items {
                let DictItem::Pair(k, v) = item else {
                    return Err("`**` in a dict display".into());
                };
                pairs.push((literal(k)?, literal(v)?));
            }
            dict(pairs)
        }
        ExprKind::Slice { lower, upper, step } => {
            let part = |p: &Option<Box<Expr>>| p.as_deref().map_or(Ok(Value::None), literal);
            slice(part(lower)?, part(upper)?, part(step)?)
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } if keywords.is_empty() => {
            let ExprKind::Name(name) = &func.kind else {
                return Err("a call of something other than a name".into());
            };
            let args: Vec<&Expr> = args
                .iter()
                .map(|a| match a {
                    crate::ast::Arg::Positional(e) => Ok(e),
                    crate::ast::Arg::Starred(_) => Err("`*` in a call".to_string()),
                })
                .collect::<Result<_, _>>()?;
            call(name, &args)?
        }
        _ => return Err("not a literal".into()),
    })
}

/// The calls the cases use to build what has no display: `set()`, `set([...])`,
/// `frozenset([...])`, `range(a, b, c)`, `slice(a, b, c)` and `float('nan')`.
fn call(name: &str, args: &[&Expr]) -> Result<Value, String> {
    let items = |e: &Expr| match &e.kind {
        ExprKind::List(es) => es.iter().map(literal).collect::<Result<Vec<_>, _>>(),
        _ => Err(format!("{name}() of something other than a list display")),
    };
    let int = |e: &Expr| match literal(e)? {
        Value::Int(i) => Ok(i),
        _ => Err(format!("{name}() of something other than a small int")),
    };
    Ok(match (name, args) {
        ("set", []) => set(Vec::new()),
        ("set", [xs]) => set(items(xs)?),
        ("frozenset", [xs]) => frozenset(items(xs)?),
        ("range", [a, b, c]) => range(int(a)?, int(b)?, int(c)?),
        ("slice", [a, b, c]) => slice(literal(a)?, literal(b)?, literal(c)?),
        ("float", [s]) => match literal(s)? {
            Value::Str(s) => Value::Float(s.s.parse().map_err(|_| format!("float({:?})", s.s))?),
            _ => return Err("float() of something other than a string".into()),
        },
        _ => return Err(format!("a call of {name}() with {} arguments", args.len())),
    })
}

/// A constant, negated when `negative` (`-7` is a constant too once CPython folds it).
fn constant(c: &crate::ast::Constant, negative: bool) -> Result<Value, String> {
    use crate::ast::Constant as C;
    let sign = if negative { "-" } else { "" };
    Ok(match c {
        C::Int(digits) => {
            let text = format!("{sign}{digits}");
            text.parse::<i64>().map_or_else(|_| big(&text), Value::Int)
        }
        C::Float(f) if negative => Value::Float(-f),
        C::Float(f) => Value::Float(*f),
        _ if negative => return Err("`-` of something other than a number".into()),
        C::Str(s) => Value::str(s.as_str()),
        C::True => Value::Bool(true),
        C::False => Value::Bool(false),
        C::None => Value::None,
        _ => return Err("a constant this test does not build".into()),
    })
}

/// Whether CPython's compiler folds `e` into a constant (a set display of such items is
/// a frozenset constant merged into a new set).
fn is_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Constant(_) => true,
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand,
        } => matches!(operand.kind, ExprKind::Constant(_)),
        ExprKind::Tuple(es) => es.iter().all(is_constant),
        _ => false,
    }
}

#[test]
fn reprs_of_what_a_literal_cannot_build() {
    let l = Value::list(vec![Value::Int(1)]);
    if let Value::List(inner) = &l {
        inner.items.borrow_mut().push(l.clone());
    }
    assert_eq!(repr_value(&l), "[1, [...]]");
    let e = types::key_error(Value::str("k"));
    assert_eq!(repr_value(&Value::Exception(e.clone())), "KeyError('k')");
    assert_eq!(exception_str_value(&e), "'k'");
    let v = types::new_exception_with_args(
        types::exception_class("ValueError"),
        vec![Value::str("a"), Value::Int(1)],
    );
    assert_eq!(
        repr_value(&Value::Exception(v.clone())),
        "ValueError('a', 1)"
    );
    assert_eq!(exception_str_value(&v), "('a', 1)");
    assert_eq!(
        repr_value(&Value::Type(type_of(&Value::Int(1)))),
        "<class 'int'>"
    );
}

#[test]
fn list_slice_assignment_and_deletion() {
    let mut vm = vm();
    let l = Value::list((0..6).map(Value::Int).collect());
    let s = slice(Value::Int(1), Value::Int(3), Value::None);
    set_item(&mut vm, &l, &s, Value::list(vec![Value::str("x")])).unwrap();
    assert_eq!(repr_value(&l), "[0, 'x', 3, 4, 5]");
    let every2 = slice(Value::None, Value::None, Value::Int(2));
    let err = set_item(&mut vm, &l, &every2, Value::list(vec![])).unwrap_err();
    assert_eq!(
        exception_str_value(&err),
        "attempt to assign sequence of size 0 to extended slice of size 3"
    );
    del_item(&mut vm, &l, &every2).unwrap();
    assert_eq!(repr_value(&l), "['x', 4]");
    let err = set_item(&mut vm, &Value::tuple(vec![]), &Value::Int(0), Value::None);
    assert_eq!(
        show(err.map(|_| Value::None)),
        "!TypeError: 'tuple' object does not support item assignment"
    );
}

#[test]
fn dict_keys_unify_equal_numbers() {
    let d = dict(vec![(Value::Int(1), Value::str("int"))]);
    let Value::Dict(dd) = &d else { unreachable!() };
    dd.set(&mut vm(), Value::Float(1.0), Value::str("float"))
        .unwrap();
    dd.set(&mut vm(), Value::Bool(true), Value::str("bool"))
        .unwrap();
    assert_eq!(repr_value(&d), "{1: 'bool'}");
    assert_eq!(
        show(Value::dict(
            &mut vm(),
            vec![(Value::list(vec![]), Value::None)]
        )),
        "!TypeError: unhashable type: 'list'"
    );
}

#[test]
fn inplace_add_extends_the_same_list() {
    let mut vm = vm();
    let l = Value::list(vec![Value::Int(1)]);
    let r = inplace_op(&mut vm, BinOp::Add, &l, &Value::str("ab")).unwrap();
    assert!(is(&l, &r));
    assert_eq!(repr_value(&l), "[1, 'a', 'b']");
    let t = Value::tuple(vec![Value::Int(1)]);
    let r = inplace_op(&mut vm, BinOp::Add, &t, &Value::tuple(vec![Value::Int(2)])).unwrap();
    assert!(!is(&t, &r));
    let err = inplace_op(&mut vm, BinOp::Add, &Value::Int(1), &Value::str("a")).unwrap_err();
    assert_eq!(
        exception_str_value(&err),
        "unsupported operand type(s) for +=: 'int' and 'str'"
    );
}

#[test]
fn iteration_and_attributes() {
    let mut vm = vm();
    let it = iter(&mut vm, &Value::str("hé")).unwrap();
    assert_eq!(
        show(next(&mut vm, &it).map(|v| v.unwrap_or_default())),
        "'h'"
    );
    assert_eq!(
        show(next(&mut vm, &it).map(|v| v.unwrap_or_default())),
        "'é'"
    );
    assert!(next(&mut vm, &it).unwrap().is_none());
    assert_eq!(type_name(&it), "str_ascii_iterator");
    let err = get_attr(&mut vm, &Value::list(vec![]), "foo").unwrap_err();
    assert_eq!(
        exception_str_value(&err),
        "'list' object has no attribute 'foo'"
    );
    let m = get_attr(&mut vm, &Value::list(vec![]), "append").unwrap();
    assert!(matches!(m, Value::BoundMethod(_)));
    let n = get_attr(&mut vm, &Value::Type(type_of(&Value::Int(0))), "__name__").unwrap();
    assert_eq!(repr_value(&n), "'int'");
    let e = Value::Exception(types::new_exception("StopIteration", "v"));
    assert_eq!(repr_value(&get_attr(&mut vm, &e, "value").unwrap()), "'v'");
    assert_eq!(
        repr_value(&get_attr(&mut vm, &e, "args").unwrap()),
        "('v',)"
    );
    let upper = call_method(
        &mut vm,
        &Value::Type(type_of(&Value::str(""))),
        "upper",
        vec![Value::str("a")],
        vec![],
    );
    assert_eq!(show(upper), "'A'");
    let d = dict(vec![(Value::Int(1), Value::Int(2))]);
    let it = iter(&mut vm, &d).unwrap();
    let Value::Dict(dd) = &d else { unreachable!() };
    dd.set(&mut vm, Value::Int(5), Value::None).unwrap();
    assert_eq!(
        show(next(&mut vm, &it).map(|v| v.unwrap_or_default())),
        "!RuntimeError: dictionary changed size during iteration"
    );
}

#[test]
fn isinstance_walks_the_hierarchy() {
    let mut vm = vm();
    let int_t = builtin("int");
    assert!(is_instance(&mut vm, &Value::Bool(true), &int_t).unwrap());
    let e = Value::Exception(types::key_error(Value::None));
    assert!(is_instance(&mut vm, &e, &builtin("LookupError")).unwrap());
    let tup = Value::tuple(vec![builtin("str"), builtin("Exception")]);
    assert!(is_instance(&mut vm, &e, &tup).unwrap());
    assert!(!is_instance(&mut vm, &Value::Int(1), &tup).unwrap());
    assert!(is_instance(&mut vm, &Value::Int(1), &Value::Int(1)).is_err());
}
