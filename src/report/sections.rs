//! Headings as sections: numbering and titles normalised so that a report's headings
//! match the template's whatever their style.

use super::markdown::RawHeading;
use std::ops::Range;

/// A heading split into its number and its title, with a key for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingTitle {
    /// `"2.1"` for `2.1. Reason for Rollback`, when numbered.
    pub number: Option<String>,
    /// `"Reason for Rollback"`.
    pub title: String,
    /// `"reason for rollback"`: what headings are matched by.
    pub key: String,
}

impl HeadingTitle {
    /// Splits `"2.1. Reason for Rollback"` into `"2.1"` and `"Reason for Rollback"`.
    pub fn parse(text: &str) -> Self {
        let text = text.trim().trim_end_matches('#').trim();
        // An emoji before the number is decoration (`🚨 2.2. Severity Level`, `:rocket:
        // 3.2. Rollback Execution`).
        let text = text.trim_start_matches(|c: char| {
            c.is_whitespace() || (!c.is_ascii() && !c.is_alphanumeric())
        });
        let mut text = text;
        while let Some((first, rest)) = text.split_once(char::is_whitespace)
            && is_shortcode(first)
        {
            text = rest.trim_start();
        }
        let (number, title) = match split_number(text) {
            Some((number, title)) => (Some(number.to_string()), title.trim().to_string()),
            None => (None, text.to_string()),
        };
        let key = title_key(&title);
        HeadingTitle { number, title, key }
    }
}

/// The pattern of a numbered heading: `2.1. Title`, `Section 3 - Title`, `4) Title`,
/// `5: Title`, with any decimal digits (`２ Title`).
const NUMBERED: &str = r"^(?i:section\s+)?(\d+(?:\.\d+)*)\.?(?:\s*[:)\-–—]\s*|\s+)(\S.*)$";

/// Splits a numbered heading into its number and title, as [`NUMBERED`] does. An ASCII
/// heading (nearly every one) is split by hand, because every heading of every report
/// goes through here; any other goes through the pattern.
fn split_number(text: &str) -> Option<(&str, &str)> {
    if !text.is_ascii() {
        let caps = crate::regex!(NUMBERED).captures(text)?;
        return Some((caps.get(1)?.as_str(), caps.get(2)?.as_str()));
    }
    let after_section = text
        .get(..7)
        .filter(|word| word.eq_ignore_ascii_case("section"))
        .map(|_| &text[7..])
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(str::trim_start);
    let text = after_section.unwrap_or(text);
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let mut end = digits(text);
    if end == 0 {
        return None;
    }
    while text[end..].starts_with('.') && digits(&text[end + 1..]) > 0 {
        end += 1 + digits(&text[end + 1..]);
    }
    let number = &text[..end];
    let rest = text[end..].strip_prefix('.').unwrap_or(&text[end..]);
    let after_space = rest.trim_start();
    let spaced = after_space.len() < rest.len();
    let title = match after_space.chars().next() {
        Some(mark @ (':' | ')' | '-')) => match after_space[mark.len_utf8()..].trim_start() {
            "" if spaced => after_space,
            "" => return None,
            title => title,
        },
        _ if spaced => after_space,
        _ => return None,
    };
    (!title.is_empty() && !title.contains('\n')).then_some((number, title))
}

/// Lowercase, single-spaced, without trailing punctuation, a hyphen between words a
/// space: `"Rollback  Plan:"` → `"rollback plan"`, `"Post-Rollback Analysis"` →
/// `"post rollback analysis"`.
pub fn title_key(title: &str) -> String {
    let mut key = String::with_capacity(title.len());
    // Emoji and other signs around a word are decoration (`📝 Executive Summary`,
    // `Executive Summary :memo:`).
    let words = title
        .split_whitespace()
        .filter(|word| !is_shortcode(word))
        .flat_map(|word| word.split(['-', '‐', '–']))
        .map(|word| word.trim_matches(|c: char| !c.is_ascii() && !c.is_alphanumeric()))
        .filter(|word| !word.is_empty());
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        if word.is_ascii() {
            let from = key.len();
            key.push_str(word);
            key[from..].make_ascii_lowercase();
        } else {
            // `str::to_lowercase` knows a word-final `Σ`.
            key.push_str(&word.to_lowercase());
        }
    }
    let kept = key.trim_end_matches([':', '.', '#']).trim_end().len();
    key.truncate(kept);
    key
}

/// Whether a word is an emoji shortcode (`:rocket:`).
fn is_shortcode(word: &str) -> bool {
    word.len() > 2
        && word.starts_with(':')
        && word.ends_with(':')
        && word[1..word.len() - 1].bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'+' | b'-')
        })
}

/// A heading key without the notes in parentheses at its end: `rollback time (utc)` →
/// `rollback time`.
pub fn without_note(key: &str) -> &str {
    let mut key = key;
    while let Some(open) = key.strip_suffix(')').and_then(|k| k.rfind('(')) {
        key = key[..open].trim_end();
    }
    key
}

