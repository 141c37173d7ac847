//! The grammar's actions: small functions that build AST nodes and check what a context-free
//! grammar cannot (assignment targets, argument order, parameter order), each failing with
//! CPython's own wording.
//!
//! Keeping these out of `grammar/python.lalrpop` keeps the grammar readable as a grammar,
//! and lets rustc type-check this code directly instead of through generated code.

use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::lexer::{FPiece, StrLit, Token};
use crate::span::Span;
use crate::subset::Unsupported;
use lalrpop_util::ParseError;

/// What the single parser table produced, depending on the start token.
pub enum Top {
    Module(Vec<Stmt>),
    Expr(Expr),
}

/// One item of a parameter list before it is sorted into [`Parameters`].
pub enum ParamItem {
    Plain(Param),
    /// A bare `*`.
    Star(Span),
    VarArg(Param),
    KwArg(Param),
    Slash(Span),
}

/// One argument of a call before it is sorted into positional and keyword arguments.
pub enum ArgItem {
    Positional(Expr),
    Generator(Expr),
    Starred(Expr, Span),
    Keyword(Keyword),
}

#[derive(Clone, Copy)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

/// Where a target appears; the error messages differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TargetCtx {
    Assign,
    Delete,
    For,
}

pub type PResult<T> = Result<T, Diagnostic>;

pub fn user(error: Diagnostic) -> ParseError<usize, Token, Diagnostic> {
    ParseError::User { error }
}

pub fn span(l: usize, r: usize) -> Span {
    Span::new(l, r.max(l))
}

pub fn stmt(kind: StmtKind, l: usize, r: usize) -> Stmt {
    Stmt::new(kind, span(l, r))
}

pub fn expr(kind: ExprKind, l: usize, r: usize) -> Expr {
    Expr::new(kind, span(l, r))
}

fn err<T>(message: impl Into<String>, at: Span) -> PResult<T> {
    Err(Diagnostic::syntax(message, at))
}

pub fn tuple(items: Vec<Expr>, l: usize, r: usize) -> Expr {
    expr(ExprKind::Tuple(items), l, r)
}

pub fn binop(a: Expr, op: BinOp, c: Expr, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::BinOp {
            left: Box::new(a),
            op,
            right: Box::new(c),
        },
        l,
        r,
    )
}

pub fn unary(op: UnaryOp, e: Expr, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::UnaryOp {
            op,
            operand: Box::new(e),
        },
        l,
        r,
    )
}

pub fn boolop(op: BoolOp, first: Expr, rest: Vec<Expr>, l: usize, r: usize) -> Expr {
    let mut values = Vec::with_capacity(rest.len() + 1);
    values.push(first);
    values.extend(rest);
    expr(ExprKind::BoolOp { op, values }, l, r)
}

pub fn named(n: Name, v: Expr, l: usize, r: usize) -> Expr {
    let target = Expr::new(ExprKind::Name(n.id), n.span);
    expr(
        ExprKind::NamedExpr {
            target: Box::new(target),
            value: Box::new(v),
        },
        l,
        r,
    )
}

pub fn slice(lo: Option<Expr>, hi: Option<Expr>, step: Option<Expr>, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::Slice {
            lower: lo.map(Box::new),
            upper: hi.map(Box::new),
            step: step.map(Box::new),
        },
        l,
        r,
    )
}

/// `a[*b]` means `a[(*b,)]` (Python 3.11).
pub fn index(e: Expr, l: usize, r: usize) -> Expr {
    if let ExprKind::Starred(_) = e.kind {
        return tuple(vec![e], l, r);
    }
    e
}

