//! The `statemachine` stage as plain Python (`--format python`): peel's proof that the
//! state machines are right.
//!
//! Every generator function of the program is printed as a plain Python class with no
//! `yield` anywhere, and CPython runs the result with exactly the output of the original.
//! If a state machine kept too few locals, resumed at the wrong block or sent a `throw()`
//! to the wrong handler, the printed program would print something else.
//!
//! # What the output looks like
//!
//! - Code outside generator functions is the desugared AST, printed by
//!   [`crate::ast::print::python`]: it is already plain Python, and printing it from the
//!   AST keeps it readable (`if`, `while`, `def` as the learner wrote them).
//! - At the top, one base class `_Generator` holds the generator *protocol*, the part that
//!   is the same for every generator: `__iter__`, `__next__`, `send`, `throw`, `close`
//!   and the checks CPython makes before resuming (`ValueError: generator already
//!   executing`, the first `send` of a non-None value, PEP 479's `RuntimeError`, `close()`
//!   and "generator ignored GeneratorExit").
//! - Each generator function `def countdown(n)` becomes a class `_countdown_generator` whose
//!   `_resume(self, mode, value)` is printed from the CFG of the function, and the function
//!   itself becomes a *factory*: `def countdown(n): return _countdown_generator(n)`.
//!   Calling it runs nothing: it only builds the object in state `Unresumed`.
//!
//! # How `_resume` works
//!
//! Python has no `goto`, so the basic blocks become one `while True:` loop around an
//! `if block == 0: ... elif block == 1: ...` chain, and a jump is `block = N` (the design
//! of regenerator and TypeScript). On entry, `_resume` looks at `self._state` and picks the
//! block to start from: `Unresumed` starts at block 0; `SuspendN` continues at the block
//! after its `yield` (storing the sent value first), or, for `throw()`/`close()`, at the
//! handler that covers the `yield` (the state machine's `throw_to`). A `yield` is
//! `return self._suspend('Suspend5', value)`: set the state and hand the value out.
//!
//! The try/except around the dispatch is the *static handler table*: for each block the
//! CFG names the handler an exception raised inside it goes to; the `except` clause
//! stores the exception in the handler's slot and continues the loop at that block. A
//! `finally` keeps its *completion record* as a tuple (`('normal', None)`, `('return',
//! value)`, `('jump', block)`, `('raise', exc)`) and its end replays it.
//!
//! # Exceptions being handled
//!
//! A generator keeps its own stack of the exceptions its `except` and `finally` bodies
//! are handling, across yields: a new exception gets the innermost one as `__context__`,
//! a bare `raise` re-raises it, and one thrown in at a yield chains to it. The class
//! keeps that stack in `self._handled` (the CFG's `EnterExcept` appends, `ExitExcept`
//! pops, a handler first cuts it back to its depth). Plain Python calls an exception
//! "being handled" only inside an `except` or `finally` clause running because of it, so
//! each block runs in the `finally` clause of `try: self._rehandle()`, which raises the
//! innermost handled exception again (if there is one). An exception that only passes
//! through (not matched, replayed by a `finally`) leaves by `self._reraise(exc)`, which
//! keeps its `__context__` as CPython's re-raise does.
//!
//! # Locals
//!
//! The state machine's fields (the locals liveness found live across some `yield`, the
//! arguments, and the program's variables some state keeps alive) are attributes of the
//! object: `self.total`. Every other local lives only during one resume and is a plain
//! Python local of `_resume`. At each suspension the fields the new state neither keeps
//! nor keeps alive are dropped (`self._forget('n')`), so a field the liveness stage forgot
//! to keep fails loudly (`UnboundLocalError`) instead of working by accident. A field kept
//! alive is kept whatever it holds: CPython cannot tell that from dropping a value whose
//! end cannot be seen, which is all that peel's runtime drops of them.
//!
//! Cells (locals that inner functions capture) cannot be attributes: the inner function
//! must share the variable itself. They live in the frame of the factory call, which
//! then defines the class inside itself, and `_resume` declares them `nonlocal`. Variables
//! of enclosing functions (free variables) are reached the same way: each class is printed
//! where the `def` stood. `global` names assigned in a generator are declared `global`.
//!
//! # Limits
//!
//! - Tracebacks (stderr) differ from CPython's. A field read while unbound is an
//!   `UnboundLocalError` (from `__getattr__`), but `del` of an unbound field is an
//!   `AttributeError`.
//! - Inner functions, lambdas and comprehensions inside a generator are printed from the
//!   AST at the point the CFG creates them; their defaults and the outermost iterable of a
//!   comprehension are printed from the CFG. Their `__qualname__` differs from CPython's.
//! - The names `mode`, `value`, `block`, `state`, `raised`, `yielded` of `_resume` get a `_` suffix
//!   when the program uses them; a nested function reading a global of that exact
//!   suffixed name would see the local instead.
//! - A collected (dropped) suspended generator is closed by `__del__`, as CPython closes
//!   it; at interpreter exit the order of such closes may differ.
//! - An exception a suspended generator holds (one it is handling at the `yield`, or an
//!   `except ... as e` local) loses its `__traceback__` at the `yield` (`_untangle`): the
//!   traceback would hold `_resume`'s frame and, through `f_back`, its callers' frames, a
//!   cycle that would keep the generator past its last reference. So an uncaught exception
//!   re-raised later prints a shorter traceback, and what only that traceback's frames
//!   kept alive ends at the `yield`.
//! - A field lives as long as CPython's frame keeps its variable: a state drops the fields
//!   it neither keeps nor keeps alive (`State::kept_alive`), and a finished generator
//!   drops them all (`_end`). A cell does not: it lives in the factory's frame, which the
//!   class defined there keeps until the cycle collector runs, so what a captured
//!   variable holds ends later than in CPython.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Write;

use crate::ast;
use crate::cfg::{
    const_repr, expr_text, py_str_repr, target_text, BlockId, CallArg, CallKwarg, CompletionRecord,
    Const, Expr, ExprKind, FStringPiece, FuncId, Function, FunctionKind, Program, Slot, SlotKind,
    Spelling, StmtKind, Target, Terminator, ATOM, FACTOR, TEST,
};
use crate::span::Span;

use super::{StateKind, StateMachine, StateMachines};

/// The `statemachine --format python` printer: the whole program as plain Python with
/// every generator function replaced by a class (see the module doc).
pub fn print_python(compiled: &crate::Compiled) -> String {
    print_program(&compiled.program, &compiled.machines, &compiled.desugared)
}

