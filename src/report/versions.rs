//! The versions a rollback went from and to: from front matter (`from-version`,
//! `to-version`), or from the body ("from 2.5.0 to 2.4.0", "2.5.0 → 2.4.0").

use super::Field;
use super::frontmatter::{FrontMatter, key_span};
use std::ops::Range;

/// The from and to versions.
#[derive(Debug, Clone)]
pub struct Versions {
    /// The version rolled back from.
    pub from: Field<semver::Version>,
    /// The version rolled back to.
    pub to: Field<semver::Version>,
}

/// Parses a version as people write it: semver, with an optional leading `v`, or a
/// calendar version with leading zeros (`2024.01.3`, compared as `2024.1.3`; its tag is
/// looked up as written).
pub fn parse_version(written: &str) -> Result<semver::Version, String> {
    let bare = written.trim();
    let bare = bare.strip_prefix(['v', 'V']).unwrap_or(bare);
    if crate::regex!(r"^\d{1,9}\.\d{1,9}\.\d{1,9}$").is_match(bare) {
        let numbers: Vec<&str> = bare
            .split('.')
            .map(|part| match part.trim_start_matches('0') {
                "" => "0",
                digits => digits,
            })
            .collect();
        if let Ok(version) = semver::Version::parse(&numbers.join(".")) {
            return Ok(version);
        }
    }
    semver::Version::parse(bare).map_err(|e| {
        let hint = if crate::regex!(r"^\d+(\.\d+)?$").is_match(bare) {
            " (semver needs three numbers, e.g. `2.4.0`)".to_string()
        } else {
            format!(" ({e})")
        };
        format!("is not a semver version{hint}")
    })
}

/// A version as `text` writes it where semver spells it otherwise (the calendar version
/// `2024.01.3`, which semver spells `2024.1.3`), for its git tag.
pub fn spelt_otherwise(text: &str, field: &Field<semver::Version>) -> Option<String> {
    let Field::Present { value, span } = field else {
        return None;
    };
    // The span may be a front matter line (`from-version: "2024.01.3"`).
    let written = crate::regex!(r"\d+(?:\.\d+)+")
        .find_iter(text.get(span.clone())?)
        .last()?
        .as_str();
    let otherwise =
        written != value.to_string() && parse_version(written).is_ok_and(|v| v == *value);
    otherwise.then(|| written.to_string())
}

/// What a version written in prose may be followed by that is not part of it.
const TRAILING: &[char] = &['.', ',', ';', ':', '-', '+', '_'];

/// A version as prose writes it (`2.4`, `v2.4.0`), checked as semver after.
const ANY_SHAPE: &str = r"v?\d+\.\d[\w.+-]*";
/// A version of three numbers (`2.4.0`, `v2.4.0-rc.1`), where a metric could stand.
const THREE_NUMBERS: &str = r"v?\d+\.\d+\.\d+[\w.+-]*";

/// The pattern of a version of `shape` in group `name`, maybe named ("the release
/// 2.4.0") and between emphasis, code or quotes (`"2.4.0"`, `<code>2.4.0</code>`, and the
/// curly quotes a document editor puts in).
fn named(name: &str, shape: &str) -> String {
    format!(
        r"(?:(?:the\s+)?(?:version|release)\s+)?[*_`'‘“\x22]{{0,3}}(?:<code>)?(?P<{name}>{shape})"
    )
}

/// What may close a version that [`named`] opened.
const CLOSE: &str = r"(?:</code>)?[*_`'’”\x22]{0,3}";

fn field(written: &str, span: Range<usize>) -> Field<semver::Version> {
    match parse_version(written) {
        Ok(value) => Field::Present { value, span },
        Err(reason) => Field::Invalid {
            text: written.to_string(),
            span,
            reason,
        },
    }
}

