//! The preprocessor protocol: `[context, book]` on stdin, the book on stdout. mdBook 0.5
//! sends `{"items": […]}`; mdBook 0.4 sends `{"sections": […], "__non_exhaustive": null}`
//! and expects the same shape back. Chapters have the same fields in both.

use super::Rewrites;
use crate::error::{Error, Result};
use mdbook_preprocessor::book::{BookItem, Chapter};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use serde_json::error::Category;
use std::io::Read;
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

const SHAPE: &str = "the input from mdBook has an unknown shape: expected `[context, book]` with the book's `items` (mdBook 0.5) or `sections` (mdBook 0.4)";

const HELP: &str = "without a subcommand, mdbook-rollback is an mdBook preprocessor and reads the book from mdBook on stdin; run `mdbook build`, or use `mdbook-rollback build` or `mdbook-rollback check`";

#[derive(Deserialize)]
struct Context {
    root: Option<PathBuf>,
    #[serde(default)]
    config: Value,
    renderer: Option<String>,
    mdbook_version: Option<String>,
}

#[derive(Deserialize)]
struct Shape {
    items: Option<Vec<BookItem>>,
    sections: Option<Vec<BookItem>>,
}

/// Reads the whole input, then parses it (parsing from memory is twice as fast as from a
/// stream). Any problem is an [`Error`] that says what was expected.
pub fn read(mut reader: impl Read) -> Result<Input> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| {
        Error::new(format!("cannot read the book from mdBook: {e}"))
            .in_file("<stdin>")
            .help(HELP)
    })?;
    let parsed: serde_json::Result<(Context, Shape)> = serde_json::from_slice(&bytes);
    // The raw JSON is not needed past here, and is as large as the book.
    drop(bytes);
    let (context, book) = parsed.map_err(|e| {
        let message = match e.classify() {
            Category::Eof if e.line() == 1 && e.column() == 0 => {
                "no input on stdin: expected the book JSON from mdBook".to_string()
            }
            Category::Eof => format!(
                "the input from mdBook is truncated at line {}, column {}",
                e.line(),
                e.column()
            ),
            // Parsed from memory, so never `Io`.
            Category::Syntax | Category::Io => {
                format!("the input from mdBook is not valid JSON: {e}")
            }
            Category::Data => format!("{SHAPE}; {e}"),
        };
        Error::new(first_line(&message))
            .in_file("<stdin>")
            .help(HELP)
    })?;
    let shape_error = |found: &str| {
        Error::new(format!("{SHAPE}; {found}"))
            .in_file("<stdin>")
            .help(HELP)
    };
    let (items, host) = match (book.items, book.sections) {
        (Some(items), _) => (items, Host::V05),
        (None, Some(sections)) => (sections, Host::V04),
        (None, None) => return Err(shape_error("the book has neither `items` nor `sections`")),
    };
    let root = context
        .root
        .ok_or_else(|| shape_error("the context has no `root`"))?;
    Ok(Input {
        root,
        renderer: context.renderer.unwrap_or_else(|| "html".into()),
        mdbook_version: context.mdbook_version.unwrap_or_default(),
        config: context.config,
        items,
        host,
    })
}

/// The book as mdBook 0.5 expects it back.
#[derive(Serialize)]
struct ItemsOut<'a> {
    items: Items<'a>,
}

/// The book as mdBook 0.4 expects it back.
#[derive(Serialize)]
struct SectionsOut<'a> {
    sections: Items<'a>,
    /// Written as `null`.
    __non_exhaustive: (),
}

/// Writes the book in the host's shape, streaming it to `out`. Report chapters get their
/// new text from `rewrites` one at a time, as they are written.
pub fn write(
    items: &[BookItem],
    rewrites: &Rewrites,
    host: Host,
    out: impl std::io::Write,
) -> serde_json::Result<()> {
    let items = Items { items, rewrites };
    match host {
        Host::V05 => serde_json::to_writer(out, &ItemsOut { items }),
        Host::V04 => serde_json::to_writer(
            out,
            &SectionsOut {
                sections: items,
                __non_exhaustive: (),
            },
        ),
    }
}

/// Book items, serialised as mdBook's own types are, but with rewritten chapters.
struct Items<'a> {
    items: &'a [BookItem],
    rewrites: &'a Rewrites,
}

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items.iter().map(|item| Item {
            item,
            rewrites: self.rewrites,
        }))
    }
}

/// One item, serialised as `BookItem` is.
struct Item<'a> {
    item: &'a BookItem,
    rewrites: &'a Rewrites,
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let BookItem::Chapter(chapter) = self.item else {
            return self.item.serialize(serializer);
        };
        serializer.serialize_newtype_variant(
            "BookItem",
            0,
            "Chapter",
            &ChapterOut {
                chapter,
                rewrites: self.rewrites,
            },
        )
    }
}

/// A chapter, serialised as `Chapter` is, with its new text if it has one.
struct ChapterOut<'a> {
    chapter: &'a Chapter,
    rewrites: &'a Rewrites,
}

