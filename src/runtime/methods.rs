//! Methods of the builtin types: `str.split`, `list.append`, `dict.get`, `set.add`, ...
//!
//! A method call `xs.append(1)` reaches `call` with the receiver and the method's name;
//! `xs.append` taken as a value becomes a `BoundMethod` holding the same two things, so
//! both roads end here. `has_method` tells `getattr` which names exist, so a misspelt
//! method gets CPython's AttributeError instead of failing later.

use std::rc::Rc;

use super::ops::{self, collect, less_than, small_int, to_index, type_name_static};
use super::types::{index_error, key_error, new_exception, type_error, value_error};
use super::value::{
    DictIterKind, DictView, HashKey, PyDict, PyException, PyList, PyResult, PySet, PyStr, TypeKind,
    Value,
};
use super::{alloc, Vm};
use crate::ast::BinOp;

type Kwargs = Vec<(Rc<PyStr>, Value)>;

const STR_METHODS: &[&str] = &[
    "join",
    "split",
    "rsplit",
    "splitlines",
    "strip",
    "lstrip",
    "rstrip",
    "upper",
    "lower",
    "title",
    "capitalize",
    "swapcase",
    "casefold",
    "replace",
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "isdigit",
    "isalpha",
    "isspace",
    "isupper",
    "islower",
    "isalnum",
    "isnumeric",
    "isdecimal",
    "isidentifier",
    "istitle",
    "isascii",
    "isprintable",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "format",
    "partition",
    "rpartition",
    "removeprefix",
    "removesuffix",
    "encode",
    "expandtabs",
];
const LIST_METHODS: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse", "copy",
    "clear",
];
const MAPPINGPROXY_METHODS: &[&str] = &["copy", "get", "items", "keys", "values"];
const DICT_METHODS: &[&str] = &[
    "get",
    "items",
    "keys",
    "values",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "copy",
    "clear",
];
const SET_METHODS: &[&str] = &[
    "add",
    "remove",
    "discard",
    "pop",
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "update",
    "intersection_update",
    "difference_update",
    "symmetric_difference_update",
    "copy",
    "clear",
];
const FROZENSET_METHODS: &[&str] = &[
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "copy",
];
const TUPLE_METHODS: &[&str] = &["index", "count"];
const INT_METHODS: &[&str] = &["bit_length", "bit_count", "conjugate", "as_integer_ratio"];
const FLOAT_METHODS: &[&str] = &["is_integer", "conjugate", "as_integer_ratio"];
const RANGE_METHODS: &[&str] = &["index", "count"];
const BYTES_METHODS: &[&str] = &["decode"];
const EXC_METHODS: &[&str] = &["with_traceback", "add_note"];
const GENERATOR_METHODS: &[&str] = &["send", "throw", "close", "__next__", "__iter__"];
const COROUTINE_METHODS: &[&str] = &["send", "throw", "close", "__await__"];
const AWAIT_ITERATOR_METHODS: &[&str] = &["send", "throw", "close", "__next__", "__iter__"];
const FUTURE_METHODS: &[&str] = &[
    "done",
    "result",
    "exception",
    "cancel",
    "cancelled",
    "add_done_callback",
    "remove_done_callback",
    "set_result",
    "set_exception",
    "__await__",
];
const TASK_METHODS: &[&str] = &[
    "done",
    "result",
    "exception",
    "cancel",
    "cancelled",
    "add_done_callback",
    "remove_done_callback",
    "get_name",
    "set_name",
    "get_coro",
    "__await__",
];

/// Does the builtin type `kind` have a method called `name`?
pub fn has_method(kind: TypeKind, name: &str) -> bool {
    method_names(kind).contains(&name)
}

/// The methods a value of this kind has (what `has_method` looks in).
pub fn method_names(kind: TypeKind) -> &'static [&'static str] {
    match kind {
        TypeKind::Str => STR_METHODS,
        TypeKind::List => LIST_METHODS,
        TypeKind::Dict => DICT_METHODS,
        TypeKind::MappingProxy => MAPPINGPROXY_METHODS,
        TypeKind::Set => SET_METHODS,
        TypeKind::FrozenSet => FROZENSET_METHODS,
        TypeKind::Tuple => TUPLE_METHODS,
        TypeKind::Int | TypeKind::Bool => INT_METHODS,
        TypeKind::Float => FLOAT_METHODS,
        TypeKind::Range => RANGE_METHODS,
        TypeKind::Bytes => BYTES_METHODS,
        TypeKind::Exception => EXC_METHODS,
        TypeKind::Generator => GENERATOR_METHODS,
        TypeKind::Coroutine => COROUTINE_METHODS,
        TypeKind::CoroutineWrapper | TypeKind::FutureIter => AWAIT_ITERATOR_METHODS,
        TypeKind::Future => FUTURE_METHODS,
        TypeKind::Task => TASK_METHODS,
        TypeKind::Lock | TypeKind::Semaphore => super::aiosync::SYNC_METHODS_LOCK,
        TypeKind::Event => super::aiosync::SYNC_METHODS_EVENT,
        TypeKind::Queue => super::aiosync::SYNC_METHODS_QUEUE,
        TypeKind::Timeout => super::aiosync::SYNC_METHODS_TIMEOUT,
        TypeKind::Handle => &["cancel", "cancelled"],
        TypeKind::TimerHandle => &["cancel", "cancelled", "when"],
        _ => &[],
    }
}

/// CPython's wording when a method gets the wrong number of positional arguments.
pub fn arity(name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    if n >= min && n <= max {
        return Ok(());
    }
    let s = |k: usize| if k == 1 { "" } else { "s" };
    Err(type_error(if max == 0 {
        format!("{}() takes no arguments ({} given)", name, n)
    } else if min == 1 && max == 1 {
        format!("{}() takes exactly one argument ({} given)", name, n)
    } else if min == max {
        format!("{} expected {} argument{}, got {}", name, min, s(min), n)
    } else if n < min {
        format!(
            "{} expected at least {} argument{}, got {}",
            name,
            min,
            s(min),
            n
        )
    } else {
        format!(
            "{} expected at most {} argument{}, got {}",
            name,
            max,
            s(max),
            n
        )
    }))
}

fn no_kwargs(name: &str, kwargs: &Kwargs) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        Err(type_error(format!("{}() takes no keyword arguments", name)))
    }
}

/// Moves keyword arguments into positional slots by name (for methods taking both).
fn merge_kwargs(
    name: &str,
    mut args: Vec<Value>,
    kwargs: Kwargs,
    names: &[&str],
) -> PyResult<Vec<Option<Value>>> {
    if args.len() > names.len() {
        return Err(type_error(format!(
            "{}() takes at most {} arguments ({} given)",
            name,
            names.len(),
            args.len()
        )));
    }
    let mut slots: Vec<Option<Value>> = args.drain(..).map(Some).collect();
    slots.resize(names.len(), None);
    for (k, v) in kwargs {
        match names.iter().position(|n| *n == k.s) {
            Some(i) => {
                if slots[i].is_some() {
                    return Err(type_error(format!(
                        "argument for {}() given by name ('{}') and position ({})",
                        name,
                        k.s,
                        i + 1
                    )));
                }
                slots[i] = Some(v);
            }
            None => {
                return Err(type_error(format!(
                    "'{}' is an invalid keyword argument for {}()",
                    k.s, name
                )))
            }
        }
    }
    Ok(slots)
}

fn expect_str(v: &Value, what: impl FnOnce() -> String) -> PyResult<&str> {
    match v {
        Value::Str(s) => Ok(&s.s),
        _ => Err(type_error(what())),
    }
}

/// Calls method `name` of a builtin value.
pub fn call(
    vm: &mut Vm,
    receiver: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    call_inner(vm, receiver, name, args, kwargs).map_err(|e| qualify(e, receiver, name))
}

/// CPython names the type in the arity errors of methods taking no or exactly one
/// argument (`list.append() takes exactly one argument (0 given)`).
fn qualify(e: Rc<PyException>, receiver: &Value, name: &str) -> Rc<PyException> {
    let first = e.args.borrow().first().cloned();
    if let Some(Value::Str(m)) = first {
        let plain = format!("{}() takes ", name);
        if e.class.name == "TypeError"
            && m.s.starts_with(&plain)
            && (m.s.contains("no arguments") || m.s.contains("exactly one argument"))
        {
            return type_error(format!("{}.{}", type_name_static(receiver), m.s));
        }
    }
    e
}

