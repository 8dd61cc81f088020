//! Start and End Time, read from the time section (`Start Time: 2024-01-26 10:00 UTC`).

use super::Field;
use super::timestamp::{self, WrittenTime};
use std::ops::Range;

/// The Start and End Time of the rollback, as written.
#[derive(Debug, Clone)]
pub struct StartEnd {
    /// `Start Time: …`.
    pub start: Field<WrittenTime>,
    /// `End Time: …`.
    pub end: Field<WrittenTime>,
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

/// Reads `Start Time:` and `End Time:` lines from `facts[body]`.
pub fn read(facts: &str, body: Option<Range<usize>>) -> StartEnd {
    let mut found = StartEnd {
        start: Field::Absent,
        end: Field::Absent,
    };
    let Some(body) = body else {
        return found;
    };
    let label = crate::regex!(
        r"(?i)^(?:rollback\s+)?(start|end|finish)(?:ed)?(?:\s+(?:time|at))?\s*(?:\(utc\))?\s*(?P<sep>[:=\-–—])?\s*"
    );
    for (span, line) in lines(facts, body) {
        let Some(caps) = label.captures(&line) else {
            continue;
        };
        let (Some(word), Some(whole)) = (caps.get(1), caps.get(0)) else {
            continue;
        };
        let slot = if word.as_str().eq_ignore_ascii_case("start") {
            &mut found.start
        } else {
            &mut found.end
        };
        if !matches!(slot, Field::Absent) {
            continue;
        }
        let value = &line[whole.end()..];
        // `Start 2024-…` needs no separator; `Endpoint …` is not a label.
        let labelled = caps.name("sep").is_some()
            || value.is_empty()
            || value.starts_with(|c: char| c.is_ascii_digit());
        if !labelled {
            continue;
        }
        *slot = match timestamp::full(value) {
            Ok(time) => Field::Present { value: time, span },
            Err(err) => Field::Invalid {
                text: value.trim().to_string(),
                span,
                reason: err.0,
            },
        };
    }
    found
}

/// The non-blank lines of `text[range]`, each with its trimmed span and its text without
/// list markers, block quote markers, `*` emphasis or backticks.
pub fn lines(text: &str, range: Range<usize>) -> Vec<(Range<usize>, String)> {
    lines_where(text, range, |_| true)
}

/// As [`lines`], for the lines whose trimmed raw text passes `keep`.
pub fn lines_where(
    text: &str,
    range: Range<usize>,
    keep: impl Fn(&str) -> bool,
) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut offset = range.start;
    for raw in text[range.clone()].split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let content = raw.trim_end();
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
    let marker = crate::regex!(r"^(?:>\s*)*(?:(?:[-+*]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)?");
    marker.find(line).map_or(line, |m| &line[m.end()..])
}

/// A line without its list or quote marker, `*` emphasis and backticks.
pub fn clean_line(line: &str) -> String {
    let stripped = strip_marker(line);
    let mut cleaned = String::with_capacity(stripped.len());
    cleaned.extend(stripped.chars().filter(|c| !matches!(c, '*' | '`')));
    cleaned.truncate(cleaned.trim_end().len());
    let leading = cleaned.len() - cleaned.trim_start().len();
    cleaned.drain(..leading);
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_times_in_common_shapes() {
        let text = "*   Start Time: 2024-01-26 10:00 UTC\n- **End time:** 2024-01-26T10:45:00Z\n";
        let found = read(text, Some(0..text.len()));
        let start = found.start.value().unwrap();
        assert_eq!(start.original, "2024-01-26 10:00 UTC");
        assert_eq!(
            &text[found.start.span().unwrap()],
            "*   Start Time: 2024-01-26 10:00 UTC"
        );
        assert_eq!(found.end.value().unwrap().original, "2024-01-26T10:45:00Z");
    }

    #[test]
    fn bad_and_missing_times() {
        let text = "Start Time: soon\nNotes\n";
        let found = read(text, Some(0..text.len()));
        assert!(matches!(found.start, Field::Invalid { ref text, .. } if text == "soon"));
        assert!(matches!(found.end, Field::Absent));
        let text = "Endpoint was down\nStarted 2024-01-26 10:00 UTC\n";
        let found = read(text, Some(0..text.len()));
        assert!(found.start.value().is_some());
        assert!(matches!(found.end, Field::Absent));
    }

    #[test]
    fn lines_lose_their_markers() {
        assert_eq!(clean_line("> 1. **Start:** x"), "Start: x");
        assert_eq!(clean_line("- [x] done"), "done");
        assert_eq!(clean_line("America/New_York"), "America/New_York");
    }
}
