//! The mdBook preprocessor: finds the report chapters (and report files nobody listed in
//! `SUMMARY.md`), lints them with the same analysis as `check`, fails the build on an
//! incomplete report, and splices the card, version-diff and timeline tables in.

pub mod copied;
pub mod destination;
pub mod discovery;
pub mod protocol;
pub mod splice;

use crate::analysis::{self, Analysis, Settings};
use crate::config::{self, OnIncomplete};
use crate::error::Error;
use crate::git::{CliGit, Git};
use crate::includes;
use crate::index::{self, IndexEntry};
use crate::lint::Level;
use crate::lint::rules::unknown_directive;
use crate::paths::display;
use crate::render::diagnostics::{FileDiagnostics, Totals, human};
use crate::render::{banner, card, diff_table, style, timeline_table};
use crate::report::{self, DirectiveKind};
use crate::source::SourceFile;
use crate::template::{Role, Template};
use mdbook_preprocessor::book::{BookItem, Chapter};
use rayon::prelude::*;
use serde_json::Value;
use splice::{Edit, SpliceId, Spliced, Splices};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The preprocessor's name in `book.toml`: `[preprocessor.rollback]`.
pub const NAME: &str = "rollback";

/// What a run needs to know about the build.
pub struct Options<'a> {
    /// The book root.
    pub root: &'a Path,
    /// The renderer, e.g. `html`.
    pub renderer: &'a str,
    /// `book.toml` as JSON.
    pub config: &'a Value,
    /// The calling mdBook's version.
    pub mdbook_version: &'a str,
    /// Git to use instead of the `git` CLI in the book root (tests and benchmarks).
    pub git: Option<&'a dyn Git>,
    /// Whether diagnostics on stderr may use colour.
    pub color: bool,
}

/// Why a build must stop.
#[derive(Debug)]
pub enum Failure {
    /// A configuration, template or input problem (exit code 2).
    Setup(Error),
    /// Incomplete reports under `on-incomplete = "fail"` (exit code 1).
    Incomplete {
        /// The diagnostics, rustc-style, paths relative to the book root.
        diagnostics: String,
        /// The findings, and the number of reports with errors.
        totals: Totals,
        /// The number of reports checked.
        checked: usize,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Setup(e) => write!(f, "{e}"),
            Failure::Incomplete {
                totals, checked, ..
            } => write!(
                f,
                "{}: {}; the build stops because `on-incomplete = \"fail\"` (set `on-incomplete = \"warn\"` under [preprocessor.rollback] in book.toml to publish anyway, with a banner)",
                incomplete_of(totals.reports, *checked),
                totals.findings()
            ),
        }
    }
}

impl std::error::Error for Failure {}

/// "1 of 2 rollback reports is incomplete".
fn incomplete_of(incomplete: usize, checked: usize) -> String {
    use crate::render::diagnostics::plural;
    format!(
        "{incomplete} of {checked} {} {} incomplete",
        plural(checked, "rollback report", "rollback reports"),
        plural(incomplete, "is", "are")
    )
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Setup(e)
    }
}

/// What a successful run has to say on stderr.
#[derive(Debug, Default)]
pub struct Notes {
    /// Text for stderr: warnings, and findings under `on-incomplete = "warn"`.
    pub stderr: String,
}

/// Runs the preprocessor over a book's items. What it has to say on stderr goes into
/// `notes`, whether it succeeds or not (a warning may tell why it failed).
pub fn run(
    options: &Options<'_>,
    items: &mut Vec<BookItem>,
    notes: &mut Notes,
) -> Result<(), Failure> {
    let rewrites = plan(options, items, notes)?;
    rewrites.apply(items);
    Ok(())
}

