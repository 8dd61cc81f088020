//! The incident index: one entry a report (date, service, severity, versions, duration,
//! status), statistics over them, and the `{{#rollback-index}}` page and exports.

use crate::analysis::Analysis;
use crate::git::metadata::FileHistory;
use crate::lint::Level;
use crate::lint::rules::time_order;
use crate::render::markdown::{Inline, Table, Writer, message, text, version_pair};
use crate::report::timestamp::{date_value, leading_date};
use crate::timeline::format_span;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// One report in the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexEntry {
    /// The report's title, without a leading "Rollback Report".
    pub title: String,
    /// The report file, relative to the book root.
    pub file: String,
    /// The chapter path relative to `src`, for links.
    #[serde(skip)]
    pub link: Option<PathBuf>,
    /// The report's date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Where the date came from: `front-matter`, `start-time`, `file-name` or `git`.
    pub date_source: Option<&'static str>,
    /// The service rolled back.
    pub service: Option<String>,
    /// The severity level.
    pub severity: Option<String>,
    /// The version rolled back from.
    pub from_version: Option<String>,
    /// The version rolled back to.
    pub to_version: Option<String>,
    /// Start Time (RFC 3339, UTC).
    pub start: Option<String>,
    /// End Time (RFC 3339, UTC).
    pub end: Option<String>,
    /// End − Start, in whole minutes.
    pub duration_minutes: Option<i64>,
    /// Start − the "from" release, in whole minutes.
    pub release_to_start_minutes: Option<i64>,
    /// Timeline events, Start and End included.
    pub events: usize,
    /// `status` from the front matter.
    pub status: Option<String>,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// `tags` from the front matter.
    pub tags: Vec<String>,
    /// First committed (`YYYY-MM-DD`), from git or front matter `created`.
    pub created: Option<String>,
    /// Last updated (`YYYY-MM-DD`), from git or front matter `updated`.
    pub updated: Option<String>,
    /// Authors, from git or front matter `authors`.
    pub authors: Vec<String>,
    /// The people involved, as written in the report (`Name (Role)`).
    pub people: Vec<String>,
    #[serde(skip)]
    sort_date: Option<Date>,
}

