//! Markdown written by the tool: tables and paragraphs built as pulldown-cmark events and
//! written with pulldown-cmark-to-cmark, so every value is escaped for where it lands.
//! Report text is untrusted: raw HTML becomes text, only web and mail links survive, and
//! `{{` is written with an entity so mdBook never sees a `{{#include …}}` in injected text.

use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Parser, Tag, TagEnd};

mod plain;

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text, shown as written.
    Text(String),
    /// Bold text.
    Strong(String),
    /// Italic text.
    Emphasis(String),
    /// Code text (for values the tool made: versions, ids).
    Code(String),
    /// A link; dropped to its text unless the URL is http(s), mailto or relative.
    Link {
        /// The link text (plain).
        text: String,
        /// Where it goes.
        url: String,
        /// Show the text as code.
        code: bool,
    },
    /// Inline Markdown written by a report author, sanitised.
    Untrusted(String),
}

/// Plain text.
pub fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// A table: header cells, alignments and rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The header row.
    pub header: Vec<Vec<Inline>>,
    /// One alignment a column.
    pub align: Vec<Alignment>,
    /// The body rows.
    pub rows: Vec<Vec<Vec<Inline>>>,
}

impl Table {
    /// A table with these column names, all left-aligned.
    pub fn new(columns: &[&str]) -> Self {
        Table {
            header: columns.iter().map(|c| vec![text(*c)]).collect(),
            align: vec![Alignment::None; columns.len()],
            rows: Vec::new(),
        }
    }

    /// Right-aligns a column.
    pub fn right(mut self, column: usize) -> Self {
        if let Some(a) = self.align.get_mut(column) {
            *a = Alignment::Right;
        }
        self
    }

    /// Adds a row, padding or cutting it to the number of columns.
    pub fn row(&mut self, mut cells: Vec<Vec<Inline>>) {
        cells.resize(self.header.len(), Vec::new());
        self.rows.push(cells);
    }
}

/// Writes blocks as Markdown.
#[derive(Debug, Default)]
pub struct Writer {
    /// Blocks not written yet.
    events: Vec<Event<'static>>,
    /// Blocks already written (long tables are written a chunk at a time).
    written: String,
}

/// Tables longer than this are written a chunk of rows at a time, so memory stays flat
/// however many reports a handbook has. GFM table rows are independent lines, so the
/// chunks join into one table.
const TABLE_CHUNK: usize = 256;

impl Writer {
    /// An empty document.
    pub fn new() -> Self {
        Writer::default()
    }

    /// A paragraph.
    pub fn paragraph(&mut self, inlines: &[Inline]) -> &mut Self {
        self.events.push(Event::Start(Tag::Paragraph));
        push_inlines(&mut self.events, inlines);
        self.events.push(Event::End(TagEnd::Paragraph));
        self
    }

    /// A heading.
    pub fn heading(&mut self, level: u8, title: &str) -> &mut Self {
        let level = match level {
            1 => pulldown_cmark::HeadingLevel::H1,
            2 => pulldown_cmark::HeadingLevel::H2,
            3 => pulldown_cmark::HeadingLevel::H3,
            _ => pulldown_cmark::HeadingLevel::H4,
        };
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        push_text(&mut self.events, title);
        self.events.push(Event::End(TagEnd::Heading(level)));
        self
    }

    /// A table.
    pub fn table(&mut self, table: &Table) -> &mut Self {
        if table.rows.len() > TABLE_CHUNK {
            return self.long_table(table);
        }
        self.events
            .push(Event::Start(Tag::Table(table.align.clone())));
        self.events.push(Event::Start(Tag::TableHead));
        for cell in &table.header {
            self.cell(cell);
        }
        self.events.push(Event::End(TagEnd::TableHead));
        for row in &table.rows {
            self.events.push(Event::Start(Tag::TableRow));
            for cell in row {
                self.cell(cell);
            }
            self.events.push(Event::End(TagEnd::TableRow));
        }
        self.events.push(Event::End(TagEnd::Table));
        self
    }

