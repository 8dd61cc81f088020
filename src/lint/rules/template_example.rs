//! `template-example`: the template's example text is left unchanged.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "template-example",
    default_level: Level::Error,
    summary: "the template's `*Example: …*` or `*Possible values: …*` text is left unchanged",
    explanation: r#"## What it does
Finds the template's hint blocks (`*Example: …*`, `*Possible values: …*`) left in a
report, and sentences of the template's example text (four words or more) copied
unchanged into the section they illustrate: those that state the made-up incident's
facts (a number, a version or a name), or two or more of the section's sentences. One
generic step of the example (`Monitor system logs for any errors.`) is the report's own.

## Why is this bad?
The examples describe a made-up incident ("A critical bug was discovered in version
2.5.0…", "John Doe: Lead Engineer"). Published, they are wrong facts that look right.
Example text never counts as content: versions, times and severity are not read from it.

## Example
```markdown
### 3.4. Personnel Involved
*Example:
*   John Doe: Lead Engineer*
```

Use instead:
```markdown
### 3.4. Personnel Involved
*   Priya Nair: Incident Commander
*   Tom Berg: Database Administrator
```

## Configuration
`template-example = "warn"` under `[preprocessor.rollback.lints]` while a team moves to
the tool; `<!-- rollback-lint-disable-next-line template-example -->` for one quote.
"#,
    check,
    one_per_section: true,
};

/// One finding a place; they are shown one a section (see `one_per_section`).
fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let text = &ctx.report.source.text;
    for (t, span) in &ctx.report.leftover_examples {
        let labelled =
            !crate::template::hint_blocks(text, span.clone(), &ctx.template.hint_labels).is_empty();
        let (message, help) = if labelled {
            (
                "the template's example block is still here",
                "replace the example with what happened in this rollback; if the text in it is your own, delete the `*Example:` label and the closing `*`, as nothing inside an example block counts",
            )
        } else {
            (
                "this is the template's example text, about a made-up incident",
                "write what happened in this rollback instead",
            )
        };
        out.push(
            Finding::new(crate::lint::trim_span(text, span.clone()), message, help)
                .in_section(crate::lint::heading(ctx, *t)),
        );
    }
}
