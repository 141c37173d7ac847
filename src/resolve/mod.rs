//! Name resolution and static checks: which `x` is which.
//!
//! Python decides at *compile time* whether a name inside a function is a local variable,
//! a variable of an enclosing function (a closure cell), a module-level global or a
//! builtin. CPython does this in its "symbol table" pass; peel does the same here, so that
//! the CFG can address every local by a numbered slot and nothing is looked up by name
//! while the program runs.
//!
//! The pass works like CPython's `symtable.c`, in two steps:
//!
//! 1. **Collect**: walk the AST once, in source order, opening a new scope for every
//!    `def`, `lambda`, comprehension and generator expression (CPython 3.11 runs each
//!    comprehension as a small function of its own). For each scope record which names are
//!    parameters, which are bound (assigned, imported, `def`-ined, `for` targets, `except
//!    ... as` names, deleted), which are only read, and which are declared `global` or
//!    `nonlocal`. Errors of the symbol-table kind (misplaced `global`/`nonlocal`,
//!    duplicate parameters) are reported on the spot, with CPython's wording.
//! 2. **Analyse**: give every name of every scope its final meaning. A name bound in a
//!    function is a *local*; if an inner function reads it, it becomes a *cell* there and
//!    a *free* variable in the inner function (and in every function in between, which
//!    just passes the cell on). A name that is never bound in any enclosing function is a
//!    *global*, or a *builtin* if the module never binds it and `builtins` has it.
//!
//! Checks that CPython makes later, in its compiler (`'return' outside function`,
//! `'break' outside loop`, `'await' outside async function`, ...), are collected during
//! the same walk and reported after the symbol-table ones, earliest first, so the
//! learner sees the same first error CPython would show.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// An insertion-ordered map hashed with rustc-hash: names are short, and the compiler
/// hashes every one it meets.
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;

use crate::ast::{self, Expr, ExprKind, FunctionDef, Module, Stmt, StmtKind};
use crate::cfg::ir::{GlobalId, ParamSpec, Slot, SlotInfo, SlotKind};
use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// Every public name of CPython 3.11's `builtins` module (`dir(builtins)` without the
/// underscore names). A name that the module never binds and that is in this list
/// resolves to `Builtin` at compile time.
pub const BUILTIN_NAMES: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

/// Whether `name` is one of CPython's builtins.
pub fn is_builtin(name: &str) -> bool {
    BUILTIN_NAMES.contains(&name)
}

/// The module-level names the runtime always sets, with fixed ids: `__name__` is
/// `GlobalId` 0 and `__file__` is `GlobalId` 1.
pub const RUNTIME_GLOBALS: &[&str] = &["__name__", "__file__"];

/// What kind of code a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    /// `def` or `async def`.
    Function,
    Lambda,
    ListComp,
    SetComp,
    DictComp,
    GeneratorExp,
    /// A `class` body: its names are the class's namespace, invisible to the functions
    /// inside it.
    Class,
}

impl ScopeKind {
    pub fn is_comprehension(self) -> bool {
        matches!(
            self,
            ScopeKind::ListComp
                | ScopeKind::SetComp
                | ScopeKind::DictComp
                | ScopeKind::GeneratorExp
        )
    }

    /// The name CPython gives the code object: `<listcomp>`, `<lambda>`...
    fn code_name(self) -> &'static str {
        match self {
            ScopeKind::Module => "<module>",
            ScopeKind::Function => "<function>",
            ScopeKind::Lambda => "<lambda>",
            ScopeKind::ListComp => "<listcomp>",
            ScopeKind::SetComp => "<setcomp>",
            ScopeKind::DictComp => "<dictcomp>",
            ScopeKind::GeneratorExp => "<genexpr>",
            ScopeKind::Class => "<class>",
        }
    }

    fn comprehension_words(self) -> &'static str {
        match self {
            ScopeKind::ListComp => "list comprehension",
            ScopeKind::SetComp => "set comprehension",
            ScopeKind::DictComp => "dict comprehension",
            _ => "generator expression",
        }
    }
}

/// What a name means inside one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRef {
    /// A plain local variable in this slot.
    Local(Slot),
    /// A cell (captured by an inner function) or a free variable (captured from an
    /// enclosing function): the slot holds the shared cell.
    Cell(Slot),
    Global(GlobalId),
    /// A builtin, resolved at compile time (the module never binds the name).
    Builtin,
    /// A name a class body binds: an entry of the class's namespace, read there first
    /// and, while unbound there, as the name would be read without it (CPython's
    /// `LOAD_NAME`).
    Class(ClassFallback),
}

/// Where a class body reads one of its names that its namespace does not hold (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassFallback {
    Global(GlobalId),
    Builtin,
}

/// The resolved scope of one function (or of the module).
#[derive(Debug, Clone)]
pub struct FunctionScope {
    pub kind: ScopeKind,
    /// `f`, `<lambda>`, `<listcomp>`, `<module>`.
    pub name: String,
    /// `outer.<locals>.inner`, as CPython's `__qualname__`.
    pub qualname: String,
    pub span: Span,
    /// Index of the enclosing scope in `Scopes::functions`.
    pub parent: Option<usize>,
    pub is_async: bool,
    /// Contains `yield` / `yield from` (or is a generator expression).
    pub is_generator: bool,
    /// An `async def` of the desugared program (its yields come from its `await`s).
    pub is_coroutine: bool,
    /// Parameters first (posonly, positional, keyword-only, `*args`, `**kwargs`), then the
    /// other locals in order of first appearance, then the free variables.
    pub slots: Vec<SlotInfo>,
    pub params: ParamSpec,
    pub cell_slots: Vec<Slot>,
    pub free_slots: Vec<Slot>,
    /// The names of `free_slots`, in the same order (what the creator's closure passes).
    pub free_names: Vec<String>,
    /// Every name read, bound or declared in this scope, resolved.
    pub names: HashMap<String, NameRef>,
}

impl FunctionScope {
    /// The slot holding the cell of `name` that a function made here captures: a cell or
    /// free variable of this scope (in a class body, also a name the class binds itself
    /// and passes on from an enclosing function).
    pub fn capture_slot_of(&self, name: &str) -> Option<Slot> {
        match self.names.get(name) {
            Some(NameRef::Cell(s)) => Some(*s),
            _ => self
                .free_names
                .iter()
                .position(|n| n == name)
                .map(|i| self.free_slots[i]),
        }
    }

    /// The slot of a local, cell or free variable of this scope.
    pub fn slot_of(&self, name: &str) -> Option<Slot> {
        match self.names.get(name) {
            Some(NameRef::Local(s)) | Some(NameRef::Cell(s)) => Some(*s),
            _ => None,
        }
    }
}

