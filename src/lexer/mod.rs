//! The lexer: source text to `(start, token, end)` triples, the form lalrpop consumes.
//!
//! It works in two layers, like starlark-rust's lexer:
//!
//! 1. [`token`]: a logos-generated automaton that recognises names, keywords, numbers,
//!    operators and string literals ([`strings`] decodes those), and knows nothing of lines.
//! 2. [`layout`]: a small hand-written pass over those tokens that turns indentation into
//!    zero-width `INDENT`/`DEDENT` tokens and line breaks into `NEWLINE` (only where a
//!    statement really ends), as CPython's tokenizer does.
//!
//! Positions are byte offsets into the source, so every later stage can point back at the
//! learner's text. `print_tokens` is the `tokens` stage printer.

pub mod layout;
pub mod strings;
pub mod token;

pub use strings::{FField, FPiece, StrLit};
pub use token::Token;

use crate::diagnostic::Diagnostic;
use crate::span::SourceFile;

/// Source text to `(start, token, end)` triples with NEWLINE/INDENT/DEDENT made explicit.
pub fn tokenize(src: &str) -> Result<Vec<(usize, Token, usize)>, Diagnostic> {
    // CPython refuses a NUL byte anywhere, in a string or a comment too.
    if let Some(at) = src.find('\0') {
        return Err(Diagnostic::syntax(
            "source code cannot contain null bytes",
            crate::span::Span::new(at, at + 1),
        ));
    }
    // A UTF-8 byte order mark is not part of the program (CPython skips it too).
    match src.strip_prefix('\u{feff}') {
        Some(rest) => layout::layout(rest, src.len() - rest.len(), false),
        None => layout::layout(src, 0, false),
    }
}

/// Tokenizes the expression of an f-string field: the text `src[start..end]`, with no
/// layout (line breaks are ignored as inside brackets) and positions in file coordinates.
pub fn tokenize_expression(
    src: &str,
    start: usize,
    end: usize,
) -> Result<Vec<(usize, Token, usize)>, Diagnostic> {
    let text = src.get(start..end).unwrap_or("");
    layout::layout(text, start, true)
}

/// The `tokens` stage printer: one token per line, `line:col-line:col  KIND  text`, with
/// 0-based columns as `python -m tokenize` prints them. INDENT and DEDENT have no text of
/// their own (they are zero-width), so they stand out on lines of their own.
pub fn print_tokens(source: &SourceFile, tokens: &[(usize, Token, usize)]) -> String {
    let position = |offset: usize| {
        let line = source.line_of(offset);
        format!("{}:{}", line, source.column_of(offset) - 1)
    };
    let mut out = String::new();
    for (start, token, end) in tokens {
        let range = format!("{}-{}", position(*start), position(*end));
        let text = match token {
            Token::Indent => "(indentation grows)".to_string(),
            Token::Dedent => "(indentation shrinks)".to_string(),
            Token::Newline if start == end => "(end of file)".to_string(),
            _ => {
                let raw = source.text.get(*start..*end).unwrap_or("");
                crate::pyrepr::str_repr(raw)
            }
        };
        let line = format!("{range:<14}{:<10}{text}", token.category());
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
