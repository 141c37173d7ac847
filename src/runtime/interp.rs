//! The executor: runs a function's basic blocks, one block at a time.
//!
//! A *frame* is the run-time state of one call: which function's code it runs, and one
//! slot per local variable (parameters, locals, cells, compiler temporaries), all numbered
//! by the compiler. Reading `x` is reading `slots[3]`: no name is looked up while running.
//! An empty slot (`None`) is an unbound variable, which is how `UnboundLocalError` is found.
//!
//! The loop is simple on purpose: run the statements of the current block, then its
//! terminator decides the next block (or returns). Expressions are still trees and are
//! evaluated recursively; they can never suspend, because every `yield` ends a block. That
//! is why a frame can be a plain heap value (`Frame`) whose `block` says where to continue:
//! the generator stage will keep suspended frames inside generator objects.
//!
//! Exceptions are Rust `Err` values. When one reaches the block loop, the frame records a
//! traceback entry (unless the error is a re-raise, which keeps its traceback as it is, like
//! CPython's `RERAISE`), and if the block has a handler, the exception goes into the
//! handler's slot and execution jumps there; otherwise the frame returns the error to its
//! caller. `finally` blocks receive a *completion record* (normal, return, jump, raise) that
//! `EndFinally` replays.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use super::fast::{self, int_binop, int_comparable, int_compare, FastStmt, FastTerm};
use super::function::{Code, PyFunction};
use super::types;
use super::value::{
    Completion, Hint, PyException, PyResult, PySlice, PyStr, TracebackEntry, TypeKind, Value,
};
use super::{exc, Vm};
use crate::cfg::{
    BlockId, CallArg, CallKwarg, CompletionRecord, Const, Expr, ExprKind, FStringPiece, Function,
    FunctionKind, Place, Slot, SlotKind, StmtKind, Target, Terminator,
};
use crate::span::Span;

/// The library functions the core calls, gathered in one place.
pub(crate) mod lib {
    use super::super::value::{PyStr, Value};
    pub(crate) use super::super::{builtins, class, format, inline_cache, modules, ops, suggest};
    use std::rc::Rc;

    pub(crate) fn str_value(s: impl Into<String>) -> Value {
        Value::Str(Rc::new(PyStr::new(s.into())))
    }
}

/// Lines of `Vm::builtin_cache`.
pub(crate) const BUILTIN_LINES: usize = 64;

/// A hasher for keys that are already well-distributed addresses.
#[derive(Default)]
pub(crate) struct PtrHasher(u64);

impl Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_right(29);
    }
}

pub(crate) type PtrMap<V> = HashMap<usize, V, BuildHasherDefault<PtrHasher>>;

/// Converts a function's IR constants to values, once per program run.
pub(crate) fn prepare_code(
    id: u32,
    f: &Function,
    machine: Option<&crate::statemachine::StateMachine>,
) -> Code {
    let consts = f.consts.iter().map(const_value).collect();
    let argcount = (f.params.posonly + f.params.positional) as usize;
    let fast = fast::fast_blocks(f);
    Code {
        id,
        def: f.clone(),
        consts,
        name: Rc::from(f.code_name()),
        qualname: Rc::from(f.qualname.as_str()),
        argcount,
        total_args: argcount + f.params.kwonly as usize,
        simple: f.params.kwonly == 0 && f.params.vararg.is_none() && f.params.kwarg.is_none(),
        iterable_coroutine: std::cell::Cell::new(false),
        attr_caches: (0..f.attr_sites).map(|_| Default::default()).collect(),
        machine: machine.map(|m| super::generator::MachineCode::new(m, f, &fast, f.slots.len())),
        fast,
    }
}

fn const_value(c: &Const) -> Value {
    match c {
        Const::None => Value::None,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::BigInt(digits) => match digits.parse::<num_bigint::BigInt>() {
            Ok(b) => Value::int_from_bigint(b),
            Err(_) => Value::None,
        },
        Const::Float(f) => Value::Float(*f),
        Const::Str(s) => Value::str(s.as_str()),
        Const::Bytes(b) => Value::Bytes(Rc::new(b.clone())),
        Const::Ellipsis => Value::Ellipsis,
    }
}

/// A new empty dict.
pub(crate) fn new_dict() -> Value {
    Value::empty_dict()
}

fn new_list(items: Vec<Value>) -> Value {
    Value::list(items)
}

fn new_tuple(items: Vec<Value>) -> Value {
    Value::tuple(items)
}

/// The run-time state of one call, borrowed from its owner: the code from whoever keeps it
/// alive (the function object, the generator, the module's code table), the slots and
/// handled exceptions from the call (`enter_function` owns them for the call) or from the
/// generator object (resuming a generator runs on its kept frame in place, or, for a
/// compact machine, on a pooled frame its kept values are spread into: see `generator`).
pub struct Frame<'a> {
    pub code: &'a Code,
    /// One per `code.def.slots`; `None` is unbound.
    pub slots: &'a mut Vec<Option<Value>>,
    /// The block to run next; after a `yield`, the block that yielded.
    pub block: BlockId,
    /// A resumed generator's own handled exceptions, put back on the stack when it runs
    /// (and taken off again, into here, when it suspends).
    pub handled: &'a mut Option<Box<Vec<Value>>>,
    /// How the frame starts at `block`: from its first statement, or (a resumed
    /// generator) part-way through it, or with an exception raised there first.
    pub entry: Entry,
    /// Set by `run_frame` when the frame stopped at the `Yield` ending `block` (the value
    /// it returned is the yielded one); clear when the frame returned. A flag beside the
    /// value rather than an enum around it: re-packing the value on its way out of each
    /// call layer makes the CPU reload it from memory right after writing it, a stall per
    /// call that the hot path of generators and calls would pay.
    pub suspended: bool,
    /// A generator's frame tells its generator which statement it is at (see
    /// `PyGenerator::at`); a function's frame has no one to tell.
    pub at: Option<&'a std::cell::Cell<u32>>,
}

/// Where a frame starts running, in its `block`.
pub enum Entry {
    /// At the block's first statement.
    Start,
    /// At the block's statement of this index (the terminator when it is the number of
    /// statements): a generator resumed in place (`generator::next_in_place`) ran the
    /// ones before it in their compact forms, and hands over at the first one that has
    /// none or whose compact form does not answer.
    Stmt(u32),
    /// With an exception thrown in at the block's `yield` (`throw()`, `close()`): raised
    /// there before anything runs, its traceback entry already made.
    Thrown(Rc<PyException>),
    /// With an exception the block's terminator just raised while the generator ran in
    /// place: handled from here as if this frame had raised it (its place is in
    /// `Vm::fault_span`).
    Raised(Rc<PyException>),
}

/// `name` occurs in `text` as a whole identifier.
fn mentions(text: &str, name: &str) -> bool {
    let ident = |c: char| c == '_' || c.is_alphanumeric();
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// The slots of a module frame: every slot unbound, the cells created.
pub fn module_slots(code: &Code) -> Vec<Option<Value>> {
    let mut slots = vec![None; code.def.slots.len()];
    for &c in &code.def.cell_slots {
        slots[c as usize] = Some(super::new_cell(None));
    }
    slots
}

/// An operator for `Vm::operator_slow`.
#[derive(Clone, Copy)]
enum Operator {
    Binary(crate::ast::BinOp),
    InPlace(crate::ast::BinOp),
    Compare(crate::ast::CmpOp),
}

/// Where control goes after a block.
enum Flow {
    Goto(BlockId),
    Return(Value),
    Yield(Value),
}

/// What is being called, for the messages of bad `*args` / `**kwargs` expansions.
#[derive(Clone, Copy)]
enum Callee<'a> {
    Value(&'a Value),
    Method(&'a Value, &'a str),
}

impl Callee<'_> {
    fn describe(self) -> String {
        match self {
            // CPython's `_PyObject_FunctionStr`: module-qualified outside `builtins`.
            Callee::Value(Value::Function(f)) => format!("__main__.{}()", f.qualname()),
            Callee::Value(Value::Builtin(b)) => format!("{}()", b.name),
            Callee::Value(Value::Type(t)) => format!("{}()", t.name),
            Callee::Value(v) => format!("{} object", lib::ops::type_name(v)),
            Callee::Method(v, name) => format!("{}.{}()", lib::ops::type_name(v), name),
        }
    }
}

impl Vm {
    /// Runs a frame from `frame.block` until it returns (or, later, suspends).
    pub fn run_frame(&mut self, frame: &mut Frame) -> PyResult<Value> {
        let code = frame.code;
        let blocks = &code.def.blocks;
        let base = self.handled.len();
        // Most frames handle nothing: skip the (out-of-line) append and split.
        if let Some(mut own) = frame.handled.take() {
            self.handled.append(&mut own);
        }
        let mut b = frame.block;
        let (mut thrown, fresh, mut first) = match std::mem::replace(&mut frame.entry, Entry::Start)
        {
            Entry::Start => (None, false, 0),
            Entry::Stmt(k) => (None, false, k as usize),
            Entry::Thrown(e) => (Some(e), false, 0),
            Entry::Raised(e) => (Some(e), true, 0),
        };
        // The block that ran before this one (only read to place `assert` errors).
        let mut prev = b;
        'blocks: loop {
            let Some(block) = blocks.get(b as usize) else {
                self.handled.truncate(base);
                return Err(types::runtime_error(format!("peel: no block {b}")));
            };
            let result = match thrown.take() {
                // Thrown in at a `yield` (its traceback entry is already there), or raised
                // by the terminator a generator run in place stopped at.
                Some(e) => {
                    self.reraising = !fresh;
                    Err(e)
                }
                None => 'block: {
                    // One step per block: every loop goes round through a block.
                    if let Err(e) = self.tick() {
                        break 'block Err(e);
                    }
                    let fast = &code.fast[b as usize];
                    // Only the first block can start part-way (`Entry::Stmt`).
                    let k = std::mem::take(&mut first);
                    let (stmts, fast_stmts) = match (block.stmts.get(k..), fast.stmts.get(k..)) {
                        (Some(s), Some(f)) => (s, f),
                        _ => (&[][..], &[][..]),
                    };
                    if let Err(e) = self.exec_stmts(code, frame.slots, stmts, fast_stmts, frame.at)
                    {
                        break 'block Err(e);
                    }
                    // The terminator's small-int form first (see `fast`), else its
                    // general form.
                    match &fast.term {
                        FastTerm::Jump(next) => {
                            prev = b;
                            b = *next;
                            continue 'blocks;
                        }
                        FastTerm::Branch {
                            cond,
                            then,
                            otherwise,
                        } => {
                            if let Some(t) = cond.eval(frame.slots) {
                                prev = b;
                                b = if t { *then } else { *otherwise };
                                continue 'blocks;
                            }
                        }
                        FastTerm::Yield(e) => {
                            if let Some(v) = e.eval(frame.slots) {
                                break 'block Ok(Flow::Yield(Value::Int(v)));
                            }
                        }
                        // The in-place forms of a generator resumed by `next` (see
                        // `generator::next_in_place`); here, the general form runs them.
                        FastTerm::YieldLocal(_) | FastTerm::ForNext { .. } | FastTerm::General => {}
                    }
                    if let Some(at) = frame.at {
                        at.set(block.term_span.start);
                    }
                    self.exec_term(code, frame.slots, &block.term, block.term_span)
                }
            };
            match result {
                Ok(Flow::Goto(next)) => {
                    prev = b;
                    b = next;
                }
                Ok(Flow::Return(v)) => {
                    self.handled.truncate(base);
                    frame.suspended = false;
                    return Ok(v);
                }
                Ok(Flow::Yield(v)) => {
                    frame.block = b;
                    if self.handled.len() > base {
                        *frame.handled = Some(Box::new(self.handled.split_off(base)));
                    }
                    frame.suspended = true;
                    return Ok(v);
                }
                Err(e) => {
                    let span = match self.fault_span.take() {
                        Some((span, true)) => span,
                        // Only the line is known: an empty span shows no `^^^` markers.
                        Some((span, false)) => Span {
                            start: span.start,
                            end: span.start,
                        },
                        None => Span {
                            start: block.term_span.start,
                            end: block.term_span.start,
                        },
                    };
                    let span = self.assert_span(code, prev, block, span);
                    if !std::mem::take(&mut self.reraising) {
                        self.note_raised(code, &e, span);
                    }
                    match block.handler {
                        Some(h) if !self.halting => {
                            self.handled.truncate(base + h.handled_depth as usize);
                            frame.slots[h.exc_slot as usize] = Some(Value::Exception(e));
                            b = h.target;
                        }
                        _ => {
                            self.handled.truncate(base);
                            frame.block = b;
                            keep_frame_values(code, &e, frame.slots);
                            return Err(e);
                        }
                    }
                }
            }
        }
    }

    /// A failed `assert` is marked, as CPython does, under its test (the condition of
    /// the branch that led to the raise), unless the test is a constant.
    fn assert_span(
        &self,
        code: &Code,
        prev: BlockId,
        block: &crate::cfg::Block,
        span: Span,
    ) -> Span {
        if !matches!(block.term, Terminator::Raise { .. }) || span != block.term_span {
            return span;
        }
        let is_assert = self.source.as_ref().is_some_and(|src| {
            src.text
                .get(span.start as usize..)
                .is_some_and(|t| t.starts_with("assert"))
        });
        match code.def.blocks.get(prev as usize).map(|b| &b.term) {
            Some(Terminator::Branch { cond, .. })
                if is_assert && !matches!(cond.kind, ExprKind::Const(_)) =>
            {
                cond.span
            }
            _ => span,
        }
    }

    /// An exception arrives in a frame (raised here or by a call made here): a new one
    /// records the exception being handled as its context; every one gets a traceback
    /// entry for this frame, in front (the traceback lists the outermost frame first).
    fn note_raised(&mut self, code: &Code, e: &Rc<PyException>, span: Span) {
        let fresh = e.traceback.borrow().is_empty();
        if fresh {
            self.set_context(e);
        }
        let line = match &self.source {
            Some(src) => src.line_of(span.start as usize) as u32,
            None => 0,
        };
        let entry = TracebackEntry {
            function: code.name.clone(),
            line,
            span,
        };
        e.traceback.borrow_mut().insert(0, entry);
    }

    /// `__context__`: the exception being handled when `e` was raised (without making a
    /// cycle, as CPython's `_PyErr_SetObject`).
    fn set_context(&mut self, e: &Rc<PyException>) {
        if let Some(Value::Exception(handled)) = self.handled.last() {
            chain_context(e, handled.clone());
        }
    }
}

