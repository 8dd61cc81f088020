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
