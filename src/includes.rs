//! `{{#include}}` as mdBook's `links` preprocessor expands it, for `check` and for the
//! reports the preprocessor finds outside `SUMMARY.md`: the build lints a report after
//! mdBook has included its files, so `check` includes them too, and maps what it finds
//! back to the file as written.
//!
//! Report text comes from pull requests, and `check`'s findings quote it: a file is
//! included only if it is in the report's book (or folder), hidden nowhere on its path
//! (no `.git/config`, no `.env`), and, in a git work tree, tracked by git (no credentials
//! a CI step left in the checkout). Every refusal reads the same, so a report cannot
//! learn which files exist.

use crate::git::{CliGit, Git, GitError};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How deep includes may nest, as in mdBook: links deeper than this are dropped.
const MAX_DEPTH: usize = 10;

/// The most text a report's includes may bring in, and the most includes it may make:
/// files that include each other many times over grow without bound, and `check` runs
/// on pull requests.
const MAX_INCLUDED: usize = 16 << 20;
const MAX_INCLUDES: usize = 1000;
/// How much of the included files a report's includes may read, in all: a line range or
/// an anchor reads its whole file, so a file included many times is read many times.
const MAX_SCANNED: usize = 64 << 20;

/// A report's text with its includes expanded.
#[derive(Debug, Clone)]
pub struct Expanded {
    /// The text, as mdBook's `links` preprocessor makes it.
    pub text: String,
    /// The length of the text as written.
    written_len: usize,
    /// Where each piece of `text` comes from, in order.
    pieces: Vec<Piece>,
    /// Includes that could not be made, in order (at most [`MAX_PROBLEMS`]).
    pub problems: Vec<Problem>,
    /// The files included (their canonical paths), at any depth.
    pub included: Vec<PathBuf>,
    /// Whether anything was expanded (or an escape undone).
    changed: bool,
}

#[derive(Debug, Clone)]
struct Piece {
    /// Its bytes in the expanded text.
    expanded: Range<usize>,
    origin: Origin,
}

#[derive(Debug, Clone)]
enum Origin {
    /// Written in the report, starting at this offset.
    Written(usize),
    /// Included by the directive at this span, from this file (as the directive names it).
    Included(Range<usize>, String),
}

/// An include that could not be made: it stays as written, as in mdBook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The report's own directive (that included the file that failed, when nested).
    pub span: Range<usize>,
    /// What went wrong, naming the include.
    pub message: String,
}

/// The most problems kept: past the limits, every further include fails the same way.
const MAX_PROBLEMS: usize = 20;

/// Where a span of the expanded text is in the report as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenSpan {
    /// The span in the report; the whole directive for included text.
    pub span: Range<usize>,
    /// The file the text was included from, if it was.
    pub included_from: Option<String>,
}

impl Expanded {
    /// Whether any include was expanded (or escape undone): otherwise the text is the
    /// report's own.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// Where `span` (of the expanded text) is in the report as written. A span that
    /// starts in included text is the include; one that ends in it ends with the include.
    pub fn written_span(&self, span: Range<usize>) -> WrittenSpan {
        // The piece holding `offset` (the last one for the very end).
        let piece_at = |offset: usize| {
            let index = self.pieces.partition_point(|p| p.expanded.end <= offset);
            self.pieces.get(index)
        };
        let start = match piece_at(span.start) {
            None => {
                // At the end of the text: the end of the text as written.
                return WrittenSpan {
                    span: self.written_len..self.written_len,
                    included_from: None,
                };
            }
            Some(Piece {
                origin: Origin::Included(directive, file),
                ..
            }) => {
                return WrittenSpan {
                    span: directive.clone(),
                    included_from: Some(file.clone()),
                };
            }
            Some(Piece {
                expanded,
                origin: Origin::Written(at),
            }) => at + (span.start - expanded.start),
        };
        let end = match piece_at(span.end.saturating_sub(1).max(span.start)) {
            _ if span.is_empty() => start,
            Some(Piece {
                expanded,
                origin: Origin::Written(at),
            }) => at + (span.end.min(expanded.end) - expanded.start),
            Some(Piece {
                origin: Origin::Included(directive, _),
                ..
            }) => directive.end,
            None => self.written_len,
        };
        WrittenSpan {
            span: start..end.max(start),
            included_from: None,
        }
    }
}

