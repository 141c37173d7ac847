//! Lowering: the resolved AST becomes basic blocks.
//!
//! Structured statements (`if`, `while`, `for`, `try`) turn into blocks joined by explicit
//! jumps; expressions stay trees. The builder keeps, like CPython's compiler, a stack of
//! the *frame blocks* the current statement is nested in (loops, `except` bodies,
//! `finally` regions): a `break`, `continue` or `return` walks that stack outwards and
//! emits what each level needs on the way out (leave the `except` body, run the `finally`
//! block through a completion record, ...).
//!
//! Every nested `def`, `lambda`, comprehension and generator expression becomes its own
//! `Function`; the enclosing code creates it with `MakeFunction`, which evaluates the
//! default values there and then and hands over the closure cells.

use rustc_hash::FxHashMap as HashMap;

use crate::ast::{self, ExprKind as A, StmtKind as S};
use crate::resolve::{ClassFallback, FunctionScope, NameRef, ScopeKind, Scopes};
use crate::span::Span;

use super::ir::*;

/// How a placeholder for valid Python peel cannot run starts (see `Builder::not_yet`).
const NOT_YET: &str = "peel cannot run this yet: ";

/// Whether a module's own code (not its functions') annotates anything: then it starts by
/// making `__annotations__`.
fn has_annotations(body: &[ast::Stmt]) -> bool {
    use ast::StmtKind as S;
    body.iter().any(|s| match &s.kind {
        S::AnnAssign { .. } => true,
        S::If { body, orelse, .. }
        | S::For { body, orelse, .. }
        | S::While { body, orelse, .. } => has_annotations(body) || has_annotations(orelse),
        S::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            has_annotations(body)
                || handlers.iter().any(|h| has_annotations(&h.body))
                || has_annotations(orelse)
                || has_annotations(finalbody)
        }
        S::With { body, .. } => has_annotations(body),
        _ => false,
    })
}

pub fn build_program(module: &ast::Module, scopes: &Scopes) -> Program {
    let mut builder = Builder {
        scopes,
        functions: Vec::new(),
        globals: scopes.globals.clone(),
        aliases: builtin_aliases(module),
        loose_names: crate::desugar::names_outside_own_handlers(&module.body),
        unsupported: Vec::new(),
    };
    builder.functions.push(None);
    let fallback;
    let scope = match scopes.module() {
        Some(s) => s,
        None => {
            fallback = empty_scope(ScopeKind::Module, module.span);
            &fallback
        }
    };
    let mut f = FnState::new(scope, FunctionKind::Module);
    if has_annotations(&module.body) {
        // CPython's SETUP_ANNOTATIONS: a module that annotates a name gets a fresh
        // `__annotations__` before its first statement.
        let target = builder.name_target(&f, "__annotations__");
        let value = Expr::new(ExprKind::Dict(Vec::new()), module.span);
        f.emit(StmtKind::Assign { target, value }, module.span);
    }
    builder.block(&mut f, &module.body);
    let end = module.body.last().map(|s| s.span).unwrap_or(module.span);
    let none = f.constant(Const::None, end);
    f.terminate(Terminator::Return(none), end);
    let mut main = f.finish(scope, module.span);
    main.doc = docstring(&module.body);
    builder.functions[0] = Some(main);
    let functions = builder
        .functions
        .into_iter()
        .map(|f| f.unwrap_or_else(dummy_function))
        .collect();
    let mut unsupported = builder.unsupported;
    unsupported.sort_by_key(|(_, span)| span.start);
    let on_stack = builder
        .globals
        .iter()
        .map(|g| module.temporaries.contains(g))
        .collect();
    Program {
        functions,
        globals: builder.globals,
        on_stack,
        unsupported,
    }
}

/// The docstring of a body: its first statement, when that is a string literal.
fn docstring(body: &[ast::Stmt]) -> Option<String> {
    match body.first().map(|s| &s.kind) {
        Some(ast::StmtKind::Expr(ast::Expr {
            kind: ast::ExprKind::Constant(ast::Constant::Str(s)),
            ..
        })) => Some(s.clone()),
        _ => None,
    }
}

fn empty_scope(kind: ScopeKind, span: Span) -> FunctionScope {
    FunctionScope {
        kind,
        name: "<module>".into(),
        qualname: "<module>".into(),
        span,
        parent: None,
        is_async: false,
        is_generator: false,
        is_coroutine: false,
        slots: Vec::new(),
        params: ParamSpec::default(),
        cell_slots: Vec::new(),
        free_slots: Vec::new(),
        free_names: Vec::new(),
        names: HashMap::default(),
    }
}

fn dummy_function() -> Function {
    Function {
        name: "<missing>".into(),
        qualname: "<missing>".into(),
        kind: FunctionKind::Function,
        params: ParamSpec::default(),
        slots: Vec::new(),
        cell_slots: Vec::new(),
        free_slots: Vec::new(),
        consts: vec![Const::None],
        blocks: vec![Block {
            stmts: Vec::new(),
            term: Terminator::Return(Expr::new(ExprKind::Const(0), Span::default())),
            term_span: Span::default(),
            handler: None,
        }],
        span: Span::default(),
        doc: None,
        attr_sites: 0,
    }
}

struct Builder<'s> {
    scopes: &'s Scopes,
    functions: Vec<Option<Function>>,
    globals: Vec<String>,
    /// The desugarer's aliases of builtins the program rebinds (`_builtin_next = next`,
    /// first in the module): alias -> builtin. A use of an alias is the builtin itself.
    aliases: HashMap<String, String>,
    /// `desugar::names_outside_own_handlers` of the module: an `except StopIteration as
    /// e` that a `Send` replaces unbinds `e` only if `e` is in it.
    loose_names: rustc_hash::FxHashSet<String>,
    /// What `not_yet` stood in for (see `Program::unsupported`).
    unsupported: Vec<(Unsupported, Span)>,
}

/// The `Place` a plain local or global name is (`None` for a cell or a builtin).
fn place_of(r: NameRef) -> Option<Place> {
    match r {
        NameRef::Local(s) => Some(Place::Local(s)),
        NameRef::Global(g) => Some(Place::Global(g)),
        NameRef::Cell(_) | NameRef::Builtin | NameRef::Class(_) => None,
    }
}

/// The aliases `desugar` put at the top of the module: `alias = builtin` statements of
/// zero width (no source text can make one), before anything of the program's own.
pub fn builtin_aliases(module: &ast::Module) -> HashMap<String, String> {
    let mut aliases = HashMap::default();
    for s in &module.body {
        let S::Assign { targets, value } = &s.kind else {
            break;
        };
        match (targets.as_slice(), &value.kind) {
            ([t], A::Name(b)) if s.span.start == s.span.end => match &t.kind {
                A::Name(a) => aliases.insert(a.clone(), b.clone()),
                _ => break,
            },
            _ => break,
        };
    }
    aliases
}

/// Every block control can reach from `buf`: its handler, the targets of the jump
/// completions it records for a `finally`, and its terminator's successors.
fn buf_successors(buf: &BlockBuf, succ: &mut Vec<BlockId>) {
    succ.clear();
    if let Some(h) = buf.handler {
        succ.push(h.target);
    }
    for s in &buf.stmts {
        if let StmtKind::SetCompletion {
            completion: CompletionRecord::Jump(t),
            ..
        } = s.kind
        {
            succ.push(t);
        }
    }
    if let Some((term, _)) = &buf.term {
        succ.extend(term.targets());
    }
}

/// Replaces the block `b` each jump completion in `stmts` names by `map(b)`.
fn retarget_completions(stmts: &mut [Stmt], map: &impl Fn(BlockId) -> BlockId) {
    for s in stmts {
        if let StmtKind::SetCompletion {
            completion: CompletionRecord::Jump(t),
            ..
        } = &mut s.kind
        {
            *t = map(*t);
        }
    }
}

/// A block being filled.
#[derive(Default)]
struct BlockBuf {
    stmts: Vec<Stmt>,
    term: Option<(Terminator, Span)>,
    handler: Option<Handler>,
}

/// What a `break`, `continue` or `return` must pass through on its way out.
#[derive(Clone)]
enum FrameBlock {
    Loop {
        break_to: BlockId,
        continue_to: BlockId,
    },
    /// Inside an `except` body: leaving it pops the handled exception and unbinds the
    /// `as` name.
    ExceptBody {
        name: Option<Target>,
        /// The slot the exception was caught in (`EnterExcept`'s).
        exc: Slot,
        span: Span,
    },
    /// Inside the protected part of a `try` with a `finally`: leaving it runs the finally
    /// block, told what to do afterwards by the completion record in `slot`.
    TryFinally {
        slot: Slot,
        entry: BlockId,
        outer_handler: Option<Handler>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Ellipsis,
}

struct FnState<'s> {
    scope: &'s FunctionScope,
    kind: FunctionKind,
    slots: Vec<SlotInfo>,
    consts: Vec<Const>,
    const_keys: HashMap<ConstKey, ConstId>,
    str_consts: HashMap<String, ConstId>,
    blocks: Vec<BlockBuf>,
    /// Blocks in the order they were placed (what the printer shows).
    placed: Vec<BlockId>,
    current: BlockId,
    handler: Option<Handler>,
    /// How many `except` bodies the current code is inside (static).
    depth: u32,
    frames: Vec<FrameBlock>,
    /// How many temporaries of each name exist (to number the next one).
    temp_names: HashMap<String, u32>,
    scratch: HashMap<&'static str, Slot>,
    /// The attribute sites numbered so far (`AttrSite`).
    attr_sites: u32,
}

