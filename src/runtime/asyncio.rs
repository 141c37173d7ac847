//! asyncio on peel's own event loop, with a virtual clock.
//!
//! A coroutine is a generator (its state machine) that yields *futures*: "wake me when
//! this is done". Everything else is bookkeeping, and this file is that bookkeeping,
//! modelled on CPython's `base_events.py`, `futures.py` and `tasks.py` so that the order in
//! which things happen is exactly CPython's:
//!
//! - The **event loop** has a FIFO queue of ready callbacks (`call_soon`) and timers
//!   ordered by (deadline, creation order) (both `fifo`'s chunked queues). One turn of the loop moves the timers
//!   that are due to the ready queue and runs the callbacks that were ready when the turn
//!   began. When nothing is ready, the clock *jumps* to the earliest deadline: time is
//!   virtual, so `await asyncio.sleep(3600)` takes no real time.
//! - A **future** is a box for a result that is not there yet. Completing it schedules its
//!   done callbacks with `call_soon`; they never run inline.
//! - A **task** is a future that drives a coroutine: each step sends `None` into it (or
//!   throws an exception). If the coroutine yields a future, the task registers its own
//!   wake-up as that future's done callback and sleeps; when the coroutine returns, the
//!   task's result is set. Tasks are named `Task-1`, `Task-2`, ... as in CPython.
//!
//! `await x` was desugared into `yield from x.__await__()`: a future's `__await__` yields
//! the future itself once ("block on me") and then returns its result. That is the whole
//! trick of async/await.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use super::function::{bind_native, NativeSignature};
use super::generator::{GenStep, Resume};
use super::types;
use super::value::{PyException, PyResult, PyStr, Value};
use super::Vm;

type Kwargs = Vec<(Rc<PyStr>, Value)>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    Pending,
    Cancelled,
    Finished,
}

/// What a plain future is for. For a sleep's future it is also what keeps the sleep's
/// timer live (`TimerEntry::Sleep` is void once the purpose is no longer `Sleep`), so a
/// sleep's future is never given another purpose.
#[derive(Clone, Copy)]
pub enum Purpose {
    Unknown,
    /// `asyncio.sleep(delay)`, due at `until`.
    Sleep {
        delay: f64,
        until: f64,
    },
    /// A waiter of a lock, queue, event... (`Lock.acquire()`).
    Operation(&'static str),
    /// A sleep's future after the sleep stopped waiting for it (its `finally:
    /// h.cancel()`): the timer that would complete it is void.
    SleepOver,
}

/// A future (and, with `FutureKind::Task`, a task).
pub struct PyFuture {
    pub st: RefCell<FutureState>,
    /// A task's state lives in the future itself (one allocation per task), in the room
    /// a plain future uses for what it stands for.
    kind: FutureKind,
}

enum FutureKind {
    /// What a plain future stands for (read with `purpose()` and `gathering()`).
    Plain(Cell<Stands>),
    Task(TaskState),
}

/// What a plain future stands for: a `Purpose` (for the trace and the deadlock report,
/// worded only when printed, and whether a sleep's timer still counts), or the `gather`
/// it is the outer future of (cancelling it cancels the children; it is described by
/// them). One field for both, the size of a task's state at most: a task is one future.
enum Stands {
    Purpose(Purpose),
    Gathering(Weak<GatherState>),
}

impl Stands {
    /// What `look` says of it, which stays as it is.
    fn peek<T>(cell: &Cell<Stands>, look: impl FnOnce(&Stands) -> T) -> T {
        let stands = cell.replace(Stands::Purpose(Purpose::Unknown));
        let seen = look(&stands);
        cell.set(stands);
        seen
    }
}

pub struct FutureState {
    pub status: Status,
    /// What the future holds, by status: finished, its result, or (with `failed`) its
    /// exception (`Value::Exception`); cancelled, `cancel(msg)`'s message
    /// (`_cancel_message`, `None` for none), or (with `failed`) the `CancelledError` a
    /// task's coroutine raised (`_cancelled_exc`: never both, and the first `result()`,
    /// `exception()` or `await` hands out this very exception, later ones a new one);
    /// a pending task, the message its next step will throw with. One field for all of
    /// them: a future is in every suspended task.
    pub result: Value,
    pub failed: bool,
    /// Someone looked at the exception (`result()`, `exception()`, an `await`).
    pub retrieved: bool,
    /// Almost every future has one done callback (the task that awaits it, or its
    /// `gather`): that one lives inline, without an allocation of its own.
    pub callbacks: DoneCallbacks,
    /// `_asyncio_future_blocking`: set by `__await__` when it yields the future to a task.
    pub blocking: bool,
}

impl FutureState {
    /// The exception a finished future holds, if it failed.
    pub fn exception(&self) -> Option<Rc<PyException>> {
        match (&self.result, self.failed, self.status) {
            (Value::Exception(e), true, Status::Finished) => Some(e.clone()),
            _ => None,
        }
    }

    fn set_exception(&mut self, exc: Rc<PyException>) {
        self.result = Value::Exception(exc);
        self.failed = true;
    }

    /// `_cancel_message`.
    pub fn cancel_message(&self) -> Option<Value> {
        match (self.status, self.failed) {
            (Status::Finished, _) | (_, true) => None,
            _ => Some(self.result.clone()).filter(|m| !m.is_none()),
        }
    }

    /// Records a cancellation's message or saved exception (see `result`).
    fn set_cancel(&mut self, message: Option<Value>, exc: Option<Rc<PyException>>) {
        (self.result, self.failed) = match exc {
            Some(e) => (Value::Exception(e), true),
            None => (message.unwrap_or_default(), false),
        };
    }

    /// `_make_cancelled_error()`: the saved exception once, else a new one.
    pub fn make_cancelled_error(&mut self) -> Rc<PyException> {
        if self.failed && self.status != Status::Finished {
            if let Value::Exception(exc) = std::mem::take(&mut self.result) {
                self.failed = false;
                return exc;
            }
        }
        let args = self.cancel_message().into_iter().collect();
        types::new_exception_with_args(types::exception_class("CancelledError"), args)
    }
}

pub struct TaskState {
    /// The coroutine object the task drives.
    pub coro: Value,
    /// The future this task waits on (`_fut_waiter`), unless it waits on a sleep that has
    /// made none (`parked`); read it with `waiter_future`. (A `Cell`: a `RefCell`'s
    /// borrow flag would cost every task 16 bytes.)
    waiter: Cell<Option<Rc<PyFuture>>>,
    /// Its number, `_num_cancels_requested`, `_must_cancel` and whether it waits on a
    /// parked sleep, in one word (see `TaskBits`): a task is in every suspended task.
    bits: Cell<TaskBits>,
}

/// A task's small fields, packed: bits 0-14 the cancellation requests not yet undone
/// (saturating), bit 15 `_must_cancel`, bit 16 "waits on a parked sleep", bit 17 "has a
/// name in the run's `Drops`", bits 18-63 its number (`Task-{number}`: room for 7e13 tasks).
#[derive(Clone, Copy)]
struct TaskBits(u64);

impl TaskBits {
    const CANCELS: u64 = (1 << 15) - 1;
    const MUST_CANCEL: u64 = 1 << 15;
    const PARKED: u64 = 1 << 16;
    const NAMED: u64 = 1 << 17;
    const NUMBER_SHIFT: u32 = 18;

    fn with(self, bit: u64, on: bool) -> TaskBits {
        TaskBits(match on {
            true => self.0 | bit,
            false => self.0 & !bit,
        })
    }
}

/// A future's done callbacks. Almost every future has exactly one (the task that awaits
/// it, or its `gather`): that one lives inline, and the whole is 16 bytes.
#[derive(Default)]
pub enum DoneCallbacks {
    #[default]
    None,
    One(DoneCallback),
    Many(Box<Vec<DoneCallback>>),
}

impl DoneCallbacks {
    pub fn push(&mut self, cb: DoneCallback) {
        *self = match std::mem::take(self) {
            DoneCallbacks::None => DoneCallbacks::One(cb),
            DoneCallbacks::One(first) => DoneCallbacks::Many(Box::new(vec![first, cb])),
            DoneCallbacks::Many(mut all) => {
                all.push(cb);
                DoneCallbacks::Many(all)
            }
        }
    }

    pub fn as_slice(&self) -> &[DoneCallback] {
        match self {
            DoneCallbacks::None => &[],
            DoneCallbacks::One(cb) => std::slice::from_ref(cb),
            DoneCallbacks::Many(all) => all,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, DoneCallback> {
        self.as_slice().iter()
    }

    /// Keeps the callbacks `keep` says yes to, in order.
    pub fn retain(&mut self, keep: impl FnMut(&DoneCallback) -> bool) {
        let mut all: Vec<DoneCallback> = std::mem::take(self).into_iter().collect();
        all.retain(keep);
        for cb in all {
            self.push(cb);
        }
    }
}

impl IntoIterator for DoneCallbacks {
    type Item = DoneCallback;
    type IntoIter =
        std::iter::Chain<std::option::IntoIter<DoneCallback>, std::vec::IntoIter<DoneCallback>>;

    fn into_iter(self) -> Self::IntoIter {
        let (one, many) = match self {
            DoneCallbacks::None => (None, Vec::new()),
            DoneCallbacks::One(cb) => (Some(cb), Vec::new()),
            DoneCallbacks::Many(all) => (None, *all),
        };
        one.into_iter().chain(many)
    }
}

/// What runs when a future is done.
#[derive(Clone)]
pub enum DoneCallback {
    /// A task waiting on the future steps again (`Task.__wakeup`).
    Wakeup(Rc<PyFuture>),
    /// `fut.add_done_callback(f)`: `f(fut)`.
    Call(Value),
    /// One child of `gather` finished.
    Gather(Rc<GatherState>),
    /// `run_until_complete`'s callback: stop the loop.
    StopLoop,
    /// `_release_waiter(waiter)`: complete `waiter` (with `None`) unless it is done.
    ReleaseWaiter(Rc<PyFuture>),
    /// `wait`'s `_on_completion`.
    Wait(Rc<super::aiosync::WaitState>),
    /// `as_completed`'s `_on_completion`: the future joins the queue of finished ones.
    AsCompleted(Rc<super::aiosync::Sync>),
}

pub struct GatherState {
    pub cancel_requested: Cell<bool>,
    pub children: Vec<Rc<PyFuture>>,
    pub outer: RefCell<Option<Rc<PyFuture>>>,
    pub finished: Cell<usize>,
    pub count: usize,
    pub return_exceptions: bool,
}

/// A callback the program may cancel, in the ready queue or among the timers: what
/// `loop.call_soon` and `call_later` return (CPython's `Handle` and `TimerHandle`). The
/// loop's own callbacks have none.
pub struct Handle {
    pub cancelled: Cell<bool>,
    pub callback: RefCell<Option<Callback>>,
    /// A timer's deadline (a `TimerHandle`); `None` for `call_soon`'s `Handle`.
    pub when: Option<f64>,
}

impl Handle {
    /// `TimerHandle` for a timer's handle, `Handle` for `call_soon`'s.
    pub fn class_name(&self) -> &'static str {
        match self.when {
            Some(_) => "TimerHandle",
            None => "Handle",
        }
    }

    fn new(callback: Callback, when: Option<f64>) -> Rc<Handle> {
        Rc::new(Handle {
            cancelled: Cell::new(false),
            callback: RefCell::new(Some(callback)),
            when,
        })
    }

    /// `Handle.cancel()`: the callback and its arguments go at once.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        self.callback.borrow_mut().take();
    }
}

/// Cancels the timer in `handle`, if there is one.
pub(crate) fn cancel_timer(handle: Option<Rc<Handle>>) {
    if let Some(h) = handle {
        h.cancel();
    }
}

/// A callback in the ready queue (or behind a `Handle`). Every variant is one pointer, so
/// that an entry of the ready queue is 16 bytes: at the turn 200,000 sleeping tasks wake
/// (benches/many_tasks.py), the queue holds a step for each. What needs two pointers is
/// boxed (a step that throws, a done callback other than a task's wake-up).
#[derive(Clone)]
pub enum Callback {
    /// `Task.__step()`.
    Step(Rc<PyFuture>),
    /// `Task.__step(exc)`.
    Throw(Box<(Rc<PyFuture>, Rc<PyException>)>),
    /// `Task.__wakeup(fut)` for the future the task waits on (`_fut_waiter`), which is
    /// `fut`: a task waits on one future at a time, and only its own step changes which.
    Wakeup(Rc<PyFuture>),
    /// A done callback, called with the future.
    Done(Box<(DoneCallback, Rc<PyFuture>)>),
    /// Complete the future with `None` unless it is done: `_release_waiter` on a timer
    /// (`wait_for`'s and `wait`'s timeouts).
    ReleaseWaiter(Rc<PyFuture>),
    /// A sleep's timer: `futures._set_result_unless_cancelled(future, None)` (see
    /// `SleepPhase`).
    RingSleep(Rc<Awaitable>),
    /// `loop.call_soon(f, *args)` / `call_later(delay, f, *args)`.
    Call(Box<(Value, Vec<Value>)>),
    /// `Timeout._on_timeout`.
    TimeoutFired(Rc<super::aiosync::Sync>),
    /// `as_completed`'s `_on_timeout`.
    AsCompletedTimeout(Box<(Rc<super::aiosync::Sync>, Vec<Rc<PyFuture>>)>),
}

impl Callback {
    /// `Task.__step(exc)`, or `__step()` without one.
    fn step(task: Rc<PyFuture>, exc: Option<Rc<PyException>>) -> Callback {
        match exc {
            None => Callback::Step(task),
            Some(e) => Callback::Throw(Box::new((task, e))),
        }
    }

