//! The small-int lane: a block's arithmetic on plain ints, decoded once per program.
//!
//! Most of what a generator loop computes is small-int arithmetic on locals and constants:
//! `i += 1`, `while i < n`, `yield x * x % 7`. Evaluating such a statement through the
//! general expression tree means a call, a match and a reference-counted `Value` per
//! node. Here, when a program starts, every block of every function is read once, and each
//! statement or terminator whose expression is *only* locals, int constants and the
//! operators `int_binop` answers (`+ - * // % & | ^`, comparisons in a branch) is given a
//! second, compact form: an [`IntExpr`] on machine integers, compiled to a closure
//! specialised for its operators and operand kinds ([`IntCode`], [`CondCode`]).
//!
//! For a generator whose frame is kept whole, the compact forms of all its blocks are
//! also laid out in one array of operations ([`InPlaceCode`]), which
//! `generator::next_in_place` runs right on the generator's kept slots.
//!
//! The compact form is the same statement, not a different program. It is tried first,
//! and it answers only when every local it reads holds an `int` and no operation
//! overflows or divides by a non-positive number; otherwise it answers "don't know" and
//! the interpreter runs the statement's general form from the start. That is safe because
//! reading a local or a constant has no side effect: the general form sees exactly what
//! the compact one saw, and raises the same errors (an unbound local, a `TypeError`, a
//! `ZeroDivisionError`) with the same traceback. A `bool` is not taken either (it prints
//! as `True`): only `Value::Int`.

use super::value::Value;
use crate::ast::{BinOp, CmpOp};
use crate::cfg::{
    Block, BlockId, Expr, ExprKind, Function, Place, Slot, StmtKind, Target, Terminator,
};

/// An expression over machine integers: locals holding ints, int constants, operators.
#[derive(Debug, Clone)]
pub enum IntExpr {
    Local(Slot),
    Const(i64),
    Bin(BinOp, Box<IntExpr>, Box<IntExpr>),
}

/// An [`IntExpr`] compiled once, when the program starts, to a closure specialised for
/// its operator and the kinds of its operands (`i + 1` becomes "add the constant 1 to
/// the int in slot `i`"), so that evaluating it is one indirect call with no tree to walk
/// and no operator to dispatch on. It answers exactly what `int_value` (the reference
/// evaluator, kept for the tests) answers on the expression it keeps (a property test holds the two together).
pub struct IntCode {
    pub expr: IntExpr,
    eval: IntFn,
}

impl IntCode {
    pub fn new(expr: IntExpr) -> IntCode {
        let eval = compile_int(&expr);
        IntCode { expr, eval }
    }

    /// `int_value(&self.expr, slots)`.
    #[inline(always)]
    pub fn eval(&self, slots: &[Option<Value>]) -> Option<i64> {
        (self.eval)(slots)
    }

    /// The expression compiled again, for a second owner.
    pub fn func(&self) -> IntFn {
        compile_int(&self.expr)
    }
}

impl std::fmt::Debug for IntCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.expr.fmt(f)
    }
}

/// A branch condition `left <op> right` on ints, compiled like [`IntCode`]; it answers
/// what `int_condition` answers.
pub struct CondCode {
    pub op: CmpOp,
    pub left: IntExpr,
    pub right: IntExpr,
    eval: CondFn,
}

impl CondCode {
    pub fn new(op: CmpOp, left: IntExpr, right: IntExpr) -> CondCode {
        let eval = compile_condition(op, &left, &right);
        CondCode {
            op,
            left,
            right,
            eval,
        }
    }

    /// `int_condition(self.op, &self.left, &self.right, slots)`.
    #[inline(always)]
    pub fn eval(&self, slots: &[Option<Value>]) -> Option<bool> {
        (self.eval)(slots)
    }

    /// The comparison compiled again, for a second owner.
    pub fn func(&self) -> CondFn {
        compile_condition(self.op, &self.left, &self.right)
    }
}

impl std::fmt::Debug for CondCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} {:?} {:?}", self.left, self.op, self.right)
    }
}

/// The compact form of one statement of a block.
#[derive(Debug)]
pub enum FastStmt {
    /// `local = int expression`.
    Assign { dst: Slot, value: IntCode },
    /// Anything else: run the block's statement of the same index in its general form.
    General,
}

/// The compact form of a block's terminator.
#[derive(Debug)]
pub enum FastTerm {
    Jump(BlockId),
    /// `branch a <op> b`, both sides int expressions.
    Branch {
        cond: CondCode,
        then: BlockId,
        otherwise: BlockId,
    },
    /// `yield <int expression>` (the value is sent nowhere, or the sent slot is set by
    /// the generator machinery on resumption, as for every `yield`).
    Yield(IntCode),
    /// `yield local`, a local of any type. Only `generator::next_in_place` takes this
    /// form (the value is handed out as it is, a reference count bumped); `run_frame`
    /// runs the general form, which is as cheap.
    YieldLocal(Slot),
    /// `for_next` from a local iterator into a local. Only `generator::next_in_place`
    /// takes this form, when the iterator is a generator: it resumes that generator in
    /// place too, so a pipeline of generators runs without the general interpreter.
    ForNext {
        iter: Slot,
        item: Slot,
        body: BlockId,
        exhausted: BlockId,
    },
    /// Anything else: the terminator's general form.
    General,
}