impl<'s> FnState<'s> {
    fn new(scope: &'s FunctionScope, kind: FunctionKind) -> FnState<'s> {
        let mut f = FnState {
            scope,
            kind,
            slots: scope.slots.clone(),
            consts: Vec::new(),
            const_keys: HashMap::default(),
            str_consts: HashMap::default(),
            blocks: Vec::new(),
            placed: Vec::new(),
            current: 0,
            handler: None,
            depth: 0,
            frames: Vec::new(),
            temp_names: HashMap::default(),
            scratch: HashMap::default(),
            attr_sites: 0,
        };
        let entry = f.new_block();
        f.switch_to(entry);
        f
    }

    fn new_block(&mut self) -> BlockId {
        self.blocks.push(BlockBuf {
            stmts: Vec::new(),
            term: None,
            handler: self.handler,
        });
        (self.blocks.len() - 1) as BlockId
    }

    fn switch_to(&mut self, block: BlockId) {
        self.current = block;
        self.placed.push(block);
    }

    /// Makes `handler` the handler of the code that follows (a block has one handler, so
    /// this starts a new block unless the current one is still empty).
    fn set_handler(&mut self, handler: Option<Handler>, span: Span) {
        self.handler = handler;
        let cur = &mut self.blocks[self.current as usize];
        if cur.stmts.is_empty() && cur.term.is_none() {
            cur.handler = handler;
        } else {
            let next = self.new_block();
            self.terminate(Terminator::Jump(next), span);
            self.switch_to(next);
        }
    }

    fn emit(&mut self, kind: StmtKind, span: Span) {
        if self.is_terminated() {
            let dead = self.new_block();
            self.switch_to(dead);
        }
        self.blocks[self.current as usize]
            .stmts
            .push(Stmt { kind, span });
    }

    fn is_terminated(&self) -> bool {
        self.blocks[self.current as usize].term.is_some()
    }

    /// Ends the current block. Code that follows (dead code after `return`...) goes
    /// into a fresh block that nothing jumps to; `finish` drops it.
    fn terminate(&mut self, term: Terminator, span: Span) {
        if self.is_terminated() {
            let dead = self.new_block();
            self.switch_to(dead);
        }
        self.blocks[self.current as usize].term = Some((term, span));
    }

    /// Jump to `target` and continue filling `target`.
    fn goto(&mut self, target: BlockId, span: Span) {
        self.terminate(Terminator::Jump(target), span);
        self.switch_to(target);
    }

    /// A new temporary: `$iter_x`, then `$iter_x_2`... for the next one of that name.
    fn temp(&mut self, base: &str) -> Slot {
        let n = self.temp_names.entry(base.to_string()).or_insert(0);
        *n += 1;
        let name = if *n == 1 {
            base.to_string()
        } else {
            format!("{base}_{n}")
        };
        self.slots.push(SlotInfo {
            name,
            kind: SlotKind::Temp,
            on_stack: true,
        });
        (self.slots.len() - 1) as Slot
    }

    /// A temporary whose value never outlives the statement that sets it (`$obj`,
    /// `$item`, `$return`...): one slot per name is shared by all such statements.
    fn scratch(&mut self, name: &'static str) -> Slot {
        if let Some(&slot) = self.scratch.get(name) {
            return slot;
        }
        let slot = self.temp(name);
        self.scratch.insert(name, slot);
        slot
    }

    fn intern(&mut self, c: Const) -> ConstId {
        let key = match &c {
            Const::None => Some(ConstKey::None),
            Const::Bool(b) => Some(ConstKey::Bool(*b)),
            Const::Int(i) => Some(ConstKey::Int(*i)),
            Const::Float(f) => Some(ConstKey::Float(f.to_bits())),
            Const::Ellipsis => Some(ConstKey::Ellipsis),
            _ => None,
        };
        if let Some(key) = key {
            if let Some(&id) = self.const_keys.get(&key) {
                return id;
            }
            let id = self.consts.len() as ConstId;
            self.consts.push(c);
            self.const_keys.insert(key, id);
            return id;
        }
        let text_key = match &c {
            Const::Str(s) => format!("s{s}"),
            Const::BigInt(s) => format!("i{s}"),
            Const::Bytes(b) => format!("b{b:?}"),
            _ => String::new(),
        };
        if let Some(&id) = self.str_consts.get(&text_key) {
            return id;
        }
        let id = self.consts.len() as ConstId;
        self.consts.push(c);
        self.str_consts.insert(text_key, id);
        id
    }

    fn constant(&mut self, c: Const, span: Span) -> Expr {
        let id = self.intern(c);
        Expr::new(ExprKind::Const(id), span)
    }

    fn str_const(&mut self, s: &str, span: Span) -> Expr {
        self.constant(Const::Str(s.to_string()), span)
    }

    fn local(&self, slot: Slot, span: Span) -> Expr {
        Expr::new(ExprKind::Local(slot), span)
    }

    /// A new attribute site's number.
    fn attr_site(&mut self) -> AttrSite {
        self.attr_sites += 1;
        self.attr_sites - 1
    }

    /// Drops blocks nothing reaches and numbers the rest in the order they were placed.
    fn finish(mut self, scope: &FunctionScope, span: Span) -> Function {
        for b in &mut self.blocks {
            if b.term.is_none() {
                b.term = Some((Terminator::Unreachable, span));
            }
        }
        self.simplify();
        let n = self.blocks.len();
        let mut reachable = vec![false; n];
        let mut work = vec![0 as BlockId];
        let mut succ = Vec::new();
        while let Some(b) = work.pop() {
            if reachable[b as usize] {
                continue;
            }
            reachable[b as usize] = true;
            buf_successors(&self.blocks[b as usize], &mut succ);
            work.extend(succ.iter().copied().filter(|s| (*s as usize) < n));
        }
        let mut order: Vec<BlockId> = Vec::new();
        let mut seen = vec![false; n];
        for b in self.placed.iter().copied().chain(0..n as BlockId) {
            if reachable[b as usize] && !seen[b as usize] {
                seen[b as usize] = true;
                order.push(b);
            }
        }
        let mut new_id = vec![0 as BlockId; n];
        for (i, &b) in order.iter().enumerate() {
            new_id[b as usize] = i as BlockId;
        }
        let map = |b: BlockId| new_id.get(b as usize).copied().unwrap_or(0);
        let mut blocks = Vec::with_capacity(order.len());
        for &b in &order {
            // Each block is taken once (`order` has no duplicates): moved, not copied.
            let buf = std::mem::take(&mut self.blocks[b as usize]);
            let (mut term, term_span) = buf.term.unwrap_or((Terminator::Unreachable, span));
            term.retarget(&map);
            let mut stmts = buf.stmts;
            retarget_completions(&mut stmts, &map);
            // Built by pushing, a block's list has room for twice its statements: the
            // function keeps it for the whole run.
            stmts.shrink_to_fit();
            blocks.push(Block {
                stmts,
                term,
                term_span,
                handler: buf.handler.map(|h| Handler {
                    target: map(h.target),
                    ..h
                }),
            });
        }
        Function {
            name: scope.name.clone(),
            qualname: scope.qualname.clone(),
            kind: self.kind,
            params: scope.params.clone(),
            slots: self.slots,
            cell_slots: scope.cell_slots.clone(),
            free_slots: scope.free_slots.clone(),
            consts: self.consts,
            blocks,
            span,
            doc: None,
            attr_sites: self.attr_sites,
        }
    }
}

impl FnState<'_> {
    /// Removes the clutter structured lowering leaves behind: a jump to an empty block that
    /// only jumps on goes straight to the final target, and a block that is the only way
    /// into the next one (with the same handler) absorbs it.
    fn simplify(&mut self) {
        let n = self.blocks.len();
        let forward_once = |blocks: &[BlockBuf], b: BlockId| -> Option<BlockId> {
            let buf = &blocks[b as usize];
            match (&buf.term, buf.stmts.is_empty()) {
                (Some((Terminator::Jump(t), _)), true) if *t != b => Some(*t),
                _ => None,
            }
        };
        let mut forward: Vec<BlockId> = (0..n as BlockId).collect();
        for b in 1..n as BlockId {
            let mut t = b;
            for _ in 0..n {
                match forward_once(&self.blocks, t) {
                    Some(next) if next != b => t = next,
                    _ => break,
                }
            }
            forward[b as usize] = t;
        }
        let fwd = |b: BlockId| forward.get(b as usize).copied().unwrap_or(b);
        for buf in &mut self.blocks {
            if let Some(h) = &mut buf.handler {
                h.target = fwd(h.target);
            }
            retarget_completions(&mut buf.stmts, &fwd);
            if let Some((term, _)) = &mut buf.term {
                term.retarget(&fwd);
            }
        }
        // Merge straight-line chains. Merging `b` into `a` leaves every other block's
        // predecessor count unchanged, so one count is enough.
        let mut preds = vec![0u32; n];
        let mut succ = Vec::new();
        for buf in &self.blocks {
            buf_successors(buf, &mut succ);
            for &t in &succ {
                if let Some(p) = preds.get_mut(t as usize) {
                    *p += 1;
                }
            }
        }
        let placed = self.placed.clone();
        for a in placed {
            while let Some((Terminator::Jump(b), _)) = &self.blocks[a as usize].term {
                let b = *b;
                if b == a
                    || b == 0
                    || preds[b as usize] != 1
                    || self.blocks[a as usize].handler != self.blocks[b as usize].handler
                {
                    break;
                }
                let emptied = BlockBuf {
                    stmts: Vec::new(),
                    term: Some((Terminator::Unreachable, Span::default())),
                    handler: None,
                };
                let taken = std::mem::replace(&mut self.blocks[b as usize], emptied);
                preds[b as usize] = 0;
                let into = &mut self.blocks[a as usize];
                into.stmts.extend(taken.stmts);
                into.term = taken.term;
            }
        }
    }
}

/// What in an expression peel cannot lower (a suspension the desugarer left inside it),
/// if anything.
fn unsupported(e: &ast::Expr, top: bool) -> Option<(Unsupported, Span)> {
    let sub = |x: &ast::Expr| unsupported(x, false);
    match &e.kind {
        A::Await(_) => Some((Unsupported::Await, e.span)),
        A::YieldFrom(_) => Some((Unsupported::YieldFrom, e.span)),
        A::Yield(v) => {
            if top {
                v.as_deref().and_then(sub)
            } else {
                Some((Unsupported::YieldInExpression, e.span))
            }
        }
        A::Lambda { params, .. } => params
            .posonly
            .iter()
            .chain(&params.args)
            .chain(&params.kwonly)
            .filter_map(|p| p.default.as_ref())
            .find_map(sub),
        A::ListComp { generators, .. }
        | A::SetComp { generators, .. }
        | A::DictComp { generators, .. }
        | A::GeneratorExp { generators, .. } => generators.first().and_then(|g| sub(&g.iter)),
        A::BoolOp { values, .. } => values.iter().find_map(sub),
        A::NamedExpr { target, value } => sub(target).or_else(|| sub(value)),
        A::BinOp { left, right, .. } => sub(left).or_else(|| sub(right)),
        A::UnaryOp { operand, .. } => sub(operand),
        A::IfExp { test, body, orelse } => sub(test).or_else(|| sub(body)).or_else(|| sub(orelse)),
        A::Dict { items } => items.iter().find_map(|i| match i {
            ast::DictItem::Pair(k, v) => sub(k).or_else(|| sub(v)),
            ast::DictItem::Unpack(v) => sub(v),
        }),
        A::Set(items) | A::List(items) | A::Tuple(items) => items.iter().find_map(sub),
        A::Compare { left, ops } => sub(left).or_else(|| ops.iter().find_map(|(_, r)| sub(r))),
        A::Call {
            func,
            args,
            keywords,
        } => sub(func)
            .or_else(|| {
                args.iter().find_map(|a| match a {
                    ast::Arg::Positional(x) | ast::Arg::Starred(x) => sub(x),
                })
            })
            .or_else(|| keywords.iter().find_map(|k| sub(&k.value))),
        A::FString(parts) => fstring_unsupported(parts),
        A::Constant(_) | A::Name(_) => None,
        A::Attribute { value, .. } => sub(value),
        A::Subscript { value, index } => sub(value).or_else(|| sub(index)),
        A::Starred(x) => sub(x),
        A::Slice { lower, upper, step } => [lower, upper, step]
            .into_iter()
            .flatten()
            .find_map(|x| sub(x)),
    }
}

