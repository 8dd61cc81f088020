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
/// its path relative to the working directory. One git process; `-z` keeps file names
/// unquoted, whatever they hold.
pub fn file_histories(git: &dyn Git, dir: &str) -> Result<HashMap<PathBuf, FileHistory>, GitError> {
    let out = git.run(
        &[
            "log",
            "--no-color",
            "--no-renames",
            "--relative",
            "--name-only",
            "-z",
            "--format=%x01%an%x00%aI%x00",
            "--",
            dir,
        ],
        None,
    )?;
    let text = String::from_utf8_lossy(&out);
    let mut files: HashMap<PathBuf, FileHistory> = HashMap::new();
    // Newest commit first: `\x01author\0date\0\npath\0path\0…`.
    for record in text.split('\u{1}').skip(1) {
        let mut fields = record.split('\0');
        let (Some(author), Some(date)) = (fields.next(), fields.next()) else {
            continue;
        };
        let date: Option<Timestamp> = date.trim().parse().ok();
        for path in fields
            .map(|p| p.trim_start_matches('\n'))
            .filter(|p| !p.is_empty())
        {
            let entry = files.entry(PathBuf::from(path)).or_default();
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
