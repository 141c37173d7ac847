//! The `peel` command line: a thin shell over the library. It reads files, picks colours and
//! exit codes, and prints what the library returns; all the work happens in `peel::*`.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use peel::{Format, SourceFile, Stage};

/// A running program allocates and frees small objects on every step (a sleep, a wrapper,
/// a list): mimalloc does that in about half the instructions of the system allocator, and
/// packs them without a per-object header.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps the process's memory in ordinary 4 KiB pages. mimalloc asks the kernel for
/// transparent huge pages for its arenas, and then touching one byte of a fresh region
/// makes 2 MiB resident: the resident memory of a run would say more about where its
/// objects happen to fall than about how many there are. peel reports memory as resident
/// memory (benches/many_tasks.py: bytes per suspended task), so it opts out, as mimalloc's
/// `allow_thp=0` option would (read when the allocator starts, before `main`).
#[cfg(target_os = "linux")]
fn use_small_pages() {
    // SAFETY: `prctl(PR_SET_THP_DISABLE, 1)` sets one flag of this process and takes
    // plain integers; it cannot affect memory safety.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn use_small_pages() {}

const EXAMPLES: &str = "\
Examples:
  peel run examples/04_control_flow.py    run a lesson
  peel run -                              run a program read from standard input
  peel run --trace examples/42_tasks.py   every step of the event loop, on stderr
  peel run --timeline=t.svg FILE          a chart of the tasks over virtual time
  peel dump --stage tokens FILE           see INDENT and DEDENT appear
  peel dump --stage ast --format python FILE
                                          the parsed program, printed back as Python
  peel dump --stage desugar --pass for FILE
                                          the program after one rewrite alone
  peel dump --stage cfg FILE              basic blocks, jumps and exception handlers
  peel dump --stage liveness FILE         what each generator keeps at each yield
  peel dump --stage statemachine --format python FILE
                                          generators rewritten as plain classes
  peel check FILE                         compile only: report the first error

Stages, in pipeline order: tokens, ast, desugar, cfg, liveness, statemachine";

#[derive(Parser)]
#[command(
    name = "peel",
    version,
    about = "A teaching compiler: see async/await peeled down to generators, state machines and a round-robin event loop",
    after_help = EXAMPLES
)]
struct Cli {
    /// When to colour diagnostics (NO_COLOR in the environment turns `auto` off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile and run a program, printing what CPython would print.
    Run {
        /// Print one line per event-loop step on stderr: the virtual time, the task, the
        /// state its coroutine resumes from and suspends in, what it waits on now.
        #[arg(long)]
        trace: bool,
        /// After the run, draw every task over virtual time on stderr; `--timeline=FILE.svg`
        /// writes the chart as an SVG picture instead.
        #[arg(long, value_name = "SVG", num_args = 0..=1, default_missing_value = "-", require_equals = true)]
        timeline: Option<String>,
        /// The program (`-` reads standard input).
        file: String,
    },
    /// Print one stage of the compilation.
    Dump {
        /// Which stage to print.
        #[arg(long, value_parser = stage_names())]
        stage: String,
        /// How to print it: `text`; `python` (ast, desugar, statemachine) prints Python that
        /// CPython runs with the same output; `dot` (statemachine) a Graphviz graph.
        #[arg(long, value_enum, default_value_t = FormatChoice::Text)]
        format: FormatChoice,
        /// With `--stage desugar`: print the program after this one pass alone
        /// (genexpr, for, async-with, spill, await, yield-from).
        #[arg(long = "pass", value_name = "NAME")]
        pass: Option<String>,
        /// The program (`-` reads standard input).
        file: String,
    },
    /// Compile only: report the first error, or nothing.
    Check {
        /// The program (`-` reads standard input).
        file: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatChoice {
    Text,
    Python,
    Dot,
}

fn stage_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(Stage::ALL.iter().map(|(name, _)| *name))
}

fn main() -> ExitCode {
    use_small_pages();
    let cli = Cli::parse();
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
        }
    };
    let file = match &cli.command {
        Command::Run { file, .. } | Command::Dump { file, .. } | Command::Check { file } => {
            file.clone()
        }
    };
    let source = match read_source(&file) {
        Ok(source) => source,
        Err(Unreadable::Io(message)) => {
            eprintln!("peel: {message}");
            return ExitCode::from(2);
        }
        // Bytes that are not UTF-8: CPython's SyntaxError, with its status.
        Err(Unreadable::NotUtf8(line)) => {
            eprintln!("{line}");
            return ExitCode::from(1);
        }
    };
    let status = peel::with_big_stack(move || execute(cli.command, source, color));
    ExitCode::from(status)
}

/// Why a program could not be read.
enum Unreadable {
    Io(String),
    NotUtf8(String),
}

/// Reads a program; the path is kept as typed, because CPython prints it that way.
fn read_source(path: &str) -> Result<SourceFile, Unreadable> {
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Unreadable::Io(format!("cannot read standard input: {e}")))?;
        ("<stdin>", bytes)
    } else {
        let bytes = std::fs::read(path)
            .map_err(|e| Unreadable::Io(format!("can't open file '{path}': {e}")))?;
        (path, bytes)
    };
    SourceFile::from_bytes(name, bytes).map_err(Unreadable::NotUtf8)
}

fn execute(command: Command, source: SourceFile, color: bool) -> u8 {
    let report = |diagnostic: peel::Diagnostic| {
        eprint!("{}", diagnostic.render(&source, color));
        1
    };
    match command {
        Command::Run {
            trace, timeline, ..
        } => {
            let compiled = match peel::compile(&source) {
                Ok(compiled) => compiled,
                Err(diagnostic) => return report(diagnostic),
            };
            let out = Box::new(std::io::BufWriter::new(std::io::stdout()));
            let err = Box::new(std::io::stderr());
            let options = peel::runtime::RunOptions {
                trace,
                timeline: timeline.is_some(),
                ..Default::default()
            };
            let (status, chart) = peel::runtime::run_recorded(
                &compiled.program,
                &compiled.machines,
                &source,
                &options,
                out,
                err,
            );
            let _ = std::io::stdout().flush();
            match (timeline.as_deref(), chart) {
                (Some("-"), Some(chart)) => eprint!("{}", chart.render_text(60)),
                (Some(path), Some(chart)) => {
                    if let Err(e) = std::fs::write(path, chart.render_svg()) {
                        eprintln!("peel: cannot write {path}: {e}");
                        return 1;
                    }
                    eprintln!("peel: timeline written to {path}");
                }
                _ => {}
            }
            status.clamp(0, 255) as u8
        }
        Command::Dump {
            stage,
            format,
            pass,
            ..
        } => {
            let stage = Stage::from_name(&stage).expect("clap only accepts known stage names");
            let format = match format {
                FormatChoice::Text => Format::Text,
                FormatChoice::Python => Format::Python,
                FormatChoice::Dot => Format::Dot,
            };
            let dumped = match pass {
                Some(pass) if stage == Stage::Desugar => peel::dump_desugar_pass(&source, &pass),
                Some(_) => Err(Err("--pass goes with --stage desugar".to_string())),
                None => peel::dump(&source, stage, format),
            };
            match dumped {
                Ok(text) => {
                    print!("{text}");
                    0
                }
                Err(Ok(diagnostic)) => report(diagnostic),
                Err(Err(message)) => {
                    eprintln!("peel: {message}");
                    2
                }
            }
        }
        Command::Check { .. } => match peel::compile(&source) {
            Ok(_) => 0,
            Err(diagnostic) => report(diagnostic),
        },
    }
}