/// A block's compact forms: one per statement, one for the terminator.
#[derive(Debug)]
pub struct FastBlock {
    pub stmts: Box<[FastStmt]>,
    pub term: FastTerm,
}

/// The compact forms of every block of `f`, in block order.
pub fn fast_blocks(f: &Function) -> Box<[FastBlock]> {
    f.blocks.iter().map(|b| fast_block(f, b)).collect()
}

fn fast_block(f: &Function, b: &Block) -> FastBlock {
    let stmts = b
        .stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Assign {
                target: Target::Local(dst),
                value,
            } => match int_expr(f, value) {
                // A plain copy or constant is already cheap in the general form, and
                // `x = y` must keep working for every type without a second try.
                Some(value @ IntExpr::Bin(..)) => FastStmt::Assign {
                    dst: *dst,
                    value: IntCode::new(value),
                },
                _ => FastStmt::General,
            },
            _ => FastStmt::General,
        })
        .collect();
    let term = match &b.term {
        Terminator::Jump(t) => FastTerm::Jump(*t),
        Terminator::Branch {
            cond,
            then,
            otherwise,
        } => match &cond.kind {
            ExprKind::Compare { left, ops } => match ops.as_slice() {
                [(op, right)] if int_comparable(*op) => {
                    match (int_expr(f, left), int_expr(f, right)) {
                        (Some(left), Some(right)) => FastTerm::Branch {
                            cond: CondCode::new(*op, left, right),
                            then: *then,
                            otherwise: *otherwise,
                        },
                        _ => FastTerm::General,
                    }
                }
                _ => FastTerm::General,
            },
            _ => FastTerm::General,
        },
        Terminator::Yield { value, .. } => match int_expr(f, value) {
            Some(e @ IntExpr::Bin(..)) => FastTerm::Yield(IntCode::new(e)),
            _ => match value.kind {
                ExprKind::Local(s) => FastTerm::YieldLocal(s),
                _ => FastTerm::General,
            },
        },
        Terminator::ForNext {
            iter: Place::Local(iter),
            item: Place::Local(item),
            body,
            exhausted,
        } => FastTerm::ForNext {
            iter: *iter,
            item: *item,
            body: *body,
            exhausted: *exhausted,
        },
        _ => FastTerm::General,
    };
    FastBlock { stmts, term }
}

/// The comparisons `int_compare` answers (identity and membership go to the library).
#[inline]
pub fn int_comparable(op: CmpOp) -> bool {
    order_compare(op, 0, 0).is_some()
}

/// `x <op> y` for the operators `int_comparable` accepts.
#[inline]
pub fn int_compare(op: CmpOp, x: i64, y: i64) -> bool {
    order_compare(op, x, y).unwrap_or(false)
}

/// `x <op> y` for the six comparisons machine numbers answer as Python does (ints, and
/// floats, NaN included); `None` for `is` and `in`.
#[inline]
pub fn order_compare<T: PartialOrd>(op: CmpOp, x: T, y: T) -> Option<bool> {
    Some(match op {
        CmpOp::Eq => x == y,
        CmpOp::NotEq => x != y,
        CmpOp::Lt => x < y,
        CmpOp::LtE => x <= y,
        CmpOp::Gt => x > y,
        CmpOp::GtE => x >= y,
        CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn => return None,
    })
}

/// The operators `int_binop` computes exactly on machine integers.
fn int_operator(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add
            | BinOp::Sub
            | BinOp::Mult
            | BinOp::BitAnd
            | BinOp::BitOr
            | BinOp::BitXor
            | BinOp::FloorDiv
            | BinOp::Mod
    )
}

fn int_expr(f: &Function, e: &Expr) -> Option<IntExpr> {
    match &e.kind {
        ExprKind::Local(s) => Some(IntExpr::Local(*s)),
        ExprKind::Const(c) => match f.consts.get(*c as usize)? {
            crate::cfg::Const::Int(i) => Some(IntExpr::Const(*i)),
            _ => None,
        },
        ExprKind::BinOp { op, left, right } | ExprKind::InPlaceOp { op, left, right }
            if int_operator(*op) =>
        {
            Some(IntExpr::Bin(
                *op,
                Box::new(int_expr(f, left)?),
                Box::new(int_expr(f, right)?),
            ))
        }
        _ => None,
    }
}

