//! rustc-style diagnostics: the file, the line, a source snippet and `help:`.

use super::{FileDiagnostics, Totals, plural};
use crate::lint::Level;
use annotate_snippets::{AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet};

/// Long source lines are cut to fit this width, as rustc does.
const TERM_WIDTH: usize = 100;

/// The most lines of source a snippet shows.
const MAX_SNIPPET_LINES: usize = 4;

/// The most findings shown with a snippet for one file: each snippet reads its whole
/// line, and a hostile line can hold thousands of findings. The rest are counted.
const MAX_SHOWN_PER_FILE: usize = 100;

/// Renders every diagnostic, then a summary line.
pub fn render(files: &[FileDiagnostics<'_>], color: bool) -> String {
    let mut out = diagnostics(files, color);
    out.push_str(&summary(Totals::of(files)));
    out.push('\n');
    out
}

/// Renders every diagnostic, each followed by a blank line.
pub fn diagnostics(files: &[FileDiagnostics<'_>], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(TERM_WIDTH);
    let mut out = String::new();
    for file in files {
        if file.diagnostics.len() > MAX_SHOWN_PER_FILE {
            out.push_str(&format!(
                "note: {} has {} findings; the first {MAX_SHOWN_PER_FILE} are shown, and `--format json` lists them all\n\n",
                crate::output::printable(&file.source.path),
                file.diagnostics.len()
            ));
        }
        for diagnostic in file.diagnostics.iter().take(MAX_SHOWN_PER_FILE) {
            let source = file.source;
            let text = &source.text;
            let start = diagnostic.span.start.min(text.len());
            let end = diagnostic.span.end.clamp(start, text.len());
            let first = source.line_span(start);
            let mut last = source.line_span(end.saturating_sub(1).max(start));
            let (first_line, _) = source.line_col(first.start);
            let (last_line, _) = source.line_col(last.start);
            if last_line >= first_line + MAX_SNIPPET_LINES {
                last = source.line_span(start);
            }
            let excerpt = &text[first.start..last.end.max(first.start)];
            let local = start - first.start..end.min(last.end).max(start) - first.start;
            let level = match diagnostic.level {
                Level::Error => SnippetLevel::ERROR,
                _ => SnippetLevel::WARNING,
            };
            let mut title = diagnostic.message.clone();
            if let Some(section) = diagnostic
                .section
                .as_ref()
                .filter(|s| !title.contains(s.as_str()))
            {
                title.push_str(&format!(" (in {section})"));
            }
            let printable_path = crate::output::printable(&source.path);
            let report = [level
                .primary_title(title)
                .id(diagnostic.rule)
                .element(
                    Snippet::source(excerpt)
                        .line_start(first_line)
                        .path(&printable_path)
                        .annotation(AnnotationKind::Primary.span(local)),
                )
                .element(SnippetLevel::HELP.message(diagnostic.help.as_str()))];
            let report: &[Group<'_>] = &report;
            out.push_str(&renderer.render(report));
            out.push_str("\n\n");
        }
    }
    out
}

/// Adds a `warning:` line, about something other than a report's content, to text for
/// stderr.
pub fn warning(stderr: &mut String, warning: impl std::fmt::Display) {
    use std::fmt::Write;
    // A warning names files, whose names may hold a terminal escape; it is one line or
    // more, and nothing else in it is a control character.
    let lines: Vec<String> = warning
        .to_string()
        .split('\n')
        .map(crate::output::printable)
        .collect();
    // Writing to a `String` cannot fail.
    let _ = writeln!(stderr, "warning: {}", lines.join("\n"));
}

/// The closing line: what was checked and what was found.
pub fn summary(totals: Totals) -> String {
    let reports = format!(
        "{} {}",
        totals.reports,
        plural(totals.reports, "report", "reports")
    );
    if totals.reports == 0 && totals.errors == 0 && totals.warnings == 0 {
        format!("Checked {reports}.")
    } else if totals.errors == 0 && totals.warnings == 0 {
        format!("Checked {reports}: all complete.")
    } else {
        format!("Checked {reports}: {}.", totals.findings())
    }
}
