//! Function objects, and how a call's arguments become a fresh frame's slots.
//!
//! A `def` compiles to one `cfg::Function` (its *code*): the same code is shared by every
//! function object the `def` statement creates. What differs between two function objects
//! made by the same `def` (run twice, say in a loop or inside another function) is what the
//! `def` evaluated when it ran: the default values and the closure cells. So a `PyFunction`
//! is a small record pointing at shared `Code` plus those values.
//!
//! Binding arguments follows CPython's `initialize_locals` step by step, because the *order*
//! of its checks decides which error message a wrong call gets: positional arguments first
//! (extra ones into `*args`), then keywords by name (unknown ones into `**kwargs`), then
//! "too many positional", then missing positional parameters (filled from defaults), then
//! missing keyword-only ones.

use std::rc::Rc;

use super::value::{PyResult, PyStr, Value};
use super::Vm;
use crate::cfg::{FuncId, Function, FunctionKind};

/// Per-function data the runtime prepares once, before the program starts: the IR plus
/// its constants already converted to runtime values (so running `x + 1` never converts
/// the literal `1` again).
pub struct Code {
    pub id: FuncId,
    pub def: Function,
    pub consts: Box<[Value]>,
    /// `co_name`: what tracebacks print (`f`, `<lambda>`, `<module>`).
    pub name: Rc<str>,
    /// `__qualname__`: what argument errors print (`outer.<locals>.inner`).
    pub qualname: Rc<str>,
    /// Number of positional parameters (positional-only included).
    pub argcount: usize,
    /// Positional plus keyword-only parameters: the slots a keyword can name.
    pub total_args: usize,
    /// Marked by `@types.coroutine`: its generators may be awaited (CPython's
    /// `CO_ITERABLE_COROUTINE` flag).
    pub iterable_coroutine: std::cell::Cell<bool>,
    /// Each block's small-int forms (`fast`), in block order.
    pub fast: Box<[super::fast::FastBlock]>,
    /// The state machine of a generator function (`None` for every other function).
    pub machine: Option<super::generator::MachineCode>,
    /// No `*args`, `**kwargs` or keyword-only parameters: a call with exactly `argcount`
    /// positional arguments binds them in order, with no checks.
    pub simple: bool,
}

/// A function object: code, defaults, closure cells.
impl Drop for PyFunction {
    fn drop(&mut self) {
        let dying = self.defaults.iter().any(super::value::dies_with_members)
            || self.closure.iter().any(super::value::dies_with_members)
            || self
                .kw_defaults
                .iter()
                .flatten()
                .any(super::value::dies_with_members);
        if dying {
            let mut members = Vec::new();
            self.move_members(&mut members);
            super::value::release_members(members);
        }
    }
}

pub struct PyFunction {
    pub code: Rc<Code>,
    /// Defaults of the last `code.def.params.n_defaults` positional parameters.
    pub defaults: Box<[Value]>,
    /// Default of each keyword-only parameter, by its position among them.
    pub kw_defaults: Box<[Option<Value>]>,
    /// The cells of the enclosing frames this function reads, in `free_slots` order.
    pub closure: Box<[Value]>,
}

impl PyFunction {
    /// Moves the values this function holds onto `out` (it is going away: see
    /// `value::release_members`).
    pub(crate) fn move_members(&mut self, out: &mut Vec<Value>) {
        out.extend(std::mem::take(&mut self.defaults).into_vec());
        out.extend(
            std::mem::take(&mut self.kw_defaults)
                .into_vec()
                .into_iter()
                .flatten(),
        );
        out.extend(std::mem::take(&mut self.closure).into_vec());
    }

    /// `__name__`.
    pub fn name(&self) -> &str {
        &self.code.name
    }

    /// `__qualname__`, as in `<function outer.<locals>.inner at 0x...>`.
    pub fn qualname(&self) -> &str {
        &self.code.qualname
    }

