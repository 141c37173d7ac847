//! peel: a teaching compiler that lowers a small subset of Python, stage by stage, down to
//! explicit state machines run by a round-robin event loop with a virtual clock.
//!
//! The library is a pipeline of pure passes; each stage has one entry function taking the
//! previous stage's data and one printer (see ARCHITECTURE.md):
//!
//! ```text
//! source --lexer::tokenize--> tokens --parser::parse_module--> AST
//!        --resolve::resolve--> scopes --cfg::build--> CFG --runtime::run--> output
//! ```
//!
//! Nothing here does I/O except through the writers handed to `runtime::run`.

pub mod ast;
pub mod cfg;
pub mod diagnostic;
pub mod lexer;
pub mod parser;
pub mod resolve;
pub mod runtime;
pub mod span;

pub use diagnostic::Diagnostic;
pub use span::SourceFile;

/// Source text to a checked, compiled program: every compile-time stage in order.
pub fn compile(source: &SourceFile) -> Result<cfg::Program, Diagnostic> {
    let module = parser::parse_module(&source.text)?;
    let scopes = resolve::resolve(&module)?;
    Ok(cfg::build(&module, &scopes))
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
