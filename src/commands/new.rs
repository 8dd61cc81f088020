//! `mdbook-rollback new "Title"`: starts a report from the book's template, with its front
//! matter filled, at `src/<reports-dir>/YYYY-MM-DD-slug.md`. It never overwrites.

use super::Outcome;
use crate::config;
use crate::error::{Error, Result};
use crate::mdbook::load_template;
use crate::paths::{display, shown_from_here};
use crate::report::versions::parse_version;
use std::path::{Path, PathBuf};

/// What the new report says up front.
#[derive(Debug, Clone, Default)]
pub struct NewReport {
    /// The title, after "Rollback Report: ".
    pub title: String,
    /// The service.
    pub service: Option<String>,
    /// The version rolled back from.
    pub from: Option<String>,
    /// The version rolled back to.
    pub to: Option<String>,
    /// The date in the file name, `YYYY-MM-DD`; today (UTC) by default.
    pub date: Option<String>,
}

/// Creates the report in the book at `book_dir` and prints its path.
pub fn run(book_dir: &Path, new: &NewReport) -> Result<Outcome> {
    super::must_be_a_book(book_dir, "mdbook-rollback new --book {} \"Title\"")?;
    let title = new.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(Error::new("the title is empty")
            .help("describe the rollback, e.g. `new \"Payments API 2.5.0\"`"));
    }
    for (flag, version) in [("--from", &new.from), ("--to", &new.to)] {
        if let Some(version) = version {
            parse_version(version).map_err(|reason| {
                Error::new(format!("{flag} `{version}` {reason}"))
                    .help("write a semantic version such as `2.4.0`")
            })?;
        }
    }
    let date = match &new.date {
        Some(date) => date.parse::<jiff::civil::Date>().map_err(|e| {
            Error::new(format!("--date `{date}` is not a date: {e}")).help("write it as YYYY-MM-DD")
        })?,
        None => jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    };
    let book = config::Book::load(book_dir)?;
    let template = load_template(&book)?;
    let dir = book.src.join(&book.config.reports_dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(display(&dir), "create this directory", &e))?;
    let content = report_text(&template.text, &title, new);
    // A second rollback of the same thing on the same day gets `-2`; nothing is ever
    // overwritten.
    let stem = format!("{date}-{}", slug(&title));
    let mut made = None;
    for n in 1..=MAX_SAME_NAME {
        let path: PathBuf = match n {
            1 => dir.join(format!("{stem}.md")),
            _ => dir.join(format!("{stem}-{n}.md")),
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => {
                made = Some((path, file));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(display(&path), "create this file", &e)),
        }
    }
    let Some((path, mut file)) = made else {
        return Err(Error::new(format!(
            "{}/{stem}.md to {stem}-{MAX_SAME_NAME}.md already exist; `new` never overwrites",
            display(&dir)
        ))
        .help("choose another title, or edit an existing report"));
    };
    std::io::Write::write_all(&mut file, content.as_bytes())
        .map_err(|e| Error::io(display(&path), "write this file", &e))?;
    Ok(Outcome::printed(format!("{}\n", shown_from_here(&path))))
}

