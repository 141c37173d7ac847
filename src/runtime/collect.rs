//! The collection at exit: what a program leaves behind is finalized before anything of
//! it is taken apart.
//!
//! When a CPython program ends, the interpreter lets go of `__main__`. Its namespace is
//! nearly always part of a reference cycle (every function refers to the module's globals,
//! and so does every generator's frame, and the globals refer to them), so it is not freed
//! there and then: the cycle collector finds the whole garbage, the namespace and all that
//! only it reaches, and before it breaks one reference it runs every finalizer in it
//! (PEP 442). A generator suspended in a global is closed while every global is still
//! there, so its `finally` can call the module's functions; a task whose exception nobody
//! retrieved is reported with the same world around it.
//!
//! peel counts references, with no collector, so it does the same on purpose: it walks
//! what the namespace reaches (and what the uncaught exception's frames hold, which CPython
//! lets go first, as it deletes `sys.last_value`), finalizes each object that has something
//! to say in the order the walk finds it (globals in definition order, a container before
//! what it holds: the order the objects were made in, for a program that binds each global
//! once, as the collector's order is), and only then clears the namespace. An object that
//! goes away while another one is finalized (a generator the closed one held) is finalized
//! at that moment, as CPython's reference counting does, and not a second time.

use std::collections::HashSet;
use std::rc::{Rc, Weak};

use super::asyncio::PyFuture;
use super::drops::Notice;
use super::generator::{Place, PyGenerator};
use super::value::{Completion, IterState, PyInstance, Value};
use super::Vm;

/// An object with something to do or say when it goes, found by the walk.
enum Finalizable {
    /// A generator suspended inside a `try` (it is closed), or a coroutine never started
    /// (it warns that it was never awaited).
    Generator(Weak<PyGenerator>),
    /// A task that failed and whose exception nobody retrieved.
    Task(Weak<PyFuture>),
    /// An instance of a class with `__del__`.
    Instance(Weak<PyInstance>),
}

impl Vm {
    /// Finalizes, in the order a walk from `roots` finds them, the objects the roots reach
    /// that have something to do or say as they go; the roots themselves stay as they are.
    pub(crate) fn finalize_reachable(&mut self, roots: Vec<Value>) {
        // The instances with `__del__` go after the generators and tasks, in the order
        // CPython's collector finalizes them (`instances_from`).
        // (The roots live until the end: an instance that went with them now would come
        // back as another one, which the walk has not seen.)
        let instances = instances_from(roots.clone());
        let found = finalizable_from(roots.clone());
        for found in found.into_iter().chain(instances) {
            match found {
                Finalizable::Instance(obj) => {
                    let Some(obj) = obj.upgrade() else { continue };
                    if !obj.awaits_finalizer() {
                        continue;
                    }
                    obj.finalized.set(true);
                    self.call_del(obj);
                }
                Finalizable::Generator(gen) => {
                    let Some(gen) = gen.upgrade() else { continue };
                    if gen.finalized.replace(true) {
                        continue;
                    }
                    if gen.never_awaited() {
                        let name = gen.code.qualname.to_string();
                        self.print_notice(Notice::NeverAwaited(name), Some(Place::Shutdown));
                    } else {
                        self.close_finalized(&gen);
                    }
                }
                Finalizable::Task(task) => {
                    let Some(task) = task.upgrade() else { continue };
                    let Some(notice) = task.never_retrieved_notice() else {
                        continue;
                    };
                    task.st.borrow_mut().retrieved = true;
                    self.print_notice(notice, Some(Place::Shutdown));
                }
            }
            // What the finalizer let go of is finalized now.
            if self.drops.pending() {
                self.finalize_at(Place::Shutdown);
            }
            if self.halting {
                return;
            }
        }
        drop(roots);
        if self.drops.pending() {
            self.finalize_at(Place::Shutdown);
        }
    }
}

/// The objects `roots` reach that have something to do as they go, container first, each
/// container's members in order. The walk keeps its own stack (data can be deep) and
/// visits each object once (data can be cyclic).
fn finalizable_from(roots: Vec<Value>) -> Vec<Finalizable> {
    let mut found = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    let mut stack: Vec<Value> = roots;
    stack.reverse();
    let mut members = Vec::new();
    while let Some(v) = stack.pop() {
        // A value with no visible end holds nothing that has one (but a class of the
        // program may hold instances with `__del__` in its namespace).
        let class_of_program = matches!(&v, Value::Type(t) if t.class.is_some());
        if !(class_of_program || super::generator::end_is_observable(&v))
            || !seen.insert(super::ops::identity(&v))
        {
            continue;
        }
        match &v {
            Value::Type(t) => {
                stack.extend(t.class.as_ref().map(|c| Value::Dict(c.dict.clone())));
                continue;
            }
            Value::Generator(g) if g.closing_runs_code() || g.never_awaited() => {
                found.push(Finalizable::Generator(Rc::downgrade(g)));
            }
            Value::Future(f) if f.never_retrieved_notice().is_some() => {
                found.push(Finalizable::Task(Rc::downgrade(f)));
            }
            _ => {}
        }
        let _ = members_of(&v, &mut members);
        stack.extend(members.drain(..).rev());
    }
    found
}

