//! asyncio's synchronisation primitives and `wait_for`: `Lock`, `Event`, `Semaphore`,
//! `Queue`, each a few fields plus a list of *waiter futures*.
//!
//! Every blocking operation (`await lock.acquire()`, `await queue.get()`...) follows one
//! pattern, copied from CPython's `locks.py` and `queues.py`: if it can proceed, it does so
//! at once without yielding; otherwise it makes a future, appends it to the primitive's
//! waiters and awaits it. Whoever changes the state (`release()`, `put()`...) completes
//! the first waiter's future, so the waiting task wakes up on a later turn of the loop.
//!
//! The operations are native coroutines ([`NativeOp`]): a task drives them like any
//! coroutine, with `send` and `throw`. `poll` runs the operation's body up to its next
//! wait; `abort` is its `except`/`finally` clean-up when a `CancelledError` (or any
//! exception) is thrown in while it waits.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use super::asyncio::{bind, bind_method};
use super::asyncio::{cancel_timer, Callback, DoneCallback, Handle, Purpose, PyFuture, Status};
use super::generator::{GenStep, Resume};
use super::types;
use super::value::{IterState, PyException, PyResult, PyStr, Value};
use super::Vm;
use crate::ast::CmpOp;

type Kwargs = Vec<(Rc<PyStr>, Value)>;

pub struct PyLock {
    pub locked: Cell<bool>,
    pub waiters: RefCell<VecDeque<Rc<PyFuture>>>,
}

pub struct PyEvent {
    pub set: Cell<bool>,
    pub waiters: RefCell<VecDeque<Rc<PyFuture>>>,
}

pub struct PySemaphore {
    pub value: Cell<i64>,
    pub waiters: RefCell<VecDeque<Rc<PyFuture>>>,
}

pub struct PyQueue {
    pub maxsize: i64,
    pub items: RefCell<VecDeque<Value>>,
    pub getters: RefCell<VecDeque<Rc<PyFuture>>>,
    pub putters: RefCell<VecDeque<Rc<PyFuture>>>,
    pub unfinished: Cell<i64>,
    pub finished: Rc<PyEvent>,
}

/// `asyncio.timeout(delay)`: cancels the task that entered it when the deadline passes,
/// and turns that cancellation into `TimeoutError` on the way out.
pub struct PyTimeout {
    pub state: Cell<TimeoutState>,
    pub when: Cell<Option<f64>>,
    pub handle: RefCell<Option<Rc<Handle>>>,
    pub task: RefCell<Option<Rc<PyFuture>>>,
    pub cancelling: Cell<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TimeoutState {
    Created,
    Entered,
    Expiring,
    Expired,
    Exited,
}

impl TimeoutState {
    /// The `_State` enum's value, as `repr` and the error messages show it.
    pub fn word(self) -> &'static str {
        match self {
            TimeoutState::Created => "created",
            TimeoutState::Entered => "active",
            TimeoutState::Expiring => "expiring",
            TimeoutState::Expired => "expired",
            TimeoutState::Exited => "finished",
        }
    }
}

/// The reprs of `asyncio.locks` and `asyncio.queues` (`<asyncio.locks.Lock object at
/// 0x... [locked, waiters:1]>`, `<Queue at 0x... maxsize=2 _queue=[1] tasks=1>`), and a
/// queue's `str` (no `address`); `address` as `repr` shows it.
pub fn sync_repr(vm: &mut Vm, s: &Sync, address: Option<&str>) -> PyResult<String> {
    let waiters = |w: &RefCell<VecDeque<Rc<PyFuture>>>, extra: String| match w.borrow().len() {
        0 => extra,
        n => format!("{extra}, waiters:{n}"),
    };
    let object = |extra: String| {
        format!(
            "<{} object at {} [{extra}]>",
            types::qualified_name(s.type_name()),
            address.unwrap_or_default()
        )
    };
    Ok(match s {
        Sync::Lock(l) => {
            let state = if l.locked.get() { "locked" } else { "unlocked" };
            object(waiters(&l.waiters, state.to_string()))
        }
        Sync::Event(e) => {
            let state = if e.set.get() { "set" } else { "unset" };
            object(waiters(&e.waiters, state.to_string()))
        }
        Sync::Semaphore(sem) => {
            let locked = sem.value.get() == 0
                || sem
                    .waiters
                    .borrow()
                    .iter()
                    .any(|w| w.status() != super::asyncio::Status::Cancelled);
            let state = match locked {
                true => "locked".to_string(),
                false => format!("unlocked, value:{}", sem.value.get()),
            };
            object(waiters(&sem.waiters, state))
        }
        Sync::Queue(q) => {
            let mut info = format!("maxsize={}", q.maxsize);
            let items: Vec<Value> = q.items.borrow().iter().cloned().collect();
            if !items.is_empty() {
                info += &format!(" _queue={}", super::ops::repr(vm, &Value::list(items))?);
            }
            let getters = q.getters.borrow().len();
            if getters > 0 {
                info += &format!(" _getters[{getters}]");
            }
            let putters = q.putters.borrow().len();
            if putters > 0 {
                info += &format!(" _putters[{putters}]");
            }
            if q.unfinished.get() != 0 {
                info += &format!(" tasks={}", q.unfinished.get());
            }
            match address {
                None => format!("<Queue {info}>"),
                Some(address) => format!("<Queue at {address} {info}>"),
            }
        }
        Sync::Timeout(t) => {
            let when = match (t.state.get(), t.when.get()) {
                (TimeoutState::Entered, Some(w)) => format!(
                    " when={}",
                    crate::pyrepr::float_repr(super::format::round_float(w, 3).unwrap_or(w))
                ),
                (TimeoutState::Entered, None) => " when=None".to_string(),
                _ => String::new(),
            };
            format!("<Timeout [{}]{when}>", t.state.get().word())
        }
        Sync::Handle(h) => super::asyncio::handle_repr(vm, h)?,
    })
}

/// A synchronisation primitive (one `Value` variant for all of them).
pub enum Sync {
    Lock(PyLock),
    Event(Rc<PyEvent>),
    Semaphore(PySemaphore),
    Queue(PyQueue),
    Timeout(PyTimeout),
    /// What `loop.call_soon` and `loop.call_later` return.
    Handle(Rc<Handle>),
}

impl Sync {
    pub fn type_name(&self) -> &'static str {
        match self {
            Sync::Lock(_) => "Lock",
            Sync::Event(_) => "Event",
            Sync::Semaphore(_) => "Semaphore",
            Sync::Queue(_) => "Queue",
            Sync::Timeout(_) => "Timeout",
            Sync::Handle(h) => h.class_name(),
        }
    }
}

/// What a native coroutine does.
pub enum NativeOp {
    /// `lock.acquire()` (`for_with`: `__aenter__`, which returns `None`).
    LockAcquire {
        lock: Rc<Sync>,
        for_with: bool,
    },
    EventWait(Rc<PyEvent>),
    SemaphoreAcquire {
        sem: Rc<Sync>,
        for_with: bool,
    },
    /// `__aexit__` of a lock or semaphore: release, return `None`.
    Release(Rc<Sync>),
    QueueGet(Rc<Sync>),
    QueuePut(Rc<Sync>, Value),
    QueueJoin(Rc<Sync>),
    WaitFor(WaitFor),
    /// `Timeout.__aenter__`.
    TimeoutEnter(Rc<Sync>),
    /// `Timeout.__aexit__(exc_type, exc, tb)`.
    TimeoutExit(Rc<Sync>, Value),
    /// `asyncio.wait(fs, timeout=, return_when=)`: checks its arguments and starts
    /// watching the futures when first resumed, then waits until `waiter` is released and
    /// returns (done, pending).
    Wait(WaitOp),
    /// One of the coroutines `as_completed` yields: the next finished future's result.
    AsCompletedOne(Rc<Sync>),
    /// `asyncio.sleep(delay)` with a delay that is not a number: CPython's `sleep` finds
    /// out at its first step (`if delay <= 0:` raises the `TypeError`), not when called.
    SleepBadDelay(Value),
}

