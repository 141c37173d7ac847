//! The executor: runs a function's basic blocks, one block at a time.
//!
//! A *frame* is the run-time state of one call: which function's code it runs, and one
//! slot per local variable (parameters, locals, cells, compiler temporaries), all numbered
//! by the compiler. Reading `x` is reading `slots[3]`: no name is looked up while running.
//! An empty slot (`None`) is an unbound variable, which is how `UnboundLocalError` is found.
//!
//! The loop is simple on purpose: run the statements of the current block, then its
//! terminator decides the next block (or returns). Expressions are still trees and are
//! evaluated recursively; they can never suspend, because every `yield` ends a block. That
//! is why a frame can be a plain heap value (`Frame`) whose `block` says where to continue:
//! the generator stage will keep suspended frames inside generator objects.
//!
//! Exceptions are Rust `Err` values. When one reaches the block loop, the frame records a
//! traceback entry (unless the error is a re-raise, which keeps its traceback as it is, like
//! CPython's `RERAISE`), and if the block has a handler, the exception goes into the
//! handler's slot and execution jumps there; otherwise the frame returns the error to its
//! caller. `finally` blocks receive a *completion record* (normal, return, jump, raise) that
//! `EndFinally` replays.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use super::function::{Code, PyFunction};
use super::types;
use super::value::{
    Completion, PyException, PyResult, PySlice, PyStr, PyTuple, TracebackEntry, TypeKind, Value,
};
use super::{exc, Vm};
use crate::cfg::{
    BlockId, CallArg, CallKwarg, CompletionRecord, Const, Expr, ExprKind, FStringPiece, Function,
    Slot, SlotKind, StmtKind, Target, Terminator,
};
use crate::span::Span;

/// The library functions the core calls, gathered in one place.
pub(crate) mod lib {
    // TEMPORARY shims until the library helper publishes ops/builtins/format/modules.
    use super::super::value::{PyStr, Value};
    pub(crate) use shim::{builtins, format, modules, ops};
    use std::rc::Rc;

    pub(crate) fn str_value(s: impl Into<String>) -> Value {
        Value::Str(Rc::new(PyStr::new(s.into())))
    }

