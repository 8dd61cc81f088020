//! The domain: a rollback report read into front matter, a section tree matched against
//! the template, and the facts the tool needs (severity, times, versions, people).

pub mod directives;
pub mod events;
pub mod filler;
pub mod frontmatter;
pub mod markdown;
pub mod people;
pub mod placeholders;
pub mod prose;
pub mod sections;
pub mod severity;
pub mod shown;
pub mod tables;
pub mod times;
pub mod timestamp;
pub mod versions;

use crate::source::SourceFile;
use crate::template::{Role, Template, TemplateSection};
pub use directives::{Directive, DirectiveKind};
use frontmatter::FrontMatter;
use regex::Regex;
use sections::Section;
use std::borrow::Cow;
use std::ops::Range;

/// A value read from a report: absent, present but unusable, or present.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<T> {
    /// Not written anywhere.
    Absent,
    /// Written, but not usable.
    Invalid {
        /// The text as written.
        text: String,
        /// Where it is.
        span: Range<usize>,
        /// Why it is not usable.
        reason: String,
    },
    /// Written and usable.
    Present {
        /// The value.
        value: T,
        /// Where it is.
        span: Range<usize>,
    },
}

impl<T> Field<T> {
    /// The value, when present.
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Present { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Where the field is written, if it is.
    pub fn span(&self) -> Option<Range<usize>> {
        match self {
            Field::Absent => None,
            Field::Invalid { span, .. } | Field::Present { span, .. } => Some(span.clone()),
        }
    }
}

/// A report read against a template.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file.
    pub source: SourceFile,
    /// The front matter, when the file has a block at its top.
    pub front_matter: Option<FrontMatter>,
    /// Where the Markdown body starts (after front matter and BOM).
    pub body_start: usize,
    /// The first level-1 heading: its text and span.
    pub title: Option<(String, Range<usize>)>,
    /// Every heading below the title, as sections.
    pub sections: Vec<Section>,
    /// The template section index → the report section index that matched it.
    pub section_of_template: Vec<Option<usize>>,
    /// HTML comments in the body: invisible, never content, and where suppressions live.
    pub comments: Vec<Range<usize>>,
    /// Placeholder markers left in the text.
    pub placeholders: Vec<Range<usize>>,
    /// Template example text left in the text: (template section index, span).
    pub leftover_examples: Vec<(usize, Range<usize>)>,
    /// `{{#rollback-…}}` directives outside code.
    pub directives: Vec<Directive>,
    /// `{{#rollback-…}}` outside code that names no directive (`{{#rollback-timline}}`):
    /// published as written.
    pub unknown_directives: Vec<Range<usize>>,
    /// Every line that begins with a time (timeline events), outside code, comments,
    /// placeholders and example text.
    pub timed_lines: Vec<events::TimedLine>,
    /// The severity, from the severity section.
    pub severity: Field<String>,
    /// Start and End Time, from the time section.
    pub times: times::StartEnd,
    /// The versions rolled back from and to.
    pub versions: versions::Versions,
    /// The people involved.
    pub people: Vec<people::Person>,
}

impl Report {
    /// Reads a report. `placeholder_patterns` are extra patterns that count as placeholders.
    pub fn parse(
        source: SourceFile,
        template: &Template,
        placeholder_patterns: &[Regex],
    ) -> Report {
        let text = &source.text;
        let front_matter = frontmatter::parse(text);
        let body_start = match &front_matter {
            Some(fm) if fm.is_table && !fm.span.is_empty() => fm.span.end,
            _ => usize::from(text.starts_with('\u{feff}')) * 3,
        };
        let scan = markdown::scan(text, body_start);
        let title = scan
            .headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| (h.text.clone(), h.span.clone()));
        let title_start = title.as_ref().map_or(body_start, |(_, span)| span.start);
        let below_title: Vec<_> = scan
            .headings
            .into_iter()
            .filter(|h| match &title {
                Some(_) => h.span.start > title_start,
                None => h.level > 1,
            })
            .collect();
        let mut section_of_template = vec![None; template.sections.len()];
        let mut next_report_index = 0;
        // The template section matched last: of two of the same title (`Details` under
        // Impact and under Root Cause), a heading is the one under it or its parents.
        let mut last: Option<usize> = None;
        let sections = Section::build(below_title, text.len(), |heading| {
            let index = next_report_index;
            next_report_index += 1;
            let t = template_section_of(heading, template, &section_of_template, last)?;
            section_of_template[t] = Some(index);
            last = Some(t);
            Some(t)
        });

