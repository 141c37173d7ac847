//! "Did you mean": CPython 3.11 ends the report of an uncaught `NameError` or
//! `AttributeError` with the closest name it knows, `NameError: name 'totl' is not
//! defined. Did you mean: 'total'?`. That last line is the one a learner reads first, so
//! peel finds the same name the same way (CPython's `Python/suggestions.c`):
//!
//! - the distance is Levenshtein's, where inserting or deleting a character costs 2,
//!   changing its case only 1, and replacing it 2;
//! - a candidate is taken only if at most about a third of the characters involved
//!   change, and only if it beats the best so far (so on a tie the first one wins);
//! - a list of 750 names or more, or a name longer than 40 characters, gets no
//!   suggestion.
//!
//! CPython suggests only names the object really has, and so does peel: the candidates
//! are peel's own names, never CPython's lists (a name CPython has and peel lacks would
//! send the learner in a circle: `asyncio.TaskGroup` suggesting `taskgroups`, which
//! peel does not have either).
//!
//! Where to look: for a `NameError`, the function's own variables, then the module's
//! globals (the dunders peel defines first, as `python3 FILE` starts them), then peel's
//! builtins (in the order of CPython's builtins dict, the order ties are broken in),
//! worked out when the error is raised. For an `AttributeError`, `dir()` of the object
//! the read failed on, worked out only when the report is printed (a failed read that
//! `hasattr` or `getattr(o, n, default)` catches costs nothing): a module's attributes
//! as they are then, or, for anything else, every name peel's attribute lookup knows
//! for its type that the lookup really finds on it.

use std::rc::Rc;

use super::cpython_names;
use super::value::{AttrOwner, TypeKind, Value};
const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The distance from `a` to `b`, or anything above `max_cost` once it is sure to exceed it.
fn levenshtein<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    if a == b {
        return 0;
    }
    while let ([x, ra @ ..], [y, rb @ ..]) = (a, b) {
        if x != y {
            break;
        }
        (a, b) = (ra, rb);
    }
    while let ([ra @ .., x], [rb @ .., y]) = (a, b) {
        if x != y {
            break;
        }
        (a, b) = (ra, rb);
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the matrix, updated in place: row[i] is the cost from b[..j] to a[..i+1].
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (j, &code) in b.iter().enumerate() {
        let mut distance = j * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (i, &c) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, c);
            distance = row[i];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The closest of `candidates` to `name` (`calculate_suggestions`).
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &item in candidates {
        if item == name {
            continue;
        }
        let max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        let max_distance = match best {
            Some((_, d)) => max_distance.min(d.saturating_sub(1)),
            None => max_distance,
        };
        let distance = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if distance > max_distance {
            continue;
        }
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((item, distance));
        }
    }
    best.map(|(item, _)| item)
}

/// The suggestion for `NameError: name 'name' is not defined`: the closest of the
/// function's variables (`locals`, empty at module level), else of the module's bound
/// globals (after the dunders `has_dunder` says the module has), else of the builtins.
pub fn for_name_error(
    name: &str,
    locals: &[&str],
    globals: &[&str],
    has_dunder: impl Fn(&str) -> bool,
) -> Option<String> {
    /// What `python3 FILE` starts a module's globals with, in that order.
    const MODULE_DUNDERS: &[&str] = &[
        "__name__",
        "__doc__",
        "__package__",
        "__loader__",
        "__spec__",
        "__annotations__",
        "__builtins__",
        "__file__",
        "__cached__",
    ];
    if let Some(s) = closest(name, locals) {
        return Some(s.to_string());
    }
    let all: Vec<&str> = MODULE_DUNDERS
        .iter()
        .copied()
        .filter(|d| has_dunder(d))
        .chain(globals.iter().copied())
        .collect();
    if let Some(s) = closest(name, &all) {
        return Some(s.to_string());
    }
    closest(name, &builtins()).map(str::to_string)
}

/// peel's builtins, in the order of CPython's builtins dict (a name CPython lacks, last).
fn builtins() -> Vec<&'static str> {
    let order = cpython_names::builtins();
    let mut names = super::builtins::names();
    names.sort_by_key(|n| order.iter().position(|c| c == n).unwrap_or(usize::MAX));
    names
}

/// The suggestion for a failed read of `name` from `owner`: the closest of its `dir()`.
pub fn for_attribute_error(owner: &AttrOwner, name: &str) -> Option<String> {
    let names = dir(owner);
    let names: Vec<&str> = names.iter().map(|n| &**n).collect();
    closest(name, &names).map(str::to_string)
}

