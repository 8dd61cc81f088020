//! Markdown written by the tool: tables, paragraphs, lists and quotes, written straight
//! into a string with every value escaped for where it lands. Report text is untrusted:
//! raw HTML becomes text, only web and mail links survive, and `{{` is written with an
//! entity so mdBook never sees a `{{#include …}}` in injected text.

mod inline;

use inline::Inlines;
use pulldown_cmark::{Alignment, BlockQuoteKind};
use std::borrow::Cow;

/// A piece of inline content. Its text is borrowed where it can be (from the analysis or
/// the tool's own strings), so that a table cell need not copy a value it only shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline<'a> {
    /// Plain text, shown as written.
    Text(Cow<'a, str>),
    /// Bold text.
    Strong(Cow<'a, str>),
    /// Italic text.
    Emphasis(Cow<'a, str>),
    /// Code text (for values the tool made: versions, ids).
    Code(Cow<'a, str>),
    /// A link; dropped to its text unless the URL is http(s), mailto or relative.
    Link {
        /// The link text (plain).
        text: Cow<'a, str>,
        /// Where it goes.
        url: Cow<'a, str>,
        /// Show the text as code.
        code: bool,
    },
    /// Inline Markdown written by a report author, sanitised.
    Untrusted(Cow<'a, str>),
}

/// Plain text.
pub fn text<'a>(s: impl Into<Cow<'a, str>>) -> Inline<'a> {
    Inline::Text(s.into())
}

/// The versions a rollback went between, as the card and the index show them:
/// `` `2.5.0` → `2.4.0` ``, `?` for one not known, `—` for neither.
pub fn version_pair<'a>(from: Option<String>, to: Option<String>) -> Vec<Inline<'a>> {
    let version = |v: Option<String>| v.map_or_else(|| text("?"), |v| Inline::Code(v.into()));
    match (from, to) {
        (None, None) => vec![text("—")],
        (from, to) => vec![version(from), text(" → "), version(to)],
    }
}

/// The tool's own message, whose `` `quoted` `` parts (names, commands, values) are shown
/// as code: `` `service` must be a single value `` becomes a code span and text. Both
/// escape what they hold, so a value that carries a backtick only changes the look.
pub fn message(s: &str) -> Vec<Inline<'_>> {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return vec![text(s)]; // an odd number of backticks: no pairs to trust
    }
    parts
        .into_iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| {
            if i % 2 == 1 {
                Inline::Code(part.into())
            } else {
                text(part)
            }
        })
        .collect()
}

/// A table: header cells, alignments and rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Table<'a> {
    /// The header row.
    pub header: Vec<Vec<Inline<'a>>>,
    /// One alignment a column.
    pub align: Vec<Alignment>,
    /// The body rows.
    pub rows: Vec<Vec<Vec<Inline<'a>>>>,
}

