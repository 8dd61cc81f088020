//! Inline suppressions, markdownlint-style:
//! `<!-- rollback-lint-disable RULE -->` … `<!-- rollback-lint-enable RULE -->`,
//! `<!-- rollback-lint-disable-next-line RULE -->` and
//! `<!-- rollback-lint-disable-file RULE -->`. A comment must name its rules: report
//! text comes from pull requests, and one word that turned every rule off would pass any
//! report. A reason may follow ` -- ` (as in ESLint): `<!-- rollback-lint-disable-file
//! placeholder -- the appendix is filled in by the vendor -->`.

use super::rules::unused_suppression;
use super::{Diagnostic, Level, registry};
use crate::config::Config;
use crate::report::Report;
use std::ops::{Range, RangeInclusive};

const UNUSED: &str = unused_suppression::RULE.name;

#[derive(Debug)]
struct Suppression {
    /// The comment.
    span: Range<usize>,
    /// The lines it covers.
    lines: RangeInclusive<usize>,
    /// The rules it names: never none.
    rules: Vec<&'static str>,
    /// Whether it suppressed anything.
    used: bool,
    form: &'static str,
}

/// Drops the diagnostics that a suppression comment covers, and adds an
/// `unused-suppression` warning for comments that covered nothing or name unknown rules.
pub fn apply(report: &Report, diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    let Parsed {
        mut suppressions,
        unknown,
        malformed,
        blanket,
    } = parse(report);
    if suppressions.is_empty() && unknown.is_empty() && malformed.is_empty() && blanket.is_empty() {
        return diagnostics;
    }
    let mut kept = filter(report, diagnostics, &mut suppressions);
    let level = unused_suppression::RULE.level(config);
    if level == Level::Allow {
        return kept;
    }
    let allowed = |rule: &str| config.level(rule) == Some(Level::Allow);
    let text = &report.source.text;
    let finding = |span: Range<usize>, message: String, help: String| Diagnostic {
        rule: UNUSED,
        level,
        span: super::trim_span(text, span),
        section: None,
        message,
        help,
        merged: Vec::new(),
    };
    let mut unused = Vec::new();
    // A comment may have become several regions (see `enable`); it is unused only if
    // none of them suppressed anything.
    let mut reported: Vec<usize> = Vec::new();
    for s in &suppressions {
        let regions: Vec<&Suppression> = suppressions.iter().filter(|o| o.span == s.span).collect();
        let quiet = regions.iter().any(|r| r.used)
            || s.rules.iter().all(|r| *r == UNUSED || allowed(r))
            || reported.contains(&s.span.start);
        if quiet {
            continue;
        }
        reported.push(s.span.start);
        let what = s.rules.join(", ");
        unused.push(finding(
            s.span.clone(),
            format!("this `{}` comment suppresses nothing ({what})", s.form),
            "delete the comment; the finding it was for is gone".into(),
        ));
    }
    for (span, names) in unknown {
        let quoted: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
        let message = match names.len() {
            1 => format!("{} in this suppression is not a rule", quoted.join("")),
            2 | 3 => format!("{} in this suppression are not rules", quoted.join(", ")),
            n => format!(
                "{} and {} more words in this suppression are not rules",
                quoted.join(", "),
                n - 3
            ),
        };
        unused.push(finding(
            span,
            message,
            format!(
                "{}; a reason goes after ` -- ` (`placeholder -- why`)",
                registry::unknown_rule_help(&names[0])
            ),
        ));
    }
    for (span, form) in blanket {
        unused.push(finding(
            span,
            format!("this `{form}` comment names no rule, so it suppresses nothing"),
            format!(
                "name the rules it is for, as in `<!-- {form} placeholder -->`: a comment that turned every rule off would pass any report"
            ),
        ));
    }
    for (span, form) in malformed {
        unused.push(finding(
            span,
            format!("`rollback-lint-{form}` is not a suppression comment, so it suppresses nothing"),
            "the forms are `rollback-lint-disable-next-line RULE`, `rollback-lint-disable RULE` … `rollback-lint-enable RULE`, and `rollback-lint-disable-file RULE`".into(),
        ));
    }
    // `unused-suppression` itself can be suppressed, by a comment that names it.
    let naming_unused: Vec<&Suppression> = suppressions
        .iter()
        .filter(|s| s.rules.contains(&UNUSED))
        .collect();
    unused.retain(|d| {
        let (line, _) = report.source.line_col(d.span.start);
        !naming_unused.iter().any(|s| s.lines.contains(&line))
    });
    kept.extend(unused);
    kept
}