pub fn comp(
    kind: CompKind,
    elt: Expr,
    value: Option<Expr>,
    generators: Vec<Comprehension>,
    l: usize,
    r: usize,
) -> Expr {
    let elt = Box::new(elt);
    let kind = match (kind, value) {
        (CompKind::List, _) => ExprKind::ListComp { elt, generators },
        (CompKind::Set, _) => ExprKind::SetComp { elt, generators },
        (CompKind::Generator, _) => ExprKind::GeneratorExp { elt, generators },
        (CompKind::Dict, Some(v)) => ExprKind::DictComp {
            key: elt,
            value: Box::new(v),
            generators,
        },
        (CompKind::Dict, None) => ExprKind::SetComp { elt, generators },
    };
    expr(kind, l, r)
}

pub fn comprehension(
    is_async: bool,
    target: Expr,
    iter: Expr,
    ifs: Vec<Expr>,
) -> PResult<Comprehension> {
    check_target(&target, TargetCtx::For)?;
    Ok(Comprehension {
        target,
        iter,
        ifs,
        is_async,
    })
}

/// `(e)`, `(e,)`, `(a, *b)`: a parenthesized expression or a tuple.
pub fn paren(e: Expr, rest: Vec<Expr>, comma: bool, l: usize, r: usize) -> PResult<Expr> {
    if rest.is_empty() && !comma {
        if matches!(e.kind, ExprKind::Starred(_)) {
            return err("cannot use starred expression here", e.span);
        }
        return Ok(e);
    }
    let mut items = vec![e];
    items.extend(rest);
    Ok(tuple(items, l, r))
}

/// Sorts a call's arguments, checking CPython's ordering rules.
pub fn call(f: Expr, args: Vec<ArgItem>, l: usize, r: usize) -> PResult<Expr> {
    let count = args.len();
    let mut positional = Vec::new();
    let mut keywords: Vec<Keyword> = Vec::new();
    let mut seen_keyword = false;
    let mut seen_double_star = false;
    for arg in args {
        match arg {
            ArgItem::Generator(e) if count > 1 => {
                return err("Generator expression must be parenthesized", e.span);
            }
            ArgItem::Positional(e) | ArgItem::Generator(e) => {
                if seen_double_star {
                    return err(
                        "positional argument follows keyword argument unpacking",
                        e.span,
                    );
                }
                if seen_keyword {
                    return err("positional argument follows keyword argument", e.span);
                }
                positional.push(Arg::Positional(e));
            }
            ArgItem::Starred(e, at) => {
                if seen_double_star {
                    return err(
                        "iterable argument unpacking follows keyword argument unpacking",
                        at,
                    );
                }
                positional.push(Arg::Starred(e));
            }
            ArgItem::Keyword(k) => {
                match &k.name {
                    Some(name) => {
                        if keywords
                            .iter()
                            .any(|o| o.name.as_ref().is_some_and(|n| n.id == name.id))
                        {
                            return err(format!("keyword argument repeated: {}", name.id), k.span);
                        }
                        seen_keyword = true;
                    }
                    None => seen_double_star = true,
                }
                keywords.push(k);
            }
        }
    }
    Ok(expr(
        ExprKind::Call {
            func: Box::new(f),
            args: positional,
            keywords,
        },
        l,
        r,
    ))
}

pub fn expr_stmt(e: Expr, l: usize, r: usize) -> PResult<Stmt> {
    if matches!(e.kind, ExprKind::Starred(_)) {
        return err("can't use starred expression here", e.span);
    }
    Ok(stmt(StmtKind::Expr(e), l, r))
}

