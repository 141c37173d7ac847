//! Pass `match`: a `match` statement becomes a chain of `if`/`elif` tests on its subject.
//!
//! ```python
//! match command.split():                    _subject = command.split()
//!     case [action]:                        if _match_seq(_subject) and len(_subject) == 1:
//!         ...                                   action = _subject[0]
//!     case ["go", where] if where in exits:     del _subject
//!                                               ...
//!         ...                       ==>     elif _match_seq(_subject) and len(_subject) == 2 \
//!     case _:                                       and _subject[0] == 'go' \
//!         ...                                       and [where := _subject[1]] and where in exits:
//!                                               ...
//!                                           else:
//!                                               del _subject
//!                                               ...
//! ```
//!
//! The subject is evaluated once, into a temporary. Each pattern becomes the tests it
//! makes, joined with `and`, and the names it binds: a literal or dotted name is `==`,
//! `None`/`True`/`False` is `is`, a sequence pattern asks `_match_seq` and the length and
//! then looks at the items by index (`*rest` is a list of the middle), a mapping pattern
//! asks `_match_map` and `in` for each key before it looks at the values (`**rest` is a
//! copy without those keys), a class pattern asks `_match_class` for the attributes it
//! matches. As in CPython, a case binds its names only once its whole pattern matched,
//! then tests its guard: without a guard, the bindings are the first statements of the
//! case's body; with one, they are assignment expressions (`[x := ...]`, a one-item list,
//! always true) just before the guard, so that a guard that fails leaves them bound, as
//! CPython does. The alternatives of `p | q` that bind names bind temporaries, and the
//! names take the values of the alternative that matched. The subject's temporary is
//! deleted first thing in the body of the case that matched (or when none did), where
//! CPython lets go of the subject.
//!
//! Where CPython reads a sequence's items by unpacking it, the pass indexes it: for the
//! sequences a pattern can match (lists, tuples, ranges) the two read the same items.
//! Patterns are tried after every other check, so no later pass sees a `match`.

use super::*;

/// What one pattern asks of its subject: the tests, in order, and the names it binds
/// with the expression of each one's value (read once all the tests passed).
#[derive(Default)]
struct Lowered {
    tests: Vec<Expr>,
    binds: Vec<(Name, Expr)>,
}

fn compare(left: Expr, op: CmpOp, right: Expr, span: Span) -> Expr {
    Expr::new(
        ExprKind::Compare {
            left: Box::new(left),
            ops: vec![(op, right)],
        },
        span,
    )
}

fn walrus(id: &str, value: Expr, span: Span) -> Expr {
    Expr::new(
        ExprKind::NamedExpr {
            target: Box::new(name(id, span)),
            value: Box::new(value),
        },
        span,
    )
}

fn subscript(value: Expr, index: Expr, span: Span) -> Expr {
    Expr::new(
        ExprKind::Subscript {
            value: Box::new(value),
            index: Box::new(index),
        },
        span,
    )
}

fn int(i: i64, span: Span) -> Expr {
    let digits = constant(Constant::Int(i.unsigned_abs().to_string()), span);
    if i >= 0 {
        return digits;
    }
    Expr::new(
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand: Box::new(digits),
        },
        span,
    )
}

/// `a and b and c`; `None` for no tests at all (the pattern always matches).
fn all(mut tests: Vec<Expr>, span: Span) -> Option<Expr> {
    match tests.len() {
        0 => None,
        1 => tests.pop(),
        _ => Some(Expr::new(
            ExprKind::BoolOp {
                op: BoolOp::And,
                values: tests,
            },
            span,
        )),
    }
}

