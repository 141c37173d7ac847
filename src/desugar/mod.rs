//! Desugaring: small, named AST-to-AST rewrites that remove syntax the later stages would
//! otherwise have to understand.
//!
//! Each pass takes a program and returns an equivalent program in a smaller language, and
//! each result is printed as plain Python (`peel dump --stage desugar`) that CPython runs with
//! the same output: that is how peel shows a rewrite is right. The passes run in this order:
//!
//! 0. `match` — a `match` statement becomes `if`/`elif` tests on its subject, held in a
//!    temporary (see `matching`): no later pass or stage sees a `match`.
//! 1. `genexpr` — a generator expression `(f(x) for x in xs)` becomes a nested generator
//!    function defined just before the statement, called with `iter(xs)`.
//! 2. `for` — a `for` loop becomes an explicit `iter()` / `next()` loop that stops on
//!    `StopIteration`; `for ... else` keeps its meaning with an `exhausted` flag. The
//!    iterator is deleted when the loop ends, and a `try` around whole loops lets go of
//!    their iterators first thing in each handler and in its `finally`, where CPython's
//!    value stack would let go of them.
//! 3. `spill` — every `yield`, `yield from` and `await` inside a larger expression is moved
//!    into a statement of its own, its result held in a named temporary. Everything Python
//!    evaluates *before* the suspension is evaluated before it still (`x += yield y` reads `x`
//!    first), so each suspension point ends up as a statement: the shape the state machine
//!    needs.
//! 4. `await` — `r = await e` becomes `r = yield from _awaitable(e)`: a coroutine is a
//!    generator that delegates to what it awaits, and an `async def` is a generator
//!    function whose objects are marked as coroutines. (Printed as Python, such a function
//!    gets the `@_coroutine` decorator of a small prelude, because CPython allows no
//!    `yield` inside `async def`.)
//! 5. `yield-from` — `r = yield from it` becomes PEP 380's loop: forward `send` and `throw`,
//!    close the inner iterator on `GeneratorExit`, and take the return value from
//!    `StopIteration.value`.
//!
//! The rewrites call builtins (`iter`, `next`, `StopIteration`...). A program that binds
//! one of those names itself (`def next(...)`, a parameter `type`) must not change what
//! its loops and delegations do, since CPython's never look them up by name: such a
//! builtin is reached through an alias bound first thing in the module
//! (`_builtin_next = next`), which `cfg::build` reads as the builtin itself.
//!
//! List, set and dict comprehensions are not rewritten here: like CPython 3.11, the CFG stage
//! compiles each to a nested function that runs at once. Temporaries get names derived from
//! the learner's code (`_iter_numbers`, `_sent`), never numbers alone.

use crate::ast::*;
use crate::resolve::Scopes;
use crate::span::Span;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The function `await e` delegates to: `_awaitable(e)` is the iterator `e` is awaited
/// through (CPython's `GET_AWAITABLE`: a coroutine's `__await__()`, a future's, a
/// `@types.coroutine` generator itself), or CPython's TypeError for anything else. peel
/// provides it to desugared programs; printed as Python, a prelude defines it.
pub const AWAITABLE_HELPER: &str = "_awaitable";

/// The function `async with m:` starts with: `_aenter_aexit(m)` is the pair of `m`'s bound
/// `__aenter__` and `__aexit__`, both looked up before either is called, or CPython's
/// TypeError (`'int' object does not support the asynchronous context manager protocol`)
/// when `m` lacks one (CPython's `BEFORE_ASYNC_WITH`). peel provides it to desugared
/// programs; printed as Python, a prelude defines it.
pub const ASYNC_WITH_HELPER: &str = "_aenter_aexit";

/// The function `with m:` starts with: `_enter_exit(m)` is the pair of `m`'s bound
/// `__enter__` and `__exit__`, both looked up on its type before either is called, or
/// CPython's TypeError (`'int' object does not support the context manager protocol`)
/// when `m` lacks one (CPython's `BEFORE_WITH`). peel provides it to desugared
/// programs; printed as Python, a prelude defines it.
pub const WITH_HELPER: &str = "_enter_exit";

/// The functions `async for` calls: `_async_iter(x)` is `type(x).__aiter__(x)` and
/// `_async_next(it)` the awaitable of `type(it).__anext__(it)`, each with CPython's
/// TypeError (`'async for' requires an object with __aiter__ method, got int`), as
/// CPython's `GET_AITER` and `GET_ANEXT` do. peel provides them to desugared programs;
/// printed as Python, a prelude defines them.
pub const ASYNC_ITER_HELPERS: [&str; 2] = ["_async_iter", "_async_next"];
/// The tests a desugared `match` calls (CPython's `MATCH_SEQUENCE`, `MATCH_MAPPING` and
/// `MATCH_CLASS`): `_match_seq(s)`, may a sequence pattern match `s` (a list, tuple or
/// range: not a str); `_match_map(s)`, may a mapping pattern (a dict); and
/// `_match_class(s, cls, n, ('kw', ...))`, `None` unless `s` is an instance of `cls` with
/// the attributes the pattern names, else their values: the first `n` of
/// `cls.__match_args__` (or `s` itself for `int(x)`, `str(x)`...), then the keywords.
/// peel provides them to desugared programs; printed as Python, a prelude defines them.
pub const MATCH_HELPERS: [&str; 3] = ["_match_seq", "_match_map", "_match_class"];

/// Whether `name` is one of the functions desugared programs call that no Python program
/// defines: CPython does their work in its bytecode.
pub fn is_helper(name: &str) -> bool {
    HELPERS.contains(&name)
}

/// Every helper the passes call (the runtime provides each, a prelude prints each).
pub const HELPERS: &[&str] = &[
    AWAITABLE_HELPER,
    ASYNC_WITH_HELPER,
    WITH_HELPER,
    ASYNC_ITER_HELPERS[0],
    ASYNC_ITER_HELPERS[1],
    MATCH_HELPERS[0],
    MATCH_HELPERS[1],
    MATCH_HELPERS[2],
];

/// One rewrite: its name (for `--pass`) and what it does.
pub struct Pass {
    pub name: &'static str,
    pub summary: &'static str,
    run: fn(&mut Rewriter, Vec<Stmt>) -> Vec<Stmt>,
}

/// The passes, in the order `desugar` applies them.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "match",
        summary: "match becomes if/elif tests on its subject, evaluated once",
        run: |rw, body| rw.match_block(body),
    },
    Pass {
        name: "mangle",
        summary: "private names inside a class (__x) become _Class__x, as CPython compiles them",
        run: |rw, body| rw.mangle_block(body),
    },
    Pass {
        name: "genexpr",
        summary: "generator expressions become nested generator functions",
        run: |rw, body| rw.genexpr_block(body),
    },
    Pass {
        name: "for",
        summary: "for loops become explicit iter()/next() loops ending on StopIteration",
        run: |rw, body| rw.for_block(body),
    },
    Pass {
        name: "async-for",
        summary:
            "async for becomes __aiter__ once, then await __anext__() until StopAsyncIteration",
        run: |rw, body| rw.async_for_block(body),
    },
    Pass {
        name: "with",
        summary: "with becomes __enter__/__exit__ calls around a try (PEP 343)",
        run: |rw, body| rw.with_block(body),
    },
    Pass {
        name: "async-with",
        summary: "async with becomes __aenter__/__aexit__ calls around a try",
        run: |rw, body| rw.async_with_block(body),
    },
    Pass {
        name: "spill",
        summary: "every yield, yield from and await becomes a statement of its own",
        run: |rw, body| rw.spill_block(body),
    },
    Pass {
        name: "await",
        summary: "await e becomes yield from _awaitable(e): a coroutine is a generator",
        run: |rw, body| rw.await_block(body),
    },
    Pass {
        name: "yield-from",
        summary: "yield from becomes PEP 380's explicit delegation loop",
        run: |rw, body| rw.yield_from_block(body),
    },
];

/// The program after every pass; `scopes` is the original module's resolution (which
/// builtins it rebinds), `names` its `program_names` (temporaries are named apart from
/// them). The module is taken by value: the passes move its statements, never copy them.
pub fn desugar(module: Module, scopes: &Scopes, names: &HashSet<String>) -> Module {
    let mut rw = Rewriter::new(names, scopes);
    let mut body = module.body;
    for pass in PASSES {
        body = (pass.run)(&mut rw, body);
    }
    Module {
        body: rw.with_aliases(body, module.span),
        span: module.span,
        temporaries: rw.temporaries(),
    }
}

/// The program after the one pass named `name` alone, so a learner sees each rewrite by
/// itself. `None` if there is no such pass.
pub fn desugar_one(module: &Module, scopes: &Scopes, name: &str) -> Option<Module> {
    let pass = PASSES.iter().find(|p| p.name == name)?;
    let names = program_names(module);
    let mut rw = Rewriter::new(&names, scopes);
    let body = (pass.run)(&mut rw, module.body.clone());
    Some(Module {
        body: rw.with_aliases(body, module.span),
        span: module.span,
        temporaries: rw.temporaries(),
    })
}

