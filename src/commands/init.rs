//! `mdbook-rollback init [DIR]`: writes a ready handbook from the embedded `book-template/`.

use super::Outcome;
use crate::error::{Error, Result};
use crate::paths::display;
use std::path::Path;

/// The starter handbook: (path, contents), embedded in the binary.
pub const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("../../book-template/book.toml")),
    (".gitignore", include_str!("../../book-template/.gitignore")),
    (
        "src/SUMMARY.md",
        include_str!("../../book-template/src/SUMMARY.md"),
    ),
    (
        "src/introduction.md",
        include_str!("../../book-template/src/introduction.md"),
    ),
    (
        "src/incidents/index.md",
        include_str!("../../book-template/src/incidents/index.md"),
    ),
    (
        "src/incidents/2024-03-14-payments-api-2-5-0.md",
        include_str!("../../book-template/src/incidents/2024-03-14-payments-api-2-5-0.md"),
    ),
    (
        "templates/rollback-report.md",
        include_str!("../../book-template/templates/rollback-report.md"),
    ),
    (
        ".github/workflows/incident-handbook.yml",
        include_str!("../../book-template/.github/workflows/incident-handbook.yml"),
    ),
];

/// Writes the starter handbook into `dir`. Existing files are refused unless `force`.
pub fn run(dir: &Path, force: bool) -> Result<Outcome> {
    if dir.exists() && !dir.is_dir() {
        return Err(
            Error::new(format!("{} is a file, not a directory", display(dir))).help(
                "name a new directory for the handbook, e.g. `mdbook-rollback init handbook`",
            ),
        );
    }
    // A folder on the way to a starter file that is a symlink would take the file
    // elsewhere, `--force` or not.
    for (path, _) in FILES {
        let mut folder = dir.to_path_buf();
        for part in Path::new(path)
            .parent()
            .into_iter()
            .flat_map(Path::components)
        {
            folder.push(part);
            if folder.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
                return Err(Error::new(format!(
                    "{} is a symlink, and init writes only inside {}",
                    display(&folder),
                    display(dir)
                ))
                .help("choose a new directory for the handbook"));
            }
        }
    }
    // A symlink counts as a file there, even one that leads nowhere: writing through it
    // would write outside the handbook.
    let is_there = |path: &Path| path.symlink_metadata().is_ok();
    // A `.gitignore` of the user's own gains the starter's lines instead, `--force` or not:
    // losing its lines could get secrets committed.
    let gitignore = dir.join(".gitignore");
    let own_gitignore = gitignore.symlink_metadata().is_ok_and(|m| m.is_file());
    if !force {
        let existing: Vec<String> = FILES
            .iter()
            .filter(|(path, _)| is_there(&dir.join(path)))
            .filter(|(path, _)| !(*path == ".gitignore" && own_gitignore))
            .map(|(path, _)| display(&dir.join(path)))
            .collect();
        if !existing.is_empty() {
            let help = if is_there(&dir.join("book.toml")) {
                format!(
                    "{} is a book already: `mdbook-rollback install {}` adds the preprocessor to it and keeps its files; `--force` would overwrite them",
                    display(dir),
                    crate::paths::shell_word(&display(dir))
                )
            } else {
                "choose an empty directory, or pass `--force` to overwrite them".to_string()
            };
            return Err(Error::new(format!(
                "refusing to overwrite existing files: {}",
                existing.join(", ")
            ))
            .help(help));
        }
    }
    let subfolder = subfolder_of_repository(dir);
    // Read before anything is written, so that a `.gitignore` that cannot be read leaves
    // no handbook half made.
    let merged_gitignore = if own_gitignore {
        let starter = FILES
            .iter()
            .find(|(path, _)| *path == ".gitignore")
            .map_or("", |(_, text)| text);
        Some(merge_gitignore(&gitignore, starter)?)
    } else {
        None
    };
    for (path, contents) in FILES {
        let target = dir.join(path);
        let contents = match (*path, &subfolder, &merged_gitignore) {
            (".gitignore", _, Some(merged)) => merged.clone(),
            (".github/workflows/incident-handbook.yml", folder, _) => {
                let workflow = match folder {
                    Some(folder) => workflow_in_subfolder(contents, folder),
                    None => contents.to_string(),
                };
                publishing_from(&workflow, current_branch(dir).as_deref())
            }
            _ => contents.to_string(),
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(display(parent), "create this directory", &e))?;
        }
        // With `--force`, a symlink is replaced by the file, not written through.
        if target.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
            std::fs::remove_file(&target)
                .map_err(|e| Error::io(display(&target), "replace this symlink", &e))?;
        }
        std::fs::write(&target, contents)
            .map_err(|e| Error::io(display(&target), "write this file", &e))?;
    }
    let shown = display(dir);
    // No `cd .` for a handbook made here.
    let cd = match dir.components().all(|c| c == std::path::Component::CurDir) {
        true => String::new(),
        false => format!("  cd {}\n", crate::paths::shell_word(&shown)),
    };
    let mut stdout = format!(
        "Created an incident handbook in {shown}\n\nNext steps:\n{cd}  mdbook-rollback new \"What was rolled back\" --service NAME --from 2.5.0 --to 2.4.0\n  mdbook-rollback check\n  mdbook-rollback build\n"
    );
    if let Some(folder) = &subfolder {
        stdout.push_str(&format!(
            "\nGitHub runs workflows only from the repository's root: move {} to .github/workflows/ there (it already runs in {folder}).\n",
            display(&dir.join(".github/workflows/incident-handbook.yml"))
        ));
    }
    Ok(Outcome {
        stdout,
        ..Outcome::default()
    })
}

