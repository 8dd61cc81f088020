//! `mdbook-rollback check [PATH…]`: lint reports where a pull request is reviewed.

use super::{Exit, Outcome};
use crate::analysis::{self, Analysis, Settings};
use crate::config;
use crate::error::{Error, Result};
use crate::git::CliGit;
use crate::includes;
use crate::lint::rules::{not_published, unknown_directive};
use crate::lint::{Diagnostic, Level};
use crate::mdbook::{copied, discovery, load_template};
use crate::paths::{display, shown};
use crate::render::diagnostics::{self, FileDiagnostics, Format, Totals};
use crate::report;
use crate::source::SourceFile;
use crate::template::Template;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What `check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Books, directories or report files.
    pub paths: Vec<PathBuf>,
    /// The output format.
    pub format: Format,
    /// Warnings fail the run too.
    pub strict: bool,
    /// Drafts fail like any report.
    pub deny_drafts: bool,
    /// Only reports changed since this git ref.
    pub changed_since: Option<String>,
    /// Write the report in `format` here, and the human format to stdout.
    pub output: Option<PathBuf>,
    /// Colour for the human format.
    pub color: bool,
}

/// A group of report files that share a book (or no book).
struct Group {
    root: PathBuf,
    book: Option<config::Book>,
    files: Vec<PathBuf>,
    /// Whether the whole book was asked for (its directory), not some of its files.
    whole_book: bool,
}

/// Runs `check`. A run that cannot check still writes its SARIF or JSON `--output`,
/// saying why, so that a CI step reading it shows the error rather than a missing (or an
/// earlier run's) file.
pub fn run(options: &CheckOptions) -> Result<Outcome> {
    if let Some(output) = &options.output {
        refuse_to_overwrite_a_report(output, &options.paths)?;
    }
    let result = check(options);
    if let (Err(error), Some(output)) = (&result, &options.output)
        && let Some(document) = diagnostics::failed(options.format, error)
    {
        // The error itself is what matters; a document that cannot be written adds
        // nothing.
        let _ = std::fs::write(output, document);
    }
    result
}

/// `--output` over a file `check` may read would replace a report, a template, a table of
/// contents or the book's settings with the findings: an existing `book.toml` or
/// Markdown file is never written over, nor any file named to be checked.
fn refuse_to_overwrite_a_report(output: &Path, paths: &[PathBuf]) -> Result<()> {
    let Ok(output) = output.canonicalize() else {
        return Ok(()); // a new file
    };
    let book_file = output.file_name().is_some_and(|name| name == "book.toml")
        || output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    let named = paths
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .any(|path| path == output);
    if book_file || named {
        return Err(Error::new(format!(
            "refusing to write over {}: check may read it",
            display(&output)
        ))
        .help("name a new file for `--output`, e.g. `-o check.sarif`"));
    }
    Ok(())
}

/// A file that is no report, with its findings of one rule (`not-published` for a file
/// the build leaves out, `unknown-directive` for a page) and its path from the
/// repository's root.
type PageFindings = (SourceFile, Vec<Diagnostic>, Option<String>);

/// The entry for `findings` of `rule`, at `level`, in a file that is no report.
fn page_findings(
    cwd: &Path,
    path: String,
    text: String,
    findings: Vec<crate::lint::Finding>,
    rule: &crate::lint::Rule,
    level: Level,
) -> PageFindings {
    let diagnostics = findings
        .into_iter()
        .map(|finding| finding.diagnostic(rule, level, None))
        .collect();
    let repo_path = crate::files::repo_relative(&cwd.join(&path));
    (SourceFile::new(path, text), diagnostics, repo_path)
}

fn check(options: &CheckOptions) -> Result<Outcome> {
    let cwd =
        std::env::current_dir().map_err(|e| Error::io(".", "read the current directory", &e))?;
    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    let mut outcome = Outcome::default();
    let mut groups: BTreeMap<PathBuf, Group> = BTreeMap::new();
    // What kept a path from being checked: the others are still checked, as ruff does, and
    // the run exits 2 with every finding and every such error.
    let mut unchecked: Vec<Error> = Vec::new();
    for path in &paths {
        if let Err(error) = collect(path, &mut groups, &mut outcome) {
            unchecked.push(error);
        }
    }
    // A file named twice, or named and in a folder named too, is checked once. Each
    // file's real path is found once: a book can hold thousands.
    let mut canonical_of: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    for group in groups.values_mut() {
        let mut seen = HashSet::new();
        group.files.retain(|f| {
            let canonical = f.canonicalize().ok();
            let first = seen.insert(canonical.clone().unwrap_or_else(|| f.clone()));
            canonical_of.insert(f.clone(), canonical);
            first
        });
    }
    // With `--changed-since`, the files changed: a report is checked when it, or a file
    // it includes, is one of them.
    let changed = match &options.changed_since {
        Some(reference) => Some(changed_files(reference, &groups, &cwd)?),
        None => None,
    };
    let is_changed = |file: Option<&PathBuf>| {
        changed
            .as_ref()
            .is_none_or(|set| file.is_some_and(|f| set.contains(f)))
    };
    // A file `--changed-since` found changed: as named as a file on the command line (one
    // that cannot be read is an error, not a file skipped).
    let changed_by_branch = |file: &Option<PathBuf>| {
        changed
            .as_ref()
            .is_some_and(|set| file.as_ref().is_some_and(|f| set.contains(f)))
    };
    // Each analysis, its path in the repository, and the report as written when that is
    // not what was analysed (its includes expanded).
    let mut analyses: Vec<(Analysis, Option<String>, Option<SourceFile>)> = Vec::new();
    // Files of a book that its build leaves out, each with its `not-published` finding.
    let mut left_out: Vec<PageFindings> = Vec::new();
    for group in groups.values() {
        if let Some(warning) = group.book.as_ref().and_then(|b| b.renamed_table_warning()) {
            outcome.warn(warning);
        }
        if group.files.is_empty() {
            continue;
        }
        let config = group
            .book
            .as_ref()
            .map(|b| b.config.clone())
            .unwrap_or_default();
        let template = match group.book.as_ref().map(load_template).transpose() {
            Ok(template) => template.unwrap_or_else(Template::builtin),
            Err(error) => {
                unchecked.push(error);
                continue;
            }
        };
        let template_path = config
            .template
            .as_ref()
            .and_then(|t| group.root.join(t).canonicalize().ok());
        // In a book, what the build sees: the chapters SUMMARY.md lists, and the files
        // under reports-dir.
        let published = match group
            .book
            .as_ref()
            .map(|book| Ok::<_, Error>(discovery::Published::of(book)?.map(|p| (book, p))))
            .transpose()
        {
            Ok(published) => published.flatten(),
            Err(error) => {
                unchecked.push(error);
                continue;
            }
        };
        let mut sources = Vec::new();
        // For each source, the report as written when includes were expanded.
        let mut written: Vec<Option<(SourceFile, includes::Expanded)>> = Vec::new();
        // What the group's reports may include: its book's files (or its folder's).
        // Whether mdBook's links preprocessor runs (then a report may include only what
        // `Confinement` allows), and before ours (then reports are linted expanded).
        let (links_runs, links_runs_first) = group
            .book
            .as_ref()
            .map_or((true, true), |b| (b.links_runs, b.links_runs_first));
        // In a whole book, the chapters SUMMARY.md lists where the walk does not go (a
        // hidden folder, `target`) are published too.
        let mut files = group.files.clone();
        if let Some((_, published)) = published.as_ref().filter(|_| group.whole_book) {
            let walked: HashSet<&PathBuf> = files
                .iter()
                .filter_map(|f| canonical_of.get(f)?.as_ref())
                .collect();
            let unwalked: Vec<PathBuf> = published
                .listed()
                .filter(|listed| !walked.contains(listed))
                .cloned()
                .collect();
            for listed in unwalked {
                canonical_of.insert(listed.clone(), Some(listed.clone()));
                files.push(listed);
            }
        }
        // A change to book.toml (the rules' levels, the template's path), to the
        // template, or to SUMMARY.md (which reports are published) changes what every
        // report of the book is checked against, or whether it is.
        let settings_changed = changed
            .as_ref()
            .zip(group.book.as_ref())
            .and_then(|(set, book)| {
                let book_toml = group.root.join("book.toml").canonicalize().ok();
                let summary = book.src.join("SUMMARY.md").canonicalize().ok();
                [book_toml, template_path.clone(), summary]
                    .into_iter()
                    .flatten()
                    .find(|f| set.contains(f))
            });
        if let Some(settings) = &settings_changed {
            outcome.stderr.push_str(&format!(
                "note: {} changed since `{}`: every report of the book is checked\n",
                shown(settings, &cwd),
                options.changed_since.as_deref().unwrap_or_default()
            ));
        }
        let confine = match &group.book {
            Some(book) => includes::Confinement::for_book(&book.root),
            None => match files.first() {
                Some(file) => includes::Confinement::of(file),
                None => continue,
            },
        };
        // A whole book is refused as its build refuses it: for a symlink in src or the
        // theme that would publish a file the book may not.
        if let Some(book) = group.book.as_ref().filter(|_| group.whole_book)
            && let Err(error) = copied::refuse_unpublishable_symlinks(book, &confine)
        {
            unchecked.push(error);
        }
        let reports_dir = group
            .book
            .as_ref()
            .and_then(|b| b.src.join(&b.config.reports_dir).canonicalize().ok());
        for file in &files {
            let named = paths.contains(file);
            let path = shown(file, &cwd);
            let canonical = canonical_of.get(file).cloned().flatten();
            let is_template = template_path.is_some() && canonical == template_path;
            let changed_itself = settings_changed.is_some() || is_changed(canonical.as_ref());
            // Unchanged, only an include can have changed it: a report without one is
            // skipped before it is read.
            if !changed_itself && !file_has_include(file) {
                continue;
            }
            let listed = published
                .as_ref()
                .and_then(|(_, published)| canonical.as_ref().map(|c| published.lists(c)));
            // A file the branch changed in the reports folder, which the build would read
            // as a report: one that cannot be read is no file to skip.
            let in_reports_folder = reports_dir
                .as_ref()
                .zip(canonical.as_ref())
                .is_some_and(|(dir, c)| c.starts_with(dir));
            let changed_report_file =
                |canonical: &Option<PathBuf>| changed_by_branch(canonical) && in_reports_folder;
            let text = match crate::files::read_text(file) {
                Ok(text) => text,
                // The build fails on a chapter it cannot read, and skips a file it finds
                // in a folder: so does check. A file named on the command line is an error.
                // A report the build would leave out, or one in a folder of reports.
                Err(e)
                    if (group.book.is_none() || in_reports_folder)
                        && crate::files::decoded_lossily(file)
                            .is_some_and(|text| report::is_report(&text)) =>
                {
                    unchecked.push(e.in_file(path));
                    continue;
                }
                Err(e) if !named && listed != Some(true) && !changed_report_file(&canonical) => {
                    outcome.warn(format!("skipped: {}", e.in_file(path)));
                    continue;
                }
                // A named file that is neither UTF-8 nor a report (pre-commit names every
                // Markdown file changed) is skipped as any file that is no report is.
                Err(_)
                    if named
                        && listed != Some(true)
                        && crate::files::decoded_lossily(file)
                            .is_some_and(|text| !report::is_report(&text)) =>
                {
                    outcome.stderr.push_str(&format!(
                        "note: {} is not a rollback report (nor UTF-8 text); skipped\n",
                        crate::output::printable(&path)
                    ));
                    continue;
                }
                Err(e) => {
                    unchecked.push(e.in_file(path));
                    continue;
                }
            };
            let is_report = !is_template && report::is_report(&text);
            let in_reports_dir = published
                .as_ref()
                .zip(canonical.as_ref())
                .is_some_and(|((_, published), c)| published.in_reports_dir(c));
            // The build refuses a report it would publish by an unsafe name; so does check.
            if let Some((book, _)) = &published
                && listed == Some(false)
                && in_reports_dir
                && is_report
                && let Some(relative) = canonical
                    .as_deref()
                    .zip(book.src.canonicalize().ok())
                    .and_then(|(canonical, src)| {
                        canonical.strip_prefix(src).ok().map(PathBuf::from)
                    })
                && let Some(error) = discovery::unsafe_name(&relative)
            {
                unchecked.push(error);
                continue;
            }
            if let (Some((book, _)), Some(false), Some(canonical), false) =
                (&published, listed, &canonical, is_template)
            {
                let finding = if in_reports_dir
                    && !is_report
                    && discovery::is_a_page(book, canonical, &text, &template)
                {
                    Some(discovery::left_out_page(&text, &template))
                } else if group.whole_book && !in_reports_dir && is_report {
                    // The build never sees it, so neither does the lint.
                    Some(not_published::report(&text, &book.config.reports_dir))
                } else {
                    None
                };
                if let Some(finding) = finding {
                    let level = not_published::RULE.level(&config);
                    // A page the branch did not change is no business of its check.
                    if level != Level::Allow && changed_itself {
                        left_out.push(page_findings(
                            &cwd,
                            path,
                            text,
                            vec![finding],
                            &not_published::RULE,
                            level,
                        ));
                    }
                    continue;
                }
            }
            // A report, the template and any file in the reports folder may include only
            // what `Confinement` allows: the build refuses them otherwise (changed or not:
            // a file one included may be gone), and so does check.
            let under_reports_dir = published
                .as_ref()
                .zip(canonical.as_ref())
                .is_some_and(|((_, published), c)| published.under_reports_dir(c));
            let guarded = links_runs && (is_report || is_template || under_reports_dir);
            let expanded = match guarded {
                true => match includes::checked(&path, &text, file, &confine) {
                    Ok(expanded) => expanded,
                    Err(error) => {
                        unchecked.push(error);
                        continue;
                    }
                },
                false => None,
            };
            if !is_report {
                // A page the build publishes: its directives are the build's business
                // (`{{#rollback-index}}` is usually on a page of its own).
                let directive_level = unknown_directive::RULE.level(&config);
                if listed == Some(true) && directive_level != Level::Allow && changed_itself {
                    let misspelt = report::directives::page(&text).1;
                    let findings = unknown_directive::findings(&text, &misspelt);
                    if !findings.is_empty() {
                        left_out.push(page_findings(
                            &cwd,
                            path.clone(),
                            text.clone(),
                            findings,
                            &unknown_directive::RULE,
                            directive_level,
                        ));
                    }
                }
                let level = not_published::RULE.level(&config);
                // In a folder of reports outside any book (an older handbook, before it
                // moves), a report without its title is found as one named would be.
                if (named || published.is_none()) && !is_template {
                    // A report with a title that is not a report's would pass unchecked.
                    if level != Level::Allow && report::looks_like_report(&text, &template) {
                        let finding = not_published::untitled_report(&text);
                        left_out.push(page_findings(
                            &cwd,
                            path,
                            text,
                            vec![finding],
                            &not_published::RULE,
                            level,
                        ));
                    } else if named {
                        outcome.stderr.push_str(&format!(
                            "note: {} is not a rollback report (its title, the first `#` heading, does not begin with \"Rollback Report\"); skipped\n",
                            crate::output::printable(&path)
                        ));
                    }
                }
                continue;
            }
            let includes_changed = || {
                expanded
                    .iter()
                    .flat_map(|e| &e.included)
                    .any(|f| is_changed(Some(f)))
            };
            if !changed_itself && !includes_changed() {
                continue;
            }
            // The build lints a report after mdBook has included its files: so does check.
            let expanded = expanded.filter(|e| links_runs_first && e.changed());
            if let Some(expanded) = expanded {
                sources.push(SourceFile::new(path.clone(), expanded.text.clone()));
                written.push(Some((SourceFile::new(path, text), expanded)));
            } else {
                sources.push(SourceFile::new(path, text));
                written.push(None);
            }
        }
        let git = CliGit::new(&group.root);
        let settings = Settings {
            template: &template,
            config: &config,
            git: Some(&git),
            deny_drafts: options.deny_drafts,
        };
        for (mut analysis, written) in analysis::analyze(sources, &settings)
            .into_iter()
            .zip(written)
        {
            let repo_path = crate::files::repo_relative(&cwd.join(&analysis.report.source.path));
            // Findings point at the report as written: in included text, at the include.
            let written = written.map(|(source, expanded)| {
                includes::point_at_written(
                    &mut analysis.diagnostics,
                    &expanded,
                    &analysis.report.source,
                    &source,
                );
                source
            });
            analyses.push((analysis, repo_path, written));
        }
    }
    // A run that only failed, with nothing else to say, fails as it always has: with
    // its one error.
    if unchecked.len() == 1
        && analyses.is_empty()
        && left_out.is_empty()
        && outcome.stderr.is_empty()
    {
        return Err(unchecked.remove(0));
    }
    write_findings(
        options,
        &paths,
        analyses,
        left_out,
        &unchecked,
        &mut outcome,
    )?;
    Ok(outcome)
}

