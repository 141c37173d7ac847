//! The runtime: executes the CFG IR, every generator and coroutine through its state
//! machine, with CPython 3.11's semantics, and asyncio on its own event loop.
//!
//! The files:
//! - `mod.rs`, `interp.rs`, `function.rs`, `traceback.rs`: the interpreter core (frames,
//!   calls, argument binding, exceptions and tracebacks, recursion limit); `fast.rs`: the
//!   small-int form of each block, which the core tries before a statement's general form.
//! - `generator.rs`: generator and coroutine objects, resumed through their state machine.
//! - `asyncio.rs`, `aiosync.rs`, `trace.rs`: the event loop, futures and tasks, the
//!   synchronisation primitives, and what `--trace` / `--timeline` record.
//! - `stdio.rs`: the program's standard output, buffered as CPython buffers it, and the
//!   `BrokenPipeError` a write to a closed pipe raises.
//! - `value.rs`, `types.rs`, `ops.rs`, `builtins.rs`, `methods.rs`, `format.rs`,
//!   `modules.rs`: the object model and library (operators, builtins, methods, formatting).
//!
//! The `Vm` is the state one run of a program shares between all frames: the module's
//! globals, the stack of exceptions being handled (what a bare `raise` re-raises and what a
//! new exception records as its `__context__`), the call depth (for the recursion limit),
//! the event loop while `asyncio.run` runs, and the output streams. A frame itself is just
//! its function's code plus its slots (see `interp.rs`).

pub mod aiosync;
pub mod asyncio;
pub mod builtins;
mod cpython_names;
pub mod fast;
pub mod fifo;
pub mod format;
pub mod function;
pub mod generator;
pub mod interp;
pub mod methods;
pub mod modules;
pub mod ops;
pub mod stdio;
pub(crate) mod suggest;
pub mod trace;
pub mod traceback;
pub mod types;
pub mod value;

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

use crate::cfg::Program;
use crate::span::{SourceFile, Span};
use crate::statemachine::StateMachines;
use function::{Code, PyFunction};
use interp::{lib, PtrMap};
use value::{PyException, PyResult, PyStr, Value};

/// Knobs for one run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Stop with an error after this many executed IR blocks (and library loop steps: the
    /// fuzz tests use it so that `while True: pass` ends). `None`: no limit.
    pub step_budget: Option<u64>,
    /// `--trace`: one line per event-loop step on stderr.
    pub trace: bool,
    /// `--timeline`: record every task's life, returned by `run_recorded`.
    pub timeline: bool,
    /// Standard output is a terminal: write each line at once, as CPython does then
    /// (otherwise output goes out in chunks of `stdio::CHUNK` bytes).
    pub line_buffered: bool,
}

/// Finished frames' slot vectors kept for reuse.
const SLOT_POOL_SIZE: usize = 64;

/// CPython's default `sys.getrecursionlimit()`: frames on the stack, module included.
pub const RECURSION_LIMIT: u32 = 1000;

