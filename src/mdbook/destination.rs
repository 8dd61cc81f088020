//! Where mdBook writes the book: it empties that folder first, so a folder that would
//! take the book (or another project) with it is refused.

use crate::config;
use crate::error::{Error, Result};
use crate::paths::display;
use std::path::Path;

/// mdBook empties the folder it builds into before it writes the book. A destination
/// that holds the book (`-d .`, `-d ..`), lies in its `src` (where it would copy the book
/// into itself) or holds another project (`.git`, a `book.toml`) is refused, before
/// anything is deleted.
pub fn refuse_to_empty(
    out_dir: &Path,
    named: &str,
    book: &config::Book,
    from_book_toml: bool,
) -> Result<()> {
    let out = crate::paths::real(out_dir);
    let root = crate::paths::real(&book.root);
    let src = crate::paths::real(&book.src);
    let reason = if root.starts_with(&out) {
        "holds the book itself, and mdBook empties the folder it builds into"
    } else if out.starts_with(&src) {
        "is inside the book's src folder, which mdBook would copy into itself"
    } else if out.join(".git").exists() || out.join("book.toml").exists() {
        "holds another project (a `.git` or a `book.toml`), and mdBook empties the folder it builds into"
    } else {
        return Ok(());
    };
    let error = Error::new(format!(
        "cannot build into `{}`: it {reason}",
        crate::output::printable(named)
    ));
    Err(match from_book_toml {
        true => error
            .in_file(display(&book.root.join("book.toml")))
            .at_line(
                std::fs::read_to_string(book.root.join("book.toml"))
                    .ok()
                    .and_then(|text| config::key_line(&text, "build-dir")),
            )
            .help("set `build-dir` under [build] to a folder of its own, such as the default \"book\""),
        false => error.help("pass `--dest-dir` a folder of its own, such as `book`"),
    })
}
