//! Timelines: events from any section, midnight and zones, metrics in whole minutes, and
//! every time lint with the line of the offending time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use mdbook_rollback::analysis::{Analysis, Settings, analyze};
use mdbook_rollback::config::Config;
use mdbook_rollback::source::SourceFile;
use mdbook_rollback::template::Template;
use mdbook_rollback::timeline::{EventKind, whole_minutes};

fn analyse(text: &str) -> Analysis {
    let template = Template::builtin();
    let config = Config {
        git: false,
        ..Config::default()
    };
    let settings = Settings {
        template: &template,
        config: &config,
        git: None,
        deny_drafts: false,
    };
    analyze(vec![SourceFile::new("r.md", text)], &settings).remove(0)
}

fn complete() -> String {
    std::fs::read_to_string(common::fixture("reports/complete.md")).unwrap()
}

fn with_times(start: &str, end: &str, events: &str) -> String {
    complete()
        .replace("*   Start Time: 2024-05-07 14:00 UTC", &format!("*   Start Time: {start}"))
        .replace("*   End Time: 2024-05-07 14:38 UTC", &format!("*   End Time: {end}"))
        .replace(
            "- 14:02 UTC — Rollout paused.\n- 14:09 UTC — 3.1.4 deploying to cluster A.\n- 14:25 UTC — All clusters on 3.1.4.",
            events,
        )
}

/// When each event of the timeline was (RFC 3339) and what it says, in order.
fn timed(analysis: &Analysis) -> Vec<(String, &str)> {
    analysis
        .timeline
        .events
        .iter()
        .map(|e| (e.at.to_string(), e.description.as_str()))
        .collect()
}

/// What each event of the timeline says, in order.
fn descriptions(analysis: &Analysis) -> Vec<&str> {
    analysis
        .timeline
        .events
        .iter()
        .map(|e| e.description.as_str())
        .collect()
}

/// The timeline table's row whose event says `event`.
fn row_of(table: &str, event: &str) -> String {
    table
        .lines()
        .find(|l| l.contains(event))
        .unwrap_or_else(|| panic!("no row for {event}: {table}"))
        .to_string()
}

fn findings(analysis: &Analysis) -> Vec<(&str, usize)> {
    analysis
        .diagnostics
        .iter()
        .map(|d| (d.rule, analysis.report.source.line_col(d.span.start).0))
        .collect()
}

#[test]
fn metrics_are_whole_minutes() {
    let analysis = analyse(&complete());
    let metrics = analysis.timeline.metrics();
    assert_eq!(metrics.duration.map(whole_minutes), Some(38));
    assert_eq!(metrics.events, 5);
    // To the nearest minute: 1h 59m 59s is 2h, as the times shown to the minute suggest.
    for (start, end, minutes) in [
        ("2024-05-07T14:00:00Z", "2024-05-07T15:59:59Z", 120),
        ("2024-05-07T14:00:30Z", "2024-05-07T14:01:29Z", 1),
    ] {
        let analysis = analyse(&with_times(start, end, "- 14:01 UTC — x"));
        let duration = analysis.timeline.metrics().duration;
        assert_eq!(duration.map(whole_minutes), Some(minutes), "{start} {end}");
    }
}

/// A weekday before a date without a year is checked once the rollback gives the year.
#[test]
fn a_weekday_is_checked_against_a_date_without_a_year() {
    let analysis = analyse(&with_times(
        "2024-05-07 14:00 UTC",
        "2024-05-07 14:38 UTC",
        "- Tue May 7 14:02 UTC — Rollout paused.\n- Mon May 7 14:09 UTC — deploying.",
    ));
    assert_eq!(
        descriptions(&analysis),
        ["Rollback started", "Rollout paused.", "Rollback ended"]
    );
    let reasons: Vec<&str> = analysis
        .timeline
        .invalid_lines
        .iter()
        .map(|l| l.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        ["2024-05-07 is a Tuesday, not a Monday; correct the date or the weekday"]
    );
}