impl NativeOp {
    /// The `__qualname__` of the coroutine function CPython runs for it (what "coroutine
    /// '...' was never awaited" names).
    pub fn qualname(&self) -> &'static str {
        match self {
            NativeOp::LockAcquire {
                for_with: false, ..
            } => "Lock.acquire",
            NativeOp::SemaphoreAcquire {
                for_with: false, ..
            } => "Semaphore.acquire",
            NativeOp::LockAcquire { .. } | NativeOp::SemaphoreAcquire { .. } => {
                "_ContextManagerMixin.__aenter__"
            }
            NativeOp::Release(_) => "_ContextManagerMixin.__aexit__",
            NativeOp::EventWait(_) => "Event.wait",
            NativeOp::QueueGet(_) => "Queue.get",
            NativeOp::QueuePut(..) => "Queue.put",
            NativeOp::QueueJoin(_) => "Queue.join",
            NativeOp::WaitFor(_) => "wait_for",
            NativeOp::TimeoutEnter(_) => "Timeout.__aenter__",
            NativeOp::TimeoutExit(..) => "Timeout.__aexit__",
            NativeOp::Wait(_) => "wait",
            NativeOp::AsCompletedOne(_) => "as_completed.<locals>._wait_for_one",
            NativeOp::SleepBadDelay(_) => "sleep",
        }
    }
}

/// Where an `asyncio.wait` is.
pub enum WaitOp {
    /// Not started: the arguments as given.
    Unstarted {
        fs: Value,
        timeout: Value,
        return_when: Value,
    },
    /// Watching the futures (`_wait`).
    Started(Rc<WaitState>),
}

pub struct WaitState {
    pub futures: Vec<Rc<PyFuture>>,
    pub waiter: Rc<PyFuture>,
    pub handle: RefCell<Option<Rc<Handle>>>,
    pub counter: Cell<usize>,
    pub return_when: WaitWhen,
    pub timeout: Option<f64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WaitWhen {
    FirstCompleted,
    FirstException,
    AllCompleted,
}

/// `asyncio.wait_for(fut, timeout)`: CPython's `tasks.wait_for` is an `async def`, so it
/// does nothing until it is first resumed (the awaitable is wrapped in a task only then),
/// and every step below is one stretch of its body between two awaits. The stages name
/// where its frame would be suspended.
pub struct WaitFor {
    stage: WaitForStage,
}

enum WaitForStage {
    /// Created, not started: the arguments as given.
    Unstarted { fut: Value, timeout: Value },
    /// `return await fut` (`timeout is None`): every resumption goes to `fut`'s awaitable.
    Awaiting(Value),
    /// `await waiter` inside the `try`: the timer (`timeout_handle`) or `fut` finishing
    /// (its done callback `cb`) releases the waiter.
    Waiting {
        fut: Rc<PyFuture>,
        waiter: Rc<PyFuture>,
        handle: Rc<Handle>,
    },
    /// `await _cancel_and_wait(fut)`: `fut` was cancelled, and `waiter` is released when it
    /// has really finished; then `then`. `handle`: the timer the enclosing `finally`
    /// cancels (none with a timeout of zero or less, which has no `try`).
    CancelAndWait {
        fut: Rc<PyFuture>,
        waiter: Rc<PyFuture>,
        then: AfterCancel,
        handle: Option<Rc<Handle>>,
    },
    /// Returned or raised.
    Over,
}

/// What `wait_for` does once `_cancel_and_wait(fut)` returns.
enum AfterCancel {
    /// `return fut.result()`, a `CancelledError` becoming `TimeoutError() from exc` (the
    /// timeout passed).
    ResultOrTimeout,
    /// `raise`: the `CancelledError` the waiting task was cancelled with goes on.
    Reraise(Rc<PyException>),
}

/// A native coroutine's state.
pub struct NativeCoro {
    pub op: NativeOp,
    /// The future it waits on now.
    pub waiting: Option<Rc<PyFuture>>,
    /// Resumed at least once (sent into, thrown into or closed): a coroutine that never
    /// was warns that it "was never awaited" when it goes, as CPython's do.
    pub started: bool,
    pub finished: bool,
}

impl NativeCoro {
    /// `cr_await`: what this coroutine is suspended in, when it delegates every resumption
    /// to another awaitable (`wait_for(aw, None)` is `return await aw`).
    pub fn delegate(&self) -> Option<Value> {
        match &self.op {
            NativeOp::WaitFor(WaitFor {
                stage: WaitForStage::Awaiting(aw),
            }) => Some(aw.clone()),
            _ => None,
        }
    }
}

impl Drop for NativeCoro {
    fn drop(&mut self) {
        if !self.started {
            super::drops::notify(super::drops::Notice::NeverAwaited(
                self.op.qualname().to_string(),
            ));
        }
    }
}

/// A native coroutine that will do `op`, not started.
pub(crate) fn native(op: NativeOp) -> Value {
    Value::Awaitable(Rc::new(super::asyncio::Awaitable::Native(Box::new(
        RefCell::new(NativeCoro {
            op,
            waiting: None,
            started: false,
            finished: false,
        }),
    ))))
}

enum Poll {
    Ready(Value),
    /// Wait on this future (yield it, marked as blocking, to the task).
    Wait(Rc<PyFuture>),
    /// Hand on what an awaitable it delegates to yielded (`return await fut`).
    Yield(Value),
}

fn remove(waiters: &RefCell<VecDeque<Rc<PyFuture>>>, fut: &Rc<PyFuture>) {
    let mut w = waiters.borrow_mut();
    if let Some(i) = w.iter().position(|x| Rc::ptr_eq(x, fut)) {
        w.remove(i);
    }
}

impl Vm {
    fn new_waiter(&mut self, waiters: &RefCell<VecDeque<Rc<PyFuture>>>) -> Rc<PyFuture> {
        let fut = PyFuture::new(None);
        waiters.borrow_mut().push_back(fut.clone());
        fut
    }

    /// `Queue._wakeup_next`: completes the first waiter that is not done yet.
    fn wakeup_next(&mut self, waiters: &RefCell<VecDeque<Rc<PyFuture>>>) -> PyResult<()> {
        loop {
            let next = waiters.borrow_mut().pop_front();
            match next {
                None => return Ok(()),
                Some(w) if !w.done() => return self.future_set_result(&w, Value::None),
                Some(_) => {}
            }
        }
    }

    fn lock_wake_first(&mut self, lock: &PyLock) -> PyResult<()> {
        let first = lock.waiters.borrow().front().cloned();
        match first {
            Some(f) if !f.done() => self.future_set_result(&f, Value::Bool(true)),
            _ => Ok(()),
        }
    }

