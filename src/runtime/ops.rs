//! Python's operators on peel values: arithmetic, comparison, truth, repr/str, attribute
//! and item access, iteration.
//!
//! Each entry point first tries the common case with no allocation and no dispatch
//! (`int + int` on machine words, `float * float`, `list[int]`), and only then falls back
//! to the general rules: bools act as ints, ints widen to floats, ints that overflow an
//! i64 continue as arbitrary-precision `BigInt`s and come back to the fast path as soon as
//! a result fits again. Error messages are CPython 3.11's, word for word, because peel's
//! output is compared byte for byte with python3's.

pub use crate::pyrepr::{bytes_repr_into, float_repr, is_printable, str_repr_into};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::rc::Rc;

use super::types::{
    attribute_error, builtin_type, index_error, is_subclass, key_error, new_exception_with_args,
    overflow_error, runtime_error, type_by_name, type_error, value_error, zero_division,
};
use super::value::{
    AttrOwner, BoundMethod, Descriptor, DictIterKind, DictView, HashKey, Hint, IterState, PyAlias,
    PyDict, PyException, PyList, PyRange, PyResult, PySet, PySlice, PyStr, PyTuple, PyType,
    TypeKind, Value,
};
use super::{alloc, Vm};
use crate::ast::{BinOp, CmpOp, UnaryOp};

// ---------------------------------------------------------------------------------------
// Types and identity
// ---------------------------------------------------------------------------------------

/// The `TypeKind` of a value (cheap; no allocation).
pub fn kind_of(v: &Value) -> TypeKind {
    match v {
        Value::None => TypeKind::NoneType,
        Value::Bool(_) => TypeKind::Bool,
        Value::Int(_) | Value::BigInt(_) => TypeKind::Int,
        Value::Float(_) => TypeKind::Float,
        Value::Str(_) => TypeKind::Str,
        Value::List(_) => TypeKind::List,
        Value::Tuple(_) => TypeKind::Tuple,
        Value::Dict(_) => TypeKind::Dict,
        Value::MappingProxy(_) => TypeKind::MappingProxy,
        Value::Set(_) => TypeKind::Set,
        Value::FrozenSet(_) => TypeKind::FrozenSet,
        Value::Bytes(_) => TypeKind::Bytes,
        Value::Range(_) => TypeKind::Range,
        Value::Slice(_) => TypeKind::Slice,
        Value::Function(_) => TypeKind::Function,
        Value::Builtin(_) | Value::BoundMethod(_) => TypeKind::BuiltinFunction,
        Value::Type(_) => TypeKind::Type,
        Value::Exception(_) => TypeKind::Exception,
        Value::Module(_) => TypeKind::Module,
        Value::Iterator(it) => match &*it.state.borrow() {
            IterState::List { .. } => TypeKind::ListIterator,
            IterState::Tuple { .. } => TypeKind::TupleIterator,
            IterState::Str { .. } => TypeKind::StrIterator,
            IterState::Range { .. } => TypeKind::RangeIterator,
            IterState::LongRange(_) => TypeKind::LongRangeIterator,
            IterState::Dict {
                kind: DictIterKind::Keys,
                ..
            } => TypeKind::DictKeyIterator,
            IterState::Dict {
                kind: DictIterKind::Values,
                ..
            } => TypeKind::DictValueIterator,
            IterState::Dict {
                kind: DictIterKind::Items,
                ..
            } => TypeKind::DictItemIterator,
            IterState::Set { .. } => TypeKind::SetIterator,
            IterState::Enumerate { .. } => TypeKind::Enumerate,
            IterState::Zip { .. } => TypeKind::Zip,
            IterState::Map { .. } => TypeKind::Map,
            IterState::Filter { .. } => TypeKind::Filter,
            IterState::Sequence { reversed: true, .. } => TypeKind::Reversed,
            IterState::Sequence { .. } => TypeKind::Iterator,
            IterState::Reversed { .. } => TypeKind::Reversed,
            IterState::Values { .. } | IterState::Exhausted => TypeKind::Iterator,
            IterState::AsCompleted { .. } => TypeKind::Generator,
        },
        Value::Generator(g) if g.is_coroutine() => TypeKind::Coroutine,
        Value::Generator(_) => TypeKind::Generator,
        Value::Future(f) if f.is_task() => TypeKind::Task,
        Value::Future(_) => TypeKind::Future,
        Value::Awaitable(a) => match &**a {
            super::asyncio::Awaitable::CoroutineWrapper(_) => TypeKind::CoroutineWrapper,
            super::asyncio::Awaitable::FutureIter { .. } => TypeKind::FutureIter,
            super::asyncio::Awaitable::Sleep(_) | super::asyncio::Awaitable::Native(_) => {
                TypeKind::Coroutine
            }
        },
        Value::Sync(s) => match &**s {
            super::aiosync::Sync::Lock(_) => TypeKind::Lock,
            super::aiosync::Sync::Event(_) => TypeKind::Event,
            super::aiosync::Sync::Semaphore(_) => TypeKind::Semaphore,
            super::aiosync::Sync::Queue(_) => TypeKind::Queue,
            super::aiosync::Sync::Timeout(_) => TypeKind::Timeout,
            super::aiosync::Sync::Handle(h) if h.when.is_some() => TypeKind::TimerHandle,
            super::aiosync::Sync::Handle(_) => TypeKind::Handle,
        },
        Value::Ellipsis => TypeKind::Ellipsis,
        Value::Alias(a) => match &**a {
            PyAlias::Generic { .. } => TypeKind::GenericAlias,
            PyAlias::Union(_) => TypeKind::UnionType,
        },
        Value::DictView(d) => match d.kind {
            DictIterKind::Keys => TypeKind::DictKeys,
            DictIterKind::Values => TypeKind::DictValues,
            DictIterKind::Items => TypeKind::DictItems,
        },
        Value::Cell(_) | Value::Completion(_) => TypeKind::Object,
        Value::Instance(i) => i.class.kind,
        Value::Method(_) => TypeKind::Method,
        Value::Descriptor(d) => match &**d {
            Descriptor::Property { .. } => TypeKind::Property,
            Descriptor::StaticMethod(_) => TypeKind::StaticMethod,
            Descriptor::ClassMethod(_) => TypeKind::ClassMethod,
            Descriptor::Attribute { .. } => TypeKind::GetSetDescriptor,
            Descriptor::Member { .. } => TypeKind::MemberDescriptor,
        },
        Value::Super(_) => TypeKind::Super,
    }
}

/// `type(v)`.
pub fn type_of(v: &Value) -> Rc<PyType> {
    match v {
        Value::Exception(e) => e.class.clone(),
        Value::Instance(i) => i.class.clone(),
        _ => builtin_type(kind_of(v)),
    }
}

/// `type(v).__name__` without allocating.
pub fn type_name_static(v: &Value) -> &'static str {
    match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::BigInt(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Tuple(_) => "tuple",
        Value::Dict(_) => "dict",
        Value::MappingProxy(_) => "mappingproxy",
        Value::Exception(e) => e.class.name,
        Value::Instance(i) => i.class.name,
        _ => type_of(v).name,
    }
}

/// `type(v).__name__`.
pub fn type_name(v: &Value) -> String {
    type_name_static(v).to_string()
}

/// A number standing for the object's identity (`id(v)`, `is`, identity hashes).
pub fn identity(v: &Value) -> usize {
    fn p<T: ?Sized>(r: &Rc<T>) -> usize {
        Rc::as_ptr(r) as *const u8 as usize
    }
    match v {
        Value::None => 0x1000,
        Value::Bool(b) => 0x1010 + *b as usize * 16,
        Value::Ellipsis => 0x1040,
        Value::Int(i) => 0x10_0000_0000usize.wrapping_add((*i as usize).wrapping_mul(32)),
        Value::Float(f) => 0x20_0000_0000usize.wrapping_add(f.to_bits() as usize),
        Value::BigInt(r) => p(r),
        Value::Str(r) => p(r),
        Value::List(r) => p(r),
        Value::Tuple(r) => p(r),
        Value::Dict(r) => p(r),
        Value::MappingProxy(r) => p(r),
        Value::Set(r) | Value::FrozenSet(r) => p(r),
        Value::Bytes(r) => p(r),
        Value::Range(r) => p(r),
        Value::Slice(r) => p(r),
        Value::Function(r) => p(r),
        Value::Builtin(r) => p(r),
        Value::BoundMethod(r) => p(r),
        Value::Type(r) => p(r),
        Value::Exception(r) => p(r),
        Value::Module(r) => p(r),
        Value::Alias(r) => p(r),
        Value::Iterator(r) => p(r),
        Value::Generator(r) => p(r),
        Value::Future(r) => p(r),
        Value::Awaitable(r) => p(r),
        Value::Sync(r) => p(r),
        Value::DictView(r) => p(r),
        Value::Cell(r) => p(r),
        Value::Completion(r) => p(r),
        Value::Instance(r) => p(r),
        Value::Method(r) => p(r),
        Value::Descriptor(r) => p(r),
        Value::Super(r) => p(r),
    }
}

/// `a is b`. Immediates (None, bools, ints, floats) are compared by value, as CPython's
/// caches of small ints and constants make them behave in practice.
pub fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => {
            Rc::ptr_eq(x, y) || (x.s.chars().count() <= 1 && x.s == y.s)
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            Rc::ptr_eq(x, y) || (x.items.is_empty() && y.items.is_empty())
        }
        _ => std::mem::discriminant(a) == std::mem::discriminant(b) && identity(a) == identity(b),
    }
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/// An int view of a value (bools are ints), as an owned BigInt.
fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// The i64 of an Int or Bool.
pub fn small_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

/// `float(int)`, with CPython's error for ints beyond the float range.
pub fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(overflow_error("int too large to convert to float")),
    }
}

/// A float view of an int or float value.
pub fn to_f64(v: &Value) -> PyResult<Option<f64>> {
    Ok(match v {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::BigInt(b) => Some(big_to_f64(b)?),
        _ => None,
    })
}

fn unsupported(op: &str, a: &Value, b: &Value) -> Rc<PyException> {
    type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op,
        type_name_static(a),
        type_name_static(b)
    ))
}

fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Pow => "** or pow()",
        _ => op.symbol(),
    }
}

/// Python's floor division and modulo on machine ints (None on overflow: MIN // -1).
fn floor_divmod_i64(x: i64, y: i64) -> Option<(i64, i64)> {
    let q = x.checked_div(y)?;
    let r = x.checked_rem(y)?;
    if r != 0 && ((r < 0) != (y < 0)) {
        Some((q - 1, r + y))
    } else {
        Some((q, r))
    }
}

/// `x ** y` for machine ints with y >= 0 (None on overflow).
fn pow_i64(mut base: i64, mut exp: i64) -> Option<i64> {
    let mut acc: i64 = 1;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc.checked_mul(base)?;
        }
        exp >>= 1;
        if exp > 0 {
            base = base.checked_mul(base)?;
        }
    }
    Some(acc)
}

/// int `op` int on the fast path; overflow continues in BigInt.
fn int_op(op: BinOp, x: i64, y: i64) -> PyResult<Value> {
    let r = match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mult => x.checked_mul(y),
        BinOp::Div => {
            if y == 0 {
                return Err(zero_division("division by zero"));
            }
            const EXACT: i64 = 1 << 53;
            if x.unsigned_abs() <= EXACT as u64 && y.unsigned_abs() <= EXACT as u64 {
                return Ok(Value::Float(x as f64 / y as f64));
            }
            return big_true_div(&BigInt::from(x), &BigInt::from(y));
        }
        BinOp::FloorDiv => {
            if y == 0 {
                return Err(zero_division("integer division or modulo by zero"));
            }
            floor_divmod_i64(x, y).map(|(q, _)| q)
        }
        BinOp::Mod => {
            if y == 0 {
                return Err(zero_division("integer modulo by zero"));
            }
            floor_divmod_i64(x, y).map(|(_, r)| r)
        }
        BinOp::Pow => {
            if y < 0 {
                return float_op(BinOp::Pow, x as f64, y as f64);
            }
            pow_i64(x, y)
        }
        BinOp::LShift => {
            if y < 0 {
                return Err(value_error("negative shift count"));
            }
            if x == 0 {
                Some(0)
            } else if y < 63 {
                let r = x.wrapping_shl(y as u32);
                if r >> y == x {
                    Some(r)
                } else {
                    None
                }
            } else {
                None
            }
        }
        BinOp::RShift => {
            if y < 0 {
                return Err(value_error("negative shift count"));
            }
            Some(if y >= 64 {
                if x < 0 {
                    -1
                } else {
                    0
                }
            } else {
                x >> y
            })
        }
        BinOp::BitAnd => Some(x & y),
        BinOp::BitOr => Some(x | y),
        BinOp::BitXor => Some(x ^ y),
        BinOp::MatMult => return Err(unsupported("@", &Value::Int(x), &Value::Int(y))),
    };
    match r {
        Some(v) => Ok(Value::Int(v)),
        None => big_op(op, &BigInt::from(x), &BigInt::from(y)),
    }
}

/// int `op` int in arbitrary precision.
fn big_op(op: BinOp, x: &BigInt, y: &BigInt) -> PyResult<Value> {
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mult => x * y,
        BinOp::Div => return big_true_div(x, y),
        BinOp::FloorDiv => {
            if y.is_zero() {
                return Err(zero_division("integer division or modulo by zero"));
            }
            x.div_floor(y)
        }
        BinOp::Mod => {
            if y.is_zero() {
                return Err(zero_division("integer modulo by zero"));
            }
            x.mod_floor(y)
        }
        BinOp::Pow => {
            if y.is_negative() {
                return float_op(BinOp::Pow, big_to_f64(x)?, big_to_f64(y)?);
            }
            if x.is_zero() || x == &BigInt::from(1) {
                x.clone()
            } else if x == &BigInt::from(-1) {
                if y.is_even() {
                    BigInt::from(1)
                } else {
                    x.clone()
                }
            } else {
                // The result has about bits(x) * y bits: refuse what cannot be allocated
                // before the arithmetic (which allocates infallibly) starts.
                let bits = y
                    .to_u64()
                    .and_then(|e| e.checked_mul(x.bits()))
                    .ok_or_else(alloc::memory_error)?;
                alloc::check_room(usize::try_from(bits / 8).map_err(|_| alloc::memory_error())?)?;
                match y.to_u32() {
                    Some(e) => num_traits::pow::Pow::pow(x, e),
                    None => return Err(alloc::memory_error()),
                }
            }
        }
        BinOp::LShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            if x.is_zero() {
                BigInt::zero()
            } else {
                // CPython counts the shift in 30-bit digits: a count of digits past
                // `sys.maxsize` is an OverflowError, a result too big to allocate a
                // MemoryError.
                let digits = y / BigInt::from(30);
                if digits > BigInt::from(i64::MAX) {
                    return Err(overflow_error("too many digits in integer"));
                }
                let s = y.to_usize().ok_or_else(alloc::memory_error)?;
                let bytes = s
                    .checked_add(x.bits() as usize)
                    .ok_or_else(alloc::memory_error)?
                    / 8;
                alloc::check_room(bytes)?;
                x << s
            }
        }
        BinOp::RShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            match y.to_usize() {
                Some(s) => x >> s,
                None => {
                    if x.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                }
            }
        }
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        BinOp::BitXor => x ^ y,
        BinOp::MatMult => {
            return Err(type_error(
                "unsupported operand type(s) for @: 'int' and 'int'",
            ))
        }
    };
    Ok(Value::int_from_bigint(r))
}

