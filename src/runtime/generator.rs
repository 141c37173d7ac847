//! Generator objects: the runtime side of the state machines.
//!
//! The compiler already did the hard part. Every generator function was turned into a
//! state machine (`statemachine::StateMachine`): a list of states, and for each suspension
//! point the block to resume at, the slot a sent value goes into, the handler a `throw()`
//! enters, and the locals kept while suspended. A generator object is therefore tiny: the
//! function's code, the number of the state it is in, and the values of exactly the locals
//! that state keeps. Nothing else survives a `yield`: no frame, no stack. (Besides those
//! kept for use, a state lists the variables it keeps *alive*: dead, but held by CPython's
//! frame until rebound or deleted. Their values stay only when their end can be seen,
//! `end_is_observable`: a generator whose `finally` would run, a task that would report
//! its exception. An int or a string goes at once, as no program can tell.)
//!
//! Resuming (`next`, `send`, `throw`, `close`) is one function, [`Vm::resume`]: it looks at
//! the state, rebuilds a frame from the kept values, starts the interpreter at the state's
//! resume block (or raises the thrown exception at its `yield`), and when the frame
//! suspends again keeps only what the new state lists. That is the `resume(mode, value)`
//! that `peel dump --stage statemachine` prints, run.
//!
//! `next()`, the call a `for` loop or `sum()` makes once per item, has a shorter road
//! ([`Vm::generator_next`]): a small generator's kept frame is a whole frame, so its blocks
//! can run right on it, in their compact forms, without building a frame or entering the
//! general interpreter; the general path takes over at the first statement that needs it.
//! That road is built for a pipeline of small generators (`sum(squares(numbers(n)))`):
//! the kept frame has exactly four slots, so it is indexed without bounds checks; jumps
//! between blocks are threaded away when the code is laid out; `i += 1` is one operation
//! without a call; and a `for` over a generator runs that generator's operations inside
//! the same call, so two stages cost one call per item.
//!
//! The protocol details follow CPython 3.11's `genobject.c`: a first `send` must be
//! `None`; a running generator cannot be re-entered; a `StopIteration` escaping the body
//! becomes `RuntimeError` (PEP 479); `close()` throws `GeneratorExit` and complains if the
//! generator yields instead of finishing.
//!
//! CPython also closes a suspended generator the moment its last reference goes away, so
//! its `finally` blocks run then. Rust's `Drop` cannot run Python code, so dropping a
//! generator that is suspended inside a `try` moves it onto a queue that the interpreter
//! drains at the next statement boundary or call return ([`Vm::run_finalizers`]).

use std::cell::{Cell, RefCell};
use std::io::Write;
use std::rc::Rc;

use super::drops::Finalize;
use super::fast;
use super::function::Code;
use super::interp;
use super::types;
use super::value::{PyException, PyResult, TracebackEntry, Value};
use super::Vm;
use crate::cfg::FunctionKind;
use crate::statemachine::{State, StateKind, StateMachine, RETURNED, RUNNING, UNRESUMED};

/// A frame of at most this many slots is kept whole while its generator is suspended,
/// with the slots the state does not keep cleared: it is hardly bigger than the kept
/// values alone, and resuming then moves nothing. A larger frame (a coroutine's
/// delegation temporaries make ten or more slots) keeps only the kept values, and
/// resuming spreads them into a fresh frame.
const WHOLE_FRAME_SLOTS: usize = fast::IN_PLACE_SLOTS;

/// What the runtime needs of a function's state machine, prepared once per program.
pub struct MachineCode {
    /// The states; a generator suspended in one stores the values of its `saved` slots
    /// (liveness gives them in slot order), in that order.
    pub states: Vec<State>,
    /// For a machine whose frames are kept whole, for each state, the slots it does not
    /// keep (cleared when the generator suspends there), bit `s` for slot `s` (such a
    /// frame has at most `WHOLE_FRAME_SLOTS`); empty for a compact machine.
    pub dropped: Vec<u8>,
    /// The number of slots of a running frame.
    pub nslots: usize,
    /// For each block, the state a `yield` ending it suspends in (`u32::MAX`: no yield).
    pub state_of_block: Vec<u32>,
    /// For each state, the slot of the object it delegates to (the `yield` of a desugared
    /// `yield from` / `await`), `u32::MAX` for none: what `cr_await` shows.
    pub delegate_of_state: Vec<u32>,
    /// For a generator's machine whose frames are kept whole, its compact forms laid
    /// out for `Vm::next_in_place`; `None` for a compact machine or a coroutine's.
    pub in_place: Option<fast::InPlaceCode>,
}

impl MachineCode {
    /// `kind`: a generator's machine gets in-place code; a coroutine's does not, as a
    /// coroutine is resumed by `send`, never by `next()` (`iter()` refuses it).
    pub fn new(
        machine: &StateMachine,
        f: &crate::cfg::Function,
        fast: &[fast::FastBlock],
        nslots: usize,
    ) -> MachineCode {
        let kind = f.kind;
        let blocks = fast.len();
        let mut state_of_block = vec![u32::MAX; blocks];
        for (i, s) in machine.states.iter().enumerate() {
            if let StateKind::Suspended { block, .. } = s.kind {
                if let Some(b) = state_of_block.get_mut(block as usize) {
                    *b = i as u32;
                }
            }
        }
        // A `Send` step goes, on a yield, to the block of the `yield` that passes it on.
        let mut delegate_of_state = vec![u32::MAX; machine.states.len()];
        for b in &f.blocks {
            if let crate::cfg::Terminator::Send { delegate, then, .. } = b.term {
                let state = state_of_block.get(then as usize).copied();
                if let Some(d) = state.and_then(|s| delegate_of_state.get_mut(s as usize)) {
                    *d = delegate;
                }
            }
        }
        let dropped = match nslots > WHOLE_FRAME_SLOTS {
            true => Vec::new(),
            false => machine
                .states
                .iter()
                .map(|s| {
                    // A kept whole frame keeps the slots kept alive as they are, whatever
                    // their values: the frame costs the same, and a value with no visible
                    // end may as well stay.
                    (0..nslots as u32)
                        .filter(|x| !s.saved.contains(x) && !s.kept_alive.contains(x))
                        .fold(0, |mask, x| mask | 1 << x)
                })
                .collect(),
        };
        let in_place = match nslots > WHOLE_FRAME_SLOTS || kind != FunctionKind::Generator {
            true => None,
            false => Some(fast::InPlaceCode::new(
                fast,
                &machine.states,
                &state_of_block,
                &dropped,
            )),
        };
        MachineCode {
            states: machine.states.clone(),
            dropped,
            nslots,
            state_of_block,
            delegate_of_state,
            in_place,
        }
    }

    /// Whether a suspended generator stores only its kept values (`true`), or its whole
    /// frame with the other slots cleared (frames of at most `WHOLE_FRAME_SLOTS` slots).
    pub fn compact(&self) -> bool {
        self.nslots > WHOLE_FRAME_SLOTS
    }

    /// The slots state `state` keeps.
    pub fn kept(&self, state: u32) -> &[u32] {
        self.states.get(state as usize).map_or(&[], |s| &s.saved)
    }

    /// The slots state `state` keeps alive (`State::kept_alive`).
    pub fn kept_alive(&self, state: u32) -> &[u32] {
        self.states
            .get(state as usize)
            .map_or(&[], |s| &s.kept_alive)
    }
}

/// A generator object: code, state, and the locals that state keeps.
pub struct PyGenerator {
    pub code: Rc<Code>,
    pub inner: RefCell<GenState>,
    /// While the generator runs, where its frame is: the source offset of the statement
    /// (or block ending) it is executing, kept for a running coroutine's repr (`coro=<main()
    /// running at f.py:7>`). A `Cell` beside the state, which is borrowed while it runs.
    pub at: Cell<u32>,
    /// Revived once already to be closed: a generator is finalized at most once (PEP 442),
    /// so one that ignores `GeneratorExit` goes away the second time it is dropped.
    pub finalized: Cell<bool>,
}

