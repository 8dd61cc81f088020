//! Paths shown to people: with `/` separators, and from the current directory when
//! they are under it.

use std::path::{Path, PathBuf};

/// A path shown to people, with `/` separators. Only on Windows is `\\` a separator;
/// elsewhere it is part of a name, and stays.
pub fn display(path: &Path) -> String {
    let shown = path.to_string_lossy();
    if cfg!(windows) {
        shown.replace('\\', "/")
    } else {
        shown.into_owned()
    }
}

/// A path for people, from the current directory when it is under it.
pub fn shown_from_here(path: &Path) -> String {
    std::env::current_dir().map_or_else(|_| display(path), |cwd| shown(path, &cwd))
}

/// A path for people: relative to `cwd` (the current directory) when it is under it.
/// It names the file as it is (JSON and SARIF need that); text for a terminal shows its
/// control characters with [`crate::output::printable`].
pub fn shown(path: &Path, cwd: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let clean: PathBuf = absolute
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    match clean.strip_prefix(cwd) {
        Ok(relative) => display(relative),
        Err(_) => display(path),
    }
}

/// The real path `path` names, whether or not it exists yet: its nearest existing folder
/// with symlinks resolved, then the rest with `.` and `..` read as names of folders
/// to come.
pub fn real(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    let mut real = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last.as_os_str());
                existing = parent;
            }
            // A root, or nothing: there is nothing left to resolve.
            _ => break existing.to_path_buf(),
        }
    };
    for part in rest.into_iter().rev() {
        real.push(part);
    }
    let mut clean = PathBuf::new();
    for part in real.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            part => clean.push(part),
        }
    }
    clean
}

/// `text` as one word for a POSIX shell: as it is when that is safe, else in single
/// quotes.
pub fn shell_word(text: &str) -> String {
    let plain = text.chars().all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ',' | ':' | '@')
    });
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