fn call_inner(
    vm: &mut Vm,
    receiver: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    match receiver {
        Value::Generator(_) | Value::Awaitable(_) if has_method(ops::kind_of(receiver), name) => {
            no_kwargs(name, &kwargs)?;
            vm.resumable_method(receiver, name, args)
        }
        Value::Future(f) if has_method(ops::kind_of(receiver), name) => {
            vm.future_method(f, name, args, kwargs)
        }
        Value::Iterator(it) if ops::kind_of(receiver) == TypeKind::Generator => {
            no_kwargs(name, &kwargs)?;
            native_generator_method(vm, receiver, it, name, args)
        }
        Value::Sync(s) if has_method(ops::kind_of(receiver), name) => {
            no_kwargs(name, &kwargs)?;
            vm.sync_method(s, name, args)
        }
        Value::Str(s) => str_method(vm, s, name, args, kwargs),
        // METH_O methods: the call takes a level of depth (see `builtins::repr`).
        Value::List(l) if matches!(name, "count" | "remove") => vm.nested(ops::IN_CALL, |vm| {
            list_method(vm, l, receiver, name, args, kwargs)
        }),
        Value::List(l) => list_method(vm, l, receiver, name, args, kwargs),
        Value::Dict(d) => dict_method(vm, d, name, args, kwargs),
        Value::MappingProxy(d) if has_method(TypeKind::MappingProxy, name) => {
            dict_method(vm, d, name, args, kwargs)
        }
        Value::Set(s) => set_method(vm, s, receiver, name, args, kwargs),
        Value::FrozenSet(s) if has_method(TypeKind::FrozenSet, name) => {
            set_method(vm, s, receiver, name, args, kwargs)
        }
        // `count` is a METH_O method: the call takes a level of depth (see
        // `builtins::repr`).
        Value::Tuple(t) if name == "count" => vm.nested(ops::IN_CALL, |vm| {
            seq_method(vm, name, &t.items, "tuple", args, kwargs)
        }),
        Value::Tuple(t) if has_method(TypeKind::Tuple, name) => {
            seq_method(vm, name, &t.items, "tuple", args, kwargs)
        }
        Value::Range(r) if has_method(TypeKind::Range, name) => {
            no_kwargs(name, &kwargs)?;
            arity(name, args.len(), 1, 1)?;
            let at = ops::range_position(r, &args[0]);
            let int = matches!(args[0], Value::Int(_) | Value::Bool(_) | Value::BigInt(_));
            match (name, at) {
                ("count", at) => Ok(Value::Int(at.is_some() as i64)),
                (_, Some(i)) => Ok(Value::int_from_bigint(i)),
                // CPython words the miss of an int by arithmetic, anything else as the
                // miss of its search by `==`.
                (_, None) if int => Err(value_error(format!(
                    "{} is not in range",
                    ops::repr(vm, &args[0])?
                ))),
                (_, None) => Err(value_error("sequence.index(x): x not in sequence")),
            }
        }
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) if has_method(TypeKind::Int, name) => {
            no_kwargs(name, &kwargs)?;
            arity(name, args.len(), 0, 0)?;
            let b = match receiver {
                Value::BigInt(b) => (**b).clone(),
                _ => num_bigint::BigInt::from(small_int(receiver).unwrap_or(0)),
            };
            Ok(match name {
                "bit_length" => Value::Int(b.bits() as i64),
                "bit_count" => Value::Int(b.magnitude().count_ones() as i64),
                "as_integer_ratio" => Value::tuple(vec![Value::int_from_bigint(b), Value::Int(1)]),
                _ => Value::int_from_bigint(b),
            })
        }
        Value::Float(f) if has_method(TypeKind::Float, name) => {
            no_kwargs(name, &kwargs)?;
            arity(name, args.len(), 0, 0)?;
            match name {
                "is_integer" => Ok(Value::Bool(f.is_finite() && f.fract() == 0.0)),
                "conjugate" => Ok(Value::Float(*f)),
                _ => float_ratio(*f),
            }
        }
        Value::Bytes(b) if name == "decode" => match String::from_utf8(b.to_vec()) {
            Ok(s) => Ok(Value::str(s)),
            Err(_) => Err(new_exception(
                "UnicodeDecodeError",
                "'utf-8' codec can't decode bytes",
            )),
        },
        Value::Exception(_) if has_method(TypeKind::Exception, name) => Ok(receiver.clone()),
        _ => Err(super::ops::no_attribute_of(receiver, name)),
    }
}

fn float_ratio(f: f64) -> PyResult<Value> {
    if f.is_infinite() {
        return Err(super::types::overflow_error(
            "cannot convert Infinity to integer ratio",
        ));
    }
    if f.is_nan() {
        return Err(value_error("cannot convert NaN to integer ratio"));
    }
    let mut num = f;
    let mut den = num_bigint::BigInt::from(1);
    let mut k = 0;
    while num.fract() != 0.0 && k < 1100 {
        num *= 2.0;
        den *= 2;
        k += 1;
    }
    let n = ops::float_to_bigint(num).unwrap_or_default();
    let g = num_integer::Integer::gcd(&n, &den);
    Ok(Value::tuple(vec![
        Value::int_from_bigint(&n / &g),
        Value::int_from_bigint(&den / &g),
    ]))
}

// ---------------------------------------------------------------------------------------
// Sequences (shared by list and tuple)
// ---------------------------------------------------------------------------------------

fn clamp_range(args: &[Value], len: usize) -> PyResult<(usize, usize)> {
    let norm = |v: Option<&Value>, default: usize| -> PyResult<usize> {
        match v {
            None | Some(Value::None) => Ok(default),
            Some(x) => {
                let i = to_index(x)?;
                Ok(if i < 0 {
                    (i + len as i64).max(0) as usize
                } else {
                    (i as usize).min(len)
                })
            }
        }
    };
    Ok((norm(args.first(), 0)?, norm(args.get(1), len)?))
}

fn seq_method(
    vm: &mut Vm,
    name: &str,
    items: &[Value],
    type_name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    no_kwargs(name, &kwargs)?;
    match name {
        "count" => {
            arity(name, args.len(), 1, 1)?;
            let mut n = 0;
            for x in items {
                if ops::same_or_eq(vm, x, &args[0])? {
                    n += 1;
                }
            }
            Ok(Value::Int(n))
        }
        _ => {
            arity(name, args.len(), 1, 3)?;
            let (lo, hi) = clamp_range(&args[1..], items.len())?;
            for (i, x) in items.iter().enumerate().take(hi).skip(lo) {
                if ops::same_or_eq(vm, x, &args[0])? {
                    return Ok(Value::Int(i as i64));
                }
            }
            Err(value_error(if type_name == "list" {
                format!("{} is not in list", ops::repr(vm, &args[0])?)
            } else {
                "tuple.index(x): x not in tuple".to_string()
            }))
        }
    }
}

// ---------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------

