//! Byte spans into the source text, and the source file they point into.
//!
//! Every token, AST node and IR instruction carries a `Span` so errors, tracebacks and
//! printed stages can always say which bytes of the learner's file they came from.

/// A half-open byte range `start..end` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A program's text together with the name it was given on the command line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user typed it (CPython prints `__file__` and tracebacks with it).
    pub path: String,
    pub text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// The number of characters before every `CHUNK`-th byte: a column is then counted
    /// from the nearest mark instead of from the start of its line, so printing every
    /// token of a one-megabyte line costs the same per token as on a short line.
    chars_before_chunk: Vec<u32>,
}

/// How many bytes apart `SourceFile::chars_before_chunk` marks are.
const CHUNK: usize = 64;

/// UTF-8 continuation bytes (`10xxxxxx`) do not start a character.
fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

impl SourceFile {
    /// A program read as bytes, which must be UTF-8 (peel reads no encoding declarations).
    /// Otherwise the error is the line CPython prints for such a file, naming the first
    /// byte that starts no character and its line.
    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> Result<SourceFile, String> {
        let path = path.into();
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(path, text)),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                Err(format!(
                    "SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file {path} on line \
                     {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for \
                     details",
                    bytes[at]
                ))
            }
        }
    }

    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        let mut chars_before_chunk = Vec::with_capacity(text.len() / CHUNK + 1);
        let mut chars = 0u32;
        for chunk in text.as_bytes().chunks(CHUNK) {
            chars_before_chunk.push(chars);
            chars += chunk.iter().filter(|&&b| is_char_start(b)).count() as u32;
        }
        if text.len() % CHUNK == 0 {
            // A mark for the end of the text too, so every offset up to it has one.
            chars_before_chunk.push(chars);
        }
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            chars_before_chunk,
        }
    }

    /// The number of characters that start before byte `offset` (at most `text.len()`).
    fn chars_before(&self, offset: usize) -> usize {
        let chunk = offset / CHUNK;
        let Some(&before) = self.chars_before_chunk.get(chunk) else {
            return self.text.chars().count();
        };
        let start = chunk * CHUNK;
        let counted = self.text.as_bytes()[start..offset]
            .iter()
            .filter(|&&b| is_char_start(b))
            .count();
        before as usize + counted
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based column (in characters) of a byte offset.
    pub fn column_of(&self, offset: usize) -> usize {
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let end = offset.min(self.text.len());
        if !self.text.is_char_boundary(end) {
            return end - start + 1;
        }
        self.chars_before(end) - self.chars_before(start) + 1
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        if line == 0 || line > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    /// Columns counted from the chunk marks agree with counting the line's characters,
    /// on both sides of every mark, with characters of one to four bytes.
    #[test]
    fn columns_count_characters_across_chunk_marks() {
        let line: String = (0..400).map(|i| ['a', 'é', '€', '😀'][i % 4]).collect();
        let text = format!("x\n{line}\n{line}");
        let source = SourceFile::new("t.py", text.clone());
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[start..offset].chars().count() + 1;
            assert_eq!(source.column_of(offset), expected, "at byte {offset}");
        }
    }
}