    fn long_table(&mut self, table: &Table) -> &mut Self {
        self.flush();
        let mut out = String::new();
        for (i, chunk) in table.rows.chunks(TABLE_CHUNK).enumerate() {
            let mut part = Writer::new();
            part.table(&Table {
                header: table.header.clone(),
                align: table.align.clone(),
                rows: chunk.to_vec(),
            });
            let text = part.finish_raw();
            // Every chunk after the first drops its header and delimiter rows.
            let rows = if i == 0 {
                &text[..]
            } else {
                text.splitn(3, '\n').nth(2).unwrap_or("")
            };
            out.push_str(rows.trim_end());
            out.push('\n');
        }
        self.append(&out);
        self
    }

    /// Writes the pending events and appends them to what is written.
    fn flush(&mut self) {
        if self.events.is_empty() {
            return;
        }
        let events = std::mem::take(&mut self.events);
        let text = render(&events);
        self.append(&text);
    }

    fn append(&mut self, markdown: &str) {
        let markdown = markdown.trim_end();
        if markdown.is_empty() {
            return;
        }
        if !self.written.is_empty() {
            self.written.push_str("\n\n");
        }
        self.written.push_str(markdown);
    }

    fn cell(&mut self, inlines: &[Inline]) {
        self.events.push(Event::Start(Tag::TableCell));
        push_inlines(&mut self.events, inlines);
        self.events.push(Event::End(TagEnd::TableCell));
    }

    /// A bulleted list of paragraphs-less items.
    pub fn list(&mut self, items: &[Vec<Inline>]) -> &mut Self {
        self.events.push(Event::Start(Tag::List(None)));
        for item in items {
            self.events.push(Event::Start(Tag::Item));
            push_inlines(&mut self.events, item);
            self.events.push(Event::End(TagEnd::Item));
        }
        self.events.push(Event::End(TagEnd::List(false)));
        self
    }

    /// A block quote holding these blocks; `kind` adds a GitHub-style `[!WARNING]` tag.
    pub fn quote(
        &mut self,
        kind: Option<pulldown_cmark::BlockQuoteKind>,
        inner: Writer,
    ) -> &mut Self {
        if inner.written.is_empty() {
            self.events.push(Event::Start(Tag::BlockQuote(kind)));
            self.events.extend(inner.events);
            self.events.push(Event::End(TagEnd::BlockQuote(kind)));
        } else {
            // Already written blocks are quoted line by line.
            let text = inner.finish_raw();
            let mut quoted = String::new();
            if let Some(kind) = kind {
                quoted.push_str(&format!("> [!{}]\n", plain::alert_tag(kind)));
            }
            for line in text.lines() {
                quoted.push_str(if line.is_empty() { ">" } else { "> " });
                quoted.push_str(line);
                quoted.push('\n');
            }
            self.flush();
            self.append(&quoted);
        }
        self
    }

    /// Raw HTML that the tool generated itself (never report text).
    pub fn trusted_html(&mut self, html: String) -> &mut Self {
        self.events.push(Event::Start(Tag::HtmlBlock));
        self.events.push(Event::Html(CowStr::from(html)));
        self.events.push(Event::End(TagEnd::HtmlBlock));
        self
    }

    #[cfg(test)]
    pub(crate) fn events_for_test(&self) -> Vec<Event<'static>> {
        canonical(&self.events)
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.written.is_empty()
    }

    /// The Markdown.
    pub fn finish(&self) -> String {
        // `{{` never reaches mdBook, which would read `{{#include …}}` as a directive.
        self.finish_raw().replace("{{", "{&#123;")
    }

    fn finish_raw(&self) -> String {
        let mut written = Writer {
            events: Vec::new(),
            written: self.written.clone(),
        };
        written.append(&render(&self.events));
        written.written
    }
}

