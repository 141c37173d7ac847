//! Liveness: which local variables must survive each suspension point.
//!
//! A variable is *live* at a point if some path from there reads it before writing it
//! again. When a generator suspends at a `yield`, only the variables live at that moment
//! need to be kept: everything else will be overwritten before it is read, so the state
//! machine does not store it. This is the classic backward data-flow analysis: a block's
//! live-in set is what it reads before writing, plus whatever is live at its successors and
//! not written on the way.
//!
//! The module also has the forward analysis the state machines need beside it:
//! `maybe_bound_at_yields`, which variables may hold a value at each `yield`. A variable
//! that is bound there but dead is not needed by the program, yet CPython's frame still
//! holds its value, so the state machine keeps it alive when its end can be seen.
//!
//! Two kinds of edge are easy to forget, and both are here: an exception can leave any
//! statement of a block for the block's handler, so the handler's live-in set is live all
//! through the block; and a `finally` block ends by jumping wherever its completion record
//! says, so its successors are every target any `SetCompletion` of that record names.

use crate::cfg::{
    BlockId, CallArg, CallKwarg, CompletionRecord, Expr, ExprKind, FStringPiece, Function,
    FunctionKind, Place, Program, Slot, StmtKind, Target, Terminator,
};
use crate::span::SourceFile;
use rustc_hash::FxHashMap as HashMap;

/// A set of slots, kept as a sorted list of its members. Few locals are live at any one
/// point, however many a function has: a function with ten thousand `yield`s in a row has
/// ten thousand temporaries, one or two of them live in each block, and a set of bits per
/// block would make the analysis (and its memory) grow with the square of its length.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SlotSet {
    members: Vec<Slot>,
}

impl SlotSet {
    pub fn contains(&self, slot: Slot) -> bool {
        self.members.binary_search(&slot).is_ok()
    }

    fn insert(&mut self, slot: Slot) {
        if let Err(at) = self.members.binary_search(&slot) {
            self.members.insert(at, slot);
        }
    }

    fn remove(&mut self, slot: Slot) {
        if let Ok(at) = self.members.binary_search(&slot) {
            self.members.remove(at);
        }
    }

    /// Adds every member of `other` except `except`.
    fn union_except(&mut self, other: &SlotSet, except: Option<Slot>) {
        let theirs = other.members.iter().copied().filter(|&s| Some(s) != except);
        if self.members.is_empty() {
            self.members.extend(theirs);
            return;
        }
        // Most unions add nothing (the same few locals flow around): check before copying.
        if theirs
            .clone()
            .all(|t| self.members.binary_search(&t).is_ok())
        {
            return;
        }
        let mut merged = Vec::with_capacity(self.members.len() + other.members.len());
        let mut mine = self.members.iter().copied().peekable();
        for t in theirs {
            while let Some(&m) = mine.peek() {
                if m >= t {
                    break;
                }
                merged.push(m);
                mine.next();
            }
            if mine.peek() == Some(&t) {
                mine.next();
            }
            merged.push(t);
        }
        merged.extend(mine);
        self.members = merged;
    }

    /// The members, in increasing order.
    pub fn slots(&self) -> Vec<Slot> {
        self.members.clone()
    }
}

/// One suspension point of a generator or coroutine and what it must keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuspendPoint {
    /// The block that ends in the `Yield`.
    pub block: BlockId,
    /// Where execution continues after a `next`/`send`.
    pub resume: BlockId,
    /// The locals live across the suspension, in slot order.
    pub saved: Vec<Slot>,
}

/// The analysis of one function.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionLiveness {
    /// Live-in set of every block (none for a function that never suspends).
    pub live_in: Vec<SlotSet>,
    /// Every `Yield` terminator, in block order.
    pub suspend_points: Vec<SuspendPoint>,
}

/// Liveness of every function of a program, indexed like `Program::functions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Liveness {
    pub functions: Vec<FunctionLiveness>,
}

