//! Python values as peel's runtime represents them.
//!
//! A `Value` is small (16 bytes: a tag and one word): immediates (`None`, `bool`, small
//! `int`, `float`) live inline, everything else behind an `Rc`. Copying a value is a
//! reference-count bump, never a deep clone, which is what Python's own semantics ask
//! for anyway: `b = a` makes `b` name the same list.
//!
//! Mutable containers use `RefCell`; peel is single-threaded like one CPython thread.

use num_bigint::BigInt;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::function::PyFunction;
use super::generator::PyGenerator;

// An 8-byte tag: with a 1-byte tag the 7 padding bytes are copied piecemeal each time a
// value is moved, which stalls the CPU's store forwarding on the interpreter's hot path.
#[derive(Default)]
#[repr(u64)]
pub enum Value {
    #[default]
    None,
    Bool(bool),
    /// The fast path for ints that fit a machine word.
    Int(i64),
    /// Ints that do not fit i64. Invariant: never holds a value that fits i64.
    BigInt(Rc<BigInt>),
    Float(f64),
    Str(Rc<PyStr>),
    List(Rc<PyList>),
    Tuple(Rc<PyTuple>),
    Dict(Rc<PyDict>),
    Set(Rc<PySet>),
    FrozenSet(Rc<PySet>),
    Bytes(Rc<Vec<u8>>),
    Range(Rc<PyRange>),
    Slice(Rc<PySlice>),
    /// A user function (also lambdas and compiler-made comprehension functions).
    Function(Rc<PyFunction>),
    /// A builtin function such as `len`, or a module's function such as `asyncio.sleep`.
    Builtin(Rc<BuiltinFunction>),
    /// `obj.method` taken as a value (`f = xs.append`).
    BoundMethod(Rc<BoundMethod>),
    /// A class: `int`, `ValueError`, ...
    Type(Rc<PyType>),
    Exception(Rc<PyException>),
    Module(Rc<PyModule>),
    /// Iterators over builtin containers and the lazy builtins (map, zip, ...).
    Iterator(Rc<PyIterator>),
    /// A generator or coroutine object.
    Generator(Rc<PyGenerator>),
    /// An asyncio future or task.
    Future(Rc<super::asyncio::PyFuture>),
    /// A natively implemented awaitable: what `__await__` returns, `asyncio.sleep(d)`.
    Awaitable(Rc<super::asyncio::Awaitable>),
    /// An asyncio `Lock`, `Event`, `Semaphore` or `Queue`.
    Sync(Rc<super::aiosync::Sync>),
    /// `...`
    Ellipsis,
    /// `list[int]` (a `types.GenericAlias`) or `int | None` (a `types.UnionType`): what
    /// annotations are made of.
    Alias(Rc<PyAlias>),
    /// Internal: a closure cell shared between frames. Never visible to Python code.
    Cell(Rc<RefCell<Option<Value>>>),
    /// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
    DictView(Rc<DictView>),
    /// Internal: a completion record for a `finally` block. Never visible to Python code.
    Completion(Rc<Completion>),
    /// An instance of a class the program defined (that does not derive from an
    /// exception class: those are `Exception`s).
    Instance(Rc<PyInstance>),
    /// A Python function bound to the object it was looked up on (`obj.method`,
    /// `Class.classmethod`): CPython's `method` type.
    Method(Rc<PyMethod>),
    /// `property(...)`, `staticmethod(f)`, `classmethod(f)`: objects a class holds that
    /// change what looking them up on an instance or the class gives.
    Descriptor(Rc<Descriptor>),
    /// `super()`: looks attributes up in the classes after `this` in `obj`'s MRO.
    Super(Rc<PySuper>),
    /// `C.__dict__`: a read-only view of a class's namespace (CPython's `mappingproxy`),
    /// so that a namespace changes only through `C.x = v`, which keeps the class's slots
    /// and version (`ClassInfo`) true.
    MappingProxy(Rc<PyDict>),
}

/// An object of a class the program defined: its class and its attributes.
pub struct PyInstance {
    pub class: Rc<PyType>,
    /// `obj.__dict__`: what `self.x = ...` sets.
    pub dict: Rc<PyDict>,
    /// The values of its class's `__slots__`, by the name in the slot's member descriptor
    /// (`Descriptor::Member`, compared by address): outside `__dict__`, as in CPython.
    pub members: RefCell<Vec<(Rc<str>, Value)>>,
    /// Its `__del__` was called (PEP 442: once per object, even if it comes back).
    pub finalized: Cell<bool>,
}

impl PyInstance {
    /// A new instance of `class` with the attributes `dict`.
    #[inline]
    pub fn new(class: Rc<PyType>, dict: Rc<PyDict>) -> PyInstance {
        PyInstance {
            class,
            dict,
            members: RefCell::default(),
            finalized: Cell::new(false),
        }
    }

    /// Has its class (or a base) a `__del__`, not yet called?
    #[inline]
    pub fn awaits_finalizer(&self) -> bool {
        !self.finalized.get()
            && (self.class.class.as_ref())
                .is_some_and(|c| c.slots.get() & super::class::DEL_BIT != 0)
    }

    /// The value of the slot `name` (a member descriptor's name).
    pub fn member(&self, name: &Rc<str>) -> Option<Value> {
        let members = self.members.borrow();
        members
            .iter()
            .find(|(n, _)| Rc::ptr_eq(n, name))
            .map(|(_, v)| v.clone())
    }

    /// Sets the slot `name`; the old value is dropped after the borrow ends.
    pub fn set_member(&self, name: &Rc<str>, value: Value) {
        let old = {
            let mut members = self.members.borrow_mut();
            match members.iter_mut().find(|(n, _)| Rc::ptr_eq(n, name)) {
                Some((_, v)) => Some(std::mem::replace(v, value)),
                None => {
                    members.push((name.clone(), value));
                    None
                }
            }
        };
        drop(old);
    }

    /// Empties the slot `name`, giving its value.
    pub fn take_member(&self, name: &Rc<str>) -> Option<Value> {
        let mut members = self.members.borrow_mut();
        let at = members.iter().position(|(n, _)| Rc::ptr_eq(n, name))?;
        Some(members.remove(at).1)
    }
}

/// An instance whose class has `__del__` is not freed when its last reference goes: as
/// CPython calls `__del__` then (its `tp_finalize`), and `Drop` cannot run Python code,
/// the instance comes back as a new one with the same class, attributes and slots, which
/// the running program calls `__del__` on at its next statement boundary (`drops`).
impl Drop for PyInstance {
    fn drop(&mut self) {
        if self.awaits_finalizer() {
            super::drops::finalize_instance(|| PyInstance {
                class: self.class.clone(),
                dict: self.dict.clone(),
                members: RefCell::new(self.members.take()),
                finalized: Cell::new(true),
            });
        }
    }
}

/// A function bound to its first argument.
pub struct PyMethod {
    pub func: Value,
    pub receiver: Value,
}

/// The descriptors of `builtins` that classes use.
pub enum Descriptor {
    Property {
        fget: Value,
        fset: Value,
        fdel: Value,
        doc: Value,
    },
    StaticMethod(Value),
    ClassMethod(Value),
    /// `__dict__` or `__weakref__` in the namespace of a class whose bases have neither
    /// (CPython's `getset_descriptor`, `<attribute '__dict__' of 'C' objects>`): what an
    /// instance's `__dict__` is read through.
    Attribute {
        name: &'static str,
        owner: Rc<str>,
    },
    /// A name of `__slots__` (CPython's `member_descriptor`, `<member 'a' of 'C'
    /// objects>`): the instance's value of that slot.
    Member {
        name: Rc<str>,
        owner: Rc<str>,
    },
}

/// `super(this, obj)`: `obj` is an instance of `this` (or, for `super()` in a
/// classmethod, a subclass of it).
pub struct PySuper {
    pub this: Rc<PyType>,
    pub obj: Value,
    /// `type(obj)`, or `obj` itself when it is a class: whose MRO is searched.
    pub start: Rc<PyType>,
}

impl Clone for Value {
    /// Ints, floats, bools and `None` are copied inline; only values behind an `Rc` take
    /// the out-of-line path (a reference count increment). Most values an interpreter
    /// copies are small numbers, so this keeps the hot path free of calls.
    #[inline(always)]
    fn clone(&self) -> Value {
        match self {
            Value::Int(i) => Value::Int(*i),
            Value::None => Value::None,
            Value::Bool(b) => Value::Bool(*b),
            Value::Float(f) => Value::Float(*f),
            _ => self.clone_shared(),
        }
    }
}

