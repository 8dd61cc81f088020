//! Discovery: report files under `reports-dir` that `SUMMARY.md` does not list become
//! chapters, so adding a report is a pull request that touches one file.

use crate::config;
use crate::error::{Error, Result};
use crate::files;
use crate::lint::Level;
use crate::lint::rules::not_published;
use crate::mdbook::visit_chapters;
use crate::paths::{display, shown_from_here};
use crate::report;
use crate::template::Template;
use mdbook_preprocessor::book::{BookItem, Chapter, SectionNumber};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A report file found on disk and not listed in `SUMMARY.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its path relative to `src`.
    pub path: PathBuf,
    /// Its text.
    pub content: String,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Unlisted reports, in path order.
    pub found: Vec<Found>,
    /// Files skipped, with the reason.
    pub warnings: Vec<String>,
}

/// Finds the unlisted reports under `src/<reports-dir>`. The template is never a report,
/// and symlinks that leave `src` are refused. Their text is as written: mdBook's `links`
/// preprocessor has not seen them.
///
/// A report whose name mdBook would not write safely into the handbook is an error.
pub fn discover(
    book: &config::Book,
    template: Option<&Path>,
    schema: &Template,
    items: &mut [BookItem],
) -> Result<Discovery> {
    let mut discovery = Discovery::default();
    let dir = book.src.join(&book.config.reports_dir);
    let Ok(src) = book.src.canonicalize() else {
        return Ok(discovery);
    };
    // The chapters SUMMARY.md lists, where they are as written; resolved through
    // symlinks only if a file on disk is not among them.
    let mut listed = HashSet::new();
    visit_chapters(items, &mut |chapter| {
        for path in [&chapter.source_path, &chapter.path].into_iter().flatten() {
            listed.insert(src.join(path));
        }
    });
    // Whether a chapter's path leads to `canonical` through a symlink. Resolving every
    // listed path is a system call each: only done when a file is not listed as it is.
    let mut resolved: Option<HashSet<PathBuf>> = None;
    let mut listed_through_symlinks = |canonical: &PathBuf| {
        resolved
            .get_or_insert_with(|| {
                listed
                    .iter()
                    .filter_map(|path| path.canonicalize().ok())
                    .collect()
            })
            .contains(canonical)
    };
    let template = template.and_then(|t| t.canonicalize().ok());
    // No reports folder (the default may be absent): every report is listed, or should be.
    let walk = match dir.is_dir() {
        true => files::markdown_files(&dir, Some(&src)),
        false => files::Walk::default(),
    };
    for (path, canonical) in &walk.outside {
        discovery
            .warnings
            .push(files::symlink_out_of_src(path, canonical));
    }
    // What the walk found is discovery's, wherever it really is (a symlink in the reports
    // folder may lead elsewhere in `src`).
    let dir_canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
    let walked_elsewhere: HashSet<PathBuf> = walk
        .files
        .iter()
        .filter(|f| !f.canonical.starts_with(&dir_canonical))
        .map(|f| f.canonical.clone())
        .collect();
    for files::Found { path, canonical } in walk.files {
        if listed.contains(&canonical) || template.as_ref() == Some(&canonical) {
            continue;
        }
        if listed_through_symlinks(&canonical) {
            continue;
        }
        let shown = display(&path);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                discovery
                    .warnings
                    .push(format!("{shown}: skipped, cannot be read: {e}"));
                continue;
            }
        };
        let content = match String::from_utf8(bytes) {
            Ok(content) => content,
            // A report would go unpublished, and unchecked, with only a warning.
            Err(e) => {
                if report::is_report(&crate::files::lossy_text(e.as_bytes())) {
                    let valid = e.utf8_error().valid_up_to();
                    return Err(crate::files::not_utf8(shown, e.as_bytes(), valid));
                }
                discovery.warnings.push(format!(
                    "{shown}: skipped, not UTF-8; save it as UTF-8 to publish it"
                ));
                continue;
            }
        };
        if !report::is_report(&content) {
            if is_a_page(book, &canonical, &content, schema)
                && not_published::RULE.level(&book.config) != Level::Allow
            {
                discovery.warnings.push(not_published(
                    path.strip_prefix(&book.root).unwrap_or(&path),
                    &content,
                    schema,
                ));
            }
            continue;
        }
        let Ok(relative) = path.strip_prefix(&book.src) else {
            continue;
        };
        if let Some(error) = unsafe_name(relative) {
            return Err(error);
        }
        // A chapter's path goes back to mdBook as a JSON string.
        if relative.to_str().is_none() {
            discovery.warnings.push(format!(
                "{shown}: skipped, its name is not UTF-8; rename it to publish it"
            ));
            continue;
        }
        discovery.found.push(Found {
            path: relative.to_path_buf(),
            content,
        });
    }
    if not_published::RULE.level(&book.config) != Level::Allow {
        let known = |canonical: &PathBuf| {
            template.as_ref() == Some(canonical)
                || walked_elsewhere.contains(canonical)
                || listed.contains(canonical)
        };
        discovery.warnings.extend(reports_elsewhere(
            book,
            &src,
            &dir_canonical,
            known,
            listed_through_symlinks,
        ));
    }
    Ok(discovery)
}

/// The build's warnings about reports in `src` (at `src_canonical`) outside the reports
/// folder (at `dir`) that `SUMMARY.md` does not list, as `check` on the book finds them:
/// nothing publishes them, and nothing checks them. `known` says whether a file (by its
/// real path) is a chapter as listed, the template or a file the walk of the reports
/// folder found; `listed_through_symlinks`, asked only of a report, whether a chapter's
/// path leads to it.
fn reports_elsewhere(
    book: &config::Book,
    src_canonical: &Path,
    dir: &Path,
    known: impl Fn(&PathBuf) -> bool,
    mut listed_through_symlinks: impl FnMut(&PathBuf) -> bool,
) -> Vec<String> {
    let mut warnings = Vec::new();
    for files::Found { path, canonical } in
        files::markdown_files(&book.src, Some(src_canonical)).files
    {
        if canonical.starts_with(dir) || known(&canonical) {
            continue;
        }
        // A file that cannot be read here is no chapter: the build needs nothing of it.
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if report::is_report(&text) && !listed_through_symlinks(&canonical) {
            let finding = not_published::report(&text, &book.config.reports_dir);
            let shown = path.strip_prefix(&book.root).unwrap_or(&path);
            warnings.push(format!(
                "{}: {}; {}",
                display(shown),
                finding.message,
                finding.help
            ));
        }
    }
    warnings
}

/// Why a report found in the reports folder cannot be published by its path under `src`
/// (`relative`): mdBook writes a chapter's path into the sidebar's HTML attribute and the
/// script's quoted string unescaped, and only SUMMARY.md's maintainers choose those
/// paths, but a file's name comes from a pull request (`x"><img src=x onerror=…>.md`).
pub fn unsafe_name(relative: &Path) -> Option<Error> {
    // The link mdBook makes to a chapter starts with its path: in the first part, a `:`
    // (or `&colon;`, which the table of contents decodes) would make a scheme.
    let unsafe_char = |c: char, first: bool| {
        // mdBook makes `\` a `/`: `\\evil.example\a.md` would be `//evil.example/a.html`.
        matches!(c, '"' | '\'' | '<' | '>' | '\\')
            || c.is_control()
            || (first && matches!(c, ':' | '&'))
    };
    let (part, found) = relative.components().enumerate().find_map(|(i, part)| {
        let name = part.as_os_str().to_string_lossy();
        let found = name.chars().find(|&c| unsafe_char(c, i == 0))?;
        Some((name.into_owned(), found))
    })?;
    // Shown with its control characters as symbols: the name may hold a line break.
    let shown = |text: &str| crate::output::printable(text);
    // `javascript:x.md` would be a link that runs, in the table of contents.
    let why = match found {
        ':' | '&' => {
            "a browser would read as the scheme of the link mdBook makes to it (`javascript:`, `javascript&colon;`)"
        }
        '\\' => "mdBook makes a `/`, so that a name such as `\\\\host\\a.md` links to another site",
        _ => "mdBook would write into the handbook's HTML unescaped",
    };
    Some(
        Error::new(format!(
            "the report `{}` has `{}` in its name `{}`, which {why}",
            shown(&relative.to_string_lossy()),
            shown(&found.to_string()),
            shown(&part),
        ))
        .help("rename it without quotes, `<`, `>`, `\\`, control characters, or (in the reports folder `.`) `:` and `&`, e.g. `2024-03-14-payments-api.md`"),
    )
}