impl Serialize for ChapterOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let chapter = self.chapter;
        let mut fields = serializer.serialize_struct("Chapter", 7)?;
        fields.serialize_field("name", &chapter.name)?;
        match self.rewrites.content(chapter) {
            Some(content) => fields.serialize_field("content", &content)?,
            None => fields.serialize_field("content", &chapter.content)?,
        }
        fields.serialize_field("number", &chapter.number)?;
        fields.serialize_field(
            "sub_items",
            &Items {
                items: &chapter.sub_items,
                rewrites: self.rewrites,
            },
        )?;
        fields.serialize_field("path", &chapter.path)?;
        fields.serialize_field("source_path", &chapter.source_path)?;
        fields.serialize_field("parent_names", &chapter.parent_names)?;
        fields.end()
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

/// Whether mdBook's `links` preprocessor (which expands `{{#include}}`) runs, in a
/// `book.toml` given as JSON: by default, or named under `[preprocessor.links]`.
pub fn links_runs(config: &Value) -> bool {
    config.pointer("/build/use-default-preprocessors") != Some(&Value::Bool(false))
        || config.pointer("/preprocessor/links").is_some()
}

/// Whether `links` runs, and before ours, in the order mdBook runs preprocessors. A book
/// whose `[preprocessor]` has no table for us is built by `mdbook-rollback build`, which
/// adds ours after all the others.
pub fn links_runs_first(config: &Value) -> bool {
    let Some(ours) = our_name(config) else {
        return links_runs(config);
    };
    let order = run_order(config);
    let position = |name: &str| order.iter().position(|n| *n == name);
    position("links").is_some_and(|links| position(&ours).is_some_and(|ours| links < ours))
}

/// The name of our table under `[preprocessor]`: `rollback`, or another whose `command`
/// runs `mdbook-rollback`.
pub fn our_name(config: &Value) -> Option<String> {
    let table = config.pointer("/preprocessor")?.as_object()?;
    if table.contains_key(super::NAME) {
        return Some(super::NAME.to_string());
    }
    let runs_us = |command: &str| {
        command
            .split_whitespace()
            .next()
            .and_then(|program| std::path::Path::new(program).file_stem())
            .is_some_and(|name| name == "mdbook-rollback")
    };
    table
        .iter()
        .find(|(_, t)| {
            t.get("command")
                .and_then(Value::as_str)
                .is_some_and(runs_us)
        })
        .map(|(name, _)| name.clone())
}

