//! A bound on how deeply the AST nests.
//!
//! The parser itself never recurses (lalrpop's parser is a loop over a stack), but every
//! later pass walks the tree recursively. A program like `-------...1` with 10,000 signs or
//! `1+1+...+1` with 100,000 terms would make those passes recurse 10,000 or 100,000 deep.
//! CPython rejects such programs too ("maximum recursion depth exceeded during
//! compilation"), so we do: the check below recurses at most [`MAX_DEPTH`] levels, and a
//! rejected tree is taken apart with an explicit stack so that even dropping it is safe.

use super::MAX_DEPTH;
use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

fn too_deep(at: Span) -> Diagnostic {
    Diagnostic::new(
        crate::diagnostic::ErrorKind::RecursionError,
        "maximum recursion depth exceeded during compilation",
        at,
    )
    .with_label("nested too deeply")
    .with_note(format!(
        "peel accepts at most {MAX_DEPTH} levels of nesting (CPython gives up at about 3000)"
    ))
}

pub fn check_module(m: &Module) -> Result<(), Diagnostic> {
    stmts(&m.body, 0)
}

pub fn check_expr(e: &Expr) -> Result<(), Diagnostic> {
    expr(e, 0)
}

fn stmts(body: &[Stmt], d: usize) -> Result<(), Diagnostic> {
    body.iter().try_for_each(|s| stmt(s, d))
}

fn opt(e: &Option<Expr>, d: usize) -> Result<(), Diagnostic> {
    e.as_ref().map_or(Ok(()), |e| expr(e, d))
}

fn params(p: &Parameters, d: usize) -> Result<(), Diagnostic> {
    for q in p
        .posonly
        .iter()
        .chain(&p.args)
        .chain(&p.vararg)
        .chain(&p.kwonly)
        .chain(&p.kwarg)
    {
        opt(&q.annotation, d)?;
        opt(&q.default, d)?;
    }
    Ok(())
}

fn stmt(s: &Stmt, d: usize) -> Result<(), Diagnostic> {
    if d > MAX_DEPTH {
        return Err(too_deep(s.span));
    }
    let d = d + 1;
    match &s.kind {
        StmtKind::FunctionDef(f) => {
            params(&f.params, d)?;
            f.decorators.iter().try_for_each(|e| expr(e, d))?;
            opt(&f.returns, d)?;
            stmts(&f.body, d)
        }
        StmtKind::ClassDef(c) => {
            c.decorators.iter().try_for_each(|e| expr(e, d))?;
            for a in &c.bases {
                match a {
                    Arg::Positional(e) | Arg::Starred(e) => expr(e, d)?,
                }
            }
            c.keywords.iter().try_for_each(|k| expr(&k.value, d))?;
            stmts(&c.body, d)
        }
        StmtKind::Return(e) => opt(e, d),
        StmtKind::Delete(es) => es.iter().try_for_each(|e| expr(e, d)),
        StmtKind::Assign { targets, value } => {
            targets.iter().try_for_each(|e| expr(e, d))?;
            expr(value, d)
        }
        StmtKind::AugAssign { target, value, .. } => {
            expr(target, d)?;
            expr(value, d)
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => {
            expr(target, d)?;
            expr(annotation, d)?;
            opt(value, d)
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            ..
        } => {
            expr(target, d)?;
            expr(iter, d)?;
            stmts(body, d)?;
            stmts(orelse, d)
        }
        StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
            expr(test, d)?;
            stmts(body, d)?;
            stmts(orelse, d)
        }
        StmtKind::With { items, body, .. } => {
            for item in items {
                expr(&item.context, d)?;
                opt(&item.target, d)?;
            }
            stmts(body, d)
        }
        StmtKind::Raise { exc, cause } => {
            opt(exc, d)?;
            opt(cause, d)
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            stmts(body, d)?;
            for h in handlers {
                opt(&h.typ, d)?;
                stmts(&h.body, d)?;
            }
            stmts(orelse, d)?;
            stmts(finalbody, d)
        }
        StmtKind::Assert { test, msg } => {
            expr(test, d)?;
            opt(msg, d)
        }
        StmtKind::Expr(e) => expr(e, d),
        StmtKind::Match(m) => {
            expr(&m.subject, d)?;
            for case in &m.cases {
                pattern(&case.pattern, d)?;
                opt(&case.guard, d)?;
                stmts(&case.body, d)?;
            }
            Ok(())
        }
        StmtKind::Import(_)
        | StmtKind::ImportFrom { .. }
        | StmtKind::Global(_)
        | StmtKind::Nonlocal(_)
        | StmtKind::Pass
        | StmtKind::Break
        | StmtKind::Continue => Ok(()),
    }
}

fn pattern(p: &Pattern, d: usize) -> Result<(), Diagnostic> {
    if d > MAX_DEPTH {
        return Err(too_deep(p.span));
    }
    match &p.kind {
        PatternKind::Value(e) | PatternKind::Class { cls: e, .. } => expr(e, d + 1)?,
        PatternKind::Mapping { keys, .. } => keys.iter().try_for_each(|k| expr(k, d + 1))?,
        _ => {}
    }
    p.children().into_iter().try_for_each(|c| pattern(c, d + 1))
}

fn comps(gens: &[Comprehension], d: usize) -> Result<(), Diagnostic> {
    for g in gens {
        expr(&g.target, d)?;
        expr(&g.iter, d)?;
        g.ifs.iter().try_for_each(|e| expr(e, d))?;
    }
    Ok(())
}

