//! The parser: token triples to the AST, with CPython's error messages.
//!
//! The grammar itself lives in `grammar/python.lalrpop`; lalrpop turns it into an LALR(1)
//! table at build time (see `build.rs`), and [`build`] holds the grammar's actions. This
//! module drives it: it runs the lexer, puts a start token in front (one table parses both
//! whole modules and the expressions inside f-strings), and translates lalrpop's generic
//! "unexpected token" errors into the messages CPython 3.11 prints for the same mistake
//! (`expected ':'`, `unexpected indent`, `Perhaps you forgot a comma?`, ...).
//!
//! Finally it bounds the depth of the tree: every later pass walks the AST recursively, so
//! a program nested thousands of levels deep is rejected here, as CPython rejects it, instead
//! of overflowing a stack later.

pub mod build;
mod errors;
pub mod patterns;

use crate::ast::{Expr, Module};
use crate::diagnostic::Diagnostic;
use crate::lexer::{self, Token};
use crate::span::Span;
use build::Top;

lalrpop_util::lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        unused_parens,
        dead_code,
        unused_imports
    )]
    python,
    "/python.rs"
);

/// Deepest nesting of statements and expressions peel accepts. CPython 3.11's compiler
/// gives up at about 3,000 levels (`RecursionError: maximum recursion depth exceeded during
/// compilation`); 2,000 accepts every program a person writes while keeping later
/// recursive passes far from the end of their (1 GiB) stack.
pub const MAX_DEPTH: usize = 2000;

/// Source text to the AST (lexing included).
pub fn parse_module(src: &str) -> Result<Module, Diagnostic> {
    let tokens = lexer::tokenize(src)?;
    let body = match parse_tokens(src, tokens, None)? {
        Top::Module(body) => body,
        Top::Expr(_) => Vec::new(),
    };
    let module = Module {
        body,
        span: Span::new(0, src.len()),
        temporaries: Default::default(),
    };
    if let Err(e) = depth::check_module(&module) {
        depth::dismantle(module);
        return Err(e);
    }
    Ok(module)
}

/// Parses a standalone expression (the REPL-like entry used by tests and f-strings).
pub fn parse_expression(src: &str) -> Result<Expr, Diagnostic> {
    let tokens = lexer::tokenize_expression(src, 0, src.len())?;
    let e = expression_from_tokens(src, tokens, 0, src.len())?;
    depth::check_expr(&e)?;
    Ok(e)
}

/// Parses the expression of an f-string field, `src[start..end]`, in file coordinates.
pub(crate) fn parse_fstring_expression(
    src: &str,
    start: usize,
    end: usize,
) -> Result<Expr, Diagnostic> {
    let tokens = lexer::tokenize_expression(src, start, end).map_err(fstring_error)?;
    expression_from_tokens(src, tokens, start, end).map_err(fstring_error)
}

fn fstring_error(mut d: Diagnostic) -> Diagnostic {
    if !d.message.starts_with("f-string") {
        d.message = format!("f-string: {}", d.message);
        d.label = d.message.clone();
    }
    d
}

fn expression_from_tokens(
    src: &str,
    tokens: Vec<(usize, Token, usize)>,
    start: usize,
    end: usize,
) -> Result<Expr, Diagnostic> {
    if tokens.is_empty() {
        return Err(Diagnostic::syntax(
            "f-string: empty expression not allowed",
            Span::new(start, end),
        ));
    }
    match parse_tokens(src, tokens, Some((start, end)))? {
        Top::Expr(e) => Ok(e),
        Top::Module(_) => Err(Diagnostic::syntax("invalid syntax", Span::new(start, end))),
    }
}

/// Runs the parser over `tokens`: a whole module, or (with `expression = Some(range)`)
/// the expression of an f-string field at that range of `src`.
fn parse_tokens(
    src: &str,
    tokens: Vec<(usize, Token, usize)>,
    expression: Option<(usize, usize)>,
) -> Result<Top, Diagnostic> {
    let first = tokens.first().map(|t| t.0).unwrap_or(0);
    let start = if expression.is_some() {
        Token::StartExpr
    } else {
        Token::StartModule
    };
    let stream = std::iter::once((first, start, first))
        .chain(tokens)
        .map(Ok::<_, Diagnostic>);
    python::TopParser::new().parse(src, stream).map_err(|e| {
        // The parser consumed the tokens; errors are rare, so lex again for context.
        let tokens = match expression {
            Some((start, end)) => lexer::tokenize_expression(src, start, end),
            None => lexer::tokenize(src),
        };
        errors::translate(src, &tokens.unwrap_or_default(), expression.is_some(), e)
    })
}

mod depth;

#[cfg(test)]
mod tests;
