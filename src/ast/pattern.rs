//! The nodes of a `match` statement (PEP 634): the cases and the patterns they try.
//!
//! A pattern is not an expression: `[x, 1]` in a `case` does not build a list, it asks
//! "is the subject a sequence of two items whose second equals 1?" and binds `x` if so.
//! The node set is CPython's (`ast.MatchValue`, `ast.MatchSequence`, ...), so the `ast`
//! stage reads like Python's own `ast.dump`. The `match` pass of `desugar` turns every
//! `match` into plain `if`/`elif` tests, so no stage after it sees these nodes.

use super::{Constant, Expr, Name, Stmt};
use crate::span::Span;

/// `match subject: case ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub subject: Expr,
    pub cases: Vec<MatchCase>,
}

/// `case pattern if guard: body`.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchCase {
    pub pattern: Pattern,
    pub guard: Option<Expr>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub kind: PatternKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    /// A literal or a dotted name (`1`, `-2.5`, `"go"`, `Color.RED`): the subject must
    /// equal it (`==`).
    Value(Expr),
    /// `None`, `True`, `False`: the subject must be it (`is`).
    Singleton(Constant),
    /// `[a, b, *rest]`, `(a, b)`, `a, b`: at most one item is a `Star`.
    Sequence(Vec<Pattern>),
    /// `{"k": v, **rest}`: keys are literals or dotted names.
    Mapping {
        keys: Vec<Expr>,
        patterns: Vec<Pattern>,
        rest: Option<Name>,
    },
    /// `Point(x, y=0)`: positional patterns, then keyword ones.
    Class {
        cls: Expr,
        patterns: Vec<Pattern>,
        kwd_attrs: Vec<Name>,
        kwd_patterns: Vec<Pattern>,
    },
    /// `*rest` (or `*_`, name `None`) inside a sequence pattern.
    Star(Option<Name>),
    /// `p as name`; without `p` a capture (`name`) or, with neither, the wildcard `_`.
    As {
        pattern: Option<Box<Pattern>>,
        name: Option<Name>,
    },
    /// `p1 | p2 | ...`.
    Or(Vec<Pattern>),
}

impl Pattern {
    pub fn new(kind: PatternKind, span: Span) -> Pattern {
        Pattern { kind, span }
    }

    /// The subpatterns, in source order.
    pub fn children(&self) -> Vec<&Pattern> {
        match &self.kind {
            PatternKind::Sequence(ps) | PatternKind::Or(ps) => ps.iter().collect(),
            PatternKind::Mapping { patterns, .. } => patterns.iter().collect(),
            PatternKind::Class {
                patterns,
                kwd_patterns,
                ..
            } => patterns.iter().chain(kwd_patterns).collect(),
            PatternKind::As {
                pattern: Some(p), ..
            } => vec![p],
            _ => Vec::new(),
        }
    }

    /// The expressions the pattern evaluates (values, keys, classes), in source order.
    pub fn exprs(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        self.collect_exprs(&mut out);
        out
    }

    fn collect_exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        match &self.kind {
            PatternKind::Value(e) => out.push(e),
            PatternKind::Mapping { keys, patterns, .. } => {
                out.extend(keys);
                for p in patterns {
                    p.collect_exprs(out);
                }
            }
            PatternKind::Class { cls, .. } => {
                out.push(cls);
                for p in self.children() {
                    p.collect_exprs(out);
                }
            }
            _ => {
                for p in self.children() {
                    p.collect_exprs(out);
                }
            }
        }
    }

    /// The names the pattern binds, in the order CPython stores them.
    pub fn bound_names(&self) -> Vec<&Name> {
        let mut out = Vec::new();
        self.collect_names(&mut out);
        out
    }

    fn collect_names<'a>(&'a self, out: &mut Vec<&'a Name>) {
        match &self.kind {
            PatternKind::Star(Some(n)) => out.push(n),
            PatternKind::Mapping { patterns, rest, .. } => {
                for p in patterns {
                    p.collect_names(out);
                }
                out.extend(rest);
            }
            PatternKind::As { pattern, name } => {
                if let Some(p) = pattern {
                    p.collect_names(out);
                }
                out.extend(name);
            }
            // Every alternative binds the same names (checked): the first one's order.
            PatternKind::Or(ps) => {
                if let Some(p) = ps.first() {
                    p.collect_names(out);
                }
            }
            _ => {
                for p in self.children() {
                    p.collect_names(out);
                }
            }
        }
    }
}
