//! CPython as the oracle: every program in `examples/` (errors included) and in
//! `tests/programs/` is run by python3 (through `tests/oracle/pyrun.py`, which puts
//! asyncio on a virtual clock) and by peel, and the two must agree:
//!
//! - a program that compiles: same stdout, same exit status, and, when the status is not
//!   0, the same last line of stderr (`ZeroDivisionError: division by zero`);
//! - a program peel rejects at compile time: CPython must reject it too (status 1, no
//!   output), and peel's headline (`SyntaxError: 'return' outside function`) must appear
//!   in the last line CPython printed.
//!
//! A program may declare where peel deliberately differs from CPython with a comment
//! `# peel: raises LAST-LINE` (e.g. an `AttributeError` for a typo, where CPython suggests
//! a name peel does not have and peel suggests none): peel must then end with status 1 and
//! that last line, and its stdout must be the start of CPython's. (Valid Python outside
//! peel's subset is not run here: it lives in `tests/unsupported/`.)
//!
//! A program whose whole stderr must match too (asyncio's reports on stderr, which a
//! program that ends normally prints) says so with a comment `# peel: same stderr`.
//!
//! Every mismatch is collected and reported together, as diffs. Without python3 the
//! tests say so and pass, except under `CI=true`, where they fail.
//!
//! The same file also checks the runner itself, and that `peel dump --stage ast
//! --format python` prints programs that CPython runs with the same output.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{
    deadlock_as_the_runner_reports_it, diff, differences, guarded, last_line, python_available,
    rel, run_cpython, run_peel,
};
use peel::runtime::RunOptions;
use peel::{Format, SourceFile, Stage};

const CPYTHON_TIMEOUT: Duration = Duration::from_secs(30);
const PEEL_TIMEOUT: Duration = Duration::from_secs(60);

/// The programs the oracle compares: every lesson, every bad program, every test program,
/// and the state-machine stage's programs (`tests/statemachine/`, which that stage's own
/// test checks in their printed form).
fn oracle_programs() -> Vec<PathBuf> {
    let mut files = common::python_files("examples", true);
    files.extend(common::python_files("tests/programs", false));
    files.extend(common::python_files("tests/statemachine", false));
    files
}

/// The `# peel: ...` directives among a program's leading comments, without the prefix.
fn directives(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .filter_map(|l| l.strip_prefix("# peel: ").map(str::trim))
}

/// Reads `# peel: raises LAST-LINE`.
fn deliberate_difference(text: &str) -> Option<String> {
    directives(text).find_map(|d| d.strip_prefix("raises ").map(|s| s.trim().to_string()))
}

/// The program says `# peel: same stderr`.
fn wants_same_stderr(text: &str) -> bool {
    directives(text).any(|d| d == "same stderr")
}

