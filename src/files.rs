//! Finding Markdown files on disk, for `check`, `index` and discovery: each real
//! directory is entered once (so symlink loops end) and each file is listed once.

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
}

/// Every `.md` and `.markdown` file under `dir`, skipping hidden directories,
/// `node_modules` and `target`. With `confine_to`, entries (symlinks) that resolve
/// outside that directory are refused and listed in [`Walk::outside`].
pub fn markdown_files(dir: &Path, confine_to: Option<&Path>) -> Walk {
    let mut walk = Walk::default();
    let confine = confine_to.and_then(|c| c.canonicalize().ok());
    visit(dir, confine.as_deref(), &mut walk, &mut HashSet::new());
    walk.files.sort();
    let mut unique = HashSet::new();
    walk.files.retain(|f| unique.insert(f.canonical.clone()));
    walk
}

fn visit(dir: &Path, confine: Option<&Path>, walk: &mut Walk, seen: &mut HashSet<PathBuf>) {
    if !seen.insert(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "node_modules" || name == "target" {
            continue;
        }
        let Ok(canonical) = path.canonicalize() else {
            continue;
        };
        if confine.is_some_and(|c| !canonical.starts_with(c)) {
            walk.outside.push((path, canonical));
            continue;
        }
        if canonical.is_dir() {
            visit(&path, confine, walk, seen);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
        {
            walk.files.push(Found { path, canonical });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