/// Writes events as Markdown with pulldown-cmark-to-cmark, or with the plain writer when
/// it refuses.
fn render(events: &[Event<'static>]) -> String {
    let events = canonical(events);
    let mut out = String::new();
    match pulldown_cmark_to_cmark::cmark(
        events.iter(),
        &mut out,
        crate::report::markdown::parser_options(),
    ) {
        Ok(_) => out,
        // pulldown-cmark-to-cmark refuses what it cannot write back exactly (rare
        // corner cases of escaping); the plain writer escapes every punctuation mark.
        Err(_) => plain::write(&events),
    }
}

/// The events as the parser itself would produce them, which pulldown-cmark-to-cmark
/// checks its output against: no empty or adjacent text, no spaces at the edges of a
/// paragraph, cell, item or heading.
fn canonical(events: &[Event<'static>]) -> Vec<Event<'static>> {
    let mut out: Vec<Event<'static>> = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Text(t) => {
                if let Some(Event::Text(previous)) = out.last_mut() {
                    *previous = CowStr::from(format!("{previous}{t}"));
                } else {
                    out.push(event.clone());
                }
            }
            _ => out.push(event.clone()),
        }
    }
    let opens = |e: &Event<'_>| {
        matches!(
            e,
            Event::Start(Tag::Paragraph | Tag::TableCell | Tag::Item | Tag::Heading { .. })
        )
    };
    let closes = |e: &Event<'_>| {
        matches!(
            e,
            Event::End(TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item | TagEnd::Heading(_))
        )
    };
    for i in 0..out.len() {
        let after_open = i > 0 && opens(&out[i - 1]);
        let before_close = out.get(i + 1).is_some_and(closes);
        if let Event::Text(t) = &out[i] {
            let mut text: &str = t;
            if after_open {
                text = text.trim_start();
            }
            if before_close {
                text = text.trim_end();
            }
            if text.len() != t.len() {
                out[i] = Event::Text(CowStr::from(text.to_string()));
            }
        }
    }
    out.retain(|e| !matches!(e, Event::Text(t) if t.is_empty()));
    out
}

fn push_inlines(events: &mut Vec<Event<'static>>, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(s) => push_text(events, s),
            Inline::Strong(s) => {
                events.push(Event::Start(Tag::Strong));
                push_text(events, s);
                events.push(Event::End(TagEnd::Strong));
            }
            Inline::Emphasis(s) => {
                events.push(Event::Start(Tag::Emphasis));
                push_text(events, s);
                events.push(Event::End(TagEnd::Emphasis));
            }
            Inline::Code(s) => push_code(events, s),
            Inline::Link { text, url, code } => {
                if let Some(url) = safe_url(url) {
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(url),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                    if *code {
                        push_code(events, text)
                    } else {
                        push_text(events, text)
                    }
                    events.push(Event::End(TagEnd::Link));
                } else if *code {
                    push_code(events, text);
                } else {
                    push_text(events, text);
                }
            }
            Inline::Untrusted(markdown) => push_untrusted(events, markdown),
        }
    }
}

/// Text on one line.
fn push_text(events: &mut Vec<Event<'static>>, text: &str) {
    events.push(Event::Text(CowStr::from(text.replace(['\r', '\n'], " "))));
}

fn push_code(events: &mut Vec<Event<'static>>, code: &str) {
    if code.contains('{') || code.contains(['\r', '\n']) {
        push_text(events, code);
    } else {
        events.push(Event::Code(CowStr::from(code.to_string())));
    }
}