        let literal: Vec<Range<usize>> =
            markdown::merge(scan.code.iter().chain(&scan.comments).cloned().collect());
        let prose = markdown::blank_out(text, &literal);
        let (directives, unknown_directives) = directives::find(&prose, body_start);
        let ours: Vec<Range<usize>> = directives
            .iter()
            .map(|d| d.span.clone())
            .chain(unknown_directives.iter().cloned())
            .collect();
        let mut placeholders = placeholders::find(&prose, body_start, placeholder_patterns, &ours);
        // What each section left of its template: the placeholder's instructions without
        // their marker (a placeholder too), and example text.
        let mut leftover_examples = Vec::new();
        for (t, index) in section_of_template.iter().enumerate() {
            let (Some(section), Some(of_template)) = (
                index.and_then(|i| sections.get(i)),
                template.sections.get(t),
            ) else {
                continue;
            };
            let body = section.body.clone();
            placeholders.extend(placeholders::leftover_instructions(
                &prose,
                body.clone(),
                of_template,
            ));
            for span in placeholders::leftover_examples(&prose, body, template, t) {
                leftover_examples.push((t, span));
            }
        }
        placeholders = markdown::merge(placeholders);
        let mut blank: Vec<Range<usize>> = placeholders.clone();
        blank.extend(leftover_examples.iter().map(|(_, span)| span.clone()));
        blank.extend(scan.struck.iter().cloned());
        blank.extend(directives.iter().map(|d| d.span.clone()));
        let facts = markdown::blank_out(&prose, &markdown::merge(blank));

        let section_of = |role: Role| {
            template
                .section_with(role)
                .and_then(|t| section_of_template[t])
                .and_then(|i| sections.get(i))
        };
        let body_of = |role: Role| section_of(role).map(|s| s.body.clone());
        let severity = severity::read(&facts, body_of(Role::Severity), &template.severity_values);
        let values = with_values_in_code(text, &facts, &scan.code);
        let time_zone = section_of(Role::Time).and_then(|s| timestamp::zone_note(&s.title.title));
        let times = times::read(
            &values,
            body_of(Role::Time),
            &scan.tables,
            time_zone.as_deref(),
        );
        let version_bodies: Vec<Range<usize>> = [Role::Summary, Role::Plan]
            .into_iter()
            .filter_map(body_of)
            .collect();
        let mut versions = versions::read(text, &values, front_matter.as_ref(), &version_bodies);
        // Failing those, the title (`# Rollback Report: Search 7.2.0 → 7.1.4`), when both
        // of its versions are semver: a casual `7.2 → 7.1` there is no error. A version
        // rolled back to that the text gives alone stays.
        if let (Field::Absent, Some((_, span))) = (&versions.from, &title) {
            let titled = versions::read(text, &values, None, std::slice::from_ref(span));
            if titled.from.value().is_some() && titled.to.value().is_some() {
                versions.from = titled.from;
                if matches!(versions.to, Field::Absent) {
                    versions.to = titled.to;
                }
            }
        }
        let people = body_of(Role::Personnel)
            .map(|body| people::read(&facts, body, &scan.tables))
            .unwrap_or_default();
        let timed_lines = events::read(text, &values, body_start, &times, &scan.code, &scan.tables);