/// An exception leaves a frame: CPython's traceback keeps the frame, and with it the
/// frame's locals, as long as the exception lives (its value stack is emptied as the
/// exception goes through: a `for` loop's iterator goes now). The locals whose end can be
/// seen go with the exception (`PyException::frame_values`); the rest the frame lets go
/// now. A value that holds the exception itself (the `except ... as e` being re-raised)
/// would make a cycle, which peel's reference counts never free, so it is let go now too
/// (CPython frees that cycle with its collector, at a moment no program relies on).
fn keep_frame_values(code: &Code, e: &Rc<PyException>, slots: &mut [Option<Value>]) {
    let info = &code.def.slots;
    let keeps = |i: usize, v: &Value| {
        info.get(i).is_some_and(|s| !s.on_stack)
            && super::generator::end_is_observable(v)
            && !reaches(v, e)
    };
    if !slots
        .iter()
        .enumerate()
        .any(|(i, s)| s.as_ref().is_some_and(|v| keeps(i, v)))
    {
        return;
    }
    let mut kept = e.frame_values.borrow_mut();
    for (i, slot) in slots.iter_mut().enumerate() {
        if slot.as_ref().is_some_and(|v| keeps(i, v)) {
            kept.extend(slot.take());
        }
    }
}

/// Might `v` hold `e`? A short walk of what `v` holds; `true` also when the walk is cut
/// short or cannot see inside something (it is only asked of a frame's locals, as an
/// exception leaves the frame).
fn reaches(v: &Value, e: &Rc<PyException>) -> bool {
    let mut budget = 64;
    let mut stack = vec![v.clone()];
    while let Some(v) = stack.pop() {
        if matches!(&v, Value::Exception(x) if Rc::ptr_eq(x, e)) {
            return true;
        }
        if !super::generator::end_is_observable(&v) {
            continue;
        }
        let members = match &v {
            Value::List(l) => l.items.try_borrow().map_or(usize::MAX, |items| items.len()),
            Value::Tuple(t) => t.items.len(),
            Value::Dict(d) => d.map.try_borrow().map_or(usize::MAX, |m| 2 * m.len()),
            Value::Set(s) | Value::FrozenSet(s) => {
                s.set.try_borrow().map_or(usize::MAX, |s| s.len())
            }
            _ => 0,
        };
        // A big container is not walked (a raise in a loop must not cost its size each time).
        if members > budget || budget == 0 || !super::collect::members_of(&v, &mut stack) {
            return true;
        }
        budget = budget.saturating_sub(1 + members);
    }
    false
}

/// Makes `handled` the `__context__` of `e`, breaking a cycle if `e` is already in
/// `handled`'s chain (CPython's `_PyErr_SetObject`).
pub(crate) fn chain_context(e: &Rc<PyException>, handled: Rc<PyException>) {
    if Rc::ptr_eq(&handled, e) {
        return;
    }
    let mut o = handled.clone();
    loop {
        let next = match &*o.context.borrow() {
            Some(Value::Exception(c)) => c.clone(),
            _ => break,
        };
        if Rc::ptr_eq(&next, e) {
            *o.context.borrow_mut() = None;
            break;
        }
        o = next;
    }
    *e.context.borrow_mut() = Some(Value::Exception(handled));
}

impl Vm {
    /// Records where an operation failed (the innermost failing operation wins).
    #[inline]
    fn at<T>(&mut self, r: PyResult<T>, span: Span) -> PyResult<T> {
        if r.is_err() && self.fault_span.is_none() {
            self.fault_span = Some((span, true));
        }
        r
    }

    #[inline]
    fn fail<T>(&mut self, e: Rc<PyException>, span: Span) -> PyResult<T> {
        if self.fault_span.is_none() {
            self.fault_span = Some((span, true));
        }
        Err(e)
    }

    /// Like `fail`, for errors known only by their statement (no markers).
    #[inline]
    fn fail_at_line<T>(&mut self, e: Rc<PyException>, span: Span) -> PyResult<T> {
        if self.fault_span.is_none() {
            self.fault_span = Some((span, false));
        }
        Err(e)
    }

    /// A call just returned: the generators it dropped while they were suspended inside
    /// a `try` are closed now, as CPython closes them when their last reference goes.
    #[inline]
    fn after_call<T>(&mut self, r: &PyResult<T>, span: Span) {
        if r.is_ok() && self.drops.pending() {
            self.run_finalizers(Some(span));
        }
    }

    /// Counts one step against `RunOptions::step_budget` (library loops that may run
    /// long, such as `sum(range(10**12))`, can call it too).
    #[inline]
    pub fn tick(&mut self) -> PyResult<()> {
        if self.steps_left == 0 {
            self.halting = true;
            return Err(types::runtime_error("step budget exceeded"));
        }
        self.steps_left -= 1;
        Ok(())
    }

    /// Runs a block's statements, each in its small-int form when it has one and that
    /// answers (see `fast`), else in its general form.
    #[inline]
    fn exec_stmts(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        stmts: &[crate::cfg::Stmt],
        fast: &[FastStmt],
        at: Option<&std::cell::Cell<u32>>,
    ) -> PyResult<()> {
        for (stmt, f) in stmts.iter().zip(fast) {
            let r = match f {
                FastStmt::Assign { dst, value } => match value.eval(slots) {
                    Some(v) => {
                        super::value::set_slot(&mut slots[*dst as usize], Value::Int(v));
                        Ok(())
                    }
                    None => self.exec_stmt(code, slots, stmt),
                },
                FastStmt::General => {
                    // Only a statement in its general form can call out, and so let the
                    // program look at this (running) generator.
                    if let Some(at) = at {
                        at.set(stmt.span.start);
                    }
                    self.exec_stmt(code, slots, stmt)
                }
            };
            if let Err(e) = r {
                return self.fail_at_line(e, stmt.span);
            }
            if self.drops.pending() {
                self.run_finalizers(Some(stmt.span));
            }
        }
        Ok(())
    }

    /// A statement in its general form.
    fn exec_stmt(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        stmt: &crate::cfg::Stmt,
    ) -> PyResult<()> {
        match &stmt.kind {
            StmtKind::Assign { target, value } => match self.eval(code, slots, value) {
                // The common store, to a local slot, without the call to `store`.
                Ok(v) => match target {
                    Target::Local(s) => {
                        super::value::set_slot(&mut slots[*s as usize], v);
                        Ok(())
                    }
                    _ => self.store(code, slots, target, v),
                },
                Err(e) => Err(e),
            },
            StmtKind::Expr(e) => self.eval(code, slots, e).map(drop),
            StmtKind::Delete(target) => self.delete(code, slots, target),
            StmtKind::EnterExcept(s) => {
                let v = slots[*s as usize].clone().unwrap_or_default();
                self.handled.push(v);
                Ok(())
            }
            StmtKind::ExitExcept(s) => {
                self.handled.pop();
                // CPython's `POP_EXCEPT` drops the exception: it ends here unless the
                // program still holds it.
                if let Some(v) = slots[*s as usize].take() {
                    super::value::discard(v);
                }
                Ok(())
            }
            StmtKind::SetCompletion { slot, completion } => {
                let c = match completion {
                    CompletionRecord::Normal => Ok(self.normal_completion.clone()),
                    CompletionRecord::Return(e) => self
                        .eval(code, slots, e)
                        .map(|v| Value::Completion(Rc::new(Completion::Return(v)))),
                    CompletionRecord::Jump(b) => {
                        Ok(Value::Completion(Rc::new(Completion::Jump(*b))))
                    }
                    CompletionRecord::Raise(s) => {
                        let v = slots[*s as usize].clone().unwrap_or_default();
                        Ok(Value::Completion(Rc::new(Completion::Raise(v))))
                    }
                };
                c.map(|c| slots[*slot as usize] = Some(c))
            }
        }
    }

