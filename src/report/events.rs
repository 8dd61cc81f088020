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
/// descriptions keep their formatting. `code` (sorted) holds the code spans that `facts`
/// blanked: a line that ends in one keeps it.
pub fn read(
    source: &str,
    facts: &str,
    from: usize,
    labels: &StartEnd,
    code: &[Range<usize>],
) -> Vec<TimedLine> {
    let mut lines = Vec::new();
    for (mut span, line) in times::lines_where(facts, from..facts.len(), could_start_with_time) {
        if labels.is_label_line(&span) {
            continue;
        }
        span.end = with_trailing_code(facts, span.end, code);
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

/// Where a line that ends at `end` in `facts` ends in the original: past any code spans
/// (blanked in `facts`) that follow it on the same line, with only spaces between.
fn with_trailing_code(facts: &str, mut end: usize, code: &[Range<usize>]) -> usize {
    let first = code.partition_point(|c| c.start < end);
    for span in &code[first..] {
        // The gap and the blanked code are all spaces when the code is on this line.
        let on_this_line = facts
            .get(end..span.end)
            .is_some_and(|between| !between.contains('\n') && between.trim().is_empty());
        if !on_this_line {
            break;
        }
        end = span.end;
    }
    end
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

    fn no_labels() -> StartEnd {
        StartEnd {
            start: crate::report::Field::Absent,
            end: crate::report::Field::Absent,
        }
    }

    #[test]
    fn a_line_that_ends_in_code_keeps_it() {
        let source = "- 05:44 UTC — ran `deploy x`  `y`\n- 05:50 UTC — done `z`\n`w`\n";
        let ticks: Vec<usize> = source.match_indices('`').map(|(i, _)| i).collect();
        let code: Vec<Range<usize>> = ticks.chunks(2).map(|t| t[0]..t[1] + 1).collect();
        let mut facts = source.to_string();
        for span in &code {
            facts.replace_range(span.clone(), &" ".repeat(span.len()));
        }
        let lines = read(source, &facts, 0, &no_labels(), &code);
        let descriptions: Vec<_> = lines.iter().map(|l| l.description.as_str()).collect();
        assert_eq!(descriptions, ["ran `deploy x`  `y`", "done `z`"]);
        assert_eq!(&source[lines[1].span.clone()], "- 05:50 UTC — done `z`");
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
