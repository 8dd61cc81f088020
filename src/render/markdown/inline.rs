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
    pub(super) fn all(mut self, inlines: &[Inline]) {
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
        // Most values (times, versions, names) hold nothing to escape.
        let special = |b: u8| {
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
                    | b'\n'
                    | b'\r'
            )
        };
        if !self.line_start
            && !self.leading_digits
            && !self.after_opener
            && !text.bytes().any(special)
        {
            self.out.push_str(text);
            return;
        }
        let mut previous = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let c = if c == '\n' || c == '\r' { ' ' } else { c };
            let next = chars.peek().copied();
            if self.after_opener {
                if c.is_whitespace() {
                    continue;
                }
                self.after_opener = false;
            }
            if self.line_start {
                if c == ' ' || c == '\t' {
                    continue;
                }
                self.line_start = false;
                if !self.in_table {
                    if matches!(c, '#' | '>' | '-' | '+' | '=') {
                        self.out.push('\\');
                        self.out.push(c);
                        previous = Some(c);
                        continue;
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
                    previous = Some(c);
                    continue;
                }
            }
            let entity = match c {
                '&' => Some("&amp;"),
                // A table row is split at `|` before backslash escapes are read, and
                // `\\|` counts as an escaped pipe there.
                '\\' if self.in_table => Some("&#92;"),
                // Heading attributes (`{#id}`) are found before escapes are read.
                '{' if self.in_heading => Some("&#123;"),
                _ => None,
            };
            if let Some(entity) = entity {
                self.out.push_str(entity);
                previous = Some(c);
                continue;
            }
            let escape = match c {
                '\\' | '`' | '*' | '[' | ']' | '<' | '~' | '|' => true,
                // Inside a word, `_` is never emphasis (only ASCII letters are sure to
                // count as a word: some other letters are symbols to the parser).
                '_' => {
                    !(previous.is_some_and(|p: char| p.is_ascii_alphanumeric())
                        && next.is_some_and(|n| n.is_ascii_alphanumeric()))
                }
                '#' => self.in_heading,
                _ => false,
            };
            if escape {
                self.out.push('\\');
            }
            self.out.push(c);
            previous = Some(c);
        }
    }

    /// A code span, or escaped text when a code span cannot hold it exactly.
    fn code(&mut self, code: &str) {
        if code.is_empty()
            || code.starts_with(' ')
            || code.ends_with(' ')
            || code.contains(['`', '{', '|', '\n', '\r'])
        {
            self.text(code);
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