    #[allow(dead_code, clippy::all)]
    mod shim {
        pub mod ops {
            use crate::ast::{BinOp, CmpOp, UnaryOp};
            use crate::runtime::types::*;
            use crate::runtime::value::*;
            use crate::runtime::Vm;
            use std::rc::Rc;
            pub fn type_name(v: &Value) -> String {
                match v {
                    Value::None => "NoneType",
                    Value::Bool(_) => "bool",
                    Value::Int(_) => "int",
                    Value::Str(_) => "str",
                    Value::List(_) => "list",
                    Value::Tuple(_) => "tuple",
                    Value::Dict(_) => "dict",
                    Value::Function(_) => "function",
                    Value::Exception(e) => e.class.name,
                    Value::Type(_) => "type",
                    _ => "object",
                }
                .to_string()
            }
            pub fn binary_op(_vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
                match (op, a, b) {
                    (BinOp::Add, Value::Str(x), Value::Str(y)) => {
                        Ok(super::super::str_value(format!("{}{}", x.s, y.s)))
                    }
                    (BinOp::FloorDiv | BinOp::Mod, Value::Int(_), Value::Int(0)) => {
                        Err(zero_division("integer division or modulo by zero"))
                    }
                    (BinOp::Div, Value::Int(_), Value::Int(0)) => {
                        Err(zero_division("division by zero"))
                    }
                    _ => Err(type_error(format!(
                        "unsupported operand type(s) for {}: '{}' and '{}'",
                        op.symbol(),
                        type_name(a),
                        type_name(b)
                    ))),
                }
            }
            pub fn inplace_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
                binary_op(vm, op, a, b)
            }
            pub fn unary_op(_vm: &mut Vm, op: UnaryOp, v: &Value) -> PyResult<Value> {
                Err(type_error(format!(
                    "bad operand type for unary {}: '{}'",
                    op.symbol(),
                    type_name(v)
                )))
            }
            pub fn compare(_vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
                match (op, a, b) {
                    (CmpOp::Is, Value::None, Value::None) => Ok(Value::Bool(true)),
                    (CmpOp::Eq, Value::Str(x), Value::Str(y)) => Ok(Value::Bool(x.s == y.s)),
                    _ => Err(type_error(format!(
                        "'{}' not supported between instances of '{}' and '{}'",
                        op.symbol(),
                        type_name(a),
                        type_name(b)
                    ))),
                }
            }
            pub fn truthy(_vm: &mut Vm, v: &Value) -> PyResult<bool> {
                Ok(match v {
                    Value::Str(s) => !s.s.is_empty(),
                    Value::List(l) => !l.items.borrow().is_empty(),
                    Value::Tuple(t) => !t.items.is_empty(),
                    _ => true,
                })
            }
            pub fn repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
                match v {
                    Value::Str(s) => Ok(format!("'{}'", s.s)),
                    _ => str(vm, v),
                }
            }
            pub fn str(vm: &mut Vm, v: &Value) -> PyResult<String> {
                Ok(match v {
                    Value::None => "None".into(),
                    Value::Bool(b) => {
                        if *b {
                            "True".into()
                        } else {
                            "False".into()
                        }
                    }
                    Value::Int(i) => i.to_string(),
                    Value::Str(s) => s.s.clone(),
                    Value::Exception(e) => match e.args.len() {
                        0 => String::new(),
                        1 if e.class.name == "KeyError" => repr(vm, &e.args[0])?,
                        1 => str(vm, &e.args[0])?,
                        _ => "(...)".into(),
                    },
                    Value::List(l) => {
                        let items = l.items.borrow().clone();
                        let parts: Vec<String> =
                            items.iter().map(|x| repr(vm, x)).collect::<PyResult<_>>()?;
                        format!("[{}]", parts.join(", "))
                    }
                    Value::Tuple(t) => {
                        let parts: Vec<String> = t
                            .items
                            .iter()
                            .map(|x| repr(vm, x))
                            .collect::<PyResult<_>>()?;
                        if parts.len() == 1 {
                            format!("({},)", parts[0])
                        } else {
                            format!("({})", parts.join(", "))
                        }
                    }
                    Value::Dict(d) => {
                        let items: Vec<(Value, Value)> = d
                            .map
                            .borrow()
                            .iter()
                            .map(|(k, v)| (k.0.clone(), v.clone()))
                            .collect();
                        let mut parts = vec![];
                        for (k, v) in items {
                            parts.push(format!("{}: {}", repr(vm, &k)?, repr(vm, &v)?));
                        }
                        format!("{{{}}}", parts.join(", "))
                    }
                    Value::Function(f) => format!("<function {}>", f.qualname()),
                    _ => "<object>".into(),
                })
            }
            pub fn get_attr(_vm: &mut Vm, v: &Value, name: &str) -> PyResult<Value> {
                Err(attribute_error(format!(
                    "'{}' object has no attribute '{}'",
                    type_name(v),
                    name
                )))
            }
            pub fn set_attr(_vm: &mut Vm, v: &Value, name: &str, _value: Value) -> PyResult<()> {
                Err(attribute_error(format!(
                    "'{}' object has no attribute '{}'",
                    type_name(v),
                    name
                )))
            }
            pub fn call_method(
                vm: &mut Vm,
                v: &Value,
                name: &str,
                args: Vec<Value>,
                _kwargs: Vec<(Rc<PyStr>, Value)>,
            ) -> PyResult<Value> {
                match (v, name) {
                    (Value::List(l), "append") => {
                        l.items.borrow_mut().extend(args);
                        Ok(Value::None)
                    }
                    _ => get_attr(vm, v, name),
                }
            }
            fn index(len: usize, i: &Value) -> PyResult<usize> {
                match i {
                    Value::Int(i) => {
                        let j = if *i < 0 { *i + len as i64 } else { *i };
                        if j < 0 || j >= len as i64 {
                            Err(index_error("list index out of range"))
                        } else {
                            Ok(j as usize)
                        }
                    }
                    _ => Err(type_error("indices must be integers")),
                }
            }
            fn key(k: &Value) -> PyResult<HashKey> {
                match k {
                    Value::Int(_) | Value::Str(_) | Value::None | Value::Bool(_) => {
                        Ok(HashKey(k.clone()))
                    }
                    _ => Err(type_error(format!("unhashable type: '{}'", type_name(k)))),
                }
            }
            pub fn get_item(_vm: &mut Vm, o: &Value, i: &Value) -> PyResult<Value> {
                match o {
                    Value::List(l) => {
                        let items = l.items.borrow();
                        Ok(items[index(items.len(), i)?].clone())
                    }
                    Value::Tuple(t) => Ok(t.items[index(t.items.len(), i)?].clone()),
                    Value::Dict(_) => Err(key_error(key(i)?.0)),
                    _ => Err(type_error(format!(
                        "'{}' object is not subscriptable",
                        type_name(o)
                    ))),
                }
            }
            pub fn set_item(_vm: &mut Vm, o: &Value, i: &Value, v: Value) -> PyResult<()> {
                match o {
                    Value::List(l) => {
                        let n = l.items.borrow().len();
                        let j = index(n, i)?;
                        l.items.borrow_mut()[j] = v;
                        Ok(())
                    }
                    _ => Err(type_error(format!(
                        "'{}' object does not support item assignment",
                        type_name(o)
                    ))),
                }
            }
            pub fn del_item(_vm: &mut Vm, o: &Value, _i: &Value) -> PyResult<()> {
                Err(type_error(format!(
                    "'{}' object does not support item deletion",
                    type_name(o)
                )))
            }
            pub fn iter(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
                let st = match v {
                    Value::List(l) => IterState::List {
                        list: l.clone(),
                        index: 0,
                    },
                    Value::Tuple(t) => IterState::Tuple {
                        tuple: t.clone(),
                        index: 0,
                    },
                    Value::Range(r) => IterState::Range {
                        next: r.start,
                        stop: r.stop,
                        step: r.step,
                    },
                    Value::Iterator(_) => return Ok(v.clone()),
                    _ => {
                        return Err(type_error(format!(
                            "'{}' object is not iterable",
                            type_name(v)
                        )))
                    }
                };
                Ok(Value::Iterator(Rc::new(PyIterator {
                    state: std::cell::RefCell::new(st),
                })))
            }
            pub fn next(_vm: &mut Vm, it: &Value) -> PyResult<Option<Value>> {
                let Value::Iterator(it) = it else {
                    return Err(type_error("not an iterator"));
                };
                let mut st = it.state.borrow_mut();
                Ok(match &mut *st {
                    IterState::List { list, index } => {
                        let r = list.items.borrow().get(*index).cloned();
                        *index += 1;
                        r
                    }
                    IterState::Tuple { tuple, index } => {
                        let r = tuple.items.get(*index).cloned();
                        *index += 1;
                        r
                    }
                    IterState::Range { next, stop, step } => {
                        if (*step > 0 && *next < *stop) || (*step < 0 && *next > *stop) {
                            let r = *next;
                            *next += *step;
                            Some(Value::Int(r))
                        } else {
                            None
                        }
                    }
                    _ => None,
                })
            }
            pub fn is_instance(_vm: &mut Vm, _v: &Value, _c: &Value) -> PyResult<bool> {
                Ok(false)
            }
        }
        pub mod builtins {
            use crate::runtime::types::*;
            use crate::runtime::value::*;
            use crate::runtime::Vm;
            use std::rc::Rc;
            fn print(
                vm: &mut Vm,
                args: Vec<Value>,
                _k: Vec<(Rc<PyStr>, Value)>,
            ) -> PyResult<Value> {
                let mut parts = vec![];
                for a in &args {
                    parts.push(super::ops::str(vm, a)?);
                }
                vm.write_out(&format!("{}\n", parts.join(" ")))?;
                Ok(Value::None)
            }
            fn range(
                _vm: &mut Vm,
                args: Vec<Value>,
                _k: Vec<(Rc<PyStr>, Value)>,
            ) -> PyResult<Value> {
                let n = match args.first() {
                    Some(Value::Int(n)) => *n,
                    _ => 0,
                };
                Ok(Value::Range(Rc::new(PyRange {
                    start: 0,
                    stop: n,
                    step: 1,
                })))
            }
            fn len(_vm: &mut Vm, args: Vec<Value>, _k: Vec<(Rc<PyStr>, Value)>) -> PyResult<Value> {
                match args.first() {
                    Some(Value::List(l)) => Ok(Value::Int(l.items.borrow().len() as i64)),
                    _ => Err(type_error("len")),
                }
            }
            fn sorted(
                vm: &mut Vm,
                args: Vec<Value>,
                k: Vec<(Rc<PyStr>, Value)>,
            ) -> PyResult<Value> {
                // Calls the key function on each item (enough to test calls from builtins).
                let key = k.into_iter().find(|(n, _)| n.s == "key").map(|(_, v)| v);
                let Some(Value::List(l)) = args.first() else {
                    return Err(type_error("sorted"));
                };
                let items = l.items.borrow().clone();
                if let Some(key) = key {
                    for i in &items {
                        vm.call(&key, vec![i.clone()], vec![])?;
                    }
                }
                Ok(Value::List(Rc::new(PyList {
                    items: std::cell::RefCell::new(items),
                })))
            }
            pub fn lookup(name: &str) -> Option<Value> {
                let f: BuiltinFn = match name {
                    "print" => print,
                    "range" => range,
                    "len" => len,
                    "sorted" => sorted,
                    _ => return type_by_name(name).map(Value::Type),
                };
                Some(Value::Builtin(Rc::new(BuiltinFunction {
                    name: "x",
                    func: f,
                })))
            }
            pub fn call_type(
                _vm: &mut Vm,
                t: &Rc<PyType>,
                args: Vec<Value>,
                _k: Vec<(Rc<PyStr>, Value)>,
            ) -> PyResult<Value> {
                if t.kind == TypeKind::Exception {
                    return Ok(Value::Exception(new_exception_with_args(t.clone(), args)));
                }
                Err(type_error("cannot call type"))
            }
        }
        pub mod format {
            use crate::runtime::value::*;
            use crate::runtime::Vm;
            pub fn format_value(vm: &mut Vm, v: &Value, _spec: &str) -> PyResult<String> {
                super::ops::str(vm, v)
            }
        }
        pub mod modules {
            use crate::runtime::value::*;
            use crate::runtime::Vm;
            pub fn import(_vm: &mut Vm, name: &str) -> PyResult<Value> {
                Err(crate::runtime::types::new_exception(
                    "ModuleNotFoundError",
                    format!("No module named '{name}'"),
                ))
            }
        }
    }
}

/// A hasher for keys that are already well-distributed addresses.
#[derive(Default)]
pub(crate) struct PtrHasher(u64);

impl Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_right(29);
    }
}

pub(crate) type PtrMap<V> = HashMap<usize, V, BuildHasherDefault<PtrHasher>>;

/// Converts a function's IR constants to values, once per program run.
pub(crate) fn prepare_code(id: u32, f: &Function) -> Code {
    let consts = f.consts.iter().map(const_value).collect();
    let argcount = (f.params.posonly + f.params.positional) as usize;
    Code {
        id,
        def: f.clone(),
        consts,
        name: Rc::from(f.name.as_str()),
        qualname: Rc::from(f.qualname.as_str()),
        argcount,
        total_args: argcount + f.params.kwonly as usize,
    }
}

