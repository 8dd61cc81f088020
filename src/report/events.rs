//! Timeline lines: every line of a report, in any section, that begins with a time
//! (`10:04 UTC — …`, `- 2024-03-14 22:25 UTC: …`). Start and End Time are not events.

use super::times::{self, StartEnd};
use super::timestamp::{self, TimeError, WrittenTime};
use std::ops::Range;

/// A line that begins with a time.
#[derive(Debug, Clone)]
pub struct TimedLine {
    /// The line.
    pub span: Range<usize>,
    /// The time as written, or why it is not a valid time.
    pub time: Result<WrittenTime, TimeError>,
    /// What happened: the Markdown after the time.
    pub description: String,
}

/// Reads the timed lines of `facts[from..]`; `source` is the original text, from which
/// descriptions keep their formatting.
pub fn read(source: &str, facts: &str, from: usize, labels: &StartEnd) -> Vec<TimedLine> {
    let mut lines = Vec::new();
    for (span, line) in times::lines_where(facts, from..facts.len(), could_start_with_time) {
        if labels.is_label_line(&span) {
            continue;
        }
        let time = match timestamp::leading(&line) {
            None => continue,
            Some(time) => time,
        };
        let description = match &time {
            Ok(written) => description(&source[span.clone()])
                .unwrap_or_else(|| trim_separator(&line[written.len..]).to_string()),
            Err(_) => String::new(),
        };
        if time.is_ok() && description.is_empty() {
            continue;
        }
        lines.push(TimedLine {
            span,
            time,
            description,
        });
    }
    lines
}

/// The Markdown after the time on an original line: `- **10:04 UTC** — ran `x`` gives
/// "ran `x`", with its formatting.
fn description(line: &str) -> Option<String> {
    let rest = times::strip_marker(line).trim_start_matches(['*', '_']);
    let written = timestamp::leading(rest)?.ok()?;
    let after = rest[written.len..].trim_start_matches(['*', '_']);
    Some(trim_separator(after).to_string())
}

/// Whether a raw line may begin with a time once its markers and emphasis are gone: a
/// cheap test that spares most lines the full parse.
fn could_start_with_time(line: &str) -> bool {
    times::strip_marker(line)
        .trim_start_matches(['*', '_', ' ', '\t'])
        .starts_with(|c: char| c.is_ascii_digit())
}

fn trim_separator(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | '|' | ',')
    })
    .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_test_keeps_every_timed_line() {
        for line in [
            "10:04 UTC — x",
            "- 10:04 — x",
            "> * **10:04** x",
            "1. 10:04 x",
            "- [x] 10:04 x",
            "2024-01-26 10:00",
        ] {
            assert!(could_start_with_time(line), "{line}");
        }
        for line in [
            "1. Freeze deploys",
            "- Step",
            "Start Time: 2024-01-26 10:00 UTC",
            "# 10:00",
        ] {
            assert!(!could_start_with_time(line), "{line}");
        }
    }

    #[test]
    fn descriptions_keep_their_markdown() {
        assert_eq!(
            description("- **10:04 UTC** — ran `deploy x` on *eu*").as_deref(),
            Some("ran `deploy x` on *eu*")
        );
        assert_eq!(
            description("1. 2024-01-26 10:04: done").as_deref(),
            Some("done")
        );
        assert_eq!(description("no time"), None);
    }
}
