//! The only places that write to stdout and stderr. In preprocessor mode stdout carries
//! the book JSON and nothing else; everything for people goes to stderr.

use std::io::Write;

/// Writes text to stdout. A closed pipe (`| head`) is no error: the reader has all it
/// wanted. Any other failure (a full disk) is, as the output is cut short.
#[allow(clippy::print_stdout)]
pub fn stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written,
    }
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