/// The files a report may include: under `root`, on no hidden path, and, in a git work
/// tree, tracked by git. Git is asked once, when a file is first looked at.
#[derive(Debug)]
pub struct Confinement {
    root: PathBuf,
    /// Whether to ask git (not in tests of the other rules).
    ask_git: bool,
    listing: std::sync::OnceLock<Listing>,
}

/// What git says of a book's files.
#[derive(Debug, Default)]
struct Listing {
    /// The files it tracks; `None` outside a work tree.
    tracked: Option<HashSet<PathBuf>>,
    /// Why it could not list them, in a work tree (then none may be included).
    error: Option<GitError>,
}

impl Confinement {
    /// For a report at `file`: its book (the folder with `book.toml` around it), else its
    /// own folder.
    pub fn of(file: &Path) -> Confinement {
        let dir = file
            .canonicalize()
            .ok()
            .and_then(|real| real.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let root = dir
            .ancestors()
            .find(|d| d.join("book.toml").is_file())
            .map_or_else(|| dir.clone(), Path::to_path_buf);
        Confinement {
            root,
            ask_git: true,
            listing: std::sync::OnceLock::new(),
        }
    }

    /// For the reports of the book at `root`.
    pub fn for_book(root: &Path) -> Confinement {
        Confinement::of(&root.join("book.toml"))
    }

    /// The files of the repository that holds `dir` (a real path): under its root, on no
    /// hidden path, tracked. Outside any repository, none.
    pub fn for_repository_of(dir: &Path) -> Confinement {
        let work_tree = crate::git::work_tree_of(dir).and_then(|root| root.canonicalize().ok());
        let listing = std::sync::OnceLock::new();
        // Outside any repository, no file out of the book is known to be anyone's to
        // publish (a folder on the CI runner that a pull request names).
        if work_tree.is_none() {
            let _ = listing.set(Listing {
                tracked: Some(HashSet::new()),
                error: None,
            });
        }
        Confinement {
            ask_git: work_tree.is_some(),
            root: work_tree.unwrap_or_else(|| dir.to_path_buf()),
            listing,
        }
    }

    /// Only under `root`, with nothing hidden and nothing known of git.
    #[cfg(test)]
    fn under(root: &Path) -> Confinement {
        Confinement {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            ask_git: false,
            listing: std::sync::OnceLock::new(),
        }
    }

    /// What git says: in a work tree, git must list the files it tracks, and if it
    /// cannot (no git, a repository it will not read), nothing is included. Outside one,
    /// nothing is known to be untracked.
    fn listing(&self) -> &Listing {
        self.listing.get_or_init(|| {
            if !self.ask_git {
                return Listing::default();
            }
            let root = &self.root;
            let in_work_tree = root.ancestors().any(|d| d.join(".git").exists());
            // A submodule's files are tracked, by its own repository.
            let listed = CliGit::new(root).run(
                &["ls-files", "-z", "--cached", "--recurse-submodules"],
                None,
            );
            match listed {
                Ok(listing) => Listing {
                    tracked: Some(
                        listing
                            .split(|&b| b == 0)
                            .filter_map(|name| std::str::from_utf8(name).ok())
                            .filter(|name| !name.is_empty())
                            .map(|name| root.join(name))
                            .collect(),
                    ),
                    error: None,
                },
                Err(e) if in_work_tree => Listing {
                    tracked: Some(HashSet::new()),
                    error: Some(e),
                },
                Err(_) => Listing::default(),
            }
        })
    }

    /// Whether the file at `real` (a canonical path) may be included, or published.
    pub fn allows(&self, real: &Path) -> bool {
        let Ok(inside) = real.strip_prefix(&self.root) else {
            return false;
        };
        let hidden = inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        !hidden
            && self
                .listing()
                .tracked
                .as_ref()
                .is_none_or(|t| t.contains(real))
    }
}

/// The state of one report's expansion: what may still be included, and what was read.
struct Budget<'a> {
    confine: &'a Confinement,
    bytes_left: usize,
    includes_left: usize,
    scanned_left: usize,
    read: HashMap<PathBuf, Rc<str>>,
    /// What failed under the report's directive being expanded.
    failed: Vec<String>,
}