#[test]
fn events_come_from_any_section_and_are_sorted() {
    let text = complete().replace(
        "The new ranking model loads a 2 GB index on every cold start.",
        "The new ranking model loads a 2 GB index on every cold start.\n\n1. 13:55 UTC: the deploy of 3.2.0 finished",
    );
    let analysis = analyse(&text);
    let first = &analysis.timeline.events[0];
    assert_eq!(first.description, "the deploy of 3.2.0 finished");
    assert_eq!(first.source, "4.2. Root Cause Analysis (Initial)");
    assert_eq!(first.at.to_string(), "2024-05-07T13:55:00Z");
    assert_eq!(analysis.timeline.events[1].kind, EventKind::Start);
}

#[test]
fn a_rollback_across_midnight_in_both_directions() {
    let analysis = analyse(&with_times(
        "2024-05-08 00:10 UTC",
        "2024-05-08 00:40 UTC",
        "- 23:50 UTC — alert fired\n- 00:20 UTC — rolled back",
    ));
    let times: Vec<String> = analysis
        .timeline
        .events
        .iter()
        .map(|e| e.at.to_string())
        .collect();
    assert_eq!(
        times,
        [
            "2024-05-07T23:50:00Z",
            "2024-05-08T00:10:00Z",
            "2024-05-08T00:20:00Z",
            "2024-05-08T00:40:00Z"
        ]
    );
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics
    );
}

#[test]
fn dates_without_a_year_take_the_rollbacks_across_new_year() {
    let analysis = analyse(&with_times(
        "2024-12-31 23:40 UTC",
        "2025-01-01 00:40 UTC",
        "- Dec 31 23:50 UTC — alert fired\n- [Jan 1 00:20 UTC](https://chat.example.com/p/1) — rolled back\n- **1 January 2025, 12:30 AM UTC** — verified",
    ));
    let events = timed(&analysis);
    assert_eq!(
        events,
        [
            ("2024-12-31T23:40:00Z".to_string(), "Rollback started"),
            ("2024-12-31T23:50:00Z".to_string(), "alert fired"),
            (
                "2025-01-01T00:20:00Z".to_string(),
                "rolled back ([source](https://chat.example.com/p/1))"
            ),
            ("2025-01-01T00:30:00Z".to_string(), "verified"),
            ("2025-01-01T00:40:00Z".to_string(), "Rollback ended"),
        ]
    );
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics
    );
    let analysis = analyse(&with_times(
        "2023-05-07 14:00 UTC",
        "2023-05-07 14:38 UTC",
        "- Feb 29 14:02 UTC — not in 2023",
    ));
    assert_eq!(findings(&analysis), [("invalid-time", 36)]);
    assert!(
        analysis.diagnostics[0]
            .message
            .contains("`Feb 29 14:02 UTC` is not a valid date"),
        "{}",
        analysis.diagnostics[0].message
    );
}

#[test]
fn zones_are_normalised_and_events_without_one_take_start_times_zone() {
    let analysis = analyse(&with_times(
        "2024-05-07 16:00 CEST",
        "2024-05-07 16:30 Europe/Berlin",
        "- 16:10 — paused\n- 10:15 America/New_York — deploying\n- 2024-05-07T14:20+00:00 — done",
    ));
    let times: Vec<String> = analysis
        .timeline
        .events
        .iter()
        .map(|e| e.at.to_string())
        .collect();
    assert_eq!(
        times,
        [
            "2024-05-07T14:00:00Z",
            "2024-05-07T14:10:00Z",
            "2024-05-07T14:15:00Z",
            "2024-05-07T14:20:00Z",
            "2024-05-07T14:30:00Z"
        ]
    );
    assert_eq!(
        findings(&analysis),
        [("ambiguous-time", 36)],
        "the zone-less event is named, not guessed silently"
    );
    assert!(analysis.diagnostics[0].message.contains("read as CEST"));
}

#[test]
fn start_and_end_without_a_zone_are_ambiguous() {
    let analysis = analyse(&with_times(
        "2024-05-07 14:00",
        "2024-05-07 14:38",
        "- 14:10 — x",
    ));
    assert_eq!(
        findings(&analysis),
        [("ambiguous-time", 42), ("ambiguous-time", 43)]
    );
    assert!(
        analysis.diagnostics[0]
            .help
            .contains("2024-05-07 14:00 UTC")
    );
}

