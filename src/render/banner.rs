//! Banners at the top of a report: incomplete (under `on-incomplete = "warn"`) and draft.

use super::markdown::{Inline, Writer, message, text};
use crate::analysis::Analysis;
use crate::lint::Level;
use crate::report::Report;
use pulldown_cmark::BlockQuoteKind;
use std::collections::HashSet;

/// The most findings a banner lists.
const MAX_LISTED: usize = 20;

/// The banner listing the errors that make a report incomplete. `admonitions` uses
/// GitHub-style `[!WARNING]` blocks (mdBook 0.5); plain block quotes otherwise.
/// `line_of` gives the line of an offset in the report's file.
pub fn incomplete(
    analysis: &Analysis,
    admonitions: bool,
    line_of: &dyn Fn(usize) -> usize,
) -> String {
    // What makes it incomplete: its errors. Warnings (a tag the build's clone lacks) are
    // no fault of the report's.
    let listed: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .collect();
    let ids = heading_ids(&analysis.report);
    let mut inner = Writer::new();
    inner.paragraph(&[
        Inline::Strong("This rollback report is incomplete.".into()),
        text(format!(
            " {} {} found:",
            listed.len(),
            crate::render::diagnostics::plural(listed.len(), "problem", "problems")
        )),
    ]);
    let items: Vec<Vec<Inline>> = listed
        .iter()
        .take(MAX_LISTED)
        .map(|d| {
            let line = line_of(d.span.start);
            let mut item = vec![
                Inline::Code(d.rule.into()),
                text(format!(" (line {line}): ")),
            ];
            item.extend(message(&d.message));
            if let Some(section) = &d.section {
                item.push(text(" — "));
                // In HTML, a link to the heading above the finding.
                let above = ids.iter().rev().find(|(start, _)| *start <= d.span.start);
                item.push(match above {
                    Some((_, id)) => Inline::Link {
                        text: section.as_str().into(),
                        url: format!("#{id}").into(),
                        code: false,
                    },
                    None => text(section.as_str()),
                });
            }
            item
        })
        .collect();
    inner.list(&items);
    if listed.len() > MAX_LISTED {
        inner.paragraph(&[
            text(format!("… and {} more; run ", listed.len() - MAX_LISTED)),
            Inline::Code("mdbook-rollback check".into()),
            text(" for all."),
        ]);
    }
    let mut writer = Writer::new();
    writer.quote(admonitions.then_some(BlockQuoteKind::Warning), inner);
    writer.finish()
}

/// The ids mdBook's HTML gives the report's headings (its title, then each heading below
/// it), with where each starts: a heading's text in lowercase, letters, digits, `-` and `_`
/// kept and spaces made `-`, with `-1`, `-2` … for repeats; or the id it is given
/// (`{#rollback-plan}`), which takes no part in the count.
fn heading_ids(report: &Report) -> Vec<(usize, String)> {
    let mut used = HashSet::new();
    let headings = report
        .title
        .iter()
        .map(|(title, span)| (title.as_str(), span))
        .chain(
            report
                .sections
                .iter()
                .map(|s| (s.heading.as_str(), &s.heading_span)),
        );
    headings
        .map(|(heading, span)| {
            let written = report.source.text.get(span.clone()).unwrap_or_default();
            // Only an id of word characters is taken: report text goes into the link.
            let given = crate::regex!(r"\{(?:[^}\n]*\s)?#([\w-]+)(?:\s[^}\n]*)?\}")
                .captures(written.lines().next().unwrap_or_default())
                .and_then(|caps| caps.get(1));
            let id = match given {
                Some(id) => id.as_str().to_string(),
                None => unique_id(id_from_content(heading), &mut used),
            };
            (span.start, id)
        })
        .collect()
}

/// An id made of a heading's text, as mdBook makes it.
fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// `id`, or with the first of `-1`, `-2` … that makes it one not `used` yet.
fn unique_id(id: String, used: &mut HashSet<String>) -> String {
    if used.insert(id.clone()) {
        return id;
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or(id)
}

/// The banner of a draft report.
pub fn draft(admonitions: bool) -> String {
    let mut inner = Writer::new();
    inner.paragraph(&[
        Inline::Strong("Draft.".into()),
        text(" This rollback report is a draft ("),
        Inline::Code("status: draft".into()),
        text(") and may be incomplete."),
    ]);
    let mut writer = Writer::new();
    writer.quote(admonitions.then_some(BlockQuoteKind::Note), inner);
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::template::Template;

    /// Repeats are numbered, a heading's own id is kept, and only a plain id is taken
    /// from the report into a link.
    #[test]
    fn headings_get_the_ids_mdbook_gives_them() {
        let text = "# Rollback Report: Ünïcode & `code`\n\n## A\n\n## A\n\n## B {#given}\n\n## C {#x\"y}\n\n## A\n";
        let report = Report::parse(
            SourceFile::new("r.md", text.to_string()),
            &Template::builtin(),
            &[],
        );
        let ids: Vec<String> = heading_ids(&report).into_iter().map(|(_, id)| id).collect();
        assert_eq!(
            ids,
            [
                "rollback-report-ünïcode--code",
                "a",
                "a-1",
                "given",
                "c",
                "a-2"
            ]
        );
    }
}