/// int / int, correctly rounded even when the operands do not fit a float.
fn big_true_div(x: &BigInt, y: &BigInt) -> PyResult<Value> {
    if y.is_zero() {
        return Err(zero_division("division by zero"));
    }
    if let (Some(a), Some(b)) = (x.to_i64(), y.to_i64()) {
        const EXACT: i64 = 1 << 53;
        if a.unsigned_abs() <= EXACT as u64 && b.unsigned_abs() <= EXACT as u64 {
            return Ok(Value::Float(a as f64 / b as f64));
        }
    }
    let negative = x.is_negative() != y.is_negative();
    let (a, b) = (x.abs(), y.abs());
    // Scale so the quotient carries at least 66 significant bits, then fold the remainder
    // into a sticky bit: converting that to f64 rounds exactly once.
    let shift: i64 = 66 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) = if shift > 0 {
        (a << shift as usize, b)
    } else {
        (a, b << (-shift) as usize)
    };
    let (mut q, r) = num.div_rem(&den);
    if !r.is_zero() {
        q |= BigInt::from(1);
    }
    let qf = q.to_f64().unwrap_or(f64::INFINITY);
    let result = if shift > 1000 {
        qf * 2f64.powi(-1000) * 2f64.powi(-(shift as i32 - 1000))
    } else if shift < -1000 {
        qf * 2f64.powi(1000) * 2f64.powi(-(shift as i32) - 1000)
    } else {
        qf * 2f64.powi(-(shift as i32))
    };
    if result.is_infinite() {
        return Err(overflow_error(
            "integer division result too large for a float",
        ));
    }
    Ok(Value::Float(if negative { -result } else { result }))
}

/// Python's float modulo: the result has the divisor's sign.
fn float_mod(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m + y
        } else {
            m
        }
    } else {
        0.0f64.copysign(y)
    }
}

/// Python's float floor division (CPython's `float_floor_div`, signs included).
fn float_floordiv(x: f64, y: f64) -> f64 {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let _ = m;
    if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    }
}

/// `divmod` on floats.
pub fn float_divmod(x: f64, y: f64) -> PyResult<(f64, f64)> {
    if y == 0.0 {
        return Err(zero_division("float divmod()"));
    }
    Ok((float_floordiv(x, y), float_mod(x, y)))
}

fn float_pow(x: f64, y: f64) -> PyResult<f64> {
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(zero_division("0.0 cannot be raised to a negative power"));
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
        return Err(value_error("math domain error"));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(new_exception_with_args(
            super::types::exception_class("OverflowError"),
            vec![Value::Int(34), Value::str("Numerical result out of range")],
        ));
    }
    Ok(r)
}

/// float `op` float.
fn float_op(op: BinOp, x: f64, y: f64) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mult => x * y,
        BinOp::Div => {
            if y == 0.0 {
                return Err(zero_division("float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            float_floordiv(x, y)
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(zero_division("float modulo"));
            }
            float_mod(x, y)
        }
        BinOp::Pow => float_pow(x, y)?,
        _ => {
            return Err(unsupported(
                op_symbol(op),
                &Value::Float(x),
                &Value::Float(y),
            ))
        }
    }))
}

/// The operators defined on floats.
fn is_arith(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add
            | BinOp::Sub
            | BinOp::Mult
            | BinOp::Div
            | BinOp::FloorDiv
            | BinOp::Mod
            | BinOp::Pow
    )
}

/// `a op b`.
pub fn binary_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => int_op(op, *x, *y),
        (Value::Float(x), Value::Float(y)) => float_op(op, *x, *y),
        (Value::Float(x), Value::Int(y)) if is_arith(op) => float_op(op, *x, *y as f64),
        (Value::Int(x), Value::Float(y)) if is_arith(op) => float_op(op, *x as f64, *y),
        _ => binary_slow(vm, op, a, b),
    }
}

fn binary_slow(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    // `'%s' % obj`: str's own `%` takes any right operand, before `obj.__rmod__`.
    let str_format = op == BinOp::Mod && matches!(a, Value::Str(_) | Value::Bytes(_));
    if (super::class::is_user(a) || super::class::is_user(b)) && !str_format {
        return match super::class::binary(vm, op, a, b)? {
            Some(v) => Ok(v),
            // `seq * n` with an `n` that has `__index__` (CPython's `sq_repeat`).
            None if op == BinOp::Mult => {
                let is_seq = |v: &Value| {
                    matches!(
                        v,
                        Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_)
                    )
                };
                let (seq, n) = if is_seq(a) { (a, b) } else { (b, a) };
                match (is_seq(seq), super::class::index(vm, n)?) {
                    (true, Some(i)) => binary_op(vm, op, seq, &i),
                    _ => Err(unsupported(op_symbol(op), a, b)),
                }
            }
            None => Err(unsupported(op_symbol(op), a, b)),
        };
    }
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match op {
            BinOp::BitAnd => return Ok(Value::Bool(x & y)),
            BinOp::BitOr => return Ok(Value::Bool(x | y)),
            BinOp::BitXor => return Ok(Value::Bool(x ^ y)),
            _ => {}
        }
    }
    // Numbers (bools and big ints).
    if is_int(a) && is_int(b) {
        if let (Some(x), Some(y)) = (small_int(a), small_int(b)) {
            return int_op(op, x, y);
        }
        let (x, y) = (to_big(a).unwrap_or_default(), to_big(b).unwrap_or_default());
        return big_op(op, &x, &y);
    }
    let a_num = is_int(a) || matches!(a, Value::Float(_));
    let b_num = is_int(b) || matches!(b, Value::Float(_));
    if a_num && b_num {
        if matches!(
            op,
            BinOp::LShift
                | BinOp::RShift
                | BinOp::BitAnd
                | BinOp::BitOr
                | BinOp::BitXor
                | BinOp::MatMult
        ) {
            return Err(unsupported(op_symbol(op), a, b));
        }
        // int / big int and float mixes: CPython converts the int to float first.
        if matches!(op, BinOp::Div) && is_int(a) && is_int(b) {
            return big_true_div(
                &to_big(a).unwrap_or_default(),
                &to_big(b).unwrap_or_default(),
            );
        }
        let x = to_f64(a)?.unwrap_or(0.0);
        let y = to_f64(b)?.unwrap_or(0.0);
        return float_op(op, x, y);
    }
    if op == BinOp::BitOr
        && (matches!(a, Value::Type(_) | Value::Alias(_))
            || matches!(b, Value::Type(_) | Value::Alias(_)))
    {
        if let Some(union) = type_union(a, b) {
            return Ok(union);
        }
    }
    match op {
        BinOp::Add => match (a, b) {
            // Each result allocated once, fallibly: two big operands may make a result no
            // machine has room for (MemoryError, as in CPython).
            (Value::Str(x), Value::Str(y)) => {
                let mut s = alloc::string_with_capacity(x.s.len().saturating_add(y.s.len()))?;
                s.push_str(&x.s);
                s.push_str(&y.s);
                Ok(Value::str(s))
            }
            (Value::List(x), Value::List(y)) => {
                let (xs, ys) = (x.items.borrow(), y.items.borrow());
                let mut v = alloc::vec_with_capacity(xs.len().saturating_add(ys.len()))?;
                v.extend(xs.iter().cloned());
                v.extend(ys.iter().cloned());
                drop((xs, ys));
                Ok(Value::list(v))
            }
            (Value::Tuple(x), Value::Tuple(y)) => {
                let mut v = alloc::vec_with_capacity(x.items.len().saturating_add(y.items.len()))?;
                v.extend(x.items.iter().cloned());
                v.extend(y.items.iter().cloned());
                Ok(Value::tuple(v))
            }
            (Value::Bytes(x), Value::Bytes(y)) => {
                let mut v = alloc::vec_with_capacity(x.len().saturating_add(y.len()))?;
                v.extend_from_slice(x);
                v.extend_from_slice(y);
                Ok(Value::Bytes(Rc::new(v)))
            }
            (Value::Bytes(_), _) => Err(type_error(format!(
                "can't concat {} to bytes",
                type_name_static(b)
            ))),
            (Value::Str(_), _) | (Value::List(_), _) | (Value::Tuple(_), _) => {
                Err(type_error(format!(
                    "can only concatenate {} (not \"{}\") to {}",
                    type_name_static(a),
                    type_name_static(b),
                    type_name_static(a)
                )))
            }
            _ => Err(unsupported("+", a, b)),
        },
        BinOp::Mult => {
            let (seq, n) = match (a, b) {
                (Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_), _) => (a, b),
                (_, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)) => (b, a),
                _ => return Err(unsupported("*", a, b)),
            };
            let count = match n {
                Value::Int(i) => *i,
                Value::Bool(x) => *x as i64,
                Value::BigInt(x) => {
                    if x.is_negative() {
                        0
                    } else {
                        return Err(overflow_error(
                            "cannot fit 'int' into an index-sized integer",
                        ));
                    }
                }
                _ => {
                    return Err(type_error(format!(
                        "can't multiply sequence by non-int of type '{}'",
                        type_name_static(n)
                    )))
                }
            };
            repeat(seq, count)
        }
        BinOp::Mod => match a {
            Value::Str(s) => Ok(Value::str(super::format::percent_format(vm, &s.s, b)?)),
            _ => Err(unsupported("%", a, b)),
        },
        BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor => {
            if let (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) =
                (a, b)
            {
                return set_op(vm, op, a, b);
            }
            if let (BinOp::BitOr, Value::Dict(x), Value::Dict(y)) = (op, a, b) {
                let d = PyDict::new();
                for source in [x, y] {
                    let entries: Vec<(HashKey, Value)> = source
                        .map
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    for (k, v) in entries {
                        d.set_key(vm, k, v)?;
                    }
                }
                return Ok(Value::Dict(Rc::new(d)));
            }
            Err(unsupported(op_symbol(op), a, b))
        }
        _ => Err(unsupported(op_symbol(op), a, b)),
    }
}

fn repeat(seq: &Value, count: i64) -> PyResult<Value> {
    let n = count.max(0) as usize;
    // CPython refuses a length past `sys.maxsize` before allocating: in its words for
    // strs and bytes, as a MemoryError for lists and tuples.
    let total = |len: usize, too_long: &str| match len.checked_mul(n) {
        Some(t) if t <= isize::MAX as usize => Ok(t),
        _ if too_long.is_empty() => Err(alloc::memory_error()),
        _ => Err(overflow_error(too_long)),
    };
    Ok(match seq {
        Value::Str(s) => {
            total(s.s.len(), "repeated string is too long")?;
            let bytes = alloc::repeat_bytes(s.s.as_bytes(), n)?;
            Value::str(String::from_utf8(bytes).expect("copies of a str are UTF-8"))
        }
        Value::Bytes(b) => {
            total(b.len(), "repeated bytes are too long")?;
            Value::Bytes(Rc::new(alloc::repeat_bytes(b, n)?))
        }
        Value::List(l) => {
            let items = l.items.borrow().clone();
            Value::list(repeat_items(&items, total(items.len(), "")?, n)?)
        }
        Value::Tuple(t) => Value::tuple(repeat_items(&t.items, total(t.items.len(), "")?, n)?),
        _ => return Err(type_error("can't multiply sequence")),
    })
}

/// `n` copies of `items` in a vector of `total` items, allocated once.
fn repeat_items(items: &[Value], total: usize, n: usize) -> PyResult<Vec<Value>> {
    let mut v = alloc::vec_with_capacity(total)?;
    if !items.is_empty() {
        for _ in 0..n {
            v.extend(items.iter().cloned());
        }
    }
    Ok(v)
}

/// `|`, `&`, `-`, `^` on sets, built the way CPython builds them (which decides the
/// result's iteration order); the result has the left operand's type.
pub fn set_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    let (x, y) = match (a, b) {
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => (x, y),
        _ => return Err(unsupported(op_symbol(op), a, b)),
    };
    let out = match op {
        BinOp::BitOr => {
            let r = x.copy();
            r.merge_from(vm, y)?;
            r
        }
        BinOp::BitAnd => set_intersection(vm, x, y)?,
        BinOp::Sub => set_difference(vm, x, y)?,
        BinOp::BitXor => {
            // CPython copies the right operand and toggles the left one's members.
            let r = y.copy();
            set_symmetric_update(vm, &r, x)?;
            r
        }
        _ => return Err(unsupported(op_symbol(op), a, b)),
    };
    let s = Rc::new(out);
    Ok(match a {
        Value::FrozenSet(_) => Value::FrozenSet(s),
        _ => Value::Set(s),
    })
}

/// A set display `{a, b, c}`. CPython compiles a display of more than two constants
/// as "merge a constant frozenset into a new set", which lays the table out differently
/// from adding the items one by one; `all_constant` says which way the display was
/// written, so `print({10, 20, 5, 100, 7})` prints CPython's `{100, 5, 20, 7, 10}`.
/// (Constants here are literals: numbers, strings, None, booleans, tuples of those.)
pub fn set_display(vm: &mut Vm, items: Vec<Value>, all_constant: bool) -> PyResult<Value> {
    let out = PySet::new();
    if all_constant && items.len() > 2 {
        let folded = PySet::new();
        for v in items {
            folded.add(vm, v)?;
        }
        // The compiler's constant merging rebuilds the frozenset from its own
        // iteration order before the code runs.
        let frozen = PySet::new();
        for v in folded.ordered() {
            frozen.add(vm, v)?;
        }
        out.merge_from(vm, &frozen)?;
    } else {
        for v in items {
            out.add(vm, v)?;
        }
    }
    Ok(Value::Set(Rc::new(out)))
}

/// A set's members in CPython's slot order.
fn keys_in_slot_order(s: &PySet) -> Vec<HashKey> {
    let order = s.table_order();
    let keys = s.set.borrow();
    order
        .into_iter()
        .filter_map(|i| keys.get_index(i).map(|(k, ())| k.clone()))
        .collect()
}

/// CPython's `set_intersection`: walk the smaller set in slot order.
pub fn set_intersection(vm: &mut Vm, x: &PySet, y: &PySet) -> PyResult<PySet> {
    let (small, big) = if y.len() > x.len() { (x, y) } else { (y, x) };
    let out = PySet::new();
    for k in keys_in_slot_order(small) {
        if big.contains_key(vm, &k)? {
            out.add_key(vm, k)?;
        }
    }
    Ok(out)
}

/// CPython's `set_difference`: copy-and-discard when the left set is much larger,
/// otherwise a fresh set of the survivors in slot order.
pub fn set_difference(vm: &mut Vm, x: &PySet, y: &PySet) -> PyResult<PySet> {
    if (x.len() >> 2) > y.len() {
        let r = x.copy();
        let doomed: Vec<HashKey> = y.set.borrow().keys().cloned().collect();
        for k in &doomed {
            r.remove_key(vm, k)?;
        }
        return Ok(r);
    }
    let out = PySet::new();
    for k in keys_in_slot_order(x) {
        if !y.contains_key(vm, &k)? {
            out.add_key(vm, k)?;
        }
    }
    Ok(out)
}

