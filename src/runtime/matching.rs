//! The tests a desugared `match` calls where plain Python has no expression for them:
//! CPython's `MATCH_SEQUENCE`, `MATCH_MAPPING` and `MATCH_CLASS` instructions, as the
//! builtins `_match_seq`, `_match_map` and `_match_class` (see `desugar::MATCH_HELPERS`;
//! printed as Python, a prelude defines each the same way).

use std::rc::Rc;

use super::ops;
use super::types::{self, builtin_type, is_subclass};
use super::value::{PyResult, PyStr, PyType, TypeKind, Value};
use super::Vm;

type Kwargs = Vec<(Rc<PyStr>, Value)>;

/// Whether `v`'s type is, or derives from, one of `kinds`.
fn derives_from(v: &Value, kinds: &[TypeKind]) -> bool {
    let t = ops::type_of(v);
    kinds.iter().any(|k| is_subclass(&t, &builtin_type(*k)))
}

/// `_match_seq(s)`: may a sequence pattern match `s`? CPython asks the type
/// (`Py_TPFLAGS_SEQUENCE`): lists, tuples and ranges and their subclasses are sequences;
/// strings and bytes, though iterable and indexable, are not.
pub fn match_seq(_vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let s = args.into_iter().next().unwrap_or_default();
    Ok(Value::Bool(derives_from(
        &s,
        &[TypeKind::List, TypeKind::Tuple, TypeKind::Range],
    )))
}

/// `_match_map(s)`: may a mapping pattern match `s`? (`Py_TPFLAGS_MAPPING`: dicts.)
pub fn match_map(_vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let s = args.into_iter().next().unwrap_or_default();
    Ok(Value::Bool(derives_from(&s, &[TypeKind::Dict])))
}

/// The builtin types whose instances a class pattern's one positional sub-pattern matches
/// whole (`case int(n):` binds the int itself): CPython's `_Py_TPFLAGS_MATCH_SELF`.
const MATCH_SELF: &[TypeKind] = &[
    TypeKind::Bool,
    TypeKind::Bytes,
    TypeKind::Dict,
    TypeKind::Float,
    TypeKind::FrozenSet,
    TypeKind::Int,
    TypeKind::List,
    TypeKind::Set,
    TypeKind::Str,
    TypeKind::Tuple,
];

/// `_match_class(s, cls, positional, keywords)`: CPython's `MATCH_CLASS`. `None` when `s`
/// is not an instance of `cls` or lacks one of the attributes; otherwise the tuple of the
/// attributes the sub-patterns match: the first `positional` names of
/// `cls.__match_args__` (or `s` itself for `int(x)` and the other builtins above), then
/// the `keywords`. A class pattern used wrongly is CPython's TypeError.
pub fn match_class(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let mut args = args.into_iter();
    let (subject, cls, positional, keywords) = (
        args.next().unwrap_or_default(),
        args.next().unwrap_or_default(),
        args.next().unwrap_or_default(),
        args.next().unwrap_or_default(),
    );
    let Value::Type(class) = &cls else {
        return Err(types::type_error("called match pattern must be a type"));
    };
    if !ops::is_instance(vm, &subject, &cls)? {
        return Ok(Value::None);
    }
    let positional = match positional {
        Value::Int(n) => n.max(0) as usize,
        _ => 0,
    };
    let mut attrs = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    if positional > 0 {
        let (names, match_self) = match ops::get_attr(vm, &cls, "__match_args__") {
            Ok(Value::Tuple(t)) => (t.items.to_vec(), false),
            Ok(other) => {
                return Err(types::type_error(format!(
                    "{}.__match_args__ must be a tuple (got {})",
                    class.name,
                    ops::type_name_static(&other)
                )))
            }
            Err(e) if e.class.name == "AttributeError" => {
                let own = Value::Type(class.clone());
                (Vec::new(), is_match_self(&own))
            }
            Err(e) => return Err(e),
        };
        let allowed = if match_self { 1 } else { names.len() };
        if allowed < positional {
            return Err(types::type_error(format!(
                "{}() accepts {allowed} positional sub-pattern{} ({positional} given)",
                class.name,
                if allowed == 1 { "" } else { "s" }
            )));
        }
        if match_self {
            attrs.push(subject.clone());
        } else {
            for name in &names[..positional] {
                let Value::Str(name) = name else {
                    return Err(types::type_error(format!(
                        "__match_args__ elements must be strings (got {})",
                        ops::type_name_static(name)
                    )));
                };
                match attribute(vm, &subject, class, &name.s, &mut seen)? {
                    Some(v) => attrs.push(v),
                    None => return Ok(Value::None),
                }
            }
        }
    }
    if let Value::Tuple(keywords) = &keywords {
        for name in keywords.items.iter() {
            let Value::Str(name) = name else { continue };
            match attribute(vm, &subject, class, &name.s, &mut seen)? {
                Some(v) => attrs.push(v),
                None => return Ok(Value::None),
            }
        }
    }
    Ok(Value::tuple(attrs))
}

/// Whether a class without `__match_args__` is one of the builtins matching themselves.
fn is_match_self(cls: &Value) -> bool {
    let Value::Type(t) = cls else { return false };
    MATCH_SELF.iter().any(|k| is_subclass(t, &builtin_type(*k)))
}

/// One attribute a class pattern matches: `None` when the subject lacks it.
fn attribute(
    vm: &mut Vm,
    subject: &Value,
    class: &Rc<PyType>,
    name: &str,
    seen: &mut Vec<String>,
) -> PyResult<Option<Value>> {
    if seen.iter().any(|s| s == name) {
        return Err(types::type_error(format!(
            "{}() got multiple sub-patterns for attribute {}",
            class.name,
            crate::pyrepr::str_repr(name)
        )));
    }
    seen.push(name.to_string());
    match ops::get_attr(vm, subject, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.class.name == "AttributeError" => Ok(None),
        Err(e) => Err(e),
    }
}
