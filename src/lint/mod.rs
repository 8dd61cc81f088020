//! The lint: rules that judge a parsed report. Each rule lives in its own file under
//! `rules/` with its name, default level, documentation and check; the registry lists
//! them, and `explain`, SARIF and the configuration all read it.

pub mod registry;
pub mod rules;
pub mod suppression;

use crate::config::Config;
use crate::diff::VersionDiff;
use crate::report::Report;
use crate::template::Template;
use crate::timeline::Timeline;
use serde::Serialize;
use std::ops::Range;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; fails only under `--strict`.
    Warning,
    /// Reported; fails the check and the build.
    Error,
}

impl Level {
    /// Reads `allow`, `warn` (or `warning`) and `error` (or `deny`).
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "allow" | "off" => Some(Level::Allow),
            "warn" | "warning" => Some(Level::Warning),
            "error" | "deny" => Some(Level::Error),
            _ => None,
        }
    }

    /// `error`, `warning` or `allow`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A rule: its stable name, default level, documentation and check.
pub struct Rule {
    /// The stable name, e.g. `missing-section`.
    pub name: &'static str,
    /// The level unless configured otherwise.
    pub default_level: Level,
    /// One line: what it finds.
    pub summary: &'static str,
    /// The documentation, in Markdown: what, why, examples, configuration.
    pub explanation: &'static str,
    /// The check.
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
    /// Its findings in one section are shown as one, at the first, once suppressions
    /// have taken theirs ("… (and at lines 32 and 40)").
    pub one_per_section: bool,
}

impl Rule {
    /// Its level under `config`.
    pub fn level(&self, config: &Config) -> Level {
        config.level(self.name).unwrap_or(self.default_level)
    }
}

/// What a rule sees.
pub struct Context<'a> {
    /// The report.
    pub report: &'a Report,
    /// The schema.
    pub template: &'a Template,
    /// The events and times read from the report.
    pub timeline: &'a Timeline,
    /// The version diff, when versions were read and git was asked.
    pub diff: Option<&'a VersionDiff>,
}

/// What a rule reports, before a level is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where, in the report's text.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The template section this is about, when it is not the one holding the span.
    pub section: Option<String>,
}

impl Finding {
    /// A finding at `span`.
    pub fn new(span: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Self {
        Finding {
            span,
            message: message.into(),
            help: help.into(),
            section: None,
        }
    }

    /// Names the section the finding is about.
    pub fn in_section(mut self, section: impl Into<String>) -> Self {
        self.section = Some(section.into());
        self
    }

    /// The diagnostic it makes for `rule` at `level`; `section` when it names none.
    pub fn diagnostic(self, rule: &Rule, level: Level, section: Option<String>) -> Diagnostic {
        Diagnostic {
            rule: rule.name,
            level,
            span: self.span,
            section: self.section.or(section),
            message: self.message,
            help: self.help,
            merged: Vec::new(),
        }
    }
}

/// A finding of a rule, at a level, in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule's name.
    pub rule: &'static str,
    /// Its level.
    pub level: Level,
    /// Where, in the report's text.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The template section it is in or about, e.g. `1. Executive Summary`.
    pub section: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Where the findings shown as this one are (see [`Rule::one_per_section`]).
    #[serde(skip)]
    pub merged: Vec<Range<usize>>,
}

/// How a report's findings are levelled.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// The report is a draft and drafts are allowed: errors become warnings.
    pub draft_allowed: bool,
}

/// Runs every rule on a report, applies levels and suppressions, and returns the
/// diagnostics in order of position.
pub fn run(ctx: &Context<'_>, config: &Config, policy: Policy) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for rule in registry::RULES {
        let level = rule.level(config);
        if level == Level::Allow {
            continue;
        }
        let mut findings = Vec::new();
        (rule.check)(ctx, &mut findings);
        for finding in findings {
            let section = match finding.section {
                Some(_) => None,
                None => ctx
                    .report
                    .template_section_at(finding.span.start)
                    .and_then(|t| ctx.template.sections.get(t))
                    .map(|s| s.heading.clone()),
            };
            diagnostics.push(finding.diagnostic(rule, level, section));
        }
    }
    let mut diagnostics = said_better(suppression::apply(ctx.report, diagnostics, config));
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end, d.rule));
    let mut diagnostics = one_per_section(diagnostics, &ctx.report.source);
    if policy.draft_allowed {
        for diagnostic in &mut diagnostics {
            if diagnostic.level == Level::Error {
                diagnostic.level = Level::Warning;
                diagnostic
                    .help
                    .push_str(" (a warning while the report is a draft: an error once `status: draft` goes, or with `check --deny-drafts` or `deny-drafts = true`)");
            }
        }
    }
    diagnostics
}

