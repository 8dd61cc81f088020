//! One pulldown-cmark pass over a Markdown body: headings, and the spans that are
//! literal (code) or invisible (HTML comments) and so never count as report text.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// The parser options mdBook itself renders with, so we see the structure mdBook sees.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A heading as written: its level, its plain text and its byte span (the whole heading,
/// including a setext underline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHeading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text without Markdown syntax, closing `#`s or attributes.
    pub text: String,
    /// The heading's bytes in the scanned text.
    pub span: Range<usize>,
}

/// What one scan of a Markdown body found. All spans are absolute offsets.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    /// Every heading, in document order.
    pub headings: Vec<RawHeading>,
    /// Fenced and indented code blocks, and inline code spans.
    pub code: Vec<Range<usize>>,
    /// HTML comments, as blocks or inline.
    pub comments: Vec<Range<usize>>,
    /// Tables, header row to last row, in document order.
    pub tables: Vec<Range<usize>>,
    /// Struck-through text (`~~Medium~~`): corrected, so no fact is read from it.
    pub struck: Vec<Range<usize>>,
}

/// Scans `text[start..]`, reporting spans as offsets into `text`.
pub fn scan(text: &str, start: usize) -> Scan {
    let body = &text[start..];
    let mut scan = Scan::default();
    let mut heading: Option<(u8, String, Range<usize>)> = None;
    let mut html_block: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        let range = range.start + start..range.end + start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((heading_level(level), String::new(), range));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, span)) = heading.take() {
                    scan.headings.push(RawHeading {
                        level,
                        text: text.trim().to_string(),
                        span,
                    });
                }
            }
            Event::Text(t) if heading.is_some() => {
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Code(t) if heading.is_some() => {
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(&t);
                }
                scan.code.push(range);
            }
            Event::Start(Tag::CodeBlock(_)) => scan.code.push(range),
            Event::Start(Tag::Table(_)) => scan.tables.push(range),
            Event::Start(Tag::Strikethrough) => scan.struck.push(range),
            Event::Code(_) => scan.code.push(range),
            Event::Start(Tag::HtmlBlock) => {
                // Only a block that opens with a comment is a comment from its start.
                html_block = text[range.start..]
                    .trim_start()
                    .starts_with("<!--")
                    .then_some(range.start);
            }
            Event::End(TagEnd::HtmlBlock) => html_block = None,
            Event::Html(html) | Event::InlineHtml(html)
                if html.trim_start().starts_with("<!--") =>
            {
                {
                    // A comment block runs to its `-->`; pulldown-cmark gives one event a line.
                    let from = html_block.unwrap_or(range.start).min(range.start);
                    let to = text[from..]
                        .find("-->")
                        .map_or(text.len(), |i| from + i + 3)
                        .max(range.end);
                    scan.comments.push(from..to);
                }
            }
            _ => {}
        }
    }
    scan.comments = merge(std::mem::take(&mut scan.comments));
    scan
}