/// The program after the passes named in `names` (`--pass` given several times), run in
/// the pipeline's order and sharing their temporaries' names, as `desugar` runs them all.
/// `Err(name)`: no pass is called `name`.
pub fn desugar_some(module: &Module, scopes: &Scopes, names: &[&str]) -> Result<Module, String> {
    if let Some(unknown) = names.iter().find(|n| PASSES.iter().all(|p| p.name != **n)) {
        return Err(unknown.to_string());
    }
    let used = program_names(module);
    let mut rw = Rewriter::new(&used, scopes);
    let mut body = module.body.clone();
    for pass in PASSES.iter().filter(|p| names.contains(&p.name)) {
        body = (pass.run)(&mut rw, body);
    }
    Ok(Module {
        body: rw.with_aliases(body, module.span),
        span: module.span,
        temporaries: rw.temporaries(),
    })
}

/// Shared state of the passes: the names already taken, so temporaries never clash with the
/// learner's names.
struct Rewriter<'a> {
    /// The names the program itself uses (`program_names`).
    used: &'a HashSet<String>,
    /// For each base name `fresh` was asked for, the suffix to try next: every `base_N`
    /// below it is taken already (names are only ever added to `temps`), so a program with
    /// a thousand loops over `items` finds `_iter_items_1000` in one probe, not a thousand.
    next_suffix: HashMap<String, u32>,
    /// How many candidate names `fresh` has tried in all: the tests check that it grows
    /// with the number of temporaries, not with their square.
    probes: usize,
    /// The temporaries made so far: each is assigned once, so it never needs copying.
    temps: HashSet<String>,
    /// The temporary holding the value of the `yield from` expanded last.
    last_result: Option<String>,
    /// The iterators the `for` pass made (`_iter_items`...).
    loop_iterators: HashSet<String>,
    /// The builtins the rewrites call (`next`, `StopIteration`...) that the program binds
    /// a name of its own to somewhere (`next = ...`, a parameter `iter`...).
    shadowed: HashSet<String>,
    /// For each of those the rewrites used, the alias bound to the builtin at the top of
    /// the module (`_builtin_next = next`), in the order they were made.
    aliases: Vec<(String, String)>,
    /// The statements being rewritten are a class body's: a name bound there is an entry
    /// of the class's namespace, so a function a rewrite adds is deleted again after use.
    in_class_body: bool,
    /// The class whose body (or a function in it) is being rewritten: its private names
    /// are mangled with its name.
    mangle_class: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Small constructors: the passes build a lot of AST.

fn name(id: &str, span: Span) -> Expr {
    Expr::new(ExprKind::Name(id.to_string()), span)
}

fn ident(id: &str, span: Span) -> Name {
    Name {
        id: id.to_string(),
        span,
    }
}

fn call(func: &str, args: Vec<Expr>, span: Span) -> Expr {
    Expr::new(
        ExprKind::Call {
            func: Box::new(name(func, span)),
            args: args.into_iter().map(Arg::Positional).collect(),
            keywords: Vec::new(),
        },
        span,
    )
}

fn method_call(object: Expr, method: &str, args: Vec<Expr>, span: Span) -> Expr {
    let func = attribute(object, method, span);
    Expr::new(
        ExprKind::Call {
            func: Box::new(func),
            args: args.into_iter().map(Arg::Positional).collect(),
            keywords: Vec::new(),
        },
        span,
    )
}

fn attribute(object: Expr, attr: &str, span: Span) -> Expr {
    Expr::new(
        ExprKind::Attribute {
            value: Box::new(object),
            attr: ident(attr, span),
        },
        span,
    )
}

fn constant(c: Constant, span: Span) -> Expr {
    Expr::new(ExprKind::Constant(c), span)
}

fn assign(target: Expr, value: Expr, span: Span) -> Stmt {
    Stmt::new(
        StmtKind::Assign {
            targets: vec![target],
            value,
        },
        span,
    )
}

fn assign_name(id: &str, value: Expr, span: Span) -> Stmt {
    assign(name(id, span), value, span)
}

fn handler(typ: &str, as_name: Option<&str>, body: Vec<Stmt>, span: Span) -> ExceptHandler {
    ExceptHandler {
        typ: Some(name(typ, span)),
        name: as_name.map(|n| ident(n, span)),
        body,
        span,
    }
}

fn try_stmt(body: Vec<Stmt>, handlers: Vec<ExceptHandler>, orelse: Vec<Stmt>, span: Span) -> Stmt {
    Stmt::new(
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody: Vec::new(),
        },
        span,
    )
}

fn stmt(kind: StmtKind, span: Span) -> Stmt {
    Stmt::new(kind, span)
}

fn is_suspend(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) | ExprKind::Await(_)
    )
}

/// Whether evaluating `e` may suspend (a yield, yield from or await outside nested scopes).
fn contains_suspend(e: &Expr) -> bool {
    if is_suspend(e) {
        return true;
    }
    let mut found = false;
    for_each_child(e, &mut |c| found = found || contains_suspend(c));
    found
}

/// Calls `f` on the direct sub-expressions of `e` that are evaluated in `e`'s own scope, in
/// Python's evaluation order. Lambda bodies and comprehensions (their own scopes) are not
/// entered.
fn for_each_child(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    match &e.kind {
        ExprKind::BoolOp { values, .. } => values.iter().for_each(f),
        ExprKind::NamedExpr { value, .. } => f(value),
        ExprKind::BinOp { left, right, .. } => {
            f(left);
            f(right)
        }
        ExprKind::UnaryOp { operand, .. } => f(operand),
        ExprKind::IfExp { test, body, orelse } => {
            f(test);
            f(body);
            f(orelse)
        }
        ExprKind::Dict { items } => {
            for item in items {
                match item {
                    DictItem::Pair(k, v) => {
                        f(k);
                        f(v)
                    }
                    DictItem::Unpack(v) => f(v),
                }
            }
        }
        ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
            items.iter().for_each(f)
        }
        ExprKind::Await(v) | ExprKind::YieldFrom(v) | ExprKind::Starred(v) => f(v),
        ExprKind::Yield(v) => {
            if let Some(v) = v {
                f(v)
            }
        }
        ExprKind::Compare { left, ops } => {
            f(left);
            ops.iter().for_each(|(_, e)| f(e))
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            f(func);
            for a in args {
                match a {
                    Arg::Positional(e) | Arg::Starred(e) => f(e),
                }
            }
            keywords.iter().for_each(|k| f(&k.value))
        }
        ExprKind::FString(parts) => fstring_children(parts, f),
        ExprKind::Attribute { value, .. } => f(value),
        ExprKind::Subscript { value, index } => {
            f(value);
            f(index)
        }
        ExprKind::Slice { lower, upper, step } => {
            for e in [lower, upper, step].into_iter().flatten() {
                f(e)
            }
        }
        ExprKind::Lambda { .. }
        | ExprKind::ListComp { .. }
        | ExprKind::SetComp { .. }
        | ExprKind::DictComp { .. }
        | ExprKind::GeneratorExp { .. }
        | ExprKind::Constant(_)
        | ExprKind::Name(_) => {}
    }
}

fn fstring_children(parts: &[FStringPart], f: &mut dyn FnMut(&Expr)) {
    for part in parts {
        if let FStringPart::Value { expr, spec, .. } = part {
            f(expr);
            fstring_children(spec, f);
        }
    }
}

/// How an operand is used by the expression around it, for `Rewriter::spill`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unpacked {
    No,
    /// `*xs`: its items.
    Items,
    /// `**d`: its pairs.
    Mapping,
}

