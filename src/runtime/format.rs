//! Text formatting: the format-spec mini-language (`format(x, spec)`, f-strings'
//! `{x:spec}`), `str.format` and printf-style `%` formatting.
//!
//! A spec is parsed once into a `Spec` (fill, align, sign, `#`, `0`, width, grouping,
//! precision, type), then each kind of value turns itself into a sign, a prefix and a
//! body of digits, and one routine pads the three together. Floats are rendered from
//! Rust's exact, correctly rounded (round-half-even on exact ties) decimal conversion,
//! which is what CPython's `dtoa` gives, so `f"{2.675:.2f}"` prints `2.67` in both.

use std::rc::Rc;

use super::alloc;
use super::ops::{self, float_repr, type_name_static};
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
    // CPython reads a width or precision as a `Py_ssize_t`.
    let digits = |i: &mut usize| -> PyResult<Option<usize>> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == start {
            return Ok(None);
        }
        match chars[start..*i].iter().collect::<String>().parse::<isize>() {
            Ok(n) => Ok(Some(n as usize)),
            Err(_) => Err(value_error("Too many decimal digits in format string")),
        }
    };
    if let Some(w) = digits(&mut i)? {
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
        match digits(&mut i)? {
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
    room_for_width(&s)?;
    Ok(s)
}

/// `MemoryError` unless a result as wide as the spec asks could be allocated (the width
/// is the program's to choose: `f"{x:10000000000}"`).
fn room_for_width(s: &Spec) -> PyResult<()> {
    if s.width > 1 << 16 {
        let fill = s.fill.map_or(1, char::len_utf8);
        alloc::check_room(s.width.saturating_mul(fill))?;
    }
    Ok(())
}

/// A float's precision: at most a C int, as CPython's float formatting takes it, and
/// only as many digits as can be allocated.
fn float_precision(p: usize, too_big: &str) -> PyResult<usize> {
    if p > i32::MAX as usize {
        return Err(value_error(too_big));
    }
    // The digits are built, split and trimmed in a few copies: room for four.
    if p > 1 << 16 {
        alloc::check_room(p.saturating_mul(4))?;
    }
    Ok(p)
}

/// `format(v, spec)`.
pub fn format_value(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<String> {
    if super::class::find_special(v, "__format__").is_some() {
        return match super::class::call_special(vm, v, "__format__", vec![Value::str(spec)])? {
            Some(Value::Str(s)) => Ok(s.s.clone()),
            Some(other) => Err(type_error(format!(
                "__format__ must return a str, not {}",
                ops::type_name(&other)
            ))),
            None => Ok(String::new()),
        };
    }
    match v {
        Value::Str(s) if spec.is_empty() => return Ok(s.s.clone()),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_) if spec.is_empty() => {
            return ops::str(vm, v)
        }
        // `object.__format__(v, '')`, a METH_O method called with a depth check, is
        // `str(v)`.
        _ if spec.is_empty() => return vm.nested(ops::IN_CALL, |vm| ops::str(vm, v)),
        _ => {}
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
        // The fewest digits whose grouped form is `min` long: k digits group into
        // k + (k - 1) / every characters.
        let grouped_len = |k: usize| k + k.saturating_sub(1) / group_every;
        let mut k = digits
            .len()
            .max(min.saturating_mul(group_every) / (group_every + 1));
        while grouped_len(k) < min {
            k += 1;
        }
        while k > digits.len() && grouped_len(k - 1) >= min {
            k -= 1;
        }
        if k > digits.len() {
            digits = "0".repeat(k - digits.len()) + &digits;
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
        'd' | 'n' => {
            let digits = mag.to_str_radix(10);
            if digits.len() > ops::INT_MAX_STR_DIGITS {
                return Err(ops::int_too_long_error());
            }
            (digits, "", 3)
        }
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
            if let Value::BigInt(_) = v {
                return Err(overflow_error("Python int too large to convert to C long"));
            }
            let c = ops::small_int(v)
                .and_then(|i| u32::try_from(i).ok())
                .and_then(crate::pyrepr::char_from_code_point)
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
    // CPython switches to exponent notation one digit earlier when it must add ".0".
    let limit = if always_point { p as i64 - 1 } else { p as i64 };
    let body = if exp >= -4 && (exp as i64) < limit {
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
    if let Some(p) = s.precision {
        float_precision(p, "precision too big")?;
    }
    let ty = s.ty;
    if let Some(t) = ty {
        if !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n') {
            return Err(unknown_code(t, v));
        }
    }
    let mut negative = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let body = if !a.is_finite() {
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
        let s2 = Spec {
            grouping: None,
            ..s.clone()
        };
        return Ok(assemble(sign_str(negative, s), "", "", &body, &s2, 3));
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
            let piece = render_field(vm, &field, st, depth)?;
            alloc::reserve(&mut out, piece.len())?;
            out.push_str(&piece);
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
        Some('r') => Value::str(ops::repr(vm, &value)?),
        Some('a') => Value::str(ascii(&ops::repr(vm, &value)?)),
        Some('s') => Value::str(ops::str(vm, &value)?),
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
        let n = crate::pyrepr::code_point(c);
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
        // A width or precision: digits (a `Py_ssize_t`, and a precision a C int), or `*`
        // taking the next argument (a negative width there means left-aligned).
        let num = |i: &mut usize, next_arg: &mut usize, precision: bool| -> PyResult<Option<i64>> {
            let c_type = if precision { "int" } else { "ssize_t" };
            if chars.get(*i) == Some(&'*') {
                *i += 1;
                let v = take(next_arg)?;
                return match v {
                    Value::Int(n) if !precision || i32::try_from(n).is_ok() => Ok(Some(n)),
                    Value::Int(_) | Value::BigInt(_) => Err(overflow_error(format!(
                        "Python int too large to convert to C {c_type}"
                    ))),
                    _ => Err(type_error("* wants int")),
                };
            }
            let st = *i;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                *i += 1;
            }
            if *i == st {
                return Ok(None);
            }
            let limit = if precision { i32::MAX as i64 } else { i64::MAX };
            match chars[st..*i].iter().collect::<String>().parse::<i64>() {
                Ok(n) if n <= limit => Ok(Some(n)),
                _ if precision => Err(value_error("precision too big")),
                _ => Err(value_error("width too big")),
            }
        };
        if let Some(w) = num(&mut i, &mut next_arg, false)? {
            if w < 0 {
                left = true;
            }
            s.width = w.unsigned_abs() as usize;
            room_for_width(&s)?;
        }
        if chars.get(i) == Some(&'.') {
            i += 1;
            let p = num(&mut i, &mut next_arg, true)?.unwrap_or(0).max(0) as usize;
            s.precision = Some(p);
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
            // A str as it is, with nothing to cut or pad: no copy of what may be big.
            's' if s.precision.is_none() && s.width == 0 && matches!(v, Value::Str(_)) => {
                if let Value::Str(text) = &v {
                    alloc::reserve(&mut out, text.s.len())?;
                    out.push_str(&text.s);
                }
                continue;
            }
            's' | 'r' | 'a' => {
                let text = match conv {
                    's' => ops::str(vm, &v)?,
                    'r' => ops::repr(vm, &v)?,
                    _ => ascii(&ops::repr(vm, &v)?),
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
                    Value::Int(n) => match u32::try_from(*n)
                        .ok()
                        .and_then(crate::pyrepr::char_from_code_point)
                    {
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
        alloc::reserve(&mut out, piece.len())?;
        out.push_str(&piece);
    }
    // CPython skips this check for any argument with `__getitem__` (lists, ranges, ...)
    // other than a tuple or str.
    let getitem = matches!(
        args,
        Value::List(_) | Value::Range(_) | Value::Dict(_) | Value::Bytes(_)
    );
    if next_arg < items.len() && !used_mapping && !getitem {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::ops::test_support::*;

    #[test]
    fn format_specs_match_cpython() {
        let mut vm = vm();
        for (v, spec, want) in format_cases() {
            let got = match format_value(&mut vm, &v, spec) {
                Ok(s) => s,
                Err(e) => format!("!{}: {}", e.class.name, ops::exception_str_value(&e)),
            };
            assert_eq!(got, want, "format({}, {:?})", ops::repr_value(&v), spec);
        }
    }

    #[test]
    fn percent_formatting_matches_cpython() {
        let mut vm = vm();
        for (f, args, want) in percent_cases() {
            let got = show(percent_format(&mut vm, f, &args).map(Value::str));
            assert_eq!(got, want, "{:?} % {}", f, ops::repr_value(&args));
        }
    }

    #[test]
    fn round_is_correctly_rounded() {
        assert_eq!(round_float(2.675, 2).ok(), Some(2.67));
        assert_eq!(round_float(1.005, 2).ok(), Some(1.0));
        assert_eq!(round_float(0.125, 2).ok(), Some(0.12));
        assert_eq!(round_float(0.375, 2).ok(), Some(0.38));
        assert_eq!(round_float(1234.5, -2).ok(), Some(1200.0));
        assert_eq!(round_float(1250.0, -2).ok(), Some(1200.0));
        assert_eq!(round_float(1350.0, -2).ok(), Some(1400.0));
        assert_eq!(round_float(-2.5, 0).ok(), Some(-2.0));
    }

    fn format_cases() -> Vec<(Value, &'static str, &'static str)> {
        vec![
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "", "0.30000000000000004"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".2f", "0.30"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "g", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".1%", "30.0%"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".3", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "10.2f", "      0.30"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "<10", "0.30000000000000004"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "^10", "0.30000000000000004"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ">10", "0.30000000000000004"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "+.1f", "+0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), " .1f", " 0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "e", "3.000000e-01"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".2e", "3.00e-01"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "E", "3.000000E-01"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "G", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "%", "30.000000%"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ",.2f", "0.30"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "_.1f", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "010.2f", "0000000.30"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "#.0f", "0."),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".0f", "0"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".0e", "3e-01"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "#g", "0.300000"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "z.1f", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "*^12.3g", "****0.3*****"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "=+10.1f", "+      0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".10g", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "n", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".1", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "08.2f", "00000.30"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "F", "0.300000"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".3g", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".15g", "0.3"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), ".17g", "0.30000000000000004"),
        (Value::Float(f64::from_bits(0x3fd3333333333334)), "12", "0.30000000000000004"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".2f", "100000000000000000000.00"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "g", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".1%", "10000000000000000000000.0%"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".3", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "10.2f", "100000000000000000000.00"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "<10", "1e+20     "),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "^10", "  1e+20   "),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ">10", "     1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "+.1f", "+100000000000000000000.0"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), " .1f", " 100000000000000000000.0"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "e", "1.000000e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".2e", "1.00e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "E", "1.000000E+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "G", "1E+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "%", "10000000000000000000000.000000%"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ",.2f", "100,000,000,000,000,000,000.00"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "_.1f", "100_000_000_000_000_000_000.0"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "010.2f", "100000000000000000000.00"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "#.0f", "100000000000000000000."),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".0f", "100000000000000000000"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".0e", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "#g", "1.00000e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "z.1f", "100000000000000000000.0"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "*^12.3g", "***1e+20****"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "=+10.1f", "+100000000000000000000.0"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".10g", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "n", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".1", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "08.2f", "100000000000000000000.00"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "F", "100000000000000000000.000000"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".3g", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".15g", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), ".17g", "1e+20"),
        (Value::Float(f64::from_bits(0x4415af1d78b58c40)), "12", "       1e+20"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "", "3.0"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".2f", "3.00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "g", "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".1%", "300.0%"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".3", "3.0"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "10.2f", "      3.00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "<10", "3.0       "),
        (Value::Float(f64::from_bits(0x4008000000000000)), "^10", "   3.0    "),
        (Value::Float(f64::from_bits(0x4008000000000000)), ">10", "       3.0"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "+.1f", "+3.0"),
        (Value::Float(f64::from_bits(0x4008000000000000)), " .1f", " 3.0"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "e", "3.000000e+00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".2e", "3.00e+00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "E", "3.000000E+00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "G", "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "%", "300.000000%"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ",.2f", "3.00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "_.1f", "3.0"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "010.2f", "0000003.00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "#.0f", "3."),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".0f", "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".0e", "3e+00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "#g", "3.00000"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "z.1f", "3.0"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "*^12.3g", "*****3******"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "=+10.1f", "+      3.0"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".10g", "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "n", "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".1", "3e+00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "08.2f", "00003.00"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "F", "3.000000"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".3g", "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".15g", "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), ".17g", "3"),
        (Value::Float(f64::from_bits(0x4008000000000000)), "12", "         3.0"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "", "0.1234"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".2f", "0.12"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "g", "0.1234"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".1%", "12.3%"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".3", "0.123"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "10.2f", "      0.12"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "<10", "0.1234    "),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "^10", "  0.1234  "),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ">10", "    0.1234"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "+.1f", "+0.1"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), " .1f", " 0.1"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "e", "1.234000e-01"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".2e", "1.23e-01"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "E", "1.234000E-01"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "G", "0.1234"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "%", "12.340000%"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ",.2f", "0.12"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "_.1f", "0.1"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "010.2f", "0000000.12"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "#.0f", "0."),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".0f", "0"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".0e", "1e-01"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "#g", "0.123400"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "z.1f", "0.1"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "*^12.3g", "***0.123****"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "=+10.1f", "+      0.1"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".10g", "0.1234"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "n", "0.1234"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".1", "0.1"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "08.2f", "00000.12"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "F", "0.123400"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".3g", "0.123"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".15g", "0.1234"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), ".17g", "0.1234"),
        (Value::Float(f64::from_bits(0x3fbf972474538ef3)), "12", "      0.1234"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "", "2.675"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".2f", "2.67"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "g", "2.675"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".1%", "267.5%"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".3", "2.67"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "10.2f", "      2.67"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "<10", "2.675     "),
        (Value::Float(f64::from_bits(0x4005666666666666)), "^10", "  2.675   "),
        (Value::Float(f64::from_bits(0x4005666666666666)), ">10", "     2.675"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "+.1f", "+2.7"),
        (Value::Float(f64::from_bits(0x4005666666666666)), " .1f", " 2.7"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "e", "2.675000e+00"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".2e", "2.67e+00"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "E", "2.675000E+00"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "G", "2.675"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "%", "267.500000%"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ",.2f", "2.67"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "_.1f", "2.7"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "010.2f", "0000002.67"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "#.0f", "3."),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".0f", "3"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".0e", "3e+00"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "#g", "2.67500"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "z.1f", "2.7"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "*^12.3g", "****2.67****"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "=+10.1f", "+      2.7"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".10g", "2.675"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "n", "2.675"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".1", "3e+00"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "08.2f", "00002.67"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "F", "2.675000"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".3g", "2.67"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".15g", "2.675"),
        (Value::Float(f64::from_bits(0x4005666666666666)), ".17g", "2.6749999999999998"),
        (Value::Float(f64::from_bits(0x4005666666666666)), "12", "       2.675"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "", "1234.5678"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".2f", "1234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "g", "1234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".1%", "123456.8%"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".3", "1.23e+03"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "10.2f", "   1234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "<10", "1234.5678 "),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "^10", "1234.5678 "),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ">10", " 1234.5678"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "+.1f", "+1234.6"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), " .1f", " 1234.6"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "e", "1.234568e+03"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".2e", "1.23e+03"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "E", "1.234568E+03"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "G", "1234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "%", "123456.780000%"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ",.2f", "1,234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "_.1f", "1_234.6"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "010.2f", "0001234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "#.0f", "1235."),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".0f", "1235"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".0e", "1e+03"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "#g", "1234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "z.1f", "1234.6"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "*^12.3g", "**1.23e+03**"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "=+10.1f", "+   1234.6"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".10g", "1234.5678"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "n", "1234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".1", "1e+03"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "08.2f", "01234.57"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "F", "1234.567800"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".3g", "1.23e+03"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".15g", "1234.5678"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), ".17g", "1234.5678"),
        (Value::Float(f64::from_bits(0x40934a456d5cfaad)), "12", "   1234.5678"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".2f", "-1.50"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "g", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".1%", "-150.0%"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".3", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "10.2f", "     -1.50"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "<10", "-1.5      "),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "^10", "   -1.5   "),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ">10", "      -1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "+.1f", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), " .1f", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "e", "-1.500000e+00"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".2e", "-1.50e+00"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "E", "-1.500000E+00"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "G", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "%", "-150.000000%"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ",.2f", "-1.50"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "_.1f", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "010.2f", "-000001.50"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "#.0f", "-2."),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".0f", "-2"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".0e", "-2e+00"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "#g", "-1.50000"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "z.1f", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "*^12.3g", "****-1.5****"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "=+10.1f", "-      1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".10g", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "n", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".1", "-2e+00"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "08.2f", "-0001.50"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "F", "-1.500000"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".3g", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".15g", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), ".17g", "-1.5"),
        (Value::Float(f64::from_bits(0xbff8000000000000)), "12", "        -1.5"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "", "0.0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".2f", "0.00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "g", "0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".1%", "0.0%"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".3", "0.0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "10.2f", "      0.00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "<10", "0.0       "),
        (Value::Float(f64::from_bits(0x0000000000000000)), "^10", "   0.0    "),
        (Value::Float(f64::from_bits(0x0000000000000000)), ">10", "       0.0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "+.1f", "+0.0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), " .1f", " 0.0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "e", "0.000000e+00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".2e", "0.00e+00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "E", "0.000000E+00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "G", "0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "%", "0.000000%"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ",.2f", "0.00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "_.1f", "0.0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "010.2f", "0000000.00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "#.0f", "0."),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".0f", "0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".0e", "0e+00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "#g", "0.00000"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "z.1f", "0.0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "*^12.3g", "*****0******"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "=+10.1f", "+      0.0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".10g", "0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "n", "0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".1", "0e+00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "08.2f", "00000.00"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "F", "0.000000"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".3g", "0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".15g", "0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), ".17g", "0"),
        (Value::Float(f64::from_bits(0x0000000000000000)), "12", "         0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "", "-0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".2f", "-0.00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "g", "-0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".1%", "-0.0%"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".3", "-0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "10.2f", "     -0.00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "<10", "-0.0      "),
        (Value::Float(f64::from_bits(0x8000000000000000)), "^10", "   -0.0   "),
        (Value::Float(f64::from_bits(0x8000000000000000)), ">10", "      -0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "+.1f", "-0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), " .1f", "-0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "e", "-0.000000e+00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".2e", "-0.00e+00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "E", "-0.000000E+00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "G", "-0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "%", "-0.000000%"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ",.2f", "-0.00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "_.1f", "-0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "010.2f", "-000000.00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "#.0f", "-0."),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".0f", "-0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".0e", "-0e+00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "#g", "-0.00000"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "z.1f", "0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "*^12.3g", "*****-0*****"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "=+10.1f", "-      0.0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".10g", "-0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "n", "-0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".1", "-0e+00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "08.2f", "-0000.00"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "F", "-0.000000"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".3g", "-0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".15g", "-0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), ".17g", "-0"),
        (Value::Float(f64::from_bits(0x8000000000000000)), "12", "        -0.0"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".2f", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "g", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".1%", "inf%"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".3", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "10.2f", "       inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "<10", "inf       "),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "^10", "   inf    "),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ">10", "       inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "+.1f", "+inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), " .1f", " inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "e", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".2e", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "E", "INF"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "G", "INF"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "%", "inf%"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ",.2f", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "_.1f", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "010.2f", "0000000inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "#.0f", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".0f", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".0e", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "#g", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "z.1f", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "*^12.3g", "****inf*****"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "=+10.1f", "+      inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".10g", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "n", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".1", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "08.2f", "00000inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "F", "INF"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".3g", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".15g", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), ".17g", "inf"),
        (Value::Float(f64::from_bits(0x7ff0000000000000)), "12", "         inf"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".2f", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "g", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".1%", "nan%"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".3", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "10.2f", "       nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "<10", "nan       "),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "^10", "   nan    "),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ">10", "       nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "+.1f", "+nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), " .1f", " nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "e", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".2e", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "E", "NAN"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "G", "NAN"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "%", "nan%"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ",.2f", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "_.1f", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "010.2f", "0000000nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "#.0f", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".0f", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".0e", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "#g", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "z.1f", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "*^12.3g", "****nan*****"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "=+10.1f", "+      nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".10g", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "n", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".1", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "08.2f", "00000nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "F", "NAN"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".3g", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".15g", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), ".17g", "nan"),
        (Value::Float(f64::from_bits(0x7ff8000000000000)), "12", "         nan"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".2f", "0.00"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "g", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".1%", "0.0%"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".3", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "10.2f", "      0.00"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "<10", "1e-05     "),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "^10", "  1e-05   "),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ">10", "     1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "+.1f", "+0.0"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), " .1f", " 0.0"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "e", "1.000000e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".2e", "1.00e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "E", "1.000000E-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "G", "1E-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "%", "0.001000%"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ",.2f", "0.00"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "_.1f", "0.0"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "010.2f", "0000000.00"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "#.0f", "0."),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".0f", "0"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".0e", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "#g", "1.00000e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "z.1f", "0.0"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "*^12.3g", "***1e-05****"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "=+10.1f", "+      0.0"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".10g", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "n", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".1", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "08.2f", "00000.00"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "F", "0.000010"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".3g", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".15g", "1e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), ".17g", "1.0000000000000001e-05"),
        (Value::Float(f64::from_bits(0x3ee4f8b588e368f1)), "12", "       1e-05"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "", "123456789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".2f", "123456789.00"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "g", "1.23457e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".1%", "12345678900.0%"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".3", "1.23e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "10.2f", "123456789.00"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "<10", "123456789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "^10", "123456789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ">10", "123456789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "+.1f", "+123456789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), " .1f", " 123456789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "e", "1.234568e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".2e", "1.23e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "E", "1.234568E+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "G", "1.23457E+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "%", "12345678900.000000%"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ",.2f", "123,456,789.00"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "_.1f", "123_456_789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "010.2f", "123456789.00"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "#.0f", "123456789."),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".0f", "123456789"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".0e", "1e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "#g", "1.23457e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "z.1f", "123456789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "*^12.3g", "**1.23e+08**"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "=+10.1f", "+123456789.0"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".10g", "123456789"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "n", "1.23457e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".1", "1e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "08.2f", "123456789.00"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "F", "123456789.000000"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".3g", "1.23e+08"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".15g", "123456789"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), ".17g", "123456789"),
        (Value::Float(f64::from_bits(0x419d6f3454000000)), "12", " 123456789.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "", "12.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".2f", "12.00"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "g", "12"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".1%", "1200.0%"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".3", "12.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "10.2f", "     12.00"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "<10", "12.0      "),
        (Value::Float(f64::from_bits(0x4028000000000000)), "^10", "   12.0   "),
        (Value::Float(f64::from_bits(0x4028000000000000)), ">10", "      12.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "+.1f", "+12.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), " .1f", " 12.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "e", "1.200000e+01"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".2e", "1.20e+01"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "E", "1.200000E+01"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "G", "12"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "%", "1200.000000%"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ",.2f", "12.00"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "_.1f", "12.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "010.2f", "0000012.00"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "#.0f", "12."),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".0f", "12"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".0e", "1e+01"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "#g", "12.0000"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "z.1f", "12.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "*^12.3g", "*****12*****"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "=+10.1f", "+     12.0"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".10g", "12"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "n", "12"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".1", "1e+01"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "08.2f", "00012.00"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "F", "12.000000"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".3g", "12"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".15g", "12"),
        (Value::Float(f64::from_bits(0x4028000000000000)), ".17g", "12"),
        (Value::Float(f64::from_bits(0x4028000000000000)), "12", "        12.0"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".2f", "0.50"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "g", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".1%", "50.0%"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".3", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "10.2f", "      0.50"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "<10", "0.5       "),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "^10", "   0.5    "),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ">10", "       0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "+.1f", "+0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), " .1f", " 0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "e", "5.000000e-01"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".2e", "5.00e-01"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "E", "5.000000E-01"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "G", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "%", "50.000000%"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ",.2f", "0.50"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "_.1f", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "010.2f", "0000000.50"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "#.0f", "0."),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".0f", "0"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".0e", "5e-01"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "#g", "0.500000"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "z.1f", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "*^12.3g", "****0.5*****"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "=+10.1f", "+      0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".10g", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "n", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".1", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "08.2f", "00000.50"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "F", "0.500000"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".3g", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".15g", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), ".17g", "0.5"),
        (Value::Float(f64::from_bits(0x3fe0000000000000)), "12", "         0.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".2f", "1.50"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "g", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".1%", "150.0%"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".3", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "10.2f", "      1.50"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "<10", "1.5       "),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "^10", "   1.5    "),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ">10", "       1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "+.1f", "+1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), " .1f", " 1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "e", "1.500000e+00"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".2e", "1.50e+00"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "E", "1.500000E+00"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "G", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "%", "150.000000%"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ",.2f", "1.50"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "_.1f", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "010.2f", "0000001.50"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "#.0f", "2."),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".0f", "2"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".0e", "2e+00"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "#g", "1.50000"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "z.1f", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "*^12.3g", "****1.5*****"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "=+10.1f", "+      1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".10g", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "n", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".1", "2e+00"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "08.2f", "00001.50"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "F", "1.500000"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".3g", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".15g", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), ".17g", "1.5"),
        (Value::Float(f64::from_bits(0x3ff8000000000000)), "12", "         1.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".2f", "2.50"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "g", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".1%", "250.0%"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".3", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "10.2f", "      2.50"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "<10", "2.5       "),
        (Value::Float(f64::from_bits(0x4004000000000000)), "^10", "   2.5    "),
        (Value::Float(f64::from_bits(0x4004000000000000)), ">10", "       2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "+.1f", "+2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), " .1f", " 2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "e", "2.500000e+00"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".2e", "2.50e+00"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "E", "2.500000E+00"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "G", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "%", "250.000000%"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ",.2f", "2.50"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "_.1f", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "010.2f", "0000002.50"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "#.0f", "2."),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".0f", "2"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".0e", "2e+00"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "#g", "2.50000"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "z.1f", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "*^12.3g", "****2.5*****"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "=+10.1f", "+      2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".10g", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "n", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".1", "2e+00"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "08.2f", "00002.50"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "F", "2.500000"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".3g", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".15g", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), ".17g", "2.5"),
        (Value::Float(f64::from_bits(0x4004000000000000)), "12", "         2.5"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".2f", "10000000000000000.00"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "g", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".1%", "1000000000000000000.0%"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".3", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "10.2f", "10000000000000000.00"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "<10", "1e+16     "),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "^10", "  1e+16   "),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ">10", "     1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "+.1f", "+10000000000000000.0"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), " .1f", " 10000000000000000.0"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "e", "1.000000e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".2e", "1.00e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "E", "1.000000E+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "G", "1E+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "%", "1000000000000000000.000000%"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ",.2f", "10,000,000,000,000,000.00"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "_.1f", "10_000_000_000_000_000.0"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "010.2f", "10000000000000000.00"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "#.0f", "10000000000000000."),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".0f", "10000000000000000"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".0e", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "#g", "1.00000e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "z.1f", "10000000000000000.0"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "*^12.3g", "***1e+16****"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "=+10.1f", "+10000000000000000.0"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".10g", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "n", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".1", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "08.2f", "10000000000000000.00"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "F", "10000000000000000.000000"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".3g", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".15g", "1e+16"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), ".17g", "10000000000000000"),
        (Value::Float(f64::from_bits(0x4341c37937e08000)), "12", "       1e+16"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "", "5e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".2f", "0.00"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "g", "4.94066e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".1%", "0.0%"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".3", "4.94e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "10.2f", "      0.00"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "<10", "5e-324    "),
        (Value::Float(f64::from_bits(0x0000000000000001)), "^10", "  5e-324  "),
        (Value::Float(f64::from_bits(0x0000000000000001)), ">10", "    5e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "+.1f", "+0.0"),
        (Value::Float(f64::from_bits(0x0000000000000001)), " .1f", " 0.0"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "e", "4.940656e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".2e", "4.94e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "E", "4.940656E-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "G", "4.94066E-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "%", "0.000000%"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ",.2f", "0.00"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "_.1f", "0.0"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "010.2f", "0000000.00"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "#.0f", "0."),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".0f", "0"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".0e", "5e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "#g", "4.94066e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "z.1f", "0.0"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "*^12.3g", "*4.94e-324**"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "=+10.1f", "+      0.0"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".10g", "4.940656458e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "n", "4.94066e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".1", "5e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "08.2f", "00000.00"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "F", "0.000000"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".3g", "4.94e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".15g", "4.94065645841247e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), ".17g", "4.9406564584124654e-324"),
        (Value::Float(f64::from_bits(0x0000000000000001)), "12", "      5e-324"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "", "100.0"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".2f", "100.00"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "g", "100"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".1%", "10000.0%"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".3", "1e+02"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "10.2f", "    100.00"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "<10", "100.0     "),
        (Value::Float(f64::from_bits(0x4059000000000000)), "^10", "  100.0   "),
        (Value::Float(f64::from_bits(0x4059000000000000)), ">10", "     100.0"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "+.1f", "+100.0"),
        (Value::Float(f64::from_bits(0x4059000000000000)), " .1f", " 100.0"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "e", "1.000000e+02"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".2e", "1.00e+02"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "E", "1.000000E+02"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "G", "100"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "%", "10000.000000%"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ",.2f", "100.00"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "_.1f", "100.0"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "010.2f", "0000100.00"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "#.0f", "100."),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".0f", "100"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".0e", "1e+02"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "#g", "100.000"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "z.1f", "100.0"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "*^12.3g", "****100*****"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "=+10.1f", "+    100.0"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".10g", "100"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "n", "100"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".1", "1e+02"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "08.2f", "00100.00"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "F", "100.000000"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".3g", "100"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".15g", "100"),
        (Value::Float(f64::from_bits(0x4059000000000000)), ".17g", "100"),
        (Value::Float(f64::from_bits(0x4059000000000000)), "12", "       100.0"),
        (Value::Int(0), "", "0"),
        (Value::Int(0), "d", "0"),
        (Value::Int(0), "5d", "    0"),
        (Value::Int(0), "<5", "0    "),
        (Value::Int(0), "^7", "   0   "),
        (Value::Int(0), "05", "00000"),
        (Value::Int(0), "+d", "+0"),
        (Value::Int(0), " d", " 0"),
        (Value::Int(0), ",", "0"),
        (Value::Int(0), "_", "0"),
        (Value::Int(0), "x", "0"),
        (Value::Int(0), "X", "0"),
        (Value::Int(0), "#x", "0x0"),
        (Value::Int(0), "#X", "0X0"),
        (Value::Int(0), "b", "0"),
        (Value::Int(0), "#b", "0b0"),
        (Value::Int(0), "o", "0"),
        (Value::Int(0), "#o", "0o0"),
        (Value::Int(0), "_x", "0"),
        (Value::Int(0), "_b", "0"),
        (Value::Int(0), "#010x", "0x00000000"),
        (Value::Int(0), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (Value::Int(0), "c", "\u{0000}"),
        (Value::Int(0), "e", "0.000000e+00"),
        (Value::Int(0), ".2f", "0.00"),
        (Value::Int(0), "%", "0.000000%"),
        (Value::Int(0), "g", "0"),
        (Value::Int(0), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (Value::Int(0), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (Value::Int(0), "=+8", "+      0"),
        (Value::Int(0), "*>8,", "*******0"),
        (Value::Int(0), "0=10,", "00,000,000"),
        (Value::Int(0), "09,", "0,000,000"),
        (Value::Int(0), "n", "0"),
        (Value::Int(42), "", "42"),
        (Value::Int(42), "d", "42"),
        (Value::Int(42), "5d", "   42"),
        (Value::Int(42), "<5", "42   "),
        (Value::Int(42), "^7", "  42   "),
        (Value::Int(42), "05", "00042"),
        (Value::Int(42), "+d", "+42"),
        (Value::Int(42), " d", " 42"),
        (Value::Int(42), ",", "42"),
        (Value::Int(42), "_", "42"),
        (Value::Int(42), "x", "2a"),
        (Value::Int(42), "X", "2A"),
        (Value::Int(42), "#x", "0x2a"),
        (Value::Int(42), "#X", "0X2A"),
        (Value::Int(42), "b", "101010"),
        (Value::Int(42), "#b", "0b101010"),
        (Value::Int(42), "o", "52"),
        (Value::Int(42), "#o", "0o52"),
        (Value::Int(42), "_x", "2a"),
        (Value::Int(42), "_b", "10_1010"),
        (Value::Int(42), "#010x", "0x0000002a"),
        (Value::Int(42), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (Value::Int(42), "c", "*"),
        (Value::Int(42), "e", "4.200000e+01"),
        (Value::Int(42), ".2f", "42.00"),
        (Value::Int(42), "%", "4200.000000%"),
        (Value::Int(42), "g", "42"),
        (Value::Int(42), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (Value::Int(42), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (Value::Int(42), "=+8", "+     42"),
        (Value::Int(42), "*>8,", "******42"),
        (Value::Int(42), "0=10,", "00,000,042"),
        (Value::Int(42), "09,", "0,000,042"),
        (Value::Int(42), "n", "42"),
        (Value::Int(-42), "", "-42"),
        (Value::Int(-42), "d", "-42"),
        (Value::Int(-42), "5d", "  -42"),
        (Value::Int(-42), "<5", "-42  "),
        (Value::Int(-42), "^7", "  -42  "),
        (Value::Int(-42), "05", "-0042"),
        (Value::Int(-42), "+d", "-42"),
        (Value::Int(-42), " d", "-42"),
        (Value::Int(-42), ",", "-42"),
        (Value::Int(-42), "_", "-42"),
        (Value::Int(-42), "x", "-2a"),
        (Value::Int(-42), "X", "-2A"),
        (Value::Int(-42), "#x", "-0x2a"),
        (Value::Int(-42), "#X", "-0X2A"),
        (Value::Int(-42), "b", "-101010"),
        (Value::Int(-42), "#b", "-0b101010"),
        (Value::Int(-42), "o", "-52"),
        (Value::Int(-42), "#o", "-0o52"),
        (Value::Int(-42), "_x", "-2a"),
        (Value::Int(-42), "_b", "-10_1010"),
        (Value::Int(-42), "#010x", "-0x000002a"),
        (Value::Int(-42), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (Value::Int(-42), "c", "!OverflowError: %c arg not in range(0x110000)"),
        (Value::Int(-42), "e", "-4.200000e+01"),
        (Value::Int(-42), ".2f", "-42.00"),
        (Value::Int(-42), "%", "-4200.000000%"),
        (Value::Int(-42), "g", "-42"),
        (Value::Int(-42), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (Value::Int(-42), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (Value::Int(-42), "=+8", "-     42"),
        (Value::Int(-42), "*>8,", "*****-42"),
        (Value::Int(-42), "0=10,", "-0,000,042"),
        (Value::Int(-42), "09,", "-0,000,042"),
        (Value::Int(-42), "n", "-42"),
        (Value::Int(255), "", "255"),
        (Value::Int(255), "d", "255"),
        (Value::Int(255), "5d", "  255"),
        (Value::Int(255), "<5", "255  "),
        (Value::Int(255), "^7", "  255  "),
        (Value::Int(255), "05", "00255"),
        (Value::Int(255), "+d", "+255"),
        (Value::Int(255), " d", " 255"),
        (Value::Int(255), ",", "255"),
        (Value::Int(255), "_", "255"),
        (Value::Int(255), "x", "ff"),
        (Value::Int(255), "X", "FF"),
        (Value::Int(255), "#x", "0xff"),
        (Value::Int(255), "#X", "0XFF"),
        (Value::Int(255), "b", "11111111"),
        (Value::Int(255), "#b", "0b11111111"),
        (Value::Int(255), "o", "377"),
        (Value::Int(255), "#o", "0o377"),
        (Value::Int(255), "_x", "ff"),
        (Value::Int(255), "_b", "1111_1111"),
        (Value::Int(255), "#010x", "0x000000ff"),
        (Value::Int(255), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (Value::Int(255), "c", "\u{00ff}"),
        (Value::Int(255), "e", "2.550000e+02"),
        (Value::Int(255), ".2f", "255.00"),
        (Value::Int(255), "%", "25500.000000%"),
        (Value::Int(255), "g", "255"),
        (Value::Int(255), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (Value::Int(255), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (Value::Int(255), "=+8", "+    255"),
        (Value::Int(255), "*>8,", "*****255"),
        (Value::Int(255), "0=10,", "00,000,255"),
        (Value::Int(255), "09,", "0,000,255"),
        (Value::Int(255), "n", "255"),
        (Value::Int(1234567), "", "1234567"),
        (Value::Int(1234567), "d", "1234567"),
        (Value::Int(1234567), "5d", "1234567"),
        (Value::Int(1234567), "<5", "1234567"),
        (Value::Int(1234567), "^7", "1234567"),
        (Value::Int(1234567), "05", "1234567"),
        (Value::Int(1234567), "+d", "+1234567"),
        (Value::Int(1234567), " d", " 1234567"),
        (Value::Int(1234567), ",", "1,234,567"),
        (Value::Int(1234567), "_", "1_234_567"),
        (Value::Int(1234567), "x", "12d687"),
        (Value::Int(1234567), "X", "12D687"),
        (Value::Int(1234567), "#x", "0x12d687"),
        (Value::Int(1234567), "#X", "0X12D687"),
        (Value::Int(1234567), "b", "100101101011010000111"),
        (Value::Int(1234567), "#b", "0b100101101011010000111"),
        (Value::Int(1234567), "o", "4553207"),
        (Value::Int(1234567), "#o", "0o4553207"),
        (Value::Int(1234567), "_x", "12_d687"),
        (Value::Int(1234567), "_b", "1_0010_1101_0110_1000_0111"),
        (Value::Int(1234567), "#010x", "0x0012d687"),
        (Value::Int(1234567), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (Value::Int(1234567), "c", "!OverflowError: %c arg not in range(0x110000)"),
        (Value::Int(1234567), "e", "1.234567e+06"),
        (Value::Int(1234567), ".2f", "1234567.00"),
        (Value::Int(1234567), "%", "123456700.000000%"),
        (Value::Int(1234567), "g", "1.23457e+06"),
        (Value::Int(1234567), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (Value::Int(1234567), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (Value::Int(1234567), "=+8", "+1234567"),
        (Value::Int(1234567), "*>8,", "1,234,567"),
        (Value::Int(1234567), "0=10,", "01,234,567"),
        (Value::Int(1234567), "09,", "1,234,567"),
        (Value::Int(1234567), "n", "1234567"),
        (Value::Int(-1234567), "", "-1234567"),
        (Value::Int(-1234567), "d", "-1234567"),
        (Value::Int(-1234567), "5d", "-1234567"),
        (Value::Int(-1234567), "<5", "-1234567"),
        (Value::Int(-1234567), "^7", "-1234567"),
        (Value::Int(-1234567), "05", "-1234567"),
        (Value::Int(-1234567), "+d", "-1234567"),
        (Value::Int(-1234567), " d", "-1234567"),
        (Value::Int(-1234567), ",", "-1,234,567"),
        (Value::Int(-1234567), "_", "-1_234_567"),
        (Value::Int(-1234567), "x", "-12d687"),
        (Value::Int(-1234567), "X", "-12D687"),
        (Value::Int(-1234567), "#x", "-0x12d687"),
        (Value::Int(-1234567), "#X", "-0X12D687"),
        (Value::Int(-1234567), "b", "-100101101011010000111"),
        (Value::Int(-1234567), "#b", "-0b100101101011010000111"),
        (Value::Int(-1234567), "o", "-4553207"),
        (Value::Int(-1234567), "#o", "-0o4553207"),
        (Value::Int(-1234567), "_x", "-12_d687"),
        (Value::Int(-1234567), "_b", "-1_0010_1101_0110_1000_0111"),
        (Value::Int(-1234567), "#010x", "-0x012d687"),
        (Value::Int(-1234567), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (Value::Int(-1234567), "c", "!OverflowError: %c arg not in range(0x110000)"),
        (Value::Int(-1234567), "e", "-1.234567e+06"),
        (Value::Int(-1234567), ".2f", "-1234567.00"),
        (Value::Int(-1234567), "%", "-123456700.000000%"),
        (Value::Int(-1234567), "g", "-1.23457e+06"),
        (Value::Int(-1234567), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (Value::Int(-1234567), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (Value::Int(-1234567), "=+8", "-1234567"),
        (Value::Int(-1234567), "*>8,", "-1,234,567"),
        (Value::Int(-1234567), "0=10,", "-1,234,567"),
        (Value::Int(-1234567), "09,", "-1,234,567"),
        (Value::Int(-1234567), "n", "-1234567"),
        (big("1180591620717411303424"), "", "1180591620717411303424"),
        (big("1180591620717411303424"), "d", "1180591620717411303424"),
        (big("1180591620717411303424"), "5d", "1180591620717411303424"),
        (big("1180591620717411303424"), "<5", "1180591620717411303424"),
        (big("1180591620717411303424"), "^7", "1180591620717411303424"),
        (big("1180591620717411303424"), "05", "1180591620717411303424"),
        (big("1180591620717411303424"), "+d", "+1180591620717411303424"),
        (big("1180591620717411303424"), " d", " 1180591620717411303424"),
        (big("1180591620717411303424"), ",", "1,180,591,620,717,411,303,424"),
        (big("1180591620717411303424"), "_", "1_180_591_620_717_411_303_424"),
        (big("1180591620717411303424"), "x", "400000000000000000"),
        (big("1180591620717411303424"), "X", "400000000000000000"),
        (big("1180591620717411303424"), "#x", "0x400000000000000000"),
        (big("1180591620717411303424"), "#X", "0X400000000000000000"),
        (big("1180591620717411303424"), "b", "10000000000000000000000000000000000000000000000000000000000000000000000"),
        (big("1180591620717411303424"), "#b", "0b10000000000000000000000000000000000000000000000000000000000000000000000"),
        (big("1180591620717411303424"), "o", "200000000000000000000000"),
        (big("1180591620717411303424"), "#o", "0o200000000000000000000000"),
        (big("1180591620717411303424"), "_x", "40_0000_0000_0000_0000"),
        (big("1180591620717411303424"), "_b", "100_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000"),
        (big("1180591620717411303424"), "#010x", "0x400000000000000000"),
        (big("1180591620717411303424"), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (big("1180591620717411303424"), "c", "!OverflowError: Python int too large to convert to C long"),
        (big("1180591620717411303424"), "e", "1.180592e+21"),
        (big("1180591620717411303424"), ".2f", "1180591620717411303424.00"),
        (big("1180591620717411303424"), "%", "118059162071741130342400.000000%"),
        (big("1180591620717411303424"), "g", "1.18059e+21"),
        (big("1180591620717411303424"), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (big("1180591620717411303424"), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (big("1180591620717411303424"), "=+8", "+1180591620717411303424"),
        (big("1180591620717411303424"), "*>8,", "1,180,591,620,717,411,303,424"),
        (big("1180591620717411303424"), "0=10,", "1,180,591,620,717,411,303,424"),
        (big("1180591620717411303424"), "09,", "1,180,591,620,717,411,303,424"),
        (big("1180591620717411303424"), "n", "1180591620717411303424"),
        (Value::Bool(true), "", "True"),
        (Value::Bool(true), "d", "1"),
        (Value::Bool(true), "5d", "    1"),
        (Value::Bool(true), "<5", "1    "),
        (Value::Bool(true), "^7", "   1   "),
        (Value::Bool(true), "05", "00001"),
        (Value::Bool(true), "+d", "+1"),
        (Value::Bool(true), " d", " 1"),
        (Value::Bool(true), ",", "1"),
        (Value::Bool(true), "_", "1"),
        (Value::Bool(true), "x", "1"),
        (Value::Bool(true), "X", "1"),
        (Value::Bool(true), "#x", "0x1"),
        (Value::Bool(true), "#X", "0X1"),
        (Value::Bool(true), "b", "1"),
        (Value::Bool(true), "#b", "0b1"),
        (Value::Bool(true), "o", "1"),
        (Value::Bool(true), "#o", "0o1"),
        (Value::Bool(true), "_x", "1"),
        (Value::Bool(true), "_b", "1"),
        (Value::Bool(true), "#010x", "0x00000001"),
        (Value::Bool(true), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (Value::Bool(true), "c", "\u{0001}"),
        (Value::Bool(true), "e", "1.000000e+00"),
        (Value::Bool(true), ".2f", "1.00"),
        (Value::Bool(true), "%", "100.000000%"),
        (Value::Bool(true), "g", "1"),
        (Value::Bool(true), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (Value::Bool(true), "s", "!ValueError: Unknown format code 's' for object of type 'bool'"),
        (Value::Bool(true), "=+8", "+      1"),
        (Value::Bool(true), "*>8,", "*******1"),
        (Value::Bool(true), "0=10,", "00,000,001"),
        (Value::Bool(true), "09,", "0,000,001"),
        (Value::Bool(true), "n", "1"),
        (Value::Bool(false), "", "False"),
        (Value::Bool(false), "d", "0"),
        (Value::Bool(false), "5d", "    0"),
        (Value::Bool(false), "<5", "0    "),
        (Value::Bool(false), "^7", "   0   "),
        (Value::Bool(false), "05", "00000"),
        (Value::Bool(false), "+d", "+0"),
        (Value::Bool(false), " d", " 0"),
        (Value::Bool(false), ",", "0"),
        (Value::Bool(false), "_", "0"),
        (Value::Bool(false), "x", "0"),
        (Value::Bool(false), "X", "0"),
        (Value::Bool(false), "#x", "0x0"),
        (Value::Bool(false), "#X", "0X0"),
        (Value::Bool(false), "b", "0"),
        (Value::Bool(false), "#b", "0b0"),
        (Value::Bool(false), "o", "0"),
        (Value::Bool(false), "#o", "0o0"),
        (Value::Bool(false), "_x", "0"),
        (Value::Bool(false), "_b", "0"),
        (Value::Bool(false), "#010x", "0x00000000"),
        (Value::Bool(false), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (Value::Bool(false), "c", "\u{0000}"),
        (Value::Bool(false), "e", "0.000000e+00"),
        (Value::Bool(false), ".2f", "0.00"),
        (Value::Bool(false), "%", "0.000000%"),
        (Value::Bool(false), "g", "0"),
        (Value::Bool(false), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (Value::Bool(false), "s", "!ValueError: Unknown format code 's' for object of type 'bool'"),
        (Value::Bool(false), "=+8", "+      0"),
        (Value::Bool(false), "*>8,", "*******0"),
        (Value::Bool(false), "0=10,", "00,000,000"),
        (Value::Bool(false), "09,", "0,000,000"),
        (Value::Bool(false), "n", "0"),
        (big("100000000000000000000"), "", "100000000000000000000"),
        (big("100000000000000000000"), "d", "100000000000000000000"),
        (big("100000000000000000000"), "5d", "100000000000000000000"),
        (big("100000000000000000000"), "<5", "100000000000000000000"),
        (big("100000000000000000000"), "^7", "100000000000000000000"),
        (big("100000000000000000000"), "05", "100000000000000000000"),
        (big("100000000000000000000"), "+d", "+100000000000000000000"),
        (big("100000000000000000000"), " d", " 100000000000000000000"),
        (big("100000000000000000000"), ",", "100,000,000,000,000,000,000"),
        (big("100000000000000000000"), "_", "100_000_000_000_000_000_000"),
        (big("100000000000000000000"), "x", "56bc75e2d63100000"),
        (big("100000000000000000000"), "X", "56BC75E2D63100000"),
        (big("100000000000000000000"), "#x", "0x56bc75e2d63100000"),
        (big("100000000000000000000"), "#X", "0X56BC75E2D63100000"),
        (big("100000000000000000000"), "b", "1010110101111000111010111100010110101100011000100000000000000000000"),
        (big("100000000000000000000"), "#b", "0b1010110101111000111010111100010110101100011000100000000000000000000"),
        (big("100000000000000000000"), "o", "12657072742654304000000"),
        (big("100000000000000000000"), "#o", "0o12657072742654304000000"),
        (big("100000000000000000000"), "_x", "5_6bc7_5e2d_6310_0000"),
        (big("100000000000000000000"), "_b", "101_0110_1011_1100_0111_0101_1110_0010_1101_0110_0011_0001_0000_0000_0000_0000_0000"),
        (big("100000000000000000000"), "#010x", "0x56bc75e2d63100000"),
        (big("100000000000000000000"), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (big("100000000000000000000"), "c", "!OverflowError: Python int too large to convert to C long"),
        (big("100000000000000000000"), "e", "1.000000e+20"),
        (big("100000000000000000000"), ".2f", "100000000000000000000.00"),
        (big("100000000000000000000"), "%", "10000000000000000000000.000000%"),
        (big("100000000000000000000"), "g", "1e+20"),
        (big("100000000000000000000"), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (big("100000000000000000000"), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (big("100000000000000000000"), "=+8", "+100000000000000000000"),
        (big("100000000000000000000"), "*>8,", "100,000,000,000,000,000,000"),
        (big("100000000000000000000"), "0=10,", "100,000,000,000,000,000,000"),
        (big("100000000000000000000"), "09,", "100,000,000,000,000,000,000"),
        (big("100000000000000000000"), "n", "100000000000000000000"),
        (big("-36893488147419103232"), "", "-36893488147419103232"),
        (big("-36893488147419103232"), "d", "-36893488147419103232"),
        (big("-36893488147419103232"), "5d", "-36893488147419103232"),
        (big("-36893488147419103232"), "<5", "-36893488147419103232"),
        (big("-36893488147419103232"), "^7", "-36893488147419103232"),
        (big("-36893488147419103232"), "05", "-36893488147419103232"),
        (big("-36893488147419103232"), "+d", "-36893488147419103232"),
        (big("-36893488147419103232"), " d", "-36893488147419103232"),
        (big("-36893488147419103232"), ",", "-36,893,488,147,419,103,232"),
        (big("-36893488147419103232"), "_", "-36_893_488_147_419_103_232"),
        (big("-36893488147419103232"), "x", "-20000000000000000"),
        (big("-36893488147419103232"), "X", "-20000000000000000"),
        (big("-36893488147419103232"), "#x", "-0x20000000000000000"),
        (big("-36893488147419103232"), "#X", "-0X20000000000000000"),
        (big("-36893488147419103232"), "b", "-100000000000000000000000000000000000000000000000000000000000000000"),
        (big("-36893488147419103232"), "#b", "-0b100000000000000000000000000000000000000000000000000000000000000000"),
        (big("-36893488147419103232"), "o", "-4000000000000000000000"),
        (big("-36893488147419103232"), "#o", "-0o4000000000000000000000"),
        (big("-36893488147419103232"), "_x", "-2_0000_0000_0000_0000"),
        (big("-36893488147419103232"), "_b", "-10_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000"),
        (big("-36893488147419103232"), "#010x", "-0x20000000000000000"),
        (big("-36893488147419103232"), ",x", "!ValueError: Cannot specify ',' with 'x'."),
        (big("-36893488147419103232"), "c", "!OverflowError: Python int too large to convert to C long"),
        (big("-36893488147419103232"), "e", "-3.689349e+19"),
        (big("-36893488147419103232"), ".2f", "-36893488147419103232.00"),
        (big("-36893488147419103232"), "%", "-3689348814741910323200.000000%"),
        (big("-36893488147419103232"), "g", "-3.68935e+19"),
        (big("-36893488147419103232"), ".2", "!ValueError: Precision not allowed in integer format specifier"),
        (big("-36893488147419103232"), "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        (big("-36893488147419103232"), "=+8", "-36893488147419103232"),
        (big("-36893488147419103232"), "*>8,", "-36,893,488,147,419,103,232"),
        (big("-36893488147419103232"), "0=10,", "-36,893,488,147,419,103,232"),
        (big("-36893488147419103232"), "09,", "-36,893,488,147,419,103,232"),
        (big("-36893488147419103232"), "n", "-36893488147419103232"),
        (Value::str("abc"), "", "abc"),
        (Value::str("abc"), "5", "abc  "),
        (Value::str("abc"), "<5", "abc  "),
        (Value::str("abc"), ">5", "  abc"),
        (Value::str("abc"), "^5", " abc "),
        (Value::str("abc"), "*^6", "*abc**"),
        (Value::str("abc"), ".2", "ab"),
        (Value::str("abc"), "8.1", "a       "),
        (Value::str("abc"), "s", "abc"),
        (Value::str("abc"), "d", "!ValueError: Unknown format code 'd' for object of type 'str'"),
        (Value::str("abc"), "=5", "!ValueError: '=' alignment not allowed in string format specifier"),
        (Value::str("abc"), "+5", "!ValueError: Sign not allowed in string format specifier"),
        (Value::str("abc"), "#5", "!ValueError: Alternate form (#) not allowed in string format specifier"),
        (Value::str("abc"), ",", "!ValueError: Cannot specify ',' with 's'."),
        (Value::str("abc"), "05", "abc00"),
        (Value::str("\u{00e9}"), "", "\u{00e9}"),
        (Value::str("\u{00e9}"), "5", "\u{00e9}    "),
        (Value::str("\u{00e9}"), "<5", "\u{00e9}    "),
        (Value::str("\u{00e9}"), ">5", "    \u{00e9}"),
        (Value::str("\u{00e9}"), "^5", "  \u{00e9}  "),
        (Value::str("\u{00e9}"), "*^6", "**\u{00e9}***"),
        (Value::str("\u{00e9}"), ".2", "\u{00e9}"),
        (Value::str("\u{00e9}"), "8.1", "\u{00e9}       "),
        (Value::str("\u{00e9}"), "s", "\u{00e9}"),
        (Value::str("\u{00e9}"), "d", "!ValueError: Unknown format code 'd' for object of type 'str'"),
        (Value::str("\u{00e9}"), "=5", "!ValueError: '=' alignment not allowed in string format specifier"),
        (Value::str("\u{00e9}"), "+5", "!ValueError: Sign not allowed in string format specifier"),
        (Value::str("\u{00e9}"), "#5", "!ValueError: Alternate form (#) not allowed in string format specifier"),
        (Value::str("\u{00e9}"), ",", "!ValueError: Cannot specify ',' with 's'."),
        (Value::str("\u{00e9}"), "05", "\u{00e9}0000"),
        (Value::str(""), "", ""),
        (Value::str(""), "5", "     "),
        (Value::str(""), "<5", "     "),
        (Value::str(""), ">5", "     "),
        (Value::str(""), "^5", "     "),
        (Value::str(""), "*^6", "******"),
        (Value::str(""), ".2", ""),
        (Value::str(""), "8.1", "        "),
        (Value::str(""), "s", ""),
        (Value::str(""), "d", "!ValueError: Unknown format code 'd' for object of type 'str'"),
        (Value::str(""), "=5", "!ValueError: '=' alignment not allowed in string format specifier"),
        (Value::str(""), "+5", "!ValueError: Sign not allowed in string format specifier"),
        (Value::str(""), "#5", "!ValueError: Alternate form (#) not allowed in string format specifier"),
        (Value::str(""), ",", "!ValueError: Cannot specify ',' with 's'."),
        (Value::str(""), "05", "00000"),
    ]
    }
    fn percent_cases() -> Vec<(&'static str, Value, &'static str)> {
        vec![
            (
                "%5.1f|%-5d|%05d|%+d|% d|%x|%#o|%e|%g|%c|%c",
                Value::tuple(vec![
                    Value::Float(f64::from_bits(0x400921f9f01b866e)),
                    Value::Int(42),
                    Value::Int(42),
                    Value::Int(5),
                    Value::Int(5),
                    Value::Int(255),
                    Value::Int(8),
                    Value::Float(f64::from_bits(0x40c81cd6c8b43958)),
                    Value::Float(f64::from_bits(0x3ee9e0fcaf9380fc)),
                    Value::Int(65),
                    Value::str("z"),
                ]),
                "'  3.1|42   |00042|+5| 5|ff|0o10|1.234568e+04|1.234e-05|A|z'",
            ),
            (
                "%(a)s-%(b)r",
                dict(vec![
                    (Value::str("a"), Value::Int(1)),
                    (Value::str("b"), Value::str("x")),
                ]),
                "\"1-'x'\"",
            ),
            (
                "%s",
                Value::list(vec![Value::Int(1), Value::Int(2)]),
                "'[1, 2]'",
            ),
            ("%s", Value::tuple(vec![Value::Int(1)]), "'1'"),
            (
                "%y",
                Value::Int(1),
                "!ValueError: unsupported format character 'y' (0x79) at index 1",
            ),
            (
                "%s %s",
                Value::str("ab"),
                "!TypeError: not enough arguments for format string",
            ),
            ("%.3d", Value::Int(5), "'005'"),
            (
                "%d",
                Value::Float(f64::from_bits(0x400d99999999999a)),
                "'3'",
            ),
            (
                "%x",
                Value::Float(f64::from_bits(0x400c000000000000)),
                "!TypeError: %x format: an integer is required, not float",
            ),
            (
                "%f",
                Value::str("a"),
                "!TypeError: must be real number, not str",
            ),
            (
                "abc",
                Value::Int(5),
                "!TypeError: not all arguments converted during string formatting",
            ),
            (
                "%s",
                Value::tuple(vec![]),
                "!TypeError: not enough arguments for format string",
            ),
            (
                "%5s|%-5s|%.2s",
                Value::tuple(vec![Value::str("ab"), Value::str("ab"), Value::str("abc")]),
                "'   ab|ab   |ab'",
            ),
            ("%d%%", Value::Int(50), "'50%'"),
            ("%s", Value::None, "'None'"),
            ("%r", Value::str("a"), "\"'a'\""),
            ("%a", Value::str("\u{00e9}"), "\"'\\\\xe9'\""),
            (
                "%.2f",
                Value::Float(f64::from_bits(0x4005666666666666)),
                "'2.67'",
            ),
            (
                "%10.3e",
                Value::Float(f64::from_bits(0x40c81c8000000000)),
                "' 1.234e+04'",
            ),
            (
                "%-8.2f|",
                Value::Float(f64::from_bits(0x400921f9f01b866e)),
                "'3.14    |'",
            ),
            ("%i", Value::Int(7), "'7'"),
            ("%X", Value::Int(255), "'FF'"),
            ("%#x", Value::Int(255), "'0xff'"),
            (
                "%s and %s",
                Value::tuple(vec![Value::Int(1), Value::Int(2)]),
                "'1 and 2'",
            ),
            ("%d", Value::Bool(true), "'1'"),
            ("%5s", Value::str("\u{00e9}"), "'    \u{00e9}'"),
            (
                "%c",
                Value::Int(1234567),
                "!OverflowError: %c arg not in range(0x110000)",
            ),
            (
                "%d",
                Value::tuple(vec![Value::Int(1), Value::Int(2)]),
                "!TypeError: not all arguments converted during string formatting",
            ),
        ]
    }
}
