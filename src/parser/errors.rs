//! Turning lalrpop's "unrecognized token, expected one of ..." into CPython's messages.
//!
//! CPython 3.11's PEG parser has dedicated error rules; an LALR parser only knows which
//! token it could not accept and which tokens it would have accepted. Looking at that token,
//! its neighbours and the expected set is enough to recover the common messages a learner
//! meets; everything else is CPython's plain "invalid syntax" at the offending token.

use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::lexer::Token;
use crate::span::Span;
use lalrpop_util::ParseError;
use std::mem::discriminant;

type Triple = (usize, Token, usize);

/// `in_brackets`: the tokens are an f-string expression, which behaves as if bracketed.
pub fn translate(
    src: &str,
    tokens: &[Triple],
    in_brackets: bool,
    e: ParseError<usize, Token, Diagnostic>,
) -> Diagnostic {
    match e {
        ParseError::User { error } => error,
        ParseError::InvalidToken { location } => {
            Diagnostic::syntax("invalid syntax", Span::new(location, location + 1))
        }
        ParseError::UnrecognizedEof { location, expected } => unexpected(
            src,
            tokens,
            tokens.len(),
            (location, location),
            &expected,
            in_brackets,
        ),
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => {
            let i = tokens
                .iter()
                .position(|t| t.0 == l && discriminant(&t.1) == discriminant(&tok))
                .unwrap_or(tokens.len());
            unexpected(src, tokens, i, (l, r), &expected, in_brackets)
        }
        ParseError::ExtraToken { token: (l, _, r) } => {
            Diagnostic::syntax("invalid syntax", Span::new(l, r))
        }
    }
}

fn expects(expected: &[String], token: &str) -> bool {
    expected.iter().any(|e| e.trim_matches('"') == token)
}

