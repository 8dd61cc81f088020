//! The incident index: one entry a report (date, service, severity, versions, duration,
//! status) and statistics over them; the page and the CSV are rendered in `render`.

use crate::analysis::Analysis;
use crate::git::metadata::FileHistory;
use crate::lint::Level;
use crate::lint::rules::time_order;
use crate::report::timestamp::{date_value, leading_date};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
}
