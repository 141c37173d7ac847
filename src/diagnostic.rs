//! One `Diagnostic` type for every compile-time error, rendered by ariadne in one place.
//!
//! Each stage reports problems as `Diagnostic` values instead of printing: the core has no
//! I/O. The CLI renders them with [`Diagnostic::render`], which shows `file:line:col`, the
//! offending source line with a labelled span, and CPython's own wording on the first line,
//! e.g. `SyntaxError: 'return' outside function`.

use crate::span::{SourceFile, Span};
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

/// The Python exception class CPython would raise for this problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
    /// CPython raises RecursionError while compiling a program nested too deeply.
    RecursionError,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::RecursionError => "RecursionError",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub kind: ErrorKind,
    /// CPython's message, e.g. `'return' outside function`.
    pub message: String,
    pub span: Span,
    /// Text attached to the span in the rendered report.
    pub label: String,
    /// Extra lines: hints, or why peel rejects something CPython accepts.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Span) -> Diagnostic {
        let message = message.into();
        Diagnostic {
            kind,
            label: message.clone(),
            message,
            span,
            notes: Vec::new(),
        }
    }

    pub fn syntax(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(ErrorKind::SyntaxError, message, span)
    }

    /// `peel does not support {what}`: valid Python outside peel's subset, rejected before
    /// anything runs.
    pub fn not_in_subset(what: &str, span: Span) -> Diagnostic {
        Diagnostic::syntax(format!("peel does not support {what}"), span)
            .with_label("CPython runs this, but it is outside peel's Python subset")
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// `SyntaxError: 'return' outside function`: the line CPython ends its report with.
    pub fn headline(&self) -> String {
        format!("{}: {}", self.kind.name(), self.message)
    }

    /// Renders the report as text: `file:line:col`, the source line, the label.
    pub fn render(&self, source: &SourceFile, color: bool) -> String {
        // ariadne slices the text at these offsets: widen the span to whole characters, so
        // a span that ends inside a multi-byte character (a stage's bug) cannot panic here.
        let text = source.text.as_str();
        let mut start = (self.span.start as usize).min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (self.span.end as usize).clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let line = source.line_of(start);
        let col = source.column_of(start);
        let file = source.path.as_str();
        // `error:`, the prefix of every error peel and clap report. (ariadne colours a
        // custom kind's name even with colour off: then its own `Error:` is renamed below.)
        let kind = match color {
            true => ReportKind::Custom("error", Color::Red),
            false => ReportKind::Error,
        };
        let mut report = Report::build(kind, (file, start..end))
            .with_config(
                Config::default()
                    .with_color(color)
                    .with_index_type(IndexType::Byte),
            )
            .with_message(format!("{} ({}:{}:{})", self.headline(), file, line, col))
            .with_label(
                Label::new((file, start..end))
                    .with_message(&self.label)
                    .with_color(Color::Red),
            );
        for note in &self.notes {
            report = report.with_note(note);
        }
        let mut out = Vec::new();
        report
            .finish()
            .write((file, Source::from(text)), &mut out)
            .expect("writing to a Vec cannot fail");
        let text = String::from_utf8_lossy(&out).into_owned();
        match text.strip_prefix("Error:") {
            Some(rest) => format!("error:{rest}"),
            None => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_ending_inside_a_character_still_renders() {
        let source = SourceFile::new("x.py", "s = '\u{e9}\u{e9}'\n");
        // Byte 6 is the middle of the first 'é'.
        let d = Diagnostic::syntax("invalid syntax", Span::new(5, 6));
        let text = d.render(&source, false);
        assert!(text.contains("x.py:1:6"), "{text}");
    }
}