pub struct GenState {
    /// Index into the machine's states (`UNRESUMED`, `RETURNED`, `RUNNING`, a suspension).
    pub state: u32,
    /// What a suspended generator stores of its frame: its live locals, and the values of
    /// dead variables whose end can be seen. For a compact machine
    /// (`MachineCode::compact`), the values of the slots the state keeps
    /// (`MachineCode::kept(state)`), in that order, then those of the slots it keeps alive
    /// (`MachineCode::kept_alive(state)`) up to the last one whose end can be seen (see
    /// `kept_values`): resuming spreads them into a frame borrowed from the interpreter's
    /// pool, and suspending gathers the new state's ones back. For a small frame, the frame
    /// itself, every slot the state neither keeps nor keeps alive cleared: resuming runs on
    /// it in place.
    pub saved: Saved,
}

/// A suspended generator's kept values (see `GenState::saved`), in one of three shapes,
/// so that the usual suspended coroutine (two live values: a local and the awaitable it
/// waits in) keeps them inside the generator object, with no vector of its own. The
/// whole `PyGenerator` is then 64 bytes (see the size test in `asyncio`).
pub enum Saved {
    /// At most two kept values of a compact machine, in `kept(state)` order (the state
    /// says how many; the rest are `None`).
    Two([Option<Value>; 2]),
    /// The frame itself (a small machine), or a compact machine's kept values.
    Vec(Vec<Option<Value>>),
    /// Either of the above, for a generator suspended inside an `except` body, with its
    /// own entries of the handled-exception stack (the `except` blocks it was inside).
    /// Boxed: rare, and the word it would take is paid by every generator.
    Handling(Box<Handling>),
}

/// A generator's own entries of the handled-exception stack, as a frame takes them
/// (`interp::Frame::handled`: boxed, `None` when empty).
type OwnHandled = Option<Box<Vec<Value>>>;

pub struct Handling {
    values: Vec<Option<Value>>,
    handled: OwnHandled,
}

impl Default for Saved {
    fn default() -> Saved {
        Saved::Two([None, None])
    }
}

impl Saved {
    /// The kept values as stored (`Two`: both places, used or not).
    pub fn values(&self) -> &[Option<Value>] {
        match self {
            Saved::Two(two) => two,
            Saved::Vec(v) => v,
            Saved::Handling(h) => &h.values,
        }
    }

    /// The values and the handled-exception entries, taken out for a resumption.
    fn take(&mut self) -> (Vec<Option<Value>>, OwnHandled) {
        match std::mem::take(self) {
            Saved::Two([a, b]) => (vec![a, b], None),
            Saved::Vec(v) => (v, None),
            Saved::Handling(h) => (h.values, h.handled),
        }
    }

    /// What a suspension keeps: `values`, and the handled-exception entries if any.
    fn keep(values: Vec<Option<Value>>, handled: OwnHandled) -> Saved {
        match handled.filter(|h| !h.is_empty()) {
            Some(h) => Saved::Handling(Box::new(Handling {
                values,
                handled: Some(h),
            })),
            None => Saved::Vec(values),
        }
    }
}

impl PyGenerator {
    pub fn machine(&self) -> &MachineCode {
        self.code
            .machine
            .as_ref()
            .expect("a generator's code has a state machine")
    }

    /// `cr_await` / `gi_yieldfrom`: the object this generator waits in, suspended at the
    /// `yield` of an `await` or `yield from` (`None` otherwise, or while it runs).
    pub fn awaiting(&self) -> Option<Value> {
        let st = self.inner.try_borrow().ok()?;
        let m = self.machine();
        let slot = *m
            .delegate_of_state
            .get(st.state as usize)
            .filter(|&&s| s != u32::MAX)?;
        let at = match m.compact() {
            true => m.kept(st.state).iter().position(|&s| s == slot)?,
            false => slot as usize,
        };
        st.saved.values().get(at)?.clone()
    }

    /// `gi_running`.
    pub fn is_running(&self) -> bool {
        self.inner.try_borrow().map_or(true, |s| s.state == RUNNING)
    }

    /// Made by an `async def` (a coroutine) rather than a generator function.
    pub fn is_coroutine(&self) -> bool {
        self.code.def.kind == FunctionKind::Coroutine
    }

    /// `coroutine` or `generator`, as CPython's messages and reprs say.
    pub fn what(&self) -> &'static str {
        match self.is_coroutine() {
            true => "coroutine",
            false => "generator",
        }
    }

    /// `__qualname__` (what `repr` shows).
    pub fn qualname(&self) -> &str {
        &self.code.qualname
    }
}

/// Where a resumption run in place (`Vm::next_in_place`) stopped.
enum InPlace {
    /// At a `yield`, suspending in this state (the slots it does not keep already
    /// cleared), handing out the value.
    Yielded(u32, Value),
    /// At this block, where the general path takes over, starting as the entry says.
    HandOver(u32, interp::Entry),
}

/// How a generator is resumed.
pub enum Resume {
    /// `next(g)`, or `send(None)`.
    Next,
    Send(Value),
    Throw(Rc<PyException>),
    /// `close()`: throw `GeneratorExit`, expect the generator to finish.
    Close,
}

/// What one resumption produced.
pub enum GenStep {
    Yielded(Value),
    /// The generator finished with `return value` (or was already finished: `None`).
    Returned(Value),
}

pub(crate) use super::drops::{notify, Notice};

impl PyGenerator {
    /// A coroutine never started: going away, it warns that it "was never awaited".
    pub(crate) fn never_awaited(&self) -> bool {
        (self.inner.try_borrow()).is_ok_and(|st| unawaited(&self.code, st.state))
    }

    /// Suspended where a `try` covers its `yield`: closing it runs code.
    pub(crate) fn closing_runs_code(&self) -> bool {
        let Ok(st) = self.inner.try_borrow() else {
            return false;
        };
        suspended_in_try(&self.code, st.state)
    }
}

/// Is a coroutine of `code` in `state` one that never started?
fn unawaited(code: &Code, state: u32) -> bool {
    state == UNRESUMED && code.def.kind == FunctionKind::Coroutine
}

/// Is the state `state` of `code`'s machine a suspension inside a `try`?
fn suspended_in_try(code: &Code, state: u32) -> bool {
    match code.machine.as_ref() {
        Some(m) => matches!(
            m.states.get(state as usize).map(|s| &s.kind),
            Some(StateKind::Suspended {
                throw_to: Some(_),
                ..
            })
        ),
        None => false,
    }
}

impl Drop for PyGenerator {
    fn drop(&mut self) {
        let finalized = self.finalized.get();
        let st = self.inner.get_mut();
        if unawaited(&self.code, st.state) && !finalized {
            notify(Notice::NeverAwaited(self.code.qualname.to_string()));
        }
        // Closing a generator runs code only if a `try` covers its `yield`.
        let covered = suspended_in_try(&self.code, st.state);
        if !covered || finalized || !super::drops::finalization_on() {
            return;
        }
        let (code, state) = (self.code.clone(), st.state);
        let saved = std::mem::take(&mut st.saved);
        st.state = RETURNED;
        super::drops::finalize_later(|| {
            Rc::new(PyGenerator {
                code,
                inner: RefCell::new(GenState { state, saved }),
                at: Cell::new(0),
                finalized: Cell::new(true),
            })
        });
    }
}

/// PEP 479: a `StopIteration` leaving the body of a generator or coroutine (`what`,
/// "generator" or "coroutine") must not silently end the caller's loop; it becomes
/// `RuntimeError: ... raised StopIteration`, caused by it. Any other exception passes as is.
pub(crate) fn pep479(e: Rc<PyException>, what: &str) -> Rc<PyException> {
    if !types::exception_matches(&e, "StopIteration") {
        return e;
    }
    let err = types::runtime_error(format!("{what} raised StopIteration"));
    *err.cause.borrow_mut() = Some(Value::Exception(e.clone()));
    *err.context.borrow_mut() = Some(Value::Exception(e));
    err.suppress_context.set(true);
    err
}

/// Unbinds the slots of a kept frame that a state does not keep: those whose bits
/// `dropped` has (`MachineCode::dropped`).
#[inline(always)]
fn unbind(frame: &mut [Option<Value>], dropped: u8) {
    // Unrolled by the compiler: four tests beat a loop over the set bits.
    for (s, slot) in frame.iter_mut().take(WHOLE_FRAME_SLOTS).enumerate() {
        if dropped & (1 << s) != 0 {
            if let Some(old) = slot.take() {
                super::value::discard(old);
            }
        }
    }
}