/// Runs the preprocessor over a book's items, except that report chapters keep their text
/// as written: their new text is made from the [`Rewrites`] as the book is written out, so
/// that a large book is never held twice. Warnings go into `notes`, failure or not.
pub fn plan(
    options: &Options<'_>,
    items: &mut Vec<BookItem>,
    notes: &mut Notes,
) -> Result<Rewrites, Failure> {
    let book_toml = options.root.join("book.toml");
    let book = config::Book::from_config_json(
        options.root,
        options.config,
        book_toml.is_file().then_some(book_toml.as_path()),
    )?;
    // Without `.` parts (`src = "./src"`): paths are shown, and matched with git's,
    // as `src/…`.
    let src_name: PathBuf = Path::new(
        options
            .config
            .pointer("/book/src")
            .and_then(Value::as_str)
            .unwrap_or("src"),
    )
    .components()
    .filter(|part| *part != std::path::Component::CurDir)
    .collect();
    // `mdbook build -d .` would delete the book after we ran: it stops here instead.
    destination::refuse_to_empty(&book, options.config, destination::Origin::Settings)?;
    copied::refuse_unpublishable_symlinks(&book, &includes::Confinement::for_book(&book.root))?;
    let template = load_template(&book)?;
    let template_path = book.config.template.as_ref().map(|t| book.root.join(t));

    // The reports listed in SUMMARY.md, by traversal order, and whether any chapter
    // holds the index.
    let mut sources = Vec::new();
    let mut links: Vec<Option<PathBuf>> = Vec::new();
    let mut listed_ordinals = Vec::new();
    let mut index_path: Option<PathBuf> = None;
    // Chapters that are no report here whose includes are guarded all the same.
    let mut guarded: Vec<String> = Vec::new();
    // Whether each chapter holds the index, whether it reads as a report, and where a
    // page that is no report misspells a directive (a report's own lint says so): tested
    // on every core, as a book can hold thousands of chapters.
    let kinds: Vec<(bool, bool, Vec<std::ops::Range<usize>>)> = chapters(items)
        .par_iter()
        .map(|chapter| {
            if report::is_report(&chapter.content) {
                let holds_index = !report::directives::index(&chapter.content).is_empty();
                return (holds_index, true, Vec::new());
            }
            let (directives, misspelt) = report::directives::page(&chapter.content);
            let holds_index = directives.iter().any(|d| d.kind == DirectiveKind::Index);
            (holds_index, false, misspelt)
        })
        .collect();
    let misspelt_level = unknown_directive::RULE.level(&book.config);
    let mut misspelt_on_pages: Vec<String> = Vec::new();
    let mut ordinal = 0;
    // A chapter from outside `src` (`../.git/config` in SUMMARY.md) stops the build.
    let mut outside = None;
    // Where the reports folder really is: a page reached through a symlinked folder, or
    // spelt another way, is in it all the same.
    let reports_real = book.src.join(&book.config.reports_dir).canonicalize().ok();
    let in_reports_dir = |source_path: &Path| {
        source_path.starts_with(&book.config.reports_dir)
            || reports_real.as_ref().is_some_and(|dir| {
                book.src
                    .join(source_path)
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(dir))
            })
    };
    visit_chapters(items, &mut |chapter| {
        let this = ordinal;
        ordinal += 1;
        let (holds_index, reads_as_report, misspelt) = kinds
            .get(this)
            .map_or((false, false, &[][..]), |(index, report, misspelt)| {
                (*index, *report, misspelt.as_slice())
            });
        if index_path.is_none() && holds_index {
            index_path = chapter.path.clone();
        }
        let Some(source_path) = chapter.source_path.as_ref().or(chapter.path.as_ref()) else {
            return;
        };
        if outside.is_none() {
            outside =
                discovery::chapter_outside_src(source_path, None).map(|e| (source_path.clone(), e));
        }
        let template = is_template(&book.src, source_path, template_path.as_deref());
        if misspelt_level != Level::Allow && !misspelt.is_empty() {
            let shown = display(&src_name.join(source_path));
            let written = std::fs::read_to_string(book.src.join(source_path))
                .unwrap_or_else(|_| chapter.content.clone());
            misspelt_on_pages.extend(misspelt_on_page(
                &shown,
                &written,
                &chapter.content,
                misspelt,
            ));
        }
        if !reads_as_report || template {
            // Not taken for a report, but its includes are a report's business if it is
            // the template, in the reports folder, or a report as written (mdBook's
            // includes can hide a title).
            let mentions = || crate::regex!(r"(?i)rollback[\s-]+report").is_match(&chapter.content);
            let as_written = || {
                std::fs::read_to_string(book.src.join(source_path))
                    .is_ok_and(|t| report::is_report(&t))
            };
            if template || in_reports_dir(source_path) || (mentions() && as_written()) {
                guarded.push(display(&src_name.join(source_path)));
            }
            return;
        }
        sources.push(SourceFile::new(
            display(&src_name.join(source_path)),
            std::mem::take(&mut chapter.content),
        ));
        links.push(chapter.path.clone());
        listed_ordinals.push(this);
    });
    if let Some(warning) = book.renamed_table_warning() {
        human::warning(&mut notes.stderr, &warning);
    }
    // The build stops only for an incomplete report: on a page, a misspelt directive is a
    // warning at any level (`check` fails on it at "error").
    for misspelt in &misspelt_on_pages {
        human::warning(&mut notes.stderr, misspelt);
    }
    if let Some((location, error)) = outside {
        let summary = std::fs::read_to_string(book.src.join("SUMMARY.md")).unwrap_or_default();
        let line = discovery::line_listing(&summary, &location);
        return Err(error
            .in_file(display(&src_name.join("SUMMARY.md")))
            .at_line(line)
            .into());
    }
    if let Some(error) = discovery::missing_reports_dir(&book) {
        return Err(error.into());
    }
    let discovery = discovery::discover(&book, template_path.as_deref(), &template, items)?;
    for warning in &discovery.warnings {
        human::warning(&mut notes.stderr, warning);
    }
    let mut discovered_paths = Vec::with_capacity(discovery.found.len());
    for found in discovery.found {
        sources.push(SourceFile::new(
            display(&src_name.join(&found.path)),
            found.content,
        ));
        links.push(Some(found.path.clone()));
        discovered_paths.push(found.path);
    }

    let written = check_includes(
        &book,
        options.root,
        &mut sources,
        listed_ordinals.len(),
        &guarded,
    )?;

    let cli_git = CliGit::new(&book.root);
    let git: &dyn Git = options.git.unwrap_or(&cli_git);
    // The reports' git history is one `git log` of the reports folder, read before the
    // analysis so that each report can be finished as soon as it is analysed.
    let histories = if book.config.git && !sources.is_empty() {
        let dir = display(&src_name.join(&book.config.reports_dir));
        crate::git::metadata::file_histories(git, &dir).unwrap_or_default()
    } else {
        Default::default()
    };
    let settings = Settings {
        template: &template,
        config: &book.config,
        git: Some(git),
        deny_drafts: false,
    };
    let inject = Injection {
        admonitions: protocol::has_admonitions(options.mdbook_version),
        html: options.renderer == "html",
        repository_url: book.repository_url().map(String::from),
        max_commits: book.config.max_commits,
        warn_mode: book.config.on_incomplete == OnIncomplete::Warn,
        deny_drafts: book.config.deny_drafts,
        template: &template,
    };
    // Each report's analysis is dropped as soon as its edits are made: its text as
    // written, its edits (held together with every other report's), its index entry and
    // its findings (if any) are all that is kept. A report that holds the index keeps its
    // own edits until every entry is in.
    let color = options.color;
    let splices = Mutex::new(Splices::default());
    let hold = |original: &str, edits| {
        splices
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .add(original, edits)
    };
    let (prepared, per_report): (Vec<Prepared>, Vec<IndexEntry>) =
        analysis::analyze_each(sources, &settings, |i, analysis| {
            let history = histories.get(Path::new(&analysis.report.source.path));
            let entry = IndexEntry::new(&analysis, links[i].clone(), history);
            // A report with included text points its findings at its own lines.
            let written = written[i].as_deref();
            let edits = report_edits(&analysis, &entry, &inject, written);
            let index_directives: Vec<_> = analysis
                .report
                .directives
                .iter()
                .filter(|d| d.kind == DirectiveKind::Index)
                .map(|d| d.span.clone())
                .collect();
            let source = analysis.report.source;
            let mut diagnostics = analysis.diagnostics;
            // Findings are rendered here, so that no report's analysis is kept.
            let findings = (!diagnostics.is_empty()).then(|| {
                if let Some((as_written, expanded)) = written {
                    includes::point_at_written(&mut diagnostics, expanded, &source, as_written);
                }
                let file = [FileDiagnostics {
                    source: written.map_or(&source, |(source, _)| source),
                    diagnostics: &diagnostics,
                    repo_path: None,
                    report: true,
                }];
                (Totals::of(&file), human::diagnostics(&file, color))
            });
            let edits = if index_directives.is_empty() {
                Edits::Held(hold(&source.text, edits))
            } else {
                Edits::AwaitingIndex {
                    newline: source.newline(),
                    edits,
                    index_directives,
                }
            };
            let prepared = Prepared {
                original: source.text,
                edits,
                findings,
            };
            (prepared, entry)
        });
    let mut splices = splices.into_inner().unwrap_or_else(PoisonError::into_inner);

    tell_findings(&prepared, book.config.on_incomplete, notes)?;

    // Discovered reports join the book newest first, like the index.
    let discovered_order: Vec<(usize, String)> = index::newest_first(&per_report)
        .into_iter()
        .filter(|&i| i >= listed_ordinals.len())
        .map(|i| (i, per_report[i].title.clone()))
        .collect();
    let mut entries = per_report;
    index::sort(&mut entries);
    let html = options.renderer == "html";
    let index_page = |path: Option<&Path>, level: u8| {
        crate::render::index_page::render(&entries, &template.severity_values, path, html, level)
    };
    // The reports go back into their chapters as written, with their edits held aside,
    // to be found again by their chapter's path when the book is written. A report whose
    // path another chapter shares gets its new text now. (mdBook's `index` preprocessor
    // gives a README.md chapter the path `index.md`, which may be taken.)
    let shared = shared_paths(&links, items);
    let mut originals = Vec::with_capacity(prepared.len());
    let mut by_path = HashMap::with_capacity(prepared.len());
    for (i, report) in prepared.into_iter().enumerate() {
        let id = match report.edits {
            Edits::Held(id) => id,
            Edits::AwaitingIndex {
                newline,
                mut edits,
                index_directives,
            } => {
                edits.extend(at_first(
                    &report.original,
                    index_directives,
                    newline,
                    |level| index_page(links[i].as_deref(), level),
                ));
                splices.add(&report.original, edits)
            }
        };
        match links[i].take() {
            Some(path) if !shared[i] => {
                by_path.insert(path, id);
                originals.push(Some(report.original));
            }
            _ => originals.push(Some(splices.spliced(&id, &report.original).to_text())),
        }
    }
    let mut listed = (0..listed_ordinals.len()).zip(&listed_ordinals).peekable();
    let mut ordinal = 0;
    visit_chapters(items, &mut |chapter| {
        let this = ordinal;
        ordinal += 1;
        if let Some((i, _)) = listed.next_if(|(_, o)| **o == this) {
            chapter.content = originals[i].take().unwrap_or_default();
            return;
        }
        let edits = at_first(
            &chapter.content,
            report::directives::index(&chapter.content)
                .into_iter()
                .map(|d| d.span),
            crate::source::newline_of(&chapter.content),
            |level| index_page(chapter.path.as_deref(), level),
        );
        if !edits.is_empty() {
            chapter.content = splice::apply(&chapter.content, edits);
        }
    });
    let discovered: Vec<(String, PathBuf, String)> = discovered_order
        .into_iter()
        .filter_map(|(i, title)| {
            let path = discovered_paths.get(i.checked_sub(listed_ordinals.len())?)?;
            Some((title, path.clone(), originals.get_mut(i)?.take()?))
        })
        .collect();
    discovery::insert(items, index_path.as_deref(), discovered);
    Ok(Rewrites { splices, by_path })
}

