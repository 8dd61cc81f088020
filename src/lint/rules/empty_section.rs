//! `empty-section`: a section heading is present but has no content of its own.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "empty-section",
    default_level: Level::Error,
    summary: "a section heading is present but has no content of its own",
    explanation: r#"## What it does
Checks that every section that holds text in the template holds text of its own in the
report. A section's subsections do not fill it, and HTML comments do not count. Nor does
filler: `TBD`, `TBD (Raj)`, `TODO: fill in`, `XXX`, `...`, empty bullets, a label with nothing after
it (`**Root cause:**`), a table with no rows, a heading with nothing under it, or, in
the personnel section, a role whose name is left to fill in (`XXX: Lead Engineer`). A
section that only groups subsections in the template (`## 2. Rollback Trigger`) may stay
empty. An empty severity or time section is reported by `invalid-severity` or
`invalid-time`, which say what to write there.

## Why is this bad?
An empty section looks answered in the table of contents and is not. If nothing
applies, saying so is an answer; silence is not.

## Example
```markdown
### 4.3. Corrective Actions

### 4.4. Lessons Learned
TBD
```

Use instead:
```markdown
### 4.3. Corrective Actions
None: the fix shipped in 2.5.1 (see 4.2).
```

An explicit `None.` or `N/A` fills a section.

## Configuration
`empty-section = "warn"` under `[preprocessor.rollback.lints]`, or
`<!-- rollback-lint-disable-next-line empty-section -->` above the heading.
"#,
    check,
    one_per_section: false,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let report = ctx.report;
    let text = &report.source.text;
    for (t, section) in ctx.template.sections.iter().enumerate() {
        if !section.expects_content {
            continue;
        }
        let Some(found) = report.section(t) else {
            continue;
        };
        let body = found.body.clone();
        let overlaps =
            |span: &std::ops::Range<usize>| span.start < body.end && span.end > body.start;
        if report.placeholders.iter().any(overlaps)
            || report.leftover_examples.iter().any(|(_, s)| overlaps(s))
        {
            continue; // `placeholder` and `template-example` say more
        }
        // Comments and directives, in one sorted list.
        let hidden = crate::report::markdown::merge(
            report
                .comments
                .iter()
                .cloned()
                .chain(report.directives.iter().map(|d| d.span.clone()))
                .filter(overlaps)
                .collect(),
        );
        let message = if crate::report::markdown::is_blank_outside(text, body.clone(), &hidden) {
            format!("section `{}` is empty", section.heading)
        } else if crate::report::filler::is_filler_only(
            text,
            body,
            &hidden,
            section.role == Some(crate::template::Role::Personnel),
        ) {
            format!(
                "section `{}` holds no answer, only filler (`TBD`, `TODO`, an empty bullet or a bare label)",
                section.heading
            )
        } else {
            continue;
        };
        out.push(Finding::new(
            crate::lint::trim_span(text, found.heading_span.clone()),
            message,
            "write what happened here; if nothing applies, write `None.` or `N/A`",
        ));
    }
}
