//! What is outside peel's subset of Python, decided in one place, before anything runs.
//!
//! peel runs a subset of Python 3.11, and everything it accepts it runs the way CPython
//! does. A program that CPython runs but that uses something peel lacks is refused with
//! "peel does not support ...", pointing at the place, before a single statement runs: a
//! learner never sees half of the output and then a failure that reads like a bug of
//! theirs. This module holds the whole list ([`Unsupported`]) and the check itself:
//!
//! - **constructs the grammar has no rule for** (`with (...)`, `except*`, relative and
//!   star imports): the parser cannot build a tree for them, so
//!   it asks [`outside_grammar`] about the token it stopped at, and builds the others'
//!   diagnostics with [`Unsupported::at`];
//! - **constructs the tree shows** (async generators, asynchronous
//!   comprehensions and generator expressions, `await` inside a comprehension, `yield`
//!   inside a lambda, complex numbers): [`check`], after name resolution;
//! - **the library**: a module of CPython's standard library that peel does not provide
//!   (`import random`), a name CPython's version of one of peel's modules has and peel's
//!   lacks (`asyncio.TaskGroup`, `from asyncio import TaskGroup`), a builtin CPython has
//!   and peel lacks (`open`, `dir`, when the name means the builtin and not a variable of
//!   the program's), and the calls of peel's builtins it has no form for
//!   (`iter(f, sentinel)`, `object()`, `type(name, bases, dict)`). CPython's side of each
//!   comparison is data generated from python3 (`runtime::cpython_names`); peel's side is
//!   the runtime's own tables, so the two cannot drift apart.
//!
//! A name CPython lacks too (`import numpy`, `asyncio.TaskGrop`, `opne`) is not refused
//! here: it fails at run time, with the exception CPython raises.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::ast::visit::{self, Visitor};
use crate::ast::{Comprehension, Constant, Expr, ExprKind, Module, Stmt, StmtKind};
use crate::diagnostic::Diagnostic;
use crate::lexer::Token;
use crate::resolve::{FunctionScope, NameRef, ScopeKind, Scopes};
use crate::runtime::{builtins, cpython_names, modules};
use crate::span::Span;

/// Every kind of valid Python that peel refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsupported {
    ExceptStar,
    RelativeImport,
    StarImport,
    WithStatement,
    /// `async with (a as x, b):` (CPython 3.9+); `async with (a, b):` is supported.
    ParenthesizedAsWith,
    AsyncGenerator,
    AsyncComprehension,
    AsyncGeneratorExpression,
    AwaitInComprehension,
    YieldInLambda,
    ComplexNumber,
    /// `def f(*args: *Ts)` (PEP 646).
    StarredAnnotation,
    /// `import random`: a module of CPython's standard library peel does not provide.
    Module(String),
    /// `asyncio.TaskGroup`: a name CPython's module has and peel's lacks.
    ModuleAttribute {
        module: String,
        name: String,
    },
    /// `open`: a builtin CPython has and peel lacks.
    Builtin(String),
    /// A form of a call of one of peel's builtins that peel does not have.
    BuiltinCall(&'static str),
    /// `class Stack(list)`: a builtin class other than `object` and the exceptions as a
    /// base.
    BuiltinBase(String),
    /// `class C(metaclass=M)`.
    Metaclass,
}

impl Unsupported {
    /// What the diagnostic says peel does not support.
    pub fn what(&self) -> String {
        match self {
            Unsupported::ExceptStar => "'except*'".into(),
            Unsupported::RelativeImport => "relative imports".into(),
            Unsupported::StarImport => "'from module import *'".into(),
            Unsupported::WithStatement => "parentheses around the items of 'with'".into(),
            Unsupported::ParenthesizedAsWith => {
                "'as' inside the parentheses of 'async with'".into()
            }
            Unsupported::AsyncGenerator => "async generators".into(),
            Unsupported::AsyncComprehension => "asynchronous comprehensions".into(),
            Unsupported::AsyncGeneratorExpression => "asynchronous generator expressions".into(),
            Unsupported::AwaitInComprehension => "'await' inside a comprehension".into(),
            Unsupported::YieldInLambda => "'yield' inside a lambda".into(),
            Unsupported::ComplexNumber => "complex numbers".into(),
            Unsupported::StarredAnnotation => "a starred annotation of '*args'".into(),
            Unsupported::Module(name) => format!("the module '{name}'"),
            Unsupported::ModuleAttribute { module, name } => format!("{module}.{name}"),
            Unsupported::Builtin(name) => format!("the builtin '{name}'"),
            Unsupported::BuiltinCall(form) => (*form).into(),
            Unsupported::BuiltinBase(name) => format!("subclassing the builtin class '{name}'"),
            Unsupported::Metaclass => "metaclasses".into(),
        }
    }

