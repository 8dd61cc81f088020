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

    /// Inserts a Markdown block at `at`, a line's start, inside the block quote or list
    /// item that the text at `anchor` sits in (a table there): each line of the block
    /// takes the container's markers, with a blank line of the container around it.
    pub fn block_in_container_of(
        original: &str,
        anchor: usize,
        at: usize,
        markdown: &str,
        newline: &str,
    ) -> Edit {
        let at = at.min(original.len());
        let Some(container) = Container::at(original, anchor) else {
            return Edit::block(original, at, markdown, newline);
        };
        let prefix = container.continuation.as_str();
        let blank = prefix.trim_end();
        let mut text = String::with_capacity(markdown.len() * 5 / 4 + 16);
        if !original
            .get(..at)
            .is_some_and(|before| before.ends_with('\n'))
        {
            text.push_str(newline);
        }
        text.push_str(blank);
        text.push_str(newline);
        text.push_str(prefix);
        push_in_container(&mut text, markdown, prefix, newline);
        text.push_str(newline);
        let next = original
            .get(at..)
            .and_then(|after| after.lines().next())
            .unwrap_or_default();
        if !next.trim_start_matches(['>', ' ', '\t', '\r']).is_empty() {
            text.push_str(blank);
            text.push_str(newline);
        }
        Edit {
            range: at..at,
            text,
        }
    }

    /// Replaces `range` of `original` (a directive, or nothing for an insertion) with a
    /// Markdown block, with blank lines around it so the text next to it stays a block of
    /// its own.
    ///
    /// A directive inside a block quote or a list item (`> {{#rollback-timeline}}`) is
    /// replaced by a block that stays inside it: each of its lines gets the container's
    /// markers.
    pub fn replace(original: &str, range: Range<usize>, markdown: &str, newline: &str) -> Edit {
        let start = range.start.min(original.len());
        let end = range.end.clamp(start, original.len());
        if start < end
            && let Some(container) = Container::at(original, start)
        {
            return container.replace(original, start..end, markdown, newline);
        }
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

/// The longest run of container markers repeated on every line of a block.
const MAX_CONTAINER_PREFIX: usize = 64;

/// The block quote and list markers in front of a directive, on its own line.
struct Container<'a> {
    /// What each further line of the block starts with: `> ` for a quote, spaces as wide
    /// as a list marker for a list item.
    continuation: String,
    /// Whether the directive opens a list item, with nothing before it in the item.
    opens_item: bool,
    /// The line before the directive's line, if there is one.
    line_before: Option<&'a str>,
}