/// Drops the diagnostics a suppression covers, marking the suppressions used.
fn filter(
    report: &Report,
    diagnostics: Vec<Diagnostic>,
    suppressions: &mut [Suppression],
) -> Vec<Diagnostic> {
    let mut kept = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        let (line, _) = report.source.line_col(diagnostic.span.start);
        let mut suppressed = false;
        for s in suppressions.iter_mut() {
            if s.lines.contains(&line) && s.rules.contains(&diagnostic.rule) {
                s.used = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(diagnostic);
        }
    }
    kept
}

/// A report's suppression comments, read.
struct Parsed {
    /// What they suppress.
    suppressions: Vec<Suppression>,
    /// Comments that name words that are no rule, with those words.
    unknown: Vec<(Range<usize>, Vec<String>)>,
    /// Comments of no known form (`rollback-lint-disable-line`), with the form.
    malformed: Vec<(Range<usize>, String)>,
    /// `disable` comments that name no rule, with their form.
    blanket: Vec<(Range<usize>, &'static str)>,
}

fn parse(report: &Report) -> Parsed {
    // A reason may hold `>` (`-- checks resume -> JIRA-1`): the comment ends at `-->`.
    let pattern = crate::regex!(r"(?s)^<!--\s*rollback-lint-([A-Za-z-]*[A-Za-z])\b(.*?)\s*-->");
    let text = &report.source.text;
    let mut suppressions: Vec<Suppression> = Vec::new();
    let mut unknown = Vec::new();
    let mut malformed = Vec::new();
    let mut blanket = Vec::new();
    // Open `disable` regions: index into `suppressions`.
    let mut open: Vec<usize> = Vec::new();
    for span in &report.comments {
        let Some(caps) = pattern.captures(text[span.clone()].trim_start()) else {
            continue;
        };
        let form = caps.get(1).map_or("", |m| m.as_str());
        if !matches!(
            form,
            "disable-file" | "disable-next-line" | "disable" | "enable"
        ) {
            malformed.push((span.clone(), form.to_string()));
            continue;
        }
        // The rules, before any reason (` -- …`).
        let named = caps.get(2).map_or("", |m| m.as_str());
        let named = named.split_once("--").map_or(named, |(rules, _)| rules);
        let mut rules = Vec::new();
        let mut not_rules = Vec::new();
        for name in named.split([' ', ',', '\t', '\n', '\r']) {
            let name = name.trim().trim_end_matches([':', ';', '.']);
            if name.is_empty() {
                continue;
            }
            match registry::find(name) {
                Some(rule) => rules.push(rule.name),
                None => not_rules.push(name.to_string()),
            }
        }
        let named_only_unknown = rules.is_empty() && !not_rules.is_empty();
        if !not_rules.is_empty() {
            unknown.push((span.clone(), not_rules));
        }
        if named_only_unknown {
            continue;
        }
        let form = match form {
            "disable-file" => "rollback-lint-disable-file",
            "disable-next-line" => "rollback-lint-disable-next-line",
            "disable" => "rollback-lint-disable",
            _ => "rollback-lint-enable",
        };
        if rules.is_empty() && form != "rollback-lint-enable" {
            blanket.push((span.clone(), form));
            continue;
        }
        // Lines are counted only for a file that has a suppression comment.
        let last_line = report.source.line_count();
        let (line, _) = report.source.line_col(span.start);
        let (end_line, _) = report.source.line_col(span.end.saturating_sub(1));
        let lines = match form {
            "rollback-lint-disable-file" => 1..=last_line,
            "rollback-lint-disable-next-line" => {
                let next = next_content_line(report, end_line).unwrap_or(end_line + 1);
                next..=next
            }
            "rollback-lint-disable" => {
                open.push(suppressions.len());
                line..=last_line
            }
            _ => {
                enable(&mut suppressions, &mut open, &rules, line, last_line);
                continue;
            }
        };
        suppressions.push(Suppression {
            span: span.clone(),
            lines,
            rules,
            used: false,
            form,
        });
    }
    Parsed {
        suppressions,
        unknown,
        malformed,
        blanket,
    }
}

/// `enable` ends the open regions that cover the rules it names (every open region, when
/// it names none). Rules of those regions that it does not name stay disabled: a new
/// region of the same comment carries them on.
fn enable(
    suppressions: &mut Vec<Suppression>,
    open: &mut Vec<usize>,
    rules: &[&'static str],
    line: usize,
    last_line: usize,
) {
    let mut carried = Vec::new();
    open.retain(|&i| {
        let s = &mut suppressions[i];
        let closes = rules.is_empty() || s.rules.iter().any(|r| rules.contains(r));
        if !closes {
            return true;
        }
        s.lines = *s.lines.start()..=line;
        let still_disabled: Vec<&'static str> = s
            .rules
            .iter()
            .copied()
            .filter(|r| !rules.is_empty() && !rules.contains(r))
            .collect();
        if !still_disabled.is_empty() {
            carried.push(Suppression {
                span: s.span.clone(),
                lines: line..=last_line,
                rules: still_disabled,
                used: false,
                form: s.form,
            });
        }
        false
    });
    for region in carried {
        open.push(suppressions.len());
        suppressions.push(region);
    }
}

/// The first non-blank line after line `after` (1-based).
fn next_content_line(report: &Report, after: usize) -> Option<usize> {
    let text = &report.source.text;
    (after + 1..=report.source.line_count()).find(|&n| {
        report
            .source
            .line_range(n)
            .is_some_and(|r| !text[r].trim().is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::template::Template;

    fn regions(text: &str) -> Vec<(RangeInclusive<usize>, Vec<&'static str>)> {
        let report = Report::parse(SourceFile::new("r.md", text), &Template::builtin(), &[]);
        parse(&report)
            .suppressions
            .into_iter()
            .map(|s| (s.lines, s.rules))
            .collect()
    }

    #[test]
    fn a_comment_of_no_known_form_suppresses_nothing() {
        for form in ["disable-line", "disable-nextline", "disable-next"] {
            let text = format!("# Rollback Report\n<!-- rollback-lint-{form} placeholder -->\nx\n");
            let report = Report::parse(SourceFile::new("r.md", text), &Template::builtin(), &[]);
            let parsed = parse(&report);
            assert!(parsed.suppressions.is_empty(), "{form}");
            let forms: Vec<(usize, &str)> = parsed
                .malformed
                .iter()
                .map(|(span, form)| (span.start, form.as_str()))
                .collect();
            assert_eq!(forms, [(18, form)]);
        }
    }

    #[test]
    fn a_reason_may_hold_an_arrow() {
        let text = "# Rollback Report\n<!-- rollback-lint-disable placeholder -- vendor text -> below -->\nx\n<!-- rollback-lint-enable placeholder -- checks resume -> here -->\ny\n";
        assert_eq!(regions(text), [(2..=4, vec!["placeholder"])]);
    }

    #[test]
    fn a_reason_follows_two_dashes_and_is_no_rule() {
        let text = "# Rollback Report\n<!-- rollback-lint-disable-next-line placeholder -- the vendor fills it in -->\nx\n";
        assert_eq!(regions(text), [(3..=3, vec!["placeholder"])]);
        let report = Report::parse(SourceFile::new("r.md", text), &Template::builtin(), &[]);
        assert!(parse(&report).unknown.is_empty());
        // Without the dashes, the words are named once, as one finding of the comment.
        let text = "# Rollback Report\n<!-- rollback-lint-disable-next-line placeholder: the vendor fills it in -->\nx\n";
        assert_eq!(regions(text), [(3..=3, vec!["placeholder"])]);
        let report = Report::parse(SourceFile::new("r.md", text), &Template::builtin(), &[]);
        let unknown = parse(&report).unknown;
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].1, ["the", "vendor", "fills", "it", "in"]);
    }

    #[test]
    fn next_line_works_with_crlf() {
        let text = "# Rollback Report\r\n<!-- rollback-lint-disable-next-line placeholder -->\r\n\r\nx\r\n";
        assert_eq!(regions(text), [(4..=4, vec!["placeholder"])]);
    }

    #[test]
    fn enable_ends_only_the_rules_it_names() {
        let text = "# Rollback Report\n<!-- rollback-lint-disable placeholder empty-section -->\nx\n<!-- rollback-lint-enable placeholder -->\ny\n";
        assert_eq!(
            regions(text),
            [
                (2..=4, vec!["placeholder", "empty-section"]),
                (4..=6, vec!["empty-section"])
            ]
        );
        // An `enable` that names none ends every open region.
        let text = "# Rollback Report\n<!-- rollback-lint-disable placeholder empty-section -->\n<!-- rollback-lint-enable -->\ny\n";
        assert_eq!(
            regions(text),
            [(2..=3, vec!["placeholder", "empty-section"])]
        );
        // A `disable` that names none is no region.
        let text = "# Rollback Report\n<!-- rollback-lint-disable -->\nx\n";
        assert!(regions(text).is_empty());
    }
}
