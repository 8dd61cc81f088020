//! The timeline of a rollback: Start and End Time, every line that begins with a time,
//! and the release of the "from" version; sorted, with elapsed times and durations.

use crate::report::Field;
use crate::report::Report;
use crate::report::timestamp::{WrittenTime, WrittenZone};
use crate::template::{Role, Template};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use std::ops::Range;

/// Start or End Time, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// The instant.
    pub at: Timestamp,
    /// The time as written.
    pub written: String,
    /// The zone as written, if any.
    pub zone: Option<String>,
    /// The line it is on.
    pub span: Range<usize>,
}

/// Where an event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Start Time.
    Start,
    /// End Time.
    End,
    /// A line of the report that begins with a time.
    Written,
    /// The "from" version's tag date, from git.
    Release,
}

/// One row of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The instant.
    pub at: Timestamp,
    /// The time as written (`10:04 CET`), or the tag date for a release.
    pub written: String,
    /// Whether the written time had a zone of its own.
    pub zoned: bool,
    /// What happened.
    pub description: String,
    /// The kind of event.
    pub kind: EventKind,
    /// Where it was read: a section heading, or `git`.
    pub source: String,
    /// The line it is on (empty for a release).
    pub span: Range<usize>,
    /// A time of day that was moved to the day after (or before) Start Time's date.
    pub shifted_days: i8,
    /// Whether its date was written (or it is Start, End or a release), rather than taken
    /// from Start Time.
    pub dated: bool,
}

/// A line that begins with something shaped like a time that is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidLine {
    /// The line.
    pub span: Range<usize>,
    /// Why.
    pub reason: String,
}

/// A report's timeline.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Start Time, when it parsed.
    pub start: Option<Anchor>,
    /// End Time, when it parsed.
    pub end: Option<Anchor>,
    /// Every event, sorted by time (Start, End and the release included).
    pub events: Vec<Event>,
    /// Lines that begin with a malformed time.
    pub invalid_lines: Vec<InvalidLine>,
    /// Lines of events written without a zone while Start Time has one.
    pub unzoned_events: Vec<Range<usize>>,
    /// Start Time's zone, which events without a zone are read in.
    pub reference_zone: Option<String>,
    /// Times (Start, End and events) at a clock time that daylight saving time skips or
    /// repeats in the zone they were read in.
    pub clock_changes: Vec<ClockChange>,
}

/// A time at a clock time that a change of the clocks skips (a gap) or repeats (a fold),
/// in the zone it was read in. A gap is read as if the clocks had not changed yet, a fold
/// as its first occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockChange {
    /// Start, End or a written event.
    pub kind: EventKind,
    /// The time as written.
    pub written: String,
    /// Whether a date was written with it.
    pub dated: bool,
    /// Whether it was written with its zone (rather than read in Start Time's).
    pub zoned: bool,
    /// The date and clock time it names.
    pub local: jiff::civil::DateTime,
    /// The zone it was read in, as written (Start Time's, for a time without one).
    pub zone: String,
    /// The offset before the change.
    pub before: jiff::tz::Offset,
    /// The offset after it.
    pub after: jiff::tz::Offset,
    /// Whether the clock time is skipped (a gap), rather than repeated (a fold).
    pub skipped: bool,
    /// The line it is on.
    pub span: Range<usize>,
}

/// The change of the clocks at `local` in `tz`, if that clock time is skipped or repeated.
fn clock_change(
    kind: EventKind,
    written: &WrittenTime,
    local: jiff::civil::DateTime,
    zone: &WrittenZone,
    span: &Range<usize>,
) -> Option<ClockChange> {
    use jiff::tz::AmbiguousOffset;
    let (before, after, skipped) = match zone.tz.to_ambiguous_timestamp(local).offset() {
        AmbiguousOffset::Unambiguous { .. } => return None,
        AmbiguousOffset::Gap { before, after } => (before, after, true),
        AmbiguousOffset::Fold { before, after } => (before, after, false),
    };
    Some(ClockChange {
        kind,
        written: written.original.clone(),
        dated: written.has_date(),
        zoned: written.zone.is_some(),
        local,
        zone: zone.label.clone(),
        before,
        after,
        skipped,
        span: span.clone(),
    })
}

/// The figures of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Metrics {
    /// End − Start.
    pub duration: Option<SignedDuration>,
    /// Start − the "from" version's release.
    pub release_to_start: Option<SignedDuration>,
    /// The number of events, Start and End included.
    pub events: usize,
}