impl Rewriter<'_> {
    pub(super) fn match_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::match_stmt)
    }

    fn match_stmt(&mut self, s: Stmt) -> Vec<Stmt> {
        let StmtKind::Match(m) = s.kind else {
            return vec![s];
        };
        let Match { subject, cases } = *m;
        let subject_span = subject.span;
        let subject_name = self.fresh("_subject");
        let mut out = vec![assign_name(&subject_name, subject, subject_span)];
        // CPython lets go of the subject once a case matched, before its body runs, or
        // once every case failed: a subject only the match refers to ends there.
        let release = |span: Span| stmt(StmtKind::Delete(vec![name(&subject_name, span)]), span);
        // Each case's test (`None`: it always matches) and body, in source order, so that
        // the temporaries are numbered as the learner reads them.
        let mut lowered_cases = Vec::with_capacity(cases.len());
        for case in cases {
            let span = case.pattern.span;
            let mut lowered = Lowered::default();
            self.pattern(case.pattern, name(&subject_name, span), &mut lowered);
            let Lowered { mut tests, binds } = lowered;
            let mut body = Vec::with_capacity(case.body.len() + binds.len() + 1);
            match case.guard {
                None => body.extend(
                    binds
                        .into_iter()
                        .map(|(n, value)| assign_name(&n.id, value, n.span)),
                ),
                Some(guard) => {
                    if !binds.is_empty() {
                        tests.push(self.bind_all(binds, span));
                    }
                    tests.push(guard);
                }
            }
            body.push(release(span));
            body.extend(case.body);
            lowered_cases.push((all(tests, span), body, span, case.span));
        }
        // From the last case outwards: each case is an `if` in the previous one's `else`.
        let mut rest: Vec<Stmt> = vec![release(subject_span)];
        let mut no_case_matched = true;
        for (test, body, span, case_span) in lowered_cases.into_iter().rev() {
            let last = std::mem::replace(&mut no_case_matched, false);
            rest = match test {
                // Only the last case may always match (`resolve` refuses it elsewhere).
                None if last => body,
                test => vec![stmt(
                    StmtKind::If {
                        test: test.unwrap_or_else(|| constant(Constant::True, span)),
                        body,
                        orelse: rest,
                    },
                    case_span,
                )],
            };
        }
        out.extend(rest);
        out
    }

    /// `[x := ..., y := ...]`: binds the names in an expression, and is true.
    fn bind_all(&mut self, binds: Vec<(Name, Expr)>, span: Span) -> Expr {
        let items = binds
            .into_iter()
            .map(|(n, value)| walrus(&n.id, value, n.span))
            .collect();
        Expr::new(ExprKind::List(items), span)
    }

    /// The tests `p` makes of the value `subject` (a name, or an item of one), and the
    /// names it binds. Returns how to read the value afterwards: a temporary, when the
    /// pattern had to keep an item it looks into more than once.
    fn pattern(&mut self, p: Pattern, subject: Expr, out: &mut Lowered) -> Expr {
        let span = p.span;
        match p.kind {
            PatternKind::Value(value) => {
                out.tests
                    .push(compare(subject.clone(), CmpOp::Eq, value, span));
                subject
            }
            PatternKind::Singleton(c) => {
                let c = constant(c, span);
                out.tests.push(compare(subject.clone(), CmpOp::Is, c, span));
                subject
            }
            PatternKind::As { pattern, name } => {
                let subject = match pattern {
                    Some(inner) => self.pattern(*inner, subject, out),
                    None => subject,
                };
                if let Some(n) = name {
                    out.binds.push((n, subject.clone()));
                }
                subject
            }
            PatternKind::Or(alternatives) => self.alternatives(alternatives, subject, out, span),
            PatternKind::Sequence(items) => self.sequence(items, subject, out, span),
            PatternKind::Mapping {
                keys,
                patterns,
                rest,
            } => self.mapping(keys, patterns, rest, subject, out, span),
            PatternKind::Class {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                let positional = patterns.len() as i64;
                let keywords = kwd_attrs
                    .iter()
                    .map(|a| constant(Constant::Str(a.id.clone()), a.span))
                    .collect();
                let keywords = Expr::new(ExprKind::Tuple(keywords), span);
                let attrs = if patterns.is_empty() && kwd_patterns.is_empty() {
                    None
                } else {
                    Some(self.fresh_for("_attrs", &cls))
                };
                let helper = self.builtin(MATCH_HELPERS[2]);
                let mut found = call(
                    &helper,
                    vec![subject.clone(), cls, int(positional, span), keywords],
                    span,
                );
                if let Some(t) = &attrs {
                    found = walrus(t, found, span);
                }
                let none = constant(Constant::None, span);
                out.tests.push(compare(found, CmpOp::IsNot, none, span));
                if let Some(t) = attrs {
                    for (i, sub) in patterns.into_iter().chain(kwd_patterns).enumerate() {
                        let item = subscript(name(&t, span), int(i as i64, span), sub.span);
                        self.pattern(sub, item, out);
                    }
                }
                subject
            }
            // Only inside a sequence pattern, which handles it.
            PatternKind::Star(_) => subject,
        }
    }

    /// `helper(subject)` as the first test of a pattern that looks into its subject; an
    /// item (`_subject[0]`) is kept in a temporary there, so it is read once.
    fn kind_test(&mut self, helper: &str, subject: Expr, out: &mut Lowered, span: Span) -> Expr {
        let helper = self.builtin(helper);
        if let ExprKind::Name(_) = subject.kind {
            out.tests.push(call(&helper, vec![subject.clone()], span));
            return subject;
        }
        let item = self.fresh("_item");
        out.tests
            .push(call(&helper, vec![walrus(&item, subject, span)], span));
        name(&item, span)
    }

    fn sequence(
        &mut self,
        items: Vec<Pattern>,
        subject: Expr,
        out: &mut Lowered,
        span: Span,
    ) -> Expr {
        let subject = self.kind_test(MATCH_HELPERS[0], subject, out, span);
        let n = items.len() as i64;
        let star = items
            .iter()
            .position(|i| matches!(i.kind, PatternKind::Star(_)));
        let len = call(&self.builtin("len"), vec![subject.clone()], span);
        match star {
            None => out.tests.push(compare(len, CmpOp::Eq, int(n, span), span)),
            Some(_) if n > 1 => out
                .tests
                .push(compare(len, CmpOp::GtE, int(n - 1, span), span)),
            Some(_) => {}
        }
        for (i, item) in items.into_iter().enumerate() {
            let i = i as i64;
            let item_span = item.span;
            match item.kind {
                PatternKind::Star(Some(rest)) => {
                    // The items between those before and after the star, as a list.
                    let after = n - i - 1;
                    let slice = Expr::new(
                        ExprKind::Slice {
                            lower: (i > 0).then(|| Box::new(int(i, item_span))),
                            upper: (after > 0).then(|| Box::new(int(-after, item_span))),
                            step: None,
                        },
                        item_span,
                    );
                    let middle = subscript(subject.clone(), slice, item_span);
                    let list = call(&self.builtin("list"), vec![middle], item_span);
                    out.binds.push((rest, list));
                }
                PatternKind::Star(None) => {}
                _ => {
                    // After the star, items are counted from the end.
                    let index = match star {
                        Some(s) if i > s as i64 => i - n,
                        _ => i,
                    };
                    let value = subscript(subject.clone(), int(index, item_span), item_span);
                    self.pattern(item, value, out);
                }
            }
        }
        subject
    }

    fn mapping(
        &mut self,
        keys: Vec<Expr>,
        patterns: Vec<Pattern>,
        rest: Option<Name>,
        subject: Expr,
        out: &mut Lowered,
        span: Span,
    ) -> Expr {
        let subject = self.kind_test(MATCH_HELPERS[1], subject, out, span);
        for k in &keys {
            out.tests
                .push(compare(k.clone(), CmpOp::In, subject.clone(), k.span));
        }
        for (k, p) in keys.iter().zip(patterns) {
            let value = subscript(subject.clone(), k.clone(), p.span);
            self.pattern(p, value, out);
        }
        if let Some(rest) = rest {
            let copy = if keys.is_empty() {
                call(&self.builtin("dict"), vec![subject.clone()], rest.span)
            } else {
                // `{k: v for k, v in subject.items() if k not in (keys)}`.
                let (k, v) = (self.fresh("_key"), self.fresh("_value"));
                let at = rest.span;
                let pair = Expr::new(ExprKind::Tuple(vec![name(&k, at), name(&v, at)]), at);
                let matched = Expr::new(ExprKind::Tuple(keys), at);
                Expr::new(
                    ExprKind::DictComp {
                        key: Box::new(name(&k, at)),
                        value: Box::new(name(&v, at)),
                        generators: vec![Comprehension {
                            target: pair,
                            iter: method_call(subject.clone(), "items", Vec::new(), at),
                            ifs: vec![compare(name(&k, at), CmpOp::NotIn, matched, at)],
                            is_async: false,
                        }],
                    },
                    at,
                )
            };
            out.binds.push((rest, copy));
        }
        subject
    }

    /// `p | q | ...`: the alternatives' tests joined with `or`. Names bound by the
    /// alternatives go through temporaries, set by whichever alternative matched.
    fn alternatives(
        &mut self,
        alternatives: Vec<Pattern>,
        subject: Expr,
        out: &mut Lowered,
        span: Span,
    ) -> Expr {
        let mut temps: Vec<(Name, String)> = Vec::new();
        let mut options = Vec::new();
        for alt in alternatives {
            let alt_span = alt.span;
            let mut lowered = Lowered::default();
            self.pattern(alt, subject.clone(), &mut lowered);
            let mut tests = lowered.tests;
            if !lowered.binds.is_empty() {
                let mut stores = Vec::new();
                for (n, value) in lowered.binds {
                    let temp = match temps.iter().find(|(t, _)| t.id == n.id) {
                        Some((_, temp)) => temp.clone(),
                        None => {
                            let temp = self.fresh(&format!("_{}", n.id.trim_start_matches('_')));
                            temps.push((n.clone(), temp.clone()));
                            temp
                        }
                    };
                    stores.push(walrus(&temp, value, n.span));
                }
                tests.push(Expr::new(ExprKind::List(stores), alt_span));
            }
            options
                .push(all(tests, alt_span).unwrap_or_else(|| constant(Constant::True, alt_span)));
        }
        out.tests.push(match options.len() {
            1 => options
                .pop()
                .unwrap_or_else(|| constant(Constant::True, span)),
            _ => Expr::new(
                ExprKind::BoolOp {
                    op: BoolOp::Or,
                    values: options,
                },
                span,
            ),
        });
        for (n, temp) in temps {
            let at = n.span;
            out.binds.push((n, name(&temp, at)));
        }
        subject
    }
}
