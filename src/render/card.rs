//! The summary card under a report's title: a small Markdown table (service, severity,
//! versions, events, status; start, end, duration, time since release), so every
//! renderer shows it.

use super::markdown::{Inline, Table, Writer, text};
use crate::analysis::Analysis;
use crate::timeline::format_span;

/// Renders the card.
pub fn render(analysis: &Analysis) -> String {
    let report = &analysis.report;
    let fields = report.fields();
    let metrics = analysis.timeline.metrics();
    let dash = || vec![text("—")];
    let versions = match (report.versions.from.value(), report.versions.to.value()) {
        (Some(from), Some(to)) => vec![
            Inline::Code(from.to_string()),
            text(" → "),
            Inline::Code(to.to_string()),
        ],
        _ => dash(),
    };
    let time = |anchor: &Option<crate::timeline::Anchor>| {
        anchor.as_ref().map_or_else(dash, |a| {
            vec![text(a.at.strftime("%Y-%m-%d %H:%M").to_string())]
        })
    };
    let label = |s: &str| vec![Inline::Strong(s.to_string())];
    let mut table = Table::new(&["Service", "Severity", "Versions", "Events", "Status"]);
    table.row(vec![
        fields.service.map_or_else(dash, |s| vec![text(s)]),
        report
            .severity
            .value()
            .map_or_else(dash, |s| vec![Inline::Strong(s.clone())]),
        versions,
        vec![text(metrics.events.to_string())],
        fields.status.map_or_else(dash, |s| vec![text(s)]),
    ]);
    table.row(vec![
        label("Start (UTC)"),
        label("End (UTC)"),
        label("Duration"),
        label("After release"),
        Vec::new(),
    ]);
    table.row(vec![
        time(&analysis.timeline.start),
        time(&analysis.timeline.end),
        metrics
            .duration
            .map_or_else(dash, |d| vec![text(signed(d))]),
        metrics
            .release_to_start
            .map_or_else(dash, |d| vec![text(signed(d))]),
        Vec::new(),
    ]);
    Writer::new().table(&table).finish()
}

/// A duration, with a minus sign when negative.
pub fn signed(duration: jiff::SignedDuration) -> String {
    if duration.is_negative() {
        format!("−{}", format_span(duration))
    } else {
        format_span(duration)
    }
}

/// The report's history line, like Docusaurus's "last updated": first committed, last
/// updated and authors (from git, or `created`, `updated` and `authors` in front matter).
pub fn history(entry: &crate::index::IndexEntry) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(created) = &entry.created {
        parts.push(format!("First committed {created}"));
    }
    if let Some(updated) = entry
        .updated
        .as_ref()
        .filter(|u| Some(*u) != entry.created.as_ref())
    {
        parts.push(format!("last updated {updated}"));
    }
    if !entry.authors.is_empty() {
        parts.push(format!("by {}", entry.authors.join(", ")));
    }
    if parts.is_empty() {
        return None;
    }
    let mut line = parts.join(" · ");
    if let Some(first) = line.get(..1) {
        line = first.to_uppercase() + &line[1..];
    }
    let mut writer = Writer::new();
    writer.paragraph(&[Inline::Emphasis(line)]);
    Some(writer.finish())
}