impl Metrics {
    /// The time from release to rollback start in whole minutes.
    pub fn release_to_start_minutes(&self) -> Option<i64> {
        self.release_to_start.map(whole_minutes)
    }
}

/// A time of day moves to the day before or after when that brings it this much nearer.
const DAY_SHIFT_HOURS: i64 = 12;

impl Timeline {
    /// Reads the timeline of a report.
    pub fn build(report: &Report, template: &Template) -> Timeline {
        let mut timeline = Timeline::default();
        let time_heading = template
            .section_with(Role::Time)
            .and_then(|t| template.sections.get(t))
            .map_or_else(|| "Start/End Time".to_string(), |s| s.heading.clone());
        let start_zone = match &report.times.start {
            Field::Present { value, .. } => value.zone.as_ref(),
            _ => None,
        };
        let start_tz = start_zone.map(|z| z.tz.clone());
        let mut clock_changes = Vec::new();
        // A time without a zone is read in Start Time's zone, or in UTC.
        let mut resolve_anchor = |field: &Field<WrittenTime>, kind| -> Option<Anchor> {
            let Field::Present { value, span } = field else {
                return None;
            };
            let date = value.date?;
            let at = value
                .resolve(date, start_tz.as_ref().unwrap_or(&TimeZone::UTC))
                .ok()?;
            if let Some(zone) = value.zone.as_ref().or(start_zone) {
                let local = jiff::civil::DateTime::from_parts(date, value.time);
                clock_changes.extend(clock_change(kind, value, local, zone, span));
            }
            Some(Anchor {
                at,
                written: value.original.clone(),
                zone: value.zone.as_ref().map(|z| z.label.clone()),
                span: span.clone(),
            })
        };
        timeline.start = resolve_anchor(&report.times.start, EventKind::Start);
        timeline.end = resolve_anchor(&report.times.end, EventKind::End);
        timeline.reference_zone = timeline.start.as_ref().and_then(|s| s.zone.clone());
        for (anchor, kind, label) in [
            (&timeline.start, EventKind::Start, "Rollback started"),
            (&timeline.end, EventKind::End, "Rollback ended"),
        ] {
            if let Some(anchor) = anchor {
                timeline.events.push(Event {
                    at: anchor.at,
                    written: anchor.written.clone(),
                    zoned: anchor.zone.is_some(),
                    description: label.to_string(),
                    kind,
                    source: time_heading.clone(),
                    span: anchor.span.clone(),
                    shifted_days: 0,
                    dated: true,
                });
            }
        }
        let tz = start_tz.clone().unwrap_or(TimeZone::UTC);
        let start_date = timeline
            .start
            .as_ref()
            .map(|s| s.at.to_zoned_datetime(tz.clone()).date());
        for line in &report.timed_lines {
            let span = line.span.clone();
            let written = match &line.time {
                Err(err) => {
                    timeline.invalid_lines.push(InvalidLine {
                        span,
                        reason: err.0.clone(),
                    });
                    continue;
                }
                Ok(written) => written,
            };
            let description = line.description.clone();
            // A date without a year is in the rollback's year, or the next or last one
            // if that is nearer (`Dec 31` … `Jan 1`).
            let month_day = written
                .month_day
                .zip(start_date)
                .map(|((month, day), start)| {
                    let year = match month - start.month() {
                        7.. => start.year() - 1,
                        ..-6 => start.year() + 1,
                        _ => start.year(),
                    };
                    jiff::civil::Date::new(year, month, day).map_err(|e| e.to_string())
                });
            let date = match month_day {
                Some(Err(e)) => {
                    timeline.invalid_lines.push(InvalidLine {
                        span,
                        reason: format!("`{}` is not a valid date: {e}", written.original),
                    });
                    continue;
                }
                Some(Ok(date)) => {
                    if let Some(e) = crate::report::timestamp::weekday_mismatch(written, date) {
                        timeline
                            .invalid_lines
                            .push(InvalidLine { span, reason: e.0 });
                        continue;
                    }
                    Some(date)
                }
                None => written.date.or(start_date),
            };
            let Some(date) = date else {
                continue; // a time of day with no Start Time to date it
            };
            let Ok(mut at) = written.resolve(date, &tz) else {
                timeline.invalid_lines.push(InvalidLine {
                    span,
                    reason: format!("`{}` is out of range", written.original),
                });
                continue;
            };
            let mut shifted_days = 0;
            if let (None, None, Some(start)) = (written.date, written.month_day, &timeline.start) {
                // A time of day takes the day (Start's, the one before or the one after)
                // that puts it nearest the rollback, so `23:50 … 00:20` crosses midnight.
                let end = timeline
                    .end
                    .as_ref()
                    .map_or(start.at, |e| e.at.max(start.at));
                let distance = |t: Timestamp| {
                    if t < start.at {
                        start.at.duration_since(t)
                    } else if t > end {
                        t.duration_since(end)
                    } else {
                        SignedDuration::ZERO
                    }
                };
                let zoned = at.to_zoned_datetime(tz.clone());
                for (days, candidate) in [
                    (1, zoned.checked_add(1.day())),
                    (-1, zoned.checked_sub(1.day())),
                ] {
                    let Ok(candidate) = candidate else { continue };
                    let candidate = candidate.timestamp();
                    let gain = distance(at).saturating_sub(distance(candidate));
                    if gain > SignedDuration::from_hours(DAY_SHIFT_HOURS) {
                        at = candidate;
                        shifted_days = days;
                    }
                }
            }
            if written.zone.is_none() && timeline.reference_zone.is_some() {
                timeline.unzoned_events.push(span.clone());
            }
            // Read in its own zone, or Start Time's.
            if let Some(zone) = written.zone.as_ref().or(start_zone)
                && let Ok(day) = date.checked_add(i64::from(shifted_days).days())
            {
                let local = jiff::civil::DateTime::from_parts(day, written.time);
                clock_changes.extend(clock_change(
                    EventKind::Written,
                    written,
                    local,
                    zone,
                    &span,
                ));
            }
            timeline.events.push(Event {
                at,
                written: written.original.clone(),
                zoned: written.zone.is_some(),
                description,
                kind: EventKind::Written,
                source: source_of(report, template, span.start),
                span,
                shifted_days,
                dated: written.has_date(),
            });
        }
        timeline.clock_changes = clock_changes;
        timeline.sort();
        timeline
    }

