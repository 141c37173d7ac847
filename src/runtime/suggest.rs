//! "Did you mean": CPython 3.11 ends the report of an uncaught `NameError` or
//! `AttributeError` with the closest name it knows, `NameError: name 'totl' is not
//! defined. Did you mean: 'total'?`. That last line is the one a learner reads first, so
//! peel finds the same name the same way (CPython's `Python/suggestions.c`):
//!
//! - the distance is Levenshtein's, where inserting or deleting a character costs 2,
//!   changing its case only 1, and replacing it 2;
//! - a candidate is taken only if at most about a third of the characters involved
//!   change, and only if it beats the best so far (so on a tie the first one wins);
//! - a list of 750 names or more, or a name longer than 40 characters, gets no
//!   suggestion.
//!
//! Where to look: for a `NameError`, the function's own variables, then the module's
//! globals, then the builtins (each list in CPython's order), worked out when the error
//! is raised; for an `AttributeError`, `dir()` of the object, worked out only when the
//! report is printed (a failed read that `hasattr` or `getattr(o, n, default)` catches
//! costs nothing). The lists of CPython's names are in `cpython_names`.

use super::cpython_names;
use super::value::{AttrOwner, TypeKind};

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The distance from `a` to `b`, or anything above `max_cost` once it is sure to exceed it.
fn levenshtein<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    if a == b {
        return 0;
    }
    while let ([x, ra @ ..], [y, rb @ ..]) = (a, b) {
        if x != y {
            break;
        }
        (a, b) = (ra, rb);
    }
    while let ([ra @ .., x], [rb @ .., y]) = (a, b) {
        if x != y {
            break;
        }
        (a, b) = (ra, rb);
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the matrix, updated in place: row[i] is the cost from b[..j] to a[..i+1].
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (j, &code) in b.iter().enumerate() {
        let mut distance = j * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (i, &c) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, c);
            distance = row[i];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The closest of `candidates` to `name` (`calculate_suggestions`).
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &item in candidates {
        if item == name {
            continue;
        }
        let max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        let max_distance = match best {
            Some((_, d)) => max_distance.min(d.saturating_sub(1)),
            None => max_distance,
        };
        let distance = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if distance > max_distance {
            continue;
        }
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((item, distance));
        }
    }
    best.map(|(item, _)| item)
}

/// The suggestion for `NameError: name 'name' is not defined`: the closest of the
/// function's variables (`locals`, empty at module level), else of the module's bound
/// globals, else of the builtins.
pub fn for_name_error(name: &str, locals: &[&str], globals: &[&str]) -> Option<String> {
    /// What `python3 FILE` starts a module's globals with.
    const MODULE_DUNDERS: &[&str] = &[
        "__name__",
        "__doc__",
        "__package__",
        "__loader__",
        "__spec__",
        "__annotations__",
        "__builtins__",
        "__file__",
        "__cached__",
    ];
    if let Some(s) = closest(name, locals) {
        return Some(s.to_string());
    }
    let all: Vec<&str> = MODULE_DUNDERS
        .iter()
        .copied()
        .chain(globals.iter().copied())
        .collect();
    closest(name, &all)
        .or_else(|| closest(name, cpython_names::builtins()))
        .map(str::to_string)
}

/// The suggestion for a failed read of `name` from `owner` (`dir()` of it).
pub fn for_attribute_error(owner: &AttrOwner, name: &str) -> Option<String> {
    let dir = match owner {
        AttrOwner::Module(m) => cpython_names::module_dir(m)?,
        AttrOwner::Type(t) => type_dir(t)?,
    };
    closest(name, dir).map(str::to_string)
}

/// `dir()` of the builtin type `name` (an exception class without a list of its own has
/// `BaseException`'s).
fn type_dir(name: &str) -> Option<&'static [&'static str]> {
    cpython_names::type_dir(name).or_else(|| {
        super::types::type_by_name(name)
            .filter(|t| t.kind == TypeKind::Exception)
            .and_then(|_| cpython_names::type_dir("BaseException"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_name_within_a_third_of_the_characters() {
        assert_eq!(closest("totl", &["total", "tool"]), Some("total"));
        // A case change costs half a replacement.
        assert_eq!(closest("Print", &["print", "sprint"]), Some("print"));
        // Too far apart: nothing.
        assert_eq!(closest("abc", &["xyz"]), None);
        // A tie goes to the first.
        assert_eq!(closest("ab", &["ac", "ad"]), Some("ac"));
        assert_eq!(closest("x", &["x"]), None);
    }

    #[test]
    fn suggestions_for_what_peel_raises() {
        assert_eq!(
            for_attribute_error(&AttrOwner::Type("list"), "appendd").as_deref(),
            Some("append")
        );
        assert_eq!(
            for_attribute_error(&AttrOwner::Module("asyncio"), "slep").as_deref(),
            Some("sleep")
        );
        assert_eq!(for_attribute_error(&AttrOwner::Type("str"), "zzzzzz"), None);
        assert_eq!(
            for_name_error("pritn", &[], &["main"]).as_deref(),
            Some("print")
        );
        assert_eq!(
            for_name_error("totl", &["total"], &["tot"]).as_deref(),
            Some("total")
        );
    }
}
