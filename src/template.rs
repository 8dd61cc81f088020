//! The template is the schema: its headings are the required sections, and the
//! placeholder and example text in each one is what "not filled in yet" looks like.

use crate::report::markdown;
use crate::report::prose::{Normalized, word_count};
use crate::report::sections::{HeadingTitle, Section};
use std::ops::Range;
use std::path::Path;

/// The built-in template: the seed that teams start from.
pub const BUILTIN: &str = include_str!("../book-template/templates/rollback-report.md");

/// Where the built-in template is said to come from in messages.
pub const BUILTIN_NAME: &str = "<built-in template>";

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    /// Where it was read from, for messages.
    pub origin: String,
    /// The template's text.
    pub text: String,
    /// The required sections, in order.
    pub sections: Vec<TemplateSection>,
    /// The severity values, from the severity section's `*Possible values: …*`.
    pub severity_values: Vec<String>,
    /// The labels of the template's italic hint blocks, e.g. `Example`, `Possible values`.
    pub hint_labels: HintLabels,
}

/// The labels of a template's italic hint blocks, as the pattern that finds a block
/// opened with one of them.
#[derive(Debug, Clone, Default)]
pub struct HintLabels {
    opener: Option<regex::Regex>,
}

impl HintLabels {
    /// These labels (letters and spaces, as a template's are).
    pub fn new(names: &[String]) -> Self {
        if names.is_empty() {
            return HintLabels::default();
        }
        let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
        // A list marker, the opening `*` or `_`, then a label, in any ASCII case, and a
        // colon. Naming the labels in the pattern lets the search skip to them.
        let pattern = format!(
            r"(?m)^[ \t]*(?:[-*+][ \t]+)?([*_])[ \t]*((?i-u:{}))[ \t]*:",
            alternatives.join("|")
        );
        // The labels are escaped, so only an absurd number of them could fail to compile.
        HintLabels {
            opener: regex::Regex::new(&pattern).ok(),
        }
    }
}

/// What a section is for, when the tool reads facts from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The executive summary: versions may be read from it.
    Summary,
    /// The severity level.
    Severity,
    /// The rollback plan: versions may be read from it; the version diff goes at its end.
    Plan,
    /// Start and End Time; the timeline goes at its end.
    Time,
    /// The people involved.
    Personnel,
}

impl Role {
    /// The role of a section by its heading's key, as teams name it: a note in
    /// parentheses and symbols aside (`Severity Level (SEV1–SEV3)`, `Rollback Time
    /// (UTC)`, `Severity 🔥`), and any heading with the word `severity` or `priority`;
    /// with how surely (lower is surer). Of two sections that could hold a role, the
    /// surer one has it.
    fn of(key: &str) -> Option<(Role, u8)> {
        let bare = key.split('(').next().unwrap_or(key);
        let words: Vec<&str> = bare
            .split(|c: char| !c.is_alphanumeric() && c != ';')
            .filter(|w| !w.is_empty())
            .collect();
        let bare = words.join(" ");
        // 0: the names the tool has always read; 1: other names for the same; 2: any
        // heading that mentions severity or priority.
        Some(match bare.as_str() {
            "executive summary" | "summary" => (Role::Summary, 0),
            "overview" | "tl;dr" | "tldr" => (Role::Summary, 1),
            "severity level" | "severity" => (Role::Severity, 0),
            "priority" | "incident severity" => (Role::Severity, 1),
            "rollback plan" => (Role::Plan, 0),
            "plan" => (Role::Plan, 1),
            "rollback time" | "timing" | "rollback timing" => (Role::Time, 0),
            "rollback times" | "time" | "times" | "timeline" | "rollback timeline" | "when" => {
                (Role::Time, 1)
            }
            "personnel involved" | "people involved" | "personnel" => (Role::Personnel, 0),
            "people" | "participants" | "responders" => (Role::Personnel, 1),
            _ if words.iter().any(|w| matches!(*w, "severity" | "priority")) => (Role::Severity, 2),
            _ => return None,
        })
    }
}