    pub fn kind(&self) -> FunctionKind {
        self.code.def.kind
    }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`: CPython's list of missing names.
fn name_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

fn missing_error(
    code: &Code,
    slots: &[Option<Value>],
    start: usize,
    end: usize,
    kind: &str,
) -> Rc<super::value::PyException> {
    let names: Vec<&str> = (start..end)
        .filter(|&i| slots[i].is_none())
        .map(|i| code.def.slots[i].name.as_str())
        .collect();
    super::types::type_error(format!(
        "{}() missing {} required {} argument{}: {}",
        code.qualname,
        names.len(),
        kind,
        if names.len() == 1 { "" } else { "s" },
        name_list(&names)
    ))
}

/// Binds a call's arguments to a new frame's slots (every other slot starts unbound),
/// filling `slots` (an empty vector, possibly reused from an earlier frame).
/// Cells and free variables are set up by the caller of this function.
pub fn bind_arguments(
    vm: &mut Vm,
    func: &PyFunction,
    mut slots: Vec<Option<Value>>,
    args: Vec<Value>,
    mut kwargs: Vec<(Rc<PyStr>, Value)>,
) -> PyResult<Vec<Option<Value>>> {
    let code = &*func.code;
    let params = &code.def.params;
    let nslots = code.def.slots.len();
    let co_argcount = code.argcount;
    let total = code.total_args;
    let posonly = params.posonly as usize;
    slots.clear();
    slots.reserve(nslots);
    let argcount = args.len();

    // The common case (exactly the positional parameters, nothing else) needs no checks.
    if argcount == co_argcount
        && kwargs.is_empty()
        && params.vararg.is_none()
        && params.kwarg.is_none()
    {
        slots.extend(args.into_iter().map(Some));
        slots.resize(nslots, None);
        if params.kwonly > 0 {
            fill_kwonly(func, &mut slots)?;
        }
        return Ok(slots);
    }

    slots.resize(nslots, None);
    let mut args = args.into_iter();
    for slot in slots.iter_mut().take(argcount.min(co_argcount)) {
        *slot = args.next();
    }
    if let Some(va) = params.vararg {
        slots[va as usize] = Some(Value::Tuple(Rc::new(super::value::PyTuple {
            items: args.collect(),
        })));
    }
    let kwdict = match params.kwarg {
        Some(kw) => {
            let d = super::interp::new_dict();
            slots[kw as usize] = Some(d.clone());
            Some(d)
        }
        None => None,
    };
    for k in 0..kwargs.len() {
        let name = kwargs[k].0.clone();
        let value = std::mem::take(&mut kwargs[k].1);
        let found = (posonly..total).find(|&j| code.def.slots[j].name == name.s);
        match found {
            Some(j) => {
                if slots[j].is_some() {
                    return Err(super::types::type_error(format!(
                        "{}() got multiple values for argument '{}'",
                        code.qualname, name.s
                    )));
                }
                slots[j] = Some(value);
            }
            None => match &kwdict {
                Some(d) => super::interp::lib::ops::set_item(vm, d, &Value::Str(name), value)?,
                None => {
                    if posonly > 0 {
                        let passed: Vec<&str> = kwargs
                            .iter()
                            .map(|(n, _)| n.s.as_str())
                            .filter(|n| (0..posonly).any(|i| code.def.slots[i].name == *n))
                            .collect();
                        if !passed.is_empty() {
                            return Err(super::types::type_error(format!(
                                "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                                code.qualname,
                                passed.join(", ")
                            )));
                        }
                    }
                    return Err(super::types::type_error(format!(
                        "{}() got an unexpected keyword argument '{}'",
                        code.qualname, name.s
                    )));
                }
            },
        }
    }
    if argcount > co_argcount && params.vararg.is_none() {
        return Err(too_many_positional(
            code,
            &slots,
            argcount,
            func.defaults.len(),
        ));
    }
    if argcount < co_argcount {
        let defcount = func.defaults.len();
        let m = co_argcount - defcount;
        if (argcount..m).any(|i| slots[i].is_none()) {
            return Err(missing_error(code, &slots, 0, m, "positional"));
        }
        for (i, d) in func.defaults.iter().enumerate() {
            if slots[m + i].is_none() {
                slots[m + i] = Some(d.clone());
            }
        }
    }
    if params.kwonly > 0 {
        fill_kwonly(func, &mut slots)?;
    }
    Ok(slots)
}

/// Keyword-only parameters not given take their defaults; any still missing is an error.
fn fill_kwonly(func: &PyFunction, slots: &mut [Option<Value>]) -> PyResult<()> {
    let code = &*func.code;
    let mut missing = false;
    let kwonly = &mut slots[code.argcount..code.total_args];
    for (slot, default) in kwonly.iter_mut().zip(func.kw_defaults.iter()) {
        if slot.is_none() {
            match default {
                Some(d) => *slot = Some(d.clone()),
                None => missing = true,
            }
        }
    }
    if missing {
        return Err(missing_error(
            code,
            slots,
            code.argcount,
            code.total_args,
            "keyword-only",
        ));
    }
    Ok(())
}

fn too_many_positional(
    code: &Code,
    slots: &[Option<Value>],
    given: usize,
    defcount: usize,
) -> Rc<super::value::PyException> {
    let co_argcount = code.argcount;
    let kwonly_given = (co_argcount..code.total_args)
        .filter(|&i| slots[i].is_some())
        .count();
    let (sig, plural) = if defcount > 0 {
        (
            format!("from {} to {}", co_argcount - defcount, co_argcount),
            true,
        )
    } else {
        (co_argcount.to_string(), co_argcount != 1)
    };
    let kwonly_sig = if kwonly_given > 0 {
        format!(
            " positional argument{} (and {} keyword-only argument{})",
            if given != 1 { "s" } else { "" },
            kwonly_given,
            if kwonly_given != 1 { "s" } else { "" }
        )
    } else {
        String::new()
    };
    super::types::type_error(format!(
        "{}() takes {} positional argument{} but {}{} {} given",
        code.qualname,
        sig,
        if plural { "s" } else { "" },
        given,
        kwonly_sig,
        if given == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        }
    ))
}
