//! `mdbook-rollback install [BOOK]`: adds `[preprocessor.rollback]` to an existing
//! `book.toml`, keeping its comments and layout. Running it twice changes nothing.

use super::Outcome;
use crate::error::{Error, Result};
use crate::paths::display;
use std::path::Path;
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// Adds the preprocessor to the book at `book_dir`, and creates its reports folder.
pub fn run(book_dir: &Path) -> Result<Outcome> {
    super::must_be_a_book(book_dir, "mdbook-rollback install {}")?;
    let path = book_dir.join("book.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::io(display(&path), "read book.toml", &e)
            .help("pass the book's directory; `mdbook-rollback init` creates a new handbook")
    })?;
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map(|s| crate::source::line_of(&text, s.start));
        Error::new(format!("book.toml does not parse: {}", e.message()))
            .in_file(display(&path))
            .at_line(line)
            .help("fix the TOML syntax, then run `install` again")
    })?;
    if doc
        .get("preprocessor")
        .and_then(|p| p.get("rollback"))
        .is_some()
    {
        return Ok(Outcome::printed(format!(
            "{} already has [preprocessor.rollback]; nothing to do\n",
            display(&path)
        )));
    }
    let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
    let preprocessors = doc
        .entry("preprocessor")
        .or_insert_with(|| {
            let mut table = Table::new();
            table.set_implicit(true);
            Item::Table(table)
        })
        .as_table_mut()
        .ok_or_else(|| {
            Error::new("`preprocessor` in book.toml is not a table")
                .in_file(display(&path))
                .help("write preprocessors as `[preprocessor.NAME]` tables")
        })?;
    let mut table = Table::new();
    // Comments after the last table are kept there, above the new one.
    if !trailing.trim().is_empty() {
        table.decor_mut().set_prefix(format!("{trailing}\n"));
    }
    table.insert("command", value("mdbook-rollback"));
    let mut after = Array::new();
    after.push("links");
    table.insert("after", value(after));
    table.insert("reports-dir", value(crate::config::DEFAULT_REPORTS_DIR));
    table.insert("on-incomplete", value("fail"));
    table.insert("tag-format", value("v{version}"));
    preprocessors.insert("rollback", Item::Table(table));
    if !trailing.trim().is_empty() {
        doc.set_trailing("");
    }
    // A file written with CRLF keeps CRLF on every line, old and new.
    let mut written = doc.to_string();
    if text.contains("\r\n") {
        written = written.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    std::fs::write(&path, written).map_err(|e| Error::io(display(&path), "write book.toml", &e))?;
    // The reports folder it names, under the book's own `src`, ready for `new`; git keeps
    // it by its `.gitkeep`.
    let reports = crate::config::Book::load(book_dir)?
        .src
        .join(crate::config::DEFAULT_REPORTS_DIR);
    std::fs::create_dir_all(&reports)
        .map_err(|e| Error::io(display(&reports), "create this directory", &e))?;
    let keep = reports.join(".gitkeep");
    if std::fs::read_dir(&reports).is_ok_and(|mut entries| entries.next().is_none()) {
        std::fs::write(&keep, "").map_err(|e| Error::io(display(&keep), "write this file", &e))?;
    }
    Ok(Outcome::printed(format!(
        "Added [preprocessor.rollback] to {}\nAdd `{{{{#rollback-index}}}}` to a chapter for the incident index, and put reports in {}/.\n",
        display(&path),
        display(&reports)
    )))
}