fn const_value(c: &Const) -> Value {
    match c {
        Const::None => Value::None,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::BigInt(digits) => match digits.parse::<num_bigint::BigInt>() {
            Ok(b) => Value::BigInt(Rc::new(b)),
            Err(_) => Value::None,
        },
        Const::Float(f) => Value::Float(*f),
        Const::Str(s) => lib::str_value(s.as_str()),
        Const::Bytes(b) => Value::Bytes(Rc::new(b.clone())),
        Const::Ellipsis => Value::Ellipsis,
    }
}

/// A new empty dict.
pub(crate) fn new_dict() -> Value {
    Value::Dict(Rc::new(super::value::PyDict {
        map: RefCell::new(Default::default()),
    }))
}

fn new_list(items: Vec<Value>) -> Value {
    Value::List(Rc::new(super::value::PyList {
        items: RefCell::new(items),
    }))
}

fn new_tuple(items: Vec<Value>) -> Value {
    Value::Tuple(Rc::new(PyTuple {
        items: items.into_boxed_slice(),
    }))
}

/// The run-time state of one call.
pub struct Frame {
    pub code: Rc<Code>,
    /// One per `code.def.slots`; `None` is unbound.
    pub slots: Box<[Option<Value>]>,
    /// The block to run next (where a suspended frame resumes).
    pub block: BlockId,
}

impl Frame {
    /// A frame with every slot unbound and the cells created (module code).
    pub fn new(code: Rc<Code>) -> Frame {
        let mut slots = vec![None; code.def.slots.len()].into_boxed_slice();
        for &c in &code.def.cell_slots {
            slots[c as usize] = Some(super::new_cell(None));
        }
        Frame {
            code,
            slots,
            block: 0,
        }
    }
}

/// How a frame stops running.
pub enum FrameExit {
    Return(Value),
    /// Suspended at a `Yield` terminator (run from the generator issue on).
    Yield {
        value: Value,
        resume: BlockId,
        sent: Option<Slot>,
    },
}

/// Where control goes after a block.
enum Flow {
    Goto(BlockId),
    Return(Value),
}

/// What is being called, for the messages of bad `*args` / `**kwargs` expansions.
#[derive(Clone, Copy)]
enum Callee<'a> {
    Value(&'a Value),
    Method(&'a Value, &'a str),
}

impl Callee<'_> {
    fn describe(self) -> String {
        match self {
            Callee::Value(Value::Function(f)) => format!("{}()", f.qualname()),
            Callee::Value(Value::Builtin(b)) => format!("{}()", b.name),
            Callee::Value(Value::Type(t)) => format!("{}()", t.name),
            Callee::Value(v) => format!("{} object", lib::ops::type_name(v)),
            Callee::Method(v, name) => format!("{}.{}()", lib::ops::type_name(v), name),
        }
    }
}

impl Vm {
    /// Runs a frame from `frame.block` until it returns (or, later, suspends).
    pub fn run_frame(&mut self, frame: &mut Frame) -> PyResult<FrameExit> {
        let code = frame.code.clone();
        let blocks = &code.def.blocks;
        let base = self.handled.len();
        let mut b = frame.block;
        loop {
            let Some(block) = blocks.get(b as usize) else {
                self.handled.truncate(base);
                return Err(types::runtime_error(format!("peel: no block {b}")));
            };
            let result = match self.exec_stmts(&code, &mut frame.slots, &block.stmts) {
                Ok(()) => self.exec_term(&code, &mut frame.slots, &block.term, block.term_span),
                Err(e) => Err(e),
            };
            match result {
                Ok(Flow::Goto(next)) => b = next,
                Ok(Flow::Return(v)) => {
                    self.handled.truncate(base);
                    return Ok(FrameExit::Return(v));
                }
                Err(e) => {
                    let span = self.fault_span.take().unwrap_or(block.term_span);
                    if !std::mem::take(&mut self.reraising) {
                        self.note_raised(&code, &e, span);
                    }
                    match block.handler {
                        Some(h) if !self.budget_exhausted => {
                            self.handled.truncate(base + h.handled_depth as usize);
                            frame.slots[h.exc_slot as usize] = Some(Value::Exception(e));
                            b = h.target;
                        }
                        _ => {
                            self.handled.truncate(base);
                            frame.block = b;
                            return Err(e);
                        }
                    }
                }
            }
        }
    }

    /// An exception arrives in a frame (raised here or by a call made here): a new one
    /// records the exception being handled as its context; every one gets a traceback
    /// entry for this frame, in front (the traceback lists the outermost frame first).
    fn note_raised(&mut self, code: &Code, e: &Rc<PyException>, span: Span) {
        let fresh = e.traceback.borrow().is_empty();
        if fresh {
            self.set_context(e);
        }
        let line = match &self.source {
            Some(src) => src.line_of(span.start as usize) as u32,
            None => 0,
        };
        let entry = TracebackEntry {
            function: code.name.clone(),
            line,
            span,
        };
        e.traceback.borrow_mut().insert(0, entry);
    }

    /// `__context__`: the exception being handled when `e` was raised (without making a
    /// cycle, as CPython's `_PyErr_SetObject`).
    fn set_context(&mut self, e: &Rc<PyException>) {
        let Some(Value::Exception(handled)) = self.handled.last() else {
            return;
        };
        if Rc::ptr_eq(handled, e) {
            return;
        }
        let handled = handled.clone();
        let mut o = handled.clone();
        loop {
            let next = match &*o.context.borrow() {
                Some(Value::Exception(c)) => c.clone(),
                _ => break,
            };
            if Rc::ptr_eq(&next, e) {
                *o.context.borrow_mut() = None;
                break;
            }
            o = next;
        }
        *e.context.borrow_mut() = Some(Value::Exception(handled));
    }

    /// Records where an operation failed (the innermost failing operation wins).
    #[inline]
    fn at<T>(&mut self, r: PyResult<T>, span: Span) -> PyResult<T> {
        if r.is_err() && self.fault_span.is_none() {
            self.fault_span = Some(span);
        }
        r
    }

    #[inline]
    fn fail<T>(&mut self, e: Rc<PyException>, span: Span) -> PyResult<T> {
        if self.fault_span.is_none() {
            self.fault_span = Some(span);
        }
        Err(e)
    }

    #[inline]
    fn tick(&mut self) -> PyResult<()> {
        if self.steps_left == 0 {
            self.budget_exhausted = true;
            return Err(types::runtime_error("step budget exceeded"));
        }
        self.steps_left -= 1;
        Ok(())
    }

    fn exec_stmts(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        stmts: &[crate::cfg::Stmt],
    ) -> PyResult<()> {
        for stmt in stmts {
            self.tick()?;
            let r = match &stmt.kind {
                StmtKind::Assign { target, value } => match self.eval(code, slots, value) {
                    Ok(v) => self.store(code, slots, target, v),
                    Err(e) => Err(e),
                },
                StmtKind::Expr(e) => self.eval(code, slots, e).map(drop),
                StmtKind::Delete(target) => self.delete(code, slots, target),
                StmtKind::EnterExcept(s) => {
                    let v = slots[*s as usize].clone().unwrap_or_default();
                    self.handled.push(v);
                    Ok(())
                }
                StmtKind::ExitExcept => {
                    self.handled.pop();
                    Ok(())
                }
                StmtKind::SetCompletion { slot, completion } => {
                    let c = match completion {
                        CompletionRecord::Normal => Ok(self.normal_completion.clone()),
                        CompletionRecord::Return(e) => self
                            .eval(code, slots, e)
                            .map(|v| Value::Completion(Rc::new(Completion::Return(v)))),
                        CompletionRecord::Jump(b) => {
                            Ok(Value::Completion(Rc::new(Completion::Jump(*b))))
                        }
                        CompletionRecord::Raise(s) => {
                            let v = slots[*s as usize].clone().unwrap_or_default();
                            Ok(Value::Completion(Rc::new(Completion::Raise(v))))
                        }
                    };
                    c.map(|c| slots[*slot as usize] = Some(c))
                }
            };
            if let Err(e) = r {
                return self.fail(e, stmt.span);
            }
        }
        Ok(())
    }