/// Runs the analysis over every function that can suspend (generators and coroutines):
/// what it finds is what their state machines save. A function that never suspends
/// saves nothing, and gets an empty entry.
pub fn analyze(program: &Program) -> Liveness {
    Liveness {
        functions: (program.functions.iter())
            .map(|f| match f.kind {
                FunctionKind::Generator | FunctionKind::Coroutine => analyze_function(f),
                _ => FunctionLiveness::default(),
            })
            .collect(),
    }
}

/// What one block does to the live set, computed once: live on entry is
/// `reads_first ∪ (live on exit − writes)`.
struct BlockEffect {
    /// The slots it reads before writing them (the classic *gen* set).
    reads_first: SlotSet,
    /// Every slot it writes (the *kill* set).
    writes: SlotSet,
    successors: Vec<(BlockId, Option<Slot>)>,
}

fn analyze_function(f: &Function) -> FunctionLiveness {
    let jump_targets = completion_targets(f);
    let effects: Vec<BlockEffect> = f
        .blocks
        .iter()
        .map(|b| block_effect(b, &jump_targets))
        .collect();
    let n = f.blocks.len();
    let mut live_in = vec![SlotSet::default(); n];
    // Whose live-out set reads each block's live-in set: its predecessors, and the blocks
    // it is the handler of.
    let mut readers: Vec<Vec<BlockId>> = vec![Vec::new(); n];
    for (id, effect) in effects.iter().enumerate() {
        let handler = f.blocks[id].handler.map(|h| h.target);
        for to in effect.successors.iter().map(|&(to, _)| to).chain(handler) {
            readers[to as usize].push(id as BlockId);
        }
    }

    // Iterate to a fixed point with a work list: a block is visited again only when a
    // set it reads grew. Backwards first, which settles a function without loops in one
    // visit per block.
    let mut queued = vec![true; n];
    let mut work: Vec<BlockId> = (0..n as BlockId).collect();
    while let Some(id) = work.pop() {
        queued[id as usize] = false;
        let block = &f.blocks[id as usize];
        let effect = &effects[id as usize];
        let mut live = SlotSet::default();
        for &(succ, defined_on_entry) in &effect.successors {
            live.union_except(&live_in[succ as usize], defined_on_entry);
        }
        // Anything live at the handler is live everywhere in the block: a write does not
        // end it, so it is added after the writes are taken out.
        let at_handler = block.handler.map(|h| {
            let mut s = SlotSet::default();
            s.union_except(&live_in[h.target as usize], Some(h.exc_slot));
            s
        });
        for &w in &effect.writes.members {
            live.remove(w);
        }
        live.union_except(&effect.reads_first, None);
        if let Some(h) = &at_handler {
            live.union_except(h, None);
        }
        if live != live_in[id as usize] {
            live_in[id as usize] = live;
            for &reader in &readers[id as usize] {
                if !std::mem::replace(&mut queued[reader as usize], true) {
                    work.push(reader);
                }
            }
        }
    }

    let suspend_points = f
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(id, block)| {
            let Terminator::Yield { resume, sent, .. } = &block.term else {
                return None;
            };
            let mut saved = SlotSet::default();
            saved.union_except(&live_in[*resume as usize], *sent);
            // A `throw()` at this point continues in the handler instead.
            if let Some(h) = block.handler {
                saved.union_except(&live_in[h.target as usize], Some(h.exc_slot));
            }
            Some(SuspendPoint {
                block: id as BlockId,
                resume: *resume,
                saved: saved.slots(),
            })
        })
        .collect();
    FunctionLiveness {
        live_in,
        suspend_points,
    }
}

