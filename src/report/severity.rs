//! The severity level, read from the severity section.

use super::Field;
use std::ops::Range;

/// Reads the severity from `facts[body]`. With `values` (from the template), a line that
/// is exactly a value wins; failing that, the one value the section names as a whole
/// word (two different ones are not a severity); without values, the first line is
/// taken as written.
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
    // Each value named as a whole word, where it is first named.
    let mut named: Vec<(usize, &String, Range<usize>)> = Vec::new();
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
                    if !named.iter().any(|(_, v, _)| *v == value) {
                        named.push((span.start + at, value, span.clone()));
                    }
                    break;
                }
                from = end;
            }
        }
    }
    named.sort_by_key(|(position, _, _)| *position);
    match named.as_slice() {
        [(_, value, span)] => Field::Present {
            value: (*value).clone(),
            span: span.clone(),
        },
        [(_, _, span), ..] => Field::Invalid {
            text: lines
                .iter()
                .find(|(line_span, _)| line_span == span)
                .map_or_else(|| first.clone(), |(_, line)| line.clone()),
            span: span.clone(),
            reason: format!(
                "names more than one severity level ({})",
                named
                    .iter()
                    .map(|(_, value, _)| value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        [] => Field::Invalid {
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
    fn two_values_are_not_a_severity_unless_a_line_is_one() {
        for (body, named) in [
            ("High/Critical\n", "(High, Critical)"),
            ("Low, later raised to Critical.\n", "(Low, Critical)"),
            ("Medium\n\nSome said high.\n", ""),
            ("It was high at first.\n\nMedium\n", ""),
        ] {
            match severity(body) {
                Field::Invalid { reason, .. } if !named.is_empty() => {
                    assert_eq!(
                        reason,
                        format!("names more than one severity level {named}")
                    );
                }
                Field::Present { value, .. } if named.is_empty() => {
                    assert_eq!(value, "Medium", "{body:?}");
                }
                other => panic!("{body:?}: {other:?}"),
            }
        }
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
