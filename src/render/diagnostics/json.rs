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

/// Renders the JSON object, followed by a line break.
pub fn render(files: &[FileDiagnostics<'_>]) -> String {
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
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