/// Whether a Markdown file that is no report is a page of its own, which someone meant to
/// publish: it is not `SUMMARY.md`, and it has a title (a level-1 heading) or was meant
/// to be a report. A fragment that chapters `{{#include}}` has no title.
pub fn is_a_page(book: &config::Book, canonical: &Path, text: &str, schema: &Template) -> bool {
    let summary = book.src.join("SUMMARY.md").canonicalize().ok();
    summary.as_deref() != Some(canonical)
        && (report::markdown::scan(text, 0)
            .headings
            .iter()
            .any(|h| h.level == 1)
            || report::looks_like_report(text, schema))
}

/// The `not-published` finding for a file in the reports folder that is no report: one
/// that was meant to be a report ([`report::looks_like_report`]), or another page.
pub fn left_out_page(text: &str, schema: &Template) -> crate::lint::Finding {
    if report::looks_like_report(text, schema) {
        not_published::untitled_report(text)
    } else {
        not_published::page(text)
    }
}

/// The build's warning about a page under `reports-dir` that `SUMMARY.md` does not list
/// and that is no report: nothing publishes it, and nothing checks it.
fn not_published(path: &Path, text: &str, schema: &Template) -> String {
    let finding = left_out_page(text, schema);
    format!("{}: {}; {}", display(path), finding.message, finding.help)
}

