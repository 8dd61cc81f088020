//! Inline Markdown: text escaped so it can never become syntax, code spans, emphasis and
//! checked links, and report-written Markdown reduced to those.

use super::{Inline, safe_url};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Writes inline content into one line of a block.
pub(super) struct Inlines<'a> {
    out: &'a mut String,
    /// Nothing visible is written on this line yet, so block syntax (`#`, `-`, `1.`, `>`)
    /// would still be recognised, and leading spaces would indent.
    line_start: bool,
    /// In a table cell: block syntax means nothing there.
    in_table: bool,
    /// In a heading: `#` and `{` could close it or add attributes.
    in_heading: bool,
    /// All that is visible on this line is digits, so a `.` or `)` now would make it an
    /// ordered list item.
    leading_digits: bool,
    /// Just after an opening `*`, `**` or `~~`: spaces here would stop it opening.
    after_opener: bool,
}

/// An emphasis delimiter opened in report-written Markdown.
struct Opened {
    delimiter: &'static str,
    /// Where its content starts in the output.
    content_start: usize,
    /// Whether the line was still at its start before it.
    line_start: bool,
    /// Whether only digits were on the line before it.
    leading_digits: bool,
}

impl<'a> Inlines<'a> {
    /// The content of a paragraph or list item.
    pub(super) fn block(out: &'a mut String) -> Self {
        Inlines {
            out,
            line_start: true,
            in_table: false,
            in_heading: false,
            leading_digits: false,
            after_opener: false,
        }
    }

    /// The content of a table cell.
    pub(super) fn cell(out: &'a mut String) -> Self {
        Inlines {
            in_table: true,
            ..Inlines::block(out)
        }
    }

    /// The text of a heading.
    pub(super) fn heading(out: &'a mut String) -> Self {
        Inlines {
            in_heading: true,
            ..Inlines::block(out)
        }
    }

