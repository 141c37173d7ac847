//! The control-flow-graph IR: every function as a list of basic blocks.
//!
//! A basic block is a run of statements that always execute together, ended by one
//! *terminator* that says where control goes next (jump, branch, return, raise, yield...).
//! Expressions inside a statement are still trees, because evaluating an expression never
//! suspends: the desugar stage spills every `yield` into a statement of its own, so a
//! suspension point is always a block's terminator. That is what makes the later
//! state-machine stage simple: each `Yield` terminator becomes one state, and the state
//! machine resumes by jumping to the block the terminator names.
//!
//! Names are already resolved here: a local variable is a numbered `Slot` of its function's
//! frame, a global is an index into the module's global table, a builtin is an
//! `ExprKind::Builtin` holding its name.
//! Nothing looks a local up by name while the program runs. Each slot still remembers the
//! learner's name so printers and tracebacks can use it.
//!
//! Exceptions follow the design of regenerator and TypeScript's generator lowering: each
//! block names the handler block an exception raised inside it jumps to (`Block::handler`),
//! and `finally` blocks run with a *completion record* in a slot (normal, return, jump,
//! raise) that `EndFinally` replays when the finally block ends.
//!
//! # Conventions of `cfg::build` (what every program in this IR looks like)
//!
//! - `__name__` is `GlobalId` 0 and `__file__` is `GlobalId` 1 in every program.
//! - Slots: parameters first (positional-only, positional, keyword-only, then `*args`,
//!   then `**kwargs`), then the other locals and cells, then free variables, then
//!   temporaries, whose names start with `$`.
//! - A `for` loop that reaches `cfg::build` (a comprehension's): `$iter_x = Iter(e)`, then
//!   a header block ending in `ForNext`. The item goes straight into the loop variable when
//!   that is a plain name; otherwise into a `$item` temporary that the body's first
//!   statement stores into the real target.
//! - A desugared `for` (`while True: try: x = next(it) except StopIteration: break`) is a
//!   `ForNext` too. Its iterator and item are `Place`s: local slots, or globals where the
//!   desugared variables are globals (a module-level loop, a loop variable declared
//!   `global`).
//! - The desugared delegation of a `yield from` or `await` (its first `next(d)` and its
//!   `next(d)`-or-`d.send(s)` under `except StopIteration as e: r = e.value`) is a `Send`
//!   terminator, as the `for` fetch is a `ForNext`.
//! - The desugarer's aliases of rebound builtins (`_builtin_next = next`, zero-width
//!   statements first in the module) are read as the builtins: `Builtin("next")`.
//! - A comprehension or generator expression is a function of one parameter, the `Temp`
//!   slot 0 named `$iter`, which already holds an iterator: the caller evaluates the
//!   outermost iterable and passes `Iter(...)` of it, as CPython passes `.0`.
//! - `except E as e`: the handler's body starts with `EnterExcept($exc)` and `e = $exc`;
//!   every way out of the body runs `ExitExcept($exc)` (which also lets `$exc` go, as
//!   CPython's `POP_EXCEPT` drops the exception), `e = None` and `del e`, and an exception
//!   escaping the body passes through a block that unbinds `e` before re-raising.
//! - `SetCompletion` evaluates a `Return` record's expression when it runs: the record
//!   holds a value, not an expression to evaluate later.
//! - Blocks are numbered in source order; `blocks[0]` is the entry; unreachable blocks
//!   are removed. `cfg::validate` checks the invariants.

use crate::span::Span;

/// Index of a local variable (or compiler temporary) in a function's frame.
pub type Slot = u32;
/// Index of a block in `Function::blocks`.
pub type BlockId = u32;
/// Index of a function in `Program::functions`.
pub type FuncId = u32;
/// Index of a module-level (global) name in `Program::globals`.
pub type GlobalId = u32;
/// Index of a constant in `Function::consts`.
pub type ConstId = u32;

/// A whole compiled program: the module body is `functions[0]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub functions: Vec<Function>,
    /// Names of module-level variables, indexed by `GlobalId`.
    pub globals: Vec<String>,
    /// The module-level variables the desugarer made (`_iter_items`...), indexed by
    /// `GlobalId`: what CPython keeps on the module frame's value stack.
    pub on_stack: Vec<bool>,
    /// Constructs of valid Python that peel cannot run (`with`, `yield` inside a lambda...),
    /// in source order: each was lowered to a placeholder `raise RuntimeError(...)`, and
    /// `compile` rejects a program that has any.
    pub unsupported: Vec<(Unsupported, Span)>,
}

