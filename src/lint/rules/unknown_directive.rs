//! `unknown-directive`: a `{{#rollback-…}}` that names no directive.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "unknown-directive",
    default_level: Level::Warning,
    summary: "a `{{#rollback-…}}` directive is misspelt, so it is published as written",
    explanation: r#"## What it does
Looks for `{{#rollback-…}}` outside code that is not one of the three directives:
`{{#rollback-diff}}`, `{{#rollback-timeline}}` and `{{#rollback-index}}`, and names the
one it is a typo of. It looks in every page of the book as written, not only in
reports: the index usually sits on a page of its own. The build stops only for an
incomplete report, so on a page it warns at any level; `check` fails on it at "error".

## Why is this bad?
The build leaves a directive it does not know as it is: the handbook shows the raw
`{{#rollback-timline}}`, and the table it asked for goes to its default place instead.

## Example
```markdown
### 3.3. Rollback Time

{{#rollback-timline}}
```

Use instead:
```markdown
### 3.3. Rollback Time

{{#rollback-timeline}}
```

## Configuration
`unknown-directive = "error"` under `[preprocessor.rollback.lints]` fails the build on
it; write the text in backticks to show a directive literally.
"#,
    check,
    one_per_section: false,
};

/// The directives there are.
const DIRECTIVES: &[&str] = &["rollback-diff", "rollback-timeline", "rollback-index"];

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    out.extend(findings(
        &ctx.report.source.text,
        &ctx.report.unknown_directives,
    ));
}

/// The findings for the misspelt directives at `spans` of `text`: a report's, or any
/// other page's (`{{#rollback-indx}}` on the index page).
pub fn findings(text: &str, spans: &[std::ops::Range<usize>]) -> Vec<Finding> {
    spans
        .iter()
        .filter_map(|span| {
            let written = text.get(span.clone())?;
            let name = written
                .trim_start_matches(['{', ' ', '\t', '#'])
                .trim_end_matches(['}', ' ', '\t']);
            let help = match crate::spelling::closest(&name.to_lowercase(), DIRECTIVES) {
                Some(meant) => format!("did you mean `{{{{#{meant}}}}}`?"),
                None => {
                    "use `{{#rollback-diff}}`, `{{#rollback-timeline}}` or `{{#rollback-index}}`"
                        .to_string()
                }
            };
            Some(Finding::new(
                span.clone(),
                format!("`{written}` is not a directive; it is published as written"),
                help,
            ))
        })
        .collect()
}