impl<'a> Table<'a> {
    /// A table with these column names, all left-aligned.
    pub fn new(columns: &[&'a str]) -> Self {
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
    pub fn row(&mut self, mut cells: Vec<Vec<Inline<'a>>>) {
        cells.resize(self.header.len(), Vec::new());
        self.rows.push(cells);
    }
}

/// Writes blocks as Markdown, separated by blank lines.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    /// An empty document.
    pub fn new() -> Self {
        Writer::default()
    }

    /// Writes one block; a block that comes out empty leaves no trace.
    fn block(&mut self, write: impl FnOnce(&mut String)) -> &mut Self {
        let before = self.out.len();
        if before > 0 {
            self.out.push_str("\n\n");
        }
        let start = self.out.len();
        write(&mut self.out);
        trim_end_spaces(&mut self.out, start);
        if self.out.len() == start {
            self.out.truncate(before);
        }
        self
    }

    /// A paragraph.
    pub fn paragraph(&mut self, inlines: &[Inline<'_>]) -> &mut Self {
        self.block(|out| Inlines::block(out).all(inlines))
    }

    /// A heading (levels past 6 are written as 6).
    pub fn heading(&mut self, level: u8, title: &str) -> &mut Self {
        self.block(|out| {
            out.push_str(&"#".repeat(usize::from(level.clamp(1, 6))));
            out.push(' ');
            Inlines::heading(out).text(title);
        })
    }

    /// A table. Each delimiter cell is as wide as its header, so the source lines up.
    pub fn table(&mut self, table: &Table<'_>) -> &mut Self {
        self.table_of(table, &table.rows)
    }

    /// A table with the header and alignment of `head` and these rows, written one at a
    /// time, so that a long table (the index) is never held whole.
    pub fn table_of<'a, R: AsRef<[Vec<Inline<'a>>]>>(
        &mut self,
        head: &Table<'_>,
        rows: impl IntoIterator<Item = R>,
    ) -> &mut Self {
        self.block(|out| {
            let mut widths = Vec::with_capacity(head.header.len());
            for cell in &head.header {
                let start = write_cell(out, cell);
                widths.push(out[start..].chars().count().max(3));
            }
            out.push_str("|\n");
            for (width, align) in widths.iter().zip(&head.align) {
                out.push('|');
                let (left, right) = match align {
                    Alignment::None => ("", ""),
                    Alignment::Left => (":", ""),
                    Alignment::Right => ("", ":"),
                    Alignment::Center => (":", ":"),
                };
                out.push_str(left);
                out.push_str(&"-".repeat(width - left.len() - right.len()));
                out.push_str(right);
            }
            out.push('|');
            for row in rows {
                out.push('\n');
                for cell in row.as_ref() {
                    write_cell(out, cell);
                }
                out.push('|');
            }
        })
    }

    /// A bulleted list, one line an item.
    pub fn list(&mut self, items: &[Vec<Inline<'_>>]) -> &mut Self {
        self.block(|out| {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str("- ");
                let start = out.len();
                Inlines::block(out).all(item);
                trim_end_spaces(out, start);
            }
        })
    }

    /// A block quote holding these blocks; `kind` adds a GitHub-style `[!WARNING]` tag.
    pub fn quote(&mut self, kind: Option<BlockQuoteKind>, inner: Writer) -> &mut Self {
        self.block(|out| {
            if inner.out.is_empty() {
                return;
            }
            if let Some(kind) = kind {
                out.push_str("> [!");
                out.push_str(alert_tag(kind));
                out.push_str("]\n");
            }
            for (i, line) in inner.out.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(if line.is_empty() { ">" } else { "> " });
                out.push_str(line);
            }
        })
    }

    /// Raw HTML that the tool generated itself (never report text), with no blank line
    /// in it, so it stays one HTML block.
    pub fn trusted_html(&mut self, html: String) -> &mut Self {
        self.block(|out| out.push_str(html.trim()))
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The Markdown.
    pub fn finish(self) -> String {
        // `{{` never reaches mdBook, which would read `{{#include …}}` as a directive.
        if self.out.contains("{{") {
            self.out.replace("{{", "{&#123;")
        } else {
            self.out
        }
    }
}

/// Writes `|` and one cell; returns where the cell's text starts.
fn write_cell(out: &mut String, cell: &[Inline<'_>]) -> usize {
    out.push('|');
    let start = out.len();
    Inlines::cell(out).all(cell);
    trim_end_spaces(out, start);
    start
}

/// Drops spaces and tabs at the end of `out`, but not before `start`.
fn trim_end_spaces(out: &mut String, start: usize) {
    let kept = out[start..].trim_end_matches([' ', '\t']).len();
    out.truncate(start + kept);
}

/// The tag of a GitHub-style alert: `> [!WARNING]`.
fn alert_tag(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "NOTE",
        BlockQuoteKind::Tip => "TIP",
        BlockQuoteKind::Important => "IMPORTANT",
        BlockQuoteKind::Warning => "WARNING",
        BlockQuoteKind::Caution => "CAUTION",
    }
}

/// The URL if it is safe to link: http(s), mailto, or relative without a scheme. `(`,
/// `)`, `|` and `\` are percent-encoded, so the URL can end neither a link nor a table
/// cell.
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty()
        || url.contains(['<', '>', '"', '`', ' ', '{'])
        || url.contains(|c: char| c.is_ascii_control())
    {
        // A link address may hold no space or control character: with one, the link
        // would not be a link, and its address would be read as Markdown.
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
    Some(replace_chars(url, |c| match c {
        '(' => Some("%28"),
        ')' => Some("%29"),
        '|' => Some("%7C"),
        '\\' => Some("%5C"),
        _ => None,
    }))
}

/// Escapes text for HTML and SVG: `&`, `<`, `>`, `"` and `'`, and `{` for mdBook.
pub fn escape_html(text: &str) -> String {
    replace_chars(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        '{' => Some("&#123;"),
        _ => None,
    })
}

