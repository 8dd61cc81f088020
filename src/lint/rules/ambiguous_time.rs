//! `ambiguous-time`: a time without a zone, read as UTC or as Start Time's zone.

use crate::lint::{Context, Finding, Level, Rule};
use crate::timeline::{ClockChange, EventKind};

/// The rule.
pub const RULE: Rule = Rule {
    name: "ambiguous-time",
    default_level: Level::Warning,
    summary: "a time has no time zone (or End Time no date), so the tool had to assume one",
    explanation: r#"## What it does
Warns when a time is written without a zone, instead of guessing silently:
- Start Time without a zone is read as UTC, and End Time without a zone in Start
  Time's zone;
- timeline events without a zone are read in Start Time's zone. One warning a report
  names the first such line and how many there are.

A note in parentheses gives its zone to the times without one: in a label (`Start Time
(UTC): 2024-01-26 10:00`), a table header (`Time (UTC)`), a heading (`### 3.2. Rollback
Execution (times in UTC)`) or a lead-in (`Timeline (all times UTC):`), up to the next
heading.

An End Time without a date is read on the day that puts it soonest after the start; when
that makes the rollback over 12 hours long (`2:05 PM` … `2:35 AM`, an AM/PM slip, or a
long night), it warns and says which day it took.

It also warns when Start or End Time or a timeline event, in a zone with daylight saving
time (its own, or Start Time's), names a clock time that does not exist that day
(`02:30 Europe/Berlin` on 2024-03-31, when the clocks jump from 02:00 to 03:00) or that
happens twice (`01:30 America/New_York` on 2024-11-03), and says how it was read.

## Why is this bad?
Incident timelines are written by people in different zones, often from chat logs in
local time. `10:04` next to `Start Time: 2024-01-26 10:00 UTC` may be UTC, or may be
Berlin time an hour later; the elapsed times in the timeline table depend on it.

## Example
```markdown
*   Start Time: 2024-01-26 10:00
- 10:04 — error rate back to normal
```

Use instead:
```markdown
*   Start Time: 2024-01-26 10:00 UTC
- 10:04 UTC — error rate back to normal
```

## Configuration
A team that always writes UTC can set `ambiguous-time = "allow"` under
`[preprocessor.rollback.lints]`.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let timeline = ctx.timeline;
    out.extend(timeline.clock_changes.iter().map(daylight_saving));
    if ctx.report.times.end_date_taken
        && let (Some(start), Some(end)) = (&timeline.start, &timeline.end)
        && end.at.duration_since(start.at) > jiff::SignedDuration::from_hours(12)
    {
        out.push(Finding::new(
            end.span.clone(),
            format!(
                "End Time has no date, so it was read as `{}`, {} after Start Time",
                end.written,
                crate::timeline::format_span(end.at.duration_since(start.at))
            ),
            format!(
                "write the date (and check AM and PM): `End Time: {}`",
                end.written
            ),
        ));
    }
    for (name, time) in [("Start Time", &timeline.start), ("End Time", &timeline.end)] {
        if let Some(time) = time.as_ref().filter(|t| t.zone.is_none()) {
            let zone = timeline.reference_zone.as_deref().unwrap_or("UTC");
            out.push(Finding::new(
                time.span.clone(),
                format!(
                    "{name} `{}` has no time zone; it was read as {zone}",
                    time.written
                ),
                format!(
                    "write the zone: `{} UTC` (or `+01:00`, `CET`, `Europe/Berlin`)",
                    time.written
                ),
            ));
        }
    }
    if let Some(first) = timeline.unzoned_events.first() {
        let zone = timeline.reference_zone.as_deref().unwrap_or("UTC");
        let count = timeline.unzoned_events.len();
        let what = if count == 1 {
            "this timeline event has".to_string()
        } else {
            format!("{count} timeline events (the first is here) have")
        };
        out.push(Finding::new(
            first.clone(),
            format!("{what} no time zone; read as {zone}, the zone of Start Time"),
            format!(
                "write the zone after each time (`10:04 {zone} — …`), or once in the section's heading (`… ({zone})`)"
            ),
        ));
    }
}

/// The finding for a time that a change of the clocks skips (read as the time after the
/// gap) or repeats (read as the first).
fn daylight_saving(change: &ClockChange) -> Finding {
    let offset = |o: jiff::tz::Offset| o.to_string();
    let time = change.local.time();
    let clock = if time.second() == 0 {
        time.strftime("%H:%M").to_string()
    } else {
        time.strftime("%H:%M:%S").to_string()
    };
    // As written: with its date, or as a time of day.
    let clock = if change.dated {
        format!("{} {clock}", change.local.date())
    } else {
        clock
    };
    let zone = &change.zone;
    let (before, after) = (change.before, change.after);
    let (what, help) = if change.skipped {
        (
            format!(
                "does not exist: the clocks in {zone} skip it that day ({} to {}); it was read as if the clocks had not changed yet",
                offset(before),
                offset(after)
            ),
            format!(
                "write the time the clocks showed after the change, or the offset it was read with: `{clock} {}`",
                offset(before)
            ),
        )
    } else {
        (
            format!(
                "happens twice in {zone} that day ({}, then {}); it was read as the first",
                offset(before),
                offset(after)
            ),
            format!(
                "write the offset instead of the zone: `{clock} {}` or `… {}`",
                offset(before),
                offset(after)
            ),
        )
    };
    let name = match change.kind {
        EventKind::Start => "Start Time",
        EventKind::End => "End Time",
        EventKind::Written | EventKind::Release => "Timeline time",
    };
    let read_in = if change.zoned {
        String::new()
    } else {
        format!(" (read in {zone}, the zone of Start Time)")
    };
    Finding::new(
        change.span.clone(),
        format!("{name} `{}`{read_in} {what}", change.written),
        help,
    )
}
