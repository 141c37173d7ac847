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
    /// Internal: a closure cell shared between frames. Never visible to Python code.
    Cell(Rc<RefCell<Option<Value>>>),
    /// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
    DictView(Rc<DictView>),
    /// Internal: a completion record for a `finally` block. Never visible to Python code.
    Completion(Rc<Completion>),
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
            Value::Cell(x) => Value::Cell(x.clone()),
            Value::DictView(x) => Value::DictView(x.clone()),
            Value::Completion(x) => Value::Completion(x.clone()),
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
pub type SetMap = indexmap::IndexSet<HashKey, PyBuildHasher>;

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

/// A hashable value used as a dict key or set member. `Hash` and `Eq` follow Python:
/// `1`, `1.0` and `True` are the same key. Build one with `HashKey::new`, which computes
/// Python's hash once (and rejects unhashable values such as lists).
///
/// Dicts and sets store each key's hash next to it, so `Hash` is computed once per insert
/// or lookup (and str hashes are cached in the `PyStr`).
#[derive(Clone)]
pub struct HashKey(pub Value);

pub struct PyRange {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
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
}

impl BuiltinFunction {
    /// The builtin `name` as a value; `unary` is its one-argument form, if it has one.
    pub fn value(name: &'static str, func: BuiltinFn, unary: Option<UnaryFn>) -> Value {
        Value::Builtin(Rc::new(BuiltinFunction { name, func, unary }))
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

/// A class. peel has no `class` statement (yet): types are the builtin ones, exceptions
/// included, forming CPython's hierarchy through `base`.
pub struct PyType {
    pub name: &'static str,
    pub base: Option<Rc<PyType>>,
    pub kind: TypeKind,
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
    DictKeyIterator,
    DictValueIterator,
    DictItemIterator,
    SetIterator,
}

/// An exception instance: its class, its arguments and what CPython attaches to it.
pub struct PyException {
    pub class: Rc<PyType>,
    pub args: Vec<Value>,
    pub cause: RefCell<Option<Value>>,
    pub context: RefCell<Option<Value>>,
    pub suppress_context: Cell<bool>,
    /// Frames the exception passed through, innermost last: (function name, file, line).
    pub traceback: RefCell<Vec<TracebackEntry>>,
    /// What a "Did you mean" at the end of its report is worked out from (CPython's
    /// `NameError.name` and `AttributeError.name`/`.obj`); `None` for every other error.
    pub hint: RefCell<Option<Hint>>,
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
}

/// State of a builtin iterator. Each variant is one of Python's iterator types.
pub struct PyIterator {
    pub state: RefCell<IterState>,
}

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
    Reversed {
        items: Vec<Value>,
        index: usize,
    },
    /// `asyncio.as_completed(fs, timeout=...)`, a generator in CPython: nothing happens
    /// until the first `next()`, which turns `fs` into tasks and hooks their completion
    /// (`start`: the arguments until then); then one waiting coroutine per future.
    AsCompleted {
        start: Option<Box<(Value, Value)>>,
        items: Vec<Value>,
        index: usize,
    },
    /// A snapshot of values (sorted results, etc.).
    Values {
        items: Vec<Value>,
        index: usize,
    },
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
        // FNV-1a over the bytes, then a final mix.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in self.s.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h ^= h >> 31;
        let mut h = h as i64;
        if h == -1 || h == 0 {
            h = -2;
        }
        self.hash.set(h as u64);
        h
    }
}

impl PyList {
    pub fn new(items: Vec<Value>) -> PyList {
        PyList {
            items: RefCell::new(items),
        }
    }
}