    fn semaphore_wake_next(&mut self, sem: &PySemaphore) -> PyResult<()> {
        let waiters: Vec<Rc<PyFuture>> = sem.waiters.borrow().iter().cloned().collect();
        for f in waiters {
            if !f.done() {
                sem.value.set(sem.value.get() - 1);
                return self.future_set_result(&f, Value::Bool(true));
            }
        }
        Ok(())
    }

    fn semaphore_locked(sem: &PySemaphore) -> bool {
        sem.value.get() == 0
            || sem
                .waiters
                .borrow()
                .iter()
                .any(|w| w.status() != Status::Cancelled)
    }

    fn event_set(&mut self, ev: &PyEvent) -> PyResult<()> {
        if !ev.set.get() {
            ev.set.set(true);
            let waiters: Vec<Rc<PyFuture>> = ev.waiters.borrow().iter().cloned().collect();
            for f in waiters {
                if !f.done() {
                    self.future_set_result(&f, Value::Bool(true))?;
                }
            }
        }
        Ok(())
    }

    fn queue_full(q: &PyQueue) -> bool {
        q.maxsize > 0 && q.items.borrow().len() as i64 >= q.maxsize
    }

    fn queue_put_nowait(&mut self, q: &PyQueue, item: Value) -> PyResult<()> {
        if Self::queue_full(q) {
            return Err(types::new_exception_with_args(
                types::exception_class("QueueFull"),
                Vec::new(),
            ));
        }
        q.items.borrow_mut().push_back(item);
        q.unfinished.set(q.unfinished.get() + 1);
        q.finished.set.set(false);
        self.wakeup_next(&q.getters)
    }

    fn queue_get_nowait(&mut self, q: &PyQueue) -> PyResult<Value> {
        let item = q.items.borrow_mut().pop_front();
        match item {
            None => Err(types::new_exception_with_args(
                types::exception_class("QueueEmpty"),
                Vec::new(),
            )),
            Some(item) => {
                self.wakeup_next(&q.putters)?;
                Ok(item)
            }
        }
    }

    /// Runs the operation from where it waited (`woke`: the future that completed) to its
    /// next wait or its end.
    fn native_poll(&mut self, op: &mut NativeOp, woke: Option<Rc<PyFuture>>) -> PyResult<Poll> {
        match op {
            NativeOp::LockAcquire { lock, for_with } => {
                let Sync::Lock(l) = &**lock else {
                    return Ok(Poll::Ready(Value::None));
                };
                let done = acquired(*for_with);
                if let Some(fut) = woke {
                    remove(&l.waiters, &fut);
                    l.locked.set(true);
                    return Ok(Poll::Ready(done));
                }
                let free = l
                    .waiters
                    .borrow()
                    .iter()
                    .all(|w| w.status() == Status::Cancelled);
                if !l.locked.get() && free {
                    l.locked.set(true);
                    return Ok(Poll::Ready(done));
                }
                Ok(Poll::Wait(self.new_waiter(&l.waiters)))
            }
            NativeOp::SemaphoreAcquire { sem, for_with } => {
                let Sync::Semaphore(s) = &**sem else {
                    return Ok(Poll::Ready(Value::None));
                };
                let done = acquired(*for_with);
                if let Some(fut) = woke {
                    remove(&s.waiters, &fut);
                    if s.value.get() > 0 {
                        self.semaphore_wake_next(s)?;
                    }
                    return Ok(Poll::Ready(done));
                }
                if !Self::semaphore_locked(s) {
                    s.value.set(s.value.get() - 1);
                    return Ok(Poll::Ready(done));
                }
                Ok(Poll::Wait(self.new_waiter(&s.waiters)))
            }
            NativeOp::Release(prim) => {
                self.release(prim)?;
                Ok(Poll::Ready(Value::None))
            }
            NativeOp::EventWait(ev) => {
                if let Some(fut) = woke {
                    remove(&ev.waiters, &fut);
                    return Ok(Poll::Ready(Value::Bool(true)));
                }
                if ev.set.get() {
                    return Ok(Poll::Ready(Value::Bool(true)));
                }
                Ok(Poll::Wait(self.new_waiter(&ev.waiters)))
            }
            NativeOp::QueueGet(q) => {
                let Sync::Queue(q) = &**q else {
                    return Ok(Poll::Ready(Value::None));
                };
                if q.items.borrow().is_empty() {
                    return Ok(Poll::Wait(self.new_waiter(&q.getters)));
                }
                self.queue_get_nowait(q).map(Poll::Ready)
            }
            NativeOp::QueuePut(q, item) => {
                let Sync::Queue(q) = &**q else {
                    return Ok(Poll::Ready(Value::None));
                };
                if Self::queue_full(q) {
                    return Ok(Poll::Wait(self.new_waiter(&q.putters)));
                }
                let item = std::mem::take(item);
                self.queue_put_nowait(q, item)?;
                Ok(Poll::Ready(Value::None))
            }
            NativeOp::QueueJoin(q) => {
                let Sync::Queue(q) = &**q else {
                    return Ok(Poll::Ready(Value::None));
                };
                if let Some(fut) = woke {
                    remove(&q.finished.waiters, &fut);
                    return Ok(Poll::Ready(Value::None));
                }
                if q.unfinished.get() > 0 && !q.finished.set.get() {
                    return Ok(Poll::Wait(self.new_waiter(&q.finished.waiters)));
                }
                Ok(Poll::Ready(Value::None))
            }
            // (Resumed by `wait_for_resume`.)
            NativeOp::WaitFor(_) => Ok(Poll::Ready(Value::None)),
            NativeOp::SleepBadDelay(delay) => {
                // `if delay <= 0:` fails for anything but a number.
                super::ops::compare(self, CmpOp::LtE, delay, &Value::Int(0))?;
                // A number too big for a float: `loop.time() + delay` overflows.
                super::ops::to_f64(delay)?;
                Err(types::type_error(format!(
                    "unsupported operand type(s) for +: 'float' and '{}'",
                    super::ops::type_name_static(delay)
                )))
            }
            NativeOp::TimeoutEnter(t) => {
                let Sync::Timeout(tm) = &**t else {
                    return Ok(Poll::Ready(Value::None));
                };
                if tm.state.get() != TimeoutState::Created {
                    return Err(types::runtime_error("Timeout has already been entered"));
                }
                let task = self.event_loop.as_ref().and_then(|lp| lp.current.clone());
                let Some(task) = task else {
                    return Err(types::runtime_error("Timeout should be used inside a task"));
                };
                tm.state.set(TimeoutState::Entered);
                tm.cancelling
                    .set(task.task().map_or(0, |s| s.num_cancels()));
                *tm.task.borrow_mut() = Some(task);
                self.timeout_reschedule(t, tm.when.get());
                Ok(Poll::Ready(Value::Sync(t.clone())))
            }
            NativeOp::TimeoutExit(t, exc) => {
                let Sync::Timeout(tm) = &**t else {
                    return Ok(Poll::Ready(Value::None));
                };
                cancel_timer(tm.handle.borrow_mut().take());
                match tm.state.get() {
                    TimeoutState::Expiring => {
                        tm.state.set(TimeoutState::Expired);
                        let remaining = tm
                            .task
                            .borrow()
                            .as_ref()
                            .and_then(|task| task.task())
                            .map_or(0, |s| {
                                s.set_num_cancels(s.num_cancels().saturating_sub(1));
                                s.num_cancels()
                            });
                        let is_cancel = matches!(exc, Value::Exception(e)
                            if types::exception_matches(e, "CancelledError"));
                        if remaining <= tm.cancelling.get() && is_cancel {
                            let err = types::new_exception_with_args(
                                types::exception_class("TimeoutError"),
                                Vec::new(),
                            );
                            *err.cause.borrow_mut() = Some(exc.clone());
                            err.suppress_context.set(true);
                            return Err(err);
                        }
                    }
                    TimeoutState::Entered => tm.state.set(TimeoutState::Exited),
                    _ => {}
                }
                Ok(Poll::Ready(Value::None))
            }
            NativeOp::Wait(op) => {
                let w = match op {
                    WaitOp::Unstarted {
                        fs,
                        timeout,
                        return_when,
                    } => {
                        let state = self.wait_start(fs, timeout, return_when)?;
                        let waiter = state.waiter.clone();
                        *op = WaitOp::Started(state);
                        return Ok(Poll::Wait(waiter));
                    }
                    WaitOp::Started(w) => w.clone(),
                };
                if woke.is_none() {
                    return Ok(Poll::Wait(w.waiter.clone()));
                }
                cancel_timer(w.handle.borrow_mut().take());
                for f in &w.futures {
                    remove_wait_callback(f, &w);
                }
                let (done, pending): (Vec<Rc<PyFuture>>, Vec<Rc<PyFuture>>) =
                    w.futures.iter().cloned().partition(|f| f.done());
                let done = Value::set(self, done.into_iter().map(Value::Future).collect())?;
                let pending = Value::set(self, pending.into_iter().map(Value::Future).collect())?;
                Ok(Poll::Ready(Value::tuple(vec![done, pending])))
            }
            NativeOp::AsCompletedOne(q) => {
                let Sync::Queue(queue) = &**q else {
                    return Ok(Poll::Ready(Value::None));
                };
                if queue.items.borrow().is_empty() {
                    return Ok(Poll::Wait(self.new_waiter(&queue.getters)));
                }
                match self.queue_get_nowait(queue)? {
                    Value::Future(f) => self.future_result(&f).map(Poll::Ready),
                    _ => Err(types::new_exception_with_args(
                        types::exception_class("TimeoutError"),
                        Vec::new(),
                    )),
                }
            }
        }
    }