/// Compares peel with CPython on one program; `None` when they agree.
fn compare(path: &Path) -> Option<String> {
    let name = rel(path);
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return Some(format!("=== {name}: cannot be read: {e}\n")),
    };
    let cpython = match run_cpython(path, CPYTHON_TIMEOUT) {
        Ok(out) => out,
        Err(e) => return Some(format!("=== {name}: the CPython oracle failed: {e}\n")),
    };
    // peel gets the absolute path, as CPython (3.9+) shows the main script's path.
    let shown = path.display().to_string();
    let source = SourceFile::new(shown.clone(), text.clone());
    let compiled = guarded(PEEL_TIMEOUT, move || peel::compile(&source).err());
    let diagnostic = match compiled {
        Ok(diagnostic) => diagnostic,
        Err(e) => return Some(format!("=== {name}: peel's compiler {e}\n")),
    };
    let mut report = String::new();
    if let Some(diagnostic) = diagnostic {
        let headline = diagnostic.headline();
        let cpy_last = last_line(&cpython.stderr);
        if cpython.status != Some(1) || !cpy_last.contains(&headline) {
            report.push_str(&format!(
                "=== {name}: compile error\n  peel:    {headline}\n  CPython: status {:?}, last line {cpy_last:?}\n",
                cpython.status
            ));
        }
        return (!report.is_empty()).then_some(report);
    }
    let mut peel = match run_peel(&shown, &text, RunOptions::default(), PEEL_TIMEOUT) {
        Ok(out) => out,
        Err(e) => return Some(format!("=== {name}: peel {e}\n")),
    };
    peel.stderr = deadlock_as_the_runner_reports_it(&peel.stderr);
    if let Some(expected_last) = deliberate_difference(&text) {
        if !cpython.stdout.starts_with(&peel.stdout) {
            report.push_str(&format!(
                "=== {name}: stdout is not the start of CPython's (- CPython, + peel)\n{}",
                diff(&cpython.stdout, &peel.stdout)
            ));
        }
        if peel.status != 1 || last_line(&peel.stderr) != expected_last {
            report.push_str(&format!(
                "=== {name}: expected peel to end with status 1 and {expected_last:?}\n  got status {}, last line {:?}\n",
                peel.status,
                last_line(&peel.stderr)
            ));
        }
        return (!report.is_empty()).then_some(report);
    }
    report.push_str(&differences(
        &name,
        &cpython,
        peel.status,
        &peel.stdout,
        &peel.stderr,
        "peel",
    ));
    if wants_same_stderr(&text) && cpython.stderr != peel.stderr {
        report.push_str(&format!(
            "=== {name}: stderr differs (- CPython, + peel)\n{}",
            diff(&cpython.stderr, &peel.stderr)
        ));
    }
    (!report.is_empty()).then_some(report)
}

fn fail_with(what: &str, total: usize, failures: &[String]) {
    if !failures.is_empty() {
        panic!(
            "{} of {total} programs: {what}\n\n{}\n{} of {total} programs: {what}",
            failures.len(),
            failures.join("\n"),
            failures.len()
        );
    }
}

#[test]
fn peel_prints_what_cpython_prints() {
    if !python_available("peel_prints_what_cpython_prints") {
        return;
    }
    let programs = oracle_programs();
    assert!(
        programs.len() >= 40,
        "expected the lessons, errors and test programs, found {}",
        programs.len()
    );
    let failures: Vec<String> = common::parallel_map(&programs, |p| compare(p))
        .into_iter()
        .flatten()
        .collect();
    fail_with("peel differs from CPython", programs.len(), &failures);
}

/// Prints one program at `stage` as Python and runs both under CPython; `None` when they
/// behave the same.
fn roundtrip(path: &Path, stage: Stage, out_dir: &Path) -> Option<String> {
    let name = rel(path);
    let Ok(text) = std::fs::read_to_string(path) else {
        return Some(format!("=== {name}: cannot be read\n"));
    };
    let source = SourceFile::new(path.display().to_string(), text);
    let printed = match guarded(PEEL_TIMEOUT, move || {
        peel::dump(&source, stage, Format::Python)
    }) {
        Ok(Ok(printed)) => printed,
        Ok(Err(Ok(d))) => return Some(format!("=== {name}: does not parse: {}\n", d.headline())),
        Ok(Err(Err(message))) => return Some(format!("=== {name}: {message}\n")),
        Err(e) => return Some(format!("=== {name}: the {} printer {e}\n", stage.name())),
    };
    let copy = out_dir.join(&name);
    let written = copy
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&copy, &printed));
    if let Err(e) = written {
        return Some(format!(
            "=== {name}: cannot write {}: {e}\n",
            copy.display()
        ));
    }
    let (original, reprinted) = match (
        run_cpython(path, CPYTHON_TIMEOUT),
        run_cpython(&copy, CPYTHON_TIMEOUT),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Some(format!("=== {name}: CPython failed: {e}\n")),
    };
    let report = differences(
        &format!("{name} (printed as Python: {})", copy.display()),
        &original,
        reprinted.status.unwrap_or(-1),
        &reprinted.stdout,
        &reprinted.stderr,
        "the printed program",
    );
    (!report.is_empty()).then_some(report)
}

