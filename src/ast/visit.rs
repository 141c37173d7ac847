//! A shared walk over the AST: a pass that looks at a few kinds of node overrides the
//! matching `visit_*` method, does its work and calls the `walk_*` function to go on into
//! the children; everything else is walked for it, so a new node kind is walked everywhere
//! once it is walked here.
//!
//! The walk goes in source order, with one exception CPython's compiler shares: a
//! comprehension's generators are walked before its element (`[elt for x in xs]` reads
//! `xs`, then binds `x`, then computes `elt`).

use super::{
    Arg, Comprehension, DictItem, Expr, ExprKind, FStringPart, Parameters, Pattern, PatternKind,
    Stmt, StmtKind,
};

pub trait Visitor: Sized {
    fn visit_stmt(&mut self, s: &Stmt) {
        walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &Expr) {
        walk_expr(self, e);
    }

    /// A comprehension's element(s) and generators; `node` is the whole comprehension.
    fn visit_comprehension(&mut self, node: &Expr, elts: &[&Expr], generators: &[Comprehension]) {
        walk_comprehension(self, node, elts, generators);
    }

    /// The parts of a parameter list evaluated where the function is defined: defaults
    /// and annotations.
    fn visit_parameters(&mut self, p: &Parameters) {
        walk_parameters(self, p);
    }

    /// A `case` pattern: its values, keys and classes are expressions; its captures bind.
    fn visit_pattern(&mut self, p: &Pattern) {
        walk_pattern(self, p);
    }
}

pub fn walk_body<V: Visitor>(v: &mut V, body: &[Stmt]) {
    for s in body {
        v.visit_stmt(s);
    }
}

pub fn walk_stmt<V: Visitor>(v: &mut V, s: &Stmt) {
    match &s.kind {
        StmtKind::FunctionDef(def) => {
            for d in &def.decorators {
                v.visit_expr(d);
            }
            v.visit_parameters(&def.params);
            if let Some(r) = &def.returns {
                v.visit_expr(r);
            }
            walk_body(v, &def.body);
        }
        StmtKind::ClassDef(def) => {
            for d in &def.decorators {
                v.visit_expr(d);
            }
            for a in &def.bases {
                match a {
                    Arg::Positional(x) | Arg::Starred(x) => v.visit_expr(x),
                }
            }
            for k in &def.keywords {
                v.visit_expr(&k.value);
            }
            walk_body(v, &def.body);
        }
        StmtKind::Return(value) => {
            if let Some(e) = value {
                v.visit_expr(e);
            }
        }
        StmtKind::Delete(targets) => {
            for t in targets {
                v.visit_expr(t);
            }
        }
        StmtKind::Assign { targets, value } => {
            v.visit_expr(value);
            for t in targets {
                v.visit_expr(t);
            }
        }
        StmtKind::AugAssign { target, value, .. } => {
            v.visit_expr(target);
            v.visit_expr(value);
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => {
            if let Some(e) = value {
                v.visit_expr(e);
            }
            v.visit_expr(target);
            v.visit_expr(annotation);
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            ..
        } => {
            v.visit_expr(iter);
            v.visit_expr(target);
            walk_body(v, body);
            walk_body(v, orelse);
        }
        StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
            v.visit_expr(test);
            walk_body(v, body);
            walk_body(v, orelse);
        }
        StmtKind::With { items, body, .. } => {
            for item in items {
                v.visit_expr(&item.context);
                if let Some(t) = &item.target {
                    v.visit_expr(t);
                }
            }
            walk_body(v, body);
        }
        StmtKind::Raise { exc, cause } => {
            for e in [exc, cause].into_iter().flatten() {
                v.visit_expr(e);
            }
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            walk_body(v, body);
            for h in handlers {
                if let Some(t) = &h.typ {
                    v.visit_expr(t);
                }
                walk_body(v, &h.body);
            }
            walk_body(v, orelse);
            walk_body(v, finalbody);
        }
        StmtKind::Assert { test, msg } => {
            v.visit_expr(test);
            if let Some(m) = msg {
                v.visit_expr(m);
            }
        }
        StmtKind::Expr(e) => v.visit_expr(e),
        StmtKind::Match(m) => {
            v.visit_expr(&m.subject);
            for case in &m.cases {
                v.visit_pattern(&case.pattern);
                if let Some(g) = &case.guard {
                    v.visit_expr(g);
                }
                walk_body(v, &case.body);
            }
        }
        StmtKind::Import(_)
        | StmtKind::ImportFrom { .. }
        | StmtKind::Global(_)
        | StmtKind::Nonlocal(_)
        | StmtKind::Pass
        | StmtKind::Break
        | StmtKind::Continue => {}
    }
}

