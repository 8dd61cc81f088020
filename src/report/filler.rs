//! Filler: what an author writes to come back to later (`TBD`, `TODO: fill in`, `...`, an
//! empty bullet, a label with nothing after it, a table with no rows). A section that
//! holds only filler is as unanswered as an empty one.

use std::borrow::Cow;
use std::ops::Range;

/// Whether `text[range]`, once the `hidden` spans (sorted) are taken out, holds nothing
/// but filler: blank lines, headings of its own, list markers, table headers without
/// rows, `Label:` lines with nothing after them, HTML tags, and the words and marks
/// authors leave to fill in later. Where the section lists people (`names_expected`), a
/// role whose name is left to fill in (`XXX: Database Administrator`) is filler too.
pub fn is_filler_only(
    text: &str,
    range: Range<usize>,
    hidden: &[Range<usize>],
    names_expected: bool,
) -> bool {
    let visible = crate::report::markdown::visible(text, range, hidden);
    let lines: Vec<&str> = visible.lines().collect();
    let mut answered = false;
    // The fence of the code block the line is in: its character and length.
    let mut fence: Option<(u8, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        // Code is an answer (`# kubectl rollout undo` in a fence is no heading), in a
        // list item or a quote too, and so is an indented code block.
        let inner = crate::report::times::strip_marker(line.trim_start());
        let ticks = inner.bytes().take_while(|&b| b == b'`').count();
        let tildes = inner.bytes().take_while(|&b| b == b'~').count();
        let marker = match (ticks, tildes) {
            (n, _) if n >= 3 => Some((b'`', n)),
            (_, n) if n >= 3 => Some((b'~', n)),
            _ => None,
        };
        match (fence, marker) {
            (None, Some(opened)) => {
                fence = Some(opened);
                continue;
            }
            (Some((c, n)), Some((closing, m))) if c == closing && m >= n => {
                fence = None;
                continue;
            }
            _ => {}
        }
        if (fence.is_some() || line.starts_with("    ") || line.starts_with('\t'))
            && !inner.trim().is_empty()
        {
            answered = true;
            break;
        }
        // A table's header row, when a delimiter row follows: headers are no answer.
        let is_header = line.contains('|')
            && lines
                .get(i + 1)
                .is_some_and(|next| crate::report::tables::is_delimiter(next));
        if is_header || is_heading(line) {
            continue;
        }
        if holds_an_answer(line) && !(names_expected && names_nobody(line)) {
            answered = true;
            break;
        }
    }
    !answered
}

/// An ATX heading line (`#### Notes`): a heading alone does not fill a section.
fn is_heading(line: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '>']);
    let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
    (1..=6).contains(&hashes)
        && trimmed[hashes..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// Whether a line says something once its Markdown marks and filler are taken out.
fn holds_an_answer(line: &str) -> bool {
    let line = crate::report::times::strip_marker(line.trim_start());
    // A label with nothing after it (`**Root cause:**`, `Owner:`) answers nothing, and a
    // short label (`Owner: TBD`) answers with what follows it.
    let bare = line.trim().trim_matches(['*', '_', ' ']);
    if bare.ends_with(':') && !bare.contains(": ") {
        return false;
    }
    let plain: Cow<'_, str> = if line.contains(['*', '_']) {
        Cow::Owned(line.replace(['*', '_'], ""))
    } else {
        Cow::Borrowed(line)
    };
    // `Owner: TBD` answers with what follows its label; `TODO: @raj` is no label.
    let said = match plain.split_once(": ") {
        Some((label, rest))
            if label.split_whitespace().count() <= 4
                && !crate::regex!(r"(?i)^\s*(?:tbd|tba|tbc|todo|fixme|xxx|wip)\s*$")
                    .is_match(label) =>
        {
            rest
        }
        _ => &plain,
    };
    // A link, an image or an address is an answer, and so is a sign (`✅`, `—`).
    if said.contains("src=") || said.contains("href=") {
        return true;
    }
    let says_something = |text: &str| {
        text.chars().any(|c| {
            c.is_alphanumeric()
                || (!c.is_ascii()
                    && !c.is_whitespace()
                    && c != '…'
                    && !crate::report::shown::is_invisible(c))
        })
    };
    // A space written as a reference (`&nbsp;`, as pasted from Confluence), or a mark that
    // shows nothing, is no answer.
    let said = crate::report::shown::spaces(said);
    let said = said.as_ref();
    // Most lines hold none of the filler; they skip the second pattern.
    let may_hold_filler =
        crate::regex!(r"(?i)[<]|tb[dac]|todo|fixme|xxx|wip|to\s+be|fill").is_match(said);
    if !may_hold_filler {
        return says_something(said);
    }
    // HTML tags (`<fill me in>` shows nothing, unlike `<https://…>`,
    // `<oncall@example.com>` and `<grafana.example.com/d/1>`), and the words left to
    // fill in later, with whoever is to fill it in (`TBD (Raj)`, `TODO @raj`).
    let filler = crate::regex!(
        r"(?i)<[^<>:@.]*>|(?-u:\b)(?:tbd|tba|tbc|todo|fixme|xxx|wip)(?-u:\b)(?:\s*\(\s*(?:@[\w.-]+|(?-i:\p{Lu}[\w.-]*(?:\s+\p{Lu}[\w.-]*)?))\s*\)|\s*[-—–:,]?\s*@[\w.-]+|\s*[-—–,]\s*(?-i:\p{Lu}[\w.-]*(?:\s+\p{Lu}[\w.-]*)?)\s*$)*|(?-u:\b)to\s+be\s+(?:determined|decided|confirmed|completed|written|added|done)(?-u:\b)|(?-u:\b)fill\s+(?:(?:me|this|it)\s+)?in(?-u:\b)"
    );
    says_something(&filler.replace_all(said, " ")) && !only_defers(&plain)
}