impl PyDict {
    /// A snapshot of the entries, in order (safe to keep while the dict changes).
    pub fn pairs(&self) -> Vec<(Value, Value)> {
        self.map
            .borrow()
            .iter()
            .map(|(k, v)| (k.0.clone(), v.clone()))
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

    /// `d[key]` without the KeyError: `Ok(None)` when absent, `Err` when unhashable.
    pub fn get(&self, key: &Value) -> PyResult<Option<Value>> {
        let k = HashKey::new(key.clone())?;
        Ok(self.map.borrow().get(&k).cloned())
    }

    /// Lookup by a str key (keyword arguments, module attributes).
    pub fn get_str(&self, key: &str) -> Option<Value> {
        let k = HashKey::new(Value::str(key)).ok()?;
        self.map.borrow().get(&k).cloned()
    }

    /// `d[key] = value`.
    pub fn set(&self, key: Value, value: Value) -> PyResult<()> {
        let k = HashKey::new(key)?;
        self.map.borrow_mut().insert(k, value);
        Ok(())
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

    pub fn add(&self, v: Value) -> PyResult<()> {
        self.add_key(HashKey::new(v)?);
        Ok(())
    }

    /// CPython's `set_add_entry`: insert, then grow the table when it is 3/5 full.
    pub fn add_key(&self, k: HashKey) {
        let inserted = self.set.borrow_mut().insert(k);
        if inserted {
            let n = self.len();
            if n * 5 >= self.mask.get() * 3 {
                self.resize(if n > 50000 { n * 2 } else { n * 4 });
            }
        }
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
        let mut slots: Vec<Option<HashKey>> = old.into_iter().map(Some).collect();
        for i in order {
            if let Some(k) = slots[i].take() {
                m.insert(k);
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
    pub fn merge_from(&self, other: &PySet) {
        let n = other.len();
        if n == 0 || std::ptr::eq(self, other) {
            return;
        }
        if (self.len() + n) * 5 >= self.mask.get() * 3 {
            self.resize((self.len() + n) * 2);
        }
        let other_order = other.table_order();
        let theirs = other.set.borrow();
        if self.is_empty() {
            let mut m = self.set.borrow_mut();
            if self.mask.get() == other.mask.get() {
                // Same table size: CPython copies the table as is.
                *m = theirs.clone();
            } else {
                // `set_insert_clean` in the other table's slot order.
                for i in other_order {
                    if let Some(k) = theirs.get_index(i) {
                        m.insert(k.clone());
                    }
                }
            }
            return;
        }
        let keys: Vec<HashKey> = other_order
            .into_iter()
            .filter_map(|i| theirs.get_index(i).cloned())
            .collect();
        drop(theirs);
        for k in keys {
            self.add_key(k);
        }
    }

    /// A new set holding the same members in the same table layout.
    pub fn copy(&self) -> PySet {
        let s = PySet::new();
        s.merge_from(self);
        s
    }

    /// Replaces this set's members and layout with `other`'s (in-place operators).
    pub fn replace_with(&self, other: PySet) {
        *self.set.borrow_mut() = other.set.into_inner();
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
        for (idx, k) in set.iter().enumerate() {
            let hash = k.py_hash() as u64;
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
            .filter_map(|i| set.get_index(i).map(|k| k.0.clone()))
            .collect()
    }

    /// Removes a member (the remaining members keep their relative placement order).
    pub fn remove_key(&self, k: &HashKey) -> bool {
        self.set.borrow_mut().shift_remove(k)
    }

    pub fn contains(&self, v: &Value) -> PyResult<bool> {
        let k = HashKey::new(v.clone())?;
        Ok(self.set.borrow().contains(&k))
    }
}

impl PyRange {
    /// Number of values, as `len(range(...))` counts them.
    pub fn len(&self) -> i64 {
        let (lo, hi, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if step > 0 && lo < hi {
            (hi - lo - 1) / step + 1
        } else if step < 0 && lo > hi {
            (lo - hi - 1) / (-step) + 1
        } else {
            0
        };
        n.min(i64::MAX as i128) as i64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The i-th value (0 <= i < len).
    pub fn at(&self, i: i64) -> i64 {
        (self.start as i128 + i as i128 * self.step as i128) as i64
    }
}

impl HashKey {
    /// Hashes `value` as Python does; lists, dicts and sets are unhashable (TypeError).
    pub fn new(value: Value) -> PyResult<HashKey> {
        check_hashable(&value)?;
        Ok(HashKey(value))
    }

    /// Python's hash of the key (0 for an unhashable value that slipped in unchecked).
    pub fn py_hash(&self) -> i64 {
        py_hash(&self.0).unwrap_or(0)
    }
}

impl std::hash::Hash for HashKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.py_hash() as u64);
    }
}

impl PartialEq for HashKey {
    fn eq(&self, other: &HashKey) -> bool {
        super::ops::eq(&self.0, &other.0)
    }
}

impl Eq for HashKey {}

/// Rejects unhashable values without computing a hash (the map computes it once).
fn check_hashable(v: &Value) -> PyResult<()> {
    match v {
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) | Value::DictView(_) => {
            Err(super::types::type_error(format!(
                "unhashable type: '{}'",
                super::ops::type_name(v)
            )))
        }
        Value::Tuple(t) => t.items.iter().try_for_each(check_hashable),
        _ => Ok(()),
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
        Value::Tuple(t) => {
            const P1: u64 = 11400714785074694791;
            const P2: u64 = 14029467366897019727;
            const P5: u64 = 2870177450012600261;
            let mut acc = P5;
            for item in t.items.iter() {
                let lane = py_hash(item)? as u64;
                acc = acc.wrapping_add(lane.wrapping_mul(P2));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(P1);
            }
            acc = acc.wrapping_add((t.items.len() as u64) ^ (P5 ^ 3527539));
            if acc == u64::MAX {
                1546275796
            } else {
                acc as i64
            }
        }
        Value::FrozenSet(s) => {
            let mut h: u64 = 0;
            for k in s.set.borrow().iter() {
                let x = k.py_hash() as u64;
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
            let t = Value::tuple(vec![
                Value::Int(r.len()),
                Value::Int(r.start),
                Value::Int(r.step),
            ]);
            py_hash(&t)?
        }
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) | Value::DictView(_) => {
            return Err(super::types::type_error(format!(
                "unhashable type: '{}'",
                super::ops::type_name(v)
            )))
        }
        _ => identity_hash(v),
    })
}

/// Objects without value equality hash by identity, as CPython's `object.__hash__` does.
fn identity_hash(v: &Value) -> i64 {
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
    pub fn dict(pairs: Vec<(Value, Value)>) -> PyResult<Value> {
        let d = PyDict::new();
        for (k, v) in pairs {
            d.set(k, v)?;
        }
        Ok(Value::Dict(Rc::new(d)))
    }

    pub fn empty_dict() -> Value {
        Value::Dict(Rc::new(PyDict::new()))
    }

    pub fn set(items: Vec<Value>) -> PyResult<Value> {
        let s = PySet::new();
        for v in items {
            s.add(v)?;
        }
        Ok(Value::Set(Rc::new(s)))
    }

    pub fn frozenset(items: Vec<Value>) -> PyResult<Value> {
        let s = PySet::new();
        for v in items {
            s.add(v)?;
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
            super::ops::exception_str(self)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
