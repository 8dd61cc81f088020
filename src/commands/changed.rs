//! `check --changed-since REF`: the files a branch added or modified since it left REF.

use crate::diff::SHALLOW_FIX;
use crate::error::{Error, Result};
use crate::git::{CliGit, Git, GitError};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The files added, copied, modified or renamed since the merge base of `reference` and
/// `HEAD`, plus uncommitted and untracked ones, as canonical paths. Three git processes;
/// the ref goes after `--end-of-options`.
pub fn files_changed_since(cwd: &Path, reference: &str) -> Result<HashSet<PathBuf>> {
    changed_with(&CliGit::new(cwd), reference)
}

/// As [`files_changed_since`], with any git backend.
pub fn changed_with(git: &dyn Git, reference: &str) -> Result<HashSet<PathBuf>> {
    let top = git
        .run(&["rev-parse", "--show-toplevel"], None)
        .map_err(|e| git_error(e, reference))?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let diff = git
        .run(
            &[
                "diff",
                "--name-only",
                "-z",
                "--no-renames",
                "--diff-filter=ACMRT",
                "--merge-base",
                "--end-of-options",
                reference,
                "--",
            ],
            None,
        )
        .map_err(|e| git_error(e, reference))?;
    let untracked = git
        .run(
            &[
                "ls-files",
                "--others",
                "--exclude-standard",
                "-z",
                "--full-name",
                "--",
                ":/",
            ],
            None,
        )
        .map_err(|e| git_error(e, reference))?;
    let mut files = HashSet::new();
    for name in diff.split(|&b| b == 0).chain(untracked.split(|&b| b == 0)) {
        if name.is_empty() {
            continue;
        }
        let path = top.join(String::from_utf8_lossy(name).as_ref());
        if let Ok(canonical) = path.canonicalize() {
            files.insert(canonical);
        }
    }
    Ok(files)
}

fn git_error(err: GitError, reference: &str) -> Error {
    match err {
        GitError::NotInstalled => {
            Error::new("`--changed-since` needs git, and git is not installed")
                .help("install git, or check every report without `--changed-since`")
        }
        GitError::Failed { stderr } => {
            let lower = stderr.to_lowercase();
            if let Some(fix) = crate::git::ownership_fix(&stderr) {
                Error::new(format!(
                    "`--changed-since {reference}` cannot read this repository: {stderr}"
                ))
                .help(fix)
            } else if lower.contains("not a git repository") {
                Error::new(format!(
                    "`--changed-since {reference}` needs a git repository: {stderr}"
                ))
                .help("run inside the handbook's git checkout")
            } else if lower.contains("does not work with ranges") {
                Error::new(format!(
                    "`--changed-since {reference}` is a range; it takes one ref, the branch this one left"
                ))
                .help("pass the base branch alone, e.g. `--changed-since origin/main`")
            } else if lower.contains("multiple merge bases") {
                Error::new(format!(
                    "this branch and `{reference}` have more than one merge base, so where it left `{reference}` is not one commit"
                ))
                .help(format!(
                    "pass one of them: `git merge-base --all {reference} HEAD` lists them"
                ))
            } else if lower.contains("merge base") || lower.contains("merge-base") {
                Error::new(format!(
                    "cannot find where this branch left `{reference}`: the clone is probably shallow ({stderr})"
                ))
                .help(SHALLOW_FIX)
            } else {
                Error::new(format!("git ref `{reference}` cannot be read here: {stderr}")).help(format!(
                    "check the ref's name, and fetch it first (e.g. `git fetch origin main`); in GitHub Actions, {SHALLOW_FIX}"
                ))
            }
        }
    }
}