/// Expands the includes of `text`, a file in `dir`.
pub fn expand(text: &str, dir: &Path, confine: &Confinement) -> Expanded {
    let mut expanded = Expanded {
        text: String::with_capacity(text.len()),
        written_len: text.len(),
        pieces: Vec::new(),
        problems: Vec::new(),
        included: Vec::new(),
        changed: false,
    };
    let mut budget = Budget {
        confine,
        bytes_left: MAX_INCLUDED,
        includes_left: MAX_INCLUDES,
        scanned_left: MAX_SCANNED,
        read: HashMap::new(),
        failed: Vec::new(),
    };
    let mut written_from = 0;
    for link in links(text) {
        let replacement = match &link.kind {
            Kind::Escaped => text[link.span.start + 1..link.span.end].to_string(),
            Kind::Title => String::new(),
            kind => {
                let included = read_link(kind, dir, 1, &mut budget);
                let directive = &text[link.span.clone()];
                let failed = std::mem::take(&mut budget.failed);
                for message in included.as_ref().err().into_iter().chain(&failed) {
                    if expanded.problems.len() < MAX_PROBLEMS {
                        expanded.problems.push(Problem {
                            span: link.span.clone(),
                            message: format!("`{directive}`: {message}"),
                        });
                    }
                }
                match included {
                    Ok(included) => included,
                    Err(_) => continue, // left as written, as mdBook does on an error
                }
            }
        };
        expanded.changed = true;
        push_written(&mut expanded, text, written_from..link.span.start);
        let start = expanded.text.len();
        expanded.text.push_str(&replacement);
        if !replacement.is_empty() {
            let origin = match &link.kind {
                Kind::Include { path, .. }
                | Kind::RustdocInclude { path, .. }
                | Kind::Playground { path, .. } => {
                    Origin::Included(link.span.clone(), path.clone())
                }
                // An escaped directive is written text, without its backslash.
                _ => Origin::Written(link.span.start + 1),
            };
            expanded.pieces.push(Piece {
                expanded: start..expanded.text.len(),
                origin,
            });
        }
        written_from = link.span.end;
    }
    push_written(&mut expanded, text, written_from..text.len());
    expanded.included = budget.read.into_keys().collect();
    expanded.included.sort();
    expanded
}

fn push_written(expanded: &mut Expanded, text: &str, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    let start = expanded.text.len();
    expanded.text.push_str(&text[range.clone()]);
    expanded.pieces.push(Piece {
        expanded: start..expanded.text.len(),
        origin: Origin::Written(range.start),
    });
}

