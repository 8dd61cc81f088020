//! What mdBook's HTML renderer publishes as it is: every file of `src` that is not
//! Markdown, hidden ones too, and the theme's files (a favicon, `head.hbs`), through
//! symlinks. A pull request can add a symlink there, so one that leads to a file the book
//! may not publish (`/etc/passwd`, `.git/config` with a CI token in it, a credentials
//! file a CI step left in the checkout) stops the build, as an include of that file
//! would.

use crate::config;
use crate::error::{Error, Result};
use crate::includes::Confinement;
use crate::paths::display;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Refuses the first symlink under the book's `src` or theme folder that leads out of it
/// to a file that `confine` does not allow (a folder is followed, as mdBook follows it).
/// Git is asked which files it tracks only when such a symlink is found.
pub fn refuse_unpublishable_symlinks(book: &config::Book, confine: &Confinement) -> Result<()> {
    for (folder, is_src) in [(&book.src, true), (&book.theme, false)] {
        let Ok(real) = folder.canonicalize() else {
            continue;
        };
        let mut walk = Walk {
            folder: &real,
            is_src,
            confine,
            seen: HashSet::new(),
        };
        walk.visit(folder, &real, None)?;
    }
    Ok(())
}

struct Walk<'a> {
    /// The real folder walked.
    folder: &'a Path,
    /// Whether it is `src`, whose Markdown files are chapters, not files to copy.
    is_src: bool,
    confine: &'a Confinement,
    /// The real folders entered, so that a symlink loop ends.
    seen: HashSet<PathBuf>,
}

impl Walk<'_> {
    /// Walks `dir`, which really is `real`. `through` is the symlink under the folder that
    /// led out of it, once one has.
    fn visit(&mut self, dir: &Path, real: &Path, through: Option<&Path>) -> Result<()> {
        if !self.seen.insert(real.to_path_buf()) {
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
            let outside = !target.starts_with(self.folder);
            let led_out = through.or((kind.is_symlink() && outside).then_some(path.as_path()));
            if is_dir {
                if outside || !kind.is_symlink() {
                    self.visit(&path, &target, led_out)?;
                }
                continue;
            }
            // mdBook skips Markdown files in `src` (by the exact extension `md`): they
            // are chapters, which are checked as chapters.
            let markdown = path.extension().is_some_and(|e| e == "md") && self.is_src;
            if let Some(link) = led_out.filter(|_| outside && !markdown)
                && target.is_file()
                && !self.confine.allows(&target)
            {
                return Err(refusal(link, &path, &target));
            }
        }
        Ok(())
    }
}

/// The error for `file`, reached through the symlink `link`, really at `target`.
fn refusal(link: &Path, file: &Path, target: &Path) -> Error {
    let what = match link == file {
        true => format!("a symlink to {}", display(target)),
        false => format!("a symlink to a folder that holds {}", display(target)),
    };
    Error::new(format!(
        "{what}, which mdBook would publish as it is; a book may publish only its own files that git tracks, on no hidden path"
    ))
    .in_file(display(link))
    .help("put a copy of the file in src, or delete the symlink")
}