/// The virtual machine: global state of one program run.
pub struct Vm {
    pub out: Box<dyn Write>,
    pub err: Box<dyn Write>,
    /// The virtual clock, in seconds (asyncio and `time` read and advance it).
    pub clock: f64,
    /// Every function's prepared code, indexed by `FuncId`.
    pub(crate) codes: Vec<Rc<Code>>,
    /// Module-level variables, indexed by `GlobalId`; `None` while unbound.
    pub(crate) globals: Vec<Option<Value>>,
    pub(crate) global_names: Rc<Vec<String>>,
    /// Exceptions being handled (entered `except` blocks), innermost last, across frames.
    pub(crate) handled: Vec<Value>,
    /// The warnings printed so far, as (place, text): Python's `warnings` module shows a
    /// warning once per place (its "default" action), however often it happens there.
    pub(crate) warned: std::collections::HashSet<(String, String)>,
    /// Python frames currently running (the module frame included).
    pub(crate) depth: u32,
    pub(crate) recursion_limit: u32,
    pub(crate) steps_left: u64,
    /// Whether the run has a step budget (`RunOptions::step_budget`: tests and the
    /// fuzzer). Without one, in-place generator code counts no steps at all (see
    /// `generator::next_in_place`).
    pub(crate) step_budget: bool,
    /// An `asyncio.sleep` that parked at the yield now on its way up (see
    /// `asyncio::SleepPhase`): a task's step takes it, anyone else asks `unpark` for
    /// its future.
    pub(crate) parked: Option<Rc<asyncio::Awaitable>>,
    /// Set once the program must stop (the step budget ran out, or a deadlock): no
    /// handler may catch that error any more.
    pub(crate) halting: bool,
    /// The report of a deadlock (every task waits, nothing can wake them), printed
    /// instead of a traceback.
    pub(crate) deadlock: Option<String>,
    /// Span of the innermost operation that failed, for the traceback line of this frame,
    /// and whether it is the span CPython would underline (`false`: a statement's span,
    /// good for the line number only).
    pub(crate) fault_span: Option<(Span, bool)>,
    /// The error being propagated is a re-raise: it keeps its traceback as it is here.
    pub(crate) reraising: bool,
    /// The builtins loaded last, by the address of their name in the (immutable) IR (see
    /// `load_builtin`).
    pub(crate) builtin_cache: Vec<(usize, Value)>,
    /// Keyword names, keyed by the address of the name in the IR, so the hot path never
    /// hashes a string.
    pub(crate) name_cache: PtrMap<Rc<PyStr>>,
    /// `__name__`, `__file__` and friends when read as builtins.
    pub(crate) dunders: HashMap<&'static str, Value>,
    pub(crate) source: Option<Rc<SourceFile>>,
    /// Slot vectors of finished frames, ready for the next call.
    pub(crate) slot_pool: Vec<Vec<Option<Value>>>,
    /// One shared `Normal` completion record: most `finally` blocks are entered normally.
    pub(crate) normal_completion: Value,
    /// The event loop while `asyncio.run` runs.
    pub(crate) event_loop: Option<asyncio::EventLoop>,
    /// Tasks named so far (`Task-1`, `Task-2`...), over the whole run as in CPython.
    pub(crate) task_counter: u64,
    /// What `--trace` and `--timeline` collect (off: `None`).
    pub(crate) recorder: Option<trace::Recorder>,
}

impl Vm {
    /// A machine with no program loaded (the library's unit tests use it to call builtins).
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>) -> Vm {
        Vm {
            out,
            err,
            clock: 0.0,
            codes: Vec::new(),
            globals: Vec::new(),
            global_names: Rc::new(Vec::new()),
            handled: Vec::new(),
            warned: std::collections::HashSet::new(),
            depth: 0,
            recursion_limit: RECURSION_LIMIT,
            steps_left: u64::MAX,
            step_budget: false,
            parked: None,
            halting: false,
            deadlock: None,
            fault_span: None,
            reraising: false,
            builtin_cache: vec![(0, Value::None); interp::BUILTIN_LINES],
            name_cache: PtrMap::default(),
            dunders: HashMap::new(),
            source: None,
            slot_pool: Vec::new(),
            normal_completion: Value::Completion(Rc::new(value::Completion::Normal)),
            event_loop: None,
            task_counter: 0,
            recorder: None,
        }
    }

    /// Calls any callable value with positional and keyword arguments.
    pub fn call(
        &mut self,
        func: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<PyStr>, Value)>,
    ) -> PyResult<Value> {
        match func {
            Value::Function(f) => self.call_function(f, args, kwargs),
            Value::Builtin(b) => (b.func)(self, args, kwargs),
            Value::BoundMethod(m) => {
                lib::ops::call_method(self, &m.receiver, &m.name.s, args, kwargs)
            }
            Value::Type(t) => lib::builtins::call_type(self, t, args, kwargs),
            _ => Err(types::type_error(format!(
                "'{}' object is not callable",
                lib::ops::type_name(func)
            ))),
        }
    }

    /// Writes program output (print) to standard output; a write that fails raises what
    /// CPython raises (`BrokenPipeError` once the reader of a pipe has gone).
    pub fn write_out(&mut self, text: &str) -> PyResult<()> {
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| stdio::os_error(&e))
    }

    /// Python frames on the stack right now (the module frame counts as one).
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// Prepares a program: each function's constants become values once, here.
    fn load(&mut self, program: &Program, machines: &StateMachines, source: &SourceFile) {
        self.codes = program
            .functions
            .iter()
            .enumerate()
            .map(|(id, f)| {
                let machine = machines.machines.get(id).and_then(Option::as_ref);
                Rc::new(interp::prepare_code(id as u32, f, machine))
            })
            .collect();
        self.global_names = Rc::new(program.globals.clone());
        self.globals = vec![None; program.globals.len()];
        let name = lib::str_value("__main__");
        let file = lib::str_value(source.path.as_str());
        for (g, global) in program.globals.iter().enumerate() {
            match global.as_str() {
                "__name__" => self.globals[g] = Some(name.clone()),
                "__file__" => self.globals[g] = Some(file.clone()),
                "__doc__" => self.globals[g] = Some(Value::None),
                _ => {}
            }
        }
        self.dunders.insert("__name__", name);
        self.dunders.insert("__file__", file);
        self.dunders.insert("__doc__", Value::None);
        // Desugared `await`s call it (see `desugar::AWAITABLE_HELPER`).
        self.dunders.insert(
            "_awaitable",
            value::BuiltinFunction::value(
                "_awaitable",
                asyncio::awaitable_of,
                Some(asyncio::awaitable_of_one),
            ),
        );
        self.source = Some(Rc::new(source.clone()));
    }

    /// Runs the module body (`functions[0]`) in a fresh frame.
    fn run_module(&mut self) -> PyResult<Value> {
        let Some(code) = self.codes.first().cloned() else {
            return Ok(Value::None);
        };
        let mut slots = interp::module_slots(&code);
        let mut frame = interp::Frame {
            code: &code,
            slots: &mut slots,
            block: 0,
            handled: &mut None,
            entry: interp::Entry::Start,
            suspended: false,
            at: None,
        };
        self.depth += 1;
        let result = self.run_frame(&mut frame);
        self.depth -= 1;
        if frame.suspended {
            return Err(types::runtime_error("'yield' outside function"));
        }
        result
    }
}