#[test]
fn order_and_range_lints_name_the_line() {
    let analysis = analyse(&with_times(
        "2024-05-07 14:00 UTC",
        "2024-05-07 13:00 UTC",
        "- 2024-04-29 09:00 UTC — far too early\n- 2024-05-09 09:00 UTC — far too late\n- 14:30 UTC — fine",
    ));
    assert_eq!(
        findings(&analysis),
        [("time-order", 36), ("time-order", 37), ("time-order", 45)]
    );
    let messages: Vec<&str> = analysis
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages[0].contains("8d 5h before the start"),
        "{messages:?}"
    );
    assert!(messages[2].contains("End Time (2024-05-07 13:00 UTC) is before Start Time"));
    // An event with its date written may be days before the start (the release that
    // caused it), up to a week; after the end, a day is the limit.
    let analysis = analyse(&with_times(
        "2024-05-07 14:00 UTC",
        "2024-05-07 14:38 UTC",
        "- 2024-05-02 10:00 UTC — 3.2.0 deployed\n- 2024-05-09 09:00 UTC — review",
    ));
    assert_eq!(findings(&analysis), [("time-order", 37)]);
}

#[test]
fn a_rollback_over_a_week_long_is_a_typo_and_is_not_indexed() {
    for (start, expected) in [
        (
            "2023-05-07 14:00 UTC",
            "is 366d 38m after Start Time (2023-05-07 14:00 UTC)",
        ),
        ("0000-05-07 14:00 UTC", "is 739251d 38m after"),
    ] {
        let analysis = analyse(&with_times(
            start,
            "2024-05-07 14:38 UTC",
            "- 14:30 UTC — x",
        ));
        let order: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == "time-order")
            .collect();
        assert_eq!(order.len(), 1, "{start}: {:?}", analysis.diagnostics);
        assert!(order[0].message.contains(expected), "{}", order[0].message);
        assert!(
            order[0]
                .message
                .ends_with("a rollback does not last over a week")
        );
        let entry = mdbook_rollback::index::IndexEntry::new(&analysis, None, None);
        assert_eq!(entry.duration_minutes, None, "{start}");
    }
    // A week to the minute is the longest a rollback may last.
    let analysis = analyse(&with_times(
        "2024-04-30 14:38 UTC",
        "2024-05-07 14:38 UTC",
        "- 2024-05-07 14:30 UTC — x",
    ));
    assert!(
        !analysis.diagnostics.iter().any(|d| d.rule == "time-order"),
        "{:?}",
        analysis.diagnostics
    );
    let entry = mdbook_rollback::index::IndexEntry::new(&analysis, None, None);
    assert_eq!(entry.duration_minutes, Some(7 * 24 * 60));
    // Under half a minute past the week rounds to the week, in the rule as in the index.
    let analysis = analyse(&with_times(
        "2024-04-30 14:37:31 UTC",
        "2024-05-07 14:38 UTC",
        "- 2024-05-07 14:30 UTC — x",
    ));
    assert!(!analysis.diagnostics.iter().any(|d| d.rule == "time-order"));
    let entry = mdbook_rollback::index::IndexEntry::new(&analysis, None, None);
    assert_eq!(entry.duration_minutes, Some(7 * 24 * 60));
    // Half a minute past it is a week and a minute.
    let analysis = analyse(&with_times(
        "2024-04-30 14:37:30 UTC",
        "2024-05-07 14:38 UTC",
        "- 2024-05-07 14:30 UTC — x",
    ));
    assert!(analysis.diagnostics.iter().any(|d| d.rule == "time-order"));
    let entry = mdbook_rollback::index::IndexEntry::new(&analysis, None, None);
    assert_eq!(entry.duration_minutes, None);
}