/// CPython's `set_symmetric_difference_update`: walk `y` in slot order, toggling.
pub fn set_symmetric_update(vm: &mut Vm, r: &PySet, y: &PySet) -> PyResult<()> {
    for k in keys_in_slot_order(y) {
        if !r.remove_key(vm, &k)? {
            r.add_key(vm, k)?;
        }
    }
    Ok(())
}

/// `a op= b`: lists and sets are updated in place; everything else is `a = a op b`.
pub fn inplace_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if super::class::is_user(a) {
        if let Some(v) = super::class::inplace(vm, op, a, b)? {
            return Ok(v);
        }
    }
    match (op, a) {
        (BinOp::Add, Value::List(l)) => {
            let extra = match b {
                Value::List(x) if Rc::ptr_eq(x, l) => x.items.borrow().clone(),
                _ => collect(vm, b)?,
            };
            let mut items = l.items.borrow_mut();
            alloc::reserve_items(&mut items, extra.len())?;
            items.extend(extra);
            drop(items);
            Ok(a.clone())
        }
        (BinOp::Mult, Value::List(l)) => {
            let n = match small_int(b) {
                Some(n) => n.max(0) as usize,
                None => return binary_op(vm, op, a, b),
            };
            let items = l.items.borrow().clone();
            let total = items
                .len()
                .checked_mul(n)
                .filter(|&t| t <= isize::MAX as usize)
                .ok_or_else(alloc::memory_error)?;
            *l.items.borrow_mut() = repeat_items(&items, total, n)?;
            Ok(a.clone())
        }
        (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Value::Set(s)) => {
            let (Value::Set(o) | Value::FrozenSet(o)) = b else {
                return Err(unsupported(&format!("{}=", op.symbol()), a, b));
            };
            match op {
                BinOp::BitOr => s.merge_from(vm, o)?,
                BinOp::BitAnd => s.replace_with(set_intersection(vm, s, o)?),
                BinOp::Sub => {
                    let doomed: Vec<HashKey> = o.set.borrow().keys().cloned().collect();
                    for k in doomed {
                        s.remove_key(vm, &k)?;
                    }
                }
                _ => {
                    if Rc::ptr_eq(s, o) {
                        s.clear();
                    } else {
                        set_symmetric_update(vm, s, o)?;
                    }
                }
            }
            Ok(a.clone())
        }
        (BinOp::BitOr, Value::Dict(d)) => {
            super::methods::dict_update(vm, d, b, Vec::new())?;
            Ok(a.clone())
        }
        _ => match binary_op(vm, op, a, b) {
            Err(e) if is_unsupported_error(&e) => {
                Err(unsupported(&format!("{}=", op.symbol()), a, b))
            }
            r => r,
        },
    }
}

fn is_unsupported_error(e: &PyException) -> bool {
    e.class.name == "TypeError"
        && matches!(e.args.borrow().first(), Some(Value::Str(s)) if s.s.starts_with("unsupported operand"))
}

/// `-v`, `+v`, `~v`, `not v`.
pub fn unary_op(vm: &mut Vm, op: UnaryOp, v: &Value) -> PyResult<Value> {
    match (op, v) {
        (UnaryOp::Not, _) => Ok(Value::Bool(!truthy(vm, v)?)),
        (UnaryOp::Neg, Value::Int(i)) => Ok(match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => Value::int_from_bigint(-BigInt::from(*i)),
        }),
        (UnaryOp::Neg, Value::Bool(b)) => Ok(Value::Int(-(*b as i64))),
        (UnaryOp::Neg, Value::BigInt(b)) => Ok(Value::int_from_bigint(-(**b).clone())),
        (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::Pos, Value::Int(_) | Value::BigInt(_) | Value::Float(_)) => Ok(v.clone()),
        (UnaryOp::Pos, Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        (UnaryOp::Invert, Value::Int(i)) => Ok(Value::Int(!i)),
        (UnaryOp::Invert, Value::Bool(b)) => Ok(Value::Int(!(*b as i64))),
        (UnaryOp::Invert, Value::BigInt(b)) => Ok(Value::int_from_bigint(!(**b).clone())),
        (_, v) if super::class::is_user(v) => {
            let name = match op {
                UnaryOp::Neg => "__neg__",
                UnaryOp::Pos => "__pos__",
                _ => "__invert__",
            };
            match super::class::call_special(vm, v, name, Vec::new())? {
                Some(r) => Ok(r),
                None => Err(type_error(format!(
                    "bad operand type for unary {}: '{}'",
                    op.symbol(),
                    type_name_static(v)
                ))),
            }
        }
        _ => Err(type_error(format!(
            "bad operand type for unary {}: '{}'",
            op.symbol(),
            type_name_static(v)
        ))),
    }
}

/// `abs(v)`.
pub fn abs(v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::int_from_bigint(BigInt::from(*i).abs()),
        },
        Value::Bool(b) => Value::Int(*b as i64),
        Value::BigInt(b) => Value::int_from_bigint(b.abs()),
        Value::Float(f) => Value::Float(f.abs()),
        _ => {
            return Err(type_error(format!(
                "bad operand type for abs(): '{}'",
                type_name_static(v)
            )))
        }
    })
}

// ---------------------------------------------------------------------------------------
// Truth, equality, ordering
// ---------------------------------------------------------------------------------------

/// `bool(v)`.
pub fn truthy(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    if super::class::is_user(v) {
        return super::class::truthy(vm, v);
    }
    Ok(truthy_value(v))
}

/// `bool(v)` for builtin values (never fails, never calls Python code).
pub fn truthy_value(v: &Value) -> bool {
    match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::BigInt(_) => true,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.s.is_empty(),
        Value::List(l) => !l.items.borrow().is_empty(),
        Value::Tuple(t) => !t.items.is_empty(),
        Value::Dict(d) | Value::MappingProxy(d) => !d.is_empty(),
        Value::Set(s) | Value::FrozenSet(s) => !s.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        Value::Range(r) => !r.is_empty(),
        Value::DictView(d) => !d.dict.is_empty(),
        _ => true,
    }
}

/// Compares an int (as i128-able parts) with a float exactly, as CPython does.
fn cmp_int_float(i: &Value, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    match i {
        Value::Int(x) => {
            let x = *x;
            if x.unsigned_abs() < (1u64 << 53) {
                (x as f64).partial_cmp(&f)
            } else {
                let t = f.trunc();
                // |f| < 2**127 here unless it exceeds every i64.
                if t >= 9.3e18 {
                    return Some(Ordering::Less);
                }
                if t <= -9.3e18 {
                    return Some(Ordering::Greater);
                }
                let ti = t as i128;
                match (x as i128).cmp(&ti) {
                    Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
                    o => Some(o),
                }
            }
        }
        Value::Bool(b) => (*b as i64 as f64).partial_cmp(&f),
        Value::BigInt(b) => {
            let t = f.trunc();
            let tb = BigInt::from(t as i128);
            // Floats beyond i128 are compared through their exact BigInt value.
            let tb = if t.abs() >= 1.0e38 {
                float_to_bigint(t).unwrap_or(tb)
            } else {
                tb
            };
            match (**b).cmp(&tb) {
                Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
                o => Some(o),
            }
        }
        _ => None,
    }
}

/// The exact integer value of an integral finite float.
pub fn float_to_bigint(f: f64) -> Option<BigInt> {
    if !f.is_finite() {
        return None;
    }
    let f = f.trunc();
    if f.abs() < 9.0e18 {
        return Some(BigInt::from(f as i64));
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    let mut b = BigInt::from(mant);
    if exp >= 0 {
        b <<= exp as usize;
    } else {
        b >>= (-exp) as usize;
    }
    if f < 0.0 {
        b = -b;
    }
    Some(b)
}

/// Numeric comparison for any two numbers (None: unordered, i.e. a NaN is involved).
fn num_cmp(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Float(x), _) if is_int(b) => cmp_int_float(b, *x).map(Ordering::reverse),
        (_, Value::Float(y)) if is_int(a) => cmp_int_float(a, *y),
        _ if is_int(a) && is_int(b) => {
            if let (Some(x), Some(y)) = (small_int(a), small_int(b)) {
                Some(x.cmp(&y))
            } else {
                Some(to_big(a).cmp(&to_big(b)))
            }
        }
        _ => return None,
    })
}

/// What CPython's `RecursionError` says when a comparison nests too deep.
pub(crate) const IN_COMPARISON: &str = " in comparison";
/// ... and when a builtin that CPython calls with a depth check (its METH_O and
/// METH_VARARGS functions and methods) is one level too many.
pub(crate) const IN_CALL: &str = " while calling a Python object";

/// `a == b`: CPython's `PyObject_RichCompare(a, b, Py_EQ)` for builtin values. Comparing
/// containers compares their members, each comparison one level deeper against the same
/// recursion limit as Python calls (`Vm::nested`), so `a == b` for two lists that each
/// contain themselves is CPython's `RecursionError`, not a Rust stack overflow.
pub fn eq(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x == y),
        (Value::Str(x), Value::Str(y)) => Ok(Rc::ptr_eq(x, y) || x.s == y.s),
        (Value::Float(x), Value::Float(y)) => Ok(x == y),
        (Value::None, Value::None) => Ok(true),
        _ if super::class::is_user(a) || super::class::is_user(b) => {
            match super::class::rich_compare(vm, CmpOp::Eq, a, b)? {
                Some(r) => truthy(vm, &r),
                None => Ok(is(a, b)),
            }
        }
        _ => vm.nested(IN_COMPARISON, |vm| eq_members(vm, a, b)),
    }
}

/// `a == b` once the comparison has taken its level of depth.
fn eq_members(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    Ok(match (a, b) {
        (Value::List(x), Value::List(y)) => {
            Rc::ptr_eq(x, y) || (x.len() == y.len() && first_difference(vm, x, y)?.is_none())
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            Rc::ptr_eq(x, y) || (x.items.len() == y.items.len() && seq_eq(vm, &x.items, &y.items)?)
        }
        (Value::Dict(x) | Value::MappingProxy(x), Value::Dict(y) | Value::MappingProxy(y)) => {
            Rc::ptr_eq(x, y) || dict_eq(vm, x, y)?
        }
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
            x.len() == y.len() && is_subset(vm, x, y)?
        }
        (Value::Range(x), Value::Range(y)) => match (&**x, &**y) {
            (
                PyRange::Small {
                    start: a, step: b, ..
                },
                PyRange::Small {
                    start: c, step: d, ..
                },
            ) => {
                let (lx, ly) = (x.len()?, y.len()?);
                lx == ly && (lx == 0 || (a == c && (lx == 1 || b == d)))
            }
            _ => {
                let (lx, ly) = (x.len_big(), y.len_big());
                let ((a, _, b), (c, _, d)) = (x.bounds(), y.bounds());
                lx == ly
                    && (lx.sign() == num_bigint::Sign::NoSign
                        || (a == c && (lx == 1.into() || b == d)))
            }
        },
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        // Two bindings are equal when they bind the same function to the same object
        // (CPython's `method_richcompare` compares the receivers by identity).
        (Value::Method(x), Value::Method(y)) => {
            is(&x.receiver, &y.receiver) && is(&x.func, &y.func)
        }
        (Value::Alias(x), Value::Alias(y)) => match (&**x, &**y) {
            (
                PyAlias::Generic {
                    origin: o1,
                    args: a1,
                },
                PyAlias::Generic {
                    origin: o2,
                    args: a2,
                },
            ) => eq(vm, o1, o2)? && seq_eq(vm, a1, a2)?,
            // A union's order does not matter: `int | str == str | int`.
            (PyAlias::Union(m1), PyAlias::Union(m2)) => {
                m1.len() == m2.len() && {
                    let mut all = true;
                    for m in m1 {
                        if !contains_in(vm, m2, m)? {
                            all = false;
                            break;
                        }
                    }
                    all
                }
            }
            _ => false,
        },
        (Value::Slice(x), Value::Slice(y)) => {
            eq(vm, &x.start, &y.start)? && eq(vm, &x.stop, &y.stop)? && eq(vm, &x.step, &y.step)?
        }
        (Value::DictView(v), Value::Set(s) | Value::FrozenSet(s))
        | (Value::Set(s) | Value::FrozenSet(s), Value::DictView(v))
            if v.kind != DictIterKind::Values =>
        {
            let items = view_items(v);
            if items.len() != s.len() {
                return Ok(false);
            }
            for x in &items {
                if !s.contains(vm, x)? {
                    return Ok(false);
                }
            }
            true
        }
        (Value::DictView(x), Value::DictView(y)) if x.kind != DictIterKind::Values => {
            let (xs, ys) = (view_items(x), view_items(y));
            if xs.len() != ys.len() {
                return Ok(false);
            }
            for v in &xs {
                if !contains_in(vm, &ys, v)? {
                    return Ok(false);
                }
            }
            true
        }
        _ => match num_cmp(a, b) {
            Some(o) => o == Some(Ordering::Equal),
            None => {
                std::mem::discriminant(a) == std::mem::discriminant(b) && identity(a) == identity(b)
            }
        },
    })
}