    /// What the learner can do instead, where there is something to say.
    fn note(&self) -> Option<&'static str> {
        Some(match self {
            Unsupported::RelativeImport => {
                "a peel program is a single file: import peel's own modules by name, e.g. `from asyncio import sleep`"
            }
            Unsupported::StarImport => "name what you import, e.g. `from asyncio import sleep, gather`",
            Unsupported::ComplexNumber => "CPython accepts `1j`; peel's subset has no complex type",
            Unsupported::ParenthesizedAsWith => {
                "write the items without parentheses: `async with a as x, b as y:`"
            }
            Unsupported::Module(_) => {
                "peel provides the modules asyncio, time and types; a peel program cannot reach files, network or processes"
            }
            _ => return None,
        })
    }

    /// The diagnostic: `SyntaxError: peel does not support {what}` at `span`.
    pub fn at(&self, span: Span) -> Diagnostic {
        let d = Diagnostic::not_in_subset(&self.what(), span);
        match self.note() {
            Some(note) => d.with_note(note),
            None => d,
        }
    }
}

type Triple = (usize, Token, usize);

/// The parser stopped at `tokens[i]`: is that a construct of CPython's grammar that peel's
/// lacks? `class`, `except*`,
/// a parenthesized list of `with` items with `as` in it (`with (a as x, b):`), a starred
/// annotation (`*args: *Ts`).
pub fn outside_grammar(tokens: &[Triple], i: usize) -> Option<Diagnostic> {
    let (l, tok, r) = tokens.get(i)?;
    if let (Token::Star, Some((el, Token::Except, _))) = (tok, i.checked_sub(1).map(|p| &tokens[p]))
    {
        return Some(Unsupported::ExceptStar.at(Span::new(*el, *r)));
    }
    let before = |k: usize| i.checked_sub(k).map(|p| &tokens[p].1);
    if let (Token::Star, Some(Token::Colon), Some(Token::Name(_)), Some(Token::Star)) =
        (tok, before(1), before(2), before(3))
    {
        return Some(Unsupported::StarredAnnotation.at(Span::new(*l, *r)));
    }
    let start = tokens[..i]
        .iter()
        .rposition(|t| matches!(t.1, Token::Newline | Token::Indent | Token::Dedent))
        .map_or(0, |p| p + 1);
    let end = tokens[start..]
        .iter()
        .position(|t| matches!(t.1, Token::Newline))
        .map_or(tokens.len(), |p| start + p);
    let Some((_, Token::Colon, colon_end)) = tokens.get(end.wrapping_sub(1)) else {
        return None;
    };
    let head = Span::new(tokens[start].0, *colon_end);
    let first = |k: usize| tokens.get(start + k).map(|t| &t.1);
    match (first(0), first(1), first(2)) {
        (Some(Token::With), Some(Token::Lpar), _) => Some(Unsupported::WithStatement.at(head)),
        (Some(Token::Async), Some(Token::With), Some(Token::Lpar))
            if tokens[start..end].iter().any(|t| matches!(t.1, Token::As)) =>
        {
            Some(Unsupported::ParenthesizedAsWith.at(head))
        }
        _ => None,
    }
}

/// Refuses the first construct, module, module attribute or builtin outside peel's subset
/// (the earliest in the source), once the program is parsed and its names resolved.
pub fn check(module: &Module, scopes: &Scopes) -> Result<(), Diagnostic> {
    match find(module, scopes)
        .into_iter()
        .min_by_key(|(_, s)| s.start)
    {
        Some((what, span)) => Err(what.at(span)),
        None => Ok(()),
    }
}

/// Everything outside peel's subset in the program, in no particular order.
pub fn find(module: &Module, scopes: &Scopes) -> Vec<(Unsupported, Span)> {
    let Some(top) = scopes.module() else {
        return Vec::new();
    };
    let mut binder = Binder::default();
    visit::walk_body(&mut binder, &module.body);
    let mut walker = Walker {
        scopes,
        scope: top,
        modules: binder.module_names(),
        bound: binder.bindings.keys().cloned().collect(),
        stored: binder.stored,
        peel_builtins: builtins::names().into_iter().collect(),
        peel_modules: HashMap::default(),
        found: Vec::new(),
    };
    visit::walk_body(&mut walker, &module.body);
    walker.found
}

