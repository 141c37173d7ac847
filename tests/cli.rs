//! The `peel` command line, run as a user would: exit statuses, where output goes,
//! standard input, colour switches and usage errors.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{last_line, root, run_command, ProcessOutput};

const TIMEOUT: Duration = Duration::from_secs(60);

fn peel(args: &[&str]) -> ProcessOutput {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peel"));
    cmd.args(args).current_dir(root()).env_remove("NO_COLOR");
    run_command(&mut cmd, TIMEOUT).unwrap_or_else(|e| panic!("peel {args:?}: {e}"))
}

fn peel_with_stdin(args: &[&str], input: &str) -> ProcessOutput {
    let mut child = Command::new(env!("CARGO_BIN_EXE_peel"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting peel");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("writing to peel's stdin");
    let out = child.wait_with_output().expect("waiting for peel");
    ProcessOutput {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code(),
    }
}

#[test]
fn run_prints_the_program_output() {
    let out = peel(&["run", "examples/04_control_flow.py"]);
    assert_eq!(out.status, Some(0), "stderr:\n{}", out.stderr);
    assert!(
        out.stdout.starts_with("-4 is negative\n"),
        "stdout:\n{}",
        out.stdout
    );
    assert!(out.stderr.is_empty(), "stderr:\n{}", out.stderr);
}

#[test]
fn run_reads_standard_input_for_dash() {
    let out = peel_with_stdin(&["run", "-"], "for i in range(3):\n    print(i * i)\n");
    assert_eq!(
        (out.stdout.as_str(), out.status),
        ("0\n1\n4\n", Some(0)),
        "stderr:\n{}",
        out.stderr
    );
}

#[test]
fn runtime_error_is_a_traceback_with_status_1() {
    let out = peel(&["run", "examples/errors/type_error_add.py"]);
    assert_eq!(out.status, Some(1));
    assert_eq!(out.stdout, "6\n");
    assert!(
        out.stderr
            .starts_with("Traceback (most recent call last):\n"),
        "stderr:\n{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("examples/errors/type_error_add.py\", line 5, in total"),
        "stderr:\n{}",
        out.stderr
    );
    assert_eq!(
        last_line(&out.stderr),
        "TypeError: unsupported operand type(s) for +: 'int' and 'str'"
    );
}

#[test]
fn check_compiles_without_running() {
    let ok = peel(&["check", "examples/01_values_and_printing.py"]);
    assert_eq!(ok.status, Some(0), "stderr:\n{}", ok.stderr);
    assert!(
        ok.stdout.is_empty(),
        "check must not run the program:\n{}",
        ok.stdout
    );
    // A program whose only problem shows up when it runs passes the check.
    let runtime = peel(&["check", "examples/errors/zero_division.py"]);
    assert_eq!(runtime.status, Some(0), "stderr:\n{}", runtime.stderr);
}

#[test]
fn compile_error_points_at_file_line_and_column() {
    let out = peel(&[
        "check",
        "--color",
        "never",
        "examples/errors/return_outside_function.py",
    ]);
    assert_eq!(out.status, Some(1));
    assert!(
        out.stderr
            .contains("SyntaxError: 'return' outside function"),
        "stderr:\n{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("examples/errors/return_outside_function.py:3:1"),
        "stderr:\n{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains('\u{1b}'),
        "--color never printed escape codes:\n{}",
        out.stderr
    );
    let run = peel(&[
        "run",
        "--color",
        "never",
        "examples/errors/return_outside_function.py",
    ]);
    assert_eq!((run.status, run.stdout.as_str()), (Some(1), ""));
}

#[test]
fn no_color_and_color_switches() {
    let file = "examples/errors/break_outside_loop.py";
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peel"));
    cmd.args(["check", "--color", "auto", file])
        .current_dir(root())
        .env("NO_COLOR", "1");
    let out = run_command(&mut cmd, TIMEOUT).expect("running peel");
    assert!(
        !out.stderr.contains('\u{1b}'),
        "NO_COLOR=1 printed escape codes:\n{}",
        out.stderr
    );
    let always = peel(&["check", "--color", "always", file]);
    assert!(
        always.stderr.contains('\u{1b}'),
        "--color always printed no colour:\n{}",
        always.stderr
    );
    assert_eq!(always.status, Some(1));
}

#[test]
fn dump_tokens_shows_the_layout_tokens() {
    let out = peel(&["dump", "--stage", "tokens", "examples/04_control_flow.py"]);
    assert_eq!(out.status, Some(0), "stderr:\n{}", out.stderr);
    for token in ["INDENT", "DEDENT", "NEWLINE"] {
        assert!(
            out.stdout.contains(token),
            "no {token} in the tokens:\n{}",
            out.stdout
        );
    }
}

#[test]
fn dump_every_stage() {
    for (stage, format) in [
        ("tokens", None),
        ("ast", None),
        ("ast", Some("python")),
        ("cfg", None),
    ] {
        let mut args = vec!["dump", "--stage", stage];
        if let Some(format) = format {
            args.extend(["--format", format]);
        }
        args.push("examples/05_functions.py");
        let out = peel(&args);
        assert_eq!(
            out.status,
            Some(0),
            "peel {args:?}: stderr:\n{}",
            out.stderr
        );
        assert!(
            !out.stdout.trim().is_empty(),
            "peel {args:?} printed nothing"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &[
            "dump",
            "--stage",
            "no-such-stage",
            "examples/05_functions.py",
        ],
        &["run"],
        &["run", "--color", "sometimes", "examples/05_functions.py"],
    ] {
        let out = peel(args);
        assert_eq!(
            out.status,
            Some(2),
            "peel {args:?}: stderr:\n{}",
            out.stderr
        );
        assert!(!out.stderr.is_empty(), "peel {args:?} gave no message");
    }
}

#[test]
fn missing_file_is_an_error_not_a_crash() {
    let out = peel(&["run", "examples/no_such_lesson.py"]);
    assert!(
        matches!(out.status, Some(1) | Some(2)),
        "status {:?}",
        out.status
    );
    assert!(
        out.stderr.contains("no_such_lesson.py"),
        "stderr:\n{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "stderr:\n{}", out.stderr);
}

#[test]
fn help_lists_the_commands_with_examples() {
    let out = peel(&["--help"]);
    assert_eq!(out.status, Some(0));
    for word in ["run", "dump", "check", "--color"] {
        assert!(
            out.stdout.contains(word),
            "--help does not mention {word}:\n{}",
            out.stdout
        );
    }
}

#[test]
fn trace_goes_to_stderr_and_leaves_stdout_alone() {
    let plain = peel(&["run", "examples/41_sequential_vs_gather.py"]);
    let traced = peel(&["run", "--trace", "examples/41_sequential_vs_gather.py"]);
    assert_eq!(traced.status, Some(0));
    assert_eq!(plain.stdout, traced.stdout);
    let first = traced.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "trace    0.000s Task-1 main(): Unresumed -> Suspend48, waits on sleep(1.0) until 1.000s"
    );
}

#[test]
fn timeline_draws_text_or_writes_svg() {
    let text = peel(&["run", "--timeline", "examples/42_tasks.py"]);
    assert_eq!(text.status, Some(0));
    assert!(text.stderr.starts_with("timeline: "), "{}", text.stderr);
    assert!(text.stderr.contains("juicer brew()"), "{}", text.stderr);

    let dir = std::env::temp_dir().join(format!("peel-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg = dir.join("tasks.svg");
    let arg = format!("--timeline={}", svg.display());
    let out = peel(&["run", &arg, "examples/42_tasks.py"]);
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    let picture = std::fs::read_to_string(&svg).expect("the SVG was written");
    assert!(picture.starts_with("<svg"));
    assert!(picture.contains("juicer brew()"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn timeline_keeps_tasks_apart_when_named_alike_or_renamed() {
    let program = "import asyncio\n\
async def work(d):\n    await asyncio.sleep(d)\n    asyncio.current_task().set_name('renamed')\n    await asyncio.sleep(d)\n\
async def main():\n    a = asyncio.create_task(work(1), name='twin')\n    b = asyncio.create_task(work(2), name='twin')\n    await asyncio.gather(a, b)\n\
asyncio.run(main())\n";
    let out = peel_with_stdin(&["run", "--timeline", "-"], program);
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    // Each task keeps its own row, under the name it had when it last ran, and its own
    // steps: the one sleeping 1 s twice is done at 2 s, the other at 4 s.
    let rows: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("work()"))
        .collect();
    assert_eq!(rows.len(), 2, "{}", out.stderr);
    assert!(
        rows[0].trim_start().starts_with("renamed work()"),
        "{}",
        rows[0]
    );
    assert!(rows[0].ends_with("done at 2s"), "{}", rows[0]);
    assert!(rows[1].ends_with("done at 4s"), "{}", rows[1]);
    assert_eq!(rows[0].matches('┃').count(), 3, "{}", rows[0]);
}

#[test]
fn tasks_awaiting_each_other_in_a_circle_cancel_into_a_recursion_error() {
    // CPython's `Task.cancel()` recurses through `_fut_waiter.cancel()`: endlessly here.
    let program = r#"import asyncio
async def main():
    tasks = {}
    async def first():
        await tasks['second']
    async def second():
        await tasks['first']
    tasks['first'] = asyncio.create_task(first())
    tasks['second'] = asyncio.create_task(second())
    await asyncio.sleep(0)
    try:
        tasks['first'].cancel()
    except RecursionError as e:
        print('RecursionError:', e)
asyncio.run(main())
"#;
    let out = peel_with_stdin(&["run", "-"], program);
    assert!(
        out.stdout.starts_with(
            "RecursionError: maximum recursion depth exceeded while calling a Python object\n"
        ),
        "stdout:\n{}\nstderr:\n{}",
        out.stdout,
        out.stderr
    );
    assert_eq!(out.status, Some(1), "stderr:\n{}", out.stderr);
    assert!(!out.stderr.contains("overflow"), "{}", out.stderr);
}

/// A scratch folder of this test process's own, for programs written by a test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("peel-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Waits for a child with a time limit, collecting its stderr (read on a thread, so a
/// chatty child never blocks on it).
fn wait_for(mut child: std::process::Child, what: &str) -> ProcessOutput {
    use std::io::Read;
    let mut pipe = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let start = std::time::Instant::now();
    let status = loop {
        match child.try_wait().expect("waiting for the child") {
            Some(status) => break status,
            None if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} did not stop within {TIMEOUT:?}");
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    ProcessOutput {
        stdout: String::new(),
        stderr: reader.join().unwrap_or_default(),
        status: status.code(),
    }
}

/// Runs `program args` with its standard output a pipe nobody reads any more: every
/// write fails with EPIPE, as once `| head -1` has read its line. CPython runs with its
/// default buffering (no PYTHONUNBUFFERED).
fn into_closed_pipe(program: &str, args: &[&str]) -> ProcessOutput {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let child = Command::new(program)
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("PYTHONUNBUFFERED")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {program}: {e}"));
    wait_for(child, &format!("{program} {args:?}"))
}

/// Runs `program args`, reads `bytes` bytes of its output, and closes the pipe, as
/// `| head -c BYTES` does.
fn into_head(program: &str, args: &[&str], bytes: usize) -> ProcessOutput {
    use std::io::Read;
    let mut child = Command::new(program)
        .args(args)
        .current_dir(root())
        .env_remove("PYTHONUNBUFFERED")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {program}: {e}"));
    let mut head = vec![0; bytes];
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_exact(&mut head)
        .expect("reading the first bytes");
    wait_for(child, &format!("{program} {args:?} | head -c {bytes}"))
}

#[test]
fn a_dump_into_a_closed_pipe_stops_quietly() {
    for stage in ["tokens", "cfg", "statemachine"] {
        let args = [
            "dump",
            "--stage",
            stage,
            "examples/48_timeouts_and_cancellation.py",
        ];
        let out = into_closed_pipe(env!("CARGO_BIN_EXE_peel"), &args);
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (Some(0), ""),
            "peel {args:?} | head -1"
        );
    }
}

#[test]
fn a_program_printing_forever_into_head_ends_with_broken_pipe_error() {
    let dir = scratch("spam");
    let file = dir.join("spam.py");
    std::fs::write(&file, "while True:\n    print('spam')\n").expect("writing spam.py");
    let path = file.to_str().expect("a UTF-8 path");
    let out = into_head(env!("CARGO_BIN_EXE_peel"), &["run", path], 50);
    assert_eq!(out.status, Some(1), "stderr:\n{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!(
            "Traceback (most recent call last):\n  File \"{path}\", line 2, in <module>\n    \
             print('spam')\nBrokenPipeError: [Errno 32] Broken pipe\n"
        )
    );
    if common::python_available("a_program_printing_forever_into_head") {
        let cpython = into_head("python3", &[path], 50);
        assert_eq!((out.status, &out.stderr), (cpython.status, &cpython.stderr));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_program_writing_to_a_closed_pipe_does_what_cpython_does() {
    let programs = [
        // The print that fills the buffer raises.
        (
            "forever",
            "n = 0\nwhile True:\n    n += 1\n    print('spam', n)\n",
        ),
        // Nothing fails until the end, where flushing stdout does: status 120.
        ("at_exit", "print('a few bytes')\n"),
        ("then_raises", "print('a')\nx = 1 / 0\n"),
        // A program can catch it: an OSError with errno 32.
        (
            "caught",
            "try:\n    while True:\n        print('spam')\nexcept OSError as e:\n    \
             ok = type(e) is BrokenPipeError and isinstance(e, ConnectionError)\n    \
             ok = ok and str(e) == '[Errno 32] Broken pipe' and e.strerror == 'Broken pipe'\n    \
             raise SystemExit(e.errno if ok else 99)\n",
        ),
        // Caught, and printing on: each full buffer raises again.
        (
            "caught_twice",
            "caught = 0\nwhile caught < 2:\n    try:\n        print('x' * 100)\n    \
             except BrokenPipeError:\n        caught += 1\nprint('done')\n",
        ),
    ];
    let dir = scratch("closed");
    let mut expected = vec![
        (
            "forever",
            Some(1),
            "BrokenPipeError: [Errno 32] Broken pipe".to_string(),
        ),
        (
            "at_exit",
            Some(120),
            "BrokenPipeError: [Errno 32] Broken pipe".to_string(),
        ),
        ("caught", Some(32), String::new()),
    ];
    let python = common::python_available("a_program_writing_to_a_closed_pipe");
    for (name, text) in programs {
        let file = dir.join(format!("{name}.py"));
        std::fs::write(&file, text).expect("writing the program");
        let path = file.to_str().expect("a UTF-8 path");
        let out = into_closed_pipe(env!("CARGO_BIN_EXE_peel"), &["run", path]);
        if let Some(i) = expected.iter().position(|(n, _, _)| *n == name) {
            let (_, status, last) = expected.remove(i);
            assert_eq!(
                (out.status, last_line(&out.stderr)),
                (status, last.as_str()),
                "{name}: stderr:\n{}",
                out.stderr
            );
        }
        if python {
            let cpython = into_closed_pipe("python3", &[path]);
            assert_eq!(
                (out.status, &out.stderr),
                (cpython.status, &cpython.stderr),
                "{name}: peel, then CPython"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn trace_and_timeline_into_a_closed_stderr_leave_the_program_alone() {
    let plain = peel(&["run", "examples/42_tasks.py"]);
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_peel"))
        .args(["run", "--trace", "--timeline", "examples/42_tasks.py"])
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(writer)
        .spawn()
        .expect("starting peel");
    let out = child.wait_with_output().expect("waiting for peel");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), plain.stdout);
}

/// What peel writes to stderr when stderr is a terminal, with `NO_COLOR` set to `value`.
#[cfg(target_os = "linux")]
fn stderr_on_a_terminal(args: &[&str], no_color: &str) -> String {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty stores two new file descriptors in the two ints; the null pointers
    // ask for no name, no terminal settings and no window size.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty failed");
    // SAFETY: both descriptors were opened just now, and nothing else owns them.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let status = Command::new(env!("CARGO_BIN_EXE_peel"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", no_color)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(slave))
        .status()
        .expect("running peel");
    assert!(status.code().is_some());
    // The only open end of the terminal's other side is gone: read until the end.
    let mut text = Vec::new();
    let _ = std::fs::File::from(master).read_to_end(&mut text);
    String::from_utf8_lossy(&text).into_owned()
}

#[cfg(target_os = "linux")]
#[test]
fn only_a_non_empty_no_color_turns_colour_off() {
    let args = ["check", "examples/errors/break_outside_loop.py"];
    let empty = stderr_on_a_terminal(&args, "");
    assert!(
        empty.contains('\u{1b}'),
        "NO_COLOR='' turned colour off:\n{empty}"
    );
    assert!(
        empty.contains("SyntaxError: 'break' outside loop"),
        "{empty}"
    );
    let set = stderr_on_a_terminal(&args, "1");
    assert!(!set.contains('\u{1b}'), "NO_COLOR=1 kept colour:\n{set}");
    assert!(set.contains("SyntaxError: 'break' outside loop"), "{set}");
}

#[test]
fn every_error_of_peel_s_own_starts_with_error() {
    let cases: [&[&str]; 5] = [
        &["run", "examples/no_such_lesson.py"],
        &["run", "examples"],
        &[
            "check",
            "--color",
            "never",
            "examples/errors/break_outside_loop.py",
        ],
        &[
            "dump",
            "--stage",
            "cfg",
            "--pass",
            "for",
            "examples/05_functions.py",
        ],
        // clap's own usage errors look the same.
        &["frobnicate"],
    ];
    for args in cases {
        let out = peel(args);
        assert!(
            out.stderr.starts_with("error: "),
            "peel {args:?}: stderr:\n{}",
            out.stderr
        );
        for other in ["Error:", "peel:"] {
            assert!(
                !out.stderr.lines().any(|l| l.starts_with(other)),
                "peel {args:?}:\n{}",
                out.stderr
            );
        }
    }
}

#[test]
fn a_directory_is_not_a_program() {
    for command in ["run", "check"] {
        let out = peel(&[command, "examples"]);
        // python3 DIR exits 1 (there is no __main__.py in it); 2 is for usage errors.
        assert_eq!(out.status, Some(1), "peel {command}: {}", out.stderr);
        assert_eq!(
            out.stderr,
            "error: can't open file 'examples': [Errno 21] Is a directory\n"
        );
    }
    let missing = peel(&["run", "examples/no_such_lesson.py"]);
    assert_eq!(missing.status, Some(2), "as python3: {}", missing.stderr);
    assert_eq!(
        missing.stderr,
        "error: can't open file 'examples/no_such_lesson.py': [Errno 2] No such file or directory\n"
    );
}

#[test]
fn pass_given_several_times_runs_those_passes_in_pipeline_order() {
    let lesson = "examples/41_sequential_vs_gather.py";
    let dump = |passes: &[&str]| {
        let mut args = vec!["dump", "--stage", "desugar"];
        for p in passes {
            args.extend(["--pass", p]);
        }
        args.push(lesson);
        let out = peel(&args);
        assert_eq!(out.status, Some(0), "{args:?}: {}", out.stderr);
        out.stdout
    };
    // The await pass rewrites the awaits the spill pass made statements of their own.
    let both = dump(&["await", "spill"]);
    assert_eq!(
        both,
        dump(&["spill", "await"]),
        "the order given does not matter"
    );
    assert_eq!(both, dump(&["spill,await"]), "a list works too");
    assert!(!both.contains("await count("), "{both}");
    assert!(
        both.contains("_result = yield from _awaitable(count(name))"),
        "{both}"
    );
    assert!(
        both.contains("for name in"),
        "the for pass did not run:\n{both}"
    );
    assert_ne!(both, dump(&["await"]));
    assert_ne!(both, dump(&["spill"]));
    // Every pass is the whole desugar stage.
    let all = dump(&[
        "genexpr",
        "for",
        "async-with",
        "spill",
        "await",
        "yield-from",
    ]);
    assert_eq!(all, peel(&["dump", "--stage", "desugar", lesson]).stdout);
    let unknown = peel(&["dump", "--stage", "desugar", "--pass", "for,nope", lesson]);
    assert_eq!(unknown.status, Some(2));
    assert!(
        unknown
            .stderr
            .starts_with("error: no desugar pass named 'nope'"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn state_machine_text_keeps_its_columns_past_nine_states() {
    // Eight yields: states 0 to 10.
    let mut program = String::from("def g():\n");
    for i in 0..8 {
        program.push_str(&format!("    x{i} = yield {i}\n"));
    }
    program.push_str("    return x0\nprint(list(g()))\n");
    let out = peel_with_stdin(&["dump", "--stage", "statemachine", "-"], &program);
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    // Each state's line has its name and its description at the same columns, and
    // each `keeps` line lines up with the descriptions.
    let states: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(states.len(), 11, "{}", out.stdout);
    let column_of = |line: &str, what: &str| line.find(what).map(|i| line[..i].chars().count());
    let name_at = column_of(states[10], "Suspend").expect("state 10 is a suspension");
    let what_at = column_of(states[10], "at the yield").expect("a description");
    for line in &states {
        let colon = line.find(':').expect("N: name");
        assert_eq!(
            line[colon + 2..].chars().next().map(char::is_alphabetic),
            Some(true)
        );
        assert_eq!(colon + 2, name_at, "{}", out.stdout);
        let desc = line[colon + 2..]
            .find(' ')
            .map(|i| i + colon + 2)
            .expect("a name");
        let desc = desc + line[desc..].len() - line[desc..].trim_start().len();
        assert_eq!(desc, what_at, "{}", out.stdout);
    }
    for keeps in out
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("keeps"))
    {
        assert_eq!(column_of(keeps, "keeps"), Some(what_at), "{}", out.stdout);
    }
}

/// CPython hashes a task by its address, so the order a set of tasks iterates in (the
/// `done` set of `asyncio.wait`) depends on the allocator and cannot be compared with
/// CPython; peel hashes a task by its number, so such a set iterates in creation order.
#[test]
fn a_set_of_tasks_iterates_in_creation_order() {
    let program = "import asyncio\n\
        async def w(n):\n    await asyncio.sleep(n % 3)\n\
        async def main():\n\
        \x20   ts = [asyncio.create_task(w(i), name=f't{i}') for i in range(8)]\n\
        \x20   done, pending = await asyncio.wait(ts, timeout=1.5)\n\
        \x20   print([t.get_name() for t in done], [t.get_name() for t in pending])\n\
        asyncio.run(main())\n";
    let out = peel_with_stdin(&["run", "-"], program);
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "['t0', 't1', 't3', 't4', 't6', 't7'] ['t2', 't5']\n"
    );
}