    fn exec_term(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        term: &Terminator,
        span: Span,
    ) -> PyResult<Flow> {
        match term {
            // `run_frame` takes every jump through its small-int form (`FastTerm::Jump`).
            Terminator::Jump(b) => Ok(Flow::Goto(*b)),
            Terminator::Branch {
                cond,
                then,
                otherwise,
            } => {
                let t = self.eval_condition(code, slots, cond)?;
                Ok(Flow::Goto(if t { *then } else { *otherwise }))
            }
            Terminator::ForNext {
                iter,
                item,
                body,
                exhausted,
            } => {
                // The iterator is read in place (the slots are this frame's, out of the
                // Vm's reach): no reference count to bump and drop per item.
                let global;
                let it = match *iter {
                    Place::Local(s) => match &slots[s as usize] {
                        Some(it) => it,
                        None => &Value::None,
                    },
                    // A module-level loop's iterator is a global: read like one.
                    Place::Global(g) => {
                        global = match self.load_global(g) {
                            Ok(v) => v,
                            Err(e) => return self.fail_at_line(e, span),
                        };
                        &global
                    }
                };
                // A generator (the common iterator of a `for` in a generator pipeline) is
                // resumed directly; `ops::next` handles every iterator.
                let next = match it {
                    Value::Generator(g) => self.generator_next(g),
                    _ => lib::ops::next(self, it),
                };
                let next = match next {
                    Ok(n) => n,
                    Err(e) => return self.fail_at_line(e, span),
                };
                match next {
                    Some(v) => {
                        match *item {
                            Place::Local(s) => super::value::set_slot(&mut slots[s as usize], v),
                            Place::Global(g) => self.store_global(g, v),
                        }
                        Ok(Flow::Goto(*body))
                    }
                    None => Ok(Flow::Goto(*exhausted)),
                }
            }
            Terminator::Send {
                delegate,
                sent,
                yielded,
                result,
                then,
                done,
                unbind,
            } => {
                let sent = match sent {
                    None => None,
                    Some(s) => match &slots[*s as usize] {
                        Some(v) => Some(v.clone()),
                        None => return self.fail_at_line(Self::unbound_local(code, *s), span),
                    },
                };
                let Some(d) = &slots[*delegate as usize] else {
                    return self.fail_at_line(Self::unbound_local(code, *delegate), span);
                };
                let step = self.delegate_step(d, sent);
                self.after_call(&step, span);
                match self.at(step, span)? {
                    super::generator::GenStep::Yielded(v) => {
                        super::value::set_slot(&mut slots[*yielded as usize], v);
                        Ok(Flow::Goto(*then))
                    }
                    super::generator::GenStep::Returned(v) => {
                        super::value::set_slot(&mut slots[*result as usize], v);
                        if let Some(u) = unbind {
                            if let Some(old) = slots[*u as usize].take() {
                                super::value::discard(old);
                            }
                        }
                        Ok(Flow::Goto(*done))
                    }
                }
            }
            Terminator::Return(e) => Ok(Flow::Return(self.operand(code, slots, e)?)),
            Terminator::Raise { exc: e, cause } => {
                let v = self.eval(code, slots, e)?;
                let exception = self.make_exception(v, false)?;
                if let Some(cause) = cause {
                    let c = self.eval(code, slots, cause)?;
                    let c = match c {
                        Value::None => None,
                        other => Some(Value::Exception(self.make_exception(other, true)?)),
                    };
                    *exception.cause.borrow_mut() = c;
                    exception.suppress_context.set(true);
                }
                self.set_context(&exception);
                self.fail(exception, span)
            }
            Terminator::Reraise(s) => match &slots[*s as usize] {
                Some(Value::Exception(e)) => {
                    self.reraising = true;
                    Err(e.clone())
                }
                _ => Err(types::runtime_error("peel: re-raise of a non-exception")),
            },
            Terminator::RaiseHandled => match self.handled.last() {
                Some(Value::Exception(e)) => {
                    let e = e.clone();
                    self.reraising = true;
                    Err(e)
                }
                _ => self.fail(exc("RuntimeError", "No active exception to reraise"), span),
            },
            Terminator::EndFinally {
                completion,
                after,
                outer,
            } => {
                let c = match &slots[*completion as usize] {
                    Some(Value::Completion(c)) => c.clone(),
                    _ => return Err(types::runtime_error("peel: finally without a completion")),
                };
                match &*c {
                    Completion::Normal => Ok(Flow::Goto(*after)),
                    Completion::Return(v) => match outer {
                        Some((slot, target)) => {
                            slots[*slot as usize] = Some(Value::Completion(c.clone()));
                            Ok(Flow::Goto(*target))
                        }
                        None => Ok(Flow::Return(v.clone())),
                    },
                    Completion::Jump(b) => Ok(Flow::Goto(*b)),
                    Completion::Raise(Value::Exception(e)) => {
                        self.reraising = true;
                        Err(e.clone())
                    }
                    Completion::Raise(_) => {
                        Err(types::runtime_error("peel: re-raise of a non-exception"))
                    }
                }
            }
            Terminator::Yield { value, .. } => Ok(Flow::Yield(self.operand(code, slots, value)?)),
            Terminator::Unreachable => Err(types::runtime_error(
                "peel: reached a block marked unreachable",
            )),
        }
    }

    /// `raise X`: an exception instance, or a class to instantiate with no arguments.
    fn make_exception(&mut self, v: Value, is_cause: bool) -> PyResult<Rc<PyException>> {
        let what = if is_cause {
            "exception causes"
        } else {
            "exceptions"
        };
        match v {
            Value::Exception(e) => Ok(e),
            Value::Type(t) if is_exception_class(&t) => {
                match lib::builtins::call_type(self, &t, Vec::new(), Vec::new())? {
                    Value::Exception(e) => Ok(e),
                    _ => Err(types::type_error(format!(
                        "{what} must derive from BaseException"
                    ))),
                }
            }
            _ => Err(types::type_error(format!(
                "{what} must derive from BaseException"
            ))),
        }
    }

    /// A branch's condition as a Rust `bool`, in its general form: a branch on two ints
    /// never gets here, its small-int form (`FastTerm::Branch`) answers first.
    #[inline]
    fn eval_condition(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        cond: &Expr,
    ) -> PyResult<bool> {
        let v = self.eval(code, slots, cond)?;
        let t = self.truthy(&v);
        self.at(t, cond.span)
    }

