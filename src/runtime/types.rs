//! The builtin classes: `int`, `str`, ..., and CPython's exception hierarchy.
//!
//! They are created once per thread and shared, so comparing two classes is a pointer
//! comparison and `isinstance` walks the `base` chain.

use super::value::{OsErrorFields, PyException, PyType, TypeKind, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// CPython 3.11's builtin exception classes with their direct base class, parents first.
pub const EXCEPTION_HIERARCHY: &[(&str, &str)] = &[
    ("BaseException", "object"),
    ("Exception", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("CancelledError", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("SystemExit", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("InvalidStateError", "Exception"),
    ("QueueEmpty", "Exception"),
    ("QueueFull", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("LookupError", "Exception"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("OSError", "Exception"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("StopIteration", "Exception"),
    ("SyntaxError", "Exception"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("Warning", "Exception"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("DeprecationWarning", "Warning"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("FloatingPointError", "ArithmeticError"),
    ("IndentationError", "SyntaxError"),
    ("IndexError", "LookupError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("KeyError", "LookupError"),
    ("ModuleNotFoundError", "ImportError"),
    ("NotADirectoryError", "OSError"),
    ("NotImplementedError", "RuntimeError"),
    ("OverflowError", "ArithmeticError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("RecursionError", "RuntimeError"),
    ("RuntimeWarning", "Warning"),
    ("TimeoutError", "OSError"),
    ("UnboundLocalError", "NameError"),
    ("UnicodeError", "ValueError"),
    ("UserWarning", "Warning"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("TabError", "IndentationError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeTranslateError", "UnicodeError"),
];

/// The module a class of peel's library comes from (`__module__`): asyncio's classes show
/// it in their reprs and in tracebacks (`asyncio.exceptions.CancelledError`).
pub fn module_of(class_name: &str) -> &'static str {
    match class_name {
        "CancelledError" | "InvalidStateError" => "asyncio.exceptions",
        "QueueEmpty" | "QueueFull" | "Queue" => "asyncio.queues",
        "Future" | "Task" => "_asyncio",
        "Lock" | "Event" | "Semaphore" => "asyncio.locks",
        "Timeout" => "asyncio.timeouts",
        "Handle" | "TimerHandle" => "asyncio.events",
        "GenericAlias" | "UnionType" => "types",
        _ => "builtins",
    }
}

/// `SystemExit.code`: its one argument, `None` for none, the tuple of several.
pub fn system_exit_code(e: &PyException) -> Value {
    let args = e.args.borrow();
    match args.len() {
        0 => Value::None,
        1 => args[0].clone(),
        _ => Value::tuple(args.clone()),
    }
}

/// `asyncio.exceptions.CancelledError`, or just `ValueError` for a builtin class.
pub fn qualified_name(class_name: &str) -> String {
    match module_of(class_name) {
        "builtins" => class_name.to_string(),
        module => format!("{module}.{class_name}"),
    }
}

/// The non-exception builtin classes, by the name Python gives them.
const BUILTIN_TYPES: &[(&str, TypeKind)] = &[
    ("object", TypeKind::Object),
    ("NoneType", TypeKind::NoneType),
    ("int", TypeKind::Int),
    ("bool", TypeKind::Bool),
    ("float", TypeKind::Float),
    ("str", TypeKind::Str),
    ("list", TypeKind::List),
    ("tuple", TypeKind::Tuple),
    ("dict", TypeKind::Dict),
    ("set", TypeKind::Set),
    ("frozenset", TypeKind::FrozenSet),
    ("bytes", TypeKind::Bytes),
    ("range", TypeKind::Range),
    ("slice", TypeKind::Slice),
    ("function", TypeKind::Function),
    ("builtin_function_or_method", TypeKind::BuiltinFunction),
    ("method", TypeKind::Method),
    ("type", TypeKind::Type),
    ("module", TypeKind::Module),
    ("iterator", TypeKind::Iterator),
    ("generator", TypeKind::Generator),
    ("coroutine", TypeKind::Coroutine),
    ("coroutine_wrapper", TypeKind::CoroutineWrapper),
    ("Future", TypeKind::Future),
    ("Task", TypeKind::Task),
    ("FutureIter", TypeKind::FutureIter),
    ("Lock", TypeKind::Lock),
    ("Event", TypeKind::Event),
    ("Semaphore", TypeKind::Semaphore),
    ("Queue", TypeKind::Queue),
    ("Timeout", TypeKind::Timeout),
    ("Handle", TypeKind::Handle),
    ("TimerHandle", TypeKind::TimerHandle),
    ("ellipsis", TypeKind::Ellipsis),
    ("GenericAlias", TypeKind::GenericAlias),
    ("UnionType", TypeKind::UnionType),
    ("property", TypeKind::Property),
    ("mappingproxy", TypeKind::MappingProxy),
    ("getset_descriptor", TypeKind::GetSetDescriptor),
    ("member_descriptor", TypeKind::MemberDescriptor),
    ("staticmethod", TypeKind::StaticMethod),
    ("classmethod", TypeKind::ClassMethod),
    ("super", TypeKind::Super),
    ("map", TypeKind::Map),
    ("filter", TypeKind::Filter),
    ("zip", TypeKind::Zip),
    ("enumerate", TypeKind::Enumerate),
    ("reversed", TypeKind::Reversed),
    ("dict_keys", TypeKind::DictKeys),
    ("dict_values", TypeKind::DictValues),
    ("dict_items", TypeKind::DictItems),
    ("list_iterator", TypeKind::ListIterator),
    ("tuple_iterator", TypeKind::TupleIterator),
    ("str_ascii_iterator", TypeKind::StrIterator),
    ("range_iterator", TypeKind::RangeIterator),
    ("longrange_iterator", TypeKind::LongRangeIterator),
    ("dict_keyiterator", TypeKind::DictKeyIterator),
    ("dict_valueiterator", TypeKind::DictValueIterator),
    ("dict_itemiterator", TypeKind::DictItemIterator),
    ("set_iterator", TypeKind::SetIterator),
];

struct Registry {
    by_name: HashMap<&'static str, Rc<PyType>, super::value::NameHash>,
    by_kind: HashMap<TypeKind, Rc<PyType>>,
}

thread_local! {
    /// The builtin types. Not run state: built once per thread, never changed by a program
    /// (a builtin type's attributes cannot be set), so every run on the thread can share
    /// them. (`Rc` is not `Send`: hence one per thread rather than one per process.)
    static REGISTRY: Registry = build_registry();
}

fn build_registry() -> Registry {
    let mut by_name: HashMap<&'static str, Rc<PyType>, super::value::NameHash> = HashMap::default();
    let mut by_kind = HashMap::new();
    let object = Rc::new(PyType {
        name: "object",
        base: None,
        kind: TypeKind::Object,
        class: None,
    });
    by_name.insert("object", object.clone());
    by_kind.insert(TypeKind::Object, object.clone());
    for &(name, kind) in BUILTIN_TYPES.iter().skip(1) {
        // bool's base is int, as in Python (isinstance(True, int) is True); a Task is a
        // Future.
        let base = match kind {
            TypeKind::Bool => by_name["int"].clone(),
            TypeKind::Task => by_name["Future"].clone(),
            _ => object.clone(),
        };
        let t = Rc::new(PyType {
            name,
            base: Some(base),
            kind,
            class: None,
        });
        by_name.insert(name, t.clone());
        by_kind.insert(kind, t);
    }
    for &(name, base) in EXCEPTION_HIERARCHY {
        let base = by_name[base].clone();
        let t = Rc::new(PyType {
            name,
            base: Some(base),
            kind: TypeKind::Exception,
            class: None,
        });
        by_name.insert(name, t);
    }
    Registry { by_name, by_kind }
}

/// The builtin class for a kind of value (`TypeKind::Exception` has many: use `exception_class`).
pub fn builtin_type(kind: TypeKind) -> Rc<PyType> {
    REGISTRY.with(|r| r.by_kind[&kind].clone())
}

/// A builtin class (exception classes included) by its Python name.
pub fn type_by_name(name: &str) -> Option<Rc<PyType>> {
    REGISTRY.with(|r| r.by_name.get(name).cloned())
}

/// A builtin exception class by name. Panics on a name not in `EXCEPTION_HIERARCHY`,
/// which is a bug in peel, never in the user's program.
pub fn exception_class(name: &str) -> Rc<PyType> {
    type_by_name(name).unwrap_or_else(|| panic!("no builtin exception class {name}"))
}

/// `issubclass(sub, sup)`, along the MRO.
pub fn is_subclass(sub: &Rc<PyType>, sup: &Rc<PyType>) -> bool {
    super::class::is_subclass(sub, sup)
}

/// The `&'static str` a class of the program's is named by: one leaked copy per
/// distinct name, so a class made in a loop costs no new name each time.
pub fn intern(name: &str) -> &'static str {
    INTERNED.with(|set| {
        let mut set = set.borrow_mut();
        if let Some(s) = set.get(name) {
            return *s;
        }
        let s: &'static str = Box::leak(name.to_string().into_boxed_str());
        set.insert(s);
        s
    })
}

thread_local! {
    /// The class names `intern` has made (not run state: a name means the same in
    /// every run).
    static INTERNED: RefCell<std::collections::HashSet<&'static str>> =
        RefCell::new(std::collections::HashSet::new());
}

/// A new exception instance of class `class` with the given arguments.
pub fn new_exception_with_args(class: Rc<PyType>, mut args: Vec<Value>) -> Rc<PyException> {
    let os = if (2..=5).contains(&args.len()) && is_subclass(&class, &exception_class("OSError")) {
        Some(Box::new(os_error_fields(&class, &mut args)))
    } else {
        None
    };
    Rc::new(PyException {
        class,
        args: RefCell::new(args),
        dict: RefCell::new(None),
        cause: RefCell::new(None),
        context: RefCell::new(None),
        suppress_context: Cell::new(false),
        traceback: RefCell::new(Vec::new()),
        frame_values: RefCell::new(Vec::new()),
        hint: RefCell::new(None),
        os,
    })
}

/// CPython's `oserror_init` for two to five arguments: `(errno, strerror, filename,
/// winerror, filename2)`. A filename other than `None` is kept apart and cut from `args`
/// (which keeps only `errno, strerror`), except a number given to a `BlockingIOError`,
/// which is how many characters were written before it blocked.
fn os_error_fields(class: &Rc<PyType>, args: &mut Vec<Value>) -> OsErrorFields {
    let mut fields = OsErrorFields {
        errno: args[0].clone(),
        strerror: args[1].clone(),
        ..OsErrorFields::default()
    };
    let Some(filename) = args.get(2).filter(|f| !matches!(f, Value::None)) else {
        return fields;
    };
    let written = match filename {
        Value::Int(n) => Some(*n),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    };
    if let (Some(n), true) = (
        written,
        is_subclass(class, &exception_class("BlockingIOError")),
    ) {
        fields.characters_written = Some(n);
        return fields;
    }
    fields.filename = filename.clone();
    if let Some(f2) = args.get(4) {
        fields.filename2 = f2.clone();
    }
    args.truncate(2);
    fields
}

/// `OSError(errno, ...)` called as `OSError` itself becomes the subclass CPython's
/// `errnomap` names for that errno (Linux numbers): `OSError(2, 'x')` is a
/// `FileNotFoundError`. Subclasses are never remapped.
pub fn os_error_subclass(errno: &Value) -> Option<Rc<PyType>> {
    let n = match errno {
        Value::Int(n) => *n,
        Value::Bool(b) => i64::from(*b),
        _ => return None,
    };
    let name = match n {
        1 | 13 => "PermissionError",
        2 => "FileNotFoundError",
        3 => "ProcessLookupError",
        4 => "InterruptedError",
        10 => "ChildProcessError",
        11 | 114 | 115 => "BlockingIOError",
        17 => "FileExistsError",
        20 => "NotADirectoryError",
        21 => "IsADirectoryError",
        32 | 108 => "BrokenPipeError",
        103 => "ConnectionAbortedError",
        104 => "ConnectionResetError",
        110 => "TimeoutError",
        111 => "ConnectionRefusedError",
        _ => return None,
    };
    Some(exception_class(name))
}

/// `ValueError("message")` and friends: the usual way the runtime raises.
pub fn new_exception(class_name: &str, message: impl Into<String>) -> Rc<PyException> {
    let msg = super::value::Value::Str(Rc::new(super::value::PyStr::new(message.into())));
    new_exception_with_args(exception_class(class_name), vec![msg])
}

/// Shorthands for the exceptions the runtime raises most, e.g.
/// `return Err(type_error(format!("...")))`.
pub fn type_error(message: impl Into<String>) -> Rc<PyException> {
    new_exception("TypeError", message)
}
pub fn value_error(message: impl Into<String>) -> Rc<PyException> {
    new_exception("ValueError", message)
}
pub fn index_error(message: impl Into<String>) -> Rc<PyException> {
    new_exception("IndexError", message)
}
pub fn runtime_error(message: impl Into<String>) -> Rc<PyException> {
    new_exception("RuntimeError", message)
}
pub fn attribute_error(message: impl Into<String>) -> Rc<PyException> {
    new_exception("AttributeError", message)
}
pub fn name_error(message: impl Into<String>) -> Rc<PyException> {
    new_exception("NameError", message)
}
pub fn zero_division(message: impl Into<String>) -> Rc<PyException> {
    new_exception("ZeroDivisionError", message)
}
/// `KeyError(key)`: its argument is the key itself, not a message.
pub fn key_error(key: Value) -> Rc<PyException> {
    new_exception_with_args(exception_class("KeyError"), vec![key])
}
pub fn key_error_str(key: &str) -> Rc<PyException> {
    key_error(Value::str(key))
}
pub fn overflow_error(message: impl Into<String>) -> Rc<PyException> {
    new_exception("OverflowError", message)
}
/// `StopIteration` with no value (an exhausted iterator).
pub fn stop_iteration() -> Rc<PyException> {
    new_exception_with_args(exception_class("StopIteration"), Vec::new())
}
/// Is `e` an instance of the builtin exception class named `name` (or a subclass)?
pub fn exception_matches(e: &PyException, name: &str) -> bool {
    match type_by_name(name) {
        Some(t) => is_subclass(&e.class, &t),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hierarchy_is_cpythons() {
        let ke = exception_class("KeyError");
        assert!(is_subclass(&ke, &exception_class("LookupError")));
        assert!(is_subclass(&ke, &exception_class("Exception")));
        assert!(!is_subclass(&ke, &exception_class("ValueError")));
        assert!(is_subclass(
            &builtin_type(TypeKind::Bool),
            &builtin_type(TypeKind::Int)
        ));
        assert!(exception_matches(&zero_division("x"), "ArithmeticError"));
    }
}