/// Every program (lessons and test programs) printed at `stage` as Python must run under
/// CPython exactly like the original: the proof that each rewrite keeps the meaning.
/// Programs left out of the printed-Python checks (see `printed_stage_runs_the_same`).
const PRINTS_ITS_SOURCE_LINES: &[&str] = &[
    "tests/programs/async_reprs.py",
    "tests/programs/async_loop_handles.py",
    "tests/programs/async_internal_reprs.py",
];

/// Programs whose stdout shows that a coroutine object is not a generator (`throw()` into
/// a finished one, the word in "coroutine ignored GeneratorExit"): in the printed stages an
/// `async def` is a generator function or a class, which CPython treats as a generator.
const SHOWS_A_COROUTINE_IS_NOT_A_GENERATOR: &[&str] = &["tests/programs/async_coroutine_edges.py"];

/// Programs whose stdout shows a generator expression's names (`<genexpr>`): from the
/// desugar stage on, a generator expression is a `def _genexpr`, which CPython names by
/// its `def`. (`peel run` still names it `<genexpr>`, and is checked on them.)
const SHOWS_A_GENERATOR_EXPRESSIONS_NAME: &[&str] = &["tests/programs/genexpr_names.py"];

/// Programs that show when a captured variable's value ends: in the state machines printed
/// as Python, a generator's cells live in the frame of its factory, which the class made
/// there keeps until CPython's cycle collector runs, long after the generator ends (see
/// the limits in `statemachine/python.rs`).
const SHOWS_WHEN_A_CELL_ENDS: &[&str] = &["tests/programs/gen_lifetime_captured_variable.py"];

/// Programs that show when a loop's iterator ends as an exception leaves the loop: in the
/// printed stages the iterator is a variable (`_iter_numbers`), which CPython keeps as it
/// keeps every variable, where its own `for` keeps it on the frame's value stack, emptied
/// as the exception goes. (The CFG says which variables stand for the stack, `peel run`
/// lets go of them as CPython does, and is checked on them.)
const SHOWS_WHEN_A_LOOPS_ITERATOR_ENDS: &[&str] =
    &["tests/programs/uncaught_in_for_closes_iterator.py"];

fn printed_stage_runs_the_same(test: &str, stage: Stage) {
    if !python_available(test) {
        return;
    }
    let mut programs = common::python_files("examples", false);
    programs.extend(common::python_files("tests/programs", false));
    // A program whose stdout names its own source lines (a task's repr shows
    // `coro=<f() running at FILE:LINE>`) cannot print the same once rewritten: the printed
    // form is another file, with other line numbers. `peel run` is still checked on it.
    programs.retain(|p| !PRINTS_ITS_SOURCE_LINES.iter().any(|x| p.ends_with(x)));
    programs.retain(|p| {
        !SHOWS_A_COROUTINE_IS_NOT_A_GENERATOR
            .iter()
            .any(|x| p.ends_with(x))
    });
    if stage != Stage::Ast {
        programs.retain(|p| {
            !SHOWS_A_GENERATOR_EXPRESSIONS_NAME
                .iter()
                .any(|x| p.ends_with(x))
        });
    }
    if stage == Stage::StateMachine {
        programs.retain(|p| !SHOWS_WHEN_A_CELL_ENDS.iter().any(|x| p.ends_with(x)));
    }
    if stage != Stage::Ast {
        programs.retain(|p| {
            !SHOWS_WHEN_A_LOOPS_ITERATOR_ENDS
                .iter()
                .any(|x| p.ends_with(x))
        });
    }
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{}-python", stage.name()));
    let failures: Vec<String> = common::parallel_map(&programs, |p| roundtrip(p, stage, &out_dir))
        .into_iter()
        .flatten()
        .collect();
    fail_with(
        &format!(
            "the {} stage printed as Python runs differently",
            stage.name()
        ),
        programs.len(),
        &failures,
    );
}