/// Are the two sequences' members pairwise the same or equal?
fn seq_eq(vm: &mut Vm, x: &[Value], y: &[Value]) -> PyResult<bool> {
    if x.len() != y.len() {
        return Ok(false);
    }
    for (a, b) in x.iter().zip(y) {
        if !same_or_eq(vm, a, b)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The first index where two lists' members differ (CPython's `list_richcompare` loop),
/// reading one pair at a time so that the lists may change as they are compared.
fn first_difference(vm: &mut Vm, x: &PyList, y: &PyList) -> PyResult<Option<usize>> {
    let mut i = 0;
    loop {
        let pair = {
            let (xi, yi) = (x.items.borrow(), y.items.borrow());
            match (xi.get(i), yi.get(i)) {
                (Some(a), Some(b)) => (a.clone(), b.clone()),
                _ => return Ok(None),
            }
        };
        if !same_or_eq(vm, &pair.0, &pair.1)? {
            return Ok(Some(i));
        }
        i += 1;
    }
}

/// CPython's `dict_equal` (the lengths already equal): every key of `x` is in `y` with a
/// same or equal value.
fn dict_eq(vm: &mut Vm, x: &PyDict, y: &PyDict) -> PyResult<bool> {
    if x.len() != y.len() {
        return Ok(false);
    }
    let mut i = 0;
    while let Some((k, v)) = x.entry_at(i) {
        match y.get(vm, &k)? {
            Some(w) if same_or_eq(vm, &v, &w)? => {}
            _ => return Ok(false),
        }
        i += 1;
    }
    Ok(true)
}

/// Is every member of `x` a member of `y`?
fn is_subset(vm: &mut Vm, x: &PySet, y: &PySet) -> PyResult<bool> {
    if x.len() > y.len() {
        return Ok(false);
    }
    let keys: Vec<HashKey> = x.set.borrow().keys().cloned().collect();
    for k in &keys {
        if !y.contains_key(vm, k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `item in items` for a materialized sequence.
fn contains_in(vm: &mut Vm, items: &[Value], item: &Value) -> PyResult<bool> {
    for x in items {
        if same_or_eq(vm, x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Containers compare members by identity first, then equality (CPython's
/// `PyObject_RichCompareBool`). Floats are unboxed here, so two NaNs are never "the same
/// object": `[nan] == [nan]` is False, as it is in CPython for separately made NaNs.
pub fn same_or_eq(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Ok(x == y),
        _ if is(a, b) => Ok(true),
        _ => eq(vm, a, b),
    }
}

fn cmp_symbol(op: CmpOp) -> &'static str {
    op.symbol()
}

fn not_supported(op: CmpOp, a: &Value, b: &Value) -> Rc<PyException> {
    type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        cmp_symbol(op),
        type_name_static(a),
        type_name_static(b)
    ))
}

fn ordering_holds(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::LtE => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::GtE => o != Ordering::Less,
        _ => false,
    }
}

/// `a < b`, `a <= b`, `a > b`, `a >= b` (op must be one of those four).
pub fn order(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    if let Some(o) = num_cmp(a, b) {
        return Ok(match o {
            Some(o) => ordering_holds(op, o),
            None => false,
        });
    }
    if super::class::is_user(a) || super::class::is_user(b) {
        return match super::class::rich_compare(vm, op, a, b)? {
            Some(r) => truthy(vm, &r),
            None => Err(not_supported(op, a, b)),
        };
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => {
            Ok(ordering_holds(op, crate::pyrepr::str_cmp(&x.s, &y.s)))
        }
        (Value::Bytes(x), Value::Bytes(y)) => Ok(ordering_holds(op, x.cmp(y))),
        (Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::FrozenSet(_), _) => {
            vm.nested(IN_COMPARISON, |vm| order_members(vm, op, a, b))
        }
        _ => Err(not_supported(op, a, b)),
    }
}

/// `a < b` and friends for containers, once the comparison has taken its level of depth.
fn order_members(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    match (a, b) {
        (Value::List(x), Value::List(y)) => match first_difference(vm, x, y)? {
            Some(i) => {
                let pair = {
                    let (xi, yi) = (x.items.borrow(), y.items.borrow());
                    (xi.get(i).cloned(), yi.get(i).cloned())
                };
                match pair {
                    (Some(p), Some(q)) => order(vm, op, &p, &q),
                    _ => Ok(ordering_holds(op, x.len().cmp(&y.len()))),
                }
            }
            None => Ok(ordering_holds(op, x.len().cmp(&y.len()))),
        },
        (Value::Tuple(x), Value::Tuple(y)) => {
            for (p, q) in x.items.iter().zip(y.items.iter()) {
                if !same_or_eq(vm, p, q)? {
                    return order(vm, op, p, q);
                }
            }
            Ok(ordering_holds(op, x.items.len().cmp(&y.items.len())))
        }
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
            Ok(match op {
                CmpOp::Lt => x.len() < y.len() && is_subset(vm, x, y)?,
                CmpOp::LtE => is_subset(vm, x, y)?,
                CmpOp::Gt => x.len() > y.len() && is_subset(vm, y, x)?,
                CmpOp::GtE => is_subset(vm, y, x)?,
                _ => false,
            })
        }
        _ => Err(not_supported(op, a, b)),
    }
}

/// `a < b` as a plain bool (sorting, min, max).
pub fn less_than(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::Str(x), Value::Str(y)) => Ok(crate::pyrepr::str_cmp(&x.s, &y.s).is_lt()),
        _ => order(vm, CmpOp::Lt, a, b),
    }
}

/// `a op b` for every comparison operator, including `is` and `in`.
pub fn compare(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    // Fast paths: no allocation for ints and floats.
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let r = match op {
                CmpOp::Is => x == y,
                CmpOp::IsNot => x != y,
                CmpOp::In | CmpOp::NotIn => return compare_slow(vm, op, a, b),
                _ => super::fast::int_compare(op, *x, *y),
            };
            return Ok(Value::Bool(r));
        }
        (Value::Float(x), Value::Float(y)) => {
            if let Some(r) = super::fast::order_compare(op, x, y) {
                return Ok(Value::Bool(r));
            }
        }
        _ => {}
    }
    compare_slow(vm, op, a, b)
}

fn compare_slow(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    // A program's `__eq__`, `__lt__`... may return anything, and the comparison is that.
    if (super::class::is_user(a) || super::class::is_user(b))
        && !matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn)
    {
        return match super::class::rich_compare(vm, op, a, b)? {
            Some(r) => Ok(r),
            None => match op {
                CmpOp::Eq => Ok(Value::Bool(is(a, b))),
                CmpOp::NotEq => Ok(Value::Bool(!is(a, b))),
                _ => Err(not_supported(op, a, b)),
            },
        };
    }
    Ok(Value::Bool(match op {
        CmpOp::Eq => eq(vm, a, b)?,
        CmpOp::NotEq => !eq(vm, a, b)?,
        CmpOp::Is => is(a, b),
        CmpOp::IsNot => !is(a, b),
        CmpOp::In => contains(vm, b, a)?,
        CmpOp::NotIn => !contains(vm, b, a)?,
        _ => order(vm, op, a, b)?,
    }))
}

/// `item in container`.
pub fn contains(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    match container {
        Value::List(l) => {
            let mut i = 0;
            loop {
                let Some(x) = l.items.borrow().get(i).cloned() else {
                    return Ok(false);
                };
                if same_or_eq(vm, &x, item)? {
                    return Ok(true);
                }
                i += 1;
            }
        }
        Value::Tuple(t) => contains_in(vm, &t.items, item),
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.s.contains(sub.s.as_str())),
            _ => Err(type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                type_name_static(item)
            ))),
        },
        Value::Dict(d) | Value::MappingProxy(d) => Ok(d.get(vm, item)?.is_some()),
        Value::Set(s) | Value::FrozenSet(s) => match item {
            // CPython looks a set up as the equal frozenset.
            Value::Set(inner) => {
                let frozen = inner.copy();
                s.contains(vm, &Value::FrozenSet(Rc::new(frozen)))
            }
            _ => s.contains(vm, item),
        },
        Value::Range(r) => Ok(range_position(r, item).is_some()),
        Value::DictView(v) => match v.kind {
            DictIterKind::Keys => Ok(v.dict.get(vm, item)?.is_some()),
            _ => contains_in(vm, &view_items(v), item),
        },
        Value::Bytes(b) => match small_int(item) {
            Some(i) => Ok(b.iter().any(|&x| x as i64 == i)),
            None => Err(type_error("a bytes-like object is required")),
        },
        Value::Iterator(_) | Value::Generator(_) => {
            while let Some(x) = next(vm, container)? {
                if same_or_eq(vm, &x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        // A class's `__contains__`, else a search through its iteration.
        _ if super::class::is_user(container) => {
            if super::class::disabled(container, "__contains__") {
                return Err(type_error(format!(
                    "'{}' object is not a container",
                    type_name_static(container)
                )));
            }
            let found =
                super::class::call_special(vm, container, "__contains__", vec![item.clone()])?;
            if let Some(r) = found {
                return truthy(vm, &r);
            }
            let it = iter(vm, container).map_err(|e| {
                if e.class.name != "TypeError" {
                    return e;
                }
                type_error(format!(
                    "argument of type '{}' is not iterable",
                    type_name_static(container)
                ))
            })?;
            while let Some(x) = next(vm, &it)? {
                if same_or_eq(vm, &x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(type_error(format!(
            "argument of type '{}' is not iterable",
            type_name_static(container)
        ))),
    }
}

/// Where `item` is in `r`, if it is: ints by arithmetic; a float equal to an int, as
/// CPython's search by `==` finds it; anything else is in no range.
pub fn range_position(r: &PyRange, item: &Value) -> Option<num_bigint::BigInt> {
    if let (PyRange::Small { start, stop, step }, Some(i)) = (r, small_int(item)) {
        let (start, stop, step, i) = (*start as i128, *stop as i128, *step as i128, i as i128);
        let inside = match step > 0 {
            true => i >= start && i < stop,
            false => i <= start && i > stop,
        };
        return match inside && (i - start) % step == 0 {
            true => Some(((i - start) / step).into()),
            false => None,
        };
    }
    let x: num_bigint::BigInt = match item {
        Value::Int(_) | Value::Bool(_) => small_int(item)?.into(),
        Value::BigInt(b) => (**b).clone(),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 => {
            num_traits::FromPrimitive::from_f64(*f)?
        }
        _ => return None,
    };
    r.position(&x)
}

// ---------------------------------------------------------------------------------------
// repr and str
// ---------------------------------------------------------------------------------------

/// CPython 3.11 refuses to convert ints of more than 4300 decimal digits to text.
pub const INT_MAX_STR_DIGITS: usize = 4300;

pub fn int_too_long_error() -> Rc<PyException> {
    value_error(format!(
        "Exceeds the limit ({} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        INT_MAX_STR_DIGITS
    ))
}

/// What CPython's `RecursionError` says when a repr (or a str) nests too deep.
pub(crate) const IN_REPR: &str = " while getting the repr of an object";
pub(crate) const IN_STR: &str = " while getting the str of an object";

/// `repr(v)`: CPython's `PyObject_Repr`.
pub fn repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let mut out = String::new();
    repr_into(vm, v, &mut out)?;
    Ok(out)
}

/// `str(v)`: CPython's `PyObject_Str`. A container's str is its repr, taking one level of
/// depth here and one per member inside, as in CPython.
pub fn str(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.s.clone()),
        _ if is_leaf(v) => repr(vm, v),
        _ => vm.nested(IN_STR, |vm| {
            let mut out = String::new();
            match v {
                _ if super::class::find_special(v, "__str__").is_some() => {
                    return match super::class::call_special(vm, v, "__str__", Vec::new())? {
                        Some(Value::Str(s)) => Ok(s.s.clone()),
                        Some(other) => Err(type_error(format!(
                            "__str__ returned non-string (type {})",
                            type_name_static(&other)
                        ))),
                        None => Ok(String::new()),
                    };
                }
                Value::Exception(e) => return exception_str(vm, e),
                // A mappingproxy's `__str__` is its mapping's.
                Value::MappingProxy(d) => repr_body(vm, &Value::Dict(d.clone()), &mut out)?,
                // A queue's `__str__` leaves out its address.
                Value::Sync(s) if matches!(&**s, super::aiosync::Sync::Queue(_)) => {
                    guarded(vm, identity(v), "...", &mut out, |vm, out| {
                        out.push_str(&super::aiosync::sync_repr(vm, s, None)?);
                        Ok(())
                    })?
                }
                _ => repr_body(vm, v, &mut out)?,
            }
            Ok(out)
        }),
    }
}

/// `str(e)`: the message, the lone argument, or the tuple of arguments.
pub fn exception_str(vm: &mut Vm, e: &PyException) -> PyResult<String> {
    let args = e.args.borrow().clone();
    match args.len() {
        0 => Ok(String::new()),
        1 if super::types::exception_matches(e, "KeyError") => repr(vm, &args[0]),
        // `OSError(errno, strerror[, filename, ...])`, e.g. the `BrokenPipeError` a write to
        // a closed pipe raises: CPython shows `[Errno 32] Broken pipe`.
        _ if e.os.is_some() => {
            let os = e.os.as_deref().expect("checked");
            let mut out = format!("[Errno {}] {}", str(vm, &os.errno)?, str(vm, &os.strerror)?);
            if !matches!(os.filename, Value::None) {
                out.push_str(&format!(": {}", repr(vm, &os.filename)?));
                if !matches!(os.filename2, Value::None) {
                    out.push_str(&format!(" -> {}", repr(vm, &os.filename2)?));
                }
            }
            Ok(out)
        }
        1 => str(vm, &args[0]),
        5 if e.class.name == "UnicodeEncodeError" => unicode_encode_error_str(vm, &args),
        _ => repr(vm, &Value::tuple(args)),
    }
}

/// `str(UnicodeEncodeError(encoding, text, start, end, reason))` as CPython words it:
/// one character is named by its escape, a run by its positions.
fn unicode_encode_error_str(vm: &mut Vm, args: &[Value]) -> PyResult<String> {
    let (Value::Str(encoding), Value::Str(text), Value::Int(start), Value::Int(end)) =
        (&args[0], &args[1], &args[2], &args[3])
    else {
        return repr(vm, &Value::tuple(args.to_vec()));
    };
    let reason = str(vm, &args[4])?;
    let one = usize::try_from(*start)
        .ok()
        .filter(|_| *end == *start + 1)
        .and_then(|i| text.s.chars().nth(i));
    Ok(match one {
        Some(c) => {
            let n = crate::pyrepr::code_point(c);
            let escape = match n {
                0..=0xff => format!("\\x{n:02x}"),
                0x100..=0xffff => format!("\\u{n:04x}"),
                _ => format!("\\U{n:08x}"),
            };
            format!(
                "'{}' codec can't encode character '{escape}' in position {start}: {reason}",
                encoding.s
            )
        }
        None => format!(
            "'{}' codec can't encode characters in position {start}-{}: {reason}",
            encoding.s,
            end - 1
        ),
    })
}

/// `origin[index]`: a tuple index gives the arguments (`dict[str, int]`).
fn generic_alias(origin: Value, index: &Value) -> Value {
    let args = match index {
        Value::Tuple(t) => t.items.to_vec(),
        other => vec![other.clone()],
    };
    Value::Alias(Rc::new(PyAlias::Generic { origin, args }))
}

/// `a | b` of types, `None` and aliases: a `types.UnionType` of their members, flattened,
/// without repeats; a single member is itself (`int | int` is `int`). `None` otherwise,
/// when either side is not a type expression.
pub fn type_union(a: &Value, b: &Value) -> Option<Value> {
    let members = |v: &Value| -> Option<Vec<Value>> {
        match v {
            Value::Type(_) => Some(vec![v.clone()]),
            Value::None => Some(vec![Value::Type(super::types::builtin_type(
                TypeKind::NoneType,
            ))]),
            Value::Alias(a) => match &**a {
                PyAlias::Union(ms) => Some(ms.clone()),
                PyAlias::Generic { .. } => Some(vec![v.clone()]),
            },
            _ => None,
        }
    };
    let (mut all, more) = (members(a)?, members(b)?);
    for m in more {
        // Members are classes or aliases: identity is enough to see a repeat of a class,
        // and two equal aliases are rare enough to be kept twice.
        if !all.iter().any(|x| is(x, &m)) {
            all.push(m);
        }
    }
    Some(match all.len() {
        1 => all.pop().unwrap_or_default(),
        _ => Value::Alias(Rc::new(PyAlias::Union(all))),
    })
}

/// How `typing` shows a member of a type expression: a builtin class by its name, another
/// by module and name, `NoneType` as `None`, `...` as `...`, anything else by its repr.
fn type_expr_repr(vm: &mut Vm, v: &Value, out: &mut String) -> PyResult<()> {
    match v {
        Value::Type(t) if t.name == "NoneType" => out.push_str("None"),
        Value::Type(t) => out.push_str(&super::types::qualified_name(t.name)),
        Value::Ellipsis => out.push_str("..."),
        _ => repr_into(vm, v, out)?,
    }
    Ok(())
}

/// `list[int]`, `tuple[()]`, `int | None`.
fn alias_repr(vm: &mut Vm, a: &PyAlias, out: &mut String) -> PyResult<()> {
    match a {
        PyAlias::Generic { origin, args } => {
            type_expr_repr(vm, origin, out)?;
            out.push('[');
            if args.is_empty() {
                out.push_str("()");
            }
            for (i, x) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                type_expr_repr(vm, x, out)?;
            }
            out.push(']');
        }
        PyAlias::Union(ms) => {
            for (i, m) in ms.iter().enumerate() {
                if i > 0 {
                    out.push_str(" | ");
                }
                type_expr_repr(vm, m, out)?;
            }
        }
    }
    Ok(())
}

