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
    match nearest_semver(written) {
        Some(meant) if meant.matches('.').count() > written.matches('.').count() => {
            format!("write `{meant}`: semver has three numbers")
        }
        Some(meant) => format!("write `{meant}`: semver numbers have no leading zeros"),
        None => "write a semantic version such as `2.4.0` (a leading `v` is fine)".into(),
    }
}

/// The semver version that a version of two or three plain numbers means: `3.10` is
/// `3.10.0`, and `2024.05.1` (a calendar version) is `2024.5.1`.
fn nearest_semver(written: &str) -> Option<String> {
    let bare = written.trim();
    let (prefix, bare) = match bare.strip_prefix(['v', 'V']) {
        Some(rest) => (&bare[..1], rest),
        None => ("", bare),
    };
    let parts: Vec<&str> = bare.split('.').collect();
    let numbers = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()));
    if !numbers {
        return None;
    }
    let mut fixed: Vec<&str> = parts
        .iter()
        .map(|p| match p.trim_start_matches('0') {
            "" => "0",
            digits => digits,
        })
        .collect();
    if fixed.len() == 2 {
        fixed.push("0");
    }
    let meant = fixed.join(".");
    semver::Version::parse(&meant).ok()?;
    Some(format!("{prefix}{meant}"))
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
    use super::{help, nearest_semver};

    #[test]
    fn plain_numbers_get_the_semver_they_mean() {
        assert_eq!(nearest_semver("3.10").as_deref(), Some("3.10.0"));
        assert_eq!(nearest_semver("2024.05.1").as_deref(), Some("2024.5.1"));
        assert_eq!(nearest_semver("v2024.05.01").as_deref(), Some("v2024.5.1"));
        assert_eq!(nearest_semver("1.00.0").as_deref(), Some("1.0.0"));
        assert_eq!(help("3.10"), "write `3.10.0`: semver has three numbers");
        assert_eq!(
            help("2024.05.1"),
            "write `2024.5.1`: semver numbers have no leading zeros"
        );
        assert!(help("abc1234").starts_with("write a semantic version"));
        for not_numbers in ["abc1234", "1", "1.2.3.4", "1..2", "2.x", "1.2.3-rc.01", ""] {
            assert_eq!(nearest_semver(not_numbers), None, "{not_numbers}");
        }
    }
}
