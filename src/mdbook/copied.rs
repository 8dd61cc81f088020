//! What mdBook's HTML renderer publishes as it is: every file of `src` that is not
//! Markdown (hidden ones too), the 404 page, the theme's files (a favicon,
//! `head.hbs`) and `additional-css` and `additional-js`, through symlinks. A pull request
//! can add a symlink there, so one that leads to a file the book may not publish
//! (`/etc/passwd`, `.git/config` with a CI token in it, a credentials file a CI step left
//! in the checkout) stops the build, as an include of that file would; so does a
//! repository's `.git` in `src` (a book whose `src` is the repository's root).

use crate::config;
use crate::error::{Error, Result};
use crate::includes::Confinement;
use crate::paths::display;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Refuses the first file under the book's `src` or theme folder that a symlink leads to
/// and `confine` does not allow (a folder is followed, as mdBook follows it), a `.git`
/// in `src`, and a 404 page, `additional-css` or `additional-js` that names a file the
/// book may not publish. Git is asked which files it tracks only when such a file is
/// named.
pub fn refuse_unpublishable_symlinks(book: &config::Book, confine: &Confinement) -> Result<()> {
    let Ok(root) = book.root.canonicalize() else {
        return Ok(());
    };
    // mdBook reads these from where they are named, and writes them under the same
    // name in the build folder: a name with `..` or a root writes outside it.
    let page_404 = book.src.join(&book.page_404);
    for (key, named, file) in std::iter::once(("input-404", &book.page_404, &page_404)).chain(
        book.html_assets
            .iter()
            .map(|(key, named, file)| (*key, named, file)),
    ) {
        let shown = crate::output::printable(&display(named));
        let leaves = named.components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
        let target = file.canonicalize().ok().filter(|t| t.is_file());
        // The 404 page is the book's own unless a symlink (to it, or to a folder on its
        // way) leads elsewhere: an untracked new page is still the author's.
        let through_a_link = |target: &Path| {
            key != "input-404"
                || book
                    .src
                    .canonicalize()
                    .is_ok_and(|src| src.join(named) != target)
        };
        let problem = if leaves {
            format!(
                "`{key}` names `{shown}`, by `..` or from the root: mdBook would read it from there, and write it there, out of the build folder"
            )
        } else if let Some(target) = target
            .as_ref()
            .filter(|t| through_a_link(t) && !confine.allows(t))
        {
            // The 404 page is told where it is, whether book.toml names it or not.
            if key == "input-404" {
                return Err(Error::new(format!(
                    "the 404 page (`input-404`) leads by a symlink to {}, which mdBook would publish; a book may publish only its own files that git tracks, on no hidden path",
                    display(target)
                ))
                .in_file(display(file))
                .help("put a copy of the file in the book, or delete the symlink"));
            }
            format!(
                "`{key}` names `{shown}`, which the book may not publish: it is outside the book, on a hidden path, or not tracked by git"
            )
        } else {
            continue;
        };
        let error = Error::new(problem)
            .help("name a file of the book that git tracks, on no hidden path, without `..`");
        // Set by the environment (`MDBOOK_OUTPUT__HTML__ADDITIONAL_CSS`), it is said so.
        let variable = format!(
            "MDBOOK_OUTPUT__HTML__{}",
            key.to_uppercase().replace('-', "_")
        );
        return Err(match std::env::var_os(&variable) {
            Some(_) => error.in_file(variable),
            None => book.at_key(key, error),
        });
    }
    for (folder, is_src) in [(&book.src, true), (&book.theme, false)] {
        let Ok(real) = folder.canonicalize() else {
            continue;
        };
        // A folder out of the book (by a symlink, or as book.toml names it: a monorepo's
        // shared theme) is walked as led out of it: each file it publishes must be one
        // its repository tracks, on no hidden path.
        let outside = !real.starts_with(&root);
        let repository = outside.then(|| Confinement::for_repository_of(&real));
        let through = outside.then_some(folder.as_path());
        let mut walk = Walk {
            folder: &real,
            named: folder,
            is_src,
            page_404: &page_404,
            confine: repository.as_ref().unwrap_or(confine),
            seen: HashSet::new(),
        };
        walk.visit(folder, &real, through)?;
    }
    Ok(())
}

struct Walk<'a> {
    /// The real folder walked.
    folder: &'a Path,
    /// The folder as named, which the walk's paths start with.
    named: &'a Path,
    /// Whether it is `src`, all of which mdBook copies (the theme is read by name).
    is_src: bool,
    /// The 404 page, the one Markdown file of `src` published though no chapter (the
    /// others are chapters, checked as chapters, or not published at all).
    page_404: &'a Path,
    confine: &'a Confinement,
    /// The real folders entered, so that a symlink loop ends.
    seen: HashSet<PathBuf>,
}