#[test]
fn bad_times_say_how_to_write_them() {
    for (start, expected) in [
        ("soon", "`soon` is not a time"),
        ("14:00 UTC", "has no date"),
        ("2024-02-30 14:00 UTC", "not a valid date"),
        ("99999-01-01 14:00 UTC", "not a valid date"),
        ("2024-05-07 14:00 pm", "not a valid 12-hour time"),
        ("2024-05-07 14:00 MARS", "not a time zone"),
    ] {
        let analysis = analyse(&with_times(
            start,
            "2024-05-07 14:38 UTC",
            "- 14:10 UTC — x",
        ));
        let d = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule == "invalid-time")
            .unwrap_or_else(|| panic!("{start}"));
        assert!(d.message.contains(expected), "{start}: {}", d.message);
        assert!(
            d.help.contains("2024-01-26 10:00 UTC") && d.help.contains("Europe/Berlin"),
            "{}",
            d.help
        );
        assert_eq!(analysis.report.source.line_col(d.span.start).0, 42);
    }
    let analysis = analyse(&with_times(
        "2024-05-07 14:00 UTC",
        "2024-05-07 14:38 UTC",
        "- 25:10 UTC — impossible",
    ));
    assert_eq!(findings(&analysis), [("invalid-time", 36)]);
}

#[test]
fn a_report_without_events_has_start_and_end_only() {
    let analysis =
        analyse(&std::fs::read_to_string(common::fixture("reports/no-events.md")).unwrap());
    let kinds: Vec<EventKind> = analysis.timeline.events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Start, EventKind::End]);
}

#[test]
fn a_time_of_day_takes_the_day_nearest_the_whole_rollback() {
    let analysis = analyse(&with_times(
        "2024-05-07 08:00 UTC",
        "2024-05-07 22:00 UTC",
        "- 21:00 UTC — late in a long rollback",
    ));
    let event = analysis
        .timeline
        .events
        .iter()
        .find(|e| e.description.starts_with("late"))
        .unwrap();
    assert_eq!(
        event.at.to_string(),
        "2024-05-07T21:00:00Z",
        "inside the rollback, not the day before"
    );
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics
    );
}

#[test]
fn end_time_without_a_zone_is_read_in_start_times_zone() {
    let analysis = analyse(&with_times(
        "2024-05-07 10:00 CET",
        "2024-05-07 10:45",
        "- 10:10 CET — x",
    ));
    assert_eq!(
        analysis.timeline.metrics().duration.map(whole_minutes),
        Some(45)
    );
    assert_eq!(findings(&analysis), [("ambiguous-time", 43)]);
    assert!(analysis.diagnostics[0].message.contains("read as CET"));
}

#[test]
fn a_release_tagged_after_the_rollback_started_is_left_out() {
    let mut analysis = analyse(&complete());
    let start = analysis.timeline.start.as_ref().unwrap().at;
    let events = analysis.timeline.events.len();
    analysis.timeline.add_release(
        "v3.2.0",
        start
            .checked_add(jiff::SignedDuration::from_hours(900))
            .unwrap(),
    );
    assert_eq!(analysis.timeline.events.len(), events);
    assert_eq!(analysis.timeline.metrics().release_to_start, None);
    analysis.timeline.add_release(
        "v3.2.0",
        start
            .checked_sub(jiff::SignedDuration::from_hours(2))
            .unwrap(),
    );
    assert_eq!(analysis.timeline.events.len(), events + 1);
    assert_eq!(
        analysis
            .timeline
            .metrics()
            .release_to_start
            .map(|d| d.as_mins()),
        Some(120)
    );
}

#[test]
fn an_event_without_a_zone_shows_the_zone_it_was_read_in() {
    let analysis = analyse(&with_times(
        "2024-05-07 07:00 PDT",
        "2024-05-07 07:38 PDT",
        "- 07:02 — Rollout paused.\n- 14:09 UTC — deploying.\n- 07:25 PDT — done.",
    ));
    let table = mdbook_rollback::render::timeline_table::render(&analysis);
    let row = |event: &str| row_of(&table, event);
    assert!(
        row("Rollout paused").starts_with("|2024-05-07 14:02 (07:02 PDT)|"),
        "{table}"
    );
    assert!(
        row("deploying").starts_with("|2024-05-07 14:09|"),
        "{table}"
    );
    assert!(
        row("done").starts_with("|2024-05-07 14:25 (07:25 PDT)|"),
        "{table}"
    );
}

