//! `time-order`: End Time is before Start Time, or an event is far outside the rollback.

use crate::lint::{Context, Finding, Level, Rule};
use crate::timeline::{EventKind, format_span, whole_minutes};
use jiff::SignedDuration;

/// How far before the start or after the end an event may be: a day, or, for an event
/// whose date is written, a week before the start (a release or the first symptoms).
pub const PLAUSIBLE_HOURS: i64 = 24;

/// How long a rollback may last: past a week, a date is wrong.
pub const PLAUSIBLE_DAYS: i64 = 7;

/// The rollback's duration in minutes (to the nearest), when it is one to believe: End
/// not before Start (by any second), and at most a week after it. The rule, the card and
/// the index judge by this one test.
pub fn plausible(duration: SignedDuration) -> Option<i64> {
    let minutes = whole_minutes(duration);
    (!duration.is_negative() && minutes <= PLAUSIBLE_DAYS * 24 * 60).then_some(minutes)
}

/// The rule.
pub const RULE: Rule = Rule {
    name: "time-order",
    default_level: Level::Error,
    summary: "End Time is before Start Time or over a week after it, or a timeline event is outside a plausible range",
    explanation: r#"## What it does
Checks that End Time is not before Start Time nor more than 7 days after it, and that no
timeline event is more than 24 hours after the end of the rollback, or before its start
(a week before, for an event whose date is written: the release that caused it, or the
first symptoms, may be days earlier).
Each finding points at the line of the offending time.

A time of day without a date takes Start Time's date, or the day before or after when
that brings it more than 12 hours nearer the rollback (a rollback across midnight), so
`23:50 … 00:20` works without dates. Otherwise it stays on Start Time's date: a morning
deploy before an evening rollback is read as such. Write the date on an event of
another day (`2024-01-27 04:30 UTC — morning check`).

## Why is this bad?
A negative or week-long duration is nearly always a typo in a date (often the year), an
AM/PM slip or a time zone mix-up, and it would skew every duration statistic in the
index, which leaves such durations out.

## Example
```markdown
*   Start Time: 2024-01-26 23:40 UTC
*   End Time: 2024-01-26 00:25 UTC
```

Use instead:
```markdown
*   Start Time: 2024-01-26 23:40 UTC
*   End Time: 2024-01-27 00:25 UTC
```

## Configuration
`time-order = "warn"` under `[preprocessor.rollback.lints]`.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let timeline = ctx.timeline;
    let (Some(start), end) = (&timeline.start, &timeline.end) else {
        return;
    };
    if let Some(end) = end
        && end.at < start.at
    {
        out.push(Finding::new(
            end.span.clone(),
            format!(
                "End Time ({}) is before Start Time ({})",
                end.written, start.written
            ),
            "check the date and zone of both; a rollback that crosses midnight needs the next day's date on End Time",
        ));
    }
    if let Some(end) = end
        && end.at >= start.at
        && plausible(end.at.duration_since(start.at)).is_none()
    {
        out.push(Finding::new(
            end.span.clone(),
            format!(
                "End Time ({}) is {} after Start Time ({}): a rollback does not last over a week",
                end.written,
                format_span(end.at.duration_since(start.at)),
                start.written
            ),
            "check the year, month and day of both",
        ));
    }
    let last = end.as_ref().map_or(start.at, |e| e.at.max(start.at));
    // In minutes to the nearest, as the message says them.
    let limit = PLAUSIBLE_HOURS * 60;
    let dated_limit = PLAUSIBLE_DAYS * 24 * 60;
    for event in timeline
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Written)
    {
        let before = start.at.duration_since(event.at);
        let after = event.at.duration_since(last);
        let before_limit = if event.dated { dated_limit } else { limit };
        let (distance, side) = if whole_minutes(before) > before_limit {
            (before, "before the start")
        } else if whole_minutes(after) > limit {
            (after, "after the end")
        } else {
            continue;
        };
        out.push(Finding::new(
            event.span.clone(),
            format!(
                "this event ({}) is {} {side} of the rollback",
                event.written,
                format_span(distance)
            ),
            "check its date; an event more than a week before the rollback, or a day after it, is usually a typo in the date or the zone",
        ));
    }
}