/// Valid Python that peel cannot run (see `Program::unsupported`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    With,
    /// `async with` that the desugarer did not rewrite (only `cfg::build` on its own sees
    /// one: in an `async def` the desugarer always does).
    AsyncWith,
    AsyncFor,
    YieldInLambda,
    /// `yield` where the desugarer could not spill it to a statement of its own.
    YieldInExpression,
    Await,
    YieldFrom,
    /// A `def` the resolver has no scope for (an internal error, not the program's).
    UnresolvedFunction,
    /// A `match` the desugarer did not rewrite (only `cfg::build` on its own sees one).
    Match,
}

impl Unsupported {
    /// How the placeholder names it: `peel cannot run this yet: with`.
    pub fn short(self) -> &'static str {
        match self {
            Unsupported::With => "with",
            Unsupported::AsyncWith => "async with",
            Unsupported::AsyncFor => "async for",
            Unsupported::YieldInLambda => "yield inside a lambda",
            Unsupported::YieldInExpression => "yield inside an expression",
            Unsupported::Await => "await",
            Unsupported::YieldFrom => "yield from",
            Unsupported::UnresolvedFunction => "a function the resolver did not see",
            Unsupported::Match => "match",
        }
    }

    /// How `compile`'s diagnostic names it: `peel does not support 'with' statements`.
    pub fn wording(self) -> &'static str {
        match self {
            Unsupported::With => "'with' statements",
            Unsupported::AsyncWith => "'async with' on this object",
            Unsupported::AsyncFor => "'async for'",
            Unsupported::YieldInLambda => "'yield' inside a lambda",
            Unsupported::YieldInExpression => "'yield' in this position",
            Unsupported::Await => "'await' in this position",
            Unsupported::YieldFrom => "'yield from' in this position",
            Unsupported::UnresolvedFunction => "a function the resolver did not see",
            Unsupported::Match => "a 'match' statement not desugared",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    /// The module body (`<module>` in tracebacks).
    Module,
    /// A plain `def` or `lambda`.
    Function,
    /// A `def` containing `yield`: calling it makes a generator.
    Generator,
    /// An `async def`: calling it makes a coroutine.
    Coroutine,
    /// An `async def` that also yields (async generator): parsed, rejected at run time.
    AsyncGenerator,
    /// A `class` body: run once by `__build_class__` with the new class's namespace (a
    /// dict) in slot 0, `$namespace`; the names it binds are entries of that dict.
    ClassBody,
}