/// What a dotted module name of an import is, for peel: `None` when peel provides it, or
/// when CPython lacks it too (the import fails at run time, as in CPython).
fn module_refusal(name: &str) -> Option<Unsupported> {
    if modules::PROVIDED.contains(&name) {
        return None;
    }
    let top = name.split('.').next().unwrap_or(name);
    let cpython_has = cpython_names::is_stdlib_module(name)
        || (!modules::PROVIDED.contains(&top) && cpython_names::is_stdlib_module(top));
    cpython_has.then(|| Unsupported::Module(name.to_string()))
}

/// How each name is bound anywhere in the program: which names only ever hold one module
/// (`import asyncio`, `import time as t`), and which attributes of a name the program
/// stores to itself (`time.marker = 1`).
#[derive(Default)]
struct Binder {
    /// Name -> the module every binding of it imports, or `None` once something else
    /// binds it (an assignment, a parameter, a `def`, another module...).
    bindings: HashMap<String, Option<String>>,
    stored: HashSet<(String, String)>,
}

impl Binder {
    fn bind(&mut self, name: &str, module: Option<&str>) {
        let entry = self
            .bindings
            .entry(name.to_string())
            .or_insert_with(|| module.map(str::to_string));
        if entry.as_deref() != module {
            *entry = None;
        }
    }

    fn target(&mut self, t: &Expr) {
        match &t.kind {
            ExprKind::Name(n) => self.bind(n, None),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.target(i);
                }
            }
            ExprKind::Starred(x) => self.target(x),
            ExprKind::Attribute { value, attr } => {
                if let ExprKind::Name(n) = &value.kind {
                    self.stored.insert((n.clone(), attr.id.clone()));
                }
            }
            _ => {}
        }
    }

    fn parameters(&mut self, p: &crate::ast::Parameters) {
        let all = p.posonly.iter().chain(&p.args).chain(&p.vararg);
        for param in all.chain(&p.kwonly).chain(&p.kwarg) {
            self.bind(&param.name.id, None);
        }
    }

    fn module_names(&self) -> HashMap<String, String> {
        self.bindings
            .iter()
            .filter_map(|(n, m)| Some((n.clone(), m.clone()?)))
            .collect()
    }
}

impl Visitor for Binder {
    fn visit_pattern(&mut self, p: &crate::ast::Pattern) {
        for n in p.bound_names() {
            self.bind(&n.id, None);
        }
        visit::walk_pattern(self, p);
    }

    fn visit_stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::FunctionDef(def) => {
                self.bind(&def.name.id, None);
                self.parameters(&def.params);
            }
            StmtKind::ClassDef(def) => self.bind(&def.name.id, None),
            StmtKind::Delete(targets) | StmtKind::Assign { targets, .. } => {
                for t in targets {
                    self.target(t);
                }
            }
            StmtKind::AugAssign { target, .. }
            | StmtKind::AnnAssign { target, .. }
            | StmtKind::For { target, .. } => self.target(target),
            StmtKind::With { items, .. } => {
                for t in items.iter().filter_map(|i| i.target.as_ref()) {
                    self.target(t);
                }
            }
            StmtKind::Try { handlers, .. } => {
                for name in handlers.iter().filter_map(|h| h.name.as_ref()) {
                    self.bind(&name.id, None);
                }
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    match &a.asname {
                        Some(as_name) => self.bind(&as_name.id, Some(&a.name)),
                        None => {
                            let top = a.name.split('.').next().unwrap_or(&a.name);
                            self.bind(top, Some(top));
                        }
                    }
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    let bound = a.asname.as_ref().map_or(a.name.as_str(), |n| n.id.as_str());
                    self.bind(bound, None);
                }
            }
            _ => {}
        }
        visit::walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::NamedExpr { target, .. } => self.target(target),
            ExprKind::Lambda { params, .. } => self.parameters(params),
            _ => {}
        }
        visit::walk_expr(self, e);
    }

    fn visit_comprehension(&mut self, node: &Expr, elts: &[&Expr], generators: &[Comprehension]) {
        for g in generators {
            self.target(&g.target);
        }
        visit::walk_comprehension(self, node, elts, generators);
    }
}

