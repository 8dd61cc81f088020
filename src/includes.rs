//! `{{#include}}` as mdBook's `links` preprocessor expands it, for `check`: the build
//! lints a report after mdBook has included its files, so `check` includes them too, and
//! maps what it finds back to the file as written.
//!
//! Report text comes from pull requests: a file is included only if it is inside
//! `confine` (the repository, or the book), so that a report cannot make CI print a file
//! from elsewhere on the machine.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// How deep includes may nest, as in mdBook.
const MAX_DEPTH: usize = 10;

/// The most text a report's includes may bring in: files that include each other many
/// times over grow without bound, and check runs on pull requests.
const MAX_INCLUDED: usize = 16 << 20;

/// A report's text with its includes expanded.
#[derive(Debug, Clone)]
pub struct Expanded {
    /// The text, as mdBook's `links` preprocessor makes it.
    pub text: String,
    /// Where each piece of `text` comes from, in order.
    pieces: Vec<Piece>,
    /// Includes that were left as written, and why.
    pub problems: Vec<String>,
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

    /// Where `span` (of the expanded text) is in the report as written.
    pub fn written_span(&self, span: Range<usize>) -> WrittenSpan {
        let index = self
            .pieces
            .partition_point(|p| p.expanded.end <= span.start)
            .min(self.pieces.len().saturating_sub(1));
        let Some(piece) = self.pieces.get(index) else {
            return WrittenSpan {
                span,
                included_from: None,
            };
        };
        match &piece.origin {
            Origin::Written(at) => {
                let start = at + span.start.saturating_sub(piece.expanded.start);
                let end = at + span.end.min(piece.expanded.end) - piece.expanded.start;
                WrittenSpan {
                    span: start..end.max(start),
                    included_from: None,
                }
            }
            Origin::Included(directive, file) => WrittenSpan {
                span: directive.clone(),
                included_from: Some(file.clone()),
            },
        }
    }
}