/// The same from the three pieces it reads: the CFG, its state machines and the desugared
/// AST the CFG was built from.
pub fn print_program(
    program: &Program,
    machines: &StateMachines,
    desugared: &ast::Module,
) -> String {
    let mut by_span: HashMap<(u32, u32), FuncId> = HashMap::default();
    for (id, f) in program.functions.iter().enumerate() {
        by_span
            .entry((f.span.start, f.span.end))
            .or_insert(id as FuncId);
    }
    let mut nodes = AstNodes::default();
    nodes.stmts(&desugared.body);
    let mut used: HashSet<String> = program.globals.iter().cloned().collect();
    for f in &program.functions {
        for b in &f.blocks {
            for s in &b.stmts {
                visit_stmt_exprs(&s.kind, &mut |e| {
                    if let ExprKind::Builtin(n) = &e.kind {
                        used.insert(n.clone());
                    }
                });
            }
        }
    }
    let aliases = crate::cfg::builtin_aliases(desugared)
        .into_iter()
        .map(|(alias, builtin)| (builtin, alias))
        .collect();
    let p = Printer {
        program,
        machines,
        by_span,
        nodes,
        used,
        aliases,
    };
    let body = p.ast_stmts(&desugared.body, 0);
    let mut out = String::new();
    // A module docstring stays the module's first statement, ahead of what is added.
    if let Some(doc) = program.functions.first().and_then(|m| m.doc.as_deref()) {
        out.push_str(&crate::pyrepr::str_repr(doc));
        out.push('\n');
    }
    out.push_str(&ast::print::helper_preludes(|call| {
        body.iter().any(|l| l.contains(call))
    }));
    let any_generator = program
        .functions
        .iter()
        .zip(&machines.machines)
        .any(|(f, m)| m.is_some() && is_machine_kind(f.kind));
    if any_generator {
        out.push_str(HEADER);
        out.push_str(BASE_CLASS);
        out.push('\n');
    }
    let any_coroutine = program
        .functions
        .iter()
        .zip(&machines.machines)
        .any(|(f, m)| m.is_some() && f.kind == FunctionKind::Coroutine);
    if any_coroutine {
        out.push_str(COROUTINE_CLASS);
        out.push('\n');
    }
    for l in body {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// Functions printed as a state-machine class: generators and (desugared) coroutines.
fn is_machine_kind(kind: FunctionKind) -> bool {
    matches!(kind, FunctionKind::Generator | FunctionKind::Coroutine)
}

/// What an `async def` adds to the generator protocol (printed once, when there is one).
const COROUTINE_CLASS: &str = r#"class _Coroutine(_Generator):
    """An `async def`'s object: a generator whose yields are its awaits. With `send`,
    `throw`, `close` and `__await__`, asyncio takes it for a coroutine."""

    _kind = 'coroutine'

    def __await__(self):
        return self

"#;

/// What the printed program says about itself.
const HEADER: &str = "\
# peel dump --stage statemachine --format python: the program with every generator
# function replaced by a plain class (its state machine). `_Generator` is the protocol
# every generator shares; each `_<name>_generator` class runs its function's basic blocks.

";

/// The generator protocol, the same for every generator (printed once, at the top).
const BASE_CLASS: &str = r#"class _Generator:
    """What every generator object does, whatever its body: the protocol of CPython 3.11.

    A subclass's `_resume(mode, value)` runs the body from the current state until the
    next `yield` (it returns the yielded value and leaves a Suspend state) or the end
    (state Returned, it returns the return value). Its fields are the saved locals.
    """

    _state = 'Unresumed'
    _kind = 'generator'
    _handled = ()  # the exceptions the body is handling, innermost last
    _fields = ()  # a subclass's fields (see `__getattr__`)

    def __iter__(self):
        return self

    def __next__(self):
        return self._step('next', None)

    def send(self, value):
        return self._step('send', value)

    def throw(self, typ, val=None, tb=None):
        if isinstance(typ, BaseException):
            if val is not None:
                raise TypeError('instance exception may not have a separate value')
            exc = typ
        elif isinstance(typ, type) and issubclass(typ, BaseException):
            if isinstance(val, typ):
                exc = val
            elif val is None:
                exc = typ()
            elif isinstance(val, tuple):
                exc = typ(*val)
            else:
                exc = typ(val)
        else:
            raise TypeError('exceptions must be classes or instances deriving from '
                            'BaseException, not ' + type(typ).__name__)
        if tb is not None:
            exc = exc.with_traceback(tb)
        return self._step('throw', exc)

    def close(self):
        if self._state in ('Unresumed', 'Returned'):
            self._state = 'Returned'
            self._end()
            return
        try:
            # Raised here first, so that it chains to the exception the caller handles.
            raise GeneratorExit
        except GeneratorExit as exit:
            stop = exit
        try:
            self._step('throw', stop)
        except (GeneratorExit, StopIteration):
            # `stop`'s traceback holds this frame, which holds `stop`: a cycle that would
            # keep this object (and what it keeps alive) until the cycle collector runs.
            # CPython's generator is gone as soon as it is closed.
            stop.__traceback__ = None
            self._end()
            return
        raise RuntimeError('generator ignored GeneratorExit')

    def __del__(self):
        # CPython closes a suspended generator nobody can resume any more.
        if self._state.startswith('Suspend'):
            self.close()

    def _step(self, mode, value):
        if self._state == 'Running':
            raise ValueError(self._kind + ' already executing')
        if self._state == 'Returned':
            if mode == 'throw':
                self._reraise(value)
            if self._kind == 'coroutine':
                raise RuntimeError('cannot reuse already awaited coroutine')
            raise StopIteration
        if self._state == 'Unresumed' and mode == 'send' and value is not None:
            raise TypeError("can't send non-None value to a just-started " + self._kind)
        if mode == 'throw' and self._handled and value is not self._handled[-1]:
            # Thrown in at a yield inside an `except` or `finally` body: it chains to
            # the exception the generator is handling there (never to the caller's).
            value.__context__ = self._handled[-1]
        try:
            if self._state == 'Unresumed' and mode == 'throw':
                # Thrown in before the first line ran: nothing can catch it.
                self._state = 'Running'
                self._reraise(value)
            result = self._resume(mode, value)
        except StopIteration as stop:
            # PEP 479: a StopIteration escaping the body is a bug, not the end.
            self._state = 'Returned'
            raise RuntimeError(self._kind + ' raised StopIteration') from stop
        except BaseException:
            # An exception escaping the body finishes the generator.
            self._state = 'Returned'
            self.__dict__.pop('_handled', None)
            raise
        if self._state == 'Returned':
            self._end()
            # `return x` ends the iteration with StopIteration(x).
            if result is None:
                raise StopIteration
            raise StopIteration(result)
        self._untangle()
        return result

    def _suspend(self, state, value):
        self._state = state
        return value

    def _return(self, value):
        self._state = 'Returned'
        return value

    def _end(self):
        # The frame is done: its variables let their values go, in order, as CPython
        # clears a finished generator's frame. (One that ends with an exception keeps
        # them while the exception's traceback holds the frame, as CPython's does.)
        for name in self._fields:
            self.__dict__.pop(name, None)
        # A finished generator handles nothing; the exceptions' tracebacks hold `self`.
        self.__dict__.pop('_handled', None)

    def _untangle(self):
        # A suspended CPython generator is in no reference cycle: dropped, it is closed at
        # once. Here an exception this object holds across a yield (one it is handling,
        # or a local bound by `except ... as e`) was caught in `_resume`, so its
        # traceback holds `_resume`'s frame, which holds `self` and, through `f_back`,
        # every caller's frame: a cycle once a caller that holds this object returns,
        # which only the cycle collector would end. The traceback goes instead (only
        # what an uncaught exception prints shows it).
        todo = [v for v in self.__dict__.values() if isinstance(v, BaseException)]
        todo.extend(self.__dict__.get('_handled', ()))
        seen = set()
        while todo:
            exc = todo.pop()
            if id(exc) in seen:
                continue
            seen.add(id(exc))
            tb = exc.__traceback__
            while tb is not None:
                if tb.tb_frame.f_code.co_name == '_resume':
                    exc.__traceback__ = None
                    break
                tb = tb.tb_next
            todo.extend(e for e in (exc.__context__, exc.__cause__) if e is not None)

    def _forget(self, *fields):
        # Fields the new state does not keep (not live across its yield).
        for name in fields:
            self.__dict__.pop(name, None)

    def _store(self, name, value):
        setattr(self, name, value)
        return value

    def __getattr__(self, name):
        # Only called when the attribute is missing: a field read before it is set
        # (or after `del`, or after `_forget`) is a local read while unbound.
        if name in self._fields:
            raise UnboundLocalError(f"cannot access local variable '{name}' where it "
                                    "is not associated with a value")
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def _rehandle(self):
        # CPython's generator keeps its own stack of exceptions being handled, across
        # yields: a new exception gets the innermost one as __context__ and a bare
        # `raise` re-raises it. Plain Python handles an exception only in an `except` or
        # `finally` clause running because of it, so `_resume` raises that exception
        # again here and runs the block in the `finally` clause that follows.
        self._raised_again = None
        if self._handled:
            exc = self._handled[-1]
            self._raised_again = (exc, exc.__traceback__, exc.__context__)
            raise exc

    def _restore(self):
        # Raising it again changed its traceback and maybe its __context__: undo that.
        if self._raised_again is not None:
            exc, traceback, context = self._raised_again
            exc.__traceback__ = traceback
            exc.__context__ = context
            # The saved traceback holds `_resume`'s frame, which holds `self`: kept, it
            # would make a cycle, and this object would end only when the cycle
            # collector runs, where CPython's generator ends at once.
            self._raised_again = None

    def _reraise(self, exc):
        # An exception on its way out (not matched, a `finally` done, thrown in) goes
        # on as it is, but `raise exc` would chain it to the exception being handled
        # here: keep its __context__.
        context = exc.__context__
        try:
            raise exc
        finally:
            exc.__context__ = context
"#;

/// Attribute names of `_Generator` a field must not take.
const RESERVED_ATTRS: &[&str] = &[
    "_state",
    "_handled",
    "_fields",
    "_raised_again",
    "send",
    "throw",
    "close",
    "_step",
    "_resume",
    "_suspend",
    "_return",
    "_end",
    "_forget",
    "_untangle",
    "_store",
    "_rehandle",
    "_restore",
    "_reraise",
    "__init__",
    "__iter__",
    "__next__",
    "__del__",
    "__getattr__",
];

/// AST nodes that become CFG functions, by span: `def`s, lambdas, comprehensions.
#[derive(Default)]
struct AstNodes {
    defs: HashMap<(u32, u32), ast::FunctionDef>,
    exprs: HashMap<(u32, u32), ast::Expr>,
}

fn key(s: Span) -> (u32, u32) {
    (s.start, s.end)
}

impl AstNodes {
    fn stmts(&mut self, body: &[ast::Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &ast::Stmt) {
        use ast::StmtKind as K;
        match &s.kind {
            K::FunctionDef(f) => {
                self.defs
                    .entry(key(f.span))
                    .or_insert_with(|| (**f).clone());
                self.defs
                    .entry(key(s.span))
                    .or_insert_with(|| (**f).clone());
                for d in &f.decorators {
                    self.expr(d);
                }
                for p in all_params(&f.params) {
                    if let Some(d) = &p.default {
                        self.expr(d);
                    }
                }
                self.stmts(&f.body);
            }
            K::ClassDef(c) => {
                for d in &c.decorators {
                    self.expr(d);
                }
                for a in &c.bases {
                    match a {
                        ast::Arg::Positional(e) | ast::Arg::Starred(e) => self.expr(e),
                    }
                }
                for k in &c.keywords {
                    self.expr(&k.value);
                }
                self.stmts(&c.body);
            }
            K::Return(Some(e)) => self.expr(e),
            K::Delete(es) => es.iter().for_each(|e| self.expr(e)),
            K::Assign { targets, value } => {
                targets.iter().for_each(|e| self.expr(e));
                self.expr(value);
            }
            K::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            K::AnnAssign { target, value, .. } => {
                self.expr(target);
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            K::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target);
                self.expr(iter);
                self.stmts(body);
                self.stmts(orelse);
            }
            K::While { test, body, orelse } | K::If { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            K::With { items, body, .. } => {
                for i in items {
                    self.expr(&i.context);
                }
                self.stmts(body);
            }
            K::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e);
                }
                if let Some(e) = cause {
                    self.expr(e);
                }
            }
            K::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body);
                for h in handlers {
                    self.stmts(&h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            K::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            K::Expr(e) => self.expr(e),
            _ => {}
        }
    }

    fn expr(&mut self, e: &ast::Expr) {
        use ast::ExprKind as K;
        match &e.kind {
            K::Lambda { .. }
            | K::ListComp { .. }
            | K::SetComp { .. }
            | K::DictComp { .. }
            | K::GeneratorExp { .. } => {
                self.exprs.entry(key(e.span)).or_insert_with(|| e.clone());
            }
            _ => {}
        }
        let mut sub = Vec::new();
        match &e.kind {
            K::BoolOp { values, .. } => sub.extend(values),
            K::NamedExpr { target, value } => sub.extend([&**target, &**value]),
            K::BinOp { left, right, .. } => sub.extend([&**left, &**right]),
            K::UnaryOp { operand, .. } => sub.push(operand),
            K::Lambda { params, body } => {
                sub.push(body);
                for p in all_params(params) {
                    if let Some(d) = &p.default {
                        sub.push(d);
                    }
                }
            }
            K::IfExp { test, body, orelse } => sub.extend([&**test, &**body, &**orelse]),
            K::Dict { items } => {
                for i in items {
                    match i {
                        ast::DictItem::Pair(k, v) => sub.extend([k, v]),
                        ast::DictItem::Unpack(v) => sub.push(v),
                    }
                }
            }
            K::Set(xs) | K::List(xs) | K::Tuple(xs) => sub.extend(xs),
            K::ListComp { elt, generators }
            | K::SetComp { elt, generators }
            | K::GeneratorExp { elt, generators } => {
                sub.push(elt);
                for g in generators {
                    sub.push(&g.iter);
                    sub.extend(&g.ifs);
                }
            }
            K::DictComp {
                key,
                value,
                generators,
            } => {
                sub.extend([&**key, &**value]);
                for g in generators {
                    sub.push(&g.iter);
                    sub.extend(&g.ifs);
                }
            }
            K::Await(x) | K::YieldFrom(x) | K::Starred(x) => sub.push(x),
            K::Yield(x) => {
                if let Some(x) = x {
                    sub.push(x)
                }
            }
            K::Compare { left, ops } => {
                sub.push(left);
                sub.extend(ops.iter().map(|(_, e)| e));
            }
            K::Call {
                func,
                args,
                keywords,
            } => {
                sub.push(func);
                for a in args {
                    match a {
                        ast::Arg::Positional(x) | ast::Arg::Starred(x) => sub.push(x),
                    }
                }
                sub.extend(keywords.iter().map(|k| &k.value));
            }
            K::FString(parts) => {
                fn walk<'a>(parts: &'a [ast::FStringPart], sub: &mut Vec<&'a ast::Expr>) {
                    for p in parts {
                        if let ast::FStringPart::Value { expr, spec, .. } = p {
                            sub.push(expr);
                            walk(spec, sub);
                        }
                    }
                }
                walk(parts, &mut sub);
            }
            K::Attribute { value, .. } => sub.push(value),
            K::Subscript { value, index } => sub.extend([&**value, &**index]),
            K::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    sub.push(x);
                }
            }
            K::Constant(_) | K::Name(_) => {}
        }
        for s in sub {
            self.expr(s);
        }
    }
}