/// The `.gitignore` at `path` with the starter's lines that it lacks, keeping all of its
/// own.
fn merge_gitignore(path: &Path, starter: &str) -> Result<String> {
    let mut text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(display(path), "read this file", &e))?;
    let missing: Vec<&str> = starter
        .lines()
        .filter(|line| !text.lines().any(|own| own.trim() == line.trim()))
        .collect();
    if !missing.is_empty() && !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    Ok(text)
}

/// Where `dir` is in the git repository that holds it, when that is not its root
/// (`docs/handbook`).
fn subfolder_of_repository(dir: &Path) -> Option<String> {
    let absolute = std::path::absolute(dir).ok()?;
    // `init` may be about to create `dir`.
    let existing = absolute.ancestors().find(|a| a.exists())?;
    let rest = absolute.strip_prefix(existing).ok()?;
    let real = existing.canonicalize().ok()?;
    let root = crate::git::work_tree_of(&real)?;
    let mut folder = real.strip_prefix(root).ok()?.to_path_buf();
    if !rest.as_os_str().is_empty() {
        folder.push(rest);
    }
    let folder = display(&folder);
    (!folder.is_empty()).then_some(folder)
}

/// The starter workflow for a handbook in `folder` of its repository: its commands run
/// there, and the files they write are uploaded from there.
fn workflow_in_subfolder(workflow: &str, folder: &str) -> String {
    // A YAML string in single quotes, where a quote is doubled.
    let quoted = |path: &str| format!("'{}'", path.replace('\'', "''"));
    // As embedded, whatever line ends the checkout gave the starter.
    workflow
        .replace("\r\n", "\n")
        .replacen(
            "\njobs:\n",
            &format!(
                "\ndefaults:\n  run:\n    working-directory: {}\n\njobs:\n",
                quoted(folder)
            ),
            1,
        )
        .replace(
            "path: book\n",
            &format!("path: {}\n", quoted(&format!("{folder}/book"))),
        )
        .replace(
            "sarif_file: rollback.sarif\n",
            &format!(
                "sarif_file: {}\n",
                quoted(&format!("{folder}/rollback.sarif"))
            ),
        )
}

/// The branch the repository that holds `dir` publishes from: the remote's default
/// (`origin/HEAD`), else the branch checked out when it is `main` or `master` (a feature
/// branch is no branch to publish from), else none known.
fn current_branch(dir: &Path) -> Option<String> {
    let root = crate::git::work_tree_of(dir.ancestors().find(|a| a.exists())?)?;
    let read = |path: &str, prefix: &str| {
        let text = std::fs::read_to_string(root.join(".git").join(path)).ok()?;
        let branch = text.trim().strip_prefix(prefix)?.to_string();
        let plain = branch
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'));
        (plain && !branch.is_empty()).then_some(branch)
    };
    read("refs/remotes/origin/HEAD", "ref: refs/remotes/origin/")
        .or_else(|| read("HEAD", "ref: refs/heads/").filter(|b| b == "main" || b == "master"))
}

/// The starter workflow publishing from `branch` (the starter's is `main`).
fn publishing_from(workflow: &str, branch: Option<&str>) -> String {
    match branch {
        Some(branch) if branch != "main" => {
            workflow.replacen("branches: [main]", &format!("branches: ['{branch}']"), 1)
        }
        _ => workflow.to_string(),
    }
}
