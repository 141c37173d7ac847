//! Robustness: bad input must never crash peel.
//!
//! Three kinds of generated programs are fed to every stage (tokens, ast, ast as Python,
//! cfg) and, when they compile, run with a step budget so that `while True: pass` ends:
//!
//! 1. random bytes (mostly printable, some control and non-ASCII characters);
//! 2. token soups: keywords, names, numbers, strings (some unterminated), brackets
//!    (sometimes hundreds deep), operators, newlines, spaces and tabs;
//! 3. mutated programs: a lesson or test program with lines deleted, duplicated or
//!    swapped and characters deleted, inserted or swapped;
//! 4. generated valid programs (`tests/progen/`, which `tests/fuzz_diff.rs` compares with
//!    CPython), half of them mutated as in 3: programs that get past the parser and reach
//!    the later stages and the runtime.
//!
//! Each case must end in one of the expected ways: printed stage text, a `Diagnostic`,
//! or a run whose failure status comes with a traceback on stderr. A panic, a hang or
//! an empty error report fails the test, printing the case and how to replay it.
//! The Python that `--format python` prints must also parse again and print the same.
//!
//! Quick mode (`cargo test`) runs 3,000 cases. More: `PEEL_FUZZ_CASES=1000000 cargo
//! test --release --test fuzz`. `PEEL_FUZZ_SEED=N` changes the seed;
//! `PEEL_FUZZ_ONLY=I` replays case I alone.

mod common;
#[allow(dead_code)] // fuzz.rs uses only the generator
mod progen;

use std::time::Duration;

use peel::runtime::RunOptions;
use peel::{Format, SourceFile, Stage};

const DEFAULT_CASES: u64 = 3_000;
const DEFAULT_SEED: u64 = 0x9e11_5eed;
/// How long one case may take before it counts as a hang (debug builds are slow).
const CASE_TIMEOUT: Duration = Duration::from_secs(20);
/// Stop after this many failing cases: the first ones are the interesting ones.
const MAX_FAILURES: usize = 5;

/// SplitMix64: tiny, fast, and good enough to pick fuzz inputs reproducibly.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn random_bytes(rng: &mut Rng) -> String {
    let len = rng.below(200);
    let mut bytes = Vec::with_capacity(len);
    for _ in 0..len {
        let b = match rng.below(10) {
            0 => rng.next() as u8, // anything, invalid UTF-8 included
            1 => *rng.pick(b"\n\t\r \\#'\"(){}[]:;,.=!<>"), // structure
            _ => 0x20 + rng.below(0x5f) as u8, // printable ASCII
        };
        bytes.push(b);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

const SOUP: &[&str] = &[
    "def",
    "async",
    "await",
    "yield",
    "from",
    "return",
    "if",
    "elif",
    "else",
    "while",
    "for",
    "in",
    "not",
    "and",
    "or",
    "is",
    "try",
    "except",
    "finally",
    "raise",
    "with",
    "as",
    "lambda",
    "global",
    "nonlocal",
    "pass",
    "break",
    "continue",
    "del",
    "assert",
    "import",
    "class",
    "None",
    "True",
    "False",
    "x",
    "y",
    "f",
    "print",
    "range",
    "len",
    "asyncio",
    "_",
    "0",
    "1",
    "42",
    "3.5",
    "1e400",
    "0x1f",
    "10**100",
    "'s'",
    "\"t\"",
    "'''doc'''",
    "f'{x}'",
    "f'{x:>4}'",
    "f'{'",
    "'unterminated",
    "\"\"\"open",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ";",
    ".",
    "=",
    "==",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "<",
    ">",
    "<=",
    "!=",
    "+=",
    "->",
    "@",
    "~",
    "^",
    "|",
    "&",
    "\\",
    "\n",
    "\n",
    "\n",
    "    ",
    "    ",
    "\t",
    " ",
    " ",
    "#c",
    "é",
    "\u{0}",
];

fn token_soup(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(60) {
        let token = *rng.pick::<&str>(SOUP);
        text.push_str(token);
        if rng.chance(60) {
            text.push(' ');
        }
    }
    if rng.chance(3) {
        // Deep nesting: around CPython's limit of 200 brackets and far beyond.
        let depth = *rng.pick(&[199, 200, 201, 5_000]);
        let open = *rng.pick(&["(", "[", "{", "f("]);
        text = format!("{text}x = {}1{}\n", open.repeat(depth), ")".repeat(depth));
    }
    if rng.chance(3) {
        // Deep indentation.
        for level in 0..rng.below(150) {
            text.push_str(&format!("{}if x:\n", " ".repeat(level)));
        }
    }
    text
}

fn mutate(rng: &mut Rng, corpus: &[String]) -> String {
    let original = rng.pick(corpus);
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(4) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(7) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3..=5 => {
                let mut chars: Vec<char> = lines[i].chars().collect();
                if !chars.is_empty() {
                    let k = rng.below(chars.len());
                    match rng.below(3) {
                        0 => {
                            chars.remove(k);
                        }
                        1 => chars.insert(
                            k,
                            *rng.pick(&['(', ')', ':', ' ', '\t', '"', '\'', 'x', '*', '0']),
                        ),
                        _ => {
                            let l = rng.below(chars.len());
                            chars.swap(k, l);
                        }
                    }
                }
                lines[i] = chars.into_iter().collect();
            }
            _ => {
                // Re-indent a line: the layout rules get exercised.
                let body = lines[i].trim_start().to_string();
                lines[i] = format!("{}{body}", " ".repeat(rng.below(13)));
            }
        }
    }
    let mut text = lines.join("\n");
    if rng.chance(80) {
        text.push('\n');
    }
    text
}

