//! `{{#rollback-diff}}`, `{{#rollback-timeline}}` and `{{#rollback-index}}`: where a
//! chapter asks for the tool's tables, and where it misspells one.

use super::markdown;
use std::ops::Range;

/// A `{{#rollback-…}}` directive in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it asks for.
    pub kind: DirectiveKind,
    /// Where it is; the whole span is replaced.
    pub span: Range<usize>,
}

/// The directives the tool expands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DirectiveKind {
    /// `{{#rollback-diff}}`: the version-diff table goes here.
    Diff,
    /// `{{#rollback-timeline}}`: the timeline table goes here.
    Timeline,
    /// `{{#rollback-index}}`: the incident index goes here.
    Index,
}

/// Finds `{{#rollback-diff}}`, `{{#rollback-timeline}}` and `{{#rollback-index}}`, and
/// apart from them every other `{{#rollback-…}}` (a misspelt one).
pub fn find(prose: &str, from: usize) -> (Vec<Directive>, Vec<Range<usize>>) {
    // Misspelt too: `{{#rollback_diff}}`, `{{#Rollback-diff}}`, `{{#rollbackdiff}}`.
    let pattern = crate::regex!(r"(?i)\{\{\s*#rollback([-_ ]?)([^}]{0,60})\}\}");
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for caps in pattern.captures_iter(&prose[from..]) {
        let (Some(whole), Some(separator), Some(name)) = (caps.get(0), caps.get(1), caps.get(2))
        else {
            continue;
        };
        let span = from + whole.start()..from + whole.end();
        let spelt_right = separator.as_str() == "-" && whole.as_str().contains("#rollback-");
        let kind = match name.as_str().trim_end() {
            "diff" if spelt_right => DirectiveKind::Diff,
            "timeline" if spelt_right => DirectiveKind::Timeline,
            "index" if spelt_right => DirectiveKind::Index,
            _ => {
                unknown.push(span);
                continue;
            }
        };
        known.push(Directive { kind, span });
    }
    (known, unknown)
}

/// The `{{#rollback-index}}` directives of any chapter, outside code and comments.
pub fn index(text: &str) -> Vec<Directive> {
    if !text.contains("rollback-index") {
        return Vec::new();
    }
    page(text)
        .0
        .into_iter()
        .filter(|d| d.kind == DirectiveKind::Index)
        .collect()
}

/// The directives of any chapter, outside code and comments, and where it misspells one.
pub fn page(text: &str) -> (Vec<Directive>, Vec<Range<usize>>) {
    if !crate::regex!(r"(?i)#\s*rollback").is_match(text) {
        return (Vec::new(), Vec::new());
    }
    let scan = markdown::scan(text, 0);
    let literal = markdown::merge(scan.code.iter().chain(&scan.comments).cloned().collect());
    let prose = markdown::blank_out(text, &literal);
    find(&prose, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_in_code_are_literal() {
        let text =
            "{{#rollback-index}}\n\n`{{#rollback-index}}`\n\n```\n{{ #rollback-index }}\n```\n";
        let found = index(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, 0..19);
    }
}