    /// A done callback of `fut`, run soon.
    fn done(cb: DoneCallback, fut: &Rc<PyFuture>) -> Callback {
        match cb {
            DoneCallback::Wakeup(task) => Callback::Wakeup(task),
            cb => Callback::Done(Box::new((cb, fut.clone()))),
        }
    }
}

/// What ran a Python callback, for the report when it raises.
#[derive(Clone, Copy)]
enum Ran<'a> {
    /// `call_soon` / `call_later`: the handle it returned.
    Handle(&'a Handle),
    /// `fut.add_done_callback(f)`: `f(fut)`, behind a handle of the loop's own.
    Done(&'a Rc<PyFuture>),
    /// Queued without a handle (`loop.call_soon` and `call_later` always give one).
    Unknown,
}

/// An entry of the ready queue. The loop's own callbacks (task steps, done callbacks) wait
/// in the queue itself: nothing cancels them, so they need no shared `Handle` (one
/// allocation less per task switch). What its owner may still cancel keeps its handle:
/// a timer that came due, or the handle `loop.call_soon` returned to the program.
enum Ready {
    Soon(Callback),
    /// A due timer with a handle (`call_later`), or behind `call_soon`'s handle.
    Handle(Rc<Handle>),
    /// A sleep's due timer.
    Sleep(Rc<Awaitable>),
}

impl Ready {
    /// A due timer's entry.
    fn due(entry: TimerEntry) -> Ready {
        match entry {
            TimerEntry::Handle(h) => Ready::Handle(h),
            TimerEntry::Sleep(a) => Ready::Sleep(a),
        }
    }

    /// The callback to run, unless it was cancelled, and its handle if it has one.
    fn take_callback(self) -> Option<(Callback, Option<Rc<Handle>>)> {
        match self {
            Ready::Soon(cb) => Some((cb, None)),
            Ready::Handle(h) => TimerEntry::Handle(h).take_callback(),
            Ready::Sleep(a) => TimerEntry::Sleep(a).take_callback(),
        }
    }
}

/// What a timer runs when it is due.
enum TimerEntry {
    /// A callback behind a handle its owner may cancel (`call_later`, and `call_soon`'s
    /// in the ready queue).
    Handle(Rc<Handle>),
    /// `asyncio.sleep`'s wake-up, `futures._set_result_unless_cancelled(future, None)`,
    /// without a handle of its own: the sleep cancels it (`finally: h.cancel()`) by
    /// leaving its waiting phases (or marking its future `Purpose::SleepOver`). (The
    /// sleep returns its `result` itself.)
    Sleep(Rc<Awaitable>),
}

impl TimerEntry {
    fn cancelled(&self) -> bool {
        match self {
            TimerEntry::Handle(h) => h.cancelled.get(),
            TimerEntry::Sleep(a) => match &**a {
                Awaitable::Sleep(s) => s.peek(|phase| match phase {
                    SleepPhase::Parked(_) => false,
                    SleepPhase::Waiting(f) => !matches!(f.purpose(), Purpose::Sleep { .. }),
                    _ => true,
                }),
                _ => true,
            },
        }
    }

    /// The callback to run, unless the timer was cancelled, and its handle if it has one
    /// (which a report of an error in the callback shows).
    fn take_callback(self) -> Option<(Callback, Option<Rc<Handle>>)> {
        match self {
            _ if self.cancelled() => None,
            // A handle keeps its callback once run (its repr still shows it); only
            // `cancel()` drops it.
            TimerEntry::Handle(h) => {
                let callback = h.callback.borrow().clone()?;
                Some((callback, Some(h)))
            }
            TimerEntry::Sleep(a) => Some((Callback::RingSleep(a), None)),
        }
    }
}

/// `loop._clock_resolution`: `time.monotonic`'s resolution on Linux, as CPython reads it.
const CLOCK_RESOLUTION: f64 = 1e-9;

/// The running event loop.
#[derive(Default)]
pub struct EventLoop {
    /// Chunked: its memory is reused as it drains (see `fifo`).
    ready: super::fifo::ChunkedFifo<Ready>,
    /// By (deadline, creation order) (see `fifo::DeadlineQueue`).
    timers: super::fifo::DeadlineQueue<TimerEntry>,
    stopping: bool,
    /// The task whose step is running (`current_task()`).
    pub current: Option<Rc<PyFuture>>,
    /// The tasks created on this loop that may still be pending, in creation order, for
    /// `all_tasks()`, the shutdown and the deadlock report (CPython's `_all_tasks` weak set).
    tasks: super::fifo::ChunkedFifo<Weak<PyFuture>>,
    /// `tasks` is swept of finished tasks when it grows to this length.
    sweep_at: usize,
}

impl EventLoop {
    /// Adds a new task to `tasks`. A `Weak` keeps its task's allocation alive after the
    /// task is dropped, so finished tasks are swept out whenever the list has doubled
    /// since the last sweep: a program that runs a million short tasks one after another
    /// holds only the live ones, at an amortized constant cost per task.
    fn register(&mut self, task: &Rc<PyFuture>) {
        if self.tasks.len() >= self.sweep_at {
            self.tasks
                .retain(|t| t.upgrade().is_some_and(|t| !t.done()));
            self.sweep_at = (self.tasks.len() * 2).max(64);
        }
        self.tasks.push_back(Rc::downgrade(task));
    }
}

/// The awaitables implemented natively: what `__await__` returns, and `asyncio.sleep`.
pub enum Awaitable {
    /// `coro.__await__()`: an iterator over the coroutine (`coroutine_wrapper`).
    CoroutineWrapper(Value),
    /// `fut.__await__()`: yields the future while it is pending (marked as yielded to be
    /// blocked on), then returns its result, once.
    FutureIter {
        future: Rc<PyFuture>,
        exhausted: Cell<bool>,
    },
    /// The coroutine `asyncio.sleep(delay, result)` returns.
    Sleep(SleepState),
    /// The coroutines of locks, events, semaphores, queues and `wait_for` (boxed: the
    /// largest variant would otherwise size every awaitable, the sleeps and wrappers
    /// every `await` makes).
    Native(Box<RefCell<super::aiosync::NativeCoro>>),
}

/// A sleep is in every suspended task, so it is packed: `Cell`s rather than one
/// `RefCell` (whose borrow flag would cost 8 bytes), its phase as a tag and the phase's
/// one pointer (read and written whole with `take_phase` and `set_phase`), and a plain
/// `bool` that also tells the compiler this is not another kind of `Awaitable` (with no
/// separate tag, a sleep is 56 bytes; see the size test below).
pub struct SleepState {
    delay: f64,
    /// The deadline, once started.
    until: Cell<f64>,
    /// `sleep(delay, result)`'s result; boxed, as hardly any sleep has one (`None`: `None`).
    result: Option<Box<Value>>,
    /// `Parked`'s task or `Waiting`'s future.
    waker: Cell<Option<Rc<PyFuture>>>,
    phase: Cell<PhaseTag>,
    /// `delay <= 0`: the sleep only yields once, to let the others run.
    yields_once: bool,
}

impl Drop for SleepState {
    /// A sleep nobody ever resumed was never awaited: CPython's `sleep` coroutine says so
    /// when it goes. (Its phase says it: a sleep needs no field of its own for this.)
    fn drop(&mut self) {
        if matches!(self.phase.get(), PhaseTag::Unstarted) {
            super::drops::notify(super::drops::Notice::NeverAwaited("sleep".to_string()));
        }
    }
}

/// `SleepPhase` without its pointer.
#[derive(Clone, Copy)]
enum PhaseTag {
    Unstarted,
    YieldedOnce,
    Parked,
    Rang,
    Waiting,
    Done,
}

impl SleepState {
    fn new(delay: f64, result: Value) -> SleepState {
        SleepState {
            delay,
            until: Cell::new(0.0),
            result: match result {
                Value::None => None,
                other => Some(Box::new(other)),
            },
            waker: Cell::new(None),
            phase: Cell::new(PhaseTag::Unstarted),
            yields_once: delay <= 0.0,
        }
    }

    fn result_value(&self) -> Value {
        self.result.as_deref().cloned().unwrap_or_default()
    }

    /// The phase, taken out (`Done` is left behind).
    fn take_phase(&self) -> SleepPhase {
        let waker = self.waker.take();
        match (self.phase.replace(PhaseTag::Done), waker) {
            (PhaseTag::Unstarted, _) => SleepPhase::Unstarted,
            (PhaseTag::YieldedOnce, _) => SleepPhase::YieldedOnce,
            (PhaseTag::Parked, task) => SleepPhase::Parked(task),
            (PhaseTag::Rang, Some(task)) => SleepPhase::Rang(task),
            (PhaseTag::Waiting, Some(fut)) => SleepPhase::Waiting(fut),
            (PhaseTag::Waiting | PhaseTag::Rang, None) | (PhaseTag::Done, _) => SleepPhase::Done,
        }
    }

    fn set_phase(&self, phase: SleepPhase) {
        let (tag, waker) = match phase {
            SleepPhase::Unstarted => (PhaseTag::Unstarted, None),
            SleepPhase::YieldedOnce => (PhaseTag::YieldedOnce, None),
            SleepPhase::Parked(task) => (PhaseTag::Parked, task),
            SleepPhase::Rang(task) => (PhaseTag::Rang, Some(task)),
            SleepPhase::Waiting(fut) => (PhaseTag::Waiting, Some(fut)),
            SleepPhase::Done => (PhaseTag::Done, None),
        };
        self.phase.set(tag);
        self.waker.set(waker);
    }

    /// What `look` says of the phase, which stays as it is.
    fn peek<T>(&self, look: impl FnOnce(&SleepPhase) -> T) -> T {
        let phase = self.take_phase();
        let seen = look(&phase);
        self.set_phase(phase);
        seen
    }
}

/// Where an `asyncio.sleep(delay)` is. CPython's sleep makes a future, sets a timer to
/// complete it, and awaits it: the task wakes when the future's done callback runs. peel
/// makes that future only when something other than the task's own step sees it (a
/// coroutine driven by hand, `_fut_waiter` read by a cancellation, a repr or the trace):
/// otherwise the sleep is `Parked`, knows its task, and its timer schedules the task's
/// step itself, one turn later, exactly as the future's callback would have. A suspended
/// task then costs no future (benches/many_tasks.py).
enum SleepPhase {
    Unstarted,
    /// `sleep(0)`: yielded `None` once, to let the others run.
    YieldedOnce,
    /// Waiting for its timer without a future: the task whose step it suspended (`None`
    /// for the moment between the yield and the task's step taking it).
    Parked(Option<Rc<PyFuture>>),
    /// Parked, and its timer has fired: the task's step is scheduled. (The task's
    /// `_fut_waiter` would now be a finished future, which `sleep_future` makes if asked.)
    Rang(Rc<PyFuture>),
    /// Waiting on a future that a timer completes.
    Waiting(Rc<PyFuture>),
    Done,
}

/// The sleep a task's coroutine is suspended in (following `cr_await` down the chain of
/// coroutines awaiting one another), if it is a sleep.
fn parked_sleep(coro: &Value) -> Option<Rc<Awaitable>> {
    let mut at = coro.clone();
    // A chain holds at most as many coroutines as the recursion limit allows frames (a
    // step resumes them all, nested), each with a wrapper or native awaitable at most
    // between it and the next; the bound only guards against a cycle nothing should be
    // able to make.
    for _ in 0..=4 * super::RECURSION_LIMIT {
        at = match &at {
            Value::Generator(g) => g.awaiting()?,
            Value::Awaitable(a) => match &**a {
                Awaitable::Sleep(_) => return Some(a.clone()),
                Awaitable::CoroutineWrapper(c) => c.clone(),
                Awaitable::Native(n) => n.try_borrow().ok()?.delegate()?,
                _ => return None,
            },
            _ => return None,
        };
    }
    None
}

/// The future of a sleep that waits (`Parked`, `Rang`) or has one (`Waiting`), made now if
/// need be, with what the sleep knows: pending with its task's wake-up as done callback,
/// or (timer fired, step scheduled) done with no callbacks left. `None`: the sleep is not
/// waiting.
fn sleep_future(a: &Awaitable) -> Option<Rc<PyFuture>> {
    let Awaitable::Sleep(st) = a else {
        return None;
    };
    let purpose = Purpose::Sleep {
        delay: st.delay,
        until: st.until.get(),
    };
    let fut = match st.take_phase() {
        SleepPhase::Waiting(f) => f,
        SleepPhase::Parked(task) => {
            let fut = PyFuture::new(None);
            fut.set_purpose(purpose);
            let mut fst = fut.st.borrow_mut();
            match task {
                Some(t) => {
                    // The task waits on this future now (`_fut_waiter`), which its
                    // `Callback::Wakeup` reads.
                    if let Some(ts) = t.task() {
                        ts.wait_on(Some(fut.clone()));
                    }
                    fst.callbacks.push(DoneCallback::Wakeup(t));
                }
                // Not taken by a task: it goes to whoever drives the coroutine, marked
                // as yielded to be blocked on, as the sleep's `await future` marks it.
                None => fst.blocking = true,
            }
            drop(fst);
            fut
        }
        SleepPhase::Rang(task) => {
            let fut = PyFuture::new(None);
            fut.set_purpose(purpose);
            let mut fst = fut.st.borrow_mut();
            fst.status = Status::Finished;
            fst.result = st.result_value();
            drop(fst);
            // The task waits on it (its step, already scheduled, reads no future).
            if let Some(ts) = task.task() {
                ts.wait_on(Some(fut.clone()));
            }
            fut
        }
        other => {
            st.set_phase(other);
            return None;
        }
    };
    st.set_phase(SleepPhase::Waiting(fut.clone()));
    Some(fut)
}

impl PyFuture {
    pub fn new(task: Option<TaskState>) -> Rc<PyFuture> {
        Rc::new(PyFuture {
            st: RefCell::new(FutureState {
                status: Status::Pending,
                result: Value::None,
                failed: false,
                retrieved: false,
                callbacks: DoneCallbacks::None,
                blocking: false,
            }),
            kind: match task {
                Some(t) => FutureKind::Task(t),
                None => FutureKind::Plain(Cell::new(Stands::Purpose(Purpose::Unknown))),
            },
        })
    }

    pub fn done(&self) -> bool {
        self.st.borrow().status != Status::Pending
    }

    pub fn status(&self) -> Status {
        self.st.borrow().status
    }

    pub fn is_task(&self) -> bool {
        matches!(self.kind, FutureKind::Task(_))
    }

    /// The task's own state, if this future is a task.
    pub fn task(&self) -> Option<&TaskState> {
        match &self.kind {
            FutureKind::Task(t) => Some(t),
            FutureKind::Plain { .. } => None,
        }
    }

    /// What a plain future stands for (a task: `Unknown`, it is described by its name).
    pub fn purpose(&self) -> Purpose {
        match &self.kind {
            FutureKind::Plain(stands) => Stands::peek(stands, |s| match s {
                Stands::Purpose(p) => *p,
                Stands::Gathering(_) => Purpose::Unknown,
            }),
            FutureKind::Task(_) => Purpose::Unknown,
        }
    }

    /// Gives a plain future its purpose (not a gather's: it is described by its children).
    pub fn set_purpose(&self, p: Purpose) {
        if let FutureKind::Plain(stands) = &self.kind {
            if Stands::peek(stands, |s| matches!(s, Stands::Purpose(_))) {
                stands.set(Stands::Purpose(p));
            }
        }
    }

    /// The `gather` this future is the outer future of.
    pub fn gathering(&self) -> Option<Rc<GatherState>> {
        match &self.kind {
            FutureKind::Plain(stands) => Stands::peek(stands, |s| match s {
                Stands::Gathering(g) => g.upgrade(),
                Stands::Purpose(_) => None,
            }),
            FutureKind::Task(_) => None,
        }
    }

    /// Whether this is a `gather`'s outer future (`_GatheringFuture`).
    fn is_gathering(&self) -> bool {
        match &self.kind {
            FutureKind::Plain(stands) => {
                Stands::peek(stands, |s| matches!(s, Stands::Gathering(_)))
            }
            FutureKind::Task(_) => false,
        }
    }

    /// Makes this the outer future of `g`.
    fn set_gathering(&self, g: &Rc<GatherState>) {
        if let FutureKind::Plain(stands) = &self.kind {
            stands.set(Stands::Gathering(Rc::downgrade(g)));
        }
    }

    /// `Task-3`, or the name given.
    pub fn task_name(&self) -> String {
        self.task().map_or_else(String::new, |t| t.name_string())
    }
}

impl TaskState {
    pub fn new(coro: Value, number: u64) -> TaskState {
        TaskState {
            coro,
            waiter: Cell::new(None),
            bits: Cell::new(TaskBits(number << TaskBits::NUMBER_SHIFT)),
        }
    }

    /// `Task-{number}`.
    pub fn number(&self) -> u64 {
        self.bits.get().0 >> TaskBits::NUMBER_SHIFT
    }

    /// `_num_cancels_requested`.
    pub fn num_cancels(&self) -> u32 {
        (self.bits.get().0 & TaskBits::CANCELS) as u32
    }

    pub fn set_num_cancels(&self, n: u32) {
        let n = u64::from(n).min(TaskBits::CANCELS);
        let bits = self.bits.get().0;
        self.bits.set(TaskBits(bits & !TaskBits::CANCELS | n));
    }

    /// `_must_cancel`.
    pub fn must_cancel(&self) -> bool {
        self.bits.get().0 & TaskBits::MUST_CANCEL != 0
    }

    pub fn set_must_cancel(&self, on: bool) {
        self.bits
            .set(self.bits.get().with(TaskBits::MUST_CANCEL, on));
    }

    /// It now waits on `fut`, or (`None`) on nothing.
    fn wait_on(&self, fut: Option<Rc<PyFuture>>) {
        self.bits.set(self.bits.get().with(TaskBits::PARKED, false));
        self.waiter.set(fut);
    }

    /// It now waits on a sleep that parked for it (see `SleepPhase::Parked`): the sleep is
    /// where its coroutine is suspended, found again there when needed (`parked_sleep`).
    fn wait_on_parked_sleep(&self) {
        self.waiter.set(None);
        self.bits.set(self.bits.get().with(TaskBits::PARKED, true));
    }

    /// `_fut_waiter`: the future the task waits on. A sleep it waits on directly makes its
    /// future now, so everything that reads `_fut_waiter` (cancellation, the task's repr,
    /// the trace, the deadlock report) sees what CPython's task would have.
    pub fn waiter_future(&self) -> Option<Rc<PyFuture>> {
        let fut = match self.bits.get().0 & TaskBits::PARKED != 0 {
            true => parked_sleep(&self.coro).and_then(|s| sleep_future(&s)),
            false => self.waiter.take(),
        };
        self.wait_on(fut.clone());
        fut
    }

    /// The name given (`None`: the default one).
    fn given_name(&self) -> Option<Rc<PyStr>> {
        if self.bits.get().0 & TaskBits::NAMED == 0 {
            return None;
        }
        let key = self as *const TaskState as usize;
        super::drops::task_name(key)
    }

    /// `set_name(name)`, `create_task(name=...)`.
    pub fn set_name(&self, name: Rc<PyStr>) {
        let key = self as *const TaskState as usize;
        super::drops::set_task_name(key, name);
        self.bits.set(self.bits.get().with(TaskBits::NAMED, true));
    }

    /// Forgets the name given (the task is going away).
    fn drop_name(&self) {
        if self.bits.get().0 & TaskBits::NAMED != 0 {
            let key = self as *const TaskState as usize;
            super::drops::forget_task_name(key);
        }
    }

    /// `Task-3`, or the name given.
    pub fn name_string(&self) -> String {
        match self.given_name() {
            Some(s) => s.s.clone(),
            None => format!("Task-{}", self.number()),
        }
    }

    /// `get_name()`.
    pub fn name_value(&self) -> Value {
        match self.given_name() {
            None => Value::str(format!("Task-{}", self.number())),
            Some(name) => Value::Str(name),
        }
    }
}

impl Drop for PyFuture {
    /// A task that failed, and whose exception nobody looked at, is reported when it goes
    /// away, as CPython's `Task.__del__` does.
    fn drop(&mut self) {
        let FutureKind::Task(t) = &self.kind else {
            return;
        };
        if let Some((notice, exit)) = never_retrieved(t, self.st.get_mut()) {
            match exit {
                true => super::drops::notify_at_exit(notice),
                false => super::drops::notify(notice),
            }
        }
        t.drop_name();
    }
}

impl PyFuture {
    /// The "Task exception was never retrieved" report this task would make going away now
    /// (`None`: not a task, not failed, or its exception was looked at).
    pub(crate) fn never_retrieved_notice(&self) -> Option<super::drops::Notice> {
        let t = self.task()?;
        let st = self.st.try_borrow().ok()?;
        never_retrieved(t, &st).map(|(notice, _)| notice)
    }
}

/// A failed task's report, and whether its exception is `SystemExit` or
/// `KeyboardInterrupt` (reported only at exit: see `drops::notify_at_exit`).
fn never_retrieved(t: &TaskState, st: &FutureState) -> Option<(super::drops::Notice, bool)> {
    if st.status != Status::Finished || st.retrieved {
        return None;
    }
    let exc = st.exception()?;
    let exit = is_exit(&exc);
    let notice = super::drops::Notice::NeverRetrieved {
        coro: t.coro.clone(),
        name: t.name_string(),
        exc,
    };
    Some((notice, exit))
}

fn invalid_state(message: &str) -> Rc<PyException> {
    types::new_exception("InvalidStateError", message)
}

impl Vm {
    fn event_loop(&mut self) -> PyResult<&mut EventLoop> {
        self.event_loop
            .as_mut()
            .ok_or_else(|| types::runtime_error("no running event loop"))
    }

    pub(crate) fn call_soon(&mut self, callback: Callback) {
        if let Some(lp) = self.event_loop.as_mut() {
            lp.ready.push_back(Ready::Soon(callback));
        }
    }

    /// `loop.call_soon(f, *args)`: queued behind a handle the program may cancel.
    pub(crate) fn call_soon_handle(&mut self, callback: Callback) -> Rc<Handle> {
        let handle = Handle::new(callback, None);
        if let Some(lp) = self.event_loop.as_mut() {
            lp.ready.push_back(Ready::Handle(handle.clone()));
        }
        handle
    }

    pub(crate) fn call_later(&mut self, delay: f64, callback: Callback) -> Rc<Handle> {
        self.call_at(self.clock + delay, callback)
    }

    /// `loop.call_at(when, f, *args)`.
    pub(crate) fn call_at(&mut self, when: f64, callback: Callback) -> Rc<Handle> {
        let handle = Handle::new(callback, Some(when));
        self.add_timer(when, TimerEntry::Handle(handle.clone()));
        handle
    }

    fn add_timer(&mut self, when: f64, entry: TimerEntry) {
        if let Some(lp) = self.event_loop.as_mut() {
            lp.timers.push(when, entry);
        }
    }

    /// `Future.set_result` / `set_exception` / `cancel` all end here: the future is done,
    /// and each done callback is scheduled (in registration order), never run inline.
    fn schedule_callbacks(&mut self, fut: &Rc<PyFuture>) {
        let callbacks = std::mem::take(&mut fut.st.borrow_mut().callbacks);
        for cb in callbacks {
            self.call_soon(Callback::done(cb, fut));
        }
    }

    pub(crate) fn future_set_result(&mut self, fut: &Rc<PyFuture>, value: Value) -> PyResult<()> {
        {
            let mut st = fut.st.borrow_mut();
            if st.status != Status::Pending {
                return Err(invalid_state("invalid state"));
            }
            st.result = value;
            st.status = Status::Finished;
        }
        self.schedule_callbacks(fut);
        Ok(())
    }

    pub(crate) fn future_set_exception(
        &mut self,
        fut: &Rc<PyFuture>,
        exc: Rc<PyException>,
    ) -> PyResult<()> {
        {
            let mut st = fut.st.borrow_mut();
            if st.status != Status::Pending {
                return Err(invalid_state("invalid state"));
            }
            st.set_exception(exc);
            st.status = Status::Finished;
        }
        self.schedule_callbacks(fut);
        Ok(())
    }

    /// `_set_result_unless_cancelled(fut, None)` and `_release_waiter(fut)`: complete `fut`
    /// with `None` unless it is already done.
    fn release_waiter(&mut self, fut: &Rc<PyFuture>) -> PyResult<()> {
        match fut.done() {
            true => Ok(()),
            false => self.future_set_result(fut, Value::None),
        }
    }

    /// A sleep's timer fired: a parked sleep schedules its task's step (what its future's
    /// done callback would have done), a sleep with a future completes it.
    fn ring_sleep(&mut self, sleep: &Rc<Awaitable>) -> PyResult<()> {
        let Awaitable::Sleep(st) = &**sleep else {
            return Ok(());
        };
        let task = match st.take_phase() {
            SleepPhase::Parked(Some(task)) => {
                st.set_phase(SleepPhase::Rang(task.clone()));
                Some(task)
            }
            other => {
                st.set_phase(other);
                None
            }
        };
        match task {
            Some(task) => {
                self.call_soon(Callback::Step(task));
                Ok(())
            }
            // `futures._set_result_unless_cancelled(future, result)`: the sleep's
            // future holds the sleep's result.
            None => match sleep_future(sleep) {
                Some(fut) if !fut.done() => self.future_set_result(&fut, st.result_value()),
                _ => Ok(()),
            },
        }
    }

    /// A yield on its way out of a coroutine to anyone but a task's step: a sleep that
    /// parked for it (`SleepPhase::Parked`) hands over its future instead, as CPython's
    /// sleep yields its future.
    pub(crate) fn unpark(&mut self, step: GenStep) -> GenStep {
        let Some(sleep) = self.parked.take() else {
            return step;
        };
        match step {
            GenStep::Yielded(Value::Awaitable(a)) if Rc::ptr_eq(&a, &sleep) => {
                match sleep_future(&sleep) {
                    Some(fut) => GenStep::Yielded(Value::Future(fut)),
                    None => GenStep::Yielded(Value::Awaitable(a)),
                }
            }
            step => step,
        }
    }

    /// `Future.cancel(msg)`: `False` if it is already done. `exc`: the `CancelledError`
    /// a task's coroutine ended with, kept to be handed out once (see `Cancel`).
    fn future_cancel(
        &mut self,
        fut: &Rc<PyFuture>,
        message: Option<Value>,
        exc: Option<Rc<PyException>>,
    ) -> bool {
        {
            let mut st = fut.st.borrow_mut();
            if st.status != Status::Pending {
                return false;
            }
            st.status = Status::Cancelled;
            st.set_cancel(message, exc);
        }
        self.schedule_callbacks(fut);
        true
    }

    /// `Task.cancel(msg)`: cancels what the task waits on, or makes its next step throw
    /// `CancelledError` into the coroutine. Tasks that wait on each other in a circle make
    /// CPython's recursion through `_fut_waiter.cancel()` endless: a `RecursionError`, here
    /// as there, rather than a Rust stack overflow.
    pub(crate) fn task_cancel(
        &mut self,
        task: &Rc<PyFuture>,
        message: Option<Value>,
    ) -> PyResult<bool> {
        self.task_cancel_at(task, message, 0)
    }

    fn task_cancel_at(
        &mut self,
        task: &Rc<PyFuture>,
        message: Option<Value>,
        depth: u32,
    ) -> PyResult<bool> {
        if depth + self.depth >= self.recursion_limit {
            return Err(types::new_exception(
                "RecursionError",
                "maximum recursion depth exceeded while calling a Python object",
            ));
        }
        let gathering = task.gathering();
        if let Some(g) = gathering {
            // `_GatheringFuture.cancel`: cancel the children; the gather ends when they do.
            if task.done() {
                return Ok(false);
            }
            let mut any = false;
            for c in &g.children {
                if self.task_cancel_at(c, message.clone(), depth + 1)? {
                    any = true;
                }
            }
            if any {
                g.cancel_requested.set(true);
            }
            return Ok(any);
        }
        let Some(t) = task.task() else {
            return Ok(self.future_cancel(task, message, None));
        };
        if task.done() {
            return Ok(false);
        }
        t.set_num_cancels(t.num_cancels() + 1);
        if let Some(w) = t.waiter_future() {
            if self.task_cancel_at(&w, message.clone(), depth + 1)? {
                return Ok(true);
            }
        }
        t.set_must_cancel(true);
        // A pending task only remembers the message for the step that throws it.
        task.st.borrow_mut().set_cancel(message, None);
        Ok(true)
    }

    /// `fut.result()`: the value, or raise its exception (or `CancelledError`).
    pub(crate) fn future_result(&mut self, fut: &Rc<PyFuture>) -> PyResult<Value> {
        let mut st = fut.st.borrow_mut();
        match st.status {
            Status::Pending => Err(invalid_state("Result is not set.")),
            Status::Cancelled => Err(st.make_cancelled_error()),
            Status::Finished => {
                st.retrieved = true;
                match st.exception() {
                    Some(e) => Err(e),
                    None => Ok(st.result.clone()),
                }
            }
        }
    }

    pub(crate) fn add_done_callback(&mut self, fut: &Rc<PyFuture>, cb: DoneCallback) {
        if fut.done() {
            self.call_soon(Callback::done(cb, fut));
        } else {
            fut.st.borrow_mut().callbacks.push(cb);
        }
    }

    /// `Task(coro, name=...)`: a new task, scheduled to take its first step soon.
    pub(crate) fn create_task(&mut self, coro: Value, name: Option<Value>) -> PyResult<Value> {
        if self.event_loop.is_none() {
            return Err(types::runtime_error("no running event loop"));
        }
        if !is_coroutine(&coro) {
            return Err(types::type_error(format!(
                "a coroutine was expected, got {}",
                super::ops::repr(self, &coro)?
            )));
        }
        // CPython 3.11's C `Task` takes a number even for a task given a name.
        self.task_counter += 1;
        let name = match name {
            Some(Value::None) | None => None,
            Some(Value::Str(s)) => Some(s),
            Some(other) => Some(Rc::new(PyStr::new(super::ops::str(self, &other)?))),
        };
        let task = PyFuture::new(Some(TaskState::new(coro, self.task_counter)));
        if let (Some(name), Some(t)) = (name, task.task()) {
            t.set_name(name);
        }
        self.call_soon(Callback::Step(task.clone()));
        self.event_loop()?.register(&task);
        if let Some(rec) = self.recorder.as_mut().filter(|r| r.record_timeline) {
            let coro = match task.task() {
                Some(t) => coro_name(&t.coro),
                None => String::new(),
            };
            rec.timeline.tasks.push(super::trace::TaskLife {
                number: self.task_counter,
                name: task.task_name(),
                coro,
                created: self.clock,
                done: None,
                outcome: super::trace::Outcome::Pending,
                steps: Vec::new(),
            });
        }
        Ok(Value::Future(task))
    }

    /// Sends into (or throws into) any coroutine-like object a task can drive.
    pub(crate) fn coro_send(&mut self, coro: &Value, mode: Resume) -> PyResult<GenStep> {
        match coro {
            Value::Generator(g) => self.resume(g, mode),
            Value::Awaitable(a) => self.awaitable_resume(a, mode),
            other => Err(types::type_error(format!(
                "a coroutine was expected, got {}",
                super::ops::repr(self, other)?
            ))),
        }
    }

    /// `Task.__step(exc)`, as in CPython's `tasks.py`.
    fn task_step(&mut self, task: &Rc<PyFuture>, exc: Option<Rc<PyException>>) -> PyResult<()> {
        let Some(t) = task.task() else { return Ok(()) };
        if task.done() {
            return Ok(());
        }
        let mut exc = exc;
        if t.must_cancel() {
            let is_cancel = exc
                .as_ref()
                .is_some_and(|e| types::exception_matches(e, "CancelledError"));
            if !is_cancel {
                exc = Some(task.st.borrow_mut().make_cancelled_error());
            }
            t.set_must_cancel(false);
        }
        t.wait_on(None);
        let previous = self
            .event_loop
            .as_mut()
            .and_then(|lp| lp.current.replace(task.clone()));
        let coro = &t.coro;
        let before = self
            .recorder
            .is_some()
            .then(|| (self.clock, coro_state(coro)));
        let step = match exc {
            None => self.coro_send(coro, Resume::Send(Value::None)),
            Some(e) => self.coro_send(coro, Resume::Throw(e)),
        };
        if let Some(lp) = self.event_loop.as_mut() {
            lp.current = previous;
        }
        let result = self.task_step_outcome(task, t, step);
        if let Some((start, from)) = before {
            self.record_step(task, coro, start, from);
        }
        result
    }

    /// `--trace` and `--timeline`: what one step did.
    fn record_step(&mut self, task: &Rc<PyFuture>, coro: &Value, start: f64, from: String) {
        let to = coro_state(coro);
        let name = task.task_name();
        use super::trace::Outcome;
        let (status, exception, result) = {
            let st = task.st.borrow();
            (st.status, st.exception(), st.result.clone())
        };
        let (what, outcome) = {
            match status {
                Status::Cancelled => ("was cancelled".to_string(), Outcome::Cancelled),
                Status::Finished => match exception {
                    Some(e) => (
                        format!("raised {}", e.class.name),
                        Outcome::Raised(e.class.name.to_string()),
                    ),
                    None => (
                        match super::ops::repr(self, &result) {
                            Ok(r) => format!("is done: {r}"),
                            Err(e) => format!("is done: <{}>", e.class.name),
                        },
                        Outcome::Returned,
                    ),
                },
                Status::Pending => (
                    match task.task().and_then(|t| t.waiter_future()) {
                        Some(w) => format!(
                            "waits on {}",
                            describe_future(&w).unwrap_or_else(|| "a future".to_string())
                        ),
                        None => "lets the others run".to_string(),
                    },
                    Outcome::Pending,
                ),
            }
        };
        let now = self.clock;
        let done = task.done();
        let Some(rec) = self.recorder.as_mut() else {
            return;
        };
        let number = task.task().map_or(0, |t| t.number());
        if let Some(life) = rec.timeline.task_mut(number) {
            life.name.clone_from(&name);
            life.steps.push((start, now));
            if done {
                life.done = Some(now);
                life.outcome = outcome;
            }
        }
        if rec.trace {
            use std::io::Write;
            let line = format!(
                "trace {} {name} {}: {from} -> {to}, {what}\n",
                super::trace::seconds(start),
                coro_name(coro)
            );
            let _ = self.out.flush();
            if self.err.write_all(line.as_bytes()).is_err() {
                // Nobody reads the trace any more (`2>&1 | head`): stop writing it, and let
                // the program run on as it would without `--trace`.
                rec.trace = false;
            }
        }
    }

    fn task_step_outcome(
        &mut self,
        task: &Rc<PyFuture>,
        t: &TaskState,
        step: PyResult<GenStep>,
    ) -> PyResult<()> {
        match step {
            Ok(GenStep::Returned(value)) => {
                if t.must_cancel() {
                    t.set_must_cancel(false);
                    let message = task.st.borrow().cancel_message();
                    self.future_cancel(task, message, None);
                } else {
                    self.future_set_result(task, value)?;
                }
            }
            Err(e) if types::exception_matches(&e, "CancelledError") => {
                // `_cancelled_exc = exc; super().cancel()`: kept to be handed out (once)
                // by whoever looks first; the future itself has no message.
                self.future_cancel(task, None, Some(e));
            }
            Err(e) if self.halting => return Err(e),
            Err(e) => {
                if types::exception_matches(&e, "KeyboardInterrupt")
                    || types::exception_matches(&e, "SystemExit")
                {
                    self.future_set_exception(task, e.clone())?;
                    return Err(e);
                }
                self.future_set_exception(task, e)?;
            }
            Ok(GenStep::Yielded(Value::Awaitable(sleep)))
                if self.parked.as_ref().is_some_and(|p| Rc::ptr_eq(p, &sleep)) =>
            {
                // A sleep parked for this step (see `SleepPhase`): the task waits on it
                // directly, and its timer will wake the task.
                self.parked = None;
                if let Awaitable::Sleep(st) = &*sleep {
                    st.set_phase(match st.take_phase() {
                        SleepPhase::Parked(None) => SleepPhase::Parked(Some(task.clone())),
                        other => other,
                    });
                }
                t.wait_on_parked_sleep();
                self.cancel_new_waiter(task, t)?;
            }
            Ok(GenStep::Yielded(result)) => match &result {
                Value::Future(f) if f.st.borrow().blocking => {
                    if Rc::ptr_eq(f, task) {
                        let err = types::runtime_error(format!(
                            "Task cannot await on itself: {}",
                            task_repr(self, task)?
                        ));
                        self.call_soon(Callback::step(task.clone(), Some(err)));
                    } else {
                        f.st.borrow_mut().blocking = false;
                        self.add_done_callback(f, DoneCallback::Wakeup(task.clone()));
                        t.wait_on(Some(f.clone()));
                        self.cancel_new_waiter(task, t)?;
                    }
                }
                Value::Future(_) => {
                    let err = types::runtime_error(format!(
                        "yield was used instead of yield from in task {} with {}",
                        task_repr(self, task)?,
                        super::ops::repr(self, &result)?
                    ));
                    self.call_soon(Callback::step(task.clone(), Some(err)));
                }
                Value::None => {
                    // A bare yield (`sleep(0)`): give the others a turn.
                    self.call_soon(Callback::Step(task.clone()));
                }
                other => {
                    let err = types::runtime_error(format!(
                        "Task got bad yield: {}",
                        super::ops::repr(self, other)?
                    ));
                    self.call_soon(Callback::step(task.clone(), Some(err)));
                }
            },
        }
        Ok(())
    }

    /// A task cancelled while its step ran cancels what it now waits on, if it can
    /// (`if self._must_cancel: if self._fut_waiter.cancel(msg): self._must_cancel = False`).
    fn cancel_new_waiter(&mut self, task: &Rc<PyFuture>, t: &TaskState) -> PyResult<()> {
        if !t.must_cancel() {
            return Ok(());
        }
        let message = task.st.borrow().cancel_message();
        if let Some(f) = t.waiter_future() {
            if self.task_cancel(&f, message)? {
                t.set_must_cancel(false);
            }
        }
        Ok(())
    }

    /// `Task.__wakeup(fut)`: the next step, throwing what `fut.result()` raises.
    fn wake_task(&mut self, task: &Rc<PyFuture>, fut: Option<&Rc<PyFuture>>) -> PyResult<()> {
        let exc = fut.and_then(|f| self.future_result(f).err());
        self.task_step(task, exc)
    }

    /// Runs one ready callback; `handle` is the one it waited behind, if any.
    fn run_callback(&mut self, callback: Callback, handle: Option<&Handle>) -> PyResult<()> {
        match callback {
            Callback::Step(task) => self.task_step(&task, None),
            Callback::Throw(step) => {
                let (task, exc) = *step;
                self.task_step(&task, Some(exc))
            }
            Callback::Wakeup(task) => {
                let fut = task.task().and_then(TaskState::waiter_future);
                self.wake_task(&task, fut.as_ref())
            }
            Callback::Call(call) => {
                let ran = match handle {
                    Some(h) => Ran::Handle(h),
                    None => Ran::Unknown,
                };
                let (f, args) = *call;
                self.call_callback(&f, args, ran)
            }
            Callback::TimeoutFired(t) => self.timeout_fired(&t),
            Callback::AsCompletedTimeout(timeout) => {
                let (q, todo) = &*timeout;
                self.as_completed_timeout(q, todo)
            }
            Callback::ReleaseWaiter(fut) => self.release_waiter(&fut),
            Callback::RingSleep(sleep) => self.ring_sleep(&sleep),
            Callback::Done(done) => {
                let (cb, fut) = *done;
                match cb {
                    // (`Callback::done` makes a wake-up a `Callback::Wakeup`.)
                    DoneCallback::Wakeup(task) => self.wake_task(&task, Some(&fut)),
                    DoneCallback::StopLoop => {
                        self.run_until_complete_cb(&fut);
                        Ok(())
                    }
                    DoneCallback::Gather(g) => self.gather_child_done(&g, &fut),
                    DoneCallback::Wait(w) => self.wait_completion(&w, &fut),
                    DoneCallback::AsCompleted(q) => self.as_completed_done(&q, &fut),
                    DoneCallback::ReleaseWaiter(waiter) => self.release_waiter(&waiter),
                    DoneCallback::Call(f) => {
                        self.call_callback(&f, vec![Value::Future(fut.clone())], Ran::Done(&fut))
                    }
                }
            }
        }
    }

    /// A Python callback the loop calls: an exception in it goes to the loop's exception
    /// handler (stderr), not to the program.
    fn call_callback(&mut self, f: &Value, args: Vec<Value>, ran: Ran) -> PyResult<()> {
        if let Err(e) = self.call(f, args, Vec::new()) {
            // `Handle._run` lets these two through: they end the loop.
            if self.halting
                || types::exception_matches(&e, "SystemExit")
                || types::exception_matches(&e, "KeyboardInterrupt")
            {
                return Err(e);
            }
            self.report_callback_error(&e, f, ran);
        }
        Ok(())
    }

    /// What `Handle._run` logs when its callback raises: the callback, its handle, and a
    /// traceback that starts in `Handle._run` itself (in CPython's `asyncio/events.py`).
    fn report_callback_error(&mut self, e: &Rc<PyException>, f: &Value, ran: Ran) {
        use std::io::Write;
        // The handle still holds the callback and its arguments; a done callback's one
        // argument is its future.
        // A repr that fails here (a RecursionError) cannot propagate: show what CPython's
        // logging would, the error's name.
        let shown = |r: PyResult<String>| r.unwrap_or_else(|e| format!("<{}>", e.class.name));
        let (callback, handle) = match ran {
            Ran::Handle(h) => {
                let call = match &*h.callback.borrow() {
                    Some(Callback::Call(call)) => Some((call.0.clone(), call.1.clone())),
                    _ => None,
                };
                let callback = match call {
                    Some((g, args)) => shown(callback_source(self, &g, &args)),
                    None => shown(callback_source(self, f, &[])),
                };
                (callback, shown(handle_repr(self, h)))
            }
            Ran::Done(fut) => {
                let callback = shown(callback_source(self, f, &[Value::Future(fut.clone())]));
                let handle = format!("<Handle {callback}>");
                (callback, handle)
            }
            Ran::Unknown => {
                let callback = shown(callback_source(self, f, &[]));
                let handle = format!("<Handle {callback}>");
                (callback, handle)
            }
        };
        let outer = format!(
            "  File \"{}\", line {}, in _run\n    {}\n",
            places::HANDLE_RUN_FILE,
            places::HANDLE_RUN_LINE,
            places::HANDLE_RUN_TEXT
        );
        let text = super::traceback::format_exception_chain_from(self, e, &outer);
        let _ = self.out.flush();
        let _ = write!(
            self.err,
            "Exception in callback {callback}\nhandle: {handle}\n{text}"
        );
    }

    /// One turn of the loop (`BaseEventLoop._run_once`). `Ok(false)`: nothing can ever run
    /// again (a deadlock, where CPython would wait forever).
    fn run_once(&mut self) -> PyResult<bool> {
        let now = self.clock;
        let lp = self.event_loop()?;
        while lp.timers.peek().is_some_and(|(_, t)| t.cancelled()) {
            lp.timers.pop();
        }
        if lp.ready.is_empty() && !lp.stopping {
            match lp.timers.peek() {
                // Nothing to do until the first timer: jump there.
                Some((when, _)) => {
                    if when > now {
                        self.clock = when;
                    }
                }
                None => return Ok(false),
            }
        }
        // Every timer due within the clock's resolution runs in this turn
        // (`end_time = self.time() + self._clock_resolution`): sleeps whose deadlines
        // differ only by float rounding (0.1 + 0.1 + 0.1 against 0.3) wake together.
        let now = self.clock;
        let end_time = now + CLOCK_RESOLUTION;
        let lp = self.event_loop()?;
        while let Some((when, _)) = lp.timers.peek() {
            // (`<= now` too: far enough from 0 the resolution is lost in rounding, and
            // CPython would spin there forever.)
            if when >= end_time && when > now {
                break;
            }
            if let Some(entry) = lp.timers.pop() {
                lp.ready.push_back(Ready::due(entry));
            }
        }
        let ntodo = lp.ready.len();
        for _ in 0..ntodo {
            let callback = match self.event_loop()?.ready.pop_front() {
                None => break,
                Some(entry) => entry.take_callback(),
            };
            if let Some((cb, handle)) = callback {
                self.run_callback(cb, handle.as_deref())?;
                // What the callback let go of (a finished coroutine's locals) is
                // finalized as it returns to the loop, in CPython's `Handle._run`.
                if self.drops.pending() {
                    self.finalize_at(super::generator::Place::EventLoop);
                }
            }
        }
        Ok(true)
    }

    /// `loop.run_until_complete(fut)`: runs the loop until `fut`'s done callback
    /// (`_run_until_complete_cb`) stops it. What is still queued when an exception (a
    /// `SystemExit` out of a task) ends the run stays queued, for the next run.
    fn run_until_complete(&mut self, fut: &Rc<PyFuture>) -> PyResult<()> {
        self.add_done_callback(fut, DoneCallback::StopLoop);
        let ran = self.run_forever();
        // `finally: future.remove_done_callback(_run_until_complete_cb)`.
        fut.st
            .borrow_mut()
            .callbacks
            .retain(|c| !matches!(c, DoneCallback::StopLoop));
        ran?;
        if !fut.done() {
            return Err(types::runtime_error(
                "Event loop stopped before Future completed.",
            ));
        }
        Ok(())
    }

    /// `loop.run_forever()`: turns of the loop until one of them asks it to stop.
    fn run_forever(&mut self) -> PyResult<()> {
        let ran = loop {
            match self.run_once() {
                Ok(true) => {}
                Ok(false) => {
                    if let Err(e) = self.deadlock() {
                        break Err(e);
                    }
                }
                Err(e) => break Err(e),
            }
            if self.event_loop.as_ref().is_some_and(|lp| lp.stopping) {
                break Ok(());
            }
        };
        if let Some(lp) = self.event_loop.as_mut() {
            lp.stopping = false;
        }
        ran
    }

    /// `_run_until_complete_cb(fut)`: stops the loop, unless `fut` ended with a
    /// `SystemExit` or `KeyboardInterrupt` (which stopped it already, on its way out).
    /// Looking at the exception retrieves it: such a task reports nothing at its end.
    fn run_until_complete_cb(&mut self, fut: &Rc<PyFuture>) {
        let exc = {
            let mut st = fut.st.borrow_mut();
            if st.status == Status::Finished {
                st.retrieved = true;
            }
            st.exception()
        };
        if exc.is_some_and(|e| is_exit(&e)) {
            return;
        }
        if let Some(lp) = self.event_loop.as_mut() {
            lp.stopping = true;
        }
    }

    /// Every task waits and nothing can wake any of them: CPython would wait forever.
    /// peel says who waits on what, then cancels every waiting task, in creation order,
    /// and lets the loop go on: their `except CancelledError` and `finally` blocks run,
    /// the main task ends, and `asyncio.run` closes its loop as usual; then the run
    /// stops, with `DEADLOCK_STATUS` (see `asyncio_run`). A second deadlock (a task that
    /// waits again after its cancellation) stops it at once.
    fn deadlock(&mut self) -> PyResult<()> {
        if self.deadlocked {
            self.halting = true;
            return Err(types::runtime_error("deadlock"));
        }
        self.deadlocked = true;
        let pending = self.pending_tasks();
        let mut lines = vec![format!(
            "peel: deadlock at {}s: every task is waiting and nothing is scheduled to wake \
             any of them (CPython would wait forever)",
            crate::pyrepr::float_repr(self.clock)
        )];
        for t in &pending {
            let waits = match t.task().and_then(|s| s.waiter_future()) {
                Some(w) => describe_future(&w)
                    .unwrap_or_else(|| "a future that nothing will complete".to_string()),
                None => "nothing".to_string(),
            };
            let coro = t.task().map_or_else(String::new, |s| coro_name(&s.coro));
            lines.push(format!("  {} {coro} waits on {waits}", t.task_name()));
        }
        lines.push(format!(
            "peel: cancelling every waiting task, so that their `finally` blocks run, then \
             stopping (exit status {})",
            super::DEADLOCK_STATUS
        ));
        {
            use std::io::Write;
            let _ = self.out.flush();
            let _ = writeln!(self.err, "{}", lines.join("\n"));
        }
        for t in &pending {
            self.task_cancel(t, None)?;
        }
        Ok(())
    }

    /// The loop's tasks that are not done yet, in creation order (`all_tasks()`).
    fn pending_tasks(&self) -> Vec<Rc<PyFuture>> {
        match &self.event_loop {
            Some(lp) => lp
                .tasks
                .iter()
                .filter_map(Weak::upgrade)
                .filter(|t| !t.done())
                .collect(),
            None => Vec::new(),
        }
    }

    /// `asyncio.run(coro)`: `runners.Runner`'s `run` and, however that ends, `close`.
    fn asyncio_run(&mut self, coro: Value) -> PyResult<Value> {
        if self.event_loop.is_some() {
            return Err(types::runtime_error(
                "asyncio.run() cannot be called from a running event loop",
            ));
        }
        if !is_coroutine(&coro) {
            return Err(types::value_error(format!(
                "a coroutine was expected, got {}",
                super::ops::repr(self, &coro)?
            )));
        }
        self.event_loop = Some(EventLoop::default());
        let ran = self.run_main(coro);
        let result = match ran {
            // The run is being stopped (a step budget): no more Python code runs.
            Err(e) if self.halting => Err(e),
            ran => match (ran, self.close_runner()) {
                (ran, Ok(())) => ran,
                // An exception in `close` replaces the one `run` raised, which becomes its
                // context.
                (Err(first), Err(e)) => {
                    super::interp::chain_context(&e, first);
                    Err(e)
                }
                (Ok(_), Err(e)) => Err(e),
            },
        };
        // `loop.close()`: what is still queued or timed goes.
        self.event_loop = None;
        if self.deadlocked {
            // The waiting tasks were cancelled and have ended: nothing more runs.
            self.halting = true;
            return Err(types::runtime_error("deadlock"));
        }
        result
    }

    /// `Runner.run`: the main task, run until it is done; its result or exception.
    fn run_main(&mut self, coro: Value) -> PyResult<Value> {
        let Value::Future(main) = self.create_task(coro, None)? else {
            return Err(types::runtime_error("peel: create_task made no task"));
        };
        self.run_until_complete(&main)?;
        self.future_result(&main)
    }

    /// `Runner.close`: the tasks still pending are cancelled and run to their end
    /// (`_cancel_all_tasks`), then `shutdown_asyncgens()` and `shutdown_default_executor()`
    /// each run as a task of their own. Each of these runs of the loop also runs what was
    /// left in its queue: the callbacks a `SystemExit` stopped the loop before.
    fn close_runner(&mut self) -> PyResult<()> {
        self.cancel_all_tasks()?;
        self.run_trivial_task()?;
        self.run_trivial_task()
    }

    /// `_cancel_all_tasks(loop)`.
    fn cancel_all_tasks(&mut self) -> PyResult<()> {
        let to_cancel = self.pending_tasks();
        if to_cancel.is_empty() {
            return Ok(());
        }
        for t in &to_cancel {
            self.task_cancel(t, None)?;
        }
        let all = self.gather_futures(to_cancel.clone(), true)?;
        self.run_until_complete(&all)?;
        for t in &to_cancel {
            let exc = {
                let mut st = t.st.borrow_mut();
                if st.status != Status::Finished {
                    continue;
                }
                st.retrieved = true;
                st.exception()
            };
            if let Some(exc) = exc {
                let repr = task_repr(self, t)?;
                self.report_to_exception_handler(
                    "unhandled exception during asyncio.run() shutdown",
                    &[("task", repr)],
                    &exc,
                );
            }
        }
        Ok(())
    }

    /// `loop.run_until_complete(coro)` for a coroutine that returns at its first step,
    /// as the two shutdown coroutines of `Runner.close` do: it takes a task number, and
    /// two turns of the loop (its step, then its done callback).
    fn run_trivial_task(&mut self) -> PyResult<()> {
        self.task_counter += 1;
        let task = PyFuture::new(None);
        self.call_soon(Callback::ReleaseWaiter(task.clone()));
        self.run_until_complete(&task)
    }

    /// What `loop.call_exception_handler(context)` prints with the default handler: the
    /// message, the context's other entries (sorted by key, each `key: repr`), and the
    /// exception's traceback, as `logging` prints it.
    pub(crate) fn report_to_exception_handler(
        &mut self,
        message: &str,
        entries: &[(&str, String)],
        exc: &Rc<PyException>,
    ) {
        use std::io::Write;
        let mut text = message.to_string();
        let mut entries: Vec<&(&str, String)> = entries.iter().collect();
        entries.sort_by_key(|(k, _)| *k);
        for (key, value) in entries {
            text.push_str(&format!("\n{key}: {value}"));
        }
        let tb = super::traceback::format_exception_chain(self, exc);
        let _ = self.out.flush();
        let _ = write!(self.err, "{text}\n{tb}");
    }

    /// `gather` over futures that already exist.
    fn gather_futures(
        &mut self,
        children: Vec<Rc<PyFuture>>,
        return_exceptions: bool,
    ) -> PyResult<Rc<PyFuture>> {
        let outer = PyFuture::new(None);
        if children.is_empty() {
            self.future_set_result(&outer, Value::list(Vec::new()))?;
            return Ok(outer);
        }
        let mut unique: Vec<Rc<PyFuture>> = Vec::with_capacity(children.len());
        let mut seen = std::collections::HashSet::new();
        for c in &children {
            if seen.insert(Rc::as_ptr(c) as usize) {
                unique.push(c.clone());
            }
        }
        let state = Rc::new(GatherState {
            cancel_requested: Cell::new(false),
            children,
            outer: RefCell::new(None),
            finished: Cell::new(0),
            count: unique.len(),
            return_exceptions,
        });
        for c in &unique {
            self.add_done_callback(c, DoneCallback::Gather(state.clone()));
        }
        *state.outer.borrow_mut() = Some(outer.clone());
        outer.set_gathering(&state);
        Ok(outer)
    }

    /// `gather`'s `_done_callback`.
    fn gather_child_done(&mut self, g: &Rc<GatherState>, fut: &Rc<PyFuture>) -> PyResult<()> {
        g.finished.set(g.finished.get() + 1);
        let outer = g.outer.borrow().clone();
        let Some(outer) = outer.filter(|o| !o.done()) else {
            if fut.status() == Status::Finished {
                fut.st.borrow_mut().retrieved = true;
            }
            return Ok(());
        };
        if !g.return_exceptions {
            match fut.status() {
                Status::Cancelled => {
                    let exc = fut.st.borrow_mut().make_cancelled_error();
                    return self.future_set_exception(&outer, exc);
                }
                _ => {
                    let exc = {
                        let mut st = fut.st.borrow_mut();
                        st.retrieved = true;
                        st.exception()
                    };
                    if let Some(exc) = exc {
                        return self.future_set_exception(&outer, exc);
                    }
                }
            }
        }
        if g.finished.get() == g.count {
            let mut results = Vec::with_capacity(g.children.len());
            for c in &g.children {
                let st = c.st.borrow();
                results.push(match st.status {
                    Status::Cancelled => {
                        let msg = st.cancel_message().unwrap_or_else(|| Value::str(""));
                        Value::Exception(types::new_exception_with_args(
                            types::exception_class("CancelledError"),
                            vec![msg],
                        ))
                    }
                    _ => match st.exception() {
                        Some(e) => Value::Exception(e),
                        None => st.result.clone(),
                    },
                });
            }
            for c in &g.children {
                c.st.borrow_mut().retrieved = true;
            }
            if g.cancel_requested.get() {
                // `fut._make_cancelled_error()` where `fut` is the loop variable left over:
                // the last child in the list.
                let last = g.children.last().unwrap_or(fut);
                let exc = last.st.borrow_mut().make_cancelled_error();
                return self.future_set_exception(&outer, exc);
            }
            self.future_set_result(&outer, Value::list(results))?;
        }
        Ok(())
    }

    /// Resumes a native awaitable (see `Awaitable`).
    pub(crate) fn awaitable_resume(
        &mut self,
        a: &Rc<Awaitable>,
        mode: Resume,
    ) -> PyResult<GenStep> {
        match &**a {
            Awaitable::CoroutineWrapper(coro) => {
                let coro = coro.clone();
                self.coro_send(&coro, mode)
            }
            // As C asyncio's `FutureIter_iternext`: a pending future already marked as
            // yielded to be blocked on (and not taken by a task since) is refused.
            Awaitable::FutureIter { future, exhausted } => match mode {
                Resume::Throw(e) => Err(e),
                Resume::Close => Ok(GenStep::Returned(Value::None)),
                Resume::Next | Resume::Send(_) => {
                    if exhausted.get() {
                        return Ok(GenStep::Returned(Value::None));
                    }
                    if !future.done() {
                        let mut st = future.st.borrow_mut();
                        if st.blocking {
                            return Err(types::runtime_error("await wasn't used with future"));
                        }
                        st.blocking = true;
                        return Ok(GenStep::Yielded(Value::Future(future.clone())));
                    }
                    exhausted.set(true);
                    self.future_result(future).map(GenStep::Returned)
                }
            },
            Awaitable::Native(coro) => self.native_resume(coro, mode),
            Awaitable::Sleep(state) => {
                let mut phase = state.take_phase();
                // Resumed while parked, other than by its task's step (by hand, or thrown
                // into): it gets its future (the task's `_fut_waiter` from now on), and
                // goes on as a sleep that had one all along.
                let by_its_task = |task: &Rc<PyFuture>| {
                    let current = self.event_loop.as_ref().and_then(|lp| lp.current.as_ref());
                    current.is_some_and(|c| Rc::ptr_eq(c, task))
                };
                let elsewhere = match &phase {
                    SleepPhase::Parked(_) => true,
                    SleepPhase::Rang(task) => !by_its_task(task),
                    _ => false,
                };
                if elsewhere {
                    state.set_phase(phase);
                    sleep_future(a);
                    phase = state.take_phase();
                }
                match (phase, mode) {
                    // `sleep` is an `async def` in CPython: finished, it refuses a throw as
                    // it refuses a send; not started, what is thrown in leaves its body (a
                    // `StopIteration` as PEP 479's `RuntimeError`).
                    (SleepPhase::Done, Resume::Close) => Ok(GenStep::Returned(Value::None)),
                    (SleepPhase::Done, _) => Err(types::runtime_error(
                        "cannot reuse already awaited coroutine",
                    )),
                    (SleepPhase::Unstarted, Resume::Throw(e)) => {
                        Err(super::generator::pep479(e, "coroutine"))
                    }
                    (SleepPhase::Unstarted, Resume::Close) => Ok(GenStep::Returned(Value::None)),
                    (SleepPhase::Unstarted, _) => {
                        let delay = state.delay;
                        if state.yields_once {
                            state.set_phase(SleepPhase::YieldedOnce);
                            return Ok(GenStep::Yielded(Value::None));
                        }
                        if self.event_loop.is_none() {
                            return Err(types::runtime_error("no running event loop"));
                        }
                        // Parked: the yield carries the sleep itself up to whoever resumed
                        // the coroutine, with `parked` saying so; a task's step takes it as
                        // is, anyone else gets its future (`Vm::unpark`).
                        let until = self.clock + delay;
                        self.add_timer(until, TimerEntry::Sleep(a.clone()));
                        state.until.set(until);
                        state.set_phase(SleepPhase::Parked(None));
                        self.parked = Some(a.clone());
                        Ok(GenStep::Yielded(Value::Awaitable(a.clone())))
                    }
                    (SleepPhase::Rang(_), Resume::Throw(e)) => Err(e),
                    (SleepPhase::Rang(_), Resume::Close) => Ok(GenStep::Returned(Value::None)),
                    (SleepPhase::Rang(_), _) => Ok(GenStep::Returned(state.result_value())),
                    // Made into `Waiting` above.
                    (SleepPhase::Parked(_), _) => Err(types::runtime_error(
                        "peel: a parked sleep resumed without its future",
                    )),
                    // `sleep(0)` awaits the generator `__sleep0()` at its one `yield`.
                    (SleepPhase::YieldedOnce, Resume::Throw(e)) => {
                        Err(super::generator::pep479(e, "generator"))
                    }
                    (SleepPhase::YieldedOnce, _) => Ok(GenStep::Returned(state.result_value())),
                    (SleepPhase::Waiting(fut), mode) => {
                        // Resumed before its future is done (by hand): its `await future`
                        // yields the future again, unless it is still marked as yielded to
                        // be blocked on (C asyncio's `FutureIter_iternext`).
                        if matches!(mode, Resume::Next | Resume::Send(_)) && !fut.done() {
                            let mut st = fut.st.borrow_mut();
                            if !st.blocking {
                                st.blocking = true;
                                drop(st);
                                state.set_phase(SleepPhase::Waiting(fut.clone()));
                                return Ok(GenStep::Yielded(Value::Future(fut)));
                            }
                        }
                        // `finally: h.cancel()`.
                        fut.set_purpose(Purpose::SleepOver);
                        match mode {
                            Resume::Throw(e) => Err(e),
                            Resume::Close => Ok(GenStep::Returned(Value::None)),
                            _ => {
                                if !fut.done() {
                                    return Err(types::runtime_error(
                                        "await wasn't used with future",
                                    ));
                                }
                                let result = state.result_value();
                                self.future_result(&fut).map(|_| GenStep::Returned(result))
                            }
                        }
                    }
                }
            }
        }
    }

    /// `task.name(args)` and `future.name(args)`.
    pub(crate) fn future_method(
        &mut self,
        fut: &Rc<PyFuture>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult<Value> {
        use super::methods::arity;
        let kw = |key: &str, kwargs: &Kwargs| -> Option<Value> {
            kwargs
                .iter()
                .find(|(k, _)| k.s == key)
                .map(|(_, v)| v.clone())
        };
        match name {
            "done" => {
                arity("done", args.len(), 0, 0)?;
                Ok(Value::Bool(fut.done()))
            }
            "cancelled" => {
                arity("cancelled", args.len(), 0, 0)?;
                Ok(Value::Bool(fut.status() == Status::Cancelled))
            }
            "result" => {
                arity("result", args.len(), 0, 0)?;
                self.future_result(fut)
            }
            "exception" => {
                arity("exception", args.len(), 0, 0)?;
                let mut st = fut.st.borrow_mut();
                match st.status {
                    Status::Pending => Err(invalid_state("Exception is not set.")),
                    Status::Cancelled => Err(st.make_cancelled_error()),
                    Status::Finished => {
                        st.retrieved = true;
                        Ok(st.exception().map(Value::Exception).unwrap_or_default())
                    }
                }
            }
            "cancel" => {
                arity("cancel", args.len(), 0, 1)?;
                let msg = args.into_iter().next().or_else(|| kw("msg", &kwargs));
                Ok(Value::Bool(self.task_cancel(fut, msg)?))
            }
            "add_done_callback" => {
                arity("add_done_callback", args.len(), 1, 1)?;
                let f = args.into_iter().next().unwrap_or_default();
                self.add_done_callback(fut, DoneCallback::Call(f));
                Ok(Value::None)
            }
            "remove_done_callback" => {
                // Every callback equal to `f` goes (`f != fn` keeps the rest); the count.
                arity("remove_done_callback", args.len(), 1, 1)?;
                let f = args.into_iter().next().unwrap_or_default();
                let callbacks: Vec<DoneCallback> = fut.st.borrow().callbacks.as_slice().to_vec();
                let mut keep = Vec::with_capacity(callbacks.len());
                for c in &callbacks {
                    keep.push(match c {
                        DoneCallback::Call(g) => {
                            let eq = super::ops::compare(self, crate::ast::CmpOp::Eq, g, &f)?;
                            !self.truthy(&eq)?
                        }
                        _ => true,
                    });
                }
                let mut k = keep.iter();
                let mut st = fut.st.borrow_mut();
                st.callbacks.retain(|_| k.next().copied().unwrap_or(true));
                let removed = keep.iter().filter(|&&k| !k).count() as i64;
                Ok(Value::Int(removed))
            }
            "set_result" if !fut.is_task() => {
                arity("set_result", args.len(), 1, 1)?;
                let v = args.into_iter().next().unwrap_or_default();
                self.future_set_result(fut, v).map(|()| Value::None)
            }
            "set_exception" if !fut.is_task() => {
                arity("set_exception", args.len(), 1, 1)?;
                let e = match args.into_iter().next() {
                    Some(Value::Exception(e)) => e,
                    Some(Value::Type(t)) => {
                        match super::builtins::call_type(self, &t, Vec::new(), Vec::new())? {
                            Value::Exception(e) => e,
                            _ => return Err(types::type_error("invalid exception object")),
                        }
                    }
                    _ => return Err(types::type_error("invalid exception object")),
                };
                self.future_set_exception(fut, e).map(|()| Value::None)
            }
            "get_name" if fut.is_task() => {
                arity("get_name", args.len(), 0, 0)?;
                Ok(fut.task().map(|t| t.name_value()).unwrap_or_default())
            }
            "set_name" if fut.is_task() => {
                arity("set_name", args.len(), 1, 1)?;
                let v = args.into_iter().next().unwrap_or_default();
                let v = Rc::new(PyStr::new(super::ops::str(self, &v)?));
                if let Some(t) = fut.task() {
                    t.set_name(v);
                }
                Ok(Value::None)
            }
            "get_coro" if fut.is_task() => {
                Ok(fut.task().map(|t| t.coro.clone()).unwrap_or_default())
            }
            "__await__" => {
                arity("__await__", args.len(), 0, 0)?;
                Ok(Value::Awaitable(Rc::new(Awaitable::FutureIter {
                    future: fut.clone(),
                    exhausted: Cell::new(false),
                })))
            }
            _ => Err(types::attribute_error(format!(
                "'{}' object has no attribute '{name}'",
                types::qualified_name(if fut.is_task() { "Task" } else { "Future" }),
            ))),
        }
    }
}

/// `SystemExit` and `KeyboardInterrupt`: what a task's step and `Handle._run` let out
/// of the event loop instead of keeping.
pub(crate) fn is_exit(e: &PyException) -> bool {
    types::exception_matches(e, "SystemExit") || types::exception_matches(e, "KeyboardInterrupt")
}

/// `main()`: the coroutine a task drives, for the trace.
fn coro_name(coro: &Value) -> String {
    match coro {
        Value::Generator(g) => format!("{}()", g.qualname()),
        Value::Awaitable(a) if matches!(**a, Awaitable::Sleep(_)) => "sleep()".to_string(),
        _ => "coroutine()".to_string(),
    }
}

/// The state a task's coroutine is in (`Suspend12`), as the state machine names it.
fn coro_state(coro: &Value) -> String {
    match coro {
        Value::Generator(g) => match g.inner.try_borrow() {
            Ok(st) => g
                .machine()
                .states
                .get(st.state as usize)
                .map_or_else(|| "?".to_string(), |s| s.name.clone()),
            Err(_) => "Running".to_string(),
        },
        Value::Awaitable(a) => match &**a {
            Awaitable::Sleep(s) => s
                .peek(|phase| match phase {
                    SleepPhase::Unstarted => "Unresumed",
                    SleepPhase::YieldedOnce
                    | SleepPhase::Parked(_)
                    | SleepPhase::Rang(_)
                    | SleepPhase::Waiting(..) => "Sleeping",
                    SleepPhase::Done => "Returned",
                })
                .to_string(),
            _ => "native".to_string(),
        },
        _ => "native".to_string(),
    }
}

/// What a task waits on, in words (`None`: a future made by the program itself).
pub fn describe_future(f: &PyFuture) -> Option<String> {
    if f.is_task() {
        return Some(format!("task {}", f.task_name()));
    }
    if let Some(g) = f.gathering() {
        let mut seen = std::collections::HashSet::new();
        let names: Vec<String> = g
            .children
            .iter()
            .filter(|c| seen.insert(Rc::as_ptr(c)))
            .map(|c| match c.is_task() {
                true => c.task_name(),
                false => "a future".to_string(),
            })
            .collect();
        return Some(format!("gather({})", names.join(", ")));
    }
    match f.purpose() {
        Purpose::Sleep { delay, until } => Some(format!(
            "sleep({}) until {until:.3}s",
            crate::pyrepr::float_repr(delay)
        )),
        Purpose::Operation(what) => Some(what.to_string()),
        Purpose::Unknown | Purpose::SleepOver => None,
    }
}

/// Is `v` something `asyncio.run` and `create_task` accept?
pub fn is_coroutine(v: &Value) -> bool {
    match v {
        Value::Generator(g) => g.is_coroutine(),
        Value::Awaitable(a) => a.is_coroutine(),
        _ => false,
    }
}

impl Awaitable {
    /// The native coroutines (as opposed to the iterators `__await__` returns).
    pub fn is_coroutine(&self) -> bool {
        matches!(self, Awaitable::Sleep(_) | Awaitable::Native(_))
    }

    /// A native coroutine's `__qualname__` (`sleep`, `Lock.acquire`...), as its repr and
    /// its "never awaited" warning show it; empty for the iterators.
    pub fn qualname(&self) -> &'static str {
        match self {
            Awaitable::Sleep(_) => "sleep",
            // Borrowed: it is running, and the only native coroutine that runs the
            // program's code meanwhile is `wait_for` (awaiting its argument).
            Awaitable::Native(c) => c.try_borrow().map_or("wait_for", |c| c.op.qualname()),
            Awaitable::CoroutineWrapper(_) | Awaitable::FutureIter { .. } => "",
        }
    }
}

impl Vm {
    /// `ensure_future(aw)`: a future as it is, a coroutine wrapped in a new task.
    pub(crate) fn ensure_future(&mut self, aw: Value) -> PyResult<Rc<PyFuture>> {
        match aw {
            Value::Future(f) => Ok(f),
            other if is_coroutine(&other) => match self.create_task(other, None)? {
                Value::Future(f) => Ok(f),
                _ => Err(types::runtime_error("peel: create_task made no task")),
            },
            _ => Err(types::type_error(
                "An asyncio.Future, a coroutine or an awaitable is required",
            )),
        }
    }
}

pub fn awaitable_type_name(a: &Awaitable) -> &'static str {
    match a {
        Awaitable::CoroutineWrapper(_) => "coroutine_wrapper",
        Awaitable::FutureIter { .. } => "FutureIter",
        Awaitable::Sleep(_) | Awaitable::Native(_) => "coroutine",
    }
}

/// `path:line` of a byte offset of the running program.
fn program_place(vm: &Vm, offset: u32) -> String {
    match &vm.source {
        Some(src) => format!("{}:{}", src.path, src.line_of(offset as usize)),
        None => "?:0".to_string(),
    }
}

/// The repr of a future or task, as `base_futures._future_repr_info` and
/// `base_tasks._task_repr_info` build it:
/// `<Task pending name='Task-2' coro=<job() running at f.py:4> wait_for=<Future pending
/// cb=[Task.task_wakeup()]>>`, `<Future finished result=5>`.
pub fn task_repr(vm: &mut Vm, fut: &PyFuture) -> PyResult<String> {
    let st = fut.st.borrow();
    let mut info = vec![match st.status {
        Status::Pending => "pending",
        Status::Cancelled => "cancelled",
        Status::Finished => "finished",
    }
    .to_string()];
    let (status, exception, result) = (st.status, st.exception(), st.result.clone());
    let callbacks: Vec<DoneCallback> = st.callbacks.iter().cloned().collect();
    drop(st);
    if status == Status::Finished {
        match exception {
            Some(e) => info.push(format!(
                "exception={}",
                super::ops::repr(vm, &Value::Exception(e))?
            )),
            None => info.push(format!("result={}", short_repr(vm, &result, 6)?)),
        }
    }
    if !callbacks.is_empty() {
        // `base_futures._format_callbacks`: more than two show as first, count, last.
        let mut cbs: Vec<String> = Vec::with_capacity(callbacks.len());
        for cb in &callbacks {
            cbs.push(callback_repr(vm, cb)?);
        }
        let shown = match cbs.as_slice() {
            [first, .., last] if cbs.len() > 2 => {
                format!("{first}, <{} more>, {last}", cbs.len() - 2)
            }
            _ => cbs.join(", "),
        };
        info.push(format!("cb=[{shown}]"));
    }
    let class = if fut.is_gathering() {
        "_GatheringFuture"
    } else {
        "Future"
    };
    let Some(t) = fut.task() else {
        return Ok(format!("<{class} {}>", info.join(" ")));
    };
    // `task.cancelling() and not task.done()`.
    if t.num_cancels() > 0 && fut.status() == Status::Pending {
        info[0] = "cancelling".to_string();
    }
    info.insert(
        1,
        format!("name={}", super::ops::repr(vm, &t.name_value())?),
    );
    info.insert(2, format!("coro=<{}>", coroutine_repr(vm, &t.coro)?));
    if let Some(w) = t.waiter_future() {
        let w = super::ops::repr(vm, &Value::Future(w))?;
        info.insert(3, format!("wait_for={w}"));
    }
    Ok(format!("<Task {}>", info.join(" ")))
}

/// `coroutines._format_coroutine`: where the coroutine is, or where it was defined.
fn coroutine_repr(vm: &mut Vm, coro: &Value) -> PyResult<String> {
    let Value::Generator(g) = coro else {
        return match coro {
            Value::Awaitable(_) => Ok("coroutine()".to_string()),
            other => super::ops::repr(vm, other),
        };
    };
    let defined = g.code.def.span.start;
    let line = match g.inner.try_borrow() {
        Ok(st) => match g.machine().states.get(st.state as usize).map(|s| &s.kind) {
            Some(crate::statemachine::StateKind::Returned) => {
                return Ok(format!(
                    "{}() done, defined at {}",
                    g.qualname(),
                    program_place(vm, defined)
                ));
            }
            Some(crate::statemachine::StateKind::Suspended { block, .. }) => {
                g.code.def.blocks[*block as usize].term_span.start
            }
            _ => defined,
        },
        // Running: the statement its frame is executing.
        Err(_) => g.at.get(),
    };
    Ok(format!(
        "{}() running at {}",
        g.qualname(),
        program_place(vm, line)
    ))
}

/// Where CPython's event loop runs each callback (`Handle._run`'s call of it): file,
/// line and the line's text.
pub(crate) fn handle_run_place() -> (&'static str, u32, &'static str) {
    (
        places::HANDLE_RUN_FILE,
        places::HANDLE_RUN_LINE,
        places::HANDLE_RUN_TEXT,
    )
}

/// Where CPython's own asyncio functions are defined, as its reprs and tracebacks show
/// them: learned from the machine's python3 when peel is built (see `build.rs`).
mod places {
    include!(concat!(env!("OUT_DIR"), "/cpython_places.rs"));
}

/// A done callback as `format_helpers._format_callback_source` shows it. asyncio's own
/// callbacks are shown where the machine's CPython defines them (`places`).
fn callback_repr(vm: &mut Vm, cb: &DoneCallback) -> PyResult<String> {
    Ok(match cb {
        DoneCallback::Wakeup(_) => "Task.task_wakeup()".to_string(),
        DoneCallback::Call(f) => callback_source(vm, f, &[])?,
        DoneCallback::Gather(_) => format!(
            "gather.<locals>._done_callback() at {}",
            places::GATHER_DONE_CALLBACK
        ),
        DoneCallback::StopLoop => format!(
            "_run_until_complete_cb() at {}",
            places::RUN_UNTIL_COMPLETE_CB
        ),
        // `functools.partial(_release_waiter, waiter)`: the partial's arguments, then the
        // call's (none).
        DoneCallback::ReleaseWaiter(w) => format!(
            "_release_waiter({})() at {}",
            short_repr(vm, &Value::Future(w.clone()), 6)?,
            places::RELEASE_WAITER
        ),
        DoneCallback::Wait(_) => format!(
            "_wait.<locals>._on_completion() at {}",
            places::WAIT_ON_COMPLETION
        ),
        DoneCallback::AsCompleted(_) => format!(
            "as_completed.<locals>._on_completion() at {}",
            places::AS_COMPLETED_ON_COMPLETION
        ),
    })
}

/// `format_helpers._format_callback_source(f, args)`: the qualname, the arguments
/// through `reprlib`, and where a Python function was defined.
pub(crate) fn callback_source(vm: &mut Vm, f: &Value, args: &[Value]) -> PyResult<String> {
    let mut shown = Vec::with_capacity(args.len());
    for a in args {
        shown.push(short_repr(vm, a, 6)?);
    }
    let args = shown.join(", ");
    Ok(match f {
        Value::Function(pf) => format!(
            "{}({args}) at {}",
            pf.qualname(),
            program_place(vm, pf.code.def.span.start)
        ),
        // `__qualname__`: `int`, `list.append`, `Future.set_result`.
        Value::Builtin(b) => format!("{}({args})", b.name),
        Value::Type(t) => format!("{}({args})", t.name),
        Value::BoundMethod(m) => format!(
            "{}.{}({args})",
            super::ops::type_name(&m.receiver),
            m.name.s
        ),
        other => format!("{}({args})", super::ops::repr(vm, other)?),
    })
}

/// `reprlib.repr`, which futures use for their result: long strings and numbers are cut
/// in the middle, long lists and tuples after six items, nesting after six levels.
fn short_repr(vm: &mut Vm, v: &Value, level: usize) -> PyResult<String> {
    // The first `i` and last `j` characters around `...` (reprlib's middle cut).
    let splice = |chars: &[char], i: usize, j: usize| {
        let head: String = chars[..i.min(chars.len())].iter().collect();
        let tail: String = chars[chars.len().saturating_sub(j)..].iter().collect();
        format!("{head}...{tail}")
    };
    let cut = |s: String, max: usize| {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() <= max {
            return s;
        }
        let i = (max - 3) / 2;
        splice(&chars, i, max - 3 - i)
    };
    // `Repr._repr_iterable`: at most six items, `...` for the rest or for a non-empty
    // container past the last level.
    fn items(
        vm: &mut Vm,
        level: usize,
        open: &str,
        close: &str,
        items: &[Value],
        one_comma: bool,
    ) -> PyResult<String> {
        if level == 0 && !items.is_empty() {
            return Ok(format!("{open}...{close}"));
        }
        let mut parts = Vec::new();
        for x in items.iter().take(6) {
            parts.push(short_repr(vm, x, level.saturating_sub(1))?);
        }
        if items.len() > 6 {
            parts.push("...".to_string());
        }
        let comma = if one_comma && items.len() == 1 {
            ","
        } else {
            ""
        };
        Ok(format!("{open}{}{comma}{close}", parts.join(", ")))
    }
    Ok(match v {
        Value::Str(s) => {
            let chars: Vec<char> = s.s.chars().collect();
            let r = crate::pyrepr::str_repr(&chars.iter().take(30).collect::<String>());
            if r.chars().count() <= 30 {
                return Ok(r);
            }
            let (i, j) = (13, 14);
            let kept: String = chars[..i.min(chars.len())]
                .iter()
                .chain(chars[chars.len().saturating_sub(j)..].iter())
                .collect();
            let r: Vec<char> = crate::pyrepr::str_repr(&kept).chars().collect();
            splice(&r, i, j)
        }
        Value::Int(_) | Value::BigInt(_) => cut(super::ops::repr(vm, v)?, 40),
        Value::List(l) => {
            let shown = l.items.borrow().clone();
            items(vm, level, "[", "]", &shown, false)?
        }
        Value::Tuple(t) => items(vm, level, "(", ")", &t.items, true)?,
        // `Repr.repr_dict`: at most four entries, keys sorted when they can be.
        Value::Dict(d) => {
            let pairs = d.pairs();
            if pairs.is_empty() {
                return Ok("{}".to_string());
            }
            if level == 0 {
                return Ok("{...}".to_string());
            }
            let n = pairs.len();
            let mut parts = Vec::new();
            for (k, v) in possibly_sorted_by(pairs, |(k, _)| k).iter().take(4) {
                let k = short_repr(vm, k, level - 1)?;
                parts.push(format!("{k}: {}", short_repr(vm, v, level - 1)?));
            }
            if n > 4 {
                parts.push("...".to_string());
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Set(s) if s.is_empty() => "set()".to_string(),
        Value::FrozenSet(s) if s.is_empty() => "frozenset()".to_string(),
        Value::Set(s) => {
            let members = possibly_sorted_by(super::ops::set_order(s), |v| v);
            items(vm, level, "{", "}", &members, false)?
        }
        Value::FrozenSet(s) => {
            let members = possibly_sorted_by(super::ops::set_order(s), |v| v);
            items(vm, level, "frozenset({", "})", &members, false)?
        }
        other => cut(super::ops::repr(vm, other)?, 30),
    })
}

/// `reprlib._possibly_sorted`: sorted when Python can order the items (all numbers, or
/// all strings, the cases a result holds), else in their own order.
fn possibly_sorted_by<T>(mut items: Vec<T>, key: impl Fn(&T) -> &Value) -> Vec<T> {
    use std::cmp::Ordering;
    let number = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Float(f) if !f.is_nan() => Some(*f),
        _ => None,
    };
    if items.iter().all(|x| number(key(x)).is_some()) {
        items.sort_by(|a, b| match (key(a), key(b)) {
            (Value::Int(x), Value::Int(y)) => x.cmp(y),
            (a, b) => number(a).partial_cmp(&number(b)).unwrap_or(Ordering::Equal),
        });
    } else if items.iter().all(|x| matches!(key(x), Value::Str(_))) {
        items.sort_by(|a, b| match (key(a), key(b)) {
            (Value::Str(x), Value::Str(y)) => crate::pyrepr::str_cmp(&x.s, &y.s),
            _ => Ordering::Equal,
        });
    }
    items
}

/// `_awaitable(value)`, what a desugared `await value` delegates to (CPython's
/// `GET_AWAITABLE`): the iterator the value is awaited through.
pub fn awaitable_of(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    awaitable_of_one(vm, &args.into_iter().next().unwrap_or_default())
}

/// `awaitable_of` without an argument vector (`BuiltinFunction::unary`).
pub fn awaitable_of_one(vm: &mut Vm, value: &Value) -> PyResult<Value> {
    let wrapped = match value {
        // A coroutine (`async def`'s, or a native one such as `asyncio.sleep(1)`) is
        // delegated to as it is, as CPython's `GET_AWAITABLE` leaves it: the delegation's
        // `Send` steps resume it directly, so it needs no `coroutine_wrapper` (an
        // allocation per `await`) to be iterated. A `@types.coroutine` generator is its
        // own awaitable iterator.
        Value::Generator(g) if g.is_coroutine() || g.code.iterable_coroutine.get() => {
            return Ok(value.clone())
        }
        Value::Awaitable(a) if a.is_coroutine() => return Ok(value.clone()),
        Value::Future(f) => Awaitable::FutureIter {
            future: f.clone(),
            exhausted: Cell::new(false),
        },
        // A class's `__await__` (after the coroutines and futures every `await` of
        // asyncio meets).
        v if super::class::is_user(v) && super::class::find_special(v, "__await__").is_some() => {
            let it =
                super::class::call_special(vm, v, "__await__", Vec::new())?.unwrap_or_default();
            return match &it {
                Value::Generator(g) if g.is_coroutine() => {
                    Err(types::type_error("__await__() returned a coroutine"))
                }
                _ if super::class::is_iterator(&it) => Ok(it),
                _ => Err(types::type_error(format!(
                    "__await__() returned non-iterator of type '{}'",
                    super::ops::type_name_static(&it)
                ))),
            };
        }
        _ => {
            return Err(types::type_error(format!(
                "object {} can't be used in 'await' expression",
                super::ops::type_name_static(value)
            )))
        }
    };
    Ok(Value::Awaitable(Rc::new(wrapped)))
}

/// `_aenter_aexit(manager)`, what a desugared `async with` starts with (see
/// `desugar::ASYNC_WITH_HELPER`): the manager's bound `__aenter__` and `__aexit__`, both
/// looked up before either is called, as CPython's `BEFORE_ASYNC_WITH` does, with its
/// TypeError when one is missing.
pub fn aenter_aexit(vm: &mut Vm, args: Vec<Value>, _kwargs: Kwargs) -> PyResult<Value> {
    let manager = args.into_iter().next().unwrap_or_default();
    let mut method = |name: &str, missing: &str| match super::ops::get_attr(vm, &manager, name) {
        Err(e) if e.class.name == "AttributeError" => Err(types::type_error(format!(
            "'{}' object does not support the asynchronous context manager protocol{missing}",
            super::ops::type_name_static(&manager)
        ))),
        found => found,
    };
    let aenter = method("__aenter__", "")?;
    let aexit = method("__aexit__", " (missed __aexit__ method)")?;
    Ok(Value::tuple(vec![aenter, aexit]))
}

// ---------------------------------------------------------------------------------------
// The `asyncio` module's functions.

fn take_kw(kwargs: &mut Kwargs, key: &str) -> Option<Value> {
    let i = kwargs.iter().position(|(k, _)| k.s == key)?;
    Some(kwargs.remove(i).1)
}

fn no_more_kwargs(fname: &str, kwargs: &Kwargs) -> PyResult<()> {
    match kwargs.first() {
        Some((k, _)) => Err(types::type_error(format!(
            "{fname}() got an unexpected keyword argument '{}'",
            k.s
        ))),
        None => Ok(()),
    }
}

/// Binds a call to a signature of `asyncio`'s Python code (see `NativeSignature`).
pub(crate) fn bind(
    name: &'static str,
    positional: &'static [&'static str],
    required: usize,
    kwonly: &'static [&'static str],
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Vec<Option<Value>>> {
    bind_signature(name, positional, required, kwonly, false, args, kwargs)
}

/// `bind` for a function (`has_self` false) or a method, without `*args`.
fn bind_signature(
    name: &'static str,
    positional: &'static [&'static str],
    required: usize,
    kwonly: &'static [&'static str],
    has_self: bool,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Vec<Option<Value>>> {
    let sig = NativeSignature {
        name,
        positional,
        required,
        varargs: false,
        kwonly,
    };
    Ok(bind_native(&sig, has_self, args, kwargs)?.0)
}

