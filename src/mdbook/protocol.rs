//! The preprocessor protocol: `[context, book]` on stdin, the book on stdout. mdBook 0.5
//! sends `{"items": […]}`; mdBook 0.4 sends `{"sections": […], "__non_exhaustive": null}`
//! and expects the same shape back. Chapters have the same fields in both.

use crate::error::{Error, Result};
use mdbook_preprocessor::book::BookItem;
use serde_json::Value;
use std::path::PathBuf;

/// Which mdBook sent the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// mdBook 0.4.x: `sections`.
    V04,
    /// mdBook 0.5.x: `items`.
    V05,
}

/// The preprocessor's input.
#[derive(Debug, Clone)]
pub struct Input {
    /// The book root.
    pub root: PathBuf,
    /// The renderer the book is for, e.g. `html`.
    pub renderer: String,
    /// The calling mdBook's version.
    pub mdbook_version: String,
    /// `book.toml` as JSON, with environment overrides applied by mdBook.
    pub config: Value,
    /// The book's items.
    pub items: Vec<BookItem>,
    /// The shape to answer in.
    pub host: Host,
}

const HELP: &str = "without a subcommand, mdbook-rollback is an mdBook preprocessor and reads the book from mdBook on stdin; run `mdbook build`, or use `mdbook-rollback build` or `mdbook-rollback check`";

/// Reads the input. Any problem is an [`Error`] that says what was expected.
pub fn parse(bytes: &[u8]) -> Result<Input> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new("no input on stdin: expected the book JSON from mdBook").help(HELP));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        let what = if e.is_eof() {
            "is truncated"
        } else {
            "is not valid JSON"
        };
        Error::new(format!(
            "the input from mdBook {what}: {} at line {}, column {}",
            first_line(&e.to_string()),
            e.line(),
            e.column()
        ))
        .in_file("<stdin>")
        .help(HELP)
    })?;
    let shape_error = |found: &str| {
        Error::new(format!(
            "the input from mdBook has an unknown shape: expected `[context, book]` with the book's `items` (mdBook 0.5) or `sections` (mdBook 0.4); {found}"
        ))
        .in_file("<stdin>")
        .help(HELP)
    };
    let Value::Array(mut pair) = value else {
        return Err(shape_error("found no array"));
    };
    if pair.len() != 2 {
        return Err(shape_error(&format!("found an array of {}", pair.len())));
    }
    let book = pair.pop().unwrap_or(Value::Null);
    let context = pair.pop().unwrap_or(Value::Null);
    let Value::Object(context) = context else {
        return Err(shape_error("the context is not an object"));
    };
    let Value::Object(mut book) = book else {
        return Err(shape_error("the book is not an object"));
    };
    let (items, host) = match (book.remove("items"), book.remove("sections")) {
        (Some(items), _) => (items, Host::V05),
        (None, Some(sections)) => (sections, Host::V04),
        (None, None) => return Err(shape_error("the book has neither `items` nor `sections`")),
    };
    let items: Vec<BookItem> = serde_json::from_value(items).map_err(|e| {
        shape_error(&format!(
            "a chapter does not fit: {}",
            first_line(&e.to_string())
        ))
    })?;
    let text = |key: &str| context.get(key).and_then(Value::as_str).map(String::from);
    let root = text("root").ok_or_else(|| shape_error("the context has no `root`"))?;
    Ok(Input {
        root: PathBuf::from(root),
        renderer: text("renderer").unwrap_or_else(|| "html".into()),
        mdbook_version: text("mdbook_version").unwrap_or_default(),
        config: context.get("config").cloned().unwrap_or(Value::Null),
        items,
        host,
    })
}

/// Writes the book in the host's shape.
pub fn write(items: &[BookItem], host: Host, out: impl std::io::Write) -> serde_json::Result<()> {
    match host {
        Host::V05 => serde_json::to_writer(out, &serde_json::json!({ "items": items })),
        Host::V04 => serde_json::to_writer(
            out,
            &serde_json::json!({ "sections": items, "__non_exhaustive": null }),
        ),
    }
}

/// A warning when the calling mdBook is neither 0.4.x nor 0.5.x. Patch releases never warn.
pub fn version_warning(mdbook_version: &str) -> Option<String> {
    let version = semver::Version::parse(mdbook_version.trim_start_matches('v')).ok()?;
    if version.major == 0 && (version.minor == 4 || version.minor == 5) {
        return None;
    }
    Some(format!(
        "warning: mdbook-rollback supports mdBook 0.4 and 0.5; this book is built by mdBook {mdbook_version}, and may not build as expected"
    ))
}

/// Whether the host renders GitHub-style `> [!WARNING]` admonitions (mdBook 0.5 and later).
pub fn has_admonitions(mdbook_version: &str) -> bool {
    semver::Version::parse(mdbook_version.trim_start_matches('v'))
        .map_or(true, |v| v.major > 0 || v.minor >= 5)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_are_read_and_written_back() {
        let v05 = br#"[{"root":"/b","config":{},"renderer":"html","mdbook_version":"0.5.4"},{"items":[{"Chapter":{"name":"A","content":"x","number":[1],"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}},"Separator",{"PartTitle":"P"}]}]"#;
        let input = parse(v05).unwrap();
        assert_eq!(input.host, Host::V05);
        assert_eq!(input.items.len(), 3);
        let mut out = Vec::new();
        write(&input.items, input.host, &mut out).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .starts_with(r#"{"items":[{"Chapter""#)
        );

        let v04 = br#"[{"root":"/b","config":{},"renderer":"html","mdbook_version":"0.4.52","__non_exhaustive":null},{"sections":[],"__non_exhaustive":null}]"#;
        let input = parse(v04).unwrap();
        assert_eq!(input.host, Host::V04);
        let mut out = Vec::new();
        write(&input.items, input.host, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"__non_exhaustive":null,"sections":[]}"#
        );
    }

    #[test]
    fn bad_input_says_what_was_expected() {
        let err = |b: &[u8]| parse(b).unwrap_err().to_string();
        assert!(err(b"").contains("no input"));
        assert!(err(b"[{\"root\":").contains("truncated"));
        assert!(err(b"{oops}").contains("not valid JSON"));
        assert!(err(b"{}").contains("unknown shape"));
        assert!(err(b"[{},{}]").contains("neither `items` nor `sections`"));
        assert!(
            err(br#"[{},{"items":[{"Chapter":{"name":1}}]}]"#).contains("a chapter does not fit")
        );
        assert!(err(br#"[{},{"items":[]}]"#).contains("no `root`"));
    }

    #[test]
    fn patch_releases_do_not_warn() {
        assert!(version_warning("0.5.4").is_none());
        assert!(version_warning("0.5.0-alpha.1").is_none());
        assert!(version_warning("0.4.52").is_none());
        assert!(version_warning("0.6.0").is_some());
        assert!(!has_admonitions("0.4.40"));
        assert!(has_admonitions("0.5.1"));
    }
}