/// Reads the versions: front matter first, then the first "from X to Y" or "X → Y" in
/// `bodies` (searched in order) of `facts`. A version may be bold, italic or code
/// (`` from `2.5.0` to `2.4.0` ``), if `facts` kept it (see `with_values_in_code`).
pub fn read(
    text: &str,
    facts: &str,
    front: Option<&FrontMatter>,
    bodies: &[Range<usize>],
) -> Versions {
    let mut versions = Versions {
        from: Field::Absent,
        to: Field::Absent,
    };
    if let Some(front) = front {
        let block = front.span.clone();
        if let Some(from) = &front.fields.from_version {
            versions.from = field(from, key_span(text, &block, "from-version"));
        }
        if let Some(to) = &front.fields.to_version {
            versions.to = field(to, key_span(text, &block, "to-version"));
        }
    }
    if !matches!(versions.from, Field::Absent) && !matches!(versions.to, Field::Absent) {
        return versions;
    }
    // "from X to Y", "X → Y", "back to Y (from X)", "rolled back X to Y" or "to Y
    // (previously X)".
    let pattern = crate::regex!(&{
        let (from, to) = (named("from", ANY_SHAPE), named("to", ANY_SHAPE));
        let (from2, to2) = (named("from2", ANY_SHAPE), named("to2", ANY_SHAPE));
        let (from3, to3) = (named("from3", ANY_SHAPE), named("to3", ANY_SHAPE));
        // The phrasings that also tell of metrics ("dropped to 1.2s (previously 4.1s)")
        // take only versions of three numbers.
        let (from4, to4) = (named("from4", THREE_NUMBERS), named("to4", THREE_NUMBERS));
        let (from5, to5) = (named("from5", THREE_NUMBERS), named("to5", THREE_NUMBERS));
        format!(
            r"(?i)(?:\bfrom\s+{from}{CLOSE}\s+(?:back\s+)?to\s+{to})|(?:\b{from2}{CLOSE}\s*(?:→|->|⟶|=>|➝|➜|⇒)\s*{to2})|(?:\b(?:back|reverted|downgraded)\s+to\s+{to3}{CLOSE}[\s,]*\(?\s*from\s+{from3})|(?:\b(?:back|reverted|downgraded)\s+{from4}{CLOSE}\s+to\s+{to4})|(?:\bto\s+{to5}{CLOSE}[\s,]*\(?\s*(?:previously|formerly|was|down\s+from)\s+{from5})"
        )
    });
    // The release that was rolled back, told as an upgrade ("the upgrade from 2.4.0 to
    // 2.5.0 broke checkout"), with where its versions are.
    let mut release: Option<(Written, Written)> = None;
    for body in bodies {
        let Some(text_of_body) = facts.get(body.clone()) else {
            continue;
        };
        let trim = |m: regex::Match<'_>| {
            let s = m.as_str().trim_end_matches(TRAILING);
            (
                s.to_string(),
                body.start + m.start()..body.start + m.start() + s.len(),
            )
        };
        let (pair, upgrade) = rollback_pair(text_of_body, pattern);
        if release.is_none() {
            release = upgrade.map(|(from, to)| (trim(from), trim(to)));
        }
        let Some((from, to)) = pair else {
            continue;
        };
        if matches!(versions.from, Field::Absent) {
            let (written, span) = trim(from);
            versions.from = field(&written, span);
        }
        if matches!(versions.to, Field::Absent) {
            let (written, span) = trim(to);
            versions.to = field(&written, span);
        }
        return versions;
    }
    // No pair: the version rolled back to alone ("rolled back to 2.4.0"), so that the
    // finding names the one that is missing; with the upgrade from it, the version
    // upgraded to is the one rolled back from. An upgrade alone is undone.
    let back_to = back_to_alone(facts, bodies);
    match (release, back_to) {
        (Some((upgraded_from, upgraded_to)), back_to)
            if back_to.as_ref().is_none_or(|(to, _)| {
                parse_version(to).ok() == parse_version(&upgraded_from.0).ok()
            }) =>
        {
            if matches!(versions.from, Field::Absent) {
                versions.from = field(&upgraded_to.0, upgraded_to.1);
            }
            if matches!(versions.to, Field::Absent) {
                let (written, span) = back_to.unwrap_or(upgraded_from);
                versions.to = field(&written, span);
            }
        }
        (_, Some((written, span))) if matches!(versions.to, Field::Absent) => {
            versions.to = field(&written, span);
        }
        _ => {}
    }
    versions
}