/// The error for an unexpected token at index `i` (or end of input when `i == len`).
fn unexpected(
    src: &str,
    tokens: &[Triple],
    i: usize,
    (l, r): (usize, usize),
    expected: &[String],
    in_brackets: bool,
) -> Diagnostic {
    let tok = tokens.get(i).map(|t| &t.1);
    let prev = i.checked_sub(1).and_then(|p| tokens.get(p)).map(|t| &t.1);
    let at = Span::new(l, r);
    let bracket = innermost_bracket(tokens, i);
    let in_braces = bracket.is_some_and(|b| matches!(tokens[b].1, Token::Lbrace));
    if let Some(refusal) = crate::subset::outside_grammar(tokens, i) {
        return refusal;
    }
    if let Some(Token::Indent) = tok {
        let next = tokens.get(i + 1).map(|t| Span::new(t.0, t.2)).unwrap_or(at);
        return Diagnostic::new(ErrorKind::IndentationError, "unexpected indent", next);
    }
    if expects(expected, "INDENT") {
        if let Some((what, line)) = block_header(src, tokens, i) {
            let at = match tok {
                Some(Token::Newline | Token::Dedent) | None => at,
                _ => at,
            };
            return Diagnostic::new(
                ErrorKind::IndentationError,
                format!("expected an indented block after {what} on line {line}"),
                at,
            );
        }
    }
    if let Some(Token::Dedent) = tok {
        return Diagnostic::new(
            ErrorKind::IndentationError,
            "unindent does not match any outer indentation level",
            at,
        );
    }
    if expects(expected, ":") && !in_braces {
        let only_colon = expected
            .iter()
            .all(|e| matches!(e.trim_matches('"'), ":" | "->"));
        if only_colon || matches!(tok, Some(Token::Newline)) {
            let at = match prev {
                Some(_) => {
                    let end = tokens[i - 1].2;
                    Span::new(end, end)
                }
                None => at,
            };
            return Diagnostic::syntax("expected ':'", at);
        }
    }
    let depth = bracket_depth(tokens, i) + usize::from(in_brackets);
    if let (Some(p), Some(t)) = (prev, tok) {
        if p.ends_expression() && t.starts_operand() {
            let start = expression_start(tokens, i - 1);
            if depth > 0 && !(matches!(p, Token::Name(_)) && matches!(t, Token::Str(_))) {
                return Diagnostic::syntax(
                    "invalid syntax. Perhaps you forgot a comma?",
                    Span::new(start, r),
                );
            }
            if depth == 0 {
                if let Token::Name(n) = p {
                    let line_start = i < 2
                        || matches!(
                            tokens[i - 2].1,
                            Token::Newline | Token::Indent | Token::Dedent
                        );
                    if (n == "print" || n == "exec") && line_start {
                        let end = line_end(tokens, i);
                        return Diagnostic::syntax(
                            format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?"),
                            Span::new(tokens[i - 1].0, end),
                        );
                    }
                }
            }
        }
    }
    let in_call = bracket.is_some_and(|b| {
        matches!(tokens[b].1, Token::Lpar)
            && b > 0
            && matches!(tokens[b - 1].1, Token::Name(_) | Token::Rpar | Token::Rsqb)
    });
    if let (Some(Token::Equal), Some(p)) = (tok, prev) {
        let start = expression_start(tokens, i - 1);
        let before = tokens[..i - 1]
            .iter()
            .rposition(|t| t.0 < start)
            .map(|k| &tokens[k].1);
        let simple_name = matches!(p, Token::Name(_)) && start == tokens[i - 1].0;
        if in_call && !simple_name && matches!(before, Some(Token::Lpar | Token::Comma)) {
            return Diagnostic::syntax(
                "expression cannot contain assignment, perhaps you meant \"==\"?",
                Span::new(start, l),
            );
        }
        let header = matches!(
            before,
            Some(Token::If | Token::Elif | Token::While | Token::Lpar | Token::Lsqb | Token::Comma)
        );
        if simple_name && header && !in_call {
            return Diagnostic::syntax(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                Span::new(start, r),
            );
        }
    }
    if let (Some(Token::Rpar | Token::Comma), Some(Token::Equal)) = (tok, prev) {
        if line_starts_with(tokens, i, |t| matches!(t, Token::Def | Token::Async)) {
            return Diagnostic::syntax("expected default value expression", at);
        }
    }
    if in_braces {
        if let Some(Token::Colon) = prev {
            return Diagnostic::syntax("expression expected after dictionary key and ':'", at);
        }
        if expects(expected, ":") && !matches!(tok, Some(Token::Colon)) {
            return Diagnostic::syntax("':' expected after dictionary key", at);
        }
    }
    if let Some(Token::Comma) = tok {
        if depth == 0 && line_starts_with(tokens, i, |t| matches!(t, Token::Except)) {
            let start = expression_start(tokens, i - 1);
            return Diagnostic::syntax(
                "multiple exception types must be parenthesized",
                Span::new(start, r),
            );
        }
    }
    if expected.len() == 1 && expects(expected, "(") {
        return Diagnostic::syntax("expected '('", at);
    }
    if expects(expected, "else") && !matches!(tok, Some(Token::Else)) && expected.len() <= 3 {
        let start = tokens[..i.min(tokens.len())]
            .iter()
            .rposition(|t| matches!(t.1, Token::If))
            .filter(|&k| k > 0)
            .map_or(l, |k| expression_start(tokens, k - 1));
        return Diagnostic::syntax("expected 'else' after 'if' expression", Span::new(start, l));
    }
    if tok.is_none() {
        return Diagnostic::syntax("unexpected EOF while parsing", at);
    }
    Diagnostic::syntax("invalid syntax", at)
}