/// What peel rejects as outside its subset (`tests/unsupported/`) must be valid Python:
/// CPython compiles every one of those programs, and peel's diagnostic says "peel does not
/// support", not that the program is wrong.
#[test]
fn unsupported_programs_are_valid_python() {
    if !python_available("unsupported_programs_are_valid_python") {
        return;
    }
    let programs = common::python_files("tests/unsupported", false);
    assert!(!programs.is_empty(), "no programs in tests/unsupported");
    let mut failures = Vec::new();
    for path in &programs {
        let name = rel(path);
        let out = common::run_command(
            std::process::Command::new("python3").args([
                "-c",
                "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')",
                &path.display().to_string(),
            ]),
            CPYTHON_TIMEOUT,
        );
        match out {
            Ok(o) if o.status == Some(0) => {}
            Ok(o) => failures.push(format!("=== {name}: CPython rejects it\n{}", o.stderr)),
            Err(e) => failures.push(format!("=== {name}: python3 failed: {e}\n")),
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let source = SourceFile::new(name.clone(), text);
        let headline = guarded(PEEL_TIMEOUT, move || {
            peel::compile(&source).err().map(|d| d.headline())
        });
        match headline {
            Ok(Some(h)) if h.contains("peel does not support") => {}
            Ok(Some(h)) => failures.push(format!("=== {name}: peel says {h}\n")),
            Ok(None) => failures.push(format!("=== {name}: peel accepts it\n")),
            Err(e) => failures.push(format!("=== {name}: peel's compiler {e}\n")),
        }
    }
    fail_with(
        "valid Python that peel must reject as unsupported",
        programs.len(),
        &failures,
    );
}

/// `peel dump --stage ast --format python`.
#[test]
fn ast_printed_as_python_runs_the_same() {
    printed_stage_runs_the_same("ast_printed_as_python_runs_the_same", Stage::Ast);
}

/// `peel dump --stage desugar` (every generator expression, `for` loop, `yield from` and
/// suspension inside an expression rewritten).
#[test]
fn desugared_program_runs_the_same() {
    printed_stage_runs_the_same("desugared_program_runs_the_same", Stage::Desugar);
}

/// `peel dump --stage statemachine --format python`: every generator replaced by a plain
/// class with `__next__`, `send`, `throw` and `close`, no `yield` anywhere.
#[test]
fn state_machines_printed_as_python_run_the_same() {
    printed_stage_runs_the_same(
        "state_machines_printed_as_python_run_the_same",
        Stage::StateMachine,
    );
}

/// Programs for the runner itself: (name, source, expected stdout, expected status).
const RUNNER_CASES: &[(&str, &str, &str, i32)] = &[
    (
        "gather_of_sleeps",
        "import asyncio, time\n\
         async def job(name, delay):\n    await asyncio.sleep(delay)\n    print(name, 'done at', time.perf_counter())\n    return name\n\
         async def main():\n    start = time.perf_counter()\n    got = await asyncio.gather(job('a', 1), job('b', 1), job('c', 0.5))\n    print(got, time.perf_counter() - start)\n\
         asyncio.run(main())\n",
        "c done at 0.5\na done at 1.0\nb done at 1.0\n['a', 'b', 'c'] 1.0\n",
        0,
    ),
    (
        "sleeps_and_clock_functions",
        "import asyncio, time\n\
         start = time.time()\ntime.sleep(2)\nprint(time.time() - start, time.monotonic(), time.perf_counter_ns(), time.time_ns())\n\
         async def main():\n    t = time.monotonic()\n    await asyncio.sleep(3600 * 48)\n    print(time.monotonic() - t)\n\
         \x20   try:\n        await asyncio.wait_for(asyncio.sleep(10), timeout=2.5)\n    except asyncio.TimeoutError:\n        print('timed out at', time.time())\n\
         asyncio.run(main())\n",
        "2.0 2.0 2000000000 2000000000\n172800.0\ntimed out at 172804.5\n",
        0,
    ),
    (
        "tasks_interleave_in_creation_order",
        "import asyncio\n\
         async def worker(name, n):\n    for i in range(n):\n        print(name, i)\n        await asyncio.sleep(1)\n\
         async def main():\n    a = asyncio.create_task(worker('a', 3))\n    b = asyncio.create_task(worker('b', 2))\n    await a\n    await b\n    print('loop time', asyncio.get_running_loop().time())\n\
         asyncio.run(main())\n",
        "a 0\nb 0\na 1\nb 1\na 2\nloop time 3.0\n",
        0,
    ),
    (
        "uncaught_exception_in_a_task",
        "import asyncio\n\
         async def boom():\n    await asyncio.sleep(1)\n    raise ValueError('late')\n\
         print('before')\nasyncio.run(boom())\n",
        "before\n",
        1,
    ),
    (
        "deadlock_is_reported_not_waited_for",
        "import asyncio\n\
         async def main():\n    await asyncio.get_running_loop().create_future()\n\
         asyncio.run(main())\n",
        "",
        peel::runtime::DEADLOCK_STATUS,
    ),
    (
        "deadlocked_tasks_are_cancelled_then_the_run_stops",
        "import asyncio\n\
         async def main():\n    try:\n        await asyncio.Event().wait()\n    finally:\n        print('cleaned up')\n\
         asyncio.run(main())\nprint('not reached')\n",
        "cleaned up\n",
        peel::runtime::DEADLOCK_STATUS,
    ),
];

/// The runner gives exact virtual times, never sleeps, and reports errors like
/// `python3 FILE`.
#[test]
fn oracle_runner_is_virtual_and_faithful() {
    if !python_available("oracle_runner_is_virtual_and_faithful") {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("runner-cases");
    std::fs::create_dir_all(&dir).expect("creating the cases directory");
    let mut failures = Vec::new();
    for (name, source, stdout, status) in RUNNER_CASES {
        let path = dir.join(format!("{name}.py"));
        std::fs::write(&path, source).expect("writing a case");
        let started = std::time::Instant::now();
        // A case sleeps for up to two virtual days: a real sleep would blow the limit.
        let out = match run_cpython(&path, Duration::from_secs(20)) {
            Ok(out) => out,
            Err(e) => {
                failures.push(format!("=== {name}: {e}\n"));
                continue;
            }
        };
        if out.stdout != *stdout || out.status != Some(*status) {
            failures.push(format!(
                "=== {name}: status {:?} (expected {status})\n{}stderr:\n{}\n",
                out.status,
                diff(stdout, &out.stdout),
                out.stderr
            ));
        }
        if started.elapsed() > Duration::from_secs(10) {
            failures.push(format!(
                "=== {name}: took {:?} of real time\n",
                started.elapsed()
            ));
        }
    }
    // Errors look exactly as `python3 FILE` prints them: the runner's frames are hidden.
    for path in common::python_files("examples/errors", false) {
        let plain = common::run_command(
            std::process::Command::new("python3").arg(&path),
            CPYTHON_TIMEOUT,
        );
        let ours = run_cpython(&path, CPYTHON_TIMEOUT);
        match (plain, ours) {
            (Ok(plain), Ok(ours)) => {
                if plain.stderr != ours.stderr
                    || plain.status != ours.status
                    || plain.stdout != ours.stdout
                {
                    failures.push(format!(
                        "=== {}: runner differs from python3 (status {:?} vs {:?})\n{}",
                        rel(&path),
                        plain.status,
                        ours.status,
                        diff(&plain.stderr, &ours.stderr)
                    ));
                }
            }
            (Err(e), _) | (_, Err(e)) => failures.push(format!("=== {}: {e}\n", rel(&path))),
        }
    }
    fail_with(
        "the oracle runner misbehaves",
        RUNNER_CASES.len(),
        &failures,
    );
}
