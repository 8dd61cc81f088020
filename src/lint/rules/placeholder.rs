//! `placeholder`: a `[**Placeholder: …**]` marker (or a configured pattern) is left.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "placeholder",
    default_level: Level::Error,
    summary: "a `[**Placeholder: …**]` marker (or a configured placeholder pattern) is left",
    explanation: r#"## What it does
Finds the template's `[**Placeholder: …**]` markers left in a report (in bold or not, with
or without their brackets), and text matching the patterns in `placeholder-patterns`.
Text in code blocks, inline code and HTML comments is not checked.

## Why is this bad?
A placeholder is an instruction to the author. Left in place, it is published as if it
were the answer, and the section it sits in was probably never written.

## Example
```markdown
### 2.1. Reason for Rollback
[**Placeholder: Describe in detail the reason for initiating the rollback.**]
```

Use instead:
```markdown
### 2.1. Reason for Rollback
Checkout error rates rose from 0.1% to 6% within four minutes of the 2.5.0 deploy.
```

## Configuration
Add your own markers under `[preprocessor.rollback]`:
`placeholder-patterns = ["\\bTBD\\b", "TODO\\("]`. Set the level with
`placeholder = "warn"` under `[preprocessor.rollback.lints]`.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let text = &ctx.report.source.text;
    for span in &ctx.report.placeholders {
        let shown = crate::lint::trim_span(text, span.clone());
        let snippet: String = text[shown.clone()].chars().take(60).collect();
        let ellipsis = if text[shown.clone()].chars().count() > 60 {
            "…"
        } else {
            ""
        };
        out.push(Finding::new(
            shown,
            format!("placeholder text is still here: `{snippet}{ellipsis}`"),
            "replace the placeholder with what happened in this rollback",
        ));
    }
}
