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

/// How to write `written` as semver.
fn help(written: &str) -> String {
    match with_patch(written) {
        Some(meant) => format!("write `{meant}`: semver has three numbers"),
        None => "write a semantic version such as `2.4.0` (a leading `v` is fine)".into(),
    }
}

/// The version of three numbers that one of two means: `3.10` is `3.10.0`, `v2024.05`
/// `v2024.05.0`.
fn with_patch(written: &str) -> Option<String> {
    let written = written.trim();
    let bare = written.strip_prefix(['v', 'V']).unwrap_or(written);
    crate::regex!(r"^\d{1,9}\.\d{1,9}$")
        .is_match(bare)
        .then(|| format!("{written}.0"))
}

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
                help(text),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{help, with_patch};

    #[test]
    fn plain_numbers_get_the_semver_they_mean() {
        assert_eq!(with_patch("3.10").as_deref(), Some("3.10.0"));
        assert_eq!(with_patch("v2024.05").as_deref(), Some("v2024.05.0"));
        assert_eq!(help("3.10"), "write `3.10.0`: semver has three numbers");
        assert!(help("abc1234").starts_with("write a semantic version"));
        for not_numbers in ["abc1234", "1", "1.2.3.4", "1..2", "2.x", "1.2.3-rc.01", ""] {
            assert_eq!(with_patch(not_numbers), None, "{not_numbers}");
        }
    }
}