#[test]
fn an_event_keeps_its_code_and_the_lines_that_carry_it_on() {
    let analysis = analyse(&with_times(
        "2024-05-07 14:00 UTC",
        "2024-05-07 14:38 UTC",
        "1. 14:02 UTC — Lag alert fires\n   ([Grafana](https://grafana.example/d/lag)); on-call acks.\n2. `14:05 UTC` — `helm rollback search 41`\n- 14:09 UTC — Helm rollback started:\n  `helm rollback search 41 --wait`\n- 2:20 PM UTC\n  all clusters healthy\n\nExecuted as planned, with one retry.",
    ));
    assert_eq!(
        descriptions(&analysis),
        [
            "Rollback started",
            "Lag alert fires ([Grafana](https://grafana.example/d/lag)); on-call acks.",
            "`helm rollback search 41`",
            "Helm rollback started: `helm rollback search 41 --wait`",
            "all clusters healthy",
            "Rollback ended",
        ]
    );
}

#[test]
fn the_index_dates_a_report_by_the_day_its_start_time_names() {
    for (start, end, day) in [
        (
            "2024-07-01 08:30 Asia/Tokyo",
            "2024-07-01 09:15 Asia/Tokyo",
            "2024-07-01",
        ),
        (
            "2024-06-01 00:30 Europe/Berlin",
            "2024-06-01 01:00 Europe/Berlin",
            "2024-06-01",
        ),
        (
            "2024-06-30 23:30 -07:00",
            "2024-07-01 00:15 -07:00",
            "2024-06-30",
        ),
    ] {
        let analysis = analyse(&with_times(start, end, "- 00:00 — x"));
        let entry = mdbook_rollback::index::IndexEntry::new(&analysis, None, None);
        assert_eq!(entry.date.as_deref(), Some(day), "{start}");
        assert_eq!(entry.date_source, Some("start-time"));
    }
}

#[test]
fn an_event_carried_on_drops_comments_and_stops_at_a_rule() {
    let analysis = analyse(&with_times(
        "2024-05-07 14:00 UTC",
        "2024-05-07 14:38 UTC",
        "- 14:02 UTC — Incident declared,\n  paged Tom <!-- Tom was asleep, do not publish --> and `ops`\n- 14:05 UTC — before the rule\n***\nLater notes, not part of the timeline.\n\n- 14:09 UTC — next see runbook <!-- internal: the\n\nsecret -->\n\n- 14:12 UTC — Deploy paused;\n  Sat on the decision a while.\n\n| Date | Time (UTC) | Event |\n|---|---|---|\n| 2024-05-07 | 14:15 <!-- approx --> | alert <!-- x --> fired |",
    ));
    assert_eq!(
        descriptions(&analysis),
        [
            "Rollback started",
            "Incident declared, paged Tom and `ops`",
            "before the rule",
            // A comment cannot span a blank line: mdBook shows its first line as text.
            "next see runbook <!-- internal: the",
            "Deploy paused; Sat on the decision a while.",
            "alert fired",
            "Rollback ended",
        ]
    );
}

#[test]
fn a_weekday_before_an_events_date_is_read() {
    let analysis = analyse(&with_times(
        "2024-05-07 14:00 UTC",
        "2024-05-07 14:38 UTC",
        "- Tuesday, May 7, 2024 2:05 PM UTC — paged\n- Tue 2024-05-07 14:09 UTC — rolled back",
    ));
    let events = timed(&analysis);
    assert_eq!(
        events[1..3],
        [
            ("2024-05-07T14:05:00Z".to_string(), "paged"),
            ("2024-05-07T14:09:00Z".to_string(), "rolled back"),
        ]
    );
}