/// peel's `dir()` of what a read failed on, sorted as `dir()` sorts: a module's
/// attributes as they are now; for anything else, its type's methods and the data
/// attributes `ops::get_attr` reads on it (the names the read would have found).
pub fn dir(owner: &AttrOwner) -> Vec<Rc<str>> {
    let mut names: Vec<Rc<str>> = match owner {
        AttrOwner::Module(m) => m.names(),
        AttrOwner::Object { kind, data, own } => std::iter::once(&"__class__")
            .chain(super::methods::method_names(*kind))
            .chain(data.iter())
            .map(|n| Rc::from(*n))
            .chain(own.iter().cloned())
            .collect(),
    };
    names.sort_unstable();
    names.dedup();
    names
}

/// What `v.name` is looked for in, for `dir`: `ops::get_attr`'s cases, mirrored (a test
/// checks the two agree on every kind of object). A class lists what its instances find
/// through it, not what it finds through its metaclass (`int.__name__`), as `dir(int)`.
pub fn owner_of(v: &Value) -> AttrOwner {
    const EXCEPTION: &[&str] = &[
        "args",
        "__cause__",
        "__context__",
        "__suppress_context__",
        "__traceback__",
    ];
    let data: &'static [&'static str] = match v {
        Value::Module(m) => return AttrOwner::Module(m.clone()),
        Value::Type(t) => {
            // asyncio's classes written in Python (not `_asyncio`'s `Future` and `Task`)
            // have `__module__` in their `__dict__`, which `dir()` lists.
            let in_python = matches!(
                super::types::module_of(t.name).split_once('.'),
                Some(("asyncio", _))
            );
            let data: &[&str] = match t.kind {
                TypeKind::Dict => &["fromkeys"],
                _ if in_python => &["__module__"],
                _ => &[],
            };
            // The native methods of `object` and `BaseException` it reaches (`int.__init__`).
            let own = super::class::native_names(t)
                .into_iter()
                .map(Rc::from)
                .collect();
            return AttrOwner::Object {
                kind: t.kind,
                data,
                own,
            };
        }
        Value::Exception(e) => match e.class.name {
            "StopIteration" => &[
                "args",
                "__cause__",
                "__context__",
                "__suppress_context__",
                "__traceback__",
                "value",
            ],
            "SystemExit" => &[
                "args",
                "__cause__",
                "__context__",
                "__suppress_context__",
                "__traceback__",
                "code",
            ],
            _ => EXCEPTION,
        },
        Value::Function(_) => &[
            "__name__",
            "__qualname__",
            "__module__",
            "__doc__",
            "__dict__",
            "__defaults__",
            "__kwdefaults__",
            "__annotations__",
        ],
        Value::Alias(a) => match &**a {
            super::value::PyAlias::Generic { .. } => &["__origin__", "__args__"],
            super::value::PyAlias::Union(_) => &["__args__"],
        },
        Value::Builtin(_) => &["__name__", "__qualname__", "__module__"],
        Value::BoundMethod(_) => &["__name__", "__qualname__", "__self__"],
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
            &["real", "imag", "numerator", "denominator"]
        }
        Value::Float(_) => &["real", "imag"],
        Value::Slice(_) | Value::Range(_) => &["start", "stop", "step"],
        Value::Sync(s) => match &**s {
            super::aiosync::Sync::Queue(_) => &["maxsize"],
            super::aiosync::Sync::Semaphore(_) => &["_value"],
            _ => &[],
        },
        Value::Generator(_) => &["__name__", "__qualname__", "gi_running"],
        _ => &[],
    };
    // A function's own attributes (`wrapper.calls`), as they are when the read fails.
    let own = match v {
        Value::Function(f) => match f.attrs.borrow().as_ref().and_then(|a| a.dict.clone()) {
            Some(d) => d
                .map
                .borrow()
                .keys()
                .filter_map(|k| match &k.value {
                    Value::Str(s) => Some(Rc::from(s.s.as_str())),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    AttrOwner::Object {
        kind: super::ops::kind_of(v),
        data,
        own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::ops::test_support::vm;
    use crate::runtime::{modules, ops, types, Vm};

    #[test]
    fn the_closest_name_within_a_third_of_the_characters() {
        assert_eq!(closest("totl", &["total", "tool"]), Some("total"));
        // A case change costs half a replacement.
        assert_eq!(closest("Print", &["print", "sprint"]), Some("print"));
        // Too far apart: nothing.
        assert_eq!(closest("abc", &["xyz"]), None);
        // A tie goes to the first.
        assert_eq!(closest("ab", &["ac", "ad"]), Some("ac"));
        assert_eq!(closest("x", &["x"]), None);
    }

    fn attribute(obj: &Value, name: &str) -> Option<String> {
        for_attribute_error(&owner_of(obj), name)
    }

    #[test]
    fn suggestions_for_what_peel_raises() {
        let mut vm = vm();
        let asyncio = modules::import(&mut vm, "asyncio").unwrap();
        let list = Value::list(Vec::new());
        assert_eq!(attribute(&list, "appendd").as_deref(), Some("append"));
        assert_eq!(attribute(&asyncio, "slep").as_deref(), Some("sleep"));
        assert_eq!(attribute(&Value::str(""), "zzzzzz"), None);
        assert_eq!(attribute(&Value::Int(1), "reall").as_deref(), Some("real"));
        let no_dunders = |_: &str| false;
        assert_eq!(
            for_name_error("pritn", &[], &["main"], no_dunders).as_deref(),
            Some("print")
        );
        assert_eq!(
            for_name_error("totl", &["total"], &["tot"], no_dunders).as_deref(),
            Some("total")
        );
    }

    /// The circles of issue 14: each name below is CPython's and not peel's, and so is
    /// the name CPython suggests for it; peel suggests neither.
    #[test]
    fn only_names_peel_has_are_suggested() {
        let mut vm = vm();
        let asyncio = modules::import(&mut vm, "asyncio").unwrap();
        let time = modules::import(&mut vm, "time").unwrap();
        let int = Value::Type(types::type_by_name("int").unwrap());
        for (obj, name) in [
            (&asyncio, "TaskGroup"),
            (&asyncio, "taskgroups"),
            (&asyncio, "get_event_loop"),
            (&asyncio, "set_event_loop"),
            (&time, "strftime"),
            (&time, "strptime"),
            (&Value::Int(1), "to_bytes"),
            (&Value::Int(1), "from_bytes"),
            (&int, "to_bytes"),
            (&int, "from_bytes"),
        ] {
            if let Some(s) = attribute(obj, name) {
                assert!(
                    ops::get_attr(&mut vm, obj, &s).is_ok(),
                    "{name} suggests {s}, which peel does not have"
                );
            }
        }
        assert_eq!(attribute(&asyncio, "TaskGroup"), None);
        assert_eq!(attribute(&time, "strftime"), None);
        assert_eq!(attribute(&Value::Int(1), "to_bytes"), None);
        assert_eq!(attribute(&int, "from_bytes"), None);
        // A module dunder CPython's globals have and peel's do not.
        let peel_dunders = |d: &str| matches!(d, "__name__" | "__doc__" | "__file__");
        assert_eq!(for_name_error("__spec_", &[], &[], peel_dunders), None);
        assert_eq!(
            for_name_error("__fil__", &[], &[], peel_dunders).as_deref(),
            Some("__file__")
        );
        // A builtin CPython has and peel does not.
        assert!(super::super::builtins::lookup("open").is_none());
        assert_eq!(for_name_error("opne", &[], &[], peel_dunders), None);
    }

    /// A module's names are its attributes when the report is printed, the program's own
    /// included, sorted as `dir()` sorts them (a tie goes to the first).
    #[test]
    fn a_module_lists_what_it_has_now() {
        let mut vm = vm();
        let time = modules::import(&mut vm, "time").unwrap();
        let owner = owner_of(&time);
        assert_eq!(for_attribute_error(&owner, "markr"), None);
        modules::module_set(&time, "marker", Value::Int(1));
        assert_eq!(
            for_attribute_error(&owner, "markr").as_deref(),
            Some("marker")
        );
        let names = dir(&owner);
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    }

    /// Objects of every kind a program makes, as globals of a program run to its end.
    const SAMPLES: &str = "\
import asyncio
def gen():
    yield
async def make():
    pass
def function():
    pass
none = None
boolean = True
small = 1
big = 2 ** 100
real = 1.5
text = 'a'
items = []
pair = (1, 2)
mapping = {}
bag = {1}
frozen = frozenset()
raw = b''
span = range(1)
cut = slice(1)
builtin = len
method = [].append
generator = gen()
coroutine = make()
wrapper = coroutine.__await__()
native = asyncio.sleep(0)
ellipsis = ...
mapped = map(abs, [])
filtered = filter(None, [])
zipped = zip()
counted = enumerate([])
backwards = reversed([])
keys = {}.keys()
values = {}.values()
entries = {}.items()
list_iterator = iter([])
tuple_iterator = iter(())
str_iterator = iter('')
range_iterator = iter(range(1))
key_iterator = iter({})
value_iterator = iter({}.values())
item_iterator = iter({}.items())
set_iterator = iter(set())
value_error = ValueError('x')
stop = StopIteration(1)
exit_ = SystemExit(2)
cancelled = asyncio.CancelledError()
lock = asyncio.Lock()
event = asyncio.Event()
semaphore = asyncio.Semaphore()
queue = asyncio.Queue()
int_class = int
bool_class = bool
float_class = float
str_class = str
list_class = list
dict_class = dict
set_class = set
value_error_class = ValueError
stop_class = StopIteration
lock_class = asyncio.Lock
queue_class = asyncio.Queue
future_class = asyncio.Future
task_class = asyncio.Task
async def main():
    global loop, future, future_iterator, task, timeout, handle, timer
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    future_iterator = future.__await__()
    task = asyncio.current_task()
    timeout = asyncio.timeout(1)
    handle = loop.call_soon(abs, 0)
    timer = loop.call_later(1, abs, 0)
asyncio.run(main())
";

    /// `dir` must list exactly what `ops::get_attr` finds (`owner_of` mirrors it): for
    /// every object of `SAMPLES`, each name of CPython's `dir()` for its type and of
    /// peel's own `dir` is looked up, and the names found must be `dir`'s.
    #[test]
    fn dir_lists_what_peels_lookup_finds() {
        let mismatches = crate::with_big_stack(|| {
            let source = crate::SourceFile::new("samples.py", SAMPLES);
            let compiled = crate::compile(&source).expect("the samples compile");
            let mut vm = Vm::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
            vm.load(&compiled.program, &compiled.machines, &source);
            if let Err(e) = vm.run_module() {
                return vec![format!(
                    "the samples fail: {}",
                    ops::exception_str_value(&e)
                )];
            }
            let globals: Vec<(String, Value)> = vm
                .global_names
                .iter()
                .zip(vm.globals.iter())
                .filter_map(|(n, v)| Some((n.clone(), v.clone()?)))
                .collect();
            let mut mismatches = Vec::new();
            let mut checked = 0;
            for (name, v) in &globals {
                if matches!(v, Value::Module(_) | Value::Function(_)) && name != "function" {
                    continue;
                }
                checked += 1;
                let listed: Vec<String> = dir(&owner_of(v)).iter().map(|n| n.to_string()).collect();
                let mut universe: Vec<String> =
                    cpython_dir(v).iter().map(|n| n.to_string()).collect();
                universe.extend(listed.iter().cloned());
                universe.sort();
                universe.dedup();
                let found: Vec<String> = universe
                    .into_iter()
                    .filter(|n| ops::get_attr(&mut vm, v, n).is_ok())
                    .collect();
                if found != listed {
                    let missing: Vec<&String> =
                        found.iter().filter(|n| !listed.contains(n)).collect();
                    let extra: Vec<&String> =
                        listed.iter().filter(|n| !found.contains(n)).collect();
                    mismatches.push(format!(
                        "{name} ({}): peel's lookup finds {missing:?}, which dir does not list; \
                         dir lists {extra:?}, which the lookup does not find",
                        ops::type_name(v)
                    ));
                }
            }
            if checked < 60 {
                mismatches.push(format!("only {checked} samples were checked"));
            }
            mismatches
        });
        assert!(
            mismatches.is_empty(),
            "suggest::owner_of no longer mirrors ops::get_attr:\n{}",
            mismatches.join("\n")
        );
    }

    /// CPython's `dir()` for objects of `v`'s type (for a class, its instances').
    fn cpython_dir(v: &Value) -> &'static [&'static str] {
        let t = match v {
            Value::Type(t) => t.clone(),
            _ => ops::type_of(v),
        };
        let name = match t.name {
            "reversed" => "list_reverseiterator",
            n => n,
        };
        cpython_names::type_dir(name)
            .or_else(|| {
                (t.kind == TypeKind::Exception)
                    .then(|| cpython_names::type_dir("BaseException"))
                    .flatten()
            })
            .unwrap_or(&[])
    }
}