/// The reports' findings, and one summary of the reports that have any: for stderr, or
/// the failure that stops the build under `on-incomplete = "fail"`.
fn tell_findings(
    prepared: &[Prepared],
    on_incomplete: OnIncomplete,
    notes: &mut Notes,
) -> Result<(), Failure> {
    let mut rendered = String::new();
    let mut with_findings = Totals::default();
    let mut incomplete = 0;
    for (file_totals, text) in prepared.iter().filter_map(|p| p.findings.as_ref()) {
        with_findings += *file_totals;
        incomplete += usize::from(file_totals.errors > 0);
        rendered.push_str(text);
    }
    if with_findings.reports == 0 {
        return Ok(());
    }
    // The summary counts every report checked, as `check` does.
    rendered.push_str(&human::summary(Totals {
        reports: prepared.len(),
        ..with_findings
    }));
    rendered.push('\n');
    if with_findings.errors > 0 && on_incomplete == OnIncomplete::Fail {
        return Err(Failure::Incomplete {
            diagnostics: rendered,
            totals: Totals {
                reports: incomplete,
                ..with_findings
            },
            checked: prepared.len(),
        });
    }
    notes.stderr.push_str(&rendered);
    Ok(())
}

/// For each report's chapter path (`links`), whether another chapter of the book has it
/// too (mdBook's `index` preprocessor gives a README.md chapter the path `index.md`).
fn shared_paths(links: &[Option<PathBuf>], items: &mut [BookItem]) -> Vec<bool> {
    let mut chapters: HashMap<&Path, usize> =
        links.iter().flatten().map(|p| (p.as_path(), 0)).collect();
    visit_chapters(items, &mut |chapter| {
        if let Some(count) = chapter.path.as_deref().and_then(|p| chapters.get_mut(p)) {
            *count += 1;
        }
    });
    chapters.retain(|_, count| *count > 1);
    links
        .iter()
        .map(|link| link.as_deref().is_some_and(|p| chapters.contains_key(p)))
        .collect()
}

