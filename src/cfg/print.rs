//! The `cfg` stage printer: every function as its slots and basic blocks, in a
//! Python-like syntax that uses the learner's names.
//!
//! ```text
//! function countdown (function) line 1
//!   params: n
//!   slots:  n local
//! bb0:
//!     jump bb1                                          # line 2
//! bb1:
//!     branch n > 0 -> bb2, bb3                          # line 2
//! ```
//!
//! Each line ends with the source line it came from. Temporaries the compiler introduced
//! start with `$` (`$iter_x`, `$exc`, `$finally`), so they can never be confused with the
//! learner's variables.

pub use crate::pyrepr::{float_repr, str_repr as py_str_repr};
use std::fmt::Write;

use crate::ast::{BinOp, BoolOp, UnaryOp};
use crate::span::{SourceFile, Span};

use super::ir::*;

/// Column where the `# line N` comments start.
const COMMENT_COLUMN: usize = 56;

pub fn print_program(program: &Program, source: &SourceFile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "globals: {}", program.globals.join(", "));
    // The desugarer's globals, which stand for values CPython keeps on the module frame's
    // stack: an uncaught exception lets go of them before its traceback is printed.
    let stack: Vec<&str> = (program.globals.iter().zip(&program.on_stack))
        .filter(|(_, &on_stack)| on_stack)
        .map(|(g, _)| g.as_str())
        .collect();
    if !stack.is_empty() {
        let _ = writeln!(out, "on the stack: {}", stack.join(", "));
    }
    for (id, function) in program.functions.iter().enumerate() {
        out.push('\n');
        Printer {
            program,
            function,
            source,
            out: &mut out,
        }
        .function(id);
    }
    out
}

struct Printer<'a> {
    program: &'a Program,
    function: &'a Function,
    source: &'a SourceFile,
    out: &'a mut String,
}

