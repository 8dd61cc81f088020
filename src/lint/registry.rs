//! The list of rules. `check`, the preprocessor, `explain`, SARIF and the configuration
//! all read it, so a rule exists in one place.

use super::Rule;
use super::rules::*;

/// Every rule, in the order they are documented.
pub const RULES: &[&Rule] = &[
    &missing_section::RULE,
    &empty_section::RULE,
    &placeholder::RULE,
    &template_example::RULE,
    &invalid_severity::RULE,
    &invalid_time::RULE,
    &time_order::RULE,
    &ambiguous_time::RULE,
    &missing_versions::RULE,
    &invalid_version::RULE,
    &not_a_downgrade::RULE,
    &unknown_tag::RULE,
    &unknown_directive::RULE,
    &unsafe_html::RULE,
    &not_published::RULE,
    &invalid_front_matter::RULE,
    &unused_suppression::RULE,
];

/// The rule with this name.
pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.name == name)
}

/// Every rule name.
pub fn names() -> Vec<&'static str> {
    RULES.iter().map(|rule| rule.name).collect()
}

/// The help for a rule name that is none: the rule it is a typo of, if any, and the list.
pub fn unknown_rule_help(name: &str) -> String {
    let name = &name.to_lowercase();
    let names = names();
    let list = format!("known rules are: {}", names.join(", "));
    match crate::spelling::closest(name, &names) {
        Some(meant) => format!("did you mean `{meant}`? {list}"),
        None => list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_documented() {
        let mut names = names();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
        for rule in RULES {
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.name
            );
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "Use instead:",
                "## Configuration",
            ] {
                assert!(
                    rule.explanation.contains(heading),
                    "{} lacks {heading}",
                    rule.name
                );
            }
        }
    }
}