/// The index of the innermost bracket still open just before token `i`.
fn innermost_bracket(tokens: &[Triple], i: usize) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    for (k, t) in tokens[..i.min(tokens.len())].iter().enumerate() {
        match t.1 {
            Token::Lpar | Token::Lsqb | Token::Lbrace => open.push(k),
            Token::Rpar | Token::Rsqb | Token::Rbrace => {
                open.pop();
            }
            Token::Newline => open.clear(),
            _ => {}
        }
    }
    open.last().copied()
}

/// Whether the logical line holding token `i` starts with a token matching `f`.
fn line_starts_with(tokens: &[Triple], i: usize, f: impl Fn(&Token) -> bool) -> bool {
    let mut j = i.min(tokens.len());
    while j > 0
        && !matches!(
            tokens[j - 1].1,
            Token::Newline | Token::Indent | Token::Dedent
        )
    {
        j -= 1;
    }
    tokens.get(j).is_some_and(|t| f(&t.1))
}

/// How many brackets are open just before token `i`.
fn bracket_depth(tokens: &[Triple], i: usize) -> usize {
    let mut depth = 0usize;
    for t in &tokens[..i.min(tokens.len())] {
        match t.1 {
            Token::Lpar | Token::Lsqb | Token::Lbrace => depth += 1,
            Token::Rpar | Token::Rsqb | Token::Rbrace => depth = depth.saturating_sub(1),
            Token::Newline => depth = 0,
            _ => {}
        }
    }
    depth
}

/// A rough start of the expression ending with token `i`: back over a trailer chain
/// such as `a.b(c)[d]`.
fn expression_start(tokens: &[Triple], i: usize) -> usize {
    let mut j = i;
    let mut depth = 0usize;
    loop {
        match tokens[j].1 {
            Token::Rpar | Token::Rsqb | Token::Rbrace => depth += 1,
            Token::Lpar | Token::Lsqb | Token::Lbrace if depth > 0 => depth -= 1,
            Token::Lpar | Token::Lsqb | Token::Lbrace => return tokens[j + 1].0,
            Token::Comma if depth == 0 => return tokens[j + 1].0,
            _ => {}
        }
        if depth == 0
            && j > 0
            && !matches!(tokens[j - 1].1, Token::Dot)
            && !matches!(tokens[j].1, Token::Dot | Token::Lpar | Token::Lsqb)
        {
            // Keep walking only through `name.attr` and call/subscript chains.
            if !matches!(tokens[j - 1].1, Token::Name(_) | Token::Rpar | Token::Rsqb)
                || !matches!(tokens[j].1, Token::Lpar | Token::Lsqb)
            {
                return tokens[j].0;
            }
        }
        if j == 0 {
            return tokens[0].0;
        }
        j -= 1;
    }
}

fn line_end(tokens: &[Triple], i: usize) -> usize {
    tokens[i..]
        .iter()
        .find(|t| matches!(t.1, Token::Newline))
        .map(|t| t.0)
        .unwrap_or_else(|| tokens.last().map(|t| t.2).unwrap_or(0))
}

/// For "expected an indented block after X on line N": the compound statement whose `:`
/// NEWLINE precedes token `i`.
fn block_header(src: &str, tokens: &[Triple], i: usize) -> Option<(String, usize)> {
    // tokens[i-1] is the NEWLINE after the header; find the header line's first token.
    let newline = i.checked_sub(1)?;
    let mut j = newline;
    while j > 0
        && !matches!(
            tokens[j - 1].1,
            Token::Newline | Token::Indent | Token::Dedent
        )
    {
        j -= 1;
    }
    // A header after a `;` or on a line with a simple statement before it cannot happen,
    // but `else:`/`elif` follow a DEDENT: the first token is right.
    let mut first = &tokens[j];
    if let Token::Async = first.1 {
        first = tokens.get(j + 1)?;
    }
    let what = match &first.1 {
        Token::Def => "function definition".to_string(),
        Token::Class => "class definition".to_string(),
        t => format!("'{}' statement", t.keyword()?),
    };
    let line = src.as_bytes()[..first.0.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    Some((what, line))
}
