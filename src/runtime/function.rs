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

use std::cell::RefCell;
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
    /// One cache per attribute site of the code (`cfg::AttrSite`).
    pub attr_caches: Box<[super::inline_cache::AttrCache]>,
    /// The state machine of a generator function (`None` for every other function).
    pub machine: Option<super::generator::MachineCode>,
    /// No `*args`, `**kwargs` or keyword-only parameters: a call with exactly `argcount`
    /// positional arguments binds them in order, with no checks.
    pub simple: bool,
}

impl Drop for PyFunction {
    fn drop(&mut self) {
        let dying = self
            .defaults
            .get_mut()
            .iter()
            .any(super::value::dies_with_members)
            || self.closure.iter().any(super::value::dies_with_members)
            || self
                .kw_defaults
                .get_mut()
                .iter()
                .flatten()
                .any(super::value::dies_with_members)
            || self.attrs.get_mut().is_some();
        if dying {
            let mut members = Vec::new();
            self.move_members(&mut members);
            super::value::release_members(members);
        }
    }
}

/// A function object: code, defaults, closure cells, and what the program set on it.
pub struct PyFunction {
    pub code: Rc<Code>,
    /// Defaults of the last parameters before `*` (`__defaults__`, which a program may
    /// replace).
    pub defaults: RefCell<Box<[Value]>>,
    /// Default of each keyword-only parameter, by its position among them
    /// (`__kwdefaults__`).
    pub kw_defaults: RefCell<Box<[Option<Value>]>>,
    /// The cells of the enclosing frames this function reads, in `free_slots` order.
    pub closure: Box<[Value]>,
    /// What the program set on the function (`None` until it sets something: most
    /// functions never get anything, and cost one word for it).
    pub attrs: RefCell<Option<Box<FunctionAttrs>>>,
}

/// A function's writable attributes, once the program writes one. CPython keeps them in
/// the function object: `__name__`, `__qualname__`, `__doc__`, `__module__`, and its
/// `__dict__`, where every other attribute lives (`wrapper.calls = 0`).
#[derive(Default)]
pub struct FunctionAttrs {
    pub name: Option<Rc<PyStr>>,
    pub qualname: Option<Rc<PyStr>>,
    /// `Some(v)`: set (to `v`, maybe `None`).
    pub doc: Option<Value>,
    pub module: Option<Value>,
    pub dict: Option<Rc<super::value::PyDict>>,
    /// `__annotations__`: the dict the `def` made, or one made empty on first look.
    pub annotations: Option<Value>,
}

impl PyFunction {
    /// A function object with no attributes set yet.
    pub fn new(
        code: Rc<Code>,
        defaults: Box<[Value]>,
        kw_defaults: Box<[Option<Value>]>,
        closure: Box<[Value]>,
    ) -> PyFunction {
        PyFunction {
            code,
            defaults: RefCell::new(defaults),
            kw_defaults: RefCell::new(kw_defaults),
            closure,
            attrs: RefCell::new(None),
        }
    }

    /// Moves the values this function holds onto `out` (it is going away: see
    /// `value::release_members`).
    pub(crate) fn move_members(&mut self, out: &mut Vec<Value>) {
        out.extend(std::mem::take(self.defaults.get_mut()).into_vec());
        out.extend(
            std::mem::take(self.kw_defaults.get_mut())
                .into_vec()
                .into_iter()
                .flatten(),
        );
        out.extend(std::mem::take(&mut self.closure).into_vec());
        if let Some(attrs) = self.attrs.get_mut().take() {
            out.extend(attrs.doc);
            out.extend(attrs.module);
            out.extend(attrs.dict.map(Value::Dict));
        }
    }

