//! Lexer tests: token streams (with the layout tokens a learner must see) and errors.

use super::*;
use crate::diagnostic::ErrorKind;

/// The tokens of `src` as short names: NAME(x), INT(1), NEWLINE, INDENT, DEDENT, or the
/// operator's own spelling.
fn kinds(src: &str) -> Vec<String> {
    tokenize(src)
        .unwrap_or_else(|e| panic!("{src:?}: {}", e.headline()))
        .into_iter()
        .map(|(_, t, _)| match t {
            Token::Name(n) => format!("NAME({n})"),
            Token::Int(n) => format!("INT({n})"),
            Token::Float(f) => format!("FLOAT({f})"),
            Token::Complex(f) => format!("COMPLEX({f})"),
            Token::Str(s) => format!("STR({s:?})"),
            Token::Newline => "NEWLINE".into(),
            Token::Indent => "INDENT".into(),
            Token::Dedent => "DEDENT".into(),
            t => t
                .keyword()
                .map(str::to_string)
                .unwrap_or_else(|| format!("{t:?}")),
        })
        .collect()
}

fn error(src: &str) -> Diagnostic {
    match tokenize(src) {
        Ok(t) => panic!("{src:?} lexed without error: {t:?}"),
        Err(e) => e,
    }
}

#[test]
fn indent_and_dedent_are_explicit() {
    let src = "if x:\n    y = 1\n    if z:\n        pass\nw\n";
    assert_eq!(
        kinds(src).join(" "),
        "if NAME(x) Colon NEWLINE INDENT NAME(y) Equal INT(1) NEWLINE if NAME(z) Colon NEWLINE \
         INDENT pass NEWLINE DEDENT DEDENT NAME(w) NEWLINE"
    );
}

#[test]
fn dedents_are_flushed_at_end_of_file_and_newline_added() {
    assert_eq!(
        kinds("def f():\n    return 1").join(" "),
        "def NAME(f) Lpar Rpar Colon NEWLINE INDENT return INT(1) NEWLINE DEDENT"
    );
}

#[test]
fn indent_and_dedent_are_zero_width() {
    let tokens = tokenize("if x:\n    y\nz\n").unwrap();
    let indent = tokens.iter().find(|t| t.1 == Token::Indent).unwrap();
    assert_eq!((indent.0, indent.2), (10, 10));
    let dedent = tokens.iter().find(|t| t.1 == Token::Dedent).unwrap();
    assert_eq!((dedent.0, dedent.2), (12, 12));
}

#[test]
fn blank_lines_comments_and_brackets_produce_no_newlines() {
    let src = "# hello\n\nx = [1,\n     2]  # two\n   \n# done\n\\\ny = (3 +\n\n4)\n";
    assert_eq!(
        kinds(src).join(" "),
        "NAME(x) Equal Lsqb INT(1) Comma INT(2) Rsqb NEWLINE NAME(y) Equal Lpar INT(3) Plus INT(4) Rpar NEWLINE"
    );
}

#[test]
fn backslash_continuation_joins_lines() {
    assert_eq!(
        kinds("x = 1 + \\\n  2\n").join(" "),
        "NAME(x) Equal INT(1) Plus INT(2) NEWLINE"
    );
}

#[test]
fn empty_and_comment_only_files_have_no_tokens() {
    assert!(tokenize("").unwrap().is_empty());
    assert!(tokenize("# only a comment\n\n").unwrap().is_empty());
}

#[test]
fn numbers() {
    assert_eq!(
        kinds("0xff 0o17 0b101 1_000 0 00 1.5 1e10 .5 5. 1j 2.5J 10**100").join(" "),
        "INT(255) INT(15) INT(5) INT(1000) INT(0) INT(0) FLOAT(1.5) FLOAT(10000000000) FLOAT(0.5) \
         FLOAT(5) COMPLEX(1) COMPLEX(2.5) INT(10) DoubleStar INT(100) NEWLINE"
    );
}

