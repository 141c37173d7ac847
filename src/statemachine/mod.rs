//! State machines: what a generator function really is.
//!
//! A generator is a function that can stop in the middle (at a `yield`) and later carry on
//! where it stopped. Underneath there is nothing magic: the compiler turns the function into
//! an object with a `state` field and one `resume(mode, value)` function that looks at the
//! state and jumps to the right place. Each `yield` ends a basic block (the CFG stage made
//! sure of it), so every suspension point becomes one state:
//!
//! - `Unresumed`: created, nothing run yet; the arguments are its fields.
//! - `SuspendN`: stopped at the `yield` on line N; resuming continues at the block after it,
//!   and a `throw()` continues at the handler that covers the `yield`.
//! - `Returned`: finished (returned or raised); every resume raises `StopIteration`.
//! - `Running`: executing now; resuming it is "ValueError: generator already executing".
//!
//! The object's fields are the locals the liveness stage found live across some suspension
//! point (plus the arguments and closure cells it was created with, kept at `Unresumed`).
//! One more kind of field keeps the machine honest about *when values end*: CPython's
//! frame holds every bound variable until it is rebound, deleted or the frame ends, even
//! one that is never read again, and a program can see a value end (a generator's
//! `finally` runs, a task reports "exception was never retrieved"). So each state also
//! lists the program's variables that are dead there but may be bound (a forward "maybe
//! bound" analysis, `liveness::maybe_bound_at_yields`, minus the live ones), printed as
//! `keeps alive`: the runtime keeps such a value while suspended only if its end can be
//! seen, and drops an int or a string at once. The desugarer's temporaries are not
//! listed: they stand for values CPython keeps on its stack, which it drops when used.
//! This follows rustc's coroutine transform (Unresumed/Returned/Poisoned plus one state per
//! suspension point, fields chosen by liveness) and, for `try`/`finally`, the regenerator
//! design already built into the CFG (handler blocks and completion records).

mod python;
pub use python::print_python;