fn all_params(p: &ast::Parameters) -> impl Iterator<Item = &ast::Param> {
    p.posonly
        .iter()
        .chain(&p.args)
        .chain(&p.vararg)
        .chain(&p.kwonly)
        .chain(&p.kwarg)
}

fn all_params_mut(p: &mut ast::Parameters) -> impl Iterator<Item = &mut ast::Param> {
    p.posonly
        .iter_mut()
        .chain(p.args.iter_mut())
        .chain(p.vararg.iter_mut())
        .chain(p.kwonly.iter_mut())
        .chain(p.kwarg.iter_mut())
}

/// Calls `f` on every expression (and sub-expression) of a CFG statement.
fn visit_stmt_exprs(s: &StmtKind, f: &mut dyn FnMut(&Expr)) {
    match s {
        StmtKind::Assign { target, value } => {
            visit_target(target, f);
            visit_expr(value, f);
        }
        StmtKind::Expr(e) => visit_expr(e, f),
        StmtKind::Delete(t) => visit_target(t, f),
        StmtKind::SetCompletion {
            completion: CompletionRecord::Return(e),
            ..
        } => visit_expr(e, f),
        _ => {}
    }
}

fn visit_target(t: &Target, f: &mut dyn FnMut(&Expr)) {
    match t {
        Target::Attribute { object, .. } => visit_expr(object, f),
        Target::Subscript { object, index } => {
            visit_expr(object, f);
            visit_expr(index, f);
        }
        Target::Unpack { targets, .. } => targets.iter().for_each(|t| visit_target(t, f)),
        _ => {}
    }
}

fn visit_terminator(t: &Terminator, f: &mut dyn FnMut(&Expr)) {
    match t {
        Terminator::Branch { cond, .. } => visit_expr(cond, f),
        Terminator::Return(e) | Terminator::Yield { value: e, .. } => visit_expr(e, f),
        Terminator::Raise { exc, cause } => {
            visit_expr(exc, f);
            if let Some(c) = cause {
                visit_expr(c, f);
            }
        }
        _ => {}
    }
}

/// Pre-order: the node, then its children in evaluation order.
fn visit_expr(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    let args = |args: &[CallArg], kwargs: &[CallKwarg], f: &mut dyn FnMut(&Expr)| {
        for a in args {
            match a {
                CallArg::Positional(x) | CallArg::Star(x) => visit_expr(x, f),
            }
        }
        for k in kwargs {
            match k {
                CallKwarg::Named(_, x) | CallKwarg::DoubleStar(x) => visit_expr(x, f),
            }
        }
    };
    match &e.kind {
        ExprKind::BinOp { left, right, .. } | ExprKind::InPlaceOp { left, right, .. } => {
            visit_expr(left, f);
            visit_expr(right, f);
        }
        ExprKind::UnaryOp { operand, .. } => visit_expr(operand, f),
        ExprKind::BoolOp { values, .. } => values.iter().for_each(|v| visit_expr(v, f)),
        ExprKind::Compare { left, ops } => {
            visit_expr(left, f);
            ops.iter().for_each(|(_, v)| visit_expr(v, f));
        }
        ExprKind::IfExp { test, body, orelse } => {
            visit_expr(test, f);
            visit_expr(body, f);
            visit_expr(orelse, f);
        }
        ExprKind::Call {
            func,
            args: a,
            kwargs,
        } => {
            visit_expr(func, f);
            args(a, kwargs, f);
        }
        ExprKind::MethodCall {
            object,
            args: a,
            kwargs,
            ..
        } => {
            visit_expr(object, f);
            args(a, kwargs, f);
        }
        ExprKind::Attribute { object, .. } => visit_expr(object, f),
        ExprKind::Subscript { object, index } => {
            visit_expr(object, f);
            visit_expr(index, f);
        }
        ExprKind::Slice { lower, upper, step } => {
            for x in [lower, upper, step].into_iter().flatten() {
                visit_expr(x, f);
            }
        }
        ExprKind::Tuple(xs) | ExprKind::List(xs) | ExprKind::Set(xs) => {
            xs.iter().for_each(|x| visit_expr(x, f))
        }
        ExprKind::Dict(items) => {
            for (k, v) in items {
                if let Some(k) = k {
                    visit_expr(k, f);
                }
                visit_expr(v, f);
            }
        }
        ExprKind::Starred(x) | ExprKind::Iter(x) => visit_expr(x, f),
        ExprKind::FString(pieces) => {
            fn walk(pieces: &[FStringPiece], f: &mut dyn FnMut(&Expr)) {
                for p in pieces {
                    if let FStringPiece::Value { expr, spec, .. } = p {
                        visit_expr(expr, f);
                        walk(spec, f);
                    }
                }
            }
            walk(pieces, f);
        }
        ExprKind::MakeFunction {
            defaults,
            kw_defaults,
            annotations,
            ..
        } => {
            defaults.iter().for_each(|d| visit_expr(d, f));
            kw_defaults.iter().for_each(|(_, d)| visit_expr(d, f));
            annotations
                .iter()
                .flat_map(|a| &a.items)
                .for_each(|(_, a)| visit_expr(a, f));
        }
        ExprKind::ExcMatch { exc, typ } => {
            visit_expr(exc, f);
            visit_expr(typ, f);
        }
        ExprKind::NamedExpr { target, value } => {
            visit_target(target, f);
            visit_expr(value, f);
        }
        _ => {}
    }
}

