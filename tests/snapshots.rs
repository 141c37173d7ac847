//! Snapshot tests: every lesson in `examples/` printed at every stage, and run; every bad
//! program in `examples/errors/` with the diagnostic or traceback peel prints for it, and
//! every program in `tests/unsupported/` with the diagnostic that rejects it.
//!
//! Snapshots live in the top-level `snapshots/` folder, one file per stage and program,
//! named `STAGE@FILE.snap` (`tokens@01_values_and_printing.py.snap`). A change in any
//! stage's output shows up as a snapshot diff to review: run `cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test snapshots` and read `git diff snapshots/`.
//!
//! Programs are given to peel with their path relative to the crate root
//! (`examples/errors/key_error.py`), so tracebacks in snapshots do not depend on where
//! the repository was cloned.

use std::path::Path;

use peel::runtime::RunOptions;
use peel::{Format, RunOutput, SourceFile, Stage};

/// insta keeps the bookkeeping of `glob!` in one global stack, so two globs running at
/// once (tests run in parallel) would count each other's failures: run them one at a time.
static GLOB_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_glob_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    GLOB_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// The program at `path`, named relative to the crate root.
fn source(path: &Path) -> SourceFile {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {name}: {e}"));
    SourceFile::new(name, text)
}

/// A stage's printed output; a lesson that fails to compile is a test failure.
fn dump(path: &Path, stage: Stage, format: Format) -> String {
    let source = source(path);
    let result = peel::with_big_stack(move || match peel::dump(&source, stage, format) {
        Ok(text) => Ok(text),
        Err(Ok(diagnostic)) => Err(diagnostic.render(&source, false)),
        Err(Err(message)) => Err(message),
    });
    result.unwrap_or_else(|e| panic!("{}: {stage:?} {format:?} failed:\n{e}", path.display()))
}

/// What `peel run` prints, in one text: exit status, stdout, stderr.
fn run(path: &Path) -> String {
    let source = source(path);
    let RunOutput {
        stdout,
        stderr,
        status,
    } = peel::with_big_stack(move || peel::run_captured(&source, &RunOptions::default()));
    format!("exit status: {status}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

macro_rules! stage_test {
    ($test:ident, $name:literal, $stage:expr, $format:expr) => {
        #[test]
        fn $test() {
            let _lock = one_glob_at_a_time();
            settings().bind(|| {
                insta::glob!("../examples", "*.py", |path| {
                    insta::assert_snapshot!($name, dump(path, $stage, $format));
                });
            });
        }
    };
}

stage_test!(tokens, "tokens", Stage::Tokens, Format::Text);
stage_test!(ast, "ast", Stage::Ast, Format::Text);
stage_test!(ast_python, "ast_python", Stage::Ast, Format::Python);
stage_test!(desugar, "desugar", Stage::Desugar, Format::Python);
stage_test!(cfg, "cfg", Stage::Cfg, Format::Text);
stage_test!(liveness, "liveness", Stage::Liveness, Format::Text);
stage_test!(
    statemachine,
    "statemachine",
    Stage::StateMachine,
    Format::Text
);
stage_test!(
    statemachine_python,
    "statemachine_python",
    Stage::StateMachine,
    Format::Python
);
stage_test!(
    statemachine_dot,
    "statemachine_dot",
    Stage::StateMachine,
    Format::Dot
);

#[test]
fn run_output() {
    let _lock = one_glob_at_a_time();
    settings().bind(|| {
        insta::glob!("../examples", "*.py", |path| {
            insta::assert_snapshot!("run", run(path));
        });
    });
}

/// The async lessons (40-59) with `--trace`: every event-loop step, between the lines it prints.
#[test]
fn run_trace() {
    let _lock = one_glob_at_a_time();
    settings().bind(|| {
        insta::glob!("../examples", "[45]*.py", |path| {
            let source = source(path);
            let options = RunOptions {
                trace: true,
                ..RunOptions::default()
            };
            let out = peel::with_big_stack(move || peel::run_captured(&source, &options));
            insta::assert_snapshot!("trace", out.stderr);
        });
    });
}

/// The async lessons' (40-59) `--timeline` chart.
#[test]
fn run_timeline() {
    let _lock = one_glob_at_a_time();
    settings().bind(|| {
        insta::glob!("../examples", "[45]*.py", |path| {
            let source = source(path);
            let options = RunOptions {
                timeline: true,
                ..RunOptions::default()
            };
            let (_, timeline) =
                peel::with_big_stack(move || peel::run_captured_recorded(&source, &options));
            let chart = timeline.map(|t| t.render_text(60)).unwrap_or_default();
            insta::assert_snapshot!("timeline", chart);
        });
    });
}

/// Bad programs: the compile-time diagnostic (colour off) or the runtime traceback.
#[test]
fn errors() {
    let _lock = one_glob_at_a_time();
    settings().bind(|| {
        insta::glob!("../examples/errors", "*.py", |path| {
            insta::assert_snapshot!("error", run(path));
        });
    });
}

/// Valid Python outside peel's subset (`tests/unsupported/`): the diagnostic that rejects
/// it before anything runs (the oracle test checks that CPython compiles each one).
#[test]
fn unsupported() {
    let _lock = one_glob_at_a_time();
    settings().bind(|| {
        insta::glob!("../tests/unsupported", "*.py", |path| {
            insta::assert_snapshot!("unsupported", run(path));
        });
    });
}

/// Every stage `peel dump` offers must have a snapshot test above: when a stage is
/// added to `Stage::ALL`, add its `stage_test!` line (and this list).
#[test]
fn every_stage_is_snapshot_tested() {
    let tested = [
        "tokens",
        "ast",
        "desugar",
        "cfg",
        "liveness",
        "statemachine",
    ];
    for (name, _) in peel::Stage::ALL {
        assert!(
            tested.contains(name),
            "the stage {name:?} has no snapshot test in tests/snapshots.rs"
        );
    }
}