/// A report as written, and its includes expanded, when it is linted expanded.
type Written = Option<Box<(SourceFile, includes::Expanded)>>;

/// The includes of the book's reports (the `listed` first, then the found ones) and of
/// its `guarded` chapters. mdBook's `links` expands every chapter's, before ours or
/// after, with no limits: each is expanded again from its file as written (on every
/// core), from only the files it may include, and one that names anything else is
/// refused, whatever mdBook included for it. When `links` ran first, a found report
/// (which it never saw) gets its includes here, and a report linted expanded keeps its
/// text as written, for its findings' lines.
fn check_includes(
    book: &config::Book,
    root: &Path,
    sources: &mut [SourceFile],
    listed: usize,
    guarded: &[String],
) -> Result<Vec<Written>, Failure> {
    let none = || (0..sources.len()).map(|_| None).collect();
    if !book.links_runs {
        return Ok(none());
    }
    let confine = includes::Confinement::for_book(&book.root);
    let entries: Vec<(&str, Option<&SourceFile>)> = sources
        .iter()
        .map(|s| (s.path.as_str(), Some(s)))
        .chain(guarded.iter().map(|path| (path.as_str(), None)))
        .collect();
    let checked: Vec<Result<Written, Error>> = entries
        .par_iter()
        .enumerate()
        // One buffer for the files a thread reads, most of which include nothing.
        .map_init(String::new, |buffer, (i, &(shown, source))| {
            // The path as mdBook gave it: `display` keeps every character of it (a `\\`
            // too, outside Windows), so this is the file mdBook read.
            let path = root.join(shown);
            let as_written = match source {
                // A found report is as written: mdBook never saw it.
                Some(found) if i >= listed => found.text.as_str(),
                _ => {
                    buffer.clear();
                    let read = std::fs::File::open(&path)
                        .and_then(|mut file| std::io::Read::read_to_string(&mut file, buffer));
                    match read {
                        Ok(_) => buffer.as_str(),
                        // A chapter that another preprocessor made has no file to check.
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                        // Unchecked, it would be published with what mdBook included.
                        Err(e) => {
                            return Err(Error::io(
                                shown,
                                "read this chapter to check its includes",
                                &e,
                            ));
                        }
                    }
                }
            };
            let expanded = includes::checked(shown, as_written, &path, &confine)?;
            Ok(expanded.map(|e| Box::new((SourceFile::new(shown, as_written), e))))
        })
        .collect();
    let mut written = none();
    for (i, result) in checked.into_iter().enumerate() {
        let expansion = result?;
        let (Some(expansion), Some(source)) = (expansion, sources.get_mut(i)) else {
            continue;
        };
        if !book.links_runs_first {
            continue;
        }
        if i >= listed {
            *source = SourceFile::new(source.path.clone(), expansion.1.text.clone());
        }
        // Otherwise another preprocessor changed the report too: its lines are its own.
        if expansion.1.changed() && expansion.1.text == source.text {
            written[i] = Some(expansion);
        }
    }
    Ok(written)
}