impl<'a> Container<'a> {
    /// The container the text at `offset` sits in, when nothing but container markers
    /// precede it on its line.
    fn at(original: &'a str, offset: usize) -> Option<Container<'a>> {
        // Every line of the block repeats the markers: a deep nest keeps the old way
        // (the block after the container), rather than multiply a hostile prefix. Only
        // that far back is looked at, so a long line with many directives stays linear.
        let lowest = offset.saturating_sub(MAX_CONTAINER_PREFIX + 1);
        let line_start = match original.as_bytes()[lowest..offset]
            .iter()
            .rposition(|&b| b == b'\n')
        {
            Some(i) => lowest + i + 1,
            None if lowest == 0 => 0,
            None => return None,
        };
        let prefix = original.get(line_start..offset)?;
        if prefix.is_empty() || prefix.len() > MAX_CONTAINER_PREFIX {
            return None;
        }
        let (mut continuation, opens_item, used) = marker_run(prefix);
        if used < prefix.len() {
            return None;
        }
        let line_before = line_start
            .checked_sub(1)
            .map(|end| &original[original[..end].rfind('\n').map_or(0, |i| i + 1)..end]);
        // Indentation alone may be a paragraph's continuation line, where indented table
        // lines could be code. It is a container after a blank line, when it is shallow,
        // or when the line above opens a list item whose text starts at this column.
        if !opens_item && !continuation.contains('>') {
            let in_item = line_before.is_none_or(|line| line.trim().is_empty())
                || prefix.len() <= 3
                || line_before.is_some_and(|line| {
                    let (above, opens, _) = marker_run(line);
                    opens && above.len() == prefix.len()
                });
            if !in_item {
                return None;
            }
        }
        if continuation.ends_with('>') {
            continuation.push(' ');
        }
        Some(Container {
            continuation,
            opens_item,
            line_before,
        })
    }

    /// `range` (on this container's line) becomes `markdown`, kept in the container,
    /// with a blank line of the container around it.
    fn replace(&self, original: &str, range: Range<usize>, markdown: &str, newline: &str) -> Edit {
        let blank = self.continuation.trim_end();
        let has_text = |line: &str| !line.trim_start_matches(['>', ' ', '\t', '\r']).is_empty();
        // Text above it in the same container needs a blank line between.
        let text_above = !self.opens_item
            && self.line_before.is_some_and(|line| {
                has_text(line) && (blank.is_empty() || line.trim_start().starts_with('>'))
            });
        let mut text = String::with_capacity(markdown.len() * 5 / 4 + 16);
        if text_above {
            text.push_str(newline);
            text.push_str(&self.continuation);
        }
        push_in_container(&mut text, markdown, &self.continuation, newline);
        let after = &original[range.end..];
        match after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix('\n'))
        {
            Some(rest) if !has_text(rest.lines().next().unwrap_or_default()) => {}
            None if after.is_empty() => {}
            Some(_) => {
                text.push_str(newline);
                text.push_str(blank);
            }
            None => {
                text.push_str(newline);
                text.push_str(blank);
                text.push_str(newline);
                text.push_str(&self.continuation);
            }
        }
        Edit { range, text }
    }
}

/// Writes `markdown`'s lines to `out`, each after the first on a new line that begins
/// with the container's `continuation` (or, when blank, with its markers alone).
fn push_in_container(out: &mut String, markdown: &str, continuation: &str, newline: &str) {
    let blank = continuation.trim_end();
    for (i, line) in markdown.trim_end().split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if i > 0 {
            out.push_str(newline);
            out.push_str(if line.is_empty() { blank } else { continuation });
        }
        out.push_str(line);
    }
}

/// The block quote markers, list markers and indentation that `text` begins with: what
/// lines continuing them begin with (each list marker as wide in spaces), whether the
/// last container they open is a list item, and how many bytes they take.
fn marker_run(text: &str) -> (String, bool, usize) {
    let mut continuation = String::new();
    let mut opens_item = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let marker = if matches!(c, '-' | '*' | '+') {
            1
        } else {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let ordered = (1..=9).contains(&digits) && rest[digits..].starts_with(['.', ')']);
            if ordered { digits + 1 } else { 0 }
        };
        if marker > 0 && rest[marker..].starts_with([' ', '\t']) {
            continuation.extend(std::iter::repeat_n(' ', marker));
            opens_item = true;
            rest = &rest[marker..];
        } else if matches!(c, '>' | ' ' | '\t') {
            continuation.push(c);
            opens_item &= c != '>';
            rest = &rest[1..];
        } else {
            break;
        }
    }
    (continuation, opens_item, text.len() - rest.len())
}

/// Applies non-overlapping edits. Edits at the same offset keep their order.
pub fn apply(original: &str, edits: Vec<Edit>) -> String {
    let mut splices = Splices::default();
    let id = splices.add(original, edits);
    splices.spliced(&id, original).to_text()
}

/// The edits of many texts, held until each text is written: each text's inserted text
/// in one string of just its length, and all their cuts in one list. A large book keeps
/// its reports as written plus these, instead of a second, longer copy of every report.
#[derive(Debug, Default)]
pub struct Splices {
    inserted: Vec<Box<str>>,
    cuts: Vec<Cut>,
}

