//! Classes the program defines: how a `class` statement makes a type object, and how its
//! instances behave.
//!
//! A class is a type object like `int` or `ValueError` (`PyType`), with what a builtin
//! class lacks: its bases, its method resolution order (C3, as CPython computes it) and a
//! namespace, the dict its body filled. Everything an instance does goes through that
//! type: `obj.x` looks in the instance's own dict and along the MRO; `a + b` looks for
//! `__add__` (then `b`'s `__radd__`); `len(obj)` for `__len__`; `for x in obj` for
//! `__iter__`... the way CPython's type slots dispatch. A builtin class in the MRO
//! (`object`, `Exception`) answers with its native methods (`object.__init__`,
//! `BaseException.__str__`), so `super().__init__(message)` reaches them too.
//!
//! The pieces, in the order a program meets them:
//! - [`build_class`] is the builtin `__build_class__` the CFG calls for a `class`
//!   statement: it runs the class body (a function of its own) on a fresh namespace,
//!   computes the MRO and makes the type.
//! - [`call_class`] is `C(...)`: `__new__`, then `__init__`.
//! - [`get_attribute`], [`set_attribute`], [`del_attribute`]: attribute access on
//!   instances, with descriptors (`property`, `staticmethod`, `classmethod`, and functions,
//!   which bind to the instance as methods).
//! - [`call_special`]: calls a dunder method of a value's class, if the class defines one;
//!   `ops` tries it where a builtin type would have its native behaviour.

use std::rc::Rc;

use super::types::{self, attribute_error, type_error};
use super::value::{
    str_hash, BuiltinFunction, ClassInfo, Descriptor, PyDict, PyInstance, PyMethod, PyResult,
    PyStr, PySuper, PyType, TypeKind, Value,
};
use super::Vm;

type Kwargs = Vec<(Rc<PyStr>, Value)>;

// ---------------------------------------------------------------------------------------
// Type objects and their MRO

/// The class a value's behaviour comes from, when the program defined it: an instance's
/// class, or an exception's when it is an exception class of the program's.
pub fn user_class(v: &Value) -> Option<&Rc<PyType>> {
    match v {
        Value::Instance(i) => Some(&i.class),
        Value::Exception(e) if e.class.class.is_some() => Some(&e.class),
        _ => None,
    }
}

/// `t.__mro__`: the class itself, then the classes after it.
pub fn mro(t: &Rc<PyType>) -> Vec<Rc<PyType>> {
    let mut out = vec![t.clone()];
    match &t.class {
        Some(info) => out.extend(info.mro.iter().cloned()),
        None => {
            let mut c = t.base.clone();
            while let Some(x) = c {
                c = x.base.clone();
                out.push(x);
            }
        }
    }
    out
}

/// `issubclass(sub, sup)` along the MRO.
pub fn is_subclass(sub: &Rc<PyType>, sup: &Rc<PyType>) -> bool {
    if Rc::ptr_eq(sub, sup) {
        return true;
    }
    match &sub.class {
        Some(info) => info.mro.iter().any(|c| Rc::ptr_eq(c, sup)),
        None => {
            let mut t = sub.base.as_ref();
            while let Some(c) = t {
                if Rc::ptr_eq(c, sup) {
                    return true;
                }
                t = c.base.as_ref();
            }
            false
        }
    }
}

/// An attribute of a class or of one of the classes in its MRO, as stored there (not yet
/// bound): the namespace of a class of the program's, or a native method of a builtin one.
pub fn lookup(t: &Rc<PyType>, name: &str) -> Option<Value> {
    lookup_hashed(t, name, str_hash(name))
}

/// `lookup` with the name's `str_hash` known: one hash for the whole MRO (and the
/// instance's dict after it).
pub fn lookup_hashed(t: &Rc<PyType>, name: &str, hash: i64) -> Option<Value> {
    if let Some(info) = &t.class {
        if let Some(v) = info.dict.get_str_hashed(name, hash) {
            return Some(v);
        }
        for c in &info.mro {
            if let Some(v) = class_own(c, name, hash) {
                return Some(v);
            }
        }
        return None;
    }
    class_own(t, name, hash)
}

/// What one class (not its bases) holds under `name`.
fn class_own(c: &Rc<PyType>, name: &str, hash: i64) -> Option<Value> {
    match &c.class {
        Some(info) => info.dict.get_str_hashed(name, hash),
        None => native_method(c, name),
    }
}

/// The attributes of the class after `after` in `start`'s MRO (what `super()` searches).
fn lookup_after(start: &Rc<PyType>, after: &Rc<PyType>, name: &str) -> Option<Value> {
    let order = mro(start);
    let at = order.iter().position(|c| Rc::ptr_eq(c, after))?;
    let hash = str_hash(name);
    order[at + 1..]
        .iter()
        .find_map(|c| class_own(c, name, hash))
}

/// The special method names whose presence a class keeps as bits (`ClassInfo::slots`),
/// in bit order; the bit after them says "holds a data descriptor".
pub const SLOTS: &[&str] = &[
    "__setattr__",
    "__getattr__",
    "__delattr__",
    "__getattribute__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__hash__",
    "__bool__",
    "__len__",
    "__iter__",
    "__next__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__call__",
    "__repr__",
    "__str__",
    "__format__",
    "__await__",
    "__aiter__",
    "__anext__",
    "__get__",
    "__set__",
    "__delete__",
    "__set_name__",
    "__index__",
    "__neg__",
    "__pos__",
    "__invert__",
    "__abs__",
    "__enter__",
    "__exit__",
    "__aenter__",
    "__aexit__",
    "__del__",
];

/// The slot bit of `__del__`: an instance of a class without it just goes away.
pub const DEL_BIT: u64 = 1 << (SLOTS.len() - 1);
const DATA_DESCRIPTOR_BIT: u64 = 1 << 63;

/// The bit of a special method name, if it has one.
fn slot_bit(name: &str) -> Option<u64> {
    if !name.starts_with("__") {
        return None;
    }
    SLOTS.iter().position(|s| *s == name).map(|i| 1 << i)
}

/// The slot bits of a class from the namespaces along its MRO.
fn compute_slots(t: &Rc<PyType>) -> u64 {
    let mut bits = 0;
    for c in mro(t) {
        let Some(info) = &c.class else { continue };
        for (k, v) in info.dict.pairs() {
            if let Value::Str(k) = &k {
                bits |= slot_bit(&k.s).unwrap_or(0);
            }
            if is_data_descriptor(&v) {
                bits |= DATA_DESCRIPTOR_BIT;
            }
        }
    }
    bits
}

/// Recomputes the slots of `t` and of every class deriving from it (a namespace of
/// theirs changed, or `t` was just made), with a work list: a chain of subclasses can be
/// as long as the program makes it.
pub fn update_slots(t: &Rc<PyType>) {
    let mut todo = vec![t.clone()];
    while let Some(c) = todo.pop() {
        let Some(info) = &c.class else { continue };
        info.slots.set(compute_slots(&c));
        info.version.set(info.version.get() + 1);
        todo.extend(
            info.subclasses
                .borrow()
                .iter()
                .filter_map(std::rc::Weak::upgrade),
        );
    }
}

/// Whether a class of the program's has no data descriptor anywhere in its MRO (so an
/// instance's own dict may be read before the class).
fn no_data_descriptors(t: &PyType) -> bool {
    t.class
        .as_ref()
        .is_some_and(|i| i.slots.get() & DATA_DESCRIPTOR_BIT == 0)
}

/// A dunder method the program defined for `v`'s class (`None` for builtin behaviour).
pub fn find_special(v: &Value, name: &str) -> Option<Value> {
    find_special_in(user_class(v)?, name)
}

/// `find_special` for instances of `class`.
pub fn find_special_in(class: &Rc<PyType>, name: &str) -> Option<Value> {
    if let (Some(info), Some(bit)) = (&class.class, slot_bit(name)) {
        if info.slots.get() & bit == 0 {
            return None;
        }
    }
    let found = lookup(class, name)?;
    // The natives of `object` and `BaseException` are the builtin behaviour itself.
    match found {
        f if is_native(&f) => None,
        f => Some(f),
    }
}

/// Has `v`'s class set the special method `name` to None (`__iter__ = None`), which
/// says the operation is not supported?
pub fn disabled(v: &Value, name: &str) -> bool {
    user_class(v).is_some_and(|c| matches!(lookup(c, name), Some(Value::None)))
}