/// One required section.
#[derive(Debug, Clone)]
pub struct TemplateSection {
    /// The heading as the template writes it, e.g. `2.1. Reason for Rollback`.
    pub heading: String,
    /// The heading's level.
    pub level: u8,
    /// Number, title and matching key.
    pub title: HeadingTitle,
    /// The enclosing template section.
    pub parent: Option<usize>,
    /// Whether the section must have text of its own (it has some in the template).
    pub expects_content: bool,
    /// Normalised sentences of the example text (four words or more), to be found left
    /// in a report.
    pub example_fragments: Vec<ExampleFragment>,
    /// Matches the first words of any example fragment: a quick test before the full
    /// comparison.
    pub example_openings: Option<regex::Regex>,
    /// Normalised sentences of the placeholder's instructions (four words or more), to be
    /// found left in a report without their `[**Placeholder: …**]` marker.
    pub instructions: Vec<String>,
    /// Matches the first words of any instruction, as `example_openings` does.
    pub instruction_openings: Option<regex::Regex>,
    /// What the section is for.
    pub role: Option<Role>,
}

/// The role of each section: each role goes to one section, the surest name's, then the
/// first.
fn roles(sections: &[Section]) -> Vec<Option<Role>> {
    let ranked: Vec<Option<(Role, u8)>> = sections.iter().map(|s| Role::of(&s.title.key)).collect();
    ranked
        .iter()
        .enumerate()
        .map(|(i, this)| {
            let (role, rank) = (*this)?;
            let surer_or_earlier = ranked.iter().enumerate().any(|(j, other)| {
                other
                    .is_some_and(|(other, other_rank)| other == role && (other_rank, j) < (rank, i))
            });
            (!surer_or_earlier).then_some(role)
        })
        .collect()
}