/// The instances with a `__del__` still to call that `roots` reach, in the order
/// CPython 3.11's collector finalizes them when it finds the namespace to be garbage: the
/// order its `tp_traverse`s reach them, breadth first (the order `move_unreachable` leaves
/// its list in, when the collections during the program found the namespace alive). An
/// instance's attributes are one step from it (3.11 keeps them inline, without a dict),
/// a list's and a tuple's items are reached last to first, a class's namespace is a step
/// from the class.
fn instances_from(roots: Vec<Value>) -> Vec<Finalizable> {
    let mut found = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    let mut queue: std::collections::VecDeque<Value> = roots.into();
    let mut members = Vec::new();
    while let Some(v) = queue.pop_front() {
        let class_of_program = matches!(&v, Value::Type(t) if t.class.is_some());
        if !(class_of_program || super::generator::end_is_observable(&v))
            || !seen.insert(super::ops::identity(&v))
        {
            continue;
        }
        match &v {
            Value::Instance(obj) => {
                if obj.awaits_finalizer() {
                    found.push(Finalizable::Instance(Rc::downgrade(obj)));
                }
                queue.push_back(Value::Type(obj.class.clone()));
                if let Ok(map) = obj.dict.map.try_borrow() {
                    queue.extend(map.values().cloned());
                }
            }
            Value::Type(t) => {
                queue.extend(t.class.as_ref().map(|c| Value::Dict(c.dict.clone())));
            }
            Value::List(_) | Value::Tuple(_) => {
                let _ = members_of(&v, &mut members);
                queue.extend(members.drain(..).rev());
            }
            _ => {
                let _ = members_of(&v, &mut members);
                queue.extend(members.drain(..));
            }
        }
    }
    found
}

/// Puts the values `v` holds onto `out`, in the order CPython's `tp_traverse` lists them;
/// `false` when they cannot be seen (asyncio's native awaitables and synchronisation
/// primitives are not walked, nor an object in use right now).
pub(crate) fn members_of(v: &Value, out: &mut Vec<Value>) -> bool {
    match v {
        Value::List(l) => match l.items.try_borrow() {
            Ok(items) => out.extend(items.iter().cloned()),
            Err(_) => return false,
        },
        Value::Tuple(t) => out.extend(t.items.iter().cloned()),
        Value::Dict(d) => match d.map.try_borrow() {
            Ok(map) => {
                for (k, v) in map.iter() {
                    out.push(k.value.clone());
                    out.push(v.clone());
                }
            }
            Err(_) => return false,
        },
        Value::Set(s) | Value::FrozenSet(s) => match s.set.try_borrow() {
            Ok(set) => out.extend(set.keys().map(|k| k.value.clone())),
            Err(_) => return false,
        },
        Value::Function(f) => {
            out.extend(f.defaults.borrow().iter().cloned());
            out.extend(f.kw_defaults.borrow().iter().flatten().cloned());
            out.extend(f.closure.iter().cloned());
            if let Some(attrs) = &*f.attrs.borrow() {
                out.extend(attrs.dict.clone().map(Value::Dict));
            }
        }
        Value::BoundMethod(m) => out.push(m.receiver.clone()),
        Value::Instance(obj) => {
            out.push(Value::Type(obj.class.clone()));
            out.push(Value::Dict(obj.dict.clone()));
        }
        Value::Exception(e) => {
            out.extend(e.args.borrow().iter().cloned());
            out.extend(e.dict.borrow().clone().map(Value::Dict));
            out.extend(e.frame_values.borrow().iter().cloned());
            out.extend(e.cause.borrow().clone());
            out.extend(e.context.borrow().clone());
        }
        Value::Iterator(it) => match it.state.try_borrow() {
            Ok(state) => iterator_members(&state, out),
            Err(_) => return false,
        },
        Value::Generator(g) => match g.inner.try_borrow() {
            Ok(st) => out.extend(st.saved.values().iter().flatten().cloned()),
            Err(_) => return false,
        },
        Value::Future(f) => {
            out.extend(f.task().map(|t| t.coro.clone()));
            match f.st.try_borrow() {
                Ok(st) => out.push(st.result.clone()),
                Err(_) => return false,
            }
        }
        Value::Cell(c) => match c.try_borrow() {
            Ok(c) => out.extend(c.clone()),
            Err(_) => return false,
        },
        Value::DictView(view) => out.push(Value::Dict(view.dict.clone())),
        Value::Completion(c) => match &**c {
            Completion::Return(x) | Completion::Raise(x) => out.push(x.clone()),
            Completion::Normal | Completion::Jump(_) => {}
        },
        Value::Awaitable(_) | Value::Sync(_) => return false,
        _ => {}
    }
    true
}

fn iterator_members(state: &IterState, out: &mut Vec<Value>) {
    match state {
        IterState::List { list, .. } => out.push(Value::List(list.clone())),
        IterState::Tuple { tuple, .. } => out.push(Value::Tuple(tuple.clone())),
        IterState::Dict { dict, .. } => out.push(Value::Dict(dict.clone())),
        IterState::Enumerate { inner, count } => out.extend([inner.clone(), count.clone()]),
        IterState::Zip { inners, .. } => out.extend(inners.iter().cloned()),
        IterState::Map { func, inners } => {
            out.push(func.clone());
            out.extend(inners.iter().cloned());
        }
        IterState::Filter { func, inner } => out.extend([func.clone(), inner.clone()]),
        IterState::Sequence { object, .. } => out.push(object.clone()),
        IterState::Set { items, .. }
        | IterState::Reversed { items, .. }
        | IterState::Values { items, .. } => out.extend(items.iter().cloned()),
        IterState::AsCompleted { start, .. } => {
            if let Some(start) = start {
                out.extend([start.0.clone(), start.1.clone()]);
            }
        }
        IterState::Str { .. }
        | IterState::Range { .. }
        | IterState::LongRange(_)
        | IterState::Exhausted => {}
    }
}