/// The value of `e` when every local it reads holds an int and nothing overflows;
/// `None` means "run the general form". The reference the compiled closures
/// (`IntCode`) are tested against, and nothing else: what runs is the closures.
#[cfg(test)]
pub fn int_value(e: &IntExpr, slots: &[Option<Value>]) -> Option<i64> {
    match e {
        IntExpr::Local(s) => match slots.get(*s as usize) {
            Some(Some(Value::Int(i))) => Some(*i),
            _ => None,
        },
        IntExpr::Const(i) => Some(*i),
        IntExpr::Bin(op, a, b) => int_binop(*op, int_value(a, slots)?, int_value(b, slots)?),
    }
}

/// The branch condition `left <op> right` on ints, or `None`: the reference for
/// `CondCode`, as `int_value` is for `IntCode`.
#[cfg(test)]
pub fn int_condition(
    op: CmpOp,
    left: &IntExpr,
    right: &IntExpr,
    slots: &[Option<Value>],
) -> Option<bool> {
    Some(int_compare(
        op,
        int_value(left, slots)?,
        int_value(right, slots)?,
    ))
}

/// Small-int arithmetic, as Python computes it when the result fits; `None` means "let
/// the library handle it" (overflow, division by a non-positive number, shifts...).
#[inline(always)]
pub fn int_binop(op: BinOp, x: i64, y: i64) -> Option<i64> {
    let r = match op {
        BinOp::Add => x.checked_add(y)?,
        BinOp::Sub => x.checked_sub(y)?,
        BinOp::Mult => x.checked_mul(y)?,
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        BinOp::BitXor => x ^ y,
        // Python floors; for a positive divisor that is the Euclidean quotient.
        BinOp::FloorDiv if y > 0 => x.div_euclid(y),
        BinOp::Mod if y > 0 => x.rem_euclid(y),
        _ => return None,
    };
    Some(r)
}

/// One operation of a generator's in-place code ([`InPlaceCode`]). Each names the
/// statement it is (`block`, and `k`, its index there, the number of statements for the
/// terminator), which is where the general path takes over when it does not answer.
/// Jumps name the operation they go to (`pc`): the first one of their block, with
/// [`COUNTS_A_STEP`] set when the jump goes back (a loop's next round).
pub enum Op {
    /// `dst = int expression` (statement `k`), then on to `next` (the next operation,
    /// or where a jump right after it goes).
    Assign {
        dst: Slot,
        value: IntFn,
        next: u32,
        block: BlockId,
        k: u32,
    },
    /// `dst = src + add`, `Assign`'s most common shape (`i += 1`, `n = n - 1`) done
    /// without a call: statement `k`, then on to `next`.
    AddConst {
        dst: Slot,
        src: Slot,
        add: i64,
        next: u32,
        block: BlockId,
        k: u32,
    },
    /// A statement or terminator with no compact form: the general path runs it.
    HandOver {
        block: BlockId,
        k: u32,
    },
    Jump {
        to: u32,
    },
    Branch {
        cond: CondFn,
        then: u32,
        otherwise: u32,
        block: BlockId,
        k: u32,
    },
    /// `yield <int expression>`, suspending in `state`, which keeps every slot but
    /// those in `dropped` (bit `s` for slot `s`).
    Yield {
        value: IntFn,
        state: u32,
        dropped: u8,
        block: BlockId,
        k: u32,
    },
    /// `yield local`, suspending in `state` (as `Yield`).
    YieldLocal {
        slot: Slot,
        state: u32,
        dropped: u8,
        block: BlockId,
        k: u32,
    },
    /// `for_next` from a local generator into a local.
    ForNext {
        iter: Slot,
        item: Slot,
        body: u32,
        exhausted: u32,
        block: BlockId,
        k: u32,
    },
}

impl Op {
    /// The operations this one may go on to (each a `pc`, with `COUNTS_A_STEP` when
    /// going there counts a step); none for one that only stops or hands over.
    fn targets_mut(&mut self) -> [Option<&mut u32>; 2] {
        match self {
            Op::Assign { next, .. } | Op::AddConst { next, .. } => [Some(next), None],
            Op::Jump { to } => [Some(to), None],
            Op::Branch {
                then, otherwise, ..
            } => [Some(then), Some(otherwise)],
            Op::ForNext {
                body, exhausted, ..
            } => [Some(body), Some(exhausted)],
            Op::HandOver { .. } | Op::Yield { .. } | Op::YieldLocal { .. } => [None, None],
        }
    }
}