    fn exec_term(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        term: &Terminator,
        span: Span,
    ) -> PyResult<Flow> {
        match term {
            Terminator::Jump(b) => Ok(Flow::Goto(*b)),
            Terminator::Branch {
                cond,
                then,
                otherwise,
            } => {
                self.tick()?;
                let v = self.eval(code, slots, cond)?;
                let t = self.truthy(&v);
                let t = self.at(t, cond.span)?;
                Ok(Flow::Goto(if t { *then } else { *otherwise }))
            }
            Terminator::ForNext {
                iter,
                item,
                body,
                exhausted,
            } => {
                self.tick()?;
                let it = slots[*iter as usize].clone().unwrap_or_default();
                let next = lib::ops::next(self, &it);
                match self.at(next, span)? {
                    Some(v) => {
                        slots[*item as usize] = Some(v);
                        Ok(Flow::Goto(*body))
                    }
                    None => Ok(Flow::Goto(*exhausted)),
                }
            }
            Terminator::Return(e) => {
                self.tick()?;
                Ok(Flow::Return(self.eval(code, slots, e)?))
            }
            Terminator::Raise { exc: e, cause } => {
                self.tick()?;
                let v = self.eval(code, slots, e)?;
                let exception = self.make_exception(v, false)?;
                if let Some(cause) = cause {
                    let c = self.eval(code, slots, cause)?;
                    let c = match c {
                        Value::None => None,
                        other => Some(Value::Exception(self.make_exception(other, true)?)),
                    };
                    *exception.cause.borrow_mut() = c;
                    exception.suppress_context.set(true);
                }
                self.set_context(&exception);
                self.fail(exception, span)
            }
            Terminator::Reraise(s) => match &slots[*s as usize] {
                Some(Value::Exception(e)) => {
                    self.reraising = true;
                    Err(e.clone())
                }
                _ => Err(types::runtime_error("peel: re-raise of a non-exception")),
            },
            Terminator::RaiseHandled => match self.handled.last() {
                Some(Value::Exception(e)) => {
                    let e = e.clone();
                    self.reraising = true;
                    Err(e)
                }
                _ => self.fail(exc("RuntimeError", "No active exception to reraise"), span),
            },
            Terminator::EndFinally {
                completion,
                after,
                outer,
            } => {
                let c = match &slots[*completion as usize] {
                    Some(Value::Completion(c)) => c.clone(),
                    _ => return Err(types::runtime_error("peel: finally without a completion")),
                };
                match &*c {
                    Completion::Normal => Ok(Flow::Goto(*after)),
                    Completion::Return(v) => match outer {
                        Some((slot, target)) => {
                            slots[*slot as usize] = Some(Value::Completion(c.clone()));
                            Ok(Flow::Goto(*target))
                        }
                        None => Ok(Flow::Return(v.clone())),
                    },
                    Completion::Jump(b) => Ok(Flow::Goto(*b)),
                    Completion::Raise(Value::Exception(e)) => {
                        self.reraising = true;
                        Err(e.clone())
                    }
                    Completion::Raise(_) => {
                        Err(types::runtime_error("peel: re-raise of a non-exception"))
                    }
                }
            }
            Terminator::Yield { .. } => {
                self.fail(types::runtime_error("peel cannot run 'yield' yet"), span)
            }
            Terminator::Unreachable => Err(types::runtime_error(
                "peel: reached a block marked unreachable",
            )),
        }
    }

    /// `raise X`: an exception instance, or a class to instantiate with no arguments.
    fn make_exception(&mut self, v: Value, is_cause: bool) -> PyResult<Rc<PyException>> {
        let what = if is_cause {
            "exception causes"
        } else {
            "exceptions"
        };
        match v {
            Value::Exception(e) => Ok(e),
            Value::Type(t) if is_exception_class(&t) => {
                match lib::builtins::call_type(self, &t, Vec::new(), Vec::new())? {
                    Value::Exception(e) => Ok(e),
                    _ => Err(types::type_error(format!(
                        "{what} must derive from BaseException"
                    ))),
                }
            }
            _ => Err(types::type_error(format!(
                "{what} must derive from BaseException"
            ))),
        }
    }