/// The value bound to a required parameter.
fn required(slot: &mut Option<Value>) -> Value {
    slot.take().unwrap_or_default()
}

pub fn run(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut a = bind("run", &["main"], 1, &["debug"], args, kwargs)?;
    vm.asyncio_run(required(&mut a[0]))
}

pub fn sleep(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut a = bind("sleep", &["delay", "result"], 1, &[], args, kwargs)?;
    Ok(new_sleep(
        &required(&mut a[0]),
        a[1].take().unwrap_or_default(),
    ))
}

/// `sleep(delay)` (`BuiltinFunction::unary`).
pub fn sleep_one(_vm: &mut Vm, delay: &Value) -> PyResult<Value> {
    Ok(new_sleep(delay, Value::None))
}

/// The coroutine `asyncio.sleep(delay, result)` returns. A delay that is not a number
/// fails only when the coroutine first runs, as CPython's `sleep` compares it then.
fn new_sleep(delay: &Value, result: Value) -> Value {
    match super::ops::to_f64(delay) {
        Ok(Some(d)) => Value::Awaitable(Rc::new(Awaitable::Sleep(SleepState::new(d, result)))),
        _ => super::aiosync::native(super::aiosync::NativeOp::SleepBadDelay(delay.clone())),
    }
}

pub fn create_task(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut a = bind(
        "create_task",
        &["coro"],
        1,
        &["name", "context"],
        args,
        kwargs,
    )?;
    let name = a[1].take();
    vm.create_task(required(&mut a[0]), name)
}