impl Walk<'_> {
    /// Walks `dir`, which really is `real`. `through` is the symlink that led out of the
    /// folder, once one has.
    fn visit(&mut self, dir: &Path, real: &Path, through: Option<&Path>) -> Result<()> {
        // A theme is read by name, one folder deep (`css/`, `fonts/`), however those
        // folders lead (`css -> .`): it is walked by its names, each time.
        if self.is_src && !self.seen.insert(real.to_path_buf()) {
            return Ok(());
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            // A repository, not a submodule's `.git` file (which only names one).
            if self.is_src && entry.file_name() == ".git" && path.is_dir() {
                return Err(Error::new(
                    "a repository's `.git`, which mdBook would publish as it is (its config may hold a CI token)",
                )
                .in_file(display(&path))
                .help("set `src` under [book] to a folder of the repository, not its root"));
            }
            let (target, is_dir) = if kind.is_symlink() {
                // A broken link is mdBook's own error to report.
                let Ok(target) = path.canonicalize() else {
                    continue;
                };
                let is_dir = target.is_dir();
                (target, is_dir)
            } else {
                (real.join(entry.file_name()), kind.is_dir())
            };
            // What lies in the folder is the book's to publish; its folders are walked as
            // themselves.
            // A theme's hidden files are never published but through a symlink (`theme =
            // "."` with `favicon.png -> .git/config`): each of its symlinks is held to the
            // rule, wherever it leads.
            let outside = through.is_some()
                || !target.starts_with(self.folder)
                || (!self.is_src && kind.is_symlink());
            let led_out = through.or((kind.is_symlink() && outside).then_some(path.as_path()));
            // mdBook reads a theme's files by name (`THEME_FILES`), and all of `fonts`.
            let relative = path.strip_prefix(self.named).unwrap_or(&path);
            let read_by_mdbook = self.is_src
                || match is_dir {
                    true => relative == Path::new("css") || relative == Path::new("fonts"),
                    false => {
                        relative.starts_with("fonts")
                            || THEME_FILES.iter().any(|f| relative == Path::new(f))
                    }
                };
            if is_dir {
                if read_by_mdbook && (outside || !kind.is_symlink() || !self.is_src) {
                    self.visit(&path, &target, led_out)?;
                }
                continue;
            }
            let copied = read_by_mdbook
                && (path.extension().is_none_or(|e| e != "md") || path == self.page_404);
            if let Some(link) = led_out.filter(|_| outside && copied)
                && target.is_file()
                && !self.confine.allows(&target)
            {
                return Err(refusal(link, &path, &target));
            }
        }
        Ok(())
    }
}

/// The files of a theme that mdBook reads, besides `fonts/` (mdbook-html 0.5's
/// `Theme::new`).
const THEME_FILES: &[&str] = &[
    "index.hbs",
    "head.hbs",
    "redirect.hbs",
    "header.hbs",
    "toc.js.hbs",
    "toc.html.hbs",
    "book.js",
    "css/chrome.css",
    "css/general.css",
    "css/print.css",
    "css/variables.css",
    "highlight.js",
    "clipboard.min.js",
    "highlight.css",
    "tomorrow-night.css",
    "ayu-highlight.css",
    "favicon.png",
    "favicon.svg",
];

/// The error for `file`, reached through `link` (a symlink, or a folder book.toml names
/// outside the book), really at `target`.
fn refusal(link: &Path, file: &Path, target: &Path) -> Error {
    let is_link = link
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    let rule = "which mdBook would publish as it is; a book may publish only files that git tracks, on no hidden path";
    if !is_link {
        // In a folder book.toml names outside the book: the file is told where it is.
        let what = match file
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            true => format!("a symlink to {}", display(target)),
            false => "a file its repository does not track, or on a hidden path".to_string(),
        };
        return Error::new(format!(
            "{what}, in a folder book.toml names outside the book, {rule}"
        ))
        .in_file(display(file))
        .help("commit the file, or take it out of the folder (or delete the symlink)");
    }
    let what = match link == file {
        true => format!("a symlink to {}", display(target)),
        false => format!("a symlink to a folder that holds {}", display(target)),
    };
    Error::new(format!("{what}, {rule}"))
        .in_file(display(link))
        .help("put a copy of the file in the book, or delete the symlink")
}
