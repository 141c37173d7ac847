//! String, bytes and f-string literals: finding where they end and what they mean.
//!
//! A literal is scanned in two steps. First we find its closing quote (one or three of the
//! quote that opened it; a backslash always protects the next character, even in raw
//! strings, exactly as in CPython). Then the body is decoded: escapes like `\n`, `\x41`,
//! `\u20ac` and `\101` become the characters they name (unless the string is raw).
//!
//! An f-string body is split into literal text and replacement fields `{expr!r:spec}`. The
//! expression inside a field is *not* parsed here: we only record the byte range where it
//! sits in the file, and the parser runs the expression parser on exactly that range. So
//! spans inside f-strings point at the real place in the learner's file. (Python 3.11
//! rules: the expression cannot contain a backslash, `#`, or the quote that encloses it.)

use super::token::{LexError, Token};
use logos::Lexer;

/// A decoded literal.
#[derive(Debug, Clone, PartialEq)]
pub enum StrLit {
    Str(String),
    Bytes(Vec<u8>),
    FString(Vec<FPiece>),
}

/// A piece of an f-string, before its expressions are parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum FPiece {
    Literal(String),
    Field(FField),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FField {
    /// Absolute byte range of the expression text in the source file.
    pub expr: (usize, usize),
    pub conversion: Option<char>,
    pub spec: Vec<FPiece>,
    /// `{x=}`: the text `x=` that is printed before the value.
    pub debug_text: Option<String>,
}

/// `1_000` -> `1000`, `007` is rejected before we get here; `000` -> `0`.
pub fn decimal_int(text: &str) -> String {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// An integer (decimal digits, maybe a leading `-`) as a literal CPython reads back: in
/// decimal, or in hexadecimal beyond the 4,300 digits a decimal literal may have (a program
/// may write such a number in hex, and the printed stages must print it back).
pub fn int_literal(decimal: &str) -> String {
    let (sign, digits) = match decimal.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", decimal),
    };
    if digits.len() <= crate::lexer::token::INT_MAX_STR_DIGITS {
        return decimal.to_string();
    }
    match num_bigint::BigUint::parse_bytes(digits.as_bytes(), 10) {
        Some(n) => format!("{sign}0x{}", n.to_str_radix(16)),
        None => decimal.to_string(),
    }
}

/// `0xff` -> `255`: the AST keeps every integer as decimal digits.
pub fn radix_int(text: &str, radix: u32) -> String {
    let digits: String = text[2..].chars().filter(|&c| c != '_').collect();
    num_bigint::BigUint::parse_bytes(digits.as_bytes(), radix)
        .map(|n| n.to_string())
        .unwrap_or_else(|| "0".to_string())
}

/// 1-based line of a byte offset in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// logos callback: the slice is the prefix and the opening quote.
pub fn lex_string(lex: &mut Lexer<Token>) -> Result<Box<StrLit>, LexError> {
    let base = lex.extras;
    let opening = lex.slice();
    let start = base + lex.span().start;
    let quote = opening.as_bytes()[opening.len() - 1];
    let prefix = opening[..opening.len() - 1].to_ascii_lowercase();
    let raw = prefix.contains('r');
    let bytes = prefix.contains('b');
    let fstring = prefix.contains('f');
    let rest = lex.remainder();
    let rb = rest.as_bytes();
    let triple = rb.len() >= 2 && rb[0] == quote && rb[1] == quote;
    let body_start = if triple { 2 } else { 0 };
    let mut i = body_start;
    let end = loop {
        match rb.get(i) {
            None => {
                let src = lex.source();
                let mut line = line_at(src, src.len());
                if src.ends_with('\n') && line > 1 {
                    line -= 1;
                }
                let what = if triple {
                    "unterminated triple-quoted string literal"
                } else {
                    "unterminated string literal"
                };
                return Err(LexError::new(
                    format!("{what} (detected at line {line})"),
                    start,
                    start,
                ));
            }
            Some(b'\\') => {
                i += if rb.get(i + 1) == Some(&b'\r') && rb.get(i + 2) == Some(&b'\n') {
                    3
                } else {
                    2
                };
            }
            Some(&b) if b == quote => {
                if !triple {
                    break i;
                }
                if rb.get(i + 1) == Some(&quote) && rb.get(i + 2) == Some(&quote) {
                    break i;
                }
                i += 1;
            }
            Some(b'\n') | Some(b'\r') if !triple => {
                let line = line_at(lex.source(), lex.span().end + i);
                return Err(LexError::new(
                    format!("unterminated string literal (detected at line {line})"),
                    start,
                    start,
                ));
            }
            Some(_) => i += 1,
        }
    };
    let body = rest.get(body_start..end).unwrap_or("");
    let body_offset = base + lex.span().end + body_start;
    lex.bump(end + if triple { 3 } else { 1 });
    let lit = if fstring {
        StrLit::FString(scan_fstring(body, body_offset, raw, 0)?)
    } else if bytes {
        StrLit::Bytes(decode_bytes(body, body_offset, raw)?)
    } else {
        StrLit::Str(decode_str(body, body_offset, raw)?)
    };
    Ok(Box::new(lit))
}