    /// `Timeout.reschedule(when)`.
    fn timeout_reschedule(&mut self, t: &Rc<Sync>, when: Option<f64>) {
        let Sync::Timeout(tm) = &**t else { return };
        cancel_timer(tm.handle.borrow_mut().take());
        tm.when.set(when);
        if let Some(when) = when {
            // A deadline already passed fires on the next turn, not at a timer.
            let h = if when <= self.clock {
                self.call_soon_handle(Callback::TimeoutFired(t.clone()))
            } else {
                self.call_at(when, Callback::TimeoutFired(t.clone()))
            };
            *tm.handle.borrow_mut() = Some(h);
        }
    }

    /// `Timeout._on_timeout`: cancel the task inside the block.
    pub(crate) fn timeout_fired(&mut self, t: &Rc<Sync>) -> PyResult<()> {
        let Sync::Timeout(tm) = &**t else {
            return Ok(());
        };
        let task = tm.task.borrow().clone();
        if let Some(task) = task {
            self.task_cancel(&task, None)?;
        }
        tm.state.set(TimeoutState::Expiring);
        *tm.handle.borrow_mut() = None;
        Ok(())
    }

    /// `wait`'s `_on_completion(f)`.
    pub(crate) fn wait_completion(&mut self, w: &Rc<WaitState>, f: &Rc<PyFuture>) -> PyResult<()> {
        w.counter.set(w.counter.get().saturating_sub(1));
        let failed = || {
            let st = f.st.borrow();
            st.status == Status::Finished && st.failed
        };
        if w.counter.get() == 0
            || w.return_when == WaitWhen::FirstCompleted
            || (w.return_when == WaitWhen::FirstException && failed())
        {
            cancel_timer(w.handle.borrow_mut().take());
            if !w.waiter.done() {
                self.future_set_result(&w.waiter, Value::None)?;
            }
        }
        Ok(())
    }

    /// `as_completed`'s `_on_completion(f)`: the finished future joins the queue.
    pub(crate) fn as_completed_done(&mut self, q: &Rc<Sync>, f: &Rc<PyFuture>) -> PyResult<()> {
        if let Sync::Queue(queue) = &**q {
            queue.items.borrow_mut().push_back(Value::Future(f.clone()));
            self.wakeup_next(&queue.getters)?;
        }
        Ok(())
    }

    /// `as_completed`'s `_on_timeout`: every coroutine still to come raises TimeoutError.
    pub(crate) fn as_completed_timeout(
        &mut self,
        q: &Rc<Sync>,
        todo: &[Rc<PyFuture>],
    ) -> PyResult<()> {
        if let Sync::Queue(queue) = &**q {
            for f in todo {
                if !f.done() {
                    remove_done_callback(
                        f,
                        |c| matches!(c, DoneCallback::AsCompleted(x) if Rc::ptr_eq(x, q)),
                    );
                    queue.items.borrow_mut().push_back(Value::None);
                    self.wakeup_next(&queue.getters)?;
                }
            }
        }
        Ok(())
    }

    /// Resumes `wait_for` where it is suspended (see `WaitForStage`), line by line as
    /// CPython 3.11's `tasks.wait_for` and `_cancel_and_wait` run: each `await` is one
    /// stage, each `try`/`except`/`finally` one branch below.
    fn wait_for_resume(&mut self, w: &mut WaitFor, mode: Resume) -> PyResult<Poll> {
        match std::mem::replace(&mut w.stage, WaitForStage::Over) {
            WaitForStage::Unstarted { fut, timeout } => match mode {
                Resume::Throw(e) => Err(e),
                Resume::Close => Ok(Poll::Ready(Value::None)),
                Resume::Next | Resume::Send(_) => self.wait_for_start(w, fut, timeout),
            },
            WaitForStage::Awaiting(aw) => {
                let closing = matches!(mode, Resume::Close);
                match self.coro_send(&aw, mode)? {
                    // The awaitable is closed: `GeneratorExit` then ends `wait_for`.
                    GenStep::Returned(_) if closing => Ok(Poll::Ready(Value::None)),
                    GenStep::Returned(v) => Ok(Poll::Ready(v)),
                    GenStep::Yielded(_) if closing => {
                        Err(types::runtime_error("coroutine ignored GeneratorExit"))
                    }
                    GenStep::Yielded(v) => {
                        w.stage = WaitForStage::Awaiting(aw);
                        Ok(Poll::Yield(v))
                    }
                }
            }
            WaitForStage::Waiting {
                fut,
                waiter,
                handle,
            } => match mode {
                // `await waiter` returned: the timer fired, or `fut` is done.
                Resume::Next | Resume::Send(_) => {
                    if fut.done() {
                        handle.cancel();
                        return self.future_result(&fut).map(Poll::Ready);
                    }
                    remove_release_waiter(&fut, &waiter);
                    self.cancel_and_wait(w, fut, AfterCancel::ResultOrTimeout, Some(handle))
                }
                // `except exceptions.CancelledError:` the waiting task was cancelled.
                Resume::Throw(e) if types::exception_matches(&e, "CancelledError") => {
                    if fut.done() {
                        // It finished first: its result stands, the cancellation is dropped.
                        handle.cancel();
                        return self
                            .future_result(&fut)
                            .map(Poll::Ready)
                            .map_err(|err| raised_while_handling(err, &e));
                    }
                    remove_release_waiter(&fut, &waiter);
                    self.cancel_and_wait(w, fut, AfterCancel::Reraise(e), Some(handle))
                }
                Resume::Throw(e) => {
                    handle.cancel();
                    Err(e)
                }
                Resume::Close => {
                    handle.cancel();
                    Ok(Poll::Ready(Value::None))
                }
            },
            WaitForStage::CancelAndWait {
                fut,
                waiter,
                then,
                handle,
            } => {
                // `_cancel_and_wait`'s `finally: fut.remove_done_callback(cb)`.
                remove_release_waiter(&fut, &waiter);
                let result = match (mode, then) {
                    (Resume::Next | Resume::Send(_), AfterCancel::ResultOrTimeout) => {
                        match self.future_result(&fut) {
                            Err(e) if types::exception_matches(&e, "CancelledError") => {
                                Err(timeout_error_from(e))
                            }
                            other => other.map(Poll::Ready),
                        }
                    }
                    (Resume::Next | Resume::Send(_), AfterCancel::Reraise(e)) => Err(e),
                    (Resume::Throw(e), AfterCancel::Reraise(handled)) => {
                        Err(raised_while_handling(e, &handled))
                    }
                    (Resume::Throw(e), AfterCancel::ResultOrTimeout) => Err(e),
                    (Resume::Close, _) => Ok(Poll::Ready(Value::None)),
                };
                // `wait_for`'s `finally: timeout_handle.cancel()`.
                cancel_timer(handle);
                result
            }
            WaitForStage::Over => Err(types::runtime_error(
                "cannot reuse already awaited coroutine",
            )),
        }
    }