fn list_method(
    vm: &mut Vm,
    l: &Rc<PyList>,
    receiver: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    if name == "sort" {
        if !args.is_empty() {
            return Err(type_error("sort() takes no positional arguments"));
        }
        let slots = merge_kwargs(name, Vec::new(), kwargs, &["key", "reverse"])?;
        let key = slots[0].clone().unwrap_or_default();
        let reverse = slots[1].as_ref().map(ops::truthy_value).unwrap_or(false);
        let items = std::mem::take(&mut *l.items.borrow_mut());
        let result = sort_values(vm, items.clone(), &key, reverse);
        return match result {
            Ok(sorted) => {
                *l.items.borrow_mut() = sorted;
                Ok(Value::None)
            }
            Err(e) => {
                *l.items.borrow_mut() = items;
                Err(e)
            }
        };
    }
    no_kwargs(name, &kwargs)?;
    match name {
        "append" => {
            arity(name, args.len(), 1, 1)?;
            l.items.borrow_mut().extend(args);
            Ok(Value::None)
        }
        "extend" => {
            arity(name, args.len(), 1, 1)?;
            ops::inplace_op(vm, BinOp::Add, receiver, &args[0])?;
            Ok(Value::None)
        }
        "insert" => {
            arity(name, args.len(), 2, 2)?;
            let i = to_index(&args[0])?;
            let mut items = l.items.borrow_mut();
            let n = items.len() as i64;
            let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
            items.insert(j as usize, args[1].clone());
            Ok(Value::None)
        }
        "pop" => {
            arity(name, args.len(), 0, 1)?;
            let i = match args.first() {
                Some(v) => to_index(v)?,
                None => -1,
            };
            let mut items = l.items.borrow_mut();
            if items.is_empty() {
                return Err(index_error("pop from empty list"));
            }
            let n = items.len() as i64;
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return Err(index_error("pop index out of range"));
            }
            Ok(items.remove(j as usize))
        }
        "remove" => {
            arity(name, args.len(), 1, 1)?;
            // One member at a time: comparing may fail, and the list must be whole then.
            let mut j = 0;
            loop {
                let Some(x) = l.items.borrow().get(j).cloned() else {
                    return Err(value_error("list.remove(x): x not in list"));
                };
                if ops::same_or_eq(vm, &x, &args[0])? {
                    let mut items = l.items.borrow_mut();
                    if j < items.len() {
                        items.remove(j);
                    }
                    return Ok(Value::None);
                }
                j += 1;
            }
        }
        "index" | "count" => {
            let items = l.items.borrow().clone();
            seq_method(vm, name, &items, "list", args, kwargs)
        }
        "reverse" => {
            arity(name, args.len(), 0, 0)?;
            l.items.borrow_mut().reverse();
            Ok(Value::None)
        }
        "copy" => {
            arity(name, args.len(), 0, 0)?;
            Ok(Value::list(l.items.borrow().clone()))
        }
        "clear" => {
            arity(name, args.len(), 0, 0)?;
            let items = std::mem::take(&mut *l.items.borrow_mut());
            // Last to first, as CPython's `_list_clear` (a `__del__` shows the order).
            for v in items.into_iter().rev() {
                drop(v);
            }
            Ok(Value::None)
        }
        _ => Err(super::ops::no_attribute_of(receiver, name)),
    }
}

/// Sorts like `list.sort`: stable, `<` only, keys computed once, `reverse` keeps stability.
/// Small lists follow CPython's exact sequence of comparisons (a run, then binary
/// insertion), so a failing comparison reports the same pair of types CPython reports.
pub fn sort_values(
    vm: &mut Vm,
    items: Vec<Value>,
    key: &Value,
    reverse: bool,
) -> PyResult<Vec<Value>> {
    let keyed = !key.is_none();
    let mut pairs: Vec<(Value, Value)> = Vec::with_capacity(items.len());
    for x in items {
        let k = if keyed {
            vm.call(key, vec![x.clone()], Vec::new())?
        } else {
            x.clone()
        };
        pairs.push((k, x));
    }
    if reverse {
        pairs.reverse();
    }
    let sorted = sort_pairs(vm, pairs)?;
    let mut out: Vec<Value> = sorted.into_iter().map(|(_, v)| v).collect();
    if reverse {
        out.reverse();
    }
    Ok(out)
}

