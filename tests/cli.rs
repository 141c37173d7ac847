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
    assert!(rows[0].ends_with("done at 2.00s"), "{}", rows[0]);
    assert!(rows[1].ends_with("done at 4.00s"), "{}", rows[1]);
    assert_eq!(rows[0].matches('█').count(), 3, "{}", rows[0]);
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
