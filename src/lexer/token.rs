//! The raw tokens of Python, as a logos state machine.
//!
//! logos turns the patterns below into one deterministic automaton at compile time, so the
//! whole lexer is a single pass over the bytes. It knows nothing about lines or indentation:
//! it only reports a `Newline` token for every line break and skips spaces, comments and
//! backslash-newline continuations. The layout layer ([`super::layout`]) then decides which
//! line breaks are real NEWLINEs and where INDENT and DEDENT go, as CPython's tokenizer does.
//!
//! Strings are matched by their opening quote (with an optional prefix such as `rb` or `f`)
//! and a callback scans to the closing quote and decodes escapes, because a regular
//! expression cannot say "the same quote that opened me" nor report *where* a string was
//! left unterminated.

use super::strings::{self, StrLit};
use logos::{Lexer, Logos};

/// Why logos could not produce a token. The layout layer turns it into a `Diagnostic`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LexError {
    /// Empty for "no pattern matched here" (an invalid character); the layout layer words
    /// that message itself because it depends on the character.
    pub message: String,
    /// Absolute byte range to point at, when the callback knows better than logos' span.
    pub span: Option<(usize, usize)>,
}

impl LexError {
    pub fn new(message: impl Into<String>, start: usize, end: usize) -> LexError {
        LexError {
            message: message.into(),
            span: Some((start, end)),
        }
    }
}

/// One Python token. `Newline` is every physical line break here; the layout layer keeps
/// only the logical ones. `Indent`, `Dedent`, `StartModule` and `StartExpr` are never
/// produced by logos: the layout layer and the parser insert them.
#[derive(Logos, Debug, Clone, PartialEq)]
#[logos(extras = usize)]
#[logos(error = LexError)]
#[logos(skip r"[ \t\x0C]+")]
#[logos(skip r"#[^\r\n]*")]
#[logos(skip r"\\(\r\n|\n|\r)")]
pub enum Token {
    // ----- layout, inserted by the layout layer -----
    #[regex(r"\r\n|\n|\r")]
    Newline,
    Indent,
    Dedent,
    /// Tells the single parser table which start symbol to parse (module or expression).
    StartModule,
    StartExpr,

    // ----- names and literals -----
    #[regex(r"[\p{XID_Start}_][\p{XID_Continue}]*", |lex| lex.slice().to_string())]
    Name(String),
    /// Decimal digits (hex, octal and binary literals are converted).
    #[regex(r"[1-9](_?[0-9])*|0(_?0)*", |lex| strings::decimal_int(lex.slice()))]
    #[regex(r"0[xX](_?[0-9a-fA-F])+", |lex| strings::radix_int(lex.slice(), 16))]
    #[regex(r"0[oO](_?[0-7])+", |lex| strings::radix_int(lex.slice(), 8))]
    #[regex(r"0[bB](_?[01])+", |lex| strings::radix_int(lex.slice(), 2))]
    Int(String),
    #[regex(
        r"[0-9](_?[0-9])*\.([0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?",
        float
    )]
    #[regex(r"\.[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?", float)]
    #[regex(r"[0-9](_?[0-9])*[eE][+-]?[0-9](_?[0-9])*", float)]
    Float(f64),
    #[regex(
        r"[0-9](_?[0-9])*(\.([0-9](_?[0-9])*)?)?([eE][+-]?[0-9](_?[0-9])*)?[jJ]",
        complex
    )]
    #[regex(r"\.[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?[jJ]", complex)]
    Complex(f64),
    #[regex(r#"([rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?["']"#, strings::lex_string)]
    Str(Box<StrLit>),
    /// A backslash not followed by a line break.
    #[token("\\")]
    Backslash,

    // ----- keywords -----
    #[token("False")]
    False,
    #[token("None")]
    None,
    #[token("True")]
    True,
    #[token("and")]
    And,
    #[token("as")]
    As,
    #[token("assert")]
    Assert,
    #[token("async")]
    Async,
    #[token("await")]
    Await,
    #[token("break")]
    Break,
    #[token("class")]
    Class,
    #[token("continue")]
    Continue,
    #[token("def")]
    Def,
    #[token("del")]
    Del,
    #[token("elif")]
    Elif,
    #[token("else")]
    Else,
    #[token("except")]
    Except,
    #[token("finally")]
    Finally,
    #[token("for")]
    For,
    #[token("from")]
    From,
    #[token("global")]
    Global,
    #[token("if")]
    If,
    #[token("import")]
    Import,
    #[token("in")]
    In,
    #[token("is")]
    Is,
    #[token("lambda")]
    Lambda,
    #[token("nonlocal")]
    Nonlocal,
    #[token("not")]
    Not,
    #[token("or")]
    Or,
    #[token("pass")]
    Pass,
    #[token("raise")]
    Raise,
    #[token("return")]
    Return,
    #[token("try")]
    Try,
    #[token("while")]
    While,
    #[token("with")]
    With,
    #[token("yield")]
    Yield,

    // ----- operators and delimiters -----
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("**")]
    DoubleStar,
    #[token("/")]
    Slash,
    #[token("//")]
    DoubleSlash,
    #[token("%")]
    Percent,
    #[token("@")]
    At,
    #[token("<<")]
    LShift,
    #[token(">>")]
    RShift,
    #[token("&")]
    Amper,
    #[token("|")]
    Vbar,
    #[token("^")]
    Circumflex,
    #[token("~")]
    Tilde,
    #[token(":=")]
    ColonEqual,
    #[token("<")]
    Less,
    #[token(">")]
    Greater,
    #[token("<=")]
    LessEqual,
    #[token(">=")]
    GreaterEqual,
    #[token("==")]
    EqEqual,
    #[token("!=")]
    NotEqual,
    #[token("(")]
    Lpar,
    #[token(")")]
    Rpar,
    #[token("[")]
    Lsqb,
    #[token("]")]
    Rsqb,
    #[token("{")]
    Lbrace,
    #[token("}")]
    Rbrace,
    #[token(",")]
    Comma,
    #[token(":")]
    Colon,
    #[token(".")]
    Dot,
    #[token("...")]
    Ellipsis,
    #[token(";")]
    Semi,
    #[token("=")]
    Equal,
    #[token("->")]
    Rarrow,
    #[token("+=")]
    PlusEqual,
    #[token("-=")]
    MinusEqual,
    #[token("*=")]
    StarEqual,
    #[token("/=")]
    SlashEqual,
    #[token("//=")]
    DoubleSlashEqual,
    #[token("%=")]
    PercentEqual,
    #[token("@=")]
    AtEqual,
    #[token("&=")]
    AmperEqual,
    #[token("|=")]
    VbarEqual,
    #[token("^=")]
    CircumflexEqual,
    #[token("<<=")]
    LShiftEqual,
    #[token(">>=")]
    RShiftEqual,
    #[token("**=")]
    DoubleStarEqual,
    /// `!` alone is not Python, but naming it gives a better error than "invalid character".
    #[token("!")]
    Exclamation,
}

