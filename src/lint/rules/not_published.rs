//! `not-published`: a page or report in a book that the build leaves out of the handbook.

use crate::lint::{Context, Finding, Level, Rule};
use crate::paths::display;
use std::path::Path;

/// The rule.
pub const RULE: Rule = Rule {
    name: "not-published",
    default_level: Level::Warning,
    summary: "a file that the build leaves out of the handbook, so nobody reads it",
    explanation: r#"## What it does
Looks, when `check` is given a book, for two kinds of file that `SUMMARY.md` does not
list:
- a page in the reports folder (`reports-dir`) that is not a rollback report: the build
  adds only reports found there (and warns about such a page too);
- a rollback report outside the reports folder: the build never sees it, so it is
  neither published nor checked.

A file that has half the template's sections, or a report's title under a lower heading
(`## Rollback Report: …`), but not a report's title, is named too: in the reports
folder, and when `check` is given the file itself (as the pre-commit hook does). It is
not checked until its title is fixed.

## Why is this bad?
The file was written to be read, and it silently is not. A report left out this way is
not checked either, so an incomplete one would pass CI.

## Example
`src/incidents/notes.md`, in the reports folder, titled `# Notes on the payments
rollback`.

Use instead: list it in `SUMMARY.md`; or, if it is a report, begin its title with
"Rollback Report" (or put `type: rollback-report` in its front matter). Move a report
found elsewhere into the reports folder.

## Configuration
`not-published = "error"` under `[preprocessor.rollback.lints]` fails `check` on such a
file (the build only warns); `"allow"` silences it, in the build too. The file is no
report, so suppression comments in it are not read: the lints table is the one switch.
"#,
    check,
    one_per_section: false,
};

/// Found for a book, not in a report's text: `check` on a book and the build call
/// [`page`] and [`report`] for the files `SUMMARY.md` does not list.
fn check(_: &Context<'_>, _: &mut Vec<Finding>) {}

/// A page in the reports folder that is not a report; `text` is the page's.
pub fn page(text: &str) -> Finding {
    Finding::new(
        title(text),
        "this page is in the reports folder, but neither in SUMMARY.md nor a rollback report, so it is not published",
        "begin its title with \"Rollback Report\" (or put `type: rollback-report` in its front matter), or list it in SUMMARY.md",
    )
}

/// A file that was meant to be a report, but has no report's title
/// ([`crate::report::looks_like_report`]); `text` is the file's.
pub fn untitled_report(text: &str) -> Finding {
    Finding::new(
        title(text),
        "this file has the sections of a rollback report, but its title (the first `#` heading) does not begin with \"Rollback Report\", so it is not checked (nor published, unless SUMMARY.md lists it)",
        "begin it with a title such as `# Rollback Report: payments-api 2.5.0` (or put `type: rollback-report` in its front matter)",
    )
}

/// A report outside `reports_dir` (under `src/`); `text` is the report's.
pub fn report(text: &str, reports_dir: &Path) -> Finding {
    Finding::new(
        title(text),
        "this report is neither in SUMMARY.md nor under the reports folder, so it is not published, nor checked",
        format!(
            "move it to src/{}, or list it in SUMMARY.md",
            display(reports_dir)
        ),
    )
}

/// Where to point: the title (the first `#` heading, past any front matter), or else the
/// first line with text on it.
fn title(text: &str) -> std::ops::Range<usize> {
    let body = match crate::report::frontmatter::locate(text) {
        Some(Ok((front_matter, _))) => front_matter.end,
        _ => 0,
    };
    crate::report::markdown::scan(text, body)
        .headings
        .iter()
        .find(|h| h.level == 1)
        .map_or_else(
            || {
                let line = first_line(&text[body..]);
                body + line.start..body + line.end
            },
            |h| crate::lint::trim_span(text, h.span.clone()),
        )
}

/// The first line with text on it.
fn first_line(text: &str) -> std::ops::Range<usize> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut start = bom;
    for line in text[bom..].split_inclusive('\n') {
        let content = line.trim_end();
        if !content.trim().is_empty() {
            return start..start + content.len();
        }
        start += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_first_line_with_text() {
        for text in [
            "\n\n# Notes  \r\nbody\n",
            "\u{feff}# Notes\n",
            "---\nservice: x\n---\n<!-- a comment -->\n\n# Notes\n",
        ] {
            assert_eq!(&text[page(text).span], "# Notes", "{text:?}");
        }
        assert_eq!(
            &"\n  some text\n"[page("\n  some text\n").span],
            "  some text"
        );
        assert_eq!(page("").span, 0..0);
        let text = "---\nservice: x\n---\nNotes\n";
        assert_eq!(&text[page(text).span], "Notes");
        assert!(
            report("# Rollback Report", Path::new("incidents"))
                .help
                .contains("src/incidents")
        );
    }
}