/// `dst = src + add` when `value` has that shape: `(src, add)`.
fn add_const(value: &IntExpr) -> Option<(Slot, i64)> {
    match value {
        IntExpr::Bin(BinOp::Add, a, b) => match (&**a, &**b) {
            (IntExpr::Local(s), IntExpr::Const(c)) | (IntExpr::Const(c), IntExpr::Local(s)) => {
                Some((*s, *c))
            }
            _ => None,
        },
        IntExpr::Bin(BinOp::Sub, a, b) => match (&**a, &**b) {
            (IntExpr::Local(s), IntExpr::Const(c)) => Some((*s, c.checked_neg()?)),
            _ => None,
        },
        _ => None,
    }
}

/// Set in a jump's target when taking the jump counts a step against the program's
/// step budget (`RunOptions::step_budget`): a jump back to the same or an earlier
/// operation, and a resumption that starts at or before its `yield`. Every cycle of
/// control, across resumptions too, has at least one such edge (operations are in one
/// order, and a cycle cannot only go forward), so in-place code counts at least a step
/// per round of every loop, where the general path counts one per block; both stop a
/// program that never ends.
pub const COUNTS_A_STEP: u32 = 1 << 31;

/// How many slots a frame run in place has: a generator whose frame has at most this
/// many is kept whole while suspended (`generator::MachineCode`), padded to exactly this
/// many so that in-place code indexes it with no bounds to check.
pub const IN_PLACE_SLOTS: usize = 4;

/// The frame in-place code runs on.
pub type InPlaceFrame = [Option<Value>; IN_PLACE_SLOTS];

/// Slot `s` of an in-place frame. Every slot of a function run in place is below
/// [`IN_PLACE_SLOTS`], so the mask changes nothing but lets the compiler drop the bounds
/// check.
#[inline(always)]
pub fn in_place_slot(s: Slot) -> usize {
    s as usize % IN_PLACE_SLOTS
}

/// A generator's compact forms laid out in one array, block after block, for
/// `generator::next_in_place`: running a block is running its operations in a row, and
/// a jump is an index. (The same forms `run_frame` takes, with nothing to look up per
/// block.)
pub struct InPlaceCode {
    pub ops: Box<[Op]>,
    /// The index of each block's first operation, in block order (increasing: every
    /// block has at least its terminator).
    pub block_pc: Box<[u32]>,
    /// For each state of the machine, where `next()` starts (`u32::MAX`: a state it
    /// cannot be resumed from here, running or finished) and the slot the `None` it
    /// sends goes into (`u32::MAX`: none).
    pub resume: Box<[(u32, u32)]>,
}