/// The scope of every function: which names are locals (slots), cells, free or global.
#[derive(Debug, Clone, Default)]
pub struct Scopes {
    /// In the order the scopes open in the source; `functions[0]` is the module.
    pub functions: Vec<FunctionScope>,
    /// Names of module-level variables, indexed by `GlobalId` (`__name__`, `__file__`
    /// first).
    pub globals: Vec<String>,
    /// AST node address -> scope index (CPython's symtable keys its entries the same way).
    by_node: HashMap<usize, usize>,
    /// Fallback when the caller hands `cfg::build` a copy of the AST: span and kind.
    by_span: HashMap<(u32, u32, u8), usize>,
    /// The scopes of a desugared program (where `_awaitable` is a builtin).
    pub desugared: bool,
}

impl Scopes {
    /// The scope opened by a `def`.
    pub fn of_def(&self, def: &FunctionDef) -> Option<&FunctionScope> {
        let key = def as *const FunctionDef as usize;
        let index = self
            .by_node
            .get(&key)
            .or_else(|| self.by_span.get(&(def.span.start, def.span.end, 0)))?;
        self.functions.get(*index)
    }

    /// The scope opened by a `class` statement.
    pub fn of_class(&self, def: &ast::ClassDef) -> Option<&FunctionScope> {
        let key = def as *const ast::ClassDef as usize;
        let index = self
            .by_node
            .get(&key)
            .or_else(|| self.by_span.get(&(def.span.start, def.span.end, 2)))?;
        self.functions.get(*index)
    }

    /// The scope opened by a lambda, comprehension or generator expression.
    pub fn of_expr(&self, expr: &Expr) -> Option<&FunctionScope> {
        let key = expr as *const Expr as usize;
        let index = self
            .by_node
            .get(&key)
            .or_else(|| self.by_span.get(&(expr.span.start, expr.span.end, 1)))?;
        self.functions.get(*index)
    }

    pub fn module(&self) -> Option<&FunctionScope> {
        self.functions.first()
    }

    pub fn global_id(&self, name: &str) -> Option<GlobalId> {
        self.globals
            .iter()
            .position(|g| g == name)
            .map(|i| i as GlobalId)
    }
}

/// Static checks with CPython's wording, then name resolution.
pub fn resolve(module: &Module) -> Result<Scopes, Diagnostic> {
    resolve_with(module, None)
}

/// Resolves the desugared program, where every `async def` is a coroutine whose `await`s
/// became `yield from`s: those yields make it a coroutine, not an async generator. The
/// functions at `async_generators` (spans of real async generators in the source) stay
/// async generators. The `def`s the `genexpr` pass made of the generator expressions at
/// `genexprs` (spans in the source) are named `<genexpr>`, as CPython names their code.
pub fn resolve_desugared(
    module: &Module,
    async_generators: &[Span],
    genexprs: &[Span],
) -> Result<Scopes, Diagnostic> {
    resolve_with(module, Some((async_generators, genexprs)))
}

/// The spans of the source's generator expressions (for `resolve_desugared`).
pub fn genexpr_spans(scopes: &Scopes) -> Vec<Span> {
    scopes
        .functions
        .iter()
        .filter(|f| f.kind == ScopeKind::GeneratorExp)
        .map(|f| f.span)
        .collect()
}

