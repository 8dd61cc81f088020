//! The preprocessor protocol through the binary: real mdBook 0.5 and 0.4 input, bad
//! input, failures, and chapters that must come back byte-identical.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{copy_dir, fixture, stderr, stdout};
use mdbook_preprocessor::book::BookItem;
use serde_json::Value;

/// The captured input, with `root` pointing at a fresh copy of the fixture book.
fn captured(version: &str) -> (Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), dir.path());
    let text =
        std::fs::read_to_string(fixture(&format!("protocol/mdbook-{version}.json"))).unwrap();
    let mut input: Value = serde_json::from_str(&text).unwrap();
    input[0]["root"] = Value::String(dir.path().to_string_lossy().into_owned());
    (input, dir)
}

fn chapters(items: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for item in items.as_array().unwrap() {
        if let Some(chapter) = item.get("Chapter") {
            out.push(chapter);
            out.extend(chapters(&chapter["sub_items"]));
        }
    }
    out
}

fn check_round_trip(version: &str, key: &str) {
    let (input, dir) = captured(version);
    let out = common::pipe(
        serde_json::to_string(&input).unwrap().as_bytes(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).is_empty(),
        "nothing to say for a complete book: {}",
        stderr(&out)
    );
    let output: Value = serde_json::from_slice(&out.stdout).expect("stdout is only the book JSON");
    if version == "0.4" {
        assert!(
            output.get("__non_exhaustive").is_some_and(Value::is_null),
            "0.4 expects __non_exhaustive"
        );
    }
    let before = chapters(&input[1][key]);
    let after = chapters(&output[key]);
    assert_eq!(
        after.len(),
        before.len() + 2,
        "the two unlisted reports are added"
    );
    for chapter in &before {
        let name = chapter["name"].as_str().unwrap();
        let out_chapter = after.iter().find(|c| c["name"] == chapter["name"]).unwrap();
        let is_report = name.contains("Search API");
        let is_index = name == "Incidents";
        if is_report {
            assert!(
                out_chapter["content"]
                    .as_str()
                    .unwrap()
                    .contains("**Timeline:**"),
                "{name}"
            );
        } else if is_index {
            assert!(out_chapter["content"].as_str().unwrap().contains(
                "<div class=\"rollback-chart\" style=\"overflow-x:auto;direction:rtl\">"
            ));
        } else {
            assert_eq!(
                out_chapter["content"], chapter["content"],
                "{name} must be byte-identical"
            );
        }
    }
    let discovered = after
        .iter()
        .find(|c| c["name"] == "Payments 1.8.0")
        .expect("discovered report");
    assert_eq!(discovered["path"], "incidents/2024-06-02-payments.md");
    assert_eq!(
        discovered["source_path"],
        "incidents/2024-06-02-payments.md"
    );
    assert_eq!(
        discovered["number"],
        serde_json::json!([2, 2]),
        "newest first, after the listed report"
    );
    assert_eq!(discovered["parent_names"], serde_json::json!(["Incidents"]));
    let older = after
        .iter()
        .find(|c| c["name"] == "Search API 3.3.1")
        .unwrap();
    assert_eq!(older["number"], serde_json::json!([2, 3]));
}

#[test]
fn mdbook_0_5_input_round_trips() {
    check_round_trip("0.5", "items");
}

#[test]
fn mdbook_0_4_input_round_trips_in_the_0_4_shape() {
    check_round_trip("0.4", "sections");
}

/// The book as mdBook sends it back, in each version's shape, serialised by mdBook's types.
#[derive(serde::Serialize)]
struct Items05<'a> {
    items: &'a [BookItem],
}

#[derive(serde::Serialize)]
struct Sections04<'a> {
    sections: &'a [BookItem],
    __non_exhaustive: (),
}