    /// Adds the release of the "from" version (its tag date) as context. A tag dated
    /// after the rollback started was made later (a backfilled report, a re-created tag):
    /// it says nothing of when the release shipped, so it is left out.
    pub fn add_release(&mut self, tag: &str, at: Timestamp) {
        if self.start.as_ref().is_some_and(|start| at > start.at) {
            return;
        }
        self.events.push(Event {
            at,
            written: format_minute(at),
            zoned: true,
            description: format!("{tag} released (tagged)"),
            kind: EventKind::Release,
            source: "git".into(),
            span: 0..0,
            shifted_days: 0,
            dated: true,
        });
        self.sort();
    }

    fn sort(&mut self) {
        // At the same minute, Start comes first and End last.
        let rank = |kind: EventKind| match kind {
            EventKind::Start => 0,
            EventKind::Release | EventKind::Written => 1,
            EventKind::End => 2,
        };
        self.events
            .sort_by_key(|e| (e.at, rank(e.kind), e.span.start));
    }

    /// The timeline's figures.
    pub fn metrics(&self) -> Metrics {
        let duration = match (&self.start, &self.end) {
            (Some(start), Some(end)) => Some(end.at.duration_since(start.at)),
            _ => None,
        };
        let release = self.events.iter().find(|e| e.kind == EventKind::Release);
        let release_to_start = match (release, &self.start) {
            (Some(release), Some(start)) => Some(start.at.duration_since(release.at)),
            _ => None,
        };
        Metrics {
            duration,
            release_to_start,
            events: self
                .events
                .iter()
                .filter(|e| e.kind != EventKind::Release)
                .count(),
        }
    }
}

/// The heading of the section holding `offset`: a template section, or the nearest heading.
fn source_of(report: &Report, template: &Template, offset: usize) -> String {
    if let Some(t) = report.template_section_at(offset)
        && let Some(section) = template.sections.get(t)
    {
        return section.heading.clone();
    }
    report
        .sections
        .iter()
        .rev()
        .find(|s| s.heading_span.start <= offset)
        .map_or_else(|| "Report".to_string(), |s| s.heading.clone())
}

/// `2024-01-26 10:04`: an instant in UTC, to the minute, as `strftime("%Y-%m-%d %H:%M")`
/// writes it (negative years, the only ones outside 0 to 9999, still go through it).
pub fn format_minute(at: Timestamp) -> String {
    let civil = jiff::tz::Offset::UTC.to_datetime(at);
    let Ok(year) = u16::try_from(civil.year()) else {
        return at.strftime("%Y-%m-%d %H:%M").to_string();
    };
    let mut out = String::with_capacity(16);
    push_digits(&mut out, year, 4);
    for (separator, value) in [
        ('-', civil.month()),
        ('-', civil.day()),
        (' ', civil.hour()),
        (':', civil.minute()),
    ] {
        out.push(separator);
        push_digits(&mut out, u16::from(value.unsigned_abs()), 2);
    }
    out
}