pub fn walk_expr<V: Visitor>(v: &mut V, e: &Expr) {
    match &e.kind {
        ExprKind::BoolOp { values, .. } => {
            for x in values {
                v.visit_expr(x);
            }
        }
        ExprKind::NamedExpr { target, value } => {
            v.visit_expr(value);
            v.visit_expr(target);
        }
        ExprKind::BinOp { left, right, .. } => {
            v.visit_expr(left);
            v.visit_expr(right);
        }
        ExprKind::UnaryOp { operand, .. } => v.visit_expr(operand),
        ExprKind::Lambda { params, body } => {
            v.visit_parameters(params);
            v.visit_expr(body);
        }
        ExprKind::IfExp { test, body, orelse } => {
            v.visit_expr(test);
            v.visit_expr(body);
            v.visit_expr(orelse);
        }
        ExprKind::Dict { items } => {
            for item in items {
                match item {
                    DictItem::Pair(k, x) => {
                        v.visit_expr(k);
                        v.visit_expr(x);
                    }
                    DictItem::Unpack(x) => v.visit_expr(x),
                }
            }
        }
        ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
            for x in items {
                v.visit_expr(x);
            }
        }
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            v.visit_comprehension(e, &[elt], generators)
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => v.visit_comprehension(e, &[key, value], generators),
        ExprKind::Await(x) | ExprKind::YieldFrom(x) | ExprKind::Starred(x) => v.visit_expr(x),
        ExprKind::Yield(x) => {
            if let Some(x) = x {
                v.visit_expr(x);
            }
        }
        ExprKind::Compare { left, ops } => {
            v.visit_expr(left);
            for (_, x) in ops {
                v.visit_expr(x);
            }
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            v.visit_expr(func);
            for a in args {
                match a {
                    Arg::Positional(x) | Arg::Starred(x) => v.visit_expr(x),
                }
            }
            for k in keywords {
                v.visit_expr(&k.value);
            }
        }
        ExprKind::FString(parts) => walk_fstring(v, parts),
        ExprKind::Attribute { value, .. } => v.visit_expr(value),
        ExprKind::Subscript { value, index } => {
            v.visit_expr(value);
            v.visit_expr(index);
        }
        ExprKind::Slice { lower, upper, step } => {
            for x in [lower, upper, step].into_iter().flatten() {
                v.visit_expr(x);
            }
        }
        ExprKind::Constant(_) | ExprKind::Name(_) => {}
    }
}

/// The expressions inside a pattern, in source order (a class pattern's class first).
pub fn walk_pattern<V: Visitor>(v: &mut V, p: &Pattern) {
    match &p.kind {
        PatternKind::Value(e) => v.visit_expr(e),
        PatternKind::Mapping { keys, patterns, .. } => {
            for k in keys {
                v.visit_expr(k);
            }
            for sub in patterns {
                v.visit_pattern(sub);
            }
        }
        PatternKind::Class { cls, .. } => {
            v.visit_expr(cls);
            for sub in p.children() {
                v.visit_pattern(sub);
            }
        }
        _ => {
            for sub in p.children() {
                v.visit_pattern(sub);
            }
        }
    }
}

fn walk_fstring<V: Visitor>(v: &mut V, parts: &[FStringPart]) {
    for part in parts {
        if let FStringPart::Value { expr, spec, .. } = part {
            v.visit_expr(expr);
            walk_fstring(v, spec);
        }
    }
}

pub fn walk_comprehension<V: Visitor>(
    v: &mut V,
    _node: &Expr,
    elts: &[&Expr],
    generators: &[Comprehension],
) {
    for g in generators {
        v.visit_expr(&g.iter);
        v.visit_expr(&g.target);
        for cond in &g.ifs {
            v.visit_expr(cond);
        }
    }
    for elt in elts {
        v.visit_expr(elt);
    }
}

pub fn walk_parameters<V: Visitor>(v: &mut V, p: &Parameters) {
    let all = p
        .posonly
        .iter()
        .chain(&p.args)
        .chain(&p.vararg)
        .chain(&p.kwonly)
        .chain(&p.kwarg);
    for param in all {
        if let Some(d) = &param.default {
            v.visit_expr(d);
        }
        if let Some(a) = &param.annotation {
            v.visit_expr(a);
        }
    }
}