/// The severity values of a `*Possible values: …*` list: `Critical, High`, `SEV1, SEV2 or
/// SEV3`, `P0 / P1`, `SEV1; SEV2`. By commas when there are any (`N/A` is one value),
/// else by the first of `;`, `|` and `/` there is; and by ` or ` and ` and `.
fn severity_list(content: &str) -> Vec<String> {
    let list = content.trim().trim_end_matches(['*', '_']);
    let separator = [',', ';', '|', '/']
        .into_iter()
        .find(|c| list.contains(*c))
        .unwrap_or(',');
    list.split(separator)
        .flat_map(|v| v.split(" or ").flat_map(|v| v.split(" and ")))
        .map(|v| {
            let v = v.trim();
            let v = v
                .strip_prefix("or ")
                .or_else(|| v.strip_prefix("and "))
                .unwrap_or(v);
            v.trim_matches(['*', '_', '.', '`']).trim().to_string()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// A sentence of a template's example text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExampleFragment {
    /// The sentence, normalised.
    pub text: String,
    /// Whether it states facts of the made-up incident (a number, a version, a name:
    /// `John Doe: Lead Engineer`), rather than a step any team might write
    /// (`Monitor system logs for any errors.`).
    pub specific: bool,
}

impl TemplateSection {
    /// The heading as Markdown, e.g. `### 2.1. Reason for Rollback`.
    pub fn markdown(&self) -> String {
        format!("{} {}", "#".repeat(usize::from(self.level)), self.heading)
    }
}

impl Template {
    /// The built-in template (parsed once a process).
    pub fn builtin() -> Template {
        static BUILTIN_TEMPLATE: std::sync::LazyLock<Template> = std::sync::LazyLock::new(|| {
            // The built-in template is tested to parse (`the_builtin_template_is_the_seed_schema`).
            #[allow(clippy::expect_used)]
            Template::parse(BUILTIN, BUILTIN_NAME).expect("the built-in template parses")
        });
        BUILTIN_TEMPLATE.clone()
    }

    /// Reads a template file, shown to people as `shown_as`.
    pub fn load(path: &Path, shown_as: &str) -> Result<Template, crate::Error> {
        let bytes = std::fs::read(path).map_err(|e| {
            crate::Error::new(format!("cannot read the template: {e}"))
                .in_file(shown_as)
                .help("check `template = …` in [preprocessor.rollback]; it is relative to the book root")
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            crate::files::not_utf8(shown_as.to_string(), e.as_bytes(), valid)
        })?;
        Template::parse(&text, shown_as)
    }

    /// Parses template text; errors name `origin` as the file.
    pub fn parse(text: &str, origin: &str) -> Result<Template, crate::Error> {
        let body_start = match crate::report::frontmatter::locate(text) {
            Some(Ok((span, _))) => span.end,
            _ => usize::from(text.starts_with('\u{feff}')) * 3,
        };
        let scan = markdown::scan(text, body_start);
        let headings: Vec<_> = scan.headings.into_iter().filter(|h| h.level >= 2).collect();
        if headings.is_empty() {
            return Err(crate::Error::new("the template has no sections")
                .in_file(origin)
                .help("a template lists its required sections as `##` headings, like the built-in one (`mdbook-rollback init` writes a copy)"));
        }
        if let Some(untitled) = headings.iter().find(|h| h.text.trim().is_empty()) {
            let line = crate::source::line_of(text, untitled.span.start);
            return Err(crate::Error::new("a section heading with no title")
                .in_file(origin)
                .at_line(Some(line))
                .help("give the heading a title, or remove it"));
        }
        let mut index = 0;
        let sections = Section::build(headings, text.len(), |_| {
            index += 1;
            Some(index - 1)
        });
        let labels = HintLabels::new(&hint_labels(text, body_start));
        let roles = roles(&sections);
        let mut parents: Vec<(u8, usize)> = Vec::new();
        let mut out = Vec::with_capacity(sections.len());
        let mut severity_values = Vec::new();
        for (i, section) in sections.iter().enumerate() {
            while parents
                .last()
                .is_some_and(|(level, _)| *level >= section.level)
            {
                parents.pop();
            }
            let parent = parents.last().map(|(_, p)| *p);
            parents.push((section.level, i));
            let own = without(text, section.body.clone(), &scan.comments);
            let role = roles[i];
            let mut example_fragments = Vec::new();
            for block in hint_blocks(text, section.body.clone(), &labels) {
                let content = &text[block.content.clone()];
                if role == Some(Role::Severity)
                    && block.label.eq_ignore_ascii_case("possible values")
                {
                    severity_values = severity_list(content);
                }
                example_fragments.extend(fragments(content));
            }
            example_fragments.sort();
            example_fragments.dedup();
            let example_openings = openings(&example_fragments);
            let instructions = instructions(&text[section.body.clone()]);
            let instruction_openings = openings(
                &instructions
                    .iter()
                    .map(|text| ExampleFragment {
                        text: text.clone(),
                        specific: true,
                    })
                    .collect::<Vec<_>>(),
            );
            out.push(TemplateSection {
                heading: section.heading.clone(),
                level: section.level,
                title: section.title.clone(),
                parent,
                expects_content: !own.trim().is_empty(),
                example_fragments,
                example_openings,
                instructions,
                instruction_openings,
                role,
            });
        }
        Ok(Template {
            origin: origin.to_string(),
            text: text.to_string(),
            sections: out,
            severity_values,
            hint_labels: labels,
        })
    }

    /// The index of the section with this role.
    pub fn section_with(&self, role: Role) -> Option<usize> {
        self.sections.iter().position(|s| s.role == Some(role))
    }

    /// The chain of section indices from the top-level section down to `index`.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        let mut at = index;
        while let Some(parent) = self.sections.get(at).and_then(|s| s.parent) {
            chain.push(parent);
            at = parent;
        }
        chain.reverse();
        chain
    }
}

/// An italic hint block: `*Example: …*`, possibly over several lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HintBlock {
    /// `Example` or `Possible values`.
    pub label: String,
    /// The whole block, from its opening `*` to its closing one.
    pub span: Range<usize>,
    /// The text after `Label:`.
    pub content: Range<usize>,
}

/// Finds the hint blocks in `text[range]` whose label is one of `labels`.
pub fn hint_blocks(text: &str, range: Range<usize>, labels: &HintLabels) -> Vec<HintBlock> {
    let Some(opener) = &labels.opener else {
        return Vec::new();
    };
    let slice = &text[range.clone()];
    let mut blocks = Vec::new();
    let mut search_from = 0;
    // `find_at` first: most sections hold no hint, and captures cost an allocation.
    while let Some(caps) = opener
        .find_at(slice, search_from)
        .and_then(|found| opener.captures_at(slice, found.start()))
    {
        let (Some(whole), Some(marker), Some(label)) = (caps.get(0), caps.get(1), caps.get(2))
        else {
            break;
        };
        let close = marker.as_str().chars().next().unwrap_or('*');
        // The block ends at the first line (from this one on) that ends with the marker.
        let mut end = slice.len();
        let mut line_start = slice[..whole.end()].rfind('\n').map_or(0, |i| i + 1);
        while line_start < slice.len() {
            let line_end = slice[line_start..]
                .find('\n')
                .map_or(slice.len(), |i| line_start + i);
            let line = slice[line_start..line_end].trim_end();
            let trimmed_end = line_start + line.len();
            if trimmed_end > whole.end() && line.ends_with(close) {
                end = trimmed_end;
                break;
            }
            if line_start > whole.end() && line.trim().is_empty() {
                end = line_start;
                break;
            }
            line_start = line_end + 1;
        }
        let start = range.start + marker.start();
        let end = range.start + end;
        blocks.push(HintBlock {
            label: label.as_str().to_string(),
            span: start..end,
            content: (range.start + whole.end()).min(end)..end,
        });
        search_from = end - range.start;
    }
    blocks
}

