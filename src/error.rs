//! Errors for people: what went wrong, where (file and line), and how to fix it.
//! Every one of them means exit code 2 (usage, configuration or I/O).

use std::fmt;

/// A usage, configuration or I/O error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file the problem is in, when there is one.
    pub file: Option<String>,
    /// The 1-based line in that file, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Error {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            file: None,
            line: None,
            message: message.into(),
            help: None,
        }
    }

    /// Names the file the problem is in.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Names the line the problem is on.
    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    /// Says how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Stdout could not be written: what was written is incomplete.
    pub fn stdout(what: &str, err: impl fmt::Display) -> Self {
        Error::new(format!("cannot write {what} to stdout: {err}"))
            .help("the output is incomplete; check where stdout goes (a full disk, a closed pipe) and run again")
    }

    /// An I/O error on a path.
    pub fn io(path: impl fmt::Display, action: &str, err: &std::io::Error) -> Self {
        let help = match err.kind() {
            std::io::ErrorKind::NotFound => {
                "check the path; it is relative to the current directory"
            }
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory => {
                "a file stands where a directory is needed; choose another path"
            }
            std::io::ErrorKind::IsADirectory => "this is a directory; name a file",
            _ => "check the path and its permissions",
        };
        Error::new(format!("cannot {action}: {err}"))
            .in_file(path.to_string())
            .help(help)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file a pull request names may hold a terminal escape.
        let file = self.file.as_deref().map(crate::output::printable);
        match (file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: {}", self.message)?,
            (Some(file), None) => write!(f, "{file}: {}", self.message)?,
            _ => write!(f, "{}", self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// A result whose error is an [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
