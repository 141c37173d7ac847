//! The IR's invariants, checked (see `cfg::validate`).

use super::ir::*;

pub fn program(p: &Program) -> Result<(), String> {
    if p.functions.is_empty() {
        return Err("no module function".into());
    }
    for (i, f) in p.functions.iter().enumerate() {
        Checker { p, f }
            .function()
            .map_err(|e| format!("function #{i} {}: {e}", f.qualname))?;
    }
    Ok(())
}

struct Checker<'a> {
    p: &'a Program,
    f: &'a Function,
}

impl Checker<'_> {
    fn function(&self) -> Result<(), String> {
        let f = self.f;
        if f.blocks.is_empty() {
            return Err("no blocks".into());
        }
        let ps = &f.params;
        let n_params = (ps.posonly + ps.positional + ps.kwonly) as usize
            + ps.vararg.is_some() as usize
            + ps.kwarg.is_some() as usize;
        if n_params > f.slots.len() || ps.n_defaults > ps.posonly + ps.positional {
            return Err("bad parameter spec".into());
        }
        for &s in &f.cell_slots {
            self.slot(s)?;
            if f.slots[s as usize].kind != SlotKind::Cell {
                return Err(format!("cell slot {s} is not a Cell"));
            }
        }
        for &s in &f.free_slots {
            self.slot(s)?;
            if f.slots[s as usize].kind != SlotKind::Free {
                return Err(format!("free slot {s} is not Free"));
            }
        }
        for b in &f.blocks {
            if let Some(h) = b.handler {
                self.block(h.target)?;
                self.slot(h.exc_slot)?;
            }
            for s in &b.stmts {
                self.stmt(s)?;
            }
            self.term(&b.term)?;
        }
        Ok(())
    }

    fn slot(&self, s: Slot) -> Result<(), String> {
        if (s as usize) < self.f.slots.len() {
            Ok(())
        } else {
            Err(format!("slot {s} out of range"))
        }
    }

    fn block(&self, b: BlockId) -> Result<(), String> {
        if (b as usize) < self.f.blocks.len() {
            Ok(())
        } else {
            Err(format!("block {b} out of range"))
        }
    }

    fn stmt(&self, s: &Stmt) -> Result<(), String> {
        match &s.kind {
            StmtKind::Assign { target, value } => {
                self.target(target)?;
                self.expr(value)
            }
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Delete(t) => self.target(t),
            StmtKind::EnterExcept(slot) => self.slot(*slot),
            StmtKind::ExitExcept(_) => Ok(()),
            StmtKind::SetCompletion { slot, completion } => {
                self.slot(*slot)?;
                match completion {
                    CompletionRecord::Normal => Ok(()),
                    CompletionRecord::Return(e) => self.expr(e),
                    CompletionRecord::Jump(b) => self.block(*b),
                    CompletionRecord::Raise(s) => self.slot(*s),
                }
            }
        }
    }

    fn term(&self, t: &Terminator) -> Result<(), String> {
        for b in t.targets() {
            self.block(b)?;
        }
        match t {
            Terminator::Jump(_) | Terminator::RaiseHandled | Terminator::Unreachable => Ok(()),
            Terminator::Branch { cond, .. } => self.expr(cond),
            Terminator::ForNext { iter, item, .. } => {
                self.place(*iter)?;
                self.place(*item)
            }
            Terminator::Send {
                delegate,
                sent,
                yielded,
                result,
                unbind,
                ..
            } => {
                for s in [*delegate, *yielded, *result]
                    .into_iter()
                    .chain(*sent)
                    .chain(*unbind)
                {
                    self.slot(s)?;
                }
                Ok(())
            }
            Terminator::Return(e) => self.expr(e),
            Terminator::Raise { exc, cause } => {
                self.expr(exc)?;
                cause.as_ref().map_or(Ok(()), |c| self.expr(c))
            }
            Terminator::Reraise(s) => self.slot(*s),
            Terminator::EndFinally {
                completion, outer, ..
            } => {
                self.slot(*completion)?;
                outer.map_or(Ok(()), |(s, _)| self.slot(s))
            }
            Terminator::Yield { value, sent, .. } => {
                self.expr(value)?;
                sent.map_or(Ok(()), |s| self.slot(s))
            }
        }
    }

    fn place(&self, p: Place) -> Result<(), String> {
        match p {
            Place::Local(s) => self.slot(s),
            Place::Global(g) => self.global(g),
        }
    }

    fn target(&self, t: &Target) -> Result<(), String> {
        match t {
            Target::Local(s) | Target::Cell(s) => self.slot(*s),
            Target::Global(g) => self.global(*g),
            Target::ClassLocal(_) => self.slot(0),
            Target::Attribute { object, .. } => self.expr(object),
            Target::Subscript { object, index } => {
                self.expr(object)?;
                self.expr(index)
            }
            Target::Unpack { targets, star, .. } => {
                if star.is_some_and(|s| s >= targets.len()) {
                    return Err("star index out of range".into());
                }
                targets.iter().try_for_each(|t| self.target(t))
            }
        }
    }

    fn global(&self, g: GlobalId) -> Result<(), String> {
        if (g as usize) < self.p.globals.len() {
            Ok(())
        } else {
            Err(format!("global {g} out of range"))
        }
    }

    fn args(&self, args: &[CallArg], kwargs: &[CallKwarg]) -> Result<(), String> {
        for a in args {
            match a {
                CallArg::Positional(e) | CallArg::Star(e) => self.expr(e)?,
            }
        }
        for k in kwargs {
            match k {
                CallKwarg::Named(_, e) | CallKwarg::DoubleStar(e) => self.expr(e)?,
            }
        }
        Ok(())
    }

    fn fstring(&self, pieces: &[FStringPiece]) -> Result<(), String> {
        for p in pieces {
            if let FStringPiece::Value { expr, spec, .. } = p {
                self.expr(expr)?;
                self.fstring(spec)?;
            }
        }
        Ok(())
    }

    fn expr(&self, e: &Expr) -> Result<(), String> {
        match &e.kind {
            ExprKind::Const(c) => {
                if (*c as usize) < self.f.consts.len() {
                    Ok(())
                } else {
                    Err(format!("const {c} out of range"))
                }
            }
            ExprKind::Local(s) | ExprKind::Cell(s) => self.slot(*s),
            ExprKind::Global(g) => self.global(*g),
            ExprKind::ClassLocal { fallback, .. } => {
                self.slot(0)?;
                self.expr(fallback)
            }
            ExprKind::CellObject(s) => self.slot(*s),
            ExprKind::Builtin(_) | ExprKind::Import(_) | ExprKind::ImportFrom { .. } => Ok(()),
            ExprKind::BinOp { left, right, .. } | ExprKind::InPlaceOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::BoolOp { values, .. }
            | ExprKind::Tuple(values)
            | ExprKind::List(values)
            | ExprKind::Set(values) => values.iter().try_for_each(|v| self.expr(v)),
            ExprKind::Compare { left, ops } => {
                self.expr(left)?;
                ops.iter().try_for_each(|(_, r)| self.expr(r))
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)
            }
            ExprKind::Call { func, args, kwargs } => {
                self.expr(func)?;
                self.args(args, kwargs)
            }
            ExprKind::MethodCall {
                object,
                args,
                kwargs,
                ..
            } => {
                self.expr(object)?;
                self.args(args, kwargs)
            }
            ExprKind::Attribute { object, .. } => self.expr(object),
            ExprKind::Subscript { object, index } => {
                self.expr(object)?;
                self.expr(index)
            }
            ExprKind::Slice { lower, upper, step } => [lower, upper, step]
                .into_iter()
                .flatten()
                .try_for_each(|x| self.expr(x)),
            ExprKind::Dict(items) => items.iter().try_for_each(|(k, v)| {
                if let Some(k) = k {
                    self.expr(k)?;
                }
                self.expr(v)
            }),
            ExprKind::Starred(x) | ExprKind::Iter(x) => self.expr(x),
            ExprKind::FString(pieces) => self.fstring(pieces),
            ExprKind::MakeFunction {
                func,
                defaults,
                kw_defaults,
                annotations,
                closure,
            } => {
                let Some(target) = self.p.functions.get(*func as usize) else {
                    return Err(format!("function {func} out of range"));
                };
                for (_, a) in annotations.iter().flat_map(|a| &a.items) {
                    self.expr(a)?;
                }
                if closure.len() != target.free_slots.len() {
                    return Err(format!(
                        "closure of {} has {} cells, it needs {}",
                        target.qualname,
                        closure.len(),
                        target.free_slots.len()
                    ));
                }
                for &c in closure {
                    self.slot(c)?;
                    if !matches!(
                        self.f.slots[c as usize].kind,
                        SlotKind::Cell | SlotKind::Free
                    ) {
                        return Err(format!("closure slot {c} holds no cell"));
                    }
                }
                if defaults.len() != target.params.n_defaults as usize {
                    return Err(format!(
                        "{} defaults for {}",
                        defaults.len(),
                        target.qualname
                    ));
                }
                defaults.iter().try_for_each(|d| self.expr(d))?;
                kw_defaults.iter().try_for_each(|(_, d)| self.expr(d))
            }
            ExprKind::ExcMatch { exc, typ } => {
                self.expr(exc)?;
                self.expr(typ)
            }
            ExprKind::NamedExpr { target, value } => {
                self.target(target)?;
                self.expr(value)
            }
        }
    }
}
