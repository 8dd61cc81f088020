//! The timeline table: Time (UTC), Elapsed, Event, Source, under a metrics line.

use super::markdown::{Inline, Table, Writer, text};
use crate::analysis::Analysis;
use crate::timeline::{EventKind, format_elapsed};

/// Renders the metrics line and the table.
pub fn render(analysis: &Analysis) -> String {
    let timeline = &analysis.timeline;
    let metrics = timeline.metrics();
    let mut writer = Writer::new();
    let mut line = vec![Inline::Strong("Timeline:".into()), text(" ")];
    let mut parts = Vec::new();
    // Only a duration to believe, as on the card and in the index.
    if let Some(duration) = metrics
        .duration
        .filter(|d| crate::lint::rules::time_order::plausible(*d).is_some())
    {
        parts.push(format!(
            "rollback duration {}",
            super::card::signed(duration)
        ));
    }
    if let (Some(since), Some(release)) = (
        metrics.release_to_start,
        timeline
            .events
            .iter()
            .find(|e| e.kind == EventKind::Release),
    ) {
        let tag = release.description.trim_end_matches(" released (tagged)");
        parts.push(format!(
            "started {} after {tag} was released",
            super::card::signed(since)
        ));
    }
    parts.push(format!(
        "{} {}",
        metrics.events,
        crate::render::diagnostics::plural(metrics.events, "event", "events")
    ));
    line.push(text(parts.join(" · ")));
    writer.paragraph(&line);
    if timeline.events.is_empty() {
        writer.paragraph(&[text(
            "No times could be read from this report: write Start Time and End Time in the rollback time section.",
        )]);
        return writer.finish();
    }
    let mut table = Table::new(&["Time (UTC)", "Elapsed", "Event", "Source"]).right(1);
    let utc = |written: &str| crate::regex!(r"(?i)(?:\bUTC|\bGMT|Z|[+-]00:?00)$").is_match(written);
    let start_in_utc = timeline.reference_zone.as_deref().is_none_or(utc);
    for event in &timeline.events {
        let mut time = crate::timeline::format_minute(event.at);
        // The time as written, where it was not UTC: with the zone it was read in, when
        // it had none of its own (Start Time's).
        let local = match (&timeline.reference_zone, event.zoned) {
            _ if event.kind == EventKind::Release => None,
            (_, true) => (!utc(&event.written)).then(|| event.written.clone()),
            (Some(zone), false) if !utc(zone) => Some(format!("{} {zone}", event.written)),
            _ => None,
        };
        // A time of day read on the day after (or before) the start's date as written: said
        // of the time as written, whose day it is, not of the UTC date beside it.
        let shifted = match event.shifted_days {
            1 => Some("next day"),
            -1 => Some("day before"),
            _ => None,
        };
        match (local, shifted) {
            (Some(local), Some(shifted)) => time.push_str(&format!(" ({local}, {shifted})")),
            (Some(local), None) => time.push_str(&format!(" ({local})")),
            // The day is counted from Start Time's date as written: beside a UTC time,
            // when Start Time was not in UTC, the time as written says whose day it is.
            (None, Some(shifted)) if start_in_utc => time.push_str(&format!(" ({shifted})")),
            (None, Some(shifted)) => {
                time.push_str(&format!(" ({}, {shifted})", event.written));
            }
            (None, None) => {}
        }
        let elapsed = timeline.start.as_ref().map_or_else(
            || "—".to_string(),
            |start| format_elapsed(event.at.duration_since(start.at)),
        );
        // Events the author wrote keep their inline Markdown; the tool's own are text.
        let description = match event.kind {
            EventKind::Written => vec![Inline::Untrusted(event.description.as_str().into())],
            _ => vec![text(event.description.as_str())],
        };
        table.row(vec![
            vec![text(time)],
            vec![text(elapsed)],
            description,
            vec![text(event.source.as_str())],
        ]);
    }
    writer.table(&table);
    writer.finish()
}
