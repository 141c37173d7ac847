//! The modules a peel program can import: `time` (on the virtual clock), `asyncio` and
//! `types` (filled in by the coroutine issues). Anything else is a ModuleNotFoundError,
//! which is how peel keeps programs away from files, network and processes.
//!
//! Time is virtual: `time.time()`, `time.perf_counter()` and `time.monotonic()` read
//! `vm.clock`, and `time.sleep(d)` advances it by `d` without waiting, so a program that
//! sleeps for an hour finishes at once and still prints the times CPython would.

use std::rc::Rc;

use super::ops::{self, type_name_static};
use super::types::{new_exception_with_args, type_by_name, type_error, value_error};
use super::value::{BuiltinFn, BuiltinFunction, PyModule, PyResult, PyStr, UnaryFn, Value};
use super::Vm;

type Kwargs = Vec<(Rc<PyStr>, Value)>;

/// The modules peel provides, the only ones a program can import.
pub const PROVIDED: &[&str] = &["asyncio", "time", "types"];

/// `import name`: the module object, or ModuleNotFoundError.
pub fn import(vm: &mut Vm, name: &str) -> PyResult<Value> {
    if let Some(m) = vm.modules.get(name).cloned() {
        return Ok(m);
    }
    let Some(module) = new_module(name) else {
        let top = name.split('.').next().unwrap_or(name);
        let class = type_by_name("ModuleNotFoundError").ok_or_else(|| type_error("import"))?;
        return Err(new_exception_with_args(
            class,
            vec![Value::str(format!("No module named '{}'", top))],
        ));
    };
    vm.modules.insert(name.to_string(), module.clone());
    Ok(module)
}

/// The names a freshly imported module of peel's has (`None` for a module peel does not
/// provide): what `subset` compares with CPython's `dir()` of the same module.
pub fn attribute_names(name: &str) -> Option<Vec<Rc<str>>> {
    match new_module(name)? {
        Value::Module(m) => Some(m.names()),
        _ => None,
    }
}

/// A new module object of peel's, as `import name` first makes it.
fn new_module(name: &str) -> Option<Value> {
    let module = match name {
        "time" => make_module(
            "time",
            &[
                ("time", time_now as BuiltinFn),
                ("perf_counter", time_now),
                ("monotonic", time_now),
                ("time_ns", time_ns),
                ("perf_counter_ns", time_ns),
                ("monotonic_ns", time_ns),
                ("sleep", time_sleep),
            ],
            &[],
        ),
        "asyncio" => {
            use super::asyncio as aio;
            let m = make_module(
                "asyncio",
                &[
                    ("run", aio::run as BuiltinFn),
                    ("sleep", aio::sleep),
                    ("create_task", aio::create_task),
                    ("ensure_future", aio::ensure_future),
                    ("gather", aio::gather),
                    ("current_task", aio::current_task),
                    ("all_tasks", aio::all_tasks),
                    ("get_running_loop", aio::get_running_loop),
                    ("wait_for", super::aiosync::wait_for),
                    ("timeout", super::aiosync::timeout),
                    ("wait", super::aiosync::wait),
                    ("as_completed", super::aiosync::as_completed),
                ],
                // `asyncio.sleep(d)`, awaited on every turn of a polling loop, builds no
                // argument vector.
                &[("sleep", aio::sleep_one)],
            );
            for (name, class) in [
                ("CancelledError", "CancelledError"),
                ("TimeoutError", "TimeoutError"),
                ("InvalidStateError", "InvalidStateError"),
                ("QueueEmpty", "QueueEmpty"),
                ("QueueFull", "QueueFull"),
                ("Future", "Future"),
                ("Task", "Task"),
                ("Lock", "Lock"),
                ("Event", "Event"),
                ("Semaphore", "Semaphore"),
                ("Queue", "Queue"),
            ] {
                if let Some(t) = type_by_name(class) {
                    module_set(&m, name, Value::Type(t));
                }
            }
            for name in ["FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"] {
                module_set(&m, name, Value::str(name));
            }
            m
        }
        "types" => make_module("types", &[("coroutine", types_coroutine as BuiltinFn)], &[]),
        _ => return None,
    };
    Some(module)
}