/// Drops an `empty-section` finding where a rule that reads the section says what it
/// lacks (`no severity level is given`, `Start Time is missing`): one finding, with the
/// help that fits, rather than two, one of them suggesting `N/A`.
fn said_better(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let readers = [
        rules::invalid_severity::RULE.name,
        rules::invalid_time::RULE.name,
    ];
    let read: Vec<(Option<String>, Level)> = diagnostics
        .iter()
        .filter(|d| readers.contains(&d.rule))
        .map(|d| (d.section.clone(), d.level))
        .collect();
    // Not for a reader set to a lower level: the section fails as it did.
    let said = |d: &Diagnostic| {
        read.iter()
            .any(|(section, level)| *section == d.section && *level >= d.level)
    };
    diagnostics
        .retain(|d| d.rule != rules::empty_section::RULE.name || d.section.is_none() || !said(d));
    diagnostics
}

/// Merges the findings of a rule that reports once a section into the first of each
/// section, which names the lines of the others (in `source`).
fn one_per_section(
    diagnostics: Vec<Diagnostic>,
    source: &crate::source::SourceFile,
) -> Vec<Diagnostic> {
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    // Where the first finding of each (rule, section) that merges is in `kept`.
    let mut firsts: std::collections::HashMap<(&str, Option<String>), usize> =
        std::collections::HashMap::new();
    for diagnostic in diagnostics {
        if registry::find(diagnostic.rule).is_some_and(|r| r.one_per_section) {
            let key = (diagnostic.rule, diagnostic.section.clone());
            if let Some(first) = firsts.get(&key).and_then(|&i| kept.get_mut(i)) {
                first.merged.push(diagnostic.span);
                continue;
            }
            firsts.insert(key, kept.len());
        }
        kept.push(diagnostic);
    }
    for diagnostic in &mut kept {
        let note = merged_lines_note(diagnostic, source);
        diagnostic.message.push_str(&note);
    }
    kept
}

/// What a finding shown for several says of the others, with their lines in `source`:
/// ` (and at lines 32 and 40)`; nothing for those on its own line, which are fixed with
/// it.
pub fn merged_lines_note(diagnostic: &Diagnostic, source: &crate::source::SourceFile) -> String {
    let line = |span: &Range<usize>| source.line_col(span.start).0;
    let first = line(&diagnostic.span);
    let mut more: Vec<usize> = diagnostic.merged.iter().map(line).collect();
    more.sort_unstable();
    more.dedup();
    more.retain(|&l| l != first);
    let list = |lines: &[usize]| {
        lines
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match more.as_slice() {
        [] => String::new(),
        [one] => format!(" (and at line {one})"),
        [rest @ .., last] if more.len() <= 5 => {
            format!(" (and at lines {} and {last})", list(rest))
        }
        lines => format!(
            " (and at lines {} and {} more)",
            list(&lines[..4]),
            lines.len() - 4
        ),
    }
}

/// The template heading of section `t`, for messages.
pub fn heading(ctx: &Context<'_>, t: usize) -> String {
    ctx.template
        .sections
        .get(t)
        .map_or_else(String::new, |s| s.heading.clone())
}

/// Where to point when a section's content is missing: its heading, or the report's title.
pub fn section_anchor(ctx: &Context<'_>, t: Option<usize>) -> Range<usize> {
    t.and_then(|t| ctx.report.section(t))
        .map(|s| trim_span(&ctx.report.source.text, s.heading_span.clone()))
        .or_else(|| {
            ctx.report
                .title
                .as_ref()
                .map(|(_, span)| trim_span(&ctx.report.source.text, span.clone()))
        })
        .unwrap_or(ctx.report.body_start..ctx.report.body_start)
}

/// A span without trailing line breaks and spaces, so snippets underline text only.
pub fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = text.get(span.clone()).unwrap_or("");
    let first_line = slice.split('\n').next().unwrap_or("").trim_end();
    span.start..span.start + first_line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Merged findings name the lines of the others: each once, not the first's line,
    /// and the first few of many.
    #[test]
    fn merged_findings_name_the_other_lines() {
        let text = "a\n".repeat(20);
        let source = crate::source::SourceFile::new("r.md", text);
        let at = |lines: &[usize]| -> Vec<Diagnostic> {
            lines
                .iter()
                .map(|&line| Diagnostic {
                    rule: rules::template_example::RULE.name,
                    level: Level::Error,
                    span: (line - 1) * 2..(line - 1) * 2 + 1,
                    section: Some("2.2. Severity Level".into()),
                    message: "example".into(),
                    help: String::new(),
                    merged: Vec::new(),
                })
                .collect()
        };
        let message = |lines: &[usize]| one_per_section(at(lines), &source)[0].message.clone();
        assert_eq!(message(&[3]), "example");
        assert_eq!(message(&[3, 3]), "example");
        assert_eq!(message(&[3, 5]), "example (and at line 5)");
        assert_eq!(message(&[3, 5, 5, 9]), "example (and at lines 5 and 9)");
        assert_eq!(
            message(&[1, 2, 3, 4, 5, 6, 7, 8]),
            "example (and at lines 2, 3, 4, 5 and 3 more)"
        );
        assert_eq!(one_per_section(at(&[1, 2, 3]), &source).len(), 1);
    }
}
