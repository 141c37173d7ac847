//! What happens when an object goes away.
//!
//! In CPython an object is freed the moment its last reference goes, and some objects have
//! something to say then: a generator suspended inside a `try` is closed (its `finally`
//! runs), a coroutine that never started warns that it "was never awaited", a task that
//! failed unobserved reports "Task exception was never retrieved". peel's values are
//! reference counted too, so the same moment comes, as Rust's `Drop`. But `Drop` cannot run
//! Python code, and it has no `Vm` at hand: it can only leave a note. This module is where
//! the notes go: a `Drops` owned by the run's `Vm`, which the interpreter reads at the next
//! statement boundary or call return, where CPython would have run the finalizer.
//!
//! `Drop` finds the running program's `Drops` through one thread-local pointer, installed
//! for exactly as long as that program runs (`Drops::install`). The state itself belongs to
//! the run: two programs run one after the other on one thread share nothing, and an
//! object dropped when no program runs just goes away.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use super::generator::PyGenerator;
use super::value::{PyException, PyInstance, PyStr, Value};

/// An object that runs code of the program as it goes, waiting for its turn.
pub(crate) enum Finalize {
    /// A generator dropped while suspended inside a `try`: it is closed.
    Generator(Rc<PyGenerator>),
    /// An instance of a class with `__del__`, brought back to have it called.
    Instance(Rc<PyInstance>),
}

/// What CPython reports on stderr when an object is freed.
pub(crate) enum Notice {
    /// `RuntimeWarning: coroutine 'f' was never awaited` (its qualname).
    NeverAwaited(String),
    /// `Task exception was never retrieved` (the task's coroutine, its name, the error).
    NeverRetrieved {
        coro: Value,
        name: String,
        exc: Rc<PyException>,
    },
}

/// The notes objects leave as they go, and the side tables that must forget an object when
/// it goes. One per run, inside its `Vm`.
#[derive(Default)]
pub(crate) struct Drops {
    /// Something below waits to be handled (checked at every statement: one load).
    pending: Cell<bool>,
    /// Generators dropped while suspended inside a `try`, waiting to be closed, and
    /// instances waiting for their `__del__`, in the order they were dropped.
    generators: RefCell<Vec<Finalize>>,
    /// Warnings to print.
    notices: RefCell<Vec<Notice>>,
    /// Reports of objects CPython would find in a reference cycle, and so report only
    /// when its collector runs at exit (see `notify_at_exit`).
    at_exit: RefCell<Vec<Notice>>,
    /// The names given to tasks, by the address of their state: most tasks are never named,
    /// and a field would cost every task 8 bytes. A task's entry goes when the task does, so
    /// an address is never seen twice.
    task_names: RefCell<HashMap<usize, Rc<PyStr>>>,
}

thread_local! {
    /// The `Drops` of the program running on this thread, if one is.
    static ACTIVE: RefCell<Option<Rc<Drops>>> = const { RefCell::new(None) };
}

/// Uninstalls a run's `Drops` when the run ends (however it ends), restoring what was there.
pub(crate) struct Installed {
    previous: Option<Rc<Drops>>,
}

impl Drop for Installed {
    fn drop(&mut self) {
        let previous = self.previous.take();
        let _ = ACTIVE.try_with(|a| *a.borrow_mut() = previous);
    }
}

/// Runs `f` on the running program's `Drops`, if a program runs.
fn with_active<T>(f: impl FnOnce(&Drops) -> T) -> Option<T> {
    ACTIVE
        .try_with(|a| a.try_borrow().ok().and_then(|a| a.as_ref().map(|d| f(d))))
        .ok()
        .flatten()
}

impl Drops {
    /// Makes `drops` the place objects dropped on this thread report to, until the guard
    /// goes.
    pub(crate) fn install(drops: &Rc<Drops>) -> Installed {
        let previous = ACTIVE.with(|a| a.borrow_mut().replace(drops.clone()));
        Installed { previous }
    }

    /// Is something waiting to be handled?
    #[inline]
    pub(crate) fn pending(&self) -> bool {
        self.pending.get()
    }