/// The binary makes each report's new text as it writes the book out. What it writes is
/// byte for byte what the in-process preprocessor makes of the book, serialised by
/// mdBook's own types; here with a report that holds the index, too.
#[test]
fn the_streamed_book_is_what_mdbooks_types_serialise() {
    for (version, key) in [("0.5", "items"), ("0.4", "sections")] {
        let (mut input, dir) = captured(version);
        let items = input[1][key].as_array_mut().unwrap();
        let report = items
            .iter_mut()
            .filter_map(|item| item.get_mut("Chapter"))
            .flat_map(|chapter| chapter["sub_items"].as_array_mut().unwrap())
            .filter_map(|item| item.get_mut("Chapter"))
            .find(|chapter| {
                chapter["content"]
                    .as_str()
                    .unwrap()
                    .contains("# Rollback Report")
            })
            .expect("a listed report");
        let content = report["content"].as_str().unwrap().to_string();
        report["content"] = Value::String(format!("{content}\n{{{{#rollback-index}}}}\n"));

        let out = common::pipe(
            serde_json::to_string(&input).unwrap().as_bytes(),
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

        let mut items: Vec<BookItem> = serde_json::from_value(input[1][key].clone()).unwrap();
        let options = mdbook_rollback::mdbook::Options {
            root: dir.path(),
            renderer: input[0]["renderer"].as_str().unwrap(),
            config: &input[0]["config"],
            mdbook_version: input[0]["mdbook_version"].as_str().unwrap(),
            git: None,
            color: false,
        };
        mdbook_rollback::mdbook::run(&options, &mut items, &mut Default::default()).unwrap();
        let expected = if version == "0.5" {
            serde_json::to_string(&Items05 { items: &items })
        } else {
            serde_json::to_string(&Sections04 {
                sections: &items,
                __non_exhaustive: (),
            })
        }
        .unwrap();
        assert!(expected.contains("|Date|"), "the report holds the index");
        assert_eq!(stdout(&out), expected, "mdBook {version}");
    }
}

/// A report is found again by its chapter's path when the book is written out, so a
/// path two chapters share (mdBook's `index` preprocessor can make one) must not mix
/// them up: here a report, a chapter of the same length that is not one, and the report
/// again, all at one path.
#[test]
fn chapters_that_share_a_path_are_told_apart() {
    use mdbook_preprocessor::book::Chapter;
    use mdbook_rollback::mdbook::{Options, plan, protocol, run};
    let dir = tempfile::tempdir().unwrap();
    let report = std::fs::read_to_string(fixture(
        "books/handbook/src/incidents/2024-06-02-payments.md",
    ))
    .unwrap();
    let other = "x".repeat(report.len());
    let chapter = |name: &str, content: &str| {
        BookItem::Chapter(Chapter::new(
            name,
            content.to_string(),
            "incidents/index.md",
            Vec::new(),
        ))
    };
    let items = vec![
        chapter("Report", &report),
        chapter("Other", &other),
        chapter("Report again", &report),
    ];
    let config = serde_json::json!({
        "book": {"src": "src"},
        "preprocessor": {"rollback": {"git": false, "on-incomplete": "warn"}}
    });
    let options = Options {
        root: dir.path(),
        renderer: "html",
        config: &config,
        mdbook_version: "0.5.4",
        git: None,
        color: false,
    };
    let mut spliced = items.clone();
    run(&options, &mut spliced, &mut Default::default()).unwrap();
    let contents: Vec<&str> = spliced
        .iter()
        .map(|item| match item {
            BookItem::Chapter(chapter) => chapter.content.as_str(),
            _ => "",
        })
        .collect();
    assert!(
        contents[0].contains("|Service|Severity|"),
        "{}",
        contents[0]
    );
    assert_eq!(contents[1], other, "not a report, so unchanged");
    assert_eq!(contents[2], contents[0]);

    let mut planned = items;
    let rewrites = plan(&options, &mut planned, &mut Default::default()).unwrap();
    let mut streamed = Vec::new();
    protocol::write(&planned, &rewrites, protocol::Host::V05, &mut streamed).unwrap();
    assert_eq!(
        String::from_utf8(streamed).unwrap(),
        serde_json::to_string(&Items05 { items: &spliced }).unwrap()
    );
}

/// A report file whose name is not UTF-8 cannot go back to mdBook as a chapter path: it
/// is skipped with a warning, instead of cutting the book short halfway through stdout.
#[test]
fn an_unlisted_report_with_a_name_that_is_not_utf8_is_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let (input, dir) = captured("0.5");
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff.md");
    std::fs::copy(
        fixture("reports/complete.md"),
        dir.path().join("src/incidents").join(name),
    )
    .unwrap();
    let out = common::pipe(
        serde_json::to_string(&input).unwrap().as_bytes(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("its name is not UTF-8"),
        "{}",
        stderr(&out)
    );
    let book: Value = serde_json::from_slice(&out.stdout).expect("the whole book");
    assert_eq!(
        chapters(&book["items"]).len(),
        chapters(&input[1]["items"]).len() + 2,
        "the two unlisted reports with good names are added"
    );
}

#[test]
fn bad_input_exits_2_with_one_line_and_no_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _book) = captured("0.5");
    let full = serde_json::to_string(&input).unwrap();
    for (case, bytes) in [
        ("empty", Vec::new()),
        ("truncated", full.as_bytes()[..full.len() / 2].to_vec()),
        ("not json", b"<html>".to_vec()),
        ("wrong shape", br#"{"items": []}"#.to_vec()),
        (
            "wrong chapter",
            br#"[{"root": "/"}, {"items": [{"Chapter": {"name": 3}}]}]"#.to_vec(),
        ),
        ("not utf-8", vec![0xff, 0xfe, 0x00]),
    ] {
        let out = common::pipe(&bytes, dir.path());
        assert_eq!(out.status.code(), Some(2), "{case}");
        assert!(out.stdout.is_empty(), "{case}: no partial output");
        let err = stderr(&out);
        assert!(err.starts_with("error: "), "{case}: {err}");
        assert!(err.contains("help:"), "{case}: {err}");
    }
}