impl Vm {
    /// Calling a generator function: nothing runs; the arguments (already bound in
    /// `slots`, cells made) become the fields of the `Unresumed` state.
    pub(crate) fn new_generator(
        &mut self,
        code: &Rc<Code>,
        mut slots: Vec<Option<Value>>,
    ) -> PyResult<Value> {
        let Some(m) = code.machine.as_ref() else {
            self.give_slots(slots);
            return Err(types::runtime_error(format!(
                "peel: {}() has no state machine",
                code.qualname
            )));
        };
        let saved = if m.compact() {
            let saved = kept_values(&mut slots, m.kept(UNRESUMED), &[], None, None);
            self.give_slots(slots);
            saved
        } else {
            unbind(&mut slots, m.dropped[UNRESUMED as usize]);
            // In-place code runs on exactly `IN_PLACE_SLOTS` slots (`fast::InPlaceFrame`).
            let len = match m.in_place {
                Some(_) => fast::IN_PLACE_SLOTS,
                None => slots.len(),
            };
            // The kept frame lives as long as the generator, and a suspended coroutine is
            // mostly this frame: it gets a vector of its own, of exactly its size, and the
            // pooled one (often much larger) goes back to the pool.
            let mut frame = Vec::with_capacity(len);
            frame.append(&mut slots);
            frame.resize_with(len, || None);
            self.give_slots(slots);
            Saved::Vec(frame)
        };
        Ok(Value::Generator(Rc::new(PyGenerator {
            code: code.clone(),
            inner: RefCell::new(GenState {
                state: UNRESUMED,
                saved,
            }),
            at: Cell::new(0),
            finalized: Cell::new(false),
        })))
    }

    /// `resume(mode, value)`: runs the generator from its state to its next suspension
    /// point or to its end.
    pub fn resume(&mut self, gen: &Rc<PyGenerator>, mode: Resume) -> PyResult<GenStep> {
        let code = &*gen.code;
        let machine = gen.machine();
        let executing = || types::value_error(format!("{} already executing", gen.what()));
        let mut st = match gen.inner.try_borrow_mut() {
            Ok(st) => st,
            Err(_) => return Err(executing()),
        };
        let closing = matches!(mode, Resume::Close);
        // Where the frame starts, the value sent (and its slot), and the exception to raise
        // at the `yield` first (throw, close).
        let (start, sent, thrown) = match (&machine.states[st.state as usize].kind, mode) {
            (StateKind::Running, _) => return Err(executing()),
            // A finished coroutine refuses a throw as it refuses a send; a generator
            // raises the exception thrown in.
            (StateKind::Returned, Resume::Throw(_)) if gen.is_coroutine() => {
                return Err(types::runtime_error(
                    "cannot reuse already awaited coroutine",
                ))
            }
            (StateKind::Returned, Resume::Throw(e)) => return Err(e),
            (StateKind::Returned, Resume::Close) => return Ok(GenStep::Returned(Value::None)),
            (StateKind::Returned, _) if gen.is_coroutine() => {
                return Err(types::runtime_error(
                    "cannot reuse already awaited coroutine",
                ))
            }
            (StateKind::Returned, _) => return Ok(GenStep::Returned(Value::None)),
            (StateKind::Unresumed, Resume::Close) => {
                finish(&mut st);
                return Ok(GenStep::Returned(Value::None));
            }
            (StateKind::Unresumed, Resume::Send(v)) if !matches!(v, Value::None) => {
                return Err(types::type_error(format!(
                    "can't send non-None value to a just-started {}",
                    gen.what()
                )));
            }
            (StateKind::Unresumed, Resume::Throw(e)) => {
                // Raised before the first line runs: the traceback shows the `def` line.
                // CPython runs the frame to raise it there, so it leaves the body as any
                // exception does: a `StopIteration` becomes PEP 479's `RuntimeError`.
                finish(&mut st);
                drop(st);
                self.throw_entry(code, code.def.span, &e);
                return Err(pep479(e, gen.what()));
            }
            (StateKind::Unresumed, _) => (0, None, None),
            (StateKind::Suspended { block, .. }, Resume::Throw(e)) => (*block, None, Some(e)),
            (StateKind::Suspended { block, .. }, Resume::Close) => {
                let exit = types::exception_class("GeneratorExit");
                let exit = types::new_exception_with_args(exit, Vec::new());
                // `close()` raises GeneratorExit in the caller first, so it chains to the
                // exception the caller is handling (the generator's own, if any, wins below).
                if let Some(Value::Exception(h)) = self.handled.last() {
                    interp::chain_context(&exit, h.clone());
                }
                (*block, None, Some(exit))
            }
            (StateKind::Suspended { resume, sent, .. }, mode) => {
                let value = match mode {
                    Resume::Send(v) => v,
                    _ => Value::None,
                };
                (*resume, sent.map(|s| (s, value)), None)
            }
        };
        let mut returned = Value::None;
        let entry = match thrown {
            Some(e) => interp::Entry::Thrown(e),
            None => interp::Entry::Start,
        };
        Ok(
            match self.run_generator(gen, st, start, sent, entry, closing, &mut returned)? {
                Some(v) => GenStep::Yielded(v),
                None => GenStep::Returned(returned),
            },
        )
    }