impl Printer<'_> {
    fn line(&self, span: Span) -> usize {
        self.source.line_of(span.start as usize)
    }

    fn emit(&mut self, text: &str, span: Span) {
        let line = self.line(span);
        let mut l = format!("    {text}");
        let width = l.chars().count();
        if width < COMMENT_COLUMN {
            l.push_str(&" ".repeat(COMMENT_COLUMN - width));
        } else {
            l.push_str("  ");
        }
        let _ = writeln!(self.out, "{l}# line {line}");
    }

    fn function(&mut self, id: usize) {
        let f = self.function;
        let _ = writeln!(
            self.out,
            "function {} ({}) #{} line {}",
            f.qualname,
            f.kind.name(),
            id,
            self.line(f.span)
        );
        let p = &f.params;
        let mut params = Vec::new();
        let positional = (p.posonly + p.positional) as usize;
        let first_default = positional.saturating_sub(p.n_defaults as usize);
        for i in 0..positional {
            let mut s = self.slot(i as Slot);
            if i >= first_default {
                s.push_str("=<default>");
            }
            params.push(s);
            if p.posonly > 0 && i + 1 == p.posonly as usize {
                params.push("/".into());
            }
        }
        if let Some(v) = p.vararg {
            params.push(format!("*{}", self.slot(v)));
        } else if p.kwonly > 0 {
            params.push("*".into());
        }
        for i in 0..p.kwonly as usize {
            params.push(self.slot((positional + i) as Slot));
        }
        if let Some(k) = p.kwarg {
            params.push(format!("**{}", self.slot(k)));
        }
        if !params.is_empty() {
            let _ = writeln!(self.out, "  params: {}", params.join(", "));
        }
        if !f.slots.is_empty() {
            let slots: Vec<String> = f
                .slots
                .iter()
                .map(|s| {
                    let kind = match s.kind {
                        // A desugarer's temporary: CPython keeps its value on the frame's
                        // stack, which an exception leaving the frame empties.
                        SlotKind::Local if s.on_stack => "stack",
                        SlotKind::Local => "local",
                        SlotKind::Cell => "cell",
                        SlotKind::Free => "free",
                        SlotKind::Temp => "temp",
                    };
                    format!("{} {}", s.name, kind)
                })
                .collect();
            let _ = writeln!(self.out, "  slots: {}", slots.join(", "));
        }
        for (i, block) in f.blocks.iter().enumerate() {
            match block.handler {
                Some(h) => {
                    let depth = if h.handled_depth > 0 {
                        format!(", handled {}", h.handled_depth)
                    } else {
                        String::new()
                    };
                    let _ = writeln!(
                        self.out,
                        "bb{i} (except -> bb{} as {}{depth}):",
                        h.target,
                        self.slot(h.exc_slot)
                    );
                }
                None => {
                    let _ = writeln!(self.out, "bb{i}:");
                }
            }
            for stmt in &block.stmts {
                let text = self.stmt(stmt);
                self.emit(&text, stmt.span);
            }
            let text = self.terminator(&block.term);
            self.emit(&text, block.term_span);
        }
    }

    fn slot(&self, s: Slot) -> String {
        self.function
            .slots
            .get(s as usize)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| format!("<slot {s}>"))
    }

    fn stmt(&self, stmt: &Stmt) -> String {
        match &stmt.kind {
            StmtKind::Assign { target, value } => {
                if let ExprKind::InPlaceOp { op, left, right } = &value.kind {
                    let t = self.target(target);
                    if self.expr(left, 0) == t {
                        return format!("{t} {}= {}", op.symbol(), self.expr(right, 0));
                    }
                }
                format!("{} = {}", self.target(target), self.expr(value, 0))
            }
            StmtKind::Expr(e) => self.expr(e, 0),
            StmtKind::Delete(t) => format!("del {}", self.target(t)),
            StmtKind::EnterExcept(s) => format!("enter_except {}", self.slot(*s)),
            StmtKind::ExitExcept(s) => format!("exit_except {}", self.slot(*s)),
            StmtKind::SetCompletion { slot, completion } => {
                let c = match completion {
                    CompletionRecord::Normal => "normal".to_string(),
                    CompletionRecord::Return(e) => format!("return {}", self.expr(e, 0)),
                    CompletionRecord::Jump(b) => format!("jump bb{b}"),
                    CompletionRecord::Raise(s) => format!("raise {}", self.slot(*s)),
                };
                format!("{} = completion({c})", self.slot(*slot))
            }
        }
    }

    fn terminator(&self, t: &Terminator) -> String {
        match t {
            Terminator::Jump(b) => format!("jump bb{b}"),
            Terminator::Branch {
                cond,
                then,
                otherwise,
            } => {
                format!("branch {} -> bb{then}, bb{otherwise}", self.expr(cond, 0))
            }
            Terminator::ForNext {
                iter,
                item,
                body,
                exhausted,
            } => format!(
                "for_next {} -> {}, bb{body} | exhausted bb{exhausted}",
                place_text(self, *iter),
                place_text(self, *item)
            ),
            Terminator::Send {
                delegate,
                sent,
                yielded,
                result,
                then,
                done,
                unbind,
            } => {
                let step = match sent {
                    None => format!("next {}", self.slot(*delegate)),
                    Some(s) => format!("send {} to {}", self.slot(*s), self.slot(*delegate)),
                };
                let unbind = match unbind {
                    Some(u) => format!(", del {}", self.slot(*u)),
                    None => String::new(),
                };
                format!(
                    "{step} -> {}, bb{then} | returned -> {}{unbind}, bb{done}",
                    self.slot(*yielded),
                    self.slot(*result)
                )
            }
            Terminator::Return(e) => format!("return {}", self.expr(e, 0)),
            Terminator::Raise { exc, cause: None } => format!("raise {}", self.expr(exc, 0)),
            Terminator::Raise {
                exc,
                cause: Some(c),
            } => {
                format!("raise {} from {}", self.expr(exc, 0), self.expr(c, 0))
            }
            Terminator::Reraise(s) => format!("reraise {}", self.slot(*s)),
            Terminator::RaiseHandled => "raise".into(),
            Terminator::EndFinally {
                completion,
                after,
                outer,
            } => {
                let mut s = format!("end_finally {} -> bb{after}", self.slot(*completion));
                if let Some((slot, b)) = outer {
                    let _ = write!(s, " | return via {}, bb{b}", self.slot(*slot));
                }
                s
            }
            Terminator::Yield {
                value,
                resume,
                sent,
            } => {
                let y = format!("yield {} -> bb{resume}", self.expr(value, 0));
                match sent {
                    Some(s) => format!("{} = {y}", self.slot(*s)),
                    None => y,
                }
            }
            Terminator::Unreachable => "unreachable".into(),
        }
    }

    fn target(&self, t: &Target) -> String {
        target_text(self, t)
    }

    /// An expression, parenthesised if its precedence is below `min`.
    fn expr(&self, e: &Expr, min: u8) -> String {
        expr_text(self, e, min)
    }
}

