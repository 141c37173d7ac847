//! The small-int lane: a block's arithmetic on plain ints, decoded once per program.
//!
//! Most of what a generator loop computes is small-int arithmetic on locals and constants:
//! `i += 1`, `while i < n`, `yield x * x % 7`. Evaluating such a statement through the
//! general expression tree means a call, a match and a reference-counted `Value` per
//! node. Here, when a program starts, every block of every function is read once, and each
//! statement or terminator whose expression is *only* locals, int constants and the
//! operators `int_binop` answers (`+ - * // % & | ^`, comparisons in a branch) is given a
//! second, compact form: an [`IntExpr`] evaluated on machine integers.
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
use crate::cfg::{Block, BlockId, Expr, ExprKind, Function, Slot, StmtKind, Target, Terminator};

/// An expression over machine integers: locals holding ints, int constants, operators.
#[derive(Debug, Clone)]
pub enum IntExpr {
    Local(Slot),
    Const(i64),
    Bin(BinOp, Box<IntExpr>, Box<IntExpr>),
}

/// The compact form of one statement of a block.
#[derive(Debug, Clone)]
pub enum FastStmt {
    /// `local = int expression`.
    Assign { dst: Slot, value: IntExpr },
    /// Anything else: run the block's statement of the same index in its general form.
    General,
}

/// The compact form of a block's terminator.
#[derive(Debug, Clone)]
pub enum FastTerm {
    Jump(BlockId),
    /// `branch a <op> b`, both sides int expressions.
    Branch {
        op: CmpOp,
        left: IntExpr,
        right: IntExpr,
        then: BlockId,
        otherwise: BlockId,
    },
    /// `yield <int expression>` (the value is sent nowhere, or the sent slot is set by
    /// the generator machinery on resumption, as for every `yield`).
    Yield(IntExpr),
    /// Anything else: the terminator's general form.
    General,
}

/// A block's compact forms: one per statement, one for the terminator.
#[derive(Debug, Clone)]
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
                Some(value @ IntExpr::Bin(..)) => FastStmt::Assign { dst: *dst, value },
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
                            op: *op,
                            left,
                            right,
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
            Some(e @ IntExpr::Bin(..)) => FastTerm::Yield(e),
            _ => FastTerm::General,
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
/// `None` means "run the general form".
#[inline]
pub fn int_value(e: &IntExpr, slots: &[Option<Value>]) -> Option<i64> {
    match e {
        IntExpr::Bin(op, a, b) => {
            int_binop(*op, leaf_or_value(a, slots)?, leaf_or_value(b, slots)?)
        }
        _ => leaf_or_value(e, slots),
    }
}

/// An operand: leaves inline, deeper trees by recursion.
#[inline(always)]
fn leaf_or_value(e: &IntExpr, slots: &[Option<Value>]) -> Option<i64> {
    match e {
        IntExpr::Local(s) => match slots.get(*s as usize) {
            Some(Some(Value::Int(i))) => Some(*i),
            _ => None,
        },
        IntExpr::Const(i) => Some(*i),
        IntExpr::Bin(..) => int_value(e, slots),
    }
}

/// The branch condition `left <op> right` on ints, or `None`.
#[inline]
pub fn int_condition(
    op: CmpOp,
    left: &IntExpr,
    right: &IntExpr,
    slots: &[Option<Value>],
) -> Option<bool> {
    let x = leaf_or_value(left, slots)?;
    let y = leaf_or_value(right, slots)?;
    Some(int_compare(op, x, y))
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
            .filter(|b| matches!(b.term, FastTerm::Branch { op: CmpOp::Lt, .. }))
            .count();
        let yields = blocks
            .iter()
            .filter(|b| matches!(b.term, FastTerm::Yield(IntExpr::Bin(BinOp::Mod, ..))))
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
