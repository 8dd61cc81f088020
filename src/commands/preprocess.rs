//! The preprocessor front door: mdBook's JSON on stdin, the book on stdout. Stdout gets
//! the whole book or nothing; everything else goes to stderr.

use super::{Exit, Outcome};
use crate::error::Result;
use crate::mdbook::{self, Failure, Options, protocol};

/// Runs the preprocessor on mdBook's input.
pub fn run(input: &[u8], color: bool) -> Result<Outcome> {
    let mut input = protocol::parse(input)?;
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
    match mdbook::run(&options, &mut input.items) {
        Ok(notes) => {
            outcome.stderr.push_str(&notes.stderr);
            let mut json = Vec::new();
            protocol::write(&input.items, input.host, &mut json)
                .map_err(|e| crate::Error::new(format!("cannot write the book: {e}")))?;
            outcome.stdout = String::from_utf8_lossy(&json).into_owned();
        }
        Err(Failure::Setup(error)) => return Err(error),
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
