//! `unknown-tag`: a version has no git tag, or history is too shallow to compare.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "unknown-tag",
    default_level: Level::Warning,
    summary: "a version has no git tag, or history is too shallow to compare",
    explanation: r#"## What it does
Maps each version to a git tag through `tag-format` (default `v{version}`, and a bare
`{version}` tag when no `v` tag exists) and checks that the tag exists, that history
between the two tags is complete. Git is only read, never written, and only versions
that parsed as semver reach it. A "to" tag on another branch (a hotfix release) is no
problem: the table lists the commits of the "from" tag that it lacks, and says so.

It warns when:
- `git` is not installed, or the book is not in a git repository;
- a tag does not exist (a typo in a version, or tags not fetched);
- the clone is shallow and the range between the tags is cut off.

## Why is this bad?
The version-diff table lists the commits a rollback undid. With a missing tag or a
shallow clone it cannot, and a pull request should learn about a typo in a version
before the handbook is published.

## Example
A GitHub Actions checkout is shallow and has no tags by default:
```yaml
- uses: actions/checkout@v4
```

Use instead:
```yaml
- uses: actions/checkout@v4
  with:
    fetch-depth: 0
```
or run `git fetch --tags --unshallow` before the build.

## Configuration
`tag-format = "{service}-v{version}"` for monorepos, `git = false` to skip git
entirely, and `unknown-tag = "allow"` under `[preprocessor.rollback.lints]`.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(diff) = ctx.diff else {
        return;
    };
    let versions = &ctx.report.versions;
    for problem in diff.problems() {
        let span = match problem.side {
            Some(crate::diff::Side::To) => versions.to.span(),
            _ => versions.from.span(),
        }
        .unwrap_or_else(|| crate::lint::section_anchor(ctx, None));
        out.push(Finding::new(span, problem.message, problem.help));
    }
}
