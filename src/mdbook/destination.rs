//! Where mdBook writes the book: it empties each renderer's folder first, so a folder
//! that would take the book (or another project) with it is refused before anything is
//! deleted.

use crate::config;
use crate::error::{Error, Result};
use crate::paths::display;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The environment variable that sets `[build] build-dir`, as mdBook reads it.
const BUILD_DIR_VARIABLE: &str = "MDBOOK_BUILD__BUILD_DIR";

/// Where the build folder was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// `--dest-dir` on the command line, as it was typed.
    DestDir(&'a str),
    /// The book's settings: book.toml, the environment, or `mdbook build --dest-dir`.
    Settings,
}

/// mdBook empties the folder each renderer writes into (the build folder, or a folder of
/// it a renderer when there are several) before it writes the book. Refused: a folder
/// that holds the book or its `src`; one that holds a repository (`.git`); one in `src`
/// (unless `src` is the book's root), which mdBook would copy into itself if spelled
/// another way, and whose every build `mdbook serve` would take for a change; an HTML
/// folder that holds files but no book mdBook built (its `.nojekyll`); and another
/// renderer's folder that holds files git tracks. `config` is the book's settings as
/// mdBook has them.
pub fn refuse_to_empty(book: &config::Book, config: &Value, origin: Origin<'_>) -> Result<()> {
    let named = config
        .pointer("/build/build-dir")
        .and_then(Value::as_str)
        .unwrap_or("book");
    let build_dir = book.root.join(named);
    let renderers: Vec<&String> = config
        .get("output")
        .and_then(Value::as_object)
        .map(|outputs| outputs.keys().collect())
        .unwrap_or_default();
    // Each folder, and how it is shown: from the name it was given.
    let shown_name = match origin {
        Origin::DestDir(typed) => typed,
        Origin::Settings => named,
    };
    // Each folder, how it is shown, and whether HTML is written there.
    let destinations: Vec<(PathBuf, String, bool)> = match renderers.as_slice() {
        [_, _, ..] => renderers
            .iter()
            .map(|r| (build_dir.join(r), format!("{shown_name}/{r}"), *r == "html"))
            .collect(),
        [only] => vec![(build_dir, shown_name.to_string(), *only == "html")],
        [] => vec![(build_dir, shown_name.to_string(), true)],
    };
    let root = crate::paths::real(&book.root);
    let src = crate::paths::real(&book.src);
    for (destination, shown, html) in destinations {
        let out = crate::paths::real(&destination);
        let reason = if root.starts_with(&out) {
            "holds the book itself".to_string()
        } else if src.starts_with(&out) {
            "holds the book's src folder".to_string()
        } else if out.join(".git").exists() || out.components().any(|c| c.as_os_str() == ".git") {
            "holds a repository (`.git`), or is one".to_string()
        } else if out.starts_with(&src) && src != root {
            "is in the book's src folder, which mdBook copies from (and `mdbook serve` watches)"
                .to_string()
        } else if let Some(file) = holds_what_it_would_lose(&out, html, out.starts_with(&root)) {
            let error = Error::new(format!(
                "cannot build into `{}`: it holds files that are no book mdBook built, such as {}, and mdBook empties the folder it builds into",
                crate::output::printable(&shown),
                crate::output::printable(&display(file.strip_prefix(&root).unwrap_or(&file)))
            ));
            let mut error = at_its_origin(error, book, named, origin);
            let named_at = error.help.take().unwrap_or_default();
            return Err(error.help(format!(
                "move those files out of it (or, if a build that failed left them, delete the folder), or {named_at}"
            )));
        } else {
            continue;
        };
        let error = Error::new(format!(
            "cannot build into `{}`: it {reason}, and mdBook empties the folder it builds into",
            crate::output::printable(&shown)
        ));
        return Err(at_its_origin(error, book, named, origin));
    }
    Ok(())
}

/// Files a build folder may hold that no one would miss: placeholders, and the domain
/// name GitHub Pages reads (mdBook has always deleted them).
const PLACEHOLDERS: &[&str] = &[".gitkeep", ".keep", ".gitignore", "CNAME"];

