//! `mdbook-rollback explain [RULE]`: a rule's documentation, like `ruff rule`.

use super::Outcome;
use crate::error::{Error, Result};
use crate::lint::registry;
use crate::lint::rules::not_published;

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
    // Rule names are lower case; `explain PLACEHOLDER` means the same rule.
    let lower = name.to_lowercase();
    let rule = registry::find(&lower).ok_or_else(|| {
        Error::new(format!("unknown rule `{name}`")).help(registry::unknown_rule_help(&lower))
    })?;
    let mut text = format!(
        "# {} ({} by default)\n\n{}.\n\n{}",
        rule.name,
        rule.default_level.as_str(),
        capitalize(rule.summary),
        rule.explanation
    );
    // Its findings are about files the lint never reads, so no comment in one reaches it.
    if rule.name != not_published::RULE.name {
        let name = rule.name;
        text.push_str(&format!(
            "\n## Suppression\nFor one finding, on the line above it: `<!-- rollback-lint-disable-next-line {name} -->`.\nFor part of a report: `<!-- rollback-lint-disable {name} -->` … `<!-- rollback-lint-enable {name} -->`.\nFor a whole report: `<!-- rollback-lint-disable-file {name} -->`.\n"
        ));
    }
    Ok(Outcome::printed(text))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