struct Printer<'a> {
    program: &'a Program,
    machines: &'a StateMachines,
    by_span: HashMap<(u32, u32), FuncId>,
    nodes: AstNodes,
    /// Global and builtin names of the program: `_resume`'s own names avoid them.
    used: HashSet<String>,
    /// Builtin -> the desugarer's alias of it, for the builtins the program rebinds.
    aliases: HashMap<String, String>,
}

fn indent_lines(lines: Vec<String>, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    lines
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!("{pad}{l}") })
        .collect()
}

fn placeholder(id: FuncId) -> String {
    format!("__peel_generator_{id}__")
}

impl Printer<'_> {
    fn machine(&self, id: FuncId) -> Option<&StateMachine> {
        self.machines
            .machines
            .get(id as usize)
            .and_then(|m| m.as_ref())
    }

    /// The generator function a `def` of the AST became, if it is one.
    fn generator_of(&self, f: &ast::FunctionDef) -> Option<FuncId> {
        let id = *self.by_span.get(&key(f.span))?;
        let func = self.program.functions.get(id as usize)?;
        (is_machine_kind(func.kind) && func.name == f.name.id && self.machine(id).is_some())
            .then_some(id)
    }

    /// AST statements as Python lines at `indent` spaces, with every generator `def`
    /// replaced by its factory and class.
    fn ast_stmts(&self, body: &[ast::Stmt], indent: usize) -> Vec<String> {
        let mut gens = Vec::new();
        let body: Vec<ast::Stmt> = body.iter().map(|s| self.mark(s, &mut gens)).collect();
        let text = ast::print::python(&ast::Module {
            body,
            span: Span::new(0, 0),
            temporaries: Default::default(),
        });
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for id in gens {
            let mark = placeholder(id);
            let Some(at) = lines.iter().position(|l| l.trim() == mark) else {
                continue;
            };
            let inner = lines[at].len() - lines[at].trim_start().len();
            let outer = inner.saturating_sub(4);
            // The `def` line and its decorators, right above the body (and its
            // docstring, printed as one line).
            let mut start = at;
            if let Some(doc) = start.checked_sub(1).map(|i| &lines[i]) {
                let ind = doc.len() - doc.trim_start().len();
                if ind == inner && doc.trim_start().starts_with(['\'', '"']) {
                    start -= 1;
                }
            }
            while start > 0 {
                let prev = &lines[start - 1];
                let ind = prev.len() - prev.trim_start().len();
                let t = prev.trim_start();
                if ind == outer && (t.starts_with("def ") || t.starts_with('@')) {
                    start -= 1;
                    if t.starts_with("def ")
                        && !lines[start.saturating_sub(1)].trim_start().starts_with('@')
                    {
                        break;
                    }
                } else {
                    break;
                }
            }
            let (class, factory) = self.generator(id, &[]);
            let class_at_def = !self.has_cells(id);
            let mut body = Vec::new();
            if !class_at_def {
                body.extend(class.clone());
            }
            body.extend(factory);
            lines.splice(at..=at, indent_lines(body, inner));
            if class_at_def {
                // Out of the bodies of the classes the `def` is in.
                let mut outer = outer;
                while outer >= 4 {
                    let owner = (0..start).rev().find(|&i| {
                        let l = &lines[i];
                        !l.trim().is_empty() && l.len() - l.trim_start().len() < outer
                    });
                    let Some(owner) = owner else { break };
                    let l = &lines[owner];
                    let ind = l.len() - l.trim_start().len();
                    if !l.trim_start().starts_with("class ") {
                        break;
                    }
                    start = owner;
                    while start > 0 {
                        let prev = &lines[start - 1];
                        if prev.len() - prev.trim_start().len() == ind
                            && prev.trim_start().starts_with('@')
                        {
                            start -= 1;
                        } else {
                            break;
                        }
                    }
                    outer = ind;
                }
                let mut c = indent_lines(class, outer);
                c.push(String::new());
                lines.splice(start..start, c);
            }
        }
        indent_lines(lines, indent)
    }

    /// A statement with the bodies of generator `def`s replaced by a placeholder.
    fn mark(&self, s: &ast::Stmt, gens: &mut Vec<FuncId>) -> ast::Stmt {
        use ast::StmtKind as K;
        let mut s = s.clone();
        let body_of = |b: &mut Vec<ast::Stmt>, gens: &mut Vec<FuncId>| {
            *b = b.iter().map(|x| self.mark(x, gens)).collect();
        };
        match &mut s.kind {
            K::FunctionDef(f) => {
                if let Some(id) = self.generator_of(f) {
                    gens.push(id);
                    // The factory is a plain function returning the coroutine object.
                    f.is_async = false;
                    // It keeps the docstring (`__doc__`), then makes the object.
                    let doc = f.body.first().filter(|d| {
                        matches!(
                            &d.kind,
                            K::Expr(ast::Expr {
                                kind: ast::ExprKind::Constant(ast::Constant::Str(_)),
                                ..
                            })
                        )
                    });
                    let make = ast::Stmt::new(
                        K::Expr(ast::Expr::new(ast::ExprKind::Name(placeholder(id)), f.span)),
                        f.span,
                    );
                    f.body = doc.cloned().into_iter().chain([make]).collect();
                } else {
                    body_of(&mut f.body, gens);
                }
            }
            K::ClassDef(c) => body_of(&mut c.body, gens),
            K::For { body, orelse, .. }
            | K::While { body, orelse, .. }
            | K::If { body, orelse, .. } => {
                body_of(body, gens);
                body_of(orelse, gens);
            }
            K::With { body, .. } => body_of(body, gens),
            K::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                body_of(body, gens);
                for h in handlers {
                    body_of(&mut h.body, gens);
                }
                body_of(orelse, gens);
                body_of(finalbody, gens);
            }
            _ => {}
        }
        s
    }

    fn has_cells(&self, id: FuncId) -> bool {
        self.program
            .functions
            .get(id as usize)
            .is_some_and(|f| !f.cell_slots.is_empty())
    }

    /// The class of generator `id` and the body of its factory function. `defaults` are
    /// not used here (the factory's header is printed by whoever prints the `def`).
    fn generator(&self, id: FuncId, _defaults: &[String]) -> (Vec<String>, Vec<String>) {
        let Some(f) = self.program.functions.get(id as usize) else {
            return (
                Vec::new(),
                vec!["raise SystemError('peel: unknown function')".into()],
            );
        };
        let Some(m) = self.machine(id) else {
            return (
                Vec::new(),
                vec!["raise SystemError('peel: no state machine')".into()],
            );
        };
        let g = Gen::new(self, f, m);
        let class = g.class();
        let mut factory = Vec::new();
        for &c in &f.cell_slots {
            if c >= super::param_count(f) {
                let n = &g.names[c as usize];
                factory.push(format!(
                    "# `{n}` is shared with inner functions: it lives in this call's frame."
                ));
                factory.push(format!("{n} = None"));
                factory.push(format!("del {n}"));
            }
        }
        // A parameter is passed under the name the `def` line gives it (the class may
        // have renamed its field, `self` to `self_`); a cell made above, under its own.
        let args: Vec<String> = g
            .init_params()
            .iter()
            .map(|&s| match f.slots.get(s as usize) {
                Some(slot) if s < super::param_count(f) => slot.name.clone(),
                _ => g.names[s as usize].clone(),
            })
            .collect();
        factory.push(format!("return {}({})", g.class_name, args.join(", ")));
        (class, factory)
    }
}

/// Printing one generator function as a class.
struct Gen<'a, 'p> {
    p: &'a Printer<'p>,
    f: &'a Function,
    m: &'a StateMachine,
    /// A Python identifier per slot.
    names: Vec<String>,
    /// Slots printed as `self.NAME`.
    fields: Vec<bool>,
    class_name: String,
    // The names of `_resume`'s own variables, chosen not to clash with the program's.
    mode: String,
    value: String,
    block: String,
    state: String,
    raised: String,
    yielded: String,
    /// Whether the body handles exceptions (has an `except` or `finally` body), so that
    /// `_resume` keeps the handled-exception stack and runs blocks inside `_rehandle`.
    handled_stack: bool,
}