/// `asyncio.ensure_future(aw)`: a future as it is, a coroutine wrapped in a new task.
pub fn ensure_future(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut a = bind(
        "ensure_future",
        &["coro_or_future"],
        1,
        &["loop"],
        args,
        kwargs,
    )?;
    vm.ensure_future(required(&mut a[0])).map(Value::Future)
}

pub fn gather(vm: &mut Vm, args: Vec<Value>, mut kwargs: Kwargs) -> PyResult<Value> {
    let return_exceptions = match take_kw(&mut kwargs, "return_exceptions") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    no_more_kwargs("gather", &kwargs)?;
    if vm.event_loop.is_none() {
        return Err(types::runtime_error("no running event loop"));
    }
    // `ensure_future` of each argument; the same coroutine twice is one task.
    let mut children: Vec<Rc<PyFuture>> = Vec::with_capacity(args.len());
    let mut seen: std::collections::HashMap<usize, Rc<PyFuture>> = Default::default();
    for arg in args {
        let id = super::ops::identity(&arg);
        if let Some(f) = seen.get(&id) {
            children.push(f.clone());
            continue;
        }
        let fut = match &arg {
            Value::Future(f) => f.clone(),
            _ if is_coroutine(&arg) => match vm.create_task(arg.clone(), None)? {
                Value::Future(f) => f,
                _ => return Err(types::runtime_error("peel: create_task made no task")),
            },
            _ => {
                return Err(types::type_error(
                    "An asyncio.Future, a coroutine or an awaitable is required",
                ))
            }
        };
        seen.insert(id, fut.clone());
        children.push(fut);
    }
    Ok(Value::Future(
        vm.gather_futures(children, return_exceptions)?,
    ))
}

