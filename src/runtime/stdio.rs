//! The program's standard output, buffered the way CPython buffers `sys.stdout`.
//!
//! `print` does not write to the terminal or the pipe at once: text collects in a buffer
//! and goes out in chunks, because one system call per `print` is slow. CPython's
//! `sys.stdout` collects up to 8192 bytes when it writes to a pipe or a file, and sends
//! every line at once when it writes to a terminal (someone is watching). peel does the
//! same, and so a program sees a failed write where CPython's sees it:
//!
//! - When the reader of a pipe has gone away (`peel run prog.py | head -1`), the write
//!   that empties the buffer fails with `EPIPE`. That is the `print` whose text did not
//!   fit, and it raises `BrokenPipeError: [Errno 32] Broken pipe`, an `OSError` the
//!   program may catch. The chunk that failed is dropped, as CPython's `TextIOWrapper`
//!   drops it, so the next `print` starts a fresh buffer.
//! - An explicit flush (the end of the run, or before a traceback or `--trace` line goes
//!   to stderr) keeps the text when it fails, as CPython's `BufferedWriter.flush()` does,
//!   so the run's last flush tries again and reports what it could not write:
//!   `Exception ignored in: <_io.TextIOWrapper name='<stdout>' ...>` and exit status 120.
//!
//! The runtime turns a failed write into the Python exception CPython raises for it
//! (`os_error`).

use std::io::{self, Write};
use std::rc::Rc;

use super::types;
use super::value::{PyException, Value};

/// CPython's `TextIOWrapper` chunk: how much `print` collects before writing it out.
pub const CHUNK: usize = 8192;

/// What CPython prints when flushing `sys.stdout` fails at the end of a run.
pub const STDOUT_REPR: &str = "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>";

/// CPython's exit status when the interpreter could not flush standard output at exit.
pub const FLUSH_FAILED_STATUS: i32 = 120;

/// Standard output with CPython's buffering (see the module doc).
pub struct ProgramStdout {
    sink: Box<dyn Write>,
    pending: Vec<u8>,
    /// Written out at every newline, as CPython's stdout is when it is a terminal.
    line_buffered: bool,
}

impl ProgramStdout {
    pub fn new(sink: Box<dyn Write>, line_buffered: bool) -> ProgramStdout {
        ProgramStdout {
            sink,
            pending: Vec::with_capacity(CHUNK),
            line_buffered,
        }
    }

    /// Sends the buffer to the sink; the buffer is emptied even when that fails.
    fn write_pending(&mut self) -> io::Result<()> {
        let result = self.sink.write_all(&self.pending);
        self.pending.clear();
        result?;
        self.sink.flush()
    }
}

impl Write for ProgramStdout {
    /// `TextIOWrapper.write`: a text that does not fit sends the buffer out first; a full
    /// buffer (or a line, to a terminal) goes out after it.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.pending.is_empty() && self.pending.len() + buf.len() > CHUNK {
            self.write_pending()?;
        }
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= CHUNK || (self.line_buffered && buf.contains(&b'\n')) {
            self.write_pending()?;
        }
        Ok(buf.len())
    }

    /// `BufferedWriter.flush`: what could not be written stays, to be tried again.
    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.sink.write_all(&self.pending)?;
            self.pending.clear();
        }
        self.sink.flush()
    }
}

/// The exception CPython raises for a failed write: `BrokenPipeError(32, 'Broken pipe')`
/// when the reader has gone, an `OSError(errno, strerror)` for anything else.
pub fn os_error(e: &io::Error) -> Rc<PyException> {
    let class = match e.kind() {
        io::ErrorKind::BrokenPipe => "BrokenPipeError",
        _ => "OSError",
    };
    let Some(errno) = e.raw_os_error() else {
        return types::new_exception(class, e.to_string());
    };
    // io::Error shows an OS error as "strerror (os error N)": CPython shows strerror.
    let text = e.to_string();
    let strerror = text
        .strip_suffix(&format!(" (os error {errno})"))
        .unwrap_or(&text)
        .to_string();
    types::new_exception_with_args(
        types::exception_class(class),
        vec![Value::Int(errno.into()), Value::str(strerror)],
    )
}

/// stderr as CPython opens it, with `errors='backslashreplace'`: a lone surrogate in a
/// traceback or a warning is written as its escape (`\ud800`), never as bytes.
pub struct BackslashSurrogates(pub Box<dyn Write>);