/// The labels of the italic hint blocks a template uses (`Example`, `Possible values`).
fn hint_labels(text: &str, body_start: usize) -> Vec<String> {
    let opener = crate::regex!(r"(?m)^[ \t]*[*_]([A-Z][A-Za-z ]{0,30}?)[ \t]*:");
    let mut labels: Vec<String> = opener
        .captures_iter(&text[body_start..])
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
        .filter(|label| word_count(label) <= 3)
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

/// The normalised sentences (four words or more) of the placeholders in a section's
/// body: `[**Placeholder: Describe the reason. What triggered it?**]` gives both.
fn instructions(body: &str) -> Vec<String> {
    let marker = crate::regex!(r"(?i)\[[ \t]*(?:\*\*)?[ \t]*placeholder[ \t]*:([^\]]*)\]");
    marker
        .captures_iter(body)
        .filter_map(|caps| caps.get(1))
        .flat_map(|inner| {
            let inner = inner.as_str().trim().trim_end_matches(['*', '_']).trim();
            Normalized::of(inner)
                .split_inclusive(['.', '?', '!'])
                .map(|sentence| sentence.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|sentence| word_count(sentence) >= 4)
        .collect()
}

/// The normalised sentences of an example that are long enough to be recognised when
/// left in a report (four words or more).
fn fragments(content: &str) -> Vec<ExampleFragment> {
    content
        .lines()
        .flat_map(|line| {
            let line = line.trim().trim_end_matches(['*', '_']);
            // Each sentence is judged on its own, when the sentences of the line as
            // written and as normalised pair up; else on the whole line.
            let written: Vec<&str> = line.split_inclusive(". ").collect();
            let normalized = Normalized::of(line);
            let sentences: Vec<&str> = normalized.split_inclusive(". ").collect();
            let paired = written.len() == sentences.len();
            sentences
                .iter()
                .enumerate()
                .map(|(i, s)| ExampleFragment {
                    text: s.trim().to_string(),
                    specific: states_facts(if paired { written[i] } else { line }),
                })
                .collect::<Vec<_>>()
        })
        .filter(|fragment| word_count(&fragment.text) >= 4)
        .collect()
}

/// Whether example text states facts: it holds a digit (past a list marker), or a capital
/// letter that does not begin a sentence (a name).
fn states_facts(line: &str) -> bool {
    let mut sentence_start = true;
    for (i, word) in line.split_whitespace().enumerate() {
        let word = word.trim_start_matches(['*', '_', '(', '"', '`']);
        let list_marker = i == 0
            && (matches!(word, "-" | "+" | "*")
                || word
                    .strip_suffix(['.', ')'])
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())));
        if list_marker {
            continue;
        }
        if word.bytes().any(|b| b.is_ascii_digit())
            || (!sentence_start && word.starts_with(char::is_uppercase))
        {
            return true;
        }
        sentence_start = word.ends_with(['.', '!', '?', ':']);
    }
    false
}

/// A case-insensitive pattern for the first three words of each fragment, allowing any
/// punctuation or Markdown between them. It only tells which sections need the full
/// search, so it may match more: anything but an ASCII letter or digit goes between the
/// words, a class far cheaper to build than Unicode's `[\W_]`.
fn openings(fragments: &[ExampleFragment]) -> Option<regex::Regex> {
    let alternatives: Vec<String> = fragments
        .iter()
        .map(|f| {
            f.text
                .split_whitespace()
                .take(3)
                .map(|w| regex::escape(w.trim_matches(|c: char| !c.is_alphanumeric())))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(r"[^0-9A-Za-z]+")
        })
        .filter(|a| !a.is_empty())
        .collect();
    if alternatives.is_empty() {
        return None;
    }
    regex::Regex::new(&format!("(?i){}", alternatives.join("|"))).ok()
}

/// `text[range]` with the comment spans removed.
fn without(text: &str, range: Range<usize>, comments: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for comment in comments
        .iter()
        .filter(|c| c.end > range.start && c.start < range.end)
    {
        if comment.start > at {
            out.push_str(&text[at..comment.start]);
        }
        at = at.max(comment.end);
    }
    if at < range.end {
        out.push_str(&text[at..range.end]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title of the section that holds `role`.
    fn title_of(template: &Template, role: Role) -> Option<&str> {
        template
            .section_with(role)
            .map(|i| template.sections[i].title.title.as_str())
    }

    /// A team's names for the sections the tool reads facts from, and its own scale.
    #[test]
    fn roles_are_found_under_a_teams_names() {
        let template = Template::parse(
            "# Rollback Report\n\n## TL;DR\n\nx\n\n## Severity Level (SEV1–SEV3) 🔥\n\n*Possible values: SEV1, SEV2, or SEV3*\n\n## Timeline\n\n- 10:00 — x\n\n## Rollback Time (UTC)\n\n* Start Time: x\n\n## People\n\n* x\n",
            "t.md",
        )
        .unwrap();
        let role = |role| title_of(&template, role);
        assert_eq!(role(Role::Summary), Some("TL;DR"));
        assert_eq!(role(Role::Severity), Some("Severity Level (SEV1–SEV3) 🔥"));
        // `Timeline` could be the time section; `Rollback Time` surely is.
        assert_eq!(role(Role::Time), Some("Rollback Time (UTC)"));
        assert_eq!(role(Role::Personnel), Some("People"));
        assert_eq!(template.severity_values, ["SEV1", "SEV2", "SEV3"]);
        // The names the tool always read come before the others, and a heading that
        // only mentions severity comes last.
        let template = Template::parse(
            "# R\n\n## Summary\n\nx\n\n## Impact and Severity Rationale\n\nx\n\n## Severity\n\n*Possible values: SEV1, SEV2, SEV3, N/A*\n\n## Timeline\n\nx\n\n## Rollback Timing\n\n* Start Time: x\n",
            "t.md",
        )
        .unwrap();
        assert_eq!(title_of(&template, Role::Severity), Some("Severity"));
        assert_eq!(title_of(&template, Role::Time), Some("Rollback Timing"));
        assert_eq!(template.severity_values, ["SEV1", "SEV2", "SEV3", "N/A"]);
        let text = "# R\n\n## Severity\n\n*Possible values: SEV1, SEV2 or SEV3*\n";
        let template = Template::parse(text, "t.md").unwrap();
        assert_eq!(template.severity_values, ["SEV1", "SEV2", "SEV3"]);
        // The values are the severity section's, not those of a section that lost the role.
        let text = "# R\n\n## Severity\n\n*Possible values: SEV1, SEV2*\n\n## Priority\n\n*Possible values: P0, P1*\n";
        let template = Template::parse(text, "t.md").unwrap();
        assert_eq!(template.severity_values, ["SEV1", "SEV2"]);
        for values in ["P0 / P1 / P2", "P0; P1; P2", "P0 | P1 | P2"] {
            let text = format!("# R\n\n## Priority\n\n*Possible values: {values}*\n");
            let template = Template::parse(&text, "t.md").unwrap();
            assert_eq!(template.severity_values, ["P0", "P1", "P2"], "{values}");
        }
    }

    /// A heading with no title would be asked for as section ``.
    #[test]
    fn a_heading_without_a_title_is_refused_at_its_line() {
        for heading in ["## ", "###", "## ##"] {
            let text = format!("# Rollback Report\n\n## Summary\n\nx\n\n{heading}\n\nSomething.\n");
            let error = Template::parse(&text, "t.md").unwrap_err();
            assert_eq!(
                (error.file.as_deref(), error.line, error.message.as_str()),
                (Some("t.md"), Some(7), "a section heading with no title"),
                "{heading}"
            );
        }
    }

    #[test]
    fn the_builtin_template_is_the_seed_schema() {
        let template = Template::builtin();
        let headings: Vec<_> = template
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(
            headings,
            [
                "1. Executive Summary",
                "2. Rollback Trigger",
                "2.1. Reason for Rollback",
                "2.2. Severity Level",
                "2.3. Impact Assessment",
                "3. Rollback Procedure",
                "3.1. Rollback Plan",
                "3.2. Rollback Execution",
                "3.3. Rollback Time",
                "3.4. Personnel Involved",
                "4. Post-Rollback Analysis",
                "4.1. Verification of Rollback Success",
                "4.2. Root Cause Analysis (Initial)",
                "4.3. Corrective Actions",
                "4.4. Lessons Learned",
                "5. Appendix",
            ]
        );
        assert_eq!(
            template.severity_values,
            ["Critical", "High", "Medium", "Low"]
        );
        assert_eq!(
            hint_labels(&template.text, 0),
            ["Example", "Possible values"]
        );
        let trigger = &template.sections[1];
        assert!(!trigger.expects_content);
        assert_eq!(template.sections[2].parent, Some(1));
        assert!(template.sections[2].expects_content);
        assert_eq!(template.section_with(Role::Time), Some(8));
        assert_eq!(template.ancestors(8), [5, 8]);
    }

    #[test]
    fn example_fragments_cover_multi_line_examples() {
        let template = Template::builtin();
        let personnel = &template.sections[9];
        assert!(personnel.example_fragments.contains(&ExampleFragment {
            text: "john doe: lead engineer".to_string(),
            specific: true
        }));
        let plan = &template.sections[6];
        assert!(
            plan.example_fragments.contains(&ExampleFragment {
                text: "verify the integrity of the previous version (2.4.0) backup.".to_string(),
                specific: true
            }),
            "{:?}",
            plan.example_fragments
        );
        let severity = &template.sections[3];
        assert!(severity.example_fragments.contains(&ExampleFragment {
            text: "critical, high, medium, low".to_string(),
            specific: true
        }));
        assert!(plan.example_fragments.contains(&ExampleFragment {
            text: "monitor system logs for any errors.".to_string(),
            specific: false
        }));
    }

    #[test]
    fn hint_blocks_span_to_the_closing_marker() {
        let text = "*Example:\n*   Start Time: x\n*   End Time: y*\n\nafter\n";
        let blocks = hint_blocks(text, 0..text.len(), &HintLabels::new(&["Example".into()]));
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            &text[blocks[0].span.clone()],
            "*Example:\n*   Start Time: x\n*   End Time: y*"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The opener that names the labels finds the blocks that any opener, kept when
        /// its label is one of them, finds.
        #[test]
        fn openers_that_name_the_labels_find_the_same_blocks(
            lines in proptest::collection::vec("[ \t]{0,2}([-*+][ \t])?[*_ ]{0,2}(example|EXAMPLE|Example values|Possible  values|Possible values|Note|Exampl)?[ \t]{0,2}:?[ a*_]{0,3}", 0..6)
        ) {
            let text = lines.join("\n");
            let names = ["Example".to_string(), "Possible values".to_string()];
            let labels = HintLabels::new(&names);
            let any_opener = regex::Regex::new(
                r"(?m)^[ \t]*(?:[-*+][ \t]+)?([*_])[ \t]*([A-Za-z][A-Za-z ]{0,30}?)[ \t]*:",
            )
            .unwrap();
            // From any point, the first opener with one of the labels is the same.
            let first_labelled = |mut from: usize| {
                while let Some(caps) = any_opener.captures_at(&text, from) {
                    from = caps.get(0).unwrap().end();
                    let label = caps.get(2).unwrap().as_str();
                    if names.iter().any(|l| l.eq_ignore_ascii_case(label)) {
                        return Some((caps.get(1).unwrap().start(), label.to_string()));
                    }
                }
                None
            };
            let opener = labels.opener.as_ref().unwrap();
            for from in 0..=text.len() {
                let named = opener
                    .captures_at(&text, from)
                    .map(|c| (c.get(1).unwrap().start(), c.get(2).unwrap().as_str().to_string()));
                proptest::prop_assert_eq!(named, first_labelled(from), "{:?} from {}", text, from);
            }
        }
    }

    #[test]
    fn a_template_without_sections_is_refused() {
        let err = Template::parse("# Only a title\n", "t.md").unwrap_err();
        assert_eq!(
            (err.file.as_deref(), err.message.as_str()),
            (Some("t.md"), "the template has no sections")
        );
    }
}