        Report {
            front_matter,
            body_start,
            title,
            sections,
            section_of_template,
            comments: scan.comments,
            placeholders,
            leftover_examples,
            directives,
            unknown_directives,
            timed_lines,
            severity,
            times,
            versions,
            people,
            source,
        }
    }

    /// The front matter fields (none when there is no front matter).
    pub fn fields(&self) -> &frontmatter::Fields {
        static NONE: frontmatter::Fields = frontmatter::Fields::NONE;
        self.front_matter.as_ref().map_or(&NONE, |fm| &fm.fields)
    }

    /// The report section that matched template section `t`.
    pub fn section(&self, t: usize) -> Option<&Section> {
        self.section_of_template
            .get(t)
            .copied()
            .flatten()
            .and_then(|i| self.sections.get(i))
    }

    /// The template section whose report section holds `offset`, if any.
    pub fn template_section_at(&self, offset: usize) -> Option<usize> {
        self.sections
            .iter()
            .filter(|s| s.template_index.is_some())
            .rev()
            .find(|s| s.heading_span.start <= offset)
            .and_then(|s| s.template_index)
    }

    /// The span of the front matter block that is removed when rendering, if any.
    pub fn front_matter_span(&self) -> Option<Range<usize>> {
        self.front_matter
            .as_ref()
            .filter(|fm| fm.is_table)
            .map(|fm| fm.span.clone())
            .filter(|span| !span.is_empty())
    }

    /// Whether the front matter says `status: draft`.
    pub fn is_draft(&self) -> bool {
        self.fields()
            .status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("draft"))
    }

    /// The title without a leading `Rollback Report` and separator, or the whole title.
    pub fn short_title(&self) -> Option<String> {
        let (title, _) = self.title.as_ref()?;
        let rest = strip_report_prefix(title).unwrap_or(title);
        let rest = rest.trim_start_matches([':', '-', '–', '—', ' ']).trim();
        Some(if rest.is_empty() {
            title.clone()
        } else {
            rest.to_string()
        })
    }
}

/// Whether a Markdown file is a rollback report: its first level-1 heading starts with
/// "Rollback Report", or its front matter says `type: rollback-report`.
pub fn is_report(text: &str) -> bool {
    let block = frontmatter::locate(text);
    if let Some(Ok((span, _))) = &block
        && text[span.clone()].contains("type")
        && let Some(kind) = frontmatter::parse(text).and_then(|fm| fm.fields.kind)
    {
        return kind.eq_ignore_ascii_case(frontmatter::REPORT_TYPE);
    }
    let body_start = match &block {
        Some(Ok((span, _))) => span.end,
        _ => usize::from(text.starts_with('\u{feff}')) * 3,
    };
    has_report_title(&text[body_start..])
}

/// Whether a Markdown file that is no report was meant to be one: its first heading, at
/// a lower level, is a report's title (`## Rollback Report: …`), or half the template's
/// sections are there (a fragment that a report includes has a few, a page about
/// rollbacks fewer). Until its title is fixed, it is neither checked nor published.
pub fn looks_like_report(text: &str, template: &Template) -> bool {
    let headings = markdown::scan(text, 0).headings;
    let titled = headings.first().is_some_and(|h| {
        strip_report_prefix(&h.text).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with([':', '-', '–', '—'])
        })
    });
    let sections = headings
        .iter()
        .filter(|h| {
            let key = sections::HeadingTitle::parse(&h.text).key;
            template.sections.iter().any(|s| s.title.key == key)
        })
        .count();
    titled || sections >= (template.sections.len() / 2).max(3)
}

/// Whether the first level-1 heading of a Markdown body begins with "Rollback Report".
fn has_report_title(body: &str) -> bool {
    let quick = crate::regex!(r"(?i)rollback\s+report");
    let Some(mention) = quick.find(body) else {
        return false;
    };
    // The title is at the top: the text up to the line after the first mention (room
    // for a setext underline) is parsed first, and the whole text only if it holds no
    // level-1 heading. Blocks that end before the cut are the same either way.
    let line_end = |from: usize| body[from..].find('\n').map_or(body.len(), |i| from + i + 1);
    let cut = line_end(line_end(mention.start()));
    first_h1(&body[..cut])
        .or_else(|| (cut < body.len()).then(|| first_h1(body)).flatten())
        .is_some_and(|title| strip_report_prefix(&title).is_some())
}

/// The text of the first level-1 heading, stopping the parse as soon as it is found.
fn first_h1(text: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut in_h1 = false;
    let mut title = String::new();
    for event in Parser::new_ext(text, markdown::parser_options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => in_h1 = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => return Some(title),
            Event::Text(t) | Event::Code(t) if in_h1 => title.push_str(&t),
            _ => {}
        }
    }
    None
}

