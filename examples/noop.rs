//! The floor for any mdBook preprocessor: parse the input with `mdbook-preprocessor`
//! and write the book back, unchanged. The bench measures mdbook-rollback against it.

use std::io::Write;

fn main() -> std::process::ExitCode {
    if std::env::args().nth(1).as_deref() == Some("supports") {
        return std::process::ExitCode::SUCCESS;
    }
    let stdin = std::io::stdin().lock();
    let Ok((_ctx, book)) = mdbook_preprocessor::parse_input(stdin) else {
        return std::process::ExitCode::from(2);
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if serde_json::to_writer(&mut out, &book).is_err() || out.flush().is_err() {
        return std::process::ExitCode::from(2);
    }
    std::process::ExitCode::SUCCESS
}