/// The numeric level of a heading.
pub fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Sorts ranges and merges the ones that overlap (touching ranges stay apart, so two
/// comments on consecutive lines stay two comments).
pub fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// A copy of `text` in which every character inside `ranges` is blanked to spaces (line
/// breaks kept). Byte offsets stay valid, so matches in the copy point at the original.
pub fn blank_out(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in ranges {
        let start = crate::source::floor_char_boundary(text, range.start.max(at));
        let end = crate::source::floor_char_boundary(text, range.end).max(start);
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        for c in text[start..end].chars() {
            if c == '\n' || c == '\r' {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text[range]` with the hidden spans left out, each replaced by a line break so that
/// the lines around it stay apart.
pub fn visible<'a>(text: &'a str, range: Range<usize>, hidden: &[Range<usize>]) -> Cow<'a, str> {
    let piece = |from: usize, to: usize| {
        let from = crate::source::floor_char_boundary(text, from.min(range.end));
        let to = crate::source::floor_char_boundary(text, to.min(range.end)).max(from);
        text.get(from..to).unwrap_or_default()
    };
    if !hidden
        .iter()
        .any(|span| span.start < range.end && span.end > range.start)
    {
        return Cow::Borrowed(piece(range.start, range.end));
    }
    let mut visible = String::new();
    let mut at = range.start;
    for span in hidden {
        if span.end <= at {
            continue;
        }
        if span.start >= range.end {
            break;
        }
        visible.push_str(piece(at, span.start.max(at)));
        visible.push('\n');
        at = span.end;
    }
    if at < range.end {
        visible.push_str(piece(at, range.end));
    }
    Cow::Owned(visible)
}

/// Whether `text[range]` holds nothing but whitespace once the `hidden` spans are taken
/// out, as if [`blank_out`] had blanked them. `hidden` is sorted, as [`merge`] leaves it.
pub fn is_blank_outside(text: &str, range: Range<usize>, hidden: &[Range<usize>]) -> bool {
    visible(text, range, hidden).trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_of_both_styles_with_spans() {
        let text = "# One #\n\nTwo\n===\n\n## 2.1. Three {#id}\n";
        let scan = scan(text, 0);
        let got: Vec<_> = scan
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(got, [(1, "One"), (1, "Two"), (2, "2.1. Three")]);
        assert_eq!(&text[scan.headings[1].span.clone()], "Two\n===\n");
    }

    #[test]
    fn code_and_comments_are_found() {
        let text = "a `code` b\n\n```\n# not a heading\n```\n\n<!-- c\nd -->\n\ne <!-- f --> g\n";
        let scan = scan(text, 0);
        assert!(scan.headings.is_empty());
        assert_eq!(scan.code.len(), 2);
        assert_eq!(&text[scan.comments[0].clone()], "<!-- c\nd -->");
        assert_eq!(&text[scan.comments[1].clone()], "<!-- f -->");
    }

    #[test]
    fn a_comment_inside_an_html_block_starts_where_it_starts() {
        let text = "<details>\n<summary>Rollback Report</summary>\n<!-- x -->\n</details>\n";
        let scan = scan(text, 0);
        assert_eq!(text[scan.comments[0].clone()].trim_end(), "<!-- x -->");
    }

    #[test]
    fn offsets_are_absolute() {
        let text = "---\nx: 1\n---\n# Title\n";
        let scan = scan(text, 13);
        assert_eq!(&text[scan.headings[0].span.clone()], "# Title\n");
    }

    #[test]
    fn blank_outside_hidden_spans() {
        let text = "# H\n  <!-- c -->\n{{#x}}\n\nnext";
        let body = 4..text.len() - 4;
        assert!(is_blank_outside(text, body.clone(), &[6..16, 17..23]));
        assert!(!is_blank_outside(
            text,
            body.clone(),
            std::slice::from_ref(&(6..16))
        ));
        assert!(!is_blank_outside(text, 0..text.len(), &[6..16, 17..23]));
        assert!(is_blank_outside("é x", 0..1, &[]));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// Checking in place agrees with blanking a copy (given sorted spans, which
        /// blanking needs).
        #[test]
        fn blank_outside_is_blanking(
            text in "[a \n\té]{0,16}",
            spans in proptest::collection::vec((0usize..20, 0usize..6), 0..4),
            range in (0usize..20, 0usize..20),
        ) {
            let mut hidden: Vec<Range<usize>> = spans.into_iter().map(|(s, l)| s..s + l).collect();
            hidden.sort_by_key(|r| r.start);
            let ranges = merge(hidden.clone());
            let end = range.1.max(range.0).min(text.len());
            let start = crate::source::floor_char_boundary(&text, range.0.min(end));
            let end = crate::source::floor_char_boundary(&text, end);
            let blanked = blank_out(&text[..end], &ranges);
            let expected = blanked[start.min(blanked.len())..].trim().is_empty();
            proptest::prop_assert_eq!(is_blank_outside(&text, start..end, &ranges), expected);
        }
    }

    #[test]
    fn blanking_keeps_offsets_and_lines() {
        assert_eq!(blank_out("ab\ncd", std::slice::from_ref(&(1..4))), "a \n d");
        assert_eq!(blank_out("é!", std::slice::from_ref(&(0..2))), "  !");
    }
}