fn fparts(parts: &[FStringPart], d: usize) -> Result<(), Diagnostic> {
    for p in parts {
        if let FStringPart::Value { expr: e, spec, .. } = p {
            expr(e, d)?;
            fparts(spec, d)?;
        }
    }
    Ok(())
}

fn expr(e: &Expr, d: usize) -> Result<(), Diagnostic> {
    if d > MAX_DEPTH {
        return Err(too_deep(e.span));
    }
    let d = d + 1;
    match &e.kind {
        ExprKind::BoolOp { values, .. } => values.iter().try_for_each(|e| expr(e, d)),
        ExprKind::NamedExpr { target, value } => {
            expr(target, d)?;
            expr(value, d)
        }
        ExprKind::BinOp { left, right, .. } => {
            expr(left, d)?;
            expr(right, d)
        }
        ExprKind::UnaryOp { operand, .. } => expr(operand, d),
        ExprKind::Lambda { params: p, body } => {
            params(p, d)?;
            expr(body, d)
        }
        ExprKind::IfExp { test, body, orelse } => {
            expr(test, d)?;
            expr(body, d)?;
            expr(orelse, d)
        }
        ExprKind::Dict { items } => items.iter().try_for_each(|i| match i {
            DictItem::Pair(k, v) => expr(k, d).and_then(|_| expr(v, d)),
            DictItem::Unpack(v) => expr(v, d),
        }),
        ExprKind::Set(es) | ExprKind::List(es) | ExprKind::Tuple(es) => {
            es.iter().try_for_each(|e| expr(e, d))
        }
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            expr(elt, d)?;
            comps(generators, d)
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            expr(key, d)?;
            expr(value, d)?;
            comps(generators, d)
        }
        ExprKind::Await(e) | ExprKind::YieldFrom(e) | ExprKind::Starred(e) => expr(e, d),
        ExprKind::Yield(e) => e.as_ref().map_or(Ok(()), |e| expr(e, d)),
        ExprKind::Compare { left, ops } => {
            expr(left, d)?;
            ops.iter().try_for_each(|(_, e)| expr(e, d))
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            expr(func, d)?;
            for a in args {
                match a {
                    Arg::Positional(e) | Arg::Starred(e) => expr(e, d)?,
                }
            }
            keywords.iter().try_for_each(|k| expr(&k.value, d))
        }
        ExprKind::FString(parts) => fparts(parts, d),
        ExprKind::Attribute { value, .. } => expr(value, d),
        ExprKind::Subscript { value, index } => {
            expr(value, d)?;
            expr(index, d)
        }
        ExprKind::Slice { lower, upper, step } => {
            for part in [lower, upper, step].into_iter().flatten() {
                expr(part, d)?;
            }
            Ok(())
        }
        ExprKind::Constant(_) | ExprKind::Name(_) => Ok(()),
    }
}

/// Drops a (possibly very deep) module without recursion: expression chains are moved onto
/// an explicit stack and dropped one node at a time.
pub fn dismantle(m: Module) {
    let mut stack: Vec<Expr> = Vec::new();
    let mut stmts_todo: Vec<Stmt> = m.body;
    while let Some(s) = stmts_todo.pop() {
        match s.kind {
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) => stack.push(e),
            StmtKind::Assign { targets, value } => {
                stack.extend(targets);
                stack.push(value);
            }
            StmtKind::FunctionDef(f) => stmts_todo.extend(f.body),
            StmtKind::ClassDef(c) => {
                stack.extend(c.decorators);
                for a in c.bases {
                    match a {
                        Arg::Positional(e) | Arg::Starred(e) => stack.push(e),
                    }
                }
                stack.extend(c.keywords.into_iter().map(|k| k.value));
                stmts_todo.extend(c.body);
            }
            StmtKind::For {
                body, orelse, iter, ..
            } => {
                stack.push(iter);
                stmts_todo.extend(body);
                stmts_todo.extend(orelse);
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                stack.push(test);
                stmts_todo.extend(body);
                stmts_todo.extend(orelse);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                stmts_todo.extend(body);
                for h in handlers {
                    stmts_todo.extend(h.body);
                }
                stmts_todo.extend(orelse);
                stmts_todo.extend(finalbody);
            }
            _ => {}
        }
    }
    while let Some(e) = stack.pop() {
        match e.kind {
            ExprKind::BinOp { left, right, .. } => {
                stack.push(*left);
                stack.push(*right);
            }
            ExprKind::UnaryOp { operand: x, .. }
            | ExprKind::Await(x)
            | ExprKind::YieldFrom(x)
            | ExprKind::Starred(x)
            | ExprKind::Attribute { value: x, .. } => stack.push(*x),
            ExprKind::Yield(Some(x)) => stack.push(*x),
            ExprKind::BoolOp { values: es, .. }
            | ExprKind::List(es)
            | ExprKind::Tuple(es)
            | ExprKind::Set(es) => stack.extend(es),
            ExprKind::IfExp { test, body, orelse } => {
                stack.push(*test);
                stack.push(*body);
                stack.push(*orelse);
            }
            ExprKind::Lambda { body, .. } => stack.push(*body),
            ExprKind::NamedExpr { target, value } => {
                stack.push(*target);
                stack.push(*value);
            }
            ExprKind::Compare { left, ops } => {
                stack.push(*left);
                stack.extend(ops.into_iter().map(|(_, e)| e));
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                stack.push(*func);
                for a in args {
                    match a {
                        Arg::Positional(e) | Arg::Starred(e) => stack.push(e),
                    }
                }
                stack.extend(keywords.into_iter().map(|k| k.value));
            }
            ExprKind::Subscript { value, index } => {
                stack.push(*value);
                stack.push(*index);
            }
            _ => {}
        }
    }
}