/// Calls `v.name(*args)` when `v`'s class defines `name`; `Ok(None)` when it does not.
pub fn call_special(
    vm: &mut Vm,
    v: &Value,
    name: &str,
    args: Vec<Value>,
) -> PyResult<Option<Value>> {
    let Some(f) = find_special(v, name) else {
        return Ok(None);
    };
    let class = user_class(v).cloned();
    let bound = bind(vm, f, Some(v), class.as_ref())?;
    vm.call(&bound, args, Vec::new()).map(Some)
}

/// C3 linearization of `bases` (each with its own MRO), CPython's `mro_implementation`.
fn c3(bases: &[Rc<PyType>]) -> PyResult<Vec<Rc<PyType>>> {
    let mut seqs: Vec<Vec<Rc<PyType>>> = bases.iter().map(mro).collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<PyType>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs.iter().map(|s| s[0].clone()).find(|c| {
            seqs.iter()
                .all(|s| !s[1..].iter().any(|x| Rc::ptr_eq(x, c)))
        });
        let Some(next) = candidate else {
            // CPython names the bases still in conflict, in the order they were given.
            let mut names: Vec<&str> = Vec::new();
            for s in &seqs {
                let n = s[0].name;
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            return Err(type_error(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &next) {
                s.remove(0);
            }
        }
        out.push(next);
    }
}

/// Whether instances of the builtin class `t` can be made by a class of the program's:
/// `object` and the exception classes (peel's instances are dicts of attributes, and
/// exceptions exceptions; a subclass of `int` or `list` would need the builtin's data).
fn can_subclass(t: &Rc<PyType>) -> bool {
    t.class.is_some() || matches!(t.kind, TypeKind::Object | TypeKind::Exception)
}

/// The builtin `__build_class__(body, name, *bases, **keywords)`: what a `class`
/// statement runs.
pub fn build_class(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut args = args.into_iter();
    let (Some(Value::Function(body)), Some(Value::Str(name))) = (args.next(), args.next()) else {
        return Err(type_error("__build_class__: func must be a function"));
    };
    let mut bases: Vec<Rc<PyType>> = Vec::new();
    for b in args {
        match b {
            Value::Type(t) if can_subclass(&t) => bases.push(t),
            Value::Type(t) => {
                return Err(type_error(format!(
                    "peel does not support subclassing the builtin class '{}'",
                    t.name
                )))
            }
            other => {
                return Err(type_error(format!(
                    "bases must be types, not '{}'",
                    super::ops::type_name(&other)
                )))
            }
        }
    }
    for (i, b) in bases.iter().enumerate() {
        if bases[..i].iter().any(|o| Rc::ptr_eq(o, b)) {
            return Err(type_error(format!("duplicate base class {}", b.name)));
        }
    }
    let mut init_kwargs = Vec::new();
    for (k, v) in kwargs {
        if &*k.s == "metaclass" {
            match &v {
                Value::Type(t) if t.kind == TypeKind::Type && t.class.is_none() => continue,
                _ => {
                    return Err(type_error(
                        "peel does not support metaclasses other than type",
                    ))
                }
            }
        }
        init_kwargs.push((k, v));
    }
    let object = types::builtin_type(TypeKind::Object);
    let mro_after = if bases.is_empty() {
        vec![object.clone()]
    } else {
        c3(&bases)?
    };
    let exception = bases.iter().any(|b| b.kind == TypeKind::Exception);
    let ns = Rc::new(PyDict::new());
    let cell = vm.call_function(&body, vec![Value::Dict(ns.clone())], Vec::new())?;
    let qualname = match ns.remove_str("__qualname__") {
        Some(Value::Str(q)) => q.s.clone(),
        Some(other) => {
            return Err(type_error(format!(
                "type __qualname__ must be a str, not {}",
                super::ops::type_name(&other)
            )))
        }
        None => name.s.clone(),
    };
    let module = match ns.get_str("__module__") {
        Some(Value::Str(m)) => m.s.clone(),
        _ => "builtins".to_string(),
    };
    ns.remove_str("__classcell__");
    // What CPython adds after the body's names: `__dict__` and `__weakref__` where no
    // base gives them (and no `__slots__` leaves them out), then `__doc__`, then the
    // `__hash__` that `__eq__` alone implies.
    let slots = ns.get_str("__slots__");
    let slot_names: Vec<Rc<PyStr>> = match &slots {
        None => Vec::new(),
        Some(Value::Str(s)) => vec![s.clone()],
        Some(s) => {
            let mut names = Vec::new();
            for v in super::ops::collect(vm, s)? {
                match v {
                    Value::Str(n) => names.push(n),
                    other => {
                        return Err(type_error(format!(
                            "__slots__ items must be strings, not '{}'",
                            super::ops::type_name(&other)
                        )))
                    }
                }
            }
            names
        }
    };
    let in_slots = |n: &str| slot_names.iter().any(|s| s.s == n);
    let owner: Rc<str> = Rc::from(name.s.as_str());
    // Each slot is a member descriptor in the namespace (after the body's names).
    for slot in &slot_names {
        if matches!(slot.s.as_str(), "__dict__" | "__weakref__") {
            continue;
        }
        if ns.get_str(&slot.s).is_some() {
            return Err(super::exc(
                "ValueError",
                format!("'{}' in __slots__ conflicts with class variable", slot.s),
            ));
        }
        let d = Descriptor::Member {
            name: Rc::from(slot.s.as_str()),
            owner: owner.clone(),
        };
        ns.set_str(slot.clone(), Value::Descriptor(Rc::new(d)));
    }
    let base_gives = |attr: &str| {
        bases.iter().any(|b| {
            lookup(b, attr).is_some() || (attr == "__dict__" && b.kind == TypeKind::Exception)
        })
    };
    let has_dict = slots.is_none() || in_slots("__dict__") || base_gives("__dict__");
    for attr in ["__dict__", "__weakref__"] {
        if !base_gives(attr) && (slots.is_none() || in_slots(attr)) && ns.get_str(attr).is_none() {
            let d = Descriptor::Attribute {
                name: attr,
                owner: owner.clone(),
            };
            ns.set_str(
                Rc::new(PyStr::new(attr.into())),
                Value::Descriptor(Rc::new(d)),
            );
        }
    }
    if ns.get_str("__doc__").is_none() {
        ns.set_str(Rc::new(PyStr::new("__doc__".into())), Value::None);
    }
    // A class that defines `__eq__` and not `__hash__` makes its instances unhashable.
    if ns.get_str("__eq__").is_some() && ns.get_str("__hash__").is_none() {
        ns.set_str(Rc::new(PyStr::new("__hash__".into())), Value::None);
    }
    // `__new__`, `__init_subclass__` and `__class_getitem__` are static/class methods
    // without being declared so (CPython wraps them as the type is made).
    for implicit in ["__init_subclass__", "__class_getitem__"] {
        if let Some(f @ Value::Function(_)) = ns.get_str(implicit) {
            ns.set_str(
                Rc::new(PyStr::new(implicit.into())),
                Value::Descriptor(Rc::new(Descriptor::ClassMethod(f))),
            );
        }
    }
    if let Some(f @ Value::Function(_)) = ns.get_str("__new__") {
        ns.set_str(
            Rc::new(PyStr::new("__new__".into())),
            Value::Descriptor(Rc::new(Descriptor::StaticMethod(f))),
        );
    }
    let t = Rc::new(PyType {
        name: types::intern(&name.s),
        base: Some(bases.first().cloned().unwrap_or(object)),
        kind: if exception {
            TypeKind::Exception
        } else {
            TypeKind::Object
        },
        class: Some(Box::new(ClassInfo {
            qualname,
            module,
            bases: bases.clone(),
            mro: mro_after,
            dict: ns.clone(),
            slots: std::cell::Cell::new(0),
            subclasses: std::cell::RefCell::new(Vec::new()),
            version: std::cell::Cell::new(0),
            has_dict,
        })),
    });
    for b in &bases {
        if let Some(info) = &b.class {
            info.subclasses.borrow_mut().push(Rc::downgrade(&t));
        }
    }
    update_slots(&t);
    let class = Value::Type(t.clone());
    if let Value::Cell(c) = &cell {
        *c.borrow_mut() = Some(class.clone());
    }
    // `__set_name__` of each attribute that has one, in namespace order.
    for (k, v) in ns.pairs() {
        if let Some(f) = find_special(&v, "__set_name__") {
            let bound = bind(vm, f, Some(&v), user_class(&v).cloned().as_ref())?;
            let attr = match &k {
                Value::Str(s) => s.s.clone(),
                _ => String::new(),
            };
            if let Err(e) = vm.call(&bound, vec![class.clone(), k], Vec::new()) {
                // CPython 3.11 wraps the error in a RuntimeError that names the place.
                let err = types::runtime_error(format!(
                    "Error calling __set_name__ on '{}' instance '{attr}' in '{}'",
                    super::ops::type_name(&v),
                    t.name
                ));
                *err.cause.borrow_mut() = Some(Value::Exception(e.clone()));
                *err.context.borrow_mut() = Some(Value::Exception(e));
                err.suppress_context.set(true);
                return Err(err);
            }
        }
    }
    // The parent's `__init_subclass__`, with the class statement's keywords.
    match lookup_after(&t, &t, "__init_subclass__") {
        Some(f @ Value::Descriptor(_)) | Some(f @ Value::Function(_)) => {
            let bound = bind(vm, f, None, Some(&t))?;
            vm.call(&bound, Vec::new(), init_kwargs)?;
        }
        _ if !init_kwargs.is_empty() => {
            return Err(type_error(format!(
                "{}.__init_subclass__() takes no keyword arguments",
                t.name
            )))
        }
        _ => {}
    }
    Ok(class)
}

// ---------------------------------------------------------------------------------------
// Making instances

/// `C(*args, **kwargs)` for a class of the program's: `__new__`, then `__init__` if
/// `__new__` made an instance of `C`.
pub fn call_class(
    vm: &mut Vm,
    t: &Rc<PyType>,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    let new = lookup(t, "__new__").filter(|v| !is_native(v));
    let init = lookup(t, "__init__").filter(|v| !is_native(v));
    let obj = match &new {
        Some(f) => {
            let f = unwrap_static(f);
            let mut new_args = Vec::with_capacity(args.len() + 1);
            new_args.push(Value::Type(t.clone()));
            new_args.extend(args.iter().cloned());
            vm.call(&f, new_args, kwargs.clone())?
        }
        None => {
            if init.is_none() && (!args.is_empty() || !kwargs.is_empty()) {
                if t.kind == TypeKind::Exception {
                    if !kwargs.is_empty() {
                        return Err(type_error(format!(
                            "{}() takes no keyword arguments",
                            t.name
                        )));
                    }
                } else {
                    return Err(type_error(format!("{}() takes no arguments", t.name)));
                }
            }
            new_object(t, args.clone())
        }
    };
    let is_instance = match user_class(&obj) {
        Some(c) => is_subclass(c, t),
        None => false,
    };
    if is_instance {
        if let Some(init) = init {
            let bound = bind(vm, init, Some(&obj), Some(t))?;
            let r = vm.call(&bound, args, kwargs)?;
            if !r.is_none() {
                return Err(type_error(format!(
                    "__init__() should return None, not '{}'",
                    super::ops::type_name(&r)
                )));
            }
        }
    }
    Ok(obj)
}

/// `object.__new__(t)` (or `BaseException.__new__(t, *args)` for an exception class).
fn new_object(t: &Rc<PyType>, args: Vec<Value>) -> Value {
    if t.kind == TypeKind::Exception {
        Value::Exception(types::new_exception_with_args(t.clone(), args))
    } else {
        Value::Instance(Rc::new(PyInstance::new(t.clone(), Rc::new(PyDict::new()))))
    }
}

fn unwrap_static(f: &Value) -> Value {
    match f {
        Value::Descriptor(d) => match &**d {
            Descriptor::StaticMethod(f) => f.clone(),
            _ => f.clone(),
        },
        _ => f.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Attributes

/// What looking `attr` (found on `owner` or its MRO) up gives: a function binds to the
/// instance, a classmethod to the class, a staticmethod gives its function, a property
/// calls its getter (`obj` is `None` when the lookup is on the class itself).
pub fn bind(
    vm: &mut Vm,
    attr: Value,
    obj: Option<&Value>,
    owner: Option<&Rc<PyType>>,
) -> PyResult<Value> {
    match &attr {
        Value::Function(_) => match obj {
            Some(o) => Ok(method(attr, o.clone())),
            None => Ok(attr),
        },
        Value::Builtin(b) if b.method => match obj {
            Some(o) => Ok(method(attr, o.clone())),
            None => Ok(attr),
        },
        Value::Descriptor(d) => match &**d {
            Descriptor::StaticMethod(f) => Ok(f.clone()),
            Descriptor::ClassMethod(f) => {
                let class = match (owner, obj) {
                    (Some(t), _) => Value::Type(t.clone()),
                    (None, Some(o)) => Value::Type(super::ops::type_of(o)),
                    (None, None) => Value::None,
                };
                Ok(method(f.clone(), class))
            }
            Descriptor::Member { name, owner } => match obj {
                None => Ok(attr.clone()),
                Some(o) => match member_of(o, name) {
                    Some(v) => Ok(v),
                    None => Err(attribute_error(format!(
                        "'{owner}' object has no attribute '{name}'"
                    ))),
                },
            },
            Descriptor::Attribute { name, .. } => match obj {
                None => Ok(attr.clone()),
                Some(o) if *name == "__dict__" => {
                    Ok(own_dict(o).map(Value::Dict).unwrap_or_default())
                }
                Some(_) => Ok(Value::None),
            },
            Descriptor::Property { fget, .. } => match obj {
                None => Ok(attr.clone()),
                Some(o) => {
                    if fget.is_none() {
                        return Err(attribute_error("property has no getter"));
                    }
                    let fget = fget.clone();
                    vm.call(&fget, vec![o.clone()], Vec::new())
                }
            },
        },
        _ => match (find_special(&attr, "__get__"), obj) {
            (Some(get), Some(o)) => {
                let bound = bind(vm, get, Some(&attr), user_class(&attr).cloned().as_ref())?;
                let owner = owner.cloned().map(Value::Type).unwrap_or_default();
                vm.call(&bound, vec![o.clone(), owner], Vec::new())
            }
            // Read through the class (`C.attr`): `__get__(None, C)`.
            (Some(get), None) if owner.is_some() => {
                let bound = bind(vm, get, Some(&attr), user_class(&attr).cloned().as_ref())?;
                let owner = owner.cloned().map(Value::Type).unwrap_or_default();
                vm.call(&bound, vec![Value::None, owner], Vec::new())
            }
            _ => Ok(attr),
        },
    }
}

fn method(func: Value, receiver: Value) -> Value {
    Value::Method(Rc::new(PyMethod { func, receiver }))
}

/// The instance dict of an instance or of an exception of a program's class.
fn own_dict(obj: &Value) -> Option<Rc<PyDict>> {
    match obj {
        Value::Instance(i) => Some(i.dict.clone()),
        Value::Exception(e) => e.dict.borrow().clone(),
        _ => None,
    }
}

pub fn is_data_descriptor(v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Int(_) | Value::Str(_) | Value::None => false,
        Value::Descriptor(d) => {
            matches!(
                &**d,
                Descriptor::Property { .. } | Descriptor::Member { .. }
            )
        }
        other => {
            find_special(other, "__set__").is_some() || find_special(other, "__delete__").is_some()
        }
    }
}

/// `obj.name` for an instance of a class of the program's (`Ok(None)`: no such
/// attribute, for the caller to report, or to try `__getattr__`).
pub fn get_attribute(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    let Some(class) = user_class(obj) else {
        return Ok(None);
    };
    if name == "__dict__" && has_dict(class) {
        match obj {
            Value::Instance(i) => return Ok(Some(Value::Dict(i.dict.clone()))),
            Value::Exception(e) => return Ok(Some(Value::Dict(e.attributes()))),
            _ => {}
        }
    }
    let hash = str_hash(name);
    // Without data descriptors, the instance's own attribute wins without looking at the
    // class (what CPython's lookup order gives then).
    if no_data_descriptors(class) {
        if let Value::Instance(i) = obj {
            if let Some(v) = i.dict.get_str_hashed(name, hash) {
                return Ok(Some(v));
            }
        }
    }
    let found = lookup_hashed(class, name, hash);
    if let Some(attr) = &found {
        if let Value::Descriptor(d) = attr {
            if let Descriptor::Property {
                fget: Value::None, ..
            } = &**d
            {
                return Err(attribute_error(format!(
                    "property '{name}' of '{}' object has no getter",
                    class_qualname(class)
                )));
            }
        }
        // A data descriptor comes before the instance's dict when it can be read (a
        // property, or a `__get__`); one with only `__set__` gives way to the dict.
        if is_data_descriptor(attr)
            && (matches!(attr, Value::Descriptor(_)) || find_special(attr, "__get__").is_some())
        {
            return bind(vm, attr.clone(), Some(obj), Some(class)).map(Some);
        }
    }
    let own = match obj {
        Value::Instance(i) => i.dict.get_str_hashed(name, hash),
        Value::Exception(e) => e
            .dict
            .borrow()
            .as_ref()
            .and_then(|d| d.get_str_hashed(name, hash)),
        _ => None,
    };
    if own.is_some() {
        return Ok(own);
    }
    match found {
        Some(attr) => bind(vm, attr, Some(obj), Some(class)).map(Some),
        None => Ok(None),
    }
}

/// `__getattr__`, which Python calls when normal lookup fails.
pub fn get_attr_fallback(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    call_special(vm, obj, "__getattr__", vec![Value::str(name)])
}

/// `obj.name = value` on an instance (or exception) of a class of the program's.
pub fn set_attribute(vm: &mut Vm, obj: &Value, name: &str, value: Value) -> PyResult<bool> {
    let Some(class) = user_class(obj).cloned() else {
        return Ok(false);
    };
    if let Some(f) = find_special(obj, "__setattr__") {
        let bound = bind(vm, f, Some(obj), Some(&class))?;
        vm.call(&bound, vec![Value::str(name), value], Vec::new())?;
        return Ok(true);
    }
    generic_setattr(vm, obj, &class, name, value)?;
    Ok(true)
}

/// `object.__setattr__`: a property's setter, or the instance dict.
fn generic_setattr(
    vm: &mut Vm,
    obj: &Value,
    class: &Rc<PyType>,
    name: &str,
    value: Value,
) -> PyResult<()> {
    let attr = match no_data_descriptors(class) {
        true => None,
        false => lookup(class, name),
    };
    if let Some(attr) = &attr {
        if let Value::Descriptor(d) = attr {
            if let Descriptor::Property { fset, .. } = &**d {
                if fset.is_none() {
                    return Err(attribute_error(format!(
                        "property '{name}' of '{}' object has no setter",
                        class_qualname(class)
                    )));
                }
                let fset = fset.clone();
                vm.call(&fset, vec![obj.clone(), value], Vec::new())?;
                return Ok(());
            }
        } else if let Some(set) = find_special(attr, "__set__") {
            let bound = bind(vm, set, Some(attr), user_class(attr).cloned().as_ref())?;
            vm.call(&bound, vec![obj.clone(), value], Vec::new())?;
            return Ok(());
        }
    }
    if let (Some(slot), Value::Instance(i)) = (member_name(&attr), obj) {
        i.set_member(slot, value);
        return Ok(());
    }
    // Without a `__dict__`, an instance holds only its slots.
    if member_name(&attr).is_none() && !has_dict(class) {
        return Err(attribute_error(format!(
            "'{}' object has no attribute '{name}'",
            class.name
        )));
    }
    match obj {
        Value::Instance(i) => i.dict.set_str_text(name, value),
        Value::Exception(e) => e.attributes().set_str_text(name, value),
        _ => {}
    }
    Ok(())
}

/// `del obj.name` on an instance of a class of the program's.
pub fn del_attribute(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<bool> {
    let Some(class) = user_class(obj).cloned() else {
        return Ok(false);
    };
    if let Some(f) = find_special(obj, "__delattr__") {
        let bound = bind(vm, f, Some(obj), Some(&class))?;
        vm.call(&bound, vec![Value::str(name)], Vec::new())?;
        return Ok(true);
    }
    generic_delattr(vm, obj, &class, name)?;
    Ok(true)
}

/// `object.__delattr__`: a property's deleter, a descriptor's `__delete__`, or the
/// instance dict.
fn generic_delattr(vm: &mut Vm, obj: &Value, class: &Rc<PyType>, name: &str) -> PyResult<()> {
    let attr = lookup(class, name);
    if let Some(Value::Descriptor(d)) = &attr {
        if let Descriptor::Property { fdel, .. } = &**d {
            if fdel.is_none() {
                return Err(attribute_error(format!(
                    "property '{name}' of '{}' object has no deleter",
                    class_qualname(class)
                )));
            }
            let fdel = fdel.clone();
            vm.call(&fdel, vec![obj.clone()], Vec::new())?;
            return Ok(());
        }
    }
    if let Some(attr) = &attr {
        if let Some(delete) = find_special(attr, "__delete__") {
            let bound = bind(vm, delete, Some(attr), user_class(attr).cloned().as_ref())?;
            vm.call(&bound, vec![obj.clone()], Vec::new())?;
            return Ok(());
        }
    }
    let member = member_name(&attr);
    let removed = match (member, obj) {
        (Some(slot), Value::Instance(i)) => i.take_member(slot),
        (None, _) if !has_dict(class) => None,
        _ => own_dict(obj).and_then(|d| d.remove_str(name)),
    };
    let member = member.is_some();
    if removed.is_none() {
        // An empty slot's deletion names just the slot, as CPython's member descriptor.
        return Err(attribute_error(match member {
            true => name.to_string(),
            false => format!("'{}' object has no attribute '{name}'", class.name),
        }));
    }
    Ok(())
}

/// The slot name of a member descriptor (`Descriptor::Member`).
fn member_name(attr: &Option<Value>) -> Option<&Rc<str>> {
    match attr {
        Some(Value::Descriptor(d)) => match &**d {
            Descriptor::Member { name, .. } => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// The value of `obj`'s slot `name`: among an instance's members, else (an exception of
/// a class with slots) in its dict.
fn member_of(obj: &Value, name: &Rc<str>) -> Option<Value> {
    match obj {
        Value::Instance(i) => i.member(name),
        other => own_dict(other).and_then(|d| d.get_str(name)),
    }
}

/// Whether instances of `class` have a `__dict__` (no `__slots__` without `__dict__` all
/// along the MRO).
pub fn has_dict(class: &PyType) -> bool {
    class.class.as_ref().is_none_or(|i| i.has_dict)
}

/// `C.name` for a class of the program's: its own attributes (`__name__`, `__mro__`...)
/// and those of its namespace and MRO. `Ok(None)`: none.
pub fn type_attribute(vm: &mut Vm, t: &Rc<PyType>, name: &str) -> PyResult<Option<Value>> {
    let Some(info) = &t.class else {
        return Ok(None);
    };
    let special = match name {
        "__name__" => Some(Value::str(t.name)),
        "__qualname__" => Some(Value::str(&info.qualname)),
        "__dict__" => Some(Value::MappingProxy(info.dict.clone())),
        "__bases__" if info.bases.is_empty() => Some(Value::tuple(vec![Value::Type(
            types::builtin_type(TypeKind::Object),
        )])),
        "__bases__" => Some(Value::tuple(
            info.bases.iter().cloned().map(Value::Type).collect(),
        )),
        "mro" => Some(method(
            BuiltinFunction::method_value("mro", type_mro),
            Value::Type(t.clone()),
        )),
        "__mro__" => Some(Value::tuple(mro(t).into_iter().map(Value::Type).collect())),
        "__base__" => Some(t.base.clone().map(Value::Type).unwrap_or_default()),
        _ => None,
    };
    if special.is_some() {
        return Ok(special);
    }
    match lookup(t, name) {
        Some(attr) => bind(vm, attr, None, Some(t)).map(Some),
        None => Ok(None),
    }
}

/// `C.name = value` for a class of the program's.
pub fn set_type_attribute(t: &Rc<PyType>, name: &str, value: Value) -> bool {
    match &t.class {
        Some(info) => {
            info.dict.set_str(Rc::new(PyStr::new(name.into())), value);
            update_slots(t);
            true
        }
        None => false,
    }
}

/// `del C.name` for a class of the program's.
pub fn del_type_attribute(t: &Rc<PyType>, name: &str) -> PyResult<bool> {
    match &t.class {
        Some(info) => match info.dict.remove_str(name) {
            Some(_) => {
                update_slots(t);
                Ok(true)
            }
            None => Err(attribute_error(format!(
                "type object '{}' has no attribute '{name}'",
                t.name
            ))),
        },
        None => Ok(false),
    }
}

// ---------------------------------------------------------------------------------------
// super(), property, staticmethod, classmethod

/// `super(this, obj)`; the CFG passes `__class__` and the method's first argument for
/// `super()`.
pub fn new_super(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(type_error("super() takes no keyword arguments"));
    }
    let mut args = args.into_iter();
    let (this, obj) = match (args.next(), args.next(), args.next()) {
        (None, _, _) => return Err(types::runtime_error("super(): no arguments")),
        (Some(Value::Type(t)), Some(o), None) => (t, o),
        (Some(Value::Type(_)), None, None) => {
            return Err(type_error(
                "peel does not support super() with one argument (an unbound super object)",
            ))
        }
        (Some(other), _, None) => {
            return Err(type_error(format!(
                "super() argument 1 must be a type, not {}",
                super::ops::type_name(&other)
            )))
        }
        _ => return Err(type_error("super() takes at most 2 arguments")),
    };
    let start = match &obj {
        Value::Type(t) if is_subclass(t, &this) => t.clone(),
        o => {
            let t = super::ops::type_of(o);
            if !is_subclass(&t, &this) {
                return Err(type_error(
                    "super(type, obj): obj must be an instance or subtype of type",
                ));
            }
            t
        }
    };
    Ok(Value::Super(Rc::new(PySuper { this, obj, start })))
}

/// `super().name`.
pub fn super_attribute(vm: &mut Vm, s: &PySuper, name: &str) -> PyResult<Value> {
    if name == "__class__" {
        return Ok(Value::Type(types::builtin_type(TypeKind::Super)));
    }
    match lookup_after(&s.start, &s.this, name) {
        Some(attr) => {
            let on_class = matches!(s.obj, Value::Type(_));
            let obj = (!on_class).then_some(&s.obj);
            let attr = match (&attr, on_class) {
                // `super().__new__(cls)`: `object.__new__` is a static method, called
                // with the class as its first argument.
                (Value::Builtin(_), _) if name == "__new__" => return Ok(attr),
                // `super().__init_subclass__()` and the like: a native class method is
                // bound to the class.
                (Value::Builtin(_), true) => return Ok(method(attr, s.obj.clone())),
                _ => attr,
            };
            bind(vm, attr, obj, Some(&s.start))
        }
        None => Err(attribute_error(format!(
            "'super' object has no attribute '{name}'"
        ))),
    }
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
pub fn new_property(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut parts = [Value::None, Value::None, Value::None, Value::None];
    if args.len() > 4 {
        return Err(type_error(format!(
            "property() takes at most 4 arguments ({} given)",
            args.len()
        )));
    }
    for (i, a) in args.into_iter().enumerate() {
        parts[i] = a;
    }
    for (k, v) in kwargs {
        let i = match &*k.s {
            "fget" => 0,
            "fset" => 1,
            "fdel" => 2,
            "doc" => 3,
            other => {
                return Err(type_error(format!(
                    "property() got an unexpected keyword argument '{other}'"
                )))
            }
        };
        parts[i] = v;
    }
    let [fget, fset, fdel, doc] = parts;
    Ok(Value::Descriptor(Rc::new(Descriptor::Property {
        fget,
        fset,
        fdel,
        doc,
    })))
}

/// `staticmethod(f)` and `classmethod(f)`.
pub fn new_staticmethod(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let f = one_function("staticmethod", args, kwargs)?;
    Ok(Value::Descriptor(Rc::new(Descriptor::StaticMethod(f))))
}

pub fn new_classmethod(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let f = one_function("classmethod", args, kwargs)?;
    Ok(Value::Descriptor(Rc::new(Descriptor::ClassMethod(f))))
}

fn one_function(what: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(type_error(format!("{what}() takes no keyword arguments")));
    }
    let n = args.len();
    match <[Value; 1]>::try_from(args) {
        Ok([f]) => Ok(f),
        Err(_) => Err(type_error(format!("{what} expected 1 argument, got {n}"))),
    }
}

/// `prop.getter(f)`, `prop.setter(f)`, `prop.deleter(f)`: a copy of the property with
/// one function replaced.
pub fn property_with(d: &Descriptor, which: &str, f: Value) -> PyResult<Value> {
    let Descriptor::Property {
        fget,
        fset,
        fdel,
        doc,
    } = d
    else {
        return Err(attribute_error(format!(
            "object has no attribute '{which}'"
        )));
    };
    let (mut g, mut s, mut del) = (fget.clone(), fset.clone(), fdel.clone());
    match which {
        "getter" => g = f,
        "setter" => s = f,
        _ => del = f,
    }
    Ok(Value::Descriptor(Rc::new(Descriptor::Property {
        fget: g,
        fset: s,
        fdel: del,
        doc: doc.clone(),
    })))
}

// ---------------------------------------------------------------------------------------
// The native methods of `object` and `BaseException`

/// The builtin classes whose native methods a class of the program's reaches through
/// its MRO.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NativeOwner {
    Object,
    BaseException,
}

type NativeFn = fn(&mut Vm, Vec<Value>, Kwargs) -> PyResult<Value>;

/// The native methods of `object` and `BaseException`, by owner and name.
const NATIVES: &[(NativeOwner, &str, NativeFn)] = &[
    (NativeOwner::Object, "__init__", object_init),
    (NativeOwner::Object, "__new__", object_new),
    (NativeOwner::Object, "__repr__", object_repr),
    (NativeOwner::Object, "__str__", object_str),
    (NativeOwner::Object, "__eq__", object_eq),
    (NativeOwner::Object, "__ne__", object_ne),
    (NativeOwner::Object, "__lt__", object_not_implemented),
    (NativeOwner::Object, "__le__", object_not_implemented),
    (NativeOwner::Object, "__gt__", object_not_implemented),
    (NativeOwner::Object, "__ge__", object_not_implemented),
    (NativeOwner::Object, "__hash__", object_hash),
    (NativeOwner::Object, "__setattr__", object_setattr),
    (NativeOwner::Object, "__getattribute__", object_getattribute),
    (NativeOwner::Object, "__delattr__", object_delattr),
    (
        NativeOwner::Object,
        "__init_subclass__",
        object_init_subclass,
    ),
    (NativeOwner::Object, "__format__", object_format),
    (NativeOwner::BaseException, "__init__", exception_init),
    (NativeOwner::BaseException, "__str__", object_str),
    (NativeOwner::BaseException, "__repr__", object_repr),
];

fn native_owner(c: &PyType) -> Option<NativeOwner> {
    match (c.kind, c.name) {
        _ if c.class.is_some() => None,
        (TypeKind::Object, _) => Some(NativeOwner::Object),
        (TypeKind::Exception, "BaseException") => Some(NativeOwner::BaseException),
        _ => None,
    }
}

/// A native method of a builtin class, as the class holds it: a builtin function whose
/// first argument is the instance (`object.__init__`, `BaseException.__str__`).
pub(crate) fn native_method(c: &Rc<PyType>, name: &str) -> Option<Value> {
    let owner = native_owner(c)?;
    NATIVES
        .iter()
        .find(|(o, n, _)| *o == owner && *n == name)
        .map(|&(_, n, f)| BuiltinFunction::method_value(n, f))
}

/// The names of the native methods a builtin class reaches along its MRO, for `dir()`.
pub fn native_names(t: &Rc<PyType>) -> Vec<&'static str> {
    let owners: Vec<NativeOwner> = mro(t).iter().filter_map(|c| native_owner(c)).collect();
    let mut names: Vec<&'static str> = NATIVES
        .iter()
        .filter(|(o, _, _)| owners.contains(o))
        .map(|&(_, n, _)| n)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn receiver(args: &[Value], what: &str) -> PyResult<Value> {
    args.first().cloned().ok_or_else(|| {
        type_error(format!(
            "descriptor '{what}' of 'object' object needs an argument"
        ))
    })
}

/// Does class `c` (or a base of its other than `object`) define `name` itself?
fn overrides(c: &Rc<PyType>, name: &str) -> bool {
    lookup(c, name).is_some_and(|v| !is_native(&v))
}

fn object_init(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let obj = receiver(&args, "__init__")?;
    if args.len() > 1 || !kwargs.is_empty() {
        // CPython's `object_init`: extra arguments are an error unless `__new__` was
        // overridden (and `__init__` was not) to take them.
        let class = user_class(&obj);
        if class.is_some_and(|c| overrides(c, "__init__")) {
            return Err(type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        match class {
            Some(c) if overrides(c, "__new__") => {}
            Some(c) => {
                return Err(type_error(format!(
                    "{}.__init__() takes exactly one argument (the instance to initialize)",
                    c.name
                )))
            }
            None => {
                return Err(type_error(
                    "object.__init__() takes exactly one argument (the instance to initialize)",
                ))
            }
        }
    }
    Ok(Value::None)
}

fn object_new(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    match args.first() {
        // CPython's `object_new`: extra arguments are an error unless `__init__` was
        // overridden (and `__new__` was not) to take them.
        Some(Value::Type(t))
            if t.class.is_some()
                && t.kind != TypeKind::Exception
                && (args.len() > 1 || !kwargs.is_empty()) =>
        {
            if overrides(t, "__new__") {
                Err(type_error(
                    "object.__new__() takes exactly one argument (the type to instantiate)",
                ))
            } else if !overrides(t, "__init__") {
                Err(type_error(format!("{}() takes no arguments", t.name)))
            } else {
                Ok(new_object(t, Vec::new()))
            }
        }
        Some(Value::Type(t)) if t.class.is_some() => Ok(new_object(t, args[1..].to_vec())),
        Some(Value::Type(t)) if t.kind == TypeKind::Object => Ok(Value::Instance(Rc::new(
            PyInstance::new(t.clone(), Rc::new(PyDict::new())),
        ))),
        Some(other) => Err(type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            super::ops::type_name(other)
        ))),
        None => Err(type_error("object.__new__(): not enough arguments")),
    }
}

fn object_repr(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let obj = receiver(&args, "__repr__")?;
    Ok(Value::str(default_repr(vm, &obj)?))
}

fn object_str(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let obj = receiver(&args, "__str__")?;
    match &obj {
        Value::Exception(e) => Ok(Value::str(super::ops::exception_str(vm, e)?)),
        _ => Ok(Value::str(super::ops::repr(vm, &obj)?)),
    }
}

fn object_eq(_vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    match (args.first(), args.get(1)) {
        (Some(a), Some(b)) if super::ops::is(a, b) => Ok(Value::Bool(true)),
        _ => Ok(not_implemented()),
    }
}

fn object_ne(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
        return Ok(not_implemented());
    };
    // `__ne__` inverts `__eq__` unless that is NotImplemented.
    let eq = match call_special(vm, a, "__eq__", vec![b.clone()])? {
        Some(r) => r,
        None => Value::Bool(super::ops::is(a, b)),
    };
    if is_not_implemented(&eq) {
        return Ok(eq);
    }
    Ok(Value::Bool(!super::ops::truthy(vm, &eq)?))
}

fn object_not_implemented(_vm: &mut Vm, _args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    Ok(not_implemented())
}

/// `C.mro()`: the MRO as a list.
fn type_mro(_vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    match args.first() {
        Some(Value::Type(t)) => Ok(Value::list(mro(t).into_iter().map(Value::Type).collect())),
        _ => Err(type_error(
            "descriptor 'mro' of 'type' object needs an argument",
        )),
    }
}

fn object_hash(_vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let obj = receiver(&args, "__hash__")?;
    Ok(Value::Int(identity_hash(&obj)))
}

/// CPython's default hash: the object's address rotated right by four bits.
pub fn identity_hash(v: &Value) -> i64 {
    (super::ops::identity(v) as u64).rotate_right(4) as i64
}

fn object_setattr(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let (Some(obj), Some(Value::Str(name)), Some(value)) = (args.first(), args.get(1), args.get(2))
    else {
        return Err(type_error("expected 2 arguments"));
    };
    match user_class(obj).cloned() {
        Some(class) => generic_setattr(vm, obj, &class, &name.s, value.clone())?,
        None => super::ops::set_attr(vm, obj, &name.s, value.clone())?,
    }
    Ok(Value::None)
}

fn object_getattribute(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let (Some(obj), Some(Value::Str(name))) = (args.first(), args.get(1)) else {
        return Err(type_error("expected 1 argument"));
    };
    if name.s == "__class__" {
        return Ok(Value::Type(super::ops::type_of(obj)));
    }
    match get_attribute(vm, obj, &name.s)? {
        Some(v) => Ok(v),
        None => Err(attribute_error(format!(
            "'{}' object has no attribute '{}'",
            super::ops::type_name(obj),
            name.s
        ))),
    }
}

fn object_delattr(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let (Some(obj), Some(Value::Str(name))) = (args.first(), args.get(1)) else {
        return Err(type_error("expected 1 argument"));
    };
    match user_class(obj).cloned() {
        Some(class) => generic_delattr(vm, obj, &class, &name.s)?,
        None => super::ops::del_attr(vm, obj, &name.s)?,
    }
    Ok(Value::None)
}

fn object_init_subclass(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        let name = match args.first() {
            Some(Value::Type(t)) => t.name,
            _ => "object",
        };
        return Err(type_error(format!(
            "{name}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::None)
}

fn object_format(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let (Some(obj), Some(Value::Str(spec))) = (args.first(), args.get(1)) else {
        return Err(type_error("__format__() takes exactly one argument"));
    };
    if !spec.s.is_empty() {
        return Err(type_error(format!(
            "unsupported format string passed to {}.__format__",
            super::ops::type_name(obj)
        )));
    }
    Ok(Value::str(super::ops::str(vm, obj)?))
}

/// `BaseException.__init__(self, *args)`: the arguments become `self.args`.
fn exception_init(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut args = args.into_iter();
    let Some(Value::Exception(e)) = args.next() else {
        return Err(type_error(
            "descriptor '__init__' requires a 'BaseException' object",
        ));
    };
    if !kwargs.is_empty() {
        return Err(type_error(format!(
            "{}() takes no keyword arguments",
            e.class.name
        )));
    }
    *e.args.borrow_mut() = args.collect();
    Ok(Value::None)
}

// ---------------------------------------------------------------------------------------
// Reprs and NotImplemented

/// `<__main__.Point object at 0x...>`: `object.__repr__`.
pub fn default_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::Exception(_) => {
            let mut out = String::new();
            super::ops::exception_repr_into(vm, v, &mut out)?;
            Ok(out)
        }
        _ => {
            let t = super::ops::type_of(v);
            Ok(format!(
                "<{} object at {}>",
                qualified_class_name(&t),
                super::ops::addr(v)
            ))
        }
    }
}

/// A class's `__qualname__` (`Outer.Inner`).
fn class_qualname(t: &PyType) -> String {
    match &t.class {
        Some(info) => info.qualname.clone(),
        None => t.name.to_string(),
    }
}

/// `__main__.Point` (what reprs and tracebacks print): the module, then the qualname;
/// a builtin class is named by its name alone.
pub fn qualified_class_name(t: &Rc<PyType>) -> String {
    match &t.class {
        Some(info) if info.module == "builtins" => info.qualname.clone(),
        Some(info) => format!("{}.{}", info.module, info.qualname),
        None => types::qualified_name(t.name),
    }
}

/// How a traceback's last line names an exception's class: its qualname, after its module
/// unless that is `__main__` or `builtins` (`Outer.Err`, `f.<locals>.Local`,
/// `asyncio.exceptions.CancelledError`).
pub fn traceback_name(t: &Rc<PyType>) -> String {
    match &t.class {
        Some(info) if matches!(info.module.as_str(), "__main__" | "builtins") => {
            info.qualname.clone()
        }
        Some(info) => format!("{}.{}", info.module, info.qualname),
        None => types::qualified_name(t.name),
    }
}

/// Is `v` a native method of `object` or `BaseException` (the builtin behaviour itself)?
pub fn is_native(v: &Value) -> bool {
    matches!(v, Value::Builtin(b) if b.method)
}

/// The `NotImplemented` singleton.
pub fn not_implemented() -> Value {
    Value::Builtin(NOT_IMPLEMENTED.with(Rc::clone))
}

pub fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Builtin(b) if NOT_IMPLEMENTED.with(|n| Rc::ptr_eq(b, n)))
}

fn not_implemented_call(_vm: &mut Vm, _args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    Err(type_error("'NotImplementedType' object is not callable"))
}

thread_local! {
    /// `NotImplemented`: one object, compared by identity. Not run state: it never
    /// changes.
    static NOT_IMPLEMENTED: Rc<BuiltinFunction> = Rc::new(BuiltinFunction {
        name: "NotImplemented",
        func: not_implemented_call,
        unary: None,
        method: false,
    });
}

/// The repr of a bound method: `<bound method Point.norm of <__main__.Point object at
/// 0x...>>`.
pub fn method_repr(vm: &mut Vm, m: &PyMethod) -> PyResult<String> {
    let name = match &m.func {
        Value::Function(f) => super::ops::function_name(f),
        Value::Builtin(b) => match user_class(&m.receiver) {
            Some(c) => format!("{}.{}", c.name, b.name),
            None => b.name.to_string(),
        },
        other => super::ops::repr(vm, other)?,
    };
    let receiver = super::ops::repr(vm, &m.receiver)?;
    Ok(format!("<bound method {name} of {receiver}>"))
}

/// The repr of a property/staticmethod/classmethod object.
pub fn descriptor_repr(vm: &mut Vm, v: &Value, d: &Descriptor) -> PyResult<String> {
    Ok(match d {
        Descriptor::Property { .. } => {
            format!("<property object at {}>", super::ops::addr(v))
        }
        Descriptor::StaticMethod(f) => {
            format!("<staticmethod({})>", super::ops::repr(vm, f)?)
        }
        Descriptor::ClassMethod(f) => {
            format!("<classmethod({})>", super::ops::repr(vm, f)?)
        }
        Descriptor::Attribute { name, owner } => {
            format!("<attribute '{name}' of '{owner}' objects>")
        }
        Descriptor::Member { name, owner } => format!("<member '{name}' of '{owner}' objects>"),
    })
}

// ---------------------------------------------------------------------------------------
// The protocols, as `ops` asks for them

/// Is `v` of a class whose behaviour the program may define (an instance of a class of
/// its own, or an exception of one)?
#[inline]
pub fn is_user(v: &Value) -> bool {
    match v {
        Value::Instance(_) => true,
        Value::Exception(e) => e.class.class.is_some(),
        _ => false,
    }
}

/// The dunder names of a binary operator: `(__add__, __radd__, __iadd__)`.
pub fn binop_names(op: crate::ast::BinOp) -> (&'static str, &'static str, &'static str) {
    use crate::ast::BinOp::*;
    match op {
        Add => ("__add__", "__radd__", "__iadd__"),
        Sub => ("__sub__", "__rsub__", "__isub__"),
        Mult => ("__mul__", "__rmul__", "__imul__"),
        MatMult => ("__matmul__", "__rmatmul__", "__imatmul__"),
        Div => ("__truediv__", "__rtruediv__", "__itruediv__"),
        FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        Mod => ("__mod__", "__rmod__", "__imod__"),
        Pow => ("__pow__", "__rpow__", "__ipow__"),
        LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BitOr => ("__or__", "__ror__", "__ior__"),
        BitXor => ("__xor__", "__rxor__", "__ixor__"),
        BitAnd => ("__and__", "__rand__", "__iand__"),
    }
}

/// Calls `v.name(arg)` if `v`'s class defines it; NotImplemented otherwise.
fn try_op(vm: &mut Vm, v: &Value, name: &str, arg: &Value) -> PyResult<Value> {
    Ok(call_special(vm, v, name, vec![arg.clone()])?.unwrap_or_else(not_implemented))
}

/// Does `b`'s class derive from `a`'s and override `name` (so `b` is asked first)?
fn reflected_first(a: &Value, b: &Value, name: &str) -> bool {
    let (Some(tb), ta) = (user_class(b), super::ops::type_of(a)) else {
        return false;
    };
    !Rc::ptr_eq(tb, &ta)
        && is_subclass(tb, &ta)
        && match (lookup(tb, name), lookup(&ta, name)) {
            (Some(x), Some(y)) => !super::ops::is(&x, &y),
            (Some(_), None) => true,
            _ => false,
        }
}

/// `a op b` through `__op__` and `__rop__` (CPython's `binary_op1`): `None` when
/// neither side implements it.
pub fn binary(vm: &mut Vm, op: crate::ast::BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    let (name, rname, _) = binop_names(op);
    binary_named(vm, name, rname, a, b)
}

/// `a op b` through the dunders `name` and `rname` (also `divmod`'s `__divmod__` and
/// `__rdivmod__`): `None` when neither side implements it.
pub fn binary_named(
    vm: &mut Vm,
    name: &str,
    rname: &str,
    a: &Value,
    b: &Value,
) -> PyResult<Option<Value>> {
    let same_type = Rc::ptr_eq(&super::ops::type_of(a), &super::ops::type_of(b));
    if !same_type && reflected_first(a, b, rname) {
        let r = try_op(vm, b, rname, a)?;
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
        let r = try_op(vm, a, name, b)?;
        return Ok((!is_not_implemented(&r)).then_some(r));
    }
    let r = try_op(vm, a, name, b)?;
    if !is_not_implemented(&r) {
        return Ok(Some(r));
    }
    if !same_type {
        let r = try_op(vm, b, rname, a)?;
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

/// `a op= b` through `__iop__` first: `None` when `a` has no `__iop__` (or it returned
/// NotImplemented), and the binary operator is next.
pub fn inplace(
    vm: &mut Vm,
    op: crate::ast::BinOp,
    a: &Value,
    b: &Value,
) -> PyResult<Option<Value>> {
    let (_, _, iname) = binop_names(op);
    let r = try_op(vm, a, iname, b)?;
    Ok((!is_not_implemented(&r)).then_some(r))
}

/// The dunder names of a comparison and of its reflection (`<` is `>` reflected).
fn compare_names(op: crate::ast::CmpOp) -> Option<(&'static str, &'static str)> {
    use crate::ast::CmpOp::*;
    Some(match op {
        Eq => ("__eq__", "__eq__"),
        NotEq => ("__ne__", "__ne__"),
        Lt => ("__lt__", "__gt__"),
        LtE => ("__le__", "__ge__"),
        Gt => ("__gt__", "__lt__"),
        GtE => ("__ge__", "__le__"),
        _ => return None,
    })
}

/// `a op b` for a rich comparison with a value of a program's class on either side
/// (CPython's `do_richcompare`): `None` when neither side implements it (for `==` and
/// `!=` the caller then compares identities, for the others it is a TypeError).
pub fn rich_compare(
    vm: &mut Vm,
    op: crate::ast::CmpOp,
    a: &Value,
    b: &Value,
) -> PyResult<Option<Value>> {
    let Some((name, rname)) = compare_names(op) else {
        return Ok(None);
    };
    let ask = |vm: &mut Vm, v: &Value, n: &str, other: &Value| -> PyResult<Value> {
        if let Some(f) = find_special(v, n) {
            // A method that cannot be had (a property raising) is NotImplemented, as
            // CPython's `slot_tp_richcompare` clears the error of its lookup.
            let Ok(bound) = bind(vm, f, Some(v), user_class(v).cloned().as_ref()) else {
                return Ok(not_implemented());
            };
            return vm.call(&bound, vec![other.clone()], Vec::new());
        }
        // `object.__ne__` inverts a program's `__eq__`.
        if n == "__ne__" && find_special(v, "__eq__").is_some() {
            return object_ne(vm, vec![v.clone(), other.clone()], Vec::new());
        }
        Ok(not_implemented())
    };
    let same_type = Rc::ptr_eq(&super::ops::type_of(a), &super::ops::type_of(b));
    let b_first =
        !same_type && user_class(b).is_some_and(|tb| is_subclass(tb, &super::ops::type_of(a)));
    if b_first && is_user(b) {
        let r = ask(vm, b, rname, a)?;
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
    }
    if is_user(a) {
        let r = ask(vm, a, name, b)?;
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
    }
    if !b_first && is_user(b) {
        let r = ask(vm, b, rname, a)?;
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

/// `bool(v)`: `__bool__`, else `__len__`, else true.
pub fn truthy(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    if let Some(r) = call_special(vm, v, "__bool__", Vec::new())? {
        return match r {
            Value::Bool(b) => Ok(b),
            other => Err(type_error(format!(
                "__bool__ should return bool, returned {}",
                super::ops::type_name(&other)
            ))),
        };
    }
    if find_special(v, "__len__").is_some() {
        return Ok(len(vm, v)? > 0);
    }
    Ok(true)
}

/// `len(v)` through `__len__`.
pub fn len(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    match call_special(vm, v, "__len__", Vec::new())? {
        Some(r) => {
            let n = match &r {
                Value::Int(n) => *n,
                Value::Bool(b) => i64::from(*b),
                Value::BigInt(_) => {
                    return Err(types::overflow_error(
                        "cannot fit 'int' into an index-sized integer",
                    ))
                }
                other => {
                    return Err(type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        super::ops::type_name(other)
                    )))
                }
            };
            if n < 0 {
                return Err(types::value_error("__len__() should return >= 0"));
            }
            Ok(n as usize)
        }
        None => Err(type_error(format!(
            "object of type '{}' has no len()",
            super::ops::type_name(v)
        ))),
    }
}

/// `iter(v)` through `__iter__` (the result must be an iterator), or, for a class with
/// only `__getitem__`, an iterator calling it with 0, 1, 2... until IndexError.
pub fn iter(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
    if disabled(v, "__iter__") {
        return Err(type_error(format!(
            "'{}' object is not iterable",
            super::ops::type_name(v)
        )));
    }
    if let Some(it) = call_special(vm, v, "__iter__", Vec::new())? {
        if !is_iterator(&it) {
            return Err(type_error(format!(
                "iter() returned non-iterator of type '{}'",
                super::ops::type_name(&it)
            )));
        }
        return Ok(Some(it));
    }
    Ok(None)
}

/// Whether `v` has `__next__` (builtin iterators and generators do).
pub fn is_iterator(v: &Value) -> bool {
    match v {
        Value::Iterator(_) | Value::Generator(_) => true,
        // A coroutine's `__await__()` (a `coroutine_wrapper`) and a future's iterator.
        Value::Awaitable(a) => !a.is_coroutine(),
        other if is_user(other) => find_special(other, "__next__").is_some(),
        _ => false,
    }
}

/// `next(v)` through `__next__`: `Ok(None)` when it raises StopIteration.
pub fn next(vm: &mut Vm, v: &Value) -> PyResult<Option<Option<Value>>> {
    if find_special(v, "__next__").is_none() {
        return Ok(None);
    }
    match call_special(vm, v, "__next__", Vec::new()) {
        Ok(r) => Ok(Some(r)),
        Err(e) if types::exception_matches(&e, "StopIteration") => Ok(Some(None)),
        Err(e) => Err(e),
    }
}

/// `hash(v)` for a value of a program's class: `__hash__` if the class defines one,
/// unhashable if it defines `__eq__` without it, else by identity.
pub fn hash(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let class = user_class(v).cloned();
    if let Some(class) = &class {
        match lookup(class, "__hash__") {
            Some(Value::None) => {
                return Err(type_error(format!("unhashable type: '{}'", class.name)))
            }
            Some(f) if is_native(&f) => return Ok(identity_hash(v)),
            None => return Ok(identity_hash(v)),
            Some(f) => {
                let bound = bind(vm, f, Some(v), Some(class))?;
                let r = vm.call(&bound, Vec::new(), Vec::new())?;
                return match r {
                    Value::Int(n) => Ok(if n == -1 { -2 } else { n }),
                    Value::Bool(b) => Ok(i64::from(b)),
                    Value::BigInt(_) => super::value::py_hash(&r),
                    _ => Err(type_error("__hash__ method should return an integer")),
                };
            }
        }
    }
    Ok(identity_hash(v))
}

/// `hash(v)` where no `Vm` is at hand (the builtin hashes of containers): by identity,
/// unless the class defines `__hash__` or `__eq__`, which only `hash` can honour.
pub fn hash_without_vm(v: &Value) -> PyResult<i64> {
    let Some(class) = user_class(v) else {
        return Ok(identity_hash(v));
    };
    match lookup(class, "__hash__") {
        Some(f) if is_native(&f) => Ok(identity_hash(v)),
        None => Ok(identity_hash(v)),
        _ => Err(type_error(format!("unhashable type: '{}'", class.name))),
    }
}

/// `_enter_exit(manager)`, what a desugared `with` starts with (see
/// `desugar::WITH_HELPER`): the manager's `__enter__` and `__exit__`, looked up on its
/// type and bound, both before either is called, as CPython's `BEFORE_WITH` does.
pub fn enter_exit(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let manager = args.into_iter().next().unwrap_or_default();
    let class = super::ops::type_of(&manager);
    let mut method = |name: &str, missing: &str| match lookup(&class, name) {
        Some(f) if !is_native(&f) => bind(vm, f, Some(&manager), Some(&class)),
        _ => Err(type_error(format!(
            "'{}' object does not support the context manager protocol{missing}",
            class.name
        ))),
    };
    let enter = method("__enter__", "")?;
    let exit = method("__exit__", " (missed __exit__ method)")?;
    Ok(Value::tuple(vec![enter, exit]))
}

/// `_async_iter(iterable)`, what a desugared `async for` starts with (see
/// `desugar::ASYNC_ITER_HELPERS`): `type(iterable).__aiter__(iterable)`, checked to have
/// `__anext__`, with CPython's `GET_AITER` errors.
pub fn async_iter(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let iterable = args.into_iter().next().unwrap_or_default();
    let Some(it) = call_special(vm, &iterable, "__aiter__", Vec::new())? else {
        return Err(type_error(format!(
            "'async for' requires an object with __aiter__ method, got {}",
            super::ops::type_name(&iterable)
        )));
    };
    if find_special(&it, "__anext__").is_none() {
        return Err(type_error(format!(
            "'async for' received an object from __aiter__ that does not implement __anext__: {}",
            super::ops::type_name(&it)
        )));
    }
    Ok(it)
}

/// `_async_next(iterator)`: the awaitable `type(iterator).__anext__(iterator)` returns,
/// with CPython's `GET_ANEXT` error when it is not one.
pub fn async_next(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let iterator = args.into_iter().next().unwrap_or_default();
    let awaitable = call_special(vm, &iterator, "__anext__", Vec::new())?.unwrap_or_default();
    let ok = match &awaitable {
        Value::Generator(g) => g.is_coroutine(),
        Value::Awaitable(_) | Value::Future(_) => true,
        other => find_special(other, "__await__").is_some(),
    };
    if !ok {
        return Err(type_error(format!(
            "'async for' received an invalid object from __anext__: {}",
            super::ops::type_name(&awaitable)
        )));
    }
    Ok(awaitable)
}

/// Calls the conversion dunder `name` of a value of a program's class and checks that it
/// returned an int: `None` when the class does not define it.
fn int_dunder(vm: &mut Vm, v: &Value, name: &str) -> PyResult<Option<Value>> {
    match call_special(vm, v, name, Vec::new())? {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(Value::Int(i64::from(b)))),
        Some(r @ (Value::Int(_) | Value::BigInt(_))) => Ok(Some(r)),
        Some(other) => Err(type_error(format!(
            "{name} returned non-int (type {})",
            super::ops::type_name(&other)
        ))),
    }
}

/// `operator.index(v)` (CPython's `PyNumber_Index`) for a value of a program's class:
/// its `__index__`, which must return an int; `None` when the class has none.
pub fn index(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
    if !is_user(v) {
        return Ok(None);
    }
    int_dunder(vm, v, "__index__")
}

/// `int(v)` for a value of a program's class: `__int__`, else `__index__`.
pub fn to_int(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
    if !is_user(v) {
        return Ok(None);
    }
    match int_dunder(vm, v, "__int__")? {
        Some(r) => Ok(Some(r)),
        None => int_dunder(vm, v, "__index__"),
    }
}

/// `float(v)` for a value of a program's class: `__float__` (which must return a float),
/// else `__index__`.
pub fn to_float(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
    if !is_user(v) {
        return Ok(None);
    }
    match call_special(vm, v, "__float__", Vec::new())? {
        Some(r @ Value::Float(_)) => Ok(Some(r)),
        Some(other) => Err(type_error(format!(
            "{}.__float__ returned non-float (type {})",
            super::ops::type_name(v),
            super::ops::type_name(&other)
        ))),
        None => match int_dunder(vm, v, "__index__")? {
            Some(i) => Ok(Some(Value::Float(super::ops::to_f64(&i)?.unwrap_or(0.0)))),
            None => Ok(None),
        },
    }
}

/// The pairs of a mapping of a program's class (one with a `keys` method): `keys()`, then
/// `obj[key]` for each key, as `dict(obj)`, `d.update(obj)`, `f(**obj)` and `{**obj}` do
/// (CPython's `PyDict_Merge` on a non-dict). `None` for any other value.
pub fn mapping_pairs(vm: &mut Vm, obj: &Value) -> PyResult<Option<Vec<(Value, Value)>>> {
    if !is_user(obj) {
        return Ok(None);
    }
    let keys = match super::ops::get_attr(vm, obj, "keys") {
        Ok(k) => k,
        Err(e) if types::exception_matches(&e, "AttributeError") => return Ok(None),
        Err(e) => return Err(e),
    };
    let keys = vm.call(&keys, Vec::new(), Vec::new())?;
    let it = super::ops::iter(vm, &keys)?;
    let mut pairs = Vec::new();
    while let Some(k) = super::ops::next(vm, &it)? {
        let v = super::ops::get_item(vm, obj, &k)?;
        pairs.push((k, v));
    }
    Ok(Some(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_name_has_its_own_bit() {
        for (i, name) in SLOTS.iter().enumerate() {
            assert_eq!(slot_bit(name), Some(1 << i), "{name}");
        }
        assert!(SLOTS.len() < 63, "bit 63 is the data-descriptor bit");
        assert_eq!(slot_bit("__init__"), None);
    }
}