    /// `wait_for`'s body up to its first `await`.
    fn wait_for_start(&mut self, w: &mut WaitFor, fut: Value, timeout: Value) -> PyResult<Poll> {
        if self.event_loop.is_none() {
            return Err(types::runtime_error("no running event loop"));
        }
        if timeout.is_none() {
            // `return await fut`.
            let aw = super::asyncio::awaitable_of_one(self, &fut)?;
            w.stage = WaitForStage::Awaiting(aw);
            return self.wait_for_resume(w, Resume::Send(Value::None));
        }
        let at_most_zero = super::ops::compare(self, CmpOp::LtE, &timeout, &Value::Int(0))?;
        if self.truthy(&at_most_zero)? {
            let fut = self.ensure_future(fut)?;
            if fut.done() {
                return self.future_result(&fut).map(Poll::Ready);
            }
            return self.cancel_and_wait(w, fut, AfterCancel::ResultOrTimeout, None);
        }
        let Some(delay) = super::ops::to_f64(&timeout)? else {
            // `loop.call_later(timeout, ...)` adds it to the loop's time.
            return Err(types::type_error(format!(
                "unsupported operand type(s) for +: 'float' and '{}'",
                super::ops::type_name_static(&timeout)
            )));
        };
        let waiter = PyFuture::new(None);
        let handle = self.call_later(delay, Callback::ReleaseWaiter(waiter.clone()));
        let fut = self.ensure_future(fut)?;
        self.add_done_callback(&fut, DoneCallback::ReleaseWaiter(waiter.clone()));
        w.stage = WaitForStage::Waiting {
            fut,
            waiter: waiter.clone(),
            handle,
        };
        Ok(Poll::Wait(waiter))
    }

    /// `await _cancel_and_wait(fut)`: cancel `fut`, then wait until it has really finished
    /// (its done callback releases a waiter of its own); `wait_for` goes on as `then` says.
    fn cancel_and_wait(
        &mut self,
        w: &mut WaitFor,
        fut: Rc<PyFuture>,
        then: AfterCancel,
        handle: Option<Rc<Handle>>,
    ) -> PyResult<Poll> {
        let waiter = PyFuture::new(None);
        self.add_done_callback(&fut, DoneCallback::ReleaseWaiter(waiter.clone()));
        if let Err(e) = self.task_cancel(&fut, None) {
            remove_release_waiter(&fut, &waiter);
            cancel_timer(handle);
            return Err(match then {
                AfterCancel::Reraise(handled) => raised_while_handling(e, &handled),
                AfterCancel::ResultOrTimeout => e,
            });
        }
        w.stage = WaitForStage::CancelAndWait {
            fut,
            waiter: waiter.clone(),
            then,
            handle,
        };
        Ok(Poll::Wait(waiter))
    }

    /// The clean-up of an operation an exception was thrown into while it waited.
    fn native_abort(
        &mut self,
        op: &mut NativeOp,
        fut: &Rc<PyFuture>,
        exc: &Rc<PyException>,
    ) -> PyResult<()> {
        let cancelled = types::exception_matches(exc, "CancelledError");
        let getting = matches!(op, NativeOp::QueueGet(_));
        match op {
            NativeOp::LockAcquire { lock, .. } => {
                if let Sync::Lock(l) = &**lock {
                    remove(&l.waiters, fut);
                    if cancelled && !l.locked.get() {
                        self.lock_wake_first(l)?;
                    }
                }
            }
            NativeOp::SemaphoreAcquire { sem, .. } => {
                if let Sync::Semaphore(s) = &**sem {
                    remove(&s.waiters, fut);
                    if cancelled && fut.status() != Status::Cancelled {
                        s.value.set(s.value.get() + 1);
                        self.semaphore_wake_next(s)?;
                    }
                }
            }
            NativeOp::EventWait(ev) => remove(&ev.waiters, fut),
            NativeOp::QueueGet(q) | NativeOp::QueuePut(q, _) => {
                if let Sync::Queue(q) = &**q {
                    let list = if getting { &q.getters } else { &q.putters };
                    self.task_cancel(fut, None)?;
                    remove(list, fut);
                    let can_go = if getting {
                        !q.items.borrow().is_empty()
                    } else {
                        !Self::queue_full(q)
                    };
                    if can_go && fut.status() != Status::Cancelled {
                        self.wakeup_next(list)?;
                    }
                }
            }
            NativeOp::QueueJoin(q) => {
                if let Sync::Queue(q) = &**q {
                    remove(&q.finished.waiters, fut);
                }
            }
            NativeOp::Release(_) | NativeOp::TimeoutEnter(_) | NativeOp::TimeoutExit(..) => {}
            NativeOp::Wait(WaitOp::Started(w)) => {
                cancel_timer(w.handle.borrow_mut().take());
                for f in &w.futures {
                    remove_wait_callback(f, w);
                }
            }
            NativeOp::Wait(WaitOp::Unstarted { .. })
            | NativeOp::SleepBadDelay(_)
            | NativeOp::WaitFor(_) => {}
            NativeOp::AsCompletedOne(q) => {
                if let Sync::Queue(queue) = &**q {
                    remove(&queue.getters, fut);
                }
            }
        }
        Ok(())
    }