pub fn assign(first: Expr, mut rest: Vec<Expr>, l: usize, r: usize) -> PResult<Stmt> {
    let value = rest
        .pop()
        .ok_or_else(|| Diagnostic::syntax("invalid syntax", span(l, r)))?;
    let mut targets = Vec::with_capacity(rest.len() + 1);
    targets.push(first);
    targets.extend(rest);
    let single = targets.len() == 1;
    for (i, t) in targets.iter().enumerate() {
        if i > 0 && matches!(t.kind, ExprKind::Yield(_) | ExprKind::YieldFrom(_)) {
            // A bare `yield` can only sit in the middle of a chain: `x = yield = 1`.
            return err("assignment to yield expression not possible", t.span);
        }
        if let ExprKind::Starred(_) = t.kind {
            return err(
                "starred assignment target must be in a list or tuple",
                t.span,
            );
        }
        if let Err(mut d) = check_target(t, TargetCtx::Assign) {
            let whole = d.span == t.span;
            let plain = !matches!(
                t.kind,
                ExprKind::Compare { .. }
                    | ExprKind::BoolOp { .. }
                    | ExprKind::UnaryOp {
                        op: UnaryOp::Not,
                        ..
                    }
                    | ExprKind::Lambda { .. }
                    | ExprKind::IfExp { .. }
                    | ExprKind::Constant(Constant::None | Constant::True | Constant::False)
            );
            if i == 0 && single && whole && plain {
                d.message
                    .push_str(" here. Maybe you meant '==' instead of '='?");
                d.label = d.message.clone();
            }
            return Err(d);
        }
    }
    if let ExprKind::Starred(_) = value.kind {
        return err("can't use starred expression here", value.span);
    }
    Ok(stmt(StmtKind::Assign { targets, value }, l, r))
}

pub fn aug_assign(t: Expr, op: BinOp, value: Expr, l: usize, r: usize) -> PResult<Stmt> {
    match t.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
        _ => {
            return err(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    describe(&t)
                ),
                t.span,
            )
        }
    }
    if let ExprKind::Starred(_) = value.kind {
        return err("can't use starred expression here", value.span);
    }
    Ok(stmt(
        StmtKind::AugAssign {
            target: t,
            op,
            value,
        },
        l,
        r,
    ))
}

pub fn ann_assign(
    t: Expr,
    annotation: Expr,
    value: Option<Expr>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    match t.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
        ExprKind::Tuple(_) => {
            return err("only single target (not tuple) can be annotated", t.span)
        }
        ExprKind::List(_) => return err("only single target (not list) can be annotated", t.span),
        _ => return err("illegal target for annotation", t.span),
    }
    Ok(stmt(
        StmtKind::AnnAssign {
            target: t,
            annotation,
            value,
        },
        l,
        r,
    ))
}

pub fn delete(t: Expr, l: usize, r: usize) -> PResult<Stmt> {
    let targets = match t.kind {
        // `del a, b` deletes two things; `del (a, b)` is one tuple target of two names.
        ExprKind::Tuple(items) if items.first().is_some_and(|f| f.span.start == t.span.start) => {
            items
        }
        _ => vec![t],
    };
    for target in &targets {
        check_target(target, TargetCtx::Delete)?;
    }
    Ok(stmt(StmtKind::Delete(targets), l, r))
}

/// Checks that `e` can be assigned to (or deleted), naming what it is if not.
pub fn check_target(e: &Expr, ctx: TargetCtx) -> PResult<()> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        ExprKind::Starred(inner) => {
            if ctx == TargetCtx::Delete {
                return err("cannot delete starred", e.span);
            }
            check_target(inner, ctx)
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            let mut starred = 0;
            for item in items {
                if matches!(item.kind, ExprKind::Starred(_)) {
                    starred += 1;
                    if starred > 1 {
                        return err("multiple starred expressions in assignment", item.span);
                    }
                }
                check_target(item, ctx)?;
            }
            Ok(())
        }
        _ => {
            let verb = if ctx == TargetCtx::Delete {
                "delete"
            } else {
                "assign to"
            };
            err(format!("cannot {verb} {}", describe(e)), e.span)
        }
    }
}

/// CPython's name for a kind of expression, as used in its error messages.
pub fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::Call { .. } => "function call",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::True) => "True",
        ExprKind::Constant(Constant::False) => "False",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Slice { .. } => "slice",
    }
}

pub fn alias(name: String, asname: Option<Name>, l: usize, r: usize) -> Alias {
    Alias {
        name,
        asname,
        span: span(l, r),
    }
}