/// A version as written, and where.
type Written = (String, Range<usize>);

/// The version rolled back to, told alone ("rolled back to 2.4.0"); only a valid one:
/// "went back to 0.2%" is a metric.
fn back_to_alone(facts: &str, bodies: &[Range<usize>]) -> Option<Written> {
    let back_to = crate::regex!(&format!(
        r"(?i)\b(?:back|reverted|downgraded)\s+to\s+{}",
        named("to", THREE_NUMBERS)
    ));
    bodies.iter().find_map(|body| {
        let caps = back_to.captures(facts.get(body.clone())?)?;
        let m = caps.name("to")?;
        let written = m.as_str().trim_end_matches(TRAILING);
        parse_version(written).ok()?;
        Some((
            written.to_string(),
            body.start + m.start()..body.start + m.start() + written.len(),
        ))
    })
}

/// The pair of versions in `body` that the rollback went between: the first that goes
/// down and is told as a rollback ("rolled back", "reverted", "downgraded" or "back to"
/// in its clause), else the first that goes down, else the first told as a rollback,
/// else the first. "We upgraded from 2.3.0 to 2.5.0, then rolled back 2.5.0 → 2.4.0" is
/// a rollback from 2.5.0. A pair going up in a clause that tells of an upgrade, and not
/// of a rollback, is the release: none of those, it is the second answer.
fn rollback_pair<'h>(
    body: &'h str,
    pattern: &regex::Regex,
) -> (Option<Pair<'h>>, Option<Pair<'h>>) {
    let told_as_rollback = crate::regex!(
        r"(?i)\broll(?:ed|ing|s)?[\s-]*back|\brollback|\brevert|\bdowngrad|\bback\s+to\b"
    );
    let version = |m: &regex::Match<'_>| parse_version(m.as_str().trim_end_matches(TRAILING)).ok();
    // Where rollback words start, and where clauses start (a line, or after ". "): each
    // found once, in order, so that a long line of pairs stays linear.
    let told: Vec<usize> = told_as_rollback
        .find_iter(body)
        .map(|m| m.start())
        .collect();
    let mut clauses: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .chain(body.match_indices(". ").map(|(i, _)| i + 2))
        .collect();
    clauses.sort_unstable();
    let told_as_upgrade = crate::regex!(
        r"(?i)\b(?:upgrad|bump|updat|deploy|releas|ship|promot)\w*|\broll(?:ed|ing|s)?[\s-]*out\b|\brollout\b"
    );
    let (mut first, mut going_down, mut first_told, mut upgrade) = (None, None, None, None);
    // A summary names a few pairs; a line of thousands is no report to read them from.
    for caps in pattern.captures_iter(body).take(64) {
        let (Some(from), Some(to)) = (
            ["from", "from2", "from3", "from4", "from5"]
                .into_iter()
                .find_map(|name| caps.name(name)),
            ["to", "to2", "to3", "to4", "to5"]
                .into_iter()
                .find_map(|name| caps.name(name)),
        ) else {
            continue;
        };
        let (start, end) = caps.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        // The clause of the pair: from the last line or sentence start before it.
        let clause_start = clauses[clauses.partition_point(|&c| c <= start).saturating_sub(1)];
        let word = told.partition_point(|&t| t < clause_start);
        let is_told = told.get(word).is_some_and(|&t| t < end);
        let goes_down = matches!((version(&from), version(&to)), (Some(f), Some(t)) if t < f);
        // "upgraded to 2.5.0 (previously 2.4.0)" is the release, not its rollback.
        if caps.name("to5").is_some() && !(is_told && goes_down) {
            continue;
        }
        if is_told && goes_down {
            return (Some((from, to)), upgrade);
        }
        let goes_up = matches!((version(&from), version(&to)), (Some(f), Some(t)) if t > f);
        let clause_end = clauses
            .get(clauses.partition_point(|&c| c <= start))
            .copied()
            .unwrap_or(body.len());
        // The upgrade the rollback undid: told in a clause of its own, or after the
        // rollback's words ("rolled back to 2.4.0 after the upgrade from 2.4.0 to 2.5.0").
        let last_told = told[..told.partition_point(|&t| t < start)]
            .last()
            .filter(|&&t| t >= clause_start);
        let told_as_release = match last_told {
            Some(&t) => told_as_upgrade.is_match(&body[t..start]),
            None => told_as_upgrade.is_match(&body[clause_start..clause_end]),
        };
        // A fix to come ("the fix ships next week as an upgrade from 2.5.0 to 2.5.1") is
        // no release that was rolled back, nor the rollback.
        let since = last_told.map_or(clause_start, |&t| t);
        let to_come =
            crate::regex!(r"(?i)\b(?:will|next|planned|upcoming|ships?|shipping|scheduled)\b")
                .is_match(&body[since..start]);
        if goes_up && to_come {
            continue;
        }
        if goes_up && told_as_release {
            upgrade.get_or_insert((from, to));
            continue;
        }
        // "Error rates rose from 0.1 to 6.2 percent": numbers with a unit after them, or a
        // verb of change before, are metrics, not versions (`2.5 → 2.4` alone is a version
        // for `invalid-version` to question).
        let unit = crate::regex!(
            r"(?i)^\s*(?:%|percent|pct|ms|s|sec|secs|seconds?|minutes?|mins?|hours?|h|x|×|rps|qps|req|requests|gb|mb|kb|gib|mib|k|cores?|pods?|nodes?|replicas)\b"
        );
        let metric = unit.is_match(&body[end..])
            || crate::regex!(r"(?i)\b(?:rose|fell|dropped|increased|decreased|climbed|grew|spiked|jumped|went\s+up|went\s+down)\b")
                .is_match(&body[clause_start..start]);
        if metric && version(&from).is_none() && version(&to).is_none() {
            continue;
        }
        if goes_down {
            going_down.get_or_insert((from, to));
        }
        if is_told {
            first_told.get_or_insert((from, to));
        }
        first.get_or_insert((from, to));
    }
    (going_down.or(first_told).or(first), upgrade)
}

