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
    let mut lines = super::times::lines(facts, body);
    // `Sev 2` is `SEV2` on a numbered scale; elsewhere `High 2 regions down` is `High`.
    let numbered = values
        .iter()
        .any(|v| v.contains(|c: char| c.is_ascii_digit()));
    let key = |text: &str| key(text, numbered);
    let keys: Vec<String> = values.iter().map(|v| key(v)).collect();
    keep_the_marked(facts, &mut lines, &keys, numbered);
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
        let bare = key(bare.trim().trim_matches(['.', '!', '`', '|', ' ']));
        if let Some(value) = values
            .iter()
            .zip(&keys)
            .find(|(_, k)| **k == bare)
            .map(|(v, _)| v)
        {
            return Field::Present {
                value: value.clone(),
                span: span.clone(),
            };
        }
    }
    // The first line that names a value, the value it names first (or the one it was
    // changed to: `High, downgraded to Medium`), and where that ends. A value named with
    // `not` before it (`not critical`) is no answer.
    let lowered: Vec<String> = lines.iter().map(|(_, line)| key(line)).collect();
    let first_named = lowered.iter().enumerate().find_map(|(l, lower)| {
        let named: Vec<(usize, &String, usize)> = values
            .iter()
            .zip(&keys)
            .flat_map(|(v, k)| {
                whole_words(lower, k)
                    .into_iter()
                    .map(move |(at, end)| (at, v, end))
            })
            .filter(|(at, _, _)| !negated(&lower[..*at]))
            .collect();
        let changed = named
            .iter()
            .filter(|(at, _, _)| changed_to(&lower[..*at]))
            .max_by_key(|(at, _, _)| *at);
        changed
            .or_else(|| named.iter().min_by_key(|(at, _, _)| *at))
            .map(|(at, value, end)| (l, *at, *value, *end))
    });
    let Some((l, at, value, end)) = first_named else {
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
        values.iter().zip(&keys).find_map(|(v, k)| {
            whole_words(&rest[sep.end()..], k)
                .first()
                .is_some_and(|(at, _)| *at == 0)
                .then_some(v)
        })
    });
    // `Downgraded from High to Medium`: the level it was changed to.
    let changed = crate::regex!(r"\bfrom\s+$").is_match(&lowered[l][..at])
        && joined
            .find(rest)
            .is_some_and(|sep| crate::regex!(r"to|→|->").is_match(sep.as_str()));
    match second {
        Some(second) if changed => Field::Present {
            value: second.clone(),
            span: span.clone(),
        },
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

/// A checklist or a table of levels answers with what is ticked (`- [x] High`,
/// `| High | ✅ |`, `| High | x |`): when one line that names a level (`keys`) is marked
/// or left unmarked, only the marked `lines` stay.
fn keep_the_marked(
    facts: &str,
    lines: &mut Vec<(Range<usize>, String)>,
    keys: &[String],
    numbered: bool,
) {
    let key = |text: &str| key(text, numbered);
    let raw = |span: &Range<usize>| &facts[span.clone()];
    let checklist = |span: &Range<usize>| {
        crate::regex!(r"^(?:>\s*)*(?:[-+*]|\d{1,9}[.)])\s+\[([ xX])\]")
            .captures(raw(span))
            .and_then(|caps| caps.get(1))
            .map(|mark| mark.as_str() != " ")
    };
    // In a table row that names a level, whether another cell marks it (`✅`, `x`, `yes`)
    // or is left unmarked (empty, `no`, `☐`); a cell that says something else (what the
    // level means) is neither.
    let table_mark = |span: &Range<usize>| {
        let row = raw(span);
        if !row.contains('|') {
            return None;
        }
        let cells = super::tables::cell_texts(row);
        let plain = |cell: &str| cell.trim_matches(['*', '_', '`', ' ']).to_string();
        // `High` or `High (degraded)`.
        let level = cells.iter().position(|cell| {
            let cell = key(&plain(cell));
            keys.iter().any(|k| {
                whole_words(&cell, k)
                    .first()
                    .is_some_and(|(at, _)| *at == 0)
            })
        })?;
        let others: Vec<String> = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != level)
            .map(|(_, cell)| plain(cell))
            .collect();
        if others.iter().any(|cell| is_mark(cell)) {
            Some(true)
        } else if others.iter().all(|cell| is_unmarked(cell)) {
            Some(false)
        } else {
            None
        }
    };
    // Only a line that names a level is marked: `- [ ] Confirm with the SRE lead` and
    // `Verified ✓ by the on-call` choose nothing.
    let names_level = |line: &str| {
        let line = key(line);
        keys.iter().any(|k| !whole_words(&line, k).is_empty())
    };
    let marks: Vec<Option<bool>> = lines
        .iter()
        .map(|(span, line)| {
            if !names_level(line) {
                return None;
            }
            checklist(span).or_else(|| table_mark(span)).or_else(|| {
                let raw = raw(span);
                if raw.contains(['✅', '✔', '☑', '✓']) {
                    Some(true)
                } else {
                    raw.contains(['☐', '⬜', '□']).then_some(false)
                }
            })
        })
        .collect();
    // A level marked, or left unmarked, says the marks choose; a table of what each level
    // means marks none.
    if marks.iter().any(Option::is_some) {
        let mut marks = marks.into_iter();
        lines.retain(|_| marks.next() == Some(Some(true)));
    }
}