    /// Resumes a native coroutine.
    pub(crate) fn native_resume(
        &mut self,
        coro: &RefCell<NativeCoro>,
        mode: Resume,
    ) -> PyResult<GenStep> {
        let Ok(mut c) = coro.try_borrow_mut() else {
            return Err(types::value_error("coroutine already executing"));
        };
        c.started = true;
        if c.finished {
            // As a finished `async def`'s: a throw is refused like a send.
            return match mode {
                Resume::Close => Ok(GenStep::Returned(Value::None)),
                _ => Err(types::runtime_error(
                    "cannot reuse already awaited coroutine",
                )),
            };
        }
        let woke = c.waiting.take();
        // A `StopIteration` thrown in while the coroutine awaits a future comes back out of
        // the future's `throw`, which CPython's `await` takes for the future's result (what
        // the body then does with it, each operation's own code decides; peel lets it out as
        // thrown). Any other `StopIteration` leaving the body is PEP 479's `RuntimeError`.
        let thrown_while_waiting = woke.is_some() && matches!(mode, Resume::Throw(_));
        let c = &mut *c;
        if let (Some(fut), Resume::Next | Resume::Send(_)) = (&woke, &mode) {
            if !fut.done() {
                c.finished = true;
                return Err(types::runtime_error("await wasn't used with future"));
            }
        }
        let result = match (&mut c.op, mode) {
            // `wait_for` runs its own `except` and `finally` clauses.
            (NativeOp::WaitFor(w), mode) => self.wait_for_resume(w, mode),
            (op, Resume::Close) => {
                if let Some(fut) = &woke {
                    let exit = types::new_exception_with_args(
                        types::exception_class("GeneratorExit"),
                        Vec::new(),
                    );
                    self.native_abort(op, fut, &exit)?;
                }
                Ok(Poll::Ready(Value::None))
            }
            (op, Resume::Throw(e)) => {
                if let Some(fut) = &woke {
                    self.native_abort(op, fut, &e)?;
                }
                Err(e)
            }
            (op, Resume::Next | Resume::Send(_)) => self.native_poll(op, woke),
        };
        match result {
            Ok(Poll::Wait(fut)) => {
                if matches!(fut.purpose(), Purpose::Unknown) && !fut.is_task() {
                    fut.set_purpose(Purpose::Operation(op_label(&c.op)));
                }
                fut.st.borrow_mut().blocking = true;
                c.waiting = Some(fut.clone());
                Ok(GenStep::Yielded(Value::Future(fut)))
            }
            Ok(Poll::Yield(v)) => Ok(GenStep::Yielded(v)),
            Ok(Poll::Ready(v)) => {
                c.finished = true;
                Ok(GenStep::Returned(v))
            }
            Err(e) => {
                c.finished = true;
                match thrown_while_waiting {
                    true => Err(e),
                    false => Err(super::generator::pep479(e, "coroutine")),
                }
            }
        }
    }

    fn release(&mut self, prim: &Sync) -> PyResult<()> {
        match prim {
            Sync::Lock(l) => {
                if !l.locked.get() {
                    return Err(types::runtime_error("Lock is not acquired."));
                }
                l.locked.set(false);
                self.lock_wake_first(l)
            }
            Sync::Semaphore(s) => {
                s.value.set(s.value.get() + 1);
                self.semaphore_wake_next(s)
            }
            _ => Ok(()),
        }
    }

    /// The methods of the primitives.
    pub(crate) fn sync_method(
        &mut self,
        prim: &Rc<Sync>,
        name: &str,
        args: Vec<Value>,
    ) -> PyResult<Value> {
        use super::methods::arity;
        let n = args.len();
        match (&**prim, name) {
            (Sync::Lock(_), "acquire") => Ok(native(NativeOp::LockAcquire {
                lock: prim.clone(),
                for_with: false,
            })),
            (Sync::Lock(_), "__aenter__") => Ok(native(NativeOp::LockAcquire {
                lock: prim.clone(),
                for_with: true,
            })),
            (Sync::Semaphore(_), "acquire") => Ok(native(NativeOp::SemaphoreAcquire {
                sem: prim.clone(),
                for_with: false,
            })),
            (Sync::Semaphore(_), "__aenter__") => Ok(native(NativeOp::SemaphoreAcquire {
                sem: prim.clone(),
                for_with: true,
            })),
            (Sync::Lock(_) | Sync::Semaphore(_), "__aexit__") => {
                arity("__aexit__", n, 3, 3)?;
                Ok(native(NativeOp::Release(prim.clone())))
            }
            (Sync::Lock(_) | Sync::Semaphore(_), "release") => {
                arity("release", n, 0, 0)?;
                self.release(prim).map(|()| Value::None)
            }
            (Sync::Lock(l), "locked") => Ok(Value::Bool(l.locked.get())),
            (Sync::Semaphore(s), "locked") => Ok(Value::Bool(Self::semaphore_locked(s))),
            (Sync::Event(ev), "wait") => Ok(native(NativeOp::EventWait(ev.clone()))),
            (Sync::Event(ev), "set") => self.event_set(ev).map(|()| Value::None),
            (Sync::Event(ev), "clear") => {
                ev.set.set(false);
                Ok(Value::None)
            }
            (Sync::Event(ev), "is_set") => Ok(Value::Bool(ev.set.get())),
            (Sync::Queue(_), "get") => Ok(native(NativeOp::QueueGet(prim.clone()))),
            (Sync::Queue(_), "put") => {
                arity("put", n, 1, 1)?;
                let item = args.into_iter().next().unwrap_or_default();
                Ok(native(NativeOp::QueuePut(prim.clone(), item)))
            }
            (Sync::Queue(_), "join") => Ok(native(NativeOp::QueueJoin(prim.clone()))),
            (Sync::Queue(q), "put_nowait") => {
                arity("put_nowait", n, 1, 1)?;
                let item = args.into_iter().next().unwrap_or_default();
                self.queue_put_nowait(q, item).map(|()| Value::None)
            }
            (Sync::Queue(q), "get_nowait") => self.queue_get_nowait(q),
            (Sync::Queue(q), "task_done") => {
                if q.unfinished.get() <= 0 {
                    return Err(types::value_error("task_done() called too many times"));
                }
                q.unfinished.set(q.unfinished.get() - 1);
                if q.unfinished.get() == 0 {
                    let finished = q.finished.clone();
                    self.event_set(&finished)?;
                }
                Ok(Value::None)
            }
            (Sync::Queue(q), "qsize") => Ok(Value::Int(q.items.borrow().len() as i64)),
            (Sync::Queue(q), "empty") => Ok(Value::Bool(q.items.borrow().is_empty())),
            (Sync::Queue(q), "full") => Ok(Value::Bool(Self::queue_full(q))),
            (Sync::Timeout(_), "__aenter__") => Ok(native(NativeOp::TimeoutEnter(prim.clone()))),
            (Sync::Timeout(_), "__aexit__") => {
                arity("__aexit__", n, 3, 3)?;
                let exc = args.into_iter().nth(1).unwrap_or_default();
                Ok(native(NativeOp::TimeoutExit(prim.clone(), exc)))
            }
            (Sync::Timeout(t), "when") => Ok(t.when.get().map(Value::Float).unwrap_or_default()),
            (Sync::Handle(h), "cancel") => {
                arity("cancel", n, 0, 0)?;
                h.cancel();
                Ok(Value::None)
            }
            (Sync::Handle(h), "cancelled") => {
                arity("cancelled", n, 0, 0)?;
                Ok(Value::Bool(h.cancelled.get()))
            }
            (Sync::Handle(h), "when") => {
                arity("when", n, 0, 0)?;
                Ok(h.when.map(Value::Float).unwrap_or_default())
            }
            (Sync::Timeout(t), "expired") => Ok(Value::Bool(matches!(
                t.state.get(),
                TimeoutState::Expiring | TimeoutState::Expired
            ))),
            (Sync::Timeout(t), "reschedule") => {
                arity("reschedule", n, 1, 1)?;
                // The state is checked before the deadline is looked at.
                let state = match t.state.get() {
                    TimeoutState::Entered => None,
                    TimeoutState::Created => Some("Timeout has not been entered".to_string()),
                    other => Some(format!("Cannot change state of {} Timeout", other.word())),
                };
                if let Some(message) = state {
                    return Err(types::runtime_error(message));
                }
                let when = match args.into_iter().next().unwrap_or_default() {
                    Value::None => None,
                    v => super::ops::to_f64(&v)?,
                };
                self.timeout_reschedule(prim, when);
                Ok(Value::None)
            }
            _ => Err(types::attribute_error(format!(
                "'{}' object has no attribute '{}'",
                prim.type_name(),
                name
            ))),
        }
    }

