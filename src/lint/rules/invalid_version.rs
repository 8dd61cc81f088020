//! `invalid-version`: a from/to version is not semver.

use crate::lint::{Context, Finding, Level, Rule};
use crate::report::Field;

/// The rule.
pub const RULE: Rule = Rule {
    name: "invalid-version",
    default_level: Level::Error,
    summary: "a from/to version is not semver (a leading `v` is fine)",
    explanation: r#"## What it does
Checks that the from and to versions are semantic versions: `2.4.0`, `v2.4.0`,
`2.5.0-rc.1`. `2.4` and `release-7` are not.

## Why is this bad?
The version-diff table compares versions and maps them to git tags. Only a version that
parsed as semver is ever passed on to git, so a malformed version (or one shaped like a
git option, such as `--output=/tmp/x`) gets no table at all.

## Example
```yaml
from-version: "2.5"
```

Use instead:
```yaml
from-version: "2.5.0"
```

## Configuration
`invalid-version = "warn"` under `[preprocessor.rollback.lints]`.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let versions = &ctx.report.versions;
    for (name, field) in [
        ("from-version", &versions.from),
        ("to-version", &versions.to),
    ] {
        if let Field::Invalid { text, span, reason } = field {
            let shown: String = text.chars().take(40).collect();
            out.push(Finding::new(
                span.clone(),
                format!("{name} `{shown}` {reason}"),
                "write a semantic version such as `2.4.0` (a leading `v` is fine)",
            ));
        }
    }
}