    /// Truthiness, with the common cases inline.
    #[inline]
    pub(crate) fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            Value::None => Ok(false),
            _ => lib::ops::truthy(self, v),
        }
    }

    fn unbound_local(code: &Code, slot: Slot) -> Rc<PyException> {
        let name = code
            .def
            .slots
            .get(slot as usize)
            .map(|s| s.name.as_str())
            .unwrap_or("?");
        exc(
            "UnboundLocalError",
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    fn unbound_cell(code: &Code, slot: Slot) -> Rc<PyException> {
        let info = code.def.slots.get(slot as usize);
        let name = info.map(|s| s.name.as_str()).unwrap_or("?");
        match info.map(|s| s.kind) {
            Some(SlotKind::Free) => exc(
                "NameError",
                format!(
                    "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
                ),
            ),
            _ => Self::unbound_local(code, slot),
        }
    }

    fn name_error(name: &str) -> Rc<PyException> {
        exc("NameError", format!("name '{name}' is not defined"))
    }

    /// A builtin (or a module dunder such as `__name__`), cached by the name's address.
    fn load_builtin(&mut self, name: &str) -> PyResult<Value> {
        let key = name.as_ptr() as usize;
        if let Some(v) = self.builtin_cache.get(&key) {
            return Ok(v.clone());
        }
        let found = self
            .dunders
            .get(name)
            .cloned()
            .or_else(|| lib::builtins::lookup(name));
        match found {
            Some(v) => {
                self.builtin_cache.insert(key, v.clone());
                Ok(v)
            }
            None => Err(Self::name_error(name)),
        }
    }

    /// A keyword name as a shared string, made once per call site.
    fn intern(&mut self, name: &str) -> Rc<PyStr> {
        let key = name.as_ptr() as usize;
        self.name_cache
            .entry(key)
            .or_insert_with(|| Rc::new(PyStr::new(name.to_string())))
            .clone()
    }

    /// Evaluates an expression tree.
    pub(crate) fn eval(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        e: &Expr,
    ) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Const(c) => Ok(code.consts[*c as usize].clone()),
            ExprKind::Local(s) => match &slots[*s as usize] {
                Some(v) => Ok(v.clone()),
                None => self.fail(Self::unbound_local(code, *s), e.span),
            },
            ExprKind::Cell(s) => {
                let v = match &slots[*s as usize] {
                    Some(Value::Cell(c)) => c.borrow().clone(),
                    _ => None,
                };
                match v {
                    Some(v) => Ok(v),
                    None => self.fail(Self::unbound_cell(code, *s), e.span),
                }
            }
            ExprKind::Global(g) => match self.globals.get(*g as usize) {
                Some(Some(v)) => Ok(v.clone()),
                _ => {
                    let name = self
                        .global_names
                        .get(*g as usize)
                        .cloned()
                        .unwrap_or_default();
                    match lib::builtins::lookup(&name) {
                        Some(v) => Ok(v),
                        None => self.fail(Self::name_error(&name), e.span),
                    }
                }
            },
            ExprKind::Builtin(name) => {
                let r = self.load_builtin(name);
                self.at(r, e.span)
            }
            ExprKind::BinOp { op, left, right } => {
                let a = self.eval(code, slots, left)?;
                let b = self.eval(code, slots, right)?;
                if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
                    if let Some(v) = int_binop(*op, *x, *y) {
                        return Ok(v);
                    }
                }
                let r = lib::ops::binary_op(self, *op, &a, &b);
                self.at(r, e.span)
            }
            ExprKind::InPlaceOp { op, left, right } => {
                let a = self.eval(code, slots, left)?;
                let b = self.eval(code, slots, right)?;
                if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
                    if let Some(v) = int_binop(*op, *x, *y) {
                        return Ok(v);
                    }
                }
                let r = lib::ops::inplace_op(self, *op, &a, &b);
                self.at(r, e.span)
            }
            ExprKind::UnaryOp { op, operand } => {
                let v = self.eval(code, slots, operand)?;
                let r = match op {
                    crate::ast::UnaryOp::Not => self.truthy(&v).map(|t| Value::Bool(!t)),
                    crate::ast::UnaryOp::Neg => match v {
                        Value::Int(i) if i != i64::MIN => Ok(Value::Int(-i)),
                        _ => lib::ops::unary_op(self, *op, &v),
                    },
                    _ => lib::ops::unary_op(self, *op, &v),
                };
                self.at(r, e.span)
            }
            ExprKind::BoolOp { op, values } => {
                let Some((last, rest)) = values.split_last() else {
                    return Ok(Value::None);
                };
                for item in rest {
                    let v = self.eval(code, slots, item)?;
                    let t = self.truthy(&v);
                    let t = self.at(t, item.span)?;
                    let stop = match op {
                        crate::ast::BoolOp::And => !t,
                        crate::ast::BoolOp::Or => t,
                    };
                    if stop {
                        return Ok(v);
                    }
                }
                self.eval(code, slots, last)
            }
            ExprKind::Compare { left, ops } => {
                let mut a = self.eval(code, slots, left)?;
                let n = ops.len();
                for (i, (op, right)) in ops.iter().enumerate() {
                    let b = self.eval(code, slots, right)?;
                    let r = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) if int_comparable(*op) => {
                            Value::Bool(int_compare(*op, *x, *y))
                        }
                        _ => {
                            let r = lib::ops::compare(self, *op, &a, &b);
                            self.at(r, e.span)?
                        }
                    };
                    if i + 1 == n {
                        return Ok(r);
                    }
                    let t = self.truthy(&r);
                    if !self.at(t, e.span)? {
                        return Ok(r);
                    }
                    a = b;
                }
                Ok(a)
            }
            ExprKind::IfExp { test, body, orelse } => {
                let v = self.eval(code, slots, test)?;
                let t = self.truthy(&v);
                if self.at(t, test.span)? {
                    self.eval(code, slots, body)
                } else {
                    self.eval(code, slots, orelse)
                }
            }
            ExprKind::Call { func, args, kwargs } => {
                let f = self.eval(code, slots, func)?;
                let a = self.eval_args(code, slots, args, Callee::Value(&f))?;
                let k = self.eval_kwargs(code, slots, kwargs, Callee::Value(&f))?;
                let r = match &f {
                    Value::Function(pf) => self.call_function(pf, a, k),
                    _ => self.call(&f, a, k),
                };
                self.at(r, e.span)
            }
            ExprKind::MethodCall {
                object,
                name,
                args,
                kwargs,
            } => {
                let o = self.eval(code, slots, object)?;
                let a = self.eval_args(code, slots, args, Callee::Method(&o, name))?;
                let k = self.eval_kwargs(code, slots, kwargs, Callee::Method(&o, name))?;
                let r = lib::ops::call_method(self, &o, name, a, k);
                self.at(r, e.span)
            }
            ExprKind::Attribute { object, name } => {
                let o = self.eval(code, slots, object)?;
                let r = lib::ops::get_attr(self, &o, name);
                self.at(r, e.span)
            }
            ExprKind::Subscript { object, index } => {
                let o = self.eval(code, slots, object)?;
                let i = self.eval(code, slots, index)?;
                let r = lib::ops::get_item(self, &o, &i);
                self.at(r, e.span)
            }
            ExprKind::Slice { lower, upper, step } => {
                let mut part = |p: &Option<Box<Expr>>, vm: &mut Vm| match p {
                    Some(x) => vm.eval(code, slots, x),
                    None => Ok(Value::None),
                };
                let start = part(lower, self)?;
                let stop = part(upper, self)?;
                let step = part(step, self)?;
                Ok(Value::Slice(Rc::new(PySlice { start, stop, step })))
            }
            ExprKind::Tuple(items) => Ok(new_tuple(self.eval_items(code, slots, items)?)),
            ExprKind::List(items) => Ok(new_list(self.eval_items(code, slots, items)?)),
            ExprKind::Set(items) => {
                let values = self.eval_items(code, slots, items)?;
                let r = self.build_set(values);
                self.at(r, e.span)
            }
            ExprKind::Dict(items) => {
                let d = new_dict();
                for (k, v) in items {
                    match k {
                        Some(k) => {
                            let key = self.eval(code, slots, k)?;
                            let value = self.eval(code, slots, v)?;
                            let r = lib::ops::set_item(self, &d, &key, value);
                            self.at(r, e.span)?;
                        }
                        None => {
                            let m = self.eval(code, slots, v)?;
                            let r = self.merge_mapping(&d, &m);
                            self.at(r, v.span)?;
                        }
                    }
                }
                Ok(d)
            }
            ExprKind::Starred(inner) => {
                let _ = inner;
                self.fail(
                    types::runtime_error("peel: starred expression out of place"),
                    e.span,
                )
            }
            ExprKind::FString(pieces) => {
                let s = self.eval_fstring(code, slots, pieces)?;
                Ok(lib::str_value(s))
            }
            ExprKind::MakeFunction {
                func,
                defaults,
                kw_defaults,
                closure,
            } => {
                let Some(fcode) = self.codes.get(*func as usize).cloned() else {
                    return self.fail(types::runtime_error("peel: no such function"), e.span);
                };
                let mut defs = Vec::with_capacity(defaults.len());
                for d in defaults {
                    defs.push(self.eval(code, slots, d)?);
                }
                let mut kwdefs: Vec<Option<Value>> = vec![None; fcode.total_args - fcode.argcount];
                for (name, d) in kw_defaults {
                    let v = self.eval(code, slots, d)?;
                    if let Some(j) = (fcode.argcount..fcode.total_args)
                        .find(|&j| fcode.def.slots[j].name == *name)
                    {
                        kwdefs[j - fcode.argcount] = Some(v);
                    }
                }
                let cells = closure
                    .iter()
                    .map(|s| {
                        slots[*s as usize]
                            .clone()
                            .unwrap_or_else(|| super::new_cell(None))
                    })
                    .collect();
                Ok(Value::Function(Rc::new(PyFunction {
                    code: fcode,
                    defaults: defs.into_boxed_slice(),
                    kw_defaults: kwdefs.into_boxed_slice(),
                    closure: cells,
                })))
            }
            ExprKind::Import(name) => {
                let r = self.import(name);
                self.at(r, e.span)
            }
            ExprKind::ImportFrom { module, name } => {
                let r = self.import_from(module, name);
                self.at(r, e.span)
            }
            ExprKind::Iter(inner) => {
                let v = self.eval(code, slots, inner)?;
                let r = lib::ops::iter(self, &v);
                self.at(r, e.span)
            }
            ExprKind::ExcMatch { exc: x, typ } => {
                let v = self.eval(code, slots, x)?;
                let t = self.eval(code, slots, typ)?;
                let r = exception_matches(&v, &t);
                self.at(r.map(Value::Bool), e.span)
            }
            ExprKind::NamedExpr { target, value } => {
                let v = self.eval(code, slots, value)?;
                self.store(code, slots, target, v.clone())?;
                Ok(v)
            }
        }
    }

    /// Items of a tuple/list/set display or positional arguments, `*x` expanded.
    fn eval_items(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        items: &[Expr],
    ) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    let v = self.eval(code, slots, inner)?;
                    let r = self.extend_from_iterable(&mut out, &v);
                    self.at(r, item.span)?;
                }
                _ => out.push(self.eval(code, slots, item)?),
            }
        }
        Ok(out)
    }

    fn extend_from_iterable(&mut self, out: &mut Vec<Value>, v: &Value) -> PyResult<()> {
        match v {
            Value::Tuple(t) => out.extend(t.items.iter().cloned()),
            Value::List(l) => out.extend(l.items.borrow().iter().cloned()),
            _ => {
                let it = lib::ops::iter(self, v)?;
                while let Some(x) = lib::ops::next(self, &it)? {
                    out.push(x);
                }
            }
        }
        Ok(())
    }

    fn eval_args(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        args: &[CallArg],
        callee: Callee,
    ) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            match a {
                CallArg::Positional(x) => out.push(self.eval(code, slots, x)?),
                CallArg::Star(x) => {
                    let v = self.eval(code, slots, x)?;
                    if let Err(err) = self.extend_from_iterable(&mut out, &v) {
                        let not_iterable =
                            Rc::ptr_eq(&err.class, &types::exception_class("TypeError"))
                                && err.traceback.borrow().is_empty()
                                && !is_iterable_kind(&v);
                        let err = if not_iterable {
                            types::type_error(format!(
                                "{} argument after * must be an iterable, not {}",
                                callee.describe(),
                                lib::ops::type_name(&v)
                            ))
                        } else {
                            err
                        };
                        return self.fail(err, x.span);
                    }
                }
            }
        }
        Ok(out)
    }

    fn eval_kwargs(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        kwargs: &[CallKwarg],
        callee: Callee,
    ) -> PyResult<Vec<(Rc<PyStr>, Value)>> {
        if kwargs.is_empty() {
            return Ok(Vec::new());
        }
        let mut out: Vec<(Rc<PyStr>, Value)> = Vec::with_capacity(kwargs.len());
        for k in kwargs {
            match k {
                CallKwarg::Named(name, x) => {
                    let v = self.eval(code, slots, x)?;
                    out.push((self.intern(name), v));
                }
                CallKwarg::DoubleStar(x) => {
                    let v = self.eval(code, slots, x)?;
                    let Value::Dict(d) = &v else {
                        let err = types::type_error(format!(
                            "{} argument after ** must be a mapping, not {}",
                            callee.describe(),
                            lib::ops::type_name(&v)
                        ));
                        return self.fail(err, x.span);
                    };
                    let items: Vec<(Value, Value)> = d
                        .map
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.0.clone(), v.clone()))
                        .collect();
                    for (key, value) in items {
                        let Value::Str(key) = key else {
                            return self
                                .fail(types::type_error("keywords must be strings"), x.span);
                        };
                        if out.iter().any(|(n, _)| n.s == key.s) {
                            let err = types::type_error(format!(
                                "{} got multiple values for keyword argument '{}'",
                                callee.describe(),
                                key.s
                            ));
                            return self.fail(err, x.span);
                        }
                        out.push((key, value));
                    }
                }
            }
        }
        Ok(out)
    }

    fn build_set(&mut self, values: Vec<Value>) -> PyResult<Value> {
        let set = lib::builtins::lookup("set").ok_or_else(|| Self::name_error("set"))?;
        let s = self.call(&set, Vec::new(), Vec::new())?;
        for v in values {
            lib::ops::call_method(self, &s, "add", vec![v], Vec::new())?;
        }
        Ok(s)
    }

    /// `{**m}` in a dict display.
    fn merge_mapping(&mut self, d: &Value, m: &Value) -> PyResult<()> {
        let Value::Dict(src) = m else {
            return Err(types::type_error(format!(
                "'{}' object is not a mapping",
                lib::ops::type_name(m)
            )));
        };
        let items: Vec<(Value, Value)> = src
            .map
            .borrow()
            .iter()
            .map(|(k, v)| (k.0.clone(), v.clone()))
            .collect();
        for (k, v) in items {
            lib::ops::set_item(self, d, &k, v)?;
        }
        Ok(())
    }

    fn eval_fstring(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        pieces: &[FStringPiece],
    ) -> PyResult<String> {
        let mut s = String::new();
        for piece in pieces {
            match piece {
                FStringPiece::Literal(t) => s.push_str(t),
                FStringPiece::Value {
                    expr,
                    conversion,
                    spec,
                } => {
                    let v = self.eval(code, slots, expr)?;
                    let v = match conversion {
                        Some('r') => {
                            let r = lib::ops::repr(self, &v);
                            lib::str_value(self.at(r, expr.span)?)
                        }
                        Some('a') => {
                            let r = lib::ops::repr(self, &v);
                            lib::str_value(ascii_escape(&self.at(r, expr.span)?))
                        }
                        Some(_) => {
                            let r = lib::ops::str(self, &v);
                            lib::str_value(self.at(r, expr.span)?)
                        }
                        None => v,
                    };
                    if spec.is_empty() {
                        match &v {
                            Value::Str(x) => s.push_str(&x.s),
                            _ => {
                                let r = lib::format::format_value(self, &v, "");
                                s.push_str(&self.at(r, expr.span)?);
                            }
                        }
                    } else {
                        let spec = self.eval_fstring(code, slots, spec)?;
                        let r = lib::format::format_value(self, &v, &spec);
                        s.push_str(&self.at(r, expr.span)?);
                    }
                }
            }
        }
        Ok(s)
    }

    /// `import a.b.c`: imports each package in turn and gives the top one (what `import`
    /// binds).
    fn import(&mut self, name: &str) -> PyResult<Value> {
        let mut top = None;
        let mut end = 0;
        for part in name.split('.') {
            end += part.len();
            let m = lib::modules::import(self, &name[..end])?;
            end += 1;
            if top.is_none() {
                top = Some(m);
            }
        }
        Ok(top.unwrap_or_default())
    }

    fn import_from(&mut self, module: &str, name: &str) -> PyResult<Value> {
        let m = lib::modules::import(self, module)?;
        match lib::ops::get_attr(self, &m, name) {
            Ok(v) => Ok(v),
            Err(e) if Rc::ptr_eq(&e.class, &types::exception_class("AttributeError")) => Err(exc(
                "ImportError",
                format!("cannot import name '{name}' from '{module}' (unknown location)"),
            )),
            Err(e) => Err(e),
        }
    }

    /// Stores a value into an assignment target.
    fn store(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        target: &Target,
        v: Value,
    ) -> PyResult<()> {
        match target {
            Target::Local(s) => {
                slots[*s as usize] = Some(v);
                Ok(())
            }
            Target::Cell(s) => match &slots[*s as usize] {
                Some(Value::Cell(c)) => {
                    // Take the old value out first: dropping it may run arbitrary drops,
                    // which must not happen while the cell is borrowed.
                    let old = c.borrow_mut().replace(v);
                    drop(old);
                    Ok(())
                }
                _ => Err(types::runtime_error("peel: a cell slot holds no cell")),
            },
            Target::Global(g) => {
                if let Some(slot) = self.globals.get_mut(*g as usize) {
                    *slot = Some(v);
                }
                Ok(())
            }
            Target::Attribute { object, name } => {
                let o = self.eval(code, slots, object)?;
                let r = lib::ops::set_attr(self, &o, name, v);
                self.at(r, object.span)
            }
            Target::Subscript { object, index } => {
                let o = self.eval(code, slots, object)?;
                let i = self.eval(code, slots, index)?;
                let r = lib::ops::set_item(self, &o, &i, v);
                self.at(r, object.span.to(index.span))
            }
            Target::Unpack { targets, star } => {
                let items = self.unpack(v, targets.len(), *star)?;
                for (t, item) in targets.iter().zip(items) {
                    self.store(code, slots, t, item)?;
                }
                Ok(())
            }
        }
    }

    /// The values for `a, *b, c = v`: exactly one per target (the starred one gets a list).
    fn unpack(&mut self, v: Value, n: usize, star: Option<usize>) -> PyResult<Vec<Value>> {
        let mut items: Vec<Value> = match &v {
            Value::Tuple(t) => t.items.to_vec(),
            Value::List(l) => l.items.borrow().clone(),
            _ => {
                let it = match lib::ops::iter(self, &v) {
                    Ok(it) => it,
                    Err(e)
                        if !is_iterable_kind(&v)
                            && Rc::ptr_eq(&e.class, &types::exception_class("TypeError")) =>
                    {
                        return Err(types::type_error(format!(
                            "cannot unpack non-iterable {} object",
                            lib::ops::type_name(&v)
                        )))
                    }
                    Err(e) => return Err(e),
                };
                let mut items = Vec::with_capacity(n);
                while let Some(x) = lib::ops::next(self, &it)? {
                    items.push(x);
                    if star.is_none() && items.len() > n {
                        break;
                    }
                }
                items
            }
        };
        match star {
            None => {
                if items.len() > n {
                    return Err(exc(
                        "ValueError",
                        format!("too many values to unpack (expected {n})"),
                    ));
                }
                if items.len() < n {
                    return Err(exc(
                        "ValueError",
                        format!(
                            "not enough values to unpack (expected {n}, got {})",
                            items.len()
                        ),
                    ));
                }
                Ok(items)
            }
            Some(k) => {
                let fixed = n - 1;
                if items.len() < fixed {
                    return Err(exc(
                        "ValueError",
                        format!(
                            "not enough values to unpack (expected at least {fixed}, got {})",
                            items.len()
                        ),
                    ));
                }
                let after = fixed - k;
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(k);
                items.push(new_list(middle));
                items.extend(tail);
                Ok(items)
            }
        }
    }

    fn delete(
        &mut self,
        code: &Code,
        slots: &mut [Option<Value>],
        target: &Target,
    ) -> PyResult<()> {
        match target {
            Target::Local(s) => match slots[*s as usize].take() {
                Some(_) => Ok(()),
                None => Err(Self::unbound_local(code, *s)),
            },
            Target::Cell(s) => {
                let old = match &slots[*s as usize] {
                    Some(Value::Cell(c)) => c.borrow_mut().take(),
                    _ => None,
                };
                match old {
                    Some(_) => Ok(()),
                    None => Err(Self::unbound_cell(code, *s)),
                }
            }
            Target::Global(g) => match self.globals.get_mut(*g as usize).and_then(Option::take) {
                Some(_) => Ok(()),
                None => {
                    let name = self
                        .global_names
                        .get(*g as usize)
                        .cloned()
                        .unwrap_or_default();
                    Err(Self::name_error(&name))
                }
            },
            Target::Attribute { object, name } => {
                let o = self.eval(code, slots, object)?;
                // Builtin objects have no deletable attributes.
                let r = lib::ops::get_attr(self, &o, name).and_then(|_| {
                    Err(types::attribute_error(format!(
                        "'{}' object attribute '{}' is read-only",
                        lib::ops::type_name(&o),
                        name
                    )))
                });
                self.at(r, object.span)
            }
            Target::Subscript { object, index } => {
                let o = self.eval(code, slots, object)?;
                let i = self.eval(code, slots, index)?;
                let r = lib::ops::del_item(self, &o, &i);
                self.at(r, object.span.to(index.span))
            }
            Target::Unpack { targets, .. } => {
                for t in targets {
                    self.delete(code, slots, t)?;
                }
                Ok(())
            }
        }
    }
}