/// The slots of `f` that may hold a value where each `Yield` suspends, among those
/// `tracked` says to follow (indexed by slot): for each block ending in a `Yield`, in block
/// order, the set after its statements (a sent value is not stored yet). A forward "maybe
/// bound" analysis: a slot becomes bound when it is assigned (a parameter or cell is bound
/// on entry) and unbound by `del` (which also ends an `except ... as e:` body, as CPython's
/// `del e` does) or by a `Send` step unbinding its handler's name. An exception can leave a
/// block after any statement, so a handler starts with what any point of the block has.
///
/// Over-approximating is safe for what this is for (the state machine keeps such a slot
/// alive while suspended, and a slot that is in fact unbound holds nothing to keep), but
/// `del` is followed exactly so that the printed machine says what a program keeps.
pub fn maybe_bound_at_yields(f: &Function, tracked: &[bool], on_entry: &[Slot]) -> Vec<SlotSet> {
    let track = |s: Slot| tracked.get(s as usize).copied().unwrap_or(false);
    if f.blocks.is_empty() {
        return Vec::new();
    }
    let jumps = completion_targets(f);
    let mut fw = Forward {
        bound_in: vec![SlotSet::default(); f.blocks.len()],
        reached: vec![false; f.blocks.len()],
        work: std::collections::BinaryHeap::new(),
        queued: vec![false; f.blocks.len()],
    };
    let entry = SlotSet {
        members: on_entry.iter().copied().filter(|&s| track(s)).collect(),
    };
    let mut entry = entry;
    entry.members.sort_unstable();
    entry.members.dedup();
    fw.flow(0, &entry, None, None);
    // In block order: blocks mostly flow forwards, so few are visited twice.
    while let Some(std::cmp::Reverse(b)) = fw.work.pop() {
        fw.queued[b as usize] = false;
        let block = &f.blocks[b as usize];
        let mut set = fw.bound_in[b as usize].clone();
        // What the handler may see: every point of the block, so whatever the block binds
        // (a `del` after a binding does not unbind it there).
        let mut at_handler = block.handler.map(|_| set.clone());
        for stmt in &block.stmts {
            bound_after(&stmt.kind, &mut set, &track, at_handler.as_mut());
        }
        if let (Some(h), Some(at)) = (block.handler, &at_handler) {
            fw.flow(h.target, at, Some(h.exc_slot).filter(|&s| track(s)), None);
        }
        if let Terminator::Branch { cond, .. } = &block.term {
            let mut binds = Vec::new();
            expr_reads(cond, &mut Vec::new(), &mut binds);
            binds
                .into_iter()
                .filter(|&s| track(s))
                .for_each(|s| set.insert(s));
        }
        match &block.term {
            Terminator::Send {
                yielded,
                result,
                then,
                done,
                unbind,
                ..
            } => {
                fw.flow(*then, &set, Some(*yielded).filter(|&s| track(s)), None);
                fw.flow(*done, &set, Some(*result).filter(|&s| track(s)), *unbind);
            }
            _ => {
                for (to, bind) in block_successors(block, &jumps) {
                    fw.flow(to, &set, bind.filter(|&s| track(s)), None);
                }
            }
        }
    }
    f.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.term, Terminator::Yield { .. }))
        .map(|(id, block)| {
            let mut set = fw.bound_in[id].clone();
            for stmt in &block.stmts {
                bound_after(&stmt.kind, &mut set, &track, None);
            }
            set
        })
        .collect()
}

/// The state of `maybe_bound_at_yields`: each block's entry set, and the blocks to visit.
struct Forward {
    bound_in: Vec<SlotSet>,
    reached: Vec<bool>,
    /// The blocks to visit, lowest first, each at most once (`queued`).
    work: std::collections::BinaryHeap<std::cmp::Reverse<BlockId>>,
    queued: Vec<bool>,
}

impl Forward {
    /// `set` flows along an edge to `to`, binding `bind` and unbinding `unbind` on the way;
    /// `to` is visited (again) if its entry set grew, or the first time it is reached.
    fn flow(&mut self, to: BlockId, set: &SlotSet, bind: Option<Slot>, unbind: Option<Slot>) {
        let target = &mut self.bound_in[to as usize];
        let before = target.members.len();
        target.union_except(set, unbind);
        if let Some(b) = bind {
            target.insert(b);
        }
        let first = !std::mem::replace(&mut self.reached[to as usize], true);
        if (first || target.members.len() != before)
            && !std::mem::replace(&mut self.queued[to as usize], true)
        {
            self.work.push(std::cmp::Reverse(to));
        }
    }
}