pub fn import_from(
    dots: Vec<usize>,
    module: Option<String>,
    names: Option<Vec<Alias>>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    let at = span(l, r);
    if !dots.is_empty() {
        return Err(Unsupported::RelativeImport.at(at));
    }
    let Some(module) = module else {
        return err("invalid syntax", at);
    };
    let Some(names) = names else {
        return Err(Unsupported::StarImport.at(at));
    };
    Ok(stmt(StmtKind::ImportFrom { module, names }, l, r))
}

pub fn decorate(decorators: Vec<Expr>, mut f: Stmt) -> Stmt {
    match &mut f.kind {
        StmtKind::FunctionDef(def) => def.decorators = decorators,
        StmtKind::ClassDef(def) => def.decorators = decorators,
        _ => {}
    }
    f
}

/// `class name(args): body`: the bases and keywords are checked as a call's arguments
/// are (CPython's grammar takes them as one).
pub fn class(name: Name, args: Vec<ArgItem>, body: Vec<Stmt>, l: usize) -> PResult<Stmt> {
    let r = end_of(&body, &[], l);
    let head = expr(ExprKind::Name(name.id.clone()), l, r);
    let (args, keywords) = match call(head, args, l, r)?.kind {
        ExprKind::Call { args, keywords, .. } => (args, keywords),
        _ => (Vec::new(), Vec::new()),
    };
    let def = ClassDef {
        name,
        bases: args,
        keywords,
        body,
        decorators: Vec::new(),
        span: span(l, r),
    };
    Ok(stmt(StmtKind::ClassDef(Box::new(def)), l, r))
}

/// The end of a compound statement: the end of the last statement of its last block
/// (the DEDENT that closes a block is zero-width at the *next* line, so it cannot be used).
pub fn end_of(body: &[Stmt], orelse: &[Stmt], fallback: usize) -> usize {
    orelse
        .last()
        .or(body.last())
        .map(|s| s.span.end as usize)
        .unwrap_or(fallback)
}

pub fn if_chain(
    test: Expr,
    body: Vec<Stmt>,
    elifs: Vec<(usize, Expr, Vec<Stmt>)>,
    orelse: Option<Vec<Stmt>>,
    l: usize,
) -> Stmt {
    // Build from the last `elif` outwards: each `elif` is an `if` in its parent's `else`.
    let mut tail = orelse.unwrap_or_default();
    for (el, t, b) in elifs.into_iter().rev() {
        let r = end_of(&b, &tail, el);
        tail = vec![stmt(
            StmtKind::If {
                test: t,
                body: b,
                orelse: tail,
            },
            el,
            r,
        )];
    }
    let r = end_of(&body, &tail, l);
    stmt(
        StmtKind::If {
            test,
            body,
            orelse: tail,
        },
        l,
        r,
    )
}

pub fn for_stmt(
    is_async: bool,
    target: Expr,
    iter: Expr,
    body: Vec<Stmt>,
    orelse: Option<Vec<Stmt>>,
    l: usize,
) -> PResult<Stmt> {
    check_target(&target, TargetCtx::For)?;
    let orelse = orelse.unwrap_or_default();
    let r = end_of(&body, &orelse, l);
    Ok(stmt(
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async,
        },
        l,
        r,
    ))
}

pub fn try_stmt(
    body: Vec<Stmt>,
    handlers: Vec<ExceptHandler>,
    orelse: Option<Vec<Stmt>>,
    finalbody: Option<(usize, Vec<Stmt>)>,
    l: usize,
) -> PResult<Stmt> {
    if handlers.is_empty() && finalbody.is_none() {
        let at = body.last().map(|s| s.span.end as usize).unwrap_or(l);
        return err("expected 'except' or 'finally' block", span(at, at));
    }
    for (i, h) in handlers.iter().enumerate() {
        if h.typ.is_none() && i + 1 < handlers.len() {
            return err("default 'except:' must be last", h.span);
        }
    }
    let orelse = orelse.unwrap_or_default();
    let finalbody = finalbody.map(|f| f.1).unwrap_or_default();
    let r = end_of(&body, &[], l)
        .max(handlers.last().map(|h| h.span.end as usize).unwrap_or(0))
        .max(end_of(&orelse, &[], 0))
        .max(end_of(&finalbody, &[], 0));
    Ok(stmt(
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        },
        l,
        r,
    ))
}

