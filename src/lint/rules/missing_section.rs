//! `missing-section`: a section of the template is absent.

use crate::lint::{Context, Finding, Level, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "missing-section",
    default_level: Level::Error,
    summary: "a section of the template is absent",
    explanation: r#"## What it does
Checks that every section of the template (`## 1. Executive Summary`, `### 2.1. Reason
for Rollback`, …) has a heading in the report. Headings match by title: numbering
(`2.1.`, `2.1`, none), case, closing `#`s and ATX or setext style do not matter.

## Why is this bad?
A rollback report is read under pressure and compared with others. A missing section is
usually a question nobody answered: why the rollback happened, who ran it, what was
learned. The template is the team's agreement on what every report answers.

## Example
```markdown
## 1. Executive Summary
Rolled payments back from 2.5.0 to 2.4.0.

## 3. Rollback Procedure
```

Use instead:
```markdown
## 1. Executive Summary
Rolled payments back from 2.5.0 to 2.4.0.

## 2. Rollback Trigger
### 2.1. Reason for Rollback
…
```

## Configuration
The sections come from the template: the built-in one, or `template = "…"` under
`[preprocessor.rollback]`. Edit the template to change what is required.
Set the level with `missing-section = "warn"` under `[preprocessor.rollback.lints]`, or
suppress it for one file with `<!-- rollback-lint-disable-file missing-section -->`.
"#,
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let template = ctx.template;
    let report = ctx.report;
    let text = &report.source.text;
    for (i, section) in template.sections.iter().enumerate() {
        if report.section(i).is_some() {
            continue;
        }
        if section.parent.is_some_and(|p| report.section(p).is_none()) {
            continue; // reported with its parent
        }
        let missing_children: Vec<&str> = template
            .sections
            .iter()
            .enumerate()
            .skip(i + 1)
            .filter(|(j, _)| template.ancestors(*j).contains(&i))
            .filter(|(j, _)| report.section(*j).is_none())
            .map(|(_, s)| s.heading.as_str())
            .collect();
        let next_present = (i + 1..template.sections.len()).find_map(|j| report.section(j));
        let (span, place) = match next_present {
            Some(next) => (
                crate::lint::trim_span(text, next.heading_span.clone()),
                format!("before `{}`", next.heading.trim()),
            ),
            None => {
                let end = text.trim_end().len();
                let line = report.source.line_span(end.saturating_sub(1));
                (line, "at the end of the report".to_string())
            }
        };
        let mut message = format!("section `{}` is missing", section.heading);
        if !missing_children.is_empty() {
            message.push_str(&format!(
                ", with its subsections {}",
                missing_children.join(", ")
            ));
        }
        out.push(
            Finding::new(
                span,
                message,
                format!("add `{}` {place} and fill it in", section.markdown()),
            )
            .in_section(section.heading.clone()),
        );
    }
}