    /// The second half of `resume`, shared with the `next` fast path: the frame runs from
    /// `start` (with `sent` stored and `thrown` raised first) to its next `yield` or its
    /// end, and the generator keeps what the new state lists.
    ///
    /// `Some(value)`: it yielded `value`. `None`: it finished, and its return value is in
    /// `returned`. (The shape of `next`'s own result, so that `generator_next` passes it on
    /// as it is: re-packing a value into another enum on the way out makes the CPU reload
    /// it from memory just after writing it, a measurable stall per item.)
    #[allow(clippy::too_many_arguments)]
    fn run_generator(
        &mut self,
        gen: &Rc<PyGenerator>,
        mut st: std::cell::RefMut<'_, GenState>,
        start: u32,
        sent: Option<(u32, Value)>,
        entry: interp::Entry,
        closing: bool,
        returned: &mut Value,
    ) -> PyResult<Option<Value>> {
        let code = &*gen.code;
        let machine = gen.machine();
        // A throw at the `yield` of a desugared `yield from` / `await` is forwarded to the
        // delegate before this frame shows in the traceback (see below).
        let delegating = matches!(entry, interp::Entry::Thrown(_))
            && matches!(
                machine.states.get(st.state as usize).map(|s| &s.kind),
                Some(StateKind::Suspended {
                    delegating: true,
                    ..
                })
            );
        if self.depth >= self.recursion_limit {
            return Err(types::new_exception(
                "RecursionError",
                "maximum recursion depth exceeded",
            ));
        }
        // The frame runs on the generator's kept frame as the `yield` left it, or (compact
        // machine) on a pooled frame its kept values are spread into. The generator stays
        // borrowed while it runs: re-entering it (`next(g)` inside `g`)
        // finds the borrow taken, which `resume` reports as "generator already executing",
        // like the `Running` state.
        let GenState { state, saved } = &mut *st;
        let mut handled = None;
        // A compact machine's vector of kept values, emptied, for the next suspension to
        // fill again: a coroutine going round its loop allocates nothing.
        let mut spare = None;
        let mut slots = if machine.compact() {
            // The frame: every slot unbound, then the kept values in their slots.
            let mut slots = self.take_slots();
            slots.resize_with(machine.nslots, || None);
            let kept = machine.kept(*state);
            let alive = machine.kept_alive(*state);
            match std::mem::take(saved) {
                Saved::Two(mut two) => spread(&mut slots, kept, alive, &mut two),
                Saved::Vec(mut values) => {
                    spread(&mut slots, kept, alive, &mut values);
                    values.clear();
                    spare = Some(values);
                }
                Saved::Handling(h) => {
                    let Handling {
                        mut values,
                        handled: own,
                    } = *h;
                    handled = own;
                    spread(&mut slots, kept, alive, &mut values);
                    values.clear();
                    spare = Some(values);
                }
            }
            slots
        } else {
            let (mut frame, h) = saved.take();
            handled = h;
            if frame.len() < machine.nslots {
                frame.resize_with(machine.nslots, || None);
            }
            frame
        };
        let resumed_from = *state;
        *state = RUNNING;
        if let Some((slot, value)) = sent {
            super::value::set_slot(&mut slots[slot as usize], value);
            // The variable the sent value goes to let its old value go (kept alive while
            // suspended, as CPython's frame keeps it): if that closes a generator, it
            // happens now, before the next line runs.
            if self.drops.pending() {
                self.finalize_at_yield(gen, resumed_from);
            }
        }
        let mut frame = interp::Frame {
            code,
            slots: &mut slots,
            block: start,
            handled: &mut handled,
            entry: interp::Entry::Start,
            suspended: false,
            at: Some(&gen.at),
        };
        if let interp::Entry::Thrown(e) = entry {
            // The exception appears at the `yield`, as if raised there (no `__context__`:
            // CPython restores it rather than raising it anew).
            let span = code.def.blocks[start as usize].term_span;
            // A `yield from` (or `await`) hands the exception straight to its delegate, and
            // the delegating frame shows up once, when the exception comes back out of it;
            // the desugared delegation loop adds that entry itself.
            if !delegating {
                self.throw_entry(code, span, &e);
            }
            // Its context is what the generator itself was handling at the `yield`
            // (CPython's `_PyErr_ChainStackItem`), never the caller's exception.
            if let Some(Value::Exception(h)) = frame.handled.as_ref().and_then(|h| h.last()) {
                interp::chain_context(&e, h.clone());
            }
            frame.entry = interp::Entry::Thrown(e);
        } else {
            frame.entry = entry;
        }
        self.depth += 1;
        let result = self.run_frame(&mut frame);
        self.depth -= 1;
        let block = frame.block;
        let suspended = frame.suspended;

        match result {
            Ok(value) if suspended => {
                let state = machine
                    .state_of_block
                    .get(block as usize)
                    .copied()
                    .unwrap_or(u32::MAX);
                if machine.states.get(state as usize).is_none() {
                    finish(&mut st);
                    drop(st);
                    self.give_slots(slots);
                    return Err(types::runtime_error("peel: a yield with no state"));
                }
                // Keep only the live locals: the rest go now. (Dropping a value never runs
                // Python code here: a dropped generator only joins the finalization queue.)
                if machine.compact() {
                    st.saved = kept_values(
                        &mut slots,
                        machine.kept(state),
                        machine.kept_alive(state),
                        handled,
                        spare,
                    );
                    st.state = state;
                    drop(st);
                    self.give_slots(slots);
                } else {
                    unbind(&mut slots, machine.dropped[state as usize]);
                    st.saved = Saved::keep(slots, handled);
                    st.state = state;
                    drop(st);
                }
                if closing {
                    return Err(types::runtime_error(format!(
                        "{} ignored GeneratorExit",
                        gen.what()
                    )));
                }
                Ok(Some(value))
            }
            Ok(value) => {
                finish(&mut st);
                drop(st);
                self.give_slots(slots);
                if !closing {
                    *returned = value;
                }
                Ok(None)
            }
            Err(e) => {
                finish(&mut st);
                drop(st);
                self.give_slots(slots);
                let e = pep479(e, gen.what());
                if closing && types::exception_matches(&e, "GeneratorExit") {
                    return Ok(None);
                }
                Err(e)
            }
        }
    }

    /// Runs the finalizers a resumption's store of the sent value made due, at the `yield`
    /// of the state `gen` was suspended in.
    #[cold]
    #[inline(never)]
    fn finalize_at_yield(&mut self, gen: &PyGenerator, state: u32) {
        let span = match gen.machine().states.get(state as usize).map(|s| &s.kind) {
            Some(StateKind::Suspended { block, .. }) => gen
                .code
                .def
                .blocks
                .get(*block as usize)
                .map(|b| b.term_span),
            _ => None,
        };
        self.run_finalizers(span.or(Some(gen.code.def.span)));
    }

    /// The traceback entry of an exception thrown into a generator, at `span`.
    fn throw_entry(&mut self, code: &Code, span: crate::span::Span, e: &Rc<PyException>) {
        let line = match &self.source {
            Some(src) => src.line_of(span.start as usize) as u32,
            None => 0,
        };
        e.traceback.borrow_mut().insert(
            0,
            TracebackEntry {
                function: code.name.clone(),
                line,
                span,
            },
        );
    }

    /// `next(g)` for the iteration protocol: `None` once the generator is finished.
    ///
    /// This is `resume(gen, Next)` with the state dispatch done inline for the two states
    /// a `for` loop or `sum()` meets on every item (not started, suspended at a `yield`):
    /// no `Resume` value to build and match. Every other state goes through `resume`.
    pub fn generator_next(&mut self, gen: &Rc<PyGenerator>) -> PyResult<Option<Value>> {
        self.generator_next_inlined(gen)
    }

    /// `generator_next`, inlined into a caller that resumes a generator once per item
    /// (`sum`): only the instantiation without step counting is inlined.
    #[inline(always)]
    pub(crate) fn generator_next_inlined(
        &mut self,
        gen: &Rc<PyGenerator>,
    ) -> PyResult<Option<Value>> {
        match self.step_budget {
            false => self.next_of::<false, false>(gen),
            true => self.next_counting_steps(gen),
        }
    }

    /// `generator_next` in a run with a step budget.
    #[inline(never)]
    fn next_counting_steps(&mut self, gen: &Rc<PyGenerator>) -> PyResult<Option<Value>> {
        self.next_of::<false, true>(gen)
    }

    /// `generator_next`'s work, inlined into its caller. `NESTED` is false for the generator a
    /// `for` or a builtin resumes, and true for the generator *its* `for` resumes, run in
    /// place by the same call (see `next_in_place`): a two-stage pipeline costs one
    /// call per item, not two. A third stage calls `generator_next` again. `COUNT`:
    /// the run has a step budget (`Vm::step_budget`), which in-place code counts.
    #[inline(always)]
    fn next_of<const NESTED: bool, const COUNT: bool>(
        &mut self,
        gen: &Rc<PyGenerator>,
    ) -> PyResult<Option<Value>> {
        let Ok(mut st) = gen.inner.try_borrow_mut() else {
            return self.next_slow(gen);
        };
        let machine = gen.machine();
        if let Some(code) = &machine.in_place {
            match code.resume.get(st.state as usize) {
                Some(&(pc, sent)) if pc != u32::MAX && self.depth < self.recursion_limit => {
                    let GenState { state, saved } = &mut *st;
                    // (Not suspended inside an `except` body: that is `Saved::Handling`.)
                    let frame = match saved {
                        Saved::Vec(v) => <&mut fast::InPlaceFrame>::try_from(&mut v[..]).ok(),
                        _ => None,
                    };
                    if let Some(frame) = frame {
                        if sent != u32::MAX {
                            let slot = &mut frame[fast::in_place_slot(sent)];
                            super::value::set_slot(slot, Value::None);
                            if self.drops.pending() {
                                self.finalize_at_yield(gen, *state);
                            }
                        }
                        self.depth += 1;
                        let step = self.next_in_place::<NESTED, COUNT>(gen, code, frame, pc);
                        self.depth -= 1;
                        return match step {
                            InPlace::Yielded(new_state, value) => {
                                *state = new_state;
                                Ok(Some(value))
                            }
                            InPlace::HandOver(block, entry) => {
                                self.hand_over(gen, st, block, entry)
                            }
                        };
                    }
                }
                _ => {}
            }
        }
        let (start, sent) = match machine.states.get(st.state as usize).map(|s| &s.kind) {
            Some(StateKind::Unresumed) => (0, None),
            Some(StateKind::Suspended { resume, sent, .. }) => (*resume, *sent),
            _ => {
                drop(st);
                return self.next_slow(gen);
            }
        };
        let sent = sent.map(|s| (s, Value::None));
        let mut returned = Value::None;
        let entry = interp::Entry::Start;
        let next = self.run_generator(gen, st, start, sent, entry, false, &mut returned);
        self.unpark_next(next)
    }

    /// `unpark` for `next()`'s shape of result: a generator (`@types.coroutine`) may
    /// delegate to a sleep.
    #[inline(always)]
    fn unpark_next(&mut self, next: PyResult<Option<Value>>) -> PyResult<Option<Value>> {
        match (next, self.parked.is_some()) {
            (Ok(Some(v)), true) => match self.unpark(GenStep::Yielded(v)) {
                GenStep::Yielded(v) => Ok(Some(v)),
                GenStep::Returned(_) => Ok(None),
            },
            (next, _) => next,
        }
    }