/// Expands the includes of `text`, a file in `dir`. Files outside `confine` are not read.
pub fn expand(text: &str, dir: &Path, confine: &Path) -> Expanded {
    let mut expanded = Expanded {
        text: String::with_capacity(text.len()),
        pieces: Vec::new(),
        problems: Vec::new(),
        changed: false,
    };
    let mut written_from = 0;
    let mut budget = MAX_INCLUDED;
    for link in links(text) {
        let replacement = match &link.kind {
            Kind::Escaped => Some(text[link.span.start + 1..link.span.end].to_string()),
            Kind::Title => Some(String::new()),
            Kind::Include { .. } | Kind::RustdocInclude { .. } => {
                match read_link(&link.kind, dir, confine, 1, &mut budget) {
                    Ok(included) => Some(included),
                    Err(problem) => {
                        expanded
                            .problems
                            .push(format!("`{}`: {problem}", &text[link.span.clone()]));
                        None
                    }
                }
            }
        };
        let Some(replacement) = replacement else {
            continue; // left as written, like mdBook does on an error
        };
        expanded.changed = true;
        push_written(&mut expanded, text, written_from..link.span.start);
        let start = expanded.text.len();
        expanded.text.push_str(&replacement);
        if !replacement.is_empty() {
            let origin = match &link.kind {
                Kind::Include { path, .. } | Kind::RustdocInclude { path, .. } => {
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

/// The text a link includes, with its own links expanded (relative to its file).
fn read_link(
    kind: &Kind,
    dir: &Path,
    confine: &Path,
    depth: usize,
    budget: &mut usize,
) -> Result<String, String> {
    let (Kind::Include { path, lines } | Kind::RustdocInclude { path, lines }) = kind else {
        return Ok(String::new());
    };
    let target = dir.join(path);
    let real = target
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", target.display()))?;
    if !real.starts_with(confine) {
        return Err(format!(
            "not included: {} is outside {}",
            real.display(),
            confine.display()
        ));
    }
    let content = std::fs::read_to_string(&real)
        .map_err(|e| format!("cannot read {}: {e}", target.display()))?;
    let taken = match kind {
        Kind::RustdocInclude { .. } => lines.rustdoc(&content),
        _ => lines.take(&content),
    };
    *budget = budget.checked_sub(taken.len()).ok_or_else(|| {
        format!(
            "not included: the included text grows past {} MiB (do files include each other?)",
            MAX_INCLUDED >> 20
        )
    })?;
    if depth >= MAX_DEPTH {
        return Ok(taken);
    }
    let inner_dir = real
        .parent()
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
    let mut out = String::with_capacity(taken.len());
    let mut from = 0;
    for link in links(&taken) {
        let replacement = match &link.kind {
            Kind::Escaped => taken[link.span.start + 1..link.span.end].to_string(),
            Kind::Title => String::new(),
            other => match read_link(other, &inner_dir, confine, depth + 1, budget) {
                Ok(text) => text,
                Err(_) => continue,
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
}

/// The links of a text, found as mdBook finds them (`{{#playground}}` is left alone:
/// it makes a code block, which holds nothing a report is checked for).
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

    /// The lines taken, joined with `\n` (no final line break, as in mdBook).
    fn take(&self, content: &str) -> String {
        match self {
            Lines::Range(start, end) => content
                .lines()
                .skip(*start)
                .take(end.map_or(usize::MAX, |end| end.saturating_sub(*start)))
                .collect::<Vec<_>>()
                .join("\n"),
            Lines::Anchor(name) => {
                let mut kept = Vec::new();
                let mut inside = false;
                for line in content.lines() {
                    match anchor_of(line) {
                        Some((false, anchor)) if !inside && anchor == name => inside = true,
                        Some((true, anchor)) if inside && anchor == name => break,
                        Some(_) => {}
                        None if inside => kept.push(line),
                        None => {}
                    }
                }
                kept.join("\n")
            }
        }
    }

    /// Every line, those not taken behind `# ` (for `rustdoc_include`); anchor lines go.
    fn rustdoc(&self, content: &str) -> String {
        let mut kept = Vec::new();
        let mut inside = false;
        for (i, line) in content.lines().enumerate() {
            match self {
                Lines::Range(start, end) => {
                    if i >= *start && end.is_none_or(|end| i < end) {
                        kept.push(line.to_string());
                    } else {
                        kept.push(format!("# {line}"));
                    }
                }
                Lines::Anchor(name) => match anchor_of(line) {
                    Some((false, anchor)) if !inside && anchor == name => inside = true,
                    Some((true, anchor)) if inside && anchor == name => inside = false,
                    Some(_) => {}
                    None if inside => kept.push(line.to_string()),
                    None => kept.push(format!("# {line}")),
                },
            }
        }
        kept.join("\n")
    }
}

/// `ANCHOR: name` (`false`) or `ANCHOR_END: name` (`true`) in a line.
fn anchor_of(line: &str) -> Option<(bool, &str)> {
    let caps = crate::regex!(r"ANCHOR(_END)?:\s*([\w_-]+)").captures(line)?;
    Some((caps.get(1).is_some(), caps.get(2)?.as_str()))
}

/// The report at `path` as written, with its expansion, when `text` is that report after
/// mdBook's `links` preprocessor: the build gets chapters with their includes expanded,
/// and points its findings at the file as written.
pub fn as_written(path: &Path, text: &str) -> Option<(String, Expanded)> {
    let written = std::fs::read_to_string(path).ok()?;
    if !written.contains("{{") {
        return None;
    }
    let expanded = expand(&written, path.parent()?, &confinement(path));
    (expanded.changed() && expanded.text == text).then_some((written, expanded))
}

/// Points findings in expanded text at the report as written: in included text, at the
/// include, with the file named.
pub fn point_at_written(diagnostics: &mut [crate::lint::Diagnostic], expanded: &Expanded) {
    for diagnostic in diagnostics {
        let at = expanded.written_span(diagnostic.span.clone());
        diagnostic.span = at.span;
        if let Some(file) = at.included_from {
            diagnostic
                .message
                .push_str(&format!(" (in the text included from `{file}`)"));
        }
    }
}

/// The folder includes must stay in: the git work tree around `file`, else the book
/// around it, else its own folder.
pub fn confinement(file: &Path) -> PathBuf {
    let Ok(real) = file.canonicalize() else {
        return file.parent().map(Path::to_path_buf).unwrap_or_default();
    };
    let dir = real.parent().map(Path::to_path_buf).unwrap_or_default();
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .or_else(|| dir.ancestors().find(|d| d.join("book.toml").is_file()))
        .map_or(dir.clone(), Path::to_path_buf)
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
        let expanded = expand(text, &src, dir.path());
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
                expand(directive, &src, dir.path()).text,
                included,
                "{directive}"
            );
        }
    }

    #[test]
    fn files_outside_the_confinement_or_missing_stay_as_written() {
        let dir = book();
        let src = dir.path().join("src");
        for directive in [
            "{{#include /etc/passwd}}",
            "{{#include ../../../../../../../../etc/hostname}}",
            "{{#include parts/missing.md}}",
        ] {
            let expanded = expand(directive, &src, &src.join("parts"));
            assert_eq!(expanded.text, directive);
            assert!(!expanded.changed());
            assert_eq!(expanded.problems.len(), 1, "{directive}");
        }
        assert!(
            expand("{{#include parts/timeline.md}}", &src, &src.join("parts"))
                .problems
                .is_empty()
        );
    }

    #[test]
    fn files_that_include_each_other_stop_growing() {
        let dir = book();
        let src = dir.path().join("src");
        // Each level includes the next ten times: 10^10 copies, as mdBook would make.
        let tenfold = "{{#include loop.md}}".repeat(10);
        std::fs::write(
            src.join("loop.md"),
            format!("{}\n{tenfold}", "x".repeat(1000)),
        )
        .unwrap();
        let started = std::time::Instant::now();
        let expanded = expand("{{#include loop.md}}", &src, dir.path());
        assert!(
            expanded.text.len() <= MAX_INCLUDED + 100,
            "{}",
            expanded.text.len()
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
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
