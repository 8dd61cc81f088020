//! The summary card under a report's title: small Markdown tables (service, severity,
//! versions, events, status; start, end, duration, time since release), so every
//! renderer shows it.

use super::markdown::{Inline, Table, Writer, text, version_pair};
use crate::analysis::Analysis;
use crate::lint::rules::time_order::plausible;
use crate::timeline::format_span;

/// Renders the card. `status` is the report's, as the index shows it; `html` adds the
/// style of the report's injected parts ([`super::style`]).
pub fn render(analysis: &Analysis, status: &str, html: bool) -> String {
    let report = &analysis.report;
    let fields = report.fields();
    let metrics = analysis.timeline.metrics();
    let dash = || vec![text("—")];
    let versions = version_pair(
        report.versions.from.value().map(ToString::to_string),
        report.versions.to.value().map(ToString::to_string),
    );
    let time = |anchor: &Option<crate::timeline::Anchor>| {
        anchor
            .as_ref()
            .map_or_else(dash, |a| vec![text(crate::timeline::format_minute(a.at))])
    };
    // Two small tables rather than bold labels in one: header cells are bold anyway, and a
    // table without emphasis is written without a second parse to check it.
    let mut what = Table::new(&["Service", "Severity", "Versions", "Events", "Status"]);
    what.row(vec![
        fields
            .service
            .as_deref()
            .map_or_else(dash, |s| vec![text(s)]),
        report
            .severity
            .value()
            .map_or_else(dash, |s| vec![text(s.as_str())]),
        versions,
        vec![text(metrics.events.to_string())],
        vec![text(status)],
    ]);
    let mut when = Table::new(&["Start (UTC)", "End (UTC)", "Duration", "After release"]);
    when.row(vec![
        time(&analysis.timeline.start),
        time(&analysis.timeline.end),
        // A duration the index would not believe (End before Start, or over a week) is
        // left out here too; the times beside it show what was written.
        metrics
            .duration
            .filter(|d| plausible(*d).is_some())
            .map_or_else(dash, |d| vec![text(signed(d))]),
        metrics
            .release_to_start
            .map_or_else(dash, |d| vec![text(signed(d))]),
    ]);
    let mut writer = Writer::new();
    writer.table(&what).table(&when);
    let card = super::style::in_class("rollback-card", writer.finish(), html);
    if html {
        format!("{}\n\n{card}", super::style::REPORT_STYLE)
    } else {
        card
    }
}
/// A duration, with a minus sign when negative to the nearest minute (never `−0m`).
pub fn signed(duration: jiff::SignedDuration) -> String {
    if crate::timeline::whole_minutes(duration) < 0 {
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
    writer.paragraph(&[Inline::Emphasis(line.into())]);
    Some(writer.finish())
}