    /// The general path takes over a resumption run in place, at `block` as `entry`
    /// says.
    #[cold]
    fn hand_over(
        &mut self,
        gen: &Rc<PyGenerator>,
        st: std::cell::RefMut<'_, GenState>,
        block: u32,
        entry: interp::Entry,
    ) -> PyResult<Option<Value>> {
        let mut returned = Value::None;
        let next = self.run_generator(gen, st, block, None, entry, false, &mut returned);
        self.unpark_next(next)
    }

    /// One resumption of a generator for `next`, run in place on its kept frame `slots`
    /// from operation `first` (the start of its resume block), up to its next `yield` or
    /// to where the general path must take over.
    ///
    /// A generator whose frame is kept whole (`MachineCode::compact` is false) and that
    /// handles no exception needs nothing rebuilt to run: its kept frame *is* the frame.
    /// So its blocks run right here, on the kept slots, in their compact forms (`fast`,
    /// laid out in one array: `fast::InPlaceCode`): small-int statements and branches,
    /// `yield` of a local or of an int expression, and a `for` over a generator, which
    /// is resumed in place in turn. This is the same state machine the general path
    /// runs, block by block, with the same states and kept slots; it only skips building
    /// a frame and entering the general interpreter, which a pipeline of generators
    /// would otherwise pay once per item per stage. In a run with a step budget (`COUNT`:
    /// tests and the fuzzer), it counts a step per jump back, and for a resumption that
    /// starts at or before its `yield` (`fast::COUNTS_A_STEP`): every loop, across
    /// resumptions too, has such an edge. Without a budget it counts nothing (the count
    /// cost about 4% of `gen_pipeline`'s time).
    ///
    /// The first statement or terminator without a compact form (or whose compact form
    /// does not answer: an operand that is not an int, an overflow, an unbound local)
    /// hands over to the general path at that very statement (`interp::Entry::Stmt`),
    /// which runs the rest of the resumption, so nothing runs twice. An exception from
    /// the inner generator is handed over as raised by the `for` (`Entry::Raised`).
    #[inline(always)]
    fn next_in_place<const NESTED: bool, const COUNT: bool>(
        &mut self,
        gen: &PyGenerator,
        code: &fast::InPlaceCode,
        slots: &mut fast::InPlaceFrame,
        first: u32,
    ) -> InPlace {
        use fast::Op;
        // The step budget, kept in a register while the operations run and written back
        // whenever control leaves them (only in a run that has one: `COUNT`).
        let mut steps = if COUNT { self.steps_left } else { 0 };
        macro_rules! leave {
            ($how:expr) => {{
                if COUNT {
                    self.steps_left = steps;
                }
                return $how;
            }};
        }
        // `$e`, which may run code that counts steps, with the budget written back
        // around it.
        macro_rules! outside {
            ($e:expr) => {{
                if COUNT {
                    self.steps_left = steps;
                }
                let r = $e;
                if COUNT {
                    steps = self.steps_left;
                }
                r
            }};
        }
        // A jump back counts a step (`fast::COUNTS_A_STEP`); with none left, the general
        // path enters the block and stops the program.
        macro_rules! enter {
            ($pc:expr) => {{
                let pc: u32 = $pc;
                if COUNT && pc & fast::COUNTS_A_STEP != 0 {
                    if steps == 0 {
                        leave!(InPlace::HandOver(code.block_at(pc), interp::Entry::Start));
                    }
                    steps -= 1;
                }
                pc & !fast::COUNTS_A_STEP
            }};
        }
        // The general path takes over at statement `k` of `block` (and counts a step for
        // that block, as it counts one for every block it runs).
        macro_rules! hand_over {
            ($block:expr, $k:expr) => {{
                leave!(InPlace::HandOver($block, interp::Entry::Stmt($k)));
            }};
        }
        // `dst = v` (statement `k` of `block`).
        macro_rules! store_int {
            ($dst:expr, $v:expr, $block:expr, $k:expr) => {{
                let slot = &mut slots[fast::in_place_slot($dst)];
                super::value::set_slot(slot, Value::Int($v));
                // As the general path does after every statement: what this statement
                // dropped, or the `for` or inner generator before it, is closed now.
                if self.drops.pending() {
                    let stmt = &gen.code.def.blocks[$block as usize].stmts;
                    outside!(self.run_finalizers(Some(stmt[$k as usize].span)));
                }
            }};
        }
        // The resumption counts a step if it goes back (see `InPlaceCode::resume`).
        let mut pc = enter!(first);
        loop {
            let Some(op) = code.ops.get(pc as usize) else {
                // Never: every jump goes to a block's first operation.
                let e = types::runtime_error("peel: no in-place operation here");
                leave!(InPlace::HandOver(
                    code.block_at(first),
                    interp::Entry::Raised(e)
                ));
            };
            match op {
                Op::Assign {
                    dst,
                    value,
                    next,
                    block,
                    k,
                } => {
                    let Some(v) = value(slots) else {
                        hand_over!(*block, *k)
                    };
                    store_int!(*dst, v, *block, *k);
                    pc = enter!(*next);
                }
                Op::AddConst {
                    dst,
                    src,
                    add,
                    next,
                    block,
                    k,
                } => {
                    let sum = match &slots[fast::in_place_slot(*src)] {
                        Some(Value::Int(x)) => x.checked_add(*add),
                        _ => None,
                    };
                    let Some(v) = sum else { hand_over!(*block, *k) };
                    store_int!(*dst, v, *block, *k);
                    pc = enter!(*next);
                }
                Op::HandOver { block, k } => hand_over!(*block, *k),
                Op::Jump { to } => pc = enter!(*to),
                Op::Branch {
                    cond,
                    then,
                    otherwise,
                    block,
                    k,
                } => match cond(slots) {
                    Some(t) => pc = enter!(if t { *then } else { *otherwise }),
                    None => hand_over!(*block, *k),
                },
                Op::Yield {
                    value,
                    state,
                    dropped,
                    block,
                    k,
                } => match value(slots) {
                    Some(v) => {
                        unbind(slots, *dropped);
                        leave!(InPlace::Yielded(*state, Value::Int(v)))
                    }
                    None => hand_over!(*block, *k),
                },
                Op::YieldLocal {
                    slot,
                    state,
                    dropped,
                    block,
                    k,
                } => match &slots[fast::in_place_slot(*slot)] {
                    Some(v) => {
                        let v = match v {
                            Value::Int(i) => Value::Int(*i),
                            v => v.clone(),
                        };
                        unbind(slots, *dropped);
                        leave!(InPlace::Yielded(*state, v))
                    }
                    None => hand_over!(*block, *k),
                },
                Op::ForNext {
                    iter,
                    item,
                    body,
                    exhausted,
                    block,
                    k,
                } => {
                    let next = match &slots[fast::in_place_slot(*iter)] {
                        Some(Value::Generator(g)) => outside!(match NESTED {
                            false => self.next_of::<true, COUNT>(g),
                            true => self.generator_next(g),
                        }),
                        _ => hand_over!(*block, *k),
                    };
                    match next {
                        Ok(Some(v)) => {
                            super::value::set_slot(&mut slots[fast::in_place_slot(*item)], v);
                            pc = enter!(*body);
                        }
                        Ok(None) => pc = enter!(*exhausted),
                        Err(e) => {
                            // As `exec_term` does: the error is placed at the line only.
                            if self.fault_span.is_none() {
                                let span = gen.code.def.blocks[*block as usize].term_span;
                                self.fault_span = Some((span, false));
                            }
                            leave!(InPlace::HandOver(*block, interp::Entry::Raised(e)));
                        }
                    }
                }
            }
        }
    }