    /// Truthiness, with the common cases inline.
    #[inline]
    pub(crate) fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            Value::None => Ok(false),
            _ => lib::ops::truthy(self, v),
        }
    }

    fn unbound_local(code: &Code, slot: Slot) -> Rc<PyException> {
        let name = code
            .def
            .slots
            .get(slot as usize)
            .map(|s| s.name.as_str())
            .unwrap_or("?");
        exc(
            "UnboundLocalError",
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    fn unbound_cell(code: &Code, slot: Slot) -> Rc<PyException> {
        let info = code.def.slots.get(slot as usize);
        let name = info.map(|s| s.name.as_str()).unwrap_or("?");
        match info.map(|s| s.kind) {
            Some(SlotKind::Free) => exc(
                "NameError",
                format!(
                    "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
                ),
            ),
            _ => Self::unbound_local(code, slot),
        }
    }

    /// `NameError: name 'name' is not defined`, raised in `code`, with the name CPython
    /// would suggest instead: one of `code`'s own variables, else a bound global, else a
    /// builtin (see `suggest`).
    #[cold]
    fn name_error_in(&self, code: &Code, name: &str) -> Rc<PyException> {
        let e = Self::name_error(name);
        // CPython's `co_varnames`: the parameters and plain locals, not a local that only
        // inner functions read (a cell), and not the desugarer's temporaries, which are
        // named so as never to appear in the program's text.
        let params = crate::statemachine::param_count(&code.def) as usize;
        let written = |n: &str| self.source.as_ref().is_none_or(|s| mentions(&s.text, n));
        let locals: Vec<&str> = match code.def.kind {
            FunctionKind::Module => Vec::new(),
            _ => code
                .def
                .slots
                .iter()
                .enumerate()
                .filter(|(i, s)| {
                    s.kind == SlotKind::Local || (s.kind == SlotKind::Cell && *i < params)
                })
                .map(|(_, s)| s.name.as_str())
                .filter(|n| written(n))
                .collect(),
        };
        let globals: Vec<&str> = self
            .global_names
            .iter()
            .zip(self.globals.iter())
            .filter(|(_, v)| v.is_some())
            .map(|(n, _)| n.as_str())
            .collect();
        *e.hint.borrow_mut() =
            lib::suggest::for_name_error(name, &locals, &globals, |d| self.dunders.contains_key(d))
                .map(Hint::Name);
        e
    }

    fn name_error(name: &str) -> Rc<PyException> {
        exc("NameError", format!("name '{name}' is not defined"))
    }

    /// A builtin (or a module dunder such as `__name__`), cached by the name's address in
    /// the (immutable) IR: a direct-mapped cache, since a builtin is loaded on every `for`
    /// and every `await`, and one compare costs less than hashing the name.
    fn load_builtin(&mut self, name: &str) -> PyResult<Value> {
        let key = name.as_ptr() as usize;
        let line = (key >> 3) % BUILTIN_LINES;
        if let Some((k, v)) = self.builtin_cache.get(line) {
            if *k == key {
                return Ok(v.clone());
            }
        }
        let found = self
            .dunders
            .get(name)
            .cloned()
            .or_else(|| lib::builtins::lookup(name));
        match found {
            Some(v) => {
                if let Some(l) = self.builtin_cache.get_mut(line) {
                    *l = (key, v.clone());
                }
                Ok(v)
            }
            None => Err(Self::name_error(name)),
        }
    }

    fn store_global(&mut self, g: u32, v: Value) {
        if let Some(slot) = self.globals.get_mut(g as usize) {
            *slot = Some(v);
        }
    }

    /// A module global, falling back to the builtin of that name when it is unbound
    /// (`NameError` if there is none).
    fn load_global(&mut self, g: u32) -> PyResult<Value> {
        if let Some(Some(v)) = self.globals.get(g as usize) {
            return Ok(v.clone());
        }
        let names = self.global_names.clone();
        let name = names.get(g as usize).map_or("?", |n| n.as_str());
        self.load_builtin(name)
    }

    /// The span of `obj.name` (attribute targets and method calls have no span of their
    /// own): from the object to the end of the name after it.
    fn attribute_span(&self, object: Span, name: &str) -> Span {
        let Some(src) = &self.source else {
            return object;
        };
        let from = object.end as usize;
        match src.text.get(from..).and_then(|rest| rest.find(name)) {
            Some(i) => Span::new(object.start as usize, from + i + name.len()),
            None => object,
        }
    }

    /// The span of `obj[index]`, closing bracket included.
    fn subscript_span(&self, object: Span, index: Span) -> Span {
        let Some(src) = &self.source else {
            return object.to(index);
        };
        let from = index.end as usize;
        match src.text.get(from..).and_then(|rest| rest.find(']')) {
            Some(i) => Span::new(object.start as usize, from + i + 1),
            None => object.to(index),
        }
    }

    /// A keyword name as a shared string, made once per call site.
    fn intern(&mut self, name: &str) -> Rc<PyStr> {
        let key = name.as_ptr() as usize;
        self.name_cache
            .entry(key)
            .or_insert_with(|| Rc::new(PyStr::new(name.to_string())))
            .clone()
    }

    /// Evaluates an expression tree.
    ///
    /// The hot cases (constants, locals, globals, small-int arithmetic and comparisons) are
    /// handled here, in a function with a small stack frame; everything else goes to
    /// `eval_other`. Most expression trees are mostly leaves, so most recursive calls
    /// never touch the big frame.
    #[inline]
    /// The common call `f(a, b)` (or `obj.m(a, b)`, with `first` the object) of a function
    /// taking exactly those positional parameters: the arguments are evaluated straight
    /// into the new frame's slots. `None`: not such a call, nothing evaluated.
    #[allow(clippy::too_many_arguments)]
    fn call_simple(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        pf: &Rc<PyFunction>,
        first: Option<Value>,
        args: &[CallArg],
        kwargs: &[CallKwarg],
        span: Span,
    ) -> Option<PyResult<Value>> {
        if !kwargs.is_empty()
            || !pf.code.simple
            || pf.code.argcount != args.len() + usize::from(first.is_some())
            || !args.iter().all(|a| matches!(a, CallArg::Positional(_)))
        {
            return None;
        }
        let nslots = pf.code.def.slots.len();
        let mut new_slots = self.take_slots();
        new_slots.reserve(nslots);
        if let Some(v) = first {
            new_slots.push(Some(v));
        }
        for a in args {
            if let CallArg::Positional(x) = a {
                match self.eval(code, slots, x) {
                    Ok(v) => new_slots.push(Some(v)),
                    Err(err) => {
                        self.give_slots(new_slots);
                        return Some(Err(err));
                    }
                }
            }
        }
        // The other slots start unbound (an inline loop: `resize` is a call, and a
        // function has few slots).
        while new_slots.len() < nslots {
            new_slots.push(None);
        }
        let r = self.enter_function(pf, new_slots);
        self.after_call(&r, span);
        Some(self.at(r, span))
    }

    pub(crate) fn eval(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        e: &Expr,
    ) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Const(c) => Ok(code.consts[*c as usize].clone()),
            ExprKind::Local(s) => match &slots[*s as usize] {
                Some(v) => Ok(v.clone()),
                None => self.eval_other(code, slots, e),
            },
            ExprKind::Global(g) => match self.globals.get(*g as usize) {
                Some(Some(v)) => Ok(v.clone()),
                _ => self.eval_other(code, slots, e),
            },
            ExprKind::BinOp { op, left, right } | ExprKind::InPlaceOp { op, left, right } => {
                let a = self.operand(code, slots, left)?;
                let b = self.operand(code, slots, right)?;
                if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
                    if let Some(v) = int_binop(*op, *x, *y) {
                        // Plain ints: nothing to drop.
                        std::mem::forget(a);
                        std::mem::forget(b);
                        return Ok(Value::Int(v));
                    }
                }
                let op = match e.kind {
                    ExprKind::BinOp { .. } => Operator::Binary(*op),
                    _ => Operator::InPlace(*op),
                };
                self.operator_slow(op, a, b, e.span)
            }
            ExprKind::Compare { left, ops } if ops.len() == 1 => {
                let (op, right) = &ops[0];
                let a = self.operand(code, slots, left)?;
                let b = self.operand(code, slots, right)?;
                match (&a, &b) {
                    (Value::Int(x), Value::Int(y)) if int_comparable(*op) => {
                        let r = int_compare(*op, *x, *y);
                        std::mem::forget(a);
                        std::mem::forget(b);
                        Ok(Value::Bool(r))
                    }
                    _ => self.operator_slow(Operator::Compare(*op), a, b, e.span),
                }
            }
            ExprKind::Attribute { object, name, site } => {
                self.eval_attribute(code, slots, object, name, *site, e.span)
            }
            _ => self.eval_other(code, slots, e),
        }
    }

    /// `obj.name`, read through the site's cache (a small function of its own, so that
    /// this common expression does not pay for `eval_other`'s large frame).
    #[inline(never)]
    fn eval_attribute(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        object: &Expr,
        name: &str,
        site: crate::cfg::AttrSite,
        span: Span,
    ) -> PyResult<Value> {
        let cache = code.attr_caches.get(site as usize);
        // The commonest read, `local.name` hitting its site's cache, takes the object
        // where it lies (no reference count to move).
        if let (ExprKind::Local(s), Some(cache)) = (&object.kind, cache) {
            if let Some(Some(Value::Instance(i))) = slots.get(*s as usize) {
                if let Some(v) = cache.own_hit(i) {
                    return Ok(v);
                }
            }
        }
        let o = self.eval(code, slots, object)?;
        let r = match cache {
            Some(cache) => lib::inline_cache::load_attr(self, cache, &o, name),
            None => lib::ops::get_attr(self, &o, name),
        };
        self.at(r, span)
    }

    /// An operand of an operator: a leaf (a constant, a bound local) is read in place,
    /// anything else is evaluated by a recursive `eval`. Most operands are leaves, and a
    /// call per leaf costs more than the leaf itself.
    #[inline(always)]
    fn operand(&mut self, code: &Code, slots: &mut [Option<Value>], e: &Expr) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Const(c) => Ok(code.consts[*c as usize].clone()),
            ExprKind::Local(s) => match &slots[*s as usize] {
                Some(v) => Ok(v.clone()),
                None => self.eval_other(code, slots, e),
            },
            _ => self.eval(code, slots, e),
        }
    }

    /// An operator on anything but two small ints: the library's general case, out of
    /// line so that `eval`'s fast paths stay small.
    #[inline(never)]
    fn operator_slow(&mut self, op: Operator, a: Value, b: Value, span: Span) -> PyResult<Value> {
        let r = match op {
            Operator::Binary(op) => lib::ops::binary_op(self, op, &a, &b),
            Operator::InPlace(op) => lib::ops::inplace_op(self, op, &a, &b),
            Operator::Compare(op) => lib::ops::compare(self, op, &a, &b),
        };
        self.at(r, span)
    }

    /// `f(x)` for a builtin with a one-argument form (`BuiltinFunction::unary`: `iter(x)`,
    /// `len(x)`, `asyncio.sleep(d)`...): the call, made without an argument vector, or
    /// `None` when `f` and the arguments do not fit.
    fn call_unary(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        f: &Value,
        args: &[CallArg],
        kwargs: &[CallKwarg],
        span: Span,
    ) -> Option<PyResult<Value>> {
        let (Value::Builtin(b), [CallArg::Positional(x)], []) = (f, args, kwargs) else {
            return None;
        };
        let unary = b.unary?;
        let v = match self.eval(code, slots, x) {
            Ok(v) => v,
            Err(e) => return Some(Err(e)),
        };
        let r = unary(self, &v);
        self.after_call(&r, span);
        Some(self.at(r, span))
    }

    /// `module.f(args)`: the function is looked up before the arguments are evaluated, as
    /// CPython does, and a builtin's one-argument form (`BuiltinFunction::unary`) takes
    /// its single argument without an argument vector.
    fn call_module_function(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        (module, object, name): (&Value, Span, &str),
        args: &[CallArg],
        kwargs: &[CallKwarg],
        span: Span,
    ) -> PyResult<Value> {
        let f = match lib::ops::get_attr(self, module, name) {
            Ok(f) => f,
            Err(err) => {
                let span = self.attribute_span(object, name);
                return self.fail(err, span);
            }
        };
        self.call_with(
            code,
            slots,
            &f,
            Callee::Method(module, name),
            args,
            kwargs,
            span,
        )
    }

    /// `f(args)` once `f` is known: a builtin's one-argument form (`call_unary`), else the
    /// arguments evaluated into vectors (errors worded for `callee`) and the call made.
    #[allow(clippy::too_many_arguments)]
    fn call_with(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        f: &Value,
        callee: Callee,
        args: &[CallArg],
        kwargs: &[CallKwarg],
        span: Span,
    ) -> PyResult<Value> {
        if let Some(r) = self.call_unary(code, slots, f, args, kwargs, span) {
            return r;
        }
        let a = self.eval_args(code, slots, args, callee)?;
        let k = self.eval_kwargs(code, slots, kwargs, callee)?;
        let r = self.call(f, a, k);
        self.after_call(&r, span);
        self.at(r, span)
    }

    /// Every expression `eval` does not handle inline.
    #[inline(never)]
    fn eval_other(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        e: &Expr,
    ) -> PyResult<Value> {
        match &e.kind {
            // `eval` computes these inline and never sends them here.
            ExprKind::Const(_) | ExprKind::BinOp { .. } | ExprKind::InPlaceOp { .. } => {
                self.eval(code, slots, e)
            }
            ExprKind::Local(s) => match &slots[*s as usize] {
                Some(v) => Ok(v.clone()),
                None => self.fail(Self::unbound_local(code, *s), e.span),
            },
            ExprKind::Cell(s) => {
                let v = match &slots[*s as usize] {
                    Some(Value::Cell(c)) => c.borrow().clone(),
                    _ => None,
                };
                match v {
                    Some(v) => Ok(v),
                    None => self.fail(Self::unbound_cell(code, *s), e.span),
                }
            }
            ExprKind::ClassLocal { name, fallback } => {
                if let Some(Value::Dict(ns)) = &slots[0] {
                    if let Some(v) = ns.get_str(name) {
                        return Ok(v);
                    }
                }
                self.eval(code, slots, fallback)
            }
            ExprKind::CellObject(s) => match &slots[*s as usize] {
                Some(v @ Value::Cell(_)) => Ok(v.clone()),
                _ => Ok(Value::None),
            },
            ExprKind::Global(g) => {
                let r = self.load_global(*g).map_err(|_| {
                    let names = self.global_names.clone();
                    let name = names.get(*g as usize).map_or("?", |n| n.as_str());
                    self.name_error_in(code, name)
                });
                self.at(r, e.span)
            }
            ExprKind::Builtin(name) => {
                let r = self.load_builtin(name);
                let r = r.map_err(|_| self.name_error_in(code, name));
                self.at(r, e.span)
            }
            ExprKind::UnaryOp { op, operand } => {
                let v = self.eval(code, slots, operand)?;
                let r = match op {
                    crate::ast::UnaryOp::Not => self.truthy(&v).map(|t| Value::Bool(!t)),
                    crate::ast::UnaryOp::Neg => match v {
                        Value::Int(i) if i != i64::MIN => Ok(Value::Int(-i)),
                        _ => lib::ops::unary_op(self, *op, &v),
                    },
                    _ => lib::ops::unary_op(self, *op, &v),
                };
                self.at(r, e.span)
            }
            ExprKind::BoolOp { op, values } => {
                let Some((last, rest)) = values.split_last() else {
                    return Ok(Value::None);
                };
                for item in rest {
                    let v = self.eval(code, slots, item)?;
                    let t = self.truthy(&v);
                    let t = self.at(t, item.span)?;
                    let stop = match op {
                        crate::ast::BoolOp::And => !t,
                        crate::ast::BoolOp::Or => t,
                    };
                    if stop {
                        return Ok(v);
                    }
                }
                self.eval(code, slots, last)
            }
            ExprKind::Compare { left, ops } => {
                let mut a = self.eval(code, slots, left)?;
                let n = ops.len();
                for (i, (op, right)) in ops.iter().enumerate() {
                    let b = self.eval(code, slots, right)?;
                    let r = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) if int_comparable(*op) => {
                            Value::Bool(int_compare(*op, *x, *y))
                        }
                        _ => {
                            let r = lib::ops::compare(self, *op, &a, &b);
                            self.at(r, e.span)?
                        }
                    };
                    if i + 1 == n {
                        return Ok(r);
                    }
                    let t = self.truthy(&r);
                    if !self.at(t, e.span)? {
                        return Ok(r);
                    }
                    a = b;
                }
                Ok(a)
            }
            ExprKind::IfExp { test, body, orelse } => {
                let v = self.eval(code, slots, test)?;
                let t = self.truthy(&v);
                if self.at(t, test.span)? {
                    self.eval(code, slots, body)
                } else {
                    self.eval(code, slots, orelse)
                }
            }
            ExprKind::Call { func, args, kwargs } => {
                let f = self.eval(code, slots, func)?;
                if let Value::Function(pf) = &f {
                    if let Some(r) = self.call_simple(code, slots, pf, None, args, kwargs, e.span) {
                        return r;
                    }
                }
                self.call_with(code, slots, &f, Callee::Value(&f), args, kwargs, e.span)
            }
            ExprKind::MethodCall {
                object,
                name,
                site,
                args,
                kwargs,
            } => {
                let o = self.eval(code, slots, object)?;
                let cache = code.attr_caches.get(*site as usize);
                if let Some(pf) =
                    cache.and_then(|c| lib::inline_cache::method_of(self, c, &o, name))
                {
                    let first = Some(o.clone());
                    if let Some(r) = self.call_simple(code, slots, &pf, first, args, kwargs, e.span)
                    {
                        return r;
                    }
                    // The method is known: bind the arguments without looking it up again.
                    let a = self.eval_args(code, slots, args, Callee::Method(&o, name))?;
                    let k = self.eval_kwargs(code, slots, kwargs, Callee::Method(&o, name))?;
                    let mut full = Vec::with_capacity(a.len() + 1);
                    full.push(o);
                    full.extend(a);
                    let r = self.call_function(&pf, full, k);
                    self.after_call(&r, e.span);
                    return self.at(r, e.span);
                }
                if let Value::Module(_) = &o {
                    let callee = (&o, object.span, name.as_str());
                    return self.call_module_function(code, slots, callee, args, kwargs, e.span);
                }
                let a = self.eval_args(code, slots, args, Callee::Method(&o, name))?;
                let k = self.eval_kwargs(code, slots, kwargs, Callee::Method(&o, name))?;
                let r = match cache {
                    Some(cache) => lib::inline_cache::call_method(self, cache, &o, name, a, k),
                    None => lib::ops::call_method(self, &o, name, a, k),
                };
                self.after_call(&r, e.span);
                if let Err(err) = &r {
                    // A missing method is reported at `obj.name`, not the whole call.
                    if err.traceback.borrow().is_empty()
                        && Rc::ptr_eq(&err.class, &types::exception_class("AttributeError"))
                    {
                        let span = self.attribute_span(object.span, name);
                        return self.at(r, span);
                    }
                }
                self.at(r, e.span)
            }
            ExprKind::Attribute { object, name, site } => {
                self.eval_attribute(code, slots, object, name, *site, e.span)
            }
            ExprKind::Subscript { object, index } => {
                let o = self.eval(code, slots, object)?;
                let i = self.eval(code, slots, index)?;
                let r = lib::ops::get_item(self, &o, &i);
                self.at(r, e.span)
            }
            ExprKind::Slice { lower, upper, step } => {
                let mut part = |p: &Option<Box<Expr>>, vm: &mut Vm| match p {
                    Some(x) => vm.eval(code, slots, x),
                    None => Ok(Value::None),
                };
                let start = part(lower, self)?;
                let stop = part(upper, self)?;
                let step = part(step, self)?;
                Ok(Value::Slice(Rc::new(PySlice { start, stop, step })))
            }
            ExprKind::Tuple(items) => Ok(new_tuple(self.eval_items(code, slots, items)?)),
            ExprKind::List(items) => Ok(new_list(self.eval_items(code, slots, items)?)),
            ExprKind::Set(items) => {
                let values = self.eval_items(code, slots, items)?;
                let folded = items.len() > 2 && items.iter().all(is_folded_constant);
                let r = lib::ops::set_display(self, values, folded);
                self.at(r, e.span)
            }
            ExprKind::Dict(items) => {
                let d = new_dict();
                for (k, v) in items {
                    match k {
                        Some(k) => {
                            let key = self.eval(code, slots, k)?;
                            let value = self.eval(code, slots, v)?;
                            let r = lib::ops::set_item(self, &d, &key, value);
                            self.at(r, e.span)?;
                        }
                        None => {
                            let m = self.eval(code, slots, v)?;
                            let r = self.merge_mapping(&d, &m);
                            self.at(r, v.span)?;
                        }
                    }
                }
                Ok(d)
            }
            ExprKind::Starred(inner) => {
                let _ = inner;
                self.fail(
                    types::runtime_error("peel: starred expression out of place"),
                    e.span,
                )
            }
            ExprKind::FString(pieces) => {
                let s = self.eval_fstring(code, slots, pieces)?;
                Ok(lib::str_value(s))
            }
            ExprKind::MakeFunction {
                func,
                defaults,
                kw_defaults,
                annotations,
                closure,
            } => {
                let Some(fcode) = self.codes.get(*func as usize).cloned() else {
                    return self.fail(types::runtime_error("peel: no such function"), e.span);
                };
                let mut defs = Vec::with_capacity(defaults.len());
                for d in defaults {
                    defs.push(self.eval(code, slots, d)?);
                }
                let mut kwdefs: Vec<Option<Value>> = vec![None; fcode.total_args - fcode.argcount];
                for (name, d) in kw_defaults {
                    let v = self.eval(code, slots, d)?;
                    if let Some(j) = (fcode.argcount..fcode.total_args)
                        .find(|&j| fcode.def.slots[j].name == *name)
                    {
                        kwdefs[j - fcode.argcount] = Some(v);
                    }
                }
                let annotated = match annotations {
                    None => None,
                    Some(annotations) => {
                        let d = new_dict();
                        for (name, a) in &annotations.items {
                            let v = self.eval(code, slots, a)?;
                            lib::ops::set_item(self, &d, &Value::str(name), v)?;
                        }
                        Some(d)
                    }
                };
                let cells = closure
                    .iter()
                    .map(|s| {
                        slots[*s as usize]
                            .clone()
                            .unwrap_or_else(|| super::new_cell(None))
                    })
                    .collect();
                let made = Rc::new(PyFunction::new(
                    fcode,
                    defs.into_boxed_slice(),
                    kwdefs.into_boxed_slice(),
                    cells,
                ));
                if let Some(d) = annotated {
                    made.attrs_mut().annotations = Some(d);
                }
                Ok(Value::Function(made))
            }
            // CPython marks no columns for import errors.
            ExprKind::Import(name) => match self.import(name) {
                Ok(v) => Ok(v),
                Err(err) => self.fail_at_line(err, e.span),
            },
            ExprKind::ImportFrom { module, name } => match self.import_from(module, name) {
                Ok(v) => Ok(v),
                Err(err) => self.fail_at_line(err, e.span),
            },
            ExprKind::Iter(inner) => {
                let v = self.eval(code, slots, inner)?;
                match lib::ops::iter(self, &v) {
                    Ok(it) => Ok(it),
                    // CPython gives `for x in 5:` no markers.
                    Err(err) => self.fail_at_line(err, e.span),
                }
            }
            ExprKind::ExcMatch { exc: x, typ } => {
                let v = self.eval(code, slots, x)?;
                let t = self.eval(code, slots, typ)?;
                let r = exception_matches(&v, &t);
                self.at(r.map(Value::Bool), e.span)
            }
            ExprKind::NamedExpr { target, value } => {
                let v = self.eval(code, slots, value)?;
                self.store(code, slots, target, v.clone())?;
                Ok(v)
            }
        }
    }

    /// Items of a tuple/list/set display or positional arguments, `*x` expanded.
    fn eval_items(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        items: &[Expr],
    ) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    let v = self.eval(code, slots, inner)?;
                    let r = self.extend_from_iterable(&mut out, &v);
                    self.at(r, item.span)?;
                }
                _ => out.push(self.eval(code, slots, item)?),
            }
        }
        Ok(out)
    }

    fn extend_from_iterable(&mut self, out: &mut Vec<Value>, v: &Value) -> PyResult<()> {
        match v {
            Value::Tuple(t) => out.extend(t.items.iter().cloned()),
            Value::List(l) => out.extend(l.items.borrow().iter().cloned()),
            _ => {
                let it = lib::ops::iter(self, v)?;
                while let Some(x) = lib::ops::next(self, &it)? {
                    out.push(x);
                }
            }
        }
        Ok(())
    }

    fn eval_args(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        args: &[CallArg],
        callee: Callee,
    ) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            match a {
                CallArg::Positional(x) => out.push(self.eval(code, slots, x)?),
                CallArg::Star(x) => {
                    let v = self.eval(code, slots, x)?;
                    if let Err(err) = self.extend_from_iterable(&mut out, &v) {
                        let not_iterable =
                            Rc::ptr_eq(&err.class, &types::exception_class("TypeError"))
                                && err.traceback.borrow().is_empty()
                                && !is_iterable_kind(&v);
                        let err = if not_iterable {
                            types::type_error(format!(
                                "{} argument after * must be an iterable, not {}",
                                callee.describe(),
                                lib::ops::type_name(&v)
                            ))
                        } else {
                            err
                        };
                        return self.fail(err, x.span);
                    }
                }
            }
        }
        Ok(out)
    }

    fn eval_kwargs(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        kwargs: &[CallKwarg],
        callee: Callee,
    ) -> PyResult<Vec<(Rc<PyStr>, Value)>> {
        if kwargs.is_empty() {
            return Ok(Vec::new());
        }
        let mut out: Vec<(Rc<PyStr>, Value)> = Vec::with_capacity(kwargs.len());
        for k in kwargs {
            match k {
                CallKwarg::Named(name, x) => {
                    let v = self.eval(code, slots, x)?;
                    out.push((self.intern(name), v));
                }
                CallKwarg::DoubleStar(x) => {
                    let v = self.eval(code, slots, x)?;
                    let items = match &v {
                        Value::Dict(d) => d.pairs(),
                        _ => match lib::class::mapping_pairs(self, &v) {
                            Ok(Some(pairs)) => pairs,
                            Ok(None) => {
                                let err = types::type_error(format!(
                                    "{} argument after ** must be a mapping, not {}",
                                    callee.describe(),
                                    lib::ops::type_name(&v)
                                ));
                                return self.fail(err, x.span);
                            }
                            Err(e) => return self.fail(e, x.span),
                        },
                    };
                    for (key, value) in items {
                        let Value::Str(key) = key else {
                            return self
                                .fail(types::type_error("keywords must be strings"), x.span);
                        };
                        if out.iter().any(|(n, _)| n.s == key.s) {
                            let err = types::type_error(format!(
                                "{} got multiple values for keyword argument '{}'",
                                callee.describe(),
                                key.s
                            ));
                            return self.fail(err, x.span);
                        }
                        out.push((key, value));
                    }
                }
            }
        }
        Ok(out)
    }

    /// `{**m}` in a dict display.
    fn merge_mapping(&mut self, d: &Value, m: &Value) -> PyResult<()> {
        let items = match m {
            Value::Dict(src) | Value::MappingProxy(src) => src.pairs(),
            _ => match lib::class::mapping_pairs(self, m)? {
                Some(pairs) => pairs,
                None => {
                    return Err(types::type_error(format!(
                        "'{}' object is not a mapping",
                        lib::ops::type_name(m)
                    )))
                }
            },
        };
        for (k, v) in items {
            lib::ops::set_item(self, d, &k, v)?;
        }
        Ok(())
    }

    fn eval_fstring(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        pieces: &[FStringPiece],
    ) -> PyResult<String> {
        let mut s = String::new();
        for piece in pieces {
            match piece {
                FStringPiece::Literal(t) => s.push_str(t),
                FStringPiece::Value {
                    expr,
                    conversion,
                    spec,
                } => {
                    let v = self.eval(code, slots, expr)?;
                    let v = match conversion {
                        Some('r') => {
                            let r = lib::ops::repr(self, &v);
                            lib::str_value(self.at(r, expr.span)?)
                        }
                        Some('a') => {
                            let r = lib::ops::repr(self, &v);
                            lib::str_value(ascii_escape(&self.at(r, expr.span)?))
                        }
                        Some(_) => {
                            let r = lib::ops::str(self, &v);
                            lib::str_value(self.at(r, expr.span)?)
                        }
                        None => v,
                    };
                    let formatted;
                    let text: &str = match &v {
                        Value::Str(x) if spec.is_empty() => &x.s,
                        _ => {
                            let spec = match spec.is_empty() {
                                true => String::new(),
                                false => self.eval_fstring(code, slots, spec)?,
                            };
                            let r = lib::format::format_value(self, &v, &spec);
                            formatted = self.at(r, expr.span)?;
                            &formatted
                        }
                    };
                    // The pieces are the program's: their sum may be more than fits.
                    let r = super::alloc::reserve(&mut s, text.len());
                    self.at(r, expr.span)?;
                    s.push_str(text);
                }
            }
        }
        Ok(s)
    }

    /// `import a.b.c`: imports each package in turn and gives the top one (what `import`
    /// binds).
    fn import(&mut self, name: &str) -> PyResult<Value> {
        let mut top = None;
        let mut end = 0;
        for part in name.split('.') {
            end += part.len();
            let m = lib::modules::import(self, &name[..end])?;
            end += 1;
            if top.is_none() {
                top = Some(m);
            }
        }
        Ok(top.unwrap_or_default())
    }

    fn import_from(&mut self, module: &str, name: &str) -> PyResult<Value> {
        let m = lib::modules::import(self, module)?;
        match lib::ops::get_attr(self, &m, name) {
            Ok(v) => Ok(v),
            Err(e) if Rc::ptr_eq(&e.class, &types::exception_class("AttributeError")) => Err(exc(
                "ImportError",
                format!("cannot import name '{name}' from '{module}' (unknown location)"),
            )),
            Err(e) => Err(e),
        }
    }

    /// Stores a value into an assignment target.
    fn store(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        target: &Target,
        v: Value,
    ) -> PyResult<()> {
        match target {
            Target::Local(s) => {
                super::value::set_slot(&mut slots[*s as usize], v);
                Ok(())
            }
            Target::Cell(s) => match &slots[*s as usize] {
                Some(Value::Cell(c)) => {
                    // Take the old value out first: dropping it may run arbitrary drops,
                    // which must not happen while the cell is borrowed.
                    let old = c.borrow_mut().replace(v);
                    drop(old);
                    Ok(())
                }
                _ => Err(types::runtime_error("peel: a cell slot holds no cell")),
            },
            Target::Global(g) => {
                self.store_global(*g, v);
                Ok(())
            }
            Target::ClassLocal(name) => match &slots[0] {
                Some(Value::Dict(ns)) => {
                    ns.set_str(Rc::new(PyStr::new(name.clone())), v);
                    Ok(())
                }
                _ => Err(types::runtime_error(
                    "peel: a class body without its namespace",
                )),
            },
            Target::Attribute { object, name, site } => {
                let cache = code.attr_caches.get(*site as usize);
                let v = match (&object.kind, cache) {
                    (ExprKind::Local(s), Some(cache)) => match slots.get(*s as usize) {
                        Some(Some(Value::Instance(i))) => match cache.own_store_hit(i, v) {
                            Ok(()) => return Ok(()),
                            Err(v) => v,
                        },
                        _ => v,
                    },
                    _ => v,
                };
                let o = self.eval(code, slots, object)?;
                let r = match cache {
                    Some(cache) => lib::inline_cache::store_attr(self, cache, &o, name, v),
                    None => lib::ops::set_attr(self, &o, name, v),
                };
                // The span is searched for in the source only when there is an error.
                r.or_else(|e| {
                    let span = self.attribute_span(object.span, name);
                    self.fail(e, span)
                })
            }
            Target::Subscript { object, index } => {
                let o = self.eval(code, slots, object)?;
                let i = self.eval(code, slots, index)?;
                lib::ops::set_item(self, &o, &i, v).or_else(|e| {
                    let span = self.subscript_span(object.span, index.span);
                    self.fail(e, span)
                })
            }
            Target::Unpack {
                targets,
                star,
                span,
            } => {
                let items = self.unpack(v, targets.len(), *star);
                let items = self.at(items, *span)?;
                for (t, item) in targets.iter().zip(items) {
                    self.store(code, slots, t, item)?;
                }
                Ok(())
            }
        }
    }

    /// The values for `a, *b, c = v`: exactly one per target (the starred one gets a list).
    fn unpack(&mut self, v: Value, n: usize, star: Option<usize>) -> PyResult<Vec<Value>> {
        let mut items: Vec<Value> = match &v {
            Value::Tuple(t) => t.items.to_vec(),
            Value::List(l) => l.items.borrow().clone(),
            _ => {
                let it = match lib::ops::iter(self, &v) {
                    Ok(it) => it,
                    Err(e)
                        if !is_iterable_kind(&v)
                            && Rc::ptr_eq(&e.class, &types::exception_class("TypeError")) =>
                    {
                        return Err(types::type_error(format!(
                            "cannot unpack non-iterable {} object",
                            lib::ops::type_name(&v)
                        )))
                    }
                    Err(e) => return Err(e),
                };
                let mut items = Vec::with_capacity(n);
                while let Some(x) = lib::ops::next(self, &it)? {
                    items.push(x);
                    if star.is_none() && items.len() > n {
                        break;
                    }
                }
                items
            }
        };
        match star {
            None => {
                if items.len() > n {
                    return Err(exc(
                        "ValueError",
                        format!("too many values to unpack (expected {n})"),
                    ));
                }
                if items.len() < n {
                    return Err(exc(
                        "ValueError",
                        format!(
                            "not enough values to unpack (expected {n}, got {})",
                            items.len()
                        ),
                    ));
                }
                Ok(items)
            }
            Some(k) => {
                let fixed = n - 1;
                if items.len() < fixed {
                    return Err(exc(
                        "ValueError",
                        format!(
                            "not enough values to unpack (expected at least {fixed}, got {})",
                            items.len()
                        ),
                    ));
                }
                let after = fixed - k;
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(k);
                items.push(new_list(middle));
                items.extend(tail);
                Ok(items)
            }
        }
    }

    fn delete(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        target: &Target,
    ) -> PyResult<()> {
        match target {
            Target::Local(s) => match slots[*s as usize].take() {
                Some(_) => Ok(()),
                None => Err(Self::unbound_local(code, *s)),
            },
            Target::Cell(s) => {
                let old = match &slots[*s as usize] {
                    Some(Value::Cell(c)) => c.borrow_mut().take(),
                    _ => None,
                };
                match old {
                    Some(_) => Ok(()),
                    None => Err(Self::unbound_cell(code, *s)),
                }
            }
            Target::ClassLocal(name) => {
                let removed = match &slots[0] {
                    Some(Value::Dict(ns)) => ns.remove_str(name),
                    _ => None,
                };
                match removed {
                    Some(_) => Ok(()),
                    None => Err(self.name_error_in(code, name)),
                }
            }
            Target::Global(g) => match self.globals.get_mut(*g as usize).and_then(Option::take) {
                Some(_) => Ok(()),
                None => {
                    let name = self
                        .global_names
                        .get(*g as usize)
                        .cloned()
                        .unwrap_or_default();
                    Err(self.name_error_in(code, &name))
                }
            },
            Target::Attribute { object, name, .. } => {
                let o = self.eval(code, slots, object)?;
                let r = lib::ops::del_attr(self, &o, name);
                let span = self.attribute_span(object.span, name);
                self.at(r, span)
            }
            Target::Subscript { object, index } => {
                let o = self.eval(code, slots, object)?;
                let i = self.eval(code, slots, index)?;
                lib::ops::del_item(self, &o, &i).or_else(|e| {
                    let span = self.subscript_span(object.span, index.span);
                    self.fail(e, span)
                })
            }
            Target::Unpack { targets, .. } => {
                for t in targets {
                    self.delete(code, slots, t)?;
                }
                Ok(())
            }
        }
    }
}

