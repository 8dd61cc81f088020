//! One JSON object: totals and every diagnostic with file, line and column.

use super::{FileDiagnostics, Totals};
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    reports: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Entry<'a>>,
    /// What stopped the run, when an error did (exit code 2): the first of `unchecked`.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Failure<'a>>,
    /// Every error that kept a file (or a book) from being checked, when any did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unchecked: Vec<Failure<'a>>,
}

/// An error that stopped the run.
#[derive(Serialize)]
struct Failure<'a> {
    file: Option<&'a str>,
    line: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

impl<'a> Failure<'a> {
    fn of(error: &'a crate::Error) -> Self {
        Failure {
            file: error.file.as_deref(),
            line: error.line,
            message: &error.message,
            help: error.help.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    severity: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    section: Option<&'a str>,
    message: &'a str,
    help: &'a str,
}

/// The object for a run that an error stopped (exit code 2): no reports, no diagnostics,
/// and `error` with what stopped it, where, and how to fix it.
pub fn failed(error: &crate::Error) -> String {
    crate::output::inert_json(render(&[], std::slice::from_ref(error)))
}

/// Renders the JSON object, followed by a line break: the findings, and the errors that
/// kept some files from being checked.
pub fn render<'a>(files: &'a [FileDiagnostics<'a>], unchecked: &'a [crate::Error]) -> String {
    let totals = Totals::of(files);
    let diagnostics = files
        .iter()
        .flat_map(|file| {
            file.diagnostics.iter().map(move |d| {
                let (line, column) = file.source.line_col(d.span.start);
                Entry {
                    rule: d.rule,
                    severity: d.level.as_str(),
                    file: &file.source.path,
                    line,
                    column,
                    section: d.section.as_deref(),
                    message: &d.message,
                    help: &d.help,
                }
            })
        })
        .collect();
    let output = Output {
        version: 1,
        reports: totals.reports,
        errors: totals.errors,
        warnings: totals.warnings,
        diagnostics,
        error: unchecked.first().map(Failure::of),
        unchecked: unchecked.iter().map(Failure::of).collect(),
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
