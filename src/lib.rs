//! peel: a teaching compiler that lowers a small subset of Python, stage by stage, down to
//! explicit state machines run by a round-robin event loop with a virtual clock.
//!
//! The library is a pipeline of pure passes; each stage has one entry function taking the
//! previous stage's data and one printer (see ARCHITECTURE.md):
//!
//! ```text
//! source --lexer::tokenize--> tokens --parser::parse_module--> AST
//!        --resolve::resolve--> scopes --subset::check--> (within peel's subset)
//!        --desugar--> AST --cfg::build--> CFG --runtime::run--> output
//! ```
//!
//! Nothing here does I/O except through the writers handed to `runtime::run`.

pub mod ast;
pub mod cfg;
pub mod desugar;
pub mod diagnostic;
pub mod lexer;
pub mod liveness;
pub mod parser;
pub mod pyrepr;
pub mod resolve;
pub mod runtime;
pub mod span;
pub mod statemachine;
pub mod subset;

pub use diagnostic::Diagnostic;
pub use span::SourceFile;

/// The compile-time stages of a program a later step reads, kept for printing and
/// running: the desugared AST (the parsed one is moved into the desugarer), its CFG, the
/// liveness of each suspension point, and the state machines. `runtime::run` executes
/// `program` with `machines`.
pub struct Compiled {
    pub desugared: ast::Module,
    pub program: cfg::Program,
    pub liveness: liveness::Liveness,
    pub machines: statemachine::StateMachines,
}

/// Source text through every compile-time stage, in pipeline order: parse, check (CPython's
/// static checks, then what is outside peel's subset), desugar, CFG, liveness, state
/// machines.
pub fn compile(source: &SourceFile) -> Result<Compiled, Diagnostic> {
    let module = parser::parse_module(&source.text)?;
    let original = resolve::resolve(&module)?;
    subset::check(&module, &original)?;
    let async_generators = resolve::async_generator_spans(&original);
    let genexprs = resolve::genexpr_spans(&original);
    let names = desugar::program_names(&module);
    let desugared = desugar::desugar(module, &original, &names);
    let scopes = resolve::resolve_desugared(&desugared, &async_generators, &genexprs)?;
    let program = cfg::build(&desugared, &scopes);
    if let Some(&(what, span)) = program.unsupported.first() {
        return Err(Diagnostic::not_in_subset(what.wording(), span));
    }
    let liveness = liveness::analyze(&program);
    let machines = statemachine::build(&program, &liveness, &names, source);
    Ok(Compiled {
        desugared,
        program,
        liveness,
        machines,
    })
}

/// Runs `f` on a thread with a large stack, so that deeply nested programs and the
/// interpreter's recursion (bounded by Python's recursion limit) never overflow the
/// Rust stack. Every entry point (CLI, tests) goes through here.
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    const STACK: usize = 1 << 30; // reserved address space; pages are committed lazily
    std::thread::Builder::new()
        .name("peel".into())
        .stack_size(STACK)
        .spawn(f)
        .expect("spawning the interpreter thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// The stages `peel dump` can print, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Tokens,
    Ast,
    Desugar,
    Cfg,
    Liveness,
    StateMachine,
}

impl Stage {
    pub const ALL: &'static [(&'static str, Stage)] = &[
        ("tokens", Stage::Tokens),
        ("ast", Stage::Ast),
        ("desugar", Stage::Desugar),
        ("cfg", Stage::Cfg),
        ("liveness", Stage::Liveness),
        ("statemachine", Stage::StateMachine),
    ];

    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
    }

    pub fn name(self) -> &'static str {
        Stage::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("?", |(n, _)| n)
    }
}

/// How a stage is printed: `text` is the default; `python` prints runnable Python where the
/// stage supports it (ast, desugar, statemachine); `dot` a Graphviz graph (statemachine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Python,
    Dot,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Python => "python",
            Format::Dot => "dot",
        }
    }
}

