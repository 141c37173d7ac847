//! (stub: the interpreter core fills this in) Function and generator objects.
use super::value::Value;

/// A function object: code, defaults, closure cells.
pub struct PyFunction {
    pub func: crate::cfg::FuncId,
    pub defaults: Vec<Value>,
}

/// A generator or coroutine object (the generator issue fills this in).
pub struct PyGenerator {}