impl Spelling for Printer<'_> {
    fn constant(&self, c: ConstId) -> (String, u8) {
        let text = self
            .function
            .consts
            .get(c as usize)
            .map(const_repr)
            .unwrap_or_else(|| format!("<const {c}>"));
        let prec = match self.function.consts.get(c as usize) {
            Some(Const::Int(i)) if *i < 0 => FACTOR,
            Some(Const::Float(x)) if x.is_sign_negative() => FACTOR,
            _ => ATOM,
        };
        (text, prec)
    }

    fn slot(&self, s: Slot) -> String {
        Printer::slot(self, s)
    }

    fn global(&self, g: GlobalId) -> String {
        self.program
            .globals
            .get(g as usize)
            .cloned()
            .unwrap_or_else(|| format!("<global {g}>"))
    }

    fn function_name(&self, f: FuncId) -> String {
        self.program
            .functions
            .get(f as usize)
            .map(|f| f.qualname.clone())
            .unwrap_or_else(|| format!("<function {f}>"))
    }
}

// ------------------------------------------------------------------- shared expressions

/// How one printed form of the CFG spells what is its own. The expression printer below
/// serves both the `cfg` stage and the state machines printed as Python
/// (`statemachine::print_python`); they differ in their leaves (constants, slots,
/// globals) and in a few constructs, which the Python form overrides in `special`.
pub(crate) trait Spelling {
    /// A constant, with its precedence (a negative number binds like a unary minus).
    fn constant(&self, c: ConstId) -> (String, u8);
    fn slot(&self, s: Slot) -> String;
    fn global(&self, g: GlobalId) -> String;
    /// The qualified name of a function, for `MakeFunction`.
    fn function_name(&self, f: FuncId) -> String;
    /// How builtin `name` is reached (the desugarer's alias when the program rebinds it).
    fn builtin(&self, name: &str) -> String {
        name.to_string()
    }
    /// This form's own spelling of `e`, if it has one (`None`: the shared one).
    fn special(&self, _e: &Expr) -> Option<(String, u8)> {
        None
    }
}

/// An expression, parenthesised if its precedence is below `min`.
pub(crate) fn expr_text<S: Spelling + ?Sized>(s: &S, e: &Expr, min: u8) -> String {
    let (text, prec) = expr_prec(s, e);
    if prec < min {
        format!("({text})")
    } else {
        text
    }
}

/// A call's arguments, separated by commas.
pub(crate) fn args_text<S: Spelling + ?Sized>(
    s: &S,
    args: &[CallArg],
    kwargs: &[CallKwarg],
) -> String {
    let mut parts: Vec<String> = args
        .iter()
        .map(|a| match a {
            CallArg::Positional(e) => expr_text(s, e, TEST),
            CallArg::Star(e) => format!("*{}", expr_text(s, e, BOR)),
        })
        .collect();
    for k in kwargs {
        parts.push(match k {
            CallKwarg::Named(n, e) => format!("{n}={}", expr_text(s, e, TEST)),
            CallKwarg::DoubleStar(e) => format!("**{}", expr_text(s, e, BOR)),
        });
    }
    parts.join(", ")
}

/// Where a value is stored, as the left side of an assignment.
pub(crate) fn target_text<S: Spelling + ?Sized>(s: &S, t: &Target) -> String {
    match t {
        Target::Local(x) | Target::Cell(x) => s.slot(*x),
        Target::Global(g) => s.global(*g),
        Target::ClassLocal(name) => name.clone(),
        Target::Attribute { object, name, .. } => format!("{}.{name}", expr_text(s, object, ATOM)),
        Target::Subscript { object, index } => {
            format!("{}[{}]", expr_text(s, object, ATOM), expr_text(s, index, 0))
        }
        Target::Unpack { targets, star, .. } => {
            let items: Vec<String> = targets
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let text = target_text(s, t);
                    if *star == Some(i) {
                        format!("*{text}")
                    } else {
                        text
                    }
                })
                .collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
    }
}