    /// Writes every piece.
    pub(super) fn all(mut self, inlines: &[Inline<'_>]) {
        for inline in inlines {
            match inline {
                Inline::Text(s) => self.text(s),
                Inline::Strong(s) => self.delimited("**", s),
                Inline::Emphasis(s) => self.delimited("*", s),
                Inline::Code(s) => self.code(s),
                Inline::Link { text, url, code } => match safe_url(url) {
                    Some(url) => {
                        self.link_start();
                        if *code {
                            self.code(text);
                        } else {
                            self.text(text);
                        }
                        self.link_end(&url);
                    }
                    None if *code => self.code(text),
                    None => self.text(text),
                },
                Inline::Untrusted(markdown) => self.untrusted(markdown),
            }
        }
    }

    /// Writes syntax the tool means (a delimiter, a bracket).
    fn visible(&mut self, syntax: &str) {
        self.line_start = false;
        self.leading_digits = false;
        self.after_opener = false;
        self.out.push_str(syntax);
    }

    /// Opens a link's text; a `!` just before it is escaped, as `![` is an image. (Text
    /// never writes `!` escaped, so a `!` at the end is bare.)
    fn link_start(&mut self) {
        if self.out.ends_with('!') {
            self.out.pop();
            self.out.push_str("\\!");
        }
        self.visible("[");
    }

    fn link_end(&mut self, url: &str) {
        self.out.push_str("](");
        self.out.push_str(url);
        self.out.push(')');
    }

    /// Text, escaped. Line breaks become spaces.
    pub(super) fn text(&mut self, text: &str) {
        let mut at = 0;
        let mut previous = None;
        // Until the line has begun (and any run of digits or emphasis opener at its
        // start has ended), every character is looked at.
        while self.line_start || self.leading_digits || self.after_opener {
            let Some(c) = text[at..].chars().next() else {
                return;
            };
            at += c.len_utf8();
            let next = text[at..].chars().next();
            if let Some(written) = self.character(c, previous, next) {
                previous = Some(written);
            }
        }
        // Then only the characters that could be syntax are; the text between them is
        // copied as it is. They are all ASCII, so bytes find them.
        let bytes = text.as_bytes();
        while let Some(found) = bytes[at..].iter().position(|&b| is_special(b)) {
            let i = at + found;
            self.out.push_str(&text[at..i]);
            // A neighbour that is not ASCII is never a letter or digit to `character`.
            let previous = i.checked_sub(1).map(|p| char::from(bytes[p]));
            let next = bytes.get(i + 1).map(|&n| char::from(n));
            self.character(char::from(bytes[i]), previous, next);
            at = i + 1;
        }
        self.out.push_str(&text[at..]);
    }

    /// Writes one character of text, escaped for where it stands: `previous` and `next`
    /// are its neighbours in the text. Returns what was written, if anything was.
    fn character(&mut self, c: char, previous: Option<char>, next: Option<char>) -> Option<char> {
        let c = if c == '\n' || c == '\r' { ' ' } else { c };
        if self.after_opener {
            if c.is_whitespace() {
                return None;
            }
            self.after_opener = false;
        }
        if self.line_start {
            if c == ' ' || c == '\t' {
                return None;
            }
            self.line_start = false;
            if !self.in_table {
                if matches!(c, '#' | '>' | '-' | '+' | '=') {
                    self.out.push('\\');
                    self.out.push(c);
                    return Some(c);
                }
                self.leading_digits = c.is_ascii_digit();
            }
        } else if self.leading_digits && !c.is_ascii_digit() {
            // `1.` or `1)` at the start of a line (even split across pieces) would
            // begin an ordered list.
            self.leading_digits = false;
            if matches!(c, '.' | ')') {
                self.out.push('\\');
                self.out.push(c);
                return Some(c);
            }
        }
        let entity = match c {
            // Only `&` before what could name a character (`&amp;`, `&#38;`) would be
            // read as a reference: `A & B` stays as written.
            '&' if next.is_none_or(|n| n == '#' || n.is_ascii_alphanumeric()) => Some("&amp;"),
            // An entity, not `\<`: a report can put the insertion point inside an HTML
            // block (`<pre>` left open), where Markdown's escapes are not read and `\<img>`
            // would be a tag.
            '<' => Some("&lt;"),
            // A table row is split at `|` before backslash escapes are read, and
            // `\\|` counts as an escaped pipe there.
            '\\' if self.in_table => Some("&#92;"),
            // Heading attributes (`{#id}`) are found before escapes are read.
            '{' if self.in_heading => Some("&#123;"),
            _ => None,
        };
        if let Some(entity) = entity {
            self.out.push_str(entity);
            return Some(c);
        }
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '~' | '|' => true,
            // Inside a word, `_` is never emphasis (only ASCII letters are sure to
            // count as a word: some other letters are symbols to the parser).
            '_' => {
                !(previous.is_some_and(|p: char| p.is_ascii_alphanumeric())
                    && next.is_some_and(|n| n.is_ascii_alphanumeric()))
            }
            '#' => self.in_heading,
            // mdBook's smart punctuation would make `--force` `–force`, `...` `…` and
            // quotes curly: text is shown as written.
            '"' | '\'' => true,
            '-' | '.' => previous == Some(c) || next == Some(c),
            _ => false,
        };
        if escape {
            self.out.push('\\');
        }
        self.out.push(c);
        Some(c)
    }

    /// A code span, or escaped text when a code span cannot hold it exactly. Code that
    /// holds `<` or `&` is a `<code>` element with entities: a code span's text is
    /// written as it is, and inside an HTML block (a `<pre>` a report left open) it would
    /// be markup.
    fn code(&mut self, code: &str) {
        if code.is_empty()
            || code.starts_with(' ')
            || code.ends_with(' ')
            || code.contains(['`', '{', '|', '\n', '\r'])
        {
            self.text(code);
        } else if code.contains(['<', '&']) {
            self.visible("<code>");
            self.text(code);
            self.out.push_str("</code>");
        } else {
            self.visible("`");
            self.out.push_str(code);
            self.out.push('`');
        }
    }

