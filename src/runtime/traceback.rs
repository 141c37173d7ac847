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
use super::types;
use super::value::{Hint, PyException, TracebackEntry, Value};
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
    if types::exception_matches(exc, "SystemExit") {
        return system_exit(vm, exc);
    }
    // CPython's own printer (`print_exception_recursive`) takes a level of depth per
    // exception of the chain; past the limit the report itself fails, and CPython dumps
    // the exception object and gives up.
    if chain_of(exc).len() > UNCAUGHT_CHAIN_LIMIT {
        let repr = lib::ops::repr(vm, &Value::Exception(exc.clone())).unwrap_or_default();
        let address = lib::ops::addr(&Value::Exception(exc.clone()));
        let _ = write!(
            vm.err,
            "object address  : {address}\nobject refcount : 3\nobject type     : 0x{:012x}\n\
             object type name: {}\nobject repr     : {repr}\nlost sys.stderr\n",
            Rc::as_ptr(&exc.class) as usize,
            types::qualified_name(exc.class.name)
        );
        return 1;
    }
    // Only the interpreter's own report of an uncaught exception offers "Did you mean"
    // (3.11's `traceback` module, behind asyncio's and the finalizers' reports, does not).
    let text = format_chain(vm, exc, None, true);
    let _ = vm.err.write_all(text.as_bytes());
    1
}

/// The longest chain of causes and contexts CPython 3.11 prints for an uncaught exception
/// (a chain of 999 exceptions makes its printer give up).
const UNCAUGHT_CHAIN_LIMIT: usize = 998;