#[test]
fn strings_and_escapes() {
    let src = r#"'a\n\t\\\'' "\x41\u20ac\101" r'\n' b'\x00\xff' '''x
y''' 'a\
b'"#;
    let strs: Vec<String> = kinds(src)
        .into_iter()
        .filter(|k| k.starts_with("STR"))
        .collect();
    assert_eq!(
        strs,
        vec![
            r#"STR(Str("a\n\t\\'"))"#,
            r#"STR(Str("A€A"))"#,
            r#"STR(Str("\\n"))"#,
            r#"STR(Bytes([0, 255]))"#,
            r#"STR(Str("x\ny"))"#,
            r#"STR(Str("ab"))"#,
        ]
    );
}

#[test]
fn prefixes_are_case_insensitive() {
    for p in [
        "r", "R", "b", "B", "f", "F", "rb", "bR", "Rb", "fr", "rF", "u", "U",
    ] {
        let src = format!("{p}'x'");
        let toks = tokenize(&src).unwrap();
        assert!(matches!(toks[0].1, Token::Str(_)), "{src}");
        assert_eq!(toks.len(), 2, "{src}");
    }
}

#[test]
fn fstring_fields_record_expression_positions() {
    let src = "f'a{x!r:>{w}}b{y=}{{c}}'";
    let toks = tokenize(src).unwrap();
    let Token::Str(lit) = &toks[0].1 else {
        panic!()
    };
    let StrLit::FString(pieces) = &**lit else {
        panic!()
    };
    let FPiece::Field(x) = &pieces[1] else {
        panic!()
    };
    assert_eq!(&src[x.expr.0..x.expr.1], "x");
    assert_eq!(x.conversion, Some('r'));
    let FPiece::Field(w) = &x.spec[1] else {
        panic!("{:?}", x.spec)
    };
    assert_eq!(&src[w.expr.0..w.expr.1], "w");
    let FPiece::Field(y) = &pieces[3] else {
        panic!()
    };
    assert_eq!(y.debug_text.as_deref(), Some("y="));
    assert_eq!(pieces[4], FPiece::Literal("{c}".into()));
}

#[test]
fn keywords_and_operators() {
    assert_eq!(
        kinds("async await x := y -> z **= 2 //= 3 @ ...").join(" "),
        "async await NAME(x) ColonEqual NAME(y) Rarrow NAME(z) DoubleStarEqual INT(2) \
         DoubleSlashEqual INT(3) At Ellipsis NEWLINE"
    );
}

#[test]
fn layout_errors_use_cpythons_words() {
    let cases: &[(&str, ErrorKind, &str)] = &[
        ("if x:\n\tpass\n        pass\n", ErrorKind::TabError, "inconsistent use of tabs and spaces in indentation"),
        ("if x:\n        a\n    b\n", ErrorKind::IndentationError, "unindent does not match any outer indentation level"),
        ("x = 'abc\n", ErrorKind::SyntaxError, "unterminated string literal (detected at line 1)"),
        ("\n\nx = 'abc", ErrorKind::SyntaxError, "unterminated string literal (detected at line 3)"),
        ("x = \"\"\"abc\n\n", ErrorKind::SyntaxError, "unterminated triple-quoted string literal (detected at line 2)"),
        ("x = (1,\n2\n", ErrorKind::SyntaxError, "'(' was never closed"),
        ("x = )\n", ErrorKind::SyntaxError, "unmatched ')'"),
        ("x = (1]\n", ErrorKind::SyntaxError, "closing parenthesis ']' does not match opening parenthesis '('"),
        ("x = (1,\n2]\n", ErrorKind::SyntaxError, "closing parenthesis ']' does not match opening parenthesis '(' on line 1"),
        ("x = 3 € 4\n", ErrorKind::SyntaxError, "invalid character '€' (U+20AC)"),
        ("x = 1abc\n", ErrorKind::SyntaxError, "invalid decimal literal"),
        ("x = 0777\n", ErrorKind::SyntaxError, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"),
        ("x = 0x\n", ErrorKind::SyntaxError, "invalid hexadecimal literal"),
        ("x = 0b2\n", ErrorKind::SyntaxError, "invalid digit '2' in binary literal"),
        ("x = 1 \\ 2\n", ErrorKind::SyntaxError, "unexpected character after line continuation character"),
        ("f'{}'\n", ErrorKind::SyntaxError, "f-string: empty expression not allowed"),
        ("f'{x!z}'\n", ErrorKind::SyntaxError, "f-string: invalid conversion character: expected 's', 'r', or 'a'"),
        ("f'{x'\n", ErrorKind::SyntaxError, "f-string: expecting '}'"),
        ("f'}'\n", ErrorKind::SyntaxError, "f-string: single '}' is not allowed"),
        ("f'{x#}'\n", ErrorKind::SyntaxError, "f-string expression part cannot include '#'"),
        ("f'{\"a\\nb\"}'\n", ErrorKind::SyntaxError, "f-string expression part cannot include a backslash"),
        ("b'é'\n", ErrorKind::SyntaxError, "bytes can only contain ASCII literal characters"),
    ];
    for (src, kind, message) in cases {
        let e = error(src);
        assert_eq!((e.kind, e.message.as_str()), (*kind, *message), "{src:?}");
    }
}

#[test]
fn too_many_nested_parentheses() {
    assert!(tokenize(&format!("x = {}{}", "(".repeat(200), ")".repeat(200))).is_ok());
    let e = error(&format!("x = {}{}", "(".repeat(201), ")".repeat(201)));
    assert_eq!(e.message, "too many nested parentheses");
    // Far deeper nesting is still just an error, never a stack overflow.
    let e = error(&"[".repeat(100_000));
    assert_eq!(e.message, "too many nested parentheses");
}

#[test]
fn too_many_levels_of_indentation() {
    let mut src = String::new();
    for i in 0..120 {
        src.push_str(&" ".repeat(i));
        src.push_str("if x:\n");
    }
    let e = error(&src);
    assert_eq!(
        (e.kind, e.message.as_str()),
        (
            ErrorKind::IndentationError,
            "too many levels of indentation"
        )
    );
}

#[test]
fn print_tokens_shows_layout() {
    let source = SourceFile::new("t.py", "if x:\n    print(1)\n");
    let tokens = tokenize(&source.text).unwrap();
    let printed = print_tokens(&source, &tokens);
    let expected = "\
1:0-1:2       KEYWORD   'if'
1:3-1:4       NAME      'x'
1:4-1:5       OP        ':'
1:5-2:0       NEWLINE   '\\n'
2:4-2:4       INDENT    (indentation grows)
2:4-2:9       NAME      'print'
2:9-2:10      OP        '('
2:10-2:11     NUMBER    '1'
2:11-2:12     OP        ')'
2:12-3:0      NEWLINE   '\\n'
3:0-3:0       DEDENT    (indentation shrinks)
";
    assert_eq!(printed, expected);
}

#[test]
fn random_bytes_never_panic() {
    // A small deterministic generator: no external state, same cases every run.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"()[]{}'\"\\\n\t #:=+-*/%@&|^~<>!.,;0123456789abcdefxjorbFRBU_\x0c\r";
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let src = String::from_utf8_lossy(&bytes).into_owned();
        let _ = tokenize(&src);
        let _ = crate::parser::parse_module(&src);
    }
}

#[test]
fn unicode_names_crlf_and_byte_order_mark() {
    assert_eq!(
        kinds("café = π\n").join(" "),
        "NAME(café) Equal NAME(π) NEWLINE"
    );
    assert_eq!(
        kinds("if x:\r\n    y\r\nz\r\n").join(" "),
        "if NAME(x) Colon NEWLINE INDENT NAME(y) NEWLINE DEDENT NAME(z) NEWLINE"
    );
    let tokens = tokenize("\u{feff}x\n").unwrap();
    assert_eq!((tokens[0].0, tokens[0].2), (3, 4));
}

#[test]
fn match_and_case_are_keywords_only_where_a_match_statement_can_stand() {
    assert_eq!(
        kinds("match x:\n    case [y]: pass\n"),
        [
            "match", "NAME(x)", "Colon", "NEWLINE", "INDENT", "case", "Lsqb", "NAME(y)", "Rsqb",
            "Colon", "pass", "NEWLINE", "DEDENT"
        ]
    );
    // Names everywhere else, `case` too when no match statement holds it.
    for src in [
        "match = 1\n",
        "match[0]: int = 1\n",
        "match(x)\n",
        "case = 2\n",
        "case[0]: int = 1\n",
        "print(match, case)\n",
        "if x:\n    case[0]: int = 1\n",
    ] {
        let tokens = kinds(src);
        assert!(
            !tokens.iter().any(|t| t == "match" || t == "case"),
            "{src:?}: {tokens:?}"
        );
    }
    // Inside a case's body, `case` is a name again.
    let tokens = kinds("match x:\n    case 1:\n        case = 2\n");
    assert_eq!(
        tokens.iter().filter(|t| *t == "case").count(),
        1,
        "{tokens:?}"
    );
    // `match x` can only be a head that lacks its colon.
    assert_eq!(kinds("match x\n")[0], "match");
}
