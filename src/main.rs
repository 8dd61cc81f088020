//! The `mdbook-rollback` binary: parses arguments, calls the library, prints what it
//! returns and maps errors to exit codes (0 success, 1 findings, 2 usage/config/I/O).

use clap::{CommandFactory, Parser, Subcommand};
use mdbook_rollback::commands::{
    self, Exit, Outcome, check::CheckOptions, index::ExportFormat, new::NewReport,
};
use mdbook_rollback::output;
use mdbook_rollback::render::diagnostics::Format;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Lint rollback reports, and publish them as an indexed mdBook incident handbook.
///
/// Without a subcommand, runs as an mdBook preprocessor: reads the book from stdin and
/// writes it to stdout. Add it to book.toml with `mdbook-rollback install`.
#[derive(Parser)]
#[command(name = "mdbook-rollback", version, about, long_about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

const EXIT_CODES: &str = "Exit codes: 0 success, 1 lint errors (or warnings with --strict), 2 usage, configuration or I/O error.";

#[derive(Subcommand)]
enum Command {
    /// Lint rollback reports: every section present and filled, valid severity, times and versions.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Books (directories with book.toml), directories of reports, or report files.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// The output format (`--output-format` too, as in ruff).
        #[arg(
            long,
            short,
            value_enum,
            default_value = "human",
            alias = "output-format",
            ignore_case = true
        )]
        format: Format,
        /// Fail on warnings too: they are shown as errors.
        #[arg(long)]
        strict: bool,
        /// Treat drafts (`status: draft`) like any report: their findings keep their level.
        #[arg(long)]
        deny_drafts: bool,
        /// Only check reports added or modified since this git ref, e.g. `origin/main`
        /// (every report of a book whose book.toml, SUMMARY.md or template changed).
        #[arg(long, value_name = "REF")]
        changed_since: Option<String>,
        /// Write the report in `--format` to FILE, and human-readable text to the terminal.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Build a handbook in-process with mdBook's library (no separate mdbook needed).
    Build {
        /// The book's directory (by default this one, or the nearest above it with book.toml: in the git work tree, or whose src holds this one).
        #[arg(default_value = ".")]
        book: PathBuf,
        /// Output directory, relative to the current directory (default: the book's build-dir).
        #[arg(long, short, value_name = "DIR")]
        dest_dir: Option<PathBuf>,
    },
    /// Create a ready incident handbook from the built-in starter.
    Init {
        /// Where to create it.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite the starter's files where they exist (a .gitignore is never
        /// overwritten: it gains the starter's lines).
        #[arg(long)]
        force: bool,
    },
    /// Start a new report from the book's template at src/incidents/YYYY-MM-DD-slug.md.
    New {
        /// What was rolled back, e.g. "Payments API 2.5.0".
        title: String,
        /// The service rolled back.
        #[arg(long)]
        service: Option<String>,
        /// The version rolled back from.
        #[arg(long, value_name = "VERSION")]
        from: Option<String>,
        /// The version rolled back to.
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        /// The date for the file name (YYYY-MM-DD; default: today, UTC).
        #[arg(long)]
        date: Option<String>,
        /// The book's directory (by default this one, or the nearest above it with book.toml: in the git work tree, or whose src holds this one).
        #[arg(long, default_value = ".")]
        book: PathBuf,
    },
    /// Add [preprocessor.rollback] to an existing book.toml (keeps comments; idempotent).
    Install {
        /// The book's directory.
        #[arg(default_value = ".")]
        book: PathBuf,
    },
    /// Export every report's metadata and metrics for dashboards.
    Index {
        /// The book's directory (by default this one, or the nearest above it with book.toml: in the git work tree, or whose src holds this one).
        #[arg(default_value = ".")]
        book: PathBuf,
        /// The export format.
        #[arg(
            long,
            short,
            value_enum,
            default_value = "json",
            alias = "output-format",
            ignore_case = true
        )]
        format: ExportFormat,
    },
    /// Explain a lint rule (or list them all).
    Explain {
        /// The rule, e.g. `missing-section`.
        rule: Option<String>,
    },
    /// Tell mdBook whether a renderer is supported (every renderer is).
    Supports {
        /// The renderer's name.
        renderer: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // An error that stops `check` is still told in the format asked for on stdout: a
    // GitHub annotation, or a JSON or SARIF document that a CI step can read.
    let check_format = match &cli.command {
        Some(Command::Check {
            format,
            output: None,
            ..
        }) => Some(*format),
        Some(Command::Check {
            format: Format::Github,
            ..
        }) => Some(Format::Github),
        _ => None,
    };
    let result = match cli.command {
        // Typed at a terminal, with no book coming: say what the tool does, rather than
        // wait for JSON that never comes.
        None if std::io::stdin().is_terminal() => {
            let help = Cli::command().render_help();
            let help = if output::color(std::io::stderr().is_terminal()) {
                help.ansi().to_string()
            } else {
                help.to_string()
            };
            let stderr = format!(
                "{help}\nWithout a command, mdbook-rollback is the mdBook preprocessor: mdBook runs it with the book as JSON on stdin.\n"
            );
            Ok(Outcome {
                stderr,
                code: Exit::Usage,
                ..Outcome::default()
            })
        }
        None => commands::preprocess::run(
            std::io::stdin().lock(),
            std::io::stdout().lock(),
            output::color(std::io::stderr().is_terminal()),
        ),
        Some(Command::Supports { .. }) => Ok(Outcome::default()),
        Some(Command::Check {
            paths,
            format,
            strict,
            deny_drafts,
            changed_since,
            output,
        }) => commands::check::run(&CheckOptions {
            paths,
            format,
            strict,
            deny_drafts,
            changed_since,
            output,
            color: output::color(std::io::stdout().is_terminal()),
        }),
        Some(Command::Build { book, dest_dir }) => commands::build::run(
            &commands::book_dir(&book),
            dest_dir.as_deref(),
            output::color(std::io::stderr().is_terminal()),
        ),
        Some(Command::Init { dir, force }) => commands::init::run(&dir, force),
        Some(Command::New {
            title,
            service,
            from,
            to,
            date,
            book,
        }) => commands::new::run(
            &commands::book_dir(&book),
            &NewReport {
                title,
                service,
                from,
                to,
                date,
            },
        ),
        // `install` edits the book.toml it is given, and looks for no other.
        Some(Command::Install { book }) => commands::install::run(&book),
        Some(Command::Index { book, format }) => {
            commands::index::run(&commands::book_dir(&book), format)
        }
        Some(Command::Explain { rule }) => commands::explain::run(rule.as_deref()),
    };
    match result {
        Ok(outcome) => {
            output::stderr(&outcome.stderr);
            if let Err(e) = output::stdout(&outcome.stdout) {
                let error = mdbook_rollback::Error::stdout("the output", e);
                output::stderr(&format!("error: {error}"));
                return ExitCode::from(Exit::Usage as u8);
            }
            ExitCode::from(outcome.code as u8)
        }
        Err(error) => {
            let document = check_format
                .and_then(|format| mdbook_rollback::render::diagnostics::failed(format, &error));
            if let Some(document) = document {
                let _ = output::stdout(&document);
            }
            output::stderr(&format!("error: {error}"));
            ExitCode::from(Exit::Usage as u8)
        }
    }
}