/// The walk that finds what is outside the subset, knowing at each node which scope it is
/// in (to tell a builtin from a variable of the same name).
struct Walker<'a> {
    scopes: &'a Scopes,
    scope: &'a FunctionScope,
    /// Names that only ever hold a module, and the module.
    modules: HashMap<String, String>,
    /// Every name the program binds somewhere.
    bound: HashSet<String>,
    stored: HashSet<(String, String)>,
    peel_builtins: HashSet<&'static str>,
    /// The names each of peel's modules has (filled on first use).
    peel_modules: HashMap<String, HashSet<String>>,
    found: Vec<(Unsupported, Span)>,
}

impl<'a> Walker<'a> {
    fn refuse(&mut self, what: Unsupported, span: Span) {
        self.found.push((what, span));
    }

    /// What `name` means where the walk is: its meaning in the innermost scope that knows
    /// it.
    fn meaning(&self, name: &str) -> Option<NameRef> {
        let mut scope = self.scope;
        loop {
            if let Some(r) = scope.names.get(name) {
                return Some(*r);
            }
            scope = self.scopes.functions.get(scope.parent?)?;
        }
    }

    /// `name` is one of CPython's builtins that peel lacks, and here it means the builtin:
    /// the resolver says so, or (for the builtins with dunder names, `__debug__`,
    /// `__import__`, which it leaves global) nothing in the program binds the name and it is
    /// not one of the globals a module starts with.
    fn missing_builtin(&self, name: &str) -> bool {
        const MODULE_GLOBALS: &[&str] = &[
            "__name__",
            "__doc__",
            "__package__",
            "__loader__",
            "__spec__",
            "__file__",
            "__cached__",
            "__builtins__",
            "__annotations__",
        ];
        let builtin = match self.meaning(name) {
            Some(NameRef::Builtin) => true,
            Some(NameRef::Global(_)) => {
                !self.bound.contains(name) && !MODULE_GLOBALS.contains(&name)
            }
            _ => false,
        };
        builtin && !self.peel_builtins.contains(name) && cpython_names::builtins().contains(&name)
    }

    /// `module.name` is in CPython's module and not in peel's.
    fn missing_attribute(&mut self, module: &str, name: &str) -> bool {
        let Some(cpython) = cpython_names::module_dir(module) else {
            return false;
        };
        let peel = self
            .peel_modules
            .entry(module.to_string())
            .or_insert_with(|| {
                modules::attribute_names(module)
                    .unwrap_or_default()
                    .iter()
                    .map(|n| n.to_string())
                    .collect()
            });
        !peel.contains(name) && cpython.contains(&name)
    }

    fn in_scope(&mut self, scope: Option<&'a FunctionScope>, f: impl FnOnce(&mut Self)) {
        let outer = self.scope;
        if let Some(inner) = scope {
            self.scope = inner;
        }
        f(self);
        self.scope = outer;
    }

    /// A call of one of peel's builtins in a form peel lacks.
    fn builtin_call(&mut self, e: &Expr) {
        let ExprKind::Call {
            func,
            args,
            keywords,
        } = &e.kind
        else {
            return;
        };
        let ExprKind::Name(name) = &func.kind else {
            return;
        };
        let plain = keywords.is_empty()
            && args
                .iter()
                .all(|a| matches!(a, crate::ast::Arg::Positional(_)));
        if !plain || self.meaning(name) != Some(NameRef::Builtin) {
            return;
        }
        let form = match (name.as_str(), args.len()) {
            ("iter", 2) => "iter(callable, sentinel)",
            ("vars", 0) => "vars() without an argument",
            ("type", 3) => "creating classes with type()",
            _ => return,
        };
        self.refuse(Unsupported::BuiltinCall(form), e.span);
    }
}

