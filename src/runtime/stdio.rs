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
