//! Start and End Time, read from the time section (`Start Time: 2024-01-26 10:00 UTC`).

use super::Field;
use super::tables;
use super::timestamp::{self, WrittenTime};
use std::ops::Range;

/// The Start and End Time of the rollback, as written.
#[derive(Debug, Clone)]
pub struct StartEnd {
    /// `Start Time: …`.
    pub start: Field<WrittenTime>,
    /// `End Time: …`.
    pub end: Field<WrittenTime>,
    /// Whether End Time was written without a date and took the day that fits it best
    /// (see [`end_on_start_date`]).
    pub end_date_taken: bool,
}

impl StartEnd {
    /// Whether `line` is the Start or End line (those are not timeline events).
    pub fn is_label_line(&self, line: &Range<usize>) -> bool {
        [&self.start, &self.end]
            .into_iter()
            .filter_map(|f| f.span())
            .any(|span| span.start >= line.start && span.start <= line.end)
    }
}

/// Reads `Start Time:` and `End Time:` lines from `facts[body]`, or the rows of a table
/// there: a label and a time (`| Start Time | 2024-… |`), or under a header of labels
/// (`| Start Time | End Time |`) the times in their columns. `tables` are the report's
/// tables, sorted. A time without a zone takes the one its label gives (`Start Time
/// (UTC):`, `| End (UTC) |`), else `section_zone`, the one the section's heading gives
/// (`Rollback Time (UTC)`).
pub fn read(
    facts: &str,
    body: Option<Range<usize>>,
    tables: &[Range<usize>],
    section_zone: Option<&str>,
) -> StartEnd {
    let mut found = StartEnd {
        start: Field::Absent,
        end: Field::Absent,
        end_date_taken: false,
    };
    let Some(body) = body else {
        return found;
    };
    // The labels of the columns of the table being read, when its header has any.
    let mut columns: Option<(usize, Vec<Option<ZonedLabel>>)> = None;
    for (span, mut line) in lines_broken(facts, body, |_| true, |_| true) {
        if let Some(row) = tables::row(facts, tables, span.clone()) {
            let cells: Vec<String> = tables::cell_texts(&facts[row.start..span.end])
                .iter()
                .map(|cell| super::shown::plain(cell))
                .collect();
            if row.is_header {
                // `| Start Time | End Time |` labels the columns; `| Start Time | 2024-… |`
                // is a first pair; `| Field | Value |` is neither.
                let holds_time = cells.iter().any(|c| timestamp::leading(c).is_some());
                let labels: Vec<Option<ZonedLabel>> = cells.iter().map(|c| Label::of(c)).collect();
                columns = (!holds_time && labels.iter().any(Option::is_some))
                    .then_some((row.table, labels));
                if !holds_time {
                    continue;
                }
            }
            if row.is_delimiter {
                continue;
            }
            if let Some((table, labels)) = &columns
                && *table == row.table
            {
                for (label, value) in labels.iter().zip(&cells) {
                    if let Some((label, zone)) = label {
                        let zone = zone.as_deref().or(section_zone);
                        fill(label.slot(&mut found), value, zone, &span);
                    }
                }
                continue;
            }
            if let [label, value, ..] = cells.as_slice() {
                line = format!("{label}: {value}");
            }
        }
        let Some((label, value, zone)) = Label::split(&line) else {
            continue;
        };
        let zone = zone.as_deref().or(section_zone);
        fill(label.slot(&mut found), value, zone, &span);
    }
    end_on_start_date(&mut found);
    found
}

