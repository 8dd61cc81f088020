//! `invalid-front-matter`: the front matter does not parse, is not closed, or has a
//! misspelt key or a value of the wrong type.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "invalid-front-matter",
    default_level: Level::Error,
    summary: "the front matter does not parse, is not closed, or has a misspelt key",
    explanation: r#"## What it does
Checks the YAML (`---`) or TOML (`+++`) block at the top of a report: it must be closed,
parse, and give each known key a value of the right type. Keys that look like a
misspelling of a known one (`from_version`, `fromVersion`) are flagged; other keys are
yours and are ignored.

Known keys: `type`, `service`, `from-version`, `to-version`, `tags`, `status`, `date`,
`created`, `updated`, `authors`.

## Why is this bad?
A front matter block that does not parse is silently ignored by most tools, and with it
the versions, service and status the index relies on.

## Example
```yaml
---
from_version: 2.5.0
tags: [db
---
```

Use instead:
```yaml
---
from-version: 2.5.0
tags: [db]
---
```

## Configuration
`invalid-front-matter = "warn"` under `[preprocessor.rollback.lints]`.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(front) = &ctx.report.front_matter else {
        return;
    };
    for problem in &front.problems {
        let span = crate::lint::trim_span(&ctx.report.source.text, problem.span.clone());
        out.push(Finding::new(
            span,
            problem.message.clone(),
            problem.help.clone(),
        ));
    }
}
