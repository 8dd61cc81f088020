//! `invalid-time`: Start/End Time is missing or does not parse.

use crate::lint::{Context, Finding, Level, Rule};
use crate::report::Field;
use crate::report::timestamp::ACCEPTED;
use crate::template::Role;

/// The rule.
pub const RULE: Rule = Rule {
    name: "invalid-time",
    default_level: Level::Error,
    summary: "Start/End Time is missing or does not parse",
    explanation: r#"## What it does
Reads `Start Time:` and `End Time:` from the time section (`3.3. Rollback Time`) and
checks that both are there and parse. It also checks every timeline line that begins
with something shaped like a time (`25:10 — …` is not a time of day).

Accepted: `2024-01-26 10:00 UTC`, RFC 3339 (`2024-01-26T10:00:00Z`,
`2024-01-26T11:00:00+01:00`), an offset (`+01:00`), an IANA zone (`Europe/Berlin`) or a
common abbreviation (`CET`, `EST`, `PDT`, …). A time without a zone is read as UTC, with
an `ambiguous-time` warning. An End Time without a date (`End Time: 10:45 UTC`) is on the
day that puts it soonest after the start, within 12 hours (the next day for a rollback
across midnight); one up to 2 hours before the start stays there, for `time-order` to
report, and one further back is on the next day.

## Why is this bad?
The rollback duration, the timeline and the index statistics all start from these two
times. A time that does not parse silently drops the report from all of them.

## Example
```markdown
### 3.3. Rollback Time
*   Start Time: Friday morning
```

Use instead:
```markdown
### 3.3. Rollback Time
*   Start Time: 2024-01-26 10:00 UTC
*   End Time: 2024-01-26 10:45 UTC
```

## Configuration
`invalid-time = "warn"` under `[preprocessor.rollback.lints]`.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let t = ctx.template.section_with(Role::Time);
    let Some(section) = t.and_then(|t| ctx.report.section(t)) else {
        return; // `missing-section` reports it
    };
    let text = &ctx.report.source.text;
    let times = &ctx.report.times;
    // An example for each: the end 45 minutes after the start as written, if it is.
    let end_example = match &times.start {
        Field::Present { value, .. } => value.date.and_then(|date| {
            let end = jiff::civil::DateTime::from_parts(date, value.time)
                .checked_add(jiff::SignedDuration::from_mins(45))
                .ok()?;
            let zone = value.zone.as_ref().map_or("UTC", |z| z.label.as_str());
            Some(format!("{} {zone}", end.strftime("%Y-%m-%d %H:%M")))
        }),
        _ => None,
    };
    // Not the template's example times, which are flagged where they are: the report's
    // date, from its file name, with the time to fill in.
    let date = crate::regex!(r"(?:^|/)(\d{4}-\d{2}-\d{2})[^/]*$")
        .captures(&ctx.report.source.path)
        .and_then(|caps| caps.get(1))
        .map_or("YYYY-MM-DD", |m| m.as_str());
    let in_example = |name: &str| {
        ctx.report.leftover_examples.iter().any(|(s, span)| {
            Some(*s) == t
                && text[span.clone()]
                    .to_lowercase()
                    .contains(&name.to_lowercase())
        })
    };
    for (name, field, example) in [
        ("Start Time", &times.start, format!("{date} HH:MM UTC")),
        (
            "End Time",
            &times.end,
            end_example.unwrap_or_else(|| format!("{date} HH:MM UTC")),
        ),
    ] {
        match field {
            Field::Absent => out.push(Finding::new(
                crate::lint::trim_span(text, section.heading_span.clone()),
                if in_example(name) {
                    format!("{name} is missing: the one in the template's example block is the made-up incident's, and does not count")
                } else {
                    format!("{name} is missing")
                },
                format!("add a line `* {name}: {example}` to this section, with the time it happened"),
            )),
            // An End Time without a date takes Start Time's, once that parses: one
            // error, on the start, until then.
            Field::Invalid { text, .. }
                if name == "End Time"
                    && matches!(times.start, Field::Invalid { .. })
                    && matches!(
                        crate::report::timestamp::leading(text),
                        Some(Ok(end)) if !end.has_date() && end.len == text.len()
                    ) => {}
            Field::Invalid { reason, span, .. } => out.push(Finding::new(
                span.clone(),
                format!("{name} does not parse: {reason}"),
                format!("write it as {ACCEPTED}"),
            )),
            Field::Present { .. } => {}
        }
    }
    for bad in &ctx.timeline.invalid_lines {
        out.push(Finding::new(
            bad.span.clone(),
            format!(
                "this timeline line starts with a time that does not parse: {}",
                bad.reason
            ),
            "start the line with a valid time, e.g. `10:04 UTC — …` or `2024-01-26 10:04 UTC — …` (in a table, `| 10:04 UTC | … |`)",
        ));
    }
}