/// The error when `reports-dir` is set to a folder that is not there: no report outside
/// `SUMMARY.md` would be found, checked or published. (The default folder may be absent:
/// a book may list every report.)
pub fn missing_reports_dir(book: &config::Book) -> Option<Error> {
    let dir = book.src.join(&book.config.reports_dir);
    (book.config.reports_dir_set && !dir.is_dir()).then(|| {
        book.at_key(
            "reports-dir",
            Error::new(format!(
                "reports-dir = \"{}\": {} is not a folder, so no report outside SUMMARY.md would be found",
                display(&book.config.reports_dir),
                display(&dir)
            ))
            .help("point reports-dir at the folder that holds your reports (relative to src), or create it"),
        )
    })
}

/// What a build of a book publishes: the chapters `SUMMARY.md` lists, and the reports
/// discovery finds under `reports-dir` (by the same walk, symlinks and all).
#[derive(Debug, Clone)]
pub struct Published {
    in_reports_dir: HashSet<PathBuf>,
    listed: HashSet<PathBuf>,
    /// The reports folder's real path.
    reports_dir: Option<PathBuf>,
}

impl Published {
    /// The book's; `None` when it has no `SUMMARY.md` (a folder of reports with a
    /// book.toml for settings), and an error when its `SUMMARY.md` cannot be read or
    /// parsed, as mdBook cannot build the book then.
    pub fn of(book: &config::Book) -> Result<Option<Published>> {
        let Some(listed) = summary_files(book)? else {
            return Ok(None);
        };
        let dir = book.src.join(&book.config.reports_dir);
        let in_reports_dir = match book.src.canonicalize() {
            Ok(src) if dir.is_dir() => files::markdown_files(&dir, Some(&src))
                .files
                .into_iter()
                .map(|found| found.canonical)
                .collect(),
            _ => HashSet::new(),
        };
        Ok(Some(Published {
            in_reports_dir,
            listed,
            reports_dir: dir.canonicalize().ok(),
        }))
    }

    /// Whether `SUMMARY.md` lists the file at `canonical`.
    pub fn lists(&self, canonical: &Path) -> bool {
        self.listed.contains(canonical)
    }

    /// The files `SUMMARY.md` lists (canonical paths), wherever they are.
    pub fn listed(&self) -> impl Iterator<Item = &PathBuf> {
        self.listed.iter()
    }

    /// Whether discovery finds the file at `canonical` under `reports-dir`.
    pub fn in_reports_dir(&self, canonical: &Path) -> bool {
        self.in_reports_dir.contains(canonical)
    }

    /// Whether the file at `canonical` is anywhere under the reports folder, where the
    /// walk goes or not (a hidden folder, a file that is not `.md`): what it includes is
    /// guarded all the same.
    pub fn under_reports_dir(&self, canonical: &Path) -> bool {
        self.reports_dir
            .as_ref()
            .is_some_and(|dir| canonical.starts_with(dir))
    }

    /// Whether a report at `canonical` is published: listed, or found.
    pub fn report(&self, canonical: &Path) -> bool {
        self.lists(canonical) || self.in_reports_dir(canonical)
    }
}

/// The deepest nesting of chapters read: mdBook reads each level by a call of its own,
/// and ten thousand levels or so overflow the stack.
const MAX_SUMMARY_DEPTH: usize = 256;

