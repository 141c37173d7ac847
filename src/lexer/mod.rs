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
    let mut tokens = match src.strip_prefix('\u{feff}') {
        Some(rest) => layout::layout(rest, src.len() - rest.len(), false)?,
        None => layout::layout(src, 0, false)?,
    };
    mark_soft_keywords(&mut tokens);
    Ok(tokens)
}

/// `match` and `case` are soft keywords: `match = 1` and `case(x)` are ordinary names.
/// CPython's PEG parser tries the match statement first and backtracks; an LALR parser
/// cannot, so the choice is made here, a logical line at a time. A line that starts with
/// the name `match`, has something after it and ends with `:` can only be the head of a
/// match statement (no simple statement ends with `:`, and every other compound statement
/// starts with its own keyword). Directly inside a match statement's block, a line that
/// starts with the name `case` is a case (`case [x]: pass` holds a colon in the middle).
/// A line `match x`, which no expression can be, is a head without its `:`.
fn mark_soft_keywords(tokens: &mut [(usize, Token, usize)]) {
    // How many blocks deep the line is, and the depths of the match blocks around it.
    let mut depth = 0usize;
    let mut match_blocks: Vec<usize> = Vec::new();
    let mut after_match_head = false;
    let mut start = 0;
    loop {
        // INDENT and DEDENT come before the first token of a line.
        while let Some((_, t, _)) = tokens.get(start) {
            match t {
                Token::Indent => {
                    depth += 1;
                    if after_match_head {
                        match_blocks.push(depth);
                    }
                }
                Token::Dedent => depth = depth.saturating_sub(1),
                _ => break,
            }
            start += 1;
        }
        after_match_head = false;
        while match_blocks.last().is_some_and(|&d| d > depth) {
            match_blocks.pop();
        }
        if start >= tokens.len() {
            break;
        }
        let end = tokens[start..]
            .iter()
            .position(|t| matches!(t.1, Token::Newline))
            .map_or(tokens.len(), |p| start + p);
        if let Token::Name(n) = &tokens[start].1 {
            let ends_with_colon =
                matches!(tokens.get(end.wrapping_sub(1)), Some((_, Token::Colon, _)));
            if n == "match" && end >= start + 3 && ends_with_colon {
                tokens[start].1 = Token::Match;
                after_match_head = true;
            } else if n == "match"
                && tokens.get(start + 1).is_some_and(|(_, t, _)| {
                    t.starts_operand() && !matches!(t, Token::Lpar | Token::Lsqb)
                })
            {
                // `match x` cannot be an expression: a head that lacks its `:`, which is
                // how CPython words the error.
                tokens[start].1 = Token::Match;
            } else if n == "case" && end >= start + 2 && match_blocks.last() == Some(&depth) {
                tokens[start].1 = Token::Case;
            }
        }
        start = end + 1;
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
