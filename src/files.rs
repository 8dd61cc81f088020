//! Finding and reading Markdown files on disk, for `check`, `index` and discovery: each
//! real directory is entered once (so symlink loops end) and each file is listed once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A Markdown file found under a directory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Its path as walked (under the directory).
    pub path: PathBuf,
    /// Where it really is.
    pub canonical: PathBuf,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The Markdown files, sorted by path.
    pub files: Vec<Found>,
    /// Entries refused because they resolve outside the confining directory:
    /// (path as walked, where it points).
    pub outside: Vec<(PathBuf, PathBuf)>,
    /// Whether an entry was resolved (a symlink, or an entry whose type could not be
    /// read): only then can one file be found twice.
    resolved_entries: bool,
}

/// Every `.md` and `.markdown` file under `dir`, skipping hidden directories,
/// `node_modules` and `target`. With `confine_to`, entries (symlinks) that resolve
/// outside that directory are refused and listed in [`Walk::outside`].
pub fn markdown_files(dir: &Path, confine_to: Option<&Path>) -> Walk {
    let mut walk = Walk::default();
    let confine = confine_to.and_then(|c| c.canonicalize().ok());
    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    visit(
        dir,
        &real,
        confine.as_deref(),
        &mut walk,
        &mut HashSet::new(),
        &mut Vec::new(),
    );
    // The walk visits each directory's entries in order, so its files come sorted.
    if walk.resolved_entries {
        walk.files.sort();
        let mut unique = HashSet::new();
        walk.files.retain(|f| unique.insert(f.canonical.clone()));
    }
    walk
}

/// Every Markdown file in a book's `src`, sorted, each once. Symlinks that lead out of
/// `src` are skipped, as discovery skips them; each gets a warning.
pub fn book_files(src: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let walk = markdown_files(src, Some(src));
    let warnings = walk
        .outside
        .iter()
        .map(|(path, target)| symlink_out_of_src(path, target))
        .collect();
    (walk.files.into_iter().map(|f| f.path).collect(), warnings)
}

/// Reads a file as UTF-8, or says which byte is wrong. Only a regular file is read: a
/// FIFO or a device would wait, or never end.
pub fn read_text(path: &Path) -> crate::error::Result<String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| crate::Error::io(crate::paths::display(path), "read this file", &e))?;
    if !meta.is_file() {
        return Err(
            crate::Error::new("this is no regular file, so it is not read")
                .in_file(crate::paths::display(path))
                .help("name a Markdown file, or remove this one from SUMMARY.md"),
        );
    }
    let bytes = std::fs::read(path)
        .map_err(|e| crate::Error::io(crate::paths::display(path), "read this file", &e))?;
    String::from_utf8(bytes).map_err(|e| {
        not_utf8(
            crate::paths::display(path),
            e.as_bytes(),
            e.utf8_error().valid_up_to(),
        )
    })
}

/// The error for a file whose `bytes` are UTF-8 only up to `valid`: UTF-16 (as Notepad
/// and PowerShell write) is named as such.
pub fn not_utf8(shown: String, bytes: &[u8], valid: usize) -> crate::Error {
    let help = "save the file as UTF-8 (in most editors: File → Save with Encoding → UTF-8)";
    if utf16_byte_order(bytes).is_some() {
        return crate::Error::new("this file is UTF-16, not UTF-8")
            .in_file(shown)
            .help(help);
    }
    let line = crate::source::line_of(bytes, valid);
    crate::Error::new(format!(
        "this file is not UTF-8 (invalid byte at offset {valid})"
    ))
    .in_file(shown)
    .at_line(Some(line))
    .help(help)
}

/// The text of a file that can be read but is not UTF-8, as [`lossy_text`] reads it.
pub fn decoded_lossily(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    if std::str::from_utf8(&bytes).is_ok() {
        return None;
    }
    Some(lossy_text(&bytes))
}