impl Value {
    #[inline(never)]
    fn clone_shared(&self) -> Value {
        match self {
            Value::None => Value::None,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::BigInt(x) => Value::BigInt(x.clone()),
            Value::Float(f) => Value::Float(*f),
            Value::Str(x) => Value::Str(x.clone()),
            Value::List(x) => Value::List(x.clone()),
            Value::Tuple(x) => Value::Tuple(x.clone()),
            Value::Dict(x) => Value::Dict(x.clone()),
            Value::MappingProxy(x) => Value::MappingProxy(x.clone()),
            Value::Set(x) => Value::Set(x.clone()),
            Value::FrozenSet(x) => Value::FrozenSet(x.clone()),
            Value::Bytes(x) => Value::Bytes(x.clone()),
            Value::Range(x) => Value::Range(x.clone()),
            Value::Slice(x) => Value::Slice(x.clone()),
            Value::Function(x) => Value::Function(x.clone()),
            Value::Builtin(x) => Value::Builtin(x.clone()),
            Value::BoundMethod(x) => Value::BoundMethod(x.clone()),
            Value::Type(x) => Value::Type(x.clone()),
            Value::Exception(x) => Value::Exception(x.clone()),
            Value::Module(x) => Value::Module(x.clone()),
            Value::Iterator(x) => Value::Iterator(x.clone()),
            Value::Generator(x) => Value::Generator(x.clone()),
            Value::Future(x) => Value::Future(x.clone()),
            Value::Awaitable(x) => Value::Awaitable(x.clone()),
            Value::Sync(x) => Value::Sync(x.clone()),
            Value::Ellipsis => Value::Ellipsis,
            Value::Alias(x) => Value::Alias(x.clone()),
            Value::Cell(x) => Value::Cell(x.clone()),
            Value::DictView(x) => Value::DictView(x.clone()),
            Value::Completion(x) => Value::Completion(x.clone()),
            Value::Instance(x) => Value::Instance(x.clone()),
            Value::Method(x) => Value::Method(x.clone()),
            Value::Descriptor(x) => Value::Descriptor(x.clone()),
            Value::Super(x) => Value::Super(x.clone()),
        }
    }

    /// Does dropping this value do nothing (no reference count to decrement)?
    #[inline(always)]
    pub fn is_plain(&self) -> bool {
        matches!(
            self,
            Value::Int(_) | Value::None | Value::Bool(_) | Value::Float(_) | Value::Ellipsis
        )
    }
}

/// Drops a value, skipping the drop glue call for plain values (ints, floats, ...).
#[inline(always)]
pub fn discard(v: Value) {
    if v.is_plain() {
        std::mem::forget(v);
    } else {
        drop(v);
    }
}

/// Stores into a slot; the old value is dropped without a call when it is plain.
#[inline(always)]
pub fn set_slot(slot: &mut Option<Value>, v: Value) {
    if let Some(old) = slot.replace(v) {
        discard(old);
    }
}

/// CPython's "trashcan": a container going away drops its members, and a member that is a
/// container going away with it drops its own, and so on. Done by plain recursion (Rust's
/// `Drop`), `t = (t,)` repeated a million times would overflow the stack when `t` goes.
/// So a dying container that holds dying containers hands all their members to one
/// worklist, emptied here in a loop: every container on it is dropped already empty.
pub(crate) fn release_members(members: Vec<Value>) {
    let mut pending = members;
    while let Some(v) = pending.pop() {
        match v {
            Value::List(rc) => {
                if let Ok(mut l) = Rc::try_unwrap(rc) {
                    pending.append(l.items.get_mut());
                }
            }
            Value::Tuple(rc) => {
                if let Ok(mut t) = Rc::try_unwrap(rc) {
                    pending.extend(std::mem::take(&mut t.items).into_vec());
                }
            }
            Value::Dict(rc) => {
                if let Ok(d) = Rc::try_unwrap(rc) {
                    for (k, v) in d.map.take() {
                        pending.push(k.value);
                        pending.push(v);
                    }
                }
            }
            Value::Set(rc) | Value::FrozenSet(rc) => {
                if let Ok(s) = Rc::try_unwrap(rc) {
                    pending.extend(s.set.take().into_keys().map(|k| k.value));
                }
            }
            Value::Cell(rc) => {
                if let Ok(c) = Rc::try_unwrap(rc) {
                    pending.extend(c.into_inner());
                }
            }
            Value::Iterator(rc) => {
                if let Ok(it) = Rc::try_unwrap(rc) {
                    it.state.take().move_members(&mut pending);
                }
            }
            Value::Function(rc) => {
                if let Ok(mut f) = Rc::try_unwrap(rc) {
                    f.move_members(&mut pending);
                }
            }
            Value::Exception(rc) => {
                if let Ok(e) = Rc::try_unwrap(rc) {
                    e.move_members(&mut pending);
                }
            }
            other => discard(other),
        }
    }
}

/// Would dropping `v` drop a container (whose members would be dropped in turn)?
#[inline]
pub(crate) fn dies_with_members(v: &Value) -> bool {
    match v {
        Value::List(rc) => Rc::strong_count(rc) == 1,
        Value::Tuple(rc) => Rc::strong_count(rc) == 1 && !rc.items.is_empty(),
        Value::Dict(rc) => Rc::strong_count(rc) == 1,
        Value::Set(rc) | Value::FrozenSet(rc) => Rc::strong_count(rc) == 1,
        Value::Cell(rc) => Rc::strong_count(rc) == 1,
        Value::Iterator(rc) => Rc::strong_count(rc) == 1,
        Value::Function(rc) => Rc::strong_count(rc) == 1,
        Value::Exception(rc) => Rc::strong_count(rc) == 1,
        _ => false,
    }
}

impl IterState {
    /// An `as_completed` generator that has given all it will (or was closed).
    pub fn as_completed_finished() -> IterState {
        IterState::AsCompleted {
            start: None,
            queue: None,
            remaining: 0,
        }
    }

    /// Moves the values this iterator holds onto `out` (it is going away).
    fn move_members(self, out: &mut Vec<Value>) {
        match self {
            IterState::Enumerate { inner, count } => out.extend([inner, count]),
            IterState::Zip { inners, .. } => out.extend(inners),
            IterState::Map { func, inners } => {
                out.push(func);
                out.extend(inners);
            }
            IterState::Filter { func, inner } => out.extend([func, inner]),
            IterState::Sequence { object, .. } => out.push(object),
            IterState::Set { items, .. }
            | IterState::Reversed { items, .. }
            | IterState::Values { items, .. } => out.extend(items),
            IterState::List { list, .. } => out.push(Value::List(list)),
            IterState::Tuple { tuple, .. } => out.push(Value::Tuple(tuple)),
            IterState::Dict { dict, .. } => out.push(Value::Dict(dict)),
            IterState::AsCompleted { start, queue, .. } => {
                if let Some(start) = start {
                    out.extend([start.0, start.1]);
                }
                out.extend(queue.map(Value::Sync));
            }
            IterState::Str { .. }
            | IterState::Range { .. }
            | IterState::LongRange(_)
            | IterState::Exhausted => {}
        }
    }
}

impl Drop for PyIterator {
    fn drop(&mut self) {
        let state = self.state.get_mut();
        let dying = match state {
            IterState::Enumerate { inner, .. } | IterState::Filter { inner, .. } => {
                dies_with_members(inner)
            }
            IterState::Zip { inners, .. } | IterState::Map { inners, .. } => {
                inners.iter().any(dies_with_members)
            }
            _ => false,
        };
        if dying {
            let mut members = Vec::new();
            std::mem::take(state).move_members(&mut members);
            release_members(members);
        }
    }
}

impl PyException {
    /// The exception's attribute dict (`e.__dict__`), made on first use.
    pub fn attributes(&self) -> Rc<PyDict> {
        self.dict
            .borrow_mut()
            .get_or_insert_with(|| Rc::new(PyDict::new()))
            .clone()
    }

    /// Moves the values this exception holds onto `out` (it is going away), in the order
    /// CPython's `BaseException_clear` lets go of them (arguments, the traceback's frames,
    /// cause, context), reversed: `release_members` takes them from the end.
    fn move_members(self, out: &mut Vec<Value>) {
        let mut e = self;
        let start = out.len();
        out.append(e.args.get_mut());
        out.append(e.frame_values.get_mut());
        out.extend(e.dict.take().map(Value::Dict));
        out.extend(e.cause.take());
        out.extend(e.context.take());
        out[start..].reverse();
    }
}

impl Drop for PyException {
    fn drop(&mut self) {
        let chained =
            |c: &RefCell<Option<Value>>| c.borrow().as_ref().is_some_and(dies_with_members);
        let frame_values = self.frame_values.get_mut();
        if self.args.get_mut().iter().any(dies_with_members)
            || frame_values.iter().any(dies_with_members)
            || chained(&self.cause)
            || chained(&self.context)
        {
            let mut members = std::mem::take(self.args.get_mut());
            members.append(frame_values);
            members.extend(self.cause.take());
            members.extend(self.context.take());
            members.reverse();
            release_members(members);
        } else {
            for v in self.args.get_mut().drain(..).chain(frame_values.drain(..)) {
                discard(v);
            }
        }
    }
}

impl Drop for PyList {
    fn drop(&mut self) {
        let items = self.items.get_mut();
        if items.iter().any(dies_with_members) {
            release_members(std::mem::take(items));
        } else {
            // CPython's `list_dealloc` releases the items last to first, which shows when
            // two of them have a visible end (a generator's `finally`, a task's report).
            while let Some(v) = items.pop() {
                discard(v);
            }
        }
    }
}