    /// Bold or italic text; the delimiters go inside the spaces around it, where they
    /// take effect.
    fn delimited(&mut self, delimiter: &str, text: &str) {
        let inner = text.trim_matches(char::is_whitespace);
        if inner.is_empty() {
            self.text(text);
            return;
        }
        let leading = text.len() - text.trim_start_matches(char::is_whitespace).len();
        self.text(&text[..leading]);
        self.visible(delimiter);
        self.text(inner);
        self.out.push_str(delimiter);
        self.text(&text[leading + inner.len()..]);
    }

    /// Closes a delimiter opened in report-written Markdown. Spaces before it are dropped
    /// (they would stop it closing), and a delimiter with nothing inside is taken back
    /// (`****` would be a rule, `~~~~` a code fence).
    fn close(&mut self, opened: Opened) {
        let kept = self.out[opened.content_start..]
            .trim_end_matches(char::is_whitespace)
            .len();
        self.out.truncate(opened.content_start + kept);
        if kept == 0 {
            self.out
                .truncate(opened.content_start - opened.delimiter.len());
            self.line_start = opened.line_start;
            self.leading_digits = opened.leading_digits;
            self.after_opener = false;
        } else {
            self.out.push_str(opened.delimiter);
        }
    }

    /// Report-written inline Markdown: emphasis, code and web links are kept; HTML,
    /// images and everything block-level become text.
    fn untrusted(&mut self, markdown: &str) {
        if let Some(pieces) = plain_inline(markdown) {
            for piece in pieces {
                match piece {
                    Piece::Text(text) => self.text(text),
                    Piece::Code(code) => self.code(code),
                }
            }
            // As at the end of the paragraph the parser would have seen.
            self.text(" ");
            return;
        }
        self.parsed(markdown);
    }

    /// [`Inlines::untrusted`], through the parser.
    fn parsed(&mut self, markdown: &str) {
        let mut opened: Vec<Opened> = Vec::new();
        let mut links: Vec<Option<String>> = Vec::new();
        for event in Parser::new_ext(markdown, crate::report::markdown::parser_options()) {
            match event {
                Event::Text(t) => self.text(&t),
                Event::Code(c) => self.code(&c),
                Event::Html(h) | Event::InlineHtml(h) => self.text(&h),
                Event::SoftBreak | Event::HardBreak => self.text(" "),
                Event::FootnoteReference(r) => self.text(&format!("[^{r}]")),
                Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
                Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                    let delimiter = match event {
                        Event::Start(Tag::Emphasis) => "*",
                        Event::Start(Tag::Strong) => "**",
                        // Struck-through text inside struck-through text is written
                        // once: `~~~~` would be a code fence.
                        _ if opened.iter().any(|o| o.delimiter == "~~") => "",
                        _ => "~~",
                    };
                    let (line_start, leading_digits) = (self.line_start, self.leading_digits);
                    self.visible(delimiter);
                    self.after_opener = true;
                    opened.push(Opened {
                        delimiter,
                        content_start: self.out.len(),
                        line_start,
                        leading_digits,
                    });
                }
                Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                    if let Some(last) = opened.pop() {
                        self.close(last);
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let url = safe_url(&dest_url);
                    if url.is_some() {
                        self.link_start();
                    }
                    links.push(url);
                }
                Event::End(TagEnd::Link) => {
                    if let Some(Some(url)) = links.pop() {
                        self.link_end(&url);
                    }
                }
                // Blocks in a one-line value are run together, a space apart.
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => self.text(" "),
                // Images show their alt text; every other structure is dropped.
                _ => {}
            }
        }
        while let Some(last) = opened.pop() {
            self.close(last);
        }
    }
}

/// Whether a byte of text may need escaping or stand for something else.
fn is_special(b: u8) -> bool {
    matches!(
        b,
        b'&' | b'\\'
            | b'`'
            | b'*'
            | b'['
            | b']'
            | b'<'
            | b'~'
            | b'|'
            | b'_'
            | b'#'
            | b'{'
            | b'!'
            | b'"'
            | b'\''
            | b'-'
            | b'.'
            | b'\n'
            | b'\r'
    )
}