fn py_ident(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

impl<'a, 'p> Gen<'a, 'p> {
    fn new(p: &'a Printer<'p>, f: &'a Function, m: &'a StateMachine) -> Self {
        let mut taken: HashSet<String> = ["self".to_string()].into_iter().collect();
        let mut names = Vec::new();
        let mut fields = Vec::new();
        for (i, s) in f.slots.iter().enumerate() {
            let is_field = m.fields.contains(&(i as Slot))
                && matches!(s.kind, SlotKind::Local | SlotKind::Temp);
            let mut n = py_ident(&s.name);
            while taken.contains(&n) || (is_field && RESERVED_ATTRS.contains(&n.as_str())) {
                n.push('_');
            }
            taken.insert(n.clone());
            names.push(n);
            fields.push(is_field);
        }
        let mut avoid = taken.clone();
        avoid.extend(p.used.iter().cloned());
        let mut pick = |base: &str| {
            let mut n = base.to_string();
            while avoid.contains(&n) {
                n.push('_');
            }
            avoid.insert(n.clone());
            n
        };
        let (mode, value, block, state, raised, yielded) = (
            pick("mode"),
            pick("value"),
            pick("block"),
            pick("state"),
            pick("raised"),
            pick("yielded"),
        );
        let handled_stack = f.blocks.iter().any(|b| {
            b.stmts
                .iter()
                .any(|s| matches!(s.kind, StmtKind::EnterExcept(_)))
        });
        Gen {
            p,
            f,
            m,
            names,
            fields,
            class_name: {
                // A method's class is defined outside its class's body (a method cannot
                // see the names of the body it is defined in), named by the method's
                // qualname: `_Pause___await___generator` for `Pause.__await__`.
                let in_class = f
                    .qualname
                    .rsplit_once('.')
                    .is_some_and(|(outer, _)| !outer.ends_with("<locals>"));
                let name = match in_class {
                    true => py_ident(&f.qualname),
                    false => py_ident(&f.name),
                };
                match f.kind {
                    FunctionKind::Coroutine => format!("_{name}_coroutine"),
                    _ => format!("_{name}_generator"),
                }
            },
            mode,
            value,
            block,
            state,
            raised,
            yielded,
            handled_stack,
        }
    }

    /// Parameters stored by `__init__` (cells stay in the factory's frame).
    fn init_params(&self) -> Vec<Slot> {
        (0..super::param_count(self.f))
            .filter(|s| self.fields.get(*s as usize).copied().unwrap_or(false))
            .collect()
    }

    fn slot(&self, s: Slot) -> String {
        match self.names.get(s as usize) {
            Some(n) if self.fields[s as usize] => format!("self.{n}"),
            Some(n) => n.clone(),
            None => format!("_slot_{s}"),
        }
    }

    fn field_names(&self, slots: &[Slot]) -> Vec<String> {
        slots
            .iter()
            .filter(|&&s| self.fields.get(s as usize).copied().unwrap_or(false))
            .map(|&s| self.names[s as usize].clone())
            .collect()
    }

    fn class(&self) -> Vec<String> {
        let f = self.f;
        let mut out = Vec::new();
        let base = match f.kind {
            FunctionKind::Coroutine => "_Coroutine",
            _ => "_Generator",
        };
        out.push(format!("class {}({base}):", self.class_name));
        let all_fields: Vec<Slot> = (0..f.slots.len() as Slot)
            .filter(|&s| self.fields[s as usize])
            .collect();
        let fields = self.field_names(&all_fields);
        out.push(format!(
            "    \"\"\"The generator function `{}` as a state machine.",
            f.qualname
        ));
        out.push(String::new());
        out.push(format!(
            "    Fields (the arguments, the locals kept across a yield, the variables kept alive): {}.",
            if fields.is_empty() {
                "none".into()
            } else {
                fields.join(", ")
            }
        ));
        out.push("    States:".into());
        for s in &self.m.states {
            let what = match &s.kind {
                StateKind::Unresumed => "created, nothing run yet".to_string(),
                StateKind::Returned => "finished".to_string(),
                StateKind::Running => "running now".to_string(),
                StateKind::Suspended { line, .. } => format!("stopped at the yield on line {line}"),
            };
            let keeps = match &s.kind {
                StateKind::Returned | StateKind::Running => String::new(),
                _ => {
                    let k = self.field_names(&s.saved);
                    let alive = self.field_names(&s.kept_alive);
                    format!(
                        "; keeps {}{}",
                        if k.is_empty() {
                            "nothing".into()
                        } else {
                            k.join(", ")
                        },
                        if alive.is_empty() {
                            String::new()
                        } else {
                            format!("; keeps alive {}", alive.join(", "))
                        }
                    )
                }
            };
            out.push(format!("        {}: {what}{keeps}", s.name));
        }
        out.push("    \"\"\"".into());
        out.push(String::new());
        out.push(format!(
            "    __name__ = {}  # what `g.__name__` reads",
            py_str_repr(f.code_name())
        ));
        out.push(String::new());
        if !fields.is_empty() {
            let quoted: Vec<String> = fields.iter().map(|n| py_str_repr(n)).collect();
            let tuple = if quoted.len() == 1 {
                format!("({},)", quoted[0])
            } else {
                format!("({})", quoted.join(", "))
            };
            out.push(format!(
                "    _fields = {tuple}  # reading one that is not set: UnboundLocalError"
            ));
            out.push(String::new());
        }
        // __init__: the arguments become fields.
        let params = self.init_params();
        let pnames: Vec<String> = params
            .iter()
            .map(|&s| self.names[s as usize].clone())
            .collect();
        let mut init_args = vec!["self".to_string()];
        init_args.extend(pnames.iter().cloned());
        out.push(format!("    def __init__({}):", init_args.join(", ")));
        out.push("        self._state = 'Unresumed'".into());
        if self.handled_stack {
            out.push(
                "        self._handled = []  # the exceptions it is handling, innermost last"
                    .into(),
            );
        }
        for n in &pnames {
            out.push(format!("        self.{n} = {n}"));
        }
        out.push(String::new());
        out.push(format!(
            "    def _resume(self, {}, {}):",
            self.mode, self.value
        ));
        let body = self.resume_body();
        out.extend(indent_lines(body, 8));
        // `type(g).__name__` is 'generator' (or 'coroutine') in CPython.
        let kind = match f.kind {
            FunctionKind::Coroutine => "coroutine",
            _ => "generator",
        };
        out.push(format!("{}.__name__ = '{kind}'", self.class_name));
        out
    }

    fn resume_body(&self) -> Vec<String> {
        let f = self.f;
        let mut out = Vec::new();
        // Declarations: globals and cells assigned here.
        let mut globals = Vec::new();
        let mut nonlocals = Vec::new();
        let note_target = |t: &Target, globals: &mut Vec<String>, nonlocals: &mut Vec<String>| {
            collect_target_names(t, &mut |t| match t {
                Target::Global(g) => {
                    let n = self
                        .p
                        .program
                        .globals
                        .get(*g as usize)
                        .cloned()
                        .unwrap_or_default();
                    if !globals.contains(&n) {
                        globals.push(n);
                    }
                }
                Target::Cell(s) => {
                    let n = self.slot(*s);
                    if !nonlocals.contains(&n) {
                        nonlocals.push(n);
                    }
                }
                _ => {}
            });
        };
        for b in &f.blocks {
            for s in &b.stmts {
                match &s.kind {
                    StmtKind::Assign { target, .. } | StmtKind::Delete(target) => {
                        note_target(target, &mut globals, &mut nonlocals)
                    }
                    _ => {}
                }
                visit_stmt_exprs(&s.kind, &mut |e| {
                    if let ExprKind::NamedExpr { target, .. } = &e.kind {
                        note_target(target, &mut globals, &mut nonlocals);
                    }
                });
            }
            // A `for` over a `global` loop variable stores each item into the global.
            if let Terminator::ForNext {
                item: crate::cfg::Place::Global(g),
                ..
            } = b.term
            {
                note_target(&Target::Global(g), &mut globals, &mut nonlocals);
            }
        }
        // A cell the body only reads still needs `nonlocal` when an inner `def` in the
        // body would otherwise make it local: declare every own cell.
        for &c in &f.cell_slots {
            let n = self.slot(c);
            if !nonlocals.contains(&n) {
                nonlocals.push(n);
            }
        }
        if !globals.is_empty() {
            out.push(format!("global {}", globals.join(", ")));
        }
        if !nonlocals.is_empty() {
            out.push(format!("nonlocal {}", nonlocals.join(", ")));
        }
        let (mode, value, block, state) = (&self.mode, &self.value, &self.block, &self.state);
        out.push(format!("{state} = self._state"));
        out.push("self._state = 'Running'".into());
        out.push(format!("if {state} == 'Unresumed':"));
        out.push(format!("    {block} = 0"));
        for s in &self.m.states {
            let StateKind::Suspended {
                resume,
                sent,
                throw_to,
                line,
                ..
            } = &s.kind
            else {
                continue;
            };
            out.push(format!(
                "elif {state} == '{}':  # the yield on line {line}",
                s.name
            ));
            out.push(format!("    if {mode} == 'throw':"));
            match throw_to {
                Some(h) => {
                    out.push(
                        "        # raised at the yield: the handler covering it takes over".into(),
                    );
                    if self.handled_stack {
                        out.push(format!("        del self._handled[{}:]", h.handled_depth));
                    }
                    out.push(format!("        {} = {value}", self.slot(h.exc_slot)));
                    out.push(format!("        {block} = {}", h.target));
                }
                None => {
                    out.push("        # no try covers the yield: it leaves the generator".into());
                    out.push(format!("        self._reraise({value})"));
                }
            }
            out.push("    else:".into());
            if let Some(s) = sent {
                out.push(format!("        {} = {value}", self.slot(*s)));
            }
            out.push(format!("        {block} = {resume}"));
        }
        out.push("else:".into());
        out.push(format!("    raise SystemError('bad state ' + {state})"));
        // The static handler table: block -> handler.
        let mut table: Vec<(crate::cfg::Handler, Vec<usize>)> = Vec::new();
        for (i, b) in f.blocks.iter().enumerate() {
            if let Some(h) = b.handler {
                match table.iter_mut().find(|(x, _)| *x == h) {
                    Some((_, v)) => v.push(i),
                    None => table.push((h, vec![i])),
                }
            }
        }
        let mut chain = Vec::new();
        for (i, b) in f.blocks.iter().enumerate() {
            let kw = if i == 0 { "if" } else { "elif" };
            chain.push(format!("{kw} {block} == {i}:"));
            let lines = self.block_lines(i as BlockId, &b.stmts, &b.term, false);
            chain.extend(indent_lines(lines, 4));
        }
        out.push("while True:".into());
        if table.is_empty() {
            // No `try` in the function: every exception leaves the generator.
            out.extend(indent_lines(chain, 4));
            return out;
        }
        out.push("    try:".into());
        if self.handled_stack {
            out.push(
                "        # Python sees the exception this generator is handling (if any) as".into(),
            );
            out.push("        # handled while the block runs: see `_rehandle`.".into());
            chain.push("continue  # to the next block (this drops what `_rehandle` raised)".into());
            out.extend(rehandled(chain, 8));
        } else {
            out.extend(indent_lines(chain, 8));
        }
        out.push(format!("    except BaseException as {}:", self.raised));
        out.push(
            "        # Where an exception raised in each block goes (the static handler table)."
                .into(),
        );
        for (n, (h, blocks)) in table.iter().enumerate() {
            let kw = if n == 0 { "if" } else { "elif" };
            let list: Vec<String> = blocks.iter().map(|b| b.to_string()).collect();
            let cond = if list.len() == 1 {
                format!("{block} == {}", list[0])
            } else {
                format!("{block} in ({})", list.join(", "))
            };
            out.push(format!("        {kw} {cond}:"));
            if self.handled_stack {
                out.push(format!(
                    "            del self._handled[{}:]",
                    h.handled_depth
                ));
            }
            out.push(format!(
                "            {} = {}",
                self.slot(h.exc_slot),
                self.raised
            ));
            out.push(format!("            {block} = {}", h.target));
        }
        out.push("        else:".into());
        out.push("            raise".into());
        out
    }

    /// A block's statements and terminator. Entering or leaving an `except` body changes
    /// the exception Python must see as handled, so if code that may raise follows in
    /// the same block, it runs inside `_rehandle` again.
    fn block_lines(
        &self,
        here: BlockId,
        stmts: &[crate::cfg::Stmt],
        term: &Terminator,
        nested: bool,
    ) -> Vec<String> {
        let mut lines = Vec::new();
        for (k, s) in stmts.iter().enumerate() {
            self.stmt(&s.kind, &mut lines);
            let changes = matches!(s.kind, StmtKind::EnterExcept(_) | StmtKind::ExitExcept(_));
            let rest = &stmts[k + 1..];
            if self.handled_stack
                && changes
                && (rest.iter().any(|s| stmt_may_raise(&s.kind)) || term_may_raise(term))
            {
                lines.push("# the rest of the block handles the new innermost exception".into());
                let inner = self.block_lines(here, rest, term, true);
                lines.extend(rehandled(inner, 0));
                return lines;
            }
        }
        self.terminator(here, term, &mut lines);
        if nested
            && matches!(
                term,
                Terminator::Jump(_)
                    | Terminator::Branch { .. }
                    | Terminator::ForNext { .. }
                    | Terminator::Send { .. }
                    | Terminator::EndFinally { .. }
            )
        {
            lines.push("continue".into());
        }
        lines
    }

    fn state_of_block(&self, b: BlockId) -> Option<&super::State> {
        self.m
            .states
            .iter()
            .find(|s| matches!(&s.kind, StateKind::Suspended { block, .. } if *block == b))
    }

    fn stmt(&self, s: &StmtKind, out: &mut Vec<String>) {
        self.defs_for(s, out);
        match s {
            StmtKind::Assign { target, value } => {
                if let ExprKind::MakeFunction { func, .. } = &value.kind {
                    // `def inner` already bound the name.
                    if self
                        .def_name(*func)
                        .is_some_and(|n| n == self.target(target))
                    {
                        return;
                    }
                }
                if let ExprKind::InPlaceOp { op, left, right } = &value.kind {
                    let t = self.target(target);
                    if self.expr(left, 0) == t {
                        out.push(format!("{t} {}= {}", op.symbol(), self.expr(right, TEST)));
                        return;
                    }
                }
                out.push(format!("{} = {}", self.target(target), self.expr(value, 0)));
            }
            StmtKind::Expr(e) => out.push(self.expr(e, 0)),
            StmtKind::Delete(t) => out.push(format!("del {}", self.target(t))),
            StmtKind::EnterExcept(slot) => {
                if self.handled_stack {
                    out.push(format!("self._handled.append({})", self.slot(*slot)));
                } else {
                    out.push(format!("pass  # now handling {}", self.slot(*slot)));
                }
            }
            StmtKind::ExitExcept(slot) => {
                if self.handled_stack {
                    out.push("self._handled.pop()".into());
                }
                // The exception ends here (CPython's `POP_EXCEPT`), unless still held.
                out.push(format!("{} = None  # done handling it", self.slot(*slot)));
            }
            StmtKind::SetCompletion { slot, completion } => {
                let c = match completion {
                    CompletionRecord::Normal => "('normal', None)".to_string(),
                    CompletionRecord::Return(e) => format!("('return', {})", self.expr(e, TEST)),
                    CompletionRecord::Jump(b) => format!("('jump', {b})"),
                    CompletionRecord::Raise(s) => format!("('raise', {})", self.slot(*s)),
                };
                out.push(format!("{} = {c}", self.slot(*slot)));
            }
        }
    }

    fn terminator(&self, here: BlockId, t: &Terminator, out: &mut Vec<String>) {
        let block = &self.block;
        let mut defs = Vec::new();
        visit_terminator(t, &mut |e| self.def_for_expr(e, &mut defs));
        out.extend(defs);
        match t {
            Terminator::Jump(b) => out.push(format!("{block} = {b}")),
            Terminator::Branch {
                cond,
                then,
                otherwise,
            } => out.push(format!(
                "{block} = {then} if {} else {otherwise}",
                self.expr(cond, TEST + 1)
            )),
            Terminator::ForNext {
                iter,
                item,
                body,
                exhausted,
            } => {
                out.push("try:".into());
                out.push(format!(
                    "    {} = {}({})",
                    crate::cfg::place_text(self, *item),
                    Spelling::builtin(self, "next"),
                    crate::cfg::place_text(self, *iter)
                ));
                out.push(format!(
                    "except {}:",
                    Spelling::builtin(self, "StopIteration")
                ));
                out.push(format!("    {block} = {exhausted}"));
                out.push("else:".into());
                out.push(format!("    {block} = {body}"));
            }
            Terminator::Send {
                delegate,
                sent,
                yielded,
                result,
                then,
                done,
                unbind,
            } => {
                let (d, y) = (self.slot(*delegate), self.slot(*yielded));
                let next = Spelling::builtin(self, "next");
                out.push("try:".into());
                match sent {
                    None => out.push(format!("    {y} = {next}({d})")),
                    Some(s) => {
                        let s = self.slot(*s);
                        out.push(format!("    if {s} is None:"));
                        out.push(format!("        {y} = {next}({d})"));
                        out.push("    else:".into());
                        out.push(format!("        {y} = {d}.send({s})"));
                    }
                }
                let raised = &self.raised;
                let stop = Spelling::builtin(self, "StopIteration");
                out.push(format!("except {stop} as {raised}:"));
                out.push(format!("    {} = {raised}.value", self.slot(*result)));
                if let Some(u) = unbind {
                    // As the end of `except StopIteration as e` does.
                    let e = self.target(&Target::Local(*u));
                    out.push(format!("    {e} = None"));
                    out.push(format!("    del {e}"));
                }
                out.push(format!("    {block} = {done}"));
                out.push("else:".into());
                out.push(format!("    {block} = {then}"));
            }
            Terminator::Return(e) => {
                out.push(format!("return self._return({})", self.expr(e, TEST)))
            }
            Terminator::Raise { exc, cause } => match cause {
                None => out.push(format!("raise {}", self.expr(exc, TEST))),
                Some(c) => out.push(format!(
                    "raise {} from {}",
                    self.expr(exc, TEST),
                    self.expr(c, TEST)
                )),
            },
            Terminator::Reraise(s) => out.push(format!("self._reraise({})", self.slot(*s))),
            // The generator's handled exception if any (see `_rehandle`), else the
            // caller's.
            Terminator::RaiseHandled => out.push("raise".into()),
            Terminator::EndFinally {
                completion,
                after,
                outer,
            } => {
                let c = self.slot(*completion);
                out.push(format!("if {c}[0] == 'normal':"));
                out.push(format!("    {block} = {after}"));
                out.push(format!("elif {c}[0] == 'jump':"));
                out.push(format!("    {block} = {c}[1]"));
                out.push(format!("elif {c}[0] == 'return':"));
                match outer {
                    Some((slot, b)) => {
                        out.push(format!(
                            "    {} = {c}  # the outer finally runs next",
                            self.slot(*slot)
                        ));
                        out.push(format!("    {block} = {b}"));
                    }
                    None => out.push(format!("    return self._return({c}[1])")),
                }
                out.push("else:".into());
                out.push(format!("    self._reraise({c}[1])"));
            }
            Terminator::Yield { value, .. } => {
                let Some(state) = self.state_of_block(here) else {
                    out.push("raise SystemError('peel: a yield without a state')".into());
                    return;
                };
                let all: Vec<Slot> = (0..self.f.slots.len() as Slot)
                    .filter(|&s| {
                        self.fields[s as usize]
                            && !state.saved.contains(&s)
                            && !state.kept_alive.contains(&s)
                    })
                    .collect();
                let drop = self.field_names(&all);
                let keeps = self.field_names(&state.saved);
                // Kept alive: CPython's frame keeps them (they are dead here), and so does
                // this object, whatever they hold (keeping a value with no visible end
                // shows no more than dropping it).
                let alive = self.field_names(&state.kept_alive);
                out.push(format!(
                    "# yield: {} keeps {}{}",
                    state.name,
                    if keeps.is_empty() {
                        "nothing".into()
                    } else {
                        keeps.join(", ")
                    },
                    if alive.is_empty() {
                        String::new()
                    } else {
                        format!("; keeps alive {}", alive.join(", "))
                    }
                ));
                if drop.is_empty() {
                    out.push(format!(
                        "return self._suspend('{}', {})",
                        state.name,
                        self.expr(value, TEST)
                    ));
                } else {
                    // The value may read a field the new state drops: compute it first.
                    let quoted: Vec<String> = drop.iter().map(|n| py_str_repr(n)).collect();
                    out.push(format!("{} = {}", self.yielded, self.expr(value, 0)));
                    out.push(format!("self._forget({})", quoted.join(", ")));
                    out.push(format!(
                        "return self._suspend('{}', {})",
                        state.name, self.yielded
                    ));
                }
            }
            Terminator::Unreachable => out.push("raise SystemError('unreachable block')".into()),
        }
    }

    fn target(&self, t: &Target) -> String {
        target_text(self, t)
    }

    fn global(&self, g: u32) -> String {
        self.p
            .program
            .globals
            .get(g as usize)
            .cloned()
            .unwrap_or_else(|| format!("_global_{g}"))
    }

    // ---------------------------------------------------------------- inner functions

    /// The name a `def` printed for an inner function binds (None: printed inline).
    fn def_name(&self, func: FuncId) -> Option<String> {
        let f = self.p.program.functions.get(func as usize)?;
        if f.name.starts_with('<') {
            return None;
        }
        Some(py_ident(&f.name))
    }

    /// Prints the `def`s (and generator classes) a statement creates, before it.
    fn defs_for(&self, s: &StmtKind, out: &mut Vec<String>) {
        visit_stmt_exprs(s, &mut |e| self.def_for_expr(e, out));
    }

    fn def_for_expr(&self, e: &Expr, out: &mut Vec<String>) {
        let ExprKind::MakeFunction {
            func,
            defaults,
            kw_defaults,
            annotations,
            ..
        } = &e.kind
        else {
            return;
        };
        // Annotations come from the CFG too, evaluated where the `def` runs.
        let annotations: Vec<(String, String)> = annotations
            .iter()
            .flat_map(|a| &a.items)
            .map(|(n, a)| (n.clone(), self.expr(a, TEST)))
            .collect();
        let annotation_of = |n: &str| {
            annotations
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, a)| a.clone())
        };
        let Some(name) = self.def_name(*func) else {
            return;
        };
        let Some(inner) = self.p.program.functions.get(*func as usize) else {
            return;
        };
        let defaults: Vec<String> = defaults.iter().map(|d| self.expr(d, TEST)).collect();
        let kw_defaults: Vec<(String, String)> = kw_defaults
            .iter()
            .map(|(n, d)| (n.clone(), self.expr(d, TEST)))
            .collect();
        if is_machine_kind(inner.kind) && self.p.machine(*func).is_some() {
            let (class, factory) = self.p.generator(*func, &defaults);
            let header = cfg_params(inner, &defaults, &kw_defaults, &annotation_of);
            let cells = self.p.has_cells(*func);
            if !cells {
                out.extend(class.clone());
            }
            let returns = annotation_of("return")
                .map(|r| format!(" -> {r}"))
                .unwrap_or_default();
            out.push(format!("def {name}({header}){returns}:"));
            if let Some(doc) = &inner.doc {
                out.push(format!("    {}", crate::pyrepr::str_repr(doc)));
            }
            if cells {
                out.extend(indent_lines(class, 4));
            }
            out.extend(indent_lines(factory, 4));
            return;
        }
        // A plain function: its body as the learner wrote it (desugared).
        let Some(def) = self.p.nodes.defs.get(&key(inner.span)) else {
            out.push(format!("def {name}(*args, **kwargs):"));
            out.push("    raise NotImplementedError('peel: inner function not found')".into());
            return;
        };
        let mut def = def.clone();
        def.decorators.clear();
        let mut replace: Vec<(String, String)> = Vec::new();
        let placeholder = |text: String, at: crate::span::Span, replace: &mut Vec<_>| {
            let ph = format!("__peel_annotation_{}__", replace.len());
            replace.push((ph.clone(), text));
            ast::Expr::new(ast::ExprKind::Name(ph), at)
        };
        def.returns = annotation_of("return").map(|r| placeholder(r, def.name.span, &mut replace));
        let mut slots = Vec::new();
        for (i, p) in all_params_mut(&mut def.params).enumerate() {
            p.annotation =
                annotation_of(&p.name.id).map(|a| placeholder(a, p.name.span, &mut replace));
            if p.default.is_some() {
                p.default = Some(ast::Expr::new(
                    ast::ExprKind::Name(format!("__peel_default_{i}__")),
                    p.name.span,
                ));
                slots.push((i, p.name.id.clone()));
            }
        }
        let mut lines = self.p.ast_stmts(
            &[ast::Stmt::new(
                ast::StmtKind::FunctionDef(Box::new(def)),
                inner.span,
            )],
            0,
        );
        // Defaults come from the CFG: they are evaluated here, in `_resume`.
        let positional = (inner.params.posonly + inner.params.positional) as usize;
        let first_default = positional.saturating_sub(defaults.len());
        for (i, pname) in &slots {
            let text = if *i < positional {
                defaults.get(i.saturating_sub(first_default)).cloned()
            } else {
                kw_defaults
                    .iter()
                    .find(|(n, _)| n == pname)
                    .map(|(_, d)| d.clone())
            };
            replace.push((
                format!("__peel_default_{i}__"),
                text.unwrap_or_else(|| "None".into()),
            ));
        }
        if let Some(first) = lines.first_mut() {
            for (from, to) in &replace {
                *first = first.replace(from, to);
            }
        }
        out.append(&mut lines);
    }

    /// A lambda or comprehension, printed inline from the AST.
    fn inline_function(
        &self,
        func: FuncId,
        defaults: &[String],
        iter_arg: Option<String>,
    ) -> String {
        let Some(inner) = self.p.program.functions.get(func as usize) else {
            return "None".into();
        };
        let Some(node) = self.p.nodes.exprs.get(&key(inner.span)) else {
            return "(lambda *args, **kwargs: None)".into();
        };
        let mut node = node.clone();
        let mut replace: Vec<(String, String)> = Vec::new();
        match &mut node.kind {
            ast::ExprKind::Lambda { params, .. } => {
                let mut k = 0;
                for (i, p) in all_params_mut(params).enumerate() {
                    if p.default.is_some() {
                        let ph = format!("__peel_default_{i}__");
                        p.default =
                            Some(ast::Expr::new(ast::ExprKind::Name(ph.clone()), p.name.span));
                        replace.push((
                            ph,
                            defaults.get(k).cloned().unwrap_or_else(|| "None".into()),
                        ));
                        k += 1;
                    }
                }
            }
            ast::ExprKind::ListComp { generators, .. }
            | ast::ExprKind::SetComp { generators, .. }
            | ast::ExprKind::DictComp { generators, .. }
            | ast::ExprKind::GeneratorExp { generators, .. } => {
                if let (Some(g), Some(arg)) = (generators.first_mut(), iter_arg) {
                    let ph = "__peel_outer_iterable__".to_string();
                    g.iter = ast::Expr::new(ast::ExprKind::Name(ph.clone()), g.iter.span);
                    replace.push((ph, arg));
                }
            }
            _ => {}
        }
        let text = ast::print::python(&ast::Module {
            body: vec![ast::Stmt::new(ast::StmtKind::Expr(node), inner.span)],
            span: Span::new(0, 0),
            temporaries: Default::default(),
        });
        let mut text = text.trim_end().to_string();
        for (from, to) in &replace {
            text = text.replace(from, to);
        }
        format!("({text})")
    }

    // ---------------------------------------------------------------- expressions

    /// An expression, parenthesised if its precedence is below `min`.
    fn expr(&self, e: &Expr, min: u8) -> String {
        expr_text(self, e, min)
    }

    /// An f-string as concatenated `format()` calls: always valid Python, whatever
    /// quotes its expressions contain.
    fn fstring(&self, pieces: &[FStringPiece]) -> String {
        let mut parts = Vec::new();
        for p in pieces {
            match p {
                FStringPiece::Literal(text) => parts.push(py_str_repr(text)),
                FStringPiece::Value {
                    expr,
                    conversion,
                    spec,
                } => {
                    let mut v = self.expr(expr, TEST);
                    match conversion {
                        Some('r') => v = format!("repr({v})"),
                        Some('s') => v = format!("str({v})"),
                        Some('a') => v = format!("ascii({v})"),
                        _ => {}
                    }
                    let spec = if spec.is_empty() {
                        "''".to_string()
                    } else {
                        self.fstring(spec)
                    };
                    parts.push(format!("format({v}, {spec})"));
                }
            }
        }
        if parts.is_empty() {
            return "''".into();
        }
        if parts.len() == 1 {
            return parts.remove(0);
        }
        format!("({})", parts.join(" + "))
    }
}