/// `text` with the characters that `replacement` names written as it says.
fn replace_chars(text: &str, replacement: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match replacement(c) {
            Some(with) => out.push_str(with),
            None => out.push(c),
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
            // As mdBook renders: with smart punctuation, which must leave text as written.
            pulldown_cmark::Parser::new_ext(
                markdown,
                crate::report::markdown::parser_options()
                    | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION,
            ),
        );
        out
    }

    fn cell(inlines: Vec<Inline<'_>>) -> String {
        let mut table = Table::new(&["A"]);
        table.row(vec![inlines]);
        let mut w = Writer::new();
        w.table(&table);
        w.finish()
    }

    #[test]
    fn messages_show_their_quoted_parts_as_code() {
        let mut w = Writer::new();
        w.paragraph(&message("`service` must be one value, not `a, b`"));
        w.paragraph(&message("an odd ` backtick stays text, `<b>` escaped"));
        w.paragraph(&message("`<b>|x` escaped in code too"));
        assert_eq!(
            w.finish(),
            "`service` must be one value, not `a, b`\n\nan odd \\` backtick stays text, \\`&lt;b>\\` escaped\n\n&lt;b>\\|x escaped in code too"
        );
    }

    #[test]
    fn table_cells_escape_markdown_and_html() {
        let out = cell(vec![text(
            "a | b <script>alert(1)</script> *x* `y` [z](javascript:1)",
        )]);
        assert!(out.contains("a \\| b &lt;script>"), "{out}");
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
        assert!(out.contains("&lt;img"), "{out}");
        assert!(!out.contains("p.png"), "{out}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn any_text_makes_a_table(a in ".{0,40}", b in "[ -~]{0,40}", c in "[ \\t*_`<>|\\[\\](){}!#&;:a-z0-9]{0,30}") {
            let mut table = Table::new(&["A", "B", "C"]);
            table.row(vec![vec![text(a.clone())], vec![Inline::Untrusted(b.as_str().into())], vec![text(c.clone()), Inline::Untrusted(c.as_str().into())]]);
            let mut w = Writer::new();
            w.table(&table);
            let out = w.finish();
            let html = html(&out);
            proptest::prop_assert_eq!(html.matches("</td>").count() + html.matches("</th>").count(), 6, "{}", html);
            proptest::prop_assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("javascript:"), "{}", html);
        }
    }

    #[test]
    fn a_long_table_is_one_table_and_quotes_line_by_line() {
        let mut table = Table::new(&["N", "Text"]).right(0);
        for i in 0..600 {
            table.row(vec![
                vec![text(i.to_string())],
                vec![text(format!("row | {i} *x*"))],
            ]);
        }
        let mut w = Writer::new();
        w.paragraph(&[text("before")])
            .table(&table)
            .paragraph(&[text("after")]);
        let inner = Writer { out: w.out.clone() };
        let html = html(&w.finish());
        assert_eq!(html.matches("<table>").count(), 1, "{html}");
        assert_eq!(html.matches("<tr>").count(), 601);
        assert!(
            html.contains(r#"right">500</td><td>row | 500 *x*</td>"#),
            "row 500 is in the one table"
        );
        assert!(html.starts_with("<p>before</p>") && html.trim_end().ends_with("<p>after</p>"));

        let mut quoted = Writer::new();
        quoted.quote(Some(BlockQuoteKind::Warning), inner);
        let markdown = quoted.finish();
        assert!(
            markdown.starts_with("> [!WARNING]\n> before\n>\n> |N|"),
            "{markdown}"
        );
        let html = super::tests::html(&markdown);
        assert_eq!(html.matches("<blockquote").count(), 1);
        assert_eq!(html.matches("<tr>").count(), 601);
    }

    #[test]
    fn tables_quotes_and_lists_render_as_written() {
        let mut table = Table::new(&["A", "B"]).right(1);
        table.row(vec![
            vec![text("\\ | *x* <b>")],
            vec![Inline::Strong("y".into()), Inline::Code("z|".into())],
        ]);
        let mut inner = Writer::new();
        inner.paragraph(&[Inline::Strong("Note.".into()), text(" a_b")]);
        inner.list(&[
            vec![text("one")],
            vec![
                text("see!"),
                Inline::Link {
                    text: "two".into(),
                    url: "https://x.example/a|b".into(),
                    code: false,
                },
            ],
        ]);
        let mut w = Writer::new();
        w.heading(2, "Title #1 {#id}")
            .table(&table)
            .quote(Some(BlockQuoteKind::Warning), inner);
        let html = html(&w.finish());
        assert!(html.contains("<h2>Title #1 {#id}</h2>"), "{html}");
        assert!(html.contains("<td>\\ | *x* &lt;b&gt;</td>"), "{html}");
        assert!(
            html.contains("<td style=\"text-align: right\"><strong>y</strong>z|</td>"),
            "{html}"
        );
        assert!(
            html.contains("<blockquote class=\"markdown-alert-warning\">"),
            "{html}"
        );
        assert!(html.contains("<p><strong>Note.</strong> a_b</p>"), "{html}");
        assert!(
            html.contains("<li>see!<a href=\"https://x.example/a%7Cb\">two</a></li>"),
            "{html}"
        );
    }

    /// The text of the only element of `html`, with HTML's own escapes undone.
    fn element_text(html: &str) -> String {
        let open = html.find('>').map_or(0, |i| i + 1);
        let close = html.rfind("</").unwrap_or(html.len());
        html[open.min(close)..close]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Whatever the text, a paragraph, a list item, a heading and a table cell show it
        /// exactly as written (edges trimmed, line breaks as spaces), with no markup.
        #[test]
        fn text_is_shown_as_written(s in "[ -~\n]{0,30}|([-+=#>*_`|!\\[\\]()<&0-9. {}]{1,12})") {
            let expected = s.replace('\n', " ").trim_matches(' ').to_string();
            proptest::prop_assume!(!expected.is_empty() && !expected.contains("{{"));
            let mut w = Writer::new();
            w.paragraph(&[text(s.clone())]);
            let para = html(&w.finish());
            proptest::prop_assert!(para.starts_with("<p>") && para.matches('<').count() == 2, "{}", para);
            proptest::prop_assert_eq!(element_text(para.trim_end()), expected.clone());

            // After other text on the line, as the second piece of a paragraph.
            let mut w = Writer::new();
            w.paragraph(&[text("x"), text(s.clone())]);
            let after = html(&w.finish());
            let expected_after = format!("x{}", s.replace('\n', " ")).trim_end().to_string();
            proptest::prop_assert!(after.matches('<').count() == 2, "{}", after);
            proptest::prop_assert_eq!(element_text(after.trim_end()), expected_after);

            let mut w = Writer::new();
            w.list(&[vec![text(s.clone())]]);
            let list = html(&w.finish());
            let item = list.trim_end().trim_start_matches("<ul>\n").trim_end_matches("</ul>").trim_end();
            proptest::prop_assert_eq!(element_text(item), expected.clone(), "{}", list);

            let mut w = Writer::new();
            w.heading(2, &s);
            let heading = html(&w.finish());
            proptest::prop_assert!(heading.starts_with("<h2>"), "{}", heading);
            proptest::prop_assert_eq!(element_text(heading.trim_end()), expected.clone());

            let cell = cell(vec![text(s.clone())]);
            let html = html(&cell);
            let td = html.split("<td>").nth(1).and_then(|t| t.split("</td>").next()).unwrap_or("");
            proptest::prop_assert_eq!(element_text(&format!("<td>{td}</td>")), expected, "{}", html);
        }
    }

    #[test]
    fn untrusted_markdown_never_makes_blocks_or_live_links() {
        for (markdown, forbidden) in [
            ("*[](javascript:x) foo*", "javascript"),
            ("**[](javascript:x)**", "<hr"),
            ("***![](x)***", "<hr"),
            ("~~![](x)~a~![](x)~~", "<pre"),
            ("1\\. foo", "<ol"),
            ("1&#46; foo", "<ol"),
            ("1*[](javascript:x)*. foo", "<ol"),
            ("[x](https://a&#9;[y])", "javascript"),
        ] {
            for block in ["paragraph", "item"] {
                let mut w = Writer::new();
                let inline = [Inline::Untrusted(markdown.into())];
                if block == "paragraph" {
                    w.paragraph(&inline);
                } else {
                    w.list(&[inline.to_vec()]);
                }
                // A reference definition elsewhere in the chapter must not complete a
                // broken link.
                let page = format!("{}\n\n[y]: javascript:alert(1)\n", w.finish());
                let html = html(&page);
                assert!(!html.contains(forbidden), "{markdown} in a {block}: {html}");
                assert_eq!(html.matches("<li>").count(), usize::from(block == "item"));
            }
        }
        let mut w = Writer::new();
        w.paragraph(&[text("1"), text(". two")]);
        assert!(!html(&w.finish()).contains("<ol"));
    }

    #[test]
    fn emphasis_and_underscores_hold_with_any_letters_and_spaces() {
        let mut w = Writer::new();
        w.paragraph(&[text("ⓐ_ⓐ x ⓐ_ⓐ snake_case")]);
        let page = html(&w.finish());
        assert!(
            page.contains("ⓐ_ⓐ x ⓐ_ⓐ snake_case") && !page.contains("<em>"),
            "{page}"
        );
        let mut w = Writer::new();
        w.paragraph(&[Inline::Emphasis("by Ann\u{a0}".into())]);
        assert!(html(&w.finish()).contains("<em>by Ann</em>"));
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
        assert!(safe_url("https://a\tb").is_none());
        assert!(safe_url("https://a\u{1}b").is_none());
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