/// The text a link includes, with its own links expanded (relative to its file), as
/// mdBook does at nesting `depth` (1 for the report's own links).
fn read_link(
    kind: &Kind,
    dir: &Path,
    depth: usize,
    budget: &mut Budget<'_>,
) -> Result<String, String> {
    let (Kind::Include { path, lines }
    | Kind::RustdocInclude { path, lines }
    | Kind::Playground { path, lines, .. }) = kind
    else {
        return Ok(String::new());
    };
    let too_many = || {
        format!(
            "not included: the report's includes pass {} MiB or {MAX_INCLUDES} files (do files include each other?)",
            MAX_INCLUDED >> 20
        )
    };
    if budget.bytes_left == 0 || budget.includes_left == 0 {
        return Err(too_many());
    }
    budget.includes_left -= 1;
    let target = dir.join(path);
    // In a work tree, only what git tracks is included, so git must say what that is.
    let refused = || {
        match &budget.confine.listing().error {
        Some(GitError::NotInstalled) => {
            "not included: only files that git tracks are included from a git checkout, and git is not installed to list them; install git".to_string()
        }
        Some(GitError::Failed { stderr }) => match crate::git::ownership_fix(stderr) {
            Some(fix) => format!("not included: git cannot list the files of this book ({stderr}); {fix}"),
            None => format!("not included: git cannot list the files of this book ({stderr})"),
        },
        None => format!("not included: `{path}` is no file of this book that git tracks"),
    }
    };
    let real = target.canonicalize().map_err(|_| refused())?;
    if !real.is_file() || !budget.confine.allows(&real) {
        return Err(refused());
    }
    let too_much = || {
        format!(
            "not included: the report's includes read over {} MiB of files (is a large file included many times, or do files include each other?)",
            MAX_SCANNED >> 20
        )
    };
    let content = match budget.read.get(&real) {
        Some(content) => Rc::clone(content),
        None => {
            // A file too large to read is refused before it is read.
            let size = real.metadata().map_or(0, |m| m.len());
            if usize::try_from(size).map_or(true, |size| size > budget.scanned_left) {
                return Err(too_much());
            }
            let content: Rc<str> = std::fs::read_to_string(&real)
                .map_err(|_| format!("not included: `{path}` cannot be read as UTF-8 text"))?
                .into();
            budget.read.insert(real.clone(), Rc::clone(&content));
            content
        }
    };
    if content.len() > budget.scanned_left {
        return Err(too_much());
    }
    budget.scanned_left -= content.len();
    let taken = match kind {
        Kind::RustdocInclude { .. } => lines.rustdoc(&content, budget.bytes_left),
        Kind::Playground { attributes, .. } => {
            // As mdBook writes it: a Rust code block of the whole file.
            let class = if attributes.is_empty() {
                "rust"
            } else {
                "rust,"
            };
            let newline = if content.ends_with('\n') { "" } else { "\n" };
            Some(format!(
                "```{class}{}\n{content}{newline}```\n",
                attributes.join(",")
            ))
        }
        _ => lines.take(&content, budget.bytes_left),
    };
    // The text one include brings counts whole: past the limit, it is refused.
    let Some(taken) = taken.filter(|taken| taken.len() <= budget.bytes_left) else {
        return Err(too_many());
    };
    budget.bytes_left -= taken.len();
    // Nested links resolve from the included file's folder as written, as in mdBook.
    let inner_dir = target
        .parent()
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
    let mut out = String::with_capacity(taken.len());
    let mut from = 0;
    for link in links(&taken) {
        let replacement = match &link.kind {
            // mdBook drops what lies deeper than it expands.
            _ if depth >= MAX_DEPTH => String::new(),
            Kind::Escaped => taken[link.span.start + 1..link.span.end].to_string(),
            Kind::Title => String::new(),
            other => match read_link(other, &inner_dir, depth + 1, budget) {
                Ok(text) => text,
                Err(problem) => {
                    budget.failed.push(format!(
                        "`{}` in `{path}`: {problem}",
                        &taken[link.span.clone()]
                    ));
                    continue;
                }
            },
        };
        out.push_str(&taken[from..link.span.start]);
        out.push_str(&replacement);
        from = link.span.end;
    }
    out.push_str(&taken[from..]);
    Ok(out)
}

/// A `{{#…}}` link mdBook's `links` preprocessor acts on.
struct Link {
    span: Range<usize>,
    kind: Kind,
}

enum Kind {
    /// `\{{#…}}`: written without its backslash.
    Escaped,
    /// `{{#title …}}`: removed.
    Title,
    /// `{{#include path[:lines|:anchor]}}`.
    Include { path: String, lines: Lines },
    /// `{{#rustdoc_include …}}`: the other lines are kept behind `# `.
    RustdocInclude { path: String, lines: Lines },
    /// `{{#playground path attributes…}}`: the whole file in a Rust code block.
    Playground {
        path: String,
        lines: Lines,
        attributes: Vec<String>,
    },
}

/// The links of a text, found as mdBook finds them.
fn links(text: &str) -> Vec<Link> {
    if !text.contains("{{") {
        return Vec::new();
    }
    let pattern = crate::regex!(r"\\\{\{\#.*\}\}|\{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}");
    pattern
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let kind = match (caps.get(1).map(|m| m.as_str()), caps.get(2)) {
                (None, _) => Kind::Escaped,
                (Some("title"), _) => Kind::Title,
                (Some("playground" | "playpen"), Some(rest)) => {
                    let mut words = rest.as_str().split_whitespace();
                    Kind::Playground {
                        path: words.next()?.to_string(),
                        lines: Lines::Range(0, None),
                        attributes: words.map(String::from).collect(),
                    }
                }
                (Some(kind @ ("include" | "rustdoc_include")), Some(rest)) => {
                    let target = rest.as_str().split_whitespace().next()?;
                    let (path, lines) = target.split_once(':').unwrap_or((target, ""));
                    let (path, lines) = (path.to_string(), Lines::parse(lines));
                    if kind == "include" {
                        Kind::Include { path, lines }
                    } else {
                        Kind::RustdocInclude { path, lines }
                    }
                }
                _ => return None,
            };
            Some(Link {
                span: whole.range(),
                kind,
            })
        })
        .collect()
}