/// Runs a compiled program to completion. Output goes to `out`, tracebacks and warnings
/// to `err`. Returns the process exit status (0, or 1 after an uncaught exception).
pub fn run(
    program: &Program,
    machines: &StateMachines,
    source: &SourceFile,
    options: &RunOptions,
    out: Box<dyn Write>,
    err: Box<dyn Write>,
) -> i32 {
    run_recorded(program, machines, source, options, out, err).0
}

/// `run`, also returning the timeline of the program's tasks when `options.timeline`.
pub fn run_recorded(
    program: &Program,
    machines: &StateMachines,
    source: &SourceFile,
    options: &RunOptions,
    out: Box<dyn Write>,
    err: Box<dyn Write>,
) -> (i32, Option<trace::Timeline>) {
    let out: Box<dyn Write> = Box::new(stdio::ProgramStdout::new(out, options.line_buffered));
    let mut vm = Vm::new(out, err);
    vm.load(program, machines, source);
    generator::enable_finalization(true);
    asyncio::set_program(vm.source.clone());
    vm.steps_left = options.step_budget.unwrap_or(u64::MAX);
    vm.step_budget = options.step_budget.is_some();
    if options.trace || options.timeline {
        vm.recorder = Some(trace::Recorder {
            trace: options.trace,
            record_timeline: options.timeline,
            timeline: trace::Timeline::default(),
        });
    }
    let result = vm.run_module();
    let status = match result {
        Ok(_) => 0,
        Err(_) if vm.deadlock.is_some() => {
            let _ = vm.out.flush();
            let report = vm.deadlock.take().unwrap_or_default();
            let _ = write!(vm.err, "{report}");
            1
        }
        Err(exc) if vm.halting => {
            let _ = exc;
            let budget = options.step_budget.unwrap_or(0);
            let _ = writeln!(vm.err, "peel: step budget of {budget} steps exceeded");
            1
        }
        Err(exc) => {
            let _ = vm.out.flush();
            traceback::report_uncaught(&mut vm, &exc)
        }
    };
    // CPython flushes stdout once more as the interpreter ends, before it clears the
    // module, and says so when that fails (the reader of a pipe has gone).
    let status = match vm.out.flush() {
        Err(e) if !vm.halting => {
            let e = stdio::os_error(&e);
            let _ = write!(
                vm.err,
                "Exception ignored in: {}\n{}: {}\n",
                stdio::STDOUT_REPR,
                e.class.name,
                ops::exception_str(&e)
            );
            stdio::FLUSH_FAILED_STATUS
        }
        _ => status,
    };
    vm.shut_down();
    // What the module's clearing printed: CPython's last flush reports nothing.
    let _ = vm.out.flush();
    let _ = vm.err.flush();
    generator::enable_finalization(false);
    asyncio::set_program(None);
    let timeline = match (options.timeline, vm.recorder.take()) {
        (true, Some(r)) => {
            let mut t = r.timeline;
            t.end = vm.clock;
            Some(t)
        }
        _ => None,
    };
    (status, timeline)
}