impl Drop for PyTuple {
    fn drop(&mut self) {
        if self.items.iter().any(dies_with_members) {
            release_members(std::mem::take(&mut self.items).into_vec());
        } else {
            // Last to first, as CPython's `tupledealloc`.
            for v in self.items.iter_mut().rev() {
                discard(std::mem::take(v));
            }
        }
    }
}

impl Drop for PyDict {
    fn drop(&mut self) {
        let map = self.map.get_mut();
        if map.values().any(dies_with_members) || map.keys().any(|k| dies_with_members(&k.value)) {
            let members = std::mem::take(map)
                .into_iter()
                .flat_map(|(k, v)| [k.value, v])
                .collect();
            release_members(members);
        }
    }
}

impl Drop for PySet {
    fn drop(&mut self) {
        let set = self.set.get_mut();
        if set.keys().any(|k| dies_with_members(&k.value)) {
            release_members(std::mem::take(set).into_keys().map(|k| k.value).collect());
        }
    }
}

/// FNV-1a, for the small maps keyed by names (module attributes, builtin classes): read
/// on hot paths (`asyncio.sleep`, `StopIteration`), never keyed by untrusted input in a
/// way that could be flooded, so the default SipHash's protection buys nothing here.
#[derive(Default)]
pub struct NameHasher(u64);

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type NameHash = std::hash::BuildHasherDefault<NameHasher>;

/// A completion record at run time (see `cfg::ir::CompletionRecord`).
pub enum Completion {
    Normal,
    Return(Value),
    Jump(u32),
    Raise(Value),
}

/// A `str`. Python indexes strings by code point, so we remember whether the text is ASCII
/// (then byte index = char index, which keeps `s[i]` O(1) for the common case).
pub struct PyStr {
    pub s: String,
    pub is_ascii: bool,
    /// Cached hash (0 = not computed yet).
    pub hash: Cell<u64>,
}

pub struct PyList {
    pub items: RefCell<Vec<Value>>,
}

pub struct PyTuple {
    pub items: Box<[Value]>,
}

/// The hasher of dicts and sets: keys arrive already hashed (Python's own hash, cached for
/// strs), so the hasher only spreads the bits instead of running SipHash over them again.
#[derive(Default, Clone, Copy)]
pub struct PyHasher(u64);

impl std::hash::Hasher for PyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (n >> 29);
    }
}

pub type PyBuildHasher = std::hash::BuildHasherDefault<PyHasher>;
pub type DictMap = indexmap::IndexMap<HashKey, Value, PyBuildHasher>;
/// A set's members: a map to nothing, so that lookups can use the same raw entries as
/// dicts (`find_key`).
pub type SetMap = indexmap::IndexMap<HashKey, (), PyBuildHasher>;

/// A dict keeps insertion order, like Python's.
#[derive(Default)]
pub struct PyDict {
    pub map: RefCell<DictMap>,
}

/// A set or frozenset.
///
/// Programs print sets and expect CPython's order (`{3, 1, 2}` prints `{1, 2, 3}`), which
/// is the order of CPython's open-addressing hash table. So a `PySet` mirrors that table
/// without storing it: `set` holds the members in the order they were placed into the
/// current table, `mask` is the table's size minus one, and replaying the placements
/// (`table_order`) gives CPython's slot order. Growing the table re-places members in
/// slot order, exactly as CPython's resize does. Build sets through `add`, `merge_from`
/// and `clear` to keep the mirror faithful; removals are approximated (CPython leaves a
/// dummy slot, we close the gap).
pub struct PySet {
    pub set: RefCell<SetMap>,
    pub mask: Cell<usize>,
}

impl Default for PySet {
    fn default() -> PySet {
        PySet {
            set: RefCell::new(SetMap::default()),
            mask: Cell::new(7),
        }
    }
}

/// A hashable value used as a dict key or set member, with its Python hash, computed once
/// when the key is made (`HashKey::new`, which rejects unhashable values such as lists).
///
/// A key has no Rust `Eq`: whether two keys are the same is Python's `==`, which needs the
/// `Vm` (it counts toward the recursion limit, and can fail), so every lookup goes through
/// `find_key`, which compares hashes, then identity, then `==`.
#[derive(Clone)]
pub struct HashKey {
    pub value: Value,
    pub hash: i64,
}

/// A `range`. CPython's ranges are of arbitrary ints; nearly every program's fit a machine
/// word, and those are kept as words so that `for i in range(n)` never touches a bigint.
pub enum PyRange {
    /// Start, stop, step and length all fit an i64 (so does every value in between).
    Small { start: i64, stop: i64, step: i64 },
    /// A bound or the length beyond i64 (`range(10**30)`): CPython's `longrange`.
    Big(Box<BigRange>),
}

pub struct BigRange {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
    pub len: BigInt,
}

/// The state of a `longrange_iterator`: what iterating a `PyRange::Big` (or reversing a
/// range whose last step would leave i64) walks.
pub struct LongRangeIter {
    pub next: BigInt,
    pub step: BigInt,
    pub remaining: BigInt,
}

pub struct PySlice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// Signature of every builtin: positional arguments, then keyword arguments by name.
pub type BuiltinFn =
    fn(vm: &mut super::Vm, args: Vec<Value>, kwargs: Vec<(Rc<PyStr>, Value)>) -> PyResult<Value>;

/// A builtin's one-argument form, for calls with one positional argument and no
/// keywords: the call then builds no argument vector. It must do exactly what `func` does
/// for such a call.
pub type UnaryFn = fn(vm: &mut super::Vm, arg: &Value) -> PyResult<Value>;

pub struct BuiltinFunction {
    pub name: &'static str,
    /// For methods of builtin types (`list.append`): the receiver, passed as `args[0]`.
    pub func: BuiltinFn,
    pub unary: Option<UnaryFn>,
    /// A native method of a builtin class as that class holds it (`object.__init__`,
    /// CPython's method descriptor): found through an instance's class, it binds to the
    /// instance, where a builtin function stored in a class (`log = print`) does not.
    pub method: bool,
}

impl BuiltinFunction {
    /// The builtin `name` as a value; `unary` is its one-argument form, if it has one.
    pub fn value(name: &'static str, func: BuiltinFn, unary: Option<UnaryFn>) -> Value {
        Value::Builtin(Rc::new(BuiltinFunction {
            name,
            func,
            unary,
            method: false,
        }))
    }

    /// A native method (`method` set): its first argument is the instance.
    pub fn method_value(name: &'static str, func: BuiltinFn) -> Value {
        Value::Builtin(Rc::new(BuiltinFunction {
            name,
            func,
            unary: None,
            method: true,
        }))
    }

    /// The one-argument form named `name` in a table of them.
    pub fn unary_of(name: &str, table: &[(&str, UnaryFn)]) -> Option<UnaryFn> {
        table.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
    }
}

pub struct BoundMethod {
    pub receiver: Value,
    pub name: Rc<PyStr>,
}

/// A class: a builtin one (`int`, `ValueError`, asyncio's `Task`...) or one the program
/// defined with `class`. Builtin classes form CPython's hierarchy through `base` and
/// behave as their `kind` says; a class of the program's has a `ClassInfo` too: its
/// bases, MRO and namespace, through which its instances' behaviour dispatches.
pub struct PyType {
    /// A class of the program's has its name interned (`types::intern`): class names
    /// come from the program's source, so there are as many as it has `class`es.
    pub name: &'static str,
    pub base: Option<Rc<PyType>>,
    /// For a class of the program's: the kind of the builtin class it derives from
    /// (`Object`, or `Exception` for exception classes), what its instances are made of.
    pub kind: TypeKind,
    pub class: Option<Box<ClassInfo>>,
}

/// What a class defined by the program has beyond a builtin class.
pub struct ClassInfo {
    pub qualname: String,
    pub module: String,
    pub bases: Vec<Rc<PyType>>,
    /// The method resolution order after the class itself (C3), ending with `object`.
    pub mro: Vec<Rc<PyType>>,
    /// The class's namespace: `C.__dict__`, where `C.x = ...` stores.
    pub dict: Rc<PyDict>,
    /// Which special methods the class or a class in its MRO defines, one bit each
    /// (`class::SLOTS`), and whether any of them holds a data descriptor: CPython's type
    /// slots, so that `a + b` on a class without `__add__` looks nothing up. Kept true by
    /// `class::update_slots` whenever a class's namespace changes.
    pub slots: Cell<u64>,
    /// The classes deriving from this one directly (whose slots change with its own).
    pub subclasses: RefCell<Vec<std::rc::Weak<PyType>>>,
    /// Changes whenever the namespace of the class or of a class in its MRO does (with
    /// `slots`): what an attribute site's cache (`inline_cache`) checks to know that what
    /// it found on the class still holds, CPython's type version tag.
    pub version: Cell<u64>,
    /// Instances have a `__dict__`: false when `__slots__` without `__dict__` is all
    /// along the MRO, and then an instance holds only its slots.
    pub has_dict: bool,
}