/// An End Time written without a date (`End Time: 09:57 UTC`) is on the day, of Start
/// Time's date and the days either side, that puts it soonest after the start: the
/// next day for a rollback across midnight, the day before for one whose zones differ.
/// Failing that, an End Time up to 2 hours before the start stays before it (a typo
/// `time-order` finds), and one further back goes on the next day (a rollback over 12
/// hours long).
fn end_on_start_date(found: &mut StartEnd) {
    let (Field::Present { value: start, .. }, Field::Invalid { text, span, .. }) =
        (&found.start, &found.end)
    else {
        return;
    };
    let Some(start_date) = start.date else {
        return;
    };
    // Only a time that lacks nothing but its date.
    let Some(Ok(bare)) = timestamp::leading(text) else {
        return;
    };
    if bare.has_date() {
        return;
    }
    let zone = start
        .zone
        .as_ref()
        .map_or(jiff::tz::TimeZone::UTC, |z| z.tz.clone());
    let Ok(started) = start.resolve(start_date, &zone) else {
        return;
    };
    let candidates: Vec<(WrittenTime, jiff::SignedDuration)> = [
        start_date.yesterday(),
        Ok(start_date),
        start_date.tomorrow(),
    ]
    .into_iter()
    .filter_map(|date| {
        let date = date.ok()?;
        let end = timestamp::full(&format!("{date} {text}")).ok()?;
        let ended = end.resolve(date, &zone).ok()?;
        Some((end, ended.duration_since(started)))
    })
    .collect();
    let hours = jiff::SignedDuration::from_hours;
    let soonest_after = |most: jiff::SignedDuration| {
        candidates
            .iter()
            .filter(|(_, after)| !after.is_negative() && *after <= most)
            .min_by_key(|(_, after)| *after)
    };
    // A few minutes before the start is a typo in the time; half a day or more after it,
    // a long rollback.
    let just_before = || {
        candidates
            .iter()
            .filter(|(_, after)| after.is_negative() && *after >= -hours(2))
            .max_by_key(|(_, after)| *after)
    };
    let chosen = soonest_after(hours(12))
        .or_else(just_before)
        .or_else(|| soonest_after(hours(48)));
    if let Some((end, _)) = chosen {
        found.end = Field::Present {
            value: end.clone(),
            span: span.clone(),
        };
        found.end_date_taken = true;
    }
}

/// A label and the zone its note gives (`End (UTC)`).
type ZonedLabel = (Label, Option<String>);

/// Which time a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Start,
    End,
}

impl Label {
    /// The label that begins `line` (`Start Time:`, `**End time** —`, `Started`), the
    /// value after it, and the zone a note in the label gives (`Start Time (UTC):`).
    fn split(line: &str) -> Option<(Label, &str, Option<String>)> {
        // An emoji before the label is decoration (`⏱️ Start Time:`).
        let line = line.trim_start_matches(|c: char| {
            c.is_whitespace() || (!c.is_ascii() && !c.is_alphanumeric())
        });
        let caps = crate::regex!(
            r"(?i)^(?:rollback\s+)?(start|began|end|finish|resolve|complete)(?:ed|d)?(?P<time>\s+(?:time|at))?\s*(?P<note>\([^()\n]{1,40}\))?\s*(?P<sep>[:=\-–—])?\s*"
        )
        .captures(line)?;
        // A note may give the zone (`Start Time (UTC)`) or remark (`Start Time
        // (approx.)`); after a bare `Start` it must be a zone (`Start (scheduled)` is
        // another time).
        let zone = caps
            .name("note")
            .and_then(|note| timestamp::zone_note(note.as_str()));
        if caps.name("note").is_some() && zone.is_none() && caps.name("time").is_none() {
            return None;
        }
        let (word, whole) = (caps.get(1)?, caps.get(0)?);
        let value = &line[whole.end()..];
        // `Start 2024-…` needs no separator; `Endpoint …` is not a label. The words teams
        // use besides (`Resolved at: 09:50`) are labels only with a `:` or `=` and a time
        // after it, as they begin prose too (`Completed 3 of 4 regions`, `Resolved — …`).
        let plain = ["start", "end", "finish"]
            .iter()
            .any(|w| word.as_str().eq_ignore_ascii_case(w));
        let separator = caps.name("sep").map(|s| s.as_str());
        let labelled = if plain {
            separator.is_some()
                || value.is_empty()
                || value.starts_with(|c: char| c.is_ascii_digit())
        } else {
            matches!(separator, Some(":" | "=")) && value.starts_with(|c: char| c.is_ascii_digit())
        };
        let started = ["start", "began"];
        let label = if started
            .iter()
            .any(|s| word.as_str().eq_ignore_ascii_case(s))
        {
            Label::Start
        } else {
            Label::End
        };
        labelled.then_some((label, value, zone))
    }