fn is_exception_class(t: &Rc<super::value::PyType>) -> bool {
    t.kind == TypeKind::Exception
}

/// Values whose `iter()` can fail only for reasons other than "not iterable".
fn is_iterable_kind(v: &Value) -> bool {
    matches!(
        v,
        Value::Str(_)
            | Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::FrozenSet(_)
            | Value::Bytes(_)
            | Value::Range(_)
            | Value::Iterator(_)
            | Value::Generator(_)
    )
}

/// `except T:` matching, with CPython's check that `T` is an exception class (or a tuple
/// of them).
fn exception_matches(v: &Value, t: &Value) -> PyResult<bool> {
    let bad = || {
        types::type_error("catching classes that do not inherit from BaseException is not allowed")
    };
    let class = match v {
        Value::Exception(e) => Some(e.class.clone()),
        _ => None,
    };
    let matches_one = |t: &Value| -> PyResult<bool> {
        match t {
            Value::Type(t) if is_exception_class(t) => {
                Ok(class.as_ref().is_some_and(|c| types::is_subclass(c, t)))
            }
            _ => Err(bad()),
        }
    };
    match t {
        Value::Tuple(items) => {
            let mut found = false;
            for item in items.items.iter() {
                if matches_one(item)? {
                    found = true;
                }
            }
            Ok(found)
        }
        _ => matches_one(t),
    }
}

