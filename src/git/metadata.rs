//! When each report was first committed and last updated, and by whom: one `git log`
//! over the reports directory, like log4brains and Docusaurus show.

use super::{Git, GitError};
use jiff::Timestamp;
use std::collections::HashMap;
use std::path::PathBuf;

/// A file's history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileHistory {
    /// The first commit that touched it.
    pub created: Option<Timestamp>,
    /// The last commit that touched it.
    pub updated: Option<Timestamp>,
    /// Its authors, most recent first, without repeats.
    pub authors: Vec<String>,
}

/// The history of every file under `dir` (relative to the working directory), keyed by
/// its path relative to the working directory. One git process.
pub fn file_histories(git: &dyn Git, dir: &str) -> Result<HashMap<PathBuf, FileHistory>, GitError> {
    let out = git.run(
        &[
            "log",
            "--no-color",
            "--no-renames",
            "--relative",
            "--name-only",
            "--format=%x00%x01%an%x00%aI",
            "--",
            dir,
        ],
        None,
    )?;
    let text = String::from_utf8_lossy(&out);
    let mut files: HashMap<PathBuf, FileHistory> = HashMap::new();
    // Newest commit first.
    for record in text.split("\0\u{1}").skip(1) {
        let mut parts = record.splitn(2, '\0');
        let (Some(author), Some(rest)) = (parts.next(), parts.next()) else {
            continue;
        };
        let mut lines = rest.lines();
        let date: Option<Timestamp> = lines.next().and_then(|d| d.trim().parse().ok());
        for path in lines.map(str::trim).filter(|l| !l.is_empty()) {
            let entry = files.entry(PathBuf::from(unquote(path))).or_default();
            if entry.updated.is_none() {
                entry.updated = date;
            }
            entry.created = date.or(entry.created);
            if !entry.authors.iter().any(|a| a == author) {
                entry.authors.push(author.to_string());
            }
        }
    }
    Ok(files)
}

/// Undoes git's C-style quoting of unusual file names (`"a\\"b.md"`).
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&n @ b'0'..=b'7') = chars.peek() {
                        value = value * 8 + u32::from(n - b'0');
                        chars.next();
                    }
                }
                bytes.push(u8::try_from(value).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_names_are_unquoted() {
        assert_eq!(unquote("src/a.md"), "src/a.md");
        assert_eq!(unquote("\"src/a\\\"b\\tc.md\""), "src/a\"b\tc.md");
        assert_eq!(unquote("\"caf\\303\\251.md\""), "café.md");
    }
}
