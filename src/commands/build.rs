//! `mdbook-rollback build [BOOK]`: builds a book in-process with mdBook's own library,
//! our preprocessor included, so no separate `mdbook` install is needed.

use super::{Exit, Outcome};
use crate::config;
use crate::error::{Error, Result};
use crate::mdbook::{Failure, NAME, RollbackPreprocessor, destination, discovery};
use crate::paths::display;
use mdbook_driver::MDBook;
use std::path::Path;

/// Builds the book at `book` into `dest_dir` (or the book's `build-dir`).
pub fn run(book: &Path, dest_dir: Option<&Path>, color: bool) -> Result<Outcome> {
    super::must_be_a_book(book, "mdbook-rollback build {}")?;
    // mdBook panics on an absolute chapter path (after making the file), and publishes a
    // chapter from outside src: SUMMARY.md is checked first.
    let settings = config::Book::load(book)?;
    discovery::Published::of(&settings)?;
    // Ours is added as `rollback`: a table of another name that runs mdbook-rollback
    // would run it a second time.
    if let Some(name) = &settings.renamed_table {
        return Err(Error::new(format!(
            "book.toml runs mdbook-rollback as [preprocessor.{name}], and `build` adds it as [preprocessor.{NAME}]: it would run twice"
        ))
        .in_file(display(&book.join("book.toml")))
        .help(format!("rename the table to [preprocessor.{NAME}]")));
    }
    // What mdBook refuses in its own keys of book.toml (ours were read above) is told
    // at its line; a chapter it cannot read, as mdBook names it.
    // From its absolute path, as the mdbook binary loads it: mdBook leaves the build
    // folder out of the copy of `src` by comparing paths made from the book's root.
    let root = book
        .canonicalize()
        .or_else(|_| std::path::absolute(book))
        .unwrap_or_else(|_| book.to_path_buf());
    let mut md = MDBook::load(&root).map_err(|e| {
        let said = format!("{e:#}");
        let error = Error::new(format!("mdBook cannot load the book: {said}"));
        if !said.contains("configuration file") {
            return error
                .in_file(display(&settings.src.join("SUMMARY.md")))
                .help("fix what mdBook names: a chapter SUMMARY.md lists that cannot be read, or a setting");
        }
        let line = crate::regex!(r"at line (\d+)")
            .captures(&said)
            .and_then(|c| c.get(1)?.as_str().parse().ok());
        error
            .in_file(display(&book.join("book.toml")))
            .at_line(line)
            .help("fix the value mdBook names (its keys are listed at https://rust-lang.github.io/mdBook/format/configuration/)")
    })?;
    md.with_preprocessor(RollbackPreprocessor { color });
    let shown_out = match dest_dir {
        Some(dest) => display(dest),
        None => display(&book.join(&md.config.build.build_dir)),
    };
    if let Some(dest) = dest_dir {
        let dest = std::env::current_dir()
            .map(|cwd| cwd.join(dest))
            .unwrap_or_else(|_| dest.to_path_buf());
        md.config.build.build_dir = dest;
    }
    let typed = dest_dir.map(display);
    let origin = match &typed {
        Some(typed) => destination::Origin::DestDir(typed),
        None => destination::Origin::Settings,
    };
    let config = serde_json::to_value(&md.config)
        .map_err(|e| Error::new(format!("mdBook's settings cannot be read: {e}")))?;
    destination::refuse_to_empty(&settings, &config, origin)?;
    match md.build() {
        Ok(()) => Ok(Outcome {
            stderr: format!("Built the handbook in {shown_out}\n"),
            ..Outcome::default()
        }),
        Err(error) => {
            if let Some(failure) = error.chain().find_map(|e| e.downcast_ref::<Failure>()) {
                return match failure {
                    Failure::Setup(e) => Err(e.clone()),
                    Failure::Incomplete { .. } => Ok(Outcome {
                        stderr: format!("error: {failure}\n"),
                        code: Exit::Findings,
                        ..Outcome::default()
                    }),
                };
            }
            Err(Error::new(format!("mdBook's build failed: {error:#}"))
                .in_file(display(book))
                .help(
                    "fix what mdBook names: a file a setting of book.toml points to, or a chapter",
                ))
        }
    }
}