impl InPlaceCode {
    /// Lays out `fast` (a function's compact forms) for the state machine `states`;
    /// `state_of_block` gives the state a `yield` ending each block suspends in, and
    /// `dropped` the slots each state does not keep.
    pub fn new(
        fast: &[FastBlock],
        states: &[crate::statemachine::State],
        state_of_block: &[u32],
        dropped: &[u8],
    ) -> InPlaceCode {
        use crate::statemachine::StateKind;
        let mut block_pc = Vec::with_capacity(fast.len());
        let mut pc = 0u32;
        for b in fast {
            block_pc.push(pc);
            pc += b.stmts.len() as u32 + 1;
        }
        // The operation a jump from `from` to block `b` goes to.
        let jump = |from: usize, b: BlockId| match block_pc.get(b as usize) {
            Some(&to) if to as usize <= from => to | COUNTS_A_STEP,
            Some(&to) => to,
            None => u32::MAX,
        };
        let to = |b: BlockId| block_pc.get(b as usize).copied().unwrap_or(u32::MAX);
        let mut ops = Vec::with_capacity(pc as usize);
        for (block, b) in fast.iter().enumerate() {
            let block = block as BlockId;
            for (k, s) in b.stmts.iter().enumerate() {
                let k = k as u32;
                ops.push(match s {
                    FastStmt::Assign { dst, value } => match add_const(&value.expr) {
                        Some((src, add)) => Op::AddConst {
                            dst: *dst,
                            src,
                            add,
                            next: ops.len() as u32 + 1,
                            block,
                            k,
                        },
                        None => Op::Assign {
                            dst: *dst,
                            value: value.func(),
                            next: ops.len() as u32 + 1,
                            block,
                            k,
                        },
                    },
                    FastStmt::General => Op::HandOver { block, k },
                });
            }
            let k = b.stmts.len() as u32;
            let state = state_of_block
                .get(block as usize)
                .copied()
                .unwrap_or(u32::MAX);
            let dropped = || dropped.get(state as usize).copied().unwrap_or(0);
            ops.push(match &b.term {
                FastTerm::Jump(t) => Op::Jump {
                    to: jump(ops.len(), *t),
                },
                FastTerm::Branch {
                    cond,
                    then,
                    otherwise,
                } => Op::Branch {
                    cond: cond.func(),
                    then: jump(ops.len(), *then),
                    otherwise: jump(ops.len(), *otherwise),
                    block,
                    k,
                },
                FastTerm::Yield(value) => Op::Yield {
                    value: value.func(),
                    state,
                    dropped: dropped(),
                    block,
                    k,
                },
                FastTerm::YieldLocal(slot) => Op::YieldLocal {
                    slot: *slot,
                    state,
                    dropped: dropped(),
                    block,
                    k,
                },
                FastTerm::ForNext {
                    iter,
                    item,
                    body,
                    exhausted,
                } => Op::ForNext {
                    iter: *iter,
                    item: *item,
                    body: jump(ops.len(), *body),
                    exhausted: jump(ops.len(), *exhausted),
                    block,
                    k,
                },
                FastTerm::General => Op::HandOver { block, k },
            });
        }
        // Jump threading: whatever goes to a bare `Jump` goes straight to where the jump
        // goes, keeping the step the jump counts, so no operation is spent on a jump
        // between blocks (the end of a loop's body, a resume block that only jumps back).
        let jumps: Vec<Option<u32>> = ops
            .iter()
            .map(|op| match op {
                Op::Jump { to } => Some(*to),
                _ => None,
            })
            .collect();
        let through = |mut target: u32| -> u32 {
            for _ in 0..jumps.len() {
                match jumps.get((target & !COUNTS_A_STEP) as usize) {
                    Some(Some(to)) => {
                        target = (to & !COUNTS_A_STEP) | ((target | to) & COUNTS_A_STEP)
                    }
                    _ => break,
                }
            }
            target
        };
        for op in &mut ops {
            for target in op.targets_mut().into_iter().flatten() {
                *target = through(*target);
            }
        }
        // A resumption starts where its resume block's jumps lead. Going from the
        // `yield` (the last operation of `block`) to there is an edge of the loop the
        // generator may be in, like a jump: it counts a step when it goes back, or when a
        // jump it threads through does.
        let resume_at = |block: BlockId, resume: BlockId| {
            let from = block_pc
                .get(block as usize + 1)
                .map_or(u32::MAX, |next| next - 1);
            let to = to(resume);
            let back = if to <= from { COUNTS_A_STEP } else { 0 };
            through(to | back)
        };
        let resume = states
            .iter()
            .map(|s| match s.kind {
                StateKind::Unresumed => (through(to(0)) & !COUNTS_A_STEP, u32::MAX),
                StateKind::Suspended {
                    block,
                    resume,
                    sent,
                    ..
                } => (resume_at(block, resume), sent.unwrap_or(u32::MAX)),
                _ => (u32::MAX, u32::MAX),
            })
            .collect();
        InPlaceCode {
            ops: ops.into_boxed_slice(),
            block_pc: block_pc.into_boxed_slice(),
            resume,
        }
    }

    /// The block operation `pc` begins (`pc` is a jump's target).
    pub fn block_at(&self, pc: u32) -> BlockId {
        let pc = pc & !COUNTS_A_STEP;
        match self.block_pc.binary_search(&pc) {
            Ok(b) => b as BlockId,
            Err(b) => b.saturating_sub(1) as BlockId,
        }
    }
}

/// An operand of a compiled operation: where its int comes from.
trait Operand: 'static {
    fn get(&self, slots: &[Option<Value>]) -> Option<i64>;
}

/// A local (`None` unless it holds an `int`).
#[derive(Clone, Copy)]
struct Loc(usize);

impl Operand for Loc {
    #[inline(always)]
    fn get(&self, slots: &[Option<Value>]) -> Option<i64> {
        match slots.get(self.0) {
            Some(Some(Value::Int(i))) => Some(*i),
            _ => None,
        }
    }
}

/// An int constant.
#[derive(Clone, Copy)]
struct Con(i64);

impl Operand for Con {
    #[inline(always)]
    fn get(&self, _: &[Option<Value>]) -> Option<i64> {
        Some(self.0)
    }
}

/// A compiled int expression (see [`IntCode`]).
pub type IntFn = Box<dyn Fn(&[Option<Value>]) -> Option<i64>>;

/// A compiled int comparison (see [`CondCode`]).
pub type CondFn = Box<dyn Fn(&[Option<Value>]) -> Option<bool>>;

impl Operand for IntFn {
    #[inline(always)]
    fn get(&self, slots: &[Option<Value>]) -> Option<i64> {
        self(slots)
    }
}

/// The operators `int_binop` answers, numbered for the const parameter of `binary`.
const BIN_OPS: [BinOp; 8] = [
    BinOp::Add,
    BinOp::Sub,
    BinOp::Mult,
    BinOp::BitAnd,
    BinOp::BitOr,
    BinOp::BitXor,
    BinOp::FloorDiv,
    BinOp::Mod,
];

/// The comparisons `int_compare` answers, numbered for the const parameter of `compare`.
const CMP_OPS: [CmpOp; 6] = [
    CmpOp::Eq,
    CmpOp::NotEq,
    CmpOp::Lt,
    CmpOp::LtE,
    CmpOp::Gt,
    CmpOp::GtE,
];