/// Which builtin type a `PyType` is, so the runtime can dispatch without string compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Object,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Bytes,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Type,
    Module,
    Iterator,
    Generator,
    Coroutine,
    CoroutineWrapper,
    Future,
    Task,
    FutureIter,
    Lock,
    Event,
    Semaphore,
    Queue,
    Timeout,
    Handle,
    TimerHandle,
    Ellipsis,
    GenericAlias,
    UnionType,
    Property,
    MappingProxy,
    GetSetDescriptor,
    MemberDescriptor,
    StaticMethod,
    ClassMethod,
    Super,
    /// An exception class (the hierarchy is given by `base`).
    Exception,
    Map,
    Filter,
    Zip,
    Enumerate,
    Reversed,
    DictKeys,
    DictValues,
    DictItems,
    ListIterator,
    TupleIterator,
    StrIterator,
    RangeIterator,
    LongRangeIterator,
    DictKeyIterator,
    DictValueIterator,
    DictItemIterator,
    SetIterator,
}

/// A type expression of annotations: `origin[args]` or `a | b | ...`.
pub enum PyAlias {
    /// `list[int]`, `dict[str, int]`, `asyncio.Queue[int]`: `__origin__` and `__args__`.
    Generic { origin: Value, args: Vec<Value> },
    /// `int | None`: the members, flattened and without repeats.
    Union(Vec<Value>),
}

/// An exception instance: its class, its arguments and what CPython attaches to it.
pub struct PyException {
    pub class: Rc<PyType>,
    /// `e.args`: set when the exception is made, and again by `BaseException.__init__`
    /// (`super().__init__(message)` in an exception class of the program's).
    pub args: RefCell<Vec<Value>>,
    /// The attributes an exception of a program's class is given (`self.key = key`).
    pub dict: RefCell<Option<Rc<PyDict>>>,
    pub cause: RefCell<Option<Value>>,
    pub context: RefCell<Option<Value>>,
    pub suppress_context: Cell<bool>,
    /// Frames the exception passed through, innermost last: (function name, file, line).
    pub traceback: RefCell<Vec<TracebackEntry>>,
    /// The values of the frames it left, innermost first (each frame's slots in order),
    /// those whose end can be seen: CPython's traceback holds those frames, and a frame
    /// holds its locals, so a generator in a local of a function that raised is closed when
    /// the exception goes (at the end of the `except` that caught it), not as it is raised.
    pub frame_values: RefCell<Vec<Value>>,
    /// What a "Did you mean" at the end of its report is worked out from (CPython's
    /// `NameError.name` and `AttributeError.name`/`.obj`); `None` for every other error.
    pub hint: RefCell<Option<Hint>>,
    /// What an `OSError` keeps beside its arguments (`None` for every other exception, and
    /// for an `OSError` built with fewer than two or more than five arguments).
    pub os: Option<Box<OsErrorFields>>,
}

/// `OSError(errno, strerror[, filename[, winerror[, filename2]]])` as CPython's
/// `oserror_init` takes it apart: a filename is kept here and dropped from `args`, and a
/// `BlockingIOError`'s third argument, when a number, is its `characters_written`.
#[derive(Clone, Default)]
pub struct OsErrorFields {
    pub errno: Value,
    pub strerror: Value,
    pub filename: Value,
    pub filename2: Value,
    pub characters_written: Option<i64>,
}

/// See `PyException::hint`.
pub enum Hint {
    /// A `NameError` from a lookup: the suggestion itself, found when it was raised (it
    /// needs the names the frame had then).
    Name(String),
    /// A failed attribute read: what was read from, and the name; the suggestion is
    /// searched for only if the report is printed.
    Attribute { owner: AttrOwner, name: Rc<str> },
}

/// What a failed attribute read was looking at, as far as `dir()` is concerned (made by
/// `suggest::owner_of`).
pub enum AttrOwner {
    /// A module: its attributes are listed when the report is printed. (A module lives
    /// as long as the run anyway: holding it changes nothing.)
    Module(Rc<PyModule>),
    /// Anything else, described rather than held: CPython's `AttributeError.obj` keeps
    /// the object alive, which in peel, where nothing collects cycles and an exception
    /// can outlive its handler, would end a generator or a task later than CPython, or
    /// never. Its type's kind (for its methods) and the data attributes
    /// `ops::get_attr` reads on it.
    Object {
        kind: TypeKind,
        data: &'static [&'static str],
        /// The names in the object's own `__dict__` at the time (a function's).
        own: Vec<Rc<str>>,
    },
}

#[derive(Clone, Debug)]
pub struct TracebackEntry {
    pub function: Rc<str>,
    pub line: u32,
    /// Byte span of the expression or statement being run, for the `^^^` markers.
    pub span: crate::span::Span,
}

pub struct PyModule {
    pub name: &'static str,
    /// Read through `get`; changed only through `set`.
    attrs: RefCell<indexmap::IndexMap<Rc<str>, Value, NameHash>>,
    /// The attributes read last, in lines chosen by the address of the name asked for
    /// (a program asks with the same string every time, `asyncio.sleep` on every await):
    /// a hit compares one short name instead of hashing it.
    recent: RefCell<Vec<Option<RecentAttr>>>,
}

/// An attribute in `PyModule::recent`: its name and value.
type RecentAttr = (Rc<str>, Value);

const MODULE_LINES: usize = 16;

impl PyModule {
    pub fn new(
        name: &'static str,
        attrs: indexmap::IndexMap<Rc<str>, Value, NameHash>,
    ) -> PyModule {
        PyModule {
            name,
            attrs: RefCell::new(attrs),
            recent: RefCell::new(vec![None; MODULE_LINES]),
        }
    }

    /// The attribute `name`, if the module has it.
    pub fn get(&self, name: &str) -> Option<Value> {
        let line = (name.as_ptr() as usize >> 3) % MODULE_LINES;
        if let Some(Some((k, v))) = self.recent.borrow().get(line) {
            if **k == *name {
                return Some(v.clone());
            }
        }
        let attrs = self.attrs.borrow();
        let (k, v) = attrs.get_key_value(name)?;
        if let Some(l) = self.recent.borrow_mut().get_mut(line) {
            *l = Some((k.clone(), v.clone()));
        }
        Some(v.clone())
    }

    /// The names of its attributes, in the order they were added.
    pub fn names(&self) -> Vec<Rc<str>> {
        self.attrs.borrow().keys().cloned().collect()
    }

    /// Adds or replaces an attribute.
    pub fn set(&self, name: &str, value: Value) {
        self.recent.borrow_mut().iter_mut().for_each(|l| *l = None);
        self.attrs.borrow_mut().insert(Rc::from(name), value);
    }

    /// Removes an attribute (`del module.name`), keeping the order of the rest.
    pub fn remove(&self, name: &str) -> Option<Value> {
        self.recent.borrow_mut().iter_mut().for_each(|l| *l = None);
        self.attrs.borrow_mut().shift_remove(name)
    }
}

/// State of a builtin iterator. Each variant is one of Python's iterator types.
pub struct PyIterator {
    pub state: RefCell<IterState>,
}

#[derive(Default)]
pub enum IterState {
    List {
        list: Rc<PyList>,
        index: usize,
    },
    Tuple {
        tuple: Rc<PyTuple>,
        index: usize,
    },
    Str {
        s: Rc<PyStr>,
        byte_index: usize,
    },
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    LongRange(Box<LongRangeIter>),
    /// Keys, values or items of a dict, by position (dict size changes raise RuntimeError).
    Dict {
        dict: Rc<PyDict>,
        index: usize,
        kind: DictIterKind,
        len_at_start: usize,
    },
    Set {
        items: Vec<Value>,
        index: usize,
    },
    Enumerate {
        inner: Value,
        count: Value,
    },
    Zip {
        inners: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        inners: Vec<Value>,
    },
    Filter {
        func: Value,
        inner: Value,
    },
    /// `iter(obj)` of an object with `__getitem__` but no `__iter__`: `obj[0]`, `obj[1]`...
    /// until IndexError or StopIteration (CPython's sequence iterator).
    /// `reversed(obj)` of an object with `__len__` and `__getitem__` but no `__reversed__`
    /// is the same walk backwards from `len(obj) - 1` (`reversed`).
    Sequence {
        object: Value,
        index: i64,
        reversed: bool,
    },
    Reversed {
        items: Vec<Value>,
        index: usize,
    },
    /// `asyncio.as_completed(fs, timeout=...)`, a generator in CPython: nothing happens
    /// until the first `next()`, which turns `fs` into tasks and hooks their completion
    /// (`start`: the arguments until then); then one waiting coroutine per future.
    AsCompleted {
        start: Option<Box<(Value, Value)>>,
        /// Where the futures' results arrive, once started; each `next` makes one
        /// `_wait_for_one()` coroutine reading it, as CPython's generator does.
        queue: Option<Rc<super::aiosync::Sync>>,
        remaining: usize,
    },
    /// A snapshot of values (sorted results, etc.).
    Values {
        items: Vec<Value>,
        index: usize,
    },
    #[default]
    Exhausted,
}