    /// The label that a whole table cell is (`Start Time`, `End (UTC)`), and its zone.
    fn of(cell: &str) -> Option<ZonedLabel> {
        Label::split(cell)
            .filter(|(_, value, _)| value.is_empty())
            .map(|(label, _, zone)| (label, zone))
    }

    /// Where the time it names goes.
    fn slot(self, found: &mut StartEnd) -> &mut Field<WrittenTime> {
        match self {
            Label::Start => &mut found.start,
            Label::End => &mut found.end,
        }
    }
}

/// Reads `value` into `slot`, unless it has one already; a value that is a time and
/// nothing else, without a zone, is in `zone` when one is given.
fn fill(slot: &mut Field<WrittenTime>, value: &str, zone: Option<&str>, span: &Range<usize>) {
    if !matches!(slot, Field::Absent) {
        return;
    }
    // The zone goes right after the time, before any remark (`10:00 (approx.)`).
    let zoned;
    let trimmed = value.trim();
    let value = match (zone, timestamp::leading(trimmed)) {
        (Some(zone), Some(Ok(time)))
            if time.zone.is_none() && trimmed.is_char_boundary(time.len) =>
        {
            let (time, rest) = trimmed.split_at(time.len);
            zoned = format!("{} {zone} {}", time.trim_end(), rest.trim_start());
            zoned.as_str()
        }
        _ => value,
    };
    let span = span.clone();
    *slot = match timestamp::full(value) {
        Ok(time) => Field::Present { value: time, span },
        Err(err) => Field::Invalid {
            text: value.trim().to_string(),
            span,
            reason: err.0,
        },
    };
}

/// The non-blank lines of `text[range]`, each with its trimmed span and its text without
/// list markers, block quote markers, `*` emphasis or backticks. A `<br>` does not end a
/// line (a person's note may follow one).
pub fn lines(text: &str, range: Range<usize>) -> Vec<(Range<usize>, String)> {
    lines_broken(text, range, |_| true, |_| false)
}

/// As [`lines`], for the lines whose trimmed raw text passes `keep`, where a `<br>`
/// (Confluence's line break) outside a table ends a line too when what follows it passes
/// `ends_line` (`Start Time: …<br>End Time: …`, or an event after an event).
pub fn lines_broken(
    text: &str,
    range: Range<usize>,
    keep: impl Fn(&str) -> bool,
    ends_line: impl Fn(&str) -> bool,
) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut offset = range.start;
    let pieces = text[range.clone()].split_inclusive('\n').flat_map(|raw| {
        let breaks = (raw.contains("<br") || raw.contains("<BR")) && !raw.contains('|');
        let mut pieces = Vec::new();
        let mut from = 0;
        if breaks {
            for found in crate::regex!(r"(?i)<br\s*/?>").find_iter(raw) {
                if ends_line(raw[found.end()..].trim_start()) {
                    pieces.push(&raw[from..found.end()]);
                    from = found.end();
                }
            }
        }
        pieces.push(&raw[from..]);
        pieces
    });
    for raw in pieces {
        let line_start = offset;
        offset += raw.len();
        let mut content = raw.trim_end();
        if content.ends_with('>') {
            content = crate::regex!(r"(?i)<br\s*/?>$")
                .find(content)
                .map_or(content, |found| content[..found.start()].trim_end());
        }
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim_start();
        if trimmed.is_empty() || !keep(trimmed) {
            continue;
        }
        let cleaned = clean_line(trimmed);
        if cleaned.is_empty() {
            continue;
        }
        out.push((line_start + lead..line_start + content.len(), cleaned));
    }
    out
}

/// A line without its block quote markers, list marker and task box.
pub fn strip_marker(line: &str) -> &str {
    // Most lines begin with none of the markers; they skip the pattern.
    if !line.starts_with(|c: char| {
        matches!(c, '>' | '-' | '+' | '*') || c.is_ascii_digit() || !c.is_ascii()
    }) {
        return line;
    }
    match marker_end(line) {
        Some(end) => &line[end..],
        None => crate::regex!(MARKER)
            .find(line)
            .map_or(line, |m| &line[m.end()..]),
    }
}

/// Block quote markers, then a list marker and a task box.
const MARKER: &str = r"^(?:>\s*)*(?:(?:[-+*]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)?";