pub fn current_task(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    bind("current_task", &["loop"], 0, &[], args, kwargs)?;
    match &vm.event_loop {
        None => Err(types::runtime_error("no running event loop")),
        Some(lp) => Ok(lp.current.clone().map(Value::Future).unwrap_or_default()),
    }
}

pub fn all_tasks(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    bind("all_tasks", &["loop"], 0, &[], args, kwargs)?;
    if vm.event_loop.is_none() {
        return Err(types::runtime_error("no running event loop"));
    }
    let tasks = vm.pending_tasks().into_iter().map(Value::Future).collect();
    Value::set(vm, tasks)
}

pub fn new_future(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let _ = vm;
    // C's `Future.__init__(*, loop=None)`, with Argument Clinic's wording.
    if !args.is_empty() {
        return Err(types::type_error("Future() takes no positional arguments"));
    }
    if let Some((k, _)) = kwargs.iter().find(|(k, _)| k.s != "loop") {
        return Err(types::type_error(format!(
            "Future() got an unexpected keyword argument '{}'",
            k.s
        )));
    }
    Ok(Value::Future(PyFuture::new(None)))
}

/// `loop.create_future()`.
fn loop_create_future(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let _ = vm;
    bind_method("BaseEventLoop.create_future", &["self"], 1, args, kwargs)?;
    Ok(Value::Future(PyFuture::new(None)))
}