use crate::cfg::{
    BlockId, FuncId, Function, FunctionKind, Handler, Program, Slot, SlotKind, Terminator,
};
use crate::liveness::Liveness;
use crate::span::SourceFile;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The state machine of one generator or coroutine function.
#[derive(Clone, Debug, PartialEq)]
pub struct StateMachine {
    pub func: FuncId,
    /// Every slot any state keeps, in slot order: the object's fields.
    pub fields: Vec<Slot>,
    pub states: Vec<State>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// `Unresumed`, `Suspend12`, `Returned`, `Running`.
    pub name: String,
    pub kind: StateKind,
    /// Locals kept while in this state for the program's use: live across its `yield`.
    pub saved: Vec<Slot>,
    /// The program's variables that are dead here but may be bound: CPython's frame keeps
    /// them until they are rebound or deleted or the frame ends, so their values may not
    /// end any earlier here. The runtime keeps such a value only if its end can be seen
    /// (`runtime::generator::end_is_observable`: a generator, a task, a container...) and
    /// lets the others go (an int or a string has no visible end).
    pub kept_alive: Vec<Slot>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StateKind {
    Unresumed,
    Suspended {
        /// The block ending in the `yield`.
        block: BlockId,
        /// Where `next()`/`send()` continue.
        resume: BlockId,
        /// Where a sent value is stored on resumption.
        sent: Option<Slot>,
        /// Where `throw()`/`close()` continue, if a `try` covers the `yield`.
        throw_to: Option<Handler>,
        /// Source line of the `yield`.
        line: usize,
        /// The `yield` of a desugared `yield from` / `await` loop (the one its `Send` step
        /// goes to, inside the forwarding `try`): a `throw()` here is forwarded to the
        /// delegate before this frame sees it.
        delegating: bool,
    },
    Returned,
    Running,
}

/// The state index every machine uses for its fixed states.
pub const UNRESUMED: u32 = 0;
pub const RETURNED: u32 = 1;
pub const RUNNING: u32 = 2;
/// The first `SuspendN` state.
pub const FIRST_SUSPEND: u32 = 3;

/// State machines of a program, indexed by function; `None` for ordinary functions.
#[derive(Clone, Debug, PartialEq)]
pub struct StateMachines {
    pub machines: Vec<Option<StateMachine>>,
}

/// Builds the state machine of every generator and coroutine function.
/// `names`: the names the program itself uses (`desugar::program_names`), which tell
/// its variables from the desugarer's temporaries (values CPython keeps on its stack, not
/// in its frame, and drops as soon as they are used).
pub fn build(
    program: &Program,
    liveness: &Liveness,
    names: &HashSet<String>,
    source: &SourceFile,
) -> StateMachines {
    let machines = program
        .functions
        .iter()
        .enumerate()
        .map(|(id, f)| {
            matches!(f.kind, FunctionKind::Generator | FunctionKind::Coroutine)
                .then(|| build_one(id as FuncId, f, liveness, names, source))
        })
        .collect();
    StateMachines { machines }
}

fn build_one(
    func: FuncId,
    f: &Function,
    liveness: &Liveness,
    names: &HashSet<String>,
    source: &SourceFile,
) -> StateMachine {
    // At creation the frame already holds the arguments and the closure's cells.
    let mut params: Vec<Slot> = (0..param_count(f)).collect();
    params.extend(f.cell_slots.iter().chain(&f.free_slots));
    params.sort_unstable();
    params.dedup();
    let mut states = vec![
        State {
            name: "Unresumed".into(),
            kind: StateKind::Unresumed,
            saved: params.clone(),
            kept_alive: Vec::new(),
        },
        State {
            name: "Returned".into(),
            kind: StateKind::Returned,
            saved: Vec::new(),
            kept_alive: Vec::new(),
        },
        State {
            name: "Running".into(),
            kind: StateKind::Running,
            saved: Vec::new(),
            kept_alive: Vec::new(),
        },
    ];
    // The program's own variables, which CPython keeps in the frame.
    let variables: Vec<bool> = f
        .slots
        .iter()
        .map(|s| s.kind != SlotKind::Temp && names.contains(&s.name))
        .collect();
    let bound = crate::liveness::maybe_bound_at_yields(f, &variables, &params);
    let mut fields = params;
    let points = &liveness.functions[func as usize].suspend_points;
    let lines: Vec<usize> = points
        .iter()
        .map(|p| source.line_of(f.blocks[p.block as usize].term_span.start as usize))
        .collect();
    let state_names = crate::liveness::suspend_state_names(&lines);
    // The `yield` of a delegation (`yield from`, `await`) is the one a `Send` step goes to
    // when its delegate yields: (that block, the slot the sent value goes to).
    let send_targets: HashSet<(BlockId, Slot)> = f
        .blocks
        .iter()
        .filter_map(|b| match b.term {
            Terminator::Send {
                then,
                sent: Some(s),
                ..
            } => Some((then, s)),
            _ => None,
        })
        .collect();
    for ((point, name), bound) in points.iter().zip(state_names).zip(bound) {
        let block = &f.blocks[point.block as usize];
        let Terminator::Yield { sent, .. } = &block.term else {
            continue;
        };
        let sent_here = *sent;
        let delegating = sent_here.is_some_and(|s| send_targets.contains(&(point.block, s)))
            && block.handler.is_some();
        let line = source.line_of(block.term_span.start as usize);
        let kept_alive: Vec<Slot> = bound
            .slots()
            .into_iter()
            .filter(|s| !point.saved.contains(s))
            .collect();
        fields.extend(point.saved.iter().copied());
        fields.extend(kept_alive.iter().copied());
        states.push(State {
            name,
            kind: StateKind::Suspended {
                block: point.block,
                resume: point.resume,
                sent: *sent,
                throw_to: block.handler,
                line,
                delegating,
            },
            saved: point.saved.clone(),
            kept_alive,
        });
    }
    fields.sort_unstable();
    fields.dedup();
    StateMachine {
        func,
        fields,
        states,
    }
}

/// Number of parameter slots (they come first in a function's slots).
pub fn param_count(f: &Function) -> u32 {
    let p = &f.params;
    p.posonly + p.positional + p.kwonly + p.vararg.is_some() as u32 + p.kwarg.is_some() as u32
}

/// The `statemachine` stage printer (`--format text`): per machine, its fields, then its
/// states with where each one resumes and what it keeps.
pub fn print(program: &Program, machines: &StateMachines) -> String {
    let mut out = String::new();
    for (f, m) in program.functions.iter().zip(&machines.machines) {
        let Some(m) = m else { continue };
        let slot_names = |slots: &[Slot]| -> String {
            if slots.is_empty() {
                return "(nothing)".into();
            }
            slots
                .iter()
                .map(|&s| f.slots[s as usize].name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let kind = if f.kind == FunctionKind::Coroutine {
            "coroutine"
        } else {
            "generator"
        };
        out.push_str(&format!("state machine {} ({kind}):\n", f.qualname));
        match m.fields.is_empty() {
            true => out.push_str("  fields: state\n"),
            false => out.push_str(&format!("  fields: state, {}\n", slot_names(&m.fields))),
        }
        out.push_str("  states:\n");
        // Columns wide enough for every state of this machine: `9:` and `10:` end in the
        // same column, and so do the names.
        let number_width = m.states.len().saturating_sub(1).to_string().len();
        let name_width = m
            .states
            .iter()
            .map(|s| s.name.len())
            .max()
            .unwrap_or(0)
            .max(12);
        for (i, s) in m.states.iter().enumerate() {
            let what = match &s.kind {
                StateKind::Unresumed => "created; next()/send(None) starts at bb0".to_string(),
                StateKind::Returned if f.kind == FunctionKind::Coroutine => {
                    "finished; resuming raises RuntimeError: cannot reuse already awaited coroutine"
                        .to_string()
                }
                StateKind::Returned => "finished; resuming raises StopIteration".to_string(),
                StateKind::Running => {
                    format!("running; resuming raises ValueError: {kind} already executing")
                }
                StateKind::Suspended {
                    resume,
                    throw_to,
                    line,
                    ..
                } => {
                    let throw = match throw_to {
                        Some(h) => format!("throw()/close() -> bb{}", h.target),
                        None => "throw()/close() -> raise out of the generator".to_string(),
                    };
                    format!("at the yield on line {line}; next()/send() -> bb{resume}; {throw}")
                }
            };
            out.push_str(&format!(
                "    {i:>number_width$}: {:<name_width$} {what}\n",
                s.name
            ));
            if !matches!(s.kind, StateKind::Returned | StateKind::Running) {
                out.push_str(&format!(
                    "    {:number_width$}  {:<name_width$} keeps {}\n",
                    "",
                    "",
                    slot_names(&s.saved)
                ));
            }
            if !s.kept_alive.is_empty() {
                out.push_str(&format!(
                    "    {:number_width$}  {:<name_width$} keeps alive {} (dead here; kept if its end can be seen)\n",
                    "",
                    "",
                    slot_names(&s.kept_alive)
                ));
            }
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("(no generators or coroutines: no state machines)\n");
    }
    out
}

/// The `statemachine` stage as a Graphviz graph (`--format dot`): one cluster per machine,
/// one node per state, an edge for every way to move between states.
pub fn print_dot(program: &Program, machines: &StateMachines) -> String {
    let mut out = String::from(
        "digraph statemachines {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n",
    );
    let mut seen = rustc_hash::FxHashSet::default();
    let shared: rustc_hash::FxHashSet<&str> = program
        .functions
        .iter()
        .map(|f| f.qualname.as_str())
        .filter(|q| !seen.insert(*q))
        .collect();
    for (f_index, (f, m)) in program.functions.iter().zip(&machines.machines).enumerate() {
        let Some(m) = m else { continue };
        // Qualnames need not be unique (two generator expressions in one function): such a
        // cluster is named by the function's number too.
        let cluster = match shared.contains(f.qualname.as_str()) {
            true => format!("{}#{}", f.qualname, f_index),
            false => f.qualname.clone(),
        };
        let id = |name: &str| format!("\"{cluster}.{name}\"");
        out.push_str(&format!(
            "  subgraph \"cluster_{cluster}\" {{\n    label=\"{q}\";\n",
            q = f.qualname
        ));
        for s in &m.states {
            out.push_str(&format!("    {} [label=\"{}\"];\n", id(&s.name), s.name));
        }
        // Each resume runs until the next yield it reaches, or until the function ends.
        let succ = crate::liveness::successors(f);
        let state_at: HashMap<BlockId, usize> = m
            .states
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s.kind {
                StateKind::Suspended { block, .. } => Some((block, i)),
                _ => None,
            })
            .collect();
        let mut walk = Walk::new(f.blocks.len());
        for from in &m.states {
            let starts: Vec<BlockId> = match &from.kind {
                StateKind::Unresumed => vec![0],
                StateKind::Suspended {
                    resume, throw_to, ..
                } => std::iter::once(*resume)
                    .chain(throw_to.map(|h| h.target))
                    .collect(),
                StateKind::Returned | StateKind::Running => continue,
            };
            let (yields, ends) = walk.reachable_suspensions(f, &succ, &starts);
            // In the order of the states, as each is named once.
            let mut targets: Vec<usize> = yields
                .iter()
                .filter_map(|b| state_at.get(b).copied())
                .collect();
            targets.sort_unstable();
            targets.dedup();
            for to in targets {
                out.push_str(&format!(
                    "    {} -> {} [label=\"yield\"];\n",
                    id(&from.name),
                    id(&m.states[to].name)
                ));
            }
            if ends {
                out.push_str(&format!(
                    "    {} -> {} [label=\"return / raise\"];\n",
                    id(&from.name),
                    id("Returned")
                ));
            }
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

/// A walk over a function's blocks that can be run from many starts: one `seen` mark per
/// block, stamped with the walk's number, so each walk costs the blocks it reaches and not
/// the function's size (a function with ten thousand `yield`s walks ten thousand times).
struct Walk {
    seen: Vec<u32>,
    stamp: u32,
}

impl Walk {
    fn new(blocks: usize) -> Walk {
        Walk {
            seen: vec![0; blocks],
            stamp: 0,
        }
    }

    /// From `starts`, the `Yield` blocks reachable without passing another `Yield`, and
    /// whether the function can end (return, or an exception with no handler) on the way.
    fn reachable_suspensions(
        &mut self,
        f: &Function,
        succ: &[Vec<BlockId>],
        starts: &[BlockId],
    ) -> (Vec<BlockId>, bool) {
        self.stamp += 1;
        let mut stack: Vec<BlockId> = starts.to_vec();
        let (mut yields, mut ends) = (Vec::new(), false);
        while let Some(b) = stack.pop() {
            if std::mem::replace(&mut self.seen[b as usize], self.stamp) == self.stamp {
                continue;
            }
            let block = &f.blocks[b as usize];
            match block.term {
                Terminator::Yield { .. } => {
                    yields.push(b);
                    // Only a throw() leaves a yield for elsewhere, and that starts a new resume.
                    continue;
                }
                Terminator::Return(_) => ends = true,
                _ => {}
            }
            if block.handler.is_none()
                && !matches!(block.term, Terminator::Jump(_) | Terminator::Unreachable)
            {
                ends = true;
            }
            stack.extend(succ[b as usize].iter().copied());
        }
        (yields, ends)
    }
}