/// "Next day" is said of the time as written, whose day it is: 00:40 CET after a start
/// at 23:30 UTC is the next day in CET, but the same UTC date.
#[test]
fn the_next_day_is_said_of_the_time_as_written() {
    let analysis = analyse(&with_times(
        "2024-03-14 23:30 UTC",
        "2024-03-15 00:10 UTC",
        "- 00:40 CET — fix deployed.\n- 00:05 UTC — paged.",
    ));
    let table = mdbook_rollback::render::timeline_table::render(&analysis);
    let row = |event: &str| row_of(&table, event);
    assert!(
        row("fix deployed").starts_with("|2024-03-14 23:40 (00:40 CET, next day)|"),
        "{table}"
    );
    assert!(
        row("paged").starts_with("|2024-03-15 00:05 (next day)|"),
        "{table}"
    );
    // Counted from a start in CET, a UTC time says whose day it is.
    let analysis = analyse(&with_times(
        "2024-03-15 00:30 CET",
        "2024-03-15 01:30 CET",
        "- 23:50 UTC — paged.",
    ));
    let table = mdbook_rollback::render::timeline_table::render(&analysis);
    assert!(
        table.contains("|2024-03-14 23:50 (23:50 UTC, day before)|"),
        "{table}"
    );
}

/// A clock time that daylight saving time skips or repeats is said, with how it was
/// read, rather than guessed silently.
#[test]
fn times_that_daylight_saving_skips_or_repeats_are_named() {
    let messages = |start: &str, end: &str| -> Vec<String> {
        let analysis = analyse(&with_times(start, end, "- 00:00 UTC — x"));
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == "ambiguous-time")
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(
        messages(
            "2024-03-31 02:30 Europe/Berlin",
            "2024-03-31 03:30 Europe/Berlin"
        ),
        [
            "Start Time `2024-03-31 02:30 Europe/Berlin` does not exist: the clocks in Europe/Berlin skip it that day (+01 to +02); it was read as if the clocks had not changed yet"
        ]
    );
    assert_eq!(
        messages(
            "2024-11-03 01:30 America/New_York",
            "2024-11-03 01:45 America/New_York"
        ),
        [
            "Start Time `2024-11-03 01:30 America/New_York` happens twice in America/New_York that day (-04, then -05); it was read as the first",
            "End Time `2024-11-03 01:45 America/New_York` happens twice in America/New_York that day (-04, then -05); it was read as the first",
        ]
    );
    assert!(
        messages(
            "2024-05-07 14:00 Europe/Berlin",
            "2024-05-07 14:38 Europe/Berlin"
        )
        .is_empty()
    );
    // Timeline events too: in Start Time's zone, or their own; a time of day on the day
    // it was moved to.
    let events = |start: &str, end: &str, events: &str| -> Vec<(String, String, usize)> {
        let analysis = analyse(&with_times(start, end, events));
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == "ambiguous-time")
            .map(|d| {
                let line = analysis.report.source.line_col(d.span.start).0;
                (d.message.clone(), d.help.clone(), line)
            })
            .collect()
    };
    let found = events(
        "2024-03-31 01:50 Europe/Berlin",
        "2024-03-31 03:40 Europe/Berlin",
        "- 02:10 Europe/Berlin — paused\n- 2024-03-31 02:20 — deploying\n- 03:10 CEST — done",
    );
    assert_eq!(
        found
            .iter()
            .map(|(m, h, _)| (m.as_str(), h.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                "Timeline time `02:10 Europe/Berlin` does not exist: the clocks in Europe/Berlin skip it that day (+01 to +02); it was read as if the clocks had not changed yet",
                "write the time the clocks showed after the change, or the offset it was read with: `02:10 +01`"
            ),
            (
                "Timeline time `2024-03-31 02:20` (read in Europe/Berlin, the zone of Start Time) does not exist: the clocks in Europe/Berlin skip it that day (+01 to +02); it was read as if the clocks had not changed yet",
                "write the time the clocks showed after the change, or the offset it was read with: `2024-03-31 02:20 +01`"
            ),
            (
                "this timeline event has no time zone; read as Europe/Berlin, the zone of Start Time",
                "write the zone after each time (`10:04 Europe/Berlin — …`), or once in the section's heading (`… (Europe/Berlin)`)"
            ),
        ]
    );
    assert_eq!(found[0].2 + 1, found[1].2, "{found:?}");
    // A time of day moved to the day after Start Time's is judged on that day.
    let found = events(
        "2024-11-04 00:10 America/New_York",
        "2024-11-04 00:40 America/New_York",
        "- 01:30 America/New_York — x",
    );
    assert!(found.is_empty(), "{found:?}");
    let found = events(
        "2024-11-03 23:50 America/New_York",
        "2024-11-04 00:40 America/New_York",
        "- 01:30 America/New_York — x",
    );
    assert!(found.is_empty(), "{found:?}");
    let found = events(
        "2024-11-03 00:50 America/New_York",
        "2024-11-03 03:00 America/New_York",
        "- 01:30 America/New_York — x",
    );
    assert_eq!(
        found[0].0,
        "Timeline time `01:30 America/New_York` happens twice in America/New_York that day (-04, then -05); it was read as the first"
    );
}

