//! `missing-section`: a section of the template is absent.

use crate::lint::{Context, Finding, Level, Rule};
use crate::report::Report;
use crate::report::sections::Section;
use crate::template::TemplateSection;

/// The rule.
pub const RULE: Rule = Rule {
    name: "missing-section",
    default_level: Level::Error,
    summary: "a section of the template is absent",
    explanation: r#"## What it does
Checks that every section of the template (`## 1. Executive Summary`, `### 2.1. Reason
for Rollback`, …) has a heading in the report. Headings match by title: numbering
(`2.1.`, `2.1`, none), case, closing `#`s and ATX or setext style do not matter. When
a heading that matches no section is a typo away from a missing one, or has its number
(`### 4.4. Lessons Learnt`), the finding points at it and suggests the rename. So it
does at a bold line with the section's title (`**2.1. Reason for Rollback**`, as
document editors export headings), and asks for a heading there.

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
    one_per_section: false,
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
        let finding = match look_alike(report, section) {
            Some(heading) => Finding::new(
                crate::lint::trim_span(text, heading.heading_span.clone()),
                format!("{message}; the heading here looks like it"),
                format!(
                    "rename it to `{}` if it is that section; otherwise add `{}` {place}",
                    section.markdown(),
                    section.markdown()
                ),
            ),
            None => match bold_look_alike(text, section) {
                // Google Docs and Confluence exports often make headings bold lines.
                Some(line) => Finding::new(
                    line,
                    format!("{message}; the bold line here looks like its heading"),
                    format!(
                        "make it a heading, `{}`: a bold line is no section to mdBook or to this lint",
                        section.markdown()
                    ),
                ),
                None => Finding::new(
                    span,
                    message,
                    format!("add `{}` {place} and fill it in", section.markdown()),
                ),
            },
        };
        out.push(finding.in_section(section.heading.clone()));
    }
}

/// A heading that matched no section of the template but looks like `section`: its
/// title is a typo away, or it has the section's number.
fn look_alike<'a>(report: &'a Report, section: &TemplateSection) -> Option<&'a Section> {
    let key = section.title.key.as_str();
    let most = (key.chars().count() / 8).max(1);
    // `Severity` for `Severity Level`, `Root Cause Analysis` for `Root Cause Analysis
    // (Initial)`: the first words of it, or it and more.
    let begins = |long: &str, short: &str| {
        short.len() >= 5
            && long
                .strip_prefix(short)
                .is_some_and(|rest| rest.starts_with(' '))
    };
    report
        .sections
        .iter()
        .filter(|s| s.template_index.is_none())
        .find(|s| {
            (section.title.number.is_some() && s.title.number == section.title.number)
                || (s.title.key.len().abs_diff(key.len()) <= most * 4
                    && crate::spelling::edit_distance(&s.title.key, key) <= most)
                || begins(key, &s.title.key)
                || begins(&s.title.key, key)
        })
}

/// A line that is only bold text (`**1. Executive Summary**`, `<strong>…</strong>`) with
/// the title of `section`, outside code: a heading written as bold.
fn bold_look_alike(text: &str, section: &TemplateSection) -> Option<std::ops::Range<usize>> {
    let bold = crate::regex!(
        r"(?im)^[ \t]{0,3}(?:\*\*|__|<strong>|<b>)[ \t]*(.+?)[ \t]*(?:\*\*|__|</strong>|</b>)[ \t]*:?[ \t]*\r?$"
    );
    let key = crate::report::sections::without_note(&section.title.key);
    // Where the code is, found only once a bold line could be the heading.
    let code = std::cell::OnceCell::new();
    bold.captures_iter(text).find_map(|caps| {
        let title = crate::report::sections::HeadingTitle::parse(caps.get(1)?.as_str());
        let line = caps.get(0)?;
        let in_code = || {
            code.get_or_init(|| crate::report::markdown::scan(text, 0).code)
                .iter()
                .any(|c: &std::ops::Range<usize>| c.start <= line.start() && line.start() < c.end)
        };
        (!key.is_empty() && crate::report::sections::without_note(&title.key) == key && !in_code())
            .then(|| crate::lint::trim_span(text, line.range()))
    })
}
