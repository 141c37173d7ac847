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
                python_repr(raw)
            }
        };
        let line = format!("{range:<14}{:<10}{text}", token.category());
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A string quoted the way Python's `repr` quotes it (used to show token text).
pub fn python_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_unprintable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Characters Python's `str.isprintable` rejects (an approximation covering the control,
/// separator and private-use ranges a learner is likely to meet).
fn is_unprintable(c: char) -> bool {
    let n = c as u32;
    (0x80..=0xa0).contains(&n)
        || n == 0xad
        || (0x2000..=0x200f).contains(&n)
        || (0x2028..=0x202f).contains(&n)
        || (0x205f..=0x206f).contains(&n)
        || n == 0x3000
        || n == 0xfeff
        || (0xd800..=0xf8ff).contains(&n)
        || (0xfff0..=0xfffb).contains(&n)
        || n >= 0xf0000
}

#[cfg(test)]
mod tests;
