//! Real builds of fixture books: in-process through mdbook-driver, through our `build`
//! command, and through the `mdbook` binary. Each checks the produced HTML.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{bin, copy_dir, fixture, stderr, write};
use mdbook_driver::MDBook;
use mdbook_rollback::mdbook::{Failure, RollbackPreprocessor};
use std::path::Path;
use std::process::Command;

fn book_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(&format!("books/{name}")), dir.path());
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Builds the book at `root` in-process with our preprocessor, into `root/out`, with
/// `on_incomplete` (if any) set in its configuration.
fn driver_build(root: &Path, on_incomplete: Option<&str>) -> mdbook_driver::errors::Result<()> {
    let mut md = MDBook::load(root).unwrap();
    if let Some(value) = on_incomplete {
        md.config
            .set("preprocessor.rollback.on-incomplete", value)
            .unwrap();
    }
    md.with_preprocessor(RollbackPreprocessor::default());
    md.config.build.build_dir = root.join("out");
    md.build()
}

/// What every build of the handbook fixture must produce.
fn assert_handbook_html(out: &Path) {
    for page in [
        "incidents/2024-05-07-search-api.html",
        "incidents/2024-06-02-payments.html",
        "incidents/2024-04-20-search-api-3-3-1.html",
    ] {
        let html = read(&out.join(page));
        assert!(
            html.contains("<strong>Timeline:</strong>"),
            "{page} has its timeline"
        );
        assert!(
            html.contains("<strong>Version diff:</strong>"),
            "{page} has its version diff"
        );
        assert!(
            !html.contains("from-version:"),
            "{page}: front matter is removed"
        );
        for class in ["rollback-card", "rollback-diff", "rollback-timeline"] {
            assert!(
                html.contains(&format!(r#"<div class="rollback {class}">"#)),
                "{page}: the {class} has its style"
            );
        }
        assert_eq!(
            html.matches(".rollback-card table{width:100%}").count(),
            1,
            "{page}"
        );
    }
    let toc = read(&out.join("toc.html"));
    assert!(
        toc.contains(r#"href="incidents/2024-06-02-payments.html""#),
        "sidebar lists discovered reports"
    );
    assert!(
        toc.contains("<strong aria-hidden=\"true\">2.3.</strong> Search API 3.3.1"),
        "numbered in the book"
    );
    let index = read(&out.join("incidents/index.html"));
    assert!(
        index.contains(r#"<a href="2024-06-02-payments.html">Payments 1.8.0</a>"#),
        "index links are relative"
    );
    assert!(
        index.contains(r#"<div class="rollback-chart" style="overflow-x:auto;direction:rtl">"#)
    );
    // The index table sits in its styled wrapper, so that it fits mdBook's content width.
    let wrapper = index.find(r#"<div class="rollback-index">"#).unwrap();
    let table = wrapper + index[wrapper..].find("<table").unwrap();
    assert!(
        !index[wrapper..table].contains("</div>"),
        "the table is inside the wrapper"
    );
    assert!(index.contains(".rollback-index td:nth-child(1)"));
    let newest = index.find("Payments 1.8.0").unwrap();
    let older = index.find("Search API 3.2.0").unwrap();
    assert!(newest < older, "newest first");
    assert!(
        read(&search_index_file(out)).contains("discoveredmarker"),
        "search finds a discovered report"
    );
    let intro = read(&out.join("introduction.html"));
    assert!(
        intro.contains("<kbd>Ctrl</kbd>"),
        "other chapters render as before"
    );
}

#[test]
fn driver_build_of_the_handbook() {
    let book = book_copy("handbook");
    driver_build(book.path(), None).expect("a complete handbook builds");
    assert_handbook_html(&book.path().join("out"));
}

#[test]
fn driver_build_fails_on_an_incomplete_report_and_warn_mode_publishes_it() {
    let book = book_copy("incomplete");
    let err = driver_build(book.path(), None).expect_err("an incomplete report fails the build");
    let failure = err
        .chain()
        .find_map(|e| e.downcast_ref::<Failure>())
        .expect("our failure");
    assert!(matches!(failure, Failure::Incomplete { totals, .. } if totals.errors == 1));

    driver_build(book.path(), Some("warn")).expect("warn mode builds");
    let html = read(&book.path().join("out/report.html"));
    assert!(
        html.contains("This rollback report is incomplete."),
        "the banner shows"
    );
    assert!(html.contains("placeholder"), "the banner lists the finding");
    // A screen reader lists it among the page's regions, and its links are underlined.
    let region = html
        .find(r#"<div class="rollback rollback-banner" role="region" aria-label="Incomplete report">"#)
        .expect("the banner is a named region");
    let inside = &html[region..];
    assert!(
        inside.find("This rollback report is incomplete.").unwrap()
            < inside.find("</div>").unwrap(),
        "the banner is inside it"
    );
    assert!(html.contains(".rollback a{text-decoration:underline}"));
}

/// Each finding in the banner links to the heading above it, by the id mdBook gives that
/// heading: repeated titles get `-1`, and a heading's own `{#id}` is kept.
#[test]
fn the_banner_links_each_finding_to_its_heading() {
    let book = book_copy("incomplete");
    let path = book.path().join("src/report.md");
    let report = read(&path)
        .replace(
            "### 3.1. Rollback Plan\n",
            "### 3.1. Rollback Plan {#plan}\n\n[**Placeholder: the plan.**]\n",
        )
        .replace(
            "### 4.3. Corrective Actions\n",
            "#### Notes\n\nSee below.\n\n### 4.3. Corrective Actions\n\n#### Notes\n\n[**Placeholder: notes.**]\n",
        );
    std::fs::write(&path, report).unwrap();
    driver_build(book.path(), Some("warn")).expect("warn mode builds");
    let html = read(&book.path().join("out/report.html"));
    let start = html.find("This rollback report is incomplete.").unwrap();
    let banner = &html[start..start + html[start..].find("</blockquote>").unwrap()];
    let targets: Vec<&str> = banner
        .split("href=\"#")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(
        targets,
        ["plan", "42-root-cause-analysis-initial", "notes-1"],
        "{banner}"
    );
    for target in targets {
        assert!(html.contains(&format!("id=\"{target}\"")), "{target}");
    }
}

/// A report whose file name is not ASCII is linked from the index as mdBook links
/// chapters, so that the print page turns the link into one to the report on it.
#[test]
fn the_print_page_links_to_a_report_named_in_another_script() {
    let book = book_copy("handbook");
    let incidents = book.path().join("src/incidents");
    std::fs::rename(
        incidents.join("2024-06-02-payments.md"),
        incidents.join("2024-06-02-платежи.md"),
    )
    .unwrap();
    driver_build(book.path(), None).expect("the handbook builds");
    let index = read(&book.path().join("out/incidents/index.html"));
    assert!(
        index.contains("href=\"2024-06-02-платежи.html\""),
        "{index}"
    );
    let print = read(&book.path().join("out/print.html"));
    assert!(
        !print.contains("платежи.html") && !print.contains("%D0%"),
        "the print page links within itself"
    );
    assert!(print.contains("href=\"#rollback-report-payments-180\""));
}

#[test]
fn findings_in_included_text_point_at_the_include_in_the_build_and_in_check() {
    let book = book_copy("handbook");
    let report = book.path().join("src/incidents/2024-05-07-search-api.md");
    let text = read(&report).replace(
        "Executed as planned.",
        "Executed as planned.\n\n{{#include ../parts/steps.md}}",
    );
    std::fs::write(&report, &text).unwrap();
    std::fs::create_dir_all(book.path().join("src/parts")).unwrap();
    std::fs::write(
        book.path().join("src/parts/steps.md"),
        "- 14:18 UTC — paged\n- 14:20 UTC — [**Placeholder: who approved it?**]\n",
    )
    .unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("{{#include"))
        .unwrap()
        + 1;
    let message = "placeholder text is still here: `[**Placeholder: who approved it?**]` (in the text included from `../parts/steps.md`)";

    let err =
        driver_build(book.path(), None).expect_err("the included placeholder fails the build");
    let Some(Failure::Incomplete { diagnostics, .. }) =
        err.chain().find_map(|e| e.downcast_ref::<Failure>())
    else {
        panic!("our failure: {err:?}");
    };
    assert!(diagnostics.contains(message), "{diagnostics}");
    assert!(
        diagnostics.contains(&format!(
            "--> src/incidents/2024-05-07-search-api.md:{line}:1"
        )),
        "{diagnostics}"
    );

    let out = bin(book.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["message"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        found,
        [(message, line as u64)],
        "check agrees with the build"
    );

    // Published anyway, the banner gives the same line.
    driver_build(book.path(), Some("warn")).expect("warn mode builds");
    let html = read(&book.path().join("out/incidents/2024-05-07-search-api.html"));
    let banner = html.find("incomplete").unwrap();
    assert!(
        html.contains(&format!("(line {line}): placeholder text is still here")),
        "{}",
        &html[banner..(banner + 800).min(html.len())]
    );
}

#[test]
fn a_report_found_outside_summary_has_its_includes_expanded_like_a_listed_one() {
    let book = book_copy("handbook");
    // Not in SUMMARY.md: found by the preprocessor after mdBook's `links` has run.
    let report = book.path().join("src/incidents/2024-06-02-payments.md");
    let text = read(&report).replace(
        "## 5. Appendix\n",
        "## 5. Appendix\n\n{{#include ../parts/appendix.md}}\n",
    );
    std::fs::write(&report, text).unwrap();
    std::fs::create_dir_all(book.path().join("src/parts")).unwrap();
    std::fs::write(
        book.path().join("src/parts/appendix.md"),
        "The dashboards we watched: checkout-errors.\n",
    )
    .unwrap();
    driver_build(book.path(), None).expect("the handbook builds");
    let html = read(&book.path().join("out/incidents/2024-06-02-payments.html"));
    assert!(
        html.contains("The dashboards we watched: checkout-errors."),
        "expanded"
    );
    assert!(!html.contains("{{#include"), "not published raw");
}

/// Whether mdBook's `links` ran before us is read from mdBook's own order: here another
/// preprocessor that must run before `links` (and that declines the renderer) puts
/// `links` after ours, so a found report's escaped directive must reach it escaped.
#[test]
fn an_escaped_include_stays_escaped_when_links_runs_after_us() {
    let book = book_copy("handbook");
    let toml = read(&book.path().join("book.toml")).replace("after = [\"links\"]\n", "");
    std::fs::write(
        book.path().join("book.toml"),
        format!("{toml}\n[preprocessor.aaa]\ncommand = \"false\"\nbefore = [\"links\"]\n"),
    )
    .unwrap();
    std::fs::write(book.path().join("src/.secrets.md"), "TOKEN-123\n").unwrap();
    let report = book.path().join("src/incidents/2024-06-02-payments.md");
    let text = read(&report).replace(
        "## 5. Appendix\n",
        "## 5. Appendix\n\nShown: \\{{#include ../.secrets.md}}\n",
    );
    std::fs::write(&report, text).unwrap();
    driver_build(book.path(), None).expect("the handbook builds");
    let html = read(&book.path().join("out/incidents/2024-06-02-payments.html"));
    assert!(
        !html.contains("TOKEN-123"),
        "the escaped directive was expanded"
    );
    assert!(
        html.contains("Shown: {{#include ../.secrets.md}}"),
        "shown as written"
    );
}

#[test]
fn a_report_that_includes_a_file_it_may_not_stops_the_build_even_in_warn_mode() {
    let book = book_copy("handbook");
    // Listed in SUMMARY.md, so mdBook's links preprocessor includes the file before us.
    let report = book.path().join("src/incidents/2024-05-07-search-api.md");
    let text = read(&report).replace(
        "Executed as planned.",
        "Executed as planned.\n\n{{#include ../.secrets.md}}",
    );
    std::fs::write(&report, text).unwrap();
    std::fs::write(book.path().join("src/.secrets.md"), "TOKEN-123\n").unwrap();
    for on_incomplete in [None, Some("warn")] {
        let err = driver_build(book.path(), on_incomplete).expect_err("refused");
        let Some(Failure::Setup(error)) = err.chain().find_map(|e| e.downcast_ref::<Failure>())
        else {
            panic!("our failure: {err:?}");
        };
        let said = error.to_string();
        assert!(
            said.contains("`{{#include ../.secrets.md}}`: not included"),
            "{said}"
        );
        assert!(!said.contains("TOKEN-123"), "{said}");
    }
    assert!(
        !book
            .path()
            .join("out/incidents/2024-05-07-search-api.html")
            .exists(),
        "nothing is published"
    );
}

#[test]
fn an_include_it_may_not_make_is_refused_however_the_chapter_hides_it() {
    // Each case: a change to the handbook that includes `src/.secrets.md`.
    type Change = fn(&Path);
    let cases: [(&str, Change); 6] = [
        (
            "a page of the reports folder listed through a symlinked folder",
            |root| {
                std::os::unix::fs::symlink("incidents", root.join("src/alias")).unwrap();
                std::fs::write(
                    root.join("src/incidents/page.md"),
                    "# Page\n\n{{#include ../.secrets.md}}\n",
                )
                .unwrap();
                let summary = read(&root.join("src/SUMMARY.md"));
                std::fs::write(
                    root.join("src/SUMMARY.md"),
                    format!("{summary}- [Page](alias/page.md)\n"),
                )
                .unwrap();
            },
        ),
        ("a title hidden behind an include", |root| {
            let report = root.join("src/incidents/2024-05-07-search-api.md");
            let text = read(&report);
            std::fs::write(root.join("src/incidents/notes.md"), "# Notes\n").unwrap();
            std::fs::write(
                &report,
                format!("{{{{#include notes.md}}}}\n\n{text}\n{{{{#include ../.secrets.md}}}}\n"),
            )
            .unwrap();
        }),
        ("our preprocessor before links", |root| {
            let toml = read(&root.join("book.toml"))
                .replace("after = [\"links\"]", "before = [\"links\"]");
            std::fs::write(root.join("book.toml"), toml).unwrap();
            let report = root.join("src/incidents/2024-05-07-search-api.md");
            let text = read(&report).replace("Executed as planned.", "{{#include ../.secrets.md}}");
            std::fs::write(&report, text).unwrap();
        }),
        ("a page in the reports folder that is no report", |root| {
            let readme = root.join("src/incidents/README.md");
            let text = read(&readme);
            std::fs::write(
                &readme,
                format!("{text}\n{{{{#include ../.secrets.md}}}}\n"),
            )
            .unwrap();
        }),
        ("a listed report with a backslash in its name", |root| {
            let text = read(&root.join("src/incidents/2024-05-07-search-api.md"));
            std::fs::write(
                root.join("src/incidents/a\\b.md"),
                format!("{text}\n{{{{#include ../.secrets.md}}}}\n"),
            )
            .unwrap();
            let summary = read(&root.join("src/SUMMARY.md"));
            std::fs::write(
                root.join("src/SUMMARY.md"),
                format!("{summary}  - [Backslash](incidents/a\\b.md)\n"),
            )
            .unwrap();
        }),
        (
            "an anchor that starts on the line another one ends",
            |root| {
                std::fs::create_dir_all(root.join("src/parts")).unwrap();
                std::fs::write(
                    root.join("src/parts/p.md"),
                    "ANCHOR_END: x ANCHOR: leak\n{{#include ../.secrets.md}}\nANCHOR_END: leak\n",
                )
                .unwrap();
                let readme = root.join("src/incidents/README.md");
                let text = read(&readme);
                std::fs::write(
                    &readme,
                    format!("{text}\n{{{{#include ../parts/p.md:leak}}}}\n"),
                )
                .unwrap();
            },
        ),
    ];
    for (case, change) in cases {
        let book = book_copy("handbook");
        std::fs::write(book.path().join("src/.secrets.md"), "TOKEN-123\n").unwrap();
        change(book.path());
        let err = driver_build(book.path(), Some("warn")).expect_err(case);
        let said = format!("{err:?}");
        assert!(
            said.contains("`{{#include ../.secrets.md}}`")
                && said.contains("not included: `../.secrets.md` is no file"),
            "{case}: {said}"
        );
        let out = bin(book.path()).args(["check"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{case}: {}", stderr(&out));
        assert!(!stderr(&out).contains("TOKEN-123"), "{case}");
    }
}

#[test]
fn our_build_command() {
    let book = book_copy("handbook");
    let out = bin(book.path())
        .args(["build", ".", "--dest-dir", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_handbook_html(&book.path().join("site"));

    let book = book_copy("incomplete");
    let out = bin(book.path()).args(["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[placeholder]") && err.contains("src/report.md:60:1"),
        "{err}"
    );

    let err = common::usage_error(book.path(), &["build", "missing"]);
    assert!(err.contains("missing is no folder"), "{err}");
    std::fs::create_dir(book.path().join("empty")).unwrap();
    let err = common::usage_error(book.path(), &["build", "empty"]);
    assert!(err.contains("empty has no book.toml"), "{err}");

    // What mdBook refuses in book.toml is told at its line, and a file a setting names
    // that is not there, with what to fix.
    let book = book_copy("handbook");
    let toml = read(&book.path().join("book.toml"));
    let (at, _) = toml
        .lines()
        .enumerate()
        .find(|(_, line)| line.starts_with("language"))
        .unwrap();
    let broken = toml.replacen("language = \"en\"", "language = 5", 1);
    std::fs::write(book.path().join("book.toml"), &broken).unwrap();
    let err = common::usage_error(book.path(), &["build"]);
    assert!(
        err.starts_with(&format!(
            "error: ./book.toml:{}: mdBook cannot load the book",
            at + 1
        )) && err.contains("help: fix the value mdBook names"),
        "{err}"
    );
    let missing_css = toml.replacen(
        "[output.html]\n",
        "[output.html]\nadditional-css = [\"nope.css\"]\n",
        1,
    );
    std::fs::write(book.path().join("book.toml"), missing_css).unwrap();
    let err = common::usage_error(book.path(), &["build"]);
    assert!(
        err.contains("nope.css") && err.contains("help: fix what mdBook names"),
        "{err}"
    );
    // A chapter mdBook cannot read is told at SUMMARY.md, not book.toml.
    let no_create = toml.replacen("[book]\n", "[build]\ncreate-missing = false\n\n[book]\n", 1);
    std::fs::write(book.path().join("book.toml"), no_create).unwrap();
    let summary = book.path().join("src/SUMMARY.md");
    let listed = read(&summary);
    std::fs::write(&summary, format!("{listed}- [Gone](gone.md)\n")).unwrap();
    let err = common::usage_error(book.path(), &["build"]);
    assert!(
        err.starts_with("error: ./src/SUMMARY.md: mdBook cannot load the book")
            && err.contains("gone.md"),
        "{err}"
    );
}

/// The search index a build wrote (`searchindex-<hash>.js`).
fn search_index_file(out: &Path) -> std::path::PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("searchindex")
                && p.extension().is_some_and(|e| e == "js")
        })
        .expect("a search index")
}

/// The search index a build wrote, as JSON.
fn search_index(out: &Path) -> serde_json::Value {
    let script = read(&search_index_file(out));
    let json = script
        .split_once("JSON.parse('")
        .and_then(|(_, rest)| rest.rsplit_once("')"))
        .map(|(json, _)| json.replace("\\'", "'").replace("\\\\", "\\"))
        .expect("the index is JSON in a script");
    serde_json::from_str(&json).unwrap()
}

#[test]
fn real_mdbook_binary_builds() {
    let Some(mdbook) = common::mdbook_binary() else {
        return;
    };
    let book = book_copy("handbook");
    let out = Command::new(&mdbook)
        .args(["build", "--dest-dir", "site"])
        .current_dir(book.path())
        .env("PATH", common::path_with_our_binary())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_handbook_html(&book.path().join("site"));
    // `mdbook-rollback build` publishes the same book, search index included: its
    // mdBook, parser and search crates are the ones the mdbook 0.5 release locks.
    let ours = bin(book.path())
        .args(["build", ".", "--dest-dir", "ours"])
        .output()
        .unwrap();
    assert!(ours.status.success(), "{}", stderr(&ours));
    let (site, ours) = (book.path().join("site"), book.path().join("ours"));
    assert!(
        search_index(&site) == search_index(&ours),
        "the search indexes differ: are pulldown-cmark and elasticlunr-rs in Cargo.lock the versions mdbook's own lock file has?"
    );
    let hashed = regex::Regex::new("searchindex-[0-9a-f]+").unwrap();
    for page in ["introduction.html", "incidents/index.html", "print.html"] {
        let without_hash = |dir: &Path| {
            hashed
                .replace_all(&read(&dir.join(page)), "searchindex")
                .into_owned()
        };
        assert!(without_hash(&site) == without_hash(&ours), "{page} differs");
    }

    let book = book_copy("incomplete");
    let out = Command::new(&mdbook)
        .arg("build")
        .current_dir(book.path())
        .env("PATH", common::path_with_our_binary())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("error[placeholder]"), "{err}");

    let out = Command::new(&mdbook)
        .arg("build")
        .current_dir(book.path())
        .env("PATH", common::path_with_our_binary())
        .env("MDBOOK_PREPROCESSOR__ROLLBACK__ON_INCOMPLETE", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(&book.path().join("book/report.html"));
    assert!(html.contains("This rollback report is incomplete."));
}

/// Our settings are read from `[preprocessor.rollback]` only: a table of another name
/// that runs mdbook-rollback is named in a warning by `check`, and refused by `build`,
/// which adds ours as `rollback` and would run it twice.
#[test]
fn a_table_of_another_name_is_said_and_not_run_twice() {
    let book = book_copy("handbook");
    let toml = read(&book.path().join("book.toml"))
        .replace("[preprocessor.rollback]", "[preprocessor.incidents]");
    std::fs::write(book.path().join("book.toml"), toml).unwrap();
    let said = "book.toml runs mdbook-rollback as [preprocessor.incidents], but its settings are read from [preprocessor.rollback] only";
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert!(stderr(&out).contains(said), "{}", stderr(&out));
    let out = bin(book.path()).args(["index"]).output().unwrap();
    assert!(stderr(&out).contains(said), "{}", stderr(&out));
    let out = bin(book.path()).args(["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("it would run twice")
            && stderr(&out).contains("help: rename the table to [preprocessor.rollback]"),
        "{}",
        stderr(&out)
    );
}

/// mdBook writes a chapter's path into the sidebar's HTML unescaped, and a report found
/// in the reports folder gets its path from its file's name, which a pull request
/// chooses: a name that could break out of the markup stops `check` and the build.
#[test]
fn a_report_named_to_break_out_of_the_html_is_refused() {
    // Names that are safe in an attribute and a quoted string stay allowed, wherever
    // the book is.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("R&D `x`");
    copy_dir(&fixture("books/handbook"), &book);
    let report = read(&book.join("src/incidents/2024-06-02-payments.md"));
    std::fs::write(
        book.join("src/incidents/2024-06-05 Zahlungen & Ä.md"),
        &report,
    )
    .unwrap();
    // Past the first part of a link, `:` and `&` make no scheme.
    std::fs::write(book.join("src/incidents/2024-06-06 09:12 R&D.md"), &report).unwrap();
    let out = bin(dir.path())
        .args(["check", "R&D `x`/src/incidents"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = bin(&book).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    for name in [
        "2024-05-01-x\"><img src=x onerror=alert(1)>.md",
        "2024-05-01-x' onmouseover='alert(1).md",
        // mdBook makes a backslash a `/`: this name would link to another site.
        "\\\\evil.example\\a.md",
        // With `reports-dir = "."`, the first part of the link mdBook makes: a scheme.
        "javascript:alert(1);x.md",
        "javascript&colon;alert(1);x.md",
    ] {
        let book = book_copy("handbook");
        let report = read(&book.path().join("src/incidents/2024-06-02-payments.md"));
        let folder = match name.starts_with("javascript") {
            true => {
                let toml = read(&book.path().join("book.toml"))
                    .replace("git = false\n", "git = false\nreports-dir = \".\"\n");
                std::fs::write(book.path().join("book.toml"), toml).unwrap();
                ""
            }
            false => "incidents/",
        };
        std::fs::write(book.path().join("src").join(folder).join(name), report).unwrap();
        let quote = name.chars().find(|c| "\"':&\\".contains(*c)).unwrap();
        let said = format!("the report `{folder}{name}` has `{quote}` in its name");
        for command in ["check", "build"] {
            let out = bin(book.path()).arg(command).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{command} {name}");
            assert!(
                stderr(&out).contains(&said)
                    && stderr(&out).contains("help: rename it without quotes"),
                "{command}: {}",
                stderr(&out)
            );
        }
        let err = driver_build(book.path(), None).expect_err(name);
        assert!(format!("{err:?}").contains(&said), "{err:?}");
        assert!(!book.path().join("book").exists());
    }
}

/// SUMMARY.md comes from pull requests too: a chapter listed from outside `src`
/// (`../.git/config`, an absolute path, a symlink out) is refused by `check`, and stops
/// the build, rather than being published as a page.
#[test]
fn a_chapter_from_outside_src_is_refused() {
    for listed in ["../secret.txt", "/etc/hostname", "out.md"] {
        let book = book_copy("handbook");
        std::fs::write(book.path().join("secret.txt"), "TOKEN-123\n").unwrap();
        std::os::unix::fs::symlink("../secret.txt", book.path().join("src/out.md")).unwrap();
        let summary = read(&book.path().join("src/SUMMARY.md"));
        std::fs::write(
            book.path().join("src/SUMMARY.md"),
            format!("{summary}- [Secret]({listed})\n"),
        )
        .unwrap();
        let out = bin(book.path()).args(["check"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{listed}");
        assert!(
            stderr(&out).contains(&format!(
                "src/SUMMARY.md:8: SUMMARY.md lists `{listed}`, which is not in the book's src folder"
            )),
            "{listed}: {}",
            stderr(&out)
        );
        let out = bin(book.path()).args(["build"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{listed}");
        assert!(
            stderr(&out).contains(&format!(
                "src/SUMMARY.md:8: SUMMARY.md lists `{listed}`, which is not in the book's src folder"
            )),
            "{}",
            stderr(&out)
        );
        if listed == "../secret.txt" {
            // Under `mdbook build`, the preprocessor refuses it too.
            let err = driver_build(book.path(), None).expect_err(listed);
            assert!(
                format!("{err:?}").contains("SUMMARY.md:8: SUMMARY.md lists `../secret.txt`"),
                "{err:?}"
            );
        }
        assert!(!book.path().join("book").exists() && !book.path().join("out").exists());
    }
}

/// mdBook empties the folder it builds into: `build` refuses a destination that holds the
/// book or its `src`, a repository, or files that are no book it built, or lies in `src`,
/// before anything is deleted. A book it built is built over.
#[test]
fn build_refuses_a_destination_that_would_delete_the_book() {
    let book = book_copy("handbook");
    let root = book.path();
    std::fs::create_dir_all(root.join("other/.git")).unwrap();
    write(&root.join("notes/todo.txt"), "keep me\n");
    write(&root.join("site-like/index.html"), "<p>mine</p>\n");
    write(&root.join("site-like/important.db"), "keep me\n");
    // Placeholders are no one's loss.
    write(&root.join("kept/.gitkeep"), "");
    write(&root.join("kept/CNAME"), "handbook.example.com\n");
    // Outside git, what a build that failed halfway left (no `.nojekyll` yet) cannot be
    // told from anyone's files: it is refused, and the help says to delete it.
    write(&root.join("halfway/ayu-highlight-3fdfc3ac.css"), "/* */\n");
    write(&root.join("halfway/book-0123abcd.js"), "//\n");
    let before = std::fs::read_to_string(root.join("book.toml")).unwrap();
    for (dest, reason) in [
        (".", "holds the book itself"),
        ("..", "holds the book itself"),
        ("site/../..", "holds the book itself"),
        ("src", "holds the book's src folder"),
        ("src/incidents", "is in the book's src folder"),
        ("src/site", "is in the book's src folder"),
        (
            "notes",
            "holds files that are no book mdBook built, such as ",
        ),
        // An `index.html` is no sign of a book mdBook built; its `.nojekyll` is.
        (
            "site-like",
            "holds files that are no book mdBook built, such as ",
        ),
        ("other", "holds a repository (`.git`)"),
    ] {
        let out = bin(root)
            .args(["build", "--dest-dir", dest])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{dest}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("cannot build into `{dest}`: it"))
                && stderr(&out).contains(reason),
            "{dest}: {}",
            stderr(&out)
        );
    }
    assert!(root.join("src/SUMMARY.md").is_file() && root.join("other/.git").is_dir());
    // Named by the environment, it is said so.
    let out = bin(root)
        .arg("build")
        .env("MDBOOK_BUILD__BUILD_DIR", ".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("help: set MDBOOK_BUILD__BUILD_DIR, which names it"),
        "{}",
        stderr(&out)
    );
    assert!(root.join("notes/todo.txt").is_file());
    let out = bin(root)
        .args(["build", "--dest-dir", "halfway"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("if a build that failed left them, delete the folder"),
        "{}",
        stderr(&out)
    );
    let out = bin(root)
        .args(["build", "--dest-dir", "kept"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // A book it built is built over.
    for _ in 0..2 {
        let out = bin(root)
            .args(["build", "--dest-dir", "site"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // Run by mdBook itself, the preprocessor stops `mdbook build -d .` before mdBook's
    // renderer empties the book.
    if let Some(mdbook) = common::mdbook_binary() {
        let out = Command::new(&mdbook)
            .args(["build", "--dest-dir", "."])
            .current_dir(root)
            .env("PATH", common::path_with_our_binary())
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("holds the book itself"),
            "{}",
            stderr(&out)
        );
        assert!(root.join("src/SUMMARY.md").is_file() && root.join("book.toml").is_file());
    }
    // book.toml's own `build-dir` is held to the same, and told at its line.
    let toml = format!("{before}\n[build]\nbuild-dir = \"..\"\n");
    std::fs::write(root.join("book.toml"), &toml).unwrap();
    let out = bin(root).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let line = toml
        .lines()
        .position(|l| l.starts_with("build-dir"))
        .unwrap()
        + 1;
    assert!(
        stderr(&out).contains(&format!("book.toml:{line}: cannot build into `..`")),
        "{}",
        stderr(&out)
    );
    assert!(root.join("src/SUMMARY.md").is_file());
    // With two renderers, each writes into a folder of its own: `.` is no danger then.
    let toml = toml.replace("build-dir = \"..\"", "build-dir = \".\"");
    std::fs::write(
        root.join("book.toml"),
        format!("{toml}\n[output.markdown]\n"),
    )
    .unwrap();
    let out = bin(root).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.join("html/index.html").is_file() && root.join("src/SUMMARY.md").is_file());
}

/// Outside any repository, nothing out of the book is known to be its own: a theme named
/// there publishes nothing, and a markdown renderer's folder there that holds files is
/// not emptied.
#[test]
fn outside_any_repository_nothing_out_of_the_book_is_the_books() {
    let book = book_copy("handbook");
    let root = book.path();
    let outside = tempfile::tempdir().unwrap();
    write(&outside.path().join("theme/fonts/creds.env"), "TOKEN=abc\n");
    write(&outside.path().join("victim/id_rsa"), "key\n");
    let toml = read(&root.join("book.toml"));
    let theme = toml.replace(
        "[output.html]",
        &format!(
            "[output.html]\ntheme = \"{}\"",
            outside.path().join("theme").display()
        ),
    );
    std::fs::write(root.join("book.toml"), theme).unwrap();
    let out = bin(root).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("fonts/creds.env: a file its repository does not track"),
        "{}",
        stderr(&out)
    );

    let markdown = toml.replace("[output.html]", "[output.markdown]");
    std::fs::write(root.join("book.toml"), markdown).unwrap();
    let victim = outside.path().join("victim");
    let out = bin(root)
        .args(["build", "--dest-dir"])
        .arg(&victim)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(victim.join("id_rsa").is_file());
    // In the book, a markdown renderer's folder is built over.
    for _ in 0..2 {
        let out = bin(root).arg("build").output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
}