/// `ascii()`: the repr with every non-ASCII character escaped.
fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = crate::pyrepr::code_point(c);
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// Whether CPython's compiler folds `e` into a constant (a literal, a negated number, a
/// tuple of such): a set display of more than two of them is built from a folded
/// frozenset, whose iteration order the set then keeps (`lib::ops::set_display`).
pub fn is_folded_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) => true,
        ExprKind::UnaryOp { operand, .. } => matches!(operand.kind, ExprKind::Const(_)),
        ExprKind::Tuple(es) => es.iter().all(is_folded_constant),
        _ => false,
    }
}

/// Hand-built IR programs (the front end and lowering are tested end to end in `tests/`).
#[cfg(test)]
mod tests {
    use crate::cfg::*;
    use crate::runtime::{run, RunOptions};
    use crate::span::{SourceFile, Span};

    /// Builds expressions whose spans point at text in the source.
    struct B {
        src: &'static str,
    }

    impl B {
        fn sp(&self, text: &str, nth: usize) -> Span {
            let mut from = 0;
            let mut at = 0;
            for _ in 0..=nth {
                at = from + self.src[from..].find(text).expect("span text");
                from = at + 1;
            }
            Span::new(at, at + text.len())
        }
        fn e(&self, kind: ExprKind, text: &str, nth: usize) -> Expr {
            Expr::new(kind, self.sp(text, nth))
        }
        fn call(&self, func: Expr, args: Vec<Expr>, text: &str, nth: usize) -> Expr {
            let args = args.into_iter().map(CallArg::Positional).collect();
            self.e(
                ExprKind::Call {
                    func: Box::new(func),
                    args,
                    kwargs: vec![],
                },
                text,
                nth,
            )
        }
        fn stmt(&self, kind: StmtKind, text: &str, nth: usize) -> Stmt {
            Stmt {
                kind,
                span: self.sp(text, nth),
            }
        }
    }

    fn block(stmts: Vec<Stmt>, term: Terminator, handler: Option<Handler>) -> Block {
        Block {
            stmts,
            term,
            term_span: Span::default(),
            handler,
        }
    }

    fn func(
        name: &str,
        slots: &[(&str, SlotKind)],
        params: ParamSpec,
        consts: Vec<Const>,
        blocks: Vec<Block>,
    ) -> Function {
        Function {
            name: name.into(),
            qualname: name.into(),
            kind: if name == "<module>" {
                FunctionKind::Module
            } else {
                FunctionKind::Function
            },
            params,
            slots: slots
                .iter()
                .map(|(n, k)| SlotInfo {
                    name: n.to_string(),
                    kind: *k,
                    on_stack: *k == SlotKind::Temp,
                })
                .collect(),
            cell_slots: vec![],
            free_slots: vec![],
            consts,
            blocks,
            span: Span::default(),
            doc: None,
            attr_sites: 0,
        }
    }

    fn make_fn(b: &B, id: FuncId, defaults: Vec<Expr>, text: &str) -> Expr {
        b.e(
            ExprKind::MakeFunction {
                func: id,
                defaults,
                kw_defaults: vec![],
                annotations: None,
                closure: vec![],
            },
            text,
            0,
        )
    }

