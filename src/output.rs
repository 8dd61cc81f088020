//! The only places that write to stdout and stderr. In preprocessor mode stdout carries
//! the book JSON and nothing else; everything for people goes to stderr.

use std::io::Write;

/// Writes text to stdout. A closed pipe (`| head`) is not an error worth a panic.
#[allow(clippy::print_stdout)]
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Writes text to stderr.
pub fn stderr(text: &str) {
    if text.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = err.write_all(b"\n");
    }
}

/// Whether a stream is a terminal that takes colour (and `NO_COLOR` is not set).
pub fn color(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