/// `$body` with the const `$n` equal to `$index` (an `Option<usize>`, one of the listed
/// values), else `$otherwise`: how a closure gets its operator fixed when it is compiled,
/// so that the operator's `match` folds away inside it.
macro_rules! with_const_index {
    ($index:expr, [$($k:literal)*], $n:ident => $body:expr, _ => $otherwise:expr) => {
        match $index {
            $(Some($k) => {
                const $n: usize = $k;
                $body
            })*
            _ => $otherwise,
        }
    };
}

/// An operand that is itself an operation on two plain operands (`x * x` in
/// `x * x % 7`), evaluated inline in its parent's closure.
struct Nested<const OP: usize, A, B>(A, B);

impl<const OP: usize, A: Operand, B: Operand> Operand for Nested<OP, A, B> {
    #[inline(always)]
    fn get(&self, slots: &[Option<Value>]) -> Option<i64> {
        int_binop(BIN_OPS[OP], self.0.get(slots)?, self.1.get(slots)?)
    }
}

/// `(a <inner> b) <op> c`, both operators fixed when the closure is compiled.
fn nested_of<A: Operand, B: Operand, C: Operand>(
    op: BinOp,
    inner: BinOp,
    a: A,
    b: B,
    c: C,
) -> IntFn {
    with_const_index!(
        BIN_OPS.iter().position(|o| *o == inner),
        [0 1 2 3 4 5 6 7],
        INNER => binary_of(op, Nested::<INNER, A, B>(a, b), c),
        _ => Box::new(|_| None)
    )
}

/// `a <BIN_OPS[OP]> b`, with the operator fixed when the closure is compiled.
fn binary<const OP: usize, A: Operand, B: Operand>(a: A, b: B) -> IntFn {
    Box::new(move |s| int_binop(BIN_OPS[OP], a.get(s)?, b.get(s)?))
}

fn binary_of<A: Operand, B: Operand>(op: BinOp, a: A, b: B) -> IntFn {
    with_const_index!(
        BIN_OPS.iter().position(|o| *o == op),
        [0 1 2 3 4 5 6 7],
        OP => binary::<OP, A, B>(a, b),
        // Not an operator `int_binop` computes: never compact (`int_operator`).
        _ => Box::new(|_| None)
    )
}

fn compile_int(e: &IntExpr) -> IntFn {
    use IntExpr::{Bin, Const, Local};
    match e {
        Local(s) => {
            let l = Loc(*s as usize);
            Box::new(move |slots| l.get(slots))
        }
        Const(k) => {
            let k = *k;
            Box::new(move |_| Some(k))
        }
        Bin(op, a, b) => match (&**a, &**b) {
            (Local(x), Local(y)) => binary_of(*op, Loc(*x as usize), Loc(*y as usize)),
            (Local(x), Const(k)) => binary_of(*op, Loc(*x as usize), Con(*k)),
            (Const(k), Local(y)) => binary_of(*op, Con(*k), Loc(*y as usize)),
            // The common two-level shapes (`x * x % 7`, `(i + 1) * 2`) in one closure.
            (left @ Bin(inner, a, b), Const(k)) => match (&**a, &**b) {
                (Local(x), Local(y)) => {
                    nested_of(*op, *inner, Loc(*x as usize), Loc(*y as usize), Con(*k))
                }
                (Local(x), Const(j)) => nested_of(*op, *inner, Loc(*x as usize), Con(*j), Con(*k)),
                _ => binary_of(*op, compile_int(left), Con(*k)),
            },
            (a, Const(k)) => binary_of(*op, compile_int(a), Con(*k)),
            (a, b) => binary_of(*op, compile_int(a), compile_int(b)),
        },
    }
}

/// `a <CMP_OPS[OP]> b`, with the comparison fixed when the closure is compiled.
fn compare<const OP: usize, A: Operand, B: Operand>(a: A, b: B) -> CondFn {
    Box::new(move |s| Some(int_compare(CMP_OPS[OP], a.get(s)?, b.get(s)?)))
}

fn compare_of<A: Operand, B: Operand>(op: CmpOp, a: A, b: B) -> CondFn {
    with_const_index!(
        CMP_OPS.iter().position(|o| *o == op),
        [0 1 2 3 4 5],
        OP => compare::<OP, A, B>(a, b),
        // Identity and membership: never compact (`int_comparable`).
        _ => Box::new(|_| None)
    )
}

