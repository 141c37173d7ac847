//! Source files CPython refuses before it compiles anything: bytes that are not UTF-8.
//! peel must print CPython's line and status for them, byte for byte, from the command
//! line (these files cannot be oracle programs: the oracle reads programs as text).
//! The other source checks (NUL bytes, nested blocks, long literals, NFKC names) are
//! oracle programs in `tests/programs/`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines().last().unwrap_or("").to_string()
}

/// Runs `argv` with `stdin`, returning its output.
fn run(program: &str, args: &[&str], stdin: &[u8]) -> Option<Output> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(stdin).ok()?;
    child.wait_with_output().ok()
}

fn python_or_skip() -> bool {
    let ok = Command::new("python3").arg("--version").output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "python3 is required under CI"
    );
    ok
}

/// A folder of this test's own for its files.
fn folder(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("peel-source-checks-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

fn same_as_cpython(path: &Path, stdin: &[u8]) {
    let peel = env!("CARGO_BIN_EXE_peel");
    let shown = path.display().to_string();
    let (peel_args, python_args) = if stdin.is_empty() {
        (vec!["run", shown.as_str()], vec![shown.as_str()])
    } else {
        (vec!["run", "-"], vec!["-"])
    };
    let ours = run(peel, &peel_args, stdin).expect("peel runs");
    let theirs = run("python3", &python_args, stdin).expect("python3 runs");
    assert_eq!(
        (ours.status.code(), last_line(&ours.stderr)),
        (theirs.status.code(), last_line(&theirs.stderr)),
        "peel (left) and python3 (right) on {shown}"
    );
    assert!(ours.stdout.is_empty(), "nothing may run");
}

#[test]
fn source_that_is_not_utf8_is_cpythons_syntax_error() {
    if !python_or_skip() {
        return;
    }
    let dir = folder("utf8");
    let cases: &[(&str, &[u8])] = &[
        ("bad_byte.py", b"print('runs?')\ny = '\xff'\n"),
        ("truncated.py", b"x = 1\n\n# caf\xc3(\nprint(x)\n"),
        ("first_line.py", b"\xe9t\xe9 = 1\n"),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        same_as_cpython(&path, b"");
    }
    same_as_cpython(&dir.join("stdin"), b"x = 1\ny = '\xff'\n");
    let _ = std::fs::remove_dir_all(dir);
}

/// A NUL byte anywhere (here in a comment) is refused before anything runs. `python3
/// FILE` words it "source code cannot contain null bytes"; the oracle's runner compiles a
/// string, for which CPython says "source code string ...", so this is checked here.
#[test]
fn a_null_byte_is_cpythons_syntax_error() {
    if !python_or_skip() {
        return;
    }
    let dir = folder("nul");
    let path = dir.join("null_byte.py");
    std::fs::write(&path, b"print('before')\nx = 1  # \x00\nprint(x)\n").expect("write");
    let shown = path.display().to_string();
    let ours = run(
        env!("CARGO_BIN_EXE_peel"),
        &["run", "--color", "never", &shown],
        b"",
    )
    .expect("peel runs");
    let theirs = run("python3", &[&shown], b"").expect("python3 runs");
    let expected = "SyntaxError: source code cannot contain null bytes";
    assert_eq!(last_line(&theirs.stderr), expected);
    assert_eq!(ours.status.code(), theirs.status.code());
    let headline = String::from_utf8_lossy(&ours.stderr)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert_eq!(headline, format!("error: {expected} ({shown}:2:10)"));
    assert!(ours.stdout.is_empty() && theirs.stdout.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}
