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

use super::function::{PyFunction, PyGenerator};

#[derive(Clone, Default)]
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
    /// A generator or coroutine object (from the generator issue on).
    Generator(Rc<PyGenerator>),
    /// `...`
    Ellipsis,
    /// Internal: a closure cell shared between frames. Never visible to Python code.
    Cell(Rc<RefCell<Option<Value>>>),
    /// Internal: a completion record for a `finally` block. Never visible to Python code.
    Completion(Rc<Completion>),
}

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

/// A dict keeps insertion order, like Python's.
pub struct PyDict {
    pub map: RefCell<indexmap::IndexMap<HashKey, Value>>,
}

pub struct PySet {
    pub set: RefCell<indexmap::IndexSet<HashKey>>,
}

/// A hashable value used as a dict key or set member. `Hash` and `Eq` follow Python:
/// `1`, `1.0` and `True` are the same key.
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

pub struct BuiltinFunction {
    pub name: &'static str,
    /// For methods of builtin types (`list.append`): the receiver, passed as `args[0]`.
    pub func: BuiltinFn,
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
    Ellipsis,
    /// An exception class (the hierarchy is given by `base`).
    Exception,
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
    pub attrs: RefCell<indexmap::IndexMap<&'static str, Value>>,
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
    /// A snapshot of values (sorted results, etc.).
    Values {
        items: Vec<Value>,
        index: usize,
    },
    Exhausted,
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