    /// `q.maxsize` and friends.
    pub(crate) fn sync_attr(&mut self, prim: &Rc<Sync>, name: &str) -> Option<Value> {
        match (&**prim, name) {
            (Sync::Queue(q), "maxsize") => Some(Value::Int(q.maxsize)),
            (Sync::Semaphore(s), "_value") => Some(Value::Int(s.value.get())),
            _ => None,
        }
    }
}

/// What `acquire()` returns (`True`), or `__aenter__` (`None`).
fn acquired(for_with: bool) -> Value {
    if for_with {
        Value::None
    } else {
        Value::Bool(true)
    }
}

/// What a task blocked in `op` waits for, in the trace.
fn op_label(op: &NativeOp) -> &'static str {
    match op {
        NativeOp::LockAcquire { .. } => "Lock.acquire()",
        NativeOp::EventWait(_) => "Event.wait()",
        NativeOp::SemaphoreAcquire { .. } => "Semaphore.acquire()",
        NativeOp::Release(_) => "release()",
        NativeOp::QueueGet(_) => "Queue.get()",
        NativeOp::QueuePut(..) => "Queue.put()",
        NativeOp::QueueJoin(_) => "Queue.join()",
        NativeOp::WaitFor(_) => "wait_for()",
        NativeOp::TimeoutEnter(_) | NativeOp::TimeoutExit(..) => "timeout()",
        NativeOp::Wait(_) => "wait()",
        NativeOp::SleepBadDelay(_) => "sleep()",
        NativeOp::AsCompletedOne(_) => "as_completed()",
    }
}

/// `fut.remove_done_callback(cb)` for the callbacks `mine` picks: one waiter's own, never
/// another's (two `wait`s or `wait_for`s may watch the same task).
fn remove_done_callback(fut: &PyFuture, mine: impl Fn(&DoneCallback) -> bool) {
    fut.st.borrow_mut().callbacks.retain(|c| !mine(c));
}

/// `wait`'s `_on_completion` for `state` removed from a future's callbacks.
fn remove_wait_callback(fut: &PyFuture, state: &Rc<WaitState>) {
    remove_done_callback(
        fut,
        |c| matches!(c, DoneCallback::Wait(s) if Rc::ptr_eq(s, state)),
    );
}

/// `functools.partial(_release_waiter, waiter)` removed from a future's callbacks.
fn remove_release_waiter(fut: &PyFuture, waiter: &Rc<PyFuture>) {
    remove_done_callback(
        fut,
        |c| matches!(c, DoneCallback::ReleaseWaiter(w) if Rc::ptr_eq(w, waiter)),
    );
}

/// `raise exceptions.TimeoutError() from exc`, inside `except CancelledError as exc`.
fn timeout_error_from(exc: Rc<PyException>) -> Rc<PyException> {
    let timeout =
        types::new_exception_with_args(types::exception_class("TimeoutError"), Vec::new());
    *timeout.cause.borrow_mut() = Some(Value::Exception(exc.clone()));
    *timeout.context.borrow_mut() = Some(Value::Exception(exc));
    timeout.suppress_context.set(true);
    timeout
}

/// `e`, raised (or thrown in) inside the `except` block that handles `handled`: its
/// `__context__` is `handled`, as CPython chains it.
fn raised_while_handling(e: Rc<PyException>, handled: &Rc<PyException>) -> Rc<PyException> {
    super::interp::chain_context(&e, handled.clone());
    e
}

pub const SYNC_METHODS_LOCK: &[&str] = &["acquire", "release", "locked", "__aenter__", "__aexit__"];
pub const SYNC_METHODS_EVENT: &[&str] = &["wait", "set", "clear", "is_set"];
pub const SYNC_METHODS_TIMEOUT: &[&str] =
    &["__aenter__", "__aexit__", "when", "expired", "reschedule"];
pub const SYNC_METHODS_QUEUE: &[&str] = &[
    "get",
    "put",
    "join",
    "put_nowait",
    "get_nowait",
    "task_done",
    "qsize",
    "empty",
    "full",
];

// ---------------------------------------------------------------------------------------
// Constructors and `wait_for`, as the `asyncio` module's functions.

pub fn new_lock(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    bind_method("Lock.__init__", &["self"], 1, args, kwargs)?;
    Ok(Value::Sync(Rc::new(Sync::Lock(PyLock {
        locked: Cell::new(false),
        waiters: RefCell::new(VecDeque::new()),
    }))))
}

pub fn new_event(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    bind_method("Event.__init__", &["self"], 1, args, kwargs)?;
    Ok(Value::Sync(Rc::new(Sync::Event(Rc::new(PyEvent {
        set: Cell::new(false),
        waiters: RefCell::new(VecDeque::new()),
    })))))
}

pub fn new_semaphore(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let value = bind_method("Semaphore.__init__", &["self", "value"], 1, args, kwargs)?.remove(1);
    let value = match value {
        None => 1,
        Some(Value::Int(i)) => i,
        Some(other) => {
            return Err(types::type_error(format!(
                "'<' not supported between instances of '{}' and 'int'",
                super::ops::type_name_static(&other)
            )))
        }
    };
    if value < 0 {
        return Err(types::value_error("Semaphore initial value must be >= 0"));
    }
    Ok(Value::Sync(Rc::new(Sync::Semaphore(PySemaphore {
        value: Cell::new(value),
        waiters: RefCell::new(VecDeque::new()),
    }))))
}

pub fn new_queue(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let maxsize = bind_method("Queue.__init__", &["self", "maxsize"], 1, args, kwargs)?.remove(1);
    let maxsize = match maxsize {
        None => 0,
        Some(Value::Int(i)) => i,
        Some(other) => {
            return Err(types::type_error(format!(
                "'>' not supported between instances of '{}' and 'int'",
                super::ops::type_name_static(&other)
            )))
        }
    };
    Ok(Value::Sync(Rc::new(Sync::Queue(PyQueue {
        maxsize,
        items: RefCell::new(VecDeque::new()),
        getters: RefCell::new(VecDeque::new()),
        putters: RefCell::new(VecDeque::new()),
        unfinished: Cell::new(0),
        finished: Rc::new(PyEvent {
            set: Cell::new(true),
            waiters: RefCell::new(VecDeque::new()),
        }),
    }))))
}