impl FunctionKind {
    /// How the printed stages name it: `generator`, `coroutine`...
    pub fn name(self) -> &'static str {
        match self {
            FunctionKind::Module => "module",
            FunctionKind::Function => "function",
            FunctionKind::Generator => "generator",
            FunctionKind::Coroutine => "coroutine",
            FunctionKind::AsyncGenerator => "async generator",
            FunctionKind::ClassBody => "class body",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// `f`, `<lambda>`, `<listcomp>`, `<genexpr>`, `<module>`.
    pub name: String,
    /// `outer.<locals>.inner`, as CPython's `__qualname__`.
    pub qualname: String,
    pub kind: FunctionKind,
    pub params: ParamSpec,
    /// Every slot of the frame: parameters first (in `ParamSpec` order), then other
    /// locals, then compiler temporaries.
    pub slots: Vec<SlotInfo>,
    /// Slots holding a cell that inner functions share (created empty on entry; a
    /// parameter that is a cell is moved into its cell on entry).
    pub cell_slots: Vec<Slot>,
    /// Slots filled, in order, from the closure the function was created with.
    pub free_slots: Vec<Slot>,
    pub consts: Vec<Const>,
    /// `blocks[0]` is the entry block.
    pub blocks: Vec<Block>,
    /// The whole `def` (or lambda, or comprehension) in the source.
    pub span: Span,
    /// The docstring: the string literal a `def` (or the module) opens with
    /// (`__doc__`).
    pub doc: Option<String>,
    /// How many attribute sites (`AttrSite`) the function's code has.
    pub attr_sites: u32,
}

impl Function {
    /// The code's name, CPython's `co_name`: the last part of its qualname. It is `name`,
    /// except for a generator expression's function, `_genexpr` in the printed stages
    /// (where it is bound to that name) and `<genexpr>` to the program (`__name__`, reprs,
    /// tracebacks).
    pub fn code_name(&self) -> &str {
        self.qualname.rsplit('.').next().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SlotInfo {
    /// The learner's name, or a descriptive name for a temporary (`$iter_x`, `$exc`...).
    pub name: String,
    pub kind: SlotKind,
    /// A value CPython keeps on the frame's stack, not in a local: the builder's
    /// temporaries and the desugarer's (`_iter_items`, `_delegate_awaitable`...). When an
    /// exception leaves the frame, the stack is emptied; the locals stay with the
    /// traceback.
    pub on_stack: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// An ordinary local variable (parameters included).
    Local,
    /// A local that inner functions capture: the slot holds a cell.
    Cell,
    /// A variable of an enclosing function: the slot holds the shared cell.
    Free,
    /// A value the compiler introduced (iterators, caught exceptions, completions).
    Temp,
}

/// The parameter list of a function, as slots.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParamSpec {
    /// Positional-only parameters (slots 0..posonly).
    pub posonly: u32,
    /// Positional-or-keyword parameters, after the positional-only ones.
    pub positional: u32,
    /// Keyword-only parameters, after the positional ones.
    pub kwonly: u32,
    /// Slot of `*args`, if any.
    pub vararg: Option<Slot>,
    /// Slot of `**kwargs`, if any.
    pub kwarg: Option<Slot>,
    /// How many of the positional parameters (the last ones) have defaults.
    pub n_defaults: u32,
}

/// A constant, in a form that does not depend on the runtime's value type.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    /// An integer too big for i64, as decimal digits.
    BigInt(String),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Ellipsis,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub term: Terminator,
    /// Span of the source construct that produced the terminator.
    pub term_span: Span,
    /// Where an exception raised in this block goes. `None`: it leaves the function.
    pub handler: Option<Handler>,
}

/// An exception handler: the exception is stored in `exc_slot` and control jumps to
/// `target`. The handled-exception stack (what a bare `raise` re-raises and what a new
/// exception gets as `__context__`) is first cut back to `handled_depth` entries for this
/// frame, because the except blocks being left no longer handle anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handler {
    pub target: BlockId,
    pub exc_slot: Slot,
    pub handled_depth: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// Evaluate `value`, then store it into `target`.
    Assign { target: Target, value: Expr },
    /// Evaluate and drop (an expression statement, e.g. a call).
    Expr(Expr),
    /// `del target`.
    Delete(Target),
    /// Entering an `except` body: push the caught exception (in the slot) onto the
    /// handled-exception stack.
    EnterExcept(Slot),
    /// Leaving an `except` body normally (or by break/continue/return): pop it, and
    /// unbind the slot it was caught in, so that the exception ends here as in CPython.
    ExitExcept(Slot),
    /// Store a completion record into `slot` before running a `finally` block.
    SetCompletion {
        slot: Slot,
        completion: CompletionRecord,
    },
}

/// What a `finally` block must do when it ends (see `Terminator::EndFinally`).
#[derive(Debug, Clone, PartialEq)]
pub enum CompletionRecord {
    /// Fell off the end of the try body (or a handler): continue after the statement.
    Normal,
    /// A `return value` is in progress.
    Return(Expr),
    /// A `break` or `continue` is in progress: jump to this block afterwards.
    Jump(BlockId),
    /// An exception is in progress (the exception value is in the slot).
    Raise(Slot),
}

/// The number of an attribute access (`obj.name`, `obj.name = v`, `obj.name(...)`) in
/// its function. It is not printed and changes nothing a stage shows: the runtime keeps,
/// per site, what the last lookup there found and checks it cheaply next time (CPython's
/// inline caches). Copies of an expression share their site, which only costs the cache
/// its hits.
pub type AttrSite = u32;

/// Where a value is stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Local(Slot),
    /// A cell or free variable: store into the shared cell held by the slot.
    Cell(Slot),
    Global(GlobalId),
    /// A name a class body binds: an entry of the namespace in slot 0.
    ClassLocal(String),
    /// Boxed, as `Subscript`'s: a statement is as big as its biggest kind, and every
    /// block keeps its statements for the whole run.
    Attribute {
        object: Box<Expr>,
        name: String,
        site: AttrSite,
    },
    Subscript {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    /// `a, *b, c = value`: `star` is the index of the starred target.
    Unpack {
        targets: Vec<Target>,
        star: Option<usize>,
        /// The targets in the source, where an unpacking error is shown.
        span: Span,
    },
}