/// A report analysed, without the rest of its analysis.
struct Prepared {
    /// Its text as written.
    original: String,
    /// What is made of it.
    edits: Edits,
    /// Its findings, when it has any: their totals, and rendered for stderr.
    findings: Option<(Totals, String)>,
}

/// A report's edits: held, or waiting for the index.
enum Edits {
    /// Held in the run's [`Splices`].
    Held(SpliceId),
    /// The report holds `{{#rollback-index}}` at `index_directives`.
    AwaitingIndex {
        /// Its line ending.
        newline: &'static str,
        /// Everything but the index.
        edits: Vec<Edit>,
        /// Where the index goes.
        index_directives: Vec<std::ops::Range<usize>>,
    },
}

/// The new texts of a book's report chapters, held as edits to the texts they still have.
#[derive(Debug, Default)]
pub struct Rewrites {
    splices: Splices,
    /// The report chapters, by path; only paths no other chapter has.
    by_path: HashMap<PathBuf, SpliceId>,
}

impl Rewrites {
    /// The new content of `chapter`, or `None` when it keeps the content it has.
    pub fn content<'a>(&'a self, chapter: &'a Chapter) -> Option<Spliced<'a>> {
        let id = self.by_path.get(chapter.path.as_deref()?)?;
        id.fits(&chapter.content)
            .then(|| self.splices.spliced(id, &chapter.content))
    }

