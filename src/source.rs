//! A Markdown file held in memory, with byte offset → line/column lookup.

use std::ops::Range;
use std::sync::OnceLock;

/// The 1-based line of byte `offset` in `text` (the last line past its end), for text
/// looked at once; a [`SourceFile`] indexes its lines for many lookups.
pub fn line_of(text: impl AsRef<[u8]>, offset: usize) -> usize {
    let bytes = text.as_ref();
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// A source file: its display path, its text and an index of its line starts, made the
/// first time a position is asked for (most files never need one).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown to people, e.g. `src/incidents/2024-01-26-payments.md`.
    pub path: String,
    /// The full text, front matter included.
    pub text: String,
    line_index: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Wraps a text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_index: OnceLock::new(),
        }
    }

    /// The byte offset where each line starts.
    fn line_starts(&self) -> &[usize] {
        self.line_index.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let start = line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The byte range of the line that holds `offset`, without its line ending.
    pub fn line_span(&self, offset: usize) -> Range<usize> {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let start = line_starts[line];
        let end = line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    /// The byte range of 1-based line `line`, without its line ending.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts().get(line.checked_sub(1)?)?;
        Some(self.line_span(start))
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// The line ending this file uses: `"\r\n"` when any line ends that way.
    pub fn newline(&self) -> &'static str {
        newline_of(&self.text)
    }
}

/// The line ending a text uses: `"\r\n"` when any line ends that way.
pub fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The largest char boundary at or below `index`.
pub fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let file = SourceFile::new("x.md", "ab\ncdé\r\nf");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(1), (1, 2));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(7), (2, 4));
        assert_eq!(file.line_col(9), (3, 1));
        assert_eq!(file.line_col(1000), (3, 2));
    }

    #[test]
    fn line_span_excludes_crlf() {
        let file = SourceFile::new("x.md", "ab\r\ncd\n");
        assert_eq!(file.line_span(1), 0..2);
        assert_eq!(&file.text[file.line_span(4)], "cd");
        assert_eq!(file.newline(), "\r\n");
    }

    #[test]
    fn offsets_inside_a_character_do_not_panic() {
        let file = SourceFile::new("x.md", "é");
        assert_eq!(file.line_col(1), (1, 1));
    }
}