/// How a case ended, when it ended well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// A compile-time diagnostic.
    Rejected,
    /// Compiled and ran to the end (status 0).
    Ran,
    /// Compiled, then stopped with an error (a traceback, or the step budget).
    Failed,
}

/// Runs every stage on one input; `Err` describes what went wrong.
fn check(text: String) -> Result<Outcome, String> {
    common::guarded(CASE_TIMEOUT, move || {
        let source = SourceFile::new("fuzz.py", text);
        for (stage, format) in [
            (Stage::Tokens, Format::Text),
            (Stage::Ast, Format::Text),
            (Stage::Ast, Format::Python),
            (Stage::Cfg, Format::Text),
        ] {
            match peel::dump(&source, stage, format) {
                Ok(_) => {}
                Err(Ok(diagnostic)) => {
                    let rendered = diagnostic.render(&source, false);
                    if !rendered.contains(&diagnostic.headline()) {
                        return Err(format!("{stage:?}: the rendered diagnostic lacks its headline:\n{rendered}"));
                    }
                }
                Err(Err(message)) => return Err(format!("{stage:?} {format:?}: {message}")),
            }
        }
        // What peel prints as Python must parse again, and print the same.
        if let Ok(printed) = peel::dump(&source, Stage::Ast, Format::Python) {
            let again = SourceFile::new("printed.py", printed.clone());
            match peel::dump(&again, Stage::Ast, Format::Python) {
                Ok(twice) if twice == printed => {}
                Ok(twice) => {
                    return Err(format!(
                        "printing the printed program changes it:\n--- once\n{printed}\n--- twice\n{twice}"
                    ))
                }
                Err(e) => return Err(format!("the printed program does not parse ({e:?}):\n{printed}")),
            }
        }
        if peel::compile(&source).is_err() {
            return Ok(Outcome::Rejected);
        }
        let options = RunOptions {
            step_budget: Some(10_000),
            ..Default::default()
        };
        let out = peel::run_captured(&source, &options);
        if out.status == 0 {
            return Ok(Outcome::Ran);
        }
        // Only `SystemExit` (`exit(3)`, `raise SystemExit(1)`) ends a program quietly.
        let may_exit = source
            .text
            .split(|c: char| !(c == '_' || c.is_alphanumeric()))
            .any(|w| matches!(w, "exit" | "quit" | "SystemExit"));
        if out.stderr.trim().is_empty() && !may_exit {
            return Err(format!("run failed with status {} but printed no error", out.status));
        }
        Ok(Outcome::Failed)
    })
    .and_then(|r| r)
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
}

#[test]
fn bad_input_never_crashes() {
    let cases = env_number("PEEL_FUZZ_CASES").unwrap_or(DEFAULT_CASES);
    let seed = env_number("PEEL_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_number("PEEL_FUZZ_ONLY");
    let mut corpus: Vec<String> = common::python_files("examples", true)
        .into_iter()
        .chain(common::python_files("tests/programs", false))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if corpus.is_empty() {
        corpus.push("x = 1\nprint(x)\n".to_string());
    }
    let mut failures = Vec::new();
    let started = std::time::Instant::now();
    let mut done = 0u64;
    let mut outcomes = [0u64; 3]; // Rejected, Ran, Failed
    for index in only.map_or(0..cases, |i| i..i + 1) {
        // Each case has its own generator, so any case can be replayed alone.
        let mut rng = Rng::new(seed ^ index.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let (kind, text) = match index % 4 {
            0 => ("random bytes", random_bytes(&mut rng)),
            1 => ("token soup", token_soup(&mut rng)),
            2 => ("mutated program", mutate(&mut rng, &corpus)),
            _ => {
                let program = progen::Program::generate(rng.next()).text;
                if rng.chance(50) {
                    ("generated program", program)
                } else {
                    ("mutated generated program", mutate(&mut rng, &[program]))
                }
            }
        };
        done += 1;
        let result = check(text.clone());
        if let Ok(outcome) = result {
            outcomes[outcome as usize] += 1;
        }
        if let Err(problem) = result {
            let shown: String = text.chars().take(1500).collect();
            failures.push(format!(
                "case {index} ({kind}); replay with PEEL_FUZZ_SEED={seed} PEEL_FUZZ_ONLY={index}\n\
                 problem: {problem}\ninput: {shown:?}\n"
            ));
            if failures.len() >= MAX_FAILURES {
                break;
            }
        }
        if index > 0 && index % 100_000 == 0 {
            eprintln!("fuzz: {index} cases in {:?}", started.elapsed());
        }
    }
    let [rejected, ran, failed] = outcomes;
    eprintln!(
        "fuzz: {done} cases (seed {seed}) in {:?}: {rejected} rejected at compile time, \
         {ran} ran to the end, {failed} stopped with an error",
        started.elapsed()
    );
    if failures.is_empty() && only.is_none() && done >= 300 {
        // A fuzzer whose inputs never get past the parser tests little: the mutated
        // programs must often still compile and run.
        assert!(
            ran + failed >= done / 8,
            "too few fuzz cases compiled ({} of {done}): the generators need work",
            ran + failed
        );
    }
    assert!(
        failures.is_empty(),
        "{} failing fuzz case(s):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
