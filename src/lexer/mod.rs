//! (stub: the lexer helper replaces this file)
use crate::diagnostic::Diagnostic;
use crate::span::SourceFile;

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Placeholder,
}

/// Source text to `(start, token, end)` triples with NEWLINE/INDENT/DEDENT made explicit.
pub fn tokenize(_src: &str) -> Result<Vec<(usize, Token, usize)>, Diagnostic> {
    todo!("lexer")
}

/// The `tokens` stage printer.
pub fn print_tokens(_source: &SourceFile, _tokens: &[(usize, Token, usize)]) -> String {
    todo!("lexer printer")
}
