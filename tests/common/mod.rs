//! Helpers shared by the integration tests: finding the programs to test, running peel
//! safely (big stack, panics caught, a time limit), running CPython through the oracle
//! runner, and printing line diffs.
//!
//! Each test binary uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use peel::runtime::RunOptions;
use peel::{RunOutput, SourceFile};

/// The crate's root directory (where `examples/` and `tests/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `path` relative to the crate root, for messages.
pub fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Every `.py` file under `dir` (relative to the crate root), sorted; into
/// subdirectories only when `recursive`.
pub fn python_files(dir: &str, recursive: bool) -> Vec<PathBuf> {
    fn walk(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if recursive {
                    walk(&path, recursive, out);
                }
            } else if path.extension().is_some_and(|e| e == "py") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join(dir), recursive, &mut files);
    files.sort();
    files
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".to_string()
    }
}

/// Runs `f` on peel's big stack with panics caught and a time limit. A panic becomes
/// `Err("panicked: ...")`, running out of time `Err("timed out ...")` (the stuck
/// thread is abandoned; the test process ends it when it exits).
pub fn guarded<T: Send + 'static>(
    timeout: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| peel::with_big_stack(f)));
        let _ = tx.send(result.map_err(|p| format!("panicked: {}", panic_message(&*p))));
    });
    match rx.recv_timeout(timeout) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("timed out after {timeout:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the runner thread died".to_string()),
    }
}

/// Runs a program with peel's library (what `peel run` does, output captured).
pub fn run_peel(
    path: &str,
    text: &str,
    options: RunOptions,
    timeout: Duration,
) -> Result<RunOutput, String> {
    let source = SourceFile::new(path, text);
    guarded(timeout, move || peel::run_captured(&source, &options))
}

/// What a process printed and how it ended.
#[derive(Debug, Clone)]
pub struct ProcessOutput {
    pub stdout: String,
    pub stderr: String,
    /// The exit status; `None` when killed by a signal.
    pub status: Option<i32>,
}

/// Runs a command with a time limit; `Err` when it cannot start or takes too long.
pub fn run_command(cmd: &mut Command, timeout: Duration) -> Result<ProcessOutput, String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    // Drain both pipes on their own threads so a chatty child never blocks on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {timeout:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for the child failed: {e}")),
        }
    };
    Ok(ProcessOutput {
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        status: status.code(),
    })
}

/// Whether python3 (CPython 3) can be run. Without it the oracle tests pass with a
/// message, except under CI (CI=true), where a missing oracle is a failure.
pub fn python_available(test: &str) -> bool {
    let ok = Command::new("python3")
        .arg("-c")
        .arg("import sys; sys.exit(0 if sys.version_info[0] == 3 else 1)")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{test}: python3 is required under CI=true (it is the test oracle) but cannot be run");
        }
        eprintln!(
            "NOTE {test}: python3 was not found, so the CPython oracle was NOT checked. \
             Install python3 (CPython 3.11) to run this test."
        );
    }
    ok
}

/// Runs a program under CPython with the virtual-clock runner `tests/oracle/pyrun.py`.
pub fn run_cpython(path: &Path, timeout: Duration) -> Result<ProcessOutput, String> {
    let runner = root().join("tests/oracle/pyrun.py");
    run_command(
        Command::new("python3")
            .arg(runner)
            .arg(path)
            .env("PYTHONHASHSEED", "0")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONIOENCODING", "utf-8"),
        timeout,
    )
}

/// The last non-empty line of a text ("" when there is none).
pub fn last_line(text: &str) -> &str {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// A line diff (`-` expected, `+` actual) with a little context, via a longest common
/// subsequence; good enough for program outputs of a few hundred lines.
pub fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    if a.len() * b.len() > 4_000_000 {
        let first = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        return format!(
            "  (outputs too long to diff; first difference at line {})\n  - {}\n  + {}\n",
            first + 1,
            a.get(first).unwrap_or(&"<end>"),
            b.get(first).unwrap_or(&"<end>")
        );
    }
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops = Vec::new(); // (tag, line)
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    // Keep changed lines and two lines of context around them.
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, (t, _))| *t != ' ')
        .map(|(k, _)| k)
        .collect();
    let keep = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= 2);
    let mut out = String::new();
    let mut skipped = false;
    for (k, (tag, line)) in ops.iter().enumerate() {
        if keep(k) {
            if skipped {
                out.push_str("  ...\n");
                skipped = false;
            }
            out.push_str(&format!("  {tag} {line}\n"));
        } else {
            skipped = true;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') && changed.is_empty() {
        out.push_str("  (the outputs differ only in the final line break)\n");
    }
    out
}

/// `f` applied to every item, on a few threads (the oracle spends its time waiting for
/// python3 processes); results come back in the items' order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                if let Ok(mut results) = results.lock() {
                    results[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was processed"))
        .collect()
}

/// The line `tests/oracle/pyrun.py` writes where CPython's event loop would wait forever.
/// It then does what peel does (cancels the waiting tasks, lets them end, and exits with
/// `DEADLOCK_STATUS`), so only the report differs: peel's says who waits on what.
pub const RUNNER_DEADLOCK_LINE: &str =
    "pyrun: the event loop would wait forever (nothing is scheduled); cancelling the tasks";

/// peel's stderr with its deadlock report (a `peel: deadlock at` line, a line per waiting
/// task, a `peel: cancelling` line) replaced by the runner's line, so that the rest of
/// stderr, the status and stdout are compared with CPython's as for any program.
pub fn deadlock_as_the_runner_reports_it(stderr: &str) -> String {
    let mut out = String::with_capacity(stderr.len());
    let mut in_report = false;
    for line in stderr.split_inclusive('\n') {
        if line.starts_with("peel: deadlock at ") {
            in_report = true;
            continue;
        }
        if in_report {
            if line.starts_with("peel: cancelling every waiting task") {
                in_report = false;
                out.push_str(RUNNER_DEADLOCK_LINE);
                out.push('\n');
            }
            continue;
        }
        out.push_str(line);
    }
    out
}

/// Stdout, status and (for a failure) last stderr line of a run against CPython's.
pub fn differences(
    name: &str,
    cpython: &ProcessOutput,
    status: i32,
    stdout: &str,
    stderr: &str,
    who: &str,
) -> String {
    let mut report = String::new();
    if cpython.stdout != stdout {
        report.push_str(&format!(
            "=== {name}: stdout differs (- CPython, + {who})\n{}",
            diff(&cpython.stdout, stdout)
        ));
    }
    if cpython.status != Some(status) {
        report.push_str(&format!(
            "=== {name}: exit status differs: CPython {:?}, {who} {status}\n",
            cpython.status
        ));
        if status != 0 {
            report.push_str(&format!(
                "  {who}'s last stderr line: {:?}\n",
                last_line(stderr)
            ));
        }
    } else if status != 0 && last_line(&cpython.stderr) != last_line(stderr) {
        report.push_str(&format!(
            "=== {name}: last stderr line differs\n  - {}\n  + {}\n",
            last_line(&cpython.stderr),
            last_line(stderr)
        ));
    }
    report
}
