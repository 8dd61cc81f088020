//! `missing-versions`: the from/to versions cannot be determined.

use crate::lint::{Context, Finding, Level, Rule};
use crate::report::Field;
use crate::template::Role;

/// The rule.
pub const RULE: Rule = Rule {
    name: "missing-versions",
    default_level: Level::Warning,
    summary: "the from/to versions cannot be determined",
    explanation: r#"## What it does
Looks for the versions the rollback went from and to: `from-version` and `to-version`
in the front matter, or a phrase such as "from 2.5.0 to 2.4.0", "2.5.0 → 2.4.0",
"2.5.0 -> 2.4.0", "rolled back 2.5.0 to 2.4.0", "back to 2.4.0 (from 2.5.0)" or "to 2.4.0
(previously 2.5.0)" in the Executive Summary, the Rollback Plan or, last, the title.
"Rolled back to 2.4.0" alone gives the version rolled back to, and the finding asks for
the other. Template example text never counts.

## Why is this bad?
Without versions there is no version-diff table (the commits the rollback undid), and
the report is missing from the index's version column.

## Example
```markdown
## 1. Executive Summary
We rolled back the payments service after checkout errors.
```

Use instead:
```markdown
---
service: payments
from-version: 2.5.0
to-version: 2.4.0
---
```
or "We rolled payments back from 2.5.0 to 2.4.0 after checkout errors."

## Configuration
`missing-versions = "error"` under `[preprocessor.rollback.lints]` makes versions
mandatory.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let versions = &ctx.report.versions;
    let which = match (&versions.from, &versions.to) {
        (Field::Absent, Field::Absent) => "the versions rolled back from and to are",
        (Field::Absent, _) => "the version rolled back from is",
        (_, Field::Absent) => "the version rolled back to is",
        _ => return,
    };
    let t = ctx.template.section_with(Role::Summary);
    let span = crate::lint::section_anchor(ctx, t.filter(|t| ctx.report.section(*t).is_some()));
    out.push(Finding::new(
        span,
        format!("{which} not given"),
        "add `from-version: 2.5.0` and `to-version: 2.4.0` to the front matter, or write \"from 2.5.0 to 2.4.0\" in the Executive Summary",
    ));
}