/// `set` after one statement: what it assigns is bound, what it deletes is not. What it
/// binds is added to `also` too.
fn bound_after(
    stmt: &StmtKind,
    set: &mut SlotSet,
    track: &impl Fn(Slot) -> bool,
    mut also: Option<&mut SlotSet>,
) {
    let mut binds = Vec::new();
    match stmt {
        StmtKind::Assign { target, value } => {
            expr_reads(value, &mut Vec::new(), &mut binds);
            target_effect(target, &mut Vec::new(), &mut binds);
        }
        StmtKind::Expr(e) => expr_reads(e, &mut Vec::new(), &mut binds),
        StmtKind::Delete(Target::Local(s)) => set.remove(*s),
        StmtKind::SetCompletion { slot, .. } => binds.push(*slot),
        StmtKind::ExitExcept(s) => set.remove(*s),
        StmtKind::Delete(_) | StmtKind::EnterExcept(_) => {}
    }
    for s in binds.into_iter().filter(|&s| track(s)) {
        set.insert(s);
        if let Some(also) = also.as_deref_mut() {
            also.insert(s);
        }
    }
}

/// The control-flow successors of every block of `f`, exception edges to handlers included.
pub fn successors(f: &Function) -> Vec<Vec<BlockId>> {
    let jumps = completion_targets(f);
    f.blocks
        .iter()
        .map(|block| {
            let mut succ: Vec<BlockId> = block_successors(block, &jumps)
                .into_iter()
                .map(|(b, _)| b)
                .collect();
            succ.extend(block.handler.map(|h| h.target));
            succ.sort_unstable();
            succ.dedup();
            succ
        })
        .collect()
}

/// For each completion slot, every block a `Jump` completion stored in it may continue at
/// (in block order). A map, so that a function with many `finally` blocks finds each
/// one's targets without reading every other one's.
fn completion_targets(f: &Function) -> HashMap<Slot, Vec<BlockId>> {
    let mut out: HashMap<Slot, Vec<BlockId>> = HashMap::default();
    for block in &f.blocks {
        for stmt in &block.stmts {
            if let StmtKind::SetCompletion {
                slot,
                completion: CompletionRecord::Jump(target),
            } = &stmt.kind
            {
                out.entry(*slot).or_default().push(*target);
            }
        }
    }
    out
}

/// Where a block goes on (exception edges aside), each with the slot the edge itself binds
/// (a `for` loop's item, a `yield`'s sent value...).
fn block_successors(
    block: &crate::cfg::Block,
    jumps: &HashMap<Slot, Vec<BlockId>>,
) -> Vec<(BlockId, Option<Slot>)> {
    match &block.term {
        Terminator::Jump(b) => vec![(*b, None)],
        Terminator::Branch {
            then, otherwise, ..
        } => vec![(*then, None), (*otherwise, None)],
        Terminator::ForNext {
            item,
            body,
            exhausted,
            ..
        } => {
            let item = match item {
                Place::Local(s) => Some(*s),
                Place::Global(_) => None,
            };
            vec![(*body, item), (*exhausted, None)]
        }
        Terminator::Send {
            yielded,
            result,
            then,
            done,
            ..
        } => vec![(*then, Some(*yielded)), (*done, Some(*result))],
        Terminator::Return(_)
        | Terminator::Raise { .. }
        | Terminator::Reraise(_)
        | Terminator::RaiseHandled
        | Terminator::Unreachable => Vec::new(),
        Terminator::EndFinally {
            completion,
            after,
            outer,
        } => {
            let mut successors = vec![(*after, None)];
            successors.extend(
                jumps
                    .get(completion)
                    .into_iter()
                    .flatten()
                    .map(|&b| (b, None)),
            );
            if let Some((slot, finally)) = outer {
                successors.push((*finally, Some(*slot)));
            }
            successors
        }
        Terminator::Yield { resume, sent, .. } => vec![(*resume, *sent)],
    }
}