pub fn with_stmt(
    is_async: bool,
    items: Vec<(Expr, Option<Expr>)>,
    body: Vec<Stmt>,
    l: usize,
) -> PResult<Stmt> {
    let items = match <[_; 1]>::try_from(items) {
        // `with (a, b):` is two context managers in CPython 3.9+, not one tuple: its
        // grammar tries the parenthesized list of items first. (`with (a, b) as t:` and
        // `with (*a,):` stay one tuple.)
        Ok(
            [(
                Expr {
                    kind: ExprKind::Tuple(elts),
                    ..
                },
                None,
            )],
        ) if !elts.is_empty() && !elts.iter().any(|e| matches!(e.kind, ExprKind::Starred(_))) => {
            elts.into_iter().map(|e| (e, None)).collect()
        }
        Ok([one]) => vec![one],
        Err(items) => items,
    };
    let mut out = Vec::with_capacity(items.len());
    for (context, target) in items {
        if let Some(t) = &target {
            check_target(t, TargetCtx::For)?;
        }
        out.push(WithItem { context, target });
    }
    let r = end_of(&body, &[], l);
    Ok(stmt(
        StmtKind::With {
            items: out,
            body,
            is_async,
        },
        l,
        r,
    ))
}

/// Sorts a flat parameter list into [`Parameters`], with CPython's checks.
pub fn parameters(items: Vec<ParamItem>) -> PResult<Parameters> {
    let mut p = Parameters::default();
    let mut seen_slash = false;
    let mut seen_star = false; // `*` or `*args`
    let mut bare_star: Option<Span> = None;
    let mut seen_default = false;
    let n = items.len();
    for (i, item) in items.into_iter().enumerate() {
        if p.kwarg.is_some() {
            let at = match &item {
                ParamItem::Plain(q) | ParamItem::VarArg(q) | ParamItem::KwArg(q) => q.name.span,
                ParamItem::Star(s) | ParamItem::Slash(s) => *s,
            };
            return err("arguments cannot follow var-keyword argument", at);
        }
        match item {
            ParamItem::Slash(at) => {
                if seen_slash {
                    return err("/ may appear only once", at);
                }
                if seen_star {
                    return err("/ must be ahead of *", at);
                }
                if p.args.is_empty() {
                    return err("at least one argument must precede /", at);
                }
                seen_slash = true;
                p.posonly = std::mem::take(&mut p.args);
            }
            ParamItem::Star(at) => {
                if seen_star {
                    return err("* argument may appear only once", at);
                }
                seen_star = true;
                bare_star = Some(at);
                if i + 1 == n {
                    return err("named arguments must follow bare *", at);
                }
            }
            ParamItem::VarArg(q) => {
                if seen_star {
                    return err("* argument may appear only once", q.name.span);
                }
                seen_star = true;
                p.vararg = Some(q);
            }
            ParamItem::KwArg(q) => p.kwarg = Some(q),
            ParamItem::Plain(q) => {
                if seen_star {
                    bare_star = None;
                    p.kwonly.push(q);
                } else {
                    if q.default.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        return err("non-default argument follows default argument", q.name.span);
                    }
                    p.args.push(q);
                }
            }
        }
    }
    if let Some(at) = bare_star {
        return err("named arguments must follow bare *", at);
    }
    // Duplicate names are a SyntaxError at compile time in CPython.
    let all = p
        .posonly
        .iter()
        .chain(&p.args)
        .chain(&p.vararg)
        .chain(&p.kwonly)
        .chain(&p.kwarg);
    let mut seen: Vec<&str> = Vec::new();
    for q in all {
        if seen.contains(&q.name.id.as_str()) {
            return err(
                format!("duplicate argument '{}' in function definition", q.name.id),
                q.name.span,
            );
        }
        seen.push(&q.name.id);
    }
    Ok(p)
}