/// An End Time without a date that is read as more than 12 hours after the start (an
/// AM/PM slip, or a long night) says which day it took; a short one across midnight is
/// read without a word.
#[test]
fn an_end_time_without_a_date_far_after_the_start_is_named() {
    let said = |end: &str| -> Vec<String> {
        analyse(&with_times(
            "2024-05-02 2:05 PM UTC",
            end,
            "- 14:30 UTC — x",
        ))
        .diagnostics
        .iter()
        .filter(|d| d.rule == "ambiguous-time")
        .map(|d| format!("{} / {}", d.message, d.help))
        .collect()
    };
    assert_eq!(
        said("2:35 AM UTC"),
        [
            "End Time has no date, so it was read as `2024-05-03 2:35 AM UTC`, 12h 30m after Start Time / write the date (and check AM and PM): `End Time: 2024-05-03 2:35 AM UTC`"
        ]
    );
    assert!(said("2:35 PM UTC").is_empty());
    assert!(
        said("1:35 AM UTC").is_empty(),
        "11h 30m is within the half day"
    );
    assert!(
        said("2024-05-03 2:35 AM UTC").is_empty(),
        "a written date is taken as it is"
    );
}

/// Struck-through text is a correction: no severity, time or version is read from it.
#[test]
fn struck_text_is_no_fact() {
    let text = complete().replace("\nMedium\n", "\n~~Medium~~ High\n");
    let analysis = analyse(&text);
    assert_eq!(
        analysis.report.severity.value().map(String::as_str),
        Some("High")
    );
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics
    );
    let text = with_times(
        "2024-05-07 14:00 UTC",
        "~~2024-05-07 14:20 UTC~~ 2024-05-07 14:38 UTC",
        "- 14:30 UTC — x",
    );
    assert_eq!(
        analyse(&text)
            .timeline
            .metrics()
            .duration
            .map(whole_minutes),
        Some(38)
    );
}

/// A missing End Time is asked for after the start as written, rather than as a copy of
/// the Start Time example.
#[test]
fn a_missing_end_time_is_asked_for_on_the_reports_day() {
    let text = complete().replace("*   End Time: 2024-05-07 14:38 UTC\n", "");
    let helps: Vec<String> = analyse(&text)
        .diagnostics
        .iter()
        .filter(|d| d.rule == "invalid-time")
        .map(|d| d.help.clone())
        .collect();
    assert_eq!(
        helps,
        [
            "add a line `* End Time: 2024-05-07 14:45 UTC` to this section, with the time it happened"
        ]
    );
}

/// An End Time seconds before the start is before it: no duration on the card or in the
/// index, and never `−0m`; and the event range is judged in the minutes its message
/// names.
#[test]
fn seconds_before_the_start_are_before_it() {
    let analysis = analyse(&with_times(
        "2024-05-07 14:00:20 UTC",
        "2024-05-07 14:00 UTC",
        "- 2024-04-30 14:00 UTC — 3.2.0 released",
    ));
    let rules: Vec<&str> = analysis.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["time-order"], "{:?}", analysis.diagnostics);
    assert!(
        analysis.diagnostics[0]
            .message
            .contains("is before Start Time")
    );
    let entry = mdbook_rollback::index::IndexEntry::new(&analysis, None, None);
    assert_eq!(entry.duration_minutes, None);
    let card = mdbook_rollback::render::card::render(&analysis, "—", false);
    assert!(
        card.contains("|2024-05-07 14:00|2024-05-07 14:00|—|"),
        "{card}"
    );
    let table = mdbook_rollback::render::timeline_table::render(&analysis);
    assert!(!table.contains("−0m"), "{table}");
}