    /// Takes what waits: the generators to close and the notices to print.
    pub(crate) fn take(&self) -> (Vec<Finalize>, Vec<Notice>) {
        self.pending.set(false);
        let generators = std::mem::take(&mut *self.generators.borrow_mut());
        let notices = std::mem::take(&mut *self.notices.borrow_mut());
        (generators, notices)
    }

    /// Takes what waits for the end of the run (`notify_at_exit`).
    pub(crate) fn take_at_exit(&self) -> Vec<Notice> {
        std::mem::take(&mut *self.at_exit.borrow_mut())
    }

    /// Puts back warnings that must wait for the program's next statement boundary (the
    /// place they name), before any that come later.
    pub(crate) fn defer(&self, notices: Vec<Notice>) {
        if notices.is_empty() {
            return;
        }
        let mut q = self.notices.borrow_mut();
        let later = std::mem::replace(&mut *q, notices);
        q.extend(later);
        self.pending.set(true);
    }

    /// The name given to the task whose state lives at `key`.
    pub(crate) fn task_name(&self, key: usize) -> Option<Rc<PyStr>> {
        self.task_names.borrow().get(&key).cloned()
    }

    /// Gives the task whose state lives at `key` a name.
    pub(crate) fn set_task_name(&self, key: usize, name: Rc<PyStr>) {
        self.task_names.borrow_mut().insert(key, name);
    }

    #[cfg(test)]
    pub(crate) fn named_tasks(&self) -> usize {
        self.task_names.borrow().len()
    }
}

/// Leaves a notice for the running program (nothing when none runs).
pub(crate) fn notify(notice: Notice) {
    with_active(|d| {
        if let Ok(mut q) = d.notices.try_borrow_mut() {
            q.push(notice);
            d.pending.set(true);
        }
    });
}

/// Leaves a notice for the end of the run: the object would be freed by CPython's cycle
/// collector, which runs (for a short program) only as the interpreter ends. A task whose
/// step raised `SystemExit` or `KeyboardInterrupt` is one: the exception went on up through
/// the event loop's frames, and its traceback holds them, and through them the task.
pub(crate) fn notify_at_exit(notice: Notice) {
    with_active(|d| {
        if let Ok(mut q) = d.at_exit.try_borrow_mut() {
            q.push(notice);
        }
    });
}

/// Hands a dropped generator to the running program to be closed; `false` when no
/// program runs (the generator then just goes away).
pub(crate) fn finalize_later(make: impl FnOnce() -> Rc<PyGenerator>) -> bool {
    with_active(|d| match d.generators.try_borrow_mut() {
        Ok(mut q) => {
            q.push(Finalize::Generator(make()));
            d.pending.set(true);
            true
        }
        Err(_) => false,
    })
    .unwrap_or(false)
}

/// Hands the running program an instance to call `__del__` on (made by `make`, from the
/// one being dropped); when no program runs, it just goes away.
pub(crate) fn finalize_instance(make: impl FnOnce() -> PyInstance) {
    with_active(|d| {
        if let Ok(mut q) = d.generators.try_borrow_mut() {
            q.push(Finalize::Instance(Rc::new(make())));
            d.pending.set(true);
        }
    });
}

/// Is a program running on this thread (so a dropped object's finalizer will run)?
pub(crate) fn finalization_on() -> bool {
    with_active(|_| ()).is_some()
}

/// The name given to the task at `key`, through the running program's `Drops` (a task's
/// name is asked for by reprs, which have no `Vm`).
pub(crate) fn task_name(key: usize) -> Option<Rc<PyStr>> {
    with_active(|d| d.task_name(key)).flatten()
}

/// Names the task at `key` in the running program.
pub(crate) fn set_task_name(key: usize, name: Rc<PyStr>) {
    with_active(|d| d.set_task_name(key, name));
}

/// Forgets the name of the task at `key` (it is going away).
pub(crate) fn forget_task_name(key: usize) {
    with_active(|d| {
        if let Ok(mut names) = d.task_names.try_borrow_mut() {
            names.remove(&key);
        }
    });
}