/// A live view of a dict's keys, values or items.
pub struct DictView {
    pub dict: Rc<PyDict>,
    pub kind: DictIterKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictIterKind {
    Keys,
    Values,
    Items,
}

/// Every fallible runtime operation returns this: the error is a Python exception value
/// instance.
pub type PyResult<T> = Result<T, Rc<PyException>>;

impl PyStr {
    pub fn new(s: String) -> PyStr {
        let is_ascii = s.is_ascii();
        PyStr {
            s,
            is_ascii,
            hash: Cell::new(0),
        }
    }
}

impl PyStr {
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Python's `len(s)`: code points, not bytes.
    pub fn char_len(&self) -> usize {
        if self.is_ascii {
            self.s.len()
        } else {
            self.s.chars().count()
        }
    }

    /// The hash, computed on first use and cached (strs are immutable). CPython randomizes
    /// str hashes per process, so any good hash is as faithful as another.
    pub fn hash_value(&self) -> i64 {
        let cached = self.hash.get();
        if cached != 0 {
            return cached as i64;
        }
        let h = str_hash(&self.s);
        self.hash.set(h as u64);
        h
    }
}

/// The hash of a str's text (what `PyStr::hash_value` caches): FNV-1a over the bytes,
/// then a final mix. Never 0 or -1.
#[inline]
pub fn str_hash(s: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 31;
    let h = h as i64;
    if h == -1 || h == 0 {
        -2
    } else {
        h
    }
}

impl PyList {
    pub fn new(items: Vec<Value>) -> PyList {
        PyList {
            items: RefCell::new(items),
        }
    }

    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.borrow().is_empty()
    }
}

/// What a map stores for a Python hash: the hasher's spreading of it.
#[inline]
fn table_hash(hash: i64) -> u64 {
    use std::hash::Hasher;
    let mut h = PyHasher::default();
    h.write_u64(hash as u64);
    h.finish()
}

/// CPython's lookup in a dict or set: the entry whose key has the same hash and is the same
/// object or `==` to `key` (`==` may fail: a RecursionError on deeply nested keys).
pub fn find_key<V>(
    vm: &mut super::Vm,
    map: &indexmap::IndexMap<HashKey, V, PyBuildHasher>,
    key: &HashKey,
) -> PyResult<Option<usize>> {
    use indexmap::map::RawEntryApiV1;
    let mut failed = None;
    let found = map
        .raw_entry_v1()
        .index_from_hash(table_hash(key.hash), |k| {
            if failed.is_some() || k.hash != key.hash {
                return false;
            }
            match super::ops::same_or_eq(vm, &k.value, &key.value) {
                Ok(same) => same,
                Err(e) => {
                    failed = Some(e);
                    false
                }
            }
        });
    match failed {
        Some(e) => Err(e),
        None => Ok(found),
    }
}

/// Adds a key known not to be in the map (no comparison at all).
fn push_new<V>(map: &mut indexmap::IndexMap<HashKey, V, PyBuildHasher>, key: HashKey, value: V) {
    use indexmap::map::{raw_entry_v1::RawEntryMut, RawEntryApiV1};
    let h = table_hash(key.hash);
    if let RawEntryMut::Vacant(slot) = map.raw_entry_mut_v1().from_hash(h, |_| false) {
        slot.insert_hashed_nocheck(h, key, value);
    }
}

/// A str key's lookup, which needs no `Vm`: only a str can equal a str.
pub(crate) fn find_str_index<V>(
    map: &indexmap::IndexMap<HashKey, V, PyBuildHasher>,
    key: &str,
) -> Option<usize> {
    find_str(map, key)
}

fn find_str<V>(map: &indexmap::IndexMap<HashKey, V, PyBuildHasher>, key: &str) -> Option<usize> {
    find_str_hashed(map, key, str_hash(key))
}

/// `find_str` for a key whose `str_hash` is known (one hash for several dicts).
fn find_str_hashed<V>(
    map: &indexmap::IndexMap<HashKey, V, PyBuildHasher>,
    key: &str,
    hash: i64,
) -> Option<usize> {
    use indexmap::map::RawEntryApiV1;
    map.raw_entry_v1().index_from_hash(
        table_hash(hash),
        |k| matches!(&k.value, Value::Str(s) if s.s == key),
    )
}

/// Whether a dict key is the str `key`: the same object (attribute names are shared, see
/// `Vm::attr_names`), or an equal str.
#[inline]
fn is_key(k: &Value, key: &Rc<PyStr>) -> bool {
    matches!(k, Value::Str(s) if Rc::ptr_eq(s, key) || s.s == key.s)
}

impl PyDict {
    /// A snapshot of the entries, in order (safe to keep while the dict changes).
    pub fn pairs(&self) -> Vec<(Value, Value)> {
        self.map
            .borrow()
            .iter()
            .map(|(k, v)| (k.value.clone(), v.clone()))
            .collect()
    }

    pub fn new() -> PyDict {
        PyDict::default()
    }

    pub fn len(&self) -> usize {
        self.map.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.borrow().is_empty()
    }

    /// The entry at `i` in insertion order (walks that must survive the dict changing
    /// under them read one entry at a time).
    pub fn entry_at(&self, i: usize) -> Option<(Value, Value)> {
        let m = self.map.borrow();
        m.get_index(i).map(|(k, v)| (k.value.clone(), v.clone()))
    }

    /// `d[key]` without the KeyError: `Ok(None)` when absent, `Err` when unhashable.
    pub fn get(&self, vm: &mut super::Vm, key: &Value) -> PyResult<Option<Value>> {
        let k = HashKey::new_in(vm, key.clone())?;
        self.get_key(vm, &k)
    }

    /// `d[key]` for a key already hashed.
    pub fn get_key(&self, vm: &mut super::Vm, k: &HashKey) -> PyResult<Option<Value>> {
        let m = self.map.borrow();
        Ok(find_key(vm, &m, k)?.and_then(|i| m.get_index(i).map(|(_, v)| v.clone())))
    }

    /// Lookup by a str key (keyword arguments, module attributes).
    pub fn get_str(&self, key: &str) -> Option<Value> {
        self.get_str_hashed(key, str_hash(key))
    }

    /// `get_str` for a key whose `str_hash` is known.
    pub fn get_str_hashed(&self, key: &str, hash: i64) -> Option<Value> {
        let m = self.map.borrow();
        find_str_hashed(&m, key, hash).and_then(|i| m.get_index(i).map(|(_, v)| v.clone()))
    }

    /// Where the str key `key` is in the dict's order.
    pub fn index_of_str(&self, key: &str, hash: i64) -> Option<usize> {
        find_str_hashed(&self.map.borrow(), key, hash)
    }

    /// The value at `index` if the entry there has the str key `key` (the same object,
    /// or an equal str): an inline cache's check, with no hashing.
    #[inline]
    pub fn get_str_at(&self, index: usize, key: &Rc<PyStr>) -> Option<Value> {
        let m = self.map.borrow();
        match m.get_index(index) {
            Some((k, v)) if is_key(&k.value, key) => Some(v.clone()),
            _ => None,
        }
    }

    /// Replaces the value at `index` if the entry there has the str key `key`; gives the
    /// value back otherwise. The old value is dropped once the dict is no longer borrowed.
    #[inline]
    pub fn set_str_at(&self, index: usize, key: &Rc<PyStr>, value: Value) -> Result<(), Value> {
        let old = {
            let mut m = self.map.borrow_mut();
            match m.get_index_mut(index) {
                Some((k, v)) if is_key(&k.value, key) => std::mem::replace(v, value),
                _ => return Err(value),
            }
        };
        drop(old);
        Ok(())
    }

    /// `d[key] = value` for a str key given as text: the key object is made only when the
    /// dict does not hold the key yet (`obj.x = v` on an existing attribute makes none).
    pub fn set_str_text(&self, key: &str, value: Value) {
        self.set_str_with(
            key,
            str_hash(key),
            || Rc::new(PyStr::new(key.to_string())),
            value,
        );
    }

    /// `d[key] = value` for a str key object whose `str_hash` is known; a new entry keeps
    /// this key object.
    /// Gives the entry's position.
    pub fn set_str_hashed(&self, key: &Rc<PyStr>, hash: i64, value: Value) -> usize {
        self.set_str_with(&key.s, hash, || key.clone(), value)
    }

    /// A str key's store: the value replaced in place (the old one dropped once the dict
    /// is no longer borrowed, as its end may run code that reads the dict), or a new
    /// entry whose key `make_key` makes.
    fn set_str_with(
        &self,
        key: &str,
        hash: i64,
        make_key: impl FnOnce() -> Rc<PyStr>,
        value: Value,
    ) -> usize {
        let found = find_str_hashed(&self.map.borrow(), key, hash);
        match found {
            Some(i) => {
                let old = {
                    let mut m = self.map.borrow_mut();
                    m.get_index_mut(i).map(|(_, v)| std::mem::replace(v, value))
                };
                drop(old);
                i
            }
            None => {
                let mut m = self.map.borrow_mut();
                push_new(
                    &mut m,
                    HashKey {
                        value: Value::Str(make_key()),
                        hash,
                    },
                    value,
                );
                m.len() - 1
            }
        }
    }