fn is_exception_class(t: &Rc<super::value::PyType>) -> bool {
    t.kind == TypeKind::Exception
}

/// Values whose `iter()` can fail only for reasons other than "not iterable".
fn is_iterable_kind(v: &Value) -> bool {
    matches!(
        v,
        Value::Str(_)
            | Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::FrozenSet(_)
            | Value::Bytes(_)
            | Value::Range(_)
            | Value::Iterator(_)
            | Value::Generator(_)
    )
}

/// `except T:` matching, with CPython's check that `T` is an exception class (or a tuple
/// of them).
fn exception_matches(v: &Value, t: &Value) -> PyResult<bool> {
    let bad = || {
        types::type_error("catching classes that do not inherit from BaseException is not allowed")
    };
    let class = match v {
        Value::Exception(e) => Some(e.class.clone()),
        _ => None,
    };
    let matches_one = |t: &Value| -> PyResult<bool> {
        match t {
            Value::Type(t) if is_exception_class(t) => {
                Ok(class.as_ref().is_some_and(|c| types::is_subclass(c, t)))
            }
            _ => Err(bad()),
        }
    };
    match t {
        Value::Tuple(items) => {
            let mut found = false;
            for item in items.items.iter() {
                if matches_one(item)? {
                    found = true;
                }
            }
            Ok(found)
        }
        _ => matches_one(t),
    }
}

