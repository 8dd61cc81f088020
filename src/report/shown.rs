//! Text as it shows once rendered, for the readers of reports pasted from Google Docs,
//! Confluence, Notion or Jira: spaces that are no ASCII space, marks that show nothing,
//! the character references that spell them, backslash escapes and inline HTML tags.

use std::borrow::Cow;

/// Whether `c` is a space other than ASCII's: a no-break space, the narrow one some apps
/// put before `AM`, a thin or an ideographic one.
fn is_other_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Whether `c` shows nothing: a zero-width space or joiner, a direction mark, a word
/// joiner, a soft hyphen or a byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{180e}'
    )
}

/// Whether `c` is a space of no width, which only breaks a line or marks a byte order:
/// dropped from text, unlike a joiner (in an emoji, or in Persian), which shapes it.
fn is_zero_width_space(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// `text` with its spaces as they show, Markdown kept: every other space, and every
/// reference to one (`&nbsp;`), an ASCII space; every zero-width space, and every
/// reference to one (`&ZeroWidthSpace;`), gone. An escaped reference (`\&nbsp;`) is text.
pub fn spaces(text: &str) -> Cow<'_, str> {
    let odd = |c: char| is_other_space(c) || is_zero_width_space(c);
    if !text.contains('&') && (text.is_ascii() || !text.chars().any(odd)) {
        return Cow::Borrowed(text);
    }
    let mut shown: String = text
        .chars()
        .filter(|&c| !is_zero_width_space(c))
        .map(|c| if is_other_space(c) { ' ' } else { c })
        .collect();
    if shown.contains('&') {
        let reference = crate::regex!(
            r"(?i)\\?&(?:(nbsp|ensp|emsp|emsp13|emsp14|thinsp|hairsp|numsp|puncsp|#0*(?:160|819[4-9]|820[0-2]|8239)|#x0*(?:a0|200[2-9a]|202f))|(zerowidthspace|nobreak|#0*(?:8203|8288|65279)|#x0*(?:200b|2060|feff)));"
        );
        shown = reference
            .replace_all(&shown, |caps: &regex::Captures<'_>| {
                match (caps[0].starts_with('\\'), caps.get(1)) {
                    (true, _) => caps[0].to_string(),
                    (false, Some(_)) => " ".to_string(),
                    (false, None) => String::new(),
                }
            })
            .into_owned();
    }
    Cow::Owned(shown)
}

/// As [`spaces`], outside code spans: `` `printf "a&nbsp;b"` `` is code as written.
pub fn spaces_outside_code(text: &str) -> Cow<'_, str> {
    if !text.contains('`') {
        return spaces(text);
    }
    let mut shown = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while !rest.is_empty() {
        let ticks = rest.find('`').unwrap_or(rest.len());
        let (piece, after) = rest.split_at(ticks);
        if in_code {
            shown.push_str(piece);
        } else {
            shown.push_str(&spaces(piece));
        }
        let run = after.len() - after.trim_start_matches('`').len();
        shown.push_str(&after[..run]);
        rest = &after[run..];
        if run > 0 {
            in_code = !in_code;
        }
    }
    Cow::Owned(shown)
}

/// `text` with each `<br>` (and the spaces around it) one space: a line break within a
/// line of text, or in a table cell.
pub fn breaks_as_spaces(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    crate::regex!(r"(?i)\s*<br\s*/?>\s*").replace_all(text, " ")
}

/// A line as it reads: as [`spaces`], with its backslash escapes taken out (`2024\-03\-14`,
/// a trailing `\` line break) and its HTML tags (`<strong>Start Time:</strong>`, a `<br>`
/// a space), but not an autolink (`<https://…>`).
pub fn plain(line: &str) -> String {
    let mut shown = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&next) if next.is_ascii_punctuation() => {
                    shown.push(next);
                    chars.next();
                }
                // A hard line break.
                None => {}
                _ => shown.push(c),
            },
            _ => shown.push(c),
        }
    }
    if shown.contains('<') {
        shown = crate::regex!(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
            .replace_all(&shown, |caps: &regex::Captures<'_>| {
                if caps[1].eq_ignore_ascii_case("br") {
                    " "
                } else {
                    ""
                }
            })
            .into_owned();
    }
    spaces(&shown).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_marks_read_as_they_show() {
        assert_eq!(
            spaces("a\u{a0}b\u{200b}c&nbsp;d&#x200B;e&hairsp;f"),
            "a bc de f"
        );
        assert_eq!(spaces("**a** [b](c)"), "**a** [b](c)");
        // A joiner shapes the text; an escaped reference is text.
        assert_eq!(
            spaces("🏳️\u{200d}🌈 \\&nbsp;&nbsp;&nbsp;"),
            "🏳️\u{200d}🌈 \\&nbsp;  "
        );
        assert_eq!(
            spaces_outside_code("a&nbsp;`printf \"a&nbsp;b\"`&nbsp;c"),
            "a `printf \"a&nbsp;b\"` c"
        );
        assert_eq!(breaks_as_spaces("a <br>b<BR/> c"), "a b c");
        assert_eq!(plain("<b>09:12</b>&nbsp;UTC\\-x\\"), "09:12 UTC-x");
        assert_eq!(
            plain("See <https://x.example/a> <name>"),
            "See <https://x.example/a> "
        );
    }
}
