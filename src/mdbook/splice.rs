//! Splicing: new Markdown is inserted at byte offsets of the original text, never by
//! re-serialising it. Every original byte survives in order, except the front matter
//! and the `{{#rollback-…}}` directives, which are replaced.

use std::ops::Range;

/// One replacement: `range` of the original becomes `text` (an insertion when empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The original bytes replaced.
    pub range: Range<usize>,
    /// What goes there.
    pub text: String,
}

impl Edit {
    /// Inserts a Markdown block at `offset` of `original`, with blank lines around it and
    /// the file's own line endings.
    pub fn block(original: &str, offset: usize, markdown: &str, newline: &str) -> Edit {
        Edit::replace(original, offset..offset, markdown, newline)
    }

    /// Replaces `range` of `original` (a directive, or nothing for an insertion) with a
    /// Markdown block, with blank lines around it so the text next to it stays a block of
    /// its own.
    pub fn replace(original: &str, range: Range<usize>, markdown: &str, newline: &str) -> Edit {
        let start = range.start.min(original.len());
        let end = range.end.clamp(start, original.len());
        let (before, after) = (&original[..start], &original[end..]);
        // Line breaks that `before` lacks for a blank line, and that `after` lacks.
        let missing_before =
            if before.is_empty() || before.ends_with("\n\n") || before.ends_with("\n\r\n") {
                0
            } else if before.ends_with('\n') {
                1
            } else {
                2
            };
        let rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix('\n'));
        let missing_after = match rest {
            _ if after.is_empty() => usize::from(start == end),
            None => 2,
            Some(rest) if rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n") => {
                0
            }
            Some(_) => 1,
        };
        let markdown = markdown.trim_end();
        let lines = markdown.matches('\n').count() + missing_before + missing_after;
        let mut text = String::with_capacity(markdown.len() + lines * newline.len());
        text.push_str(&newline.repeat(missing_before));
        if newline == "\n" {
            text.push_str(markdown);
        } else {
            text.push_str(&markdown.replace('\n', newline));
        }
        text.push_str(&newline.repeat(missing_after));
        Edit {
            range: start..end,
            text,
        }
    }
}

/// Applies non-overlapping edits. Edits at the same offset keep their order.
pub fn apply(original: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out =
        String::with_capacity(original.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for edit in edits {
        let start = edit.range.start.clamp(at, original.len());
        let end = edit.range.end.clamp(start, original.len());
        out.push_str(&original[at..start]);
        out.push_str(&edit.text);
        at = end;
    }
    out.push_str(&original[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_blocks_get_blank_lines() {
        let original = "# T\npara\n## Next\n";
        let edit = Edit::block(original, 9, "| a |\n|---|", "\n");
        assert_eq!(
            apply(original, vec![edit]),
            "# T\npara\n\n| a |\n|---|\n\n## Next\n"
        );
        let original = "# T\n\npara\n\n## Next\n";
        let edit = Edit::block(original, 4, "CARD", "\n");
        assert_eq!(
            apply(original, vec![edit]),
            "# T\n\nCARD\n\npara\n\n## Next\n"
        );
        let edit = Edit::block(original, 11, "END", "\n");
        assert_eq!(
            apply(original, vec![edit]),
            "# T\n\npara\n\nEND\n\n## Next\n"
        );
        let edit = Edit::block("x", 1, "B", "\n");
        assert_eq!(apply("x", vec![edit]), "x\n\nB\n");
    }

    #[test]
    fn edits_apply_in_order_and_keep_everything_else() {
        let original = "---\na: 1\n---\n# T\n{{#rollback-diff}}\nend";
        let edits = vec![
            Edit::replace(original, 17..35, "DIFF", "\n"),
            Edit {
                range: 0..13,
                text: String::new(),
            },
            Edit::block(original, 17, "CARD", "\n"),
        ];
        assert_eq!(apply(original, edits), "# T\n\nCARD\n\n\nDIFF\n\nend");
    }

    #[test]
    fn directives_become_blocks_of_their_own() {
        let original = "text before {{#rollback-index}}\nnext line\n";
        let edit = Edit::replace(original, 12..31, "|a|\n|-|", "\n");
        assert_eq!(
            apply(original, vec![edit]),
            "text before \n\n|a|\n|-|\n\nnext line\n"
        );
        let original = "# T\n\n{{#rollback-index}}\n";
        let edit = Edit::replace(original, 5..24, "X", "\n");
        assert_eq!(apply(original, vec![edit]), "# T\n\nX\n");
    }

    #[test]
    fn crlf_is_kept() {
        let edit = Edit::block("a\r\n", 3, "x\ny", "\r\n");
        assert_eq!(apply("a\r\n", vec![edit]), "a\r\n\r\nx\r\ny\r\n");
    }
}