/// `repr(v)` for tests and `Debug`, on a scratch machine: a running program's reprs go
/// through `repr`, on its own `Vm`.
pub fn repr_value(v: &Value) -> String {
    let mut vm = Vm::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
    repr(&mut vm, v).unwrap_or_else(|e| format!("<repr failed: {}>", e.class.name))
}

/// `str(e)` for tests and `Debug` (see `repr_value`).
pub fn exception_str_value(e: &PyException) -> String {
    let mut vm = Vm::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
    exception_str(&mut vm, e).unwrap_or_else(|e| format!("<str failed: {}>", e.class.name))
}

/// Values that hold no other value: their repr takes no level of depth, and their end
/// cannot be seen.
#[inline(always)]
pub(crate) fn is_leaf(v: &Value) -> bool {
    matches!(
        v,
        Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::BigInt(_)
            | Value::Float(_)
            | Value::Str(_)
            | Value::Bytes(_)
            | Value::Range(_)
            | Value::Ellipsis
    )
}

fn repr_seq(
    vm: &mut Vm,
    items: &[Value],
    open: &str,
    close: &str,
    out: &mut String,
) -> PyResult<()> {
    out.push_str(open);
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        repr_into(vm, x, out)?;
    }
    out.push_str(close);
    Ok(())
}

/// CPython's `Py_ReprEnter`: runs `f` unless `id` is already being printed further out,
/// in which case prints `busy` (`l.append(l)` prints `[[...]]`).
fn guarded(
    vm: &mut Vm,
    id: usize,
    busy: &str,
    out: &mut String,
    f: impl FnOnce(&mut Vm, &mut String) -> PyResult<()>,
) -> PyResult<()> {
    if vm.repr_active.contains(&id) {
        out.push_str(busy);
        return Ok(());
    }
    vm.repr_active.push(id);
    let r = f(vm, out);
    vm.repr_active.pop();
    r
}

pub fn addr(v: &Value) -> String {
    format!("0x{:012x}", identity(v))
}

/// The name a user function was defined with (lambdas: `<lambda>`).
pub fn function_name(f: &super::function::PyFunction) -> String {
    f.qualname_value().s.clone()
}

/// Appends `repr(v)` to `out`: CPython's `PyObject_Repr`, which takes one level of depth
/// for a value whose repr shows other values (`Vm::nested`).
pub fn repr_into(vm: &mut Vm, v: &Value, out: &mut String) -> PyResult<()> {
    if is_leaf(v) {
        return repr_body(vm, v, out);
    }
    vm.nested(IN_REPR, |vm| repr_body(vm, v, out))
}

/// The repr of each type (its `tp_repr`), appended to `out`.
fn repr_body(vm: &mut Vm, v: &Value, out: &mut String) -> PyResult<()> {
    match v {
        Value::None => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Int(i) => {
            let _ = write!(out, "{}", i);
        }
        Value::BigInt(b) => {
            let text = b.to_string();
            if b.bits() > 14000 && text.trim_start_matches('-').len() > INT_MAX_STR_DIGITS {
                return Err(int_too_long_error());
            }
            out.push_str(&text);
        }
        Value::Float(f) => out.push_str(&float_repr(*f)),
        Value::Str(s) => str_repr_into(&s.s, out),
        Value::List(l) => guarded(vm, identity(v), "[...]", out, |vm, out| {
            let items = l.items.borrow().clone();
            repr_seq(vm, &items, "[", "]", out)
        })?,
        Value::Tuple(t) => {
            if t.items.len() == 1 {
                out.push('(');
                repr_into(vm, &t.items[0], out)?;
                out.push_str(",)");
            } else {
                repr_seq(vm, &t.items, "(", ")", out)?
            }
        }
        Value::MappingProxy(d) => {
            out.push_str("mappingproxy(");
            repr_into(vm, &Value::Dict(d.clone()), out)?;
            out.push(')');
        }
        Value::Dict(d) => guarded(vm, identity(v), "{...}", out, |vm, out| {
            let pairs = d.pairs();
            out.push('{');
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr_into(vm, k, out)?;
                out.push_str(": ");
                repr_into(vm, v, out)?;
            }
            out.push('}');
            Ok(())
        })?,
        Value::Set(s) => {
            if s.is_empty() {
                out.push_str("set()");
            } else {
                guarded(vm, identity(v), "{...}", out, |vm, out| {
                    repr_seq(vm, &set_order(s), "{", "}", out)
                })?;
            }
        }
        Value::FrozenSet(s) => {
            if s.is_empty() {
                out.push_str("frozenset()");
            } else {
                repr_seq(vm, &set_order(s), "frozenset({", "})", out)?;
            }
        }
        Value::Bytes(b) => bytes_repr_into(b, out),
        Value::Range(r) => {
            let (start, stop, step) = r.bounds();
            if step == 1.into() {
                let _ = write!(out, "range({}, {})", start, stop);
            } else {
                let _ = write!(out, "range({}, {}, {})", start, stop, step);
            }
        }
        Value::Slice(s) => {
            out.push_str("slice(");
            repr_into(vm, &s.start, out)?;
            out.push_str(", ");
            repr_into(vm, &s.stop, out)?;
            out.push_str(", ");
            repr_into(vm, &s.step, out)?;
            out.push(')');
        }
        Value::Function(f) => {
            let _ = write!(out, "<function {} at {}>", function_name(f), addr(v));
        }
        // `site`'s `Quitter` objects say how to leave the interactive prompt.
        Value::Builtin(_) if super::class::is_not_implemented(v) => out.push_str("NotImplemented"),
        Value::Builtin(b) if b.name == "exit" || b.name == "quit" => {
            let _ = write!(out, "Use {}() or Ctrl-D (i.e. EOF) to exit", b.name);
        }
        Value::Builtin(b) => {
            let _ = write!(out, "<built-in function {}>", b.name);
        }
        Value::BoundMethod(m) => match &m.receiver {
            Value::Type(t) => {
                let _ = write!(out, "<method '{}' of '{}' objects>", m.name.s, t.name);
            }
            Value::Module(md) => {
                let _ = write!(out, "<built-in function {}>", m.name.s);
                let _ = md;
            }
            r => {
                let _ = write!(
                    out,
                    "<built-in method {} of {} object at {}>",
                    m.name.s,
                    type_name_static(r),
                    addr(r)
                );
            }
        },
        Value::Type(t) => {
            let _ = write!(out, "<class '{}'>", super::class::qualified_class_name(t));
        }
        _ if super::class::is_user(v) => match super::class::find_special(v, "__repr__") {
            Some(_) => {
                let r = super::class::call_special(vm, v, "__repr__", Vec::new())?;
                match r {
                    Some(Value::Str(s)) => out.push_str(&s.s),
                    Some(other) => {
                        return Err(type_error(format!(
                            "__repr__ returned non-string (type {})",
                            type_name_static(&other)
                        )))
                    }
                    None => {}
                }
            }
            None => out.push_str(&super::class::default_repr(vm, v)?),
        },
        Value::Exception(_) => exception_repr_into(vm, v, out)?,
        Value::Instance(_) => out.push_str(&super::class::default_repr(vm, v)?),
        Value::Method(m) => out.push_str(&super::class::method_repr(vm, m)?),
        Value::Descriptor(d) => out.push_str(&super::class::descriptor_repr(vm, v, d)?),
        Value::Super(sup) => {
            let _ = write!(
                out,
                "<super: <class '{}'>, <{} object>>",
                sup.this.name,
                type_name_static(&sup.obj)
            );
        }
        Value::Module(m) => {
            let _ = write!(out, "<module '{}' (built-in)>", m.name);
        }
        Value::Iterator(_) => {
            let _ = write!(out, "<{} object at {}>", type_of(v).name, addr(v));
        }
        Value::Generator(g) => {
            let _ = write!(out, "<{} object {} at {}>", g.what(), g.qualname(), addr(v));
        }
        // `reprlib.recursive_repr()`, as on CPython's `Future.__repr__`: a future whose
        // result or waiter leads back to itself shows `...` there.
        Value::Future(f) => guarded(vm, identity(v), "...", out, |vm, out| {
            out.push_str(&super::asyncio::task_repr(vm, f)?);
            Ok(())
        })?,
        // A queue shows its items, and a handle its callback's arguments, which may lead
        // back to them: `...` there.
        Value::Sync(s) => guarded(vm, identity(v), "...", out, |vm, out| {
            out.push_str(&super::aiosync::sync_repr(vm, s, Some(&addr(v)))?);
            Ok(())
        })?,
        Value::Awaitable(a) => {
            let what = super::asyncio::awaitable_type_name(a);
            match &**a {
                super::asyncio::Awaitable::Sleep(_) | super::asyncio::Awaitable::Native(_) => {
                    let _ = write!(out, "<coroutine object {} at {}>", a.qualname(), addr(v));
                }
                _ => {
                    let _ = write!(out, "<{what} object at {}>", addr(v));
                }
            }
        }
        Value::Ellipsis => out.push_str("Ellipsis"),
        Value::Alias(a) => alias_repr(vm, a, out)?,
        Value::DictView(d) => {
            let name = type_of(v).name;
            guarded(
                vm,
                identity(&Value::Dict(d.dict.clone())),
                "...",
                out,
                |vm, out| {
                    out.push_str(name);
                    repr_seq(vm, &view_items(d), "([", "])", out)
                },
            )?
        }
        Value::Cell(_) => out.push_str("<cell>"),
        Value::Completion(_) => out.push_str("<completion>"),
    }
    Ok(())
}

/// `BaseException.__repr__`: `NotFound('key')`, the class's name and the arguments.
pub fn exception_repr_into(vm: &mut Vm, v: &Value, out: &mut String) -> PyResult<()> {
    let Value::Exception(e) = v else {
        return Ok(());
    };
    out.push_str(e.class.name);
    let args = e.args.borrow().clone();
    if args.len() == 1 {
        out.push('(');
        repr_into(vm, &args[0], out)?;
        out.push(')');
    } else {
        repr_seq(vm, &args, "(", ")", out)?;
    }
    Ok(())
}

/// The members of a dict view, materialized (items as 2-tuples).
pub fn view_items(v: &DictView) -> Vec<Value> {
    let m = v.dict.map.borrow();
    match v.kind {
        DictIterKind::Keys => m.keys().map(|k| k.value.clone()).collect(),
        DictIterKind::Values => m.values().cloned().collect(),
        DictIterKind::Items => m
            .iter()
            .map(|(k, v)| Value::tuple(vec![k.value.clone(), v.clone()]))
            .collect(),
    }
}

/// The order in which CPython 3.11 would iterate this set (see `PySet`).
pub fn set_order(s: &PySet) -> Vec<Value> {
    s.ordered()
}

// ---------------------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------------------

/// The `AttributeError` of a failed read: it keeps what the name was looked for in, for
/// the "Did you mean" of its report (a failed read is the one failure CPython gives a
/// name and an object to; a failed store or `del` has none).
fn no_attribute(v: &Value, name: &str) -> Rc<PyException> {
    let owner = super::suggest::owner_of(v);
    with_hint(no_attribute_to_set(v, name), owner, name)
}

/// `'list' object has no attribute 'appendd'`, from a method call (`[].appendd(1)`)
/// whose method the receiver's type does not have (see `no_attribute`).
pub(crate) fn no_attribute_of(receiver: &Value, name: &str) -> Rc<PyException> {
    no_attribute(receiver, name)
}

fn with_hint(e: Rc<PyException>, owner: AttrOwner, name: &str) -> Rc<PyException> {
    *e.hint.borrow_mut() = Some(Hint::Attribute {
        owner,
        name: name.into(),
    });
    e
}

/// The `AttributeError` message for `v.name`, without a hint (a failed store).
fn no_attribute_to_set(v: &Value, name: &str) -> Rc<PyException> {
    match v {
        Value::Module(m) => {
            attribute_error(format!("module '{}' has no attribute '{}'", m.name, name))
        }
        Value::Type(t) => attribute_error(format!(
            "type object '{}' has no attribute '{}'",
            t.name, name
        )),
        _ => attribute_error(format!(
            "'{}' object has no attribute '{}'",
            type_name_static(v),
            name
        )),
    }
}

fn bound(receiver: &Value, name: &str) -> Value {
    Value::BoundMethod(Rc::new(BoundMethod {
        receiver: receiver.clone(),
        name: Rc::new(PyStr::new(name.to_string())),
    }))
}