fn sort_pairs(vm: &mut Vm, mut v: Vec<(Value, Value)>) -> PyResult<Vec<(Value, Value)>> {
    let n = v.len();
    if n < 2 {
        return Ok(v);
    }
    if n < 64 {
        // count_run
        let mut run = 2;
        if less_than(vm, &v[1].0, &v[0].0)? {
            while run < n && less_than(vm, &v[run].0, &v[run - 1].0)? {
                run += 1;
            }
            v[..run].reverse();
        } else {
            while run < n && !less_than(vm, &v[run].0, &v[run - 1].0)? {
                run += 1;
            }
        }
        // binary insertion
        for start in run..n {
            let (mut l, mut r) = (0, start);
            while l < r {
                let p = l + ((r - l) >> 1);
                if less_than(vm, &v[start].0, &v[p].0)? {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            let x = v.remove(start);
            v.insert(l, x);
        }
        return Ok(v);
    }
    let right = v.split_off(n / 2);
    let left = sort_pairs(vm, v)?;
    let right = sort_pairs(vm, right)?;
    let mut out = Vec::with_capacity(n);
    let mut li = left.into_iter().peekable();
    let mut ri = right.into_iter().peekable();
    loop {
        match (li.peek(), ri.peek()) {
            (Some(a), Some(b)) => {
                if less_than(vm, &b.0, &a.0)? {
                    out.extend(ri.next());
                } else {
                    out.extend(li.next());
                }
            }
            (Some(_), None) => out.extend(li.by_ref()),
            (None, Some(_)) => out.extend(ri.by_ref()),
            (None, None) => break,
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// dict
// ---------------------------------------------------------------------------------------

fn dict_method(
    vm: &mut Vm,
    d: &Rc<PyDict>,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    if name == "update" {
        arity(name, args.len(), 0, 1)?;
        let src = args.into_iter().next().unwrap_or_default();
        dict_update(vm, d, &src, kwargs)?;
        return Ok(Value::None);
    }
    no_kwargs(name, &kwargs)?;
    let view = |kind| {
        Ok(Value::DictView(Rc::new(DictView {
            dict: d.clone(),
            kind,
        })))
    };
    match name {
        "get" => {
            arity(name, args.len(), 1, 2)?;
            Ok(d.get(vm, &args[0])?
                .unwrap_or_else(|| args.get(1).cloned().unwrap_or_default()))
        }
        "keys" => {
            arity(name, args.len(), 0, 0)?;
            view(DictIterKind::Keys)
        }
        "values" => {
            arity(name, args.len(), 0, 0)?;
            view(DictIterKind::Values)
        }
        "items" => {
            arity(name, args.len(), 0, 0)?;
            view(DictIterKind::Items)
        }
        "pop" => {
            arity(name, args.len(), 1, 2)?;
            let removed = d.remove(vm, &args[0])?;
            match removed {
                Some(v) => Ok(v),
                None => match args.get(1) {
                    Some(def) => Ok(def.clone()),
                    None => Err(key_error(args[0].clone())),
                },
            }
        }
        "popitem" => {
            arity(name, args.len(), 0, 0)?;
            let popped = d.map.borrow_mut().pop();
            match popped {
                Some((k, v)) => Ok(Value::tuple(vec![k.value, v])),
                None => Err(key_error(Value::str("popitem(): dictionary is empty"))),
            }
        }
        "setdefault" => {
            arity(name, args.len(), 1, 2)?;
            let k = HashKey::new_in(vm, args[0].clone())?;
            if let Some(v) = d.get_key(vm, &k)? {
                return Ok(v);
            }
            let v = args.get(1).cloned().unwrap_or_default();
            d.set_key(vm, k, v.clone())?;
            Ok(v)
        }
        "copy" => {
            arity(name, args.len(), 0, 0)?;
            let m = d.map.borrow().clone();
            Ok(Value::Dict(Rc::new(PyDict {
                map: std::cell::RefCell::new(m),
            })))
        }
        "clear" => {
            arity(name, args.len(), 0, 0)?;
            d.map.borrow_mut().clear();
            Ok(Value::None)
        }
        _ => Err(super::ops::no_attribute_of(&Value::Dict(d.clone()), name)),
    }
}

/// `d.update(src, **kwargs)`: a mapping, or an iterable of pairs.
pub fn dict_update(vm: &mut Vm, d: &Rc<PyDict>, src: &Value, kwargs: Kwargs) -> PyResult<()> {
    if let Some(pairs) = super::class::mapping_pairs(vm, src)? {
        for (k, v) in pairs {
            d.set(vm, k, v)?;
        }
        for (k, v) in kwargs {
            d.set_str(k, v);
        }
        return Ok(());
    }
    match src {
        Value::None => {}
        Value::Dict(s) | Value::MappingProxy(s) => {
            let pairs: Vec<(HashKey, Value)> = s
                .map
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            for (k, v) in pairs {
                d.set_key(vm, k, v)?;
            }
        }
        _ => {
            let it = ops::iter(vm, src)?;
            let mut i = 0;
            while let Some(item) = ops::next(vm, &it)? {
                let pair = match &item {
                    Value::Tuple(_) | Value::List(_) | Value::Str(_) => collect(vm, &item)?,
                    _ => {
                        return Err(type_error(format!(
                            "cannot convert dictionary update sequence element #{} to a sequence",
                            i
                        )))
                    }
                };
                if pair.len() != 2 {
                    return Err(value_error(format!(
                        "dictionary update sequence element #{} has length {}; 2 is required",
                        i,
                        pair.len()
                    )));
                }
                let mut p = pair.into_iter();
                let (k, v) = (p.next().unwrap_or_default(), p.next().unwrap_or_default());
                d.set(vm, k, v)?;
                i += 1;
            }
        }
    }
    for (k, v) in kwargs {
        d.set_str(k, v);
    }
    Ok(())
}

/// `dict.fromkeys(iterable, value=None)`.
pub fn dict_fromkeys(vm: &mut Vm, args: Vec<Value>) -> PyResult<Value> {
    arity("fromkeys", args.len(), 1, 2)?;
    let d = PyDict::new();
    let v = args.get(1).cloned().unwrap_or_default();
    for k in collect(vm, &args[0])? {
        d.set(vm, k, v.clone())?;
    }
    Ok(Value::Dict(Rc::new(d)))
}

// ---------------------------------------------------------------------------------------
// set
// ---------------------------------------------------------------------------------------

/// Any iterable as a set, built as CPython's `set(iterable)` builds it.
pub fn to_set(vm: &mut Vm, v: &Value) -> PyResult<PySet> {
    if let Value::Set(s) | Value::FrozenSet(s) = v {
        return Ok(s.copy());
    }
    let out = PySet::new();
    for x in collect(vm, v)? {
        out.add(vm, x)?;
    }
    Ok(out)
}

/// CPython's `set_update_internal`: merge a set, add an iterable's items one by one.
pub fn set_update(vm: &mut Vm, target: &PySet, v: &Value) -> PyResult<()> {
    if let Value::Set(s) | Value::FrozenSet(s) = v {
        return target.merge_from(vm, s);
    }
    for x in collect(vm, v)? {
        target.add(vm, x)?;
    }
    Ok(())
}

fn set_method(
    vm: &mut Vm,
    s: &Rc<PySet>,
    receiver: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    no_kwargs(name, &kwargs)?;
    let wrap = |n: PySet| {
        let n = Rc::new(n);
        match receiver {
            Value::FrozenSet(_) => Value::FrozenSet(n),
            _ => Value::Set(n),
        }
    };
    match name {
        "add" => {
            arity(name, args.len(), 1, 1)?;
            s.add(vm, args[0].clone())?;
            Ok(Value::None)
        }
        "remove" | "discard" => {
            arity(name, args.len(), 1, 1)?;
            let k = match &args[0] {
                Value::Set(inner) => HashKey::new(Value::FrozenSet(Rc::new(inner.copy())))?,
                other => HashKey::new_in(vm, other.clone())?,
            };
            if !s.remove_key(vm, &k)? && name == "remove" {
                return Err(key_error(args[0].clone()));
            }
            Ok(Value::None)
        }
        "pop" => {
            arity(name, args.len(), 0, 0)?;
            let first = ops::set_order(s).into_iter().next();
            match first {
                Some(v) => {
                    let k = HashKey::new_in(vm, v.clone())?;
                    s.remove_key(vm, &k)?;
                    Ok(v)
                }
                None => Err(key_error(Value::str("pop from an empty set"))),
            }
        }
        "copy" => {
            arity(name, args.len(), 0, 0)?;
            if let Value::FrozenSet(_) = receiver {
                return Ok(receiver.clone());
            }
            Ok(wrap(s.copy()))
        }
        "clear" => {
            arity(name, args.len(), 0, 0)?;
            s.clear();
            Ok(Value::None)
        }
        "union" => {
            let r = s.copy();
            for a in &args {
                set_update(vm, &r, a)?;
            }
            Ok(wrap(r))
        }
        "intersection" | "difference" | "symmetric_difference" => {
            if name == "symmetric_difference" {
                arity(name, args.len(), 1, 1)?;
            }
            if args.is_empty() {
                return Ok(wrap(s.copy()));
            }
            let mut acc = s.copy();
            for a in &args {
                let other = to_set(vm, a)?;
                acc = match name {
                    "intersection" => ops::set_intersection(vm, &acc, &other)?,
                    "difference" => ops::set_difference(vm, &acc, &other)?,
                    _ => {
                        ops::set_symmetric_update(vm, &other, &acc)?;
                        other
                    }
                };
            }
            Ok(wrap(acc))
        }
        "update" => {
            for a in &args {
                set_update(vm, s, a)?;
            }
            Ok(Value::None)
        }
        "intersection_update" | "difference_update" | "symmetric_difference_update" => {
            let base = name.trim_end_matches("_update");
            let r = set_method(vm, s, receiver, base, args, Vec::new())?;
            if let Value::Set(n) = r {
                s.replace_with(n.copy());
            }
            Ok(Value::None)
        }
        "issubset" | "issuperset" | "isdisjoint" => {
            arity(name, args.len(), 1, 1)?;
            let other = to_set(vm, &args[0])?;
            let (within, members): (&PySet, Vec<HashKey>) = match name {
                "issuperset" => (s, other.set.borrow().keys().cloned().collect()),
                _ => (&other, s.set.borrow().keys().cloned().collect()),
            };
            let want = name != "isdisjoint";
            for k in &members {
                if within.contains_key(vm, k)? != want {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        }
        _ => Err(super::ops::no_attribute_of(receiver, name)),
    }
}

// ---------------------------------------------------------------------------------------
// str
// ---------------------------------------------------------------------------------------

/// Python's `str.isspace` for one char (includes the ASCII separators \x1c-\x1f).
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn opt_str<'a>(name: &str, v: Option<&'a Value>) -> PyResult<Option<&'a str>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(&s.s)),
        Some(_) => Err(type_error(format!("{} arg must be None or str", name))),
    }
}

fn split_whitespace(s: &str, maxsplit: i64, from_right: bool) -> Vec<Value> {
    let mut out = Vec::new();
    if !from_right {
        let mut rest = s.trim_start_matches(is_py_space);
        let mut n = 0;
        while !rest.is_empty() {
            if maxsplit >= 0 && n >= maxsplit {
                out.push(Value::str(rest));
                return out;
            }
            let end = rest.find(is_py_space).unwrap_or(rest.len());
            out.push(Value::str(&rest[..end]));
            rest = rest[end..].trim_start_matches(is_py_space);
            n += 1;
        }
    } else {
        let mut rest = s.trim_end_matches(is_py_space);
        let mut n = 0;
        while !rest.is_empty() {
            if maxsplit >= 0 && n >= maxsplit {
                out.push(Value::str(rest));
                break;
            }
            let start = rest
                .rfind(is_py_space)
                .map(|i| i + rest[i..].chars().next().map_or(1, char::len_utf8))
                .unwrap_or(0);
            out.push(Value::str(&rest[start..]));
            rest = rest[..start].trim_end_matches(is_py_space);
            n += 1;
        }
        out.reverse();
    }
    out
}

/// Char index range [start, end) given as Python optional ints, mapped to byte offsets.
fn sub_range(s: &PyStr, args: &[Value]) -> PyResult<(usize, usize)> {
    let n = s.char_len();
    let (lo, hi) = clamp_range(args, n)?;
    if s.is_ascii {
        return Ok((lo, hi.max(lo)));
    }
    let to_byte = |ci: usize| {
        s.s.char_indices()
            .nth(ci)
            .map(|(b, _)| b)
            .unwrap_or(s.s.len())
    };
    Ok((to_byte(lo), to_byte(hi.max(lo))))
}

fn char_index(s: &PyStr, byte: usize) -> i64 {
    if s.is_ascii {
        byte as i64
    } else {
        s.s[..byte].chars().count() as i64
    }
}

fn pad(s: &str, width: i64, fill: char, align: char) -> PyResult<String> {
    let n = s.chars().count() as i64;
    if width <= n {
        return Ok(s.to_string());
    }
    let total = (width - n) as usize;
    let (left, right) = match align {
        '<' => (0, total),
        '>' => (total, 0),
        _ => {
            // str.center puts the extra space on the right unless the total is odd
            // and the width is odd too (CPython: left = total/2 + (total & width & 1)).
            let left = total / 2 + (total & width as usize & 1);
            (left, total - left)
        }
    };
    let bytes = total
        .checked_mul(fill.len_utf8())
        .and_then(|b| b.checked_add(s.len()))
        .ok_or_else(alloc::memory_error)?;
    let mut out = alloc::string_with_capacity(bytes)?;
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(out)
}

fn fill_char(name: &str, v: Option<&Value>) -> PyResult<char> {
    match v {
        None => Ok(' '),
        Some(Value::Str(s)) if s.char_len() == 1 => Ok(s.s.chars().next().unwrap_or(' ')),
        Some(Value::Str(_)) => Err(type_error(
            "The fill character must be exactly one character long",
        )),
        Some(other) => Err(type_error(format!(
            "{}() argument 2 must be str, not {}",
            name,
            type_name_static(other)
        ))),
    }
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    out
}

fn str_method(
    vm: &mut Vm,
    s: &Rc<PyStr>,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    let st = s.s.as_str();
    match name {
        // A METH_VARARGS method: the call takes a level of depth (see `builtins::repr`).
        "format" => {
            return vm.nested(ops::IN_CALL, |vm| {
                Ok(Value::str(super::format::str_format(
                    vm, st, &args, &kwargs,
                )?))
            })
        }
        "split" | "rsplit" => {
            let slots = merge_kwargs(name, args, kwargs, &["sep", "maxsplit"])?;
            let maxsplit = match &slots[1] {
                Some(v) => to_index(v)?,
                None => -1,
            };
            let sep = match &slots[0] {
                None | Some(Value::None) => None,
                Some(Value::Str(x)) => Some(x.s.clone()),
                Some(other) => {
                    return Err(type_error(format!(
                        "must be str or None, not {}",
                        type_name_static(other)
                    )))
                }
            };
            return Ok(Value::list(match sep {
                None => split_whitespace(st, maxsplit, name == "rsplit"),
                Some(sep) => {
                    if sep.is_empty() {
                        return Err(value_error("empty separator"));
                    }
                    if maxsplit < 0 {
                        st.split(sep.as_str()).map(Value::str).collect()
                    } else if name == "split" {
                        st.splitn(maxsplit as usize + 1, sep.as_str())
                            .map(Value::str)
                            .collect()
                    } else {
                        let mut v: Vec<Value> = st
                            .rsplitn(maxsplit as usize + 1, sep.as_str())
                            .map(Value::str)
                            .collect();
                        v.reverse();
                        v
                    }
                }
            }));
        }
        _ => {}
    }
    no_kwargs(name, &kwargs)?;
    let bool_test = |args: &[Value], f: &dyn Fn(&str) -> bool| -> PyResult<Value> {
        arity(name, args.len(), 0, 0)?;
        Ok(Value::Bool(f(st)))
    };
    match name {
        "join" => {
            arity(name, args.len(), 1, 1)?;
            let items = collect(vm, &args[0])?;
            // CPython checks every item and adds up the length first, then allocates once.
            let mut length = st.len().saturating_mul(items.len().saturating_sub(1));
            for (i, x) in items.iter().enumerate() {
                match x {
                    Value::Str(p) => length = length.saturating_add(p.s.len()),
                    _ => {
                        return Err(type_error(format!(
                            "sequence item {}: expected str instance, {} found",
                            i,
                            type_name_static(x)
                        )))
                    }
                }
            }
            if length > isize::MAX as usize {
                return Err(super::types::overflow_error(
                    "join() result is too long for a Python string",
                ));
            }
            let mut out = alloc::string_with_capacity(length)?;
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(st);
                }
                if let Value::Str(p) = x {
                    out.push_str(&p.s);
                }
            }
            Ok(Value::str(out))
        }
        "strip" | "lstrip" | "rstrip" => {
            arity(name, args.len(), 0, 1)?;
            let chars = opt_str(name, args.first())?;
            let r = match (name, chars) {
                ("strip", None) => st.trim_matches(is_py_space),
                ("lstrip", None) => st.trim_start_matches(is_py_space),
                ("rstrip", None) => st.trim_end_matches(is_py_space),
                ("strip", Some(c)) => st.trim_matches(|x| c.contains(x)),
                ("lstrip", Some(c)) => st.trim_start_matches(|x| c.contains(x)),
                (_, Some(c)) => st.trim_end_matches(|x| c.contains(x)),
                _ => st,
            };
            Ok(if r.len() == st.len() {
                Value::Str(s.clone())
            } else {
                Value::str(r)
            })
        }
        "upper" => bool_or(arity(name, args.len(), 0, 0), || {
            Value::str(st.to_uppercase())
        }),
        "lower" => bool_or(arity(name, args.len(), 0, 0), || {
            Value::str(st.to_lowercase())
        }),
        "casefold" => bool_or(arity(name, args.len(), 0, 0), || {
            Value::str(st.to_lowercase())
        }),
        "swapcase" => bool_or(arity(name, args.len(), 0, 0), || {
            Value::str(
                st.chars()
                    .flat_map(|c| -> Vec<char> {
                        if c.is_uppercase() {
                            c.to_lowercase().collect()
                        } else {
                            c.to_uppercase().collect()
                        }
                    })
                    .collect::<String>(),
            )
        }),
        "title" => bool_or(arity(name, args.len(), 0, 0), || Value::str(title_case(st))),
        "capitalize" => bool_or(arity(name, args.len(), 0, 0), || {
            let mut cs = st.chars();
            let mut out = String::new();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                out.extend(cs.flat_map(char::to_lowercase));
            }
            Value::str(out)
        }),
        "replace" => {
            arity(name, args.len(), 2, 3)?;
            let old = expect_str(&args[0], || {
                format!(
                    "replace() argument 1 must be str, not {}",
                    type_name_static(&args[0])
                )
            })?;
            let new = expect_str(&args[1], || {
                format!(
                    "replace() argument 2 must be str, not {}",
                    type_name_static(&args[1])
                )
            })?;
            let count = match args.get(2) {
                Some(v) => to_index(v)?,
                None => -1,
            };
            // The result's length, measured before it is built (CPython: an OverflowError
            // past `sys.maxsize`, else a MemoryError if it cannot be allocated).
            if new.len() > old.len() {
                let found = if old.is_empty() {
                    st.chars().count() + 1
                } else {
                    st.matches(old).count()
                };
                let found = if count < 0 {
                    found
                } else {
                    found.min(count as usize)
                };
                let length = (new.len() - old.len())
                    .checked_mul(found)
                    .and_then(|grow| grow.checked_add(st.len()))
                    .filter(|&l| l <= isize::MAX as usize)
                    .ok_or_else(|| super::types::overflow_error("replace string is too long"))?;
                alloc::check_room(length)?;
            }
            Ok(Value::str(if count < 0 {
                st.replace(old, new)
            } else {
                st.replacen(old, new, count as usize)
            }))
        }
        "startswith" | "endswith" => {
            varargs(name, args.len())?;
            let (lo, hi) = sub_range(s, &args[1..])?;
            let hay = if lo <= hi { &st[lo..hi] } else { "" };
            let test = |p: &str| {
                if name == "startswith" {
                    hay.starts_with(p)
                } else {
                    hay.ends_with(p)
                }
            };
            match &args[0] {
                Value::Str(p) => Ok(Value::Bool(lo <= st.len() && test(&p.s))),
                Value::Tuple(t) => {
                    for p in t.items.iter() {
                        match p {
                            Value::Str(p) => {
                                if test(&p.s) {
                                    return Ok(Value::Bool(true));
                                }
                            }
                            other => {
                                return Err(type_error(format!(
                                    "tuple for {} must only contain str, not {}",
                                    name,
                                    type_name_static(other)
                                )))
                            }
                        }
                    }
                    Ok(Value::Bool(false))
                }
                other => Err(type_error(format!(
                    "{} first arg must be str or a tuple of str, not {}",
                    name,
                    type_name_static(other)
                ))),
            }
        }
        "find" | "rfind" | "index" | "rindex" | "count" => {
            varargs(name, args.len())?;
            let sub = expect_str(&args[0], || {
                format!("must be str, not {}", type_name_static(&args[0]))
            })?;
            let (lo, hi) = sub_range(s, &args[1..])?;
            if lo > hi || (lo == st.len() && !sub.is_empty() && hi == lo) {
                return match name {
                    "count" => Ok(Value::Int(0)),
                    "find" | "rfind" => Ok(Value::Int(-1)),
                    _ => Err(value_error("substring not found")),
                };
            }
            let hay = &st[lo..hi];
            if name == "count" {
                let n = if sub.is_empty() {
                    hay.chars().count() + 1
                } else {
                    hay.matches(sub).count()
                };
                return Ok(Value::Int(n as i64));
            }
            let found = if name.starts_with('r') {
                hay.rfind(sub)
            } else {
                hay.find(sub)
            };
            match found {
                Some(b) => Ok(Value::Int(char_index(s, lo + b))),
                None if name.ends_with("find") => Ok(Value::Int(-1)),
                None => Err(value_error("substring not found")),
            }
        }
        "isdigit" | "isnumeric" | "isdecimal" => bool_test(&args, &|t| {
            !t.is_empty() && t.chars().all(|c| c.is_numeric())
        }),
        "isalpha" => bool_test(&args, &|t| {
            !t.is_empty() && t.chars().all(char::is_alphabetic)
        }),
        "isalnum" => bool_test(&args, &|t| {
            !t.is_empty() && t.chars().all(char::is_alphanumeric)
        }),
        "isspace" => bool_test(&args, &|t| !t.is_empty() && t.chars().all(is_py_space)),
        "isascii" => bool_test(&args, &|t| t.is_ascii()),
        "isprintable" => bool_test(&args, &|t| {
            let mut r = String::new();
            t.chars().all(|c| {
                r.clear();
                ops::str_repr_into(&c.to_string(), &mut r);
                c == '\'' || c == '\\' || !r.contains('\\')
            })
        }),
        "isupper" => bool_test(&args, &|t| {
            t.chars().any(|c| c.is_uppercase()) && !t.chars().any(|c| c.is_lowercase())
        }),
        "islower" => bool_test(&args, &|t| {
            t.chars().any(|c| c.is_lowercase()) && !t.chars().any(|c| c.is_uppercase())
        }),
        "istitle" => bool_test(&args, &|t| {
            !t.is_empty() && title_case(t) == t && t.chars().any(char::is_alphabetic)
        }),
        "isidentifier" => bool_test(&args, &|t| {
            let mut cs = t.chars();
            matches!(cs.next(), Some(c) if c == '_' || c.is_alphabetic())
                && cs.all(|c| c == '_' || c.is_alphanumeric())
        }),
        "center" | "ljust" | "rjust" => {
            arity(name, args.len(), 1, 2)?;
            let width = to_index(&args[0])?;
            let fill = fill_char(name, args.get(1))?;
            let align = match name {
                "ljust" => '<',
                "rjust" => '>',
                _ => '^',
            };
            Ok(Value::str(pad(st, width, fill, align)?))
        }
        "zfill" => {
            arity(name, args.len(), 1, 1)?;
            let width = to_index(&args[0])?;
            let n = s.char_len() as i64;
            if width <= n {
                return Ok(Value::Str(s.clone()));
            }
            let zeros = (width - n) as usize;
            let mut out = alloc::string_with_capacity(zeros.saturating_add(st.len()))?;
            let digits = match st.chars().next() {
                Some(c @ ('+' | '-')) => {
                    out.push(c);
                    &st[1..]
                }
                _ => st,
            };
            out.extend(std::iter::repeat_n('0', zeros));
            out.push_str(digits);
            Ok(Value::str(out))
        }
        "partition" | "rpartition" => {
            arity(name, args.len(), 1, 1)?;
            let sep = expect_str(&args[0], || {
                format!("must be str, not {}", type_name_static(&args[0]))
            })?;
            if sep.is_empty() {
                return Err(value_error("empty separator"));
            }
            let found = if name == "partition" {
                st.find(sep)
            } else {
                st.rfind(sep)
            };
            Ok(Value::tuple(match found {
                Some(i) => vec![
                    Value::str(&st[..i]),
                    Value::str(sep),
                    Value::str(&st[i + sep.len()..]),
                ],
                None if name == "partition" => {
                    vec![Value::Str(s.clone()), Value::str(""), Value::str("")]
                }
                None => vec![Value::str(""), Value::str(""), Value::Str(s.clone())],
            }))
        }
        "removeprefix" | "removesuffix" => {
            arity(name, args.len(), 1, 1)?;
            let a = expect_str(&args[0], || {
                format!(
                    "{}() argument must be str, not {}",
                    name,
                    type_name_static(&args[0])
                )
            })?;
            let r = if name == "removeprefix" {
                st.strip_prefix(a)
            } else {
                st.strip_suffix(a)
            };
            Ok(Value::str(r.unwrap_or(st)))
        }
        "splitlines" => {
            arity(name, args.len(), 0, 1)?;
            let keep = args.first().map(ops::truthy_value).unwrap_or(false);
            let mut out = Vec::new();
            let mut start = 0;
            let bytes: Vec<(usize, char)> = st.char_indices().collect();
            let mut i = 0;
            while i < bytes.len() {
                let (b, c) = bytes[i];
                if matches!(
                    c,
                    '\n' | '\r'
                        | '\x0b'
                        | '\x0c'
                        | '\x1c'
                        | '\x1d'
                        | '\x1e'
                        | '\u{85}'
                        | '\u{2028}'
                        | '\u{2029}'
                ) {
                    let mut end = b + c.len_utf8();
                    if c == '\r' && st[end..].starts_with('\n') {
                        end += 1;
                        i += 1;
                    }
                    out.push(Value::str(if keep {
                        &st[start..end]
                    } else {
                        &st[start..b]
                    }));
                    start = end;
                }
                i += 1;
            }
            if start < st.len() {
                out.push(Value::str(&st[start..]));
            }
            Ok(Value::list(out))
        }
        "expandtabs" => {
            arity(name, args.len(), 0, 1)?;
            // The tab size is a C int in CPython.
            let size = match args.first() {
                Some(v) => match to_index(v) {
                    Ok(n) if i32::try_from(n).is_ok() => n,
                    Ok(_) | Err(_) if matches!(v, Value::Int(_) | Value::BigInt(_)) => {
                        return Err(super::types::overflow_error(
                            "Python int too large to convert to C int",
                        ))
                    }
                    other => other?,
                },
                None => 8,
            };
            // CPython measures the result first, and allocates it once.
            let mut length = 0usize;
            let mut col = 0i64;
            for c in st.chars() {
                match c {
                    '\t' if size > 0 => {
                        let n = size - col % size;
                        length = length.checked_add(n as usize).ok_or_else(|| {
                            super::types::overflow_error("new string is too long")
                        })?;
                        col += n;
                    }
                    '\t' => {}
                    '\n' | '\r' => {
                        length += 1;
                        col = 0;
                    }
                    _ => {
                        length += c.len_utf8();
                        col += 1;
                    }
                }
            }
            let mut out = alloc::string_with_capacity(length)?;
            let mut col = 0i64;
            for c in st.chars() {
                match c {
                    '\t' => {
                        if size > 0 {
                            let n = size - col % size;
                            out.extend(std::iter::repeat_n(' ', n as usize));
                            col += n;
                        }
                    }
                    '\n' | '\r' => {
                        out.push(c);
                        col = 0;
                    }
                    _ => {
                        out.push(c);
                        col += 1;
                    }
                }
            }
            Ok(Value::str(out))
        }
        "encode" => {
            arity(name, args.len(), 0, 2)?;
            super::stdio::check_encodable(st)?;
            Ok(Value::Bytes(Rc::new(st.as_bytes().to_vec())))
        }
        _ => Err(super::ops::no_attribute_of(&Value::Str(s.clone()), name)),
    }
}

/// The generator protocol of a generator peel writes natively (`as_completed`'s): it has
/// no `try` around its `yield`, so `close()` and `throw()` simply end it.
fn native_generator_method(
    vm: &mut Vm,
    receiver: &Value,
    it: &Rc<super::value::PyIterator>,
    name: &str,
    args: Vec<Value>,
) -> PyResult<Value> {
    let n = args.len();
    let unstarted = matches!(
        &*it.state.borrow(),
        super::value::IterState::AsCompleted { start: Some(_), .. }
    );
    let step = |vm: &mut Vm| match ops::next(vm, receiver)? {
        Some(v) => Ok(v),
        None => Err(super::types::new_exception_with_args(
            super::types::exception_class("StopIteration"),
            Vec::new(),
        )),
    };
    match name {
        "__next__" => {
            arity(name, n, 0, 0)?;
            step(vm)
        }
        "__iter__" => {
            arity(name, n, 0, 0)?;
            Ok(receiver.clone())
        }
        "send" => {
            arity(name, n, 1, 1)?;
            if unstarted && !args[0].is_none() {
                return Err(type_error(
                    "can't send non-None value to a just-started generator",
                ));
            }
            step(vm)
        }
        "close" => {
            arity(name, n, 0, 0)?;
            *it.state.borrow_mut() = super::value::IterState::as_completed_finished();
            Ok(Value::None)
        }
        "throw" => {
            arity(name, n, 1, 3)?;
            let exc = vm.exception_to_throw(args)?;
            *it.state.borrow_mut() = super::value::IterState::as_completed_finished();
            Err(exc)
        }
        _ => Err(ops::no_attribute_of(receiver, name)),
    }
}

/// Arity errors of the str methods that take `(sub[, start[, end]])`.
fn varargs(name: &str, n: usize) -> PyResult<()> {
    if n == 0 {
        return Err(type_error(format!(
            "{}() takes at least 1 argument (0 given)",
            name
        )));
    }
    if n > 3 {
        return Err(type_error(format!(
            "{}() takes at most 3 arguments ({} given)",
            name, n
        )));
    }
    Ok(())
}

fn bool_or(check: PyResult<()>, f: impl FnOnce() -> Value) -> PyResult<Value> {
    check.map(|_| f())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::ops::test_support::*;

    #[test]
    fn methods_match_cpython() {
        let mut vm = vm();
        for (recv, name, args, kwargs, want) in method_cases() {
            let shown = ops::repr_value(&recv);
            let got = show(ops::call_method(&mut vm, &recv, name, args, kwargs));
            assert_eq!(got, want, "{}.{}(...)", shown, name);
        }
    }

    #[test]
    fn list_sort_is_stable_and_reports_cpythons_pair() {
        let mut vm = vm();
        let pairs = Value::list(
            (0..100)
                .map(|i| Value::tuple(vec![Value::Int(i % 3), Value::Int(i)]))
                .collect(),
        );
        let key = builtin("len");
        let _ = key;
        ops::call_method(&mut vm, &pairs, "sort", vec![], vec![]).unwrap();
        let Value::List(l) = &pairs else {
            unreachable!()
        };
        let items = l.items.borrow();
        assert!(items
            .windows(2)
            .all(|w| !ops::less_than(&mut vm, &w[1], &w[0]).unwrap()));
        drop(items);
        let mixed = Value::list(vec![Value::Int(1), Value::str("a")]);
        let err = ops::call_method(&mut vm, &mixed, "sort", vec![], vec![]).unwrap_err();
        assert_eq!(
            ops::exception_str_value(&err),
            "'<' not supported between instances of 'str' and 'int'"
        );
        assert_eq!(ops::repr_value(&mixed), "[1, 'a']");
    }

    #[test]
    fn dict_views_are_live() {
        let mut vm = vm();
        let d = dict(vec![(Value::str("a"), Value::Int(1))]);
        let keys = ops::call_method(&mut vm, &d, "keys", vec![], vec![]).unwrap();
        ops::set_item(&mut vm, &d, &Value::str("b"), Value::Int(2)).unwrap();
        assert_eq!(ops::repr_value(&keys), "dict_keys(['a', 'b'])");
        assert_eq!(ops::len(&keys).ok(), Some(2));
    }

    #[allow(clippy::type_complexity)]
    fn method_cases() -> Vec<(
        Value,
        &'static str,
        Vec<Value>,
        Vec<(Rc<PyStr>, Value)>,
        &'static str,
    )> {
        vec![
        (Value::str("a,b,,c"), "split", vec![Value::str(",")], vec![], "['a', 'b', '', 'c']"),
        (Value::str(" a  b c "), "split", vec![], vec![], "['a', 'b', 'c']"),
        (Value::str(" a  b c "), "split", vec![Value::None, Value::Int(1)], vec![], "['a', 'b c ']"),
        (Value::str(" a  b c "), "rsplit", vec![Value::None, Value::Int(1)], vec![], "[' a  b', 'c']"),
        (Value::str("a,b,c"), "rsplit", vec![Value::str(","), Value::Int(1)], vec![], "['a,b', 'c']"),
        (Value::str("a,b,c"), "split", vec![], vec![(Rc::new(PyStr::new("sep".to_string())), Value::str(",")), (Rc::new(PyStr::new("maxsplit".to_string())), Value::Int(1))], "['a', 'b,c']"),
        (Value::str("abc"), "split", vec![Value::str("")], vec![], "!ValueError: empty separator"),
        (Value::str("-"), "join", vec![Value::list(vec![Value::str("a"), Value::str("b")])], vec![], "'a-b'"),
        (Value::str("-"), "join", vec![Value::list(vec![Value::str("a"), Value::Int(1)])], vec![], "!TypeError: sequence item 1: expected str instance, int found"),
        (Value::str("  xx  "), "strip", vec![], vec![], "'xx'"),
        (Value::str("xxhixx"), "strip", vec![Value::str("x")], vec![], "'hi'"),
        (Value::str("xxhixx"), "lstrip", vec![Value::str("x")], vec![], "'hixx'"),
        (Value::str("xxhixx"), "rstrip", vec![Value::str("x")], vec![], "'xxhi'"),
        (Value::str("Hello World"), "upper", vec![], vec![], "'HELLO WORLD'"),
        (Value::str("Hello World"), "lower", vec![], vec![], "'hello world'"),
        (Value::str("hello wORLD it's"), "title", vec![], vec![], "\"Hello World It'S\""),
        (Value::str("hELLO"), "capitalize", vec![], vec![], "'Hello'"),
        (Value::str("aaa"), "replace", vec![Value::str("a"), Value::str("b")], vec![], "'bbb'"),
        (Value::str("aaa"), "replace", vec![Value::str("a"), Value::str("b"), Value::Int(2)], vec![], "'bba'"),
        (Value::str("hello"), "startswith", vec![Value::str("he")], vec![], "True"),
        (Value::str("hello"), "startswith", vec![Value::tuple(vec![Value::str("x"), Value::str("h")])], vec![], "True"),
        (Value::str("hello"), "endswith", vec![Value::str("lo")], vec![], "True"),
        (Value::str("hello"), "startswith", vec![Value::Int(1)], vec![], "!TypeError: startswith first arg must be str or a tuple of str, not int"),
        (Value::str("hello"), "find", vec![Value::str("l")], vec![], "2"),
        (Value::str("hello"), "rfind", vec![Value::str("l")], vec![], "3"),
        (Value::str("hello"), "find", vec![Value::str("z")], vec![], "-1"),
        (Value::str("hello"), "index", vec![Value::str("z")], vec![], "!ValueError: substring not found"),
        (Value::str("hello"), "index", vec![Value::str("l"), Value::Int(3)], vec![], "3"),
        (Value::str("hello"), "count", vec![Value::str("l")], vec![], "2"),
        (Value::str("h\u{00e9}llo"), "find", vec![Value::str("l")], vec![], "2"),
        (Value::str("123"), "isdigit", vec![], vec![], "True"),
        (Value::str("12a"), "isdigit", vec![], vec![], "False"),
        (Value::str("abc"), "isalpha", vec![], vec![], "True"),
        (Value::str(" \t"), "isspace", vec![], vec![], "True"),
        (Value::str("ABC"), "isupper", vec![], vec![], "True"),
        (Value::str("abc1"), "islower", vec![], vec![], "True"),
        (Value::str("ab1"), "isalnum", vec![], vec![], "True"),
        (Value::str(""), "isalpha", vec![], vec![], "False"),
        (Value::str("ab"), "center", vec![Value::Int(7)], vec![], "'   ab  '"),
        (Value::str("ab"), "center", vec![Value::Int(6), Value::str("*")], vec![], "'**ab**'"),
        (Value::str("abc"), "center", vec![Value::Int(6)], vec![], "' abc  '"),
        (Value::str("a"), "center", vec![Value::Int(4)], vec![], "' a  '"),
        (Value::str("ab"), "ljust", vec![Value::Int(5)], vec![], "'ab   '"),
        (Value::str("ab"), "rjust", vec![Value::Int(5), Value::str("0")], vec![], "'000ab'"),
        (Value::str("42"), "zfill", vec![Value::Int(5)], vec![], "'00042'"),
        (Value::str("-42"), "zfill", vec![Value::Int(5)], vec![], "'-0042'"),
        (Value::str("x"), "center", vec![Value::Int(5), Value::str("ab")], vec![], "!TypeError: The fill character must be exactly one character long"),
        (Value::str("{} {}"), "format", vec![Value::Int(1), Value::Int(2)], vec![], "'1 2'"),
        (Value::str("{0} {0}"), "format", vec![Value::str("a")], vec![], "'a a'"),
        (Value::str("{x}-{y!r}"), "format", vec![], vec![(Rc::new(PyStr::new("x".to_string())), Value::Int(1)), (Rc::new(PyStr::new("y".to_string())), Value::str("s"))], "\"1-'s'\""),
        (Value::str("{:>5}|{:.2f}"), "format", vec![Value::str("a"), Value::Float(f64::from_bits(0x400921f9f01b866e))], vec![], "'    a|3.14'"),
        (Value::str("{0}{}"), "format", vec![Value::Int(1), Value::Int(2)], vec![], "!ValueError: cannot switch from manual field specification to automatic field numbering"),
        (Value::str("{1}"), "format", vec![Value::Int(1)], vec![], "!IndexError: Replacement index 1 out of range for positional args tuple"),
        (Value::str("{a}"), "format", vec![], vec![], "!KeyError: 'a'"),
        (Value::str("}"), "format", vec![], vec![], "!ValueError: Single '}' encountered in format string"),
        (Value::str("{"), "format", vec![], vec![], "!ValueError: Single '{' encountered in format string"),
        (Value::str("{{}}{}"), "format", vec![Value::Int(5)], vec![], "'{}5'"),
        (Value::str("{0[1]}"), "format", vec![Value::list(vec![Value::Int(4), Value::Int(5)])], vec![], "'5'"),
        (Value::str("{:{}}"), "format", vec![Value::Int(3), Value::Int(5)], vec![], "'    3'"),
        (Value::str("{!x}"), "format", vec![Value::Int(1)], vec![], "!ValueError: Unknown conversion specifier x"),
        (Value::str("{0"), "format", vec![Value::Int(1)], vec![], "!ValueError: expected '}' before end of string"),
        (Value::str("a=b=c"), "partition", vec![Value::str("=")], vec![], "('a', '=', 'b=c')"),
        (Value::str("a=b=c"), "rpartition", vec![Value::str("=")], vec![], "('a=b', '=', 'c')"),
        (Value::str("abc"), "partition", vec![Value::str("x")], vec![], "('abc', '', '')"),
        (Value::str("ab\ncd\r\nef"), "splitlines", vec![], vec![], "['ab', 'cd', 'ef']"),
        (Value::str("prefix_x"), "removeprefix", vec![Value::str("prefix_")], vec![], "'x'"),
        (Value::list(vec![Value::Int(3), Value::Int(1), Value::Int(2)]), "index", vec![Value::Int(3)], vec![], "0"),
        (Value::list(vec![Value::Int(1)]), "index", vec![Value::Int(3)], vec![], "!ValueError: 3 is not in list"),
        (Value::tuple(vec![Value::Int(1), Value::Int(2)]), "index", vec![Value::Int(3)], vec![], "!ValueError: tuple.index(x): x not in tuple"),
        (Value::list(vec![Value::Int(1), Value::Int(2), Value::Int(1)]), "count", vec![Value::Int(1)], vec![], "2"),
        (Value::list(vec![]), "pop", vec![], vec![], "!IndexError: pop from empty list"),
        (Value::list(vec![Value::Int(1), Value::Int(2), Value::Int(3)]), "pop", vec![Value::Int(0)], vec![], "1"),
        (Value::list(vec![Value::Int(1)]), "pop", vec![Value::Int(5)], vec![], "!IndexError: pop index out of range"),
        (Value::list(vec![Value::Int(1)]), "remove", vec![Value::Int(2)], vec![], "!ValueError: list.remove(x): x not in list"),
        (Value::list(vec![Value::Int(1), Value::Int(2)]), "insert", vec![Value::Int(-1), Value::Int(9)], vec![], "None"),
        (Value::list(vec![Value::Int(1)]), "insert", vec![], vec![], "!TypeError: insert expected 2 arguments, got 0"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "get", vec![Value::str("a")], vec![], "1"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "get", vec![Value::str("b")], vec![], "None"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "get", vec![Value::str("b"), Value::Int(0)], vec![], "0"),
        (dict(vec![]), "get", vec![], vec![], "!TypeError: get expected at least 1 argument, got 0"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "pop", vec![Value::str("b")], vec![], "!KeyError: 'b'"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "pop", vec![Value::str("b"), Value::Int(5)], vec![], "5"),
        (dict(vec![]), "popitem", vec![], vec![], "!KeyError: 'popitem(): dictionary is empty'"),
        (dict(vec![(Value::str("a"), Value::Int(1)), (Value::str("b"), Value::Int(2))]), "popitem", vec![], vec![], "('b', 2)"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "keys", vec![], vec![], "dict_keys(['a'])"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "values", vec![], vec![], "dict_values([1])"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "items", vec![], vec![], "dict_items([('a', 1)])"),
        (dict(vec![(Value::str("a"), Value::Int(1))]), "setdefault", vec![Value::str("b"), Value::list(vec![])], vec![], "[]"),
        (set(vec![Value::Int(1), Value::Int(2)]), "union", vec![Value::list(vec![Value::Int(3)])], vec![], "{1, 2, 3}"),
        (set(vec![Value::Int(1), Value::Int(2)]), "intersection", vec![Value::list(vec![Value::Int(2), Value::Int(3)])], vec![], "{2}"),
        (set(vec![Value::Int(1), Value::Int(2)]), "difference", vec![Value::list(vec![Value::Int(2)])], vec![], "{1}"),
        (set(vec![Value::Int(1), Value::Int(2)]), "symmetric_difference", vec![Value::list(vec![Value::Int(2), Value::Int(3)])], vec![], "{1, 3}"),
        (set(vec![Value::Int(1), Value::Int(2)]), "issubset", vec![Value::list(vec![Value::Int(1), Value::Int(2), Value::Int(3)])], vec![], "True"),
        (set(vec![Value::Int(1), Value::Int(2)]), "issuperset", vec![Value::list(vec![Value::Int(1)])], vec![], "True"),
        (set(vec![]), "pop", vec![], vec![], "!KeyError: 'pop from an empty set'"),
        (set(vec![Value::Int(1)]), "remove", vec![Value::Int(2)], vec![], "!KeyError: 2"),
        (Value::tuple(vec![Value::Int(1), Value::Int(2), Value::Int(1)]), "count", vec![Value::Int(1)], vec![], "2"),
        (range(0, 10, 2), "index", vec![Value::Int(4)], vec![], "2"),
        (Value::Int(5), "bit_length", vec![], vec![], "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "is_integer", vec![], vec![], "True"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "as_integer_ratio", vec![], vec![], "(1, 2)"),
        (Value::list(vec![Value::Int(1)]), "foo", vec![], vec![], "!AttributeError: 'list' object has no attribute 'foo'"),
    ]
    }
}
