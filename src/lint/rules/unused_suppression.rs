//! `unused-suppression`: a `rollback-lint-disable` comment that suppresses nothing.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "unused-suppression",
    default_level: Level::Warning,
    summary: "a suppression comment suppresses nothing, names no rule, or names an unknown one",
    explanation: r#"## What it does
Reports `<!-- rollback-lint-disable … -->` comments that did not suppress any finding,
suppression comments that name no rule or a rule that does not exist, and
`rollback-lint-…` comments of no known form (`rollback-lint-disable-line`), which
suppress nothing.

The comment forms, as in markdownlint:
- `<!-- rollback-lint-disable RULE [RULE…] -->` … `<!-- rollback-lint-enable RULE -->`
- `<!-- rollback-lint-disable-next-line RULE -->`
- `<!-- rollback-lint-disable-file RULE -->`

A comment must name its rules: one without (`<!-- rollback-lint-disable-file -->`)
suppresses nothing, unlike markdownlint's. Report text comes from pull requests, and
one comment that turned every rule off would pass any report. A reason may follow ` -- `:
`<!-- rollback-lint-disable-next-line placeholder -- filled in by the vendor -->`. The
comments are invisible in the rendered handbook.

## Why is this bad?
A suppression outlives the problem it hid. Left behind, it hides the next real problem
in the same place, and a misspelt rule name hides nothing while looking like it does.

## Example
```markdown
<!-- rollback-lint-disable-next-line placholder -->
```

Use instead:
```markdown
<!-- rollback-lint-disable-next-line placeholder -->
```
or delete the comment once the finding is fixed.

## Configuration
`unused-suppression = "allow"` under `[preprocessor.rollback.lints]`.
"#,
    check,
    one_per_section: false,
};

/// Unused suppressions are found by the suppression pass, after every other rule ran;
/// see `lint::suppression`.
fn check(_: &Context<'_>, _: &mut Vec<Finding>) {}