/// `v.name`.
pub fn get_attr(vm: &mut Vm, v: &Value, name: &str) -> PyResult<Value> {
    // A class's own `__getattribute__` sees every lookup, `__class__` too.
    let custom = match v {
        Value::Instance(_) => super::class::find_special(v, "__getattribute__"),
        _ => None,
    };
    if name == "__class__" && custom.is_none() {
        return Ok(Value::Type(type_of(v)));
    }
    match v {
        Value::Instance(_) => {
            let first = match custom {
                Some(f) => {
                    let class = super::class::user_class(v).cloned();
                    let bound = super::class::bind(vm, f, Some(v), class.as_ref())?;
                    vm.call(&bound, vec![Value::str(name)], Vec::new())
                        .map(Some)
                }
                None => super::class::get_attribute(vm, v, name),
            };
            match first {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => {}
                // An AttributeError raised on the way (by a property, say) gives way to
                // `__getattr__`, as CPython's `slot_tp_getattr_hook` does.
                Err(e)
                    if super::types::exception_matches(&e, "AttributeError")
                        && super::class::find_special(v, "__getattr__").is_some() => {}
                Err(e) => return Err(e),
            }
            if let Some(found) = super::class::get_attr_fallback(vm, v, name)? {
                return Ok(found);
            }
            return Err(no_attribute(v, name));
        }
        Value::Exception(e)
            if (e.class.class.is_some() || e.dict.borrow().is_some())
                && !matches!(
                    name,
                    "args" | "__cause__" | "__context__" | "__suppress_context__" | "__traceback__"
                ) =>
        {
            if let Some(found) = super::class::get_attribute(vm, v, name)? {
                return Ok(found);
            }
            if let Some(d) = e.dict.borrow().clone() {
                if let Some(found) = d.get_str(name) {
                    return Ok(found);
                }
            }
        }
        Value::Type(t) if t.class.is_some() => {
            if let Some(found) = super::class::type_attribute(vm, t, name)? {
                return Ok(found);
            }
            return Err(no_attribute(v, name));
        }
        Value::Method(m) => match name {
            "__self__" => return Ok(m.receiver.clone()),
            "__func__" => return Ok(m.func.clone()),
            _ => {
                let f = m.func.clone();
                return get_attr(vm, &f, name);
            }
        },
        Value::Descriptor(d) => {
            return match (&**d, name) {
                (Descriptor::Property { fget, .. }, "fget") => Ok(fget.clone()),
                (Descriptor::Property { fset, .. }, "fset") => Ok(fset.clone()),
                (Descriptor::Property { fdel, .. }, "fdel") => Ok(fdel.clone()),
                (Descriptor::Property { doc, fget, .. }, "__doc__") => match doc {
                    Value::None => get_attr(vm, &fget.clone(), "__doc__").or(Ok(Value::None)),
                    d => Ok(d.clone()),
                },
                (Descriptor::Property { .. }, "getter" | "setter" | "deleter") => {
                    Ok(bound(v, name))
                }
                (
                    Descriptor::StaticMethod(f) | Descriptor::ClassMethod(f),
                    "__func__" | "__wrapped__",
                ) => Ok(f.clone()),
                _ => Err(no_attribute(v, name)),
            }
        }
        Value::Super(sup) => return super::class::super_attribute(vm, sup, name),
        _ => {}
    }
    match v {
        Value::Module(m) => {
            if let Some(x) = m.get(name) {
                return Ok(x);
            }
            if name == "__name__" {
                return Ok(Value::str(m.name));
            }
            return Err(no_attribute(v, name));
        }
        Value::Exception(e) => match name {
            "args" => return Ok(Value::tuple(e.args.borrow().clone())),
            "__cause__" => return Ok(e.cause.borrow().clone().unwrap_or_default()),
            "__context__" => return Ok(e.context.borrow().clone().unwrap_or_default()),
            "__suppress_context__" => return Ok(Value::Bool(e.suppress_context.get())),
            "__traceback__" => return Ok(Value::None),
            "value" if super::types::exception_matches(e, "StopIteration") => {
                return Ok(e.args.borrow().first().cloned().unwrap_or_default())
            }
            "code" if super::types::exception_matches(e, "SystemExit") => {
                return Ok(super::types::system_exit_code(e))
            }
            // `OSError(errno, strerror, ...)` keeps its parts when given two to five arguments.
            "errno" | "strerror" | "filename" | "filename2"
                if super::types::exception_matches(e, "OSError") =>
            {
                let Some(os) = e.os.as_deref() else {
                    return Ok(Value::None);
                };
                return Ok(match name {
                    "errno" => os.errno.clone(),
                    "strerror" => os.strerror.clone(),
                    "filename" => os.filename.clone(),
                    _ => os.filename2.clone(),
                });
            }
            "characters_written" if super::types::exception_matches(e, "BlockingIOError") => {
                return match e.os.as_deref().and_then(|os| os.characters_written) {
                    Some(n) => Ok(Value::Int(n)),
                    None => Err(super::types::new_exception(
                        "AttributeError",
                        "characters_written",
                    )),
                };
            }
            "with_traceback" | "add_note" => return Ok(bound(v, name)),
            _ => return Err(no_attribute(v, name)),
        },
        Value::Type(t) => match name {
            "__name__" | "__qualname__" => return Ok(Value::str(t.name)),
            "__module__" => return Ok(Value::str(super::types::module_of(t.name))),
            "__base__" => {
                return Ok(t.base.clone().map(Value::Type).unwrap_or_default());
            }
            "__mro__" => {
                let mut chain = Vec::new();
                let mut c = Some(t.clone());
                while let Some(x) = c {
                    c = x.base.clone();
                    chain.push(Value::Type(x));
                }
                return Ok(Value::tuple(chain));
            }
            _ => {
                // `object.__setattr__`, `BaseException.__init__`...: the native methods a
                // class of the program's reaches through its MRO.
                let natives = super::class::mro(t);
                if let Some(native) = natives
                    .iter()
                    .find_map(|c| super::class::native_method(c, name))
                {
                    return Ok(native);
                }
                if super::methods::has_method(t.kind, name)
                    || (t.kind == TypeKind::Dict && name == "fromkeys")
                {
                    return Ok(bound(v, name));
                }
                return Err(no_attribute(v, name));
            }
        },
        Value::Function(f) => {
            return super::function::get_attr(f, name).ok_or_else(|| no_attribute(v, name))
        }
        Value::Builtin(b) => match name {
            "__name__" | "__qualname__" => return Ok(Value::str(b.name)),
            "__module__" => return Ok(Value::str("builtins")),
            _ => return Err(no_attribute(v, name)),
        },
        Value::BoundMethod(m) => match name {
            "__name__" | "__qualname__" => return Ok(Value::Str(m.name.clone())),
            "__self__" => return Ok(m.receiver.clone()),
            _ => return Err(no_attribute(v, name)),
        },
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => match name {
            "real" | "numerator" => return Ok(unary_pos_int(v)),
            "imag" => return Ok(Value::Int(0)),
            "denominator" => return Ok(Value::Int(1)),
            _ => {}
        },
        Value::Float(f) => match name {
            "real" => return Ok(Value::Float(*f)),
            "imag" => return Ok(Value::Float(0.0)),
            _ => {}
        },
        Value::Slice(s) => match name {
            "start" => return Ok(s.start.clone()),
            "stop" => return Ok(s.stop.clone()),
            "step" => return Ok(s.step.clone()),
            _ => {}
        },
        Value::Sync(s) => {
            if let Some(v) = vm.sync_attr(s, name) {
                return Ok(v);
            }
        }
        Value::Generator(g) => match name {
            "__name__" => return Ok(Value::str(&*g.code.name)),
            "__qualname__" => return Ok(Value::str(g.qualname())),
            "gi_running" => return Ok(Value::Bool(g.is_running())),
            _ => {}
        },
        Value::Alias(a) => match (&**a, name) {
            (PyAlias::Generic { origin, .. }, "__origin__") => return Ok(origin.clone()),
            (PyAlias::Generic { args, .. }, "__args__") | (PyAlias::Union(args), "__args__") => {
                return Ok(Value::tuple(args.clone()))
            }
            _ => {}
        },
        Value::Range(r) => match name {
            "start" => return Ok(r.start()),
            "stop" => return Ok(r.stop()),
            "step" => return Ok(r.step()),
            _ => {}
        },
        _ => {}
    }
    if super::methods::has_method(kind_of(v), name) {
        return Ok(bound(v, name));
    }
    Err(no_attribute(v, name))
}

fn unary_pos_int(v: &Value) -> Value {
    match v {
        Value::Bool(b) => Value::Int(*b as i64),
        _ => v.clone(),
    }
}

/// `obj.name = value`.
pub fn set_attr(vm: &mut Vm, obj: &Value, name: &str, value: Value) -> PyResult<()> {
    match obj {
        // (`object()` has no dict: it falls through to the AttributeError.)
        Value::Instance(i) if i.class.class.is_some() => {
            super::class::set_attribute(vm, obj, name, value)?;
            return Ok(());
        }
        Value::Exception(e)
            if !matches!(
                name,
                "__cause__" | "__context__" | "__suppress_context__" | "args"
            ) =>
        {
            if e.class.class.is_some() {
                super::class::set_attribute(vm, obj, name, value)?;
            } else {
                e.attributes().set_str_text(name, value);
            }
            return Ok(());
        }
        Value::Exception(e) if name == "args" => {
            *e.args.borrow_mut() = collect(vm, &value)?;
            return Ok(());
        }
        Value::Type(t) if super::class::set_type_attribute(t, name, value.clone()) => {
            return Ok(());
        }
        _ => {}
    }
    match obj {
        Value::Module(m) => {
            m.set(name, value);
            Ok(())
        }
        Value::Exception(e) => match name {
            "__cause__" => {
                *e.cause.borrow_mut() = if value.is_none() { None } else { Some(value) };
                e.suppress_context.set(true);
                Ok(())
            }
            "__context__" => {
                *e.context.borrow_mut() = if value.is_none() { None } else { Some(value) };
                Ok(())
            }
            "__suppress_context__" => {
                e.suppress_context.set(truthy_value(&value));
                Ok(())
            }
            _ => Err(no_attribute_to_set(obj, name)),
        },
        Value::Function(f) => super::function::set_attr(f, name, Some(value)),
        Value::Type(t) => Err(type_error(format!(
            "cannot set '{}' attribute of immutable type '{}'",
            name, t.name
        ))),
        _ => {
            if super::methods::has_method(kind_of(obj), name) {
                Err(attribute_error(format!(
                    "'{}' object attribute '{}' is read-only",
                    type_name_static(obj),
                    name
                )))
            } else {
                Err(no_attribute_to_set(obj, name))
            }
        }
    }
}

/// `del obj.name`.
pub fn del_attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<()> {
    if super::class::is_user(obj) {
        super::class::del_attribute(vm, obj, name)?;
        return Ok(());
    }
    if let Value::Type(t) = obj {
        if super::class::del_type_attribute(t, name)? {
            return Ok(());
        }
    }
    match obj {
        Value::Function(f) => super::function::set_attr(f, name, None),
        Value::Module(m) if m.get(name).is_some() => {
            m.remove(name);
            Ok(())
        }
        // Builtin objects have no deletable attributes. (A failed `del` suggests
        // nothing, unlike a failed read.)
        _ => get_attr(vm, obj, name)
            .inspect_err(|e| *e.hint.borrow_mut() = None)
            .and_then(|_| {
                Err(attribute_error(format!(
                    "'{}' object attribute '{}' is read-only",
                    type_name(obj),
                    name
                )))
            }),
    }
}

/// Fails with CPython's AttributeError when `receiver` has no attribute `name`, without
/// allocating anything. CPython looks a method up *before* evaluating the call's
/// arguments, so `(5).foo(1 / 0)` raises AttributeError, not ZeroDivisionError: the
/// interpreter calls this first, then evaluates the arguments, then `call_method`.
pub fn check_method(vm: &mut Vm, receiver: &Value, name: &str) -> PyResult<()> {
    match receiver {
        Value::Str(_)
        | Value::List(_)
        | Value::Dict(_)
        | Value::Set(_)
        | Value::FrozenSet(_)
        | Value::Tuple(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::Bool(_)
        | Value::None => {
            if super::methods::has_method(kind_of(receiver), name) {
                Ok(())
            } else {
                get_attr(vm, receiver, name).map(|_| ())
            }
        }
        // A method found on the class and not shadowed by the instance: the call will take
        // it from there (`call_method`), with nothing to bind or evaluate now.
        Value::Instance(i) => {
            let hash = super::value::str_hash(name);
            let method = matches!(
                super::class::lookup_hashed(&i.class, name, hash),
                Some(Value::Function(_))
            );
            if method && i.dict.get_str_hashed(name, hash).is_none() {
                return Ok(());
            }
            get_attr(vm, receiver, name).map(|_| ())
        }
        _ => get_attr(vm, receiver, name).map(|_| ()),
    }
}

/// `receiver.name(*args, **kwargs)` without creating the bound method.
pub fn call_method(
    vm: &mut Vm,
    receiver: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<PyStr>, Value)>,
) -> PyResult<Value> {
    match receiver {
        Value::Module(_)
        | Value::Function(_)
        | Value::Builtin(_)
        | Value::BoundMethod(_)
        | Value::Method(_)
        | Value::Super(_) => {
            let f = get_attr(vm, receiver, name)?;
            vm.call(&f, args, kwargs)
        }
        Value::Instance(i)
            if super::class::find_special(receiver, "__getattribute__").is_some() =>
        {
            let f = get_attr(vm, receiver, name)?;
            vm.call(&f, args, kwargs)
        }
        Value::Instance(i) => {
            // A function found on the class and not shadowed by the instance's own
            // attribute is called with the instance first, without a bound method.
            let hash = super::value::str_hash(name);
            if let Some(f @ Value::Function(_)) = super::class::lookup_hashed(&i.class, name, hash)
            {
                if i.dict.get_str_hashed(name, hash).is_none() {
                    let mut full = Vec::with_capacity(args.len() + 1);
                    full.push(receiver.clone());
                    full.extend(args);
                    return vm.call(&f, full, kwargs);
                }
            }
            let f = get_attr(vm, receiver, name)?;
            vm.call(&f, args, kwargs)
        }
        Value::Exception(e) if e.class.class.is_some() => {
            let f = get_attr(vm, receiver, name)?;
            vm.call(&f, args, kwargs)
        }
        Value::Type(t) if t.class.is_some() => {
            let f = get_attr(vm, receiver, name)?;
            vm.call(&f, args, kwargs)
        }
        Value::Descriptor(d)
            if !matches!(
                (&**d, name),
                (Descriptor::Property { .. }, "getter" | "setter" | "deleter")
            ) =>
        {
            let f = get_attr(vm, receiver, name)?;
            vm.call(&f, args, kwargs)
        }
        Value::Descriptor(d) => {
            let mut args = args.into_iter();
            match (args.next(), args.next()) {
                (Some(f), None) => super::class::property_with(d, name, f),
                _ => Err(type_error(format!("{name}() takes exactly one argument"))),
            }
        }
        Value::Type(t) => {
            if t.kind == TypeKind::Dict && name == "fromkeys" {
                return super::methods::dict_fromkeys(vm, args);
            }
            let natives = super::class::mro(t);
            if let Some(native) = natives
                .iter()
                .find_map(|c| super::class::native_method(c, name))
            {
                return vm.call(&native, args, kwargs);
            }
            // An unbound method: `str.upper(s)`, `list.append(xs, 1)`.
            let mut args = args.into_iter();
            let Some(first) = args.next() else {
                return Err(type_error(format!(
                    "unbound method {}.{}() needs an argument",
                    t.name, name
                )));
            };
            let fits = match t.kind {
                TypeKind::Exception => matches!(&first, Value::Exception(_)),
                k => {
                    kind_of(&first) == k || (k == TypeKind::Int && matches!(first, Value::Bool(_)))
                }
            };
            if !fits || !super::methods::has_method(t.kind, name) {
                if !super::methods::has_method(t.kind, name) {
                    return Err(no_attribute(receiver, name));
                }
                return Err(type_error(format!(
                    "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                    name,
                    t.name,
                    type_name_static(&first)
                )));
            }
            super::methods::call(vm, &first, name, args.collect(), kwargs)
        }
        _ => super::methods::call(vm, receiver, name, args, kwargs),
    }
}

// ---------------------------------------------------------------------------------------
// Items and slices
// ---------------------------------------------------------------------------------------

/// An index operand as i64 (ints and bools), with CPython's TypeError otherwise.
pub fn to_index(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => Err(overflow_error(
            "Python int too large to convert to C ssize_t",
        )),
        _ => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name_static(v)
        ))),
    }
}

/// An item index: ints that do not fit a machine word are IndexErrors, as in CPython.
fn index_of(v: &Value) -> PyResult<i64> {
    match v {
        Value::BigInt(_) => Err(index_error("cannot fit 'int' into an index-sized integer")),
        _ => to_index(v),
    }
}