    /// Gives every report chapter its new content.
    pub fn apply(&self, items: &mut [BookItem]) {
        visit_chapters(items, &mut |chapter| {
            if let Some(content) = self.content(chapter).map(|c| c.to_text()) {
                chapter.content = content;
            }
        });
    }
}

/// What goes into report chapters.
struct Injection<'a> {
    admonitions: bool,
    /// The renderer is HTML: raw HTML (styles) may go in.
    html: bool,
    repository_url: Option<String>,
    max_commits: usize,
    warn_mode: bool,
    deny_drafts: bool,
    template: &'a Template,
}

/// The edits of one report chapter: front matter out; banner and card under the title;
/// the diff and timeline tables at their directives or at the end of their sections;
/// the git history (first committed, last updated, authors) at the end. The index, if
/// the report asks for it, comes later, once every report is in it.
///
/// `written` is the report as written and its expansion, when mdBook included files into
/// it: the banner's line numbers are the file's.
fn report_edits(
    analysis: &Analysis,
    entry: &IndexEntry,
    inject: &Injection<'_>,
    written: Option<&(SourceFile, includes::Expanded)>,
) -> Vec<Edit> {
    let report = &analysis.report;
    let text = &report.source.text;
    let newline = report.source.newline();
    let mut edits = Vec::new();
    if let Some(mut span) = report.front_matter_span() {
        // A byte-order mark before it goes with it, or it would show as an empty line.
        if text.get(..span.start) == Some("\u{feff}") {
            span.start = 0;
        }
        edits.push(Edit {
            range: span,
            text: String::new(),
        });
    }
    let mut top = String::new();
    let findings = analysis
        .diagnostics
        .iter()
        .any(|d| d.level >= Level::Warning);
    if report.is_draft() && !inject.deny_drafts {
        top.push_str(&style::in_region(
            "rollback-banner",
            "Draft report",
            banner::draft(inject.admonitions),
            inject.html,
        ));
        top.push_str("\n\n");
    }
    if inject.warn_mode && findings && analysis.count(Level::Error) > 0 {
        let line_of = |offset: usize| match written {
            Some((source, expanded)) => {
                let at = expanded.written_span(offset..offset).span.start;
                source.line_col(at).0
            }
            None => report.source.line_col(offset).0,
        };
        top.push_str(&style::in_region(
            "rollback-banner",
            "Incomplete report",
            banner::incomplete(analysis, inject.admonitions, &line_of),
            inject.html,
        ));
        top.push_str("\n\n");
    }
    top.push_str(&card::render(analysis, &entry.status_text(), inject.html));
    let after_title = report
        .title
        .as_ref()
        .map_or(report.body_start, |(_, span)| span.end);
    edits.push(Edit::block(text, after_title, &top, newline));

    let in_class = |class, markdown| style::in_class(class, markdown, inject.html);
    let diff = analysis.diff.as_ref().map(|d| {
        let table = diff_table::render(d, inject.repository_url.as_deref(), inject.max_commits);
        in_class("rollback-diff", table)
    });
    let timeline = in_class("rollback-timeline", timeline_table::render(analysis));
    for (kind, role, markdown) in [
        (DirectiveKind::Diff, Role::Plan, diff),
        (DirectiveKind::Timeline, Role::Time, Some(timeline)),
    ] {
        let directives: Vec<_> = report
            .directives
            .iter()
            .filter(|d| d.kind == kind)
            .collect();
        if directives.is_empty() {
            let Some(markdown) = markdown else { continue };
            let at = inject
                .template
                .section_with(role)
                .and_then(|t| report.section(t))
                .map_or(text.len(), |s| s.body.end);
            edits.push(Edit::block(text, at, &markdown, newline));
        } else {
            let spans = directives.into_iter().map(|d| d.span.clone());
            // The tables have no headings of their own.
            edits.extend(at_first(text, spans, newline, |_level| {
                markdown.unwrap_or_else(|| {
                    "*No version diff: the versions rolled back from and to are not given.*"
                        .to_string()
                })
            }));
        }
    }
    if let Some(history) = card::history(entry) {
        edits.push(Edit::block(text, text.len(), &history, newline));
    }
    edits
}

