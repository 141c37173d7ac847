//! Parser tests: round trips through the Python printer, and CPython's error messages.

use super::*;
use crate::ast::print;

fn parse(src: &str) -> Result<Module, Diagnostic> {
    let src = src.to_string();
    crate::with_big_stack(move || parse_module(&src))
}

/// Debug helper: `PEEL_FRONT_FILE=x.py cargo test --lib dump_file -- --nocapture`.
#[test]
fn dump_file() {
    let Ok(path) = std::env::var("PEEL_FRONT_FILE") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let source = crate::SourceFile::new(path, text.clone());
    match crate::lexer::tokenize(&text) {
        Ok(t) => println!("{}", crate::lexer::print_tokens(&source, &t)),
        Err(e) => println!("{}", e.render(&source, false)),
    }
    match parse(&text) {
        Ok(m) => println!("{}\n{}", print::tree(&m, &source), print::python(&m)),
        Err(e) => println!("{}", e.render(&source, false)),
    }
}