fn fstring_unsupported(parts: &[ast::FStringPart]) -> Option<(Unsupported, Span)> {
    parts.iter().find_map(|p| match p {
        ast::FStringPart::Literal(_) => None,
        ast::FStringPart::Value { expr, spec, .. } => {
            unsupported(expr, false).or_else(|| fstring_unsupported(spec))
        }
    })
}

/// How a `break`, `continue` or `return` leaves the frame blocks.
enum Exit {
    Break,
    Continue,
    Return(Expr),
}

impl<'s> Builder<'s> {
    fn block(&mut self, f: &mut FnState, body: &[ast::Stmt]) {
        for stmt in body {
            self.stmt(f, stmt);
        }
    }

    /// Lowers a construct peel cannot run (valid Python outside its subset) to a placeholder
    /// `raise RuntimeError(...)`, and lists it in `Program::unsupported`, which `compile`
    /// rejects: only `cfg::build` on its own (its unit tests) ever shows the placeholder.
    fn not_yet(&mut self, f: &mut FnState, what: Unsupported, span: Span) {
        self.unsupported.push((what, span));
        let msg = f.str_const(&format!("{NOT_YET}{}", what.short()), span);
        let exc = Expr::new(
            ExprKind::Call {
                func: Box::new(Expr::new(ExprKind::Builtin("RuntimeError".into()), span)),
                args: vec![CallArg::Positional(msg)],
                kwargs: Vec::new(),
            },
            span,
        );
        f.terminate(Terminator::Raise { exc, cause: None }, span);
    }