/// Binds a call to a method of a class of `asyncio`'s Python code (`__init__` when the
/// class is called), `self` given: one entry per parameter, `self`'s first.
pub(crate) fn bind_method(
    name: &'static str,
    positional: &'static [&'static str],
    required: usize,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Vec<Option<Value>>> {
    bind_signature(name, positional, required, &[], true, args, kwargs)
}

/// `asyncio.get_running_loop()`: a small object with the loop methods peel supports.
pub fn get_running_loop(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    // A C function of no arguments, with Argument Clinic's wording.
    if !kwargs.is_empty() {
        return Err(types::type_error(
            "_asyncio.get_running_loop() takes no keyword arguments",
        ));
    }
    if !args.is_empty() {
        return Err(types::type_error(format!(
            "_asyncio.get_running_loop() takes no arguments ({} given)",
            args.len()
        )));
    }
    if vm.event_loop.is_none() {
        return Err(types::runtime_error("no running event loop"));
    }
    Ok(super::modules::make_module(
        "loop",
        &[
            ("time", loop_time as super::value::BuiltinFn),
            ("create_future", loop_create_future),
            ("create_task", create_task),
            ("call_soon", loop_call_soon),
            ("call_later", loop_call_later),
        ],
        &[],
    ))
}

const CALL_SOON: NativeSignature = NativeSignature {
    name: "BaseEventLoop.call_soon",
    positional: &["self", "callback"],
    required: 2,
    varargs: true,
    kwonly: &["context"],
};

