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
///
/// A file renamed within `dir` (a slug fixed with `git mv`) keeps the history of its old
/// name, as log4brains and Docusaurus show it; not in a partial clone, which lacks the
/// contents that finding a rename compares.
///
/// In a shallow clone the oldest commit fetched seems to add every file it holds, so a
/// file that commit touched has no history here rather than a wrong one (its creation
/// and first authors are beyond the clone). Whether the clone is shallow is asked (one
/// more process) only when some commit has no parent.
pub fn file_histories(git: &dyn Git, dir: &str) -> Result<HashMap<PathBuf, FileHistory>, GitError> {
    let log = |renames: &str| {
        git.run(
            &[
                "log",
                "--no-color",
                renames,
                "--relative",
                "--name-status",
                "-z",
                "--format=%x01%an%x00%aI%x00%P%x00",
                "--",
                dir,
            ],
            None,
        )
    };
    // Finding renames that changed a file compares contents, which a partial clone
    // lacks: there, renames are not followed.
    let out = match log("-M") {
        Err(err) if err.lacks_contents() => log("--no-renames")?,
        found => found?,
    };
    let text = String::from_utf8_lossy(&out);
    let mut files: HashMap<PathBuf, FileHistory> = HashMap::new();
    // Old names of renamed files, and the name each has now.
    let mut renamed: HashMap<&str, PathBuf> = HashMap::new();
    // The files of commits without a parent: a root commit, or a shallow clone's edge.
    let mut parentless: Vec<PathBuf> = Vec::new();
    // Newest commit first: `\x01author\0date\0parents\0\0\nSTATUS\0path\0…`, with two
    // paths after a rename's or a copy's status (`R100\0old\0new\0`).
    for record in text.split('\u{1}').skip(1) {
        let mut fields = record.split('\0');
        let (Some(author), Some(date), Some(parents)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let date: Option<Timestamp> = date.trim().parse().ok();
        let mut fields = fields
            .map(|p| p.trim_start_matches('\n'))
            .filter(|p| !p.is_empty());
        while let Some(status) = fields.next() {
            let Some(mut path) = fields.next() else {
                break;
            };
            let mut old_name = None;
            if status.starts_with(['R', 'C']) {
                old_name = Some(path);
                let Some(new_name) = fields.next() else {
                    break;
                };
                path = new_name;
            }
            let name = renamed
                .get(path)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(path));
            if status.starts_with('R')
                && let Some(old_name) = old_name
            {
                renamed.insert(old_name, name.clone());
            }
            if parents.trim().is_empty() {
                parentless.push(name.clone());
            }
            let entry = files.entry(name).or_default();
            if entry.updated.is_none() {
                entry.updated = date;
            }
            entry.created = date.or(entry.created);
            // A name is set by whoever commits: it may hold a carriage return or an
            // escape, which no output should carry.
            let author = crate::output::on_one_line(author);
            if !entry.authors.contains(&author) {
                entry.authors.push(author);
            }
        }
    }
    if !parentless.is_empty() && super::history::is_shallow(git)? {
        for path in &parentless {
            files.remove(path);
        }
    }
    Ok(files)
}