impl Spelling for Gen<'_, '_> {
    fn constant(&self, c: u32) -> (String, u8) {
        match self.f.consts.get(c as usize) {
            Some(Const::Float(x)) if !x.is_finite() => {
                (format!("float('{}')", const_repr(&Const::Float(*x))), ATOM)
            }
            Some(Const::Int(i)) if *i < 0 => (i.to_string(), FACTOR),
            Some(Const::Float(x)) if x.is_sign_negative() => {
                (const_repr(&Const::Float(*x)), FACTOR)
            }
            Some(Const::BigInt(s)) if s.starts_with('-') => (s.clone(), FACTOR),
            Some(c) => (const_repr(c), ATOM),
            None => ("None".into(), ATOM),
        }
    }

    fn slot(&self, s: Slot) -> String {
        Gen::slot(self, s)
    }

    fn builtin(&self, name: &str) -> String {
        self.p
            .aliases
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    fn global(&self, g: u32) -> String {
        Gen::global(self, g)
    }

    fn function_name(&self, f: FuncId) -> String {
        self.p
            .program
            .functions
            .get(f as usize)
            .map_or_else(String::new, |f| f.qualname.clone())
    }

    /// What the CFG printer shows as pseudo-code, spelled as Python that runs: in-place
    /// operators, f-strings, inner functions and comprehensions, imports, except-clause
    /// matches, and `:=` into a field.
    fn special(&self, e: &Expr) -> Option<(String, u8)> {
        Some(match &e.kind {
            ExprKind::InPlaceOp { op, left, right } => (
                format!(
                    "__import__('operator').{}({}, {})",
                    inplace_name(*op),
                    self.expr(left, TEST),
                    self.expr(right, TEST)
                ),
                ATOM,
            ),
            ExprKind::Call { func, args, kwargs } => {
                // A comprehension called at once is printed inline, as the comprehension.
                let ExprKind::MakeFunction { func: id, .. } = &func.kind else {
                    return None;
                };
                let is_comp = self
                    .p
                    .program
                    .functions
                    .get(*id as usize)
                    .is_some_and(|f| f.name.starts_with('<') && f.name != "<lambda>");
                let (true, [CallArg::Positional(arg)], []) =
                    (is_comp, args.as_slice(), kwargs.as_slice())
                else {
                    return None;
                };
                let outer = match &arg.kind {
                    ExprKind::Iter(inner) => self.expr(inner, TEST),
                    _ => self.expr(arg, TEST),
                };
                (self.inline_function(*id, &[], Some(outer)), ATOM)
            }
            ExprKind::FString(pieces) => (self.fstring(pieces), ATOM),
            ExprKind::MakeFunction { func, defaults, .. } => match self.def_name(*func) {
                Some(n) => (n, ATOM),
                None => {
                    let d: Vec<String> = defaults.iter().map(|d| self.expr(d, TEST)).collect();
                    (self.inline_function(*func, &d, None), ATOM)
                }
            },
            ExprKind::Import(name) => (format!("__import__({})", py_str_repr(name)), ATOM),
            ExprKind::ImportFrom { module, name } => (
                format!(
                    "__import__({}, fromlist=[{n}]).{}",
                    py_str_repr(module),
                    name,
                    n = py_str_repr(name)
                ),
                ATOM,
            ),
            ExprKind::ExcMatch { exc, typ } => (
                format!(
                    "isinstance({}, {})",
                    self.expr(exc, TEST),
                    self.expr(typ, TEST)
                ),
                ATOM,
            ),
            ExprKind::NamedExpr { target, value } => match &**target {
                Target::Local(s) if self.fields[*s as usize] => (
                    format!(
                        "self._store({}, {})",
                        py_str_repr(&self.names[*s as usize]),
                        self.expr(value, TEST)
                    ),
                    ATOM,
                ),
                _ => return None,
            },
            _ => return None,
        })
    }
}

/// `body` run in the `finally` clause after `self._rehandle()`, at `indent` spaces: with
/// the generator's innermost handled exception, if any, being handled. A body that does
/// not leave `_resume` must end with `continue`: falling off the end of the `finally`
/// would raise that exception again.
fn rehandled(body: Vec<String>, indent: usize) -> Vec<String> {
    let mut out = vec![
        "try:".to_string(),
        "    self._rehandle()".to_string(),
        "finally:".to_string(),
        "    self._restore()".to_string(),
    ];
    out.extend(indent_lines(body, 4));
    indent_lines(out, indent)
}

/// Whether a statement can raise (and so needs the right handled exception). Moving a
/// value between slots cannot.
fn stmt_may_raise(s: &StmtKind) -> bool {
    let simple = |e: &Expr| {
        matches!(
            e.kind,
            ExprKind::Local(_) | ExprKind::Cell(_) | ExprKind::Const(_)
        )
    };
    match s {
        StmtKind::Assign {
            target: Target::Local(_) | Target::Cell(_),
            value,
        } => !simple(value),
        StmtKind::Delete(Target::Local(_) | Target::Cell(_)) => false,
        StmtKind::EnterExcept(_) | StmtKind::ExitExcept(_) => false,
        StmtKind::SetCompletion { completion, .. } => match completion {
            CompletionRecord::Return(e) => !simple(e),
            _ => false,
        },
        _ => true,
    }
}

fn term_may_raise(t: &Terminator) -> bool {
    !matches!(t, Terminator::Jump(_))
}

/// `def` parameters of a CFG function with defaults already printed.
fn cfg_params(
    f: &Function,
    defaults: &[String],
    kw_defaults: &[(String, String)],
    annotation_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    let p = &f.params;
    let raw = |s: u32| {
        f.slots
            .get(s as usize)
            .map(|x| x.name.as_str())
            .unwrap_or("_")
    };
    // `name` or `name: annotation`, as the learner wrote it.
    let name = |s: u32| {
        let mut text = py_ident(raw(s));
        if let Some(a) = annotation_of(raw(s)) {
            let _ = write!(text, ": {a}");
        }
        text
    };
    let mut params = Vec::new();
    let positional = (p.posonly + p.positional) as usize;
    let first_default = positional.saturating_sub(defaults.len());
    for i in 0..positional {
        let mut s = name(i as u32);
        if i >= first_default {
            let _ = write!(s, "={}", defaults[i - first_default]);
        }
        params.push(s);
        if p.posonly > 0 && i + 1 == p.posonly as usize {
            params.push("/".into());
        }
    }
    if let Some(v) = p.vararg {
        params.push(format!("*{}", name(v)));
    } else if p.kwonly > 0 {
        params.push("*".into());
    }
    for i in 0..p.kwonly as usize {
        let slot = (positional + i) as u32;
        let shown = name(slot);
        match kw_defaults.iter().find(|(k, _)| k == raw(slot)) {
            Some((_, d)) => params.push(format!("{shown}={d}")),
            None => params.push(shown),
        }
    }
    if let Some(k) = p.kwarg {
        params.push(format!("**{}", name(k)));
    }
    params.join(", ")
}

fn collect_target_names(t: &Target, f: &mut dyn FnMut(&Target)) {
    f(t);
    if let Target::Unpack { targets, .. } = t {
        for t in targets {
            collect_target_names(t, f);
        }
    }
}

fn inplace_name(op: crate::ast::BinOp) -> &'static str {
    use crate::ast::BinOp::*;
    match op {
        Add => "iadd",
        Sub => "isub",
        Mult => "imul",
        MatMult => "imatmul",
        Div => "itruediv",
        FloorDiv => "ifloordiv",
        Mod => "imod",
        Pow => "ipow",
        LShift => "ilshift",
        RShift => "irshift",
        BitAnd => "iand",
        BitOr => "ior",
        BitXor => "ixor",
    }
}