const CALL_LATER: NativeSignature = NativeSignature {
    name: "BaseEventLoop.call_later",
    positional: &["self", "delay", "callback"],
    required: 3,
    varargs: true,
    kwonly: &["context"],
};

fn loop_call_soon(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let (mut a, rest) = bind_native(&CALL_SOON, true, args, kwargs)?;
    let f = required(&mut a[1]);
    let handle = vm.call_soon_handle(Callback::Call(Box::new((f, rest))));
    Ok(Value::Sync(Rc::new(super::aiosync::Sync::Handle(handle))))
}

fn loop_call_later(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let (mut a, rest) = bind_native(&CALL_LATER, true, args, kwargs)?;
    let (delay, f) = (required(&mut a[1]), required(&mut a[2]));
    let delay = super::ops::to_f64(&delay)?.unwrap_or(0.0);
    let handle = vm.call_later(delay, Callback::Call(Box::new((f, rest))));
    Ok(Value::Sync(Rc::new(super::aiosync::Sync::Handle(handle))))
}

/// `<Handle f(1) at FILE:LINE>`, `<TimerHandle when=2.0 f() at FILE:LINE>`,
/// `<Handle cancelled>`, as `events.Handle._repr_info` builds them.
pub fn handle_repr(vm: &mut Vm, h: &Handle) -> PyResult<String> {
    let mut info = vec![h.class_name().to_string()];
    if h.cancelled.get() {
        info.push("cancelled".to_string());
    }
    let call = match &*h.callback.borrow() {
        Some(Callback::Call(call)) => Some((call.0.clone(), call.1.clone())),
        _ => None,
    };
    if let Some((f, args)) = call {
        info.push(callback_source(vm, &f, &args)?);
    }
    if let Some(when) = h.when {
        let at = if h.cancelled.get() { 2 } else { 1 };
        info.insert(at, format!("when={}", crate::pyrepr::float_repr(when)));
    }
    Ok(format!("<{}>", info.join(" ")))
}

