//! The severity level, read from the severity section.

use super::Field;
use std::ops::Range;

/// Reads the severity from `facts[body]`. With `values` (from the template), a line that
/// is exactly a value wins; failing that, the first value named as a whole word, unless
/// a second one is given with it (`High/Critical`, `High or Critical`): then it is not
/// clear. Without values, the first line is taken as written.
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
    // The first line that names a value, the value it names first, and where that ends.
    let lowered: Vec<String> = lines.iter().map(|(_, line)| line.to_lowercase()).collect();
    let first_named = lowered.iter().enumerate().find_map(|(l, lower)| {
        values
            .iter()
            .filter_map(|v| whole_word(lower, &v.to_lowercase()).map(|(at, end)| (at, v, end)))
            .min_by_key(|(at, _, _)| *at)
            .map(|(_, value, end)| (l, value, end))
    });
    let Some((l, value, end)) = first_named else {
        return Field::Invalid {
            text: first,
            span: first_span,
            reason: "is not a severity level".into(),
        };
    };
    let (span, line) = &lines[l];
    let joined = crate::regex!(r"^\s*(?:/|,|&|\+|\bor\b|\band\b|→|->|\bto\b|–|—|-)\s*");
    let rest = &lowered[l][end..];
    let second = joined.find(rest).and_then(|sep| {
        values.iter().find(|v| {
            whole_word(&rest[sep.end()..], &v.to_lowercase()).is_some_and(|(at, _)| at == 0)
        })
    });
    match second {
        Some(second) if second != value => Field::Invalid {
            text: line.clone(),
            span: span.clone(),
            reason: format!("names more than one severity level ({value}, {second})"),
        },
        _ => Field::Present {
            value: value.clone(),
            span: span.clone(),
        },
    }
}

/// Where `word` first stands as a whole word in `text`.
fn whole_word(text: &str, word: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = text.get(from..)?.find(word) {
        let at = from + i;
        let end = at + word.len();
        let before_ok = !text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after_ok = !text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return Some((at, end));
        }
        from = end;
    }
    None
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
            ("**High** or Critical\n", "(High, Critical)"),
            ("Medium\n\nSome said high.\n", ""),
            ("It was high at first.\n\nMedium\n", ""),
            // A sentence that names another level later is not two answers.
            ("Medium — at peak, high traffic.\n", ""),
            ("**Medium** (the error rate stayed low)\n", ""),
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
