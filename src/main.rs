//! The `peel` command line: a thin shell over the library. It reads files, picks colours and
//! exit codes, and prints what the library returns; all the work happens in `peel::*`.
//!
//! Its conventions are those of the Unix tools around it: peel's own errors start with
//! `error:`, as clap's usage errors do; exit status 2 is a usage error, 1 a program that
//! does not compile or raised (as `python3` says, 120 when its output could not be
//! flushed), 3 a program that deadlocked (where `python3` would wait forever); `NO_COLOR`
//! with a value turns colour off (no-color.org); and when the reader
//! of peel's output goes away (`peel dump ... | head -1`), peel stops quietly with status
//! 0, as ripgrep does, while a running program gets CPython's `BrokenPipeError`.

use clap::{ArgAction, Parser, Subcommand, ValueEnum};
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
  peel dump --stage desugar --pass spill --pass await FILE
                                          ... or after a few, in pipeline order
  peel dump --stage cfg FILE              basic blocks, jumps and exception handlers
  peel dump --stage liveness FILE         what each generator keeps at each yield
  peel dump --stage statemachine --format python FILE
                                          generators rewritten as plain classes
  peel check FILE                         compile only: report the first error

Stages, in pipeline order: tokens, ast, desugar, cfg, liveness, statemachine

Exit status:
  0  success
  1  the program does not compile, or raised (a run ends with CPython's status:
     sys.exit(N) gives N, 120 when its output cannot be flushed)
  2  a usage error, or a file that cannot be opened
  3  the program deadlocked: every task waits and nothing can wake them (CPython would
     wait forever); peel reports who waits on what, cancels them (their finally blocks
     run), and stops";

#[derive(Parser)]
#[command(
    name = "peel",
    version,
    about = "A teaching compiler: see async/await peeled down to generators, state machines and a round-robin event loop",
    after_help = EXAMPLES
)]
struct Cli {
    /// When to colour diagnostics (a non-empty NO_COLOR in the environment turns `auto`
    /// off).
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
        /// With `--stage desugar`: print the program after this pass alone (genexpr, for,
        /// async-with, spill, await, yield-from). Given more than once (or as a
        /// comma-separated list), the passes run together, in the pipeline's order.
        #[arg(long = "pass", value_name = "NAME", action = ArgAction::Append, value_delimiter = ',')]
        passes: Vec<String>,
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
        ColorChoice::Auto => !no_color_requested() && std::io::stderr().is_terminal(),
    };
    let file = match &cli.command {
        Command::Run { file, .. } | Command::Dump { file, .. } | Command::Check { file } => {
            file.clone()
        }
    };
    let source = match read_source(&file) {
        Ok(source) => source,
        Err(Unreadable::Io(status, message)) => {
            print_error(color, &message);
            return ExitCode::from(status);
        }
        // Bytes that are not UTF-8: CPython's SyntaxError, with its status.
        Err(Unreadable::NotUtf8(line)) => {
            write_stderr(&format!("{line}\n"));
            return ExitCode::from(1);
        }
    };
    let status = peel::with_big_stack(move || execute(cli.command, source, color));
    ExitCode::from(status)
}

/// no-color.org: `NO_COLOR` turns colour off when it is set to a value; set to the empty
/// string it means nothing.
fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// One of peel's own errors, in clap's style: `error: ...`, the word in bold red when
/// colour is on.
fn print_error(color: bool, message: &str) {
    let prefix = if color {
        "\x1b[1m\x1b[31merror:\x1b[0m"
    } else {
        "error:"
    };
    write_stderr(&format!("{prefix} {message}\n"));
}

/// Writes to stderr; when nobody reads it any more, there is no one left to tell.
fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes what peel printed (a dump) to stdout. A reader that has gone away
/// (`| head -1`) took all it wanted: peel stops quietly, with status 0.
fn write_stdout(text: &str, color: bool) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            print_error(
                color,
                &format!("cannot write standard output: {}", os_message(&e)),
            );
            1
        }
    }
}

