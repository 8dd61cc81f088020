//! `ambiguous-time`: a time without a zone, read as UTC or as Start Time's zone.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "ambiguous-time",
    default_level: Level::Warning,
    summary: "a time has no time zone, so the tool had to assume one",
    explanation: r#"## What it does
Warns when a time is written without a zone, instead of guessing silently:
- Start Time without a zone is read as UTC, and End Time without a zone in Start
  Time's zone;
- timeline events without a zone are read in Start Time's zone. One warning a report
  names the first such line and how many there are. (In a timeline table, a header
  such as `Time (UTC)` gives the rows below it their zone.)

It also warns when Start or End Time, in a zone with daylight saving time, names a
clock time that does not exist that day (`02:30 Europe/Berlin` on 2024-03-31, when the
clocks jump from 02:00 to 03:00) or that happens twice (`01:30 America/New_York` on
2024-11-03), and says how it was read.

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
    for (name, field) in [
        ("Start Time", &ctx.report.times.start),
        ("End Time", &ctx.report.times.end),
    ] {
        if let crate::report::Field::Present { value, span } = field
            && let Some(finding) = daylight_saving(name, value, span)
        {
            out.push(finding);
        }
    }
    let timeline = ctx.timeline;
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
            format!("write the zone after each time, e.g. `10:04 {zone} — …`"),
        ));
    }
}

/// A finding when `value`, in a zone with daylight saving time, names a clock time that
/// the change skips (read as the time after the gap) or repeats (read as the first).
fn daylight_saving(
    name: &str,
    value: &crate::report::timestamp::WrittenTime,
    span: &std::ops::Range<usize>,
) -> Option<Finding> {
    use jiff::tz::AmbiguousOffset;
    let (date, zone) = (value.date?, value.zone.as_ref()?);
    let local = jiff::civil::DateTime::from_parts(date, value.time);
    let offset = |o: jiff::tz::Offset| o.to_string();
    let clock = if value.time.second() == 0 {
        value.time.strftime("%H:%M").to_string()
    } else {
        value.time.strftime("%H:%M:%S").to_string()
    };
    let (what, help) = match zone.tz.to_ambiguous_timestamp(local).offset() {
        AmbiguousOffset::Unambiguous { .. } => return None,
        AmbiguousOffset::Gap { before, after } => (
            format!(
                "does not exist: the clocks in {} skip it that day ({} to {}); it was read as if the clocks had not changed yet",
                zone.label,
                offset(before),
                offset(after)
            ),
            format!(
                "write the time the clocks showed after the change, or the offset it was read with: `{date} {clock} {}`",
                offset(before)
            ),
        ),
        AmbiguousOffset::Fold { before, after } => (
            format!(
                "happens twice in {} that day ({}, then {}); it was read as the first",
                zone.label,
                offset(before),
                offset(after)
            ),
            format!(
                "write the offset instead of the zone: `{date} {clock} {}` or `… {}`",
                offset(before),
                offset(after)
            ),
        ),
    };
    Some(Finding::new(
        span.clone(),
        format!("{name} `{}` {what}", value.original),
        help,
    ))
}