/// The line of the first list item of `SUMMARY.md` indented deeper than
/// [`MAX_SUMMARY_DEPTH`] levels of two columns could be.
fn nested_too_deep(summary: &str) -> Option<usize> {
    summary
        .lines()
        .position(|line| {
            let text = line.trim_start_matches([' ', '\t']);
            let indent = line.len() - text.len();
            // A tab is up to four columns, so the count errs towards reading the file.
            let columns = indent + 3 * line[..indent].matches('\t').count();
            columns > 2 * MAX_SUMMARY_DEPTH
                && (text.starts_with(['-', '*', '+'])
                    || text
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .starts_with(['.', ')']))
        })
        .map(|i| i + 1)
}

/// The files `SUMMARY.md` lists, resolved through symlinks, or `None` when there is no
/// `SUMMARY.md`; an error, with mdBook's reason and line, when it cannot be read or
/// parsed.
fn summary_files(book: &config::Book) -> Result<Option<HashSet<PathBuf>>> {
    let path = book.src.join("SUMMARY.md");
    let shown_path = shown_from_here(&path);
    // A symlink to a device (`/dev/zero`) would be read for ever.
    if path.metadata().is_ok_and(|m| !m.is_file()) {
        return Err(Error::new("this is no regular file, so it is not read")
            .in_file(shown_path)
            .help("SUMMARY.md lists the book's chapters: make it a Markdown file"));
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(
                Error::io(&shown_path, "read the book's table of contents", &e)
                    .help("check the file's permissions, and that it is saved as UTF-8"),
            );
        }
    };
    if let Some(line) = nested_too_deep(&text) {
        return Err(Error::new(format!(
            "this table of contents nests chapters more than {MAX_SUMMARY_DEPTH} levels deep, and a few thousand crash mdBook's reader"
        ))
        .in_file(shown_path)
        .at_line(Some(line))
        .help("flatten the nesting: indent a chapter under another by two spaces more than it"));
    }
    let summary = mdbook_summary::parse_summary(&text).map_err(|e| {
        // mdBook's reason is the last in its chain, and names the line.
        let reason = e
            .chain()
            .last()
            .map(ToString::to_string)
            .unwrap_or_default();
        let line = crate::regex!(r"line (\d+)")
            .captures(&reason)
            .and_then(|c| c.get(1)?.as_str().parse().ok());
        Error::new(format!(
            "mdBook cannot read this table of contents: {reason}"
        ))
        .in_file(shown_path.clone())
        .at_line(line)
        .help("each chapter is a `- [Title](file.md)` line; mdBook's guide describes SUMMARY.md")
    })?;
    let mut files = HashSet::new();
    let mut items: Vec<&mdbook_summary::SummaryItem> = summary
        .prefix_chapters
        .iter()
        .chain(&summary.numbered_chapters)
        .chain(&summary.suffix_chapters)
        .collect();
    while let Some(item) = items.pop() {
        if let mdbook_summary::SummaryItem::Link(link) = item {
            if let Some(location) = &link.location {
                if let Some(outside) = chapter_outside_src(location, Some(book)) {
                    let line = line_listing(&text, location);
                    return Err(outside.in_file(shown_path).at_line(line));
                }
                if let Ok(file) = book.src.join(location).canonicalize() {
                    files.insert(file);
                }
            }
            items.extend(&link.nested_items);
        }
    }
    Ok(Some(files))
}

/// The 1-based line of SUMMARY.md's `text` that lists a chapter at `location`.
pub fn line_listing(text: &str, location: &Path) -> Option<usize> {
    let written = format!("]({})", display(location));
    let found = text.lines().position(|l| l.contains(written.as_str()));
    found
        .or_else(|| {
            let bare = display(location);
            text.lines().position(|l| l.contains(bare.as_str()))
        })
        .map(|l| l + 1)
}

