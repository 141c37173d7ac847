//! Tables generated from CPython stay fresh. Each file of `tests/data/` is what a script
//! of `tests/tools/` prints when python3 runs it: CPython's answers to the cases peel is
//! tested on (`ops_cases.txt`), the names CPython's objects have (`cpython_names.txt`).
//! This test runs every script again and fails when what it prints now is not the file
//! (someone edited the file by hand, changed the cases without regenerating, or python3
//! answers differently), and when a script or a data file has no partner. Without
//! python3 it says so and passes, except under `CI=true`, where it fails.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{diff, python_available, rel, root, run_command};

/// Each generator and the file it writes.
const TABLES: &[(&str, &str)] = &[
    ("tests/tools/ops_cases.py", "tests/data/ops_cases.txt"),
    (
        "tests/tools/cpython_names.py",
        "tests/data/cpython_names.txt",
    ),
];

const TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn every_generated_table_is_what_python3_writes_now() {
    if !python_available("every_generated_table_is_what_python3_writes_now") {
        return;
    }
    let version = run_command(Command::new("python3").arg("--version"), TIMEOUT)
        .map(|o| o.stdout.trim().to_string())
        .unwrap_or_default();
    let mut failures = Vec::new();
    for &(script, data) in TABLES {
        let written = match std::fs::read_to_string(root().join(data)) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("=== {data}: cannot be read: {e}"));
                continue;
            }
        };
        let fresh = run_command(
            Command::new("python3")
                .arg(root().join(script))
                .current_dir(root())
                .env("PYTHONHASHSEED", "0")
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .env("PYTHONIOENCODING", "utf-8"),
            TIMEOUT,
        );
        match fresh {
            Ok(out) if out.status == Some(0) => {
                if out.stdout != written {
                    failures.push(format!(
                        "=== {data} is stale: {version} prints something else for it \
                         (- the file, + what python3 prints). Regenerate it with\n    \
                         python3 {script} > {data}\nand read the diff before committing.\n{}",
                        diff(&written, &out.stdout)
                    ));
                }
            }
            Ok(out) => failures.push(format!(
                "=== {script} failed (status {:?}):\n{}",
                out.status, out.stderr
            )),
            Err(e) => failures.push(format!("=== {script}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A generator without a freshness check, or a data file nobody writes, is how a table
/// goes stale unnoticed: every file of `tests/tools/` and `tests/data/` is in `TABLES`.
#[test]
fn every_generator_and_data_file_is_listed() {
    let listed = |path: &Path| {
        let path = rel(path);
        TABLES.iter().any(|&(s, d)| s == path || d == path)
    };
    let mut unlisted = Vec::new();
    for dir in ["tests/tools", "tests/data"] {
        let entries = std::fs::read_dir(root().join(dir)).expect("the folder exists");
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() && !listed(&path) {
                unlisted.push(rel(&path));
            }
        }
    }
    unlisted.sort();
    assert!(
        unlisted.is_empty(),
        "not in generated_tables.rs's TABLES (add each script with the file it writes): {unlisted:?}"
    );
    for &(script, data) in TABLES {
        assert!(root().join(script).is_file(), "{script} is missing");
        assert!(root().join(data).is_file(), "{data} is missing");
    }
}
