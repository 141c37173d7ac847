//! The checks CPython's compiler makes on a `match` statement's patterns, with its wording
//! and at the place it points to.
//!
//! CPython compiles each case's pattern in turn and stops at the first problem:
//!
//! - a pattern that always matches (a bare capture `x` or the wildcard `_`) where later
//!   patterns could never be tried: in a case that is not the last and has no guard, or
//!   in an alternative of `|` that is not the last (`name capture 'x' makes remaining
//!   patterns unreachable`, `wildcard makes remaining patterns unreachable`);
//! - a name bound twice in one pattern (`multiple assignments to name 'x' in pattern`);
//! - alternatives binding different names (`alternative patterns bind different names`);
//! - two starred names in one sequence pattern, a mapping pattern testing the same
//!   literal key twice, a class pattern naming the same attribute twice, and values or
//!   keys that are neither literals nor dotted names (f-strings).
//!
//! The error points where CPython's does: at the last pattern its compiler started on.

use crate::ast::{Constant, Expr, ExprKind, Match, Name, Pattern, PatternKind, UnaryOp};
use crate::diagnostic::Diagnostic;
use crate::pyrepr::{bytes_repr, float_repr, str_repr};
use crate::span::Span;

/// The first compile error of the match statement's patterns, if any.
pub fn check(m: &Match) -> Option<Diagnostic> {
    let last = m.cases.len().saturating_sub(1);
    for (i, case) in m.cases.iter().enumerate() {
        let mut c = Compiler {
            stores: Vec::new(),
            allow_irrefutable: case.guard.is_some() || i == last,
            at: case.pattern.span,
        };
        if let Err(message) = c.pattern(&case.pattern) {
            return Some(Diagnostic::syntax(message, c.at));
        }
    }
    None
}

struct Compiler<'a> {
    /// The names the pattern binds so far.
    stores: Vec<&'a str>,
    /// Whether a pattern that always matches is allowed here.
    allow_irrefutable: bool,
    /// The pattern the compiler is on: where an error points.
    at: Span,
}

type Checked = Result<(), String>;

impl<'a> Compiler<'a> {
    fn store(&mut self, name: Option<&'a Name>) -> Checked {
        let Some(name) = name else { return Ok(()) };
        if self.stores.contains(&name.id.as_str()) {
            return Err(format!(
                "multiple assignments to name {} in pattern",
                str_repr(&name.id)
            ));
        }
        self.stores.push(&name.id);
        Ok(())
    }

