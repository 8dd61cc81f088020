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
pub fn apply(original: &str, edits: Vec<Edit>) -> String {
    let mut splices = Splices::default();
    let id = splices.add(original, edits);
    splices.spliced(&id, original).to_text()
}

/// The edits of many texts, held until each text is written: all their inserted text in
/// one string, and all their cuts in one list. A large book keeps its reports as written
/// plus these, instead of a second, longer copy of every report.
#[derive(Debug, Default)]
pub struct Splices {
    inserted: String,
    cuts: Vec<Cut>,
}

/// One edit held in [`Splices`]: `range` of the original becomes `inserted[text]`.
#[derive(Debug)]
struct Cut {
    range: Range<usize>,
    text: Range<usize>,
}

/// Where the edits of one text are held in [`Splices`].
#[derive(Debug, Clone)]
pub struct SpliceId {
    cuts: Range<usize>,
    /// The length of the text the edits are for.
    original_len: usize,
}

impl SpliceId {
    /// Whether these edits were made for `text` (judged by its length).
    pub fn fits(&self, text: &str) -> bool {
        text.len() == self.original_len
    }
}

impl Splices {
    /// Holds non-overlapping `edits` to `original`. Edits at the same offset keep their
    /// order.
    pub fn add(&mut self, original: &str, mut edits: Vec<Edit>) -> SpliceId {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let first = self.cuts.len();
        // Each edit starts where the one before it ended, or later.
        let mut at = 0;
        for edit in edits {
            let start = edit.range.start.clamp(at, original.len());
            let end = edit.range.end.clamp(start, original.len());
            let text_start = self.inserted.len();
            self.inserted.push_str(&edit.text);
            self.cuts.push(Cut {
                range: start..end,
                text: text_start..self.inserted.len(),
            });
            at = end;
        }
        SpliceId {
            cuts: first..self.cuts.len(),
            original_len: original.len(),
        }
    }

    /// `original` with the edits held under `id` applied, to be written out.
    pub fn spliced<'a>(&'a self, id: &SpliceId, original: &'a str) -> Spliced<'a> {
        Spliced {
            cuts: self.cuts.get(id.cuts.clone()).unwrap_or_default(),
            inserted: &self.inserted,
            original,
        }
    }
}

/// A text with its edits applied, written piece by piece: through `Display`, or as a JSON
/// string (`serde_json` escapes each piece straight into its output).
#[derive(Debug, Clone, Copy)]
pub struct Spliced<'a> {
    cuts: &'a [Cut],
    inserted: &'a str,
    original: &'a str,
}

impl Spliced<'_> {
    /// The text, in a string of just its length.
    pub fn to_text(&self) -> String {
        let removed: usize = self.cuts.iter().map(|c| c.range.len()).sum();
        let added: usize = self.cuts.iter().map(|c| c.text.len()).sum();
        let mut text = String::with_capacity((self.original.len() + added).saturating_sub(removed));
        // Writing to a `String` cannot fail.
        let _ = std::fmt::Write::write_fmt(&mut text, format_args!("{self}"));
        text
    }
}

impl std::fmt::Display for Spliced<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The cuts were made for this very text (see [`SpliceId::fits`]), at character
        // boundaries; `get` only keeps a broken promise from becoming a panic.
        let mut at = 0;
        for cut in self.cuts {
            f.write_str(self.original.get(at..cut.range.start).unwrap_or_default())?;
            f.write_str(self.inserted.get(cut.text.clone()).unwrap_or_default())?;
            at = cut.range.end;
        }
        f.write_str(self.original.get(at..).unwrap_or_default())
    }
}

impl serde::Serialize for Spliced<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
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
    fn splices_hold_the_edits_of_many_texts_apart() {
        let (first, second) = ("# A\npara\n", "---\nx: 1\n---\n# B\n");
        let mut splices = Splices::default();
        let a = splices.add(first, vec![Edit::block(first, 4, "CARD", "\n")]);
        let b = splices.add(
            second,
            vec![
                Edit::block(second, second.len(), "END", "\n"),
                Edit {
                    range: 0..13,
                    text: String::new(),
                },
            ],
        );
        let write = |id: &SpliceId, original: &str| splices.spliced(id, original).to_text();
        assert_eq!(write(&b, second), "# B\n\nEND\n");
        assert_eq!(write(&a, first), "# A\n\nCARD\n\npara\n");
        assert!(a.fits(first) && !a.fits(second));
        assert_eq!(
            write(&a, first),
            apply(first, vec![Edit::block(first, 4, "CARD", "\n")])
        );
    }

    #[test]
    fn crlf_is_kept() {
        let edit = Edit::block("a\r\n", 3, "x\ny", "\r\n");
        assert_eq!(apply("a\r\n", vec![edit]), "a\r\n\r\nx\r\ny\r\n");
    }
}