/// Text that is not UTF-8, decoded as well as it can be (UTF-16 by its byte-order mark,
/// anything else with its bad bytes replaced): enough to tell a report from other text.
pub fn lossy_text(bytes: &[u8]) -> String {
    let Some(little) = utf16_byte_order(bytes) else {
        return String::from_utf8_lossy(bytes).into_owned();
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or('\u{fffd}'))
        .collect()
}

/// Whether `bytes` begin with UTF-16's byte-order mark: little-endian or not.
fn utf16_byte_order(bytes: &[u8]) -> Option<bool> {
    match bytes.get(..2)? {
        [0xff, 0xfe] => Some(true),
        [0xfe, 0xff] => Some(false),
        _ => None,
    }
}

/// The path relative to the git work tree that holds it (found by its `.git`): what
/// GitHub's annotations and SARIF name a file by.
pub fn repo_relative(path: &Path) -> Option<String> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let named = parent
        .unwrap_or(Path::new("."))
        .canonicalize()
        .ok()?
        .join(path.file_name()?);
    let root = crate::git::work_tree_of(named.parent()?)?;
    // A symlinked report is named where it really is, when that is in the same
    // repository; a symlink that leads out of it (`/etc/passwd`), where it is.
    let real = path
        .canonicalize()
        .ok()
        .filter(|real| real.starts_with(&root));
    let absolute = real.unwrap_or(named);
    absolute.strip_prefix(&root).ok().map(crate::paths::display)
}

/// What is said of a symlink under a book's `src` that leads out of it: it is skipped.
pub fn symlink_out_of_src(path: &Path, target: &Path) -> String {
    outside(path, target, "the book's src")
}

/// What is said of a symlink under `folder` that leads out of it: it is skipped.
pub fn outside(path: &Path, target: &Path, folder: &str) -> String {
    format!(
        "{}: skipped, a symlink to {} outside {folder}",
        crate::paths::display(path),
        crate::paths::display(target)
    )
}

/// Walks `dir`, which really is `real`, past the build directories of the books it
/// holds (`built`): what mdBook wrote there is no one's report.
fn visit(
    dir: &Path,
    real: &Path,
    confine: Option<&Path>,
    walk: &mut Walk,
    seen: &mut HashSet<PathBuf>,
    built: &mut Vec<PathBuf>,
) {
    if !seen.insert(real.to_path_buf()) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    if let Some(build_dir) = build_dir(dir) {
        built.push(real.join(build_dir));
    }
    let inside = confine.is_none_or(|c| real.starts_with(c));
    let mut entries: Vec<_> = entries
        .flatten()
        .map(|e| (e.path(), e.file_name(), e.file_type().ok()))
        .collect();
    // All in one directory: by name is by path, and far cheaper to compare.
    entries.sort_by(|a, b| a.1.cmp(&b.1));
    for (path, name, file_type) in entries {
        let name_text = name.to_string_lossy();
        if name_text.starts_with('.') || name_text == "node_modules" || name_text == "target" {
            continue;
        }
        // An entry that is not a symlink really is in `real`; only symlinks are resolved.
        // Only directories and regular files count: reading a FIFO or a device would
        // wait for ever.
        let (canonical, is_dir, outside) = match file_type {
            Some(kind) if !kind.is_symlink() => {
                if !kind.is_dir() && !kind.is_file() {
                    continue;
                }
                (real.join(&name), kind.is_dir(), !inside)
            }
            _ => {
                let Ok(canonical) = path.canonicalize() else {
                    continue;
                };
                let Ok(meta) = canonical.metadata() else {
                    continue;
                };
                if !meta.is_dir() && !meta.is_file() {
                    continue;
                }
                walk.resolved_entries = true;
                let outside = confine.is_some_and(|c| !canonical.starts_with(c));
                (canonical, meta.is_dir(), outside)
            }
        };
        let markdown = || {
            path.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
        };
        if !is_dir && !markdown() {
            continue;
        }
        if outside {
            walk.outside.push((path, canonical));
            continue;
        }
        if is_dir && built.contains(&canonical) {
            continue;
        }
        if is_dir {
            visit(&path, &canonical, confine, walk, seen, built);
        } else {
            walk.files.push(Found { path, canonical });
        }
    }
}