/// The text `peel dump --stage STAGE --format FORMAT` prints for a source file.
/// `Err(Ok(diagnostic))` is a compile error; `Err(Err(message))` a format the stage lacks.
pub fn dump(
    source: &SourceFile,
    stage: Stage,
    format: Format,
) -> Result<String, Result<Diagnostic, String>> {
    match (stage, format) {
        (Stage::Tokens, Format::Text) => {
            let tokens = lexer::tokenize(&source.text).map_err(Ok)?;
            Ok(lexer::print_tokens(source, &tokens))
        }
        (Stage::Ast, Format::Text | Format::Python) => {
            let module = parser::parse_module(&source.text).map_err(Ok)?;
            Ok(match format {
                Format::Text => ast::print::tree(&module, source),
                _ => ast::print::python(&module),
            })
        }
        (Stage::Desugar, Format::Python | Format::Text) => {
            let compiled = compile(source).map_err(Ok)?;
            Ok(ast::print::python_desugared(&compiled.desugared))
        }
        (Stage::Cfg, Format::Text) => {
            let c = compile(source).map_err(Ok)?;
            Ok(cfg::print(&c.program, source))
        }
        (Stage::Liveness, Format::Text) => {
            let c = compile(source).map_err(Ok)?;
            Ok(liveness::print(&c.program, &c.liveness, source))
        }
        (Stage::StateMachine, Format::Text) => {
            let c = compile(source).map_err(Ok)?;
            Ok(statemachine::print(&c.program, &c.machines))
        }
        (Stage::StateMachine, Format::Python) => {
            let c = compile(source).map_err(Ok)?;
            Ok(statemachine::print_python(&c))
        }
        (Stage::StateMachine, Format::Dot) => {
            let c = compile(source).map_err(Ok)?;
            Ok(statemachine::print_dot(&c.program, &c.machines))
        }
        (stage, format) => Err(Err(format!(
            "the {} stage has no {} format",
            stage.name(),
            format.name()
        ))),
    }
}

/// The program after the desugar passes named in `passes`, in pipeline order (`peel dump
/// --stage desugar --pass NAME`, once or more), as Python. `Err(Err(..))` names the passes
/// when one of `passes` is not among them.
pub fn dump_desugar_passes(
    source: &SourceFile,
    passes: &[&str],
) -> Result<String, Result<Diagnostic, String>> {
    let module = parser::parse_module(&source.text).map_err(Ok)?;
    let scopes = resolve::resolve(&module).map_err(Ok)?;
    subset::check(&module, &scopes).map_err(Ok)?;
    match desugar::desugar_some(&module, &scopes, passes) {
        Ok(m) => Ok(ast::print::python_desugared(&m)),
        Err(unknown) => {
            let names: Vec<&str> = desugar::PASSES.iter().map(|p| p.name).collect();
            Err(Err(format!(
                "no desugar pass named '{unknown}' (passes: {})",
                names.join(", ")
            )))
        }
    }
}

/// What one run of a program printed, and its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutput {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

/// Compiles and runs a program, capturing its output (tests and the fuzzer use this; the
/// CLI streams instead). A compile error is rendered without colour on stderr, status 1.
pub fn run_captured(source: &SourceFile, options: &runtime::RunOptions) -> RunOutput {
    run_captured_recorded(source, options).0
}

/// `run_captured`, also returning the timeline of the program's tasks when
/// `options.timeline` is set.
pub fn run_captured_recorded(
    source: &SourceFile,
    options: &runtime::RunOptions,
) -> (RunOutput, Option<runtime::trace::Timeline>) {
    use std::cell::RefCell;
    use std::rc::Rc;

    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);
    impl std::io::Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    match compile(source) {
        Err(diagnostic) => (
            RunOutput {
                stdout: String::new(),
                stderr: diagnostic.render(source, false),
                status: 1,
            },
            None,
        ),
        Ok(compiled) => {
            let (out, err) = (Shared::default(), Shared::default());
            let (status, timeline) = runtime::run_recorded(
                &compiled.program,
                &compiled.machines,
                source,
                options,
                Box::new(out.clone()),
                Box::new(err.clone()),
            );
            let text = |s: &Shared| String::from_utf8_lossy(&s.0.borrow()).into_owned();
            (
                RunOutput {
                    stdout: text(&out),
                    stderr: text(&err),
                    status,
                },
                timeline,
            )
        }
    }
}