/// Whether a table cell marks its row as the answer.
fn is_mark(cell: &str) -> bool {
    crate::regex!(r"(?i)^(?:✅|✔️?|☑️?|✓|x|yes|y|selected|chosen|current|this one|●|◉|🟢|🔴|⬤)$")
        .is_match(cell)
}

/// Whether a table cell leaves its row unmarked.
fn is_unmarked(cell: &str) -> bool {
    crate::regex!(r"(?i)^(?:|no|n|-|—|–|❌|✗|✘|☐|⬜|□|○|\[ \]|0|false|unchecked)$").is_match(cell)
}

/// A level or a line as compared: lowercase, and on a `numbered` scale with no space or
/// hyphen between a word and its number (`Sev 2`, `SEV-2` and `sev2` are one level).
fn key(text: &str, numbered: bool) -> String {
    if !numbered {
        return text.to_lowercase();
    }
    crate::regex!(r"([a-z])[\s_-]+(\d)")
        .replace_all(&text.to_lowercase(), "$1$2")
        .into_owned()
}

/// Whether the words before a level deny it: `not critical`, `wasn't considered high`.
fn negated(before: &str) -> bool {
    crate::regex!(r"(?:\bnot|\bnever|n't|\bno\s+longer)(?:\s+\w+){0,2}\s+$").is_match(before)
}

/// Whether the words before a level say it was changed to it: `downgraded to`,
/// `raised to`, `reclassified as`.
fn changed_to(before: &str) -> bool {
    crate::regex!(
        r"\b(?:(?:down|up)grade[ds]?|escalated|raised|lowered|reduced|bumped|dropped|re-?classified|re-?rated|revised|changed)\s+(?:it\s+)?(?:to|as)\s+$"
    )
    .is_match(before)
}

/// Where `word` stands as a whole word in `text`, in order.
fn whole_words(text: &str, word: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|rest| rest.find(word)) {
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
            found.push((at, end));
        }
        from = end;
    }
    found
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
    fn a_checklist_or_table_answers_with_what_is_ticked() {
        for body in [
            "- [ ] Critical\n- [x] High\n- [ ] Medium\n- [ ] Low\n",
            "| Level | |\n|---|---|\n| Critical | |\n| High | ✅ |\n| Medium | |\n",
            "* [X] High\n* [ ] Low\n",
            "| Severity | |\n|---|---|\n| Critical | |\n| High | x |\n| Medium | |\n| Low | |\n",
            "| Level | Chosen |\n|---|---|\n| Critical | no |\n| **High** | **yes** |\n| Medium | ❌ |\n",
            "| Level | Description | Selected |\n|---|---|---|\n| Critical | Outage | |\n| High | Degraded | ✅ |\n| Low | Cosmetic | |\n",
            "| Level | |\n|---|---|\n| Critical (outage) | |\n| High (degraded) | ✅ |\n",
            "- ☐ Critical\n- ☑ High\n",
        ] {
            assert_eq!(
                severity(body).value().map(String::as_str),
                Some("High"),
                "{body:?}"
            );
        }
        assert_eq!(severity("- [ ] Critical\n- [ ] High\n"), Field::Absent);
        for body in [
            "Severity: High\n\n- [ ] Confirm with the SRE lead\n",
            "High\n\nVerified ✓ by the on-call.\n",
        ] {
            assert_eq!(
                severity(body).value().map(String::as_str),
                Some("High"),
                "{body:?}"
            );
        }
        assert!(matches!(
            severity("- [x] Critical\n- [x] High\n"),
            Field::Present { ref value, .. } if value == "Critical"
        ));
    }

    #[test]
    fn a_level_changed_to_or_denied_is_read_as_meant() {
        for (body, level) in [
            ("Downgraded from High to Medium.\n", "Medium"),
            ("Raised from Medium to Critical at 09:20.\n", "Critical"),
            ("From High → Low after triage.\n", "Low"),
            (
                "Initially declared High, downgraded to Medium after triage.\n",
                "Medium",
            ),
            (
                "We did not consider it critical at first; it was High.\n",
                "High",
            ),
            (
                "Not critical, but High: checkout failed for EU users.\n",
                "High",
            ),
            ("Medium, escalated to Critical at 09:40.\n", "Critical"),
            ("Medium — at peak, high traffic.\n", "Medium"),
            ("High 2 regions were down.\n", "High"),
            (
                "High\n\n| Level | Meaning |\n|---|---|\n| Critical | outage |\n| High | degraded |\n",
                "High",
            ),
        ] {
            assert_eq!(
                severity(body).value().map(String::as_str),
                Some(level),
                "{body:?}"
            );
        }
    }

    #[test]
    fn a_scale_of_numbered_levels_matches_however_it_is_spaced() {
        let values = ["SEV1", "SEV2", "SEV3"].map(String::from).to_vec();
        for (body, level) in [
            ("SEV-2\n", "SEV2"),
            ("Sev 1\n", "SEV1"),
            ("SEV 2 (High)\n", "SEV2"),
            ("We called it sev_3.\n", "SEV3"),
        ] {
            let found = read(body, Some(0..body.len()), &values);
            assert_eq!(found.value().map(String::as_str), Some(level), "{body:?}");
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
