//! The `statemachine --format python` oracle: for every program in `tests/statemachine/`,
//! CPython running peel's printed state machines (every generator replaced by a class,
//! no `yield` left) prints exactly what CPython prints for the original program.

use std::path::{Path, PathBuf};
use std::process::Command;

fn python3_available() -> bool {
    match Command::new("python3").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "python3 is required when CI=true"
            );
            eprintln!("skipping: python3 not found");
            false
        }
    }
}

fn run_python(path: &Path) -> (String, String, Option<i32>) {
    let out = Command::new("python3")
        .arg(path)
        .env("PYTHONHASHSEED", "0")
        .output()
        .expect("running python3");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// Whether CPython's own parser finds a `yield` or `yield from` in the file.
fn has_yield(path: &Path) -> bool {
    let check = "import ast, sys\n\
        tree = ast.parse(open(sys.argv[1]).read())\n\
        print(any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(tree)))";
    let out = Command::new("python3")
        .args(["-c", check])
        .arg(path)
        .output()
        .expect("running python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim() != "False"
}

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/statemachine");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/statemachine exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    files
}

#[test]
fn printed_state_machines_run_like_the_original() {
    if !python3_available() {
        return;
    }
    let files = programs();
    assert!(files.len() >= 10, "expected the generator programs");
    let out_dir = std::env::temp_dir().join(format!("peel-statemachine-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).expect("temp dir");
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable program");
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let source = peel::SourceFile::new(file.to_string_lossy().into_owned(), text);
        let compiled = match peel::compile(&source) {
            Ok(c) => c,
            Err(d) => {
                failures.push(format!(
                    "{name}: compile error\n{}",
                    d.render(&source, false)
                ));
                continue;
            }
        };
        let printed = peel::statemachine::print_python(&compiled);
        let printed_path = out_dir.join(&name);
        std::fs::write(&printed_path, &printed).expect("write printed program");
        let (want_out, want_err, want_status) = run_python(file);
        assert!(
            !want_out.is_empty(),
            "{name} prints nothing: the test would prove nothing"
        );
        let (got_out, got_err, got_status) = run_python(&printed_path);
        if (&got_out, got_status) != (&want_out, want_status) {
            failures.push(format!(
                "{name}: output differs (printed program: {})\n--- CPython on the original (status {want_status:?}):\n{want_out}{want_err}\n--- CPython on the state machines (status {got_status:?}):\n{got_out}{got_err}",
                printed_path.display()
            ));
            continue;
        }
        if has_yield(&printed_path) {
            failures.push(format!(
                "{name}: the printed program still contains a yield"
            ));
            continue;
        }
        eprintln!("ok: {name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