impl Write for BackslashSurrogates {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Text reaches here whole (`write!` passes each formatted `str` at once), so a
        // stand-in's four bytes are never split between two calls.
        match std::str::from_utf8(buf) {
            Ok(text) if crate::pyrepr::may_hold_surrogate(text) => {
                let mut escaped = String::with_capacity(text.len() + 8);
                for c in text.chars() {
                    if crate::pyrepr::is_surrogate(c) {
                        escaped.push_str(&format!("\\u{:04x}", crate::pyrepr::code_point(c)));
                    } else {
                        escaped.push(c);
                    }
                }
                self.0.write_all(escaped.as_bytes())?;
                Ok(buf.len())
            }
            _ => self.0.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Text about to be encoded as UTF-8 (written to stdout, or `str.encode()`): a lone
/// surrogate cannot be, and CPython's strict encoder raises `UnicodeEncodeError('utf-8',
/// text, start, end, 'surrogates not allowed')` for the first run of them.
pub fn check_encodable(text: &str) -> Result<(), Rc<PyException>> {
    if !crate::pyrepr::may_hold_surrogate(text) {
        return Ok(());
    }
    let mut chars = text.chars().enumerate();
    let Some((start, _)) = chars.find(|&(_, c)| crate::pyrepr::is_surrogate(c)) else {
        return Ok(());
    };
    let run = 1 + chars
        .take_while(|&(_, c)| crate::pyrepr::is_surrogate(c))
        .count();
    let position = |n: usize| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
    Err(types::new_exception_with_args(
        types::exception_class("UnicodeEncodeError"),
        vec![
            Value::str("utf-8"),
            Value::str(text),
            position(start),
            position(start + run),
            Value::str("surrogates not allowed"),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A sink that records each write, and fails every write once `broken` is set.
    #[derive(Clone, Default)]
    struct Pipe {
        writes: Rc<RefCell<Vec<Vec<u8>>>>,
        broken: Rc<std::cell::Cell<bool>>,
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.broken.get() {
                return Err(io::Error::from_raw_os_error(32));
            }
            self.writes.borrow_mut().push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn collects_a_chunk_before_writing() {
        let pipe = Pipe::default();
        let mut out = ProgramStdout::new(Box::new(pipe.clone()), false);
        for _ in 0..2000 {
            out.write_all(b"spam\n").unwrap();
        }
        // 1638 lines fill 8190 bytes; the next one does not fit.
        let writes = pipe
            .writes
            .borrow()
            .iter()
            .map(Vec::len)
            .collect::<Vec<_>>();
        assert_eq!(writes, vec![8190]);
        out.flush().unwrap();
        assert_eq!(pipe.writes.borrow().len(), 2);
    }

    #[test]
    fn a_terminal_gets_every_line() {
        let pipe = Pipe::default();
        let mut out = ProgramStdout::new(Box::new(pipe.clone()), true);
        out.write_all(b"one ").unwrap();
        assert!(pipe.writes.borrow().is_empty());
        out.write_all(b"two\n").unwrap();
        assert_eq!(*pipe.writes.borrow(), vec![b"one two\n".to_vec()]);
    }

    #[test]
    fn a_failed_chunk_is_dropped_and_a_failed_flush_kept() {
        let pipe = Pipe::default();
        let mut out = ProgramStdout::new(Box::new(pipe.clone()), false);
        out.write_all(&[b'x'; CHUNK - 1]).unwrap();
        pipe.broken.set(true);
        let e = out.write_all(b"yy").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
        // The chunk is gone, and the text that did not fit with it too.
        out.write_all(b"z").unwrap();
        assert!(out.flush().is_err());
        assert!(out.flush().is_err(), "a failed flush keeps its text");
        pipe.broken.set(false);
        out.flush().unwrap();
        assert_eq!(*pipe.writes.borrow(), vec![b"z".to_vec()]);
    }

    #[test]
    fn broken_pipe_is_broken_pipe_error_with_errno_32() {
        let e = os_error(&io::Error::from_raw_os_error(32));
        assert_eq!(e.class.name, "BrokenPipeError");
        assert_eq!(
            super::super::ops::exception_str_value(&e),
            "[Errno 32] Broken pipe"
        );
    }
}