    /// One step of a delegation (the `Send` terminator): `next(d)` when `sent` is absent
    /// or `None`, else `d.send(sent)`, with the delegate's return value as
    /// `GenStep::Returned` instead of a `StopIteration`. Generators, coroutines and the
    /// native awaitables are resumed directly; any other object takes the same calls the
    /// desugared Python makes, and its `StopIteration` is unpacked.
    pub(crate) fn delegate_step(&mut self, d: &Value, sent: Option<Value>) -> PyResult<GenStep> {
        let sent = sent.filter(|v| !matches!(v, Value::None));
        let r = match (d, sent) {
            // A coroutine only gets here from an `await` (see `awaitable_of_one`); `iter()`
            // refuses it to a `yield from`.
            (Value::Generator(g), sent) => {
                return self.resume(g, sent.map_or(Resume::Next, Resume::Send))
            }
            (Value::Awaitable(a), sent) => {
                return self.awaitable_resume(a, sent.map_or(Resume::Next, Resume::Send))
            }
            // A class's `__next__` is called as it is, so that the value of the
            // `StopIteration` it raises is the delegation's result.
            (d, None) if super::class::is_user(d) => {
                match super::class::call_special(self, d, "__next__", Vec::new()) {
                    Ok(Some(v)) => Ok(GenStep::Yielded(v)),
                    Ok(None) => Err(types::type_error(format!(
                        "'{}' object is not an iterator",
                        super::ops::type_name(d)
                    ))),
                    Err(e) => Err(e),
                }
            }
            (_, None) => super::ops::next(self, d).map(|item| match item {
                Some(v) => GenStep::Yielded(v),
                None => GenStep::Returned(Value::None),
            }),
            (_, Some(v)) => {
                super::ops::call_method(self, d, "send", vec![v], Vec::new()).map(GenStep::Yielded)
            }
        };
        match r {
            Err(e) if types::exception_matches(&e, "StopIteration") => Ok(GenStep::Returned(
                e.args.borrow().first().cloned().unwrap_or_default(),
            )),
            r => r,
        }
    }

    #[cold]
    fn next_slow(&mut self, gen: &Rc<PyGenerator>) -> PyResult<Option<Value>> {
        let step = self.resume(gen, Resume::Next)?;
        match self.unpark(step) {
            GenStep::Yielded(v) => Ok(Some(v)),
            GenStep::Returned(_) => Ok(None),
        }
    }

    /// The protocol methods every resumable object shares (generators, coroutines, the
    /// native awaitables): `send`, `__next__`, `throw`, `close`, `__iter__`, `__await__`.
    /// Which of them a type has is `methods::has_method`'s business; a finished object's
    /// return value travels in `StopIteration.value`.
    pub(crate) fn resumable_method(
        &mut self,
        obj: &Value,
        name: &str,
        args: Vec<Value>,
    ) -> PyResult<Value> {
        use super::methods::arity;
        let n = args.len();
        let mode = match name {
            "send" => {
                arity("send", n, 1, 1)?;
                Resume::Send(args.into_iter().next().unwrap_or_default())
            }
            "__next__" => {
                arity("__next__", n, 0, 0)?;
                Resume::Next
            }
            "throw" => {
                arity("throw", n, 1, 3)?;
                Resume::Throw(self.exception_to_throw(args)?)
            }
            "close" => {
                arity("close", n, 0, 0)?;
                return self.coro_send(obj, Resume::Close).map(|_| Value::None);
            }
            "__iter__" => {
                arity("__iter__", n, 0, 0)?;
                return Ok(obj.clone());
            }
            "__await__" => {
                arity("__await__", n, 0, 0)?;
                // A coroutine is awaited through a `coroutine_wrapper`.
                return Ok(match super::asyncio::is_coroutine(obj) {
                    true => Value::Awaitable(Rc::new(super::asyncio::Awaitable::CoroutineWrapper(
                        obj.clone(),
                    ))),
                    false => obj.clone(),
                });
            }
            _ => return Err(super::ops::no_attribute_of(obj, name)),
        };
        let step = self.coro_send(obj, mode)?;
        match self.unpark(step) {
            GenStep::Yielded(v) => Ok(v),
            GenStep::Returned(v) => Err(stop_iteration_with(v)),
        }
    }

    /// `throw(exc)`, `throw(ExcClass)`, `throw(ExcClass, value)`: the exception to raise.
    pub(crate) fn exception_to_throw(&mut self, args: Vec<Value>) -> PyResult<Rc<PyException>> {
        let mut args = args.into_iter();
        let typ = args.next().unwrap_or_default();
        let value = args.next();
        match (typ, value) {
            (Value::Exception(e), None | Some(Value::None)) => Ok(e),
            (Value::Exception(_), Some(_)) => Err(types::type_error(
                "instance exception may not have a separate value",
            )),
            (Value::Type(t), value) if t.kind == super::value::TypeKind::Exception => {
                let args = match value {
                    None | Some(Value::None) => Vec::new(),
                    Some(Value::Exception(e)) if Rc::ptr_eq(&e.class, &t) => {
                        return Ok(e);
                    }
                    Some(Value::Tuple(items)) => items.items.to_vec(),
                    Some(v) => vec![v],
                };
                match super::builtins::call_type(self, &t, args, Vec::new())? {
                    Value::Exception(e) => Ok(e),
                    _ => Err(types::type_error(
                        "exceptions must be classes or instances deriving from BaseException",
                    )),
                }
            }
            (other, _) => Err(types::type_error(format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                super::ops::type_name(&other)
            ))),
        }
    }

    /// Closes the generators dropped while suspended in a `try` (their `finally` blocks
    /// run now) and prints what dropped objects had to say, at the statement or call `at`
    /// of the program. `None`: somewhere the program's position is not known here; the
    /// generators are closed, and a "never awaited" warning, which names the place, waits
    /// for the next statement boundary. An exception in a `finally` cannot propagate
    /// anywhere: like CPython, peel reports it on stderr as "Exception ignored in" and
    /// carries on.
    #[cold]
    pub(crate) fn run_finalizers(&mut self, at: Option<crate::span::Span>) {
        self.finalize(at.map(Place::Program));
    }

    /// `run_finalizers`, at a place that is not one of the program's statements.
    #[cold]
    pub(crate) fn finalize_at(&mut self, place: Place) {
        self.finalize(Some(place));
    }

    fn finalize(&mut self, place: Option<Place>) {
        let saved_fault = self.fault_span.take();
        let saved_reraising = std::mem::take(&mut self.reraising);
        let mut deferred = Vec::new();
        // What a finalizer lets go of is finalized before the objects that were waiting
        // already, as CPython's reference counting frees it at once.
        let mut queue = std::collections::VecDeque::new();
        loop {
            let (batch, notices) = self.drops.take();
            for notice in notices {
                match (place, notice) {
                    (None, notice @ Notice::NeverAwaited(_)) => deferred.push(notice),
                    (place, notice) => self.print_notice(notice, place),
                }
            }
            for item in batch.into_iter().rev() {
                queue.push_front(item);
            }
            match queue.pop_front() {
                Some(Finalize::Generator(gen)) => self.close_finalized(&gen),
                Some(Finalize::Instance(obj)) => self.call_del(obj),
                None => break,
            }
        }
        self.drops.defer(deferred);
        self.fault_span = saved_fault;
        self.reraising = saved_reraising;
    }
}

impl Vm {
    /// Calls `__del__` on an instance that went away (and came back for it); an exception
    /// that comes out of it is reported as CPython's `PyErr_WriteUnraisable` does.
    pub(crate) fn call_del(&mut self, obj: Rc<super::value::PyInstance>) {
        let class = obj.class.clone();
        let v = Value::Instance(obj);
        let Some(del) = super::class::find_special(&v, "__del__") else {
            return;
        };
        let result = super::class::bind(self, del.clone(), Some(&v), Some(&class))
            .and_then(|bound| self.call(&bound, Vec::new(), Vec::new()));
        drop(v);
        if let Err(e) = result {
            if self.halting {
                return;
            }
            let _ = self.out.flush();
            let what = super::ops::repr(self, &del).unwrap_or_default();
            let text = super::traceback::format_exception_chain(self, &e);
            let _ = write!(self.err, "Exception ignored in: {what}\n{text}");
        }
    }

    /// Closes a generator being finalized (its `finally` blocks run); an exception that
    /// comes out of it has nowhere to go and is reported as CPython reports it.
    pub(crate) fn close_finalized(&mut self, gen: &Rc<PyGenerator>) {
        if let Err(e) = self.resume(gen, Resume::Close) {
            if self.halting {
                return;
            }
            let text = super::traceback::format_exception_chain(self, &e);
            let _ = write!(
                self.err,
                "Exception ignored in: <generator object {} at {}>\n{text}",
                gen.qualname(),
                super::ops::addr(&Value::Generator(gen.clone()))
            );
        }
    }