fn loop_time(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    bind_method("BaseEventLoop.time", &["self"], 1, args, kwargs)?;
    Ok(Value::Float(vm.clock))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parked task's sleep is found by following `cr_await` down its chain of
    /// coroutines; 350 levels of `@types.coroutine` generators and coroutine wrappers
    /// make a chain longer than the recursion limit (CPython: cancelled at once). (Not
    /// a program under tests/programs: its printed stages recurse deeper than CPython
    /// allows.)
    #[test]
    fn a_task_parked_at_the_end_of_a_long_chain_is_cancelled_at_once() {
        let src = "import asyncio, types\n@types.coroutine\ndef level(n):\n    if n == 0:\n        return (yield from asyncio.sleep(10).__await__())\n    return (yield from wrap(n - 1).__await__())\nasync def wrap(n):\n    return await level(n)\nasync def main():\n    t = asyncio.create_task(wrap(350))\n    await asyncio.sleep(1)\n    print('waits:', 'wait_for=' in repr(t))\n    t.cancel()\n    try:\n        await t\n    except asyncio.CancelledError:\n        print('cancelled at', asyncio.get_running_loop().time())\nasyncio.run(main())\n";
        let out = crate::with_big_stack(move || {
            let source = crate::span::SourceFile::new("t.py", src);
            crate::run_captured(&source, &crate::runtime::RunOptions::default())
        });
        assert_eq!(out.stdout, "waits: True\ncancelled at 1.0\n");
    }

    #[test]
    fn a_named_tasks_name_goes_with_the_task() {
        let src = "import asyncio\nasync def f():\n    await asyncio.sleep(1)\nasync def main():\n    ts = [asyncio.create_task(f(), name=f'n{i}') for i in range(50)]\n    ts[0].set_name('first')\n    print(ts[0].get_name(), ts[1].get_name())\n    await asyncio.gather(*ts)\n    t = asyncio.create_task(f())\n    t.set_name('late')\n    await t\n    print(t.get_name())\nasyncio.run(main())\n";
        let source = crate::span::SourceFile::new("t.py", src);
        let compiled = crate::compile(&source).expect("compiles");
        let mut vm = crate::runtime::Vm::new(Box::new(Vec::new()), Box::new(Vec::new()));
        let status = vm.run_loaded(
            &compiled.program,
            &compiled.machines,
            &source,
            &Default::default(),
        );
        assert_eq!(status, 0);
        assert_eq!(vm.drops.named_tasks(), 0);
    }

    /// What one suspended task costs (benches/many_tasks.py) is mostly these objects, each
    /// behind a 16-byte `Rc` header and rounded up to the allocator's size classes (every
    /// 8 bytes up to 64, then 80, 96, 112, 128, 160...): a field added to one of them can
    /// cost every task 8 or 16 bytes, so adding one should be a choice.
    #[test]
    fn a_suspended_tasks_objects_stay_in_their_size_classes() {
        // A task is one future with its task state inside: 96 bytes.
        assert!(std::mem::size_of::<PyFuture>() + 16 <= 96);
        assert!(std::mem::size_of::<DoneCallbacks>() <= 16);
        // Its coroutine, with its two live values inside: 80 bytes.
        assert!(std::mem::size_of::<super::super::generator::PyGenerator>() + 16 <= 80);
        // The sleep it waits in, with no future: 56 bytes.
        assert!(std::mem::size_of::<Awaitable>() + 16 <= 56);
        // Its step in the ready queue when it wakes: 16 bytes.
        assert!(std::mem::size_of::<Ready>() <= 16);
    }
}
