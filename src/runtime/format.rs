//! Text formatting: the format-spec mini-language (`format(x, spec)`, f-strings'
//! `{x:spec}`), `str.format` and printf-style `%` formatting.
//!
//! A spec is parsed once into a `Spec` (fill, align, sign, `#`, `0`, width, grouping,
//! precision, type), then each kind of value turns itself into a sign, a prefix and a
//! body of digits, and one routine pads the three together. Floats are rendered from
//! Rust's exact, correctly rounded (round-half-even on exact ties) decimal conversion,
//! which is what CPython's `dtoa` gives, so `f"{2.675:.2f}"` prints `2.67` in both.

use std::rc::Rc;

use super::ops::{self, float_repr, repr_value, str_value, type_name_static};
use super::types::{
    index_error, key_error, new_exception, overflow_error, type_error, value_error,
};
use super::value::{PyResult, PyStr, Value};
use super::Vm;

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub no_neg_zero: bool,
    pub alt: bool,
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

fn invalid_spec(spec: &str, v: &Value) -> Rc<super::value::PyException> {
    value_error(format!(
        "Invalid format specifier '{}' for object of type '{}'",
        spec,
        type_name_static(v)
    ))
}

/// Parses a format spec; `v` only names the type in error messages.
pub fn parse_spec(spec: &str, v: &Value) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        s.no_neg_zero = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let digits = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == start {
            None
        } else {
            chars[start..*i].iter().collect::<String>().parse().ok()
        }
    };
    if let Some(w) = digits(&mut i) {
        s.width = w;
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            return Err(value_error("Cannot specify both ',' and '_'."));
        }
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        match digits(&mut i) {
            Some(p) => s.precision = Some(p),
            None => return Err(value_error("Format specifier missing precision")),
        }
    }
    if i < chars.len() {
        s.ty = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err(invalid_spec(spec, v));
    }
    if s.width > 1_000_000 || s.precision.is_some_and(|p| p > 1_000_000) {
        return Err(value_error("Too many decimal digits in format string"));
    }
    Ok(s)
}

/// `format(v, spec)`.
pub fn format_value(_vm: &mut Vm, v: &Value, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(str_value(v));
    }
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => format_int(v, &parse_spec(spec, v)?),
        Value::Float(f) => format_float(*f, &parse_spec(spec, v)?, v),
        Value::Str(s) => format_str(&s.s, &parse_spec(spec, v)?, v),
        _ => Err(type_error(format!(
            "unsupported format string passed to {}.__format__",
            type_name_static(v)
        ))),
    }
}

fn unknown_code(ty: char, v: &Value) -> Rc<super::value::PyException> {
    value_error(format!(
        "Unknown format code '{}' for object of type '{}'",
        ty,
        type_name_static(v)
    ))
}

/// Pads `s` to the spec's width with its fill and alignment (default: `default_align`).
fn pad(body: &str, s: &Spec, default_align: char) -> String {
    let n = body.chars().count();
    if s.width <= n {
        return body.to_string();
    }
    let fill = s.fill.unwrap_or(' ');
    let total = s.width - n;
    let (l, r) = match s.align.unwrap_or(default_align) {
        '<' => (0, total),
        '^' => (total / 2, total - total / 2),
        _ => (total, 0),
    };
    let mut out = String::with_capacity(body.len() + total);
    out.extend(std::iter::repeat_n(fill, l));
    out.push_str(body);
    out.extend(std::iter::repeat_n(fill, r));
    out
}

