//! The runtime: executes the CFG IR (and, from the generator issue on, the state-machine
//! IR) with CPython 3.11's semantics.
//!
//! Ownership of the files (while the foundation is being built in parallel):
//! - `mod.rs`, `interp.rs`, `function.rs`, `traceback.rs`: the interpreter core (frames,
//!   calls, argument binding, exceptions and tracebacks, recursion limit).
//! - `value.rs`, `types.rs`, `ops.rs`, `builtins.rs`, `methods.rs`, `format.rs`,
//!   `modules.rs`: the object model and library (operators, builtins, methods, formatting).

pub mod builtins;
pub mod format;
pub mod function;
pub mod interp;
pub mod methods;
pub mod modules;
pub mod ops;
pub mod traceback;
pub mod types;
pub mod value;

use std::io::Write;
use std::rc::Rc;

use crate::cfg::Program;
use crate::span::SourceFile;
use value::{PyResult, PyStr, Value};

/// Knobs for one run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Stop with an error after this many executed IR statements (the fuzz tests use it so
    /// that `while True: pass` ends). `None`: no limit.
    pub step_budget: Option<u64>,
}

/// The virtual machine: global state of one program run.
pub struct Vm {
    pub out: Box<dyn Write>,
    pub err: Box<dyn Write>,
    /// The virtual clock in seconds: `time.time()`, `time.perf_counter()` and the event
    /// loop read it; `time.sleep` and the event loop advance it. No real time passes.
    pub clock: f64,
    // The interpreter core adds its fields (globals, frames, call depth, ...).
}

impl Vm {
    /// Calls any callable value with positional and keyword arguments.
    pub fn call(
        &mut self,
        _func: &Value,
        _args: Vec<Value>,
        _kwargs: Vec<(Rc<PyStr>, Value)>,
    ) -> PyResult<Value> {
        todo!("interpreter core")
    }

    /// Writes program output (print) to standard output.
    pub fn write_out(&mut self, text: &str) -> PyResult<()> {
        let _ = self.out.write_all(text.as_bytes());
        Ok(())
    }

    /// Advances a generator object (from the generator issue on).
    pub fn generator_next(&mut self, _gen: &Value) -> PyResult<Option<Value>> {
        todo!("generators")
    }
}

/// Runs a compiled program to completion. Output goes to `out`, tracebacks and warnings
/// to `err`. Returns the process exit status (0, or 1 after an uncaught exception).
pub fn run(
    _program: &Program,
    _source: &SourceFile,
    _options: &RunOptions,
    _out: Box<dyn Write>,
    _err: Box<dyn Write>,
) -> i32 {
    todo!("interpreter core")
}