/// Which lines of a file an include takes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lines {
    /// Lines `start..end` (0-based, `end` exclusive, open when `None`).
    Range(usize, Option<usize>),
    /// The lines between `ANCHOR: name` and `ANCHOR_END: name`.
    Anchor(String),
}

impl Lines {
    /// Parses what follows the path: `10`, `10:`, `:20`, `10:20`, an anchor, or nothing.
    fn parse(spec: &str) -> Lines {
        let mut parts = spec.splitn(3, ':');
        let first = parts.next().unwrap_or("");
        let start = match first.parse::<usize>() {
            Ok(line) => Some(line.saturating_sub(1)),
            Err(_) if first.is_empty() => None,
            Err(_) => return Lines::Anchor(first.to_string()),
        };
        let end = parts.next().map(str::parse::<usize>);
        match (start, end) {
            (Some(start), Some(Ok(end))) => Lines::Range(start, Some(end)),
            (Some(start), Some(Err(_))) => Lines::Range(start, None),
            (Some(start), None) => Lines::Range(start, Some(start + 1)),
            (None, Some(Ok(end))) => Lines::Range(0, Some(end)),
            (None, _) => Lines::Range(0, None),
        }
    }

    /// The lines taken, joined with `\n` (no final line break, as in mdBook); `None`
    /// once they pass `limit` bytes.
    fn take(&self, content: &str, limit: usize) -> Option<String> {
        let mut out = Joined::new(limit);
        match self {
            Lines::Range(start, end) => {
                let count = end.map_or(usize::MAX, |end| end.saturating_sub(*start));
                for line in content.lines().skip(*start).take(count) {
                    out.push("", line)?;
                }
            }
            Lines::Anchor(name) => {
                let mut inside = false;
                for line in content.lines() {
                    if inside {
                        match anchor_end(line) {
                            Some(end) if end == name => break,
                            Some(_) => {}
                            None if anchor_start(line).is_none() => out.push("", line)?,
                            None => {}
                        }
                    } else if anchor_start(line) == Some(name) {
                        inside = true;
                    }
                }
            }
        }
        Some(out.text)
    }

    /// Every line, those not taken behind `# ` (for `rustdoc_include`); anchor lines go.
    /// `None` once they pass `limit` bytes.
    fn rustdoc(&self, content: &str, limit: usize) -> Option<String> {
        let mut out = Joined::new(limit);
        let mut inside = false;
        for (i, line) in content.lines().enumerate() {
            match self {
                Lines::Range(start, end) => {
                    if i >= *start && end.is_none_or(|end| i < end) {
                        out.push("", line)?;
                    } else {
                        out.push("# ", line)?;
                    }
                }
                Lines::Anchor(name) if inside => match anchor_end(line) {
                    Some(end) if end == name => inside = false,
                    Some(_) => {}
                    None if anchor_start(line).is_none() => out.push("", line)?,
                    None => {}
                },
                Lines::Anchor(name) => match anchor_start(line) {
                    Some(start) if start == name => inside = true,
                    Some(_) => {}
                    None if anchor_end(line).is_none() => out.push("# ", line)?,
                    None => {}
                },
            }
        }
        Some(out.text)
    }
}

/// Lines joined with `\n` into one string, up to a number of bytes: a file of blank
/// lines is never held as one string per line.
struct Joined {
    text: String,
    lines: usize,
    limit: usize,
}

impl Joined {
    fn new(limit: usize) -> Self {
        Joined {
            text: String::new(),
            lines: 0,
            limit,
        }
    }

    /// Adds a line (after `prefix`); `None` once the text passes the limit.
    fn push(&mut self, prefix: &str, line: &str) -> Option<()> {
        let separator = usize::from(self.lines > 0);
        if self.text.len() + separator + prefix.len() + line.len() > self.limit {
            return None;
        }
        if separator == 1 {
            self.text.push('\n');
        }
        self.text.push_str(prefix);
        self.text.push_str(line);
        self.lines += 1;
        Some(())
    }
}

/// The name of the first `ANCHOR: name` in a line. mdBook looks for the start and the
/// end of an anchor each on its own, and so must this, or a line holding both would be
/// read differently.
fn anchor_start(line: &str) -> Option<&str> {
    if !line.contains("ANCHOR") {
        return None;
    }
    let caps = crate::regex!(r"ANCHOR:\s*([\w_-]+)").captures(line)?;
    Some(caps.get(1)?.as_str())
}