/// An OS error as CPython words it: `[Errno 21] Is a directory`.
fn os_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    match e.raw_os_error() {
        Some(errno) => match text.strip_suffix(&format!(" (os error {errno})")) {
            Some(strerror) => format!("[Errno {errno}] {strerror}"),
            None => text,
        },
        None => text,
    }
}

/// Why a program could not be read.
enum Unreadable {
    /// The file cannot be opened: the message, and its exit status (2, as `python3` says
    /// for a missing file, and 1 for a directory: `python3` finds no `__main__` in it).
    Io(u8, String),
    /// Bytes that are not UTF-8: CPython's SyntaxError line.
    NotUtf8(String),
}

/// Reads a program; the path is kept as typed, because CPython prints it that way.
fn read_source(path: &str) -> Result<SourceFile, Unreadable> {
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
            Unreadable::Io(2, format!("cannot read standard input: {}", os_message(&e)))
        })?;
        ("<stdin>", bytes)
    } else {
        let bytes = std::fs::read(path).map_err(|e| {
            let status = if e.kind() == std::io::ErrorKind::IsADirectory {
                1
            } else {
                2
            };
            Unreadable::Io(
                status,
                format!("can't open file '{path}': {}", os_message(&e)),
            )
        })?;
        (path, bytes)
    };
    SourceFile::from_bytes(name, bytes).map_err(Unreadable::NotUtf8)
}

/// Where the program's output goes: standard output itself, unbuffered here, because the
/// runtime buffers it as CPython would and must see each write fail or succeed.
fn program_stdout() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

fn execute(command: Command, source: SourceFile, color: bool) -> u8 {
    let report = |diagnostic: peel::Diagnostic| {
        write_stderr(&diagnostic.render(&source, color));
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
            let err = Box::new(std::io::stderr());
            let options = peel::runtime::RunOptions {
                trace,
                timeline: timeline.is_some(),
                line_buffered: std::io::stdout().is_terminal(),
                ..Default::default()
            };
            let (status, chart) = peel::runtime::run_recorded(
                &compiled.program,
                &compiled.machines,
                &source,
                &options,
                program_stdout(),
                err,
            );
            match (timeline.as_deref(), chart) {
                (Some("-"), Some(chart)) => write_stderr(&chart.render_text(60)),
                (Some(path), Some(chart)) => {
                    if let Err(e) = std::fs::write(path, chart.render_svg()) {
                        print_error(color, &format!("cannot write {path}: {}", os_message(&e)));
                        return 1;
                    }
                    write_stderr(&format!("timeline written to {path}\n"));
                }
                _ => {}
            }
            status.clamp(0, 255) as u8
        }
        Command::Dump {
            stage,
            format,
            passes,
            ..
        } => {
            let stage = Stage::from_name(&stage).expect("clap only accepts known stage names");
            let format = match format {
                FormatChoice::Text => Format::Text,
                FormatChoice::Python => Format::Python,
                FormatChoice::Dot => Format::Dot,
            };
            let passes: Vec<&str> = passes.iter().map(String::as_str).collect();
            let dumped = match stage {
                _ if passes.is_empty() => peel::dump(&source, stage, format),
                Stage::Desugar => peel::dump_desugar_passes(&source, &passes),
                _ => Err(Err("--pass goes with --stage desugar".to_string())),
            };
            match dumped {
                Ok(text) => write_stdout(&text, color),
                Err(Ok(diagnostic)) => report(diagnostic),
                Err(Err(message)) => {
                    print_error(color, &message);
                    2
                }
            }
        }
        Command::Check { .. } => match peel::compile(&source) {
            Ok(compiled) => {
                // The process ends now: taking a whole program's trees apart node by node
                // is work the operating system does at once, for all of them.
                std::mem::forget(compiled);
                0
            }
            Err(diagnostic) => report(diagnostic),
        },
    }
}
