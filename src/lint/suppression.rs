//! Inline suppressions, markdownlint-style:
//! `<!-- rollback-lint-disable RULE -->` … `<!-- rollback-lint-enable RULE -->`,
//! `<!-- rollback-lint-disable-next-line RULE -->` and
//! `<!-- rollback-lint-disable-file RULE -->`. Without a rule name they cover every rule.

use super::{Diagnostic, Level, registry};
use crate::config::Config;
use crate::report::Report;
use std::ops::{Range, RangeInclusive};

const UNUSED: &str = "unused-suppression";

#[derive(Debug)]
struct Suppression {
    /// The comment.
    span: Range<usize>,
    /// The lines it covers.
    lines: RangeInclusive<usize>,
    /// The rules it names; empty means every rule.
    rules: Vec<&'static str>,
    /// Whether it suppressed anything.
    used: bool,
    form: &'static str,
}

/// Drops the diagnostics that a suppression comment covers, and adds an
/// `unused-suppression` warning for comments that covered nothing or name unknown rules.
pub fn apply(report: &Report, diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    let (mut suppressions, mut unknown) = parse(report);
    if suppressions.is_empty() && unknown.is_empty() {
        return diagnostics;
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        let (line, _) = report.source.line_col(diagnostic.span.start);
        let mut suppressed = false;
        for s in &mut suppressions {
            if s.lines.contains(&line) && (s.rules.is_empty() || s.rules.contains(&diagnostic.rule))
            {
                s.used = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(diagnostic);
        }
    }
    let level = config
        .level(UNUSED)
        .or_else(|| registry::find(UNUSED).map(|r| r.default_level))
        .unwrap_or(Level::Warning);
    if level == Level::Allow {
        return kept;
    }
    let text = &report.source.text;
    for s in suppressions.iter().filter(|s| !s.used) {
        let what = if s.rules.is_empty() {
            "any rule".to_string()
        } else {
            s.rules.join(", ")
        };
        kept.push(Diagnostic {
            rule: UNUSED,
            level,
            span: super::trim_span(text, s.span.clone()),
            section: None,
            message: format!("this `{}` comment suppresses nothing ({what})", s.form),
            help: "delete the comment; the finding it was for is gone".into(),
        });
    }
    for (span, name) in unknown.drain(..) {
        kept.push(Diagnostic {
            rule: UNUSED,
            level,
            span: super::trim_span(text, span),
            section: None,
            message: format!("`{name}` in this suppression is not a rule"),
            help: format!("known rules are: {}", registry::names().join(", ")),
        });
    }
    kept
}

fn parse(report: &Report) -> (Vec<Suppression>, Vec<(Range<usize>, String)>) {
    let pattern = crate::regex!(
        r"^<!--\s*rollback-lint-(disable-file|disable-next-line|disable|enable)\b([^>]*?)\s*-->"
    );
    let text = &report.source.text;
    let last_line = report.source.line_col(text.len()).0;
    let mut suppressions: Vec<Suppression> = Vec::new();
    let mut unknown = Vec::new();
    // Open `disable` regions: index into `suppressions`.
    let mut open: Vec<usize> = Vec::new();
    for span in &report.comments {
        let Some(caps) = pattern.captures(text[span.clone()].trim_start()) else {
            continue;
        };
        let form = caps.get(1).map_or("", |m| m.as_str());
        let mut rules = Vec::new();
        for name in caps
            .get(2)
            .map_or("", |m| m.as_str())
            .split([' ', ',', '\t', '\n'])
        {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            match registry::find(name) {
                Some(rule) => rules.push(rule.name),
                None => unknown.push((span.clone(), name.to_string())),
            }
        }
        let named_only_unknown =
            rules.is_empty() && caps.get(2).is_some_and(|m| !m.as_str().trim().is_empty());
        if named_only_unknown {
            continue;
        }
        let (line, _) = report.source.line_col(span.start);
        let (end_line, _) = report.source.line_col(span.end);
        let (lines, form) = match form {
            "disable-file" => (1..=last_line, "rollback-lint-disable-file"),
            "disable-next-line" => {
                let next = next_content_line(report, span.end).unwrap_or(end_line + 1);
                (next..=next, "rollback-lint-disable-next-line")
            }
            "disable" => {
                open.push(suppressions.len());
                (line..=last_line, "rollback-lint-disable")
            }
            _ => {
                // `enable` closes the open regions it names (all of them without names).
                open.retain(|&i| {
                    let s = &mut suppressions[i];
                    let closes = rules.is_empty()
                        || s.rules.is_empty()
                        || s.rules.iter().any(|r| rules.contains(r));
                    if closes {
                        s.lines = *s.lines.start()..=line;
                    }
                    !closes
                });
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
    (suppressions, unknown)
}

/// The first non-blank line after the line where a comment ends (`end` is exclusive).
fn next_content_line(report: &Report, end: usize) -> Option<usize> {
    let text = &report.source.text;
    let last = report.source.line_span(end.saturating_sub(1));
    let mut at = (last.end + 1).min(text.len());
    while at < text.len() {
        let line = report.source.line_span(at);
        if !text[line.clone()].trim().is_empty() {
            return Some(report.source.line_col(line.start).0);
        }
        at = line.end + 1;
        if text.as_bytes().get(line.end) == Some(&b'\r') {
            at += 1;
        }
    }
    None
}
