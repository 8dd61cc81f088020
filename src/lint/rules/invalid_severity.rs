//! `invalid-severity`: the severity is not one of the template's values.

use crate::lint::{Context, Finding, Level, Rule};
use crate::report::Field;
use crate::template::Role;

/// The rule.
pub const RULE: Rule = Rule {
    name: "invalid-severity",
    default_level: Level::Error,
    summary: "severity is not one of the template's values (Critical, High, Medium, Low)",
    explanation: r#"## What it does
Reads the severity from the severity section (`2.2. Severity Level`) and checks it is
one of the values the template lists under `*Possible values: …*`: Critical, High,
Medium or Low in the built-in template. Case does not matter; `Severity: High`,
`**High**` and a sentence that names one value all work: a line that is just a value
wins, else the first value named. An answer that names two at once (`High/Critical`,
`High or Critical`) is not clear, and is reported too.

## Why is this bad?
The incident index counts and compares rollbacks by severity. A value outside the list
(`Sev1`, `Severe`, nothing at all) drops the report out of those statistics.

## Example
```markdown
### 2.2. Severity Level
Severe
```

Use instead:
```markdown
### 2.2. Severity Level
High
```

## Configuration
The values come from the template's `*Possible values: …*` line in its severity
section; edit the template to use your own scale (`SEV1, SEV2, SEV3`).
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let t = ctx.template.section_with(Role::Severity);
    let Some(section) = t.and_then(|t| ctx.report.section(t)) else {
        return; // `missing-section` reports it
    };
    let values = ctx.template.severity_values.join(", ");
    let help = if values.is_empty() {
        "write the severity level".to_string()
    } else {
        format!("write one of: {values}, on a line of its own")
    };
    match &ctx.report.severity {
        Field::Absent => out.push(Finding::new(
            crate::lint::trim_span(&ctx.report.source.text, section.heading_span.clone()),
            "no severity level is given",
            help,
        )),
        Field::Invalid { text, span, reason } => {
            // `Hgih` is a typo of `High`: said first.
            let values: Vec<String> = ctx
                .template
                .severity_values
                .iter()
                .map(|v| v.to_lowercase())
                .collect();
            let known: Vec<&str> = values.iter().map(String::as_str).collect();
            let meant =
                crate::spelling::closest(&text.trim().to_lowercase(), &known).and_then(|meant| {
                    let at = values.iter().position(|v| v == meant)?;
                    ctx.template.severity_values.get(at)
                });
            let help = match meant {
                Some(meant) => format!("did you mean `{meant}`? {help}"),
                None => help,
            };
            out.push(Finding::new(
                span.clone(),
                format!("`{text}` {reason}"),
                help,
            ));
        }
        Field::Present { .. } => {}
    }
}