/// The preprocessors mdBook runs, in its order: its defaults (`links`, `index`) unless
/// turned off, and those under `[preprocessor]`, sorted by their `before` and `after`,
/// a layer at a time, each layer by name (as `mdbook-driver` does). A cycle, which mdBook
/// refuses, leaves its preprocessors out (and then `links` does not run first).
fn run_order(config: &Value) -> Vec<String> {
    let defaults = config.pointer("/build/use-default-preprocessors") != Some(&Value::Bool(false));
    let table = config.pointer("/preprocessor").and_then(Value::as_object);
    let mut names: Vec<String> = table.into_iter().flat_map(|t| t.keys().cloned()).collect();
    if defaults {
        names.extend(["links".to_string(), "index".to_string()]);
    }
    names.sort();
    names.dedup();
    // Edges `first → then`, between preprocessors that run.
    let mut edges: Vec<(String, String)> = Vec::new();
    for (name, settings) in table.into_iter().flatten() {
        let listed = |key: &str| {
            settings
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|n| names.iter().any(|known| known == n))
                .map(String::from)
        };
        edges.extend(listed("before").map(|before| (name.clone(), before)));
        edges.extend(listed("after").map(|after| (after, name.clone())));
    }
    let mut order = Vec::with_capacity(names.len());
    while !names.is_empty() {
        let (ready, waiting): (Vec<String>, Vec<String>) = names.into_iter().partition(|n| {
            !edges
                .iter()
                .any(|(first, then)| then == n && !order.contains(first))
        });
        if ready.is_empty() {
            break;
        }
        order.extend(ready);
        names = waiting;
    }
    order
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_runs_first_unless_turned_off_or_ordered_after_ours() {
        let on = |config: Value| links_runs_first(&config);
        assert!(on(serde_json::json!({})));
        assert!(on(
            serde_json::json!({"build": {"use-default-preprocessors": true}})
        ));
        assert!(!on(
            serde_json::json!({"build": {"use-default-preprocessors": false}})
        ));
        assert!(on(serde_json::json!({
            "build": {"use-default-preprocessors": false},
            "preprocessor": {"links": {}}
        })));
        // Ours first: links has not run yet (and will expand what it finds).
        assert!(links_runs(
            &serde_json::json!({"preprocessor": {"rollback": {"before": ["links"]}}})
        ));
        assert!(!on(
            serde_json::json!({"preprocessor": {"rollback": {"before": ["links"]}}})
        ));
        assert!(!on(
            serde_json::json!({"preprocessor": {"links": {"after": ["rollback"]}, "rollback": {}}})
        ));
        assert!(on(
            serde_json::json!({"preprocessor": {"rollback": {"after": ["links"]}}})
        ));
        // mdBook's order: layers of what nothing waits for, each sorted by name. Another
        // preprocessor that must run before links puts links in a later layer than ours.
        let book = |preprocessors: Value| serde_json::json!({ "preprocessor": preprocessors });
        assert!(!on(book(serde_json::json!({
            "aaa": {"before": ["links"]}, "rollback": {}
        }))));
        assert!(on(book(serde_json::json!({
            "aaa": {"before": ["links"]}, "rollback": {"after": ["links"]}
        }))));
        assert!(on(book(serde_json::json!({
            "admonish": {"after": ["links"]}, "rollback": {}
        }))));
        assert!(!on(book(serde_json::json!({
            "zzz": {"after": ["rollback"], "before": ["links"]}, "rollback": {}
        }))));
        // A name that is not there is no constraint, as in mdBook.
        assert!(on(book(serde_json::json!({
            "rollback": {"after": ["nothing"]}
        }))));
        // Our table under another name is found by its command.
        assert!(!on(book(serde_json::json!({
            "handbook": {"command": "mdbook-rollback"}, "aaa": {"before": ["links"]}
        }))));
        assert!(on(book(serde_json::json!({
            "handbook": {"command": "/opt/bin/mdbook-rollback --x", "after": ["links"]},
            "aaa": {"before": ["links"]}
        }))));
        // No table for us: `mdbook-rollback build` runs ours last.
        assert!(on(book(
            serde_json::json!({ "aaa": {"before": ["links"]} })
        )));
        assert_eq!(
            run_order(&book(serde_json::json!({
                "aaa": {"before": ["links"]}, "rollback": {}, "b/c": {"after": ["rollback"]}
            }))),
            ["aaa", "index", "rollback", "b/c", "links"]
        );
    }

    #[test]
    fn both_shapes_are_read_and_written_back() {
        let v05 = br#"[{"root":"/b","config":{},"renderer":"html","mdbook_version":"0.5.4"},{"items":[{"Chapter":{"name":"A","content":"x","number":[1],"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}},"Separator",{"PartTitle":"P"}]}]"#;
        let input = read(&v05[..]).unwrap();
        assert_eq!(input.host, Host::V05);
        assert_eq!(input.items.len(), 3);
        let mut out = Vec::new();
        write(&input.items, &Rewrites::default(), input.host, &mut out).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .starts_with(r#"{"items":[{"Chapter""#)
        );

        let v04 = br#"[{"root":"/b","config":{},"renderer":"html","mdbook_version":"0.4.52","__non_exhaustive":null},{"sections":[],"__non_exhaustive":null}]"#;
        let input = read(&v04[..]).unwrap();
        assert_eq!(input.host, Host::V04);
        let mut out = Vec::new();
        write(&input.items, &Rewrites::default(), input.host, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"sections":[],"__non_exhaustive":null}"#
        );
    }

    /// Without rewrites, the book is written exactly as mdBook's own types write it.
    #[test]
    fn items_are_written_as_mdbooks_types_write_them() {
        use mdbook_preprocessor::book::SectionNumber;
        let mut nested = Chapter::new(
            "Child \"quoted\"",
            "body\r\n\u{1}".into(),
            "a/b.md",
            vec!["Parent".into()],
        );
        nested.number = Some(SectionNumber::new(vec![1, 2]));
        let mut parent = Chapter::new("Parent", "# P\n".into(), "a/README.md", Vec::new());
        parent.sub_items.push(BookItem::Chapter(nested));
        parent.path = Some("a/index.md".into());
        let items = vec![
            BookItem::PartTitle("Part \u{e9}".into()),
            BookItem::Chapter(parent),
            BookItem::Separator,
            BookItem::Chapter(Chapter::new_draft("Draft", Vec::new())),
        ];
        let mut ours = Vec::new();
        write(&items, &Rewrites::default(), Host::V05, &mut ours).unwrap();
        #[derive(Serialize)]
        struct Derived<'a> {
            items: &'a [BookItem],
        }
        assert_eq!(
            ours,
            serde_json::to_vec(&Derived { items: &items }).unwrap()
        );
    }

    #[test]
    fn bad_input_says_what_was_expected() {
        let err = |b: &[u8]| read(b).unwrap_err().to_string();
        assert!(err(b"").contains("no input"));
        assert!(err(b"[{\"root\":").contains("truncated"));
        assert!(err(b"<html>").contains("not valid JSON"));
        assert!(err(b"[{},{\"items\":[]}] trailing").contains("not valid JSON"));
        assert!(err(b"{}").contains("unknown shape"));
        assert!(err(b"[{},{}]").contains("neither `items` nor `sections`"));
        assert!(err(br#"[{},{"items":[{"Chapter":{"name":1}}]}]"#).contains("unknown shape"));
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
