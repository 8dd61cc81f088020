//! `mdbook-rollback init [DIR]`: writes a ready handbook from the embedded `book-template/`.

use super::Outcome;
use crate::error::{Error, Result};
use crate::mdbook::display;
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
    if !force {
        let existing: Vec<String> = FILES
            .iter()
            .filter(|(path, _)| is_there(&dir.join(path)))
            .map(|(path, _)| display(&dir.join(path)))
            .collect();
        if !existing.is_empty() {
            return Err(Error::new(format!(
                "refusing to overwrite existing files: {}",
                existing.join(", ")
            ))
            .help("choose an empty directory, or pass `--force` to overwrite them"));
        }
    }
    for (path, contents) in FILES {
        let target = dir.join(path);
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
    Ok(Outcome {
        stdout: format!(
            "Created an incident handbook in {shown}\n\nNext steps:\n  cd {shown}\n  mdbook-rollback new \"What was rolled back\" --service NAME --from 2.5.0 --to 2.4.0\n  mdbook-rollback check\n  mdbook-rollback build\n"
        ),
        ..Outcome::default()
    })
}