fn float(lex: &mut Lexer<Token>) -> Result<f64, LexError> {
    let text: String = lex.slice().chars().filter(|&c| c != '_').collect();
    text.parse::<f64>().map_err(|_| {
        let start = lex.extras + lex.span().start;
        LexError::new("invalid decimal literal", start, start + lex.slice().len())
    })
}

fn complex(lex: &mut Lexer<Token>) -> Result<f64, LexError> {
    let text: String = lex
        .slice()
        .chars()
        .filter(|&c| c != '_' && c != 'j' && c != 'J')
        .collect();
    text.parse::<f64>().map_err(|_| {
        let start = lex.extras + lex.span().start;
        LexError::new(
            "invalid imaginary literal",
            start,
            start + lex.slice().len(),
        )
    })
}

impl Token {
    /// The token's category as `python -m tokenize` would name it, refined so a learner can
    /// tell keywords from names.
    pub fn category(&self) -> &'static str {
        match self {
            Token::Newline => "NEWLINE",
            Token::Indent => "INDENT",
            Token::Dedent => "DEDENT",
            Token::StartModule | Token::StartExpr => "START",
            Token::Name(_) => "NAME",
            Token::Int(_) | Token::Float(_) | Token::Complex(_) => "NUMBER",
            Token::Str(_) => "STRING",
            t if t.keyword().is_some() => "KEYWORD",
            _ => "OP",
        }
    }

    /// The spelling of a keyword token.
    pub fn keyword(&self) -> Option<&'static str> {
        Some(match self {
            Token::False => "False",
            Token::None => "None",
            Token::True => "True",
            Token::And => "and",
            Token::As => "as",
            Token::Assert => "assert",
            Token::Async => "async",
            Token::Await => "await",
            Token::Break => "break",
            Token::Class => "class",
            Token::Continue => "continue",
            Token::Def => "def",
            Token::Del => "del",
            Token::Elif => "elif",
            Token::Else => "else",
            Token::Except => "except",
            Token::Finally => "finally",
            Token::For => "for",
            Token::From => "from",
            Token::Global => "global",
            Token::If => "if",
            Token::Import => "import",
            Token::In => "in",
            Token::Is => "is",
            Token::Lambda => "lambda",
            Token::Nonlocal => "nonlocal",
            Token::Not => "not",
            Token::Or => "or",
            Token::Pass => "pass",
            Token::Raise => "raise",
            Token::Return => "return",
            Token::Try => "try",
            Token::While => "while",
            Token::With => "with",
            Token::Yield => "yield",
            _ => return None,
        })
    }

    /// True for tokens that can end an expression (used to word "Perhaps you forgot a
    /// comma?").
    pub fn ends_expression(&self) -> bool {
        matches!(
            self,
            Token::Name(_)
                | Token::Int(_)
                | Token::Float(_)
                | Token::Complex(_)
                | Token::Str(_)
                | Token::Rpar
                | Token::Rsqb
                | Token::Rbrace
                | Token::None
                | Token::True
                | Token::False
                | Token::Ellipsis
        )
    }

    /// True for tokens that can only start an operand (not continue an expression).
    pub fn starts_operand(&self) -> bool {
        matches!(
            self,
            Token::Name(_)
                | Token::Int(_)
                | Token::Float(_)
                | Token::Complex(_)
                | Token::Str(_)
                | Token::Lpar
                | Token::Lsqb
                | Token::Lbrace
                | Token::None
                | Token::True
                | Token::False
                | Token::Ellipsis
                | Token::Lambda
                | Token::Await
                | Token::Tilde
        )
    }
}