/// An expression and its precedence.
pub(crate) fn expr_prec<S: Spelling + ?Sized>(s: &S, e: &Expr) -> (String, u8) {
    if let Some(own) = s.special(e) {
        return own;
    }
    let x = |e: &Expr, min: u8| expr_text(s, e, min);
    match &e.kind {
        ExprKind::Const(c) => s.constant(*c),
        ExprKind::Local(v) | ExprKind::Cell(v) => (s.slot(*v), ATOM),
        ExprKind::Global(g) => (s.global(*g), ATOM),
        ExprKind::Builtin(n) => (s.builtin(n), ATOM),
        ExprKind::ClassLocal { name, .. } => (name.clone(), ATOM),
        ExprKind::CellObject(v) => (format!("cell({})", s.slot(*v)), ATOM),
        ExprKind::BinOp { op, left, right } | ExprKind::InPlaceOp { op, left, right } => {
            let p = binop_prec(*op);
            let (lmin, rmin) = if *op == BinOp::Pow {
                (p + 1, p)
            } else {
                (p, p + 1)
            };
            let sym = match e.kind {
                ExprKind::InPlaceOp { .. } => format!("{}=", op.symbol()),
                _ => op.symbol().to_string(),
            };
            (format!("{} {sym} {}", x(left, lmin), x(right, rmin)), p)
        }
        ExprKind::UnaryOp { op, operand } => {
            let p = if *op == UnaryOp::Not { NOT } else { FACTOR };
            (format!("{}{}", op.symbol(), x(operand, p)), p)
        }
        ExprKind::BoolOp { op, values } => {
            let (p, word) = match op {
                BoolOp::And => (AND, " and "),
                BoolOp::Or => (OR, " or "),
            };
            let parts: Vec<String> = values.iter().map(|v| x(v, p + 1)).collect();
            (parts.join(word), p)
        }
        ExprKind::Compare { left, ops } => {
            let mut text = x(left, CMP + 1);
            for (op, right) in ops {
                let _ = write!(text, " {} {}", op.symbol(), x(right, CMP + 1));
            }
            (text, CMP)
        }
        ExprKind::IfExp { test, body, orelse } => (
            format!(
                "{} if {} else {}",
                x(body, TEST + 1),
                x(test, TEST + 1),
                x(orelse, TEST)
            ),
            TEST,
        ),
        ExprKind::Call { func, args, kwargs } => (
            format!("{}({})", x(func, ATOM), args_text(s, args, kwargs)),
            ATOM,
        ),
        ExprKind::MethodCall {
            object,
            name,
            args,
            kwargs,
            ..
        } => (
            format!("{}.{name}({})", x(object, ATOM), args_text(s, args, kwargs)),
            ATOM,
        ),
        ExprKind::Attribute { object, name, .. } => (format!("{}.{name}", x(object, ATOM)), ATOM),
        ExprKind::Subscript { object, index } => {
            (format!("{}[{}]", x(object, ATOM), x(index, 0)), ATOM)
        }
        ExprKind::Slice { lower, upper, step } => {
            let part = |p: &Option<Box<Expr>>| p.as_ref().map(|p| x(p, TEST)).unwrap_or_default();
            let mut text = format!("{}:{}", part(lower), part(upper));
            if step.is_some() {
                let _ = write!(text, ":{}", part(step));
            }
            (text, TEST)
        }
        ExprKind::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(|i| x(i, TEST)).collect();
            if parts.len() == 1 {
                (format!("({},)", parts[0]), ATOM)
            } else {
                (format!("({})", parts.join(", ")), ATOM)
            }
        }
        ExprKind::List(items) => {
            let parts: Vec<String> = items.iter().map(|i| x(i, TEST)).collect();
            (format!("[{}]", parts.join(", ")), ATOM)
        }
        ExprKind::Set(items) => {
            if items.is_empty() {
                return ("set()".into(), ATOM);
            }
            let parts: Vec<String> = items.iter().map(|i| x(i, TEST)).collect();
            (format!("{{{}}}", parts.join(", ")), ATOM)
        }
        ExprKind::Dict(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|(k, v)| match k {
                    Some(k) => format!("{}: {}", x(k, TEST), x(v, TEST)),
                    None => format!("**{}", x(v, BOR)),
                })
                .collect();
            (format!("{{{}}}", parts.join(", ")), ATOM)
        }
        ExprKind::Starred(inner) => (format!("*{}", x(inner, BOR)), TEST),
        ExprKind::FString(pieces) => (format!("f{}", py_str_repr(&fstring_text(s, pieces))), ATOM),
        ExprKind::MakeFunction {
            func,
            defaults,
            kw_defaults,
            annotations,
            closure,
        } => {
            let mut text = format!("make_function {} #{func}", s.function_name(*func));
            if !defaults.is_empty() {
                let d: Vec<String> = defaults.iter().map(|d| x(d, TEST)).collect();
                let _ = write!(text, " defaults ({})", d.join(", "));
            }
            if !kw_defaults.is_empty() {
                let d: Vec<String> = kw_defaults
                    .iter()
                    .map(|(n, d)| format!("{n}={}", x(d, TEST)))
                    .collect();
                let _ = write!(text, " kw_defaults ({})", d.join(", "));
            }
            if let Some(annotations) = annotations {
                let a: Vec<String> = annotations
                    .items
                    .iter()
                    .map(|(n, a)| format!("{n}: {}", x(a, TEST)))
                    .collect();
                let _ = write!(text, " annotations ({})", a.join(", "));
            }
            if !closure.is_empty() {
                let c: Vec<String> = closure.iter().map(|c| s.slot(*c)).collect();
                let _ = write!(text, " closure ({})", c.join(", "));
            }
            (format!("<{text}>"), ATOM)
        }
        ExprKind::Import(name) => (format!("import({})", py_str_repr(name)), ATOM),
        ExprKind::ImportFrom { module, name } => (
            format!(
                "import_from({}, {})",
                py_str_repr(module),
                py_str_repr(name)
            ),
            ATOM,
        ),
        ExprKind::Iter(inner) => (format!("iter({})", x(inner, TEST)), ATOM),
        ExprKind::ExcMatch { exc, typ } => (
            format!("exc_match({}, {})", x(exc, TEST), x(typ, TEST)),
            ATOM,
        ),
        ExprKind::NamedExpr { target, value } => (
            format!("({} := {})", target_text(s, target), x(value, TEST)),
            ATOM,
        ),
    }
}

