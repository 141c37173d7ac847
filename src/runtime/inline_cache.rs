//! Attribute sites that remember what they found: CPython's inline caches.
//!
//! `self.balance += amount` looks `balance` up twice, and a method call `acct.deposit(1)`
//! looks `deposit` up along the class's MRO: a few hash-table probes each, on every run
//! of the line. Yet at one place in a program the answer almost never changes: the object
//! there is nearly always of the same class, and what the class says about the name (a
//! method, a property, nothing, so "the instance's own dict") stays the same until the
//! program changes the class. So every attribute access of a function has a number (the
//! CFG's `AttrSite`), and the function's code keeps one [`AttrCache`] per site: the class
//! it saw, that class's version (`ClassInfo::version`, which changes with any namespace
//! along its MRO), and what the lookup found.
//!
//! Next time, if the object's class and version are the same, the answer is reused: an
//! instance attribute is read at the remembered position of the instance's dict (checking
//! only that the key there is still the name: no hashing), a method is called with the
//! instance first and no bound-method object, a property's getter is called directly.
//! When the check fails the site asks the full lookup (`ops`) and remembers again. A
//! cache only ever answers what the full lookup would answer: it holds no behaviour of
//! its own.

use std::cell::{OnceCell, RefCell};
use std::rc::{Rc, Weak};

use super::class;
use super::value::{Descriptor, PyInstance, PyMethod, PyResult, PyStr, PyType, Value};
use super::Vm;

type Kwargs = Vec<(Rc<PyStr>, Value)>;

/// One attribute site's memory.
#[derive(Default)]
pub struct AttrCache {
    /// The site's name as the run's shared str object (`Vm::attr_names`), made at the
    /// site's first use: a site's name never changes.
    key: OnceCell<Rc<PyStr>>,
    memo: RefCell<Memo>,
}

/// What the site found last, and on which class.
struct Memo {
    /// The class the entry describes. A weak reference keeps no class alive, and its
    /// allocation cannot be another class's while the reference is held.
    class: Weak<PyType>,
    /// `class`'s address, compared without going through the weak reference.
    class_ptr: *const PyType,
    version: u64,
    entry: Entry,
}

impl Default for Memo {
    fn default() -> Self {
        Memo {
            class: Weak::new(),
            class_ptr: std::ptr::null(),
            version: 0,
            entry: Entry::Generic,
        }
    }
}

/// What a site knows about its name on the remembered class.
enum Entry {
    /// Nothing worth remembering: the full lookup runs.
    Generic,
    /// Reading: the instance's own dict holds the name, last seen at this position, and
    /// the class has no data descriptor of that name. Storing: the class lets a store go
    /// to the instance's dict (no `__setattr__`, no data descriptor), last at this
    /// position (`usize::MAX`: not there yet).
    Own(usize),
    /// A plain function of the class, unless the instance's dict shadows it.
    Function(Value),
    /// A property's getter.
    Property(Value),
}

impl Memo {
    #[inline]
    fn holds(&self, class: &Rc<PyType>) -> bool {
        self.class_ptr == Rc::as_ptr(class)
            && class
                .class
                .as_ref()
                .is_some_and(|info| info.version.get() == self.version)
    }

    fn remember(&mut self, class: &Rc<PyType>, entry: Entry) {
        self.class = Rc::downgrade(class);
        self.class_ptr = Rc::as_ptr(class);
        self.version = class.class.as_ref().map_or(0, |info| info.version.get());
        self.entry = entry;
    }
}

impl AttrCache {
    fn key(&self, vm: &mut Vm, name: &str) -> &Rc<PyStr> {
        self.key.get_or_init(|| vm.attr_name(name))
    }
}

impl AttrCache {
    /// The hit of the commonest read, an instance attribute at its remembered position,
    /// checked inline by the executor before anything else (`None`: ask `load_attr`).
    #[inline]
    pub fn own_hit(&self, i: &PyInstance) -> Option<Value> {
        let m = self.memo.borrow();
        let Entry::Own(ix) = m.entry else {
            return None;
        };
        if !m.holds(&i.class) {
            return None;
        }
        i.dict.get_str_at(ix, self.key.get()?)
    }

    /// The hit of the commonest store, replacing an instance attribute at its remembered
    /// position (the value back: ask `store_attr`).
    #[inline]
    pub fn own_store_hit(&self, i: &PyInstance, value: Value) -> Result<(), Value> {
        let m = self.memo.borrow();
        let (Entry::Own(ix), Some(key)) = (&m.entry, self.key.get()) else {
            return Err(value);
        };
        if !m.holds(&i.class) {
            return Err(value);
        }
        i.dict.set_str_at(*ix, key, value)
    }
}

/// What reading `key` on the instance finds, in the terms of an `Entry`.
fn lookup_entry(i: &PyInstance, key: &PyStr) -> Entry {
    if class::find_special_in(&i.class, "__getattribute__").is_some() {
        return Entry::Generic;
    }
    let hash = key.hash_value();
    let own = || match i.dict.index_of_str(&key.s, hash) {
        Some(ix) => Entry::Own(ix),
        None => Entry::Generic,
    };
    match class::lookup_hashed(&i.class, &key.s, hash) {
        None => own(),
        Some(attr) if class::is_data_descriptor(&attr) => match &attr {
            Value::Descriptor(d) => match &**d {
                // A getter's AttributeError falls back to `__getattr__`: the full
                // lookup's business.
                Descriptor::Property {
                    fget: f @ Value::Function(_),
                    ..
                } if class::find_special_in(&i.class, "__getattr__").is_none() => {
                    Entry::Property(f.clone())
                }
                _ => Entry::Generic,
            },
            _ => Entry::Generic,
        },
        Some(f @ Value::Function(_)) => match own() {
            Entry::Generic => Entry::Function(f),
            shadowed => shadowed,
        },
        Some(_) => own(),
    }
}