/// `asyncio.wait_for(fut, timeout)`: a coroutine; only its arguments are bound now (see
/// `WaitFor`).
pub fn wait_for(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut a = bind("wait_for", &["fut", "timeout"], 2, &[], args, kwargs)?;
    let (fut, timeout) = (
        a[0].take().unwrap_or_default(),
        a[1].take().unwrap_or_default(),
    );
    Ok(native(NativeOp::WaitFor(WaitFor {
        stage: WaitForStage::Unstarted { fut, timeout },
    })))
}

/// `asyncio.timeout(delay)`.
pub fn timeout(vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let delay = bind("timeout", &["delay"], 1, &[], args, kwargs)?.remove(0);
    let when = match delay.unwrap_or_default() {
        Value::None => None,
        v => super::ops::to_f64(&v)?.map(|d| vm.clock + d),
    };
    if vm.event_loop.is_none() {
        return Err(types::runtime_error("no running event loop"));
    }
    Ok(Value::Sync(Rc::new(Sync::Timeout(PyTimeout {
        state: Cell::new(TimeoutState::Created),
        when: Cell::new(when),
        handle: RefCell::new(None),
        task: RefCell::new(None),
        cancelling: Cell::new(0),
    }))))
}

fn futures_argument(vm: &mut Vm, fs: &Value) -> PyResult<Vec<Value>> {
    if matches!(fs, Value::Future(_)) || super::asyncio::is_coroutine(fs) {
        return Err(types::type_error(format!(
            "expect a list of futures, not {}",
            super::ops::type_name_static(fs)
        )));
    }
    let mut items = Vec::new();
    let it = super::ops::iter(vm, fs)?;
    while let Some(x) = super::ops::next(vm, &it)? {
        if !items.iter().any(|y| super::ops::is(y, &x)) {
            items.push(x);
        }
    }
    Ok(items)
}

/// `asyncio.wait(fs, *, timeout=None, return_when=ALL_COMPLETED)`: a coroutine, which
/// looks at its arguments only when first resumed (`wait_start`).
pub fn wait(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut a = bind(
        "wait",
        &["fs"],
        1,
        &["timeout", "return_when"],
        args,
        kwargs,
    )?;
    Ok(native(NativeOp::Wait(WaitOp::Unstarted {
        fs: a[0].take().unwrap_or_default(),
        timeout: a[1].take().unwrap_or_default(),
        return_when: a[2].take().unwrap_or_else(|| Value::str("ALL_COMPLETED")),
    })))
}

impl Vm {
    /// The body of `tasks.wait` and `_wait` up to `await waiter`: the checks in CPython's
    /// order, the timer, and `_on_completion` on every future.
    fn wait_start(
        &mut self,
        fs: &Value,
        timeout: &Value,
        return_when: &Value,
    ) -> PyResult<Rc<WaitState>> {
        if matches!(fs, Value::Future(_)) || super::asyncio::is_coroutine(fs) {
            return Err(types::type_error(format!(
                "expect a list of futures, not {}",
                super::ops::type_name_static(fs)
            )));
        }
        if !self.truthy(fs)? {
            return Err(types::value_error("Set of Tasks/Futures is empty."));
        }
        let return_when = match return_when {
            Value::Str(s) if s.s == "FIRST_COMPLETED" => WaitWhen::FirstCompleted,
            Value::Str(s) if s.s == "FIRST_EXCEPTION" => WaitWhen::FirstException,
            Value::Str(s) if s.s == "ALL_COMPLETED" => WaitWhen::AllCompleted,
            other => {
                return Err(types::value_error(format!(
                    "Invalid return_when value: {}",
                    super::ops::str(self, other)?
                )))
            }
        };
        let items = futures_argument(self, fs)?;
        if items.iter().any(super::asyncio::is_coroutine) {
            return Err(types::type_error(
                "Passing coroutines is forbidden, use tasks explicitly.",
            ));
        }
        if self.event_loop.is_none() {
            return Err(types::runtime_error("no running event loop"));
        }
        let timeout = match timeout {
            Value::None => None,
            v => Some(super::ops::to_f64(v)?.ok_or_else(|| {
                types::type_error(format!(
                    "unsupported operand type(s) for +: 'float' and '{}'",
                    super::ops::type_name_static(v)
                ))
            })?),
        };
        let waiter = PyFuture::new(None);
        let handle = timeout.map(|t| self.call_later(t, Callback::ReleaseWaiter(waiter.clone())));
        let mut futures = Vec::with_capacity(items.len());
        let mut not_a_future = None;
        for x in items {
            match x {
                Value::Future(f) => futures.push(f),
                other => {
                    not_a_future = Some(other);
                    break;
                }
            }
        }
        let state = Rc::new(WaitState {
            counter: Cell::new(futures.len()),
            futures,
            waiter,
            handle: RefCell::new(handle),
            return_when,
            timeout,
        });
        for f in &state.futures {
            self.add_done_callback(f, DoneCallback::Wait(state.clone()));
        }
        if let Some(other) = not_a_future {
            // `f.add_done_callback(_on_completion)` on something that is not a future.
            return Err(types::attribute_error(format!(
                "'{}' object has no attribute 'add_done_callback'",
                super::ops::type_name_static(&other)
            )));
        }
        Ok(state)
    }
}

/// `asyncio.as_completed(fs, *, timeout=None)`: a generator of coroutines, each giving
/// the result of the next future to finish. Like CPython's, it does nothing until it is
/// first iterated (see `as_completed_start`).
pub fn as_completed(_vm: &mut Vm, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Value> {
    let mut a = bind("as_completed", &["fs"], 1, &["timeout"], args, kwargs)?;
    let fs = a[0].take().unwrap_or_default();
    let timeout = a[1].take().unwrap_or_default();
    Ok(Value::iterator(IterState::AsCompleted {
        start: Some(Box::new((fs, timeout))),
        queue: None,
        remaining: 0,
    }))
}

/// The body of `as_completed` up to its first `yield`: the futures (coroutines wrapped in
/// tasks) get `_on_completion` as a done callback, the timeout its timer, and the result
/// is one `_wait_for_one()` coroutine per future.
pub(crate) fn as_completed_start(
    vm: &mut Vm,
    fs: &Value,
    timeout: &Value,
) -> PyResult<(Rc<Sync>, usize)> {
    if matches!(fs, Value::Future(_)) || super::asyncio::is_coroutine(fs) {
        return Err(types::type_error(format!(
            "expect an iterable of futures, not {}",
            super::ops::type_name_static(fs)
        )));
    }
    let items = futures_argument(vm, fs)?;
    let mut todo = Vec::new();
    for x in items {
        todo.push(vm.ensure_future(x)?);
    }
    let queue = new_queue(vm, Vec::new(), Vec::new())?;
    let Value::Sync(q) = queue else {
        return Err(types::runtime_error("peel: no queue"));
    };
    for f in &todo {
        vm.add_done_callback(f, DoneCallback::AsCompleted(q.clone()));
    }
    if let Some(t) = super::ops::to_f64(timeout)? {
        if !todo.is_empty() {
            vm.call_later(
                t,
                Callback::AsCompletedTimeout(Box::new((q.clone(), todo.clone()))),
            );
        }
    }
    Ok((q, todo.len()))
}

/// One `_wait_for_one()` coroutine of `as_completed`, made when the generator is asked
/// for it (one never asked for is never made, so never "never awaited").
pub(crate) fn as_completed_one(queue: &Rc<Sync>) -> Value {
    native(NativeOp::AsCompletedOne(queue.clone()))
}
