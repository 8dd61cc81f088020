//! What a report left of its template: placeholder markers and slots (`<name>`), the
//! placeholders' instructions copied without their marker, and example text.

use super::{markdown, prose};
use crate::template::{Template, TemplateSection, hint_blocks};
use regex::Regex;
use std::ops::Range;

/// The template's markers (`[**Placeholder: …**]`, the bold optional; one that runs over
/// more than 20 lines is taken to its first line, so that unclosed markers are found in
/// linear time; without its brackets, `**Placeholder: …**`, or a line that begins
/// `Placeholder:` and nothing, a capital or an instruction (`describe …`), to the end of
/// the line) and the `extra` patterns' matches, in `prose` after `body_start`. A team's
/// pattern (`\{\{.*?\}\}`) does not match the tool's own `directives`.
pub fn find(
    prose: &str,
    body_start: usize,
    extra: &[Regex],
    directives: &[Range<usize>],
) -> Vec<Range<usize>> {
    let marker = crate::regex!(
        r"(?im)\[[ \t]*(?:\*\*[ \t]*)?placeholder[ \t]*:(?:[^\]\n]*(?:\n[^\]\n]+){0,20}?\]|[^\n]*)|\*\*[ \t]*placeholder[ \t]*:[^\n]*|(?-i:^Placeholder:)[ \t]*(?:$|…|\.\.\.|(?-i:\p{Lu})|(?:describe|provide|list|explain|summari[sz]e|include|add|detail|outline|state|write|specify|enter|insert|document|identify|note|give|fill|please|tbd|todo)(?:\s|$))[^\n]*"
    );
    let body = &prose[body_start..];
    let mut spans: Vec<Range<usize>> = marker
        .find_iter(body)
        .map(|m| body_start + m.start()..body_start + m.end())
        .collect();
    // A slot to fill in (`<name>`, `<link to dashboard>`, `<time>`): words in angle
    // brackets that are no HTML tag. A tag is an element that is empty (`<br>`) or closed
    // further on (`<details open>…</details>`); `Vec<String>` is a type, after a word.
    let slot = crate::regex!(r"<([A-Za-z][A-Za-z]*)((?:[ _-][A-Za-z]+)*)>");
    // Where each element is last closed, found once (`</details`).
    let last_closed = std::cell::OnceCell::new();
    spans.extend(
        slot.captures_iter(body)
            .filter(|caps| {
                let Some(whole) = caps.get(0) else {
                    return false;
                };
                let after_a_word = body[..whole.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                let first = caps.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
                let tag = is_void_element(&first)
                    || (is_html_tag(&first) && {
                        let last_closed: &std::collections::HashMap<String, usize> = last_closed
                            .get_or_init(|| {
                                crate::regex!(r"</([A-Za-z][A-Za-z0-9]*)")
                                    .captures_iter(body)
                                    .filter_map(|caps| caps.get(1))
                                    .map(|name| (name.as_str().to_ascii_lowercase(), name.start()))
                                    .collect()
                            });
                        last_closed.get(&first).is_some_and(|&at| at > whole.end())
                    });
                !after_a_word && !tag
            })
            .filter_map(|caps| caps.get(0))
            .map(|m| body_start + m.start()..body_start + m.end()),
    );
    for pattern in extra {
        spans.extend(
            pattern
                .find_iter(body)
                .filter(|m| !m.is_empty())
                .map(|m| body_start + m.start()..body_start + m.end())
                .filter(|m| {
                    !directives
                        .iter()
                        .any(|d| d.start < m.end && m.start < d.end)
                }),
        );
    }
    spans
}

/// Spans of the template section's placeholder instructions left in a report section's
/// `body` without their marker: sentences next to each other are one span. Its questions
/// count only alone on their lines and unanswered up to the next one or the section's end
/// (`**What went well?** The runbook.` is the report's own).
pub fn leftover_instructions(
    prose: &str,
    body: Range<usize>,
    of_template: &TemplateSection,
) -> Vec<Range<usize>> {
    let may_hold = of_template
        .instruction_openings
        .as_ref()
        .is_some_and(|openings| openings.is_match(&prose[body.clone()]));
    if !may_hold {
        return Vec::new();
    }
    let normalized = prose::Normalized::new(prose, body.clone());
    let mut found: Vec<(Range<usize>, bool)> = of_template
        .instructions
        .iter()
        .flat_map(|instruction| {
            let question = instruction.ends_with('?');
            normalized
                .find_all(instruction)
                .into_iter()
                .map(move |span| (span, question))
        })
        .collect();
    found.sort_by_key(|(span, _)| span.start);
    // (span, whether it is all questions)
    let mut joined: Vec<(Range<usize>, bool)> = Vec::new();
    for (span, question) in found {
        match joined.last_mut() {
            Some((last, questions))
                if prose
                    .get(last.end..span.start)
                    .is_some_and(|gap| gap.trim().is_empty()) =>
            {
                last.end = last.end.max(span.end);
                *questions &= question;
            }
            _ => joined.push((span, question)),
        }
    }
    let ends: Vec<usize> = joined
        .iter()
        .skip(1)
        .map(|(span, _)| span.start)
        .chain([body.end])
        .collect();
    joined
        .into_iter()
        .zip(ends)
        .filter(|((span, questions), next)| {
            let answered = prose
                .get(span.end..*next)
                .is_some_and(|after| after.chars().any(char::is_alphanumeric));
            !questions || (alone_on_its_lines(prose, span) && !answered)
        })
        .map(|((span, _), _)| span)
        .collect()
}

/// Whether nothing but Markdown marks shares the lines of `span` in `text`.
fn alone_on_its_lines(text: &str, span: &Range<usize>) -> bool {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let marks = |c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '-' | '+' | '>' | '#' | '[' | ']' | '`')
    };
    text[line_start..span.start]
        .trim_start_matches(|c: char| marks(c) || c.is_ascii_digit() || c == '.' || c == ')')
        .is_empty()
        && text[span.end..line_end].chars().all(marks)
}