/// The name of the first `ANCHOR_END: name` in a line.
fn anchor_end(line: &str) -> Option<&str> {
    if !line.contains("ANCHOR_END") {
        return None;
    }
    let caps = crate::regex!(r"ANCHOR_END:\s*([\w_-]+)").captures(line)?;
    Some(caps.get(1)?.as_str())
}

/// The includes of a report's file (at `path`, shown as `shown`), expanded as the build
/// checks them: `None` when the text holds no link, and an error when it names a file
/// it may not include. The build refuses such a report whatever `on-incomplete` says, so
/// that nothing it may not include is published; `check` and `index` refuse it the same
/// way.
pub fn checked(
    shown: &str,
    text: &str,
    path: &Path,
    confine: &Confinement,
) -> crate::Result<Option<Expanded>> {
    let Some(dir) = path.parent().filter(|_| text.contains("{{")) else {
        return Ok(None);
    };
    let expanded = expand(text, dir, confine);
    if expanded.problems.is_empty() {
        Ok(Some(expanded))
    } else {
        let source = crate::source::SourceFile::new(shown, text);
        Err(refusal(&source, &expanded.problems))
    }
}

/// The error for a report whose includes could not all be made.
fn refusal(source: &crate::source::SourceFile, problems: &[Problem]) -> crate::Error {
    let (line, _) = problems
        .first()
        .map_or((1, 1), |p| source.line_col(p.span.start));
    let listed: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    crate::Error::new(format!(
        "{} cannot be made: {}",
        crate::render::diagnostics::plural(problems.len(), "an include", "includes"),
        listed.join("; ")
    ))
    .in_file(source.path.clone())
    .at_line(Some(line))
    .help(format!(
        "include only files of this book that git tracks, on no hidden path, and at most {} MiB of them; fix the path, or add the file (to show a directive as text, write `\\{{{{#include …}}}}`)",
        MAX_INCLUDED >> 20
    ))
}