/// A variable `ForNext` reads its iterator from or stores its item into: a local slot,
/// or a global (the desugared loop's variables at module level, or a loop variable
/// declared `global`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    Local(Slot),
    Global(GlobalId),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Terminator {
    Jump(BlockId),
    /// Jump to `then` if `cond` is truthy, else to `otherwise`.
    Branch {
        cond: Expr,
        then: BlockId,
        otherwise: BlockId,
    },
    /// Advance the iterator in `iter`: store the next item in `item` and go to `body`,
    /// or go to `exhausted` when it stops.
    ForNext {
        iter: Place,
        item: Place,
        body: BlockId,
        exhausted: BlockId,
    },
    /// One step of a delegation (`yield from`, `await`): CPython's `SEND`. Resume the
    /// delegate in slot `delegate`: with `next()` when `sent` is `None` or holds `None`,
    /// else with `.send(value)`. If it yields, store the value in `yielded` and go to
    /// `then`; if it returns (raises `StopIteration`), store the return value in `result`
    /// and go to `done`. It is the desugared `try: y = next(d) except StopIteration as e:
    /// r = e.value`, taken in one step and without making a `StopIteration` object when
    /// the delegate is a generator or coroutine.
    Send {
        delegate: Slot,
        sent: Option<Slot>,
        yielded: Slot,
        result: Slot,
        then: BlockId,
        done: BlockId,
        /// The `except StopIteration as e` variable, unbound on the way to `done` as
        /// Python unbinds it when the handler ends; `None` when the program uses that
        /// name nowhere else (the desugarer's `_exc`), so unbinding it changes nothing.
        unbind: Option<Slot>,
    },
    Return(Expr),
    /// `raise exc from cause` (the cause boxed: few raises have one, and every block is
    /// as big as its biggest terminator).
    Raise {
        exc: Expr,
        cause: Option<Box<Expr>>,
    },
    /// Re-raise the exception in the slot, keeping its traceback and context
    /// (unmatched `except`, end of a `finally` entered by an exception).
    Reraise(Slot),
    /// A bare `raise`: re-raise the exception being handled, or
    /// `RuntimeError: No active exception to reraise`.
    RaiseHandled,
    /// End of a `finally` block: replay the completion record in `completion`.
    /// `Normal` goes to `after`; `Return` either returns or, inside an outer `finally`,
    /// stores the record there and jumps to it (`outer`); `Jump` jumps; `Raise` re-raises.
    EndFinally {
        completion: Slot,
        after: BlockId,
        outer: Option<(Slot, BlockId)>,
    },
    /// A suspension point (generators; executed from the generator issue on): hand `value`
    /// to the consumer; when resumed with a sent value, store it into `sent` (if any) and
    /// continue at `resume`.
    Yield {
        value: Expr,
        resume: BlockId,
        sent: Option<Slot>,
    },
    /// Never reached (the block ends in an unconditional control transfer already).
    Unreachable,
}

impl Terminator {
    /// The blocks control goes to next (not counting the block's handler, nor the jumps
    /// a completion record makes from a `finally`): at most two.
    pub fn targets(&self) -> impl Iterator<Item = BlockId> {
        let (first, second) = match self {
            Terminator::Jump(t) => (Some(*t), None),
            Terminator::Branch {
                then, otherwise, ..
            } => (Some(*then), Some(*otherwise)),
            Terminator::ForNext {
                body, exhausted, ..
            } => (Some(*body), Some(*exhausted)),
            Terminator::Send { then, done, .. } => (Some(*then), Some(*done)),
            Terminator::EndFinally { after, outer, .. } => (Some(*after), outer.map(|(_, b)| b)),
            Terminator::Yield { resume, .. } => (Some(*resume), None),
            Terminator::Return(_)
            | Terminator::Raise { .. }
            | Terminator::Reraise(_)
            | Terminator::RaiseHandled
            | Terminator::Unreachable => (None, None),
        };
        first.into_iter().chain(second)
    }

