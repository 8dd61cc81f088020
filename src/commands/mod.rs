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

/// Refuses `dir` when it is no book: it is no directory, or has no `book.toml`. The help
/// names the books in the folders below (a handbook in a folder of the repository) as
/// `usage` runs them (`mdbook-rollback build {}`), or else how to make one.
pub fn must_be_a_book(dir: &std::path::Path, usage: &str) -> crate::Result<()> {
    if dir.join("book.toml").is_file() {
        return Ok(());
    }
    let shown = crate::paths::display(dir);
    let run = |book: &std::path::Path| {
        // `-rf x` would be read as flags.
        let book = match book.to_string_lossy().starts_with('-') {
            true => std::path::Path::new(".").join(book),
            false => book.to_path_buf(),
        };
        let word = crate::paths::shell_word(&crate::paths::display(&book));
        format!(
            "`{}`",
            usage.replace("{}", &crate::output::printable(&word))
        )
    };
    if dir.is_file() {
        let book = dir
            .ancestors()
            .skip(1)
            .find(|a| a.join("book.toml").is_file());
        let help = match book {
            Some(book) if !book.as_os_str().is_empty() => {
                format!("pass the folder that holds book.toml: {}", run(book))
            }
            _ => "pass the folder that holds book.toml, not a file".to_string(),
        };
        return Err(
            crate::Error::new(format!("{shown} is a file, not a book's folder")).help(help),
        );
    }
    let what = match dir.is_dir() {
        true => "has no book.toml",
        false => "is no folder",
    };
    let below = books_below(dir);
    let help = match below.as_slice() {
        [] => format!(
            "pass the handbook's folder (the one with book.toml), or create one with `mdbook-rollback init {}`",
            crate::output::printable(&crate::paths::shell_word(&shown))
        ),
        [book] => format!(
            "the book below is {}: run {}",
            crate::paths::display(book),
            run(book)
        ),
        books => format!(
            "the books below are {}: run e.g. {}",
            books
                .iter()
                .map(|b| crate::paths::display(b))
                .collect::<Vec<_>>()
                .join(", "),
            run(&books[0])
        ),
    };
    Err(crate::Error::new(format!("{shown} {what}")).help(help))
}

/// The folders up to three levels below `dir` that hold a `book.toml` (at most five),
/// past hidden folders, `node_modules` and `target`.
fn books_below(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut level = vec![dir.to_path_buf()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for folder in level {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            let mut entries: Vec<_> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().map(|n| n.to_string_lossy()).is_some_and(|n| {
                        !n.starts_with('.') && n != "node_modules" && n != "target"
                    })
                })
                .collect();
            entries.sort();
            for entry in entries {
                if entry.join("book.toml").is_file() {
                    found.push(
                        entry
                            .strip_prefix("./")
                            .map(|p| p.to_path_buf())
                            .unwrap_or(entry),
                    );
                } else {
                    next.push(entry);
                }
            }
        }
        level = next;
    }
    found.truncate(5);
    found
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