    fn run_program(program: Program, src: &'static str) -> (String, String, i32) {
        crate::with_big_stack(move || {
            use std::cell::RefCell;
            use std::rc::Rc;
            #[derive(Clone, Default)]
            struct Shared(Rc<RefCell<Vec<u8>>>);
            impl std::io::Write for Shared {
                fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                    self.0.borrow_mut().extend_from_slice(buf);
                    Ok(buf.len())
                }
                fn flush(&mut self) -> std::io::Result<()> {
                    Ok(())
                }
            }
            let (out, err) = (Shared::default(), Shared::default());
            let source = SourceFile::new("t.py", src);
            // Hand-built programs have no generators: no state machines.
            let machines = crate::statemachine::StateMachines {
                machines: vec![None; program.functions.len()],
            };
            let status = run(
                &program,
                &machines,
                &source,
                &RunOptions::default(),
                Box::new(out.clone()),
                Box::new(err.clone()),
            );
            let text = |s: &Shared| String::from_utf8_lossy(&s.0.borrow()).into_owned();
            (text(&out), text(&err), status)
        })
    }

    #[test]
    fn recursion_limit_and_folded_traceback() {
        let src = "def f():\n    f()\nf()\n";
        let b = B { src };
        let g = |nth| b.e(ExprKind::Global(0), "f", nth);
        let module = func(
            "<module>",
            &[],
            ParamSpec::default(),
            vec![Const::None],
            vec![block(
                vec![
                    b.stmt(
                        StmtKind::Assign {
                            target: Target::Global(0),
                            value: make_fn(&b, 1, vec![], "def f():\n    f()"),
                        },
                        "def f():\n    f()",
                        0,
                    ),
                    b.stmt(StmtKind::Expr(b.call(g(2), vec![], "f()", 2)), "f()", 2),
                ],
                Terminator::Return(b.e(ExprKind::Const(0), "f", 0)),
                None,
            )],
        );
        let f = func(
            "f",
            &[],
            ParamSpec::default(),
            vec![Const::None],
            vec![block(
                vec![b.stmt(StmtKind::Expr(b.call(g(1), vec![], "f()", 1)), "f()", 1)],
                Terminator::Return(b.e(ExprKind::Const(0), "f", 0)),
                None,
            )],
        );
        let program = Program {
            functions: vec![module, f],
            globals: vec!["f".into()],
            on_stack: vec![false],
            unsupported: Vec::new(),
        };
        let (out, err, status) = run_program(program, src);
        assert_eq!(out, "");
        assert_eq!(status, 1);
        assert_eq!(
            err,
            "Traceback (most recent call last):\n  File \"t.py\", line 3, in <module>\n    f()\n\
             \x20 File \"t.py\", line 2, in f\n    f()\n  File \"t.py\", line 2, in f\n    f()\n\
             \x20 File \"t.py\", line 2, in f\n    f()\n  [Previous line repeated 996 more times]\n\
             RecursionError: maximum recursion depth exceeded\n"
        );
    }

    #[test]
    fn return_in_try_runs_finally_then_returns() {
        // def g():
        //     try:
        //         return 1
        //     finally:
        //         print(2)
        // print(g())
        let src =
            "def g():\n    try:\n        return 1\n    finally:\n        print(2)\nprint(g())\n";
        let b = B { src };
        let print = |nth| b.e(ExprKind::Builtin("print".into()), "print", nth);
        let module = func(
            "<module>",
            &[],
            ParamSpec::default(),
            vec![Const::None],
            vec![block(
                vec![
                    b.stmt(
                        StmtKind::Assign {
                            target: Target::Global(0),
                            value: make_fn(&b, 1, vec![], "def g"),
                        },
                        "def g",
                        0,
                    ),
                    b.stmt(
                        StmtKind::Expr(b.call(
                            print(1),
                            vec![b.call(b.e(ExprKind::Global(0), "g", 1), vec![], "g()", 0)],
                            "print(g())",
                            0,
                        )),
                        "print(g())",
                        0,
                    ),
                ],
                Terminator::Return(b.e(ExprKind::Const(0), "g", 0)),
                None,
            )],
        );
        let handler = Handler {
            target: 2,
            exc_slot: 1,
            handled_depth: 0,
        };
        let g = func(
            "g",
            &[("$fin", SlotKind::Temp), ("$exc", SlotKind::Temp)],
            ParamSpec::default(),
            vec![Const::None, Const::Int(1), Const::Int(2)],
            vec![
                block(
                    vec![b.stmt(
                        StmtKind::SetCompletion {
                            slot: 0,
                            completion: CompletionRecord::Return(b.e(ExprKind::Const(1), "1", 0)),
                        },
                        "return 1",
                        0,
                    )],
                    Terminator::Jump(1),
                    Some(handler),
                ),
                block(
                    vec![b.stmt(
                        StmtKind::Expr(b.call(
                            print(0),
                            vec![b.e(ExprKind::Const(2), "2", 0)],
                            "print(2)",
                            0,
                        )),
                        "print(2)",
                        0,
                    )],
                    Terminator::EndFinally {
                        completion: 0,
                        after: 3,
                        outer: None,
                    },
                    None,
                ),
                block(
                    vec![b.stmt(
                        StmtKind::SetCompletion {
                            slot: 0,
                            completion: CompletionRecord::Raise(1),
                        },
                        "finally",
                        0,
                    )],
                    Terminator::Jump(1),
                    None,
                ),
                block(
                    vec![],
                    Terminator::Return(b.e(ExprKind::Const(0), "g", 0)),
                    None,
                ),
            ],
        );
        let program = Program {
            functions: vec![module, g],
            globals: vec!["g".into()],
            on_stack: vec![false],
            unsupported: Vec::new(),
        };
        let (out, err, status) = run_program(program, src);
        assert_eq!((out.as_str(), err.as_str(), status), ("2\n1\n", "", 0));
    }

    #[test]
    fn argument_errors_name_the_function() {
        // def f(a, b=1): pass
        // f()
        let src = "def f(a, b=1): pass\nf()\n";
        let b = B { src };
        let module = func(
            "<module>",
            &[],
            ParamSpec::default(),
            vec![Const::None, Const::Int(1)],
            vec![block(
                vec![
                    b.stmt(
                        StmtKind::Assign {
                            target: Target::Global(0),
                            value: make_fn(&b, 1, vec![b.e(ExprKind::Const(1), "1", 0)], "def f"),
                        },
                        "def f(a, b=1): pass",
                        0,
                    ),
                    b.stmt(
                        StmtKind::Expr(b.call(b.e(ExprKind::Global(0), "f", 1), vec![], "f()", 0)),
                        "f()",
                        0,
                    ),
                ],
                Terminator::Return(b.e(ExprKind::Const(0), "f", 0)),
                None,
            )],
        );
        let params = ParamSpec {
            positional: 2,
            n_defaults: 1,
            ..ParamSpec::default()
        };
        let f = func(
            "f",
            &[("a", SlotKind::Local), ("b", SlotKind::Local)],
            params,
            vec![Const::None],
            vec![block(
                vec![],
                Terminator::Return(b.e(ExprKind::Const(0), "pass", 0)),
                None,
            )],
        );
        let program = Program {
            functions: vec![module, f],
            globals: vec!["f".into()],
            on_stack: vec![false],
            unsupported: Vec::new(),
        };
        let (_, err, status) = run_program(program, src);
        assert_eq!(status, 1);
        assert_eq!(
            err,
            "Traceback (most recent call last):\n  File \"t.py\", line 2, in <module>\n    f()\n\
             TypeError: f() missing 1 required positional argument: 'a'\n"
        );
    }

    /// Runs `src` under peel and under python3 (same absolute path, so tracebacks match)
    /// and returns the differences. Without python3 the check is skipped, except under
    /// CI=true, where that is a failure.
    fn differ(name: &str, src: &str) -> Option<String> {
        let dir = std::env::temp_dir().join(format!("peel-interp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(format!("{name}.py"));
        std::fs::write(&path, src).expect("write program");
        let path_s = path.to_string_lossy().into_owned();
        let python = match std::process::Command::new("python3").arg(&path).output() {
            Ok(o) => o,
            Err(e) => {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "python3 is needed: {e}"
                );
                eprintln!("python3 not found: skipping the comparison of {name}");
                return None;
            }
        };
        let source = SourceFile::new(path_s.clone(), src);
        let options = RunOptions {
            step_budget: Some(50_000_000),
            ..Default::default()
        };
        let peel = crate::with_big_stack(move || crate::run_captured(&source, &options));
        let py_out = String::from_utf8_lossy(&python.stdout).into_owned();
        let py_err = String::from_utf8_lossy(&python.stderr).into_owned();
        let py_status = python.status.code().unwrap_or(-1);
        if (peel.stdout.as_str(), peel.stderr.as_str(), peel.status)
            == (py_out.as_str(), py_err.as_str(), py_status)
        {
            return None;
        }
        Some(format!(
            "--- {name}\n{src}\n--- python3 (status {py_status}):\n{py_out}{py_err}--- peel (status {}):\n{}{}",
            peel.status, peel.stdout, peel.stderr
        ))
    }

    /// Programs about the interpreter core, each compared with CPython byte for byte
    /// (stdout, stderr with the traceback, exit status).
    const PROGRAMS: &[(&str, &str)] = &[
        ("finally_order", "def f():\n    try:\n        print('body')\n        return 1\n    finally:\n        print('finally')\nprint(f())\n"),
        ("finally_overrides_return", "def f():\n    try:\n        return 1\n    finally:\n        return 2\nprint(f())\n"),
        ("finally_swallows_with_return", "def f():\n    try:\n        1/0\n    finally:\n        return 'swallowed'\nprint(f())\n"),
        ("break_through_finally", "for i in range(3):\n    try:\n        if i == 1:\n            break\n        print('i', i)\n    finally:\n        print('fin', i)\nprint('done')\n"),
        ("continue_through_finally", "for i in range(3):\n    try:\n        if i == 1:\n            continue\n        print('i', i)\n    finally:\n        print('fin', i)\n"),
        ("nested_finally_return", "def f():\n    try:\n        try:\n            return 'inner'\n        finally:\n            print('a')\n    finally:\n        print('b')\nprint(f())\n"),
        ("except_else_finally", "def f(x):\n    try:\n        r = 10 // x\n    except ZeroDivisionError as e:\n        print('caught', e)\n        return -1\n    else:\n        print('else')\n        return r\n    finally:\n        print('finally')\nprint(f(2))\nprint(f(0))\n"),
        ("except_tuple_and_order", "for exc in (ValueError, KeyError, IndexError):\n    try:\n        raise exc('x')\n    except (KeyError, IndexError) as e:\n        print('lookup', type(e).__name__)\n    except Exception as e:\n        print('other', type(e).__name__)\n"),
        ("except_name_unbound_after", "try:\n    1/0\nexcept ZeroDivisionError as e:\n    pass\nprint(e)\n"),
        ("bare_raise_reraises", "def f():\n    try:\n        1/0\n    except ZeroDivisionError:\n        print('handling')\n        raise\nf()\n"),
        ("bare_raise_nothing", "raise\n"),
        ("bare_raise_in_callee", "def g():\n    raise\ntry:\n    1/0\nexcept:\n    g()\n"),
        ("raise_class_and_instance", "try:\n    raise ValueError\nexcept ValueError as e:\n    print(repr(e))\nraise KeyError('k')\n"),
        ("raise_non_exception", "raise 5\n"),
        ("raise_from", "def f(x):\n    return x[1] + 2\ntry:\n    f({})\nexcept KeyError as e:\n    raise ValueError('bad') from e\n"),
        ("raise_from_none", "try:\n    1/0\nexcept ZeroDivisionError:\n    raise ValueError('clean') from None\n"),
        ("implicit_context", "try:\n    {}['a']\nexcept KeyError:\n    print(undefined_name)\n"),
        ("context_in_finally", "try:\n    1/0\nfinally:\n    int('x')\n"),
        ("reraise_stored", "try:\n    1/0\nexcept Exception as e:\n    err = e\ndef f():\n    raise err\nf()\n"),
        ("empty_message", "raise RuntimeError()\n"),
        ("keyerror_repr", "d = {}\nd['missing']\n"),
        ("system_exit", "print('before')\nraise SystemExit(3)\n"),
        ("system_exit_msg", "raise SystemExit('bye')\n"),
        ("unbound_local", "x = 1\ndef f():\n    print(x)\n    x = 2\nf()\n"),
        ("unbound_free", "def f():\n    def g():\n        return x\n    print(g())\n    x = 1\nf()\n"),
        ("name_error", "print(y)\n"),
        ("name_error_in_function", "def f():\n    return zz + 1\nf()\n"),
        ("closures_counter", "def make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\nc = make()\nc(); c()\nprint(c())\nd = make()\nprint(d(), c())\n"),
        ("closures_late_binding", "fs = []\nfor i in range(3):\n    fs.append(lambda: i)\nprint([f() for f in fs])\nfs = [lambda i=i: i for i in range(3)]\nprint([f() for f in fs])\n"),
        ("closure_param_cell", "def outer(a, b=2):\n    def inner():\n        return a + b\n    a = a * 10\n    return inner\nprint(outer(1)())\n"),
        ("global_stmt", "count = 0\ndef bump():\n    global count\n    count += 1\nbump(); bump()\nprint(count)\n"),
        ("defaults_evaluated_once", "def f(x, acc=[]):\n    acc.append(x)\n    return acc\nprint(f(1), f(2))\n"),
        ("args_kwargs", "def f(a, b=2, *args, c, d=4, **kw):\n    print(a, b, args, c, d, kw)\nf(1, c=3)\nf(1, 2, 3, 4, c=5, e=6)\nf(*[1, 2], **{'c': 3, 'z': 0})\n"),
        ("posonly", "def f(a, /, b, *, c):\n    print(a, b, c)\nf(1, 2, c=3)\nf(1, b=2, c=3)\ntry:\n    f(a=1, b=2, c=3)\nexcept TypeError as e:\n    print(e)\n"),
        ("arg_errors", "def f(a, b, c=1, *, k, m=2):\n    pass\ncalls = [lambda: f(), lambda: f(1), lambda: f(1, 2, 3, 4, k=1), lambda: f(1, 2), lambda: f(1, 2, k=1, z=2), lambda: f(1, 2, a=1, k=1)]\nfor c in calls:\n    try:\n        c()\n    except TypeError as e:\n        print(e)\ndef g(*, a, b): pass\ntry:\n    g()\nexcept TypeError as e:\n    print(e)\ndef h(): pass\ntry:\n    h(1)\nexcept TypeError as e:\n    print(e)\ndef j(x, y, z): pass\ntry:\n    j()\nexcept TypeError as e:\n    print(e)\n"),
        ("arg_error_uncaught", "def f(x):\n    return x\nf(1, 2)\n"),
        ("star_errors", "def f(*a, **k): pass\nfor c in (lambda: f(*1), lambda: f(**1), lambda: f(**{1: 2}), lambda: f(x=1, **{'x': 2})):\n    try:\n        c()\n    except TypeError as e:\n        print(e)\n"),
        ("recursion_limit", "def f(n):\n    return f(n + 1)\nf(0)\n"),
        ("recursion_caught", "depth = 0\ndef f():\n    global depth\n    depth += 1\n    f()\ntry:\n    f()\nexcept RecursionError as e:\n    print(depth, e)\n"),
        ("deep_but_fine", "def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(990))\n"),
        ("unpacking", "a, b = 1, 2\nprint(a, b)\na, *b, c = range(5)\nprint(a, b, c)\n*a, = 'xy'\nprint(a)\nfor x, (y, z) in [(1, (2, 3))]:\n    print(x, y, z)\ntry:\n    a, b = 1, 2, 3\nexcept ValueError as e:\n    print(e)\ntry:\n    a, b, c = [1]\nexcept ValueError as e:\n    print(e)\ntry:\n    a, *b, c = [1]\nexcept ValueError as e:\n    print(e)\ntry:\n    a, b = 5\nexcept TypeError as e:\n    print(e)\n"),
        ("traceback_markers", "def f(a):\n    return a + 1\nprint(f(1), f('x'))\n"),
        ("traceback_subscript", "x = {'a': [1, 2]}\nprint(x['a'][5])\n"),
        ("traceback_name", "print(1, missing)\n"),
        ("traceback_attribute", "x = [1]\nx.nope(1)\n"),
        ("traceback_nested_calls", "def a():\n    return b()\ndef b():\n    return c() * 2\ndef c():\n    return 1 / 0\nprint(a())\n"),
        ("traceback_lambda", "f = lambda x: x[3]\nf([1])\n"),
        ("traceback_listcomp", "xs = [1, 0]\nprint([10 // x for x in xs])\n"),
        ("exception_in_except_chain", "def f():\n    try:\n        raise KeyError('a')\n    except KeyError:\n        raise ValueError('b')\ntry:\n    f()\nexcept ValueError as e:\n    print(repr(e.__context__))\nf()\n"),
        ("import_errors", "try:\n    import notamodule.sub\nexcept ImportError as e:\n    print(type(e).__name__, e)\nfrom time import nothing_here\n"),
        ("del_and_globals", "x = 1\ndel x\ntry:\n    print(x)\nexcept NameError as e:\n    print(e)\ndef f():\n    y = 1\n    del y\n    return y\nf()\n"),
        ("while_else_and_break", "n = 0\nwhile n < 5:\n    n += 1\n    if n == 10:\n        break\nelse:\n    print('no break', n)\nfor i in range(3):\n    if i == 1:\n        break\nelse:\n    print('never')\nprint(i)\n"),
        ("fstrings", "x = 3.14159\nname = 'peel'\nprint(f'{name!r} {x:.2f} {name:>6}|{x!s:>8}|{\"nested\"}')\n"),
        ("assert_fail", "x = 1\nassert x == 1\nassert x == 2, f'x is {x}'\n"),
        ("exception_handled_in_loop", "total = 0\nfor v in ['1', 'x', '3']:\n    try:\n        total += int(v)\n    except ValueError as e:\n        print('skip', e)\nprint(total)\n"),
        ("return_in_except_finally", "def f():\n    try:\n        raise ValueError\n    except ValueError:\n        return 'from except'\n    finally:\n        print('cleanup')\nprint(f())\n"),
        ("walrus_and_boolops", "xs = [3, 0, 5]\nif (n := len(xs)) > 2:\n    print(n)\nprint(0 or '' or [] or 'last', 1 and 2 and 3, None and 1)\nprint(1 < 2 < 3, 1 < 3 < 2, 2 == 2.0)\n"),
        ("big_ints", "print(2 ** 100, 10 ** 20 // 3, -7 // 2, -7 % 2, 9223372036854775807 + 1)\n"),
        ("builtins_calling_back_and_scopes", "def f(n):\n    return list(map(f, [n])) if n < 5000 else n\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(\"map recursion\", e)\ndef g(x):\n    return sorted([x], key=g)\ntry:\n    g(1)\nexcept RecursionError as e:\n    print(\"sorted recursion\", e)\nprint([x * 2 for x in range(5) if x % 2])\nprint({k: v for k, v in zip(\"abc\", range(3))})\nprint({x % 3 for x in range(10)})\ndef outer():\n    x = 1\n    def mid():\n        def inner():\n            return x + 1\n        return inner()\n    return mid()\nprint(outer())\ndef kw(a, *, b=lambda: 5, **rest):\n    return a, b(), sorted(rest.items())\nprint(kw(1, z=2, y=3))\ndef ctx():\n    try:\n        raise ValueError(\"a\")\n    except ValueError as e:\n        try:\n            raise e\n        except ValueError as e2:\n            return e2.__context__\nprint(ctx())\ntry:\n    try:\n        raise KeyError(\"x\")\n    finally:\n        print(\"finally runs\")\nexcept KeyError as e:\n    print(\"caught\", e)\ndef deep_finally():\n    for i in range(3):\n        try:\n            try:\n                if i == 1:\n                    continue\n                if i == 2:\n                    return \"ret\"\n            finally:\n                print(\"inner\", i)\n        finally:\n            print(\"outer\", i)\nprint(deep_finally())\nx = 10\ndef shadow():\n    x = 20\n    def get():\n        return x\n    x = 30\n    return get()\nprint(shadow(), x)\nprint((lambda *a, **k: (a, k))(1, 2, c=3))\ndef counter():\n    count = 0\n    def inc(step=1):\n        nonlocal count\n        count += step\n        return count\n    return inc\nc = counter()\nprint(c(), c(5), c())\nprint(*[1, 2, 3], sep=\"-\")\nprint(*\"ab\", *[1], **{\"sep\": \"+\"})\nt = 1, 2, *range(3, 5)\nprint(t, [*t, 9], {*t})\nprint({**{\"a\": 1}, \"b\": 2, **{\"a\": 3}})\n"),
        ("cause_and_loop_finally", "def a():\n    b()\ndef b():\n    try:\n        c()\n    except ZeroDivisionError as e:\n        raise RuntimeError(\"wrapped\") from e\ndef c():\n    return [1][0] / 0\ntry:\n    a()\nexcept RuntimeError as e:\n    print(type(e.__cause__).__name__, e.__suppress_context__)\ndef loop():\n    for i in range(3):\n        try:\n            1 / (i - 1)\n        except ZeroDivisionError:\n            print(\"skip\", i)\n            continue\n        finally:\n            print(\"fin\", i)\nloop()\na()\n"),
        ("bare_raise_nested_handlers", "def f():\n    try:\n        1/0\n    except ZeroDivisionError:\n        try:\n            int(\"z\")\n        except ValueError:\n            raise\nf()\n"),
        ("context_across_frames", "def g(n):\n    if n == 0:\n        raise ValueError(\"bottom\")\n    g(n - 1)\ndef h():\n    try:\n        g(5)\n    except ValueError:\n        raise TypeError(\"top\")\nh()\n"),
        ("statements_mix", "xs = [1, 2, 3]\nprint(xs[1:], xs[::-1], xs[:-1])\na = b = 5\nprint(a, b)\nd = {\"k\": [1, 2]}\nd[\"k\"][0] += 10\nprint(d)\ns = \"abc\"\ns += \"d\"\nprint(s)\nxs[0], xs[1] = xs[1], xs[0]\nprint(xs)\nn = 5\nn **= 2\nn //= 3\nprint(n)\ni = 0\nwhile True:\n    i += 1\n    if i > 3:\n        break\nprint(i)\nprint(not 0, -(-3), ~5, +2)\nprint(\"yes\" if [] else \"no\")\ndef noret():\n    pass\nprint(noret())\ndef rec(n):\n    return 1 if n <= 1 else n * rec(n - 1)\nprint(rec(30))\n"),
        ("listcomp_traceback", "def f():\n    x = [i for i in range(3)]\n    return [y * 2 for y in x if y]\nprint(f())\nprint(f.__name__)\ndef err_in_comp():\n    return [1 // (i - 2) for i in range(5)]\nerr_in_comp()\n"),
        ("multiple_values", "def f(x):\n    return x\nf(1, x=2)\n"),
        ("modules_and_bare_class_raise", "import time\nprint(type(time).__name__)\nfrom time import sleep\ndef handler():\n    try:\n        return 1 / 0\n    except ArithmeticError as e:\n        return type(e).__name__\nprint(handler())\nraise ValueError\n"),
        ("finally_entered_by_exception_is_handled", "def f():\n    try:\n        raise KeyError(\"k\")\n    finally:\n        try:\n            int(\"x\")\n        except ValueError as e:\n            print(\"inner\", repr(e.__context__))\n        print(\"after inner\")\ntry:\n    f()\nexcept KeyError as e:\n    print(\"outer caught\", repr(e), repr(e.__context__))\nfor i in range(2):\n    try:\n        raise ValueError(i)\n    finally:\n        break\ntry:\n    raise TypeError(\"t\")\nexcept TypeError:\n    pass\ntry:\n    1/0\nexcept ZeroDivisionError as z:\n    print(repr(z.__context__))\ndef g():\n    try:\n        raise KeyError(\"a\")\n    finally:\n        raise\ntry:\n    g()\nexcept KeyError as e:\n    print(\"bare raise in finally\", repr(e))\ndef h():\n    try:\n        try:\n            raise KeyError(\"a\")\n        finally:\n            raise ValueError(\"b\")\n    except ValueError as e:\n        return repr(e.__context__)\nprint(h())\n"),
        ("star_and_call_errors_builtin", "for c in (lambda: print(*1), lambda: int(*1), lambda: len(**1), lambda: [].append(*1), lambda: (lambda: 0)(*1), lambda: \"x\".join(**1), lambda: max(*None)):\n    try:\n        c()\n    except TypeError as e:\n        print(e)\ndef f(**k): return k\nprint(f(**{'a': 1}, b=2))\ntry:\n    f(a=1, **{'a': 2})\nexcept TypeError as e:\n    print(e)\nx = 5\ntry:\n    x()\nexcept TypeError as e:\n    print(e)\n"),
        ("multiline_call_markers", "def compute(a, b):\n    return a / b\ntotal = 1 + compute(\n    1,\n    0)\n"),
        ("multiline_binop_markers", "data = {\"a\": 1}\nvalue = (data[\"a\"] +\n         data[\"b\"])\n"),
        ("unicode_markers", "s = \"héllo wörld\"; t = s + 1\n"),
        ("name_main", "if __name__ == '__main__':\n    print('main', __name__)\n"),
    ];

    #[test]
    fn programs_match_cpython() {
        let failures: Vec<String> = PROGRAMS
            .iter()
            .filter_map(|(name, src)| differ(name, src))
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {} differ:\n{}",
            failures.len(),
            PROGRAMS.len(),
            failures.join("\n")
        );
    }

    /// Runs `src` with a budget of 10,000 steps, and checks that the budget stopped it
    /// before it printed anything.
    fn assert_step_budget_stops(name: &str, src: &str) {
        let source = SourceFile::new(name, src);
        let options = RunOptions {
            step_budget: Some(10_000),
            ..Default::default()
        };
        let out = crate::with_big_stack(move || crate::run_captured(&source, &options));
        assert_eq!(out.stdout, "", "{name}");
        assert_eq!(
            out.stderr, "peel: step budget of 10000 steps exceeded\n",
            "{name}"
        );
        assert_eq!(out.status, 1, "{name}");
    }

    #[test]
    fn step_budget_stops_even_inside_try() {
        let src = "try:\n    while True:\n        pass\nexcept BaseException:\n    print('caught')\nfinally:\n    print('finally')\n";
        assert_step_budget_stops("loop.py", src);
    }

    #[test]
    fn step_budget_stops_a_generator_looping_in_place() {
        // Every statement of this loop has a compact form, so `next` runs it in place
        // (`generator::next_in_place`), which counts a step per round of the loop.
        let src = "def spin():\n    i = 0\n    while i >= 0:\n        i = i + 1\n    yield i\n\nprint(next(spin()))\n";
        assert_step_budget_stops("spin.py", src);
    }

    #[test]
    fn step_budget_stops_an_endless_generator_a_builtin_consumes() {
        // The loops of `sum` and `list` count no steps, and each resumption runs only
        // a few operations: the loop closes through the resumption itself, which must
        // count (a review found these four running forever).
        let endless = "def inf():\n    x = 1\n    while True:\n        yield x\n\n";
        let growing = "def up():\n    x = 0\n    while x >= 0:\n        yield x + 1\n\n";
        assert_step_budget_stops("sum.py", &format!("{endless}print(sum(inf()))\n"));
        assert_step_budget_stops("list.py", &format!("{endless}print(list(inf()))\n"));
        let genexpr = format!("{endless}print(sum(y for y in inf()))\n");
        assert_step_budget_stops("genexpr.py", &genexpr);
        assert_step_budget_stops("branch.py", &format!("{growing}print(sum(up()))\n"));
    }
}