/// The template with front matter on top and the title in its first heading. The
/// template's own YAML front matter (`status: draft`, `owner: …`) is kept, but for the
/// keys `new` writes.
fn report_text(template: &str, title: &str, new: &NewReport) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::from("---\n");
    let written = ["service", "from-version", "to-version"];
    let mut has_tags = false;
    if let Some(Ok((_, content))) = crate::report::frontmatter::locate(template)
        && template.trim_start_matches('\u{feff}').starts_with("---")
    {
        // A key's lines: its own, and the indented or `- ` ones under it.
        let mut skipping = false;
        for line in template[content].lines() {
            let continues = line.starts_with([' ', '\t', '-']) || line.trim().is_empty();
            if !continues {
                let key = line
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .trim_matches(['"', '\'']);
                skipping = written.contains(&key);
                has_tags |= key == "tags";
            }
            if !skipping {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    for (key, value) in [
        ("service", &new.service),
        ("from-version", &new.from),
        ("to-version", &new.to),
    ] {
        match value {
            Some(value) => out.push_str(&format!("{key}: {}\n", quote(value))),
            None => out.push_str(&format!("{key}:\n")),
        }
    }
    if !has_tags {
        out.push_str("tags: []\n");
    }
    out.push_str("---\n\n");
    let body = match crate::report::frontmatter::locate(template) {
        Some(Ok((span, _))) => &template[span.end..],
        _ => template,
    };
    let heading = crate::regex!(r"(?m)^#[ \t]+(.*?)[ \t#]*$");
    let title = title_heading(title);
    match heading.find(body) {
        Some(m) => {
            out.push_str(&body[..m.start()]);
            out.push_str(&title);
            out.push_str(&body[m.end()..]);
        }
        None => {
            out.push_str(&title);
            out.push_str("\n\n");
            out.push_str(body);
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The report's first heading, with its title escaped as the handbook's own headings
/// are: `Gateway <v2> & TLS` is neither HTML nor emphasis.
fn title_heading(title: &str) -> String {
    let mut writer = crate::render::markdown::Writer::new();
    writer.heading(1, &format!("Rollback Report: {title}"));
    writer.finish()
}

/// How many reports of one title a day may have (`…-2.md` to `…-99.md`).
const MAX_SAME_NAME: usize = 99;

/// A file-name slug: lowercase letters and digits of any script, Latin letters without
/// their accents, and single dashes.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue; // a combining accent (as in a decomposed `é`, or `i̇` from `İ`)
        }
        if let Some(plain) = without_accent(c) {
            slug.push_str(plain);
        } else if c.is_alphanumeric() || is_mark_of_a_word(c) {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    // Sixty characters, and at most 180 bytes: a file name holds 255 bytes, with the date
    // and a `-2` before `.md`, and a character of another script takes up to four.
    let mut bytes = 0;
    let slug: String = slug
        .trim_matches('-')
        .chars()
        .take(60)
        .take_while(|c| {
            bytes += c.len_utf8();
            bytes <= 180
        })
        .collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "rollback".into()
    } else {
        slug
    }
}

/// Whether `c`, neither a letter nor a digit, is still part of a word: a sign of a script
/// other than Latin (the virama of `नमस्ते`), rather than a space, punctuation, a symbol
/// or an emoji, which separate words.
fn is_mark_of_a_word(c: char) -> bool {
    let separates = c.is_ascii()
        || c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{a0}'..='\u{bf}' | '\u{d7}' | '\u{f7}' // Latin-1 punctuation and signs
            | '\u{2000}'..='\u{2bff}' // punctuation, arrows, maths, boxes, symbols
            | '\u{3000}'..='\u{303f}' // CJK punctuation
            | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}'
            | '\u{1f000}'..='\u{1faff}' // emoji
            | '\u{feff}' | '\u{fff0}'..='\u{ffff}' // byte order mark, specials
        );
    !separates
}

/// The ASCII of a lowercase Latin letter with an accent (and of `ß`, `æ`, `œ`), so that
/// a title's file name reads the same on every system.
fn without_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_reads_as_written() {
        use pulldown_cmark::{Event, Parser};
        for title in [
            "Gateway <v2> & TLS | cipher change 2.6.0",
            "*bold* _it_ `code` [link](x) ~~gone~~ \\ #1 C#",
            "&amp; ![img](x) <!-- c -->",
        ] {
            let heading = title_heading(title);
            let read: String = Parser::new_ext(&heading, crate::report::markdown::parser_options())
                .filter_map(|event| match event {
                    Event::Text(text) => Some(text.to_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(read, format!("Rollback Report: {title}"));
        }
        // Escaped only where it has to be: the file is read and edited by people.
        assert_eq!(
            title_heading("Payments & Checkout &amp;"),
            "# Rollback Report: Payments & Checkout &amp;amp;"
        );
    }

    #[test]
    fn the_templates_front_matter_is_kept_but_for_the_keys_new_writes() {
        let template = "---\nstatus: draft\nservice: payments\ntags:\n  - rollback\nfrom-version: x\nowner: platform\n---\n# Rollback Report\n\n## 1. Summary\n";
        let new = NewReport {
            title: "API 2.0".into(),
            service: Some("search".into()),
            from: None,
            to: None,
            date: None,
        };
        let text = report_text(template, "API 2.0", &new);
        assert_eq!(
            text,
            "---\nstatus: draft\ntags:\n  - rollback\nowner: platform\nservice: \"search\"\nfrom-version:\nto-version:\n---\n\n# Rollback Report: API 2.0\n\n## 1. Summary\n"
        );
        let quoted = report_text("---\n\"service\": payments\n---\n# R\n", "x", &new);
        assert_eq!(quoted.matches("service").count(), 1, "{quoted}");
        let plain = report_text("# Rollback Report\n", "x", &new);
        assert!(
            plain.starts_with(
                "---\nservice: \"search\"\nfrom-version:\nto-version:\ntags: []\n---\n"
            ),
            "{plain}"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Payments API 2.5.0!"), "payments-api-2-5-0");
        assert_eq!(slug("  ../../etc/passwd "), "etc-passwd");
        assert_eq!(slug("Ünïcödé Sérvice — 2.0"), "unicode-service-2-0");
        assert_eq!(slug("支付服务 回滚"), "支付服务-回滚");
        assert_eq!(slug("Откат API"), "откат-api");
        assert_eq!(slug("!!!"), "rollback");
        // A file name holds 255 bytes: four-byte characters stop at 180.
        let long = slug(&"𠀀".repeat(70));
        assert_eq!((long.len(), long.chars().count()), (180, 45));
        assert_eq!(slug(&"a".repeat(70)).len(), 60);
        assert_eq!(slug("İstanbul Cafe\u{301}"), "istanbul-cafe");
        assert_eq!(slug("नमस्ते दुनिया"), "नमस्ते-दुनिया");
        assert_eq!(slug("支付服务、回滚 🚀 — ok"), "支付服务-回滚-ok");
        assert_eq!(slug("a\u{85}b\u{202e}c\u{feff}d"), "a-b-c-d");
    }
}
