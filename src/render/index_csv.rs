//! The index as CSV (`mdbook-rollback index --format csv`): one row a report, safe to
//! open in a spreadsheet.

use crate::index::IndexEntry;

/// The entries as CSV, one row a report, deterministic. Cells that a spreadsheet would
/// run as a formula are prefixed with `'`.
pub fn to_csv(entries: &[IndexEntry]) -> String {
    let header = [
        "date",
        "title",
        "file",
        "service",
        "severity",
        "from_version",
        "to_version",
        "start",
        "end",
        "duration_minutes",
        "release_to_start_minutes",
        "events",
        "status",
        "errors",
        "warnings",
        "tags",
        "created",
        "updated",
        "authors",
        "people",
    ];
    let mut out = header.join(",");
    out.push('\n');
    for e in entries {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let row = [
            opt(&e.date),
            e.title.clone(),
            e.file.clone(),
            opt(&e.service),
            opt(&e.severity),
            opt(&e.from_version),
            opt(&e.to_version),
            opt(&e.start),
            opt(&e.end),
            num(e.duration_minutes),
            num(e.release_to_start_minutes),
            e.events.to_string(),
            opt(&e.status),
            e.errors.to_string(),
            e.warnings.to_string(),
            e.tags.join(";"),
            opt(&e.created),
            opt(&e.updated),
            e.authors.join(";"),
            e.people.join(";"),
        ];
        out.push_str(
            &row.iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

fn csv_cell(value: &str) -> String {
    // A cell is one line with no control characters (a git author's name may hold a
    // carriage return or an escape) and no `##[`: CSV is printed in CI logs, where
    // either could become a command.
    let value = crate::output::on_one_line(value).replace("##[", "##\\[");
    // Spaces (and the control characters now spaces) before the `=` do not stop every
    // spreadsheet running it.
    let formula = value.trim_start().starts_with(['=', '+', '-', '@']);
    let value = if formula && value.trim().parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value
    };
    // A cell with `;` is quoted too: where `;` separates cells (the CSV of many European
    // locales), the tags, authors and people joined with it would otherwise be cells of
    // their own, one of which could start with `=`.
    if value.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_escaped() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("-5"), "-5");
        assert_eq!(csv_cell("\u{1}=1+1"), "' =1+1");
        assert_eq!(csv_cell(" -5"), " -5");
        assert_eq!(
            csv_cell("ok;=cmd|' /C calc'!A0"),
            "\"ok;=cmd|' /C calc'!A0\""
        );
    }
}