/// The template section a report's `heading` is, among those not `matched` yet: the one
/// of its title, else of its title with a note in parentheses aside on either side
/// (`Rollback Time (UTC)`, `Root Cause Analysis` for `Root Cause Analysis (Initial)`), when
/// that leaves one title (`Impact (customer-facing)` is neither of `Impact (Internal)` and
/// `Impact (Customers)`). Of twins (`Details` under Impact and under Root Cause), the one
/// under `last`, the section matched before, or its parents.
fn template_section_of(
    heading: &sections::HeadingTitle,
    template: &Template,
    matched: &[Option<usize>],
    last: Option<usize>,
) -> Option<usize> {
    let exact = template
        .sections
        .iter()
        .any(|ts| ts.title.key == heading.key);
    let bare = sections::without_note(&heading.key);
    let same_bare = |ts: &TemplateSection| sections::without_note(&ts.title.key) == bare;
    let by_note = !exact && !bare.is_empty() && {
        let titles: std::collections::BTreeSet<&str> = template
            .sections
            .iter()
            .filter(|ts| same_bare(ts))
            .map(|ts| ts.title.key.as_str())
            .collect();
        titles.len() == 1
    };
    let mut candidates = template
        .sections
        .iter()
        .enumerate()
        .filter(|(t, ts)| {
            let key_matches = match exact {
                true => ts.title.key == heading.key,
                false => by_note && same_bare(ts),
            };
            key_matches && matched.get(*t).is_some_and(Option::is_none)
        })
        .map(|(t, ts)| (t, ts.parent));
    let first = candidates.next()?;
    // Nearly always the only one: the template's structure is asked only of twins.
    let Some(second) = candidates.next() else {
        return Some(first.0);
    };
    let around = last.map(|l| template.ancestors(l)).unwrap_or_default();
    let under_last = |parent: Option<usize>| parent.is_some_and(|p| around.contains(&p));
    let (t, _) = std::iter::once(first)
        .chain(std::iter::once(second))
        .chain(candidates)
        .find(|(_, parent)| under_last(*parent))
        .unwrap_or(first);
    Some(t)
}

/// The rest of a title after a leading "Rollback Report" (a whole phrase, any case).
fn strip_report_prefix(title: &str) -> Option<&str> {
    // Emoji and `:shortcodes:` before it are decoration (`🔙 Rollback Report`), as they
    // are in section headings.
    let prefix = crate::regex!(
        r"(?i)^\s*(?:(?:[^\x00-\x7F\p{L}\p{N}]|:[a-z0-9_+-]+:)\s*)*rollback\s+report\b"
    );
    prefix.find(title).map(|m| &title[m.end()..])
}

