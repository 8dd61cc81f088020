//! A plain Markdown writer for the events the tool generates, used when
//! pulldown-cmark-to-cmark cannot write a block back exactly. Every ASCII punctuation
//! mark in text is backslash-escaped, so text can never become syntax.

use pulldown_cmark::{Alignment, BlockQuoteKind, Event, Tag, TagEnd};

/// Writes the events as Markdown.
pub fn write(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    let mut quote_depth = 0usize;
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut line_start = true;
    let prefix = |depth: usize| "> ".repeat(depth);
    let mut link_stack: Vec<String> = Vec::new();
    for event in events {
        if line_start && !matches!(event, Event::End(_)) {
            out.push_str(&prefix(quote_depth));
            line_start = false;
        }
        match event {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::TableCell) => {
                if matches!(event, Event::Start(Tag::TableCell)) {
                    out.push('|');
                }
            }
            Event::End(TagEnd::Paragraph) => {
                out.push('\n');
                out.push_str(&prefix(quote_depth));
                out.push('\n');
                line_start = true;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                out.push_str(&"#".repeat(*level as usize));
                out.push(' ');
            }
            Event::End(TagEnd::Heading(_)) => {
                out.push_str("\n\n");
                line_start = true;
            }
            Event::Start(Tag::Table(align)) => alignments = align.clone(),
            Event::Start(Tag::TableHead) => {}
            Event::End(TagEnd::TableHead) => {
                out.push_str("|\n");
                out.push_str(&prefix(quote_depth));
                for a in &alignments {
                    out.push_str(match a {
                        Alignment::Right => "|--:",
                        Alignment::Center => "|:-:",
                        Alignment::Left => "|:--",
                        Alignment::None => "|---",
                    });
                }
                out.push_str("|\n");
                line_start = true;
            }
            Event::End(TagEnd::TableRow) => {
                out.push_str("|\n");
                line_start = true;
            }
            Event::End(TagEnd::Table) => {
                out.push('\n');
                line_start = true;
            }
            Event::Start(Tag::List(_))
            | Event::End(TagEnd::TableCell)
            | Event::Start(Tag::TableRow) => {}
            Event::End(TagEnd::List(_)) => {
                out.push('\n');
                line_start = true;
            }
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::End(TagEnd::Item) => {
                out.push('\n');
                line_start = true;
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                quote_depth += 1;
                out.push_str("> ");
                if let Some(kind) = kind {
                    out.push_str(&format!("[!{}]\n", alert_tag(*kind)));
                    line_start = true;
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth = quote_depth.saturating_sub(1);
                out.push('\n');
                line_start = true;
            }
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => out.push_str("**"),
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => out.push('*'),
            Event::Start(Tag::Strikethrough) | Event::End(TagEnd::Strikethrough) => {
                out.push_str("~~")
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.push('[');
                link_stack.push(dest_url.to_string());
            }
            Event::End(TagEnd::Link) => {
                let url = link_stack.pop().unwrap_or_default();
                // Entities and escapes in the target are written literally, so nothing
                // decodes into a scheme the URL check did not see.
                let url = url
                    .replace(['<', '>', '\n', '\r'], "")
                    .replace('\\', "\\\\")
                    .replace('&', "&amp;");
                out.push_str(&format!("](<{url}>)"));
            }
            Event::Text(text) => out.push_str(&escape(text)),
            Event::Code(code) => {
                // Code is written as escaped text: exact, if not monospaced.
                out.push_str(&escape(code));
            }
            Event::Html(html) => {
                out.push_str(html);
                out.push('\n');
                line_start = true;
            }
            Event::InlineHtml(html) => out.push_str(&escape(html)),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// The tag of a GitHub-style alert: `> [!WARNING]`.
pub(super) fn alert_tag(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "NOTE",
        BlockQuoteKind::Tip => "TIP",
        BlockQuoteKind::Important => "IMPORTANT",
        BlockQuoteKind::Warning => "WARNING",
        BlockQuoteKind::Caution => "CAUTION",
    }
}

/// Escapes every ASCII punctuation mark, and writes line breaks as spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::{Inline, Table, Writer, text};

    fn html(markdown: &str) -> String {
        let mut out = String::new();
        let parser =
            pulldown_cmark::Parser::new_ext(markdown, crate::report::markdown::parser_options());
        pulldown_cmark::html::push_html(&mut out, parser);
        out
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
            vec![Inline::Link {
                text: "two".into(),
                url: "https://x.example/a".into(),
                code: false,
            }],
        ]);
        let mut w = Writer::new();
        w.heading(2, "Title #1")
            .table(&table)
            .quote(Some(BlockQuoteKind::Warning), inner);
        let markdown = write(&canonical_events(&w));
        let html = html(&markdown);
        assert!(html.contains("<h2>Title #1</h2>"), "{html}");
        assert!(html.contains("<td>\\ | *x* &lt;b&gt;</td>"), "{html}");
        assert!(
            html.contains("<td style=\"text-align: right\"><strong>y</strong>z|</td>"),
            "{html}"
        );
        assert!(
            html.contains("<blockquote class=\"markdown-alert-warning\">"),
            "{html}"
        );
        assert!(
            html.contains("<li><a href=\"https://x.example/a\">two</a></li>"),
            "{html}"
        );
    }

    fn canonical_events(w: &Writer) -> Vec<Event<'static>> {
        w.events_for_test()
    }
}