/// Writes the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u16, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u16.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// A duration in minutes, to the nearest (half a minute away from zero): 59 seconds is a
/// minute, as the times shown to the minute suggest, and the index's medians are not
/// biased down.
pub fn whole_minutes(duration: SignedDuration) -> i64 {
    let seconds = duration.as_secs();
    seconds.signum() * seconds.unsigned_abs().saturating_add(30).div_euclid(60) as i64
}

/// `+4m`, `+1h 55m`, `-20m`, `+1d 2h`: a signed duration for the Elapsed column.
pub fn format_elapsed(duration: SignedDuration) -> String {
    let minutes = whole_minutes(duration);
    let mut out = String::from(if minutes < 0 { "−" } else { "+" });
    write_span(&mut out, minutes);
    out
}

/// `4m`, `1h 55m`, `2d 3h`: an unsigned duration, to the nearest minute.
pub fn format_span(duration: SignedDuration) -> String {
    let mut out = String::new();
    write_span(&mut out, whole_minutes(duration));
    out
}

/// Writes [`format_span`] of `minutes` to `out`.
fn write_span(out: &mut String, minutes: i64) {
    use std::fmt::Write as _;
    let minutes = minutes.unsigned_abs();
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    // Writing to a `String` cannot fail.
    let _ = match (days, hours, mins) {
        (0, 0, m) => write!(out, "{m}m"),
        (0, h, 0) => write!(out, "{h}h"),
        (0, h, m) => write!(out, "{h}h {m}m"),
        (d, 0, 0) => write!(out, "{d}d"),
        (d, h, 0) => write!(out, "{d}d {h}h"),
        (d, 0, m) => write!(out, "{d}d {m}m"),
        (d, h, m) => write!(out, "{d}d {h}h {m}m"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Minutes are written as `strftime` writes them, in every year jiff knows.
        #[test]
        fn minutes_are_written_as_strftime_writes_them(
            seconds in Timestamp::MIN.as_second()..=Timestamp::MAX.as_second(),
            near_now in 0i64..4_000_000_000,
        ) {
            for at in [seconds, near_now].map(|s| Timestamp::from_second(s).unwrap()) {
                proptest::prop_assert_eq!(format_minute(at), at.strftime("%Y-%m-%d %H:%M").to_string());
            }
        }
    }

    #[test]
    fn minutes_at_the_edges_of_the_years() {
        for (at, written) in [
            ("0000-01-01T00:00:00Z", "0000-01-01 00:00"),
            ("0999-12-31T23:59:59Z", "0999-12-31 23:59"),
            ("1000-01-01T00:00:00Z", "1000-01-01 00:00"),
            ("9999-12-30T22:00:00Z", "9999-12-30 22:00"),
        ] {
            assert_eq!(format_minute(at.parse().unwrap()), written, "{at}");
        }
        for edge in [Timestamp::MIN, Timestamp::MAX] {
            assert_eq!(
                format_minute(edge),
                edge.strftime("%Y-%m-%d %H:%M").to_string()
            );
        }
    }

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(format_elapsed(SignedDuration::from_mins(4)), "+4m");
        assert_eq!(format_elapsed(SignedDuration::from_mins(115)), "+1h 55m");
        assert_eq!(format_elapsed(SignedDuration::from_mins(-20)), "−20m");
        assert_eq!(format_elapsed(SignedDuration::from_mins(60)), "+1h");
        assert_eq!(
            format_span(SignedDuration::from_mins(1440 + 125)),
            "1d 2h 5m"
        );
        assert_eq!(format_span(SignedDuration::from_secs(59)), "1m");
        assert_eq!(format_span(SignedDuration::from_secs(29)), "0m");
        assert_eq!(format_span(SignedDuration::from_secs(90)), "2m");
        assert_eq!(format_elapsed(SignedDuration::from_secs(-29)), "+0m");
        assert_eq!(format_elapsed(SignedDuration::from_secs(-30)), "−1m");
        assert_eq!(format_elapsed(SignedDuration::from_secs(-89)), "−1m");
        assert_eq!(whole_minutes(SignedDuration::from_secs(3599)), 60);
        assert_eq!(whole_minutes(SignedDuration::MIN), -153_722_867_280_912_930);
        assert_eq!(whole_minutes(SignedDuration::MAX), 153_722_867_280_912_930);
        assert_eq!(format_span(SignedDuration::from_mins(1440 + 5)), "1d 5m");
    }
}