/// Where [`MARKER`] ends on `line`, found by hand; `None` when a character that is not
/// ASCII stands where the pattern asks for a space or a digit (`\s` and `\d` take
/// every script's), and the pattern must decide.
fn marker_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let spaces = |at: usize| -> Option<usize> {
        let count = bytes[at..]
            .iter()
            .take_while(|b| matches!(b, b'\t'..=b'\r' | b' '))
            .count();
        match bytes.get(at + count) {
            Some(b) if !b.is_ascii() => None,
            _ => Some(count),
        }
    };
    let mut at = 0;
    while bytes.get(at) == Some(&b'>') {
        at += 1;
        at += spaces(at)?;
    }
    let marker = match bytes.get(at) {
        Some(b'-' | b'+' | b'*') => 1,
        Some(b) if b.is_ascii_digit() => {
            let digits = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            match bytes.get(at + digits) {
                Some(b'.' | b')') if digits <= 9 => digits + 1,
                Some(b) if digits < 9 && !b.is_ascii() => return None,
                _ => 0,
            }
        }
        Some(b) if !b.is_ascii() => return None,
        _ => 0,
    };
    if marker == 0 {
        return Some(at);
    }
    let gap = spaces(at + marker)?;
    if gap == 0 {
        return Some(at);
    }
    let mut end = at + marker + gap;
    if bytes.get(end) == Some(&b'[')
        && matches!(bytes.get(end + 1), Some(b' ' | b'x' | b'X'))
        && bytes.get(end + 2) == Some(&b']')
    {
        let gap = spaces(end + 3)?;
        if gap > 0 {
            end += 3 + gap;
        }
    }
    Some(end)
}