/// How each of `children_mut(e)` is used, in the same order (only a call's `*args` and
/// `**kwargs` and a dict display's `**d` are unpacked; a starred item shows itself).
fn unpacked_children(e: &Expr) -> Vec<Unpacked> {
    match &e.kind {
        ExprKind::Call { args, keywords, .. } => std::iter::once(Unpacked::No)
            .chain(args.iter().map(|a| match a {
                Arg::Starred(_) => Unpacked::Items,
                Arg::Positional(_) => Unpacked::No,
            }))
            .chain(keywords.iter().map(|k| match k.name {
                None => Unpacked::Mapping,
                Some(_) => Unpacked::No,
            }))
            .collect(),
        ExprKind::Dict { items } => items
            .iter()
            .flat_map(|i| match i {
                DictItem::Pair(..) => vec![Unpacked::No, Unpacked::No],
                DictItem::Unpack(_) => vec![Unpacked::Mapping],
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The mutable twin of `for_each_child`, same order.
fn children_mut(e: &mut Expr) -> Vec<&mut Expr> {
    let mut out: Vec<&mut Expr> = Vec::new();
    match &mut e.kind {
        ExprKind::BoolOp { values, .. } => out.extend(values.iter_mut()),
        ExprKind::NamedExpr { value, .. } => out.push(value),
        ExprKind::BinOp { left, right, .. } => {
            out.push(left);
            out.push(right)
        }
        ExprKind::UnaryOp { operand, .. } => out.push(operand),
        ExprKind::IfExp { test, body, orelse } => {
            out.push(test);
            out.push(body);
            out.push(orelse)
        }
        ExprKind::Dict { items } => {
            for item in items {
                match item {
                    DictItem::Pair(k, v) => {
                        out.push(k);
                        out.push(v)
                    }
                    DictItem::Unpack(v) => out.push(v),
                }
            }
        }
        ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
            out.extend(items.iter_mut())
        }
        ExprKind::Await(v) | ExprKind::YieldFrom(v) | ExprKind::Starred(v) => out.push(v),
        ExprKind::Yield(v) => {
            if let Some(v) = v {
                out.push(v)
            }
        }
        ExprKind::Compare { left, ops } => {
            out.push(left);
            out.extend(ops.iter_mut().map(|(_, e)| e))
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            out.push(func);
            for a in args {
                match a {
                    Arg::Positional(e) | Arg::Starred(e) => out.push(e),
                }
            }
            out.extend(keywords.iter_mut().map(|k| &mut k.value))
        }
        ExprKind::FString(parts) => fstring_children_mut(parts, &mut out),
        ExprKind::Attribute { value, .. } => out.push(value),
        ExprKind::Subscript { value, index } => {
            out.push(value);
            out.push(index)
        }
        ExprKind::Slice { lower, upper, step } => {
            out.extend([lower, upper, step].into_iter().flatten().map(|b| &mut **b))
        }
        ExprKind::Lambda { .. }
        | ExprKind::ListComp { .. }
        | ExprKind::SetComp { .. }
        | ExprKind::DictComp { .. }
        | ExprKind::GeneratorExp { .. }
        | ExprKind::Constant(_)
        | ExprKind::Name(_) => {}
    }
    out
}

fn fstring_children_mut<'a>(parts: &'a mut [FStringPart], out: &mut Vec<&'a mut Expr>) {
    for part in parts {
        if let FStringPart::Value { expr, spec, .. } = part {
            out.push(expr);
            fstring_children_mut(spec, out);
        }
    }
}

/// A placeholder left behind while an expression is moved out of its parent.
fn hole() -> Expr {
    constant(Constant::None, Span::default())
}

/// A short readable hint for naming a temporary that holds `e`.
fn hint(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Name(n) => n.trim_start_matches('_').to_string(),
        ExprKind::Attribute { attr, .. } => attr.id.clone(),
        ExprKind::Call { func, .. } => hint(func),
        _ => String::new(),
    }
}

impl<'a> Rewriter<'a> {
    fn new(used: &'a HashSet<String>, scopes: &Scopes) -> Rewriter<'a> {
        let shadowed = crate::resolve::bound_builtins(scopes);
        Rewriter {
            used,
            next_suffix: HashMap::default(),
            probes: 0,
            temps: HashSet::default(),
            last_result: None,
            loop_iterators: HashSet::default(),
            shadowed,
            aliases: Vec::new(),
            in_class_body: false,
            mangle_class: None,
        }
    }

    /// The name a rewrite uses to reach builtin `h`. CPython's own `for` and `yield from`
    /// never look `next` up by name, so a program's `def next(...)` must not change what
    /// its loops do: a builtin the program rebinds somewhere is reached through an alias
    /// taken before any of the program runs (see `with_aliases`).
    fn builtin(&mut self, h: &str) -> String {
        if !self.shadowed.contains(h) {
            return h.to_string();
        }
        if let Some((_, alias)) = self.aliases.iter().find(|(b, _)| b == h) {
            return alias.clone();
        }
        let alias = self.fresh(&format!("_builtin_{}", h.trim_start_matches('_')));
        self.aliases.push((h.to_string(), alias.clone()));
        alias
    }

    /// The module body with `alias = builtin` first for each alias the rewrites used.
    /// The names made for temporaries (the rewriter is done with them).
    fn temporaries(&mut self) -> HashSet<String> {
        std::mem::take(&mut self.temps)
    }

    fn with_aliases(&self, body: Vec<Stmt>, span: Span) -> Vec<Stmt> {
        let start = Span::new(span.start as usize, span.start as usize);
        let mut out: Vec<Stmt> = self
            .aliases
            .iter()
            .map(|(b, alias)| assign_name(alias, name(b, start), start))
            .collect();
        out.extend(body);
        out
    }

    /// A name no one uses yet: `base`, else `base_2`, `base_3`, ... (the first that is
    /// free: the learner's own `_iter_items_2` is skipped, not shadowed).
    fn fresh(&mut self, base: &str) -> String {
        let n = self.next_suffix.entry(base.to_string()).or_insert(1);
        let mut candidate = if *n == 1 {
            base.to_string()
        } else {
            format!("{base}_{n}")
        };
        self.probes += 1;
        while self.used.contains(&candidate) || self.temps.contains(&candidate) {
            self.probes += 1;
            *n += 1;
            candidate = format!("{base}_{n}");
        }
        *n += 1;
        self.temps.insert(candidate.clone());
        candidate
    }

    fn fresh_for(&mut self, prefix: &str, e: &Expr) -> String {
        let h = hint(e);
        if h.is_empty() {
            self.fresh(prefix)
        } else {
            self.fresh(&format!("{prefix}_{h}"))
        }
    }

    /// Applies `f` to every statement of a block, recursing into nested blocks first.
    fn map_block(&mut self, body: Vec<Stmt>, f: fn(&mut Self, Stmt) -> Vec<Stmt>) -> Vec<Stmt> {
        let mut out = Vec::with_capacity(body.len());
        for s in body {
            let s = self.map_children(s, f);
            out.extend(f(self, s));
        }
        out
    }

    fn map_children(&mut self, mut s: Stmt, f: fn(&mut Self, Stmt) -> Vec<Stmt>) -> Stmt {
        let take = |v: &mut Vec<Stmt>| std::mem::take(v);
        match &mut s.kind {
            StmtKind::FunctionDef(def) => {
                let outer = std::mem::replace(&mut self.in_class_body, false);
                def.body = self.map_block(take(&mut def.body), f);
                self.in_class_body = outer;
            }
            StmtKind::ClassDef(def) => {
                let outer = std::mem::replace(&mut self.in_class_body, true);
                let outer_class = self.mangle_class.replace(def.name.id.clone());
                def.body = self.map_block(take(&mut def.body), f);
                self.in_class_body = outer;
                self.mangle_class = outer_class;
            }
            StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                *body = self.map_block(take(body), f);
                *orelse = self.map_block(take(orelse), f);
            }
            StmtKind::If { body, orelse, .. } => {
                *body = self.map_block(take(body), f);
                *orelse = self.map_block(take(orelse), f);
            }
            StmtKind::With { body, .. } => *body = self.map_block(take(body), f),
            StmtKind::Match(m) => {
                for case in m.cases.iter_mut() {
                    case.body = self.map_block(take(&mut case.body), f);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                *body = self.map_block(take(body), f);
                for h in handlers.iter_mut() {
                    h.body = self.map_block(take(&mut h.body), f);
                }
                *orelse = self.map_block(take(orelse), f);
                *finalbody = self.map_block(take(finalbody), f);
            }
            _ => {}
        }
        s
    }

    // -----------------------------------------------------------------------------------
    // Pass `genexpr`.

    fn genexpr_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::genexpr_stmt)
    }

    fn genexpr_stmt(&mut self, mut s: Stmt) -> Vec<Stmt> {
        let mut hoisted = Vec::new();
        for e in stmt_exprs_mut(&mut s) {
            self.genexpr_expr(e, &mut hoisted);
        }
        // The generated functions may contain generator expressions of their own.
        let made: Vec<(String, Span)> = hoisted
            .iter()
            .filter_map(|h| match &h.kind {
                StmtKind::FunctionDef(def) => Some((def.name.id.clone(), h.span)),
                _ => None,
            })
            .collect();
        let mut out = self.genexpr_block(hoisted);
        out.push(s);
        if self.in_class_body {
            // The class's namespace keeps only what the learner's class body binds.
            for (func, span) in made {
                out.push(stmt(StmtKind::Delete(vec![name(&func, span)]), span));
            }
        }
        out
    }

    fn genexpr_expr(&mut self, e: &mut Expr, hoisted: &mut Vec<Stmt>) {
        for c in children_mut(e) {
            self.genexpr_expr(c, hoisted);
        }
        let ExprKind::GeneratorExp { elt, generators } = &mut e.kind else {
            return;
        };
        let span = e.span;
        let func = self.fresh("_genexpr");
        let param = self.fresh("_source");
        let iter_fn = self.builtin("iter");
        let mut generators = std::mem::take(generators);
        // The outermost iterable is evaluated where the expression stands; the rest are
        // evaluated inside the generator, once per outer item.
        let first_iter = std::mem::replace(&mut generators[0].iter, name(&param, span));
        let yield_stmt = stmt(
            StmtKind::Expr(Expr::new(
                ExprKind::Yield(Some(Box::new(std::mem::replace(&mut **elt, hole())))),
                span,
            )),
            span,
        );
        let body = nest_comprehension(generators, vec![yield_stmt]);
        let def = FunctionDef {
            name: ident(&func, span),
            params: Parameters {
                args: vec![Param {
                    name: ident(&param, span),
                    annotation: None,
                    default: None,
                }],
                ..Parameters::default()
            },
            body,
            decorators: Vec::new(),
            returns: None,
            is_async: false,
            span,
        };
        hoisted.push(stmt(StmtKind::FunctionDef(Box::new(def)), span));
        *e = Expr::new(
            ExprKind::Call {
                func: Box::new(name(&func, span)),
                args: vec![Arg::Positional(call(&iter_fn, vec![first_iter], span))],
                keywords: Vec::new(),
            },
            span,
        );
    }

    // -----------------------------------------------------------------------------------
    // Pass `for`.

    fn for_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::for_stmt)
    }

    fn for_stmt(&mut self, s: Stmt) -> Vec<Stmt> {
        if matches!(s.kind, StmtKind::Try { .. }) {
            return vec![self.release_loop_iterators(s)];
        }
        let span = s.span;
        let StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async: false,
        } = s.kind
        else {
            return vec![s];
        };
        let it = self.fresh_for("_iter", &iter);
        let init = call(&self.builtin("iter"), vec![iter], span);
        let next = call(&self.builtin("next"), vec![name(&it, span)], span);
        let stop = self.builtin("StopIteration");
        self.expand_loop(it, init, next, &stop, (target, body, orelse), span)
    }

    /// `for`'s expansion, shared with `async for`: `it = init`, then a loop fetching each
    /// item with `next` until `stop` is raised, the `else` run when it is.
    fn expand_loop(
        &mut self,
        it: String,
        init: Expr,
        next: Expr,
        stop_iteration: &str,
        (target, body, orelse): (Expr, Vec<Stmt>, Vec<Stmt>),
        span: Span,
    ) -> Vec<Stmt> {
        self.loop_iterators.insert(it.clone());
        let mut out = vec![assign_name(&it, init, span)];
        // A plain name can be assigned inside the `try`; any other target is assigned after
        // it, so that an error raised while storing is not mistaken for the end of the loop.
        let (fetch, store) = match target.kind {
            ExprKind::Name(_) => (assign(target, next, span), None),
            _ => {
                let item = self.fresh("_item");
                (
                    assign_name(&item, next, span),
                    Some(assign(target, name(&item, span), span)),
                )
            }
        };
        let mut loop_body = Vec::new();
        if orelse.is_empty() {
            let stop = handler(
                stop_iteration,
                None,
                vec![stmt(StmtKind::Break, span)],
                span,
            );
            loop_body.push(try_stmt(vec![fetch], vec![stop], Vec::new(), span));
            loop_body.extend(store);
            loop_body.extend(body);
            out.push(stmt(
                StmtKind::While {
                    test: constant(Constant::True, span),
                    body: loop_body,
                    orelse,
                },
                span,
            ));
        } else {
            // `continue` re-tests the flag, so exhaustion leaves through the loop's `else`
            // while a `break` in the body still skips it, as in the original.
            let flag = self.fresh("_exhausted");
            out.push(assign_name(&flag, constant(Constant::False, span), span));
            let on_stop = vec![
                assign_name(&flag, constant(Constant::True, span), span),
                stmt(StmtKind::Continue, span),
            ];
            let stop = handler(stop_iteration, None, on_stop, span);
            loop_body.push(try_stmt(vec![fetch], vec![stop], Vec::new(), span));
            loop_body.extend(store);
            loop_body.extend(body);
            let test = Expr::new(
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(name(&flag, span)),
                },
                span,
            );
            out.push(stmt(
                StmtKind::While {
                    test,
                    body: loop_body,
                    orelse,
                },
                span,
            ));
        }
        // CPython drops the iterator as soon as the loop ends, so a generator abandoned by
        // `break` is finalized (its `finally` blocks run) right there, not later.
        out.push(stmt(StmtKind::Delete(vec![name(&it, span)]), span));
        out
    }

    /// A `try` whose body holds whole loops (their iterators already made and deleted in
    /// it): CPython keeps a loop's iterator on the frame's stack, and an exception caught
    /// by the `try` empties the stack down to it, so the iterator goes (a generator left in
    /// the loop is closed) before the `except` body runs. Each handler lets go of those
    /// iterators first, and the `finally` body of the ones its `try` and `except` bodies
    /// hold (a `return` through it lets go of them too).
    fn release_loop_iterators(&mut self, mut s: Stmt) -> Stmt {
        let span = s.span;
        let StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } = &mut s.kind
        else {
            return s;
        };
        let release = |names: &[String]| -> Vec<Stmt> {
            let none = || constant(Constant::None, span);
            names.iter().map(|n| assign_name(n, none(), span)).collect()
        };
        let mut in_body = Vec::new();
        self.deleted_iterators(body, &mut in_body);
        for h in handlers.iter_mut() {
            h.body.splice(0..0, release(&in_body));
        }
        if !finalbody.is_empty() {
            let mut all = in_body;
            for h in handlers.iter() {
                self.deleted_iterators(&h.body, &mut all);
            }
            self.deleted_iterators(orelse, &mut all);
            finalbody.splice(0..0, release(&all));
        }
        s
    }

    /// The loop iterators `body` deletes (each loop it holds whole), in order; not those
    /// of the functions it defines, which have frames of their own.
    fn deleted_iterators(&self, body: &[Stmt], out: &mut Vec<String>) {
        for s in body {
            match &s.kind {
                StmtKind::Delete(targets) => {
                    for t in targets {
                        if let ExprKind::Name(n) = &t.kind {
                            if self.loop_iterators.contains(n) && !out.contains(n) {
                                out.push(n.clone());
                            }
                        }
                    }
                }
                _ => {
                    for block in s.blocks() {
                        self.deleted_iterators(block, out);
                    }
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // Pass `spill`.

    fn spill_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::spill_stmt)
    }

    fn spill_stmt(&mut self, mut s: Stmt) -> Vec<Stmt> {
        let span = s.span;
        let mut out = Vec::new();
        match &mut s.kind {
            // Already a statement of its own: only its operand may need spilling.
            StmtKind::Expr(e) if is_suspend(e) => self.spill_operand(e, &mut out),
            StmtKind::Assign { value, targets }
                if is_suspend(value) && targets.iter().all(|t| !contains_suspend(t)) =>
            {
                self.spill_operand(value, &mut out)
            }
            StmtKind::Assign { targets, value } if targets.iter().any(contains_suspend) => {
                // Python evaluates the value first, then each target's parts, left to right,
                // storing as it goes: `data[(yield)] = v` runs `v` before the yield.
                let value = self.spill(std::mem::replace(value, hole()), &mut out);
                let v = self.fresh("_value");
                out.push(assign_name(&v, value, span));
                for target in std::mem::take(targets) {
                    self.spill_store(target, name(&v, span), &mut out);
                }
                return out;
            }
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) if contains_suspend(e) => {
                *e = self.spill(std::mem::replace(e, hole()), &mut out);
            }
            StmtKind::Assign { value, .. }
            | StmtKind::AnnAssign {
                value: Some(value), ..
            } if contains_suspend(value) => {
                *value = self.spill(std::mem::replace(value, hole()), &mut out);
            }
            StmtKind::AugAssign { target, op, value } if contains_suspend(value) => {
                // Python reads the target before evaluating the value: keep that order by
                // reading it into a temporary, operating in place there, and storing back.
                let (op, target) = (*op, target.clone());
                let (read, store_target) = self.spill_target(target, &mut out);
                let before = self.fresh_for("_old", &read);
                out.push(assign_name(&before, read, span));
                let value = self.spill(std::mem::replace(value, hole()), &mut out);
                out.push(stmt(
                    StmtKind::AugAssign {
                        target: name(&before, span),
                        op,
                        value,
                    },
                    span,
                ));
                out.push(assign(store_target, name(&before, span), span));
                return out;
            }
            StmtKind::If { test, .. } if contains_suspend(test) => {
                *test = self.spill(std::mem::replace(test, hole()), &mut out);
            }
            StmtKind::While { test, body, orelse } if contains_suspend(test) => {
                // The test runs before every iteration, so its statements move into the loop.
                let mut pre = Vec::new();
                let t = self.spill(std::mem::replace(test, hole()), &mut pre);
                let flag = self.fresh("_exhausted");
                let mut new_body = pre;
                new_body.push(stmt(
                    StmtKind::If {
                        test: Expr::new(
                            ExprKind::UnaryOp {
                                op: UnaryOp::Not,
                                operand: Box::new(t),
                            },
                            span,
                        ),
                        body: vec![
                            assign_name(&flag, constant(Constant::True, span), span),
                            stmt(StmtKind::Continue, span),
                        ],
                        orelse: Vec::new(),
                    },
                    span,
                ));
                new_body.append(body);
                out.push(assign_name(&flag, constant(Constant::False, span), span));
                let test = Expr::new(
                    ExprKind::UnaryOp {
                        op: UnaryOp::Not,
                        operand: Box::new(name(&flag, span)),
                    },
                    span,
                );
                out.push(stmt(
                    StmtKind::While {
                        test,
                        body: new_body,
                        orelse: std::mem::take(orelse),
                    },
                    span,
                ));
                return out;
            }
            StmtKind::For { iter, .. } if contains_suspend(iter) => {
                *iter = self.spill(std::mem::replace(iter, hole()), &mut out);
            }
            StmtKind::Raise { exc, cause } => {
                let has = |e: &Option<Expr>| e.as_ref().is_some_and(contains_suspend);
                if has(exc) || has(cause) {
                    // Evaluated in order: the exception, then the cause.
                    let mut parts: Vec<Expr> = Vec::new();
                    parts.extend(exc.take());
                    let had_cause = cause.is_some();
                    parts.extend(cause.take());
                    let mut tuple = Expr::new(ExprKind::Tuple(parts), span);
                    tuple = self.spill(tuple, &mut out);
                    if let ExprKind::Tuple(mut parts) = tuple.kind {
                        if had_cause {
                            *cause = parts.pop();
                        }
                        *exc = parts.pop();
                    }
                }
            }
            _ => {}
        }
        out.push(s);
        out
    }

    /// `yield (yield x)`: the outer suspension stays a statement; its operand is spilled.
    fn spill_operand(&mut self, e: &mut Expr, out: &mut Vec<Stmt>) {
        match &mut e.kind {
            ExprKind::Yield(Some(v)) | ExprKind::YieldFrom(v) | ExprKind::Await(v)
                if contains_suspend(v) =>
            {
                let inner = std::mem::replace(&mut **v, hole());
                **v = self.spill(inner, out);
            }
            _ => {}
        }
    }

    /// `target = value` where the target's own parts suspend: each part is evaluated (and
    /// spilled) into a temporary in Python's order, then the plain store is made.
    fn spill_store(&mut self, target: Expr, value: Expr, out: &mut Vec<Stmt>) {
        let span = target.span;
        if !contains_suspend(&target) {
            out.push(assign(target, value, span));
            return;
        }
        match target.kind {
            ExprKind::Attribute {
                value: object,
                attr,
            } => {
                let object = self.spill_to_temp("_object", *object, out);
                out.push(assign(attribute(object, &attr.id, span), value, span));
            }
            ExprKind::Subscript {
                value: object,
                index,
            } => {
                let object = self.spill_to_temp("_object", *object, out);
                let index = self.spill_to_temp("_index", *index, out);
                let target = Expr::new(
                    ExprKind::Subscript {
                        value: Box::new(object),
                        index: Box::new(index),
                    },
                    span,
                );
                out.push(assign(target, value, span));
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                // Unpack into temporaries first, then store each item where it belongs.
                let mut temps = Vec::new();
                let mut pattern = Vec::new();
                for item in &items {
                    let t = self.fresh("_item");
                    pattern.push(match &item.kind {
                        ExprKind::Starred(_) => {
                            Expr::new(ExprKind::Starred(Box::new(name(&t, item.span))), item.span)
                        }
                        _ => name(&t, item.span),
                    });
                    temps.push(t);
                }
                out.push(assign(
                    Expr::new(ExprKind::Tuple(pattern), span),
                    value,
                    span,
                ));
                for (item, t) in items.into_iter().zip(temps) {
                    let item = match item.kind {
                        ExprKind::Starred(inner) => *inner,
                        _ => item,
                    };
                    let read = name(&t, item.span);
                    self.spill_store(item, read, out);
                }
            }
            kind => out.push(assign(Expr::new(kind, span), value, span)),
        }
    }

    /// Spills `e` and keeps its value in a fresh temporary (so later suspensions cannot
    /// change what it read).
    fn spill_to_temp(&mut self, prefix: &str, e: Expr, out: &mut Vec<Stmt>) -> Expr {
        let span = e.span;
        let e = self.spill(e, out);
        let t = self.fresh_for(prefix, &e);
        out.push(assign_name(&t, e, span));
        name(&t, span)
    }

    /// For `target op= value` with a suspension in `value`: evaluates the target's parts into
    /// temporaries, returning (an expression reading the target, the target to store into).
    fn spill_target(&mut self, target: Expr, out: &mut Vec<Stmt>) -> (Expr, Expr) {
        let span = target.span;
        match target.kind {
            ExprKind::Attribute { value, attr } => {
                let obj = self.fresh_for("_object", &value);
                out.push(assign_name(&obj, *value, span));
                let read = attribute(name(&obj, span), &attr.id, span);
                (read.clone(), read)
            }
            ExprKind::Subscript { value, index } => {
                let obj = self.fresh_for("_object", &value);
                out.push(assign_name(&obj, *value, span));
                let idx = self.fresh("_index");
                out.push(assign_name(&idx, *index, span));
                let read = Expr::new(
                    ExprKind::Subscript {
                        value: Box::new(name(&obj, span)),
                        index: Box::new(name(&idx, span)),
                    },
                    span,
                );
                (read.clone(), read)
            }
            kind => {
                let t = Expr::new(kind, span);
                (t.clone(), t)
            }
        }
    }

    /// Moves every suspension in `e` into statements appended to `out`, returning the
    /// suspension-free expression that computes the same value afterwards.
    fn spill(&mut self, mut e: Expr, out: &mut Vec<Stmt>) -> Expr {
        if !contains_suspend(&e) {
            return e;
        }
        let span = e.span;
        match e.kind {
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) | ExprKind::Await(_) => {
                self.spill_operand(&mut e, out);
                let base = match e.kind {
                    ExprKind::Yield(_) => "_sent",
                    _ => "_result",
                };
                let t = self.fresh(base);
                out.push(assign_name(&t, e, span));
                name(&t, span)
            }
            ExprKind::BoolOp { op, values } if values.iter().skip(1).any(contains_suspend) => {
                // Short-circuit: later operands run only if the earlier ones decide nothing.
                let t = self.fresh("_value");
                let mut values = values.into_iter();
                let first = values
                    .next()
                    .map(|v| self.spill(v, out))
                    .unwrap_or_else(hole);
                out.push(assign_name(&t, first, span));
                let rest: Vec<Expr> = values.collect();
                let chain = self.bool_chain(op, &t, rest, span);
                out.extend(chain);
                name(&t, span)
            }
            ExprKind::IfExp { test, body, orelse }
                if contains_suspend(&body) || contains_suspend(&orelse) =>
            {
                let t = self.fresh("_value");
                let test = self.spill(*test, out);
                let mut then = Vec::new();
                let b = self.spill(*body, &mut then);
                then.push(assign_name(&t, b, span));
                let mut other = Vec::new();
                let o = self.spill(*orelse, &mut other);
                other.push(assign_name(&t, o, span));
                out.push(stmt(
                    StmtKind::If {
                        test,
                        body: then,
                        orelse: other,
                    },
                    span,
                ));
                name(&t, span)
            }
            _ => {
                // Evaluate, in order, every operand before the last one that suspends, and
                // hold each in a temporary so the suspension cannot change what it saw.
                let unpacked = unpacked_children(&e);
                let mut kids = children_mut(&mut e);
                let last = kids.iter().rposition(|k| contains_suspend(k)).unwrap_or(0);
                for (i, kid) in kids.iter_mut().enumerate().take(last + 1) {
                    let taken = std::mem::replace(&mut **kid, hole());
                    let spilled = self.spill(taken, out);
                    **kid = if i == last || self.is_stable(&spilled) {
                        spilled
                    } else {
                        let how = unpacked.get(i).copied().unwrap_or(Unpacked::No);
                        self.hold(spilled, how, out)
                    };
                }
                drop(kids);
                e
            }
        }
    }

    /// Keeps an operand evaluated before a later suspension in a fresh temporary. An
    /// unpacked operand (`*xs`, `**d`) is not a value of its own: Python unpacks it right
    /// there, so what is held is its items (`_operand = [*xs]`) or pairs (`{**d}`).
    fn hold(&mut self, e: Expr, how: Unpacked, out: &mut Vec<Stmt>) -> Expr {
        let sp = e.span;
        let value = match (e.kind, how) {
            (ExprKind::Starred(inner), _) => {
                let items = self.hold(*inner, Unpacked::Items, out);
                return Expr::new(ExprKind::Starred(Box::new(items)), sp);
            }
            (kind, Unpacked::Items) => {
                let starred = Expr::new(ExprKind::Starred(Box::new(Expr::new(kind, sp))), sp);
                Expr::new(ExprKind::List(vec![starred]), sp)
            }
            (kind, Unpacked::Mapping) => Expr::new(
                ExprKind::Dict {
                    items: vec![DictItem::Unpack(Expr::new(kind, sp))],
                },
                sp,
            ),
            (kind, Unpacked::No) => Expr::new(kind, sp),
        };
        self.spill_to_temp("_operand", value, out)
    }

    /// A constant, or a temporary assigned once: a suspension cannot change its value.
    fn is_stable(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Constant(_) => true,
            ExprKind::Name(n) => self.temps.contains(n),
            _ => false,
        }
    }

    fn bool_chain(&mut self, op: BoolOp, t: &str, mut rest: Vec<Expr>, span: Span) -> Vec<Stmt> {
        if rest.is_empty() {
            return Vec::new();
        }
        let next = rest.remove(0);
        let mut body = Vec::new();
        let v = self.spill(next, &mut body);
        body.push(assign_name(t, v, span));
        body.extend(self.bool_chain(op, t, rest, span));
        let test = match op {
            BoolOp::And => name(t, span),
            BoolOp::Or => Expr::new(
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(name(t, span)),
                },
                span,
            ),
        };
        vec![stmt(
            StmtKind::If {
                test,
                body,
                orelse: Vec::new(),
            },
            span,
        )]
    }

    // -----------------------------------------------------------------------------------
    // Pass `yield-from`.

    // -----------------------------------------------------------------------------------
    // Pass `async-with`.

    fn async_with_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::async_with_stmt)
    }

    // -----------------------------------------------------------------------------------
    // Pass `async-for`.

    fn async_for_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::async_for_stmt)
    }

    /// `async for x in ait: body` is PEP 492's loop: `it = type(ait).__aiter__(ait)`
    /// once (`_async_iter`), then `x = await type(it).__anext__(it)` (`_async_next`) until
    /// it raises `StopAsyncIteration`; the same shape as the `for` pass's loop.
    fn async_for_stmt(&mut self, s: Stmt) -> Vec<Stmt> {
        let span = s.span;
        let StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async: true,
        } = s.kind
        else {
            return vec![s];
        };
        let it = self.fresh_for("_aiter", &iter);
        let init = call(&self.builtin(ASYNC_ITER_HELPERS[0]), vec![iter], span);
        let next = Expr::new(
            ExprKind::Await(Box::new(call(
                &self.builtin(ASYNC_ITER_HELPERS[1]),
                vec![name(&it, span)],
                span,
            ))),
            span,
        );
        let stop = self.builtin("StopAsyncIteration");
        self.expand_loop(it, init, next, &stop, (target, body, orelse), span)
    }

    // -----------------------------------------------------------------------------------
    // Pass `with`.

    fn with_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::with_stmt)
    }

    /// `with m as v: body` is PEP 343's `v = m.__enter__()` then the body in a `try`
    /// whose way out, normal or not, calls `m.__exit__(...)`; an exception is swallowed
    /// if `__exit__` returns true. Several items nest, the first outermost.
    fn with_stmt(&mut self, s: Stmt) -> Vec<Stmt> {
        self.with_items(s, false)
    }

    /// `async with m as v: body` is PEP 492's
    /// `v = await m.__aenter__()` then the body in a `try` whose way out, normal or not,
    /// awaits `m.__aexit__(...)`; an exception is swallowed if `__aexit__` returns true.
    fn async_with_stmt(&mut self, s: Stmt) -> Vec<Stmt> {
        self.with_items(s, true)
    }

    /// Expands a `with` (`is_async` false) or an `async with` (true) statement, one item
    /// inside the other; any other statement is left as it is.
    fn with_items(&mut self, s: Stmt, is_async: bool) -> Vec<Stmt> {
        let span = s.span;
        match s.kind {
            StmtKind::With {
                items,
                body,
                is_async: a,
            } if a == is_async => items
                .into_iter()
                .rev()
                .fold(body, |body, item| self.one_with(item, body, span, is_async)),
            kind => vec![Stmt { kind, span }],
        }
    }

    /// One item of a `with` (or, `is_async`, of an `async with`, whose calls of
    /// `__aenter__` and `__aexit__` are awaited).
    fn one_with(
        &mut self,
        item: WithItem,
        body: Vec<Stmt>,
        span: Span,
        is_async: bool,
    ) -> Vec<Stmt> {
        let (enter_name, exit_name, helper) = match is_async {
            true => ("_aenter", "_aexit", ASYNC_WITH_HELPER),
            false => ("_enter", "_exit", WITH_HELPER),
        };
        let aenter = self.fresh_for(enter_name, &item.context);
        let aexit = self.fresh_for(exit_name, &item.context);
        let entered = self.fresh("_entered");
        let exited = self.fresh("_exited");
        let exc = self.fresh("_exc");
        let n = |id: &str| name(id, span);
        let await_ = |e: Expr| match is_async {
            true => Expr::new(ExprKind::Await(Box::new(e)), span),
            false => e,
        };
        let methods = call(&self.builtin(helper), vec![item.context], span);
        let pair = Expr::new(ExprKind::Tuple(vec![n(&aenter), n(&aexit)]), span);
        let mut out = vec![assign(pair, methods, span)];
        out.push(assign_name(
            &entered,
            await_(call(&aenter, Vec::new(), span)),
            span,
        ));
        out.push(assign_name(&exited, constant(Constant::False, span), span));
        let mut protected = Vec::new();
        if let Some(target) = item.target {
            protected.push(assign(target, n(&entered), span));
        }
        protected.extend(body);
        let exit_with_exc = await_(call(
            &aexit,
            vec![
                call(&self.builtin("type"), vec![n(&exc)], span),
                n(&exc),
                attribute(n(&exc), "__traceback__", span),
            ],
            span,
        ));
        let not = |e: Expr| {
            Expr::new(
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(e),
                },
                span,
            )
        };
        let on_error = vec![
            assign_name(&exited, constant(Constant::True, span), span),
            stmt(
                StmtKind::If {
                    test: not(exit_with_exc),
                    body: vec![stmt(
                        StmtKind::Raise {
                            exc: None,
                            cause: None,
                        },
                        span,
                    )],
                    orelse: Vec::new(),
                },
                span,
            ),
        ];
        let none = || constant(Constant::None, span);
        let mut finally = vec![stmt(
            StmtKind::If {
                test: not(n(&exited)),
                body: vec![stmt(
                    StmtKind::Expr(await_(call(&aexit, vec![none(), none(), none()], span))),
                    span,
                )],
                orelse: Vec::new(),
            },
            span,
        )];
        if self.in_class_body {
            // The class's namespace keeps only what the learner's class body binds
            // (in the `finally`, so a `break` out of the body lets go of them too).
            let temporaries = [&aenter, &aexit, &entered, &exited].map(|t| n(t));
            finally.push(stmt(StmtKind::Delete(temporaries.into()), span));
        }
        out.push(stmt(
            StmtKind::Try {
                body: protected,
                handlers: vec![handler(
                    &self.builtin("BaseException"),
                    Some(&exc),
                    on_error,
                    span,
                )],
                orelse: Vec::new(),
                finalbody: finally,
            },
            span,
        ));
        out
    }

    // -----------------------------------------------------------------------------------
    // Pass `await`.

    fn await_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::await_stmt)
    }

    fn await_stmt(&mut self, mut s: Stmt) -> Vec<Stmt> {
        // After `spill`, an `await` is the whole value of its statement.
        let value = match &mut s.kind {
            StmtKind::Expr(e) => Some(e),
            StmtKind::Assign { value, .. } => Some(value),
            _ => None,
        };
        if let Some(e) = value {
            if let ExprKind::Await(inner) = &mut e.kind {
                let awaited = std::mem::replace(&mut **inner, hole());
                let span = e.span;
                let helper = self.builtin(AWAITABLE_HELPER);
                e.kind = ExprKind::YieldFrom(Box::new(call(&helper, vec![awaited], span)));
            }
        }
        vec![s]
    }

    fn yield_from_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::yield_from_stmt)
    }

    fn yield_from_stmt(&mut self, s: Stmt) -> Vec<Stmt> {
        let span = s.span;
        let (targets, source) = match s.kind {
            StmtKind::Expr(Expr {
                kind: ExprKind::YieldFrom(v),
                ..
            }) => (Vec::new(), *v),
            StmtKind::Assign {
                targets,
                value:
                    Expr {
                        kind: ExprKind::YieldFrom(v),
                        ..
                    },
            } => (targets, *v),
            kind => return vec![Stmt::new(kind, span)],
        };
        let mut out = self.expand_yield_from(source, span);
        let result = self
            .last_result
            .take()
            .expect("expand_yield_from names its result");
        if !targets.is_empty() {
            out.push(stmt(
                StmtKind::Assign {
                    targets,
                    value: name(&result, span),
                },
                span,
            ));
        }
        out
    }
}