/// Where the book in `dir` (if `dir` holds a `book.toml`) is built: `[build] build-dir`,
/// `book` by default.
fn build_dir(dir: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(dir.join("book.toml")).ok()?;
    let configured = toml::from_str::<toml::Table>(&text).ok().and_then(|t| {
        t.get("build")?
            .get("build-dir")?
            .as_str()
            .map(PathBuf::from)
    });
    Some(configured.unwrap_or_else(|| PathBuf::from("book")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifos_are_no_files_to_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "x").unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("fifo.md"))
            .status()
            .unwrap();
        assert!(made.success());
        std::os::unix::fs::symlink("fifo.md", dir.path().join("link.md")).unwrap();
        let walk = markdown_files(dir.path(), None);
        let names: Vec<_> = walk
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap())
            .collect();
        assert_eq!(names, ["a.md"]);
        // Named, or listed in SUMMARY.md, it is refused rather than read.
        for name in ["fifo.md", "link.md"] {
            let error = read_text(&dir.path().join(name)).unwrap_err();
            assert!(error.to_string().contains("no regular file"), "{error}");
        }
    }

    #[test]
    fn files_come_sorted_by_path_without_a_sort() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "b.md", "a/z.md", "a.md", "a-b.md", "a/b/c.md", "A.md", "a/a.md",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let walk = markdown_files(dir.path(), Some(dir.path()));
        assert!(!walk.resolved_entries);
        let paths: Vec<&Path> = walk.files.iter().map(|f| f.path.as_path()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        assert_eq!(paths.len(), 7);
    }

    #[test]
    fn books_found_on_the_way_are_walked_without_their_build_output() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "docs/handbook/src/r.md",
            "docs/handbook/book/markdown/r.md",
            "docs/other/src/r.md",
            "docs/other/out/site/r.md",
            "docs/other/book/kept.md",
            "notes/book/kept.md",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::write(dir.path().join("docs/handbook/book.toml"), "[book]\n").unwrap();
        std::fs::write(
            dir.path().join("docs/other/book.toml"),
            "[build]\nbuild-dir = \"out/site\"\n",
        )
        .unwrap();
        let walk = markdown_files(dir.path(), None);
        let files: Vec<&Path> = walk
            .files
            .iter()
            .map(|f| f.path.strip_prefix(dir.path()).unwrap())
            .collect();
        assert_eq!(
            files,
            [
                Path::new("docs/handbook/src/r.md"),
                Path::new("docs/other/book/kept.md"),
                Path::new("docs/other/src/r.md"),
                Path::new("notes/book/kept.md"),
            ]
        );
    }

    #[test]
    fn loops_end_duplicates_go_and_escapes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("a/.hidden")).unwrap();
        std::fs::write(src.join("a/r.md"), "x").unwrap();
        std::fs::write(src.join("a/.hidden/h.md"), "x").unwrap();
        std::fs::write(dir.path().join("outside.md"), "x").unwrap();
        std::os::unix::fs::symlink(&src, src.join("a/loop")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside.md"), src.join("out.md")).unwrap();
        let walk = markdown_files(&src, Some(&src));
        let files: Vec<&Path> = walk
            .files
            .iter()
            .map(|f| f.path.strip_prefix(&src).unwrap())
            .collect();
        assert_eq!(files, [Path::new("a/r.md")]);
        assert_eq!(walk.outside.len(), 1);
        assert!(walk.outside[0].0.ends_with("out.md"));
        assert_eq!(
            markdown_files(&src, None).files.len(),
            2,
            "unconfined, the outside file counts"
        );
    }
}
