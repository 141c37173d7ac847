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
    /// The soft keywords `match` and `case`: logos reads them as names, and `tokenize`
    /// makes them keywords where a line is a match statement's or a case's head.
    Match,
    Case,

    // ----- names and literals -----
    #[regex(r"[\p{XID_Start}_][\p{XID_Continue}]*", |lex| identifier(lex.slice()))]
    Name(String),
    /// Decimal digits (hex, octal and binary literals are converted).
    Int(String),
    Float(f64),
    Complex(f64),
    /// Any number as logos finds it; the layout layer turns it into `Int`, `Float` or
    /// `Complex`. (Numbers are scanned by hand: their error messages need the context.)
    #[regex(r"[0-9]|\.[0-9]", number)]
    Number(Box<Token>),
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

/// An identifier as Python knows it: NFKC-normalised (PEP 3131), so `ﬁ` (one ligature
/// character) and `fi` are the same name. The token keeps the bytes it was read from as its
/// span; only the name changes.
fn identifier(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if text.is_ascii() {
        text.to_string()
    } else {
        text.nfkc().collect()
    }
}

/// CPython's default `sys.get_int_max_str_digits()`.
pub(crate) const INT_MAX_STR_DIGITS: usize = 4300;

/// Scans a whole number literal starting at the digit (or `.digit`) logos matched.
fn number(lex: &mut Lexer<Token>) -> Result<Box<Token>, LexError> {
    let start = lex.span().start;
    let src = lex.source();
    let b = &src.as_bytes()[start..];
    let abs = lex.extras + start;
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    // Digits of a radix with single underscores between them; returns the end index.
    let digits = |mut i: usize, ok: &dyn Fn(u8) -> bool| {
        while i < b.len() {
            if ok(at(i)) {
                i += 1;
            } else if at(i) == b'_' && ok(at(i + 1)) {
                i += 2;
            } else {
                break;
            }
        }
        i
    };
    let lower1 = at(1).to_ascii_lowercase();
    if at(0) == b'0' && matches!(lower1, b'x' | b'o' | b'b') {
        let (radix, name) = match lower1 {
            b'x' => (16, "hexadecimal"),
            b'o' => (8, "octal"),
            _ => (2, "binary"),
        };
        let ok = move |c: u8| (c as char).is_digit(radix);
        let mut first = 2;
        if at(first) == b'_' {
            first += 1;
        }
        let end = digits(first, &ok);
        if end == first {
            if at(first).is_ascii_digit() {
                let msg = format!("invalid digit '{}' in {name} literal", at(first) as char);
                return Err(LexError::new(msg, abs + first, abs + first + 1));
            }
            return Err(LexError::new(
                format!("invalid {name} literal"),
                abs,
                abs + first,
            ));
        }
        if at(end).is_ascii_digit() {
            let msg = format!("invalid digit '{}' in {name} literal", at(end) as char);
            return Err(LexError::new(msg, abs + end, abs + end + 1));
        }
        lex.bump(end - 1);
        let text = &src[start..start + end];
        return Ok(Box::new(Token::Int(strings::radix_int(text, radix))));
    }
    let dec = |c: u8| c.is_ascii_digit();
    let mut i = digits(0, &dec);
    let int_end = i;
    let mut is_float = false;
    if at(i) == b'.' {
        is_float = true;
        i = digits(i + 1, &dec);
    }
    if matches!(at(i), b'e' | b'E') {
        let mut j = i + 1;
        if matches!(at(j), b'+' | b'-') {
            j += 1;
        }
        if at(j).is_ascii_digit() {
            is_float = true;
            i = digits(j, &dec);
        }
    }
    let text: String = src[start..start + i]
        .chars()
        .filter(|&c| c != '_')
        .collect();
    let bad = move || LexError::new("invalid decimal literal", abs, abs + i);
    let token = if matches!(at(i), b'j' | b'J') {
        i += 1;
        Token::Complex(text.parse::<f64>().map_err(|_| bad())?)
    } else if is_float {
        Token::Float(text.parse::<f64>().map_err(|_| bad())?)
    } else {
        if b[0] == b'0'
            && b[..int_end]
                .iter()
                .any(|&c| c.is_ascii_digit() && c != b'0')
        {
            return Err(LexError::new(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                abs,
                abs + int_end,
            ));
        }
        let digits = strings::decimal_int(&text);
        // CPython turns a decimal literal into an int with `int(str)`, whose limit on the
        // number of digits (leading zeros aside) makes a longer one a SyntaxError. Other
        // bases have no such limit.
        if digits.len() > INT_MAX_STR_DIGITS {
            return Err(LexError::new(
                format!(
                    "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
                     value has {} digits; use sys.set_int_max_str_digits() to increase the limit - \
                     Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                    digits.len()
                ),
                abs,
                abs + int_end,
            ));
        }
        Token::Int(digits)
    };
    lex.bump(i - lex.slice().len());
    Ok(Box::new(token))
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
            Token::Int(_) | Token::Float(_) | Token::Complex(_) | Token::Number(_) => "NUMBER",
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
            Token::Match => "match",
            Token::Case => "case",
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