/// The f-string's source text between the quotes (braces doubled in literals).
fn fstring_text<S: Spelling + ?Sized>(s: &S, pieces: &[FStringPiece]) -> String {
    let mut text = String::new();
    for p in pieces {
        match p {
            FStringPiece::Literal(lit) => text.push_str(&lit.replace('{', "{{").replace('}', "}}")),
            FStringPiece::Value {
                expr,
                conversion,
                spec,
            } => {
                text.push('{');
                let inner = expr_text(s, expr, TEST);
                if inner.starts_with('{') {
                    text.push(' ');
                }
                text.push_str(&inner);
                if let Some(c) = conversion {
                    text.push('!');
                    text.push(*c);
                }
                if !spec.is_empty() {
                    text.push(':');
                    text.push_str(&fstring_text(s, spec));
                }
                text.push('}');
            }
        }
    }
    text
}

// Precedence levels, as in CPython's `ast.unparse`.
pub(crate) const TEST: u8 = 3;
pub(crate) const OR: u8 = 4;
pub(crate) const AND: u8 = 5;
pub(crate) const NOT: u8 = 6;
pub(crate) const CMP: u8 = 7;
pub(crate) const BOR: u8 = 8;
pub(crate) const FACTOR: u8 = 15;
pub(crate) const ATOM: u8 = 18;

pub(crate) fn binop_prec(op: BinOp) -> u8 {
    match op {
        BinOp::BitOr => 8,
        BinOp::BitXor => 9,
        BinOp::BitAnd => 10,
        BinOp::LShift | BinOp::RShift => 11,
        BinOp::Add | BinOp::Sub => 12,
        BinOp::Mult | BinOp::MatMult | BinOp::Div | BinOp::FloorDiv | BinOp::Mod => 13,
        BinOp::Pow => 16,
    }
}

/// A constant as Python's `repr` shows it.
pub fn const_repr(c: &Const) -> String {
    match c {
        Const::None => "None".into(),
        Const::Bool(true) => "True".into(),
        Const::Bool(false) => "False".into(),
        Const::Int(i) => i.to_string(),
        Const::BigInt(s) => crate::lexer::strings::int_literal(s),
        Const::Float(x) => float_repr(*x),
        Const::Str(s) => py_str_repr(s),
        Const::Bytes(b) => crate::pyrepr::bytes_repr(b),
        Const::Ellipsis => "...".into(),
    }
}

/// A `ForNext` variable, spelled as a local or a global.
pub(crate) fn place_text(sp: &impl Spelling, iter: Place) -> String {
    match iter {
        Place::Local(s) => sp.slot(s),
        Place::Global(g) => sp.global(g),
    }
}