/// A module object holding the given builtin functions (`unary`: the one-argument forms
/// some of them have). Later issues add their own modules' contents through `module_set`.
pub fn make_module(
    name: &'static str,
    funcs: &[(&'static str, BuiltinFn)],
    unary: &[(&str, UnaryFn)],
) -> Value {
    let mut attrs = indexmap::IndexMap::with_hasher(super::value::NameHash::default());
    attrs.insert(Rc::from("__name__"), Value::str(name));
    for &(fname, func) in funcs {
        let one = BuiltinFunction::unary_of(fname, unary);
        attrs.insert(Rc::from(fname), BuiltinFunction::value(fname, func, one));
    }
    Value::Module(Rc::new(PyModule::new(name, attrs)))
}

/// Adds or replaces an attribute of a module object.
pub fn module_set(module: &Value, name: &str, value: Value) {
    if let Value::Module(m) = module {
        m.set(name, value);
    }
}

/// `@types.coroutine`: lets the generators of a generator function be awaited.
fn types_coroutine(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    if !kwargs.is_empty() || args.len() != 1 {
        return Err(type_error(format!(
            "coroutine() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    let f = args.into_iter().next().unwrap_or_default();
    match &f {
        Value::Function(func) => {
            if func.code.def.kind == crate::cfg::FunctionKind::Generator {
                func.code.iterable_coroutine.set(true);
            }
            Ok(f)
        }
        Value::Builtin(_) | Value::BoundMethod(_) | Value::Type(_) => Ok(f),
        _ => Err(type_error("types.coroutine() expects a callable")),
    }
}

fn no_args(name: &str, args: &[Value], kwargs: &Kwargs) -> PyResult<()> {
    if !kwargs.is_empty() {
        return Err(type_error(format!("{}() takes no keyword arguments", name)));
    }
    if !args.is_empty() {
        return Err(type_error(format!(
            "time.{}() takes no arguments ({} given)",
            name,
            args.len()
        )));
    }
    Ok(())
}

fn time_now(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    no_args("time", &args, &kwargs)?;
    Ok(Value::Float(vm.clock))
}

fn time_ns(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    no_args("time_ns", &args, &kwargs)?;
    Ok(Value::Int((vm.clock * 1e9).round() as i64))
}

fn time_sleep(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    if !kwargs.is_empty() {
        return Err(type_error("sleep() takes no keyword arguments"));
    }
    if args.len() != 1 {
        return Err(type_error(format!(
            "time.sleep() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    let d = match ops::to_f64(&args[0])? {
        Some(d) => d,
        None => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name_static(&args[0])
            )))
        }
    };
    if d.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if d < 0.0 {
        return Err(value_error("sleep length must be non-negative"));
    }
    vm.clock += d;
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::ops::test_support::*;

    #[test]
    fn time_runs_on_the_virtual_clock() {
        let mut vm = vm();
        let time = import(&mut vm, "time").unwrap();
        let sleep = ops::get_attr(&mut vm, &time, "sleep").unwrap();
        let now = ops::get_attr(&mut vm, &time, "perf_counter").unwrap();
        let (Value::Builtin(sleep), Value::Builtin(now)) = (sleep, now) else {
            unreachable!()
        };
        (sleep.func)(&mut vm, vec![Value::Float(1.5)], Vec::new()).unwrap();
        assert_eq!(show((now.func)(&mut vm, Vec::new(), Vec::new())), "1.5");
        let neg = (sleep.func)(&mut vm, vec![Value::Int(-1)], Vec::new());
        assert_eq!(show(neg), "!ValueError: sleep length must be non-negative");
    }

    #[test]
    fn unknown_modules_are_not_found() {
        let mut vm = vm();
        assert_eq!(
            show(import(&mut vm, "os")),
            "!ModuleNotFoundError: No module named 'os'"
        );
        assert_eq!(
            show(import(&mut vm, "os.path")),
            "!ModuleNotFoundError: No module named 'os'"
        );
        assert!(import(&mut vm, "asyncio").is_ok());
        assert!(import(&mut vm, "types").is_ok());
    }
}