/// The builtins (and the desugared programs' `_awaitable`) that the resolved program binds
/// a name of its own to in some scope: a local, a parameter, a module-level variable. The
/// desugar passes reach those through aliases.
pub fn bound_builtins(scopes: &Scopes) -> rustc_hash::FxHashSet<String> {
    scopes
        .functions
        .iter()
        .flat_map(|f| &f.names)
        .filter(|(name, r)| {
            **r != NameRef::Builtin && (is_builtin(name) || crate::desugar::is_helper(name))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// The spans of the `async def`s that are async generators (they `yield`).
pub fn async_generator_spans(scopes: &Scopes) -> Vec<Span> {
    scopes
        .functions
        .iter()
        .filter(|f| f.is_async && f.is_generator && f.kind == ScopeKind::Function)
        .map(|f| f.span)
        .collect()
}

/// CPython's compiler keeps a stack of the blocks a statement is nested in (loops, `try`
/// bodies and handlers, `finally` bodies, `with`) and allows at most 20 of them in one
/// function: the first statement that would be the 21st is `too many statically nested
/// blocks`. An `if` is no such block; a `def` starts a stack of its own. Like CPython's,
/// a handler's body counts two (the handler and its cleanup), and a `finally` body is
/// compiled once as it is and once for the exceptional path, one block deeper.
fn too_deeply_nested(body: &[Stmt], depth: usize) -> Option<Diagnostic> {
    const MAX_BLOCKS: usize = 20;
    let error = |s: &Stmt| {
        Some(Diagnostic::syntax(
            "too many statically nested blocks",
            s.span,
        ))
    };
    for s in body {
        let found = match &s.kind {
            StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                if depth + 1 > MAX_BLOCKS {
                    return error(s);
                }
                too_deeply_nested(body, depth + 1).or_else(|| too_deeply_nested(orelse, depth))
            }
            StmtKind::If { body, orelse, .. } => {
                too_deeply_nested(body, depth).or_else(|| too_deeply_nested(orelse, depth))
            }
            // Like an `if`, a `match` is no block of CPython's.
            StmtKind::Match(m) => m
                .cases
                .iter()
                .find_map(|c| too_deeply_nested(&c.body, depth)),
            StmtKind::With { items, body, .. } => {
                if depth + items.len() > MAX_BLOCKS {
                    return error(s);
                }
                too_deeply_nested(body, depth + items.len())
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                // Inside `try: ... finally:`, the `try: ... except` is one block deeper.
                let d = depth + usize::from(!finalbody.is_empty());
                let handled = if handlers.is_empty() {
                    (d > MAX_BLOCKS)
                        .then(|| error(s))
                        .flatten()
                        .or_else(|| too_deeply_nested(body, d))
                } else if d + 1 > MAX_BLOCKS {
                    error(s)
                } else {
                    too_deeply_nested(body, d + 1)
                        .or_else(|| too_deeply_nested(orelse, d))
                        .or_else(|| (d + 2 > MAX_BLOCKS).then(|| error(s)).flatten())
                        .or_else(|| {
                            handlers
                                .iter()
                                .find_map(|h| too_deeply_nested(&h.body, d + 2))
                        })
                };
                // The deeper of the two copies of the `finally` body.
                handled.or_else(|| too_deeply_nested(finalbody, depth + 1))
            }
            StmtKind::FunctionDef(def) => too_deeply_nested(&def.body, 0),
            StmtKind::ClassDef(def) => too_deeply_nested(&def.body, 0),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn resolve_with(
    module: &Module,
    desugared: Option<(&[Span], &[Span])>,
) -> Result<Scopes, Diagnostic> {
    check_targets_in(&module.body)?;
    let mut collector = Collector::new(module.span);
    collector.desugared = desugared.map(|(gens, _)| gens.to_vec());
    if let Some((_, genexprs)) = desugared {
        collector.genexprs = genexprs.iter().map(|s| (s.start, s.end)).collect();
    }
    collector.block(&module.body)?;
    // `'return' with value in async generator` needs the whole body (a later `yield`).
    let mut late = Vec::new();
    for scope in &collector.scopes {
        if scope.is_generator && !scope.is_coroutine {
            for span in &scope.value_returns {
                late.push(Diagnostic::syntax(
                    "'return' with value in async generator",
                    *span,
                ));
            }
        }
    }
    collector.compile_errors.extend(late);
    if desugared.is_none() {
        // The desugared program nests deeper (a `for` becomes a `while` around a `try`):
        // the limit is the learner's program's.
        collector
            .compile_errors
            .extend(too_deeply_nested(&module.body, 0));
    }
    let compile_error = collector
        .compile_errors
        .iter()
        .min_by_key(|d| d.span.start)
        .cloned();
    let scopes = analyse(collector, &module.temporaries)?;
    match compile_error {
        Some(d) => Err(d),
        None => Ok(scopes),
    }
}

// ---------------------------------------------------------------------------------------
// Step 0: targets the grammar lets through (CPython rejects them in its parser).

fn expr_description(e: &Expr) -> &'static str {
    use ast::Constant as C;
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Constant(C::None) => "None",
        ExprKind::Constant(C::True) => "True",
        ExprKind::Constant(C::False) => "False",
        ExprKind::Constant(C::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// The first sub-target that cannot be stored to (or deleted), if any.
fn invalid_target(e: &Expr, deleting: bool) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().find_map(|i| invalid_target(i, deleting))
        }
        ExprKind::Starred(inner) if !deleting => invalid_target(inner, deleting),
        _ => Some(e),
    }
}

fn is_bitwise_or_level(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::Tuple(_)
            | ExprKind::BoolOp { .. }
            | ExprKind::Compare { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Yield(_)
            | ExprKind::YieldFrom(_)
            | ExprKind::NamedExpr { .. }
            | ExprKind::Starred(_)
    ) && !matches!(
        e.kind,
        ExprKind::UnaryOp {
            op: ast::UnaryOp::Not,
            ..
        }
    )
}

fn check_store(target: &Expr) -> Result<(), Diagnostic> {
    match invalid_target(target, false) {
        Some(bad) => Err(Diagnostic::syntax(
            format!("cannot assign to {}", expr_description(bad)),
            bad.span,
        )),
        None => Ok(()),
    }
}

fn check_targets_in(body: &[Stmt]) -> Result<(), Diagnostic> {
    for stmt in body {
        check_targets(stmt)?;
    }
    Ok(())
}

fn check_targets(stmt: &Stmt) -> Result<(), Diagnostic> {
    match &stmt.kind {
        StmtKind::Assign { targets, value } => {
            for (i, target) in targets.iter().enumerate() {
                if let Some(bad) = invalid_target(target, false) {
                    let plain_single = targets.len() == 1
                        && i == 0
                        && std::ptr::eq(bad, target)
                        && is_bitwise_or_level(value)
                        && !matches!(
                            target.kind,
                            ExprKind::List(_)
                                | ExprKind::Tuple(_)
                                | ExprKind::Constant(ast::Constant::None)
                                | ExprKind::Constant(ast::Constant::True)
                                | ExprKind::Constant(ast::Constant::False)
                        );
                    let what = expr_description(bad);
                    let message = if plain_single {
                        format!(
                            "cannot assign to {what} here. Maybe you meant '==' instead of '='?"
                        )
                    } else {
                        format!("cannot assign to {what}")
                    };
                    return Err(Diagnostic::syntax(message, bad.span));
                }
            }
            Ok(())
        }
        StmtKind::AugAssign { target, .. } => match target.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
            _ => Err(Diagnostic::syntax(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_description(target)
                ),
                target.span,
            )),
        },
        StmtKind::AnnAssign { target, .. } => match target.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
            ExprKind::Tuple(_) => Err(Diagnostic::syntax(
                "only single target (not tuple) can be annotated",
                target.span,
            )),
            ExprKind::List(_) => Err(Diagnostic::syntax(
                "only single target (not list) can be annotated",
                target.span,
            )),
            _ => Err(Diagnostic::syntax(
                "illegal target for annotation",
                target.span,
            )),
        },
        StmtKind::Delete(targets) => {
            for target in targets {
                if let Some(bad) = invalid_target(target, true) {
                    return Err(Diagnostic::syntax(
                        format!("cannot delete {}", expr_description(bad)),
                        bad.span,
                    ));
                }
            }
            Ok(())
        }
        StmtKind::For {
            target,
            body,
            orelse,
            ..
        } => {
            check_store(target)?;
            check_targets_in(body)?;
            check_targets_in(orelse)
        }
        StmtKind::FunctionDef(def) => check_targets_in(&def.body),
        StmtKind::ClassDef(def) => check_targets_in(&def.body),
        StmtKind::While { body, orelse, .. } | StmtKind::If { body, orelse, .. } => {
            check_targets_in(body)?;
            check_targets_in(orelse)
        }
        StmtKind::With { items, body, .. } => {
            for item in items {
                if let Some(target) = &item.target {
                    check_store(target)?;
                }
            }
            check_targets_in(body)
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            check_targets_in(body)?;
            for h in handlers {
                check_targets_in(&h.body)?;
            }
            check_targets_in(orelse)?;
            check_targets_in(finalbody)
        }
        StmtKind::Match(m) => m.cases.iter().try_for_each(|c| check_targets_in(&c.body)),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------
// Step 1: collect.

const PARAM: u8 = 1;
/// Bound in this scope (assigned, deleted, imported, defined, iterated over...).
const BOUND: u8 = 2;
const USED: u8 = 4;
const GLOBAL: u8 = 8;
const NONLOCAL: u8 = 16;
/// Bound by `:=` inside a comprehension: the binding belongs to the enclosing function
/// (CPython treats it as an implicit `nonlocal`, or `global` at module level).
const WALRUS: u8 = 32;

struct RawScope {
    kind: ScopeKind,
    name: String,
    qualname: String,
    span: Span,
    parent: Option<usize>,
    is_async: bool,
    is_generator: bool,
    /// A comprehension that contains `await` or `async for`.
    comp_is_async: bool,
    params: Vec<String>,
    spec: ParamSpec,
    symbols: IndexMap<String, u8>,
    /// `global` and `nonlocal` statements: (name, span of the statement), in order.
    directives: Vec<(String, Span)>,
    /// Iteration variables of a comprehension (`:=` may not rebind them).
    comp_targets: HashSet<String>,
    loop_depth: u32,
    /// `return value` statements of an `async def` (an error if it turns out to yield).
    value_returns: Vec<Span>,
    /// An `async def` of the desugared program: its yields are its awaits.
    is_coroutine: bool,
}

impl RawScope {
    /// Where the `global`/`nonlocal` statement naming `name` is (errors are reported
    /// there, like CPython), or the scope itself.
    fn directive_span(&self, name: &str) -> Span {
        self.directives
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
            .unwrap_or(self.span)
    }
}

struct Collector {
    scopes: Vec<RawScope>,
    current: usize,
    by_node: HashMap<usize, usize>,
    by_span: HashMap<(u32, u32, u8), usize>,
    compile_errors: Vec<Diagnostic>,
    /// Resolving the desugared program: the async generators of the source, by span.
    desugared: Option<Vec<Span>>,
    /// Resolving the desugared program: the source's generator expressions, by span.
    genexprs: HashSet<(u32, u32)>,
}

impl Collector {
    fn new(span: Span) -> Collector {
        let module = RawScope {
            kind: ScopeKind::Module,
            name: "<module>".into(),
            qualname: "<module>".into(),
            span,
            parent: None,
            is_async: false,
            is_generator: false,
            comp_is_async: false,
            params: Vec::new(),
            spec: ParamSpec::default(),
            symbols: IndexMap::default(),
            directives: Vec::new(),
            comp_targets: HashSet::default(),
            loop_depth: 0,
            value_returns: Vec::new(),
            is_coroutine: false,
        };
        Collector {
            desugared: None,
            genexprs: HashSet::default(),
            scopes: vec![module],
            current: 0,
            by_node: HashMap::default(),
            by_span: HashMap::default(),
            compile_errors: Vec::new(),
        }
    }

    fn scope(&mut self) -> &mut RawScope {
        &mut self.scopes[self.current]
    }

    fn kind(&self) -> ScopeKind {
        self.scopes[self.current].kind
    }

    fn add(&mut self, name: &str, flag: u8) {
        // Most mentions are of a name the scope has already: no copy of it for those.
        let symbols = &mut self.scope().symbols;
        match symbols.get_mut(name) {
            Some(flags) => *flags |= flag,
            None => {
                symbols.insert(name.to_string(), flag);
            }
        }
    }

    fn error(&mut self, message: impl Into<String>, span: Span) {
        self.compile_errors.push(Diagnostic::syntax(message, span));
    }

    /// Opens a new scope as a child of the current one and returns the old current scope.
    fn open(&mut self, kind: ScopeKind, name: &str, span: Span, node: usize, tag: u8) -> usize {
        let parent = self.current;
        let p = &self.scopes[parent];
        // CPython adds `.<locals>` after a function or lambda only: code inside a
        // comprehension or generator expression is `f.<locals>.<listcomp>.<lambda>`.
        let qualname = if p.kind == ScopeKind::Module {
            name.to_string()
        } else if p.kind == ScopeKind::Class
            || p.kind.is_comprehension()
            || p.qualname.ends_with(ScopeKind::GeneratorExp.code_name())
        {
            format!("{}.{}", p.qualname, name)
        } else {
            format!("{}.<locals>.{}", p.qualname, name)
        };
        let index = self.scopes.len();
        self.scopes.push(RawScope {
            kind,
            name: name.to_string(),
            qualname,
            span,
            parent: Some(parent),
            is_async: false,
            is_generator: kind == ScopeKind::GeneratorExp,
            comp_is_async: false,
            params: Vec::new(),
            spec: ParamSpec::default(),
            symbols: IndexMap::default(),
            directives: Vec::new(),
            comp_targets: HashSet::default(),
            loop_depth: 0,
            value_returns: Vec::new(),
            is_coroutine: false,
        });
        self.by_node.insert(node, index);
        self.by_span
            .entry((span.start, span.end, tag))
            .or_insert(index);
        self.current = index;
        parent
    }

    fn param(&mut self, name: &ast::Name) -> Result<(), Diagnostic> {
        let scope = self.scope();
        if scope.params.iter().any(|p| p == &name.id) {
            return Err(Diagnostic::syntax(
                format!("duplicate argument '{}' in function definition", name.id),
                name.span,
            ));
        }
        scope.params.push(name.id.clone());
        *scope.symbols.entry(name.id.clone()).or_insert(0) |= PARAM;
        Ok(())
    }

    fn params(&mut self, params: &ast::Parameters) -> Result<(), Diagnostic> {
        for p in &params.posonly {
            self.param(&p.name)?;
        }
        for p in &params.args {
            self.param(&p.name)?;
        }
        for p in &params.kwonly {
            self.param(&p.name)?;
        }
        let mut spec = ParamSpec {
            posonly: params.posonly.len() as u32,
            positional: params.args.len() as u32,
            kwonly: params.kwonly.len() as u32,
            vararg: None,
            kwarg: None,
            n_defaults: params
                .posonly
                .iter()
                .chain(&params.args)
                .filter(|p| p.default.is_some())
                .count() as u32,
        };
        if let Some(p) = &params.vararg {
            spec.vararg = Some(self.scope().params.len() as Slot);
            self.param(&p.name)?;
        }
        if let Some(p) = &params.kwarg {
            spec.kwarg = Some(self.scope().params.len() as Slot);
            self.param(&p.name)?;
        }
        self.scope().spec = spec;
        Ok(())
    }

    /// Default values are evaluated where the function is defined.
    fn defaults(&mut self, params: &ast::Parameters) -> Result<(), Diagnostic> {
        for p in params.posonly.iter().chain(&params.args) {
            if let Some(d) = &p.default {
                self.expr(d)?;
            }
        }
        for p in &params.kwonly {
            if let Some(d) = &p.default {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    fn block(&mut self, body: &[Stmt]) -> Result<(), Diagnostic> {
        for stmt in body {
            self.stmt(stmt)?;
        }
        Ok(())
    }

    /// `global x` / `nonlocal x`: the declaration must come before any other use of the name
    /// in this scope, with CPython's message for each way it can come too late.
    fn declare(
        &mut self,
        n: &crate::ast::Name,
        word: &str,
        flag: u8,
        span: Span,
    ) -> Result<(), Diagnostic> {
        let flags = self.scopes[self.current]
            .symbols
            .get(&n.id)
            .copied()
            .unwrap_or(0);
        if flags & (PARAM | BOUND | USED) != 0 {
            let message = if flags & PARAM != 0 {
                format!("name '{}' is parameter and {word}", n.id)
            } else if flags & USED != 0 {
                format!("name '{}' is used prior to {word} declaration", n.id)
            } else {
                format!("name '{}' is assigned to before {word} declaration", n.id)
            };
            return Err(Diagnostic::syntax(message, span));
        }
        self.add(&n.id, flag);
        self.scope().directives.push((n.id.clone(), span));
        Ok(())
    }

    /// Inside a function (a class body is not one: `return` there is an error).
    fn in_function(&self) -> bool {
        !matches!(self.kind(), ScopeKind::Module | ScopeKind::Class)
    }

    fn stmt(&mut self, stmt: &Stmt) -> Result<(), Diagnostic> {
        match &stmt.kind {
            StmtKind::FunctionDef(def) => {
                for d in &def.decorators {
                    self.expr(d)?;
                }
                self.defaults(&def.params)?;
                self.add(&def.name.id, BOUND);
                let node = &**def as *const FunctionDef as usize;
                let parent = self.open(ScopeKind::Function, &def.name.id, def.span, node, 0);
                if self.genexprs.contains(&(def.span.start, def.span.end))
                    && def.name.id.starts_with("_genexpr")
                {
                    // The `genexpr` pass's function keeps its name (`_genexpr_2`) in the
                    // printed stages; its code is CPython's `<genexpr>` (`__qualname__`,
                    // and `__name__`, the qualname's last part: see `runtime::interp`).
                    let q = &mut self.scope().qualname;
                    let outer = q.len() - def.name.id.len();
                    q.replace_range(outer.., ScopeKind::GeneratorExp.code_name());
                }
                self.scope().is_async = def.is_async;
                let coroutine = def.is_async
                    && self
                        .desugared
                        .as_ref()
                        .is_some_and(|gens| !gens.contains(&def.span));
                self.scope().is_coroutine = coroutine;
                self.params(&def.params)?;
                self.block(&def.body)?;
                self.current = parent;
            }
            StmtKind::ClassDef(def) => {
                for d in &def.decorators {
                    self.expr(d)?;
                }
                for a in &def.bases {
                    match a {
                        ast::Arg::Positional(x) | ast::Arg::Starred(x) => self.expr(x)?,
                    }
                }
                for k in &def.keywords {
                    self.expr(&k.value)?;
                }
                self.add(&def.name.id, BOUND);
                let node = &**def as *const ast::ClassDef as usize;
                let parent = self.open(ScopeKind::Class, &def.name.id, def.span, node, 2);
                // The body's one parameter is the namespace `__build_class__` hands it,
                // which holds `__module__` and `__qualname__` from the start.
                self.scope().params.push(".ns".into());
                self.scope().spec.positional = 1;
                self.add("__module__", BOUND);
                self.add("__qualname__", BOUND);
                self.block(&def.body)?;
                self.current = parent;
            }
            StmtKind::Return(value) => {
                if !self.in_function() {
                    self.error("'return' outside function", stmt.span);
                }
                if let Some(v) = value {
                    self.expr(v)?;
                    let s = &self.scopes[self.current];
                    if s.is_async && s.kind == ScopeKind::Function {
                        // Checked once the whole body is known (a later `yield` counts).
                        self.scopes[self.current].value_returns.push(stmt.span);
                    }
                }
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.target(t)?;
                }
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for t in targets {
                    self.check_starred_target(t);
                    self.target(t)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target)?;
                if let ExprKind::Name(n) = &target.kind {
                    self.add(n, USED);
                }
                self.expr(value)?;
            }
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.target(target)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async && !self.scopes[self.current].is_async {
                    self.error("'async for' outside async function", stmt.span);
                }
                self.expr(iter)?;
                self.check_starred_target(target);
                self.target(target)?;
                self.loop_body(body)?;
                self.block(orelse)?;
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.loop_body(body)?;
                self.block(orelse)?;
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.block(body)?;
                self.block(orelse)?;
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async && !self.scopes[self.current].is_async {
                    self.error("'async with' outside async function", stmt.span);
                }
                for item in items {
                    self.expr(&item.context)?;
                    if let Some(t) = &item.target {
                        self.target(t)?;
                    }
                }
                self.block(body)?;
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e)?;
                }
                if let Some(c) = cause {
                    self.expr(c)?;
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.block(body)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t)?;
                    }
                    if let Some(n) = &h.name {
                        self.add(&n.id, BOUND);
                    }
                    self.block(&h.body)?;
                }
                self.block(orelse)?;
                self.block(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    match &a.asname {
                        Some(n) => self.add(&n.id, BOUND),
                        None => {
                            let first = a.name.split('.').next().unwrap_or(&a.name).to_string();
                            self.add(&first, BOUND);
                        }
                    }
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    let bound = a
                        .asname
                        .as_ref()
                        .map(|n| n.id.clone())
                        .unwrap_or(a.name.clone());
                    self.add(&bound, BOUND);
                }
            }
            StmtKind::Global(names) => {
                for n in names {
                    self.declare(n, "global", GLOBAL, stmt.span)?;
                }
            }
            StmtKind::Nonlocal(names) => {
                for n in names {
                    if self.kind() == ScopeKind::Module {
                        return Err(Diagnostic::syntax(
                            "nonlocal declaration not allowed at module level",
                            stmt.span,
                        ));
                    }
                    self.declare(n, "nonlocal", NONLOCAL, stmt.span)?;
                }
            }
            StmtKind::Expr(e) => {
                if let ExprKind::Starred(_) = e.kind {
                    self.error("can't use starred expression here", e.span);
                }
                self.expr(e)?;
            }
            StmtKind::Match(m) => {
                self.expr(&m.subject)?;
                for case in &m.cases {
                    self.pattern(&case.pattern)?;
                    if let Some(g) = &case.guard {
                        self.expr(g)?;
                    }
                    self.block(&case.body)?;
                }
                self.compile_errors.extend(patterns::check(m));
            }
            StmtKind::Pass => {}
            StmtKind::Break => {
                if self.scopes[self.current].loop_depth == 0 {
                    self.error("'break' outside loop", stmt.span);
                }
            }
            StmtKind::Continue => {
                if self.scopes[self.current].loop_depth == 0 {
                    self.error("'continue' not properly in loop", stmt.span);
                }
            }
        }
        Ok(())
    }

    /// Is the current scope a function nested (at any depth) in a class body?
    fn in_class_function(&self) -> bool {
        let mut index = self.current;
        if !matches!(
            self.scopes[index].kind,
            ScopeKind::Function | ScopeKind::Lambda
        ) && !self.scopes[index].kind.is_comprehension()
        {
            return false;
        }
        while let Some(p) = self.scopes[index].parent {
            if self.scopes[p].kind == ScopeKind::Class {
                return true;
            }
            index = p;
        }
        false
    }

    /// A `case` pattern: its values, keys and classes are read; its captures (`x`, `*rest`,
    /// `**rest`, `as x`) bind names in the scope the `match` is in.
    fn pattern(&mut self, p: &ast::Pattern) -> Result<(), Diagnostic> {
        use ast::PatternKind as P;
        match &p.kind {
            P::Value(e) => self.expr(e)?,
            P::Mapping { keys, .. } => keys.iter().try_for_each(|k| self.expr(k))?,
            P::Class { cls, .. } => self.expr(cls)?,
            _ => {}
        }
        for c in p.children() {
            self.pattern(c)?;
        }
        match &p.kind {
            P::Star(Some(n)) | P::As { name: Some(n), .. } | P::Mapping { rest: Some(n), .. } => {
                self.add(&n.id, BOUND)
            }
            _ => {}
        }
        Ok(())
    }

    fn loop_body(&mut self, body: &[Stmt]) -> Result<(), Diagnostic> {
        self.scope().loop_depth += 1;
        let result = self.block(body);
        self.scope().loop_depth -= 1;
        result
    }

    /// CPython's compiler rejects `*a = ...` and `a, *b, *c = ...`.
    fn check_starred_target(&mut self, target: &Expr) {
        match &target.kind {
            ExprKind::Starred(_) => self.error(
                "starred assignment target must be in a list or tuple",
                target.span,
            ),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let stars = items
                    .iter()
                    .filter(|i| matches!(i.kind, ExprKind::Starred(_)))
                    .count();
                if stars > 1 {
                    self.error("multiple starred expressions in assignment", target.span);
                }
                for item in items {
                    match &item.kind {
                        ExprKind::Starred(inner) => self.check_starred_target_inner(inner),
                        _ => self.check_starred_target_inner(item),
                    }
                }
            }
            _ => {}
        }
    }

    fn check_starred_target_inner(&mut self, target: &Expr) {
        if let ExprKind::Tuple(_) | ExprKind::List(_) | ExprKind::Starred(_) = target.kind {
            self.check_starred_target(target);
        }
    }

    /// A store (or delete) target.
    fn target(&mut self, target: &Expr) -> Result<(), Diagnostic> {
        match &target.kind {
            ExprKind::Name(n) => {
                self.add(n, BOUND);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.target(i)?;
                }
                Ok(())
            }
            ExprKind::Starred(inner) => self.target(inner),
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)
            }
            _ => self.expr(target),
        }
    }

    fn elements(&mut self, items: &[Expr]) -> Result<(), Diagnostic> {
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => self.expr(inner)?,
                _ => self.expr(item)?,
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), Diagnostic> {
        match &e.kind {
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v)?;
                }
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                if let ExprKind::Name(n) = &target.kind {
                    self.named_expr_target(n, target.span)?;
                } else {
                    self.target(target)?;
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { params, body } => {
                self.defaults(params)?;
                let node = e as *const Expr as usize;
                let parent = self.open(ScopeKind::Lambda, "<lambda>", e.span, node, 1);
                self.params(params)?;
                self.expr(body)?;
                self.current = parent;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { items } => {
                for item in items {
                    match item {
                        ast::DictItem::Pair(k, v) => {
                            self.expr(k)?;
                            self.expr(v)?;
                        }
                        ast::DictItem::Unpack(v) => self.expr(v)?,
                    }
                }
            }
            ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
                self.elements(items)?
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, ScopeKind::ListComp, generators, &[elt])?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, ScopeKind::SetComp, generators, &[elt])?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, ScopeKind::GeneratorExp, generators, &[elt])?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, ScopeKind::DictComp, generators, &[key, value])?,
            ExprKind::Await(value) => {
                self.expr(value)?;
                let s = &self.scopes[self.current];
                if matches!(s.kind, ScopeKind::Module | ScopeKind::Class) {
                    self.error("'await' outside function", e.span);
                } else if s.kind.is_comprehension() {
                    self.scope().comp_is_async = true;
                } else if !s.is_async {
                    self.error("'await' outside async function", e.span);
                }
            }
            ExprKind::Yield(value) => {
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.yield_here(e.span, false)?;
            }
            ExprKind::YieldFrom(value) => {
                self.expr(value)?;
                self.yield_here(e.span, true)?;
            }
            ExprKind::Compare { left, ops } => {
                self.expr(left)?;
                for (_, right) in ops {
                    self.expr(right)?;
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                for a in args {
                    match a {
                        ast::Arg::Positional(x) | ast::Arg::Starred(x) => self.expr(x)?,
                    }
                }
                for k in keywords {
                    self.expr(&k.value)?;
                }
            }
            ExprKind::FString(parts) => self.fstring(parts)?,
            ExprKind::Constant(_) => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
            }
            ExprKind::Starred(inner) => {
                self.error("can't use starred expression here", e.span);
                self.expr(inner)?;
            }
            ExprKind::Name(n) => {
                self.add(n, USED);
                // Zero-argument `super()` finds its class through an implicit cell named
                // `__class__` that the class body makes (CPython's symtable does the same).
                if (n == "super" || n == "__class__") && self.in_class_function() {
                    self.add("__class__", USED);
                }
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.expr(part)?;
                }
            }
        }
        Ok(())
    }

    fn fstring(&mut self, parts: &[ast::FStringPart]) -> Result<(), Diagnostic> {
        for part in parts {
            if let ast::FStringPart::Value { expr, spec, .. } = part {
                self.expr(expr)?;
                self.fstring(spec)?;
            }
        }
        Ok(())
    }

    fn yield_here(&mut self, span: Span, from: bool) -> Result<(), Diagnostic> {
        let kind = self.kind();
        if kind.is_comprehension() {
            return Err(Diagnostic::syntax(
                format!("'yield' inside {}", kind.comprehension_words()),
                span,
            ));
        }
        if matches!(kind, ScopeKind::Module | ScopeKind::Class) {
            self.error("'yield' outside function", span);
            return Ok(());
        }
        if from && self.scopes[self.current].is_async && !self.scopes[self.current].is_coroutine {
            self.error("'yield from' inside async function", span);
        }
        self.scope().is_generator = true;
        Ok(())
    }

    /// `(x := v)`: inside a comprehension the binding goes to the nearest enclosing
    /// function (or the module), as PEP 572 says.
    fn named_expr_target(&mut self, name: &str, span: Span) -> Result<(), Diagnostic> {
        if !self.kind().is_comprehension() {
            self.add(name, BOUND);
            return Ok(());
        }
        let mut index = self.current;
        loop {
            let s = &self.scopes[index];
            if !s.kind.is_comprehension() {
                break;
            }
            if s.comp_targets.contains(name) {
                return Err(Diagnostic::syntax(
                    format!(
                        "assignment expression cannot rebind comprehension iteration variable '{name}'"
                    ),
                    span,
                ));
            }
            match s.parent {
                Some(p) => index = p,
                None => break,
            }
        }
        let mut outer = self.current;
        while self.scopes[outer].kind.is_comprehension() {
            match self.scopes[outer].parent {
                Some(p) => outer = p,
                None => break,
            }
        }
        if outer != self.current && self.scopes[outer].kind == ScopeKind::Class {
            return Err(Diagnostic::syntax(
                "assignment expression within a comprehension cannot be used in a class body",
                span,
            ));
        }
        let mut index = self.current;
        while self.scopes[index].kind.is_comprehension() {
            *self.scopes[index]
                .symbols
                .entry(name.to_string())
                .or_insert(0) |= WALRUS;
            match self.scopes[index].parent {
                Some(p) => index = p,
                None => break,
            }
        }
        *self.scopes[index]
            .symbols
            .entry(name.to_string())
            .or_insert(0) |= BOUND;
        Ok(())
    }

    fn comp_target(&mut self, target: &Expr) -> Result<(), Diagnostic> {
        let mut names = Vec::new();
        target_names(target, &mut names);
        for n in names {
            self.scope().comp_targets.insert(n);
        }
        self.target(target)
    }

    fn comprehension(
        &mut self,
        node: &Expr,
        kind: ScopeKind,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
    ) -> Result<(), Diagnostic> {
        let Some(first) = generators.first() else {
            return Ok(());
        };
        // The outermost iterable is evaluated in the enclosing scope.
        self.expr(&first.iter)?;
        let enclosing = &self.scopes[self.current];
        let enclosing_ok = enclosing.is_async || enclosing.kind.is_comprehension();
        let parent = self.open(
            kind,
            kind.code_name(),
            node.span,
            node as *const Expr as usize,
            1,
        );
        self.scope().params.push(".0".into());
        self.scope().spec.positional = 1;
        for (i, generator) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&generator.iter)?;
            }
            if generator.is_async {
                self.scope().comp_is_async = true;
            }
            self.comp_target(&generator.target)?;
            for cond in &generator.ifs {
                self.expr(cond)?;
            }
        }
        for elt in elts {
            self.expr(elt)?;
        }
        let is_async = self.scope().comp_is_async;
        if kind == ScopeKind::GeneratorExp {
            self.scope().is_async = is_async;
        }
        self.current = parent;
        if is_async && kind != ScopeKind::GeneratorExp && self.kind().is_comprehension() {
            // An async comprehension makes the comprehension around it async too.
            self.scope().comp_is_async = true;
        }
        if is_async && kind != ScopeKind::GeneratorExp && !enclosing_ok {
            self.error(
                "asynchronous comprehension outside of an asynchronous function",
                node.span,
            );
        }
        Ok(())
    }
}

