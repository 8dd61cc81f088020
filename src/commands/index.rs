//! `mdbook-rollback index [BOOK] --format json|csv`: every report's metadata and metrics,
//! for dashboards. The output is deterministic.

use super::Outcome;
use crate::analysis::{self, Settings};
use crate::config;
use crate::error::Result;
use crate::git::CliGit;
use crate::includes;
use crate::index::{self, IndexEntry, Stats};
use crate::mdbook::{discovery, load_template};
use crate::paths::display;
use crate::report;
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON object: statistics and entries.
    Json,
    /// One row a report.
    Csv,
}

/// Exports the index of the book at `book_dir`.
pub fn run(book_dir: &Path, format: ExportFormat) -> Result<Outcome> {
    super::must_be_a_book(book_dir, "mdbook-rollback index {}")?;
    let book = config::Book::load(book_dir)?;
    let template = load_template(&book)?;
    let template_path = book
        .config
        .template
        .as_ref()
        .and_then(|t| book.root.join(t).canonicalize().ok());
    let (mut files, mut warnings) = crate::files::book_files(&book.src);
    warnings.extend(book.renamed_table_warning());
    // The reports the build publishes, as the build reads them.
    let published = discovery::Published::of(&book)?;
    files.extend(published.iter().flat_map(|p| p.listed().cloned()));
    // Each file once, with its real path.
    let mut seen = std::collections::HashSet::new();
    let files: Vec<(PathBuf, Option<PathBuf>)> = files
        .into_iter()
        .map(|f| {
            let canonical = f.canonicalize().ok();
            (f, canonical)
        })
        .filter(|(f, canonical)| seen.insert(canonical.clone().unwrap_or_else(|| f.clone())))
        .collect();
    let confine = includes::Confinement::for_book(&book.root);
    let mut sources = Vec::new();
    let mut links = Vec::new();
    for (file, canonical) in files {
        if template_path.is_some() && canonical == template_path {
            continue;
        }
        let listed = canonical
            .as_ref()
            .zip(published.as_ref())
            .is_some_and(|(c, published)| published.lists(c));
        // A report in the reports folder that is not UTF-8 stops the build, so it stops
        // the index.
        let refused = |file: &Path| {
            listed
                || (canonical
                    .as_ref()
                    .zip(published.as_ref())
                    .is_some_and(|(c, published)| published.in_reports_dir(c))
                    && crate::files::decoded_lossily(file).is_some_and(|t| report::is_report(&t)))
        };
        let text = match crate::files::read_text(&file) {
            Ok(text) => text,
            Err(e) if !refused(&file) => {
                warnings.push(format!("skipped: {e}"));
                continue;
            }
            Err(e) => return Err(e),
        };
        // Without a SUMMARY.md, every report found is what there is to index.
        let is_published = match (&published, &canonical) {
            (Some(published), Some(canonical)) => published.report(canonical),
            (Some(_), None) => false,
            (None, _) => true,
        };
        if !is_published || !report::is_report(&text) {
            continue;
        }
        // As the build reads it: refused for an include it may not make, and expanded
        // when mdBook's links runs first.
        let expanded = match book.links_runs {
            true => includes::checked(&display(&file), &text, &file, &confine)?,
            false => None,
        };
        let text = match expanded.filter(|_| book.links_runs_first) {
            Some(expanded) => expanded.text,
            None => text,
        };
        let relative = file.strip_prefix(&book.root).unwrap_or(&file).to_path_buf();
        links.push(file.strip_prefix(&book.src).ok().map(Path::to_path_buf));
        sources.push(SourceFile::new(display(&relative), text));
    }
    let git = CliGit::new(&book.root);
    let settings = Settings {
        template: &template,
        config: &book.config,
        git: Some(&git),
        deny_drafts: false,
    };
    let analyses = analysis::analyze(sources, &settings);
    let histories = if book.config.git && !analyses.is_empty() {
        let src = book.src.strip_prefix(&book.root).unwrap_or(&book.src);
        crate::git::metadata::file_histories(&git, &display(&src.join(&book.config.reports_dir)))
            .unwrap_or_default()
    } else {
        Default::default()
    };
    let mut entries: Vec<IndexEntry> = analyses
        .iter()
        .zip(links)
        .map(|(a, link)| IndexEntry::new(a, link, histories.get(Path::new(&a.report.source.path))))
        .collect();
    index::sort(&mut entries);
    let text = match format {
        ExportFormat::Csv => crate::render::index_csv::to_csv(&entries),
        ExportFormat::Json => {
            let stats = Stats::of(&entries, &template.severity_values);
            let json = serde_json::json!({
                "version": 1,
                "reports": entries.len(),
                "statistics": {
                    "rollbacks": stats.rollbacks,
                    "duration_minutes": stats.duration,
                    "by_severity": stats.by_severity.iter().map(|(s, n, spread)| serde_json::json!({
                        "severity": s, "rollbacks": n, "duration_minutes": spread
                    })).collect::<Vec<_>>(),
                    "by_service": stats.by_service.iter().map(|(s, i)| serde_json::json!({
                        "service": s, "rollbacks": i.len()
                    })).collect::<Vec<_>>(),
                    "by_month": stats.by_month.iter().map(|(m, counts)| serde_json::json!({
                        "month": m, "rollbacks": counts.values().sum::<usize>(), "by_severity": counts
                    })).collect::<Vec<_>>(),
                    "by_tag": stats.by_tag.iter().map(|(t, i)| serde_json::json!({
                        "tag": t, "rollbacks": i.len()
                    })).collect::<Vec<_>>(),
                },
                "entries": entries,
            });
            let mut text = crate::output::inert_json(
                serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".into()),
            );
            text.push('\n');
            text
        }
    };
    let mut outcome = Outcome::printed(text);
    for warning in warnings {
        outcome.warn(warning);
    }
    Ok(outcome)
}
