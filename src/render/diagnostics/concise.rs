//! One line a finding, as ruff's `concise` and rustc's `short` formats write them
//! (`file:line:col: level[rule]: message`), then the summary. For a first draft's many
//! findings, or `grep`.

use super::{FileDiagnostics, Totals, human};

/// Renders one line a finding, then the summary line.
pub fn render(files: &[FileDiagnostics<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        let path = crate::output::printable(&file.source.path);
        for d in file.diagnostics {
            let (line, column) = file.source.line_col(d.span.start);
            out.push_str(&format!(
                "{path}:{line}:{column}: {}[{}]: {}",
                d.level.as_str(),
                d.rule,
                crate::output::on_one_line(&d.message)
            ));
            if let Some(section) = d
                .section
                .as_ref()
                .filter(|s| !d.message.contains(s.as_str()))
            {
                out.push_str(&format!(" (in {})", crate::output::on_one_line(section)));
            }
            out.push('\n');
        }
    }
    out.push_str(&human::summary(Totals::of(files)));
    out.push('\n');
    out
}
