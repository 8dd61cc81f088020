//! The only places that write to stdout and stderr. In preprocessor mode stdout carries
//! the book JSON and nothing else; everything for people goes to stderr.

use std::io::Write;

/// Writes text to stdout. A closed pipe (`| head`) is no error: the reader has all it
/// wanted. Any other failure (a full disk) is, as the output is cut short.
#[allow(clippy::print_stdout)]
pub fn stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written,
    }
}

/// Text for people, from which report text cannot command a CI runner: GitHub Actions
/// reads a line that starts with `::` (after spaces), or holds `##[`, from a step's
/// output as a workflow command (`::error …`, `::add-mask::`, `##[error]`), and splits
/// lines at a carriage return too. A report's text that would make such a line keeps a
/// backslash in front of it; control characters other than tab and newline are shown as
/// their symbols (`␍`), and so is an escape that starts anything but a colour (one could
/// retitle the terminal or erase the lines above).
pub fn inert(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {}
            '\n' | '\t' => shown.push(c),
            '\u{1b}' if crate::regex!(r"^\x1b\[[0-9;]*m").is_match(&text[at..]) => shown.push(c),
            c => shown.push(control_picture(c).unwrap_or(c)),
        }
    }
    let mut out = String::with_capacity(shown.len());
    for line in shown.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        if line[indent..].starts_with("::") {
            out.push_str(&line[..indent]);
            out.push('\\');
            out.push_str(&line[indent..]);
        } else {
            out.push_str(line);
        }
    }
    out.replace("##[", "##\\[")
}

/// `text` with every control character shown as a symbol: C0 as its picture (`␛`), DEL
/// and C1 (which some terminals read as escapes too) as `�`.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            c if !c.is_control() => c,
            c => control_picture(c).unwrap_or('\u{fffd}'),
        })
        .collect()
}

/// The symbol that shows a C0 control character (`␍` for a carriage return), or `None`
/// for any other character.
pub fn control_picture(c: char) -> Option<char> {
    let code = u32::from(c);
    (code < 0x20).then(|| char::from_u32(0x2400 + code).unwrap_or('?'))
}

/// `text` with every control character (a line break, a carriage return, an escape) made
/// a space: a value from git or a report that must stay one inert line.
pub fn on_one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// JSON (for `check --format json`, SARIF and `index`) in which no line holds `##[`, a
/// command to GitHub Actions wherever it stands on a line: inside a string, `[` is written
/// `\u005b`, which reads the same.
pub fn inert_json(json: String) -> String {
    if json.contains("##[") {
        json.replace("##[", "##\\u005b")
    } else {
        json
    }
}

/// Writes text for people to stderr, made [`inert`].
pub fn stderr(text: &str) {
    if text.is_empty() {
        return;
    }
    let text = inert(text);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = err.write_all(b"\n");
    }
}

/// Whether to colour a stream, by the common conventions: `NO_COLOR` set turns colour
/// off; else `CLICOLOR_FORCE` or `FORCE_COLOR` set (and not `0`) turns it on, for a CI log
/// that shows colour; else a terminal gets colour, unless `CLICOLOR=0` or `TERM=dumb`.
pub fn color(terminal: bool) -> bool {
    color_with(terminal, |name| {
        std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
    })
}

/// [`color`], with the environment read through `var`.
fn color_with(terminal: bool, var: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    let on = |name: &str| var(name).is_some_and(|v| !v.is_empty() && v != "0");
    if set("NO_COLOR") {
        return false;
    }
    if on("CLICOLOR_FORCE") || on("FORCE_COLOR") {
        return true;
    }
    terminal && var("CLICOLOR").is_none_or(|v| v != "0") && var("TERM").is_none_or(|v| v != "dumb")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_text_cannot_become_a_workflow_command() {
        assert_eq!(
            inert("error: `2024-01-01\n  ::error file=a::forged`\n"),
            "error: `2024-01-01\n  \\::error file=a::forged`\n"
        );
        assert_eq!(inert("a\r::add-mask::x"), "a␍::add-mask::x");
        assert_eq!(
            inert("12 | text ##[error]forged"),
            "12 | text ##\\[error]forged"
        );
        // What is no command stays as it is, colours and CRLF line ends included.
        let plain = "\u{1b}[1merror\u{1b}[0m: a::b\n\tx\n";
        assert_eq!(inert(plain), plain);
        assert_eq!(inert("a\r\nb"), "a\nb");
        // An escape that is no colour (a new window title, lines erased) is shown.
        assert_eq!(inert("a\u{1b}]0;T\u{7}b\u{1b}[2K"), "a␛]0;T␇b␛[2K");
    }

    #[test]
    fn colour_follows_the_conventions() {
        let with = |terminal: bool, vars: &[(&str, &str)]| {
            color_with(terminal, |name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert!(with(true, &[]));
        assert!(!with(false, &[]));
        assert!(!with(true, &[("NO_COLOR", "1")]));
        assert!(!with(true, &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]));
        assert!(with(true, &[("NO_COLOR", "")]));
        assert!(with(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(with(false, &[("FORCE_COLOR", "true")]));
        assert!(!with(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!with(true, &[("CLICOLOR", "0")]));
        assert!(!with(true, &[("TERM", "dumb")]));
    }

    #[test]
    fn a_name_cannot_send_an_escape() {
        assert_eq!(
            printable("a\u{1b}[8mhidden\u{9b}0m\n::x.md"),
            "a␛[8mhidden\u{fffd}0m␊::x.md"
        );
        assert_eq!(printable("incidents/é.md"), "incidents/é.md");
    }

    #[test]
    fn json_reads_the_same_without_a_workflow_command() {
        let json = serde_json::json!({"message": "x ##[error]y"}).to_string();
        let inert = inert_json(json);
        assert!(!inert.contains("##["), "{inert}");
        let read: serde_json::Value = serde_json::from_str(&inert).unwrap();
        assert_eq!(read["message"], "x ##[error]y");
    }
}
