//! Banners at the top of a report: incomplete (under `on-incomplete = "warn"`) and draft.

use super::markdown::{Inline, Writer, message, text};
use crate::analysis::Analysis;
use crate::lint::Level;
use pulldown_cmark::BlockQuoteKind;

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
                item.push(text(format!(" — {section}")));
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