/// `facts` with the inline code spans that hold a value (a version or a time: what
/// begins with a digit, or `v` and a digit) written back from `text`, so that
/// `` Start Time: `2024-03-14 09:12 UTC` ``, `` - `14:02 UTC` — … `` and `` from `2.5.0` ``
/// are read like any other. Code that holds a command (`` `deploy 2.5.0` ``) stays
/// blanked.
fn with_values_in_code<'a>(text: &str, facts: &'a str, code: &[Range<usize>]) -> Cow<'a, str> {
    let mut values = Cow::Borrowed(facts);
    for span in code {
        let Some(written) = text.get(span.clone()) else {
            continue;
        };
        let inner = written.trim_matches('`').trim();
        let value = inner.strip_prefix(['v', 'V']).unwrap_or(inner);
        if !written.starts_with('`') || written.contains('\n') {
            continue;
        }
        if value.starts_with(|c: char| c.is_ascii_digit()) {
            values.to_mut().replace_range(span.clone(), written);
        } else if let Some(tag) =
            crate::regex!(r"^[\w.\-/]*[A-Za-z][\w.\-/]*[:@](v?\d+(?:\.\d+)+(?:[-+][\w.]+)?)`*$")
                .captures(written.trim_start_matches('`'))
                .and_then(|caps| caps.get(1))
        {
            // An image or package with its version (`ghcr.io/acme/payments:2.5.0`,
            // `payments@2.5.0`): the version is read, in the place of the whole.
            let tag = tag.as_str();
            let closing = written.len() - written.trim_end_matches('`').len();
            let padding = written.len().saturating_sub(tag.len() + closing);
            let shown = format!("{}{tag}{}", " ".repeat(padding), "`".repeat(closing));
            if shown.len() == written.len() {
                values.to_mut().replace_range(span.clone(), &shown);
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Parsing up to the line after the first mention finds the title the whole
        /// text has.
        #[test]
        fn the_title_is_found_near_the_mention(lines in proptest::collection::vec(
            proptest::sample::select(vec![
                "# Rollback Report: X", "Rollback Report", "rollback  report x", "===", "---",
                "```", "~~~", "text", "", "> quote", "> # Rollback Report", "- item",
                "<div>", "</div>", "<!--", "-->", "# Other", "    # Rollback Report", "Title",
                "| a | b |", "|---|---|", "[x]: /y", "- # Rollback Report", "   ",
            ]),
            0..12,
        )) {
            let text = lines.join("\n");
            let whole = quick_mentions(&text)
                && first_h1(&text).is_some_and(|t| strip_report_prefix(&t).is_some());
            proptest::prop_assert_eq!(has_report_title(&text), whole, "{:?}", text);
        }
    }

    fn quick_mentions(text: &str) -> bool {
        crate::regex!(r"(?i)rollback\s+report").is_match(text)
    }

    #[test]
    fn versions_may_come_from_the_title_last() {
        let parse = |text: &str| {
            let template = Template::builtin();
            Report::parse(SourceFile::new("r.md", text.to_string()), &template, &[])
        };
        let report = parse(
            "# Rollback Report: Search 7.2.0 → 7.1.4\n\n## 1. Executive Summary\n\nRolled back.\n",
        );
        let versions =
            [&report.versions.from, &report.versions.to].map(|v| v.value().map(|v| v.to_string()));
        assert_eq!(
            versions,
            [Some("7.2.0".to_string()), Some("7.1.4".to_string())]
        );
        let from = |report: &Report| report.versions.from.value().map(|v| v.to_string());
        // The text's version rolled back to, with the title's from.
        let report = parse(
            "# Rollback Report: Search 7.2.0 → 7.1.4\n\n## 1. Executive Summary\n\nRolled back to 7.1.4.\n",
        );
        assert_eq!(from(&report).as_deref(), Some("7.2.0"));
        let report = parse("# Rollback Report: Search 7.2 → 7.1\n\n## 1. Executive Summary\n");
        assert!(matches!(report.versions.from, Field::Absent));
        let report = parse(
            "# Rollback Report: Search 7.2.0 → 7.1.4\n\n## 1. Executive Summary\n\nRolled back from 7.2.1 to 7.2.0.\n",
        );
        assert_eq!(from(&report).as_deref(), Some("7.2.1"));
    }

    /// A note in parentheses on either heading does not stop the match, nor does it
    /// take a section whose title is written as it is.
    #[test]
    fn headings_match_with_a_note_in_parentheses_aside() {
        let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
        let text = complete
            .replace("### 3.3. Rollback Time", "### 3.3. Rollback Time (UTC)")
            .replace(
                "### 4.2. Root Cause Analysis (Initial)",
                "### 4.2. Root Cause Analysis",
            );
        let template = Template::builtin();
        let report = Report::parse(SourceFile::new("r.md", text), &template, &[]);
        let time = template.section_with(Role::Time).unwrap();
        assert!(report.section(time).is_some());
        assert!(matches!(report.times.start, Field::Present { .. }));
        let root_cause = template
            .sections
            .iter()
            .position(|s| s.title.title == "Root Cause Analysis (Initial)")
            .unwrap();
        assert!(report.section(root_cause).is_some());
        // Of two that differ by their notes, neither.
        let custom = Template::parse(
            "# Rollback Report\n\n## Impact (Internal)\n\nx\n\n## Impact (Customers)\n\nx\n",
            "t.md",
        )
        .unwrap();
        let report = Report::parse(
            SourceFile::new(
                "r.md",
                "# Rollback Report\n\n## Impact (customer-facing)\n\ny\n",
            ),
            &custom,
            &[],
        );
        assert!(report.section(0).is_none() && report.section(1).is_none());
        assert_eq!(sections::without_note("a (b) (c)"), "a");
        assert_eq!(sections::without_note("(draft)"), "");
    }

    /// A team's `{{…}}` placeholder pattern finds its own markers, not the tool's
    /// directives, known or misspelt.
    #[test]
    fn placeholder_patterns_leave_directives_alone() {
        let patterns = [Regex::new(r"\{\{[^}]*\}\}").unwrap()];
        let text = "# Rollback Report\n\n## 1. Executive Summary\n\n{{ fill me }}\n\n{{#rollback-diff}} {{#rollback_timeline}}\n";
        let report = Report::parse(
            SourceFile::new("r.md", text.to_string()),
            &Template::builtin(),
            &patterns,
        );
        let found: Vec<&str> = report
            .placeholders
            .iter()
            .map(|s| &text[s.clone()])
            .collect();
        assert_eq!(found, ["{{ fill me }}"]);
    }

    #[test]
    fn reports_are_recognised_by_title_or_front_matter() {
        assert!(is_report("# Rollback Report\n"));
        assert!(is_report("# Rollback report: payments 2.5.0\n"));
        assert!(is_report("Rollback Report — API\n===\n"));
        assert!(is_report("---\nservice: x\n---\n# Rollback Report\n"));
        assert!(is_report(
            "---\ntype: rollback-report\n---\n# Payments incident\n"
        ));
        assert!(is_report("\u{feff}# Rollback Report\r\n"));
        // An emoji before the title is decoration, as in a section heading.
        assert!(is_report("# 🔙 Rollback Report: Payments API 2.5.0\n"));
        assert!(is_report("# :rewind: ↩️ Rollback Report\n"));
        assert!(!is_report("# Not a Rollback Report\n"));
    }

    #[test]
    fn other_chapters_are_not_reports() {
        assert!(!is_report("# Rollback Reports\n"));
        assert!(!is_report("# Handbook\n\n## Rollback Report\n"));
        assert!(!is_report("# Intro\n\n# Rollback Report\n"));
        assert!(!is_report("```\n# Rollback Report\n```\n"));
        assert!(!is_report("Text with [**Placeholder: x**]\n"));
        assert!(!is_report("---\ntype: runbook\n---\n# Rollback Report\n"));
    }

    #[test]
    fn values_in_code_are_read_and_commands_are_not() {
        let text = "# Rollback Report: X\n\n## 1. Executive Summary\n\nRolled back from `2.5.0` to `v2.4.0` with `deploy 9.9.9`.\n\n### 3.3. Rollback Time\n\n- Start Time: `2024-03-14 09:12 UTC`\n- End Time: 2024-03-14 09:57 UTC\n\n- `09:20 UTC` — paged\n";
        let source = SourceFile::new("r.md", text);
        let report = Report::parse(source, &Template::builtin(), &[]);
        let version = |v: &Field<semver::Version>| v.value().map(ToString::to_string);
        assert_eq!(version(&report.versions.from).as_deref(), Some("2.5.0"));
        assert_eq!(version(&report.versions.to).as_deref(), Some("2.4.0"));
        let start = report.times.start.value().map(|t| t.original.as_str());
        assert_eq!(start, Some("2024-03-14 09:12 UTC"));
        let event = report.timed_lines.first().map(|l| l.description.as_str());
        assert_eq!(event, Some("paged"));
        let command = text.find("`deploy").unwrap()..text.find(" 9.9.9`").unwrap() + 7;
        assert_eq!(&text[command.clone()], "`deploy 9.9.9`");
        let blank = " ".repeat(text.len());
        let values = with_values_in_code(text, &blank, std::slice::from_ref(&command));
        assert!(values.trim().is_empty(), "a command stays blanked");
    }

    /// An image or a package with its version gives the version, found where it is.
    #[test]
    fn an_image_tag_in_code_is_a_version() {
        let text = "# Rollback Report: X\n\n## 1. Executive Summary\n\nWe rolled back `registry.example.com/payments-api:2.5.0` to ``ghcr.io/acme/payments@v2.4.0``.\n";
        let report = Report::parse(SourceFile::new("r.md", text), &Template::builtin(), &[]);
        let (
            Field::Present {
                value: from,
                span: from_span,
            },
            Field::Present {
                value: to,
                span: to_span,
            },
        ) = (&report.versions.from, &report.versions.to)
        else {
            panic!("{:?}", report.versions)
        };
        assert_eq!(
            (from.to_string(), to.to_string()),
            ("2.5.0".into(), "2.4.0".into())
        );
        assert_eq!(
            (&text[from_span.clone()], &text[to_span.clone()]),
            ("2.5.0", "v2.4.0")
        );
    }
}