/// Names of the temporaries of one `yield from` expansion.
struct Delegation {
    inner: String,
    yielded: String,
    sent: String,
    result: String,
    exc: String,
    method: String,
}

impl Rewriter<'_> {
    /// PEP 380's expansion of `RESULT = yield from EXPR`, with CPython 3.11's single-argument
    /// `throw`. The statements end with the result in a temporary whose name is left in
    /// `self.last_result`.
    fn expand_yield_from(&mut self, source: Expr, span: Span) -> Vec<Stmt> {
        let d = Delegation {
            inner: self.fresh_for("_delegate", &source),
            yielded: self.fresh("_yielded"),
            sent: self.fresh("_sent"),
            result: self.fresh("_result"),
            exc: self.fresh("_exc"),
            method: self.fresh("_method"),
        };
        let [next_fn, stop, attribute_error, generator_exit, base_exception] = [
            "next",
            "StopIteration",
            "AttributeError",
            "GeneratorExit",
            "BaseException",
        ]
        .map(|h| self.builtin(h));
        let n = |id: &str| name(id, span);
        let stop_to_result = |exc: &str| {
            vec![assign_name(
                &d.result,
                attribute(name(exc, span), "value", span),
                span,
            )]
        };
        let mut stop_then_break = stop_to_result(&d.exc);
        stop_then_break.push(stmt(StmtKind::Break, span));

        // except GeneratorExit as _exc: close the delegate (if it can be), then re-raise.
        let close = vec![
            try_stmt(
                vec![assign_name(
                    &d.method,
                    attribute(n(&d.inner), "close", span),
                    span,
                )],
                vec![handler(
                    &attribute_error,
                    None,
                    vec![stmt(StmtKind::Pass, span)],
                    span,
                )],
                vec![stmt(
                    StmtKind::Expr(call(&d.method, Vec::new(), span)),
                    span,
                )],
                span,
            ),
            stmt(
                StmtKind::Raise {
                    exc: Some(n(&d.exc)),
                    cause: None,
                },
                span,
            ),
        ];
        // except BaseException as _exc: throw it into the delegate (if it can be).
        let throw = vec![try_stmt(
            vec![assign_name(
                &d.method,
                attribute(n(&d.inner), "throw", span),
                span,
            )],
            vec![handler(
                &attribute_error,
                None,
                vec![stmt(
                    StmtKind::Raise {
                        exc: Some(n(&d.exc)),
                        cause: None,
                    },
                    span,
                )],
                span,
            )],
            vec![try_stmt(
                vec![assign_name(
                    &d.yielded,
                    call(&d.method, vec![n(&d.exc)], span),
                    span,
                )],
                vec![handler(&stop, Some(&d.exc), stop_then_break.clone(), span)],
                Vec::new(),
                span,
            )],
            span,
        )];
        // else: pass the sent value on with next() or send().
        let forward = vec![try_stmt(
            vec![stmt(
                StmtKind::If {
                    test: Expr::new(
                        ExprKind::Compare {
                            left: Box::new(n(&d.sent)),
                            ops: vec![(CmpOp::Is, constant(Constant::None, span))],
                        },
                        span,
                    ),
                    body: vec![assign_name(
                        &d.yielded,
                        call(&next_fn, vec![n(&d.inner)], span),
                        span,
                    )],
                    orelse: vec![assign_name(
                        &d.yielded,
                        method_call(n(&d.inner), "send", vec![n(&d.sent)], span),
                        span,
                    )],
                },
                span,
            )],
            vec![handler(&stop, Some(&d.exc), stop_then_break, span)],
            Vec::new(),
            span,
        )];
        let suspend = assign_name(
            &d.sent,
            Expr::new(ExprKind::Yield(Some(Box::new(n(&d.yielded)))), span),
            span,
        );
        let loop_body = vec![try_stmt(
            vec![suspend],
            vec![
                handler(&generator_exit, Some(&d.exc), close, span),
                handler(&base_exception, Some(&d.exc), throw, span),
            ],
            forward,
            span,
        )];
        let delegate_loop = stmt(
            StmtKind::While {
                test: constant(Constant::True, span),
                body: loop_body,
                orelse: Vec::new(),
            },
            span,
        );
        let first = try_stmt(
            vec![assign_name(
                &d.yielded,
                call(&next_fn, vec![n(&d.inner)], span),
                span,
            )],
            vec![handler(&stop, Some(&d.exc), stop_to_result(&d.exc), span)],
            vec![delegate_loop],
            span,
        );
        self.last_result = Some(d.result.clone());
        // `yield from e` delegates to `iter(e)` (CPython's GET_YIELD_FROM_ITER); an `await`,
        // already `_awaitable(e)` (GET_AWAITABLE), delegates to that as it is, as CPython's
        // `await` does: what `_awaitable` returns is already an iterator.
        let is_await = matches!(&source.kind, ExprKind::Call { func, .. }
            if matches!(&func.kind, ExprKind::Name(n) if *n == AWAITABLE_HELPER
                || self.aliases.iter().any(|(b, a)| b == AWAITABLE_HELPER && a == n)));
        let delegate = match is_await {
            true => source,
            false => call(&self.builtin("iter"), vec![source], span),
        };
        vec![assign_name(&d.inner, delegate, span), first]
    }
}

