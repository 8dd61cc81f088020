//! `not-a-downgrade`: the "to" version is not lower than the "from" version.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "not-a-downgrade",
    default_level: Level::Warning,
    summary: "the \"to\" version is not lower than the \"from\" version",
    explanation: r#"## What it does
Compares the versions by semver precedence and warns when the version rolled back to is
the same as, or higher than, the version rolled back from.

## Why is this bad?
Usually the two versions are swapped. Sometimes the "rollback" was a roll-forward fix,
which deserves a different kind of report. Either way the version-diff table would list
the wrong commits.

## Example
```yaml
from-version: 2.4.0
to-version: 2.5.0
```

Use instead:
```yaml
from-version: 2.5.0   # what ran before the rollback
to-version: 2.4.0     # what runs after it
```

## Configuration
`not-a-downgrade = "allow"` under `[preprocessor.rollback.lints]` for teams that also
report roll-forwards with this template.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let versions = &ctx.report.versions;
    let (Some(from), Some(to)) = (versions.from.value(), versions.to.value()) else {
        return;
    };
    if to < from {
        return;
    }
    let span = versions.to.span().unwrap_or(0..0);
    let (what, help) = if to == from {
        (
            "the same as",
            "one of them is mistyped: from-version is what ran before the rollback, to-version the earlier release that runs after it",
        )
    } else {
        (
            "higher than",
            "check the order: from-version is what ran before the rollback, to-version what runs after it",
        )
    };
    out.push(Finding::new(
        span,
        format!(
            "the version rolled back to ({to}) is {what} the version rolled back from ({from})"
        ),
        help,
    ));
}