/// The files changed since `reference`: each group's own repository is asked (a handbook
/// may be a checkout inside another), once per repository.
fn changed_files(
    reference: &str,
    groups: &BTreeMap<PathBuf, Group>,
    cwd: &Path,
) -> Result<HashSet<PathBuf>> {
    let mut files = HashSet::new();
    let mut asked = HashSet::new();
    for group in groups.values() {
        let repository = crate::git::work_tree_of(&group.root);
        if asked.insert(repository.clone()) {
            let root = repository.as_deref().unwrap_or(&group.root);
            files.extend(super::changed::files_changed_since(root, reference)?);
        }
    }
    if groups.is_empty() {
        files.extend(super::changed::files_changed_since(cwd, reference)?);
    }
    Ok(files)
}

/// Writes the findings in the asked format (to `--output` too), and sets the exit code.
fn write_findings(
    options: &CheckOptions,
    paths: &[PathBuf],
    mut analyses: Vec<(Analysis, Option<String>, Option<SourceFile>)>,
    mut left_out: Vec<PageFindings>,
    unchecked: &[Error],
    outcome: &mut Outcome,
) -> Result<()> {
    // Under `--strict` a warning fails the run, so it is shown as an error in every
    // format, as `clippy -D warnings` does: a red check with only yellow annotations
    // would not say what to fix.
    if options.strict {
        let diagnostics = analyses
            .iter_mut()
            .flat_map(|(analysis, _, _)| analysis.diagnostics.iter_mut())
            .chain(
                left_out
                    .iter_mut()
                    .flat_map(|(_, found, _)| found.iter_mut()),
            );
        for diagnostic in diagnostics.filter(|d| d.level == Level::Warning) {
            diagnostic.level = Level::Error;
        }
    }
    let mut files: Vec<FileDiagnostics<'_>> = analyses
        .iter()
        .map(|(a, repo_path, written)| FileDiagnostics {
            source: written.as_ref().unwrap_or(&a.report.source),
            diagnostics: &a.diagnostics,
            repo_path: repo_path.as_deref(),
            report: true,
        })
        .chain(
            left_out
                .iter()
                .map(|(source, diagnostics, repo_path)| FileDiagnostics {
                    source,
                    diagnostics,
                    repo_path: repo_path.as_deref(),
                    report: false,
                }),
        )
        .collect();
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    let totals = Totals::of(&files);
    let rendered = diagnostics::render(
        options.format,
        &files,
        unchecked,
        options.color && options.format == Format::Human,
    );
    match &options.output {
        Some(path) => {
            std::fs::write(
                path,
                diagnostics::render(options.format, &files, unchecked, false),
            )
            .map_err(|e| Error::io(path.display(), "write the report", &e))?;
            outcome.stdout = crate::output::inert(&diagnostics::render(
                Format::Human,
                &files,
                unchecked,
                options.color,
            ));
        }
        None if matches!(options.format, Format::Human | Format::Concise) => {
            outcome.stdout = crate::output::inert(&rendered);
        }
        None => outcome.stdout = rendered,
    }
    for error in unchecked {
        outcome.stderr.push_str(&format!("error: {error}\n"));
    }
    if totals.reports == 0
        && left_out.is_empty()
        && unchecked.is_empty()
        && options.changed_since.is_none()
    {
        outcome.stderr.push_str(&format!(
            "note: no rollback reports found in {}; a report's first heading starts with \"Rollback Report\", or its front matter says `type: rollback-report`\n",
            paths.iter().map(|p| display(p)).collect::<Vec<_>>().join(", ")
        ));
    }
    // Under `--strict` the warnings are errors by now.
    outcome.code = if !unchecked.is_empty() {
        Exit::Usage
    } else if totals.errors > 0 {
        Exit::Findings
    } else {
        Exit::Success
    };
    Ok(())
}

