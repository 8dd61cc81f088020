//! The preprocessor front door: mdBook's JSON on stdin, the book on stdout, streamed once
//! every report is checked; everything else goes to stderr.

use super::{Exit, Outcome};
use crate::error::Result;
use crate::mdbook::{self, Failure, Options, protocol};
use std::io::{BufWriter, Read, Write};

/// Runs the preprocessor on mdBook's input, writing the book to `out` once every report
/// is checked: on bad input, bad configuration or an incomplete report, nothing is
/// written. (A failure to write, such as a closed pipe, can cut the book short.)
pub fn run(input: impl Read, out: impl Write, color: bool) -> Result<Outcome> {
    let mut input = protocol::read(input)?;
    let mut outcome = Outcome::default();
    if let Some(warning) = protocol::version_warning(&input.mdbook_version) {
        outcome.stderr.push_str(&warning);
        outcome.stderr.push('\n');
    }
    let options = Options {
        root: &input.root,
        renderer: &input.renderer,
        config: &input.config,
        mdbook_version: &input.mdbook_version,
        git: None,
        color,
    };
    let mut notes = mdbook::Notes::default();
    let planned = mdbook::plan(&options, &mut input.items, &mut notes);
    // Said either way: a warning (a settings table under another name) may tell why the
    // build stops.
    outcome.stderr.push_str(&notes.stderr);
    match planned {
        Ok(rewrites) => {
            let mut out = BufWriter::with_capacity(1 << 16, out);
            protocol::write(&input.items, &rewrites, input.host, &mut out)
                .and_then(|()| out.flush().map_err(serde_json::Error::io))
                .map_err(|e| crate::Error::stdout("the book", e))?;
        }
        Err(Failure::Setup(error)) => {
            outcome.stderr.push_str(&format!("error: {error}\n"));
            outcome.code = Exit::Usage;
        }
        Err(failure @ Failure::Incomplete { .. }) => {
            if let Failure::Incomplete { diagnostics, .. } = &failure {
                outcome.stderr.push_str(diagnostics);
            }
            outcome.stderr.push_str(&format!("error: {failure}\n"));
            outcome.code = Exit::Findings;
        }
    }
    Ok(outcome)
}
