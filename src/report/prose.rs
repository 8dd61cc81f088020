//! Prose compared for sameness: lowercase words without Markdown punctuation, list
//! markers or line breaks, with a map back to the original bytes.

use std::ops::Range;

/// Normalised text and, for each of its bytes, the source character it came from.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// Lowercase words separated by single spaces.
    pub text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Normalized {
    /// Normalises `source[range]`.
    pub fn new(source: &str, range: Range<usize>) -> Self {
        let mut out = Normalized::default();
        let mut at_line_start = true;
        let mut pending_space = false;
        let slice = &source[range.clone()];
        let mut chars = slice.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let offset = range.start + i;
            if c == '\n' {
                at_line_start = true;
                pending_space = !out.text.is_empty();
                continue;
            }
            if at_line_start {
                if c.is_whitespace() || c == '>' {
                    continue;
                }
                // List markers: `-`, `+`, `*` or `1.` / `1)` followed by a space.
                if matches!(c, '-' | '+') && chars.peek().is_some_and(|(_, n)| n.is_whitespace()) {
                    continue;
                }
                if c.is_ascii_digit() {
                    let rest = &slice[i..];
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    let after = rest.as_bytes().get(digits..digits + 2);
                    if matches!(after, Some([b'.' | b')', b' ' | b'\t'])) {
                        for _ in 0..digits {
                            chars.next();
                        }
                        chars.next();
                        continue;
                    }
                }
            }
            if matches!(c, '*' | '_' | '`' | '#' | '\\') {
                continue;
            }
            at_line_start = false;
            if c.is_whitespace() {
                pending_space = !out.text.is_empty();
                continue;
            }
            if pending_space {
                out.text.push(' ');
                out.starts.push(offset);
                out.ends.push(offset);
                pending_space = false;
            }
            for lower in c.to_lowercase() {
                let before = out.text.len();
                out.text.push(lower);
                let added = out.text.len() - before;
                out.starts.extend(std::iter::repeat_n(offset, added));
                out.ends
                    .extend(std::iter::repeat_n(offset + c.len_utf8(), added));
            }
        }
        out
    }

    /// Normalises a whole string.
    pub fn of(text: &str) -> String {
        Normalized::new(text, 0..text.len()).text
    }

    /// The source span of every occurrence of `needle` (itself normalised).
    pub fn find_all(&self, needle: &str) -> Vec<Range<usize>> {
        if needle.is_empty() {
            return Vec::new();
        }
        self.text
            .match_indices(needle)
            .map(|(i, m)| self.starts[i]..self.ends[i + m.len() - 1])
            .collect()
    }
}

/// The number of words in a normalised string.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_ignored() {
        assert_eq!(
            Normalized::of("*Example:\n1.  Verify the **backup**.\n- Stop it.*"),
            "example: verify the backup. stop it."
        );
    }

    #[test]
    fn matches_map_back_to_the_source() {
        let source = "xx\n*   John  Doe: Lead Engineer\n";
        let norm = Normalized::new(source, 3..source.len());
        let spans = norm.find_all("john doe: lead engineer");
        assert_eq!(spans.len(), 1);
        assert_eq!(&source[spans[0].clone()], "John  Doe: Lead Engineer");
    }
}