/// A slice bound: None or an int; bigints clamp.
fn slice_bound(v: &Value) -> PyResult<Option<i64>> {
    match v {
        Value::None => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(b) => Ok(Some(*b as i64)),
        Value::BigInt(b) => Ok(Some(if b.is_negative() {
            i64::MIN / 2
        } else {
            i64::MAX / 2
        })),
        _ => Err(type_error(
            "slice indices must be integers or None or have an __index__ method",
        )),
    }
}

/// CPython's `PySlice_GetIndicesEx`: (start, stop, step, length) for a sequence of `len`.
pub fn slice_indices(s: &PySlice, len: i64) -> PyResult<(i64, i64, i64, usize)> {
    let step = slice_bound(&s.step)?.unwrap_or(1);
    if step == 0 {
        return Err(value_error("slice step cannot be zero"));
    }
    let adjust = |b: Option<i64>, default: i64| -> i64 {
        match b {
            None => default,
            Some(mut x) => {
                if x < 0 {
                    x += len;
                    if x < 0 {
                        x = if step < 0 { -1 } else { 0 };
                    }
                } else if x >= len {
                    x = if step < 0 { len - 1 } else { len };
                }
                x
            }
        }
    };
    let start = adjust(slice_bound(&s.start)?, if step < 0 { len - 1 } else { 0 });
    let stop = adjust(slice_bound(&s.stop)?, if step < 0 { -1 } else { len });
    let n = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, stop, step, n as usize))
}

/// `r[s]`, another range: CPython's `compute_slice`, in ints of any size (the slice's
/// bounds are clamped to the range's length, then mapped through start and step).
fn range_slice(r: &PyRange, s: &PySlice) -> PyResult<PyRange> {
    use num_bigint::BigInt;
    let bound = |v: &Value| -> PyResult<Option<BigInt>> {
        match v {
            Value::None => Ok(None),
            Value::Int(_) | Value::Bool(_) => Ok(Some(small_int(v).unwrap_or(0).into())),
            Value::BigInt(b) => Ok(Some((**b).clone())),
            _ => Err(type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    };
    let step = bound(&s.step)?.unwrap_or_else(|| 1.into());
    if step.sign() == num_bigint::Sign::NoSign {
        return Err(value_error("slice step cannot be zero"));
    }
    let len = r.len_big();
    let (lower, upper) = match step.is_negative() {
        true => (BigInt::from(-1), &len - 1u8),
        false => (BigInt::from(0), len.clone()),
    };
    let clamp = |b: Option<BigInt>, default: &BigInt| -> BigInt {
        match b {
            None => default.clone(),
            Some(mut x) => {
                if x.is_negative() {
                    x += &len;
                    if x < lower {
                        x = lower.clone();
                    }
                } else if x > upper {
                    x = upper.clone();
                }
                x
            }
        }
    };
    let (first, last) = match step.is_negative() {
        true => (&upper, &lower),
        false => (&lower, &upper),
    };
    let start = clamp(bound(&s.start)?, first);
    let stop = clamp(bound(&s.stop)?, last);
    let (r_start, _, r_step) = r.bounds();
    Ok(PyRange::new(
        &r_start + start * &r_step,
        &r_start + stop * &r_step,
        step * r_step,
    ))
}

fn slice_pick<T: Clone>(items: &[T], s: &PySlice) -> PyResult<Vec<T>> {
    let (start, _, step, n) = slice_indices(s, items.len() as i64)?;
    if step == 1 {
        return Ok(items[start as usize..start as usize + n].to_vec());
    }
    Ok((0..n)
        .map(|k| items[(start + k as i64 * step) as usize].clone())
        .collect())
}

/// Normalizes a possibly negative index; None when out of range.
fn norm_index(i: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let j = if i < 0 { i + len } else { i };
    if j >= 0 && j < len {
        Some(j as usize)
    } else {
        None
    }
}

fn indices_error(v: &Value, index: &Value) -> Rc<PyException> {
    if let Value::Str(_) = v {
        return type_error(format!(
            "string indices must be integers, not '{}'",
            type_name_static(index)
        ));
    }
    type_error(format!(
        "{} indices must be integers or slices, not {}",
        type_name_static(v),
        type_name_static(index)
    ))
}

/// The i-th code point of a str as a new str.
fn str_char_at(s: &PyStr, i: i64) -> PyResult<Value> {
    let n = s.char_len();
    let Some(j) = norm_index(i, n) else {
        return Err(index_error("string index out of range"));
    };
    if s.is_ascii {
        return Ok(Value::str(&s.s[j..j + 1]));
    }
    Ok(Value::str(
        s.s.chars().nth(j).map(String::from).unwrap_or_default(),
    ))
}

/// `obj[index]`.
pub fn get_item(vm: &mut Vm, obj: &Value, index: &Value) -> PyResult<Value> {
    match (obj, index) {
        (Value::List(l), Value::Int(i)) => {
            let items = l.items.borrow();
            match norm_index(*i, items.len()) {
                Some(j) => Ok(items[j].clone()),
                None => Err(index_error("list index out of range")),
            }
        }
        (Value::Tuple(t), Value::Int(i)) => match norm_index(*i, t.items.len()) {
            Some(j) => Ok(t.items[j].clone()),
            None => Err(index_error("tuple index out of range")),
        },
        (Value::Dict(d) | Value::MappingProxy(d), _) => match d.get(vm, index)? {
            Some(v) => Ok(v),
            None => Err(key_error(index.clone())),
        },
        (Value::Str(s), Value::Int(i)) => str_char_at(s, *i),
        (
            Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::Range(_),
            Value::Slice(s),
        ) if slice_has_index_objects(s) => {
            let s = slice_through_index(vm, s)?;
            get_item(vm, obj, &s)
        }
        (Value::List(l), Value::Slice(s)) => Ok(Value::list(slice_pick(&l.items.borrow(), s)?)),
        (Value::Tuple(t), Value::Slice(s)) => Ok(Value::tuple(slice_pick(&t.items, s)?)),
        (Value::Str(st), Value::Slice(s)) => {
            if st.is_ascii {
                let b = slice_pick(st.s.as_bytes(), s)?;
                Ok(Value::str(String::from_utf8(b).unwrap_or_default()))
            } else {
                let chars: Vec<char> = st.s.chars().collect();
                Ok(Value::str(
                    slice_pick(&chars, s)?.into_iter().collect::<String>(),
                ))
            }
        }
        (Value::Bytes(b), Value::Slice(s)) => Ok(Value::Bytes(Rc::new(slice_pick(b, s)?))),
        (Value::Bytes(b), _) if small_int(index).is_some() => {
            match norm_index(small_int(index).unwrap_or(0), b.len()) {
                Some(j) => Ok(Value::Int(b[j] as i64)),
                None => Err(index_error("index out of range")),
            }
        }
        (Value::Range(r), Value::Slice(s)) => Ok(Value::Range(Rc::new(range_slice(r, s)?))),
        (Value::Range(r), Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
            if let (PyRange::Small { start, step, .. }, Some(i)) = (&**r, small_int(index)) {
                let len = r.len()?;
                let j = if i < 0 { i.saturating_add(len) } else { i };
                if j < 0 || j >= len {
                    return Err(index_error("range object index out of range"));
                }
                return Ok(Value::Int(start + j * step));
            }
            let mut i: num_bigint::BigInt = match index {
                Value::BigInt(b) => (**b).clone(),
                _ => small_int(index).unwrap_or(0).into(),
            };
            let len = r.len_big();
            if i.is_negative() {
                i += &len;
            }
            if i.is_negative() || i >= len {
                return Err(index_error("range object index out of range"));
            }
            Ok(r.item(&i))
        }
        (Value::List(_) | Value::Tuple(_) | Value::Str(_), Value::Bool(b)) => {
            get_item(vm, obj, &Value::Int(*b as i64))
        }
        (Value::List(_) | Value::Tuple(_) | Value::Str(_), Value::BigInt(_)) => {
            Err(index_error("cannot fit 'int' into an index-sized integer"))
        }
        (
            Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_) | Value::Bytes(_),
            _,
        ) => match super::class::index(vm, index)? {
            Some(i) => get_item(vm, obj, &i),
            None => Err(indices_error(obj, index)),
        },
        // `list[int]`, `asyncio.Queue[int]`: the classes with a `__class_getitem__`.
        (Value::Type(t), _)
            if matches!(
                t.kind,
                TypeKind::List
                    | TypeKind::Dict
                    | TypeKind::Tuple
                    | TypeKind::Set
                    | TypeKind::FrozenSet
                    | TypeKind::Type
                    | TypeKind::Enumerate
                    | TypeKind::DictKeys
                    | TypeKind::DictValues
                    | TypeKind::DictItems
                    | TypeKind::Future
                    | TypeKind::Task
                    | TypeKind::Queue
            ) =>
        {
            Ok(generic_alias(obj.clone(), index))
        }
        // `list[int][...]` substitutes type variables, which peel does not have.
        (Value::Alias(a), _) if matches!(&**a, PyAlias::Generic { .. }) => Err(type_error(
            format!("{} is not a generic class", repr(vm, obj)?),
        )),
        // A class of the program's: its `__class_getitem__`.
        (Value::Type(t), _) => match super::class::lookup(t, "__class_getitem__") {
            Some(f) if t.class.is_some() => {
                let bound = super::class::bind(vm, f, None, Some(t))?;
                vm.call(&bound, vec![index.clone()], Vec::new())
            }
            _ => Err(type_error(format!(
                "type '{}' is not subscriptable",
                t.name
            ))),
        },
        _ => match super::class::call_special(vm, obj, "__getitem__", vec![index.clone()])? {
            Some(v) => Ok(v),
            None => Err(type_error(format!(
                "'{}' object is not subscriptable",
                type_name_static(obj)
            ))),
        },
    }
}

/// Does a slice have a bound of a program's class (one that may have `__index__`)?
fn slice_has_index_objects(s: &PySlice) -> bool {
    [&s.start, &s.stop, &s.step]
        .into_iter()
        .any(super::class::is_user)
}

/// The slice with each bound of a program's class replaced by its `__index__()` (what
/// CPython's `_PyEval_SliceIndex` asks of a builtin sequence's slice); a bound without
/// one stays, for `slice_bound`'s TypeError.
fn slice_through_index(vm: &mut Vm, s: &PySlice) -> PyResult<Value> {
    let mut bound = |v: &Value| -> PyResult<Value> {
        Ok(super::class::index(vm, v)?.unwrap_or_else(|| v.clone()))
    };
    Ok(Value::Slice(Rc::new(PySlice {
        start: bound(&s.start)?,
        stop: bound(&s.stop)?,
        step: bound(&s.step)?,
    })))
}

/// `obj[index] = value`.
pub fn set_item(vm: &mut Vm, obj: &Value, index: &Value, value: Value) -> PyResult<()> {
    match (obj, index) {
        (Value::List(l), Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
            let i = index_of(index)?;
            let mut items = l.items.borrow_mut();
            let n = items.len();
            match norm_index(i, n) {
                Some(j) => {
                    items[j] = value;
                    Ok(())
                }
                None => Err(index_error("list assignment index out of range")),
            }
        }
        (Value::Dict(d), _) => d.set(vm, index.clone(), value),
        (Value::List(_), Value::Slice(s)) if slice_has_index_objects(s) => {
            let s = slice_through_index(vm, s)?;
            set_item(vm, obj, &s, value)
        }
        (Value::List(l), Value::Slice(s)) => {
            let new: Vec<Value> = match &value {
                Value::List(x) if Rc::ptr_eq(x, l) => x.items.borrow().clone(),
                _ => collect(vm, &value).map_err(|e| {
                    if e.class.name == "TypeError" {
                        type_error("can only assign an iterable")
                    } else {
                        e
                    }
                })?,
            };
            let mut items = l.items.borrow_mut();
            let (start, stop, step, n) = slice_indices(s, items.len() as i64)?;
            if step == 1 {
                let stop = stop.max(start) as usize;
                items.splice(start as usize..stop, new);
                return Ok(());
            }
            if new.len() != n {
                return Err(value_error(format!(
                    "attempt to assign sequence of size {} to extended slice of size {}",
                    new.len(),
                    n
                )));
            }
            for (k, v) in new.into_iter().enumerate() {
                items[(start + k as i64 * step) as usize] = v;
            }
            Ok(())
        }
        (Value::List(_), _) => match super::class::index(vm, index)? {
            Some(i) => set_item(vm, obj, &i, value),
            None => Err(indices_error(obj, index)),
        },
        _ => {
            match super::class::call_special(vm, obj, "__setitem__", vec![index.clone(), value])? {
                Some(_) => Ok(()),
                None => Err(type_error(format!(
                    "'{}' object does not support item assignment",
                    type_name_static(obj)
                ))),
            }
        }
    }
}

/// `del obj[index]`.
pub fn del_item(vm: &mut Vm, obj: &Value, index: &Value) -> PyResult<()> {
    match (obj, index) {
        (Value::List(l), Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
            let i = index_of(index)?;
            let mut items = l.items.borrow_mut();
            let n = items.len();
            match norm_index(i, n) {
                Some(j) => {
                    items.remove(j);
                    Ok(())
                }
                None => Err(index_error("list assignment index out of range")),
            }
        }
        (Value::List(_), Value::Slice(s)) if slice_has_index_objects(s) => {
            let s = slice_through_index(vm, s)?;
            del_item(vm, obj, &s)
        }
        (Value::List(l), Value::Slice(s)) => {
            let mut items = l.items.borrow_mut();
            let (start, _, step, n) = slice_indices(s, items.len() as i64)?;
            let mut doomed: Vec<usize> =
                (0..n).map(|k| (start + k as i64 * step) as usize).collect();
            doomed.sort_unstable();
            for j in doomed.into_iter().rev() {
                items.remove(j);
            }
            Ok(())
        }
        (Value::Dict(d), _) => match d.remove(vm, index)? {
            Some(_) => Ok(()),
            None => Err(key_error(index.clone())),
        },
        (Value::List(_), _) => match super::class::index(vm, index)? {
            Some(i) => del_item(vm, obj, &i),
            None => Err(indices_error(obj, index)),
        },
        // The one builtin mapping without `__delitem__` that words it so.
        (Value::MappingProxy(_), _) => Err(type_error(
            "'mappingproxy' object does not support item deletion",
        )),
        _ => match super::class::call_special(vm, obj, "__delitem__", vec![index.clone()])? {
            Some(_) => Ok(()),
            None => Err(type_error(format!(
                "'{}' object doesn't support item deletion",
                type_name_static(obj)
            ))),
        },
    }
}

// ---------------------------------------------------------------------------------------
// Iteration
// ---------------------------------------------------------------------------------------

/// `iter(v)`.
pub fn iter(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let state = match v {
        Value::List(l) => IterState::List {
            list: l.clone(),
            index: 0,
        },
        Value::Tuple(t) => IterState::Tuple {
            tuple: t.clone(),
            index: 0,
        },
        Value::Str(s) => IterState::Str {
            s: s.clone(),
            byte_index: 0,
        },
        Value::Range(r) => r.iter_state(false),
        Value::Dict(d) | Value::MappingProxy(d) => IterState::Dict {
            dict: d.clone(),
            index: 0,
            kind: DictIterKind::Keys,
            len_at_start: d.len(),
        },
        Value::DictView(dv) => IterState::Dict {
            dict: dv.dict.clone(),
            index: 0,
            kind: dv.kind,
            len_at_start: dv.dict.len(),
        },
        Value::Set(s) | Value::FrozenSet(s) => IterState::Set {
            items: set_order(s),
            index: 0,
        },
        Value::Bytes(b) => IterState::Values {
            items: b.iter().map(|&x| Value::Int(x as i64)).collect(),
            index: 0,
        },
        Value::Generator(g) if g.is_coroutine() => {
            return Err(type_error("'coroutine' object is not iterable"))
        }
        Value::Iterator(_) | Value::Generator(_) => return Ok(v.clone()),
        Value::Awaitable(a) if !a.is_coroutine() => return Ok(v.clone()),
        // A class's `__iter__`, or its `__getitem__` alone (CPython's sequence iterator).
        _ => {
            if let Some(it) = super::class::iter(vm, v)? {
                return Ok(it);
            }
            if super::class::find_special(v, "__getitem__").is_none() {
                return Err(type_error(format!(
                    "'{}' object is not iterable",
                    type_name_static(v)
                )));
            }
            IterState::Sequence {
                object: v.clone(),
                index: 0,
                reversed: false,
            }
        }
    };
    Ok(Value::iterator(state))
}

/// `next(it)`: `Ok(None)` when exhausted (the caller raises StopIteration if it must).
pub fn next(vm: &mut Vm, it: &Value) -> PyResult<Option<Value>> {
    let rc = match it {
        Value::Iterator(rc) => rc,
        Value::Generator(g) if !g.is_coroutine() => return vm.generator_next(g),
        Value::Awaitable(a) if !a.is_coroutine() => {
            let step = vm.awaitable_resume(a, super::generator::Resume::Next)?;
            return match vm.unpark(step) {
                super::generator::GenStep::Yielded(v) => Ok(Some(v)),
                super::generator::GenStep::Returned(_) => Ok(None),
            };
        }
        other if super::class::is_user(other) => {
            return match super::class::next(vm, other)? {
                Some(r) => Ok(r),
                None => Err(type_error(format!(
                    "'{}' object is not an iterator",
                    type_name_static(it)
                ))),
            };
        }
        _ => {
            return Err(type_error(format!(
                "'{}' object is not an iterator",
                type_name_static(it)
            )))
        }
    };
    // Simple iterators step without calling back into the interpreter.
    {
        let Ok(mut st) = rc.state.try_borrow_mut() else {
            return Err(value_error("generator already executing"));
        };
        let out = match &mut *st {
            IterState::List { list, index } => {
                let items = list.items.borrow();
                if *index < items.len() {
                    *index += 1;
                    Some(Some(items[*index - 1].clone()))
                } else {
                    Some(None)
                }
            }
            IterState::Tuple { tuple, index } => {
                if *index < tuple.items.len() {
                    *index += 1;
                    Some(Some(tuple.items[*index - 1].clone()))
                } else {
                    Some(None)
                }
            }
            IterState::Range { next, stop, step } => {
                if (*step > 0 && *next < *stop) || (*step < 0 && *next > *stop) {
                    let v = *next;
                    match next.checked_add(*step) {
                        Some(n) => *next = n,
                        None => *next = *stop,
                    }
                    Some(Some(Value::Int(v)))
                } else {
                    Some(None)
                }
            }
            IterState::LongRange(it) => {
                if it.remaining.is_positive() {
                    let v = Value::int_from_bigint(it.next.clone());
                    it.next += &it.step;
                    it.remaining -= 1u8;
                    Some(Some(v))
                } else {
                    Some(None)
                }
            }
            IterState::Str { s, byte_index } => match s.s[*byte_index..].chars().next() {
                Some(c) => {
                    let start = *byte_index;
                    *byte_index += c.len_utf8();
                    Some(Some(Value::str(&s.s[start..*byte_index])))
                }
                None => Some(None),
            },
            IterState::Dict {
                dict,
                index,
                kind,
                len_at_start,
            } => {
                let m = dict.map.borrow();
                if m.len() != *len_at_start {
                    *len_at_start = usize::MAX;
                    return Err(runtime_error("dictionary changed size during iteration"));
                }
                match m.get_index(*index) {
                    Some((k, v)) => {
                        *index += 1;
                        Some(Some(match kind {
                            DictIterKind::Keys => k.value.clone(),
                            DictIterKind::Values => v.clone(),
                            DictIterKind::Items => Value::tuple(vec![k.value.clone(), v.clone()]),
                        }))
                    }
                    None => Some(None),
                }
            }
            IterState::Set { items, index }
            | IterState::Reversed { items, index }
            | IterState::Values { items, index } => {
                if *index < items.len() {
                    *index += 1;
                    Some(Some(items[*index - 1].clone()))
                } else {
                    Some(None)
                }
            }
            IterState::AsCompleted {
                start: None,
                queue: Some(q),
                remaining,
            } => {
                if *remaining > 0 {
                    *remaining -= 1;
                    Some(Some(super::aiosync::as_completed_one(q)))
                } else {
                    Some(None)
                }
            }
            IterState::Exhausted => Some(None),
            _ => None,
        };
        if let Some(o) = out {
            return Ok(o);
        }
    }
    vm.native_nested(|vm| next_lazy(vm, rc))
}

/// Steps map/filter/zip/enumerate, which pull from other iterators and call functions.
/// The state is cloned out first so no borrow is held while Python code runs.
fn next_lazy(vm: &mut Vm, rc: &Rc<super::value::PyIterator>) -> PyResult<Option<Value>> {
    enum Job {
        Enumerate(Value, Value),
        Zip(Vec<Value>, bool),
        Map(Value, Vec<Value>),
        Filter(Value, Value),
        AsCompleted(Value, Value),
        Sequence(Value, i64, bool),
    }
    let job = match &*rc.state.borrow() {
        IterState::Enumerate { inner, count } => Job::Enumerate(inner.clone(), count.clone()),
        IterState::Zip { inners, strict } => Job::Zip(inners.clone(), *strict),
        IterState::Map { func, inners } => Job::Map(func.clone(), inners.clone()),
        IterState::Filter { func, inner } => Job::Filter(func.clone(), inner.clone()),
        IterState::Sequence {
            object,
            index,
            reversed,
        } => Job::Sequence(object.clone(), *index, *reversed),
        IterState::AsCompleted {
            start: Some(start), ..
        } => Job::AsCompleted(start.0.clone(), start.1.clone()),
        _ => return Ok(None),
    };
    let exhaust = |rc: &Rc<super::value::PyIterator>| {
        *rc.state.borrow_mut() = IterState::Exhausted;
    };
    match job {
        Job::AsCompleted(fs, timeout) => {
            // Still a generator when it is over, as a Python generator stays one.
            *rc.state.borrow_mut() = IterState::as_completed_finished();
            let (queue, count) = super::aiosync::as_completed_start(vm, &fs, &timeout)?;
            if count == 0 {
                return Ok(None);
            }
            let first = super::aiosync::as_completed_one(&queue);
            *rc.state.borrow_mut() = IterState::AsCompleted {
                start: None,
                queue: Some(queue),
                remaining: count - 1,
            };
            Ok(Some(first))
        }
        Job::Enumerate(inner, count) => match next(vm, &inner)? {
            Some(x) => {
                let n = binary_op(vm, BinOp::Add, &count, &Value::Int(1))?;
                if let IterState::Enumerate { count, .. } = &mut *rc.state.borrow_mut() {
                    *count = n;
                }
                Ok(Some(Value::tuple(vec![count, x])))
            }
            None => {
                exhaust(rc);
                Ok(None)
            }
        },
        Job::Zip(inners, strict) => {
            if inners.is_empty() {
                return Ok(None);
            }
            let mut row = Vec::with_capacity(inners.len());
            for (i, it) in inners.iter().enumerate() {
                match next(vm, it)? {
                    Some(x) => row.push(x),
                    None => {
                        exhaust(rc);
                        if strict {
                            if i > 0 {
                                let plural = if i == 1 { " " } else { "s 1-" };
                                return Err(value_error(format!(
                                    "zip() argument {} is shorter than argument{}{}",
                                    i + 1,
                                    plural,
                                    i
                                )));
                            }
                            for (j, other) in inners.iter().enumerate().skip(1) {
                                if next(vm, other)?.is_some() {
                                    let plural = if j == 1 { " " } else { "s 1-" };
                                    return Err(value_error(format!(
                                        "zip() argument {} is longer than argument{}{}",
                                        j + 1,
                                        plural,
                                        j
                                    )));
                                }
                            }
                        }
                        return Ok(None);
                    }
                }
            }
            Ok(Some(Value::tuple(row)))
        }
        Job::Map(func, inners) => {
            let mut args = Vec::with_capacity(inners.len());
            for it in &inners {
                match next(vm, it)? {
                    Some(x) => args.push(x),
                    None => {
                        exhaust(rc);
                        return Ok(None);
                    }
                }
            }
            vm.call(&func, args, Vec::new()).map(Some)
        }
        Job::Filter(func, inner) => loop {
            match next(vm, &inner)? {
                Some(x) => {
                    let keep = if func.is_none() {
                        truthy_value(&x)
                    } else {
                        let r = vm.call(&func, vec![x.clone()], Vec::new())?;
                        truthy(vm, &r)?
                    };
                    if keep {
                        return Ok(Some(x));
                    }
                }
                None => {
                    exhaust(rc);
                    return Ok(None);
                }
            }
        },
        Job::Sequence(_, index, true) if index < 0 => {
            exhaust(rc);
            Ok(None)
        }
        Job::Sequence(object, index, reversed) => match get_item(vm, &object, &Value::Int(index)) {
            Ok(v) => {
                if let IterState::Sequence { index: i, .. } = &mut *rc.state.borrow_mut() {
                    *i = if reversed { index - 1 } else { index + 1 };
                }
                Ok(Some(v))
            }
            Err(e)
                if super::types::exception_matches(&e, "IndexError")
                    || super::types::exception_matches(&e, "StopIteration") =>
            {
                exhaust(rc);
                Ok(None)
            }
            Err(e) => Err(e),
        },
    }
}

/// Drains any iterable into a Vec (list(x), unpacking, sorted, ...).
pub fn collect(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::List(l) => return Ok(l.items.borrow().clone()),
        Value::Tuple(t) => return Ok(t.items.to_vec()),
        Value::Range(r) => {
            if let PyRange::Small { start, step, .. } = &**r {
                let n = r.len()?;
                let mut out = Vec::new();
                alloc::reserve_items(&mut out, n as usize)?;
                out.extend((0..n).map(|i| Value::Int(start + i * step)));
                return Ok(out);
            }
            // A big range is too long for a list when its length is (CPython's
            // OverflowError); one that is not still has values beyond a word.
            let n = r.len()?;
            let mut out = Vec::new();
            alloc::reserve_items(&mut out, n as usize)?;
            let it = Value::iterator(r.iter_state(false));
            while let Some(x) = next(vm, &it)? {
                out.push(x);
            }
            return Ok(out);
        }
        Value::Set(s) | Value::FrozenSet(s) => return Ok(set_order(s)),
        Value::Dict(d) | Value::MappingProxy(d) => {
            return Ok(d.map.borrow().keys().map(|k| k.value.clone()).collect())
        }
        Value::DictView(d) => return Ok(view_items(d)),
        _ => {}
    }
    let it = iter(vm, v)?;
    let mut out = Vec::new();
    while let Some(x) = next(vm, &it)? {
        out.push(x);
    }
    Ok(out)
}