/// Whether a line gives a role to a name left to fill in: `XXX: Database Administrator`,
/// `- TBD — Incident Commander`.
fn names_nobody(line: &str) -> bool {
    let line = crate::report::times::strip_marker(line.trim_start()).replace(['*', '_'], "");
    // A role is a few words (`TBD: the vendor has not named one yet` is an answer).
    crate::regex!(r"^\s*([^:—–-]+?)\s*[:—–-]\s*[^\s:]+(?:\s+[^\s:]+){0,3}\s*$")
        .captures(&line)
        .and_then(|caps| caps.get(1))
        .is_some_and(|name| crate::report::people::is_left_to_fill_in(name.as_str()))
}

/// Whether a line only says when it will be answered: a `TBD`, `TODO` or `N/A` with a
/// note that puts it off (`TBD - will fill in after the retro`, `TBD (after the retro)`,
/// `N/A - pending the retro on 2024-03-21`), or a sentence that does (`Will fill in after
/// the retro.`, `To be filled in after the postmortem.`). A note that says something
/// (`TBD (likely the cold-start index load)`, `TBD, see INC-1234`, `TODO: Tom will add a
/// CI check`) is an answer for now.
fn only_defers(line: &str) -> bool {
    let marked =
        crate::regex!(r"(?i)^\s*(?:(?:tbd|tba|tbc|todo|fixme|wip)(?-u:\b)|n/?a\s*[-–—:,(])(.*)$");
    // Only a promise to fill the section in: `Will add a backfill job after the review`
    // is an action.
    let promised = crate::regex!(
        r"(?i)^\s*((?:will|to)\s+(?:be\s+)?fill(?:ed)?\s+in(?-u:\b).*|to\s+be\s+(?:added|completed|written|documented|updated)(?:\s+later)?\s+(?:after|once|when|later|post)(?-u:\b).*|to\s+follow(?-u:\b).*)$"
    );
    let Some(note) = marked
        .captures(line)
        .or_else(|| promised.captures(line))
        .and_then(|caps| caps.get(1))
    else {
        return false;
    };
    let note = note.as_str();
    let defers = crate::regex!(
        r"(?i)(?-u:\b)(?:later|pending|soon|tomorrow|next\s+week|to\s+follow|follow-?up|(?:after|once|post)\s+(?:the\s+|our\s+)?(?:retro\w*|post-?mortem|review|meeting|rca|investigation|sync|call|analysis|incident\s+review))(?-u:\b)"
    );
    // A date says when; other numbers say something.
    let dateless =
        crate::regex!(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?").replace_all(note, "");
    defers.is_match(note)
        && note.split_whitespace().count() <= 12
        && !dateless.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filler(body: &str) -> bool {
        is_filler_only(body, 0..body.len(), &[], false)
    }

    #[test]
    fn filler_alone_answers_nothing() {
        for body in [
            "\nTBD\n",
            "TODO: fill in\n",
            "- \n-\n* [ ] \n",
            "...\n…\n???\n",
            "**Root cause:**\n",
            "Owner:\n\nTo be determined.\n",
            "<fill me in>\n",
            "| Time | Event |\n|---|---|\n",
            "#### Notes\n\n",
            "> XXX\n",
            "1. TBD\n2. tbd\n",
            "Owner: TBD\n**Root cause:** TODO\n",
            "TBD (Raj)\n",
            "TODO(@raj)\n",
            "- TBD — @raj.k\n",
            "TODO: @raj\n",
            "TBD – Raj\n",
            "TBD, Raj Patel\n",
            "TODO (@raj) (@lena)\n",
            "TBD - will fill in after the retro\n",
            "TBD (after the retro)\n",
            "TODO: fill in after the postmortem meeting\n",
            "- **TBD**, pending the vendor's answer\n",
            "TBD - will fill in after the retro on Friday\n",
            "TBD\n\nWill fill in after the retro.\n",
            "To be filled in after the retro.\n",
            "TBD, pending the retro on 2024-03-21.\n",
            "N/A - will fill in after the retro\n",
            // Pasted from Confluence, Notion or a web page: spaces and marks that show
            // nothing.
            "<p>&nbsp;</p>\n",
            "<div>&#160;</div>\n&emsp;\n**&nbsp;**\n- &NBSP;\n",
            "\u{200b}\n\u{2060}\n&ZeroWidthSpace;\n&#x200B;\n",
        ] {
            assert!(filler(body), "{body:?}");
        }
    }

    #[test]
    fn an_answer_is_an_answer() {
        for body in [
            "None.\n",
            "N/A\n",
            "TBD: the vendor has not replied yet.\n",
            "TBD (vendor ticket 4411) — we disabled the cache meanwhile.\n",
            "TBD (likely the cold-start index load)\n",
            "TBD (pool size 10 → 100 fixed it)\n",
            "TBD – Raj is checking the pool size.\n",
            "TBD, see INC-1234\n",
            "1. TODO: Tom will add a CI pool-size check\n2. TODO: Ana will add a connections alert\n",
            "TODO: add the alert once the new pool lands\n",
            "- Will add a backfill job for the failed checkouts after the review.\n",
            "Will add pool alerts, to be reviewed after the retro.\n",
            "TBD after the vendor replies; until then the cache stays off in every region.\n",
            "Root cause: a pool setting.\n",
            "- Alex Kim: Incident Commander\n",
            "| Time | Event |\n|---|---|\n| 14:05 | deploy |\n",
            "`kubectl rollout undo`\n",
            "[dashboard](https://grafana.example/d/1)\n",
            "#### Notes\n\nThe fix shipped in 2.5.1.\n",
            "Medium\n",
            "2024-03-14 09:12 UTC\n",
            "<https://status.example.com/incidents/123>\n",
            "Tracked in:\n\n- <oncall@example.com>\n",
            "<img src=\"latency.png\" alt=\"latency graph\">\n",
            "```\n# kubectl rollout undo deploy/search\n```\n",
            "- ```\n  # kubectl rollout undo\n  ```\n",
            "> ```\n> # kubectl rollout undo deploy/search\n> ```\n",
            "    # kubectl rollout undo deploy/search\n",
            "````\n```\n````\n",
            "Dashboards: <grafana.example.com/d/abc>\n",
            "—\n",
            "✅\n",
        ] {
            assert!(!filler(body), "{body:?}");
        }
    }

    #[test]
    fn a_role_without_a_name_names_nobody() {
        let people = |body: &str| is_filler_only(body, 0..body.len(), &[], true);
        for body in [
            "- XXX: Database Administrator\n- TBD: Incident Commander\n",
            "* **XXX**: Lead Engineer\n* TBD — Operations Engineer\n* ???: Comms\n",
        ] {
            assert!(people(body), "{body:?}");
            assert!(!filler(body), "elsewhere it is an answer: {body:?}");
        }
        for body in [
            "- XXX: Database Administrator\n- Jo Chen: Incident Commander\n",
            "TBD: the vendor has not named their engineer yet.\n",
            "TBD: the vendor names one on Monday\n",
            "The on-call team; names in the page log.\n",
        ] {
            assert!(!people(body), "{body:?}");
        }
    }

    #[test]
    fn hidden_spans_are_left_out() {
        let body = "TBD <!-- the real answer is secret -->\n";
        let comment = body.find("<!--").unwrap()..body.len() - 1;
        assert!(is_filler_only(
            body,
            0..body.len(),
            std::slice::from_ref(&comment),
            false
        ));
        assert!(!filler("TBD, see the ticket\n"));
    }
}