/// Converts report-written inline Markdown to safe events: emphasis, code and web links
/// are kept; HTML, images and everything block-level become text.
fn push_untrusted(events: &mut Vec<Event<'static>>, markdown: &str) {
    let mut open_links: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    for event in Parser::new_ext(markdown, crate::report::markdown::parser_options()) {
        match event {
            Event::Text(t) => push_text(events, &t),
            Event::Code(c) => push_code(events, &c),
            Event::Html(h) | Event::InlineHtml(h) => push_text(events, &h),
            Event::SoftBreak | Event::HardBreak => push_text(events, " "),
            Event::FootnoteReference(r) => push_text(events, &format!("[^{r}]")),
            Event::TaskListMarker(done) => push_text(events, if done { "[x] " } else { "[ ] " }),
            Event::Start(Tag::Emphasis)
            | Event::Start(Tag::Strong)
            | Event::Start(Tag::Strikethrough) => {
                depth += 1;
                if let Event::Start(tag) = event {
                    events.push(Event::Start(tag.into_static()));
                }
            }
            Event::End(TagEnd::Emphasis)
            | Event::End(TagEnd::Strong)
            | Event::End(TagEnd::Strikethrough)
                if depth > 0 =>
            {
                depth -= 1;
                events.push(event.into_static());
            }
            Event::Start(Tag::Link { dest_url, .. }) => match safe_url(&dest_url) {
                Some(url) => {
                    open_links.push(true);
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(url),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                }
                None => open_links.push(false),
            },
            Event::End(TagEnd::Link) if open_links.pop() == Some(true) => {
                events.push(Event::End(TagEnd::Link));
            }
            // Images show their alt text; every other structure is dropped.
            _ => {}
        }
    }
    while depth > 0 {
        depth -= 1;
        events.push(Event::End(TagEnd::Emphasis));
    }
}

/// The URL if it is safe to link: http(s), mailto, or relative without a scheme.
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.contains(['\n', '\r', '<', '>', '"', '`', ' ', '{']) {
        return None;
    }
    let scheme_end = url.find(':');
    let first_separator = url.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, first_separator) {
        (Some(colon), Some(sep)) => colon < sep,
        (Some(_), None) => true,
        _ => false,
    };
    if has_scheme {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("mailto:"))
        {
            return None;
        }
    } else if url.contains(['&', '\\']) {
        // A relative link has no need of entities or escapes, which could spell a scheme
        // that this check does not see.
        return None;
    }
    Some(url.replace('(', "%28").replace(')', "%29"))
}