    /// What CPython's cycle collector reports as the interpreter ends (`notify_at_exit`).
    pub(crate) fn collect_cycles(&mut self) {
        for notice in self.drops.take_at_exit() {
            if !self.halting {
                self.print_notice(notice, Some(Place::Shutdown));
            }
        }
    }
}

/// Where the program is when an object it let go of is finalized: where CPython's
/// `warnings` module says a "never awaited" warning comes from (the frame running when
/// the coroutine was freed).
#[derive(Clone, Copy)]
pub(crate) enum Place {
    /// A statement or call of the program.
    Program(crate::span::Span),
    /// The event loop, between two callbacks: CPython runs each in `Handle._run`
    /// (asyncio/events.py), the frame a task's coroutine returns to.
    EventLoop,
    /// The interpreter's shutdown, clearing the module: no frame runs, and CPython says
    /// `sys:1`, with no source line.
    Shutdown,
}

impl Vm {
    /// Prints what CPython prints when such an object is freed, `at` the place the program
    /// is (`None`: not known).
    pub(crate) fn print_notice(&mut self, notice: Notice, at: Option<Place>) {
        let _ = self.out.flush();
        match notice {
            Notice::NeverAwaited(name) => {
                // The place, the source line shown under it, and whether the warnings
                // module can still suggest tracemalloc (not at shutdown, where it can no
                // longer import it).
                let (place, shown, tracemalloc) = match (at, &self.source) {
                    (Some(Place::Program(span)), Some(src)) => {
                        let line = src.line_of(span.start as usize);
                        let text = src.line_text(line).trim().to_string();
                        let shown = match text.is_empty() {
                            true => String::new(),
                            false => format!("  {text}\n"),
                        };
                        (format!("{}:{line}", src.path), shown, true)
                    }
                    (Some(Place::EventLoop), _) => {
                        let (file, line, text) = super::asyncio::handle_run_place();
                        (format!("{file}:{line}"), format!("  {text}\n"), true)
                    }
                    _ => ("sys:1".to_string(), String::new(), false),
                };
                // The `default` action: once per place (module and line) and message.
                if !self.warned.insert((place.clone(), name.clone())) {
                    return;
                }
                let _ = write!(
                    self.err,
                    "{place}: RuntimeWarning: coroutine '{name}' was never awaited\n{shown}"
                );
                if tracemalloc {
                    let _ = writeln!(
                        self.err,
                        "RuntimeWarning: Enable tracemalloc to get the object allocation traceback"
                    );
                }
            }
            Notice::NeverRetrieved { coro, name, exc } => {
                let defined = match (&coro, &self.source) {
                    (Value::Generator(g), Some(src)) => format!(
                        "{}() done, defined at {}:{}",
                        g.qualname(),
                        src.path,
                        src.line_of(g.code.def.span.start as usize)
                    ),
                    _ => "coroutine() done".to_string(),
                };
                let text = super::traceback::format_exception_chain(self, &exc);
                let repr = super::ops::repr(self, &Value::Exception(exc.clone()))
                    .unwrap_or_else(|e| format!("<exception repr failed: {}>", e.class.name));
                let _ = write!(
                    self.err,
                    "Task exception was never retrieved\nfuture: <Task finished name={} coro=<{defined}> exception={repr}>\n{text}",
                    crate::pyrepr::str_repr(&name)
                );
            }
        }
    }
}

/// `StopIteration(value)`; a `return` with no value gives `StopIteration()`.
pub fn stop_iteration_with(value: Value) -> Rc<PyException> {
    let args = match value {
        Value::None => Vec::new(),
        v => vec![v],
    };
    types::new_exception_with_args(types::exception_class("StopIteration"), args)
}

/// A compact machine's kept values (the slots `kept` lists), taken out of `slots`, then
/// the values of the slots `alive` lists (kept alive, not for use) whose end can be seen
/// (`end_is_observable`), each in its place after the kept ones; an unobservable one
/// is dropped here and its place left empty, and empty places at the end are not stored.
/// Inline if that makes two or fewer, else in `spare` (the vector they were in before
/// this resumption) or a new vector of exactly their number.
fn kept_values(
    slots: &mut [Option<Value>],
    kept: &[u32],
    alive: &[u32],
    handled: OwnHandled,
    spare: Option<Vec<Option<Value>>>,
) -> Saved {
    if !alive.is_empty() {
        // The kept-alive values worth keeping: the number of places they need (most often
        // none: a loop counter, a string).
        let places = keep_observable(slots, alive);
        if places > 0 {
            return kept_and_alive_values(slots, kept, &alive[..places], handled, spare);
        }
    }
    let mut take = |s: u32| slots.get_mut(s as usize).and_then(Option::take);
    if kept.len() <= 2 && handled.as_ref().is_none_or(|h| h.is_empty()) {
        let mut two = [None, None];
        for (place, &s) in two.iter_mut().zip(kept) {
            *place = take(s);
        }
        return Saved::Two(two);
    }
    let mut values = spare.unwrap_or_default();
    values.reserve_exact(kept.len());
    values.extend(kept.iter().map(|&s| take(s)));
    Saved::keep(values, handled)
}

/// `kept_values` when some kept-alive values are stored, in the places `alive` lists.
#[cold]
#[inline(never)]
fn kept_and_alive_values(
    slots: &mut [Option<Value>],
    kept: &[u32],
    alive: &[u32],
    handled: OwnHandled,
    spare: Option<Vec<Option<Value>>>,
) -> Saved {
    let mut take = |s: u32| slots.get_mut(s as usize).and_then(Option::take);
    let kept_values = kept.iter().map(|&s| take(s)).collect::<Vec<_>>();
    // A value whose end cannot be seen stays in the frame (its place is left empty).
    let mut take_seen = |s: u32| match slots.get_mut(s as usize) {
        Some(slot) if slot.as_ref().is_some_and(end_is_observable) => slot.take(),
        _ => None,
    };
    let count = kept.len() + alive.len();
    let mut values = match count <= 2 && handled.as_ref().is_none_or(|h| h.is_empty()) {
        true => Vec::with_capacity(2),
        false => {
            let mut v = spare.unwrap_or_default();
            v.reserve_exact(count);
            v
        }
    };
    values.extend(kept_values);
    values.extend(alive.iter().map(|&s| take_seen(s)));
    if values.len() <= 2 && handled.as_ref().is_none_or(|h| h.is_empty()) {
        let mut two = [None, None];
        for (place, v) in two.iter_mut().zip(values) {
            *place = v;
        }
        return Saved::Two(two);
    }
    Saved::keep(values, handled)
}

/// How many of the slots `alive` lists, from the first, are needed to store the values
/// among them whose end can be seen (the others stay in the frame, which lets them go
/// with its other dead slots).
#[inline(always)]
fn keep_observable(slots: &[Option<Value>], alive: &[u32]) -> usize {
    let mut places = 0;
    for (i, &s) in alive.iter().enumerate() {
        if let Some(Some(v)) = slots.get(s as usize) {
            // The usual case (a loop counter, a string) decided inline.
            if !has_no_visible_end(v) && end_is_observable(v) {
                places = i + 1;
            }
        }
    }
    places
}

/// Moves a compact machine's kept `values` into their slots of a fresh frame: the kept
/// slots', then as many of the kept-alive slots' as were stored (see `kept_values`).
#[inline(always)]
fn spread(slots: &mut [Option<Value>], kept: &[u32], alive: &[u32], values: &mut [Option<Value>]) {
    for (&s, v) in kept.iter().zip(values.iter_mut()) {
        if let Some(slot) = slots.get_mut(s as usize) {
            *slot = v.take();
        }
    }
    if values.len() > kept.len() {
        spread_alive(slots, alive, &mut values[kept.len()..]);
    }
}

/// The kept-alive part of `spread`: rare, out of line.
#[inline(never)]
fn spread_alive(slots: &mut [Option<Value>], alive: &[u32], values: &mut [Option<Value>]) {
    for (&s, v) in alive.iter().zip(values) {
        if let (Some(slot), Some(v)) = (slots.get_mut(s as usize), v.take()) {
            *slot = Some(v);
        }
    }
}