/// Whether `name` (lowercase) is an HTML element that is never closed (`<br>`, `<img>`).
fn is_void_element(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Whether `name` (lowercase) is an HTML element, by the HTML standard's list and the
/// old ones browsers still know (`<center>`); with attributes after it (`<details
/// open>`) or not, it is no slot to fill in.
fn is_html_tag(name: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a",
        "abbr",
        "acronym",
        "address",
        "applet",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "basefont",
        "bdi",
        "bdo",
        "big",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "marquee",
        "math",
        "menu",
        "meta",
        "meter",
        "nav",
        "nobr",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "search",
        "section",
        "select",
        "slot",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ];
    ELEMENTS.contains(&name)
}

/// Spans of template example text left in a report section: hint blocks that still have
/// their `*Example:` label, and sentences of the template's example (four words or more)
/// that state its made-up facts, or two or more of its sentences. A single step that any
/// team might write (`Monitor system logs for any errors.`) is the report's own.
pub fn leftover_examples(
    prose: &str,
    body: Range<usize>,
    template: &Template,
    t: usize,
) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = hint_blocks(prose, body.clone(), &template.hint_labels)
        .into_iter()
        .map(|b| b.span)
        .collect();
    if let Some(section) = template.sections.get(t)
        && !section.example_fragments.is_empty()
        && section
            .example_openings
            .as_ref()
            .is_none_or(|openings| openings.is_match(&prose[body.clone()]))
    {
        let normalized = prose::Normalized::new(prose, body);
        let mut generic = Vec::new();
        let mut found = 0;
        for fragment in &section.example_fragments {
            let at = normalized.find_all(&fragment.text);
            found += usize::from(!at.is_empty());
            if fragment.specific {
                spans.extend(at);
            } else {
                generic.extend(at);
            }
        }
        if found >= 2 {
            spans.extend(generic);
        }
    }
    markdown::merge(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template's marker with its brackets or its bold taken off is still one;
    /// prose that mentions a placeholder is not.
    #[test]
    fn placeholder_markers_stripped_of_their_brackets_are_found() {
        let text = "# Rollback Report\n\n## 1. Executive Summary\n\n**Placeholder: Describe the impact.**\n\nPlaceholder: Describe the plan.\n\n[Placeholder: the cause.]\n\nThe placeholder: a stub page we removed.\nPlaceholder: text in the search box was empty.\n  placeholder: \"\" (was \"Search\")\nPlaceholder: add-ons were disabled.\nPlaceholder:\nPlaceholder: What was the impact?\nPlaceholder: please describe it\n";
        let found: Vec<&str> = find(text, 0, &[], &[])
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(
            found,
            [
                "**Placeholder: Describe the impact.**",
                "Placeholder: Describe the plan.",
                "[Placeholder: the cause.]",
                "Placeholder:",
                "Placeholder: What was the impact?",
                "Placeholder: please describe it"
            ]
        );
    }
}
