//! Printing an uncaught exception the way CPython 3.11 does.
//!
//! Each exception carries the frames it passed through (outermost first), recorded by the
//! executor as it unwound. Printing walks the chain of earlier exceptions first: an
//! explicit `raise ... from cause` prints the cause, and an exception raised while another
//! was being handled prints that one (its `__context__`), unless `from` suppressed it.
//! Runs of the same frame line (deep recursion) are folded after three repetitions into
//! `[Previous line repeated N more times]`, exactly like CPython.

use std::io::Write;
use std::rc::Rc;

use super::interp::lib;
use super::value::{PyException, TracebackEntry, Value};
use super::Vm;

/// CPython prints at most this many entries per traceback (the oldest are left out).
const TRACEBACK_LIMIT: usize = 1000;
/// Identical consecutive entries shown before folding the rest.
const RECURSIVE_CUTOFF: usize = 3;

const CAUSE_HEADER: &str =
    "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT_HEADER: &str =
    "\nDuring handling of the above exception, another exception occurred:\n\n";

/// Prints an exception that ended the program and returns the exit status: 1, or the code
/// of a `SystemExit`.
pub fn report_uncaught(vm: &mut Vm, exc: &Rc<PyException>) -> i32 {
    if exc.class.name == "SystemExit" {
        return system_exit(vm, exc);
    }
    let text = format_exception_chain(vm, exc);
    let _ = vm.err.write_all(text.as_bytes());
    1
}

/// `raise SystemExit(code)`: no traceback; an int is the status, `None` is 0, anything
/// else is printed and gives 1.
fn system_exit(vm: &mut Vm, exc: &Rc<PyException>) -> i32 {
    let code = match exc.args.len() {
        0 => Value::None,
        1 => exc.args[0].clone(),
        _ => Value::Tuple(Rc::new(super::value::PyTuple {
            items: exc.args.clone().into(),
        })),
    };
    match code {
        Value::None => 0,
        Value::Int(n) => n as i32,
        Value::Bool(b) => i32::from(b),
        other => {
            let text = lib::ops::str(vm, &other).unwrap_or_default();
            let _ = writeln!(vm.err, "{text}");
            1
        }
    }
}

/// The whole report for `exc`: earlier exceptions of its chain first.
pub fn format_exception_chain(vm: &mut Vm, exc: &Rc<PyException>) -> String {
    // (exception, header printed after it), newest first.
    let mut chain: Vec<(Rc<PyException>, &str)> = vec![(exc.clone(), "")];
    let mut current = exc.clone();
    loop {
        let seen = |e: &Rc<PyException>, chain: &[(Rc<PyException>, &str)]| {
            chain.iter().any(|(c, _)| Rc::ptr_eq(c, e))
        };
        let cause = current.cause.borrow().clone();
        let next = if let Some(cause) = cause {
            match cause {
                Value::Exception(c) if !seen(&c, &chain) => Some((c, CAUSE_HEADER)),
                _ => None,
            }
        } else if !current.suppress_context.get() {
            match current.context.borrow().clone() {
                Some(Value::Exception(c)) if !seen(&c, &chain) => Some((c, CONTEXT_HEADER)),
                _ => None,
            }
        } else {
            None
        };
        match next {
            Some((c, header)) => {
                chain.push((c.clone(), header));
                current = c;
            }
            None => break,
        }
    }
    let mut out = String::new();
    for (e, header) in chain.iter().rev() {
        format_one(vm, e, &mut out);
        out.push_str(header);
    }
    out
}

/// One exception: its traceback, then `Type: message`.
fn format_one(vm: &mut Vm, exc: &Rc<PyException>, out: &mut String) {
    let entries = exc.traceback.borrow().clone();
    if !entries.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        let skip = entries.len().saturating_sub(TRACEBACK_LIMIT);
        format_entries(vm, &entries[skip..], out);
    }
    out.push_str(&exception_line(vm, exc));
    out.push('\n');
}

fn format_entries(vm: &Vm, entries: &[TracebackEntry], out: &mut String) {
    let path = vm
        .source
        .as_ref()
        .map(|s| s.path.clone())
        .unwrap_or_default();
    let mut last: Option<(&str, u32)> = None;
    let mut count = 0usize;
    for e in entries {
        let key = (&*e.function, e.line);
        if last != Some(key) {
            if count > RECURSIVE_CUTOFF {
                repeated(out, count - RECURSIVE_CUTOFF);
            }
            last = Some(key);
            count = 0;
        }
        count += 1;
        if count <= RECURSIVE_CUTOFF {
            out.push_str(&format!(
                "  File \"{}\", line {}, in {}\n",
                path, e.line, e.function
            ));
            if let Some(src) = &vm.source {
                let line = src.line_text(e.line as usize);
                let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
                if !stripped.is_empty() {
                    out.push_str("    ");
                    out.push_str(stripped);
                    out.push('\n');
                }
            }
        }
    }
    if count > RECURSIVE_CUTOFF {
        repeated(out, count - RECURSIVE_CUTOFF);
    }
}

fn repeated(out: &mut String, n: usize) {
    out.push_str(&format!(
        "  [Previous line repeated {} more time{}]\n",
        n,
        if n > 1 { "s" } else { "" }
    ));
}

/// `ValueError: message`, or just `ValueError` when `str(e)` is empty.
pub fn exception_line(vm: &mut Vm, exc: &Rc<PyException>) -> String {
    let name = exc.class.name;
    match lib::ops::str(vm, &Value::Exception(exc.clone())) {
        Ok(s) if s.is_empty() => name.to_string(),
        Ok(s) => format!("{name}: {s}"),
        Err(_) => format!("{name}: <exception str() failed>"),
    }
}