/// Can a program see the moment `v` goes away? A variable that is dead at a `yield` but
/// still bound is kept while the generator is suspended (as CPython's frame keeps it)
/// only when this says yes; otherwise it is dropped at once, which no program can tell.
///
/// The test is cheap and errs towards yes. No: `None`, bools, numbers, strings, bytes,
/// ranges, `...`, builtin functions, types and modules (none of these can hold
/// what has a visible end, or they live as long as the program anyway), and a tuple whose
/// items are all such (looked at one level deep). Yes: everything else, since it is, or
/// may hold, something whose end shows: a generator or coroutine (its `finally` runs, or
/// "was never awaited" is printed), a task or future ("exception was never retrieved"),
/// and lists, dicts, sets, functions (their cells and defaults), exceptions (their
/// arguments), iterators and cells, whatever they hold.
#[inline(never)]
pub(crate) fn end_is_observable(v: &Value) -> bool {
    match v {
        Value::Tuple(t) => t.items.iter().any(|item| !has_no_visible_end(item)),
        Value::Cell(c) => c.try_borrow().map_or(true, |c| {
            c.as_ref().is_some_and(|inner| !has_no_visible_end(inner))
        }),
        v => !has_no_visible_end(v),
    }
}

/// The values whose end no program can see, by their kind alone.
#[inline(always)]
fn has_no_visible_end(v: &Value) -> bool {
    // The values that hold no other value, and the ones the program cannot outlive.
    super::ops::is_leaf(v) || matches!(v, Value::Builtin(_) | Value::Type(_) | Value::Module(_))
}

/// The generator is finished: it keeps nothing.
fn finish(st: &mut GenState) {
    st.state = RETURNED;
    st.saved = Saved::default();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::SourceFile;

    /// Runs `src` and returns the machine, for looking at the generators it left behind.
    fn run(src: &str) -> Vm {
        let source = SourceFile::new("t.py", src);
        let compiled = crate::compile(&source).expect("compiles");
        let mut vm = Vm::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
        vm.load(&compiled.program, &compiled.machines, &source);
        vm.run_module().unwrap_or_else(|_| panic!("runs"));
        vm
    }

    fn global_generator(vm: &Vm, name: &str) -> Rc<PyGenerator> {
        let g = vm
            .global_names
            .iter()
            .position(|n| n == name)
            .expect("global");
        match &vm.globals[g] {
            Some(Value::Generator(gen)) => gen.clone(),
            _ => panic!("{name} is not a generator"),
        }
    }

    #[test]
    fn a_suspended_generator_keeps_only_what_its_state_lists() {
        // `scratch`, `a`, `b` are dead at the yield, `total` and `n` are live: only they
        // are kept (the frame's five slots make the machine compact). The dead ones are
        // kept alive, but a string and ints have no end to see: they are dropped.
        let vm = run("def g(n):\n    total = 0\n    scratch = 'x' * 1000\n    a = b = 1\n    total += len(scratch) + a + b - 2\n    yield total\n    yield total + n\nit = g(5)\nnext(it)\n");
        let gen = global_generator(&vm, "it");
        let st = gen.inner.borrow();
        let state = &gen.machine().states[st.state as usize];
        let names = |slots: &[u32]| -> Vec<String> {
            slots
                .iter()
                .map(|&s| gen.code.def.slots[s as usize].name.clone())
                .collect()
        };
        assert_eq!(names(&state.saved), ["n", "total"]);
        assert_eq!(names(&state.kept_alive), ["scratch", "a", "b"]);
        assert!(gen.machine().compact());
        // Two values: inside the generator object, no vector of their own.
        let Saved::Two(two) = &st.saved else {
            panic!("two kept values are kept inline");
        };
        assert!(matches!(two[0], Some(Value::Int(5))));
        assert!(matches!(two[1], Some(Value::Int(1000))));
    }

    #[test]
    fn awaiting_names_what_a_suspended_coroutine_waits_in() {
        // `outer` has many slots (a compact machine), `pause` none (a whole frame).
        let vm = run("import types\n@types.coroutine\ndef pause():\n    yield 1\nasync def inner():\n    await pause()\nasync def outer(n):\n    a = n * 2\n    await inner()\n    return a\nc = outer(5)\nc.send(None)\nfresh = outer(1)\n");
        let outer = global_generator(&vm, "c");
        assert!(outer.machine().compact());
        let Some(Value::Generator(inner)) = outer.awaiting() else {
            panic!("outer waits in inner()");
        };
        assert_eq!(inner.qualname(), "inner");
        let Some(Value::Generator(pause)) = inner.awaiting() else {
            panic!("inner waits in pause()");
        };
        assert_eq!(pause.qualname(), "pause");
        assert!(!pause.machine().compact());
        // At a plain `yield`, and before the first step, nothing.
        assert!(pause.awaiting().is_none());
        assert!(global_generator(&vm, "fresh").awaiting().is_none());
    }

    #[test]
    fn a_compact_machine_stores_a_dead_value_only_if_its_end_can_be_seen() {
        // At the yield `kept` (a generator) and `count` (an int) are dead: the generator
        // is stored after the two live values, the int is not.
        let vm = run("def inner():\n    yield 1\ndef g(n):\n    count = 7\n    kept = inner()\n    a = b = 1\n    yield n + a + b + count\n    yield n\nit = g(5)\nnext(it)\n");
        let gen = global_generator(&vm, "it");
        let st = gen.inner.borrow();
        assert!(gen.machine().compact());
        let alive: Vec<&str> = gen
            .machine()
            .kept_alive(st.state)
            .iter()
            .map(|&s| gen.code.def.slots[s as usize].name.as_str())
            .collect();
        assert_eq!(alive, ["count", "kept", "a", "b"]);
        let values = st.saved.values();
        assert_eq!(values.len(), 3, "n, then count's empty place, then kept");
        assert!(matches!(values[0], Some(Value::Int(5))));
        assert!(values[1].is_none());
        assert!(matches!(values[2], Some(Value::Generator(_))));
    }

    #[test]
    fn a_small_frame_is_kept_whole_with_its_dead_slots_cleared() {
        // `scratch` is dead at the first yield but may be bound: a whole frame keeps it
        // alive as it is (it costs nothing); `total` and `n` are live.
        let vm = run("def g(n):\n    total = 0\n    scratch = [1] * 1000\n    total += len(scratch)\n    yield total\n    yield total + n\nit = g(5)\nnext(it)\n");
        let gen = global_generator(&vm, "it");
        let st = gen.inner.borrow();
        assert!(!gen.machine().compact());
        let frame = st.saved.values();
        let holding: Vec<usize> = (0..frame.len()).filter(|&i| frame[i].is_some()).collect();
        assert_eq!(holding, [0, 1, 2]);
        assert!(matches!(frame[1], Some(Value::Int(1000))));
        // The other slots are neither kept nor kept alive: empty.
        assert!(frame.len() > 3 && frame[3..].iter().all(Option::is_none));
    }

    #[test]
    fn states_move_from_unresumed_through_suspensions_to_returned() {
        let vm = run(
            "def g():\n    yield 1\n    yield 2\na = g()\nb = g()\nnext(b)\nc = g()\nlist(c)\n",
        );
        let state = |name: &str| global_generator(&vm, name).inner.borrow().state;
        assert_eq!(state("a"), UNRESUMED);
        assert_eq!(state("b"), crate::statemachine::FIRST_SUSPEND);
        assert_eq!(state("c"), RETURNED);
        let c = global_generator(&vm, "c");
        assert!(c.inner.borrow().saved.values().iter().all(Option::is_none));
    }

    #[test]
    fn only_a_delegation_yield_hands_a_throw_on_without_a_traceback_entry() {
        // A plain `yield` whose variable happens to look like a desugar temporary still
        // shows in the traceback of an exception thrown in at it.
        let src = "def g():\n    _yielded = 1\n    yield _yielded\nit = g()\nnext(it)\nit.throw(ValueError('x'))\n";
        let source = crate::span::SourceFile::new("t.py", src);
        let out = crate::run_captured(&source, &crate::runtime::RunOptions::default());
        assert!(
            out.stderr.contains("line 3, in g\n    yield _yielded\n"),
            "{}",
            out.stderr
        );
    }
}