impl Vm {
    /// The end of a run, as CPython's interpreter shutdown clears `__main__`: names
    /// starting with one underscore first, then the rest, each in definition order. A
    /// generator left suspended inside a `try` is closed as its variable goes, so its
    /// `finally` still runs (and prints) after the program's last line.
    fn shut_down(&mut self) {
        if self.halting {
            self.globals.clear();
            return;
        }
        let names = self.global_names.clone();
        let private = |n: &str| n.starts_with('_') && !n.starts_with("__");
        for pass_private in [true, false] {
            for (g, name) in names.iter().enumerate() {
                if private(name) == pass_private && name != "__builtins__" {
                    if let Some(slot) = self.globals.get_mut(g) {
                        let old = slot.take();
                        drop(old);
                    }
                    if generator::finalizers_pending() {
                        self.run_finalizers(None);
                    }
                }
            }
        }
        self.globals.clear();
    }
}

/// A fresh exception of a builtin class with a message (shorthand used across the core).
pub(crate) fn exc(class: &str, msg: impl Into<String>) -> Rc<PyException> {
    types::new_exception(class, msg)
}

/// A new closure cell holding `v` (or empty).
pub(crate) fn new_cell(v: Option<Value>) -> Value {
    Value::Cell(Rc::new(RefCell::new(v)))
}

impl Vm {
    /// Calls a user function: binds the arguments into a fresh frame and runs it.
    pub(crate) fn call_function(
        &mut self,
        f: &Rc<PyFunction>,
        args: Vec<Value>,
        kwargs: Vec<(Rc<PyStr>, Value)>,
    ) -> PyResult<Value> {
        let slots = self.take_slots();
        let slots = function::bind_arguments(self, f, slots, args, kwargs)?;
        self.enter_function(f, slots)
    }

    /// Runs a function whose parameters are already bound in `slots` (every slot present,
    /// the unbound ones `None`).
    pub(crate) fn enter_function(
        &mut self,
        f: &Rc<PyFunction>,
        mut slots: Vec<Option<Value>>,
    ) -> PyResult<Value> {
        if self.depth >= self.recursion_limit {
            self.give_slots(slots);
            return Err(exc("RecursionError", "maximum recursion depth exceeded"));
        }
        let code = &f.code;
        for &c in &code.def.cell_slots {
            let v = slots[c as usize].take();
            slots[c as usize] = Some(new_cell(v));
        }
        for (i, &s) in code.def.free_slots.iter().enumerate() {
            slots[s as usize] = f.closure.get(i).cloned();
        }
        match code.def.kind {
            crate::cfg::FunctionKind::Generator | crate::cfg::FunctionKind::Coroutine => {
                return self.new_generator(code, slots);
            }
            crate::cfg::FunctionKind::Function => {}
            // `compile` rejects async generators, and the module body is never called.
            crate::cfg::FunctionKind::AsyncGenerator | crate::cfg::FunctionKind::Module => {
                self.give_slots(slots);
                return Err(types::runtime_error(format!(
                    "peel: {}() cannot be called (its kind is not compiled)",
                    code.qualname
                )));
            }
        }
        let mut frame = interp::Frame {
            code,
            slots: &mut slots,
            block: 0,
            handled: &mut None,
            entry: interp::Entry::Start,
            suspended: false,
            at: None,
        };
        self.depth += 1;
        let result = self.run_frame(&mut frame);
        self.depth -= 1;
        let suspended = frame.suspended;
        self.give_slots(slots);
        if suspended {
            return Err(types::runtime_error(
                "peel: a yield outside a generator's state machine",
            ));
        }
        result
    }

    /// An empty slot vector, reused from a finished frame when there is one: most calls
    /// then allocate nothing for their frame.
    #[inline]
    pub(crate) fn take_slots(&mut self) -> Vec<Option<Value>> {
        self.slot_pool.pop().unwrap_or_default()
    }

    #[inline]
    pub(crate) fn give_slots(&mut self, mut slots: Vec<Option<Value>>) {
        slots.clear();
        if self.slot_pool.len() < SLOT_POOL_SIZE && slots.capacity() <= 256 {
            self.slot_pool.push(slots);
        }
    }
}