fn block_effect(block: &crate::cfg::Block, jumps: &HashMap<Slot, Vec<BlockId>>) -> BlockEffect {
    let mut effect = BlockEffect {
        reads_first: SlotSet::default(),
        writes: SlotSet::default(),
        successors: block_successors(block, jumps),
    };
    // Walking backwards from the terminator: a write hides the reads after it, and a
    // statement reads its operands before it writes its target.
    let mut step = |reads: &[Slot], writes: &[Slot]| {
        for &w in writes {
            effect.reads_first.remove(w);
            effect.writes.insert(w);
        }
        for &r in reads {
            effect.reads_first.insert(r);
        }
    };
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    match &block.term {
        Terminator::Jump(_) | Terminator::RaiseHandled | Terminator::Unreachable => {}
        Terminator::Branch { cond, .. } => expr_reads(cond, &mut reads, &mut writes),
        Terminator::ForNext { iter, .. } => {
            if let Place::Local(s) = iter {
                reads.push(*s);
            }
        }
        Terminator::Send {
            delegate,
            sent,
            // Unbinding `e` on the `done` edge is a write this analysis leaves out: it can
            // only make `e` look live where it is not, which saves a value needlessly.
            unbind: _,
            ..
        } => {
            reads.push(*delegate);
            reads.extend(*sent);
        }
        Terminator::Return(e) => expr_reads(e, &mut reads, &mut writes),
        Terminator::Raise { exc, cause } => {
            expr_reads(exc, &mut reads, &mut writes);
            if let Some(c) = cause {
                expr_reads(c, &mut reads, &mut writes);
            }
        }
        Terminator::Reraise(slot) => reads.push(*slot),
        Terminator::EndFinally { completion, .. } => reads.push(*completion),
        Terminator::Yield { value, .. } => expr_reads(value, &mut reads, &mut writes),
    }
    step(&reads, &writes);
    for stmt in block.stmts.iter().rev() {
        let (mut reads, mut writes) = (Vec::new(), Vec::new());
        match &stmt.kind {
            StmtKind::Assign { target, value } => {
                // The value is computed before the target is written.
                let mut target_reads = Vec::new();
                target_effect(target, &mut target_reads, &mut writes);
                expr_reads(value, &mut reads, &mut Vec::new());
                reads.extend(target_reads);
            }
            StmtKind::Expr(e) => expr_reads(e, &mut reads, &mut writes),
            StmtKind::Delete(target) => {
                // `del x` fails if x is unbound, so it reads x; afterwards x is unbound.
                if let Target::Local(s) = target {
                    reads.push(*s);
                    writes.push(*s);
                } else {
                    target_effect(target, &mut reads, &mut Vec::new());
                }
            }
            StmtKind::EnterExcept(slot) => reads.push(*slot),
            // It unbinds the slot the exception was caught in.
            StmtKind::ExitExcept(s) => writes.push(*s),
            StmtKind::SetCompletion { slot, completion } => {
                writes.push(*slot);
                match completion {
                    CompletionRecord::Return(e) => expr_reads(e, &mut reads, &mut Vec::new()),
                    CompletionRecord::Raise(s) => reads.push(*s),
                    CompletionRecord::Normal | CompletionRecord::Jump(_) => {}
                }
            }
        }
        step(&reads, &writes);
    }
    effect
}

/// Slots a store into `target` reads (containers, cells) and writes (plain locals).
fn target_effect(target: &Target, reads: &mut Vec<Slot>, writes: &mut Vec<Slot>) {
    match target {
        Target::Local(s) => writes.push(*s),
        // Storing through a cell needs the cell itself.
        Target::Cell(s) => reads.push(*s),
        Target::Global(_) => {}
        // A class body's names live in the namespace dict in slot 0.
        Target::ClassLocal(_) => reads.push(0),
        Target::Attribute { object, .. } => expr_reads(object, reads, &mut Vec::new()),
        Target::Subscript { object, index } => {
            expr_reads(object, reads, &mut Vec::new());
            expr_reads(index, reads, &mut Vec::new());
        }
        Target::Unpack { targets, .. } => {
            for t in targets {
                target_effect(t, reads, writes);
            }
        }
    }
}