/// Whether a file may hold an include (`{{`), or cannot be read (then reading it says why).
fn file_has_include(file: &Path) -> bool {
    std::fs::read(file).map_or(true, |bytes| bytes.windows(b"{{".len()).any(|w| w == b"{{"))
}

/// Sorts a path into its book's group.
fn collect(
    path: &Path,
    groups: &mut BTreeMap<PathBuf, Group>,
    outcome: &mut Outcome,
) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::io(display(path), "read this path", &e).help(if e.kind() == std::io::ErrorKind::NotFound {
            "check the path: pass a book directory (with book.toml), a directory of reports, or report files"
        } else {
            "check the path's permissions"
        })
    })?;
    if meta.is_dir() {
        if path.join("book.toml").is_file() {
            let book = book_to_check(path)?;
            // Checked whole, a book needs its `src` (a book.toml beside reports may hold
            // only settings).
            if !book.src.is_dir() {
                return Err(book.at_key(
                    "src",
                    Error::new(format!(
                        "the book's src folder {} is not there, so there is nothing to check and mdBook cannot build it",
                        display(&book.src)
                    ))
                    .help("set `src` under [book] to the folder that holds SUMMARY.md and the chapters"),
                ));
            }
            let (files, warnings) = crate::files::book_files(&book.src);
            for warning in warnings {
                outcome.warn(warning);
            }
            let group = group_for(groups, path, Some(book));
            group.files.extend(files);
            group.whole_book = true;
        } else {
            // A folder inside a book's src is walked as the book is: symlinks that
            // lead out of src are skipped. Any other folder keeps the walk inside it,
            // as ruff and markdownlint do.
            let src = book_src_around(path)?;
            let walk = crate::files::markdown_files(path, Some(src.as_deref().unwrap_or(path)));
            for (link, target) in &walk.outside {
                let warning = match src {
                    Some(_) => crate::files::symlink_out_of_src(link, target),
                    None => crate::files::outside(link, target, &display(path)),
                };
                outcome.warn(warning);
            }
            for file in walk.files {
                add_file(&file.path, groups)?;
            }
        }
    } else {
        add_file(path, groups)?;
    }
    Ok(())
}