/// One heading of a report and the text it owns.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's level, 1 to 6.
    pub level: u8,
    /// The heading text as written.
    pub heading: String,
    /// Number, title and matching key.
    pub title: HeadingTitle,
    /// The heading's own bytes.
    pub heading_span: Range<usize>,
    /// The section's own content: from the end of its heading to the next heading that
    /// is a template section or is not deeper than this one.
    pub body: Range<usize>,
    /// The index of the template section this heading matched, if any.
    pub template_index: Option<usize>,
}

impl Section {
    /// Builds the sections of a body from its headings; `matcher` maps a heading key to
    /// a template section index. `end` is the end of the body.
    pub fn build(
        headings: Vec<RawHeading>,
        end: usize,
        mut matcher: impl FnMut(&HeadingTitle) -> Option<usize>,
    ) -> Vec<Section> {
        let titles: Vec<HeadingTitle> = headings
            .iter()
            .map(|h| HeadingTitle::parse(&h.text))
            .collect();
        let matched: Vec<Option<usize>> = titles.iter().map(&mut matcher).collect();
        let body_ends: Vec<usize> = headings
            .iter()
            .enumerate()
            .map(|(i, h)| {
                headings[i + 1..]
                    .iter()
                    .zip(&matched[i + 1..])
                    .find(|(next, m)| m.is_some() || next.level <= h.level)
                    .map_or(end, |(next, _)| next.span.start)
            })
            .collect();
        headings
            .into_iter()
            .zip(titles)
            .zip(body_ends)
            .enumerate()
            .map(|(i, ((h, title), body_end))| Section {
                level: h.level,
                heading: h.text,
                title,
                body: h.span.end.min(body_end)..body_end,
                heading_span: h.span,
                template_index: matched[i],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_any_digits_and_dashes() {
        for (heading, number, title) in [
            ("２ Severity", "２", "Severity"),
            ("٢. Severity Level", "٢", "Severity Level"),
            ("Section 3 — Rollback Plan", "3", "Rollback Plan"),
            ("4 – Lessons", "4", "Lessons"),
        ] {
            assert_eq!(split_number(heading), Some((number, title)), "{heading}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The hand-written split agrees with the pattern it stands for.
        #[test]
        fn split_number_is_the_pattern(text in "(section|SECTION|Section\t|sect)?[0-9.:)\\- \t\n#a]{0,12}") {
            let pattern = crate::regex!(NUMBERED);
            let text = text.trim().trim_end_matches('#').trim();
            let expected = pattern
                .captures(text)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            proptest::prop_assert_eq!(split_number(text), expected, "{:?}", text);
        }
    }

    #[test]
    fn numbering_styles_are_ignored() {
        for text in [
            "2.1. Reason for Rollback",
            "2.1 Reason for Rollback",
            "Reason for rollback",
            "2.1) REASON FOR ROLLBACK ##",
            "Section 2.1: Reason  for Rollback",
        ] {
            assert_eq!(
                HeadingTitle::parse(text).key,
                "reason for rollback",
                "{text}"
            );
        }
        assert_eq!(
            HeadingTitle::parse("1. Executive Summary")
                .number
                .as_deref(),
            Some("1")
        );
    }

    /// `Post Rollback Analysis` is the template's `Post-Rollback Analysis`.
    #[test]
    fn a_hyphen_between_words_is_a_space() {
        let key = |text: &str| HeadingTitle::parse(text).key;
        assert_eq!(
            key("4. Post-Rollback Analysis"),
            key("4. Post Rollback Analysis")
        );
        assert_eq!(key("On–call  - handover"), "on call handover");
        assert_eq!(key("3. -"), "");
    }

    #[test]
    fn emoji_around_a_title_are_decoration() {
        let key = |text: &str| HeadingTitle::parse(text).key;
        for decorated in [
            "1. Executive Summary 📝",
            "1. 🚨 Executive Summary",
            "1. Executive Summary ✅:",
            "🚨 1. Executive Summary",
            ":rocket: 1. Executive Summary :memo:",
        ] {
            assert_eq!(key(decorated), "executive summary", "{decorated}");
        }
        assert_eq!(key("Q&A ✓"), "q&a");
        assert_eq!(
            key("Zusammenfassung für Ärzte"),
            "zusammenfassung für ärzte"
        );
    }

    #[test]
    fn a_number_alone_is_a_title() {
        assert_eq!(HeadingTitle::parse("2024").title, "2024");
    }

    #[test]
    fn unknown_deeper_headings_belong_to_their_parent() {
        let h = |level, text: &str, start| RawHeading {
            level,
            text: text.into(),
            span: start..start + 5,
        };
        let headings = vec![
            h(2, "Plan", 0),
            h(3, "Notes", 10),
            h(3, "Time", 20),
            h(2, "Extra", 30),
        ];
        let sections = Section::build(headings, 40, |t| match t.key.as_str() {
            "plan" => Some(0),
            "time" => Some(1),
            _ => None,
        });
        assert_eq!(sections[0].body, 5..20);
        assert_eq!(sections[1].body, 15..20);
        assert_eq!(sections[2].body, 25..30);
        assert_eq!(sections[3].body, 35..40);
    }
}