/// Points findings in expanded text at the report as written: in included text, at the
/// include, with the file named.
pub fn point_at_written(
    diagnostics: &mut [crate::lint::Diagnostic],
    expanded: &Expanded,
    expanded_source: &crate::source::SourceFile,
    written: &crate::source::SourceFile,
) {
    for diagnostic in diagnostics {
        // The lines of the findings shown as this one are counted again, as written.
        let note = crate::lint::merged_lines_note(diagnostic, expanded_source);
        if let Some(base) = diagnostic.message.strip_suffix(note.as_str()) {
            diagnostic.message.truncate(base.len());
        }
        for span in &mut diagnostic.merged {
            *span = expanded.written_span(span.clone()).span;
        }
        let at = expanded.written_span(diagnostic.span.clone());
        diagnostic.span = at.span;
        let note = crate::lint::merged_lines_note(diagnostic, written);
        diagnostic.message.push_str(&note);
        if let Some(file) = at.included_from {
            diagnostic
                .message
                .push_str(&format!(" (in the text included from `{file}`)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src/parts")).unwrap();
        std::fs::write(
            dir.path().join("src/parts/timeline.md"),
            "- 14:02 UTC — paged\n- 14:05 UTC — rolled back\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("src/parts/anchored.md"),
            "intro\nANCHOR: people\n* Ann: IC\nANCHOR_END: people\nafter\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("src/parts/outer.md"),
            "before {{#include timeline.md:1}} after",
        )
        .unwrap();
        dir
    }

    #[test]
    fn includes_expand_as_in_mdbook_and_map_back() {
        let dir = book();
        let src = dir.path().join("src");
        let text = "# T\n\n{{#include parts/timeline.md}}\n\nend \\{{#include x.md}}\n";
        let expanded = expand(text, &src, &Confinement::under(dir.path()));
        assert_eq!(
            expanded.text,
            "# T\n\n- 14:02 UTC — paged\n- 14:05 UTC — rolled back\n\nend {{#include x.md}}\n"
        );
        assert!(expanded.changed());
        assert!(expanded.problems.is_empty(), "{:?}", expanded.problems);
        // Written text maps to itself, shifted past the include and the backslash.
        let end = expanded.text.find("end").unwrap();
        assert_eq!(
            expanded.written_span(end..end + 3).span,
            text.find("end").unwrap()..text.find("end").unwrap() + 3
        );
        let escaped = expanded.text.find("{{#include x").unwrap();
        assert_eq!(
            expanded.written_span(escaped..escaped + 2).span.start,
            text.find("{{#include x").unwrap()
        );
        // Included text maps to the directive.
        let paged = expanded.text.find("paged").unwrap();
        let directive = text.find("{{#include parts").unwrap();
        assert_eq!(
            expanded.written_span(paged..paged + 5),
            WrittenSpan {
                span: directive..directive + "{{#include parts/timeline.md}}".len(),
                included_from: Some("parts/timeline.md".into()),
            }
        );
    }

    #[test]
    fn lines_anchors_and_nesting() {
        let dir = book();
        let src = dir.path().join("src");
        for (directive, included) in [
            (
                "{{#include parts/timeline.md:2}}",
                "- 14:05 UTC — rolled back",
            ),
            ("{{#include parts/timeline.md::1}}", "- 14:02 UTC — paged"),
            (
                "{{#include parts/timeline.md:2:}}",
                "- 14:05 UTC — rolled back",
            ),
            ("{{#include parts/anchored.md:people}}", "* Ann: IC"),
            (
                "{{#include parts/outer.md}}",
                "before - 14:02 UTC — paged after",
            ),
            ("{{#title Other}}", ""),
        ] {
            assert_eq!(
                expand(directive, &src, &Confinement::under(dir.path())).text,
                included,
                "{directive}"
            );
        }
    }

    #[test]
    fn only_visible_files_of_the_book_that_git_tracks_are_included() {
        let dir = book();
        let src = dir.path().join("src");
        std::fs::write(dir.path().join("book.toml"), "[book]\n").unwrap();
        std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
        std::fs::write(dir.path().join(".hidden/config"), "token = SECRET\n").unwrap();
        std::fs::write(src.join(".env"), "SECRET\n").unwrap();
        let report = src.join("report.md");
        std::fs::write(&report, "# Rollback Report\n").unwrap();
        let confine = Confinement::of(&report);
        let refused = |directive: &str, confine: &Confinement| {
            let expanded = expand(directive, &src, confine);
            assert_eq!(expanded.text, directive);
            assert!(!expanded.changed());
            assert_eq!(expanded.problems.len(), 1, "{directive}");
            expanded.problems[0].message.clone()
        };
        // Outside the book, missing, or hidden: refused, all in the same words.
        let outside = refused("{{#include /etc/hostname}}", &confine);
        let missing = refused("{{#include parts/missing.md}}", &confine);
        let hidden = refused("{{#include ../.hidden/config}}", &confine);
        refused("{{#include .env}}", &confine);
        let folder = refused("{{#include parts}}", &confine);
        assert!(
            folder.ends_with("is no file of this book that git tracks"),
            "{folder}"
        );
        for said in [&outside, &missing, &hidden] {
            assert!(
                said.ends_with("is no file of this book that git tracks"),
                "{said}"
            );
        }
        assert!(!hidden.contains("SECRET"));
        // Visible and in the book, and no git repository: included.
        assert!(expand("{{#include parts/timeline.md}}", &src, &confine).changed());
        // In a work tree whose files git cannot list (here a broken `.git`), nothing is,
        // and git's own words say why.
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        let confine = Confinement::of(&report);
        let said = refused("{{#include parts/timeline.md}}", &confine);
        assert!(
            said.contains("not included: git cannot list the files of this book (")
                && said.contains("not a git repository"),
            "{said}"
        );
    }

    #[test]
    fn in_a_git_work_tree_untracked_files_are_not_included() {
        let dir = book();
        let src = dir.path().join("src");
        std::fs::write(dir.path().join("book.toml"), "[book]\n").unwrap();
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "{args:?}");
        };
        git(&["init", "-q"]);
        git(&["add", "src/parts/timeline.md"]);
        std::fs::write(dir.path().join("gha-creds-1.json"), "SECRET").unwrap();
        let report = src.join("report.md");
        std::fs::write(&report, "# Rollback Report\n").unwrap();
        let confine = Confinement::of(&report);
        assert!(expand("{{#include parts/timeline.md}}", &src, &confine).changed());
        for untracked in [
            "{{#include parts/anchored.md}}",
            "{{#include ../gha-creds-1.json}}",
        ] {
            let expanded = expand(untracked, &src, &confine);
            assert!(!expanded.changed(), "{untracked}");
            assert!(!expanded.text.contains("SECRET"));
        }
    }

    #[test]
    fn files_that_include_each_other_stop_growing() {
        let dir = book();
        let src = dir.path().join("src");
        let confine = Confinement::under(dir.path());
        // Ten includes of its own first line, then 10 MB: each level would read it all.
        let tenfold = "{{#include loop.md:1}}".repeat(10);
        std::fs::write(
            src.join("loop.md"),
            format!("{tenfold}\n{}", "x".repeat(10 << 20)),
        )
        .unwrap();
        let started = std::time::Instant::now();
        let expanded = expand("{{#include loop.md:1}}", &src, &confine);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        assert!(
            expanded
                .problems
                .iter()
                .any(|p| p.message.contains("do files include each other?")),
            "{:?}",
            expanded.problems.first()
        );
        // A whole file that includes itself ten times over stops at the limit.
        let big = format!("{}\n{}", "y".repeat(1000), "{{#include big.md}}".repeat(10));
        std::fs::write(src.join("big.md"), big).unwrap();
        let expanded = expand("{{#include big.md}}", &src, &confine);
        assert!(
            expanded.text.len() <= MAX_INCLUDED,
            "{}",
            expanded.text.len()
        );
        // Blank lines shown behind `# ` grow past the limit: refused as they are taken.
        std::fs::write(src.join("blank.md"), "\n".repeat(10 << 20)).unwrap();
        let expanded = expand("{{#rustdoc_include blank.md:1}}", &src, &confine);
        assert!(
            expanded.problems[0].message.contains("pass 16 MiB"),
            "{:?}",
            expanded.problems
        );
        // One file past the limit is refused whole.
        std::fs::write(src.join("huge.md"), "z".repeat(MAX_INCLUDED + 1)).unwrap();
        let expanded = expand("{{#include huge.md}}", &src, &confine);
        assert!(expanded.text.len() < 100, "{}", expanded.text.len());
        assert!(
            expanded.problems[0].message.contains("pass 16 MiB"),
            "{:?}",
            expanded.problems
        );
    }

    #[test]
    fn an_anchor_in_a_large_file_included_over_and_over_stops_at_the_read_limit() {
        let dir = book();
        let src = dir.path().join("src");
        let confine = Confinement::under(dir.path());
        let nested = "{{#include loop.md:a}}".repeat(10);
        std::fs::write(
            src.join("loop.md"),
            format!(
                "{}ANCHOR: a\n{nested}\nANCHOR_END: a\n",
                "x\n".repeat(100_000)
            ),
        )
        .unwrap();
        let expanded = expand("{{#include loop.md:a}}", &src, &confine);
        let said: Vec<&str> = expanded
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert!(
            said.iter().any(|m| m.contains("read over 64 MiB of files")),
            "{said:?}"
        );
    }

    #[test]
    fn a_finding_at_the_end_or_across_an_include_maps_to_the_text_as_written() {
        let dir = book();
        let src = dir.path().join("src");
        let text = "# T\n\n{{#include parts/timeline.md}}";
        let expanded = expand(text, &src, &Confinement::under(dir.path()));
        let end = expanded.text.len();
        assert_eq!(
            expanded.written_span(end..end),
            WrittenSpan {
                span: text.len()..text.len(),
                included_from: None
            },
            "the end of the report is no included text"
        );
        // From the title into the included text: up to the end of the include.
        assert_eq!(expanded.written_span(0..end).span, 0..text.len());
    }

    #[test]
    fn links_deeper_than_mdbook_goes_are_dropped() {
        let dir = book();
        let src = dir.path().join("src");
        std::fs::write(src.join("self.md"), "a{{#include self.md}}").unwrap();
        let expanded = expand(
            "{{#include self.md}}",
            &src,
            &Confinement::under(dir.path()),
        );
        assert_eq!(expanded.text, "a".repeat(MAX_DEPTH));
    }

    #[test]
    fn line_specs_parse_as_in_mdbook() {
        assert_eq!(Lines::parse(""), Lines::Range(0, None));
        assert_eq!(Lines::parse("3"), Lines::Range(2, Some(3)));
        assert_eq!(Lines::parse("3:"), Lines::Range(2, None));
        assert_eq!(Lines::parse(":4"), Lines::Range(0, Some(4)));
        assert_eq!(Lines::parse("2:4"), Lines::Range(1, Some(4)));
        assert_eq!(Lines::parse("name"), Lines::Anchor("name".into()));
    }
}