    /// `d[key] = value`.
    pub fn set(&self, vm: &mut super::Vm, key: Value, value: Value) -> PyResult<()> {
        let k = HashKey::new_in(vm, key)?;
        self.set_key(vm, k, value)
    }

    /// `d[key] = value` for a key already hashed (an existing key keeps its place and
    /// its first key object, as in CPython).
    pub fn set_key(&self, vm: &mut super::Vm, k: HashKey, value: Value) -> PyResult<()> {
        let found = find_key(vm, &self.map.borrow(), &k)?;
        let mut m = self.map.borrow_mut();
        match found.and_then(|i| m.get_index_mut(i)) {
            Some((_, v)) => *v = value,
            None => push_new(&mut m, k, value),
        }
        Ok(())
    }

    /// `d[key] = value` for a str key (keyword arguments, namespaces): no `Vm` needed.
    pub fn set_str(&self, key: Rc<PyStr>, value: Value) {
        let hash = key.hash_value();
        let text = key.clone();
        self.set_str_with(&text.s, hash, || key, value);
    }

    /// Removes a str key, keeping the order of the rest; the value it had.
    pub fn remove_str(&self, key: &str) -> Option<Value> {
        let found = find_str(&self.map.borrow(), key);
        found.and_then(|i| self.map.borrow_mut().shift_remove_index(i).map(|(_, v)| v))
    }

    /// Removes `key`, keeping the order of the rest; the value it had.
    pub fn remove(&self, vm: &mut super::Vm, key: &Value) -> PyResult<Option<Value>> {
        let k = HashKey::new_in(vm, key.clone())?;
        let found = find_key(vm, &self.map.borrow(), &k)?;
        Ok(found.and_then(|i| self.map.borrow_mut().shift_remove_index(i).map(|(_, v)| v)))
    }
}

impl PySet {
    pub fn new() -> PySet {
        PySet::default()
    }

    pub fn len(&self) -> usize {
        self.set.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.borrow().is_empty()
    }

    pub fn add(&self, vm: &mut super::Vm, v: Value) -> PyResult<()> {
        let k = HashKey::new_in(vm, v)?;
        self.add_key(vm, k)
    }

    /// CPython's `set_add_entry`: insert, then grow the table when it is 3/5 full.
    pub fn add_key(&self, vm: &mut super::Vm, k: HashKey) -> PyResult<()> {
        if find_key(vm, &self.set.borrow(), &k)?.is_none() {
            push_new(&mut self.set.borrow_mut(), k, ());
            let n = self.len();
            if n * 5 >= self.mask.get() * 3 {
                self.resize(if n > 50000 { n * 2 } else { n * 4 });
            }
        }
        Ok(())
    }

    /// Is this key a member?
    pub fn contains_key(&self, vm: &mut super::Vm, k: &HashKey) -> PyResult<bool> {
        Ok(find_key(vm, &self.set.borrow(), k)?.is_some())
    }

    /// CPython's `set_table_resize`: a table of the smallest power of two above
    /// `minused` (at least 8), members re-placed in their current slot order.
    pub fn resize(&self, minused: usize) {
        let mut size = 8;
        while size <= minused {
            size <<= 1;
        }
        let order = self.table_order();
        let mut m = self.set.borrow_mut();
        let old = std::mem::take(&mut *m);
        let mut slots: Vec<Option<HashKey>> = old.into_iter().map(|(k, ())| Some(k)).collect();
        for i in order {
            if let Some(k) = slots[i].take() {
                push_new(&mut m, k, ());
            }
        }
        self.mask.set(size - 1);
    }

    /// Empties the set and returns to CPython's smallest table.
    pub fn clear(&self) {
        self.set.borrow_mut().clear();
        self.mask.set(7);
    }

    /// CPython's `set_merge`: adds all of `other` (`set(s)`, `s.copy()`, `a | b`,
    /// `a.update(b)`), with its presizing and its fast paths for an empty target.
    pub fn merge_from(&self, vm: &mut super::Vm, other: &PySet) -> PyResult<()> {
        if self.is_empty() {
            self.fill_from(other);
            return Ok(());
        }
        let n = other.len();
        if n == 0 || std::ptr::eq(self, other) {
            return Ok(());
        }
        if (self.len() + n) * 5 >= self.mask.get() * 3 {
            self.resize((self.len() + n) * 2);
        }
        let keys: Vec<HashKey> = {
            let theirs = other.set.borrow();
            let order = other.table_order();
            order
                .into_iter()
                .filter_map(|i| theirs.get_index(i).map(|(k, ())| k.clone()))
                .collect()
        };
        for k in keys {
            self.add_key(vm, k)?;
        }
        Ok(())
    }

    /// `set_merge` into this empty set: the members are distinct already, so nothing is
    /// compared.
    fn fill_from(&self, other: &PySet) {
        let n = other.len();
        if n == 0 || std::ptr::eq(self, other) {
            return;
        }
        if n * 5 >= self.mask.get() * 3 {
            self.resize(n * 2);
        }
        let other_order = other.table_order();
        let theirs = other.set.borrow();
        let mut m = self.set.borrow_mut();
        if self.mask.get() == other.mask.get() {
            // Same table size: CPython copies the table as is.
            *m = theirs.clone();
        } else {
            // `set_insert_clean` in the other table's slot order.
            for i in other_order {
                if let Some((k, ())) = theirs.get_index(i) {
                    push_new(&mut m, k.clone(), ());
                }
            }
        }
    }

    /// A new set holding the same members in the same table layout.
    pub fn copy(&self) -> PySet {
        let s = PySet::new();
        s.fill_from(self);
        s
    }

    /// Replaces this set's members and layout with `other`'s (in-place operators).
    pub fn replace_with(&self, other: PySet) {
        *self.set.borrow_mut() = other.set.take();
        self.mask.set(other.mask.get());
    }

    /// The members' indices (into `set`) in CPython's slot order: replays the placements
    /// into a table of `mask + 1` slots (linear probes of 9, then perturbed jumps).
    pub fn table_order(&self) -> Vec<usize> {
        let set = self.set.borrow();
        let n = set.len();
        let mask = self.mask.get();
        if n <= 1 || mask + 1 < n {
            return (0..n).collect();
        }
        let mut table: Vec<u32> = vec![u32::MAX; mask + 1];
        for (idx, k) in set.keys().enumerate() {
            let hash = k.hash as u64;
            let mut perturb = hash;
            let mut i = hash as usize & mask;
            'probe: loop {
                if table[i] == u32::MAX {
                    table[i] = idx as u32;
                    break;
                }
                if i + 9 <= mask {
                    for j in 1..=9 {
                        if table[i + j] == u32::MAX {
                            table[i + j] = idx as u32;
                            break 'probe;
                        }
                    }
                }
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
        }
        table
            .into_iter()
            .filter(|&e| e != u32::MAX)
            .map(|e| e as usize)
            .collect()
    }

    /// The members in CPython's iteration order.
    pub fn ordered(&self) -> Vec<Value> {
        let order = self.table_order();
        let set = self.set.borrow();
        order
            .into_iter()
            .filter_map(|i| set.get_index(i).map(|(k, ())| k.value.clone()))
            .collect()
    }

    /// Removes a member (the remaining members keep their relative placement order);
    /// whether it was there.
    pub fn remove_key(&self, vm: &mut super::Vm, k: &HashKey) -> PyResult<bool> {
        let found = find_key(vm, &self.set.borrow(), k)?;
        Ok(found.is_some_and(|i| self.set.borrow_mut().shift_remove_index(i).is_some()))
    }

    pub fn contains(&self, vm: &mut super::Vm, v: &Value) -> PyResult<bool> {
        let k = HashKey::new_in(vm, v.clone())?;
        self.contains_key(vm, &k)
    }
}

impl PyRange {
    /// `range(start, stop, step)` of words; `step` is not 0.
    pub fn small(start: i64, stop: i64, step: i64) -> PyRange {
        match Self::word_len(start, stop, step) <= i64::MAX as i128 {
            true => PyRange::Small { start, stop, step },
            false => Self::big(start.into(), stop.into(), step.into()),
        }
    }

    /// `range(start, stop, step)` of any ints, in the small form when everything fits;
    /// `step` is not 0.
    pub fn new(start: BigInt, stop: BigInt, step: BigInt) -> PyRange {
        use num_traits::ToPrimitive;
        match (start.to_i64(), stop.to_i64(), step.to_i64()) {
            (Some(a), Some(b), Some(c)) => Self::small(a, b, c),
            _ => Self::big(start, stop, step),
        }
    }

    fn big(start: BigInt, stop: BigInt, step: BigInt) -> PyRange {
        use num_traits::{One, Signed, Zero};
        let len = if step.is_positive() && start < stop {
            (&stop - &start - 1u8) / &step + BigInt::one()
        } else if step.is_negative() && start > stop {
            (&start - &stop - 1u8) / (-&step) + BigInt::one()
        } else {
            BigInt::zero()
        };
        PyRange::Big(Box::new(BigRange {
            start,
            stop,
            step,
            len,
        }))
    }

