//! The `{{#rollback-index}}` page: the table of every rollback, its statistics and
//! breakdowns, and (in HTML) the chart.

use crate::index::{IndexEntry, Stats};
use crate::render::markdown::{Inline, Table, Writer, message, text, version_pair};
use crate::timeline::format_span;
use std::path::{Component, Path};

/// How many of a service's or tag's reports the breakdowns link, newest first.
const LATEST_IN_GROUP: usize = 5;

/// The index table's style in HTML: the cells' padding, no breaks in dates (a long title
/// or version may break anywhere, rather than push the columns after it out of sight),
/// and no scroll bar in print.
const INDEX_TABLE_STYLE: &str = "<style>\
.rollback-index table{font-size:0.9em}\
.rollback-index a{text-decoration:underline}\
.rollback-index th,.rollback-index td{padding:3px 8px}\
.rollback-index td:nth-child(1){white-space:nowrap}\
.rollback-index td:nth-child(2),.rollback-index td code{overflow-wrap:anywhere}\
@media print{.rollback-index .table-wrapper{overflow:visible}}\
</style>";

/// Renders the index page for a chapter at `chapter_path`, its headings at `level` (one
/// under the heading the index is placed under). `html` adds the SVG chart.
pub fn render<'a>(
    entries: &'a [IndexEntry],
    severities: &[String],
    chapter_path: Option<&Path>,
    html: bool,
    level: u8,
) -> String {
    let stats = Stats::of(entries, severities);
    let mut writer = Writer::new();
    if entries.is_empty() {
        writer.paragraph(&message(
            "No rollback reports yet. Start one with `mdbook-rollback new \"Title\"`.",
        ));
        return writer.finish();
    }
    let minutes = |m: Option<i64>| {
        m.map_or("—".to_string(), |m| {
            format_span(jiff::SignedDuration::from_mins(m))
        })
    };
    writer.paragraph(&[
        Inline::Strong(
            format!(
                "{} {}",
                stats.rollbacks,
                crate::render::diagnostics::plural(stats.rollbacks, "rollback", "rollbacks")
            )
            .into(),
        ),
        text(format!(
            " · median duration {} · p90 duration {}",
            minutes(stats.duration.median),
            minutes(stats.duration.p90)
        )),
    ]);
    if html {
        writer.trusted_html(crate::render::chart::rollbacks_per_month(
            &stats, severities,
        ));
    }
    let link = |e: &'a IndexEntry| -> Inline<'a> {
        match &e.link {
            Some(path) => Inline::Link {
                text: e.title.as_str().into(),
                url: relative_link(chapter_path, path).into(),
                code: false,
            },
            None => text(e.title.as_str()),
        }
    };
    let head = Table::new(&[
        "Date", "Report", "Service", "Severity", "Versions", "Duration", "Status",
    ])
    .right(5);
    let rows = entries.iter().map(|e| {
        let versions = version_pair(e.from_version.clone(), e.to_version.clone());
        vec![
            vec![text(e.date.as_deref().unwrap_or("—"))],
            vec![link(e)],
            vec![text(e.service.as_deref().unwrap_or("—"))],
            vec![text(e.severity.as_deref().unwrap_or("—"))],
            versions,
            vec![text(minutes(e.duration_minutes))],
            vec![text(e.status_text())],
        ]
    });
    // In HTML, the table is set tighter than mdBook's default, so that seven columns
    // fit its content width; dates and versions never break.
    if html {
        writer.trusted_html(INDEX_TABLE_STYLE.into());
        writer.trusted_html(r#"<div class="rollback-index">"#.into());
    }
    writer.table_of(&head, rows);
    if html {
        writer.trusted_html("</div>".into());
    }

    writer.heading(level, "By severity");
    let mut table = Table::new(&["Severity", "Rollbacks", "Median duration", "p90 duration"])
        .right(1)
        .right(2)
        .right(3);
    for (severity, count, spread) in stats.by_severity.iter().filter(|(_, c, _)| *c > 0) {
        table.row(vec![
            vec![text(severity.as_str())],
            vec![text(count.to_string())],
            vec![text(minutes(spread.median))],
            vec![text(minutes(spread.p90))],
        ]);
    }
    writer.table(&table);

    let grouped =
        |writer: &mut Writer, title: &str, column: &str, groups: &[(String, Vec<usize>)]| {
            if groups.is_empty() {
                return;
            }
            writer.heading(level, title);
            let mut table = Table::new(&[column, "Rollbacks", "Latest reports"]).right(1);
            for (name, indices) in groups {
                let mut reports = Vec::new();
                for (n, &i) in indices.iter().take(LATEST_IN_GROUP).enumerate() {
                    if n > 0 {
                        reports.push(text(", "));
                    }
                    reports.push(link(&entries[i]));
                }
                if indices.len() > LATEST_IN_GROUP {
                    reports.push(text(format!(
                        " and {} more",
                        indices.len() - LATEST_IN_GROUP
                    )));
                }
                table.row(vec![
                    vec![text(name.as_str())],
                    vec![text(indices.len().to_string())],
                    reports,
                ]);
            }
            writer.table(&table);
        };
    grouped(&mut writer, "By service", "Service", &stats.by_service);

    if !stats.by_month.is_empty() {
        writer.heading(level, "By month");
        let severities_seen: Vec<&String> = stats
            .by_severity
            .iter()
            .filter(|(_, c, _)| *c > 0)
            .map(|(s, _, _)| s)
            .collect();
        let mut columns = vec!["Month", "Rollbacks"];
        columns.extend(severities_seen.iter().map(|s| s.as_str()));
        let mut table = Table::new(&columns);
        for i in 1..columns.len() {
            table = table.right(i);
        }
        for (month, counts) in &stats.by_month {
            let mut row = vec![
                vec![text(month.as_str())],
                vec![text(counts.values().sum::<usize>().to_string())],
            ];
            row.extend(
                severities_seen
                    .iter()
                    .map(|s| vec![text(counts.get(*s).copied().unwrap_or(0).to_string())]),
            );
            table.row(row);
        }
        writer.table(&table);
    }
    grouped(&mut writer, "By tag", "Tag", &stats.by_tag);
    writer.finish()
}

/// A link from the chapter at `from` (relative to `src`) to the chapter at `to`.
pub fn relative_link(from: Option<&Path>, to: &Path) -> String {
    let from_dir: Vec<Component<'_>> = from
        .and_then(Path::parent)
        .map(|p| p.components().collect())
        .unwrap_or_default();
    let to_parts: Vec<Component<'_>> = to.components().collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); from_dir.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts
        .iter()
        .map(|p| percent_encode(p))
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes the ASCII of a path segment that is not unreserved; other characters
/// stay as they are (`пожар.md`), as mdBook's print page only finds links to chapters
/// written so.
fn percent_encode(segment: &str) -> String {
    let mut out = String::new();
    for c in segment.chars() {
        if !c.is_ascii() || c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
            out.push(c);
        } else {
            out.push_str(&format!("%{:02X}", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_index_chapter() {
        let to = Path::new("incidents/2024-01-26-payments.md");
        assert_eq!(
            relative_link(Some(Path::new("incidents/index.md")), to),
            "2024-01-26-payments.md"
        );
        assert_eq!(
            relative_link(Some(Path::new("index.md")), to),
            "incidents/2024-01-26-payments.md"
        );
        assert_eq!(
            relative_link(Some(Path::new("ops/history/index.md")), to),
            "../../incidents/2024-01-26-payments.md"
        );
        assert_eq!(
            relative_link(None, Path::new("a b(1).md")),
            "a%20b%281%29.md"
        );
        assert_eq!(relative_link(None, Path::new("пожар ü.md")), "пожар%20ü.md");
    }
}