/// Slots an expression reads (and, through `:=`, writes).
fn expr_reads(e: &Expr, reads: &mut Vec<Slot>, writes: &mut Vec<Slot>) {
    match &e.kind {
        ExprKind::Local(s) | ExprKind::Cell(s) | ExprKind::CellObject(s) => reads.push(*s),
        ExprKind::ClassLocal { .. } => reads.push(0),
        ExprKind::Const(_) | ExprKind::Global(_) | ExprKind::Builtin(_) => {}
        ExprKind::Import(_) | ExprKind::ImportFrom { .. } => {}
        ExprKind::BinOp { left, right, .. } | ExprKind::InPlaceOp { left, right, .. } => {
            expr_reads(left, reads, writes);
            expr_reads(right, reads, writes);
        }
        ExprKind::UnaryOp { operand, .. } => expr_reads(operand, reads, writes),
        ExprKind::BoolOp { values, .. }
        | ExprKind::Tuple(values)
        | ExprKind::List(values)
        | ExprKind::Set(values) => values.iter().for_each(|v| expr_reads(v, reads, writes)),
        ExprKind::Compare { left, ops } => {
            expr_reads(left, reads, writes);
            ops.iter().for_each(|(_, v)| expr_reads(v, reads, writes));
        }
        ExprKind::IfExp { test, body, orelse } => {
            expr_reads(test, reads, writes);
            expr_reads(body, reads, writes);
            expr_reads(orelse, reads, writes);
        }
        ExprKind::Call { func, args, kwargs } => {
            expr_reads(func, reads, writes);
            call_reads(args, kwargs, reads, writes);
        }
        ExprKind::MethodCall {
            object,
            args,
            kwargs,
            ..
        } => {
            expr_reads(object, reads, writes);
            call_reads(args, kwargs, reads, writes);
        }
        ExprKind::Attribute { object, .. } => expr_reads(object, reads, writes),
        ExprKind::Subscript { object, index } => {
            expr_reads(object, reads, writes);
            expr_reads(index, reads, writes);
        }
        ExprKind::Slice { lower, upper, step } => {
            for part in [lower, upper, step].into_iter().flatten() {
                expr_reads(part, reads, writes);
            }
        }
        ExprKind::Dict(items) => {
            for (k, v) in items {
                if let Some(k) = k {
                    expr_reads(k, reads, writes);
                }
                expr_reads(v, reads, writes);
            }
        }
        ExprKind::Starred(v) | ExprKind::Iter(v) => expr_reads(v, reads, writes),
        ExprKind::FString(pieces) => fstring_reads(pieces, reads, writes),
        ExprKind::MakeFunction {
            defaults,
            kw_defaults,
            annotations,
            closure,
            ..
        } => {
            defaults.iter().for_each(|d| expr_reads(d, reads, writes));
            annotations
                .iter()
                .flat_map(|a| &a.items)
                .for_each(|(_, a)| expr_reads(a, reads, writes));
            kw_defaults
                .iter()
                .for_each(|(_, d)| expr_reads(d, reads, writes));
            reads.extend(closure.iter().copied());
        }
        ExprKind::ExcMatch { exc, typ } => {
            expr_reads(exc, reads, writes);
            expr_reads(typ, reads, writes);
        }
        ExprKind::NamedExpr { target, value } => {
            expr_reads(value, reads, writes);
            target_effect(target, reads, writes);
        }
    }
}

fn call_reads(
    args: &[CallArg],
    kwargs: &[CallKwarg],
    reads: &mut Vec<Slot>,
    writes: &mut Vec<Slot>,
) {
    for a in args {
        match a {
            CallArg::Positional(e) | CallArg::Star(e) => expr_reads(e, reads, writes),
        }
    }
    for k in kwargs {
        match k {
            CallKwarg::Named(_, e) | CallKwarg::DoubleStar(e) => expr_reads(e, reads, writes),
        }
    }
}

fn fstring_reads(pieces: &[FStringPiece], reads: &mut Vec<Slot>, writes: &mut Vec<Slot>) {
    for p in pieces {
        if let FStringPiece::Value { expr, spec, .. } = p {
            expr_reads(expr, reads, writes);
            fstring_reads(spec, reads, writes);
        }
    }
}