fn compile_condition(op: CmpOp, left: &IntExpr, right: &IntExpr) -> CondFn {
    use IntExpr::{Const, Local};
    match (left, right) {
        (Local(x), Local(y)) => compare_of(op, Loc(*x as usize), Loc(*y as usize)),
        (Local(x), Const(k)) => compare_of(op, Loc(*x as usize), Con(*k)),
        (Const(k), Local(y)) => compare_of(op, Con(*k), Loc(*y as usize)),
        (a, b) => compare_of(op, compile_int(a), compile_int(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::SourceFile;

    fn blocks_of(src: &str, function: &str) -> Box<[FastBlock]> {
        let compiled = crate::compile(&SourceFile::new("t.py", src)).expect("compiles");
        let f = compiled
            .program
            .functions
            .iter()
            .find(|f| f.name == function)
            .expect("the function");
        fast_blocks(f)
    }

    #[test]
    fn a_counting_generator_gets_its_small_int_forms() {
        let blocks = blocks_of(
            "def numbers(n):\n    i = 0\n    while i < n:\n        yield i * i % 7\n        i += 1\n",
            "numbers",
        );
        let assigns = blocks
            .iter()
            .flat_map(|b| b.stmts.iter())
            .filter(|s| matches!(s, FastStmt::Assign { .. }))
            .count();
        let branches = blocks
            .iter()
            .filter(|b| matches!(&b.term, FastTerm::Branch { cond, .. } if cond.op == CmpOp::Lt))
            .count();
        let yields = blocks
            .iter()
            .filter(|b| matches!(&b.term, FastTerm::Yield(c) if matches!(c.expr, IntExpr::Bin(BinOp::Mod, ..))))
            .count();
        // `i += 1`; `i = 0` is a plain constant store, left to the general form.
        assert_eq!((assigns, branches, yields), (1, 1, 1));
    }

    #[test]
    fn anything_but_locals_ints_and_int_operators_keeps_its_general_form() {
        let blocks = blocks_of(
            "def f(xs, g):\n    a = xs[0] + 1\n    b = 2.5 * a\n    c = a / 2\n    d = a ** 2\n    e = g + a\n    return a\n",
            "f",
        );
        // `e = g + a` reads locals only, so it has a compact form (that gives way at run
        // time when `g` is not an int); the others read a subscript, a float constant, or
        // use `/` and `**`, which int_binop does not answer.
        let compact: Vec<bool> = blocks[0]
            .stmts
            .iter()
            .map(|s| matches!(s, FastStmt::Assign { .. }))
            .collect();
        assert_eq!(compact, [false, false, false, false, true]);
    }

    /// Every tree of up to two levels over a few leaves, under every operator pair.
    fn trees() -> Vec<IntExpr> {
        let leaves = [
            IntExpr::Local(0),
            IntExpr::Local(1),
            IntExpr::Local(2),
            IntExpr::Local(3),
            IntExpr::Local(9),
            IntExpr::Const(0),
            IntExpr::Const(-3),
            IntExpr::Const(7),
            IntExpr::Const(i64::MAX),
        ];
        let bin = |op, a: &IntExpr, b: &IntExpr| {
            IntExpr::Bin(op, Box::new(a.clone()), Box::new(b.clone()))
        };
        let mut ones = Vec::new();
        for op in BIN_OPS {
            for a in &leaves {
                for b in &leaves {
                    ones.push(bin(op, a, b));
                }
            }
        }
        let mut all = ones.clone();
        for op in BIN_OPS {
            for a in ones.iter().step_by(7) {
                for b in leaves.iter().chain(ones.iter().step_by(61)) {
                    all.push(bin(op, a, b));
                    all.push(bin(op, b, a));
                }
            }
        }
        all.extend(leaves);
        all
    }

    #[test]
    fn compiled_code_answers_exactly_what_int_value_answers() {
        let frames = [
            vec![
                Some(Value::Int(5)),
                Some(Value::Int(-12)),
                Some(Value::Int(0)),
                None,
            ],
            vec![
                Some(Value::Int(i64::MAX)),
                Some(Value::Int(i64::MIN)),
                Some(Value::Int(-1)),
                Some(Value::Int(2)),
            ],
            vec![
                Some(Value::Bool(true)),
                Some(Value::Float(2.0)),
                Some(Value::Int(3)),
                Some(Value::Int(3)),
            ],
        ];
        let trees = trees();
        let mut answered = 0;
        for e in &trees {
            let code = IntCode::new(e.clone());
            for slots in &frames {
                let expected = int_value(e, slots);
                assert_eq!(code.eval(slots), expected, "{e:?} on {slots:?}");
                assert_eq!(code.func()(slots), expected, "{e:?} on {slots:?}");
                answered += usize::from(expected.is_some());
            }
        }
        for op in CMP_OPS {
            for (a, b) in trees.iter().step_by(13).zip(trees.iter().rev().step_by(11)) {
                let cond = CondCode::new(op, a.clone(), b.clone());
                for slots in &frames {
                    let expected = int_condition(op, a, b, slots);
                    assert_eq!(cond.eval(slots), expected, "{a:?} {op:?} {b:?}");
                    assert_eq!(cond.func()(slots), expected, "{a:?} {op:?} {b:?}");
                }
            }
        }
        // The comparison is not vacuous: there are as many answers as half the trees
        // (the other cases give way: unbound, not an int, overflow, division by 0).
        assert!(answered > trees.len() / 2, "{answered} of {}", trees.len());
    }

    #[test]
    fn in_place_code_lays_blocks_out_in_order_threads_jumps_and_marks_back_jumps() {
        let blocks = blocks_of(
            "def numbers(n):\n    i = 0\n    while i < n:\n        yield i\n        i += 1\n",
            "numbers",
        );
        // bb0 `i = 0; jump bb1`, bb1 `branch`, bb2 `yield i`, bb3 `i += 1; jump bb1`,
        // bb4 `return`; the yield suspends in state 3.
        let state_of_block = [u32::MAX, u32::MAX, 3, u32::MAX, u32::MAX];
        let code = InPlaceCode::new(&blocks, &[], &state_of_block, &[]);
        assert_eq!(&*code.block_pc, &[0, 2, 3, 4, 6]);
        let describe: Vec<String> = code
            .ops
            .iter()
            .map(|op| match op {
                Op::Assign { dst, next, .. } => format!("assign {dst} then {next:#x}"),
                Op::AddConst {
                    dst,
                    src,
                    add,
                    next,
                    ..
                } => format!("{dst} = {src} + {add} then {next:#x}"),
                Op::HandOver { block, k } => format!("general {block}.{k}"),
                Op::Jump { to } => format!("jump {to:#x}"),
                Op::Branch {
                    then, otherwise, ..
                } => format!("branch {then:#x} {otherwise:#x}"),
                Op::Yield { state, .. } => format!("yield int in {state}"),
                Op::YieldLocal { slot, state, .. } => format!("yield {slot} in {state}"),
                Op::ForNext { .. } => "for".to_string(),
            })
            .collect();
        assert_eq!(
            describe,
            [
                "general 0.0",
                "jump 0x2",
                "branch 0x3 0x6",
                "yield 1 in 3",
                // `i += 1` goes straight on to the loop's branch, counting the step of
                // the jump back it skips.
                "1 = 1 + 1 then 0x80000002",
                "jump 0x80000002",
                "general 4.0",
            ]
        );
        assert_eq!(code.block_at(0x8000_0002), 1);
        assert_eq!(code.block_at(6), 4);
    }

    #[test]
    fn adding_a_constant_is_recognised_in_each_spelling_and_never_overflows() {
        let bin = |op, a, b| IntExpr::Bin(op, Box::new(a), Box::new(b));
        let (i, c) = (IntExpr::Local(2), IntExpr::Const);
        assert_eq!(add_const(&bin(BinOp::Add, i.clone(), c(1))), Some((2, 1)));
        assert_eq!(add_const(&bin(BinOp::Add, c(5), i.clone())), Some((2, 5)));
        assert_eq!(add_const(&bin(BinOp::Sub, i.clone(), c(3))), Some((2, -3)));
        // `i - c` for the one constant whose negation overflows stays a general `Assign`.
        assert_eq!(add_const(&bin(BinOp::Sub, i.clone(), c(i64::MIN))), None);
        assert_eq!(add_const(&bin(BinOp::Sub, c(3), i.clone())), None);
        assert_eq!(add_const(&bin(BinOp::Mult, i.clone(), c(3))), None);
        assert_eq!(add_const(&bin(BinOp::Add, i.clone(), i)), None);
    }

    #[test]
    fn int_values_give_way_on_anything_python_computes_differently() {
        let slots = [Some(Value::Int(i64::MAX)), Some(Value::Bool(true)), None];
        let add = |a, b| IntExpr::Bin(BinOp::Add, Box::new(a), Box::new(b));
        assert_eq!(
            int_value(&add(IntExpr::Local(0), IntExpr::Const(1)), &slots),
            None
        );
        assert_eq!(
            int_value(&add(IntExpr::Local(1), IntExpr::Const(1)), &slots),
            None
        );
        assert_eq!(
            int_value(&add(IntExpr::Local(2), IntExpr::Const(1)), &slots),
            None
        );
        assert_eq!(
            int_value(&add(IntExpr::Const(-7), IntExpr::Const(3)), &slots),
            Some(-4)
        );
        let floor = |op, a, b| int_binop(op, a, b);
        assert_eq!(floor(BinOp::FloorDiv, -7, 2), Some(-4));
        assert_eq!(floor(BinOp::Mod, -7, 2), Some(1));
        assert_eq!(floor(BinOp::Mod, 7, -2), None);
        assert_eq!(floor(BinOp::FloorDiv, 7, 0), None);
    }
}