impl IndexEntry {
    /// The entry of an analysed report. `link` is its chapter path relative to `src`,
    /// `history` its git history.
    pub fn new(
        analysis: &Analysis,
        link: Option<PathBuf>,
        history: Option<&FileHistory>,
    ) -> IndexEntry {
        let report = &analysis.report;
        let fields = report.fields();
        let metrics = analysis.timeline.metrics();
        let file_name = Path::new(&report.source.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let from_front = fields.date.as_deref().and_then(date_value);
        // The day Start Time names as written (08:30 in Tokyo on July 1 is July 1), not
        // the day in UTC.
        let from_start = analysis.timeline.start.as_ref().map(|s| {
            report
                .times
                .start
                .value()
                .and_then(|written| written.date)
                .unwrap_or_else(|| s.at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
        });
        let from_name = leading_date(&file_name);
        let from_git = history.and_then(|h| h.created).map(utc_date);
        let (sort_date, date_source) = [
            (from_front, "front-matter"),
            (from_start, "start-time"),
            (from_name, "file-name"),
            (from_git, "git"),
        ]
        .into_iter()
        .find_map(|(date, source)| date.map(|d| (Some(d), Some(source))))
        .unwrap_or((None, None));
        let day = |d: Option<Date>| d.map(|d| d.to_string());
        let rfc = |t: Option<Timestamp>| t.map(|t| t.to_string());
        let title = report.short_title().unwrap_or_else(|| {
            Path::new(&file_name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        IndexEntry {
            title,
            file: report.source.path.clone(),
            link,
            date: day(sort_date),
            date_source,
            service: fields.service.clone(),
            severity: report.severity.value().cloned(),
            from_version: report.versions.from.value().map(|v| v.to_string()),
            to_version: report.versions.to.value().map(|v| v.to_string()),
            start: rfc(analysis.timeline.start.as_ref().map(|s| s.at)),
            end: rfc(analysis.timeline.end.as_ref().map(|e| e.at)),
            // End Time before Start Time, or a week after it, is a `time-order` error,
            // not a duration.
            duration_minutes: metrics.duration.and_then(time_order::plausible),
            release_to_start_minutes: metrics.release_to_start_minutes(),
            events: metrics.events,
            status: fields.status.clone(),
            errors: analysis.count(Level::Error),
            warnings: analysis.count(Level::Warning),
            tags: fields.tags.clone(),
            created: fields
                .created
                .as_deref()
                .and_then(date_value)
                .or(history.and_then(|h| h.created).map(utc_date))
                .map(|d| d.to_string()),
            updated: fields
                .updated
                .as_deref()
                .and_then(date_value)
                .or(history.and_then(|h| h.updated).map(utc_date))
                .map(|d| d.to_string()),
            authors: if fields.authors.is_empty() {
                history.map(|h| h.authors.clone()).unwrap_or_default()
            } else {
                fields.authors.clone()
            },
            people: report
                .people
                .iter()
                .map(|p| match &p.role {
                    Some(role) => format!("{} ({role})", p.name),
                    None => p.name.clone(),
                })
                .collect(),
            sort_date,
        }
    }

    /// The month `YYYY-MM` of the report's date.
    pub fn month(&self) -> Option<String> {
        self.sort_date
            .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
    }

    /// The front matter status (or `—`), and `incomplete` with the number of errors when
    /// the report has any (under `on-incomplete = "warn"`).
    pub fn status_text(&self) -> String {
        let lint = format!(
            "incomplete ({} {})",
            self.errors,
            crate::render::diagnostics::plural(self.errors, "error", "errors")
        );
        match (&self.status, self.errors) {
            (Some(status), 0) => status.clone(),
            (Some(status), _) => format!("{status} · {lint}"),
            // No status is written: "complete" would read as one.
            (None, 0) => "—".to_string(),
            (None, _) => lint,
        }
    }
}

/// Sorts entries newest first; ties by title, then file, then chapter link, so the order
/// is total and the sort need not be stable (unlike a stable sort, it needs no copy of a
/// large book's entries).
pub fn sort(entries: &mut [IndexEntry]) {
    entries.sort_unstable_by(newest_first_order);
}

/// The indices of `entries` in newest-first order.
pub fn newest_first(entries: &[IndexEntry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| newest_first_order(&entries[a], &entries[b]));
    order
}

fn newest_first_order(a: &IndexEntry, b: &IndexEntry) -> std::cmp::Ordering {
    b.sort_date
        .is_some()
        .cmp(&a.sort_date.is_some())
        .then(b.sort_date.cmp(&a.sort_date))
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.file.cmp(&b.file))
        .then_with(|| a.link.cmp(&b.link))
}

fn utc_date(t: Timestamp) -> Date {
    t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// A median and 90th percentile, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Spread {
    /// How many durations.
    pub count: usize,
    /// The median: the middle value, or for an even count the mean of the two middle
    /// ones, to the nearest minute.
    pub median: Option<i64>,
    /// The 90th percentile (nearest rank).
    pub p90: Option<i64>,
}

impl Spread {
    /// The spread of some durations.
    pub fn of(mut minutes: Vec<i64>) -> Spread {
        minutes.sort_unstable();
        let n = minutes.len();
        if n == 0 {
            return Spread::default();
        }
        let rank = |p: usize| minutes[(p * n).div_ceil(100).clamp(1, n) - 1];
        // The middle value, or the mean of the two middle ones (to the nearest minute).
        let median = if n % 2 == 1 {
            minutes[n / 2]
        } else {
            (minutes[n / 2 - 1] + minutes[n / 2] + 1).div_euclid(2)
        };
        Spread {
            count: n,
            median: Some(median),
            p90: Some(rank(90)),
        }
    }
}

/// Statistics over the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The number of rollbacks.
    pub rollbacks: usize,
    /// Durations over all reports.
    pub duration: Spread,
    /// By severity, in the template's order (then others).
    pub by_severity: Vec<(String, usize, Spread)>,
    /// By service: the indices of its entries.
    pub by_service: Vec<(String, Vec<usize>)>,
    /// By month `YYYY-MM`, newest first: counts by severity.
    pub by_month: Vec<(String, BTreeMap<String, usize>)>,
    /// By tag: the indices of its entries.
    pub by_tag: Vec<(String, Vec<usize>)>,
}

/// The label for reports without a severity or service.
const UNSET: &str = "(none)";

impl Stats {
    /// Computes the statistics of sorted entries. `severities` is the template's order.
    pub fn of(entries: &[IndexEntry], severities: &[String]) -> Stats {
        let mut order: Vec<String> = severities.to_vec();
        for e in entries {
            let s = e.severity.clone().unwrap_or_else(|| UNSET.into());
            if !order.contains(&s) {
                order.push(s);
            }
        }
        let by_severity = order
            .iter()
            .map(|s| {
                let matching: Vec<&IndexEntry> = entries
                    .iter()
                    .filter(|e| e.severity.as_deref().unwrap_or(UNSET) == s)
                    .collect();
                let spread =
                    Spread::of(matching.iter().filter_map(|e| e.duration_minutes).collect());
                (s.clone(), matching.len(), spread)
            })
            .collect();
        let group = |key: &dyn Fn(&IndexEntry) -> Vec<String>| {
            let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (i, e) in entries.iter().enumerate() {
                for k in key(e) {
                    groups.entry(k).or_default().push(i);
                }
            }
            groups.into_iter().collect::<Vec<_>>()
        };
        let by_service = group(&|e| vec![e.service.clone().unwrap_or_else(|| UNSET.into())]);
        // Tags that differ only in case are one tag, named as first written.
        let by_tag = {
            let mut groups: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
            for (i, e) in entries.iter().enumerate() {
                for tag in &e.tags {
                    let (_, reports) = groups
                        .entry(tag.to_lowercase())
                        .or_insert_with(|| (tag.clone(), Vec::new()));
                    if reports.last() != Some(&i) {
                        reports.push(i);
                    }
                }
            }
            groups.into_values().collect()
        };
        let mut months: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for e in entries {
            if let Some(month) = e.month() {
                *months
                    .entry(month)
                    .or_default()
                    .entry(e.severity.clone().unwrap_or_else(|| UNSET.into()))
                    .or_default() += 1;
            }
        }
        Stats {
            rollbacks: entries.len(),
            duration: Spread::of(entries.iter().filter_map(|e| e.duration_minutes).collect()),
            by_severity,
            by_service,
            by_month: months.into_iter().rev().collect(),
            by_tag,
        }
    }
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

/// How many of a service's or tag's reports the breakdowns link, newest first.
const LATEST_IN_GROUP: usize = 5;

/// The index table's style in HTML: the cells' padding, no breaks in dates (a long title
/// or version may break anywhere, rather than push the columns after it out of sight),
/// and no scroll bar in print.
const INDEX_TABLE_STYLE: &str = "<style>\
.rollback-index table{font-size:0.9em}\
.rollback-index th,.rollback-index td{padding:3px 8px}\
.rollback-index td:nth-child(1){white-space:nowrap}\
.rollback-index td:nth-child(2),.rollback-index td code{overflow-wrap:anywhere}\
@media print{.rollback-index .table-wrapper{overflow:visible}}\
</style>";

/// Renders the index page for a chapter at `chapter_path`. `html` adds the SVG chart.
pub fn render<'a>(
    entries: &'a [IndexEntry],
    severities: &[String],
    chapter_path: Option<&Path>,
    html: bool,
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

    writer.heading(2, "By severity");
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
            writer.heading(2, title);
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
        writer.heading(2, "By month");
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
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_and_p90_the_nearest_rank() {
        let spread = Spread::of(vec![10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
        assert_eq!(spread.median, Some(55));
        assert_eq!(spread.p90, Some(90));
        assert_eq!(Spread::of(vec![45, 22]).median, Some(34));
        assert_eq!(Spread::of(vec![45, 22, 30]).median, Some(30));
        assert_eq!(Spread::of(vec![7]).p90, Some(7));
        assert_eq!(Spread::of(vec![]).median, None);
    }

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

    #[test]
    fn csv_is_escaped() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("-5"), "-5");
    }
}