    fn word_len(start: i64, stop: i64, step: i64) -> i128 {
        let (lo, hi, step) = (start as i128, stop as i128, step as i128);
        if step > 0 && lo < hi {
            (hi - lo - 1) / step + 1
        } else if step < 0 && lo > hi {
            (lo - hi - 1) / (-step) + 1
        } else {
            0
        }
    }

    /// `len(range)`: CPython's OverflowError when it does not fit a machine word.
    pub fn len(&self) -> PyResult<i64> {
        use num_traits::ToPrimitive;
        match self {
            PyRange::Small { start, stop, step } => Ok(Self::word_len(*start, *stop, *step) as i64),
            PyRange::Big(b) => b.len.to_i64().ok_or_else(|| {
                super::types::overflow_error("Python int too large to convert to C ssize_t")
            }),
        }
    }

    /// The length as an int of any size.
    pub fn len_big(&self) -> BigInt {
        match self {
            PyRange::Small { start, stop, step } => Self::word_len(*start, *stop, *step).into(),
            PyRange::Big(b) => b.len.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        use num_traits::Zero;
        match self {
            PyRange::Small { start, stop, step } => Self::word_len(*start, *stop, *step) == 0,
            PyRange::Big(b) => b.len.is_zero(),
        }
    }

    /// Start, stop and step as ints of any size.
    pub fn bounds(&self) -> (BigInt, BigInt, BigInt) {
        match self {
            PyRange::Small { start, stop, step } => {
                ((*start).into(), (*stop).into(), (*step).into())
            }
            PyRange::Big(b) => (b.start.clone(), b.stop.clone(), b.step.clone()),
        }
    }

    /// The `start`, `stop` and `step` attributes.
    pub fn start(&self) -> Value {
        match self {
            PyRange::Small { start, .. } => Value::Int(*start),
            PyRange::Big(b) => Value::int_from_bigint(b.start.clone()),
        }
    }

    pub fn stop(&self) -> Value {
        match self {
            PyRange::Small { stop, .. } => Value::Int(*stop),
            PyRange::Big(b) => Value::int_from_bigint(b.stop.clone()),
        }
    }

    pub fn step(&self) -> Value {
        match self {
            PyRange::Small { step, .. } => Value::Int(*step),
            PyRange::Big(b) => Value::int_from_bigint(b.step.clone()),
        }
    }

    /// The value at position `i`, unchecked (`0 <= i < len` for an item; a slice's bounds
    /// may lie outside).
    pub fn item(&self, i: &BigInt) -> Value {
        let (start, _, step) = self.bounds();
        Value::int_from_bigint(start + i * step)
    }

    /// Where `x` is in the range, if it is.
    pub fn position(&self, x: &BigInt) -> Option<BigInt> {
        use num_traits::{Signed, Zero};
        let (start, stop, step) = self.bounds();
        let inside = match step.is_positive() {
            true => &start <= x && x < &stop,
            false => &start >= x && x > &stop,
        };
        if !inside {
            return None;
        }
        let offset = x - &start;
        match (&offset % &step).is_zero() {
            true => Some(offset / step),
            false => None,
        }
    }

    /// An iterator from position 0 (`iter`), or backwards from the last item
    /// (`reversed`), as CPython's `range_iterator` when every value and the end fit a
    /// word, else as its `longrange_iterator`.
    pub fn iter_state(&self, backwards: bool) -> IterState {
        use num_traits::{One, ToPrimitive};
        if let (PyRange::Small { start, stop, step }, false) = (self, backwards) {
            return IterState::Range {
                next: *start,
                stop: *stop,
                step: *step,
            };
        }
        let len = self.len_big();
        let (start, _, step) = self.bounds();
        let (first, step) = match backwards {
            true => (&start + (&len - BigInt::one()) * &step, -step),
            false => (start, step),
        };
        // Backwards over words: the end is one step past the first item, which must fit.
        if let (PyRange::Small { .. }, Some(next), Some(stop), Some(step)) = (
            self,
            first.to_i64(),
            (&first + &step * &len).to_i64(),
            step.to_i64(),
        ) {
            return IterState::Range { next, stop, step };
        }
        IterState::LongRange(Box::new(LongRangeIter {
            next: first,
            step,
            remaining: len,
        }))
    }
}

impl HashKey {
    /// Hashes `value` as Python does; lists, dicts and sets are unhashable (TypeError).
    pub fn new(value: Value) -> PyResult<HashKey> {
        let hash = py_hash(&value)?;
        Ok(HashKey { value, hash })
    }

    /// `HashKey::new`, calling a program's `__hash__` where a key has one.
    pub fn new_in(vm: &mut super::Vm, value: Value) -> PyResult<HashKey> {
        let hash = hash_value(vm, &value)?;
        Ok(HashKey { value, hash })
    }

    /// Python's hash of the key.
    pub fn py_hash(&self) -> i64 {
        self.hash
    }
}

impl std::hash::Hash for HashKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash as u64);
    }
}

/// CPython's modulus for numeric hashes: 2**61 - 1, so that `hash(1) == hash(1.0)`.
const HASH_MODULUS: u64 = (1 << 61) - 1;
const HASH_BITS: u32 = 61;

/// `hash(v)`, with CPython's values for ints, floats and tuples (so sets of ints iterate in
/// CPython's order), and a TypeError for unhashable values.
pub fn py_hash(v: &Value) -> PyResult<i64> {
    Ok(match v {
        Value::None => 0xFCA8_6420,
        Value::Bool(b) => *b as i64,
        Value::Int(i) => hash_i64(*i),
        Value::BigInt(b) => hash_bigint(b),
        Value::Float(f) => hash_float(*f),
        Value::Str(s) => s.hash_value(),
        Value::Tuple(t) => tuple_hash(t)?,
        Value::FrozenSet(s) => {
            let mut h: u64 = 0;
            for k in s.set.borrow().keys() {
                let x = k.hash as u64;
                h ^= ((x ^ 89869747) ^ (x << 16)).wrapping_mul(3644798167);
            }
            h ^= (s.len() as u64 + 1).wrapping_mul(1927868237);
            h ^= (h >> 11) ^ (h >> 25);
            h = h.wrapping_mul(69069).wrapping_add(907133923);
            if h == u64::MAX {
                590923713
            } else {
                h as i64
            }
        }
        Value::Bytes(b) => {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for &x in b.iter() {
                h = (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
            }
            (h >> 1) as i64
        }
        Value::Range(r) => {
            // CPython hashes (len, start, step), with None for what cannot tell two equal
            // ranges apart: both for an empty range, the step for a range of one.
            let len = r.len_big();
            let t = Value::tuple(vec![
                Value::int_from_bigint(len.clone()),
                match len.sign() {
                    num_bigint::Sign::NoSign => Value::None,
                    _ => r.start(),
                },
                match len > BigInt::from(1) {
                    true => r.step(),
                    false => Value::None,
                },
            ]);
            py_hash(&t)?
        }
        Value::Instance(_) | Value::Exception(_) if super::class::is_user(v) => {
            super::class::hash_without_vm(v)?
        }
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) | Value::DictView(_) => {
            return Err(super::types::type_error(format!(
                "unhashable type: '{}'",
                super::ops::type_name(v)
            )))
        }
        // `hash(list[int])` combines its origin's and arguments', as CPython's `ga_hash`;
        // a union hashes its members as a frozenset would, whatever their order.
        Value::Alias(a) => match &**a {
            PyAlias::Generic { origin, args } => {
                py_hash(origin)?
                    ^ tuple_hash(&PyTuple {
                        items: args.clone().into(),
                    })?
            }
            PyAlias::Union(ms) => {
                let mut h: i64 = 0x2f5e_1a37;
                for m in ms {
                    h ^= py_hash(m)?;
                }
                h
            }
        },
        // A bound method hashes its receiver's identity and its function (CPython's
        // `meth_hash`), as two bindings of one function to one object are equal.
        Value::Method(m) => identity_hash(&m.receiver) ^ py_hash(&m.func)?,
        _ => identity_hash(v),
    })
}

/// `hash(v)`, calling the `__hash__` of values of a program's classes (in a tuple too).
/// The builtin hash is tried first: only a value it cannot hash without calling Python
/// (an instance whose class defines `__hash__`, or a tuple holding one) takes the slow
/// path, so a tuple key is walked once.
pub fn hash_value(vm: &mut super::Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Instance(_) | Value::Exception(_) if super::class::is_user(v) => {
            super::class::hash(vm, v)
        }
        Value::Tuple(t) => match py_hash(v) {
            Err(_) if needs_vm_to_hash(v) => {
                let mut hashes = Vec::with_capacity(t.items.len());
                for item in t.items.iter() {
                    // Each level of nesting is a level of Rust recursion here.
                    let h = vm.native_nested(|vm| hash_value(vm, item))?;
                    hashes.push(Value::Int(h));
                }
                // Hashing each item's hash as an int gives the item's hash back (for
                // the values a hash can be: any i64 but -1), so the tuple hashes as
                // CPython's.
                tuple_hash(&PyTuple {
                    items: hashes.into(),
                })
            }
            r => r,
        },
        _ => py_hash(v),
    }
}