/// `len(v)`.
pub fn len(v: &Value) -> PyResult<usize> {
    Ok(match v {
        Value::Str(s) => s.char_len(),
        Value::List(l) => l.items.borrow().len(),
        Value::Tuple(t) => t.items.len(),
        Value::Dict(d) | Value::MappingProxy(d) => d.len(),
        Value::Set(s) | Value::FrozenSet(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::Range(r) => r.len()? as usize,
        Value::DictView(d) => d.dict.len(),
        _ => {
            return Err(type_error(format!(
                "object of type '{}' has no len()",
                type_name_static(v)
            )))
        }
    })
}

/// `isinstance(v, class_or_tuple)`.
/// `isinstance(v, class_or_tuple)`; each nested tuple takes a level of depth, as in
/// CPython.
pub fn is_instance(vm: &mut Vm, v: &Value, class_or_tuple: &Value) -> PyResult<bool> {
    match class_or_tuple {
        Value::Type(t) => Ok(is_subclass(&type_of(v), t)),
        Value::Tuple(ts) => vm.nested(" in __instancecheck__", |vm| {
            for t in ts.items.iter() {
                if is_instance(vm, v, t)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }),
        Value::Alias(a) => match &**a {
            PyAlias::Union(ms) => {
                for m in ms {
                    if is_instance(vm, v, m)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            PyAlias::Generic { .. } => Err(type_error(
                "isinstance() argument 2 cannot be a parameterized generic",
            )),
        },
        _ => Err(type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

/// A builtin class by name, for code that needs one (`type_by_name` re-exported).
pub fn class(name: &str) -> Option<Rc<PyType>> {
    type_by_name(name)
}

/// A new empty list value.
pub fn new_list(items: Vec<Value>) -> Rc<PyList> {
    Rc::new(PyList::new(items))
}

/// A tuple from a slice.
pub fn new_tuple(items: &[Value]) -> Rc<PyTuple> {
    Rc::new(PyTuple {
        items: items.to_vec().into_boxed_slice(),
    })
}

/// Helpers shared by the library's unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// A VM whose output is discarded.
    pub fn vm() -> Vm {
        Vm::new(Box::new(std::io::sink()), Box::new(std::io::sink()))
    }

    pub fn big(s: &str) -> Value {
        Value::int_from_bigint(s.parse::<BigInt>().expect("test literal"))
    }

    pub fn dict(pairs: Vec<(Value, Value)>) -> Value {
        Value::dict(&mut vm(), pairs).expect("hashable test keys")
    }

    pub fn set(items: Vec<Value>) -> Value {
        Value::set(&mut vm(), items).expect("hashable test items")
    }

    pub fn frozenset(items: Vec<Value>) -> Value {
        Value::frozenset(&mut vm(), items).expect("hashable test items")
    }

    pub fn range(start: i64, stop: i64, step: i64) -> Value {
        Value::Range(Rc::new(PyRange::small(start, stop, step)))
    }

    pub fn slice(start: Value, stop: Value, step: Value) -> Value {
        Value::Slice(Rc::new(PySlice { start, stop, step }))
    }

    pub fn builtin(name: &str) -> Value {
        super::super::builtins::lookup(name).expect("a builtin")
    }

    /// A result as the generated tables spell it: the repr, or `!Class: message`.
    pub fn show(r: PyResult<Value>) -> String {
        match r {
            Ok(v) => repr_value(&v),
            Err(e) => format!("!{}: {}", e.class.name, exception_str_value(&e)),
        }
    }
}

#[cfg(test)]
#[path = "ops_tests.rs"]
mod tests;