/// The edits that put `markdown` where the first of a directive's `spans` is, and remove
/// its repeats: a report of a few hundred repeats would otherwise grow to gigabytes.
/// `markdown` is made for the heading level under the heading that the directive is in.
fn at_first(
    text: &str,
    spans: impl IntoIterator<Item = std::ops::Range<usize>>,
    newline: &str,
    markdown: impl FnOnce(u8) -> String,
) -> Vec<Edit> {
    let mut markdown = Some(markdown);
    // A directive in a table's cell leaves the cell empty, and its block goes after the
    // table: a block inside a row would cut the table in two.
    let mut scan: Option<crate::report::markdown::Scan> = None;
    let mut edits = Vec::new();
    for span in spans {
        let scan = scan.get_or_insert_with(|| crate::report::markdown::scan(text, 0));
        // The block's headings go one level under the heading it is placed under.
        let level = scan
            .headings
            .iter()
            .take_while(|h| h.span.start < span.start)
            .last()
            .map_or(2, |h| h.level.saturating_add(1).clamp(2, 6));
        let shown = markdown.take().map(|make| make(level)).unwrap_or_default();
        match scan
            .tables
            .iter()
            .find(|t| t.start <= span.start && span.end <= t.end)
        {
            Some(table) => {
                edits.push(Edit {
                    range: span,
                    text: String::new(),
                });
                if !shown.is_empty() {
                    edits.push(Edit::block_in_container_of(
                        text,
                        table.start,
                        table.end,
                        &shown,
                        newline,
                    ));
                }
            }
            None => edits.push(Edit::replace(text, span, &shown, newline)),
        }
    }
    edits
}

/// Loads the book's template: `template = …` or the built-in one.
pub fn load_template(book: &config::Book) -> Result<Template, Error> {
    match &book.config.template {
        Some(path) => {
            // Errors point at the `template = …` line of book.toml.
            let at_key = |error: Error| book.at_key("template", error);
            let full = book.root.join(path);
            // `book.toml` can come from a pull request: the template it names must be in
            // the book. (One that does not exist fails to load below.)
            if let Ok(real) = full.canonicalize()
                && !book
                    .root
                    .canonicalize()
                    .is_ok_and(|root| real.starts_with(root))
            {
                return Err(at_key(
                    Error::new(format!(
                        "the template `{}` is outside the book, at {}",
                        display(path),
                        display(&real)
                    ))
                    .help("keep the template in the book, e.g. `template = \"templates/rollback-report.md\"` in [preprocessor.rollback]"),
                ));
            }
            // A template that cannot be read is the key's problem; one that cannot be
            // used, its own.
            if !full.is_file() {
                return Err(at_key(
                    Error::new(format!("the template `{}` is not a file", display(path)))
                        .help("check `template = …`: it is relative to the book root, e.g. `template = \"templates/rollback-report.md\"`"),
                ));
            }
            Template::load(&full, &display(&full))
        }
        None => Ok(Template::builtin()),
    }
}