    /// Replaces every target `b` by `map(b)`, in place.
    pub fn retarget(&mut self, map: &impl Fn(BlockId) -> BlockId) {
        let (first, second) = match self {
            Terminator::Jump(t) => (Some(t), None),
            Terminator::Branch {
                then, otherwise, ..
            } => (Some(then), Some(otherwise)),
            Terminator::ForNext {
                body, exhausted, ..
            } => (Some(body), Some(exhausted)),
            Terminator::Send { then, done, .. } => (Some(then), Some(done)),
            Terminator::EndFinally { after, outer, .. } => {
                (Some(after), outer.as_mut().map(|(_, b)| b))
            }
            Terminator::Yield { resume, .. } => (Some(resume), None),
            Terminator::Return(_)
            | Terminator::Raise { .. }
            | Terminator::Reraise(_)
            | Terminator::RaiseHandled
            | Terminator::Unreachable => (None, None),
        };
        for b in first.into_iter().chain(second) {
            *b = map(*b);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Const(ConstId),
    /// Read a local slot (`UnboundLocalError` if it was never assigned).
    Local(Slot),
    /// Read through the cell in a slot (`NameError: free variable ...` / `UnboundLocalError`).
    Cell(Slot),
    /// Read a module-level name (`NameError` if unbound, falling back to builtins when the
    /// name is also a builtin).
    Global(GlobalId),
    /// A builtin resolved at compile time (the name is never bound at module level).
    Builtin(String),
    /// A name a class body binds, read from the namespace in slot 0; while the namespace
    /// lacks it, `fallback` (a global or builtin read) is its value (CPython's
    /// `LOAD_NAME`).
    ClassLocal {
        name: String,
        fallback: Box<Expr>,
    },
    /// The cell in a slot itself, not its content: what a class body returns for
    /// `__build_class__` to fill with the new class (the `__class__` that zero-argument
    /// `super()` reads).
    CellObject(Slot),
    BinOp {
        op: crate::ast::BinOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `x += v`: like `BinOp` but in place where the type allows (`list += ...` extends
    /// the same list). The lowering evaluates the target's parts once into temporaries.
    InPlaceOp {
        op: crate::ast::BinOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    UnaryOp {
        op: crate::ast::UnaryOp,
        operand: Box<Expr>,
    },
    /// `a and b`: short-circuit, value of the last evaluated operand.
    BoolOp {
        op: crate::ast::BoolOp,
        values: Vec<Expr>,
    },
    /// `a < b <= c`, each operand evaluated once, short-circuit.
    Compare {
        left: Box<Expr>,
        ops: Vec<(crate::ast::CmpOp, Expr)>,
    },
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    Call {
        func: Box<Expr>,
        args: Vec<CallArg>,
        kwargs: Vec<CallKwarg>,
    },
    /// `obj.name(args)`: a method call that needs no bound-method object.
    MethodCall {
        object: Box<Expr>,
        name: String,
        site: AttrSite,
        args: Vec<CallArg>,
        kwargs: Vec<CallKwarg>,
    },
    Attribute {
        object: Box<Expr>,
        name: String,
        site: AttrSite,
    },
    Subscript {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    /// Items may be `Starred` (`[*xs, 1]`).
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Set(Vec<Expr>),
    /// `None` key means `**mapping`.
    Dict(Vec<(Option<Expr>, Expr)>),
    Starred(Box<Expr>),
    /// An f-string: the pieces are concatenated.
    FString(Vec<FStringPiece>),
    /// Create a function object for `functions[func]`.
    MakeFunction {
        func: FuncId,
        /// Defaults of the positional parameters that have them, in order.
        defaults: Vec<Expr>,
        /// Defaults of keyword-only parameters: (name, value).
        kw_defaults: Vec<(String, Expr)>,
        /// Annotations of the parameters, then `return`'s, evaluated after the defaults
        /// as CPython does: the function's `__annotations__` (boxed: most defs have none,
        /// and every expression is as big as its biggest kind).
        annotations: Option<Box<Annotations>>,
        /// Cell slots of *this* frame, in the order of the new function's `free_slots`.
        closure: Vec<Slot>,
    },
    /// `import name` (dotted names import the first component's module object chain).
    Import(String),
    /// `from module import name`.
    ImportFrom {
        module: String,
        name: String,
    },
    /// `iter(value)`, for loops.
    Iter(Box<Expr>),
    /// `isinstance(exc, typ)` for an except clause: `typ` may be a tuple of classes.
    ExcMatch {
        exc: Box<Expr>,
        typ: Box<Expr>,
    },
    /// Assignment expression `(slot := value)`: stores and yields the value.
    NamedExpr {
        target: Box<Target>,
        value: Box<Expr>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum CallArg {
    Positional(Expr),
    Star(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum CallKwarg {
    Named(String, Expr),
    DoubleStar(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum FStringPiece {
    Literal(String),
    Value {
        expr: Expr,
        conversion: Option<char>,
        spec: Vec<FStringPiece>,
    },
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
}

/// A def's annotations: (parameter name or `return`, value), in CPython's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotations {
    pub items: Vec<(String, Expr)>,
}