/// `exc` and the exceptions it was caused by or raised during, newest first, each with
/// the header printed after it. An exception seen before ends the chain (a cycle).
fn chain_of(exc: &Rc<PyException>) -> Vec<(Rc<PyException>, &'static str)> {
    let mut chain: Vec<(Rc<PyException>, &'static str)> = vec![(exc.clone(), "")];
    let mut seen = std::collections::HashSet::from([Rc::as_ptr(exc)]);
    let mut current = exc.clone();
    loop {
        let cause = current.cause.borrow().clone();
        let next = match cause {
            Some(Value::Exception(c)) => Some((c, CAUSE_HEADER)),
            Some(_) => None,
            None if !current.suppress_context.get() => match current.context.borrow().clone() {
                Some(Value::Exception(c)) => Some((c, CONTEXT_HEADER)),
                _ => None,
            },
            None => None,
        };
        match next {
            Some((c, header)) if seen.insert(Rc::as_ptr(&c)) => {
                chain.push((c.clone(), header));
                current = c;
            }
            _ => break,
        }
    }
    chain
}

/// `raise SystemExit(code)`: no traceback; an int is the status, `None` is 0, anything
/// else is printed and gives 1.
fn system_exit(vm: &mut Vm, exc: &Rc<PyException>) -> i32 {
    match types::system_exit_code(exc) {
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
    format_chain(vm, exc, None, false)
}

/// The report for an exception that escaped a call made by library code that CPython
/// writes in Python (asyncio's `Handle._run`): that code's frame, already worded as
/// `  File "...", line N, in f` and its source line, heads `exc`'s own traceback.
pub fn format_exception_chain_from(vm: &mut Vm, exc: &Rc<PyException>, outer: &str) -> String {
    format_chain(vm, exc, Some(outer), false)
}

fn format_chain(vm: &mut Vm, exc: &Rc<PyException>, outer: Option<&str>, suggest: bool) -> String {
    let chain = chain_of(exc);
    let mut out = String::new();
    for (k, (e, header)) in chain.iter().enumerate().rev() {
        let outer = if Rc::ptr_eq(e, exc) { outer } else { None };
        // The interpreter's own printer (the uncaught report) reads source lines one level
        // of depth per exception further down the chain; past the limit it prints the
        // frames without their lines.
        let lines = !suggest || k <= UNCAUGHT_SOURCE_LINES_LIMIT;
        format_one(vm, e, outer, suggest, lines, &mut out);
        out.push_str(header);
    }
    out
}

/// In an uncaught report, the exceptions this far down the chain (0: the one raised) and
/// further are printed without source lines, as CPython 3.11 prints them.
const UNCAUGHT_SOURCE_LINES_LIMIT: usize = 995;

/// One exception: its traceback, then `Type: message`.
fn format_one(
    vm: &mut Vm,
    exc: &Rc<PyException>,
    outer: Option<&str>,
    suggest: bool,
    lines: bool,
    out: &mut String,
) {
    let entries = exc.traceback.borrow().clone();
    if !entries.is_empty() || outer.is_some() {
        out.push_str("Traceback (most recent call last):\n");
        out.push_str(outer.unwrap_or_default());
        let skip = entries.len().saturating_sub(TRACEBACK_LIMIT);
        format_entries(vm, &entries[skip..], lines, out);
    }
    out.push_str(&exception_line(vm, exc));
    if suggest {
        out.push_str(&suggestion(exc));
    }
    out.push('\n');
}

fn format_entries(vm: &Vm, entries: &[TracebackEntry], lines: bool, out: &mut String) {
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
            if let Some(src) = vm.source.as_ref().filter(|_| lines) {
                let line = src.line_text(e.line as usize);
                let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
                if !stripped.is_empty() {
                    out.push_str("    ");
                    out.push_str(stripped);
                    out.push('\n');
                    if let Some(carets) = caret_line(src, e) {
                        out.push_str(&carets);
                        out.push('\n');
                    }
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
    // Classes outside `builtins` are shown with their module, as CPython does.
    let name = super::class::traceback_name(&exc.class);
    match lib::ops::str(vm, &Value::Exception(exc.clone())) {
        Ok(s) if s.is_empty() => name.to_string(),
        Ok(s) => format!("{name}: {s}"),
        Err(_) => format!("{name}: <exception str() failed>"),
    }
}

/// `. Did you mean: 'total'?` after the line of a `NameError` or `AttributeError`, when
/// there is a close name (see `suggest`); else nothing.
fn suggestion(exc: &Rc<PyException>) -> String {
    let hint = match &*exc.hint.borrow() {
        Some(Hint::Name(s)) => Some(s.clone()),
        Some(Hint::Attribute { owner, name }) => super::suggest::for_attribute_error(owner, name),
        None => None,
    };
    hint.map(|h| format!(". Did you mean: '{h}'?"))
        .unwrap_or_default()
}

fn is_ws(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == b'\x0c'
}

/// The `~~~^^^` line under a source line, computed as CPython 3.11's
/// `display_source_line_with_margin` does: the failing operation's columns, with the
/// operator of a binary operation or the brackets of a subscript singled out (found by
/// parsing the underlined text again), and nothing at all when the whole line failed.
fn caret_line(src: &crate::span::SourceFile, e: &TracebackEntry) -> Option<String> {
    let span = e.span;
    if span.start >= span.end {
        return None;
    }
    let (start, end) = (span.start as usize, span.end as usize);
    let text = &src.text;
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line = src.line_text(e.line as usize);
    let chars = |byte: usize| line.get(..byte.min(line.len())).map(|s| s.chars().count());
    let start_off = chars(start - line_start)?;
    let same_line = src.line_of(end) == e.line as usize && end - line_start <= line.len();
    let (end_off, anchors) = if same_line {
        let end_off = chars(end - line_start)?;
        (end_off, anchors(line, start_off, end_off))
    } else {
        let last = line.trim_end_matches([' ', '\t', '\x0c']);
        (last.chars().count(), None)
    };
    let leading = line
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t' | '\x0c'))
        .count();
    let stripped_len = line.chars().count() - leading;
    if end_off <= start_off || (end_off - start_off == stripped_len && anchors.is_none()) {
        return None;
    }
    let mut out = String::from("    ");
    for p in leading..end_off {
        out.push(match anchors {
            _ if p < start_off => ' ',
            Some((l, r)) if l <= p && p < r => '^',
            Some(_) => '~',
            None => '^',
        });
    }
    Some(out)
}

/// Columns (in characters of `line`) of the operator of a binary operation or of the
/// `[...]` of a subscript, when the underlined text is exactly one of those.
fn anchors(line: &str, start_off: usize, end_off: usize) -> Option<(usize, usize)> {
    use crate::ast::{ExprKind, StmtKind};
    let seg: String = line
        .chars()
        .skip(start_off)
        .take(end_off - start_off)
        .collect();
    // Only a binary operation or a subscript has anchors: skip parsing anything else.
    if !seg.contains(['+', '-', '*', '/', '%', '@', '&', '|', '^', '<', '>', '[']) {
        return None;
    }
    let module = crate::parser::parse_module(&seg).ok()?;
    let [stmt] = module.body.as_slice() else {
        return None;
    };
    let StmtKind::Expr(expr) = &stmt.kind else {
        return None;
    };
    let bytes = seg.as_bytes();
    let (l, r) = match &expr.kind {
        ExprKind::BinOp { left, right, .. } => {
            let right_col = (right.span.start as usize).min(bytes.len());
            let mut i = left.span.end as usize;
            let mut found = None;
            while i < right_col {
                if is_ws(bytes[i]) {
                    i += 1;
                    continue;
                }
                let mut r = i + 1;
                if i + 1 < right_col && !is_ws(bytes[i + 1]) {
                    r += 1;
                }
                found = Some((i, r));
                // A `)` closing the left operand is not the operator: keep looking.
                if i + 1 < right_col && bytes[i] == b')' {
                    i += 1;
                    continue;
                }
                break;
            }
            found?
        }
        ExprKind::Subscript { value, index } => {
            let len = bytes.len();
            let mut l = value.span.end as usize;
            let mut r = index.span.end as usize + 1;
            while l < len && bytes[l] != b'[' {
                l += 1;
            }
            while r < len && bytes[r] != b']' {
                r += 1;
            }
            if r < len {
                r += 1;
            }
            (l, r)
        }
        _ => return None,
    };
    let to_chars = |b: usize| seg.get(..b.min(seg.len())).map(|s| s.chars().count());
    Some((to_chars(l)? + start_off, to_chars(r)? + start_off))
}
