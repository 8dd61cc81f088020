//! Diagnostics in the formats CI systems read: rustc-style text, JSON, GitHub workflow
//! commands and SARIF.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::lint::{Diagnostic, Level};
use crate::source::SourceFile;

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style text with source snippets.
    Human,
    /// One line a finding (`file:line:col: error[rule]: message`), as in ruff.
    Concise,
    /// One JSON object.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

/// The diagnostics of one file.
#[derive(Debug, Clone, Copy)]
pub struct FileDiagnostics<'a> {
    /// The file.
    pub source: &'a SourceFile,
    /// Its diagnostics, in order.
    pub diagnostics: &'a [Diagnostic],
    /// Its path relative to the repository root (for SARIF), when known.
    pub repo_path: Option<&'a str>,
    /// Whether it was checked as a report (a file that is not published was not).
    pub report: bool,
}

/// The totals of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Totals {
    /// Reports checked.
    pub reports: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
}

impl std::ops::AddAssign for Totals {
    fn add_assign(&mut self, other: Totals) {
        self.reports += other.reports;
        self.errors += other.errors;
        self.warnings += other.warnings;
    }
}

impl Totals {
    /// Counts the findings of a set of files.
    pub fn of(files: &[FileDiagnostics<'_>]) -> Totals {
        let count = |level| {
            files
                .iter()
                .flat_map(|f| f.diagnostics)
                .filter(|d| d.level == level)
                .count()
        };
        Totals {
            reports: files.iter().filter(|f| f.report).count(),
            errors: count(Level::Error),
            warnings: count(Level::Warning),
        }
    }

    /// `3 errors, 1 warning`.
    pub fn findings(&self) -> String {
        format!(
            "{} {}, {} {}",
            self.errors,
            plural(self.errors, "error", "errors"),
            self.warnings,
            plural(self.warnings, "warning", "warnings")
        )
    }
}

/// `word` or `words` by count.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Renders diagnostics in a format, with the errors that kept some files (or books) from
/// being checked: the human format leaves those to stderr. `color` applies to the human
/// format only.
pub fn render(
    format: Format,
    files: &[FileDiagnostics<'_>],
    unchecked: &[crate::Error],
    color: bool,
) -> String {
    match format {
        Format::Human => human::render(files, color),
        Format::Concise => concise::render(files),
        Format::Json => crate::output::inert_json(json::render(files, unchecked)),
        Format::Github => github::render(files, unchecked),
        Format::Sarif => crate::output::inert_json(sarif::render(files, unchecked)),
    }
}

/// `2 more errors kept part of the check from running`: the errors beside the findings
/// that make a run exit 2.
pub fn could_not_check(n: usize) -> String {
    format!(
        "{n} more {} kept part of the check from running",
        plural(n, "error", "errors")
    )
}

/// What a run that `error` stopped (exit code 2) says in a format that tools read: a
/// GitHub annotation, or a JSON or SARIF document with the error, so that `| jq` or an
/// upload step shows it. The human format has only stderr.
pub fn failed(format: Format, error: &crate::Error) -> Option<String> {
    match format {
        Format::Human | Format::Concise => None,
        Format::Json => Some(json::failed(error)),
        Format::Github => Some(github::error(error)),
        Format::Sarif => Some(crate::output::inert_json(sarif::failed(error))),
    }
}