#[test]
fn an_incomplete_report_fails_the_build_with_check_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/incomplete"), dir.path());
    let content = std::fs::read_to_string(dir.path().join("src/report.md")).unwrap();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let input = serde_json::json!([
        {"root": dir.path(), "config": {"book": {"src": "src"}, "preprocessor": {"rollback": {"git": false}}}, "renderer": "html", "mdbook_version": "0.5.4"},
        {"items": [
            {"Chapter": {"name": "Report", "content": content, "number": [1], "sub_items": [], "path": "report.md", "source_path": "report.md", "parent_names": []}},
            {"Chapter": {"name": "Again", "content": content, "number": [2], "sub_items": [], "path": "again.md", "source_path": "again.md", "parent_names": []}},
            {"Chapter": {"name": "Complete", "content": complete, "number": [3], "sub_items": [], "path": "complete.md", "source_path": "complete.md", "parent_names": []}}
        ]}
    ]);
    let out = common::pipe(input.to_string().as_bytes(), dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("error[placeholder]"), "{err}");
    assert!(err.contains("--> src/again.md:60:1"), "{err}");
    let summaries: Vec<&str> = err.lines().filter(|l| l.starts_with("Checked ")).collect();
    assert!(
        summaries.len() == 1 && summaries[0].starts_with("Checked 3 reports: "),
        "one summary for the book, of every report checked: {summaries:?}"
    );
    assert!(
        err.contains("2 of 3 rollback reports are incomplete"),
        "the reports with errors: {err}"
    );
    assert!(
        err.contains("--> src/report.md:60:1"),
        "paths are relative to the book root: {err}"
    );
    assert!(
        err.contains("set `on-incomplete = \"warn\"` under [preprocessor.rollback] in book.toml"),
        "says where the setting goes: {err}"
    );

    // Settings under a table of another name are not read; the build that fails says so.
    let mut renamed = input.clone();
    renamed[0]["config"]["preprocessor"] = serde_json::json!({
        "incidents": {"command": "mdbook-rollback", "git": false, "on-incomplete": "warn"}
    });
    let out = common::pipe(renamed.to_string().as_bytes(), dir.path());
    assert_eq!(out.status.code(), Some(1));
    let renamed_said = "runs mdbook-rollback as [preprocessor.incidents], but its settings are read from [preprocessor.rollback] only";
    assert!(stderr(&out).contains(renamed_said), "{}", stderr(&out));
    // Before an error that stops it too.
    renamed[1]["items"][0]["Chapter"]["path"] = "../outside.md".into();
    renamed[1]["items"][0]["Chapter"]["source_path"] = "../outside.md".into();
    let out = common::pipe(renamed.to_string().as_bytes(), dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(renamed_said)
            && stderr(&out).contains("not in the book's src folder"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());

    let mut warn = input.clone();
    warn[0]["config"]["preprocessor"]["rollback"]["on-incomplete"] = "warn".into();
    let out = common::pipe(warn.to_string().as_bytes(), dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let book: Value = serde_json::from_slice(&out.stdout).unwrap();
    let content = book["items"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(content.contains("> [!WARNING]"), "{content}");
    assert!(
        content.contains("This rollback report is incomplete."),
        "{content}"
    );
    assert!(
        stderr(&out).contains("error[placeholder]"),
        "findings still reach the log"
    );
}

#[test]
fn configuration_errors_exit_2_and_name_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\n\n[preprocessor.rollback]\nreport-dir = \"x\"\n",
    )
    .unwrap();
    let input = serde_json::json!([
        {"root": dir.path(), "config": {"preprocessor": {"rollback": {"report-dir": "x"}}}, "renderer": "html", "mdbook_version": "0.5.4"},
        {"items": []}
    ]);
    let out = common::pipe(input.to_string().as_bytes(), dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("book.toml:4:")
            && err.contains("unknown key `report-dir`")
            && err.contains("reports-dir"),
        "{err}"
    );
}

#[test]
fn only_unsupported_mdbook_versions_warn() {
    let dir = tempfile::tempdir().unwrap();
    for (version, warns) in [
        ("0.5.4", false),
        ("0.5.9", false),
        ("0.4.40", false),
        ("0.6.0", true),
    ] {
        let input = serde_json::json!([
            {"root": dir.path(), "config": {}, "renderer": "html", "mdbook_version": version},
            {"items": []}
        ]);
        let out = common::pipe(input.to_string().as_bytes(), dir.path());
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            stderr(&out).contains("warning"),
            warns,
            "{version}: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), r#"{"items":[]}"#);
    }
}

/// The index's headings go one level under the heading it is placed under, so that the
/// page's outline (and a screen reader's list of headings) nests it there.
#[test]
fn the_index_headings_nest_under_the_heading_it_is_placed_under() {
    let report = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    for (page, level) in [
        ("# Incidents\n\n{{#rollback-index}}\n", "## "),
        (
            "# Handbook\n\n## Incidents\n\n### All of them\n\n{{#rollback-index}}\n",
            "#### ",
        ),
        ("{{#rollback-index}}\n", "## "),
        ("###### Deep\n\n{{#rollback-index}}\n", "###### "),
    ] {
        let out = common::preprocess_chapters(
            vec![
                ("incidents/r.md".to_string(), report.clone()),
                ("index.md".to_string(), page.to_string()),
            ],
            "html",
        );
        assert!(
            out[1].lines().any(|l| l == format!("{level}By severity")),
            "{page:?}: {}",
            out[1]
        );
    }
}