/// The names of the suspension states, from the lines of their `yield`s: `Suspend12`,
/// and `Suspend12b`, `Suspend12c`... `Suspend12z` when one line has several (the liveness
/// table and the state machine name them alike); a line with more than 26 goes on with
/// `Suspend12_27`, `Suspend12_28`...
pub fn suspend_state_names(lines: &[usize]) -> Vec<String> {
    let mut count: HashMap<usize, u32> = HashMap::default();
    lines
        .iter()
        .map(|&line| {
            let k = count.entry(line).or_insert(0);
            *k += 1;
            match *k {
                1 => format!("Suspend{line}"),
                2..=26 => format!("Suspend{line}{}", (b'a' + (*k - 1) as u8) as char),
                _ => format!("Suspend{line}_{k}"),
            }
        })
        .collect()
}

/// The `liveness` stage printer: for every generator or coroutine, one row per suspension
/// point: the state it becomes, the source line of the `yield`, and the variables saved.
pub fn print(program: &Program, liveness: &Liveness, source: &SourceFile) -> String {
    let mut out = String::new();
    for (f, fl) in program.functions.iter().zip(&liveness.functions) {
        if !matches!(f.kind, FunctionKind::Generator | FunctionKind::Coroutine) {
            continue;
        }
        out.push_str(&format!("{} ({}):\n", f.qualname, f.kind.name()));
        if fl.suspend_points.is_empty() {
            out.push_str("  (no suspension points)\n\n");
            continue;
        }
        let lines: Vec<usize> = fl
            .suspend_points
            .iter()
            .map(|p| source.line_of(f.blocks[p.block as usize].term_span.start as usize))
            .collect();
        let state_names = suspend_state_names(&lines);
        let rows: Vec<(String, String, String)> = fl
            .suspend_points
            .iter()
            .zip(lines.iter().zip(state_names))
            .map(|(p, (&line, state))| {
                let names: Vec<&str> = p
                    .saved
                    .iter()
                    .map(|&s| f.slots[s as usize].name.as_str())
                    .collect();
                let saved = if names.is_empty() {
                    "(nothing)".to_string()
                } else {
                    names.join(", ")
                };
                (state, format!("line {line}"), saved)
            })
            .collect();
        let w0 = rows
            .iter()
            .map(|r| r.0.len())
            .max()
            .unwrap_or(0)
            .max("state".len());
        let w1 = rows
            .iter()
            .map(|r| r.1.len())
            .max()
            .unwrap_or(0)
            .max("yield at".len());
        out.push_str(&format!(
            "  {:w0$}  {:w1$}  saved variables\n",
            "state", "yield at"
        ));
        for (state, line, saved) in rows {
            out.push_str(&format!("  {state:w0$}  {line:w1$}  {saved}\n"));
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("(no generators or coroutines: nothing is ever suspended)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::span::SourceFile;

    /// The saved variables of every suspension point of `func`, by the learner's names.
    fn saved(src: &str, func: &str) -> Vec<Vec<String>> {
        let source = SourceFile::new("t.py", src);
        let c = crate::compile(&source).expect("compiles");
        let (f, fl) = c
            .program
            .functions
            .iter()
            .zip(&c.liveness.functions)
            .find(|(f, _)| f.name == func)
            .expect("function exists");
        fl.suspend_points
            .iter()
            .map(|p| {
                p.saved
                    .iter()
                    .map(|&s| f.slots[s as usize].name.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_variable_recomputed_before_it_is_read_is_not_saved() {
        let src = "def avg():\n    total = 0\n    count = 0\n    mean = None\n    while True:\n        x = yield mean\n        total += x\n        count += 1\n        mean = total / count\n";
        assert_eq!(saved(src, "avg"), vec![vec!["total", "count"]]);
    }

    #[test]
    fn what_a_handler_or_finally_reads_is_saved_too() {
        // `log` is only read by the except clause and `done` only by the finally block:
        // a throw() at the yield reaches them, so both must survive it.
        let src = "def g(log, done):\n    try:\n        yield 1\n    except ValueError:\n        print(log)\n    finally:\n        print(done)\n";
        assert_eq!(saved(src, "g"), vec![vec!["log", "done"]]);
    }

    #[test]
    fn nothing_is_saved_at_the_last_yield_of_a_plain_sequence() {
        let src = "def g(a):\n    b = a + 1\n    yield a\n    yield b\n";
        assert_eq!(saved(src, "g"), vec![vec!["b"], vec![]]);
    }
}
