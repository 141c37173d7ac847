//! The layout layer: from raw logos tokens to the tokens Python's grammar is written for.
//!
//! Python's block structure lives in whitespace, which a context-free grammar cannot see.
//! CPython's tokenizer therefore turns layout into three tokens, and so do we:
//!
//! - `NEWLINE` ends a logical line. Line breaks inside `(...)`, `[...]` and `{...}` are
//!   dropped (implicit line joining), a backslash before the break joins lines explicitly
//!   (logos skips it), and lines holding only blanks or a comment produce nothing.
//! - `INDENT` (zero width) is emitted before the first token of a line indented deeper than
//!   the line before; `DEDENT` (zero width), one per closed level, before a line indented
//!   less. The open levels are a stack; a dedent to a column that was never opened is an
//!   `IndentationError`, and at end of file every open level is closed.
//! - Tabs advance to the next multiple of 8. A line whose indentation compares differently
//!   when a tab counts as 1 column is ambiguous, and CPython rejects it with `TabError`.
//!
//! The layer also checks brackets as it goes (unmatched, mismatched, never closed, and at
//! most 200 deep so that no later pass can be driven into a stack overflow).

use super::token::{LexError, Token};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::span::Span;
use logos::Logos;

/// CPython's limits (Parser/tokenizer.h: MAXLEVEL and MAXINDENT).
const MAX_BRACKETS: usize = 200;
const MAX_INDENT: usize = 100;

pub type Triple = (usize, Token, usize);

fn error(kind: ErrorKind, message: impl Into<String>, start: usize, end: usize) -> Diagnostic {
    Diagnostic::new(kind, message, Span::new(start, end))
}

fn syntax(message: impl Into<String>, start: usize, end: usize) -> Diagnostic {
    error(ErrorKind::SyntaxError, message, start, end)
}

/// Tokenizes `text`, whose first byte sits at `offset` in the file (non-zero for the
/// expression inside an f-string). In `expression` mode there is no layout at all: the
/// text behaves as if it were inside brackets.
pub fn layout(text: &str, offset: usize, expression: bool) -> Result<Vec<Triple>, Diagnostic> {
    let mut out: Vec<Triple> = Vec::with_capacity(text.len() / 3 + 4);
    // Indentation stack of (column with tabs to 8, column with tabs as 1).
    let mut indents: Vec<(usize, usize)> = vec![(0, 0)];
    let mut brackets: Vec<(u8, usize)> = Vec::new();
    let mut at_line_start = !expression;
    let mut lexer = Token::lexer_with_extras(text, offset).spanned();
    for (result, range) in lexer.by_ref() {
        let (start, end) = (range.start + offset, range.end + offset);
        let token = match result {
            Ok(Token::Number(number)) => *number,
            Ok(token) => token,
            Err(e) => return Err(lex_error(e, text, offset, range.start)),
        };
        match token {
            Token::Newline => {
                if expression || !brackets.is_empty() || at_line_start {
                    continue;
                }
                out.push((start, Token::Newline, end));
                at_line_start = true;
                continue;
            }
            Token::Backslash => {
                return Err(syntax(
                    "unexpected character after line continuation character",
                    start,
                    end,
                ))
            }
            _ => {}
        }
        if at_line_start {
            at_line_start = false;
            indentation(text, offset, range.start, &mut indents, &mut out)?;
        }
        match token {
            Token::Lpar | Token::Lsqb | Token::Lbrace => {
                if brackets.len() >= MAX_BRACKETS {
                    return Err(syntax("too many nested parentheses", start, end));
                }
                brackets.push((text.as_bytes()[range.start], start));
            }
            Token::Rpar | Token::Rsqb | Token::Rbrace => {
                let close = text.as_bytes()[range.start];
                match brackets.pop() {
                    None => {
                        return Err(syntax(format!("unmatched '{}'", close as char), start, end))
                    }
                    Some((open, open_at)) => {
                        let expected = match open {
                            b'(' => b')',
                            b'[' => b']',
                            _ => b'}',
                        };
                        if close != expected {
                            let open_line = line_of(text, open_at - offset);
                            let close_line = line_of(text, range.start);
                            let mut msg = format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                close as char, open as char
                            );
                            if open_line != close_line {
                                msg.push_str(&format!(" on line {open_line}"));
                            }
                            return Err(syntax(msg, start, end));
                        }
                    }
                }
            }
            Token::Int(_) | Token::Float(_) | Token::Complex(_) => {
                check_number_end(text, offset, range.start, range.end)?;
            }
            _ => {}
        }
        out.push((start, token, end));
    }
    if let Some(&(open, at)) = brackets.last() {
        return Err(syntax(
            format!("'{}' was never closed", open as char),
            at,
            at + 1,
        ));
    }
    let eof = offset + text.len();
    if !expression {
        if !at_line_start {
            out.push((eof, Token::Newline, eof));
        }
        for _ in 1..indents.len() {
            out.push((eof, Token::Dedent, eof));
        }
    }
    Ok(out)
}

fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Emits the INDENT or DEDENTs for a logical line whose first token starts at `first`.
fn indentation(
    text: &str,
    offset: usize,
    first: usize,
    indents: &mut Vec<(usize, usize)>,
    out: &mut Vec<Triple>,
) -> Result<(), Diagnostic> {
    let line_start = text[..first].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let (mut col, mut altcol) = (0usize, 0usize);
    for &b in &text.as_bytes()[line_start..first] {
        match b {
            b' ' => {
                col += 1;
                altcol += 1;
            }
            b'\t' => {
                col = (col / 8 + 1) * 8;
                altcol += 1;
            }
            b'\x0c' => {
                col = 0;
                altcol = 0;
            }
            // A continuation line (after `\`): its indentation does not count.
            _ => return Ok(()),
        }
    }
    let at = offset + first;
    let tab_error = || {
        error(
            ErrorKind::TabError,
            "inconsistent use of tabs and spaces in indentation",
            offset + line_start,
            at,
        )
    };
    let &(top, top_alt) = indents.last().unwrap_or(&(0, 0));
    if col == top {
        if altcol != top_alt {
            return Err(tab_error());
        }
    } else if col > top {
        if altcol <= top_alt {
            return Err(tab_error());
        }
        if indents.len() >= MAX_INDENT {
            return Err(error(
                ErrorKind::IndentationError,
                "too many levels of indentation",
                offset + line_start,
                at,
            ));
        }
        indents.push((col, altcol));
        out.push((at, Token::Indent, at));
    } else {
        while indents.len() > 1 && indents.last().is_some_and(|&(c, _)| col < c) {
            indents.pop();
            out.push((at, Token::Dedent, at));
        }
        let &(top, top_alt) = indents.last().unwrap_or(&(0, 0));
        if col != top {
            return Err(error(
                ErrorKind::IndentationError,
                "unindent does not match any outer indentation level",
                offset + line_start,
                at,
            ));
        }
        if altcol != top_alt {
            return Err(tab_error());
        }
    }
    Ok(())
}

/// `1abc`, `0x1g`, `0777`: a number glued to letters or digits it cannot own.
fn check_number_end(text: &str, offset: usize, start: usize, end: usize) -> Result<(), Diagnostic> {
    let number = &text[start..end];
    let rest = &text[end..];
    let Some(next) = rest.chars().next() else {
        return Ok(());
    };
    let lower = number.to_ascii_lowercase();
    if next.is_ascii_digit() && number.chars().all(|c| c == '0' || c == '_') {
        return Err(syntax(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            offset + start,
            offset + end + 1,
        ));
    }
    if !(next.is_alphanumeric() || next == '_') {
        return Ok(());
    }
    // CPython still accepts `1if x else y` and friends (with a warning).
    let keyword_follows = ["and", "else", "for", "if", "in", "is", "not", "or"]
        .iter()
        .any(|k| rest.starts_with(k));
    if keyword_follows && !lower.starts_with("0x") {
        return Ok(());
    }
    let what = if lower.starts_with("0x") {
        "hexadecimal"
    } else if lower.starts_with("0o") {
        "octal"
    } else if lower.starts_with("0b") {
        "binary"
    } else if lower.ends_with('j') {
        "imaginary"
    } else {
        "decimal"
    };
    if (what == "octal" && next.is_ascii_digit()) || (what == "binary" && next.is_ascii_digit()) {
        return Err(syntax(
            format!("invalid digit '{next}' in {what} literal"),
            offset + end,
            offset + end + 1,
        ));
    }
    Err(syntax(
        format!("invalid {what} literal"),
        offset + start,
        offset + end,
    ))
}

fn lex_error(e: LexError, text: &str, offset: usize, at: usize) -> Diagnostic {
    if let Some((start, end)) = e.span {
        if !e.message.is_empty() {
            return syntax(e.message, start, end);
        }
    }
    let rest = &text[at..];
    let c = rest.chars().next().unwrap_or('\0');
    let start = offset + at;
    let end = start + c.len_utf8();
    if rest.starts_with("0x") || rest.starts_with("0X") {
        return syntax("invalid hexadecimal literal", start, end + 1);
    }
    if rest.starts_with("0o") || rest.starts_with("0O") {
        return syntax("invalid octal literal", start, end + 1);
    }
    if rest.starts_with("0b") || rest.starts_with("0B") {
        return syntax("invalid binary literal", start, end + 1);
    }
    if c.is_ascii_graphic() || c == ' ' {
        syntax("invalid syntax", start, end)
    } else if c.is_control() || c == '\u{a0}' || c == '\u{feff}' {
        syntax(
            format!("invalid non-printable character U+{:04X}", c as u32),
            start,
            end,
        )
    } else {
        syntax(
            format!("invalid character '{c}' (U+{:04X})", c as u32),
            start,
            end,
        )
    }
}