pub fn lambda(items: Vec<ParamItem>, body: Expr, l: usize, r: usize) -> PResult<Expr> {
    let params = parameters(items)?;
    Ok(expr(
        ExprKind::Lambda {
            params: Box::new(params),
            body: Box::new(body),
        },
        l,
        r,
    ))
}

pub fn function(
    is_async: bool,
    name: Name,
    items: Vec<ParamItem>,
    returns: Option<Expr>,
    body: Vec<Stmt>,
    l: usize,
) -> PResult<Stmt> {
    let params = parameters(items)?;
    let r = end_of(&body, &[], l);
    let def = FunctionDef {
        name,
        params,
        body,
        decorators: Vec::new(),
        returns,
        is_async,
        span: span(l, r),
    };
    Ok(stmt(StmtKind::FunctionDef(Box::new(def)), l, r))
}

/// Adjacent literals `"a" 'b' f"{c}"` concatenated into one constant or f-string; the
/// expressions inside f-strings are parsed here, at their real position in `src`.
pub fn strings(src: &str, parts: Vec<(usize, Box<StrLit>, usize)>) -> PResult<Expr> {
    let l = parts.first().map(|p| p.0).unwrap_or(0);
    let r = parts.last().map(|p| p.2).unwrap_or(l);
    let bytes = parts
        .iter()
        .filter(|p| matches!(*p.1, StrLit::Bytes(_)))
        .count();
    if bytes != 0 && bytes != parts.len() {
        let at = parts
            .iter()
            .find(|p| matches!(*p.1, StrLit::Bytes(_)) != matches!(*parts[0].1, StrLit::Bytes(_)))
            .map(|p| p.0)
            .unwrap_or(l);
        return err("cannot mix bytes and nonbytes literals", span(at, at));
    }
    if bytes != 0 {
        let mut out = Vec::new();
        for (_, lit, _) in parts {
            if let StrLit::Bytes(b) = *lit {
                out.extend(b);
            }
        }
        return Ok(expr(ExprKind::Constant(Constant::Bytes(out)), l, r));
    }
    let any_f = parts.iter().any(|p| matches!(*p.1, StrLit::FString(_)));
    if !any_f {
        let mut out = String::new();
        for (_, lit, _) in parts {
            if let StrLit::Str(s) = *lit {
                out.push_str(&s);
            }
        }
        return Ok(expr(ExprKind::Constant(Constant::Str(out)), l, r));
    }
    let mut out: Vec<FStringPart> = Vec::new();
    for (_, lit, _) in parts {
        match *lit {
            StrLit::Str(s) => push_literal(&mut out, s),
            StrLit::FString(pieces) => {
                for piece in fstring_parts(src, pieces)? {
                    match piece {
                        FStringPart::Literal(s) => push_literal(&mut out, s),
                        value => out.push(value),
                    }
                }
            }
            StrLit::Bytes(_) => {}
        }
    }
    Ok(expr(ExprKind::FString(out), l, r))
}

fn push_literal(out: &mut Vec<FStringPart>, s: String) {
    if s.is_empty() {
        return;
    }
    if let Some(FStringPart::Literal(prev)) = out.last_mut() {
        prev.push_str(&s);
    } else {
        out.push(FStringPart::Literal(s));
    }
}

fn fstring_parts(src: &str, pieces: Vec<FPiece>) -> PResult<Vec<FStringPart>> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match piece {
            FPiece::Literal(s) => out.push(FStringPart::Literal(s)),
            FPiece::Field(field) => {
                let (start, end) = field.expr;
                let e = super::parse_fstring_expression(src, start, end)?;
                out.push(FStringPart::Value {
                    expr: Box::new(e),
                    conversion: field.conversion,
                    spec: fstring_parts(src, field.spec)?,
                    debug_text: field.debug_text,
                });
            }
        }
    }
    Ok(out)
}
