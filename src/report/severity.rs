//! The severity level, read from the severity section.

use super::Field;
use std::ops::Range;

/// Reads the severity from `facts[body]`. With `values` (from the template), the first
/// value written as a whole word wins, and a line that is exactly a value is preferred;
/// without values, the first line is taken as written.
pub fn read(facts: &str, body: Option<Range<usize>>, values: &[String]) -> Field<String> {
    let Some(body) = body else {
        return Field::Absent;
    };
    let lines = super::times::lines(facts, body);
    let Some((first_span, first)) = lines.first().cloned() else {
        return Field::Absent;
    };
    if values.is_empty() {
        return Field::Present {
            value: first,
            span: first_span,
        };
    }
    let label = crate::regex!(r"(?i)^(?:severity(?:\s+level)?\s*[:=\-–—]\s*)");
    for (span, line) in &lines {
        let bare = label.replace(line, "");
        let bare = bare.trim().trim_matches(['.', '!', '`']);
        if let Some(value) = values.iter().find(|v| v.eq_ignore_ascii_case(bare)) {
            return Field::Present {
                value: value.clone(),
                span: span.clone(),
            };
        }
    }
    let mut best: Option<(usize, &String, Range<usize>)> = None;
    for (span, line) in &lines {
        for value in values {
            let lower = line.to_lowercase();
            let wanted = value.to_lowercase();
            let mut from = 0;
            while let Some(i) = lower[from..].find(&wanted) {
                let at = from + i;
                let end = at + wanted.len();
                let before_ok = !lower[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                let after_ok = !lower[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                if before_ok && after_ok {
                    let position = span.start + at;
                    if best.as_ref().is_none_or(|(p, _, _)| position < *p) {
                        best = Some((position, value, span.clone()));
                    }
                    break;
                }
                from = end;
            }
        }
    }
    match best {
        Some((_, value, span)) => Field::Present {
            value: value.clone(),
            span,
        },
        None => Field::Invalid {
            text: first,
            span: first_span,
            reason: "is not a severity level".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Vec<String> {
        ["Critical", "High", "Medium", "Low"]
            .map(String::from)
            .to_vec()
    }

    fn severity(body: &str) -> Field<String> {
        read(body, Some(0..body.len()), &values())
    }

    #[test]
    fn values_are_found_in_common_shapes() {
        assert_eq!(
            severity("\nHigh\n").value().map(String::as_str),
            Some("High")
        );
        assert_eq!(
            severity("**Severity:** critical\n")
                .value()
                .map(String::as_str),
            Some("Critical")
        );
        assert_eq!(
            severity("We rated this Medium because only EU users were hit.\n")
                .value()
                .map(String::as_str),
            Some("Medium")
        );
        assert_eq!(
            severity("- Low.\n").value().map(String::as_str),
            Some("Low")
        );
    }

    #[test]
    fn unknown_and_missing_values() {
        assert!(
            matches!(severity("Severe\n"), Field::Invalid { ref text, .. } if text == "Severe")
        );
        assert!(matches!(severity("Highest\n"), Field::Invalid { .. }));
        assert_eq!(severity("   \n\n"), Field::Absent);
        assert_eq!(read("x", None, &values()), Field::Absent);
    }
}