    /// The function's attributes, made on first write.
    pub fn attrs_mut(&self) -> std::cell::RefMut<'_, FunctionAttrs> {
        std::cell::RefMut::map(self.attrs.borrow_mut(), |a| {
            &mut **a.get_or_insert_with(Box::default)
        })
    }

    /// `__dict__`, made on first use.
    pub fn dict(&self) -> Rc<super::value::PyDict> {
        self.attrs_mut()
            .dict
            .get_or_insert_with(Rc::default)
            .clone()
    }

    /// `__name__` as the program sees it now.
    pub fn name_value(&self) -> Rc<PyStr> {
        match self.attrs.borrow().as_ref().and_then(|a| a.name.clone()) {
            Some(n) => n,
            None => Rc::new(PyStr::new(self.code.name.to_string())),
        }
    }

    /// `__qualname__` as the program sees it now (reprs show it).
    pub fn qualname_value(&self) -> Rc<PyStr> {
        match self
            .attrs
            .borrow()
            .as_ref()
            .and_then(|a| a.qualname.clone())
        {
            Some(n) => n,
            None => Rc::new(PyStr::new(self.code.qualname.to_string())),
        }
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
            func.defaults.borrow().len(),
        ));
    }
    if argcount < co_argcount {
        // A program may have set `__defaults__` longer than the parameters: the last
        // ones count, as in CPython.
        let defaults = func.defaults.borrow();
        let defcount = defaults.len().min(co_argcount);
        let m = co_argcount - defcount;
        if (argcount..m).any(|i| slots[i].is_none()) {
            drop(defaults);
            return Err(missing_error(code, &slots, 0, m, "positional"));
        }
        for (i, d) in defaults[defaults.len() - defcount..].iter().enumerate() {
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
    for (slot, default) in kwonly.iter_mut().zip(func.kw_defaults.borrow().iter()) {
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

/// The Python-level signature of a native function that CPython writes in Python (most of
/// `asyncio`): binding a call to it gives the messages binding a `def` would give.
pub struct NativeSignature {
    /// `co_qualname`: `sleep`, `Queue.__init__`.
    pub name: &'static str,
    /// Positional-or-keyword parameters, `self` first for a method.
    pub positional: &'static [&'static str],
    /// How many of `positional` have no default.
    pub required: usize,
    /// `*args`: extra positional arguments are returned after the parameters.
    pub varargs: bool,
    /// Keyword-only parameters, all with defaults.
    pub kwonly: &'static [&'static str],
}

/// A call bound to a `NativeSignature`: one entry per parameter (`positional`, then
/// `kwonly`, `None` where a default applies), then the extra positional arguments.
/// `self_given` says a method's `self` is already there (it is not in `args`).
pub fn bind_native(
    sig: &NativeSignature,
    self_given: bool,
    args: Vec<Value>,
    kwargs: Vec<(Rc<PyStr>, Value)>,
) -> PyResult<(Vec<Option<Value>>, Vec<Value>)> {
    let skip = usize::from(self_given);
    let nparams = sig.positional.len() + sig.kwonly.len();
    let mut slots: Vec<Option<Value>> = vec![None; nparams];
    if self_given {
        slots[0] = Some(Value::None);
    }
    let given = args.len() + skip;
    let mut args = args.into_iter();
    for slot in slots.iter_mut().take(sig.positional.len()).skip(skip) {
        match args.next() {
            Some(a) => *slot = Some(a),
            None => break,
        }
    }
    let extra: Vec<Value> = args.collect();
    for (name, value) in kwargs {
        let found = sig
            .positional
            .iter()
            .chain(sig.kwonly)
            .position(|p| *p == name.s);
        match found {
            Some(j) if slots[j].is_some() => {
                return Err(super::types::type_error(format!(
                    "{}() got multiple values for argument '{}'",
                    sig.name, name.s
                )))
            }
            Some(j) => slots[j] = Some(value),
            None => {
                return Err(super::types::type_error(format!(
                    "{}() got an unexpected keyword argument '{}'",
                    sig.name, name.s
                )))
            }
        }
    }
    let npos = sig.positional.len();
    if !extra.is_empty() && !sig.varargs {
        let optional = npos - sig.required;
        let (count, plural) = if optional > 0 {
            (format!("from {} to {}", sig.required, npos), true)
        } else {
            (npos.to_string(), npos != 1)
        };
        return Err(super::types::type_error(format!(
            "{}() takes {} positional argument{} but {} {} given",
            sig.name,
            count,
            if plural { "s" } else { "" },
            given,
            if given == 1 { "was" } else { "were" }
        )));
    }
    let missing: Vec<&str> = (0..sig.required)
        .filter(|&i| slots[i].is_none())
        .map(|i| sig.positional[i])
        .collect();
    if !missing.is_empty() {
        return Err(super::types::type_error(format!(
            "{}() missing {} required positional argument{}: {}",
            sig.name,
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            name_list(&missing)
        )));
    }
    Ok((slots, extra))
}

/// `f.name` for a function object: its special attributes, then its `__dict__`.
pub fn get_attr(f: &Rc<PyFunction>, name: &str) -> Option<Value> {
    let attrs = f.attrs.borrow();
    let set = attrs.as_deref();
    Some(match name {
        "__name__" => Value::Str(drop_then(attrs, || f.name_value())),
        "__qualname__" => Value::Str(drop_then(attrs, || f.qualname_value())),
        "__doc__" => match set.and_then(|a| a.doc.clone()) {
            Some(doc) => doc,
            None => f
                .code
                .def
                .doc
                .as_deref()
                .map(Value::str)
                .unwrap_or_default(),
        },
        "__module__" => set
            .and_then(|a| a.module.clone())
            .unwrap_or_else(|| Value::str("__main__")),
        "__dict__" => Value::Dict(drop_then(attrs, || f.dict())),
        "__annotations__" => match set.and_then(|a| a.annotations.clone()) {
            Some(d) => d,
            None => {
                drop(attrs);
                let d = super::interp::new_dict();
                f.attrs_mut().annotations = Some(d.clone());
                d
            }
        },
        "__defaults__" => {
            let d = f.defaults.borrow();
            match d.is_empty() {
                true => Value::None,
                false => Value::tuple(d.to_vec()),
            }
        }
        "__kwdefaults__" => {
            let kw = f.kw_defaults.borrow();
            let names = kwonly_names(&f.code);
            let pairs: Vec<(Value, Value)> = names
                .zip(kw.iter())
                .filter_map(|(n, d)| d.clone().map(|d| (Value::str(n), d)))
                .collect();
            if pairs.is_empty() {
                Value::None
            } else {
                let d = super::value::PyDict::new();
                for (k, v) in pairs {
                    if let Value::Str(k) = k {
                        d.set_str(k, v);
                    }
                }
                Value::Dict(Rc::new(d))
            }
        }
        _ => set.and_then(|a| a.dict.as_ref())?.get_str(name)?,
    })
}

/// Releases a borrow of a function's attributes before reading them again.
fn drop_then<T>(attrs: std::cell::Ref<'_, Option<Box<FunctionAttrs>>>, f: impl FnOnce() -> T) -> T {
    drop(attrs);
    f()
}

/// The names of a function's keyword-only parameters, in order.
fn kwonly_names(code: &Code) -> impl Iterator<Item = &str> {
    code.def.slots[code.argcount..code.total_args]
        .iter()
        .map(|s| s.name.as_str())
}

/// `f.name = value` (`value` `None`: `del f.name`), with CPython's checks and messages.
pub fn set_attr(f: &Rc<PyFunction>, name: &str, value: Option<Value>) -> PyResult<()> {
    let type_error = |m: &str| super::types::type_error(m);
    let must_be_str = |what: &str, v: Option<Value>| match v {
        Some(Value::Str(s)) => Ok(s),
        _ => Err(type_error(&format!(
            "{what} must be set to a string object"
        ))),
    };
    match name {
        "__name__" => f.attrs_mut().name = Some(must_be_str("__name__", value)?),
        "__qualname__" => f.attrs_mut().qualname = Some(must_be_str("__qualname__", value)?),
        "__doc__" => f.attrs_mut().doc = Some(value.unwrap_or_default()),
        "__module__" => f.attrs_mut().module = Some(value.unwrap_or_default()),
        "__annotations__" => {
            f.attrs_mut().annotations = match value {
                None | Some(Value::None) => None,
                Some(d @ Value::Dict(_)) => Some(d),
                Some(_) => return Err(type_error("__annotations__ must be set to a dict object")),
            }
        }
        "__dict__" => match value {
            Some(Value::Dict(d)) => f.attrs_mut().dict = Some(d),
            Some(other) => {
                return Err(type_error(&format!(
                    "__dict__ must be set to a dictionary, not a '{}'",
                    super::ops::type_name(&other)
                )))
            }
            None => return Err(type_error("cannot delete __dict__")),
        },
        "__defaults__" => {
            *f.defaults.borrow_mut() = match value {
                None | Some(Value::None) => Box::default(),
                Some(Value::Tuple(t)) => t.items.clone(),
                Some(_) => return Err(type_error("__defaults__ must be set to a tuple object")),
            }
        }
        "__kwdefaults__" => {
            let given = match value {
                None | Some(Value::None) => None,
                Some(Value::Dict(d)) => Some(d),
                Some(_) => return Err(type_error("__kwdefaults__ must be set to a dict object")),
            };
            let defaults: Box<[Option<Value>]> = kwonly_names(&f.code)
                .map(|n| given.as_ref().and_then(|d| d.get_str(n)))
                .collect();
            *f.kw_defaults.borrow_mut() = defaults;
        }
        "__globals__" | "__closure__" | "__builtins__" => {
            return Err(super::types::attribute_error("readonly attribute"))
        }
        _ => match value {
            Some(v) => f.dict().set_str(Rc::new(PyStr::new(name.to_string())), v),
            None => {
                let removed = f
                    .attrs
                    .borrow()
                    .as_ref()
                    .and_then(|a| a.dict.clone())
                    .and_then(|d| {
                        let at = super::value::find_str_index(&d.map.borrow(), name)?;
                        d.map.borrow_mut().shift_remove_index(at)
                    });
                if removed.is_none() {
                    return Err(super::ops::no_attribute_of(
                        &Value::Function(f.clone()),
                        name,
                    ));
                }
            }
        },
    }
    Ok(())
}