/// Decodes the escapes of a str literal body (or one literal piece of an f-string).
pub fn decode_str(body: &str, offset: usize, raw: bool) -> Result<String, LexError> {
    let mut out = String::with_capacity(body.len());
    if raw {
        out.push_str(&body.replace("\r\n", "\n"));
        return Ok(out);
    }
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\r' {
            if chars.peek().map(|p| p.1) == Some('\n') {
                chars.next();
            }
            out.push('\n');
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            out.push('\\');
            break;
        };
        let unicode_error = |what: &str, len: usize| {
            let pos = body[..i].chars().count();
            LexError::new(
                format!(
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: {what}",
                    pos,
                    pos + len
                ),
                offset + i,
                offset + i,
            )
        };
        match e {
            '\n' => {}
            '\r' => {
                if chars.peek().map(|p| p.1) == Some('\n') {
                    chars.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut value = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            value = value * 8 + (d as u32 - '0' as u32);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            'x' | 'u' | 'U' => {
                let len = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut value = 0u32;
                for n in 0..len {
                    match chars.peek().and_then(|&(_, d)| d.to_digit(16)) {
                        Some(d) => {
                            value = value.wrapping_mul(16).wrapping_add(d);
                            chars.next();
                        }
                        None => {
                            let what = match e {
                                'x' => "truncated \\xXX escape",
                                'u' => "truncated \\uXXXX escape",
                                _ => "truncated \\UXXXXXXXX escape",
                            };
                            return Err(unicode_error(what, n + 1));
                        }
                    }
                }
                match crate::pyrepr::char_from_code_point(value) {
                    Some(ch) => out.push(ch),
                    None => return Err(unicode_error("illegal Unicode character", len + 1)),
                }
            }
            'N' => {
                return Err(LexError::new(
                    "peel does not support \\N{...} escapes; write the character itself or use \\u",
                    offset + i,
                    offset + i + 2,
                ))
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

fn decode_bytes(body: &str, offset: usize, raw: bool) -> Result<Vec<u8>, LexError> {
    if let Some((i, _)) = body.char_indices().find(|(_, c)| !c.is_ascii()) {
        return Err(LexError::new(
            "bytes can only contain ASCII literal characters",
            offset + i,
            offset + i,
        ));
    }
    if raw {
        return Ok(body.replace("\r\n", "\n").into_bytes());
    }
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c == b'\r' {
            if b.get(i) == Some(&b'\n') {
                i += 1;
            }
            out.push(b'\n');
            continue;
        }
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = b.get(i) else {
            out.push(b'\\');
            break;
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut value = (e - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((value & 0xff) as u8);
            }
            b'x' => {
                let hex = |k: usize| b.get(k).and_then(|&d| (d as char).to_digit(16));
                match (hex(i), hex(i + 1)) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => {
                        return Err(LexError::new(
                            format!("(value error) invalid \\x escape at position {}", i - 2),
                            offset + i - 2,
                            offset + i,
                        ))
                    }
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Splits an f-string body into literal pieces and fields. `depth` counts nesting of
/// fields inside format specs (CPython allows two levels).
pub fn scan_fstring(
    body: &str,
    offset: usize,
    raw: bool,
    depth: usize,
) -> Result<Vec<FPiece>, LexError> {
    let b = body.as_bytes();
    let mut pieces = Vec::new();
    let mut lit_start = 0;
    let mut literal = String::new();
    let mut i = 0;
    let flush = |literal: &mut String, from: usize, to: usize| -> Result<(), LexError> {
        if to > from {
            literal.push_str(&decode_str(&body[from..to], offset + from, raw)?);
        }
        Ok(())
    };
    while i < b.len() {
        match b[i] {
            b'\\' if !raw => {
                // An escape never starts a field, but `\{` would: leave `{` to the next turn.
                i += if b.get(i + 1).is_some_and(|&c| c != b'{' && c != b'}') {
                    2
                } else {
                    1
                };
            }
            b'{' if b.get(i + 1) == Some(&b'{') && depth == 0 => {
                flush(&mut literal, lit_start, i + 1)?;
                i += 2;
                lit_start = i;
            }
            b'}' if b.get(i + 1) == Some(&b'}') && depth == 0 => {
                flush(&mut literal, lit_start, i + 1)?;
                i += 2;
                lit_start = i;
            }
            b'}' => {
                return Err(LexError::new(
                    "f-string: single '}' is not allowed",
                    offset + i,
                    offset + i + 1,
                ))
            }
            b'{' => {
                flush(&mut literal, lit_start, i)?;
                if !literal.is_empty() {
                    pieces.push(FPiece::Literal(std::mem::take(&mut literal)));
                }
                let (field, next) = scan_field(body, offset, i + 1, raw, depth)?;
                pieces.push(FPiece::Field(field));
                i = next;
                lit_start = i;
            }
            _ => i += 1,
        }
    }
    flush(&mut literal, lit_start, b.len())?;
    if !literal.is_empty() {
        pieces.push(FPiece::Literal(literal));
    }
    Ok(pieces)
}

/// Scans one replacement field starting just after its `{`; returns the field and the
/// index just after its `}`.
fn scan_field(
    body: &str,
    offset: usize,
    start: usize,
    raw: bool,
    depth: usize,
) -> Result<(FField, usize), LexError> {
    let b = body.as_bytes();
    let err = |msg: &str, at: usize| Err(LexError::new(msg, offset + at, offset + at + 1));
    if depth >= 2 {
        return err("f-string: expressions nested too deeply", start);
    }
    let mut nesting: Vec<u8> = Vec::new();
    let mut i = start;
    // Find the end of the expression: a top-level `}`, `!` (not `!=`), `:` or `=` (debug).
    let expr_end = loop {
        let Some(&c) = b.get(i) else {
            return err("f-string: expecting '}'", i.saturating_sub(1));
        };
        match c {
            b'\\' => return err("f-string expression part cannot include a backslash", i),
            b'#' => return err("f-string expression part cannot include '#'", i),
            b'(' | b'[' | b'{' => {
                nesting.push(c);
                i += 1;
            }
            b')' | b']' | b'}' if !nesting.is_empty() => {
                nesting.pop();
                i += 1;
            }
            b'}' => break i,
            b'\'' | b'"' => {
                // A string inside the expression: skip to its closing quote.
                let triple = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
                let q = if triple { 3 } else { 1 };
                let mut j = i + q;
                loop {
                    match b.get(j) {
                        None => return err("f-string: unterminated string", i),
                        // CPython 3.11 refuses a backslash anywhere in the expression part,
                        // inside its strings too.
                        Some(b'\\') => {
                            return err("f-string expression part cannot include a backslash", j)
                        }
                        Some(&d)
                            if d == c
                                && (!triple
                                    || (b.get(j + 1) == Some(&c) && b.get(j + 2) == Some(&c))) =>
                        {
                            break;
                        }
                        Some(_) => j += 1,
                    }
                }
                i = j + q;
            }
            b'!' if nesting.is_empty() && b.get(i + 1) != Some(&b'=') => break i,
            b':' if nesting.is_empty() => break i,
            b'=' if nesting.is_empty()
                && b.get(i + 1) != Some(&b'=')
                && !(i > start && matches!(b[i - 1], b'=' | b'!' | b'<' | b'>')) =>
            {
                break i
            }
            b'!' | b'=' | b'<' | b'>' if b.get(i + 1) == Some(&b'=') => i += 2,
            _ => i += 1,
        }
    };
    let expr_text = &body[start..expr_end];
    if expr_text.trim().is_empty() {
        return err("f-string: empty expression not allowed", expr_end);
    }
    let mut i = expr_end;
    let mut debug_text = None;
    if b.get(i) == Some(&b'=') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        debug_text = Some(body[start..i].to_string());
    }
    let mut conversion = None;
    if b.get(i) == Some(&b'!') {
        match b.get(i + 1) {
            Some(&c @ (b's' | b'r' | b'a')) => {
                conversion = Some(c as char);
                i += 2;
            }
            Some(b'}') | Some(b':') | None => {
                return err("f-string: missing conversion character", i + 1)
            }
            Some(_) => {
                return err(
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                    i + 1,
                )
            }
        }
    }
    let mut spec = Vec::new();
    if b.get(i) == Some(&b':') {
        // The spec runs to the matching `}`; nested fields are scanned recursively.
        let spec_start = i + 1;
        let mut j = spec_start;
        let mut level = 0usize;
        loop {
            match b.get(j) {
                None => return err("f-string: expecting '}'", j.saturating_sub(1)),
                Some(b'{') => {
                    level += 1;
                    j += 1;
                }
                Some(b'}') if level > 0 => {
                    level -= 1;
                    j += 1;
                }
                Some(b'}') => break,
                Some(_) => j += 1,
            }
        }
        spec = scan_fstring(&body[spec_start..j], offset + spec_start, raw, depth + 1)?;
        i = j;
    }
    if b.get(i) != Some(&b'}') {
        return err("f-string: expecting '}'", i.min(b.len().saturating_sub(1)));
    }
    if debug_text.is_some() && conversion.is_none() && spec.is_empty() {
        // CPython's rule: `{x=}` shows the repr unless a conversion or spec is given.
        conversion = Some('r');
    }
    let field = FField {
        expr: (offset + start, offset + expr_end),
        conversion,
        spec,
        debug_text,
    };
    Ok((field, i + 1))
}