/// `ascii()`: the repr with every non-ASCII character escaped.
fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// Small-int arithmetic without leaving the interpreter loop; `None` means "let the
/// library handle it" (overflow, division, shifts...).
#[inline]
fn int_binop(op: crate::ast::BinOp, x: i64, y: i64) -> Option<Value> {
    use crate::ast::BinOp::*;
    let r = match op {
        Add => x.checked_add(y)?,
        Sub => x.checked_sub(y)?,
        Mult => x.checked_mul(y)?,
        BitAnd => x & y,
        BitOr => x | y,
        BitXor => x ^ y,
        FloorDiv if y > 0 => x.div_euclid(y),
        Mod if y > 0 => x.rem_euclid(y),
        _ => return None,
    };
    Some(Value::Int(r))
}

/// The comparisons `int_compare` answers (identity and membership go to the library).
#[inline]
fn int_comparable(op: crate::ast::CmpOp) -> bool {
    use crate::ast::CmpOp::*;
    matches!(op, Eq | NotEq | Lt | LtE | Gt | GtE)
}

#[inline]
fn int_compare(op: crate::ast::CmpOp, x: i64, y: i64) -> bool {
    use crate::ast::CmpOp::*;
    match op {
        Eq => x == y,
        NotEq => x != y,
        Lt => x < y,
        LtE => x <= y,
        Gt => x > y,
        GtE => x >= y,
        Is | IsNot | In | NotIn => false,
    }
}

/// Hand-built IR programs (the front end and lowering are tested end to end in `tests/`).
#[cfg(test)]
mod tests {
    use crate::cfg::*;
    use crate::runtime::{run, RunOptions};
    use crate::span::{SourceFile, Span};

    /// Builds expressions whose spans point at text in the source.
    struct B {
        src: &'static str,
    }

    impl B {
        fn sp(&self, text: &str, nth: usize) -> Span {
            let mut from = 0;
            let mut at = 0;
            for _ in 0..=nth {
                at = from + self.src[from..].find(text).expect("span text");
                from = at + 1;
            }
            Span::new(at, at + text.len())
        }
        fn e(&self, kind: ExprKind, text: &str, nth: usize) -> Expr {
            Expr::new(kind, self.sp(text, nth))
        }
        fn call(&self, func: Expr, args: Vec<Expr>, text: &str, nth: usize) -> Expr {
            let args = args.into_iter().map(CallArg::Positional).collect();
            self.e(
                ExprKind::Call {
                    func: Box::new(func),
                    args,
                    kwargs: vec![],
                },
                text,
                nth,
            )
        }
        fn stmt(&self, kind: StmtKind, text: &str, nth: usize) -> Stmt {
            Stmt {
                kind,
                span: self.sp(text, nth),
            }
        }
    }

    fn block(stmts: Vec<Stmt>, term: Terminator, handler: Option<Handler>) -> Block {
        Block {
            stmts,
            term,
            term_span: Span::default(),
            handler,
        }
    }

    fn func(
        name: &str,
        slots: &[(&str, SlotKind)],
        params: ParamSpec,
        consts: Vec<Const>,
        blocks: Vec<Block>,
    ) -> Function {
        Function {
            name: name.into(),
            qualname: name.into(),
            kind: if name == "<module>" {
                FunctionKind::Module
            } else {
                FunctionKind::Function
            },
            params,
            slots: slots
                .iter()
                .map(|(n, k)| SlotInfo {
                    name: n.to_string(),
                    kind: *k,
                })
                .collect(),
            cell_slots: vec![],
            free_slots: vec![],
            consts,
            blocks,
            span: Span::default(),
        }
    }