/// A piece of a one-line paragraph that only has text and code spans.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Code(&'a str),
}

/// The text and code spans of `markdown`, read without the parser, when it is one line of
/// plain words, punctuation that means nothing inline, and code spans: what nearly every
/// timeline entry is. `None` for anything else, which the parser reads.
fn plain_inline(markdown: &str) -> Option<Vec<Piece<'_>>> {
    let bytes = markdown.as_bytes();
    let plain = |b: &u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'.'
                    | b','
                    | b':'
                    | b';'
                    | b'('
                    | b')'
                    | b'/'
                    | b'\''
                    | b'"'
                    | b'='
                    | b'+'
                    | b'-'
                    | b'?'
                    | b'%'
                    | b'@'
                    | b'`'
            )
    };
    // The first character must not start a block; the last must not be a space, which
    // the end of a paragraph drops.
    let starts_inline = bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'(')
        || (bytes.starts_with(b"`") && !bytes.starts_with(b"```"));
    if !starts_inline || bytes.last() == Some(&b' ') || !bytes.iter().all(plain) {
        return None;
    }
    let run_at = |at: usize| bytes[at..].iter().take_while(|b| **b == b'`').count();
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(found) = markdown[at..].find('`') {
        let open = at + found;
        let length = run_at(open);
        // A code span closes at the next run of exactly as many backticks.
        let mut search = open + length;
        let close = loop {
            let Some(next) = markdown[search..].find('`') else {
                break None;
            };
            let next = search + next;
            let run = run_at(next);
            if run == length {
                break Some(next);
            }
            search = next + run;
        };
        let Some(close) = close else {
            // An unmatched run is text.
            at = open + length;
            continue;
        };
        if text_start < open {
            pieces.push(Piece::Text(&markdown[text_start..open]));
        }
        let code = &markdown[open + length..close];
        let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
            Some(inner) if !code.bytes().all(|b| b == b' ') => inner,
            _ => code,
        };
        pieces.push(Piece::Code(code));
        at = close + length;
        text_start = at;
    }
    if text_start < markdown.len() {
        pieces.push(Piece::Text(&markdown[text_start..]));
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(markdown: &str, by_parser: bool, cell: bool) -> String {
        let mut out = String::new();
        let mut inlines = if cell {
            Inlines::cell(&mut out)
        } else {
            Inlines::block(&mut out)
        };
        if by_parser {
            inlines.parsed(markdown);
        } else {
            inlines.untrusted(markdown);
        }
        out
    }

    #[test]
    fn plain_lines_are_read_without_the_parser() {
        assert_eq!(
            plain_inline("step 1: `deploy api` (canary)"),
            Some(vec![
                Piece::Text("step 1: "),
                Piece::Code("deploy api"),
                Piece::Text(" (canary)")
            ])
        );
        assert_eq!(
            plain_inline("a ``x ` y`` b ` c"),
            Some(vec![
                Piece::Text("a "),
                Piece::Code("x ` y"),
                Piece::Text(" b ` c")
            ])
        );
        for not_plain in [
            "- item", "1. x", "a *b*", "a [b](c)", "```x", "a <b>", "a  ", "", "a_b", "a\nb",
        ] {
            assert_eq!(plain_inline(not_plain), None, "{not_plain}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// What is read without the parser is written as the parser's reading would be.
        #[test]
        fn plain_lines_are_written_as_parsed(
            markdown in proptest::prop_oneof![
                "[a(`][a-c0-9 `.,:;()/'\"=+?%@-]{0,16}[a`.)]",
                "[a`][a `]{0,12}[a`]",
            ],
            cell: bool,
        ) {
            proptest::prop_assume!(plain_inline(&markdown).is_some());
            proptest::prop_assert_eq!(written(&markdown, false, cell), written(&markdown, true, cell));
        }
    }
}
