//! GitHub Actions workflow commands, errors first, then a summary. GitHub turns only the
//! first 10 of each level in a step into annotations on the pull request; every command
//! still shows in the step's log, so all are printed.

use super::{FileDiagnostics, Totals};
use crate::lint::Level;

/// The most annotations of one level GitHub displays for a step.
const ANNOTATED_PER_LEVEL: usize = 10;

/// Renders the workflow commands and a summary line: first each error that kept a file
/// (or a book) from being checked, then the findings.
pub fn render(files: &[FileDiagnostics<'_>], unchecked: &[crate::Error]) -> String {
    let mut out: String = unchecked.iter().map(error).collect();
    let totals = Totals::of(files);
    for (level, command) in [(Level::Error, "error"), (Level::Warning, "warning")] {
        let found = files.iter().flat_map(|file| {
            file.diagnostics
                .iter()
                .filter(move |d| d.level == level)
                .map(move |d| (file, d))
        });
        for (file, d) in found {
            let (line, col) = file.source.line_col(d.span.start);
            let (end_line, end_col) = file.source.line_col(d.span.end.max(d.span.start));
            let mut message = d.message.clone();
            if let Some(section) = d.section.as_ref().filter(|s| !message.contains(s.as_str())) {
                message.push_str(&format!(" (in {section})"));
            }
            message.push_str(&format!("\nhelp: {}", d.help));
            out.push_str(&format!(
                "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
                // GitHub finds the file from the repository's root, wherever this ran.
                property(file.repo_path.unwrap_or(&file.source.path)),
                property(&format!("mdbook-rollback {}", d.rule)),
                data(&message)
            ));
        }
    }
    out.push_str(&format!(
        "mdbook-rollback: {} in {} {}",
        totals.findings(),
        totals.reports,
        super::plural(totals.reports, "report", "reports")
    ));
    if !unchecked.is_empty() {
        out.push_str(&format!("; {}", super::could_not_check(unchecked.len())));
    }
    if totals.errors > ANNOTATED_PER_LEVEL || totals.warnings > ANNOTATED_PER_LEVEL {
        out.push_str(&format!(
            " (GitHub annotates the first {ANNOTATED_PER_LEVEL} of each level; all are in this log)"
        ));
    }
    out.push('\n');
    out
}

/// An error that stopped the run (exit code 2), as an annotation on its file and line
/// when it has them: a refused include, a book.toml that does not parse.
pub fn error(error: &crate::Error) -> String {
    let mut at = Vec::new();
    if let Some(file) = &error.file {
        let from_root = crate::files::repo_relative(std::path::Path::new(file));
        at.push(format!(
            "file={}",
            property(from_root.as_deref().unwrap_or(file))
        ));
    }
    if let Some(line) = error.line {
        at.push(format!("line={line}"));
    }
    at.push("title=mdbook-rollback".to_string());
    let mut message = error.message.clone();
    if let Some(help) = &error.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!("::error {}::{}\n", at.join(","), data(&message))
}

/// Escapes a workflow command's message: `%`, CR and LF; other control characters are
/// shown as their symbols.
pub fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            // Any other control character (an escape from a file's name) as its symbol.
            c => out.push(crate::output::control_picture(c).unwrap_or(c)),
        }
    }
    out
}

/// Escapes a workflow command's property value: as `data`, plus `:` and `,`.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(data("a\u{1b}]0;T\u{7}"), "a␛]0;T␇");
    }
}
