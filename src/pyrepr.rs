//! How Python writes a literal value back as text: `repr` of `str`, `bytes` and `float`.
//!
//! Every printer that shows Python (the tokens, the AST as Python, the CFG, the state
//! machine as Python) and the runtime's own `repr()` must agree byte for byte with CPython,
//! so there is exactly one implementation of each rule, here.

use std::fmt::Write;

/// Where lone surrogates live. A Python `str` may hold U+D800..U+DFFF on its own
/// (`chr(0xD800)`, `"\ud800"`), a Rust `String` may not; peel stands each one for a
/// character of the last private-use block, U+D800 + k as U+10F800 + k, and every place
/// that shows or takes a code point (`ord`, `chr`, reprs, escapes, encoding) translates.
/// The price: a program's own U+10F800..U+10FFFF read back as surrogates.
const SURROGATE_STAND_INS: u32 = 0x10F800;

/// The character peel stores for Unicode code point `n` (a surrogate's stand-in for
/// U+D800..U+DFFF); `None` past U+10FFFF.
pub fn char_from_code_point(n: u32) -> Option<char> {
    match n {
        0xD800..=0xDFFF => char::from_u32(n - 0xD800 + SURROGATE_STAND_INS),
        _ => char::from_u32(n),
    }
}

/// The code point Python sees for stored character `c`: `ord(c)`.
pub fn code_point(c: char) -> u32 {
    let n = c as u32;
    if n >= SURROGATE_STAND_INS {
        n - SURROGATE_STAND_INS + 0xD800
    } else {
        n
    }
}

/// Whether `c` stands for a lone surrogate, which UTF-8 cannot encode.
pub fn is_surrogate(c: char) -> bool {
    c as u32 >= SURROGATE_STAND_INS
}

/// Python's order of two strs: by code point, surrogates (stored past U+10F800) where
/// their code points put them.
pub fn str_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if may_hold_surrogate(a) || may_hold_surrogate(b) {
        a.chars().map(code_point).cmp(b.chars().map(code_point))
    } else {
        a.cmp(b)
    }
}

/// Whether `s` may hold a surrogate's stand-in: a cheap byte test (every stand-in's UTF-8
/// begins with 0xF4) before any character-by-character look.
pub fn may_hold_surrogate(s: &str) -> bool {
    s.as_bytes().contains(&0xF4)
}

/// `repr(float)`: the shortest digits that read back as the same float, in positional
/// notation for exponents -4..16 and scientific notation (`1e+16`, `1e-05`) otherwise.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits; only the layout differs.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::with_capacity(24);
    out.push_str(sign);
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-point) as usize));
            out.push_str(&digits);
        } else if point as usize >= digits.len() {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..point as usize]);
            out.push('.');
            out.push_str(&digits[point as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    out
}

/// `repr(str)`: single quotes unless the text holds a `'` and no `"`; escapes for the
/// backslash, the chosen quote, control characters and unprintable characters.
pub fn str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    str_repr_into(s, &mut out);
    out
}

/// `str_repr`, appended to `out`.
pub fn str_repr_into(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
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
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) >= 0x80 && !is_printable(c) => {
                let n = code_point(c);
                if n <= 0xff {
                    let _ = write!(out, "\\x{n:02x}");
                } else if n <= 0xffff {
                    let _ = write!(out, "\\u{n:04x}");
                } else {
                    let _ = write!(out, "\\U{n:08x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// `repr(bytes)`: `b'...'` with printable ASCII as is and `\xNN` for the rest.
pub fn bytes_repr(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() + 3);
    bytes_repr_into(b, &mut out);
    out
}

/// `bytes_repr`, appended to `out`.
pub fn bytes_repr_into(b: &[u8], out: &mut String) {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.push('b');
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote);
}

/// `str.isprintable()` for one character, approximating Unicode's categories that CPython
/// escapes in a repr: controls, separators other than the space, format characters,
/// surrogates, private use and a few unassigned blocks.
pub fn is_printable(c: char) -> bool {
    let n = c as u32;
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(n, 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x200b..=0x200f
            | 0x202a..=0x202e | 0x2060..=0x206f | 0xfeff | 0xfff0..=0xfffb
            | 0xe000..=0xf8ff | 0xd800..=0xdfff | 0xf0000..=0x10ffff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_match_cpython() {
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e-5), "1e-05");
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_repr(-0.0), "-0.0");
        assert_eq!(float_repr(123.0), "123.0");
        assert_eq!(float_repr(0.00012), "0.00012");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a\"b'c"), "'a\"b\\'c'");
        assert_eq!(
            str_repr("tab\there\u{7f}\u{200b}é"),
            "'tab\\there\\x7f\\u200bé'"
        );
        assert_eq!(bytes_repr(b"a'\x00"), "b\"a'\\x00\"");
    }
}