fn is_template(src: &Path, source_path: &Path, template: Option<&Path>) -> bool {
    let Some(template) = template else {
        return false;
    };
    let chapter = src.join(source_path);
    match (chapter.canonicalize(), template.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => chapter == template,
    }
}

/// What to say of the directives a page that is no report misspells, `misspelt` in its
/// `content` (its includes expanded): each at its line as `written`, as `check` reads the
/// page; one that only an included file holds, without a line.
fn misspelt_on_page(
    shown: &str,
    written: &str,
    content: &str,
    misspelt: &[std::ops::Range<usize>],
) -> Vec<String> {
    let (_, as_written) = report::directives::page(written);
    let spelt: std::collections::HashSet<&str> = as_written
        .iter()
        .filter_map(|span| written.get(span.clone()))
        .collect();
    let said = |finding: &crate::lint::Finding, at: String, place: &str| {
        format!(
            "{at}: {} ({}){place}\n  help: {}",
            finding.message,
            unknown_directive::RULE.name,
            finding.help
        )
    };
    let mut told: Vec<String> = unknown_directive::findings(written, &as_written)
        .iter()
        .map(|f| {
            let line = crate::source::line_of(written, f.span.start);
            said(f, format!("{shown}:{line}"), "")
        })
        .collect();
    let included = unknown_directive::findings(content, misspelt)
        .into_iter()
        .filter(|f| !spelt.contains(content.get(f.span.clone()).unwrap_or_default()))
        .map(|f| said(&f, shown.to_string(), ", in a file it includes"));
    told.extend(included);
    told
}

/// Every chapter with a path, in the order [`visit_chapters`] visits them.
fn chapters(items: &[BookItem]) -> Vec<&Chapter> {
    fn collect<'a>(items: &'a [BookItem], out: &mut Vec<&'a Chapter>) {
        for item in items {
            if let BookItem::Chapter(chapter) = item {
                if chapter.path.is_some() {
                    out.push(chapter);
                }
                collect(&chapter.sub_items, out);
            }
        }
    }
    let mut out = Vec::new();
    collect(items, &mut out);
    out
}

/// Calls `f` on every chapter with a path, parents before their sub-chapters.
pub fn visit_chapters(items: &mut [BookItem], f: &mut impl FnMut(&mut Chapter)) {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            if chapter.path.is_some() {
                f(chapter);
            }
            visit_chapters(&mut chapter.sub_items, f);
        }
    }
}

/// The in-process preprocessor, for `mdbook-rollback build` and mdbook-driver tests.
#[derive(Debug, Clone, Default)]
pub struct RollbackPreprocessor {
    /// Whether diagnostics on stderr may use colour.
    pub color: bool,
}

impl mdbook_preprocessor::Preprocessor for RollbackPreprocessor {
    fn name(&self) -> &str {
        NAME
    }

    fn run(
        &self,
        ctx: &mdbook_preprocessor::PreprocessorContext,
        mut book: mdbook_preprocessor::book::Book,
    ) -> mdbook_preprocessor::errors::Result<mdbook_preprocessor::book::Book> {
        let config = serde_json::to_value(&ctx.config)?;
        let options = Options {
            root: &ctx.root,
            renderer: &ctx.renderer,
            config: &config,
            mdbook_version: &ctx.mdbook_version,
            git: None,
            color: self.color,
        };
        let mut notes = Notes::default();
        let result = run(&options, &mut book.items, &mut notes);
        // Said either way: a warning (a settings table under another name) may tell why
        // the build stops.
        crate::output::stderr(&notes.stderr);
        match result {
            Ok(()) => Ok(book),
            Err(failure) => {
                if let Failure::Incomplete { diagnostics, .. } = &failure {
                    crate::output::stderr(diagnostics);
                }
                Err(mdbook_preprocessor::errors::Error::new(failure))
            }
        }
    }

    fn supports_renderer(&self, _renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn incomplete_reports_are_counted_in_words_that_agree() {
        use super::incomplete_of;
        assert_eq!(incomplete_of(1, 2), "1 of 2 rollback reports is incomplete");
        assert_eq!(
            incomplete_of(2, 3),
            "2 of 3 rollback reports are incomplete"
        );
        assert_eq!(incomplete_of(1, 1), "1 of 1 rollback report is incomplete");
    }
}