/// The book at `root`, with a setting its build stops on checked whatever part of it is
/// checked: a `reports-dir` that is not there.
fn book_to_check(root: &Path) -> Result<config::Book> {
    let book = config::Book::load(root)?;
    match discovery::missing_reports_dir(&book) {
        Some(error) => Err(error),
        None => Ok(book),
    }
}

fn add_file(file: &Path, groups: &mut BTreeMap<PathBuf, Group>) -> Result<()> {
    let absolute = file
        .canonicalize()
        .map_err(|e| Error::io(display(file), "read this file", &e))?;
    let book_root = absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join("book.toml").is_file());
    match book_root {
        Some(root) => {
            let root = root.to_path_buf();
            if !groups.contains_key(&root) {
                let book = book_to_check(&root)?;
                groups.insert(
                    root.clone(),
                    Group {
                        root: root.clone(),
                        book: Some(book),
                        files: Vec::new(),
                        whole_book: false,
                    },
                );
            }
            if let Some(group) = groups.get_mut(&root) {
                group.files.push(file.to_path_buf());
            }
        }
        None => {
            let dir = absolute.parent().unwrap_or(Path::new(".")).to_path_buf();
            group_for(groups, &dir, None).files.push(file.to_path_buf());
        }
    }
    Ok(())
}

fn group_for<'a>(
    groups: &'a mut BTreeMap<PathBuf, Group>,
    root: &Path,
    book: Option<config::Book>,
) -> &'a mut Group {
    let key = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    groups.entry(key.clone()).or_insert_with(|| Group {
        root: key,
        book,
        files: Vec::new(),
        whole_book: false,
    })
}

/// The `src` of the book whose `src` holds `dir`, if any.
fn book_src_around(dir: &Path) -> Result<Option<PathBuf>> {
    let Ok(dir) = dir.canonicalize() else {
        return Ok(None);
    };
    let Some(root) = dir.ancestors().find(|d| d.join("book.toml").is_file()) else {
        return Ok(None);
    };
    let book = config::Book::load(root)?;
    Ok(book
        .src
        .canonicalize()
        .ok()
        .filter(|src| dir.starts_with(src)))
}