    fn make_fn(b: &B, id: FuncId, defaults: Vec<Expr>, text: &str) -> Expr {
        b.e(
            ExprKind::MakeFunction {
                func: id,
                defaults,
                kw_defaults: vec![],
                closure: vec![],
            },
            text,
            0,
        )
    }

    fn run_program(program: Program, src: &'static str) -> (String, String, i32) {
        crate::with_big_stack(move || {
            use std::cell::RefCell;
            use std::rc::Rc;
            #[derive(Clone, Default)]
            struct Shared(Rc<RefCell<Vec<u8>>>);
            impl std::io::Write for Shared {
                fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                    self.0.borrow_mut().extend_from_slice(buf);
                    Ok(buf.len())
                }
                fn flush(&mut self) -> std::io::Result<()> {
                    Ok(())
                }
            }
            let (out, err) = (Shared::default(), Shared::default());
            let source = SourceFile::new("t.py", src);
            let status = run(
                &program,
                &source,
                &RunOptions::default(),
                Box::new(out.clone()),
                Box::new(err.clone()),
            );
            let text = |s: &Shared| String::from_utf8_lossy(&s.0.borrow()).into_owned();
            (text(&out), text(&err), status)
        })
    }

    #[test]
    fn recursion_limit_and_folded_traceback() {
        let src = "def f():\n    f()\nf()\n";
        let b = B { src };
        let g = |nth| b.e(ExprKind::Global(0), "f", nth);
        let module = func(
            "<module>",
            &[],
            ParamSpec::default(),
            vec![Const::None],
            vec![block(
                vec![
                    b.stmt(
                        StmtKind::Assign {
                            target: Target::Global(0),
                            value: make_fn(&b, 1, vec![], "def f():\n    f()"),
                        },
                        "def f():\n    f()",
                        0,
                    ),
                    b.stmt(StmtKind::Expr(b.call(g(2), vec![], "f()", 2)), "f()", 2),
                ],
                Terminator::Return(b.e(ExprKind::Const(0), "f", 0)),
                None,
            )],
        );
        let f = func(
            "f",
            &[],
            ParamSpec::default(),
            vec![Const::None],
            vec![block(
                vec![b.stmt(StmtKind::Expr(b.call(g(1), vec![], "f()", 1)), "f()", 1)],
                Terminator::Return(b.e(ExprKind::Const(0), "f", 0)),
                None,
            )],
        );
        let program = Program {
            functions: vec![module, f],
            globals: vec!["f".into()],
        };
        let (out, err, status) = run_program(program, src);
        assert_eq!(out, "");
        assert_eq!(status, 1);
        assert_eq!(
            err,
            "Traceback (most recent call last):\n  File \"t.py\", line 3, in <module>\n    f()\n\
             \x20 File \"t.py\", line 2, in f\n    f()\n  File \"t.py\", line 2, in f\n    f()\n\
             \x20 File \"t.py\", line 2, in f\n    f()\n  [Previous line repeated 996 more times]\n\
             RecursionError: maximum recursion depth exceeded\n"
        );
    }

    #[test]
    fn return_in_try_runs_finally_then_returns() {
        // def g():
        //     try:
        //         return 1
        //     finally:
        //         print(2)
        // print(g())
        let src =
            "def g():\n    try:\n        return 1\n    finally:\n        print(2)\nprint(g())\n";
        let b = B { src };
        let print = |nth| b.e(ExprKind::Builtin("print".into()), "print", nth);
        let module = func(
            "<module>",
            &[],
            ParamSpec::default(),
            vec![Const::None],
            vec![block(
                vec![
                    b.stmt(
                        StmtKind::Assign {
                            target: Target::Global(0),
                            value: make_fn(&b, 1, vec![], "def g"),
                        },
                        "def g",
                        0,
                    ),
                    b.stmt(
                        StmtKind::Expr(b.call(
                            print(1),
                            vec![b.call(b.e(ExprKind::Global(0), "g", 1), vec![], "g()", 0)],
                            "print(g())",
                            0,
                        )),
                        "print(g())",
                        0,
                    ),
                ],
                Terminator::Return(b.e(ExprKind::Const(0), "g", 0)),
                None,
            )],
        );
        let handler = Handler {
            target: 2,
            exc_slot: 1,
            handled_depth: 0,
        };
        let g = func(
            "g",
            &[("$fin", SlotKind::Temp), ("$exc", SlotKind::Temp)],
            ParamSpec::default(),
            vec![Const::None, Const::Int(1), Const::Int(2)],
            vec![
                block(
                    vec![b.stmt(
                        StmtKind::SetCompletion {
                            slot: 0,
                            completion: CompletionRecord::Return(b.e(ExprKind::Const(1), "1", 0)),
                        },
                        "return 1",
                        0,
                    )],
                    Terminator::Jump(1),
                    Some(handler),
                ),
                block(
                    vec![b.stmt(
                        StmtKind::Expr(b.call(
                            print(0),
                            vec![b.e(ExprKind::Const(2), "2", 0)],
                            "print(2)",
                            0,
                        )),
                        "print(2)",
                        0,
                    )],
                    Terminator::EndFinally {
                        completion: 0,
                        after: 3,
                        outer: None,
                    },
                    None,
                ),
                block(
                    vec![b.stmt(
                        StmtKind::SetCompletion {
                            slot: 0,
                            completion: CompletionRecord::Raise(1),
                        },
                        "finally",
                        0,
                    )],
                    Terminator::Jump(1),
                    None,
                ),
                block(
                    vec![],
                    Terminator::Return(b.e(ExprKind::Const(0), "g", 0)),
                    None,
                ),
            ],
        );
        let program = Program {
            functions: vec![module, g],
            globals: vec!["g".into()],
        };
        let (out, err, status) = run_program(program, src);
        assert_eq!((out.as_str(), err.as_str(), status), ("2\n1\n", "", 0));
    }

    #[test]
    fn argument_errors_name_the_function() {
        // def f(a, b=1): pass
        // f()
        let src = "def f(a, b=1): pass\nf()\n";
        let b = B { src };
        let module = func(
            "<module>",
            &[],
            ParamSpec::default(),
            vec![Const::None, Const::Int(1)],
            vec![block(
                vec![
                    b.stmt(
                        StmtKind::Assign {
                            target: Target::Global(0),
                            value: make_fn(&b, 1, vec![b.e(ExprKind::Const(1), "1", 0)], "def f"),
                        },
                        "def f(a, b=1): pass",
                        0,
                    ),
                    b.stmt(
                        StmtKind::Expr(b.call(b.e(ExprKind::Global(0), "f", 1), vec![], "f()", 0)),
                        "f()",
                        0,
                    ),
                ],
                Terminator::Return(b.e(ExprKind::Const(0), "f", 0)),
                None,
            )],
        );
        let params = ParamSpec {
            positional: 2,
            n_defaults: 1,
            ..ParamSpec::default()
        };
        let f = func(
            "f",
            &[("a", SlotKind::Local), ("b", SlotKind::Local)],
            params,
            vec![Const::None],
            vec![block(
                vec![],
                Terminator::Return(b.e(ExprKind::Const(0), "pass", 0)),
                None,
            )],
        );
        let program = Program {
            functions: vec![module, f],
            globals: vec!["f".into()],
        };
        let (_, err, status) = run_program(program, src);
        assert_eq!(status, 1);
        assert_eq!(
            err,
            "Traceback (most recent call last):\n  File \"t.py\", line 2, in <module>\n    f()\n\
             TypeError: f() missing 1 required positional argument: 'a'\n"
        );
    }
}