    /// A subpattern of a sequence, mapping or class pattern: it may always match.
    fn subpattern(&mut self, p: &'a Pattern) -> Checked {
        let allow = std::mem::replace(&mut self.allow_irrefutable, true);
        self.pattern(p)?;
        self.allow_irrefutable = allow;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern) -> Checked {
        self.at = p.span;
        match &p.kind {
            PatternKind::Value(e) => match e.kind {
                ExprKind::FString(_) => {
                    Err("patterns may only match literals and attribute lookups".into())
                }
                _ => Ok(()),
            },
            PatternKind::Singleton(_) => Ok(()),
            PatternKind::As {
                pattern: None,
                name,
            } => {
                if !self.allow_irrefutable {
                    return Err(match name {
                        Some(n) => format!(
                            "name capture {} makes remaining patterns unreachable",
                            str_repr(&n.id)
                        ),
                        None => "wildcard makes remaining patterns unreachable".into(),
                    });
                }
                self.store(name.as_ref())
            }
            PatternKind::As {
                pattern: Some(inner),
                name,
            } => {
                self.pattern(inner)?;
                self.store(name.as_ref())
            }
            PatternKind::Star(name) => self.store(name.as_ref()),
            PatternKind::Sequence(items) => {
                let stars = items
                    .iter()
                    .filter(|i| matches!(i.kind, PatternKind::Star(_)))
                    .count();
                if stars > 1 {
                    return Err("multiple starred names in sequence pattern".into());
                }
                items.iter().try_for_each(|i| self.subpattern(i))
            }
            PatternKind::Mapping {
                keys,
                patterns,
                rest,
            } => {
                let mut seen: Vec<Key> = Vec::new();
                for k in keys {
                    match literal_key(k) {
                        Some((Key::Other, _)) => {}
                        Some((key, repr)) => {
                            if seen.contains(&key) {
                                return Err(format!(
                                    "mapping pattern checks duplicate key ({repr})"
                                ));
                            }
                            seen.push(key);
                        }
                        None if matches!(k.kind, ExprKind::Attribute { .. }) => {}
                        None => {
                            return Err("mapping pattern keys may only match literals and \
                                        attribute lookups"
                                .into())
                        }
                    }
                }
                patterns.iter().try_for_each(|p| self.subpattern(p))?;
                self.store(rest.as_ref())
            }
            PatternKind::Class {
                patterns,
                kwd_attrs,
                kwd_patterns,
                ..
            } => {
                for (i, attr) in kwd_attrs.iter().enumerate() {
                    if let Some(j) = (i + 1..kwd_attrs.len()).find(|&j| kwd_attrs[j].id == attr.id)
                    {
                        self.at = kwd_patterns[j].span;
                        return Err(format!(
                            "attribute name repeated in class pattern: {}",
                            attr.id
                        ));
                    }
                }
                patterns
                    .iter()
                    .chain(kwd_patterns)
                    .try_for_each(|p| self.subpattern(p))
            }
            PatternKind::Or(alternatives) => {
                let outer = std::mem::take(&mut self.stores);
                let allow = self.allow_irrefutable;
                let mut control: Vec<&'a str> = Vec::new();
                let last = alternatives.len().saturating_sub(1);
                for (i, alt) in alternatives.iter().enumerate() {
                    self.stores = Vec::new();
                    self.allow_irrefutable = i == last && allow;
                    self.pattern(alt)?;
                    if i == 0 {
                        control = std::mem::take(&mut self.stores);
                    } else if self.stores.len() != control.len()
                        || control.iter().any(|n| !self.stores.contains(n))
                    {
                        return Err("alternative patterns bind different names".into());
                    }
                }
                self.stores = outer;
                self.allow_irrefutable = allow;
                for name in control {
                    if self.stores.contains(&name) {
                        return Err(format!(
                            "multiple assignments to name {} in pattern",
                            str_repr(name)
                        ));
                    }
                    self.stores.push(name);
                }
                Ok(())
            }
        }
    }
}

/// A literal key as CPython's set of seen keys compares it: `1`, `1.0` and `True` are
/// one key.
#[derive(PartialEq)]
enum Key {
    Number(f64),
    /// An int too long for an f64 to hold exactly: its decimal digits, sign first.
    BigInt(String),
    Str(String),
    Bytes(Vec<u8>),
    None,
    Other,
}

/// The key a literal stands for and how CPython writes it, or `None` for a key that is
/// not a literal (a dotted name, an f-string).
fn literal_key(e: &Expr) -> Option<(Key, String)> {
    match &e.kind {
        ExprKind::Constant(c) => Some(constant_key(c, false)),
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand,
        } => match &operand.kind {
            ExprKind::Constant(c) => Some(constant_key(c, true)),
            _ => None,
        },
        // A complex literal (`1 + 2j`): peel refuses complex numbers before they matter.
        ExprKind::BinOp { .. } => Some((Key::Other, String::new())),
        _ => None,
    }
}

fn constant_key(c: &Constant, negative: bool) -> (Key, String) {
    match c {
        Constant::Int(digits) => {
            let digits = digits.trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            let sign = if negative && digits != "0" { "-" } else { "" };
            let repr = format!("{sign}{digits}");
            match digits.parse::<u64>() {
                Ok(n) if n < (1 << 53) => {
                    let n = n as f64;
                    (Key::Number(if negative { -n } else { n }), repr)
                }
                _ => (Key::BigInt(repr.clone()), repr),
            }
        }
        Constant::Float(f) => {
            let f = if negative { -f } else { *f };
            (Key::Number(f), float_repr(f))
        }
        Constant::True => (Key::Number(1.0), "True".into()),
        Constant::False => (Key::Number(0.0), "False".into()),
        Constant::None => (Key::None, "None".into()),
        Constant::Str(s) => (Key::Str(s.clone()), str_repr(s)),
        Constant::Bytes(b) => (Key::Bytes(b.clone()), bytes_repr(b)),
        Constant::Ellipsis | Constant::Complex(_) => (Key::Other, String::new()),
    }
}

#[cfg(test)]
mod tests;
