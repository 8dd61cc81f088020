//! The commands behind the CLI. Each returns an [`Outcome`] (what to print and the exit
//! code) or an [`Error`](crate::Error) (exit code 2); `main.rs` only prints them.

pub mod build;
pub mod changed;
pub mod check;
pub mod explain;
pub mod index;
pub mod init;
pub mod install;
pub mod new;
pub mod preprocess;

/// The book a command run in `dir` works on: `dir` itself when it holds `book.toml`, else,
/// for the current directory inside a git work tree, the nearest folder above it in that
/// work tree that does (as `check` finds the book of a file). Given as a relative path
/// (`../..`), so that what is printed stays short. Outside a work tree, only the book
/// whose `src` holds the current directory: a stray `book.toml` further up is no book of
/// this one's.
pub fn book_dir(dir: &std::path::Path) -> std::path::PathBuf {
    if dir != std::path::Path::new(".") || dir.join("book.toml").is_file() {
        return dir.to_path_buf();
    }
    let Ok(cwd) = std::env::current_dir() else {
        return dir.to_path_buf();
    };
    let up = |levels: usize| std::iter::repeat_n("..", levels).collect();
    // The folders from here up to the work tree's root, when there is one.
    let Some(root) = cwd.ancestors().position(|a| a.join(".git").exists()) else {
        let Some(levels) = cwd.ancestors().position(|a| a.join("book.toml").is_file()) else {
            return dir.to_path_buf();
        };
        let in_its_src = cwd
            .ancestors()
            .nth(levels)
            .and_then(|root| crate::config::Book::load(root).ok())
            .and_then(|book| book.src.canonicalize().ok())
            .zip(cwd.canonicalize().ok())
            .is_some_and(|(src, cwd)| cwd.starts_with(src));
        return if in_its_src {
            up(levels)
        } else {
            dir.to_path_buf()
        };
    };
    match cwd
        .ancestors()
        .take(root + 1)
        .position(|a| a.join("book.toml").is_file())
    {
        Some(levels) => up(levels),
        None => dir.to_path_buf(),
    }
}

/// Why `dir` is no book, when it is none: it has no `book.toml`, or is no directory.
pub fn not_a_book(dir: &std::path::Path) -> Option<String> {
    if dir.join("book.toml").is_file() {
        return None;
    }
    let what = match dir.is_dir() {
        true => "has no book.toml",
        false => "is no directory",
    };
    Some(format!("{} {what}", crate::paths::display(dir)))
}

/// Exit codes, the same for every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Exit {
    /// No error-level findings.
    #[default]
    Success = 0,
    /// Lint errors (or warnings under `--strict`).
    Findings = 1,
    /// A usage, configuration or I/O error.
    Usage = 2,
}

/// What a command prints, and how it exits.
#[derive(Debug, Default)]
pub struct Outcome {
    /// For stdout.
    pub stdout: String,
    /// For stderr.
    pub stderr: String,
    /// The exit code.
    pub code: Exit,
}

impl Outcome {
    /// Success with this on stdout.
    pub fn printed(stdout: impl Into<String>) -> Self {
        Outcome {
            stdout: stdout.into(),
            ..Outcome::default()
        }
    }

    /// Adds a `warning:` line to stderr.
    pub fn warn(&mut self, warning: impl std::fmt::Display) {
        crate::render::diagnostics::human::warning(&mut self.stderr, warning);
    }
}