/// One edit held in [`Splices`]: `range` of the original becomes `text` of its text's
/// inserted string.
#[derive(Debug)]
struct Cut {
    range: Range<usize>,
    text: Range<usize>,
}

/// Where the edits of one text are held in [`Splices`].
#[derive(Debug, Clone)]
pub struct SpliceId {
    cuts: Range<usize>,
    /// Which of the inserted strings is this text's.
    inserted: usize,
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
        let mut inserted = String::with_capacity(edits.iter().map(|e| e.text.len()).sum());
        // Each edit starts where the one before it ended, or later.
        let mut at = 0;
        for edit in edits {
            let start = edit.range.start.clamp(at, original.len());
            let end = edit.range.end.clamp(start, original.len());
            let text_start = inserted.len();
            inserted.push_str(&edit.text);
            self.cuts.push(Cut {
                range: start..end,
                text: text_start..inserted.len(),
            });
            at = end;
        }
        self.inserted.push(inserted.into_boxed_str());
        SpliceId {
            cuts: first..self.cuts.len(),
            inserted: self.inserted.len() - 1,
            original_len: original.len(),
        }
    }

    /// `original` with the edits held under `id` applied, to be written out.
    pub fn spliced<'a>(&'a self, id: &SpliceId, original: &'a str) -> Spliced<'a> {
        Spliced {
            cuts: self.cuts.get(id.cuts.clone()).unwrap_or_default(),
            inserted: self.inserted.get(id.inserted).map_or("", |text| text),
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
    fn directives_in_quotes_and_list_items_stay_inside_them() {
        let table = "|a|\n|-|\n\n> note";
        let replace = |original: &str, directive: &str| {
            let start = original.find(directive).unwrap_or_default();
            let edit = Edit::replace(original, start..start + directive.len(), table, "\n");
            apply(original, vec![edit])
        };
        assert_eq!(
            replace("> {{#d}}\n", "{{#d}}"),
            "> |a|\n> |-|\n>\n> > note\n"
        );
        assert_eq!(
            replace("> Above.\n> {{#d}}\n> Below.\n", "{{#d}}"),
            "> Above.\n> \n> |a|\n> |-|\n>\n> > note\n>\n> Below.\n"
        );
        assert_eq!(
            replace("- one\n- {{#d}}\n- three\n", "{{#d}}"),
            "- one\n- |a|\n  |-|\n\n  > note\n\n- three\n"
        );
        // Indentation is a container in a list item; a deep one under a paragraph line
        // is not (its table would be code).
        assert_eq!(
            replace("Timeline:\n    {{#d}}\n", "{{#d}}"),
            "Timeline:\n    \n\n|a|\n|-|\n\n> note\n"
        );
        assert_eq!(
            replace("1. Roll back:\n\n   {{#d}}\n\n2. Verify\n", "{{#d}}"),
            "1. Roll back:\n\n   |a|\n   |-|\n\n   > note\n\n2. Verify\n"
        );
        assert_eq!(
            replace("- one\n  {{#d}}\n- two\n", "{{#d}}"),
            "- one\n  \n  |a|\n  |-|\n\n  > note\n\n- two\n"
        );
        assert_eq!(
            replace("10. Step:\n    {{#d}}\n", "{{#d}}"),
            "10. Step:\n    \n    |a|\n    |-|\n\n    > note\n"
        );
        assert_eq!(
            replace("> - {{#d}}\r\n", "{{#d}}").replace('\r', "\\r"),
            "> - |a|\n>   |-|\n>\n>   > note\\r\n"
        );
        // Too deep a nest is left, as is text before it on its line.
        let deep = format!("{}{{{{#d}}}}\n", "> ".repeat(40));
        assert!(replace(&deep, "{{#d}}").ends_with("> \n\n|a|\n|-|\n\n> note\n"));
        assert_eq!(
            replace("See {{#d}}\n", "{{#d}}"),
            "See \n\n|a|\n|-|\n\n> note\n"
        );
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
