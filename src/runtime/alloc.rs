//! Allocations whose size the program chose.
//!
//! `"a" * n`, `[0] * n`, `"x".ljust(n)`, `bytes(n)`, `f"{x:{n}}"`: one operation, and a
//! buffer as big as the program says. When Rust cannot allocate, it aborts the process
//! (everything printed so far is lost); when CPython cannot, it raises `MemoryError`, and
//! the program may even catch it. So every buffer whose size comes from the program is
//! asked for here first, fallibly: too big for the machine is `MemoryError`, before
//! anything is built, and the size checks that CPython words as `OverflowError` (beyond
//! `sys.maxsize`) are made by each operation before it gets here, in CPython's words.

use std::rc::Rc;

use super::types::new_exception;
use super::value::{PyException, PyResult};

/// CPython's `MemoryError()` (no message).
pub fn memory_error() -> Rc<PyException> {
    new_exception("MemoryError", "")
}

/// The machine's memory, in bytes: no single buffer larger than that can be had. The
/// kernel refuses such a request from CPython's allocator, but peel's (mimalloc) reserves
/// address space without the kernel's accounting, so a request it "grants" could only be
/// met by the out-of-memory killer later, as the buffer is filled. Read once per process
/// (a fact about the machine, not about a run).
fn machine_memory() -> usize {
    static MEMORY: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *MEMORY.get_or_init(|| {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: `sysconf` only reads system configuration values.
            let (pages, page) = unsafe {
                (
                    libc::sysconf(libc::_SC_PHYS_PAGES),
                    libc::sysconf(libc::_SC_PAGESIZE),
                )
            };
            if pages > 0 && page > 0 {
                return (pages as usize).saturating_mul(page as usize);
            }
        }
        usize::MAX
    })
}

/// `MemoryError` for a buffer of `bytes` no allocation can give.
fn within_machine(bytes: Option<usize>) -> PyResult<()> {
    match bytes {
        Some(b) if b <= machine_memory() => Ok(()),
        _ => Err(memory_error()),
    }
}

/// An empty `Vec` with room for `n` items, or `MemoryError`.
pub fn vec_with_capacity<T>(n: usize) -> PyResult<Vec<T>> {
    within_machine(n.checked_mul(std::mem::size_of::<T>()))?;
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| memory_error())?;
    Ok(v)
}

/// An empty `String` with room for `n` bytes, or `MemoryError`.
pub fn string_with_capacity(n: usize) -> PyResult<String> {
    within_machine(Some(n))?;
    let mut s = String::new();
    s.try_reserve_exact(n).map_err(|_| memory_error())?;
    Ok(s)
}

/// Makes sure `n` more bytes can be added to `s`, or `MemoryError`.
pub fn reserve(s: &mut String, n: usize) -> PyResult<()> {
    within_machine(s.len().checked_add(n))?;
    s.try_reserve(n).map_err(|_| memory_error())
}

/// Makes sure `n` more items can be added to `v`, or `MemoryError`.
pub fn reserve_items<T>(v: &mut Vec<T>, n: usize) -> PyResult<()> {
    let items = v.len().checked_add(n);
    within_machine(items.and_then(|i| i.checked_mul(std::mem::size_of::<T>())))?;
    v.try_reserve(n).map_err(|_| memory_error())
}

/// `MemoryError` unless `bytes` could be allocated now: for results built by code that
/// allocates infallibly (big-int arithmetic), asked before it starts.
pub fn check_room(bytes: usize) -> PyResult<()> {
    vec_with_capacity::<u8>(bytes).map(drop)
}

/// `n` copies of `unit` one after the other (`unit * n` for strs and bytes): built by
/// doubling what is there, in a buffer allocated once.
pub fn repeat_bytes(unit: &[u8], n: usize) -> PyResult<Vec<u8>> {
    let total = unit.len().checked_mul(n).ok_or_else(memory_error)?;
    let mut out = vec_with_capacity(total)?;
    if total == 0 {
        return Ok(out);
    }
    out.extend_from_slice(unit);
    while out.len() < total {
        let more = out.len().min(total - out.len());
        out.extend_from_within(..more);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_no_machine_has_are_memory_errors() {
        // 2**62 bytes: more than any address space; asked for, not touched.
        assert_eq!(
            vec_with_capacity::<u8>(1 << 62).unwrap_err().class.name,
            "MemoryError"
        );
        assert_eq!(
            string_with_capacity(1 << 62).unwrap_err().class.name,
            "MemoryError"
        );
        assert!(check_room(1 << 62).is_err());
        assert!(repeat_bytes(b"ab", 1 << 62).is_err());
        assert!(repeat_bytes(b"ab", usize::MAX).is_err());
    }

    #[test]
    fn repeat_bytes_repeats() {
        assert_eq!(repeat_bytes(b"ab", 3).unwrap(), b"ababab");
        assert_eq!(repeat_bytes("é".as_bytes(), 5).unwrap(), "ééééé".as_bytes());
        assert!(repeat_bytes(b"ab", 0).unwrap().is_empty());
        assert!(repeat_bytes(b"", 10).unwrap().is_empty());
    }
}
