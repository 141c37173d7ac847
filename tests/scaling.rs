//! Compile time grows linearly with the program: no stage of `peel check` or `peel dump`
//! may spend time on a pair of things (every temporary against every other, every
//! suspension against every block, every token against the start of its line).
//!
//! Each test times one input against a *baseline* of the same size that has no long
//! stretch for a quadratic step to feed on: one generator with thousands of `yield`s
//! against many small generators with the same `yield`s in all; one line of a hundred
//! thousand tokens against the same tokens over many lines. A linear compiler does both
//! in about the same time; one that is quadratic in a function's or a line's length is
//! tens of times slower on the first. Comparing two timings taken side by side (the
//! faster of a few runs each) keeps the test meaningful on a slow or busy machine, where
//! an absolute time limit would not be.

use std::time::{Duration, Instant};

use peel::{Format, SourceFile, Stage};

/// The shortest of `runs` timings of `f`.
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

/// What `peel dump` prints at each stage: the tokens and the tree from the source, and
/// with `compiled_stages` the later stages from one compilation (`peel dump` compiles once
/// per stage).
fn print_every_stage(text: &str, compiled_stages: bool) {
    let source = SourceFile::new("scaling.py", text);
    let tokens = peel::lexer::tokenize(&source.text).expect("tokenizes");
    peel::lexer::print_tokens(&source, &tokens);
    let module = peel::parser::parse_module(&source.text).expect("parses");
    peel::ast::print::tree(&module, &source);
    peel::ast::print::python(&module);
    if compiled_stages {
        let c = peel::compile(&source).expect("compiles");
        peel::cfg::print(&c.program, &source);
        peel::ast::print::python_desugared(&c.desugared);
        peel::liveness::print(&c.program, &c.liveness, &source);
        peel::statemachine::print(&c.program, &c.machines);
        peel::statemachine::print_dot(&c.program, &c.machines);
    }
}

/// `slow` may take at most `factor` times as long as `baseline` (same amount of code).
fn assert_linear(what: &str, slow: &str, baseline: &str, compiled_stages: bool, factor: u32) {
    let run = |text: &str| {
        let text = text.to_string();
        peel::with_big_stack(move || fastest(2, || print_every_stage(&text, compiled_stages)))
    };
    let (long, spread) = (run(slow), run(baseline));
    eprintln!("{what}: {long:?}, spread out: {spread:?}");
    assert!(
        long <= spread * factor,
        "{what}: {long:?}, against {spread:?} for the same code spread out (at most {factor}x)"
    );
}

/// A generator of `n` statements `total += yield i`: each `yield` inside an expression
/// makes two temporaries, a state and a handful of blocks.
fn generator(name: &str, n: usize) -> String {
    let mut s = format!("def {name}():\n    total = 0\n");
    for i in 0..n {
        s += &format!("    total += yield {i}\n");
    }
    s + "    return total\n"
}

/// Issue 14: a generator with 10,000 `yield` expressions took 15 s to compile (names of
/// temporaries tried one by one, a set of every slot per block in liveness, every block
/// searched for a delegation at each yield, the state names compared with each other).
#[test]
fn a_long_generator_compiles_as_fast_as_many_short_ones() {
    let n = 6_000;
    let long = generator("g", n) + "print(sum(g()))\n";
    let mut many = String::new();
    for k in 0..n / 100 {
        many += &generator(&format!("g{k}"), 100);
    }
    many += "print(sum(g0()))\n";
    assert_linear("one generator of 6,000 yields", &long, &many, true, 4);
}

/// Issue 14: `peel dump --stage tokens` of a one-megabyte line took 39 s: every token's
/// column was counted from the start of its line.
#[test]
fn a_long_line_is_printed_as_fast_as_many_short_ones() {
    let n = 200_000;
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    let long = format!("x = [{}]\nprint(len(x))\n", items.join(", "));
    let short: Vec<String> = items
        .chunks(10)
        .map(|c| format!("x = [{}]\n", c.join(", ")))
        .collect();
    let many = short.concat() + "print(len(x))\n";
    assert_linear("a line of 200,000 numbers", &long, &many, false, 4);
}

/// Issue 14: a line with more than 26 `yield`s ran out of letters for its states'
/// names (`Suspend3b` ... `Suspend3z`) and searched for a free one forever.
#[test]
fn a_line_with_hundreds_of_yields_names_every_state() {
    let yields: Vec<String> = (0..300).map(|i| format!("(yield {i})")).collect();
    let text = format!(
        "def g():\n    t = ({})\n    print(len(t))\n",
        yields.join(", ")
    );
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let source = SourceFile::new("yields.py", text);
        let _ = done.send(peel::dump(&source, Stage::StateMachine, Format::Text));
    });
    let printed = wait
        .recv_timeout(Duration::from_secs(120))
        .expect("naming 300 states on one line did not finish")
        .unwrap_or_else(|e| panic!("{:?}", e.map(|d| d.message)));
    for name in [
        "Suspend2 ",
        "Suspend2b ",
        "Suspend2z ",
        "Suspend2_27 ",
        "Suspend2_300 ",
    ] {
        assert!(printed.contains(name), "no state {name}in:\n{printed}");
    }
}

/// Issue 14: every `obj[i] = v` searched the source after `i` for its `]`, to have a span
/// ready in case the store failed. A store whose brackets hold a long comment made every
/// iteration read it; now the search happens only for an error.
#[test]
fn a_store_reads_the_source_only_when_it_fails() {
    let comment = format!("    # {}\n", "x".repeat(200)).repeat(5_000);
    let loop_with = |inside: &str| {
        format!("d = {{}}\nfor i in range(10000):\n    d[i\n{inside}    ] = i\nprint(len(d))\n")
    };
    let far = format!("{comment}{}", loop_with(""));
    let near = loop_with(&comment);
    let run = |text: String| {
        peel::with_big_stack(move || {
            let source = SourceFile::new("stores.py", text);
            let options = peel::runtime::RunOptions::default();
            fastest(2, || {
                let out = peel::run_captured(&source, &options);
                assert_eq!(out.stdout, "10000\n", "{}", out.stderr);
            })
        })
    };
    let (inside, outside) = (run(near), run(far));
    eprintln!("stores: comment in the brackets {inside:?}, before the loop {outside:?}");
    assert!(
        inside <= outside * 4,
        "10,000 stores took {inside:?} with a 1 MB comment in their brackets, {outside:?} without"
    );
}

/// The program `benches/compile/generate.py` writes for the compile benchmark is one
/// peel accepts and runs as CPython does (so the benchmark times real work on a valid
/// program); checked here on a small size.
#[test]
fn the_compile_benchmark_program_runs_as_in_cpython() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = std::process::Command::new("python3")
        .arg(root.join("benches/compile/generate.py"))
        .arg("1500")
        .output();
    let generated = match generated {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).expect("UTF-8"),
        other => {
            assert!(
                std::env::var_os("CI").is_none(),
                "python3 is needed to generate the benchmark program: {other:?}"
            );
            eprintln!("python3 not found: skipping");
            return;
        }
    };
    assert_eq!(generated.lines().count(), 1500);
    let expected = std::process::Command::new("python3")
        .arg("-c")
        .arg(&generated)
        .output()
        .expect("python3 runs");
    assert!(expected.status.success(), "{expected:?}");
    let out = peel::with_big_stack(move || {
        let source = SourceFile::new("generated.py", generated);
        peel::run_captured(&source, &peel::runtime::RunOptions::default())
    });
    assert_eq!((out.status, out.stderr.as_str()), (0, ""));
    assert_eq!(out.stdout, String::from_utf8_lossy(&expected.stdout));
}