fn format_str(text: &str, s: &Spec, v: &Value) -> PyResult<String> {
    match s.ty {
        None | Some('s') => {}
        Some(t) => return Err(unknown_code(t, v)),
    }
    if s.sign.is_some() {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    if s.alt {
        return Err(value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if let Some(g) = s.grouping {
        return Err(value_error(format!("Cannot specify '{}' with 's'.", g)));
    }
    if s.align == Some('=') {
        return Err(value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let truncated: String = match s.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    let mut s2 = s.clone();
    if s.zero && s.fill.is_none() {
        s2.fill = Some('0');
    }
    Ok(pad(&truncated, &s2, '<'))
}

/// Inserts `sep` every `every` digits from the right of a run of digits.
fn group_digits(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / every);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Assembles sign + prefix + digits (+ rest, e.g. the fraction) with padding, grouping
/// and `=` alignment, as CPython's number formatting does.
fn assemble(
    sign: &str,
    prefix: &str,
    int_digits: &str,
    rest: &str,
    s: &Spec,
    group_every: usize,
) -> String {
    let mut fill = s.fill;
    let mut align = s.align;
    if s.zero && s.fill.is_none() && s.align.is_none() {
        fill = Some('0');
        align = Some('=');
    }
    let fill_c = fill.unwrap_or(' ');
    let mut digits = int_digits.to_string();
    let grouped = |d: &str| match s.grouping {
        Some(g) => group_digits(d, g, group_every),
        None => d.to_string(),
    };
    if align == Some('=') && fill_c == '0' && s.grouping.is_some() {
        let min = s
            .width
            .saturating_sub(sign.len() + prefix.len() + rest.chars().count());
        while grouped(&digits).len() < min {
            digits.insert(0, '0');
        }
    }
    let body = grouped(&digits);
    let len = sign.chars().count() + prefix.len() + body.chars().count() + rest.chars().count();
    if align == Some('=') {
        let padn = s.width.saturating_sub(len);
        let mut out = String::new();
        out.push_str(sign);
        out.push_str(prefix);
        out.extend(std::iter::repeat_n(fill_c, padn));
        out.push_str(&body);
        out.push_str(rest);
        return out;
    }
    let whole = format!("{}{}{}{}", sign, prefix, body, rest);
    let s2 = Spec {
        fill,
        align,
        ..s.clone()
    };
    pad(&whole, &s2, '>')
}

fn sign_str(negative: bool, s: &Spec) -> &'static str {
    if negative {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

fn format_int(v: &Value, s: &Spec) -> PyResult<String> {
    let big = match v {
        Value::BigInt(b) => (**b).clone(),
        _ => num_bigint::BigInt::from(ops::small_int(v).unwrap_or(0)),
    };
    if let Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') = s.ty {
        let f = ops::big_to_f64(&big)?;
        return format_float(f, s, v);
    }
    if s.precision.is_some() {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    let ty = s.ty.unwrap_or('d');
    if let Some(g) = s.grouping {
        if g == ',' && !matches!(ty, 'd' | 'n') {
            return Err(value_error(format!("Cannot specify ',' with '{}'.", ty)));
        }
    }
    use num_traits::Signed;
    let negative = big.is_negative();
    let mag = big.abs();
    let (digits, prefix, every) = match ty {
        'd' | 'n' => (mag.to_str_radix(10), "", 3),
        'b' => (mag.to_str_radix(2), "0b", 4),
        'o' => (mag.to_str_radix(8), "0o", 4),
        'x' => (mag.to_str_radix(16), "0x", 4),
        'X' => (mag.to_str_radix(16).to_uppercase(), "0X", 4),
        'c' => {
            if s.sign.is_some() {
                return Err(value_error(
                    "Sign not allowed with integer format specifier 'c'",
                ));
            }
            let c = ops::small_int(v)
                .and_then(|i| u32::try_from(i).ok())
                .and_then(char::from_u32)
                .ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))?;
            return Ok(pad(&c.to_string(), s, '<'));
        }
        t => return Err(unknown_code(t, v)),
    };
    let prefix = if s.alt { prefix } else { "" };
    Ok(assemble(
        sign_str(negative, s),
        prefix,
        &digits,
        "",
        s,
        every,
    ))
}

/// Splits "123.45e+06" style text into (integer digits, rest).
fn split_int_part(body: &str) -> (&str, &str) {
    let end = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    (&body[..end], &body[end..])
}

/// Exponent notation with `p` digits after the point: `1.50e+03`.
fn sci(x: f64, p: usize, upper: bool, alt: bool) -> String {
    let t = format!("{:.*e}", p, x);
    let (mant, exp) = t.split_once('e').unwrap_or((&t, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut out = mant.to_string();
    if alt && p == 0 {
        out.push('.');
    }
    out.push(if upper { 'E' } else { 'e' });
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.abs()));
    out
}

/// The decimal exponent of x once rounded to `p` significant digits.
fn rounded_exponent(x: f64, p: usize) -> i32 {
    if x == 0.0 {
        return 0;
    }
    let t = format!("{:.*e}", p.saturating_sub(1), x);
    t.split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0)
}

fn strip_zeros(s: &str) -> String {
    if let Some(epos) = s.find(['e', 'E']) {
        let (m, e) = s.split_at(epos);
        return format!("{}{}", strip_zeros(m), e);
    }
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// The `g` presentation: fixed or exponent depending on the rounded exponent.
fn general(x: f64, p: usize, upper: bool, alt: bool, always_point: bool) -> String {
    let p = p.max(1);
    let exp = rounded_exponent(x, p);
    let body = if exp >= -4 && (exp as i64) < p as i64 {
        let decimals = (p as i64 - 1 - exp as i64).max(0) as usize;
        let mut t = format!("{:.*}", decimals, x);
        if alt && !t.contains('.') {
            t.push('.');
        }
        t
    } else {
        sci(x, p - 1, upper, alt)
    };
    let mut body = if alt { body } else { strip_zeros(&body) };
    if always_point && !body.contains(['.', 'e', 'E']) {
        body.push_str(".0");
    }
    body
}

/// Formats a float by `spec` (ints with a float type come here too; `v` names the type).
pub fn format_float(x: f64, s: &Spec, v: &Value) -> PyResult<String> {
    let ty = s.ty;
    if let Some(t) = ty {
        if !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n') {
            return Err(unknown_code(t, v));
        }
    }
    let mut negative = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let mut body = if !a.is_finite() {
        let t = if a.is_nan() { "nan" } else { "inf" };
        let t = if upper {
            t.to_uppercase()
        } else {
            t.to_string()
        };
        if ty == Some('%') {
            format!("{}%", t)
        } else {
            t
        }
    } else {
        match ty {
            Some('f' | 'F') => {
                let mut t = format!("{:.*}", s.precision.unwrap_or(6), a);
                if s.alt && s.precision == Some(0) {
                    t.push('.');
                }
                t
            }
            Some('e' | 'E') => sci(a, s.precision.unwrap_or(6), upper, s.alt),
            Some('g' | 'G' | 'n') => general(a, s.precision.unwrap_or(6), upper, s.alt, false),
            Some('%') => {
                let mut t = format!("{:.*}", s.precision.unwrap_or(6), a * 100.0);
                if s.alt && s.precision == Some(0) {
                    t.push('.');
                }
                t.push('%');
                t
            }
            _ => match s.precision {
                None => float_repr(a),
                Some(p) => general(a, p, false, s.alt, true),
            },
        }
    };
    if s.no_neg_zero
        && negative
        && body
            .chars()
            .all(|c| matches!(c, '0' | '.' | 'e' | '+' | '-' | '%'))
    {
        negative = false;
    }
    let (int_part, rest) = split_int_part(&body);
    let (int_part, rest) = (int_part.to_string(), rest.to_string());
    if int_part.is_empty() {
        // inf / nan: no digits to group.
        let sign = sign_str(negative, s);
        body = format!("{}{}", sign, body);
        let mut s2 = s.clone();
        if s.zero && s.fill.is_none() && s.align.is_none() {
            return Ok(assemble(sign, "", "", &body[sign.len()..], s, 3));
        }
        s2.zero = false;
        return Ok(pad(&body, &s2, '>'));
    }
    Ok(assemble(sign_str(negative, s), "", &int_part, &rest, s, 3))
}

// ---------------------------------------------------------------------------------------
// str.format
// ---------------------------------------------------------------------------------------

struct FormatState<'a> {
    args: &'a [Value],
    kwargs: &'a [(Rc<PyStr>, Value)],
    auto: Option<usize>,
    manual: bool,
}

/// `fmt.format(*args, **kwargs)`.
pub fn str_format(
    vm: &mut Vm,
    fmt: &str,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<String> {
    let mut st = FormatState {
        args,
        kwargs,
        auto: None,
        manual: false,
    };
    render(vm, fmt, &mut st, 0)
}

fn render(vm: &mut Vm, fmt: &str, st: &mut FormatState, depth: usize) -> PyResult<String> {
    if depth > 2 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let mut out = String::with_capacity(fmt.len() + 16);
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            // Find the matching '}' (the spec may hold nested fields).
            let mut level = 1;
            let mut j = i + 1;
            let mut in_bracket = false;
            while j < chars.len() {
                match chars[j] {
                    '[' => in_bracket = true,
                    ']' => in_bracket = false,
                    '{' if !in_bracket => level += 1,
                    '}' if !in_bracket => {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(value_error(if level > 1 || i + 1 < chars.len() {
                    "expected '}' before end of string"
                } else {
                    "Single '{' encountered in format string"
                }));
            }
            let field: String = chars[i + 1..j].iter().collect();
            out.push_str(&render_field(vm, &field, st, depth)?);
            i = j + 1;
        } else if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(value_error("Single '}' encountered in format string"));
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(out)
}

fn render_field(vm: &mut Vm, field: &str, st: &mut FormatState, depth: usize) -> PyResult<String> {
    // Split "name!conv:spec", where name may contain [..] with any characters.
    let mut name_end = field.len();
    let mut in_bracket = false;
    for (k, c) in field.char_indices() {
        match c {
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            '!' | ':' if !in_bracket => {
                name_end = k;
                break;
            }
            _ => {}
        }
    }
    let name = &field[..name_end];
    let mut rest = &field[name_end..];
    let mut conversion = None;
    if let Some(r) = rest.strip_prefix('!') {
        let mut cs = r.chars();
        let conv = cs.next();
        let after = cs.as_str();
        if !(after.is_empty() || after.starts_with(':')) {
            return Err(value_error("expected ':' after conversion specifier"));
        }
        match conv {
            Some(c @ ('r' | 's' | 'a')) => conversion = Some(c),
            Some(c) => return Err(value_error(format!("Unknown conversion specifier {}", c))),
            None => {
                return Err(value_error(
                    "end of string while looking for conversion specifier",
                ))
            }
        }
        rest = after;
    }
    let spec_raw = rest.strip_prefix(':').unwrap_or("");
    // Resolve the argument.
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let arg_name = &name[..first_end];
    let mut value = if arg_name.is_empty() {
        if st.manual {
            return Err(value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        let n = st.auto.unwrap_or(0);
        st.auto = Some(n + 1);
        positional(st, n)?
    } else if let Ok(n) = arg_name.parse::<usize>() {
        if st.auto.is_some() {
            return Err(value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        st.manual = true;
        positional(st, n)?
    } else {
        match st.kwargs.iter().find(|(k, _)| k.s == arg_name) {
            Some((_, v)) => v.clone(),
            None => return Err(key_error(Value::str(arg_name))),
        }
    };
    // Attribute and index accessors.
    let mut acc = &name[first_end..];
    while !acc.is_empty() {
        if let Some(r) = acc.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            value = ops::get_attr(vm, &value, &r[..end])?;
            acc = &r[end..];
        } else if let Some(r) = acc.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| value_error("Missing ']' in format string"))?;
            let key = &r[..end];
            let k = match key.parse::<i64>() {
                Ok(n) if key.bytes().all(|b| b.is_ascii_digit()) => Value::Int(n),
                _ => Value::str(key),
            };
            value = ops::get_item(vm, &value, &k)?;
            acc = &r[end + 1..];
        } else {
            return Err(value_error(
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        }
    }
    let value = match conversion {
        Some('r') => Value::str(repr_value(&value)),
        Some('a') => Value::str(ascii(&repr_value(&value))),
        Some('s') => Value::str(str_value(&value)),
        _ => value,
    };
    let spec = if spec_raw.contains('{') {
        render(vm, spec_raw, st, depth + 1)?
    } else {
        spec_raw.to_string()
    };
    format_value(vm, &value, &spec)
}

fn positional(st: &FormatState, n: usize) -> PyResult<Value> {
    st.args.get(n).cloned().ok_or_else(|| {
        index_error(format!(
            "Replacement index {} out of range for positional args tuple",
            n
        ))
    })
}

/// `ascii()`: a repr with every non-ASCII char escaped.
pub fn ascii(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n <= 0xff {
            out.push_str(&format!("\\x{:02x}", n));
        } else if n <= 0xffff {
            out.push_str(&format!("\\u{:04x}", n));
        } else {
            out.push_str(&format!("\\U{:08x}", n));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// printf-style formatting
// ---------------------------------------------------------------------------------------

/// `fmt % args`.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<String> {
    let (items, mapping): (Vec<Value>, Option<&Value>) = match args {
        Value::Tuple(t) => (t.items.to_vec(), None),
        Value::Dict(_) => (vec![args.clone()], Some(args)),
        _ => (vec![args.clone()], None),
    };
    let mut next_arg = 0usize;
    let take = |next_arg: &mut usize| -> PyResult<Value> {
        let v = items
            .get(*next_arg)
            .cloned()
            .ok_or_else(|| type_error("not enough arguments for format string"))?;
        *next_arg += 1;
        Ok(v)
    };
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut i = 0;
    let mut used_mapping = false;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut key_value = None;
        if chars.get(i) == Some(&'(') {
            let Some(m) = mapping else {
                return Err(type_error("format requires a mapping"));
            };
            let mut depth = 1;
            let mut j = i + 1;
            while j < chars.len() && depth > 0 {
                match chars[j] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            if depth > 0 {
                return Err(value_error("incomplete format key"));
            }
            let key: String = chars[i + 1..j - 1].iter().collect();
            key_value = Some(ops::get_item(vm, m, &Value::str(key))?);
            used_mapping = true;
            i = j;
        }
        let mut s = Spec::default();
        let mut left = false;
        while i < chars.len() {
            match chars[i] {
                '-' => left = true,
                '+' => s.sign = Some('+'),
                ' ' => {
                    if s.sign.is_none() {
                        s.sign = Some(' ')
                    }
                }
                '#' => s.alt = true,
                '0' => s.zero = true,
                _ => break,
            }
            i += 1;
        }
        let num = |i: &mut usize, next_arg: &mut usize| -> PyResult<Option<usize>> {
            if chars.get(*i) == Some(&'*') {
                *i += 1;
                let v = take(next_arg)?;
                return match v {
                    Value::Int(n) => Ok(Some(n.max(0) as usize)),
                    _ => Err(type_error("* wants int")),
                };
            }
            let st = *i;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                *i += 1;
            }
            Ok(if *i > st {
                chars[st..*i].iter().collect::<String>().parse().ok()
            } else {
                None
            })
        };
        if let Some(w) = num(&mut i, &mut next_arg)? {
            s.width = w;
        }
        if chars.get(i) == Some(&'.') {
            i += 1;
            s.precision = Some(num(&mut i, &mut next_arg)?.unwrap_or(0));
        }
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            return Err(value_error("incomplete format"));
        };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        if left {
            s.align = Some('<');
            s.zero = false;
        }
        let v = match key_value.take() {
            Some(v) => v,
            None => take(&mut next_arg)?,
        };
        let piece = match conv {
            's' | 'r' | 'a' => {
                let text = match conv {
                    's' => str_value(&v),
                    'r' => repr_value(&v),
                    _ => ascii(&repr_value(&v)),
                };
                let text: String = match s.precision {
                    Some(p) => text.chars().take(p).collect(),
                    None => text,
                };
                let s2 = Spec {
                    align: Some(if left { '<' } else { '>' }),
                    ..Spec::default()
                };
                pad(
                    &text,
                    &Spec {
                        width: s.width,
                        ..s2
                    },
                    '>',
                )
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let iv = match &v {
                    Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => v.clone(),
                    Value::Float(f) if matches!(conv, 'd' | 'i' | 'u') => {
                        if !f.is_finite() {
                            return Err(if f.is_nan() {
                                value_error("cannot convert float NaN to integer")
                            } else {
                                overflow_error("cannot convert float infinity to integer")
                            });
                        }
                        Value::int_from_bigint(ops::float_to_bigint(*f).unwrap_or_default())
                    }
                    _ => {
                        return Err(type_error(if matches!(conv, 'd' | 'i' | 'u') {
                            format!(
                                "%{} format: a real number is required, not {}",
                                conv,
                                type_name_static(&v)
                            )
                        } else {
                            format!(
                                "%{} format: an integer is required, not {}",
                                conv,
                                type_name_static(&v)
                            )
                        }))
                    }
                };
                let ty = match conv {
                    'x' | 'X' | 'o' => conv,
                    _ => 'd',
                };
                let mut digits_spec = Spec {
                    ty: Some(ty),
                    alt: s.alt,
                    ..Spec::default()
                };
                if let Some(p) = s.precision {
                    // %.3d: at least p digits.
                    digits_spec.zero = true;
                    digits_spec.width = p;
                }
                let body = format_int(
                    &iv,
                    &Spec {
                        sign: s.sign,
                        ..digits_spec
                    },
                )?;
                let spec = Spec {
                    zero: s.zero,
                    width: s.width,
                    align: s.align,
                    ..Spec::default()
                };
                let (sign, rest) = match body.strip_prefix(['-', '+', ' ']) {
                    Some(r) => (&body[..1], r),
                    None => ("", body.as_str()),
                };
                let (prefix, digits) = if s.alt
                    && rest.len() > 2
                    && rest.as_bytes()[0] == b'0'
                    && !rest[1..2].chars().all(|c| c.is_ascii_digit())
                {
                    (&rest[..2], &rest[2..])
                } else {
                    ("", rest)
                };
                assemble(sign, prefix, digits, "", &spec, 3)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = match ops::to_f64(&v)? {
                    Some(f) => f,
                    None => {
                        return Err(type_error(format!(
                            "must be real number, not {}",
                            type_name_static(&v)
                        )))
                    }
                };
                let spec = Spec {
                    ty: Some(conv),
                    precision: Some(s.precision.unwrap_or(6)),
                    ..s.clone()
                };
                format_float(f, &spec, &Value::Float(f))?
            }
            'c' => {
                let c = match &v {
                    Value::Str(t) if t.char_len() == 1 => t.s.clone(),
                    Value::Int(n) => match u32::try_from(*n).ok().and_then(char::from_u32) {
                        Some(c) => c.to_string(),
                        None => return Err(overflow_error("%c arg not in range(0x110000)")),
                    },
                    _ => return Err(type_error("%c requires int or char")),
                };
                pad(
                    &c,
                    &Spec {
                        width: s.width,
                        align: Some(if left { '<' } else { '>' }),
                        ..Spec::default()
                    },
                    '>',
                )
            }
            other => {
                return Err(value_error(format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    other,
                    other as u32,
                    i - 1
                )))
            }
        };
        let _ = start;
        out.push_str(&piece);
    }
    if next_arg < items.len() && !used_mapping && mapping.is_none() {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

/// `round(x, ndigits)` for floats, correctly rounded like CPython (which rounds the exact
/// binary value half-to-even, so `round(2.675, 2) == 2.67`).
pub fn round_float(x: f64, ndigits: i64) -> PyResult<f64> {
    if !x.is_finite() || x == 0.0 {
        return Ok(x);
    }
    if ndigits > 323 {
        return Ok(x);
    }
    if ndigits < -308 {
        return Ok(0.0f64.copysign(x));
    }
    if ndigits >= 0 {
        let t = format!("{:.*}", ndigits as usize, x);
        let r: f64 = t.parse().unwrap_or(x);
        if r.is_infinite() {
            return Err(overflow_error("rounded value too large to represent"));
        }
        return Ok(r);
    }
    // Negative ndigits: round the exact value to a multiple of 10**-ndigits.
    let exact = ops::float_to_bigint(x.trunc()).unwrap_or_default();
    let frac_nonzero = x.fract() != 0.0;
    let pow = num_traits::pow::pow(num_bigint::BigInt::from(10), (-ndigits) as usize);
    let rounded = round_half_even_big(&exact, &pow, frac_nonzero, x < 0.0);
    let r = ops::big_to_f64(&rounded)
        .map_err(|_| overflow_error("rounded value too large to represent"))?;
    Ok(if r == 0.0 { 0.0f64.copysign(x) } else { r })
}

/// Rounds an integer (plus a nonzero fraction flag, same sign) to a multiple of `unit`.
pub fn round_half_even_big(
    n: &num_bigint::BigInt,
    unit: &num_bigint::BigInt,
    frac_nonzero: bool,
    negative: bool,
) -> num_bigint::BigInt {
    use num_integer::Integer;
    use num_traits::Signed;
    let mag = n.abs();
    let (q, r) = mag.div_rem(unit);
    let twice: num_bigint::BigInt = &r * 2;
    let up = match twice.cmp(unit) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => frac_nonzero || q.is_odd(),
    };
    let q = if up { q + 1 } else { q };
    let res = q * unit;
    if negative {
        -res
    } else {
        res
    }
}

/// Used by `new_exception` users that want a MemoryError-like failure.
pub fn too_big() -> Rc<super::value::PyException> {
    new_exception(
        "OverflowError",
        "Python int too large to convert to C ssize_t",
    )
}
