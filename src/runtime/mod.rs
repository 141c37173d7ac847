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
pub mod alloc;
pub mod asyncio;
pub mod builtins;
pub mod class;
mod collect;
pub mod cpython_names;
pub(crate) mod drops;
pub mod fast;
pub mod fifo;
pub mod format;
pub mod function;
pub mod generator;
pub mod inline_cache;
pub mod interp;
mod matching;
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

/// The desugarer's other helpers (`desugar::HELPERS`; `_awaitable` has a one-argument
/// form and is registered on its own), as the runtime provides them.
const DESUGAR_HELPERS: &[(&str, value::BuiltinFn)] = &[
    (crate::desugar::ASYNC_WITH_HELPER, asyncio::aenter_aexit),
    (crate::desugar::WITH_HELPER, class::enter_exit),
    (crate::desugar::ASYNC_ITER_HELPERS[0], class::async_iter),
    (crate::desugar::ASYNC_ITER_HELPERS[1], class::async_next),
    (crate::desugar::MATCH_HELPERS[0], matching::match_seq),
    (crate::desugar::MATCH_HELPERS[1], matching::match_map),
    (crate::desugar::MATCH_HELPERS[2], matching::match_class),
];

/// Finished frames' slot vectors kept for reuse.
const SLOT_POOL_SIZE: usize = 64;

/// CPython's default `sys.getrecursionlimit()`: frames on the stack, module included.
pub const RECURSION_LIMIT: u32 = 1000;

/// How deep Rust code may recurse where CPython 3.11's C code recurses without counting
/// (a `map` of a `map` of a `map`...). CPython itself crashes somewhere past 50,000 such
/// levels (its C stack is 8 MiB); peel stops with a RecursionError a little past that, so
/// every program CPython runs runs the same, and none crashes peel.
pub const NATIVE_RECURSION_LIMIT: u32 = 100_000;

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
    /// The globals the desugarer made (`_iter_items`...): CPython keeps those values on the
    /// module frame's stack, which an uncaught exception empties as it leaves.
    stack_globals: Vec<usize>,
    /// Exceptions being handled (entered `except` blocks), innermost last, across frames.
    pub(crate) handled: Vec<Value>,
    /// The warnings printed so far, as (place, text): Python's `warnings` module shows a
    /// warning once per place (its "default" action), however often it happens there.
    pub(crate) warned: std::collections::HashSet<(String, String)>,
    /// Python frames currently running (the module frame included), plus the levels
    /// deep walks of values have taken (`nested`).
    pub(crate) depth: u32,
    /// Levels of Rust recursion that CPython does not count against the recursion limit
    /// (`native_nested`).
    pub(crate) native_depth: u32,
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
    /// The event loop deadlocked (every task waited, nothing could wake them): the run
    /// ends with `DEADLOCK_STATUS` once the waiting tasks are cancelled.
    pub(crate) deadlocked: bool,
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
    /// Attribute names as str objects, one per name: the keys an instance's dict gets from
    /// `obj.name = v`, so that an attribute site's cache recognises its key by address.
    pub(crate) attr_names: rustc_hash::FxHashMap<Box<str>, Rc<PyStr>>,
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
    /// What objects leave behind as they go (generators to close, warnings to print).
    pub(crate) drops: Rc<drops::Drops>,
    /// The modules imported so far, by name: `import time` twice gives one module.
    pub(crate) modules: HashMap<String, Value>,
    /// The containers whose repr is being built, innermost last (CPython's
    /// `Py_ReprEnter`): `l.append(l)` prints `[[...]]`.
    pub(crate) repr_active: Vec<usize>,
}

impl Vm {
    /// The run's one str object for the attribute name `name` (`attr_names`).
    pub(crate) fn attr_name(&mut self, name: &str) -> Rc<PyStr> {
        if let Some(k) = self.attr_names.get(name) {
            return k.clone();
        }
        let k = Rc::new(PyStr::new(name.to_string()));
        self.attr_names.insert(name.into(), k.clone());
        k
    }