/// The site's entry for `i`'s class, looked up again unless it still holds.
fn memo_for<'c>(cache: &'c AttrCache, i: &PyInstance, key: &PyStr) -> std::cell::Ref<'c, Memo> {
    {
        let m = cache.memo.borrow();
        if m.holds(&i.class) {
            return m;
        }
    }
    {
        let mut m = cache.memo.borrow_mut();
        let entry = lookup_entry(i, key);
        m.remember(&i.class, entry);
    }
    cache.memo.borrow()
}

/// The instance `obj` is, when it is one of a class of the program's.
fn program_instance(obj: &Value) -> Option<&PyInstance> {
    match obj {
        Value::Instance(i) if i.class.class.is_some() => Some(i),
        _ => None,
    }
}

/// `obj.name` at a site.
pub fn load_attr(vm: &mut Vm, cache: &AttrCache, obj: &Value, name: &str) -> PyResult<Value> {
    let Some(i) = program_instance(obj) else {
        return super::ops::get_attr(vm, obj, name);
    };
    let key = cache.key(vm, name);
    for _ in 0..2 {
        let m = memo_for(cache, i, key);
        match &m.entry {
            Entry::Own(ix) => {
                if let Some(v) = i.dict.get_str_at(*ix, key) {
                    return Ok(v);
                }
            }
            Entry::Function(f) => {
                if i.dict.index_of_str(name, key.hash_value()).is_none() {
                    return Ok(Value::Method(Rc::new(PyMethod {
                        func: f.clone(),
                        receiver: obj.clone(),
                    })));
                }
            }
            Entry::Property(fget) => {
                let fget = fget.clone();
                drop(m);
                return match &fget {
                    Value::Function(f) if f.code.simple && f.code.argcount == 1 => {
                        vm.call_positional(f, [obj.clone()])
                    }
                    _ => vm.call(&fget, vec![obj.clone()], Vec::new()),
                };
            }
            Entry::Generic => break,
        }
        // The instance's dict changed under the entry: look again, once.
        drop(m);
        let mut m = cache.memo.borrow_mut();
        m.class = Weak::new();
        m.class_ptr = std::ptr::null();
    }
    super::ops::get_attr(vm, obj, name)
}

/// The function `obj.name(...)` calls with `obj` first, when the site's entry says it is
/// a plain function of the object's class that the instance does not shadow.
pub fn method_of(
    vm: &mut Vm,
    cache: &AttrCache,
    obj: &Value,
    name: &str,
) -> Option<Rc<super::function::PyFunction>> {
    let i = program_instance(obj)?;
    let key = cache.key(vm, name);
    let m = memo_for(cache, i, key);
    match &m.entry {
        Entry::Function(Value::Function(f))
            if i.dict.index_of_str(name, key.hash_value()).is_none() =>
        {
            Some(f.clone())
        }
        _ => None,
    }
}

/// `obj.name(args)` at a site, when `method_of` found no plain function of the class to
/// call (the executor calls that one itself): an attribute of the instance, or the full
/// lookup.
pub fn call_method(
    vm: &mut Vm,
    cache: &AttrCache,
    obj: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Value> {
    let Some(i) = program_instance(obj) else {
        return super::ops::call_method(vm, obj, name, args, kwargs);
    };
    let key = cache.key(vm, name);
    let m = memo_for(cache, i, key);
    let callee = match &m.entry {
        Entry::Own(ix) => i.dict.get_str_at(*ix, key),
        _ => None,
    };
    drop(m);
    match callee {
        Some(f) => vm.call(&f, args, kwargs),
        None => super::ops::call_method(vm, obj, name, args, kwargs),
    }
}

/// `obj.name = value` at a site.
pub fn store_attr(
    vm: &mut Vm,
    cache: &AttrCache,
    obj: &Value,
    name: &str,
    value: Value,
) -> PyResult<()> {
    let Some(i) = program_instance(obj) else {
        return super::ops::set_attr(vm, obj, name, value);
    };
    let key = cache.key(vm, name);
    let mut m = cache.memo.borrow_mut();
    if !m.holds(&i.class) {
        let entry = match class::find_special(obj, "__setattr__") {
            Some(_) => Entry::Generic,
            // Only slots may be stored: the full store checks which.
            None if !class::has_dict(&i.class) => Entry::Generic,
            None => match class::lookup_hashed(&i.class, name, key.hash_value()) {
                Some(attr) if class::is_data_descriptor(&attr) => Entry::Generic,
                _ => Entry::Own(
                    i.dict
                        .index_of_str(name, key.hash_value())
                        .unwrap_or(usize::MAX),
                ),
            },
        };
        m.remember(&i.class, entry);
    }
    let Entry::Own(ix) = m.entry else {
        drop(m);
        return super::ops::set_attr(vm, obj, name, value);
    };
    drop(m);
    if let Err(value) = i.dict.set_str_at(ix, key, value) {
        let ix = i.dict.set_str_hashed(key, key.hash_value(), value);
        cache.memo.borrow_mut().entry = Entry::Own(ix);
    }
    Ok(())
}