/// A file in `out` that emptying it would lose. For HTML: any file but a placeholder,
/// unless the folder has mdBook 0.5's `.nojekyll` (with several renderers, in `html/`),
/// which marks a book it built (a build that failed before writing it leaves a folder to
/// delete by hand). Other renderers (markdown) leave no mark to tell their output by: a
/// file git tracks there, in whatever repository holds it; where git cannot say (in a
/// repository it will not read, or outside any, out of the book), any file.
fn holds_what_it_would_lose(out: &Path, html: bool, in_the_book: bool) -> Option<PathBuf> {
    if html && (out.join(".nojekyll").is_file() || out.join("html/.nojekyll").is_file()) {
        return None;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(out)
        .ok()?
        .flatten()
        .filter(|e| !PLACEHOLDERS.iter().any(|p| e.file_name() == *p))
        .map(|e| e.path())
        .collect();
    entries.sort();
    let first = entries.into_iter().next()?;
    if html {
        return Some(first);
    }
    match tracked_in(out) {
        Tracked::Some(file) => Some(file),
        Tracked::None => None,
        Tracked::Unknown { in_a_repository } => (in_a_repository || !in_the_book).then_some(first),
    }
}

/// What git says a folder holds.
enum Tracked {
    /// A file it tracks there.
    Some(PathBuf),
    /// Nothing it tracks.
    None,
    /// It cannot say: there is no repository, or it will not read the one there is.
    Unknown { in_a_repository: bool },
}

/// The first file in `out` that git tracks, in whatever repository holds it.
fn tracked_in(out: &Path) -> Tracked {
    use crate::git::Git;
    let in_a_repository = crate::git::work_tree_of(out).is_some();
    if !in_a_repository {
        return Tracked::Unknown { in_a_repository };
    }
    let Ok(listed) =
        crate::git::CliGit::new(out).run(&["ls-files", "-z", "--cached", "--", "."], None)
    else {
        return Tracked::Unknown { in_a_repository };
    };
    // Files still there (the index lists deleted ones too), placeholders aside.
    let first = listed
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| out.join(String::from_utf8_lossy(name).as_ref()))
        .find(|file| {
            file.is_file()
                && !file
                    .file_name()
                    .is_some_and(|n| PLACEHOLDERS.iter().any(|p| n == *p))
        });
    match first {
        Some(file) => Tracked::Some(file),
        None => Tracked::None,
    }
}

/// Says where the build folder was named, and how to name another.
fn at_its_origin(error: Error, book: &config::Book, named: &str, origin: Origin<'_>) -> Error {
    let book_toml = book.root.join("book.toml");
    let in_book_toml = || {
        let text = std::fs::read_to_string(&book_toml).ok()?;
        let table: toml::Table = toml::from_str(&text).ok()?;
        let written = table.get("build")?.get("build-dir")?.as_str()?;
        (written == named).then(|| config::key_line(&text, "build-dir"))?
    };
    match origin {
        Origin::DestDir(_) => error.help("pass `--dest-dir` another folder, of its own"),
        // mdBook reads the value as JSON when it is (`"src"`), else as it is.
        Origin::Settings
            if std::env::var(BUILD_DIR_VARIABLE).is_ok_and(|variable| {
                serde_json::from_str::<String>(&variable).unwrap_or(variable) == named
            }) =>
        {
            error.help(format!(
                "set {BUILD_DIR_VARIABLE}, which names it, to another folder, of its own"
            ))
        }
        Origin::Settings => match in_book_toml() {
            Some(line) => error
                .in_file(display(&book_toml))
                .at_line(Some(line))
                .help("set `build-dir` under [build] to another folder, of its own"),
            // Not book.toml's value: `mdbook build --dest-dir`.
            None => error.help(
                "build into a folder of its own, such as `book` (`--dest-dir`, or `build-dir` under [build] in book.toml)",
            ),
        },
    }
}