    /// A machine with no program loaded (the library's unit tests use it to call builtins).
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>) -> Vm {
        Vm {
            out,
            err: Box::new(stdio::BackslashSurrogates(err)),
            clock: 0.0,
            codes: Vec::new(),
            globals: Vec::new(),
            global_names: Rc::new(Vec::new()),
            stack_globals: Vec::new(),
            handled: Vec::new(),
            warned: std::collections::HashSet::new(),
            depth: 0,
            native_depth: 0,
            recursion_limit: RECURSION_LIMIT,
            steps_left: u64::MAX,
            step_budget: false,
            parked: None,
            halting: false,
            deadlocked: false,
            fault_span: None,
            reraising: false,
            builtin_cache: vec![(0, Value::None); interp::BUILTIN_LINES],
            name_cache: PtrMap::default(),
            attr_names: Default::default(),
            dunders: HashMap::new(),
            source: None,
            slot_pool: Vec::new(),
            normal_completion: Value::Completion(Rc::new(value::Completion::Normal)),
            event_loop: None,
            task_counter: 0,
            recorder: None,
            drops: Rc::default(),
            modules: HashMap::new(),
            repr_active: Vec::new(),
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
            Value::Method(m) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(m.receiver.clone());
                full.extend(args);
                let func = m.func.clone();
                self.call(&func, full, kwargs)
            }
            Value::Descriptor(d) => match &**d {
                value::Descriptor::StaticMethod(f) => {
                    let f = f.clone();
                    self.call(&f, args, kwargs)
                }
                _ => Err(types::type_error(format!(
                    "'{}' object is not callable",
                    lib::ops::type_name(func)
                ))),
            },
            Value::Instance(_) | Value::Exception(_)
                if class::find_special(func, "__call__").is_some() =>
            {
                let f = class::find_special(func, "__call__").unwrap_or_default();
                let bound = class::bind(
                    self,
                    f,
                    Some(func),
                    class::user_class(func).cloned().as_ref(),
                )?;
                // `__call__` may be another callable instance, and so on without end
                // (`A.__call__ = A()`): each step takes a level of the recursion limit.
                self.nested(" while calling a Python object", |vm| {
                    vm.call(&bound, args, kwargs)
                })
            }
            // `list[int]()` makes a list.
            Value::Alias(a) => match &**a {
                value::PyAlias::Generic { origin, .. } => {
                    let origin = origin.clone();
                    self.call(&origin, args, kwargs)
                }
                value::PyAlias::Union(_) => Err(types::type_error(
                    "'types.UnionType' object is not callable",
                )),
            },
            _ => Err(types::type_error(format!(
                "'{}' object is not callable",
                lib::ops::type_name(func)
            ))),
        }
    }

    /// Writes program output (print) to standard output; a write that fails raises what
    /// CPython raises (`BrokenPipeError` once the reader of a pipe has gone).
    pub fn write_out(&mut self, text: &str) -> PyResult<()> {
        stdio::check_encodable(text)?;
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| stdio::os_error(&e))
    }

    /// `sys.stdout.flush()`, as `print(..., flush=True)` does it.
    pub fn flush_out(&mut self) -> PyResult<()> {
        self.out.flush().map_err(|e| stdio::os_error(&e))
    }

    /// Python frames on the stack right now (the module frame counts as one).
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// Runs `f` one level deeper in Rust recursion that CPython does not count (see
    /// `NATIVE_RECURSION_LIMIT`).
    #[inline]
    pub fn native_nested<T>(&mut self, f: impl FnOnce(&mut Vm) -> PyResult<T>) -> PyResult<T> {
        if self.native_depth >= NATIVE_RECURSION_LIMIT {
            return Err(exc("RecursionError", "maximum recursion depth exceeded"));
        }
        self.native_depth += 1;
        let r = f(self);
        self.native_depth -= 1;
        r
    }

    /// CPython's `Py_EnterRecursiveCall(whence)`: runs `f` one level deeper, against the
    /// same limit as Python calls. Every walk of a value that can nest (comparing,
    /// printing, copying) takes its levels here, so data nested deeper than the limit is
    /// CPython's `RecursionError` ("maximum recursion depth exceeded" + `whence`) rather
    /// than a Rust stack overflow, and at the depth CPython gives up.
    #[inline]
    pub fn nested<T>(
        &mut self,
        whence: &'static str,
        f: impl FnOnce(&mut Vm) -> PyResult<T>,
    ) -> PyResult<T> {
        if self.depth >= self.recursion_limit {
            return Err(exc(
                "RecursionError",
                format!("maximum recursion depth exceeded{whence}"),
            ));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
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
        self.stack_globals = (program.on_stack.iter().enumerate())
            .filter_map(|(g, &on_stack)| on_stack.then_some(g))
            .collect();
        self.globals = vec![None; program.globals.len()];
        let name = lib::str_value("__main__");
        let file = lib::str_value(source.path.as_str());
        let doc = match program.functions.first().and_then(|m| m.doc.as_deref()) {
            Some(d) => lib::str_value(d),
            None => Value::None,
        };
        for (g, global) in program.globals.iter().enumerate() {
            match global.as_str() {
                "__name__" => self.globals[g] = Some(name.clone()),
                "__file__" => self.globals[g] = Some(file.clone()),
                "__doc__" => self.globals[g] = Some(doc.clone()),
                _ => {}
            }
        }
        self.dunders.insert("__name__", name);
        self.dunders.insert("__file__", file);
        self.dunders.insert("__doc__", doc);
        // Desugared `await`s call it (see `desugar::AWAITABLE_HELPER`).
        self.dunders.insert(
            "_awaitable",
            value::BuiltinFunction::value(
                "_awaitable",
                asyncio::awaitable_of,
                Some(asyncio::awaitable_of_one),
            ),
        );
        for &(name, f) in DESUGAR_HELPERS {
            self.dunders
                .insert(name, value::BuiltinFunction::value(name, f, None));
        }
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

impl Vm {
    /// Loads a program into this machine and runs it to the end; the exit status.
    pub fn run_loaded(
        &mut self,
        program: &Program,
        machines: &StateMachines,
        source: &SourceFile,
        options: &RunOptions,
    ) -> i32 {
        self.load(program, machines, source);
        let installed = drops::Drops::install(&self.drops);
        self.steps_left = options.step_budget.unwrap_or(u64::MAX);
        self.step_budget = options.step_budget.is_some();
        if options.trace || options.timeline {
            self.recorder = Some(trace::Recorder {
                trace: options.trace,
                record_timeline: options.timeline,
                timeline: trace::Timeline::default(),
            });
        }
        let result = self.run_module();
        // An uncaught `KeyboardInterrupt` stays in `sys.last_value` until the interpreter
        // clears its modules, and what its traceback holds goes only after them.
        let interrupted =
            matches!(&result, Err(e) if types::exception_matches(e, "KeyboardInterrupt"));
        let mut uncaught = None;
        let status = match result {
            Ok(_) => 0,
            // (Its report was printed when it happened.)
            Err(_) if self.deadlocked => DEADLOCK_STATUS,
            Err(exc) if self.halting => {
                let _ = exc;
                let budget = options.step_budget.unwrap_or(0);
                let _ = writeln!(self.err, "peel: step budget of {budget} steps exceeded");
                1
            }
            Err(exc) => {
                self.empty_module_stack(&exc);
                let _ = self.out.flush();
                let status = traceback::report_uncaught(self, &exc);
                // What its traceback's frames hold lives on (as `sys.last_value`) until
                // the interpreter ends.
                uncaught = Some(exc);
                status
            }
        };
        // CPython flushes stdout once more as the interpreter ends, before it clears the
        // module, and says so when that fails (the reader of a pipe has gone).
        let status = match self.out.flush() {
            Err(e) if !self.halting => {
                let e = stdio::os_error(&e);
                let text = ops::exception_str(self, &e).unwrap_or_default();
                let _ = write!(
                    self.err,
                    "Exception ignored in: {}\n{}: {text}\n",
                    stdio::STDOUT_REPR,
                    e.class.name,
                );
                stdio::FLUSH_FAILED_STATUS
            }
            _ => status,
        };
        // The collection at exit (`Py_FinalizeEx`), before the modules are cleared.
        if !interrupted {
            self.collect_cycles();
        }
        self.shut_down(uncaught);
        self.collect_cycles();
        // What the module's clearing printed: CPython's last flush reports nothing.
        let _ = self.out.flush();
        let _ = self.err.flush();
        // Whatever is still waiting to be finalized goes quietly, as at CPython's exit.
        drop(installed);
        drop(self.drops.take());
        status
    }
}

impl Vm {
    /// An uncaught exception leaves the module's frame: its value stack (the desugarer's
    /// globals, such as a `for` loop's iterator) goes now, before the traceback is printed,
    /// and what that finalizes is finalized at the statement the exception left.
    fn empty_module_stack(&mut self, exc: &PyException) {
        for g in self.stack_globals.clone() {
            if let Some(slot) = self.globals.get_mut(g) {
                let old = slot.take();
                drop(old);
            }
        }
        if self.drops.pending() {
            let at = exc.traceback.borrow().first().map(|t| t.span);
            self.run_finalizers(at);
        }
    }
}

/// The exit status of a run that deadlocked: every task was waiting and nothing could
/// wake any of them, where CPython would wait forever. (Not 1: the program did not
/// raise; 3, as the oracle's runner exits when CPython's loop would wait forever.)
pub const DEADLOCK_STATUS: i32 = 3;

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
    let status = vm.run_loaded(program, machines, source, options);
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
    /// The end of a run, as CPython's interpreter shutdown lets go of `__main__`'s
    /// namespace: what it held is finalized where no frame runs (a "never awaited"
    /// warning says `sys:1`). `python3` frees the namespace with the cycle its functions
    /// make, and its collector runs every finalizer in it before it clears anything; peel
    /// does the same walk on purpose (`collect`), then takes the globals in definition
    /// order. (Not private names first: that is `_PyModule_Clear`, for a module still
    /// alive at the end, which `__main__` is not.) A generator left suspended inside a
    /// `try` is closed then, so its `finally` still runs (and prints) after the
    /// program's last line, and still sees every global.
    fn shut_down(&mut self, uncaught: Option<Rc<PyException>>) {
        if self.halting {
            self.globals.clear();
            return;
        }
        // First every finalizer, with the namespace whole (see `collect`): what the
        // uncaught exception's frames hold, then what the globals hold.
        // (The exception goes first, as `sys.last_value`: what only its frames hold is
        // freed then, before the collector looks at the rest.)
        let caught: Vec<Value> = uncaught.map(Value::Exception).into_iter().collect();
        self.finalize_reachable(caught);
        let roots: Vec<Value> = self.globals.iter().flatten().cloned().collect();
        self.finalize_reachable(roots);
        // Then the namespace goes, a global at a time: what is left to say (a native
        // coroutine never awaited) is said as its global goes.
        let names = self.global_names.clone();
        for (g, name) in names.iter().enumerate() {
            if name != "__builtins__" {
                if let Some(slot) = self.globals.get_mut(g) {
                    let old = slot.take();
                    drop(old);
                }
                if self.drops.pending() {
                    self.finalize_at(generator::Place::Shutdown);
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
            crate::cfg::FunctionKind::Function | crate::cfg::FunctionKind::ClassBody => {}
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
    /// Calls a function whose code is `simple` with exactly its positional arguments:
    /// straight into a new frame, with no argument vector to bind.
    pub(crate) fn call_positional<const N: usize>(
        &mut self,
        f: &Rc<PyFunction>,
        args: [Value; N],
    ) -> PyResult<Value> {
        let nslots = f.code.def.slots.len();
        let mut slots = self.take_slots();
        slots.reserve(nslots);
        slots.extend(args.into_iter().map(Some));
        slots.resize(nslots, None);
        self.enter_function(f, slots)
    }

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

#[cfg(test)]
mod tests {
    use crate::span::SourceFile;

    /// Every helper the desugarer calls is one the runtime provides and a printed prelude
    /// defines.
    #[test]
    fn every_desugarer_helper_is_provided_and_printed() {
        for &helper in crate::desugar::HELPERS {
            let provided = helper == crate::desugar::AWAITABLE_HELPER
                || super::DESUGAR_HELPERS.iter().any(|(n, _)| *n == helper);
            assert!(provided, "the runtime lacks {helper}");
            let call = format!("{helper}(");
            let prelude = crate::ast::print::helper_preludes(|text| text == call);
            assert!(
                prelude.contains(&format!("def {helper}(")),
                "no prelude defines {helper}"
            );
        }
    }

    fn run(name: &str, text: &str) -> crate::RunOutput {
        crate::run_captured(&SourceFile::new(name, text), &super::RunOptions::default())
    }

    /// All of a run's state lives in its `Vm`: a program run after another on the same
    /// thread sees nothing the first one did (modules it changed, tasks it named, objects
    /// it left behind to be finalized, a repr it was in the middle of).
    #[test]
    fn programs_run_on_one_thread_share_nothing() {
        let first = "\
import time, asyncio
time.marker = 1
asyncio.marker = 2
async def job():
    await asyncio.sleep(1)
async def main():
    t = asyncio.create_task(job(), name='kept')
    await asyncio.sleep(0)
    global left
    left = t
asyncio.run(main())
def gen():
    try:
        yield 1
    finally:
        print('first program finally')
g = gen()
next(g)
keep = g
coro = job()
a = []
a.append(a)
print(a)
";
        let second = "\
import time, asyncio
print(hasattr(time, 'marker'), hasattr(asyncio, 'marker'))
async def main():
    t = asyncio.create_task(asyncio.sleep(0))
    print(t.get_name())
    await t
asyncio.run(main())
b = []
b.append(b)
print(b, [1, [2]])
";
        let alone = run("second.py", second);
        let after = std::thread::spawn(move || {
            let first = run("first.py", first);
            (first, run("second.py", second))
        })
        .join()
        .expect("the runs do not panic");
        assert_eq!(after.0.stdout, "[[...]]\nfirst program finally\n");
        assert_eq!(after.1.stdout, alone.stdout);
        assert_eq!(after.1.stderr, alone.stderr);
        assert_eq!(alone.stdout, "False False\nTask-2\n[[...]] [1, [2]]\n");
    }
}