/// Whether a tuple holds (at any depth) a value of a program's class, walked with a
/// stack of its own (tuples nest without limit).
fn needs_vm_to_hash(v: &Value) -> bool {
    let mut todo = vec![v];
    while let Some(x) = todo.pop() {
        match x {
            Value::Tuple(t) => todo.extend(t.items.iter()),
            other if super::class::is_user(other) => return true,
            _ => {}
        }
    }
    false
}

/// CPython's tuple hash (xxHash's lanes over the items' hashes). Nested tuples are walked
/// with a stack of our own rather than by recursion: CPython's `tuplehash` has no recursion
/// limit, so `hash(t)` of a tuple nested 100,000 deep is a number, and must not overflow
/// peel's stack either.
fn tuple_hash(t: &PyTuple) -> PyResult<i64> {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mix = |acc: u64, lane: i64| {
        acc.wrapping_add((lane as u64).wrapping_mul(P2))
            .rotate_left(31)
            .wrapping_mul(P1)
    };
    let finish = |acc: u64, len: usize| {
        let acc = acc.wrapping_add((len as u64) ^ (P5 ^ 3527539));
        if acc == u64::MAX {
            1546275796
        } else {
            acc as i64
        }
    };
    // Each open tuple: its items, the next one to hash, the hash so far.
    let mut open: Vec<(&[Value], usize, u64)> = vec![(&t.items, 0, P5)];
    loop {
        let Some(top) = open.last_mut() else {
            unreachable!("the outermost tuple is popped only to return")
        };
        let (items, next) = (top.0, top.1);
        if next == items.len() {
            let done = finish(top.2, items.len());
            open.pop();
            match open.last_mut() {
                Some(parent) => parent.2 = mix(parent.2, done),
                None => return Ok(done),
            }
            continue;
        }
        top.1 += 1;
        match &items[next] {
            Value::Tuple(inner) => open.push((&inner.items, 0, P5)),
            item => top.2 = mix(top.2, py_hash(item)?),
        }
    }
}

/// Objects without value equality hash by identity, as CPython's `object.__hash__` does.
fn identity_hash(v: &Value) -> i64 {
    // CPython hashes a task by its address, so a set of tasks (`asyncio.wait`'s `done`,
    // `all_tasks()`) iterates in an order that depends on where they were allocated. peel
    // hashes a task by its number instead: such a set iterates in creation order (while
    // it is smaller than its table), which is deterministic and what a reader expects.
    if let Value::Future(f) = v {
        if let Some(t) = f.task() {
            return t.number() as i64;
        }
    }
    let addr = super::ops::identity(v) as u64;
    addr.rotate_right(4) as i64 & i64::MAX
}

pub fn hash_i64(i: i64) -> i64 {
    let m = HASH_MODULUS as i128;
    let x = i as i128;
    let r = if x >= 0 { x % m } else { -((-x) % m) };
    if r == -1 {
        -2
    } else {
        r as i64
    }
}

pub fn hash_bigint(b: &BigInt) -> i64 {
    use num_traits::{Signed, ToPrimitive};
    let m = BigInt::from(HASH_MODULUS);
    let r = (b.abs() % &m).to_i64().unwrap_or(0);
    let r = if b.is_negative() { -r } else { r };
    if r == -1 {
        -2
    } else {
        r
    }
}

/// CPython's `_Py_HashDouble`: equal to the int hash for integral floats.
pub fn hash_float(v: f64) -> i64 {
    if v.is_nan() {
        return 0;
    }
    if v.is_infinite() {
        return if v > 0.0 { 314159 } else { -314159 };
    }
    if v == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    let e = if e >= 0 {
        e % HASH_BITS as i32
    } else {
        HASH_BITS as i32 - 1 - ((-1 - e) % HASH_BITS as i32)
    } as u32;
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    let r = (x as i64).wrapping_mul(sign);
    if r == -1 {
        -2
    } else {
        r
    }
}

/// `math.frexp`: v = m * 2**e with 0.5 <= |m| < 1.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Rc::new(PyStr::new(s.into())))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(PyList::new(items)))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(PyTuple {
            items: items.into_boxed_slice(),
        }))
    }

    /// A dict from key/value pairs in order (later duplicates win, as in a display).
    pub fn dict(vm: &mut super::Vm, pairs: Vec<(Value, Value)>) -> PyResult<Value> {
        let d = PyDict::new();
        for (k, v) in pairs {
            d.set(vm, k, v)?;
        }
        Ok(Value::Dict(Rc::new(d)))
    }

    pub fn empty_dict() -> Value {
        Value::Dict(Rc::new(PyDict::new()))
    }

    pub fn set(vm: &mut super::Vm, items: Vec<Value>) -> PyResult<Value> {
        let s = PySet::new();
        for v in items {
            s.add(vm, v)?;
        }
        Ok(Value::Set(Rc::new(s)))
    }

    pub fn frozenset(vm: &mut super::Vm, items: Vec<Value>) -> PyResult<Value> {
        let s = PySet::new();
        for v in items {
            s.add(vm, v)?;
        }
        Ok(Value::FrozenSet(Rc::new(s)))
    }

    /// An int from a BigInt, back on the i64 fast path whenever it fits.
    pub fn int_from_bigint(b: BigInt) -> Value {
        use num_traits::ToPrimitive;
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(Rc::new(b)),
        }
    }

    pub fn iterator(state: IterState) -> Value {
        Value::Iterator(Rc::new(PyIterator {
            state: RefCell::new(state),
        }))
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::str(s)
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::ops::repr_value(self))
    }
}

impl std::fmt::Debug for PyException {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            self.class.name,
            super::ops::exception_str_value(self)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 200,000 levels of nesting, far more than a test thread's stack could drop or hash
    /// by recursion (each level would be a Rust frame).
    const DEEP: usize = 200_000;

    #[test]
    fn deeply_nested_values_drop_without_recursion() {
        let mut t = Value::tuple(vec![]);
        let mut l = Value::list(vec![]);
        let mut d = Value::empty_dict();
        let mut it = Value::Iterator(Rc::new(PyIterator {
            state: RefCell::new(IterState::Exhausted),
        }));
        let mut e = Value::Exception(super::super::types::new_exception("ValueError", "x"));
        for _ in 0..DEEP {
            t = Value::tuple(vec![t]);
            l = Value::list(vec![l, Value::Int(1)]);
            let next = PyDict::new();
            let key = HashKey::new(Value::Int(0)).expect("hashable");
            push_new(&mut next.map.borrow_mut(), key, std::mem::take(&mut d));
            d = Value::Dict(Rc::new(next));
            it = Value::Iterator(Rc::new(PyIterator {
                state: RefCell::new(IterState::Filter {
                    func: Value::None,
                    inner: it,
                }),
            }));
            let next = super::super::types::new_exception("ValueError", "y");
            *next.cause.borrow_mut() = Some(e);
            e = Value::Exception(next);
        }
        // The whole chain is one set of frozensets too.
        let mut s = Value::FrozenSet(Rc::new(PySet::new()));
        for _ in 0..DEEP {
            let next = PySet::new();
            push_new(
                &mut next.set.borrow_mut(),
                HashKey::new(s).expect("hashable"),
                (),
            );
            s = Value::FrozenSet(Rc::new(next));
        }
        drop((t, l, d, it, e, s));
    }

    #[test]
    fn deeply_nested_tuples_hash_as_cpython_without_recursion() {
        // CPython's hash of ((),) and of (((),),), then one nested 200,000 deep.
        let one = Value::tuple(vec![Value::tuple(vec![])]);
        let two = Value::tuple(vec![one.clone()]);
        assert_eq!(py_hash(&one).unwrap(), -5486347211504344842);
        assert_eq!(py_hash(&two).unwrap(), 4510597632111149919);
        let mut t = Value::tuple(vec![]);
        for _ in 0..DEEP {
            t = Value::tuple(vec![t]);
        }
        assert!(py_hash(&t).is_ok());
    }

    #[test]
    fn value_is_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn numeric_hashes_match_cpython() {
        assert_eq!(hash_i64(-1), -2);
        assert_eq!(hash_i64(1 << 61), 1);
        assert_eq!(hash_float(1.0), 1);
        assert_eq!(hash_float(1.5), 1152921504606846977);
        assert_eq!(hash_float(-2.5), -1152921504606846978);
        assert_eq!(hash_float(0.1), 230584300921369408);
        assert_eq!(
            py_hash(&Value::tuple(vec![Value::Int(1), Value::Int(2)])).ok(),
            Some(-3550055125485641917)
        );
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    /// Values are two words, and the options and results the interpreter passes around
    /// are no bigger (the tag's spare values hold `None` and `Err`).
    #[test]
    fn values_are_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
        assert_eq!(std::mem::size_of::<PyResult<Value>>(), 16);
    }
}