/// Escapes text for HTML and SVG: `&`, `<`, `>`, `"` and `'`, and `{` for mdBook.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '{' => out.push_str("&#123;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(
            &mut out,
            Parser::new_ext(markdown, crate::report::markdown::parser_options()),
        );
        out
    }

    fn cell(inlines: Vec<Inline>) -> String {
        let mut table = Table::new(&["A"]);
        table.row(vec![inlines]);
        let mut w = Writer::new();
        w.table(&table);
        w.finish()
    }

    #[test]
    fn table_cells_escape_markdown_and_html() {
        let out = cell(vec![text(
            "a | b <script>alert(1)</script> *x* `y` [z](javascript:1)",
        )]);
        assert!(out.contains("a \\| b \\<script>"), "{out}");
        let html = html(&out);
        assert!(
            html.contains("<td>a | b &lt;script&gt;alert(1)&lt;/script&gt; *x*"),
            "{html}"
        );
        assert!(!html.contains("<a"), "{html}");
        assert!(out.contains("\\*x\\*"), "{out}");
        assert!(out.contains("\\`y\\`"), "{out}");
        assert!(out.contains("\\[z\\]"), "{out}");
    }

    #[test]
    fn braces_never_form_mdbook_directives() {
        let out = cell(vec![text("{{#include /etc/passwd}}")]);
        assert!(!out.contains("{{"), "{out}");
        assert!(out.contains("{&#123;#include"), "{out}");
        let out = cell(vec![Inline::Untrusted("`{{#include x}}`".into())]);
        assert!(!out.contains("{{"), "{out}");
    }

    #[test]
    fn untrusted_markdown_keeps_formatting_and_drops_danger() {
        let out = cell(vec![Inline::Untrusted(
            "**DB** failover [runbook](https://x.example/r) [bad](javascript:alert(1)) <img src=x onerror=1> ![i](http://t/p.png)".into(),
        )]);
        assert!(out.contains("**DB**"), "{out}");
        assert!(out.contains("[runbook](https://x.example/r)"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("\\<img"), "{out}");
        assert!(!out.contains("p.png"), "{out}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn any_text_makes_a_table(a in ".{0,40}", b in "[ -~]{0,40}", c in "[ \\t*_`<>|\\[\\](){}!#&;:a-z0-9]{0,30}") {
            let mut table = Table::new(&["A", "B", "C"]);
            table.row(vec![vec![text(a.clone())], vec![Inline::Untrusted(b.clone())], vec![text(c.clone()), Inline::Untrusted(c.clone())]]);
            let mut w = Writer::new();
            w.table(&table);
            let out = w.finish();
            let html = html(&out);
            proptest::prop_assert_eq!(html.matches("</td>").count() + html.matches("</th>").count(), 6, "{}", html);
            proptest::prop_assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("javascript:"), "{}", html);
        }
    }

    #[test]
    fn long_tables_are_written_in_chunks_that_join_into_one() {
        let mut table = Table::new(&["N", "Text"]).right(0);
        for i in 0..(TABLE_CHUNK * 2 + 7) {
            table.row(vec![
                vec![text(i.to_string())],
                vec![text(format!("row | {i} *x*"))],
            ]);
        }
        let mut w = Writer::new();
        w.paragraph(&[text("before")])
            .table(&table)
            .paragraph(&[text("after")]);
        let html = html(&w.finish());
        assert_eq!(html.matches("<table>").count(), 1, "{html}");
        assert_eq!(html.matches("<tr>").count(), TABLE_CHUNK * 2 + 8);
        assert!(
            html.contains(r#"right">500</td><td>row | 500 *x*</td>"#),
            "row 500 is in the one table"
        );
        assert!(html.starts_with("<p>before</p>") && html.trim_end().ends_with("<p>after</p>"));
    }

    #[test]
    fn a_quote_around_a_long_table_quotes_every_line() {
        let mut table = Table::new(&["N"]);
        for i in 0..=TABLE_CHUNK {
            table.row(vec![vec![text(i.to_string())]]);
        }
        let mut inner = Writer::new();
        inner.paragraph(&[text("intro")]).table(&table);
        let mut w = Writer::new();
        w.quote(Some(pulldown_cmark::BlockQuoteKind::Warning), inner);
        let markdown = w.finish();
        assert!(
            markdown.starts_with("> [!WARNING]\n> intro\n>\n> |N|"),
            "{markdown}"
        );
        let html = html(&markdown);
        assert_eq!(html.matches("<blockquote").count(), 1);
        assert_eq!(html.matches("<tr>").count(), TABLE_CHUNK + 2);
    }

    #[test]
    fn urls_are_checked() {
        assert_eq!(
            safe_url("https://github.com/o/r/commit/abc").as_deref(),
            Some("https://github.com/o/r/commit/abc")
        );
        assert_eq!(
            safe_url("../incidents/x.md").as_deref(),
            Some("../incidents/x.md")
        );
        assert!(safe_url("JavaScript:alert(1)").is_none());
        assert!(safe_url("data:text/html,x").is_none());
        assert!(safe_url("a b").is_none());
        assert!(safe_url("javascript&#58;alert(1)").is_none());
        assert!(safe_url("javascript\\:alert(1)").is_none());
        assert_eq!(
            safe_url("https://x.example/?a=1&b=2").as_deref(),
            Some("https://x.example/?a=1&b=2")
        );
    }

    #[test]
    fn html_escaping() {
        assert_eq!(
            escape_html("<a href=\"x\">&'{"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&#123;"
        );
    }
}
