//! The names CPython 3.11 has: its builtins in their dict's order, `dir()` of the modules
//! peel provides, `dir()` of an instance of each type peel has, and the modules of its
//! standard library (`sys.stdlib_module_names`, and asyncio's submodules). peel suggests only
//! names it has itself (see `suggest`); these lists are CPython's side, for what compares
//! the two (the order CPython breaks a tie between builtins in, the tests that check
//! peel's attributes against CPython's, and a check that a name is CPython's at all).
//!
//! The lists are data: `tests/data/cpython_names.txt`, written by
//! `tests/tools/cpython_names.py` (`tests/generated_tables.rs` fails when the file is not
//! what python3 writes now), and read here once, on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../tests/data/cpython_names.txt");

struct Tables {
    builtins: Vec<&'static str>,
    modules: HashMap<&'static str, Vec<&'static str>>,
    types: HashMap<&'static str, Vec<&'static str>>,
    /// Sorted.
    stdlib_modules: Vec<&'static str>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| parse(DATA))
}

/// The file's sections (`[builtins]`, `[module NAME]`, `[type NAME]`), one name a line.
fn parse(data: &'static str) -> Tables {
    let mut t = Tables {
        builtins: Vec::new(),
        modules: HashMap::new(),
        types: HashMap::new(),
        stdlib_modules: Vec::new(),
    };
    let mut current: Option<&mut Vec<&'static str>> = None;
    for line in data
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
            if let Some(names) = current.as_mut() {
                names.push(line);
            }
            continue;
        };
        current = match header.split_once(' ') {
            None if header == "builtins" => Some(&mut t.builtins),
            None if header == "stdlib_modules" => Some(&mut t.stdlib_modules),
            Some(("module", name)) => Some(t.modules.entry(name).or_default()),
            Some(("type", name)) => Some(t.types.entry(name).or_default()),
            // A section this version does not know: its names are skipped.
            _ => None,
        };
    }
    t
}

/// The `builtins` module's names, in its dict's order.
pub fn builtins() -> &'static [&'static str] {
    &tables().builtins
}

/// `dir(module)` for a module peel provides (`asyncio`, `time`, `types`), sorted.
pub fn module_dir(name: &str) -> Option<&'static [&'static str]> {
    tables().modules.get(name).map(Vec::as_slice)
}

/// `dir()` of an instance of the type CPython calls `name`, sorted. An exception class
/// without a list of its own has `BaseException`'s names.
pub fn type_dir(name: &str) -> Option<&'static [&'static str]> {
    tables().types.get(name).map(Vec::as_slice)
}

/// Whether CPython's standard library has a module of this (dotted) name: one of
/// `sys.stdlib_module_names`, or a submodule of asyncio.
pub fn is_stdlib_module(name: &str) -> bool {
    tables().stdlib_modules.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_read_from_the_data() {
        let b = builtins();
        // The dict's order, not sorted: `__name__` first, `print` after `len`.
        assert_eq!(b.first(), Some(&"__name__"));
        let at = |n: &str| b.iter().position(|x| *x == n);
        assert!(at("len") < at("print") && at("print").is_some());
        assert!(module_dir("asyncio").is_some_and(|d| d.contains(&"TaskGroup")));
        assert!(module_dir("time").is_some_and(|d| d.contains(&"strftime")));
        assert!(type_dir("int").is_some_and(|d| d.contains(&"to_bytes")));
        assert!(type_dir("StopIteration").is_some_and(|d| d.contains(&"value")));
        assert_eq!(module_dir("os"), None);
        assert!(is_stdlib_module("random") && is_stdlib_module("asyncio.taskgroups"));
        assert!(!is_stdlib_module("numpy") && !is_stdlib_module("asyncio.nothing"));
    }

    #[test]
    fn sections_and_comments_parse() {
        let t = parse("# a comment\n[builtins]\nlen\n[odd section]\nskipped\n[type int]\nreal\n[stdlib_modules]\nos\n");
        assert_eq!(t.builtins, ["len"]);
        assert_eq!(t.stdlib_modules, ["os"]);
        assert_eq!(t.types["int"], ["real"]);
        assert!(t.modules.is_empty());
    }
}