    /// Checks the expressions a statement evaluates itself; `true` if the placeholder
    /// raise was emitted instead.
    fn blocked<'e>(
        &mut self,
        f: &mut FnState,
        exprs: impl IntoIterator<Item = &'e ast::Expr>,
        top_yield_ok: bool,
    ) -> bool {
        for e in exprs {
            if let Some((what, span)) = unsupported(e, top_yield_ok) {
                self.not_yet(f, what, span);
                return true;
            }
        }
        false
    }

    fn stmt(&mut self, f: &mut FnState, stmt: &ast::Stmt) {
        let span = stmt.span;
        match &stmt.kind {
            S::FunctionDef(def) => self.function_def(f, def),
            S::ClassDef(def) => self.class_def(f, def),
            S::Return(value) => {
                if self.blocked(f, value, false) {
                    return;
                }
                let value = match value {
                    Some(v) => self.expr(f, v),
                    None => f.constant(Const::None, span),
                };
                self.unwind(f, f.frames.len(), Exit::Return(value), span);
            }
            S::Delete(targets) => {
                if self.blocked(f, targets, false) {
                    return;
                }
                for t in targets {
                    self.delete(f, t);
                }
            }
            S::Assign { targets, value } => {
                if let A::Yield(v) = &value.kind {
                    if self.blocked(f, targets.iter().chain(v.as_deref()), true) {
                        return;
                    }
                    self.yield_stmt(f, v.as_deref(), targets, value.span);
                    return;
                }
                if self.blocked(f, targets.iter().chain([value]), false) {
                    return;
                }
                let value = self.expr(f, value);
                self.assign_all(f, targets, value, span);
            }
            S::AugAssign { target, op, value } => {
                if self.blocked(f, [target, value], false) {
                    return;
                }
                self.aug_assign(f, target, *op, value, span);
            }
            S::AnnAssign {
                target,
                annotation,
                value,
            } => {
                if let Some(value) = value {
                    if self.blocked(f, [target, value], false) {
                        return;
                    }
                    let value = self.expr(f, value);
                    let assigned = self.target(f, target);
                    f.emit(
                        StmtKind::Assign {
                            target: assigned,
                            value,
                        },
                        span,
                    );
                }
                // Only a module evaluates annotations (a function's are never run), and
                // keeps a plain name's in `__annotations__`, after the value is stored.
                if f.kind != FunctionKind::Module || self.blocked(f, [annotation], false) {
                    return;
                }
                let annotation = self.expr(f, annotation);
                match &target.kind {
                    A::Name(n) => {
                        let object = self.expr(
                            f,
                            &ast::Expr::new(A::Name("__annotations__".into()), target.span),
                        );
                        let index = f.str_const(n, target.span);
                        f.emit(
                            StmtKind::Assign {
                                target: Target::Subscript {
                                    object: Box::new(object),
                                    index: Box::new(index),
                                },
                                value: annotation,
                            },
                            span,
                        );
                    }
                    _ => f.emit(StmtKind::Expr(annotation), span),
                }
            }
            S::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    self.not_yet(f, Unsupported::AsyncFor, span);
                    return;
                }
                if self.blocked(f, [iter, target], false) {
                    return;
                }
                self.for_loop(f, target, iter, body, orelse, span);
            }
            S::While { test, body, orelse } => {
                if self.blocked(f, [test], false) {
                    return;
                }
                self.while_loop(f, test, body, orelse, span);
            }
            S::If { test, body, orelse } => {
                if self.blocked(f, [test], false) {
                    return;
                }
                let cond = self.expr(f, test);
                let then = f.new_block();
                let after = f.new_block();
                let otherwise = if orelse.is_empty() {
                    after
                } else {
                    f.new_block()
                };
                f.terminate(
                    Terminator::Branch {
                        cond,
                        then,
                        otherwise,
                    },
                    test.span,
                );
                f.switch_to(then);
                self.block(f, body);
                if !orelse.is_empty() {
                    f.terminate(Terminator::Jump(after), span);
                    f.switch_to(otherwise);
                    self.block(f, orelse);
                }
                f.goto(after, span);
            }
            S::With { is_async, .. } => {
                let what = match is_async {
                    true => Unsupported::AsyncWith,
                    false => Unsupported::With,
                };
                self.not_yet(f, what, span);
            }
            S::Raise { exc, cause } => {
                if self.blocked(f, exc.iter().chain(cause), false) {
                    return;
                }
                match exc {
                    None => f.terminate(Terminator::RaiseHandled, span),
                    Some(e) => {
                        let exc = self.expr(f, e);
                        let cause = cause.as_ref().map(|c| Box::new(self.expr(f, c)));
                        f.terminate(Terminator::Raise { exc, cause }, span);
                    }
                }
            }
            S::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(f, body, handlers, orelse, finalbody, span),
            S::Assert { test, msg } => {
                if self.blocked(f, [test].into_iter().chain(msg), false) {
                    return;
                }
                let cond = self.expr(f, test);
                let ok = f.new_block();
                let fail = f.new_block();
                f.terminate(
                    Terminator::Branch {
                        cond,
                        then: ok,
                        otherwise: fail,
                    },
                    span,
                );
                f.switch_to(fail);
                let args = match msg {
                    Some(m) => vec![CallArg::Positional(self.expr(f, m))],
                    None => Vec::new(),
                };
                let exc = Expr::new(
                    ExprKind::Call {
                        func: Box::new(Expr::new(ExprKind::Builtin("AssertionError".into()), span)),
                        args,
                        kwargs: Vec::new(),
                    },
                    span,
                );
                f.terminate(Terminator::Raise { exc, cause: None }, span);
                f.switch_to(ok);
            }
            S::Import(aliases) => {
                for a in aliases {
                    // `Import("a.b")` gives the top-level module `a`; `import a.b` binds
                    // `a`, `import a.b as c` binds `c` to `a.b`.
                    let mut value = Expr::new(ExprKind::Import(a.name.clone()), a.span);
                    let bound = match &a.asname {
                        Some(n) => {
                            for part in a.name.split('.').skip(1) {
                                value = Expr::new(
                                    ExprKind::Attribute {
                                        object: Box::new(value),
                                        name: part.to_string(),
                                        site: f.attr_site(),
                                    },
                                    a.span,
                                );
                            }
                            n.id.clone()
                        }
                        None => a.name.split('.').next().unwrap_or(&a.name).to_string(),
                    };
                    let target = self.name_target(f, &bound);
                    f.emit(StmtKind::Assign { target, value }, a.span);
                }
            }
            S::ImportFrom { module, names } => {
                for a in names {
                    let bound = a
                        .asname
                        .as_ref()
                        .map(|n| n.id.clone())
                        .unwrap_or(a.name.clone());
                    let target = self.name_target(f, &bound);
                    let value = ExprKind::ImportFrom {
                        module: module.clone(),
                        name: a.name.clone(),
                    };
                    f.emit(
                        StmtKind::Assign {
                            target,
                            value: Expr::new(value, a.span),
                        },
                        a.span,
                    );
                }
            }
            S::Global(_) | S::Nonlocal(_) | S::Pass => {}
            S::Expr(e) => {
                if let A::Yield(v) = &e.kind {
                    if self.blocked(f, v.as_deref(), true) {
                        return;
                    }
                    self.yield_stmt(f, v.as_deref(), &[], e.span);
                    return;
                }
                if self.blocked(f, [e], false) {
                    return;
                }
                let value = self.expr(f, e);
                f.emit(StmtKind::Expr(value), span);
            }
            // The `match` pass of `desugar` rewrites every `match` to `if`s.
            S::Match(_) => self.not_yet(f, Unsupported::Match, span),
            S::Break => self.unwind(f, f.frames.len(), Exit::Break, span),
            S::Continue => self.unwind(f, f.frames.len(), Exit::Continue, span),
        }
    }

    /// A statement-level `yield v` / `x = yield v`: a suspension point ends the block.
    fn yield_stmt(
        &mut self,
        f: &mut FnState,
        value: Option<&ast::Expr>,
        targets: &[ast::Expr],
        span: Span,
    ) {
        let value = match value {
            Some(v) => self.expr(f, v),
            None => f.constant(Const::None, span),
        };
        let resume = f.new_block();
        let direct = match targets {
            [t] => match &t.kind {
                A::Name(n) => match f.scope.names.get(n) {
                    Some(NameRef::Local(s)) => Some(*s),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let sent = match (targets.is_empty(), direct) {
            (true, _) => None,
            (false, Some(s)) => Some(s),
            (false, None) => Some(f.scratch("$sent")),
        };
        f.terminate(
            Terminator::Yield {
                value,
                resume,
                sent,
            },
            span,
        );
        f.switch_to(resume);
        if let (Some(slot), None) = (sent, direct) {
            let value = f.local(slot, span);
            self.assign_all(f, targets, value, span);
        }
    }

    /// `a = b = value`: the value once, stored into each target left to right.
    fn assign_all(&mut self, f: &mut FnState, targets: &[ast::Expr], value: Expr, span: Span) {
        match targets {
            [] => f.emit(StmtKind::Expr(value), span),
            [one] => {
                let target = self.target(f, one);
                f.emit(StmtKind::Assign { target, value }, span);
            }
            [first, rest @ ..] => {
                let first_target = self.target(f, first);
                let (store, reread) = match &first_target {
                    Target::Local(s) => (first_target.clone(), ExprKind::Local(*s)),
                    Target::Cell(s) => (first_target.clone(), ExprKind::Cell(*s)),
                    Target::Global(g) => (first_target.clone(), ExprKind::Global(*g)),
                    _ => {
                        let tmp = f.scratch("$value");
                        f.emit(
                            StmtKind::Assign {
                                target: Target::Local(tmp),
                                value,
                            },
                            span,
                        );
                        let v = f.local(tmp, span);
                        f.emit(
                            StmtKind::Assign {
                                target: first_target,
                                value: v,
                            },
                            span,
                        );
                        for t in rest {
                            let target = self.target(f, t);
                            let v = f.local(tmp, span);
                            f.emit(StmtKind::Assign { target, value: v }, span);
                        }
                        return;
                    }
                };
                f.emit(
                    StmtKind::Assign {
                        target: store,
                        value,
                    },
                    span,
                );
                for t in rest {
                    let target = self.target(f, t);
                    let v = Expr::new(reread.clone(), first.span);
                    f.emit(StmtKind::Assign { target, value: v }, span);
                }
            }
        }
    }

    fn aug_assign(
        &mut self,
        f: &mut FnState,
        target: &ast::Expr,
        op: ast::BinOp,
        value: &ast::Expr,
        span: Span,
    ) {
        // The target's parts are evaluated once: into temporaries unless they are plain
        // locals or constants (which cannot change while the value is computed).
        let (store, load) = match &target.kind {
            A::Attribute { value: obj, attr } => {
                let obj = self.expr(f, obj);
                let obj = self.stable(f, obj, "$obj", span);
                let load = Expr::new(
                    ExprKind::Attribute {
                        object: Box::new(obj.clone()),
                        name: attr.id.clone(),
                        site: f.attr_site(),
                    },
                    target.span,
                );
                (
                    Target::Attribute {
                        object: Box::new(obj),
                        name: attr.id.clone(),
                        site: f.attr_site(),
                    },
                    load,
                )
            }
            A::Subscript { value: obj, index } => {
                let obj = self.expr(f, obj);
                let obj = self.stable(f, obj, "$obj", span);
                let index = self.expr(f, index);
                let index = self.stable(f, index, "$index", span);
                let load = Expr::new(
                    ExprKind::Subscript {
                        object: Box::new(obj.clone()),
                        index: Box::new(index.clone()),
                    },
                    target.span,
                );
                (
                    Target::Subscript {
                        object: Box::new(obj),
                        index: Box::new(index),
                    },
                    load,
                )
            }
            _ => {
                let load = self.expr(f, target);
                (self.target(f, target), load)
            }
        };
        let right = self.expr(f, value);
        let value = Expr::new(
            ExprKind::InPlaceOp {
                op,
                left: Box::new(load),
                right: Box::new(right),
            },
            span,
        );
        f.emit(
            StmtKind::Assign {
                target: store,
                value,
            },
            span,
        );
    }

    /// `e` itself if reading it twice is harmless, else a temporary holding it.
    fn stable(&mut self, f: &mut FnState, e: Expr, name: &'static str, span: Span) -> Expr {
        match e.kind {
            ExprKind::Local(_) | ExprKind::Const(_) => e,
            _ => {
                let tmp = f.scratch(name);
                let espan = e.span;
                f.emit(
                    StmtKind::Assign {
                        target: Target::Local(tmp),
                        value: e,
                    },
                    span,
                );
                f.local(tmp, espan)
            }
        }
    }

    fn delete(&mut self, f: &mut FnState, target: &ast::Expr) {
        match &target.kind {
            A::Tuple(items) | A::List(items) => {
                for i in items {
                    self.delete(f, i);
                }
            }
            _ => {
                let t = self.target(f, target);
                f.emit(StmtKind::Delete(t), target.span);
            }
        }
    }

    fn while_loop(
        &mut self,
        f: &mut FnState,
        test: &ast::Expr,
        body: &[ast::Stmt],
        orelse: &[ast::Stmt],
        span: Span,
    ) {
        let header = f.new_block();
        let body_bb = f.new_block();
        let after = f.new_block();
        let exhausted = if orelse.is_empty() {
            after
        } else {
            f.new_block()
        };
        f.goto(header, span);
        if matches!(test.kind, A::Constant(ast::Constant::True)) {
            // `while True:` tests nothing at run time (CPython drops the test too).
            f.terminate(Terminator::Jump(body_bb), test.span);
        } else {
            let cond = self.expr(f, test);
            f.terminate(
                Terminator::Branch {
                    cond,
                    then: body_bb,
                    otherwise: exhausted,
                },
                test.span,
            );
        }
        f.switch_to(body_bb);
        f.frames.push(FrameBlock::Loop {
            break_to: after,
            continue_to: header,
        });
        self.block(f, body);
        f.frames.pop();
        f.terminate(Terminator::Jump(header), span);
        if !orelse.is_empty() {
            f.switch_to(exhausted);
            self.block(f, orelse);
        }
        f.goto(after, span);
    }

    fn for_loop(
        &mut self,
        f: &mut FnState,
        target: &ast::Expr,
        iter: &ast::Expr,
        body: &[ast::Stmt],
        orelse: &[ast::Stmt],
        span: Span,
    ) {
        let iterable = self.expr(f, iter);
        let iter_name = match &target.kind {
            A::Name(n) => format!("$iter_{n}"),
            _ => "$iter".to_string(),
        };
        let iter_slot = f.temp(&iter_name);
        let iter_expr = Expr::new(ExprKind::Iter(Box::new(iterable)), iter.span);
        f.emit(
            StmtKind::Assign {
                target: Target::Local(iter_slot),
                value: iter_expr,
            },
            iter.span,
        );
        let header = f.new_block();
        let body_bb = f.new_block();
        let after = f.new_block();
        let exhausted = if orelse.is_empty() {
            after
        } else {
            f.new_block()
        };
        f.goto(header, span);
        let item = self.for_item(f, target);
        f.terminate(
            Terminator::ForNext {
                iter: Place::Local(iter_slot),
                item,
                body: body_bb,
                exhausted,
            },
            iter.span,
        );
        f.switch_to(body_bb);
        self.assign_item(f, target, item);
        f.frames.push(FrameBlock::Loop {
            break_to: after,
            continue_to: header,
        });
        self.block(f, body);
        f.frames.pop();
        f.terminate(Terminator::Jump(header), span);
        if !orelse.is_empty() {
            f.switch_to(exhausted);
            self.block(f, orelse);
        }
        f.goto(after, span);
    }

    /// The desugared `for` loop's fetch, `try: x = next(it) except StopIteration: break`,
    /// directly inside its `while True:` loop, becomes one `ForNext` terminator: CPython's
    /// `FOR_ITER`. The two mean the same thing (`next` and `StopIteration` are the builtins,
    /// the `try` covers nothing else, and the `break` leaves no other block), but `ForNext`
    /// neither calls `next` through the builtin table nor makes a `StopIteration` object
    /// at the end of every loop. Returns `false` (emitting nothing) for any other `try`.
    fn for_next_idiom(
        &mut self,
        f: &mut FnState,
        body: &[ast::Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[ast::Stmt],
        finalbody: &[ast::Stmt],
    ) -> bool {
        let ([fetch], [stop], [], []) = (body, handlers, orelse, finalbody) else {
            return false;
        };
        let (Some((_, it_name)), S::Assign { targets, .. }) =
            (self.next_call(f, fetch), &fetch.kind)
        else {
            return false;
        };
        let [target] = targets.as_slice() else {
            return false;
        };
        let is_stop = stop.name.is_none()
            && self.catches_stop_iteration(f, stop)
            && matches!(stop.body.as_slice(), [s] if matches!(s.kind, S::Break));
        if !is_stop {
            return false;
        }
        let Some(FrameBlock::Loop { break_to, .. }) = f.frames.last().cloned() else {
            return false;
        };
        let Some(iter) = place_of(self.name_ref(f, it_name)) else {
            return false;
        };
        let item = self.for_item(f, target);
        let body_bb = f.new_block();
        f.terminate(
            Terminator::ForNext {
                iter,
                item,
                body: body_bb,
                exhausted: break_to,
            },
            fetch.span,
        );
        f.switch_to(body_bb);
        self.assign_item(f, target, item);
        true
    }

    /// The desugared delegation of a `yield from` (see `desugar`'s `expand_yield_from`)
    /// takes each step of its delegate in one of two `try` statements:
    ///
    /// ```text
    /// try:                                  try:
    ///     y = next(d)                           if s is None:
    /// except StopIteration as e:                    y = next(d)
    ///     r = e.value                           else:
    /// else:                                         y = d.send(s)
    ///     ...                               except StopIteration as e:
    ///                                           r = e.value
    ///                                           break
    /// ```
    ///
    /// Each becomes one `Send` terminator: CPython's `SEND`, which resumes the delegate and
    /// learns whether it yielded or returned without a `StopIteration` object. They mean
    /// the same (`next` and `StopIteration` are the builtins, `e` is unbound again when
    /// the handler ends, the handler does nothing else, and the `break` leaves no other
    /// block). Returns `false` (emitting nothing) for any other `try`.
    fn send_idiom(
        &mut self,
        f: &mut FnState,
        body: &[ast::Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[ast::Stmt],
        finalbody: &[ast::Stmt],
        span: Span,
    ) -> bool {
        let ([fetch], [stop], []) = (body, handlers, finalbody) else {
            return false;
        };
        // `except StopIteration as e: r = e.value` (then `break` for the loop's step).
        let Some(exc) = &stop.name else { return false };
        let is_stop = self.catches_stop_iteration(f, stop);
        let (store_result, breaks) = match stop.body.as_slice() {
            [r] => (r, false),
            [r, b] if matches!(b.kind, S::Break) => (r, true),
            _ => return false,
        };
        let S::Assign { targets, value } = &store_result.kind else {
            return false;
        };
        let ([result], A::Attribute { value: e, attr }) = (targets.as_slice(), &value.kind) else {
            return false;
        };
        if !is_stop || attr.id != "value" || !matches!(&e.kind, A::Name(n) if *n == exc.id) {
            return false;
        }
        // The fetch: `y = next(d)`, or `if s is None: y = next(d) else: y = d.send(s)`.
        let (yielded, delegate, sent) = match &fetch.kind {
            S::Assign { .. } => match self.next_call(f, fetch) {
                Some((y, d)) => (y, d, None),
                None => return false,
            },
            S::If { test, body, orelse } => {
                let A::Compare { left, ops } = &test.kind else {
                    return false;
                };
                let (A::Name(s), [(ast::CmpOp::Is, none)]) = (&left.kind, ops.as_slice()) else {
                    return false;
                };
                if !matches!(none.kind, A::Constant(ast::Constant::None)) {
                    return false;
                }
                let first = match body.as_slice() {
                    [b] => self.next_call(f, b),
                    _ => None,
                };
                let (Some((y, d)), [send]) = (first, orelse.as_slice()) else {
                    return false;
                };
                if body[0].span != fetch.span || send.span != fetch.span {
                    return false;
                }
                let Some((t, A::Attribute { value: obj, attr }, arg)) =
                    assign_of_call(send).map(|(t, f, a)| (t, &f.kind, a))
                else {
                    return false;
                };
                let same = |e: &ast::Expr, n: &str| matches!(&e.kind, A::Name(x) if x == n);
                if attr.id != "send" || !same(t, y) || !same(obj, d) || !same(arg, s) {
                    return false;
                }
                (y, d, Some(s.as_str()))
            }
            _ => return false,
        };
        // The loop's step leaves through `break`, which must leave no other block; the
        // first fetch has the loop in its `else`.
        let done = if breaks {
            match f.frames.last() {
                Some(FrameBlock::Loop { break_to, .. }) if orelse.is_empty() => Some(*break_to),
                _ => return false,
            }
        } else if orelse.is_empty() || sent.is_some() {
            return false;
        } else {
            None
        };
        let local = |f: &FnState, n: &str| match f.scope.names.get(n) {
            Some(&NameRef::Local(s)) => Some(s),
            _ => None,
        };
        let A::Name(result) = &result.kind else {
            return false;
        };
        let (Some(delegate), Some(yielded), Some(result)) =
            (local(f, delegate), local(f, yielded), local(f, result))
        else {
            return false;
        };
        let sent = match sent {
            Some(s) => match local(f, s) {
                Some(slot) => Some(slot),
                None => return false,
            },
            None => None,
        };
        let Some(exc_slot) = local(f, &exc.id) else {
            return false;
        };
        // Inside an `except ... as e` body of its own, `e` is bound after this one ends
        // unless unbound: unbind it then too.
        let in_own_handler = f.frames.iter().any(|fr| {
            matches!(fr, FrameBlock::ExceptBody { name: Some(Target::Local(s)), .. } if *s == exc_slot)
        });
        let unbind = (self.loose_names.contains(&exc.id) || in_own_handler).then_some(exc_slot);
        let then = f.new_block();
        let (done, after) = match done {
            Some(d) => (d, None),
            None => {
                let after = f.new_block();
                (after, Some(after))
            }
        };
        f.terminate(
            Terminator::Send {
                delegate,
                sent,
                yielded,
                result,
                then,
                done,
                unbind,
            },
            fetch.span,
        );
        f.switch_to(then);
        if let Some(after) = after {
            self.block(f, orelse);
            f.goto(after, span);
        }
        true
    }

    /// Where `ForNext` stores each item: the loop variable itself when it is a plain name
    /// (a local, or a module global), else a temporary the body then unpacks or stores.
    fn for_item(&mut self, f: &mut FnState, target: &ast::Expr) -> Place {
        if let A::Name(n) = &target.kind {
            if let Some(place) = f.scope.names.get(n).copied().and_then(place_of) {
                return place;
            }
        }
        Place::Local(f.scratch("$item"))
    }

    fn assign_item(&mut self, f: &mut FnState, target: &ast::Expr, item: Place) {
        let item = match item {
            Place::Local(s) => s,
            // A global item is the loop variable itself.
            Place::Global(_) => return,
        };
        if let A::Name(n) = &target.kind {
            if f.scope.names.get(n) == Some(&NameRef::Local(item)) {
                return;
            }
        }
        let t = self.target(f, target);
        let v = f.local(item, target.span);
        f.emit(
            StmtKind::Assign {
                target: t,
                value: v,
            },
            target.span,
        );
    }

    /// Walks the frame blocks below `level` outwards for a `break`, `continue` or
    /// `return`, emitting what each needs.
    fn unwind(&mut self, f: &mut FnState, level: usize, exit: Exit, span: Span) {
        let mut exit = exit;
        let mut i = level;
        while i > 0 {
            i -= 1;
            match f.frames[i].clone() {
                FrameBlock::Loop {
                    break_to,
                    continue_to,
                } => match exit {
                    Exit::Break => {
                        f.terminate(Terminator::Jump(break_to), span);
                        return;
                    }
                    Exit::Continue => {
                        f.terminate(Terminator::Jump(continue_to), span);
                        return;
                    }
                    Exit::Return(_) => {}
                },
                FrameBlock::ExceptBody {
                    name,
                    exc,
                    span: hspan,
                } => {
                    if let Exit::Return(v) = exit {
                        // The value is computed before the handler is left (it may read
                        // the exception's name).
                        exit = Exit::Return(self.stable_return(f, v, span));
                    }
                    self.leave_except(f, name.as_ref(), exc, hspan);
                }
                FrameBlock::TryFinally {
                    slot,
                    entry,
                    outer_handler,
                } => {
                    let completion = match exit {
                        Exit::Return(v) => CompletionRecord::Return(v),
                        Exit::Break | Exit::Continue => {
                            // Continue the walk outside this finally, in a block of its own
                            // that the finally block jumps to when it ends.
                            let saved_handler = f.handler;
                            let saved_current = f.current;
                            f.handler = outer_handler;
                            let rest = f.new_block();
                            f.switch_to(rest);
                            self.unwind(f, i, exit, span);
                            f.handler = saved_handler;
                            f.current = saved_current;
                            CompletionRecord::Jump(rest)
                        }
                    };
                    f.emit(StmtKind::SetCompletion { slot, completion }, span);
                    f.terminate(Terminator::Jump(entry), span);
                    return;
                }
            }
        }
        match exit {
            Exit::Return(v) => f.terminate(Terminator::Return(v), span),
            // Rejected by resolve; nothing sensible to do.
            Exit::Break | Exit::Continue => f.terminate(Terminator::Unreachable, span),
        }
    }

    fn stable_return(&mut self, f: &mut FnState, v: Expr, span: Span) -> Expr {
        match v.kind {
            ExprKind::Const(_) => v,
            ExprKind::Local(s) if f.slots[s as usize].kind == SlotKind::Temp => v,
            _ => {
                let tmp = f.scratch("$return");
                let vspan = v.span;
                f.emit(
                    StmtKind::Assign {
                        target: Target::Local(tmp),
                        value: v,
                    },
                    span,
                );
                f.local(tmp, vspan)
            }
        }
    }

    /// Leaving an `except` body: pop the handled exception, then `e = None; del e`.
    fn leave_except(&mut self, f: &mut FnState, name: Option<&Target>, exc: Slot, span: Span) {
        f.emit(StmtKind::ExitExcept(exc), span);
        if let Some(t) = name {
            let none = f.constant(Const::None, span);
            f.emit(
                StmtKind::Assign {
                    target: t.clone(),
                    value: none,
                },
                span,
            );
            f.emit(StmtKind::Delete(t.clone()), span);
        }
    }

    fn try_stmt(
        &mut self,
        f: &mut FnState,
        body: &[ast::Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[ast::Stmt],
        finalbody: &[ast::Stmt],
        span: Span,
    ) {
        if self.for_next_idiom(f, body, handlers, orelse, finalbody)
            || self.send_idiom(f, body, handlers, orelse, finalbody, span)
        {
            return;
        }
        let outer_handler = f.handler;
        let depth = f.depth;
        let after = f.new_block();

        // The finally block, and the block an exception enters it through.
        let fin = if finalbody.is_empty() {
            None
        } else {
            let slot = f.temp("$finally");
            let exc = f.temp("$exc");
            let entry = f.new_block();
            // Filled below with the exception path's own copy of the finally body.
            let raise_entry = f.new_block();
            f.blocks[raise_entry as usize].handler = outer_handler;
            f.blocks[entry as usize].handler = outer_handler;
            f.frames.push(FrameBlock::TryFinally {
                slot,
                entry,
                outer_handler,
            });
            let h = Handler {
                target: raise_entry,
                exc_slot: exc,
                handled_depth: depth,
            };
            Some((slot, entry, h))
        };
        let protected = fin.map(|(_, _, h)| h).or(outer_handler);

        // Normal completion of the body / a handler / the else block.
        let normal_exit = |f: &mut FnState, span: Span| match fin {
            Some((slot, entry, _)) => {
                f.emit(
                    StmtKind::SetCompletion {
                        slot,
                        completion: CompletionRecord::Normal,
                    },
                    span,
                );
                f.terminate(Terminator::Jump(entry), span);
            }
            None => f.terminate(Terminator::Jump(after), span),
        };

        if handlers.is_empty() {
            f.set_handler(protected, span);
            self.block(f, body);
            self.block(f, orelse);
            normal_exit(f, span);
        } else {
            let exc = f.temp("$exc");
            f.handler = protected;
            let dispatch = f.new_block();
            f.set_handler(
                Some(Handler {
                    target: dispatch,
                    exc_slot: exc,
                    handled_depth: depth,
                }),
                span,
            );
            self.block(f, body);
            f.set_handler(protected, span);
            self.block(f, orelse);
            normal_exit(f, span);

            f.switch_to(dispatch);
            for h in handlers {
                let body_bb = f.new_block();
                match &h.typ {
                    Some(typ) => {
                        if self.blocked(f, [typ], false) {
                            break;
                        }
                        let typ = self.expr(f, typ);
                        let cond = Expr::new(
                            ExprKind::ExcMatch {
                                exc: Box::new(f.local(exc, h.span)),
                                typ: Box::new(typ),
                            },
                            h.span,
                        );
                        let next = f.new_block();
                        f.terminate(
                            Terminator::Branch {
                                cond,
                                then: body_bb,
                                otherwise: next,
                            },
                            h.span,
                        );
                        self.handler_body(f, h, exc, body_bb, protected, depth, &normal_exit);
                        f.switch_to(next);
                    }
                    None => {
                        f.terminate(Terminator::Jump(body_bb), h.span);
                        self.handler_body(f, h, exc, body_bb, protected, depth, &normal_exit);
                        let dead = f.new_block();
                        f.switch_to(dead);
                    }
                }
            }
            f.terminate(Terminator::Reraise(exc), span);
        }

        if let Some((slot, entry, raised)) = fin {
            f.frames.pop();
            f.handler = outer_handler;
            f.switch_to(entry);
            self.block(f, finalbody);
            let outer = self.return_path(f, finalbody.last().map(|s| s.span).unwrap_or(span));
            f.terminate(
                Terminator::EndFinally {
                    completion: slot,
                    after,
                    outer,
                },
                span,
            );
            // As in CPython, the exception path runs its own copy of the finally body, with
            // the exception being handled (so a new exception gets it as `__context__`, and
            // a bare `raise` re-raises it), then re-raises it.
            f.handler = outer_handler;
            f.switch_to(raised.target);
            f.emit(StmtKind::EnterExcept(raised.exc_slot), span);
            f.depth = depth + 1;
            f.frames.push(FrameBlock::ExceptBody {
                name: None,
                exc: raised.exc_slot,
                span,
            });
            self.block(f, finalbody);
            f.frames.pop();
            f.depth = depth;
            let end = finalbody.last().map(|s| s.span).unwrap_or(span);
            if !f.is_terminated() {
                f.terminate(Terminator::Reraise(raised.exc_slot), end);
            }
        }
        f.handler = outer_handler;
        f.switch_to(after);
    }

    /// Where a `return` replayed by a finally block goes next: the next enclosing finally
    /// (through a block that first leaves the `except` bodies in between), or `None`
    /// to return from the function.
    fn return_path(&mut self, f: &mut FnState, span: Span) -> Option<(Slot, BlockId)> {
        let mut leaving = Vec::new();
        for frame in f.frames.iter().rev() {
            match frame {
                FrameBlock::Loop { .. } => {}
                FrameBlock::ExceptBody { name, exc, span } => {
                    leaving.push((name.clone(), *exc, *span))
                }
                FrameBlock::TryFinally {
                    slot,
                    entry,
                    outer_handler,
                } => {
                    if leaving.is_empty() {
                        return Some((*slot, *entry));
                    }
                    let (slot, entry, h) = (*slot, *entry, *outer_handler);
                    let saved = (f.handler, f.current);
                    f.handler = h;
                    let tramp = f.new_block();
                    f.switch_to(tramp);
                    for (name, exc, s) in &leaving {
                        self.leave_except(f, name.as_ref(), *exc, *s);
                    }
                    f.terminate(Terminator::Jump(entry), span);
                    (f.handler, f.current) = saved;
                    return Some((slot, tramp));
                }
            }
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn handler_body(
        &mut self,
        f: &mut FnState,
        h: &ast::ExceptHandler,
        exc: Slot,
        body_bb: BlockId,
        protected: Option<Handler>,
        depth: u32,
        normal_exit: &dyn Fn(&mut FnState, Span),
    ) {
        let name = h.name.as_ref().map(|n| self.name_target(f, &n.id));
        f.handler = protected;
        f.switch_to(body_bb);
        f.blocks[body_bb as usize].handler = protected;
        f.emit(StmtKind::EnterExcept(exc), h.span);
        if let (Some(t), Some(n)) = (&name, &h.name) {
            let v = f.local(exc, n.span);
            f.emit(
                StmtKind::Assign {
                    target: t.clone(),
                    value: v,
                },
                n.span,
            );
        }
        // An exception escaping a named handler first unbinds the name, as CPython does.
        let body_handler = match &name {
            Some(t) => {
                let cleanup = f.new_block();
                let none = f.constant(Const::None, h.span);
                let b = &mut f.blocks[cleanup as usize];
                b.handler = protected;
                b.stmts.push(Stmt {
                    kind: StmtKind::Assign {
                        target: t.clone(),
                        value: none,
                    },
                    span: h.span,
                });
                b.stmts.push(Stmt {
                    kind: StmtKind::Delete(t.clone()),
                    span: h.span,
                });
                b.term = Some((Terminator::Reraise(exc), h.span));
                Some(Handler {
                    target: cleanup,
                    exc_slot: exc,
                    handled_depth: depth,
                })
            }
            None => protected,
        };
        f.set_handler(body_handler, h.span);
        f.depth = depth + 1;
        f.frames.push(FrameBlock::ExceptBody {
            name: name.clone(),
            exc,
            span: h.span,
        });
        self.block(f, &h.body);
        f.frames.pop();
        f.depth = depth;
        let end = h.body.last().map(|s| s.span).unwrap_or(h.span);
        if !f.is_terminated() {
            self.leave_except(f, name.as_ref(), exc, end);
        }
        f.set_handler(protected, end);
        normal_exit(f, end);
    }

    fn function_def(&mut self, f: &mut FnState, def: &ast::FunctionDef) {
        let span = def.span;
        let decorator_exprs: Vec<&ast::Expr> = def.decorators.iter().collect();
        let defaults: Vec<&ast::Expr> = def
            .params
            .posonly
            .iter()
            .chain(&def.params.args)
            .chain(&def.params.kwonly)
            .filter_map(|p| p.default.as_ref())
            .collect();
        if self.blocked(
            f,
            decorator_exprs
                .iter()
                .copied()
                .chain(defaults.iter().copied()),
            false,
        ) {
            return;
        }
        let decorators: Vec<Expr> = def.decorators.iter().map(|d| self.expr(f, d)).collect();
        let Some(scope) = self.scopes.of_def(def) else {
            self.not_yet(f, Unsupported::UnresolvedFunction, span);
            return;
        };
        let kind = match (scope.is_async, scope.is_generator) {
            _ if scope.is_coroutine => FunctionKind::Coroutine,
            (true, true) => FunctionKind::AsyncGenerator,
            (true, false) => FunctionKind::Coroutine,
            (false, true) => FunctionKind::Generator,
            (false, false) => FunctionKind::Function,
        };
        let returns = def.returns.as_ref();
        let made = self.make_function(f, scope, kind, (&def.params, returns), span, |b, g| {
            b.block(g, &def.body);
            let end = def.body.last().map(|s| s.span).unwrap_or(span);
            let none = g.constant(Const::None, end);
            g.terminate(Terminator::Return(none), end);
        });
        if let ExprKind::MakeFunction { func, .. } = &made.kind {
            if let Some(Some(made)) = self.functions.get_mut(*func as usize) {
                made.doc = docstring(&def.body);
            }
        }
        self.bind_decorated(f, decorators, made, &def.name.id, span);
    }

    /// `class C(bases, **kw): body` is `C = __build_class__(<body of C>, 'C', bases,
    /// **kw)`, as CPython compiles it: the body is a function of its own (run once, with
    /// the namespace to fill), decorators apply to the class `__build_class__` returns.
    fn class_def(&mut self, f: &mut FnState, def: &ast::ClassDef) {
        let span = def.span;
        let mut heads: Vec<&ast::Expr> = def.decorators.iter().collect();
        heads.extend(def.bases.iter().map(|a| match a {
            ast::Arg::Positional(x) | ast::Arg::Starred(x) => x,
        }));
        heads.extend(def.keywords.iter().map(|k| &k.value));
        if self.blocked(f, heads, false) {
            return;
        }
        let decorators: Vec<Expr> = def.decorators.iter().map(|d| self.expr(f, d)).collect();
        let Some(scope) = self.scopes.of_class(def) else {
            self.not_yet(f, Unsupported::UnresolvedFunction, span);
            return;
        };
        let doc = docstring(&def.body);
        let name_span = def.name.span;
        let func = self.nested(scope, FunctionKind::ClassBody, span, |b, g| {
            // What CPython's compiler stores first in every class body.
            let store = |g: &mut FnState, name: &str, value: Expr, span: Span| {
                let target = Target::ClassLocal(name.into());
                g.emit(StmtKind::Assign { target, value }, span);
            };
            store(
                g,
                "__module__",
                Expr::new(ExprKind::Global(0), name_span),
                name_span,
            );
            let qualname = g.constant(Const::Str(scope.qualname.clone()), name_span);
            store(g, "__qualname__", qualname, name_span);
            let mut body = def.body.as_slice();
            if let (Some(text), Some(first)) = (&doc, body.first()) {
                let value = g.constant(Const::Str(text.clone()), first.span);
                store(g, "__doc__", value, first.span);
                body = &body[1..];
            }
            b.block(g, body);
            let end = def.body.last().map(|s| s.span).unwrap_or(span);
            let value = match scope.names.get("__class__") {
                Some(NameRef::Cell(slot)) if scope.cell_slots.contains(slot) => {
                    Expr::new(ExprKind::CellObject(*slot), end)
                }
                _ => g.constant(Const::None, end),
            };
            g.terminate(Terminator::Return(value), end);
        });
        let closure = self.closure(f, scope);
        let body = Expr::new(
            ExprKind::MakeFunction {
                func,
                defaults: Vec::new(),
                kw_defaults: Vec::new(),
                annotations: None,
                closure,
            },
            span,
        );
        let mut args = vec![
            CallArg::Positional(body),
            CallArg::Positional(f.constant(Const::Str(def.name.id.clone()), name_span)),
        ];
        args.extend(self.call_args(f, &def.bases));
        let kwargs = self.call_kwargs(f, &def.keywords);
        let made = Expr::new(
            ExprKind::Call {
                func: Box::new(Expr::new(
                    ExprKind::Builtin("__build_class__".into()),
                    name_span,
                )),
                args,
                kwargs,
            },
            span,
        );
        self.bind_decorated(f, decorators, made, &def.name.id, span);
    }

    /// `name = d1(d2(made))`: a `def`'s or a `class`'s value, decorated (the innermost,
    /// last written decorator first) and bound to its name.
    fn bind_decorated(
        &mut self,
        f: &mut FnState,
        decorators: Vec<Expr>,
        made: Expr,
        name: &str,
        span: Span,
    ) {
        let made = decorators.into_iter().rev().fold(made, |made, d| {
            let dspan = d.span;
            Expr::new(
                ExprKind::Call {
                    func: Box::new(d),
                    args: vec![CallArg::Positional(made)],
                    kwargs: Vec::new(),
                },
                dspan,
            )
        });
        let target = self.name_target(f, name);
        f.emit(
            StmtKind::Assign {
                target,
                value: made,
            },
            span,
        );
    }

    /// Lowers a nested function's body and returns the `MakeFunction` expression that
    /// creates it (defaults evaluated here, in the enclosing function).
    fn make_function(
        &mut self,
        f: &mut FnState,
        scope: &'s FunctionScope,
        kind: FunctionKind,
        (params, returns): (&ast::Parameters, Option<&ast::Expr>),
        span: Span,
        body: impl FnOnce(&mut Self, &mut FnState),
    ) -> Expr {
        let defaults: Vec<Expr> = params
            .posonly
            .iter()
            .chain(&params.args)
            .filter_map(|p| p.default.as_ref())
            .map(|d| self.expr(f, d))
            .collect();
        let kw_defaults: Vec<(String, Expr)> = params
            .kwonly
            .iter()
            .filter_map(|p| p.default.as_ref().map(|d| (p.name.id.clone(), d)))
            .map(|(n, d)| (n, self.expr(f, d)))
            .collect();
        let annotations: Vec<(String, Expr)> = params
            .posonly
            .iter()
            .chain(&params.args)
            .chain(&params.vararg)
            .chain(&params.kwonly)
            .chain(&params.kwarg)
            .filter_map(|p| p.annotation.as_ref().map(|a| (p.name.id.clone(), a)))
            .chain(returns.map(|r| ("return".to_string(), r)))
            .map(|(n, a)| (n, self.expr(f, a)))
            .collect();
        let annotations = match annotations.is_empty() {
            true => None,
            false => Some(Box::new(Annotations { items: annotations })),
        };
        let func = self.nested(scope, kind, span, body);
        let closure = self.closure(f, scope);
        Expr::new(
            ExprKind::MakeFunction {
                func,
                defaults,
                kw_defaults,
                annotations,
                closure,
            },
            span,
        )
    }

    fn nested(
        &mut self,
        scope: &'s FunctionScope,
        kind: FunctionKind,
        span: Span,
        body: impl FnOnce(&mut Self, &mut FnState),
    ) -> FuncId {
        let id = self.functions.len() as FuncId;
        self.functions.push(None);
        let mut g = FnState::new(scope, kind);
        body(self, &mut g);
        self.functions[id as usize] = Some(g.finish(scope, span));
        id
    }

    /// The cells of `f` the new function captures, in the order of its free slots.
    fn closure(&mut self, f: &FnState, scope: &FunctionScope) -> Vec<Slot> {
        scope
            .free_names
            .iter()
            .filter_map(|n| f.scope.capture_slot_of(n))
            .collect()
    }

    fn comprehension(
        &mut self,
        f: &mut FnState,
        e: &ast::Expr,
        generators: &[ast::Comprehension],
        elts: &[&ast::Expr],
    ) -> Expr {
        let span = e.span;
        let (Some(scope), Some(first)) = (self.scopes.of_expr(e), generators.first()) else {
            return f.constant(Const::None, span);
        };
        let outer_iter = self.expr(f, &first.iter);
        let kind = if scope.kind == ScopeKind::GeneratorExp {
            if scope.is_async {
                FunctionKind::AsyncGenerator
            } else {
                FunctionKind::Generator
            }
        } else {
            FunctionKind::Function
        };
        let comp_kind = scope.kind;
        let func = self.nested(scope, kind, span, |b, g| {
            b.comprehension_body(g, comp_kind, generators, elts, span)
        });
        let closure = self.closure(f, scope);
        let make = Expr::new(
            ExprKind::MakeFunction {
                func,
                defaults: Vec::new(),
                kw_defaults: Vec::new(),
                annotations: None,
                closure,
            },
            span,
        );
        let iter_span = first.iter.span;
        Expr::new(
            ExprKind::Call {
                func: Box::new(make),
                args: vec![CallArg::Positional(Expr::new(
                    ExprKind::Iter(Box::new(outer_iter)),
                    iter_span,
                ))],
                kwargs: Vec::new(),
            },
            span,
        )
    }

    fn comprehension_body(
        &mut self,
        g: &mut FnState,
        kind: ScopeKind,
        generators: &[ast::Comprehension],
        elts: &[&ast::Expr],
        span: Span,
    ) {
        let mut checks: Vec<&ast::Expr> = Vec::new();
        for (i, gen) in generators.iter().enumerate() {
            if i > 0 {
                checks.push(&gen.iter);
            }
            checks.extend(gen.ifs.iter());
        }
        checks.extend(elts.iter().copied());
        if generators.iter().any(|gen| gen.is_async) {
            self.not_yet(g, Unsupported::AsyncFor, span);
            return;
        }
        if self.blocked(g, checks, false) {
            return;
        }
        let result = match kind {
            ScopeKind::ListComp => Some((g.temp("$result"), ExprKind::List(Vec::new()))),
            ScopeKind::SetComp => Some((g.temp("$result"), ExprKind::Set(Vec::new()))),
            ScopeKind::DictComp => Some((g.temp("$result"), ExprKind::Dict(Vec::new()))),
            _ => None,
        };
        if let Some((slot, empty)) = &result {
            g.emit(
                StmtKind::Assign {
                    target: Target::Local(*slot),
                    value: Expr::new(empty.clone(), span),
                },
                span,
            );
        }
        let done = g.new_block();
        self.comp_loop(
            g,
            kind,
            generators,
            0,
            elts,
            result.as_ref().map(|r| r.0),
            done,
            span,
        );
        g.switch_to(done);
        let value = match &result {
            Some((slot, _)) => g.local(*slot, span),
            None => g.constant(Const::None, span),
        };
        g.terminate(Terminator::Return(value), span);
    }

    #[allow(clippy::too_many_arguments)]
    fn comp_loop(
        &mut self,
        g: &mut FnState,
        kind: ScopeKind,
        generators: &[ast::Comprehension],
        i: usize,
        elts: &[&ast::Expr],
        result: Option<Slot>,
        exhausted: BlockId,
        span: Span,
    ) {
        let Some(gen) = generators.get(i) else {
            self.comp_element(g, kind, elts, result, span);
            return;
        };
        let iter_slot = if i == 0 {
            0 // the `.0` argument: already an iterator
        } else {
            let iterable = self.expr(g, &gen.iter);
            let name = match &gen.target.kind {
                A::Name(n) => format!("$iter_{n}"),
                _ => "$iter".to_string(),
            };
            let slot = g.temp(&name);
            let value = Expr::new(ExprKind::Iter(Box::new(iterable)), gen.iter.span);
            g.emit(
                StmtKind::Assign {
                    target: Target::Local(slot),
                    value,
                },
                gen.iter.span,
            );
            slot
        };
        let header = g.new_block();
        let body = g.new_block();
        g.goto(header, gen.iter.span);
        let item = self.for_item(g, &gen.target);
        g.terminate(
            Terminator::ForNext {
                iter: Place::Local(iter_slot),
                item,
                body,
                exhausted,
            },
            gen.iter.span,
        );
        g.switch_to(body);
        self.assign_item(g, &gen.target, item);
        for cond in &gen.ifs {
            let c = self.expr(g, cond);
            let pass = g.new_block();
            g.terminate(
                Terminator::Branch {
                    cond: c,
                    then: pass,
                    otherwise: header,
                },
                cond.span,
            );
            g.switch_to(pass);
        }
        self.comp_loop(g, kind, generators, i + 1, elts, result, header, span);
        if !g.is_terminated() {
            g.terminate(Terminator::Jump(header), span);
        }
    }

    fn comp_element(
        &mut self,
        g: &mut FnState,
        kind: ScopeKind,
        elts: &[&ast::Expr],
        result: Option<Slot>,
        span: Span,
    ) {
        match (kind, result, elts) {
            (ScopeKind::DictComp, Some(r), [k, v]) => {
                // The key is evaluated before the value (Python 3.8+).
                let key = self.expr(g, k);
                let key_slot = g.scratch("$key");
                g.emit(
                    StmtKind::Assign {
                        target: Target::Local(key_slot),
                        value: key,
                    },
                    k.span,
                );
                let value = self.expr(g, v);
                let target = Target::Subscript {
                    object: Box::new(g.local(r, span)),
                    index: Box::new(g.local(key_slot, k.span)),
                };
                g.emit(StmtKind::Assign { target, value }, v.span.to(k.span));
            }
            (ScopeKind::ListComp | ScopeKind::SetComp, Some(r), [e]) => {
                let value = self.expr(g, e);
                let method = if kind == ScopeKind::ListComp {
                    "append"
                } else {
                    "add"
                };
                let call = ExprKind::MethodCall {
                    object: Box::new(g.local(r, e.span)),
                    name: method.into(),
                    site: g.attr_site(),
                    args: vec![CallArg::Positional(value)],
                    kwargs: Vec::new(),
                };
                g.emit(StmtKind::Expr(Expr::new(call, e.span)), e.span);
            }
            (_, None, [e]) => {
                let value = self.expr(g, e);
                let resume = g.new_block();
                g.terminate(
                    Terminator::Yield {
                        value,
                        resume,
                        sent: None,
                    },
                    e.span,
                );
                g.switch_to(resume);
            }
            _ => {}
        }
    }

    // ----------------------------------------------------------------------------------
    // Names and targets.

    fn name_ref(&mut self, f: &FnState, name: &str) -> NameRef {
        if self.aliases.contains_key(name) {
            return NameRef::Builtin;
        }
        if let Some(r) = f.scope.names.get(name) {
            return *r;
        }
        if let Some(i) = self.globals.iter().position(|g| g == name) {
            return NameRef::Global(i as GlobalId);
        }
        if crate::resolve::is_builtin(name)
            || (self.scopes.desugared && crate::desugar::is_helper(name))
        {
            return NameRef::Builtin;
        }
        self.globals.push(name.to_string());
        NameRef::Global((self.globals.len() - 1) as GlobalId)
    }

    /// The builtin a name stands for: itself, or what the desugarer's alias names.
    fn canonical<'n>(&'n self, name: &'n str) -> &'n str {
        self.aliases.get(name).map_or(name, String::as_str)
    }

    /// `used` (a name in the desugared code) is builtin `builtin` here: spelled so (or
    /// aliased to it) and not a variable of the program's own.
    fn is_builtin_name(&mut self, f: &FnState, used: &str, builtin: &str) -> bool {
        self.canonical(used) == builtin && self.name_ref(f, used) == NameRef::Builtin
    }

    /// `except StopIteration` with the builtin `StopIteration`.
    fn catches_stop_iteration(&mut self, f: &FnState, h: &ast::ExceptHandler) -> bool {
        match &h.typ {
            Some(t) => matches!(&t.kind, A::Name(n) if self.is_builtin_name(f, n, "StopIteration")),
            None => false,
        }
    }

    /// `y = next(d)` with plain names and the builtin `next`: `Some((y, d))`.
    fn next_call<'a>(&mut self, f: &FnState, s: &'a ast::Stmt) -> Option<(&'a str, &'a str)> {
        match assign_of_call(s).map(|(t, func, a)| (&t.kind, &func.kind, &a.kind)) {
            Some((A::Name(y), A::Name(next), A::Name(d)))
                if self.is_builtin_name(f, next, "next") =>
            {
                Some((y.as_str(), d.as_str()))
            }
            _ => None,
        }
    }

    fn name_target(&mut self, f: &FnState, name: &str) -> Target {
        match self.name_ref(f, name) {
            NameRef::Local(s) => Target::Local(s),
            NameRef::Cell(s) => Target::Cell(s),
            NameRef::Global(g) => Target::Global(g),
            NameRef::Class(_) => Target::ClassLocal(name.to_string()),
            NameRef::Builtin => {
                let id = match self.globals.iter().position(|g| g == name) {
                    Some(i) => i,
                    None => {
                        self.globals.push(name.to_string());
                        self.globals.len() - 1
                    }
                };
                Target::Global(id as GlobalId)
            }
        }
    }

    fn target(&mut self, f: &mut FnState, e: &ast::Expr) -> Target {
        match &e.kind {
            A::Name(n) => self.name_target(f, n),
            A::Attribute { value, attr } => Target::Attribute {
                object: Box::new(self.expr(f, value)),
                name: attr.id.clone(),
                site: f.attr_site(),
            },
            A::Subscript { value, index } => Target::Subscript {
                object: Box::new(self.expr(f, value)),
                index: Box::new(self.expr(f, index)),
            },
            A::Tuple(items) | A::List(items) => {
                let mut star = None;
                let mut targets = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match &item.kind {
                        A::Starred(inner) => {
                            star = Some(i);
                            targets.push(self.target(f, inner));
                        }
                        _ => targets.push(self.target(f, item)),
                    }
                }
                Target::Unpack {
                    targets,
                    star,
                    span: e.span,
                }
            }
            A::Starred(inner) => self.target(f, inner),
            // Rejected by resolve.
            _ => Target::Unpack {
                targets: Vec::new(),
                star: None,
                span: e.span,
            },
        }
    }

    // ----------------------------------------------------------------------------------
    // Expressions.

    fn boxed(&mut self, f: &mut FnState, e: &ast::Expr) -> Box<Expr> {
        Box::new(self.expr(f, e))
    }

    fn expr(&mut self, f: &mut FnState, e: &ast::Expr) -> Expr {
        let span = e.span;
        let kind = match &e.kind {
            A::BoolOp { op, values } => ExprKind::BoolOp {
                op: *op,
                values: values.iter().map(|v| self.expr(f, v)).collect(),
            },
            A::NamedExpr { target, value } => {
                let value = self.boxed(f, value);
                let target = Box::new(self.target(f, target));
                ExprKind::NamedExpr { target, value }
            }
            A::BinOp { left, op, right } => ExprKind::BinOp {
                op: *op,
                left: self.boxed(f, left),
                right: self.boxed(f, right),
            },
            A::UnaryOp { op, operand } => ExprKind::UnaryOp {
                op: *op,
                operand: self.boxed(f, operand),
            },
            A::Lambda { params, body } => {
                let Some(scope) = self.scopes.of_expr(e) else {
                    return f.constant(Const::None, span);
                };
                let kind = if scope.is_generator {
                    FunctionKind::Generator
                } else {
                    FunctionKind::Function
                };
                return self.make_function(f, scope, kind, (params, None), span, |b, g| {
                    if let A::Yield(v) = &body.kind {
                        if !b.blocked(g, v.as_deref(), true) {
                            b.not_yet(g, Unsupported::YieldInLambda, body.span);
                        }
                        return;
                    }
                    if b.blocked(g, [&**body], false) {
                        return;
                    }
                    let value = b.expr(g, body);
                    g.terminate(Terminator::Return(value), body.span);
                });
            }
            A::IfExp { test, body, orelse } => ExprKind::IfExp {
                test: self.boxed(f, test),
                body: self.boxed(f, body),
                orelse: self.boxed(f, orelse),
            },
            A::Dict { items } => ExprKind::Dict(
                items
                    .iter()
                    .map(|i| match i {
                        ast::DictItem::Pair(k, v) => (Some(self.expr(f, k)), self.expr(f, v)),
                        ast::DictItem::Unpack(v) => (None, self.expr(f, v)),
                    })
                    .collect(),
            ),
            A::Set(items) => ExprKind::Set(items.iter().map(|i| self.expr(f, i)).collect()),
            A::List(items) => ExprKind::List(items.iter().map(|i| self.expr(f, i)).collect()),
            A::Tuple(items) => ExprKind::Tuple(items.iter().map(|i| self.expr(f, i)).collect()),
            A::ListComp { elt, generators }
            | A::SetComp { elt, generators }
            | A::GeneratorExp { elt, generators } => {
                return self.comprehension(f, e, generators, &[elt]);
            }
            A::DictComp {
                key,
                value,
                generators,
            } => {
                return self.comprehension(f, e, generators, &[key, value]);
            }
            // Statements that contain these are replaced by a placeholder raise before
            // their expressions are lowered; this is never reached.
            A::Await(_) | A::Yield(_) | A::YieldFrom(_) => {
                return f.constant(Const::None, span);
            }
            A::Compare { left, ops } => ExprKind::Compare {
                left: self.boxed(f, left),
                ops: ops.iter().map(|(op, r)| (*op, self.expr(f, r))).collect(),
            },
            A::Call { func, keywords, .. } => return self.call(f, e, func, keywords),
            A::FString(parts) => ExprKind::FString(self.fstring(f, parts)),
            A::Constant(c) => return self.constant(f, c, span),
            A::Attribute { value, attr } => ExprKind::Attribute {
                object: self.boxed(f, value),
                name: attr.id.clone(),
                site: f.attr_site(),
            },
            A::Subscript { value, index } => ExprKind::Subscript {
                object: self.boxed(f, value),
                index: self.boxed(f, index),
            },
            A::Starred(inner) => ExprKind::Starred(self.boxed(f, inner)),
            A::Name(n) => match self.name_ref(f, n) {
                NameRef::Local(s) => ExprKind::Local(s),
                NameRef::Cell(s) => ExprKind::Cell(s),
                NameRef::Global(g) => ExprKind::Global(g),
                NameRef::Builtin => ExprKind::Builtin(self.canonical(n).to_string()),
                NameRef::Class(fallback) => {
                    let fallback = match fallback {
                        ClassFallback::Global(g) => ExprKind::Global(g),
                        ClassFallback::Builtin => ExprKind::Builtin(self.canonical(n).to_string()),
                    };
                    ExprKind::ClassLocal {
                        name: n.clone(),
                        fallback: Box::new(Expr::new(fallback, span)),
                    }
                }
            },
            A::Slice { lower, upper, step } => ExprKind::Slice {
                lower: lower.as_ref().map(|x| self.boxed(f, x)),
                upper: upper.as_ref().map(|x| self.boxed(f, x)),
                step: step.as_ref().map(|x| self.boxed(f, x)),
            },
        };
        Expr::new(kind, span)
    }

    fn call(
        &mut self,
        f: &mut FnState,
        e: &ast::Expr,
        func: &ast::Expr,
        keywords: &[ast::Keyword],
    ) -> Expr {
        let A::Call { args, .. } = &e.kind else {
            return f.constant(Const::None, e.span);
        };
        // `obj.name(...)` needs no bound-method object.
        let method = match &func.kind {
            A::Attribute { value, attr } => Some((self.boxed(f, value), attr.id.clone())),
            _ => None,
        };
        let callee = match method {
            Some(_) => None,
            None => Some(self.boxed(f, func)),
        };
        let mut args = self.call_args(f, args);
        if args.is_empty() && keywords.is_empty() {
            args = self.zero_argument_super(f, func);
        }
        let kwargs = self.call_kwargs(f, keywords);
        let kind = match (method, callee) {
            (Some((object, name)), _) => ExprKind::MethodCall {
                object,
                name,
                site: f.attr_site(),
                args,
                kwargs,
            },
            (None, Some(func)) => ExprKind::Call { func, args, kwargs },
            (None, None) => return f.constant(Const::None, e.span),
        };
        Expr::new(kind, e.span)
    }

    /// A call's positional arguments (or a class's bases), evaluated in order.
    fn call_args(&mut self, f: &mut FnState, args: &[ast::Arg]) -> Vec<CallArg> {
        args.iter()
            .map(|a| match a {
                ast::Arg::Positional(x) => CallArg::Positional(self.expr(f, x)),
                ast::Arg::Starred(x) => CallArg::Star(self.expr(f, x)),
            })
            .collect()
    }

    /// A call's keyword arguments (or a class's keywords), evaluated in order.
    fn call_kwargs(&mut self, f: &mut FnState, keywords: &[ast::Keyword]) -> Vec<CallKwarg> {
        keywords
            .iter()
            .map(|k| match &k.name {
                Some(n) => CallKwarg::Named(n.id.clone(), self.expr(f, &k.value)),
                None => CallKwarg::DoubleStar(self.expr(f, &k.value)),
            })
            .collect()
    }

    /// `super()` inside a method is `super(__class__, self)`: the class from the cell the
    /// class body fills, the instance from the method's first parameter (CPython's
    /// `super()` finds both in the calling frame). Any other call gets no arguments.
    fn zero_argument_super(&mut self, f: &FnState, func: &ast::Expr) -> Vec<CallArg> {
        let A::Name(n) = &func.kind else {
            return Vec::new();
        };
        if !self.is_builtin_name(f, n, "super") {
            return Vec::new();
        }
        let Some(NameRef::Cell(class_slot)) = f.scope.names.get("__class__").copied() else {
            return Vec::new();
        };
        let span = func.span;
        let mut args = vec![CallArg::Positional(Expr::new(
            ExprKind::Cell(class_slot),
            span,
        ))];
        let first = f.scope.params.posonly + f.scope.params.positional;
        let first_slot = if first > 0 {
            Some(0)
        } else {
            f.scope.params.vararg
        };
        // No parameter: `super()` finds no instance, CPython's "super(): no arguments".
        let Some(slot) = first_slot else {
            return Vec::new();
        };
        let kind = match f.scope.slots.get(slot as usize).map(|s| s.kind) {
            Some(SlotKind::Cell) => ExprKind::Cell(slot),
            _ => ExprKind::Local(slot),
        };
        args.push(CallArg::Positional(Expr::new(kind, span)));
        args
    }

    fn fstring(&mut self, f: &mut FnState, parts: &[ast::FStringPart]) -> Vec<FStringPiece> {
        let mut out = Vec::new();
        for p in parts {
            match p {
                ast::FStringPart::Literal(s) => out.push(FStringPiece::Literal(s.clone())),
                ast::FStringPart::Value {
                    expr,
                    conversion,
                    spec,
                    debug_text,
                } => {
                    let mut conversion = *conversion;
                    if let Some(text) = debug_text {
                        out.push(FStringPiece::Literal(text.clone()));
                        // `f"{x=}"` shows the repr unless a conversion or spec is given.
                        if conversion.is_none() && spec.is_empty() {
                            conversion = Some('r');
                        }
                    }
                    let expr = self.expr(f, expr);
                    let spec = self.fstring(f, spec);
                    out.push(FStringPiece::Value {
                        expr,
                        conversion,
                        spec,
                    });
                }
            }
        }
        out
    }

    fn constant(&mut self, f: &mut FnState, c: &ast::Constant, span: Span) -> Expr {
        use ast::Constant as C;
        let c = match c {
            C::None => Const::None,
            C::True => Const::Bool(true),
            C::False => Const::Bool(false),
            C::Ellipsis => Const::Ellipsis,
            C::Int(digits) => {
                let clean: String = digits.chars().filter(|c| *c != '_').collect();
                match clean.parse::<i64>() {
                    Ok(i) => Const::Int(i),
                    Err(_) => Const::BigInt(clean),
                }
            }
            C::Float(x) => Const::Float(*x),
            // Rejected by resolve (peel has no complex numbers).
            C::Complex(_) => Const::None,
            C::Str(s) => Const::Str(s.clone()),
            C::Bytes(b) => Const::Bytes(b.clone()),
        };
        f.constant(c, span)
    }
}

/// `target = func(arg)`, one target, one positional argument: `Some((target, func, arg))`.
fn assign_of_call(s: &ast::Stmt) -> Option<(&ast::Expr, &ast::Expr, &ast::Expr)> {
    let S::Assign { targets, value } = &s.kind else {
        return None;
    };
    let A::Call {
        func,
        args,
        keywords,
    } = &value.kind
    else {
        return None;
    };
    match (targets.as_slice(), args.as_slice(), keywords.as_slice()) {
        ([target], [ast::Arg::Positional(arg)], []) => Some((target, func, arg)),
        _ => None,
    }
}
