//! `mdbook-rollback explain [RULE]`: a rule's documentation, like `ruff rule`.

use super::Outcome;
use crate::error::{Error, Result};
use crate::lint::registry;

/// Explains one rule, or lists them all.
pub fn run(rule: Option<&str>) -> Result<Outcome> {
    let Some(name) = rule else {
        let mut out = String::from("Rules (explain one with `mdbook-rollback explain RULE`):\n\n");
        for rule in registry::RULES {
            out.push_str(&format!(
                "  {:<22} {:<8} {}\n",
                rule.name,
                rule.default_level.as_str(),
                rule.summary
            ));
        }
        return Ok(Outcome::printed(out));
    };
    let rule = registry::find(name).ok_or_else(|| {
        Error::new(format!("unknown rule `{name}`"))
            .help(format!("known rules are: {}", registry::names().join(", ")))
    })?;
    Ok(Outcome::printed(format!(
        "# {} ({} by default)\n\n{}.\n\n{}",
        rule.name,
        rule.default_level.as_str(),
        capitalize(rule.summary),
        rule.explanation
    )))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