/// A line without its list or quote marker, `*` emphasis and backticks, read as it
/// shows: backslash escapes (`2024\-03\-14`, a trailing `\` line break), spaces that are
/// no ASCII space (a no-break space, `&nbsp;`, the narrow one before `AM`) and marks that
/// show nothing (a zero-width space), as pasted from Google Docs, Confluence or Jira.
pub fn clean_line(line: &str) -> String {
    let shown;
    let line = if line.is_ascii() && !line.contains(['\\', '&', '<']) {
        line
    } else {
        shown = super::shown::plain(line);
        &shown
    };
    let stripped = strip_marker(line);
    let mut cleaned = String::with_capacity(stripped.len());
    for piece in stripped.split(['*', '`']) {
        cleaned.push_str(piece);
    }
    cleaned.truncate(cleaned.trim_end().len());
    let leading = cleaned.len() - cleaned.trim_start().len();
    cleaned.drain(..leading);
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_read_as_it_shows() {
        for (written, read) in [
            (
                "* Start Time: 2024-03-14\u{a0}09:12\u{a0}CET",
                "Start Time: 2024-03-14 09:12 CET",
            ),
            (
                "Start Time:&nbsp;Mar 14, 2024, 9:12\u{202f}AM UTC",
                "Start Time: Mar 14, 2024, 9:12 AM UTC",
            ),
            (
                "Start Time: 2024\\-03\\-14 09:12 UTC\\",
                "Start Time: 2024-03-14 09:12 UTC",
            ),
            (
                "\\- 09:12 UTC \\- Incident\u{200b} declared",
                "09:12 UTC - Incident declared",
            ),
            ("C:\\temp \\d", "C:\\temp \\d"),
            (
                "<p><strong>Start Time:</strong> 2024-03-14 09:12 UTC</p>",
                "Start Time: 2024-03-14 09:12 UTC",
            ),
            (
                "See <https://x.example/a> <name>",
                "See <https://x.example/a>",
            ),
        ] {
            assert_eq!(clean_line(written), read, "{written:?}");
        }
    }

    #[test]
    fn an_end_time_without_a_date_is_on_start_times_date() {
        for (start, end, expected) in [
            ("2024-03-14 09:12 UTC", "09:57 UTC", "2024-03-14 09:57 UTC"),
            ("2024-03-14 23:40 CET", "00:25", "2024-03-15 00:25"),
            ("2024-03-14 23:40 CET", "23:10 UTC", "2024-03-14 23:10 UTC"),
            ("2024-03-14 00:30 CET", "23:50 UTC", "2024-03-13 23:50 UTC"),
            // A typo stays before the start, for `time-order` to find.
            ("2024-03-14 09:12 UTC", "09:10 UTC", "2024-03-14 09:10 UTC"),
            ("2024-03-14 20:00 UTC", "08:30 UTC", "2024-03-15 08:30 UTC"),
        ] {
            let text = format!("* Start Time: {start}\n* End Time: {end}\n");
            let found = read(&text, Some(0..text.len()), &[], None);
            assert_eq!(found.end.value().unwrap().original, expected, "{end}");
        }
        // A start without a date gives none.
        let text = "* Start Time: 09:12 UTC\n* End Time: 09:57 UTC\n";
        assert!(
            read(text, Some(0..text.len()), &[], None)
                .end
                .value()
                .is_none()
        );
    }

    #[test]
    fn labelled_times_in_common_shapes() {
        let text = "*   Start Time: 2024-01-26 10:00 UTC\n- **End time:** 2024-01-26T10:45:00Z\n";
        let found = read(text, Some(0..text.len()), &[], None);
        let start = found.start.value().unwrap();
        assert_eq!(start.original, "2024-01-26 10:00 UTC");
        assert_eq!(
            &text[found.start.span().unwrap()],
            "*   Start Time: 2024-01-26 10:00 UTC"
        );
        assert_eq!(found.end.value().unwrap().original, "2024-01-26T10:45:00Z");
        // The labels teams write instead.
        for (start, end) in [
            ("Started at", "Resolved at"),
            ("Began", "Completed"),
            ("Rollback started", "Rollback finished"),
        ] {
            let text = format!("* {start}: 2024-01-26 10:00 UTC\n* {end}: 2024-01-26 10:45 UTC\n");
            let found = read(&text, Some(0..text.len()), &[], None);
            assert!(
                found.start.value().is_some() && found.end.value().is_some(),
                "{text}"
            );
        }
        // Prose that begins with those words is no label.
        for prose in [
            "Resolved the pager alert by hand.",
            "Completed: yes",
            "Completed 3 of 4 regions before the pause.",
            "Resolved — customer confirmed",
            "Began 2 minutes after the page.",
            "Resolved at 09:50 the alert, then verified",
            "Completed",
        ] {
            let text = format!(
                "{prose}\n* Start Time: 2024-01-26 10:00 UTC\n* End Time: 2024-01-26 10:45 UTC\n"
            );
            let found = read(&text, Some(0..text.len()), &[], None);
            assert_eq!(
                found.start.value().map(|v| v.original.as_str()),
                Some("2024-01-26 10:00 UTC"),
                "{prose}"
            );
            assert_eq!(
                found.end.value().map(|v| v.original.as_str()),
                Some("2024-01-26 10:45 UTC"),
                "{prose}"
            );
        }
    }

    /// A time without a zone is in the zone its label's note gives, else the heading's;
    /// one with a zone keeps it, and a note that is no zone gives none.
    #[test]
    fn a_zone_in_a_note_applies_to_the_times() {
        // Start and End as read, in a table when there is one, in `zone` by default.
        let read_in = |text: &str, zone: Option<&str>| {
            let tables = crate::report::markdown::scan(text, 0).tables;
            let found = read(text, Some(0..text.len()), &tables, zone);
            [found.start, found.end].map(|f| match f {
                Field::Present { value, .. } => value.original,
                Field::Invalid { text, .. } => format!("invalid: {text}"),
                Field::Absent => "absent".to_string(),
            })
        };
        let text =
            "* Start Time (UTC): 2024-01-26 10:00\n* End Time (Europe/Berlin): 2024-01-26 11:45\n";
        assert_eq!(
            read_in(text, None),
            ["2024-01-26 10:00 UTC", "2024-01-26 11:45 Europe/Berlin"]
        );
        let text = "* Start Time: 2024-01-26 10:00 (approx.)\n* End Time: 2024-01-26 10:45 CET\n";
        assert_eq!(
            read_in(text, Some("UTC")),
            ["2024-01-26 10:00 UTC", "2024-01-26 10:45 CET"]
        );
        // A note that remarks keeps its label; after a bare label, it is another time
        // (a planned window).
        let text =
            "* Start Time (approx.): 2024-01-26 10:00 UTC\n* End Time (UTC): 2024-01-26 10:45h\n";
        assert_eq!(
            read_in(text, None),
            ["2024-01-26 10:00 UTC", "invalid: 2024-01-26 10:45 UTC h"]
        );
        let text = "* Start (scheduled): 2024-01-26 09:30 UTC\n* Start Time: 2024-01-26 10:00 UTC\n* End (planned window): 2024-01-26 12:00 UTC\n* End Time: 2024-01-26 10:45 UTC\n";
        assert_eq!(
            read_in(text, None),
            ["2024-01-26 10:00 UTC", "2024-01-26 10:45 UTC"]
        );
        let text =
            "| Start (UTC) | End (UTC) |\n|---|---|\n| 2024-01-26 10:00 | 2024-01-26 10:45 |\n";
        assert_eq!(
            read_in(text, None),
            ["2024-01-26 10:00 UTC", "2024-01-26 10:45 UTC"]
        );
    }

    #[test]
    fn labelled_times_in_a_table() {
        let read_table = |text: &str| {
            let tables = crate::report::markdown::scan(text, 0).tables;
            read(text, Some(0..text.len()), &tables, None)
        };
        for text in [
            "| Field | Value |\n|---|---|\n| **Start Time** | 2024-01-26 10:00 UTC |\n| End Time | later |\n",
            "> | Field | Value |\n> |---|---|\n> | **Start Time** | 2024-01-26 10:00 UTC |\n> | End Time | later |\n",
        ] {
            let found = read_table(text);
            let start = found.start.value().map(|t| t.original.as_str());
            assert_eq!(start, Some("2024-01-26 10:00 UTC"), "{text}");
            assert!(matches!(found.end, Field::Invalid { ref text, .. } if text == "later"));
            assert!(text[found.end.span().unwrap()].ends_with("| End Time | later |"));
        }
        // Without a header of its own, the first pair is the header; a header of labels
        // has the times in their columns.
        for text in [
            "| Start Time | 2024-01-26 10:00 UTC |\n|---|---|\n| End Time | 2024-01-26 10:45 UTC |\n",
            "| Start Time | End Time (UTC) |\n|---|---|\n| 2024-01-26 10:00 UTC | 2024-01-26 10:45 UTC |\n",
        ] {
            let found = read_table(text);
            let times = [&found.start, &found.end].map(|t| t.value().map(|t| t.original.clone()));
            assert_eq!(
                times,
                [
                    Some("2024-01-26 10:00 UTC".to_string()),
                    Some("2024-01-26 10:45 UTC".to_string())
                ],
                "{text}"
            );
        }
    }

    #[test]
    fn bad_and_missing_times() {
        let text = "Start Time: soon\nNotes\n";
        let found = read(text, Some(0..text.len()), &[], None);
        assert!(matches!(found.start, Field::Invalid { ref text, .. } if text == "soon"));
        assert!(matches!(found.end, Field::Absent));
        let text = "Endpoint was down\nStarted 2024-01-26 10:00 UTC\n";
        let found = read(text, Some(0..text.len()), &[], None);
        assert!(found.start.value().is_some());
        assert!(matches!(found.end, Field::Absent));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The hand-found marker is the pattern's, and only text that is not ASCII is
        /// left to the pattern.
        #[test]
        fn the_marker_by_hand_is_the_pattern(line in "[> \x0b]{0,3}([-+*]|[0-9]{0,11}[٣]?)[.)]?[ \t\x0b\x0c\r\u{a0}]{0,2}(\\[[ xX]\\])?[ \u{a0}\x0c]?[a٣é]?") {
            let by_pattern = crate::regex!(MARKER).find(&line).map(|m| m.end());
            match marker_end(&line) {
                Some(end) => proptest::prop_assert_eq!(Some(end), by_pattern),
                None => proptest::prop_assert!(!line.is_ascii()),
            }
        }
    }

    #[test]
    fn lines_lose_their_markers() {
        assert_eq!(clean_line("> 1. **Start:** x"), "Start: x");
        assert_eq!(clean_line("- [x] done"), "done");
        assert_eq!(clean_line("America/New_York"), "America/New_York");
    }
}
