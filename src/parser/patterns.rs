//! The grammar's actions for the `match` statement: they build `case` patterns and check
//! what the grammar alone does not, with CPython's parser's wording (`cannot use '_' as a
//! target`, `positional patterns follow keyword patterns`, complex literals).
//!
//! Checks CPython makes later, in its compiler (irrefutable patterns that are not last,
//! names bound twice, alternatives binding different names...), belong to `resolve`.

use super::build::{expr, span, stmt, PResult};
use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

fn err<T>(message: impl Into<String>, at: Span) -> PResult<T> {
    Err(Diagnostic::syntax(message, at))
}

/// One item between the braces of a mapping pattern.
pub enum MapItem {
    Pair(Expr, Pattern),
    /// `**rest`.
    Rest(Name),
}

/// One argument of a class pattern.
pub enum PatArg {
    Positional(Pattern),
    Keyword(Name, Pattern),
}

pub fn pattern(kind: PatternKind, l: usize, r: usize) -> Pattern {
    Pattern::new(kind, span(l, r))
}

/// `match subject:` and its cases.
pub fn match_stmt(subject: Expr, cases: Vec<MatchCase>, l: usize) -> PResult<Stmt> {
    if let ExprKind::Starred(_) = subject.kind {
        // CPython's parser stops at the `:` after a lone starred subject.
        let end = subject.span.end as usize;
        return err("invalid syntax", span(end, end));
    }
    let r = cases.last().map_or(l, |c| c.span.end as usize);
    Ok(stmt(
        StmtKind::Match(Box::new(Match { subject, cases })),
        l,
        r,
    ))
}

pub fn match_case(pattern: Pattern, guard: Option<Expr>, body: Vec<Stmt>, l: usize) -> MatchCase {
    let r = body
        .last()
        .map_or(pattern.span.end as usize, |s| s.span.end as usize);
    MatchCase {
        pattern,
        guard,
        body,
        span: span(l, r),
    }
}

/// `case p:` where `p` is not followed by a comma: a star pattern needs one.
pub fn lone_pattern(p: Pattern) -> PResult<Pattern> {
    match p.kind {
        // CPython's parser stops at what follows it.
        PatternKind::Star(_) => {
            let end = p.span.end as usize;
            err("invalid syntax", span(end, end))
        }
        _ => Ok(p),
    }
}

pub fn sequence(items: Vec<Pattern>, l: usize, r: usize) -> Pattern {
    pattern(PatternKind::Sequence(items), l, r)
}

pub fn star(name: String, l: usize, r: usize) -> Pattern {
    let name = (name != "_").then(|| Name {
        id: name,
        span: span(l + 1, r),
    });
    pattern(PatternKind::Star(name), l, r)
}

/// `x` (a capture), `_` (the wildcard) or `a.b` (a value).
pub fn name_or_value(e: Expr) -> Pattern {
    let at = e.span;
    let kind = match e.kind {
        ExprKind::Name(id) if id == "_" => PatternKind::As {
            pattern: None,
            name: None,
        },
        ExprKind::Name(id) => PatternKind::As {
            pattern: None,
            name: Some(Name { id, span: at }),
        },
        _ => PatternKind::Value(e),
    };
    Pattern::new(kind, at)
}

pub fn as_pattern(p: Pattern, name: Name, l: usize, r: usize) -> PResult<Pattern> {
    if name.id == "_" {
        return err("cannot use '_' as a target", name.span);
    }
    Ok(pattern(
        PatternKind::As {
            pattern: Some(Box::new(p)),
            name: Some(name),
        },
        l,
        r,
    ))
}

pub fn or_pattern(first: Pattern, rest: Vec<Pattern>, l: usize, r: usize) -> Pattern {
    let mut all = vec![first];
    all.extend(rest);
    pattern(PatternKind::Or(all), l, r)
}

/// A literal: `None`, `True` and `False` are compared by identity, the rest by `==`.
pub fn literal(e: Expr) -> Pattern {
    let at = e.span;
    let kind = match e.kind {
        ExprKind::Constant(c @ (Constant::None | Constant::True | Constant::False)) => {
            PatternKind::Singleton(c)
        }
        _ => PatternKind::Value(e),
    };
    Pattern::new(kind, at)
}

/// `-n`.
pub fn negative(n: Expr, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand: Box::new(n),
        },
        l,
        r,
    )
}

/// `real + imag` or `real - imag`: the only sums a pattern may hold.
pub fn complex(real: Expr, op: BinOp, imag: Expr, l: usize, r: usize) -> PResult<Expr> {
    let is_imaginary = |e: &Expr| match &e.kind {
        ExprKind::Constant(Constant::Complex(_)) => true,
        ExprKind::UnaryOp { operand, .. } => {
            matches!(operand.kind, ExprKind::Constant(Constant::Complex(_)))
        }
        _ => false,
    };
    if is_imaginary(&real) {
        return err("real number required in complex literal", real.span);
    }
    if !is_imaginary(&imag) {
        return err("imaginary number required in complex literal", imag.span);
    }
    Ok(expr(
        ExprKind::BinOp {
            left: Box::new(real),
            op,
            right: Box::new(imag),
        },
        l,
        r,
    ))
}

pub fn mapping(items: Vec<(MapItem, Span)>, l: usize, r: usize) -> PResult<Pattern> {
    let mut keys = Vec::new();
    let mut patterns = Vec::new();
    let mut rest = None;
    let next_starts: Vec<Span> = items.iter().skip(1).map(|(_, at)| *at).collect();
    for (i, (item, _)) in items.into_iter().enumerate() {
        match item {
            // `**rest` comes last, and is a name (`**_` would capture nothing). CPython's
            // parser stops at the `_`, or at the item after `**rest`.
            MapItem::Rest(name) => {
                if name.id == "_" {
                    return err("invalid syntax", name.span);
                }
                if let Some(next) = next_starts.get(i) {
                    return err("invalid syntax", *next);
                }
                rest = Some(name);
            }
            MapItem::Pair(k, p) => {
                keys.push(k);
                patterns.push(p);
            }
        }
    }
    Ok(pattern(
        PatternKind::Mapping {
            keys,
            patterns,
            rest,
        },
        l,
        r,
    ))
}

pub fn class(cls: Expr, args: Vec<PatArg>, l: usize, r: usize) -> PResult<Pattern> {
    let mut patterns = Vec::new();
    let mut kwd_attrs = Vec::new();
    let mut kwd_patterns = Vec::new();
    for arg in args {
        match arg {
            PatArg::Positional(p) => {
                if !kwd_patterns.is_empty() {
                    return err("positional patterns follow keyword patterns", p.span);
                }
                patterns.push(p);
            }
            PatArg::Keyword(name, p) => {
                kwd_attrs.push(name);
                kwd_patterns.push(p);
            }
        }
    }
    Ok(pattern(
        PatternKind::Class {
            cls,
            patterns,
            kwd_attrs,
            kwd_patterns,
        },
        l,
        r,
    ))
}