/// Why a chapter at `location` (as SUMMARY.md writes it) may not be published, when it
/// is not under the book's `src`: an absolute path or one that climbs out, and, given
/// the `book` to look in, a symlink that leads out. A pull request could list
/// `../.git/config` as a chapter.
pub fn chapter_outside_src(location: &Path, book: Option<&config::Book>) -> Option<Error> {
    let mut depth = 0_usize;
    let climbs_out = location.components().any(|part| match part {
        std::path::Component::Normal(_) => {
            depth += 1;
            false
        }
        std::path::Component::CurDir => false,
        std::path::Component::ParentDir => match depth.checked_sub(1) {
            Some(up) => {
                depth = up;
                false
            }
            None => true,
        },
        std::path::Component::RootDir | std::path::Component::Prefix(_) => true,
    });
    let leads_out = || {
        let book = book?;
        let real = book.src.join(location).canonicalize().ok()?;
        let src = book.src.canonicalize().ok()?;
        (!real.starts_with(src)).then_some(())
    };
    (climbs_out || leads_out().is_some()).then(|| {
        Error::new(format!(
            "SUMMARY.md lists `{}`, which is not in the book's src folder",
            display(location)
        ))
        .help("list only chapters under src/, by their path from there; mdBook fails on an absolute path, and a chapter from elsewhere would publish that file")
    })
}

/// Where discovered reports go: under the chapter at `index_path` (the one holding
/// `{{#rollback-index}}`), or under a new part titled "Incidents" at the end of the book.
pub fn insert(
    items: &mut Vec<BookItem>,
    index_path: Option<&Path>,
    chapters: Vec<(String, PathBuf, String)>,
) {
    if chapters.is_empty() {
        return;
    }
    let mut placed = Some(chapters);
    if let Some(index_path) = index_path {
        place_under(items, index_path, &mut placed);
    }
    let Some(chapters) = placed else {
        return;
    };
    let last_number = items
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(ch) => ch.number.as_ref().and_then(|n| n.first().copied()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    items.push(BookItem::PartTitle("Incidents".into()));
    for (i, (name, path, content)) in chapters.into_iter().enumerate() {
        let number = last_number
            .saturating_add(u32::try_from(i).unwrap_or(u32::MAX))
            .saturating_add(1);
        items.push(BookItem::Chapter(chapter(
            name,
            path,
            content,
            Some(vec![number]),
            Vec::new(),
        )));
    }
}

fn place_under(
    items: &mut [BookItem],
    index_path: &Path,
    chapters: &mut Option<Vec<(String, PathBuf, String)>>,
) {
    for item in items {
        if chapters.is_none() {
            return;
        }
        let BookItem::Chapter(parent) = item else {
            continue;
        };
        if parent.path.as_deref() == Some(index_path) {
            let Some(list) = chapters.take() else { return };
            let existing = parent
                .sub_items
                .iter()
                .filter(|i| matches!(i, BookItem::Chapter(_)))
                .count();
            let mut parent_names = parent.parent_names.clone();
            parent_names.push(parent.name.clone());
            for (i, (name, path, content)) in list.into_iter().enumerate() {
                let number = parent.number.as_ref().map(|n| {
                    let mut n: Vec<u32> = n.to_vec();
                    n.push(u32::try_from(existing + i + 1).unwrap_or(u32::MAX));
                    n
                });
                parent.sub_items.push(BookItem::Chapter(chapter(
                    name,
                    path,
                    content,
                    number,
                    parent_names.clone(),
                )));
            }
            return;
        }
        place_under(&mut parent.sub_items, index_path, chapters);
    }
}

/// A discovered chapter's name, from its report's title, with look-alikes for the
/// characters that mdBook's search results would put into the page as markup (it
/// escapes the name in the sidebar, so escaping it here would show entities there).
fn inert_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| match c {
            '<' => '‹',
            '>' => '›',
            '&' => '＆',
            '"' => '”',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn chapter(
    name: String,
    path: PathBuf,
    content: String,
    number: Option<Vec<u32>>,
    parent_names: Vec<String>,
) -> Chapter {
    Chapter {
        name: inert_name(&name),
        content,
        number: number.map(SectionNumber::new),
        sub_items: Vec::new(),
        path: Some(path.clone()),
        source_path: Some(path),
        parent_names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_nested_past_what_mdbook_reads_is_refused_at_its_line() {
        let nested = |levels: usize| {
            (0..levels)
                .map(|i| format!("{}- [C{i}](c{i}.md)\n", "  ".repeat(i)))
                .collect::<String>()
        };
        assert_eq!(nested_too_deep(&nested(100)), None);
        assert_eq!(nested_too_deep(&nested(300)), Some(258));
        // Indented text that is no chapter is no nesting.
        assert_eq!(nested_too_deep(&format!("{}text\n", " ".repeat(600))), None);
        assert_eq!(
            nested_too_deep(&format!("{}1. [a](a.md)\n", "\t".repeat(200))),
            Some(1)
        );
    }
}