impl<'a> Visitor for Walker<'a> {
    fn visit_stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::FunctionDef(def) => {
                let scope = self.scopes.of_def(def);
                if scope.is_some_and(|f| f.is_async && f.is_generator) {
                    self.refuse(Unsupported::AsyncGenerator, s.span);
                }
                for d in &def.decorators {
                    self.visit_expr(d);
                }
                self.visit_parameters(&def.params);
                if let Some(r) = &def.returns {
                    self.visit_expr(r);
                }
                self.in_scope(scope, |w| visit::walk_body(w, &def.body));
                return;
            }
            StmtKind::ClassDef(def) => {
                for d in &def.decorators {
                    self.visit_expr(d);
                }
                for a in &def.bases {
                    match a {
                        crate::ast::Arg::Positional(x) | crate::ast::Arg::Starred(x) => {
                            self.visit_expr(x)
                        }
                    }
                    if let crate::ast::Arg::Positional(Expr {
                        kind: ExprKind::Name(n),
                        span,
                    }) = a
                    {
                        let subclassable = n == "object"
                            || crate::runtime::types::type_by_name(n).is_some_and(|t| {
                                t.kind == crate::runtime::value::TypeKind::Exception
                            });
                        let is_class = crate::runtime::types::type_by_name(n).is_some();
                        if is_class && !subclassable && self.meaning(n) == Some(NameRef::Builtin) {
                            self.refuse(Unsupported::BuiltinBase(n.clone()), *span);
                        }
                    }
                }
                for k in &def.keywords {
                    self.visit_expr(&k.value);
                    if k.name.as_ref().is_some_and(|n| n.id == "metaclass") {
                        self.refuse(Unsupported::Metaclass, k.span);
                    }
                }
                let scope = self.scopes.of_class(def);
                self.in_scope(scope, |w| visit::walk_body(w, &def.body));
                return;
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    if let Some(what) = module_refusal(&a.name) {
                        self.refuse(what, a.span);
                    }
                }
            }
            StmtKind::ImportFrom { module, names } => {
                if let Some(what) = module_refusal(module) {
                    self.refuse(what, s.span);
                } else if modules::PROVIDED.contains(&module.as_str()) {
                    for a in names {
                        if self.missing_attribute(module, &a.name) {
                            let what = Unsupported::ModuleAttribute {
                                module: module.clone(),
                                name: a.name.clone(),
                            };
                            self.refuse(what, a.span);
                        }
                    }
                }
            }
            _ => {}
        }
        visit::walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Name(name) if self.missing_builtin(name) => {
                self.refuse(Unsupported::Builtin(name.clone()), e.span);
            }
            ExprKind::Attribute { value, attr } => {
                if let ExprKind::Name(var) = &value.kind {
                    let module = self.modules.get(var).cloned();
                    if let Some(module) = module {
                        let stored = self.stored.contains(&(var.clone(), attr.id.clone()));
                        if !stored && self.missing_attribute(&module, &attr.id) {
                            let what = Unsupported::ModuleAttribute {
                                module,
                                name: attr.id.clone(),
                            };
                            self.refuse(what, e.span);
                        }
                    }
                }
            }
            ExprKind::Call { .. } => self.builtin_call(e),
            ExprKind::Constant(Constant::Complex(_)) => {
                self.refuse(Unsupported::ComplexNumber, e.span)
            }
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) if self.scope.kind == ScopeKind::Lambda => {
                self.refuse(Unsupported::YieldInLambda, e.span)
            }
            ExprKind::Await(_)
                if matches!(
                    self.scope.kind,
                    ScopeKind::ListComp | ScopeKind::SetComp | ScopeKind::DictComp
                ) =>
            {
                self.refuse(Unsupported::AwaitInComprehension, e.span)
            }
            ExprKind::Lambda { params, body } => {
                self.visit_parameters(params);
                let scope = self.scopes.of_expr(e);
                self.in_scope(scope, |w| w.visit_expr(body));
                return;
            }
            _ => {}
        }
        visit::walk_expr(self, e);
    }

    fn visit_comprehension(&mut self, node: &Expr, elts: &[&Expr], generators: &[Comprehension]) {
        let scope = self.scopes.of_expr(node);
        let is_genexpr = matches!(node.kind, ExprKind::GeneratorExp { .. });
        if is_genexpr && scope.is_some_and(|s| s.is_async) {
            self.refuse(Unsupported::AsyncGeneratorExpression, node.span);
        } else if !is_genexpr && generators.iter().any(|g| g.is_async) {
            self.refuse(Unsupported::AsyncComprehension, node.span);
        }
        // The first iterable is computed outside, in the enclosing scope.
        let Some((first, rest)) = generators.split_first() else {
            return;
        };
        self.visit_expr(&first.iter);
        self.in_scope(scope, |w| {
            w.visit_expr(&first.target);
            for cond in &first.ifs {
                w.visit_expr(cond);
            }
            visit::walk_comprehension(w, node, elts, rest);
        });
    }
}

#[cfg(test)]
mod tests;