/// The versions a pair goes from and to.
type Pair<'h> = (regex::Match<'h>, regex::Match<'h>);

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Versions {
        read(text, text, None, std::slice::from_ref(&(0..text.len())))
    }

    #[test]
    fn body_patterns() {
        for text in [
            "We rolled back from version 2.5.0 to version 2.4.0.",
            "Rolled payments back from v2.5.0 back to v2.4.0, then watched.",
            "Deployment 2.5.0 → 2.4.0 finished",
            "2.5.0 -> 2.4.0",
            // In bold, italics or code.
            "We rolled back from **2.5.0** to *2.4.0*.",
            "Rolled back from __v2.5.0__ to _v2.4.0_.",
            "Deployment **2.5.0** → **2.4.0** finished",
            "Rolled back from `2.5.0` to `v2.4.0`.",
            "Deployment `2.5.0` → `2.4.0` finished",
            // The version rolled back to first.
            "Rolled back to v2.4.0 (from v2.5.0) within the hour.",
            "We reverted to **2.4.0** from 2.5.0.",
            "payments was downgraded to release 2.4.0, from 2.5.0",
            "Rolled back 2.5.0 to 2.4.0 after the page.",
            "We reverted v2.5.0 to v2.4.0.",
            "We reverted payments-api to 2.4.0 (previously 2.5.0).",
            "Rolled checkout back to 2.4.0, down from 2.5.0.",
            // In quotes, as a document editor writes them, or in HTML code.
            "We rolled back from \"2.5.0\" to \"2.4.0\".",
            "We rolled back from “2.5.0” to ‘2.4.0’.",
            "Rolled back from <code>2.5.0</code> to <code>2.4.0</code>.",
            "Deployment 2.5.0 ➝ 2.4.0 finished",
        ] {
            let v = body(text);
            assert_eq!(v.from.value().unwrap().to_string(), "2.5.0", "{text}");
            assert_eq!(v.to.value().unwrap().to_string(), "2.4.0", "{text}");
        }
    }

    /// "to Y (previously X)" is a rollback only when told as one.
    #[test]
    fn an_upgrade_with_its_previous_version_is_no_rollback() {
        for text in [
            "On Monday we upgraded to 2.5.0 (previously 2.4.0). Errors rose.",
            "We rolled back search-api after upgrading it to 2.5.0 (previously 2.4.0).",
        ] {
            let v = body(text);
            assert!(matches!(v.from, Field::Absent), "{text}");
        }
        let v = body("We reverted payments-api to 2.4.0 (previously 2.5.0).");
        assert_eq!(v.from.value().unwrap().to_string(), "2.5.0");
    }

    /// The version rolled back to, told alone, is read, so that only the other one is
    /// asked for.
    #[test]
    fn a_version_rolled_back_to_alone_is_read() {
        let v = body("We rolled back to v2.4.0 after the page.");
        assert!(matches!(v.from, Field::Absent));
        assert_eq!(v.to.value().unwrap().to_string(), "2.4.0");
        // Metrics are no versions.
        for text in [
            "We rolled back quickly.",
            "Error rate went back to 0.2% after the rollback.",
            "p95 went back to 118.5 ms.",
            "After we rolled back, latency dropped to 1.2s (previously 4.1s).",
        ] {
            let v = body(text);
            assert!(matches!(v.to, Field::Absent), "{text}");
            assert!(matches!(v.from, Field::Absent), "{text}");
        }
    }

    #[test]
    fn the_pair_told_as_a_rollback_wins() {
        for text in [
            "We upgraded from 2.3.0 to 2.5.0 last week, then rolled back 2.5.0 → 2.4.0.",
            "We rolled back after the upgrade from 2.3.0 to 2.5.0 failed: 2.5.0 -> 2.4.0.",
            "The 2.3.0 → 2.5.0 upgrade broke checkout. We reverted to 2.4.0 from 2.5.0.",
            "Deploys went from 2.4.0 to 2.5.0 and then from 2.5.0 to 2.4.0.",
        ] {
            let v = body(text);
            assert_eq!(v.from.value().unwrap().to_string(), "2.5.0", "{text}");
            assert_eq!(v.to.value().unwrap().to_string(), "2.4.0", "{text}");
        }
        // One pair, going up: still read (not-a-downgrade says the rest).
        let v = body("We rolled back from 2.4.0 to 2.5.0.");
        assert_eq!(v.to.value().unwrap().to_string(), "2.5.0");
    }

    /// An upgrade told alone is what the rollback undid; with the version rolled back to,
    /// it gives the version rolled back from only when it started from that one.
    #[test]
    fn an_upgrade_is_the_release_not_the_rollback() {
        for text in [
            "The upgrade from 2.4.0 to 2.5.0 broke checkout, so we rolled back.",
            "We deployed 2.4.0 → 2.5.0 on Monday. Errors rose.",
            "The upgrade from 2.4.0 to 2.5.0 broke checkout; we rolled back to 2.4.0.",
            "The upgrade from v2.4.0 to v2.5.0 broke checkout; we rolled back to 2.4.0.",
        ] {
            let v = body(text);
            assert_eq!(v.from.value().unwrap().to_string(), "2.5.0", "{text}");
            assert_eq!(v.to.value().unwrap().to_string(), "2.4.0", "{text}");
        }
        let v = body(
            "Bumped the client SDK from 1.2.0 to 1.3.0 in payments 2.5.0; we rolled payments back to 2.4.0.",
        );
        assert!(matches!(v.from, Field::Absent));
        assert_eq!(v.to.value().unwrap().to_string(), "2.4.0");
        // Told as a rollback, a pair going up is one (for not-a-downgrade to question).
        let v = body("We rolled back from 2.4.0 to 2.5.0 after the upgrade.");
        assert_eq!(v.to.value().unwrap().to_string(), "2.5.0");
        // The upgrade told after the rollback's words is still the release.
        for text in [
            "We rolled back to 2.4.0 after the upgrade from 2.4.0 to 2.5.0 broke checkout.",
            "We rolled back the upgrade from 2.4.0 to 2.5.0.",
        ] {
            let v = body(text);
            assert_eq!(
                v.from.value().map(ToString::to_string).as_deref(),
                Some("2.5.0"),
                "{text}"
            );
            assert_eq!(
                v.to.value().map(ToString::to_string).as_deref(),
                Some("2.4.0"),
                "{text}"
            );
        }
    }

    #[test]
    fn metrics_are_no_versions_unless_told_as_the_rollback() {
        let v = body(
            "Error rates rose from 0.1 to 6.2 percent after the 2.5.0 deploy; we rolled back to 2.4.0.",
        );
        assert!(matches!(v.from, Field::Absent));
        assert_eq!(v.to.value().unwrap().to_string(), "2.4.0");
        let v = body("We rolled back from 2.5 to 2.4.");
        assert!(matches!(v.from, Field::Invalid { .. }));
        let v = body(
            "The upgrade from 2.4.0 to 2.5.0 broke checkout. Rolled back at 09:16; error rates fell from 6.2 to 0.1 percent.",
        );
        assert_eq!(
            v.from.value().map(ToString::to_string).as_deref(),
            Some("2.5.0")
        );
        assert_eq!(
            v.to.value().map(ToString::to_string).as_deref(),
            Some("2.4.0")
        );
        // Two numbers with no unit are a version for `invalid-version` to question.
        assert!(matches!(
            body("The deployment went 2.5 → 2.4.").from,
            Field::Invalid { .. }
        ));
        // A fix to come is no release.
        for text in [
            "We rolled back, and the fix ships next week as an upgrade from 2.5.0 to 2.5.1.",
            "We rolled back to 2.4.0; the fix ships next week as an upgrade from 2.4.0 to 2.5.1.",
        ] {
            assert!(matches!(body(text).from, Field::Absent), "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_versions_are_ignored() {
        assert!(matches!(
            body("We scaled from 3 to 6 pods, then 6 -> 3.").from,
            Field::Absent
        ));
    }

    #[test]
    fn spans_point_at_the_version() {
        let text = "from 2.5.0 to 2.4.0.";
        let v = body(text);
        assert_eq!(&text[v.to.span().unwrap()], "2.4.0");
    }

    #[test]
    fn invalid_versions_keep_their_text() {
        let v = body("from 2.5 to 2.4.0");
        assert!(
            matches!(v.from, Field::Invalid { ref reason, .. } if reason.contains("three numbers"))
        );
        assert!(matches!(body("no versions here").from, Field::Absent));
        assert!(parse_version("--output=/tmp/x").is_err());
        assert!(parse_version("v2.4.0-rc.1+build.5").is_ok());
    }

    #[test]
    fn front_matter_wins() {
        let text =
            "---\nfrom-version: \"--output=/tmp/x\"\nto-version: 1.0.0\n---\nfrom 3.0.0 to 2.0.0\n";
        let front = super::super::frontmatter::parse(text).unwrap();
        let v = read(
            text,
            text,
            Some(&front),
            std::slice::from_ref(&(front.span.end..text.len())),
        );
        assert!(matches!(v.from, Field::Invalid { ref text, .. } if text == "--output=/tmp/x"));
        assert_eq!(v.to.value().unwrap().to_string(), "1.0.0");
    }
}