/// `for` and `if` clauses of a comprehension as nested statements around `inner`.
fn nest_comprehension(generators: Vec<Comprehension>, inner: Vec<Stmt>) -> Vec<Stmt> {
    let mut body = inner;
    for g in generators.into_iter().rev() {
        for test in g.ifs.into_iter().rev() {
            let span = test.span;
            body = vec![stmt(
                StmtKind::If {
                    test,
                    body,
                    orelse: Vec::new(),
                },
                span,
            )];
        }
        let span = g.target.span.to(g.iter.span);
        body = vec![stmt(
            StmtKind::For {
                target: g.target,
                iter: g.iter,
                body,
                orelse: Vec::new(),
                is_async: g.is_async,
            },
            span,
        )];
    }
    body
}

/// Calls `f` on the expressions a statement evaluates in its own scope (not those of
/// nested bodies), in the order of `stmt_exprs_mut`, without needing the statement mutably
/// (or a copy of it, which for a `def` would copy its whole body).
fn for_each_stmt_expr(s: &Stmt, f: &mut dyn FnMut(&Expr)) {
    match &s.kind {
        StmtKind::ClassDef(def) => {
            def.decorators.iter().for_each(&mut *f);
            for a in &def.bases {
                match a {
                    Arg::Positional(e) | Arg::Starred(e) => f(e),
                }
            }
            def.keywords.iter().for_each(|k| f(&k.value));
        }
        StmtKind::FunctionDef(def) => {
            def.decorators.iter().for_each(&mut *f);
            let p = &def.params;
            for param in p.posonly.iter().chain(&p.args).chain(&p.kwonly) {
                param.default.iter().for_each(&mut *f);
            }
        }
        StmtKind::Return(e) => e.iter().for_each(f),
        StmtKind::Delete(es) => es.iter().for_each(f),
        StmtKind::Assign { targets, value } => {
            f(value);
            targets.iter().for_each(f);
        }
        StmtKind::AugAssign { target, value, .. } => {
            f(target);
            f(value);
        }
        StmtKind::AnnAssign { target, value, .. } => {
            value.iter().for_each(&mut *f);
            f(target);
        }
        StmtKind::For { iter, target, .. } => {
            f(iter);
            f(target);
        }
        StmtKind::While { test, .. } | StmtKind::If { test, .. } => f(test),
        StmtKind::With { items, .. } => {
            for item in items {
                f(&item.context);
                item.target.iter().for_each(&mut *f);
            }
        }
        StmtKind::Raise { exc, cause } => {
            exc.iter().for_each(&mut *f);
            cause.iter().for_each(f);
        }
        StmtKind::Try { handlers, .. } => {
            handlers.iter().filter_map(|h| h.typ.as_ref()).for_each(f)
        }
        StmtKind::Assert { test, msg } => {
            f(test);
            msg.iter().for_each(f);
        }
        StmtKind::Expr(e) => f(e),
        StmtKind::Match(m) => {
            f(&m.subject);
            for case in &m.cases {
                case.pattern.exprs().into_iter().for_each(&mut *f);
                case.guard.iter().for_each(&mut *f);
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

/// The expressions a statement evaluates in its own scope (not those of nested bodies).
fn stmt_exprs_mut(s: &mut Stmt) -> Vec<&mut Expr> {
    let mut out: Vec<&mut Expr> = Vec::new();
    match &mut s.kind {
        StmtKind::ClassDef(def) => {
            out.extend(def.decorators.iter_mut());
            for a in def.bases.iter_mut() {
                match a {
                    Arg::Positional(e) | Arg::Starred(e) => out.push(e),
                }
            }
            out.extend(def.keywords.iter_mut().map(|k| &mut k.value));
        }
        StmtKind::FunctionDef(def) => {
            out.extend(def.decorators.iter_mut());
            let p = &mut def.params;
            for param in p
                .posonly
                .iter_mut()
                .chain(p.args.iter_mut())
                .chain(p.kwonly.iter_mut())
            {
                out.extend(param.default.as_mut());
            }
        }
        StmtKind::Return(e) => out.extend(e.as_mut()),
        StmtKind::Delete(es) => out.extend(es.iter_mut()),
        StmtKind::Assign { targets, value } => {
            out.push(value);
            out.extend(targets.iter_mut());
        }
        StmtKind::AugAssign { target, value, .. } => {
            out.push(target);
            out.push(value);
        }
        StmtKind::AnnAssign { target, value, .. } => {
            out.extend(value.as_mut());
            out.push(target);
        }
        StmtKind::For { iter, target, .. } => {
            out.push(iter);
            out.push(target);
        }
        StmtKind::While { test, .. } | StmtKind::If { test, .. } => out.push(test),
        StmtKind::With { items, .. } => {
            for item in items {
                out.push(&mut item.context);
                out.extend(item.target.as_mut());
            }
        }
        StmtKind::Raise { exc, cause } => {
            out.extend(exc.as_mut());
            out.extend(cause.as_mut());
        }
        StmtKind::Try { handlers, .. } => {
            out.extend(handlers.iter_mut().filter_map(|h| h.typ.as_mut()));
        }
        StmtKind::Assert { test, msg } => {
            out.push(test);
            out.extend(msg.as_mut());
        }
        StmtKind::Expr(e) => out.push(e),
        // Only the subject: the `match` pass, first of all, leaves no `match` behind.
        StmtKind::Match(m) => out.push(&mut m.subject),
        StmtKind::Import(_)
        | StmtKind::ImportFrom { .. }
        | StmtKind::Global(_)
        | StmtKind::Nonlocal(_)
        | StmtKind::Pass
        | StmtKind::Break
        | StmtKind::Continue => {}
    }
    out
}

/// Every name `body` mentions (reads, binds or declares) anywhere except inside an
/// `except ... as NAME` body that binds that same name. A name outside this set is only
/// ever used by the handlers that bind it, as the desugarer's `_exc` temporaries are, so
/// nothing can observe it being unbound when such a handler ends.
pub fn names_outside_own_handlers(body: &[Stmt]) -> HashSet<String> {
    let mut out = HashSet::default();
    names_in(body, &mut out, true);
    out
}

/// Every name the program itself uses (variables, parameters, attributes...): the
/// temporaries the passes make are named apart from all of them, so a local of the
/// desugared program is one of the learner's variables exactly when its name is here.
pub fn program_names(module: &Module) -> HashSet<String> {
    let mut names = HashSet::default();
    names_in(&module.body, &mut names, false);
    names
}

fn names_in(body: &[Stmt], used: &mut HashSet<String>, skip_own_handlers: bool) {
    fn expr(e: &Expr, used: &mut HashSet<String>) {
        match &e.kind {
            // Most mentions repeat a name already seen: look before copying it.
            ExprKind::Name(n) if !used.contains(n) => {
                used.insert(n.clone());
            }
            ExprKind::Lambda { params, body } => {
                params_names(params, used);
                expr(body, used);
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                expr(elt, used);
                comps(generators, used);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                expr(key, used);
                expr(value, used);
                comps(generators, used);
            }
            _ => {}
        }
        for_each_child(e, &mut |c| expr(c, used));
    }
    fn comps(generators: &[Comprehension], used: &mut HashSet<String>) {
        for g in generators {
            expr(&g.target, used);
            expr(&g.iter, used);
            g.ifs.iter().for_each(|i| expr(i, used));
        }
    }
    fn params_names(p: &Parameters, used: &mut HashSet<String>) {
        let all = p
            .posonly
            .iter()
            .chain(&p.args)
            .chain(&p.vararg)
            .chain(&p.kwonly)
            .chain(&p.kwarg);
        for param in all {
            used.insert(param.name.id.clone());
            if let Some(d) = &param.default {
                expr(d, used);
            }
        }
    }
    for s in body {
        match &s.kind {
            StmtKind::FunctionDef(def) => {
                used.insert(def.name.id.clone());
                params_names(&def.params, used);
                names_in(&def.body, used, skip_own_handlers);
            }
            StmtKind::ClassDef(def) => {
                used.insert(def.name.id.clone());
                names_in(&def.body, used, skip_own_handlers);
            }
            StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
                used.extend(names.iter().map(|n| n.id.clone()));
            }
            StmtKind::Import(aliases) | StmtKind::ImportFrom { names: aliases, .. } => {
                for a in aliases {
                    used.insert(a.name.split('.').next().unwrap_or("").to_string());
                    if let Some(n) = &a.asname {
                        used.insert(n.id.clone());
                    }
                }
            }
            StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                names_in(body, used, skip_own_handlers);
                names_in(orelse, used, skip_own_handlers);
            }
            StmtKind::If { body, orelse, .. } => {
                names_in(body, used, skip_own_handlers);
                names_in(orelse, used, skip_own_handlers);
            }
            StmtKind::With { body, .. } => names_in(body, used, skip_own_handlers),
            StmtKind::Match(m) => {
                for case in &m.cases {
                    for n in case.pattern.bound_names() {
                        used.insert(n.id.clone());
                    }
                    names_in(&case.body, used, skip_own_handlers);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                names_in(body, used, skip_own_handlers);
                for h in handlers {
                    match &h.name {
                        Some(n) if skip_own_handlers => {
                            let mut inner = HashSet::default();
                            names_in(&h.body, &mut inner, true);
                            inner.remove(&n.id);
                            used.extend(inner);
                        }
                        name => {
                            used.extend(name.iter().map(|n| n.id.clone()));
                            names_in(&h.body, used, skip_own_handlers);
                        }
                    }
                }
                names_in(orelse, used, skip_own_handlers);
                names_in(finalbody, used, skip_own_handlers);
            }
            _ => {}
        }
        for_each_stmt_expr(s, &mut |e| expr(e, used));
    }
}
mod matching;

#[cfg(test)]
mod tests;

// ---------------------------------------------------------------------------------------
// Pass `mangle`: private names inside a class.

/// `__name` as CPython's compiler mangles it inside class `class`: `_Class__name`. Names
/// that end with `__` (dunders), contain a dot, or appear where the class name is only
/// underscores, are left alone.
fn mangled(class: &str, name: &str) -> Option<String> {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return None;
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return None;
    }
    Some(format!("_{stripped}{name}"))
}

fn mangle_id(class: &str, id: &mut String) {
    if let Some(m) = mangled(class, id) {
        *id = m;
    }
}

fn mangle_params(class: &str, p: &mut Parameters) {
    for q in p
        .posonly
        .iter_mut()
        .chain(p.args.iter_mut())
        .chain(p.vararg.iter_mut())
        .chain(p.kwonly.iter_mut())
        .chain(p.kwarg.iter_mut())
    {
        mangle_id(class, &mut q.name.id);
        if let Some(d) = &mut q.default {
            mangle_expr(class, d);
        }
        if let Some(a) = &mut q.annotation {
            mangle_expr(class, a);
        }
    }
}

/// Mangles every private name and attribute of an expression, lambdas and comprehensions
/// included (they are inside the class too).
fn mangle_expr(class: &str, e: &mut Expr) {
    match &mut e.kind {
        ExprKind::Name(n) => mangle_id(class, n),
        ExprKind::Attribute { attr, .. } => mangle_id(class, &mut attr.id),
        ExprKind::NamedExpr { target, .. } => mangle_expr(class, target),
        ExprKind::Lambda { params, body } => {
            mangle_params(class, params);
            mangle_expr(class, body);
        }
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            mangle_expr(class, elt);
            mangle_comprehensions(class, generators);
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            mangle_expr(class, key);
            mangle_expr(class, value);
            mangle_comprehensions(class, generators);
        }
        _ => {}
    }
    for c in children_mut(e) {
        mangle_expr(class, c);
    }
}

fn mangle_comprehensions(class: &str, generators: &mut [Comprehension]) {
    for g in generators {
        mangle_expr(class, &mut g.target);
        mangle_expr(class, &mut g.iter);
        for i in &mut g.ifs {
            mangle_expr(class, i);
        }
    }
}

impl Rewriter<'_> {
    fn mangle_block(&mut self, body: Vec<Stmt>) -> Vec<Stmt> {
        self.map_block(body, Rewriter::mangle_stmt)
    }

    /// CPython's compiler rewrites `__name` (not a dunder) inside a class body, and inside
    /// the functions in it, to `_Class__name`: the class's "private" names. The rewrite
    /// is of the program text, so the printed desugared program means the same to CPython.
    fn mangle_stmt(&mut self, mut s: Stmt) -> Vec<Stmt> {
        let Some(class) = self.mangle_class.clone() else {
            return vec![s];
        };
        match &mut s.kind {
            StmtKind::FunctionDef(def) => {
                mangle_id(&class, &mut def.name.id);
                mangle_params(&class, &mut def.params);
                if let Some(r) = &mut def.returns {
                    mangle_expr(&class, r);
                }
            }
            StmtKind::ClassDef(def) => mangle_id(&class, &mut def.name.id),
            StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
                for n in names {
                    mangle_id(&class, &mut n.id);
                }
            }
            StmtKind::Try { handlers, .. } => {
                for h in handlers {
                    if let Some(n) = &mut h.name {
                        mangle_id(&class, &mut n.id);
                    }
                }
            }
            StmtKind::AnnAssign { annotation, .. } => mangle_expr(&class, annotation),
            _ => {}
        }
        for e in stmt_exprs_mut(&mut s) {
            mangle_expr(&class, e);
        }
        vec![s]
    }
}