/// Names bound by a target, in order.
fn target_names(target: &Expr, out: &mut Vec<String>) {
    match &target.kind {
        ExprKind::Name(n) => out.push(n.clone()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            for i in items {
                target_names(i, out);
            }
        }
        ExprKind::Starred(inner) => target_names(inner, out),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Step 2: analyse.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Local,
    Cell,
    Free,
    Global,
}

/// `temporaries`: the desugarer's names, whose slots are `on_stack`.
fn analyse(collector: Collector, temporaries: &HashSet<String>) -> Result<Scopes, Diagnostic> {
    let Collector {
        scopes: raw,
        by_node,
        by_span,
        desugared,
        ..
    } = collector;
    let desugared = desugared.is_some();

    // Names bound at module level, including by `global x` in a function.
    let mut module_bound: HashSet<String> = HashSet::default();
    for (i, s) in raw.iter().enumerate() {
        for (name, flags) in &s.symbols {
            let module_binding = if i == 0 {
                flags & BOUND != 0
            } else {
                flags & GLOBAL != 0 && flags & BOUND != 0
            };
            if module_binding {
                module_bound.insert(name.clone());
            }
        }
    }
    // Walrus bindings in module-level comprehensions bind module names.
    for (name, flags) in &raw[0].symbols {
        if flags & BOUND != 0 {
            module_bound.insert(name.clone());
        }
    }

    let mut classes: Vec<IndexMap<String, Class>> = vec![IndexMap::default(); raw.len()];
    // Free names in order of discovery, per scope.
    let mut frees: Vec<Vec<String>> = vec![Vec::new(); raw.len()];

    // Own bindings first, so that children can find them.
    for (i, s) in raw.iter().enumerate() {
        for (name, &flags) in &s.symbols {
            let class = if i == 0 || flags & GLOBAL != 0 {
                Class::Global
            } else if flags & (NONLOCAL | WALRUS) != 0 {
                Class::Free // settled below
            } else if flags & (PARAM | BOUND) != 0 {
                Class::Local
            } else {
                Class::Global // only read: settled below
            };
            classes[i].insert(name.clone(), class);
        }
    }

    // Does scope `i` bind `name` itself (so an inner function can capture it)?
    let binds = |i: usize, name: &str| -> Option<bool> {
        if raw[i].kind == ScopeKind::Class {
            // A class body's names are not visible to the functions inside it; only its
            // implicit `__class__` cell is (what zero-argument `super()` reads).
            return (name == "__class__").then_some(true);
        }
        let flags = *raw[i].symbols.get(name)?;
        if flags & GLOBAL != 0 {
            return Some(false); // stops the search: the name is global from here out
        }
        if flags & (NONLOCAL | WALRUS) != 0 {
            return None; // passes through
        }
        if flags & (PARAM | BOUND) != 0 {
            return Some(true);
        }
        None
    };

    for i in 1..raw.len() {
        let names: Vec<(String, u8)> = raw[i]
            .symbols
            .iter()
            .map(|(n, f)| (n.clone(), *f))
            .collect();
        for (name, flags) in names {
            if flags & GLOBAL != 0 && flags & NONLOCAL != 0 {
                // Reported, like CPython, at the first declaration of the name.
                let span = raw[i].directive_span(&name);
                return Err(Diagnostic::syntax(
                    format!("name '{name}' is nonlocal and global"),
                    span,
                ));
            }
            let explicit = flags & NONLOCAL != 0;
            let walrus = flags & WALRUS != 0 && flags & BOUND == 0;
            let needs_lookup =
                explicit || walrus || (flags & (PARAM | BOUND | GLOBAL) == 0 && flags & USED != 0);
            if !needs_lookup || flags & GLOBAL != 0 {
                continue;
            }
            // Walk the enclosing *function* scopes.
            let mut found = None;
            let mut path = Vec::new();
            let mut p = raw[i].parent;
            while let Some(a) = p {
                if a == 0 {
                    break;
                }
                match binds(a, &name) {
                    Some(true) => {
                        found = Some(a);
                        break;
                    }
                    Some(false) => break,
                    None => path.push(a),
                }
                p = raw[a].parent;
            }
            match found {
                Some(owner) => {
                    classes[owner].insert(name.clone(), Class::Cell);
                    // Free in every function between the owner and this one, and here.
                    for &a in path.iter().chain([&i]) {
                        // A class body passes the cell on but keeps its own binding of
                        // the name (a namespace entry) as it is.
                        let own = classes[a].get(&name) == Some(&Class::Local);
                        if !(raw[a].kind == ScopeKind::Class && own) {
                            classes[a].insert(name.clone(), Class::Free);
                        }
                        if !frees[a].contains(&name) {
                            frees[a].push(name.clone());
                        }
                    }
                }
                None if explicit => {
                    let span = raw[i].directive_span(&name);
                    return Err(Diagnostic::syntax(
                        format!("no binding for nonlocal '{name}' found"),
                        span,
                    ));
                }
                None => {
                    classes[i].insert(name.clone(), Class::Global);
                }
            }
        }
    }

    // The global table: the runtime's names first, then every global in order of use.
    let mut globals: Vec<String> = RUNTIME_GLOBALS.iter().map(|s| s.to_string()).collect();
    let mut global_index: HashMap<String, GlobalId> = globals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.clone(), i as GlobalId))
        .collect();
    let mut global_ref = |name: &str| -> NameRef {
        let helper = desugared && crate::desugar::is_helper(name);
        if !module_bound.contains(name)
            && (is_builtin(name) || helper)
            && !RUNTIME_GLOBALS.contains(&name)
        {
            return NameRef::Builtin;
        }
        if let Some(&id) = global_index.get(name) {
            return NameRef::Global(id);
        }
        let id = globals.len() as GlobalId;
        globals.push(name.to_string());
        global_index.insert(name.to_string(), id);
        NameRef::Global(id)
    };

    let mut functions = Vec::with_capacity(raw.len());
    for (i, s) in raw.into_iter().enumerate() {
        let mut slots: Vec<SlotInfo> = Vec::new();
        let mut names: HashMap<String, NameRef> = HashMap::default();
        let mut cell_slots = Vec::new();
        let class_of = |n: &str| classes[i].get(n).copied().unwrap_or(Class::Global);
        for p in &s.params {
            let slot = slots.len() as Slot;
            let is_cell = class_of(p) == Class::Cell;
            let kind = if is_cell {
                SlotKind::Cell
            } else if p == ".0" || p == ".ns" {
                SlotKind::Temp
            } else {
                SlotKind::Local
            };
            let name = match p.as_str() {
                ".0" => "$iter".to_string(),
                ".ns" => "$namespace".to_string(),
                _ => p.clone(),
            };
            slots.push(SlotInfo {
                name,
                kind,
                on_stack: false,
            });
            if is_cell {
                cell_slots.push(slot);
                names.insert(p.clone(), NameRef::Cell(slot));
            } else {
                names.insert(p.clone(), NameRef::Local(slot));
            }
        }
        let is_class = s.kind == ScopeKind::Class;
        for (name, class) in &classes[i] {
            if names.contains_key(name) {
                continue;
            }
            match class {
                Class::Local if is_class => {
                    // Only a name the body reads needs somewhere to fall back to.
                    let read = s.symbols.get(name).is_some_and(|f| f & USED != 0);
                    let fallback = match read.then(|| global_ref(name)) {
                        Some(NameRef::Global(g)) => ClassFallback::Global(g),
                        _ => ClassFallback::Builtin,
                    };
                    names.insert(name.clone(), NameRef::Class(fallback));
                }
                Class::Local | Class::Cell if i != 0 => {
                    let slot = slots.len() as Slot;
                    if *class == Class::Cell {
                        slots.push(SlotInfo {
                            name: name.clone(),
                            kind: SlotKind::Cell,
                            on_stack: false,
                        });
                        cell_slots.push(slot);
                        names.insert(name.clone(), NameRef::Cell(slot));
                    } else {
                        slots.push(SlotInfo {
                            name: name.clone(),
                            kind: SlotKind::Local,
                            on_stack: temporaries.contains(name),
                        });
                        names.insert(name.clone(), NameRef::Local(slot));
                    }
                }
                Class::Free => {}
                _ => {
                    names.insert(name.clone(), global_ref(name));
                }
            }
        }
        let mut free_slots = Vec::new();
        for name in &frees[i] {
            let slot = slots.len() as Slot;
            slots.push(SlotInfo {
                name: name.clone(),
                kind: SlotKind::Free,
                on_stack: false,
            });
            free_slots.push(slot);
            names.entry(name.clone()).or_insert(NameRef::Cell(slot));
        }
        functions.push(FunctionScope {
            kind: s.kind,
            name: s.name,
            qualname: s.qualname,
            span: s.span,
            parent: s.parent,
            is_async: s.is_async,
            is_generator: s.is_generator,
            is_coroutine: s.is_coroutine,
            slots,
            params: s.spec,
            cell_slots,
            free_slots,
            free_names: frees[i].clone(),
            names,
        });
    }
    Ok(Scopes {
        functions,
        globals,
        by_node,
        by_span,
        desugared,
    })
}

mod patterns;

#[cfg(test)]
mod tests;
