//! The indexed handbook: the index page, discovery, `init`, `new`, `install`, `index`,
//! and a headless browser test of the starter handbook.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{bin, copy_dir, fixture, stderr, stdout, write};
use mdbook_preprocessor::book::BookItem;
use mdbook_rollback::mdbook::{Options, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The handbook fixture's items as mdBook loads them, after our preprocessor.
fn preprocessed_handbook(renderer: &str) -> (Vec<BookItem>, String) {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    preprocessed(book.path(), renderer)
}

/// The items of the book at `root` as mdBook loads them, after our preprocessor, and
/// what it said on stderr.
fn preprocessed(root: &Path, renderer: &str) -> (Vec<BookItem>, String) {
    let md = mdbook_driver::MDBook::load(root).unwrap();
    let config = serde_json::to_value(&md.config).unwrap();
    let mut items = md.book.items.clone();
    let options = Options {
        root,
        renderer,
        config: &config,
        mdbook_version: "0.5.4",
        git: None,
        color: false,
    };
    let mut notes = mdbook_rollback::mdbook::Notes::default();
    run(&options, &mut items, &mut notes).unwrap();
    (items, notes.stderr)
}

fn chapter<'a>(items: &'a [BookItem], name: &str) -> &'a mdbook_preprocessor::book::Chapter {
    find(items, name).unwrap_or_else(|| panic!("no chapter {name}"))
}

fn find<'a>(items: &'a [BookItem], name: &str) -> Option<&'a mdbook_preprocessor::book::Chapter> {
    items.iter().find_map(|item| match item {
        BookItem::Chapter(ch) if ch.name == name => Some(ch),
        BookItem::Chapter(ch) => find(&ch.sub_items, name),
        _ => None,
    })
}

#[test]
fn the_index_page_matches_its_golden_file() {
    let (items, notes) = preprocessed_handbook("markdown");
    assert!(notes.is_empty(), "{notes}");
    let index = &chapter(&items, "Incidents").content;
    let golden = common::root().join("tests/golden/index/handbook-index.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        write(&golden, index);
    }
    assert_eq!(
        index,
        &std::fs::read_to_string(&golden).unwrap(),
        "run with UPDATE_GOLDEN=1 and review the diff"
    );
    assert!(!index.contains("<svg"), "no chart for other renderers");
    let (items, _) = preprocessed_handbook("html");
    assert!(
        chapter(&items, "Incidents").content.contains(
            "<div class=\"rollback-chart\" style=\"overflow-x:auto;direction:rtl\">\n<svg"
        )
    );
}

/// A `reports-dir` set to a folder that is not there would leave every report outside
/// SUMMARY.md unchecked and unpublished: the build and `check` stop on it, at its line.
#[test]
fn a_reports_dir_that_is_not_there_stops_the_build_and_check() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    let toml = std::fs::read_to_string(book.path().join("book.toml")).unwrap();
    let with_typo = toml.replace("git = false\n", "git = false\nreports-dir = \"incident\"\n");
    write(&book.path().join("book.toml"), &with_typo);
    let line = with_typo
        .lines()
        .position(|l| l.starts_with("reports-dir"))
        .unwrap()
        + 1;
    let said_at = format!("book.toml:{line}: reports-dir = \"incident\": ");
    let said_why = "src/incident is not a folder, so no report outside SUMMARY.md would be found";
    let md = mdbook_driver::MDBook::load(book.path()).unwrap();
    let config = serde_json::to_value(&md.config).unwrap();
    let options = Options {
        root: book.path(),
        renderer: "html",
        config: &config,
        mdbook_version: "0.5.4",
        git: None,
        color: false,
    };
    let error = run(
        &options,
        &mut md.book.items.clone(),
        &mut Default::default(),
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("reports-dir = \"incident\": "),
        "{error}"
    );
    let report = "src/incidents/2024-06-02-payments.md";
    for args in [&["check"][..], &["build"], &["check", report]] {
        let out = bin(book.path()).args(args).output().unwrap();
        let command = args.join(" ");
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(
            stderr(&out).contains(&said_at)
                && stderr(&out).contains(said_why)
                && stderr(&out).contains("help: point reports-dir at the folder"),
            "{command}: {}",
            stderr(&out)
        );
    }
    // The default folder, unset and absent, is no mistake: a book may list every report.
    write(&book.path().join("book.toml"), &toml);
    std::fs::rename(
        book.path().join("src/incidents"),
        book.path().join("src/reports"),
    )
    .unwrap();
    let summary = book.path().join("src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    write(&summary, &text.replace("incidents/", "reports/"));
    let (_, notes) = preprocessed(book.path(), "html");
    assert!(!notes.contains("reports-dir"), "{notes}");
    // Nor is it when written out, as `install` writes it: git does not keep an empty
    // folder, so a fresh clone may lack it.
    write(
        &book.path().join("book.toml"),
        &toml.replace(
            "git = false\n",
            "git = false\nreports-dir = \"incidents\"\n",
        ),
    );
    let (_, notes) = preprocessed(book.path(), "html");
    assert!(!notes.contains("reports-dir"), "{notes}");
    let out = bin(book.path()).arg("check").output().unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// A report whose title is missing or is no report's would be neither checked nor
/// published: it is named as such, in the build, by `check` on the book and by `check`
/// on the file (as the pre-commit hook runs it), even outside a book.
#[test]
fn a_report_without_a_reports_title_is_named_not_skipped() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    let report =
        std::fs::read_to_string(book.path().join("src/incidents/2024-05-07-search-api.md"))
            .unwrap();
    let untitled = report.replace("# Rollback Report: Search API 3.2.0\n", "");
    let demoted = report.replace("# Rollback Report:", "## Rollback Report:");
    assert!(untitled != report && demoted != report);
    let message = "this file has the sections of a rollback report, but its title (the first `#` heading) does not begin with \"Rollback Report\", so it is not checked (nor published, unless SUMMARY.md lists it)";
    for (name, text) in [("untitled", &untitled), ("demoted", &demoted)] {
        let path = format!("src/incidents/2024-06-10-{name}.md");
        write(&book.path().join(&path), text);
        let (_, notes) = preprocessed(book.path(), "html");
        assert!(
            notes.contains(&format!("warning: {path}: {message}")),
            "{notes}"
        );
        let out = bin(book.path()).arg("check").output().unwrap();
        assert!(
            stdout(&out).contains(&format!("warning[not-published]: {message}\n --> {path}:")),
            "{}",
            stdout(&out)
        );
        let out = bin(book.path())
            .args(["check", "--strict", &path])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        assert!(stdout(&out).contains(message), "{}", stdout(&out));
        assert!(
            !stderr(&out).contains("no rollback reports found"),
            "{}",
            stderr(&out)
        );
        std::fs::remove_file(book.path().join(&path)).unwrap();
    }
    // A file on its own, outside any book.
    let loose = tempfile::tempdir().unwrap();
    write(&loose.path().join("report.md"), &untitled);
    let out = bin(loose.path())
        .args(["check", "report.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains(message), "{}", stdout(&out));
    // Pages with a few of the template's headings, or about rollback reports, are no
    // reports, nor meant as ones.
    for page in [
        "# Q3 plan\n\n## Executive Summary\n\nx\n\n## Lessons Learned\n\ny\n\n## Appendix\n\nz\n",
        "## Rollback report checklist\n\n- Fill in every section.\n",
    ] {
        write(&loose.path().join("notes.md"), page);
        let out = bin(loose.path())
            .args(["check", "--strict", "notes.md"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        assert!(
            stderr(&out).contains("note: notes.md is not a rollback report"),
            "{}",
            stderr(&out)
        );
        assert!(!stdout(&out).contains("not-published"), "{}", stdout(&out));
    }
    // A fragment in the reports folder that a report includes has some of its sections.
    let cut = report.find("### 4.3.").unwrap();
    write(
        &book.path().join("src/incidents/2024-05-07-search-api.md"),
        &format!("{}{{{{#include tail.md}}}}\n", &report[..cut]),
    );
    write(&book.path().join("src/incidents/tail.md"), &report[cut..]);
    let out = bin(book.path())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("not-published"), "{}", stdout(&out));
}

#[test]
fn an_unlisted_file_in_the_reports_folder_that_is_no_report_is_named() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    write(
        &book.path().join("src/incidents/2024-06-09-payments.md"),
        "# Payments API 2.6.0 rolled back\n\n## 1. Executive Summary\n\nTBD\n",
    );
    let path = "src/incidents/2024-06-09-payments.md";
    let message = "this page is in the reports folder, but neither in SUMMARY.md nor a rollback report, so it is not published";
    let said = format!("{path}: {message}");
    let (items, notes) = preprocessed(book.path(), "html");
    assert!(notes.contains(&format!("warning: {said}")), "{notes}");
    assert!(find(&items, "Payments API 2.6.0 rolled back").is_none());
    // The listed incidents/README.md is no report either, and is not named.
    assert_eq!(notes.matches("not published").count(), 1, "{notes}");
    // `check` finds it as a `not-published` warning, which `--strict` fails on (showing
    // it as an error, as `clippy -D warnings` does), and which every format shows.
    let finding = format!("warning[not-published]: {message}\n --> {path}:1:1\n");
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains(&finding), "{}", stdout(&out));
    assert_eq!(stdout(&out).matches("not published").count(), 1);
    assert!(stdout(&out).contains("Checked 3 reports: 0 errors, 1 warning."));
    let out = bin(book.path())
        .args(["check", "--strict", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&json["reports"], &json["errors"], &json["warnings"]),
        (&3.into(), &1.into(), &0.into())
    );
    assert_eq!(json["diagnostics"][0]["rule"], "not-published");
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    assert_eq!(json["diagnostics"][0]["file"], path);
    // Named on its own (as pre-commit names a changed file), it is found the same way.
    let out = bin(book.path()).args(["check", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains(&finding), "{}", stdout(&out));
    // Allowed in book.toml, it is said nowhere.
    let toml = std::fs::read_to_string(book.path().join("book.toml")).unwrap();
    write(
        &book.path().join("book.toml"),
        &format!("{toml}\n[preprocessor.rollback.lints]\nnot-published = \"allow\"\n"),
    );
    let (_, notes) = preprocessed(book.path(), "html");
    assert!(!notes.contains("not published"), "{notes}");
    let out = bin(book.path())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("not published"), "{}", stdout(&out));
    write(&book.path().join("book.toml"), &toml);
    // A fragment for `{{#include}}` has no title, and SUMMARY.md is the book's own: when
    // the reports folder is all of src, neither is named.
    write(
        &book.path().join("src/incidents/fragments/timeline.md"),
        "- 14:02 UTC — paged\n",
    );
    let toml = std::fs::read_to_string(book.path().join("book.toml")).unwrap();
    write(
        &book.path().join("book.toml"),
        &toml.replace("git = false\n", "git = false\nreports-dir = \".\"\n"),
    );
    let (_, notes) = preprocessed(book.path(), "html");
    assert_eq!(notes.matches("not published").count(), 1, "{notes}");
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert_eq!(
        stdout(&out).matches("not published").count(),
        1,
        "{}",
        stdout(&out)
    );
}

#[test]
fn discovery_skips_escaping_symlinks_and_the_template() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    let outside = tempfile::tempdir().unwrap();
    write(
        &outside.path().join("secret.md"),
        &std::fs::read_to_string(fixture("reports/complete.md")).unwrap(),
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        book.path().join("src/incidents/linked.md"),
    )
    .unwrap();
    std::fs::copy(
        fixture("reports/template.md"),
        book.path().join("src/incidents/template.md"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(book.path().join("book.toml")).unwrap();
    std::fs::write(
        book.path().join("book.toml"),
        toml.replace(
            "git = false\n",
            "git = false\ntemplate = \"src/incidents/template.md\"\n",
        ),
    )
    .unwrap();
    let out = bin(book.path())
        .args(["build", ".", "--dest-dir", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("src/incidents/linked.md: skipped, a symlink to"),
        "{}",
        stderr(&out)
    );
    assert!(!book.path().join("site/incidents/linked.html").exists());
    assert!(
        !book.path().join("site/incidents/template.html").exists(),
        "the template is never a report"
    );
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "check skips the template too: {}",
        stdout(&out)
    );
    let skipped = "src/incidents/linked.md: skipped, a symlink to";
    assert!(
        stderr(&out).contains(skipped),
        "check skips the symlink too: {}",
        stderr(&out)
    );
    let out = bin(book.path())
        .args(["check", "src/incidents"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(skipped),
        "check of a folder in src skips it too: {}",
        stderr(&out)
    );
    let out = bin(book.path()).args(["index"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains(skipped), "{}", stderr(&out));
    assert!(!stdout(&out).contains("linked.md"), "{}", stdout(&out));
}

#[test]
fn init_never_writes_through_a_symlink_nor_into_a_file() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("afile"), "notes");
    let out = bin(dir.path()).args(["init", "afile"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("afile is a file, not a directory")
            && stderr(&out).contains("help: name a new directory"),
        "{}",
        stderr(&out)
    );
    // A book.toml that is a symlink to nowhere is in the way, and `--force` replaces the
    // link instead of writing where it leads.
    let outside = dir.path().join("outside.toml");
    let book = dir.path().join("handbook");
    std::fs::create_dir(&book).unwrap();
    std::os::unix::fs::symlink(&outside, book.join("book.toml")).unwrap();
    let out = bin(dir.path()).args(["init", "handbook"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("refusing to overwrite"),
        "{}",
        stderr(&out)
    );
    let out = bin(dir.path())
        .args(["init", "handbook", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!outside.exists(), "nothing written outside the handbook");
    assert!(
        !book
            .join("book.toml")
            .symlink_metadata()
            .unwrap()
            .is_symlink()
    );
    // A folder on the way that is a symlink stops it, even with `--force`.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let linked = dir.path().join("linked");
    std::fs::create_dir(&linked).unwrap();
    std::os::unix::fs::symlink(&elsewhere, linked.join("src")).unwrap();
    let out = bin(dir.path())
        .args(["init", "linked", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("linked/src is a symlink, and init writes only inside linked"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(!linked.join("book.toml").exists(), "nothing written at all");
}

/// `init` in a folder of the user's own keeps what is theirs: a `.gitignore` gains the
/// starter's lines (even under `--force`), and an existing book is pointed at `install`.
#[test]
fn init_keeps_a_gitignore_and_points_an_existing_book_at_install() {
    let read = |path: &Path| std::fs::read_to_string(path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ignore = dir.path().join(".gitignore");
    write(&ignore, "target/\n.env\nsecrets/");
    let out = bin(dir.path()).args(["init", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&ignore), "target/\n.env\nsecrets/\nbook/\n");
    let out = bin(dir.path())
        .args(["init", ".", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&ignore), "target/\n.env\nsecrets/\nbook/\n");

    // A .gitignore that cannot be read stops init before it writes anything.
    let unread = dir.path().join("unread");
    std::fs::create_dir(&unread).unwrap();
    std::fs::write(unread.join(".gitignore"), b"\xff\n").unwrap();
    let out = bin(&unread).args(["init", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(!unread.join("book.toml").exists());

    let book = dir.path().join("my book");
    write(&book.join("book.toml"), "[book]\ntitle = \"Ours\"\n");
    let out = bin(dir.path()).args(["init", "my book"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "help: my book is a book already: `mdbook-rollback install 'my book'` adds the preprocessor to it"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&book.join("book.toml")), "[book]\ntitle = \"Ours\"\n");
    let out = bin(dir.path()).args(["init", "new book"]).output().unwrap();
    assert!(
        stdout(&out).contains("  cd 'new book'\n"),
        "{}",
        stdout(&out)
    );
}

/// GitHub runs workflows from the repository's root only: a handbook in a folder of a
/// repository gets a workflow that runs there, and is told where to move it.
#[test]
fn init_in_a_folder_of_a_repository_writes_a_workflow_for_that_folder() {
    let read = |path: &Path| std::fs::read_to_string(path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::git_init(dir.path());
    let out = bin(dir.path())
        .args(["init", "docs/handbook"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("GitHub runs workflows only from the repository's root: move docs/handbook/.github/workflows/incident-handbook.yml to .github/workflows/ there (it already runs in docs/handbook)."),
        "{}",
        stdout(&out)
    );
    let workflow = read(
        &dir.path()
            .join("docs/handbook/.github/workflows/incident-handbook.yml"),
    );
    assert!(
        workflow.contains("\ndefaults:\n  run:\n    working-directory: 'docs/handbook'\n\njobs:\n")
            && workflow.contains("path: 'docs/handbook/book'\n")
            && workflow.contains("sarif_file: 'docs/handbook/rollback.sarif'\n")
            && !workflow.contains("path: book\n"),
        "{workflow}"
    );
    // Run in the folder itself, the same.
    let inside = dir.path().join("docs/inside");
    std::fs::create_dir_all(&inside).unwrap();
    let out = bin(&inside).args(["init", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let workflow = read(&inside.join(".github/workflows/incident-handbook.yml"));
    assert!(
        workflow.contains("working-directory: 'docs/inside'\n")
            && workflow.contains("path: 'docs/inside/book'\n"),
        "{workflow}"
    );
    // The workflow publishes from the branch the repository has checked out.
    let master = tempfile::tempdir().unwrap();
    common::git(master.path(), &["init", "-q", "-b", "master"]);
    bin(master.path()).args(["init", "."]).output().unwrap();
    let workflow = read(
        &master
            .path()
            .join(".github/workflows/incident-handbook.yml"),
    );
    assert!(workflow.contains("branches: ['master']"), "{workflow}");
    // A feature branch is no branch to publish from; the remote's default is.
    let feature = tempfile::tempdir().unwrap();
    common::git(feature.path(), &["init", "-q", "-b", "add-handbook"]);
    bin(feature.path()).args(["init", "."]).output().unwrap();
    let workflow = read(
        &feature
            .path()
            .join(".github/workflows/incident-handbook.yml"),
    );
    assert!(workflow.contains("branches: [main]"), "{workflow}");
    write(
        &feature.path().join(".git/refs/remotes/origin/HEAD"),
        "ref: refs/remotes/origin/trunk\n",
    );
    bin(feature.path())
        .args(["init", ".", "--force"])
        .output()
        .unwrap();
    let workflow = read(
        &feature
            .path()
            .join(".github/workflows/incident-handbook.yml"),
    );
    assert!(workflow.contains("branches: ['trunk']"), "{workflow}");
    // At the root, the workflow is the starter's, and nothing is said.
    let out = bin(dir.path()).args(["init", "."]).output().unwrap();
    assert!(
        !stdout(&out).contains("GitHub runs workflows"),
        "{}",
        stdout(&out)
    );
    assert!(
        read(&dir.path().join(".github/workflows/incident-handbook.yml")).contains("path: book\n")
    );
}

/// Like `check`, the commands that work on a book find it from any folder inside it,
/// up to the root of its repository, rather than suggest making a book there.
#[test]
fn commands_run_inside_a_book_find_it() {
    let dir = tempfile::tempdir().unwrap();
    common::git_init(dir.path());
    bin(dir.path()).args(["init", "."]).output().unwrap();
    let reports = dir.path().join("src/incidents");
    let out = bin(&reports)
        .args(["new", "Search 1.2.0", "--date", "2024-06-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("../../src/incidents/2024-06-01-search-1-2-0.md"),
        "{}",
        stdout(&out)
    );
    assert!(reports.join("2024-06-01-search-1-2-0.md").is_file());
    let out = bin(&reports)
        .args(["index", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("payments-api"), "{}", stdout(&out));
    // `install` edits only the book.toml it is given.
    let out = bin(&reports).args(["install"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    // Above the repository's root, no book is looked for.
    let nested = dir.path().join("vendor/other");
    std::fs::create_dir_all(&nested).unwrap();
    common::git_init(&nested);
    let out = bin(&nested).args(["index"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    // Outside any repository, as `check` does: the book whose src holds the folder, and
    // no book.toml further up.
    let outside = tempfile::tempdir().unwrap();
    bin(outside.path()).args(["init", "."]).output().unwrap();
    assert!(!outside.path().join(".git").exists());
    let below = outside.path().join("src/incidents");
    let out = bin(&below)
        .args(["new", "Search 1.2.0", "--date", "2024-06-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(below.join("2024-06-01-search-1-2-0.md").is_file());
    let beside = outside.path().join("notes");
    std::fs::create_dir_all(&beside).unwrap();
    let out = bin(&beside).args(["index"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
}

/// mdBook puts chapter names into its search results as markup: a discovered report's
/// name, taken from its title, keeps none of the characters that could be markup.
#[test]
fn a_discovered_report_is_named_without_markup() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    let report =
        std::fs::read_to_string(book.path().join("src/incidents/2024-06-02-payments.md")).unwrap();
    let title = report.lines().find(|l| l.starts_with("# ")).unwrap();
    write(
        &book.path().join("src/incidents/2024-06-03-evil.md"),
        &report.replacen(
            title,
            "# Rollback Report: &lt;img src=x onerror=alert(1)&gt; &amp; \"q\"",
            1,
        ),
    );
    let (items, _) = preprocessed(book.path(), "html");
    let names = |items: &[BookItem]| -> Vec<String> {
        fn walk(items: &[BookItem], out: &mut Vec<String>) {
            for item in items {
                if let BookItem::Chapter(ch) = item {
                    out.push(ch.name.clone());
                    walk(&ch.sub_items, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(items, &mut out);
        out
    };
    let names = names(&items);
    assert!(
        names
            .iter()
            .any(|n| n.contains("‹img src=x onerror=alert(1)› ＆ ”q”")),
        "{names:?}"
    );
    assert!(
        names.iter().all(|n| !n.contains(['<', '>', '&', '"'])),
        "{names:?}"
    );
}

#[test]
fn init_writes_a_handbook_that_builds_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin(dir.path()).args(["init", "handbook"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Next steps:\n  cd handbook\n"),
        "{}",
        stdout(&out)
    );
    // Made here, there is nowhere to `cd`.
    let here = tempfile::tempdir().unwrap();
    let out = bin(here.path()).arg("init").output().unwrap();
    assert!(
        stdout(&out).contains("Next steps:\n  mdbook-rollback new"),
        "{}",
        stdout(&out)
    );
    let root = dir.path().join("handbook");
    for file in [
        "book.toml",
        "src/SUMMARY.md",
        "src/introduction.md",
        "src/incidents/index.md",
        "templates/rollback-report.md",
        ".github/workflows/incident-handbook.yml",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
    let workflow =
        std::fs::read_to_string(root.join(".github/workflows/incident-handbook.yml")).unwrap();
    assert!(
        workflow.contains("check --format github")
            && workflow.contains("fetch-depth: 0")
            && workflow.contains("deploy-pages")
    );
    // Both jobs install this release, cached by its version (saved whether the lint
    // passes or not), so a new release's lints arrive when the team bumps it, and CI
    // does not compile the tool on every run. Every mention names this version.
    let version = env!("CARGO_PKG_VERSION");
    let yaml: serde_json::Value = serde_saphyr::from_str(&workflow).unwrap();
    let key = format!("mdbook-rollback-{version}-${{{{ runner.os }}}}");
    for job in ["check", "publish"] {
        let steps = yaml["jobs"][job]["steps"].as_array().unwrap();
        let at = |uses: &str| steps.iter().position(|s| s["uses"] == uses).unwrap();
        let (restore, save) = (at("actions/cache/restore@v4"), at("actions/cache/save@v4"));
        assert_eq!(steps[restore]["with"]["key"], key.as_str());
        assert_eq!(steps[save]["with"]["key"], key.as_str());
        assert_eq!(
            steps[restore + 1]["run"],
            format!(
                "mdbook-rollback --version 2>/dev/null | grep -qx 'mdbook-rollback {version}' || cargo install --locked --force mdbook-rollback --version {version}"
            ),
            "{job}"
        );
        assert_eq!(save, restore + 2, "{job}: saved right after it is built");
    }
    let named: Vec<&str> = regex::Regex::new(r"\d+\.\d+\.\d+")
        .unwrap()
        .find_iter(&workflow)
        .map(|m| m.as_str())
        .collect();
    assert_eq!(named, [version; 8], "no other version is named");
    let out = bin(dir.path()).args(["init", "handbook"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("refusing to overwrite") && stderr(&out).contains("--force"));
    assert_eq!(
        bin(dir.path())
            .args(["init", "handbook", "--force"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );

    let out = bin(&root).args(["check"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the starter's report is complete: {}",
        stdout(&out)
    );
    let out = bin(&root).args(["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        root.join("book/incidents/2024-03-14-payments-api-2-5-0.html")
            .is_file()
    );
    // Every link between the starter's pages leads to a page (mdBook never rewrites a
    // link to a `README.md`, so the index is `index.md`).
    for page in [
        "introduction.html",
        "incidents/index.html",
        "incidents/2024-03-14-payments-api-2-5-0.html",
    ] {
        let html = std::fs::read_to_string(root.join("book").join(page)).unwrap();
        let dir = root.join("book").join(page).parent().unwrap().to_path_buf();
        let main = &html[html.find("<main>").unwrap()..html.find("</main>").unwrap()];
        for link in main.split("href=\"").skip(1) {
            let target = &link[..link.find('"').unwrap()];
            let file = target.split('#').next().unwrap();
            if file.is_empty() || target.contains(':') {
                continue;
            }
            assert!(dir.join(file).is_file(), "{page} links to {target}");
        }
    }
    if let Some(mdbook) = common::mdbook_binary() {
        let out = Command::new(mdbook)
            .args(["build", "--dest-dir", "real"])
            .current_dir(&root)
            .env("PATH", common::path_with_our_binary())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(root.join("real/incidents/index.html").is_file());
    }
}

#[test]
fn new_starts_a_report_that_fails_check_until_filled() {
    let dir = tempfile::tempdir().unwrap();
    bin(dir.path()).args(["init", "."]).output().unwrap();
    let out = bin(dir.path())
        .args([
            "new",
            "Checkout 1.2.3: bad cache",
            "--service",
            "checkout",
            "--from",
            "1.2.3",
            "--to",
            "v1.2.2",
            "--date",
            "2024-07-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "src/incidents/2024-07-01-checkout-1-2-3-bad-cache.md"
    );
    let text = std::fs::read_to_string(
        dir.path()
            .join("src/incidents/2024-07-01-checkout-1-2-3-bad-cache.md"),
    )
    .unwrap();
    assert!(
        text.starts_with(
            "---\nservice: \"checkout\"\nfrom-version: \"1.2.3\"\nto-version: \"v1.2.2\"\n"
        ),
        "{text}"
    );
    assert!(text.contains("# Rollback Report: Checkout 1.2.3: bad cache\n"));
    assert!(text.contains("[**Placeholder:"), "from the book's template");
    let out = bin(dir.path())
        .args([
            "check",
            "src/incidents/2024-07-01-checkout-1-2-3-bad-cache.md",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a new report fails check until filled in"
    );

    let again = bin(dir.path())
        .args(["new", "Checkout 1.2.3: bad cache", "--date", "2024-07-01"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        stdout(&again).trim(),
        "src/incidents/2024-07-01-checkout-1-2-3-bad-cache-2.md",
        "a second report of the day is numbered, and the first is kept"
    );
    let bad = bin(dir.path())
        .args(["new", "X", "--from", "1.2"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--from `1.2` is not a semver version"));
    let nowhere = tempfile::tempdir().unwrap();
    let err = common::usage_error(nowhere.path(), &["new", "X"]);
    assert!(err.contains(". has no book.toml"), "{err}");
    let err = common::usage_error(nowhere.path(), &["new", "X", "--book", "missing"]);
    assert!(err.contains("missing is no folder"), "{err}");
}

#[test]
fn a_new_report_without_flags_passes_check_once_its_body_is_filled() {
    let dir = tempfile::tempdir().unwrap();
    bin(dir.path()).args(["init", "."]).output().unwrap();
    let out = bin(dir.path())
        .args(["new", "Search API 3.2.0", "--date", "2024-07-02"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir
        .path()
        .join("src/incidents/2024-07-02-search-api-3-2-0.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // The keys `new` had no value for are left for the author, empty.
    assert!(text.starts_with("---\nservice:\n"), "{text}");
    let front_matter_end = text.find("\n---\n").unwrap() + 5;
    // No trailing spaces for pre-commit's `trailing-whitespace` hook to complain of.
    assert!(
        text.lines().all(|line| !line.ends_with([' ', '\t'])),
        "{text}"
    );
    let filled = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    write(&path, &format!("{}\n{filled}", &text[..front_matter_end]));
    let check = bin(dir.path()).args(["check", "."]).output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "empty front matter keys are not errors:\n{}",
        stdout(&check)
    );
}

#[test]
fn install_keeps_comments_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let original = "# Our book\n[book]\ntitle = \"Ops\" # keep me\n\n[output.html]\ndefault-theme = \"rust\"\n";
    write(&dir.path().join("book.toml"), original);
    let out = bin(dir.path()).args(["install"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("put reports in ./src/incidents/."),
        "{}",
        stdout(&out)
    );
    assert!(dir.path().join("src/incidents/.gitkeep").is_file());
    let once = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    assert!(
        once.starts_with(original),
        "the original text is kept as it was:\n{once}"
    );
    assert!(
        once.contains(
            "[preprocessor.rollback]\ncommand = \"mdbook-rollback\"\nafter = [\"links\"]"
        ),
        "{once}"
    );
    let out = bin(dir.path()).args(["install"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("nothing to do"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("book.toml")).unwrap(),
        once
    );
    let out = bin(dir.path()).args(["check"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the installed keys are valid: {}",
        stderr(&out)
    );
    // A comment after the last table stays after it, above the new table.
    let commented = format!("{original}# search settings go here\n");
    write(&dir.path().join("book.toml"), &commented);
    bin(dir.path()).args(["install"]).output().unwrap();
    let installed = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    assert!(installed.starts_with(&commented), "{installed}");
    assert!(
        installed.contains("\n[preprocessor.rollback]\n"),
        "{installed}"
    );
    // A CRLF file stays CRLF, on its own lines and the new ones.
    let crlf = commented.replace('\n', "\r\n");
    write(&dir.path().join("book.toml"), &crlf);
    bin(dir.path()).args(["install"]).output().unwrap();
    let installed = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    assert!(installed.starts_with(&crlf), "{installed:?}");
    assert!(
        installed.contains("\r\n[preprocessor.rollback]\r\ncommand = "),
        "{installed:?}"
    );
    assert!(
        !installed.replace("\r\n", "").contains('\n'),
        "{installed:?}"
    );
    let missing = tempfile::tempdir().unwrap();
    assert_eq!(
        bin(missing.path())
            .args(["install"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn an_end_before_the_start_gives_no_duration_to_the_index() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let reversed = complete
        .replace(
            "# Rollback Report: Search API 3.2.0",
            "# Rollback Report: Reversed 1.0.1",
        )
        .replace(
            "End Time: 2024-05-07 14:38 UTC",
            "End Time: 2024-05-07 06:38 UTC",
        );
    write(
        &book.path().join("src/incidents/2024-05-08-reversed.md"),
        &reversed,
    );
    let out = bin(book.path())
        .args(["index", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reversed = value["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Reversed 1.0.1")
        .unwrap();
    assert!(
        reversed["errors"].as_u64().unwrap() > 0,
        "time-order: {reversed}"
    );
    assert_eq!(reversed["duration_minutes"], serde_json::Value::Null);
    assert_eq!(
        value["statistics"]["duration_minutes"]["median"], 38,
        "as without the reversed report"
    );
}

#[test]
fn the_index_export_holds_what_the_build_publishes_as_the_build_reads_it() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    // Outside the reports folder and not in SUMMARY.md: never published.
    write(
        &book.path().join("src/drafts/old.md"),
        &complete.replace("Search API 3.2.0", "Old Draft 1.0.0"),
    );
    // Its events come from an included file.
    let report = book.path().join("src/incidents/2024-06-02-payments.md");
    let text = std::fs::read_to_string(&report).unwrap();
    let events = |json: &serde_json::Value| {
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["title"] == "Payments 1.8.0")
            .unwrap()["events"]
            .as_u64()
            .unwrap()
    };
    let export = || {
        let out = bin(book.path()).args(["index"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let before = events(&export());
    write(
        &report,
        &text.replace(
            "## 5. Appendix\n",
            "## 5. Appendix\n\n{{#include ../parts/more.md}}\n",
        ),
    );
    write(
        &book.path().join("src/parts/more.md"),
        "- 2024-06-02 10:30 UTC — dashboards green again\n",
    );
    let json = export();
    assert_eq!(events(&json), before + 1, "the included event counts");
    let titles: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(!titles.contains(&"Old Draft 1.0.0"), "{titles:?}");
}

#[test]
fn index_outside_a_book_says_where_to_run_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin(dir.path()).args(["index"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("help: pass the handbook's folder (the one with book.toml)"),
        "{}",
        stderr(&out)
    );
    // From the root of a repository whose handbook is in a folder, the help names it,
    // as each command runs it; a file in its place names the book around it.
    let init = bin(dir.path())
        .args(["init", "docs/handbook"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    for (args, help) in [
        (
            &["index"][..],
            "help: the book below is docs/handbook: run `mdbook-rollback index docs/handbook`",
        ),
        (
            &["build"],
            "help: the book below is docs/handbook: run `mdbook-rollback build docs/handbook`",
        ),
        (
            &["new", "X"],
            "run `mdbook-rollback new --book docs/handbook \"Title\"`",
        ),
        (&["install"], "run `mdbook-rollback install docs/handbook`"),
        (
            &["index", "docs/handbook/book.toml"],
            "is a file, not a book's folder\n  help: pass the folder that holds book.toml: `mdbook-rollback index docs/handbook`",
        ),
    ] {
        let err = common::usage_error(dir.path(), args);
        assert!(err.contains(help), "{args:?}: {err}");
    }
}

#[test]
fn index_exports_are_deterministic() {
    let book = fixture("books/handbook");
    let json = bin(&book)
        .args(["index", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let again = bin(&book)
        .args(["index", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.stdout, again.stdout);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let entries = value["entries"].as_array().unwrap();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Payments 1.8.0", "Search API 3.2.0", "Search API 3.3.1"]
    );
    assert_eq!(entries[0]["duration_minutes"], 105);
    assert_eq!(entries[0]["date_source"], "start-time");
    assert_eq!(value["statistics"]["duration_minutes"]["median"], 38);
    insta::assert_snapshot!("index_json", stdout(&json));
    let csv = bin(&book)
        .args(["index", "--format", "csv"])
        .output()
        .unwrap();
    insta::assert_snapshot!("index_csv", stdout(&csv));
}

/// Debian's Chromium, when installed (required when `MDBOOK_ROLLBACK_REQUIRE_BROWSER` is set).
fn chromium() -> Option<PathBuf> {
    for candidate in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(PathBuf::from(candidate));
        }
    }
    assert!(
        std::env::var_os("MDBOOK_ROLLBACK_REQUIRE_BROWSER").is_none(),
        "chromium is not installed; .ci/run installs it"
    );
    eprintln!("note: chromium is not installed; skipping the browser test");
    None
}

fn headless(browser: &Path, profile: &Path, extra: &[&str], url: &str) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap();
    assert!(out.status.success(), "chromium failed: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_starter_handbook_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    bin(dir.path()).args(["init", "."]).output().unwrap();
    let out = bin(dir.path()).args(["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = dir.path().join("book");
    let profile = tempfile::tempdir().unwrap();
    let url = |page: &str| format!("file://{}/{page}", site.display());

    let index = headless(
        &browser,
        profile.path(),
        &["--dump-dom"],
        &url("incidents/index.html"),
    );
    assert!(
        index.contains("<table>") && index.contains("Payments API 2.5.0"),
        "the index table renders"
    );
    assert!(
        index.contains("<svg") && index.contains("Rollbacks per month, by severity"),
        "the chart renders"
    );
    let href = index
        .split("<a href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .find(|href| href.contains("payments-api"))
        .expect("a link to the report");
    let report = headless(
        &browser,
        profile.path(),
        &["--dump-dom"],
        &url(&format!("incidents/{href}")),
    );
    assert!(
        report.contains("Rollback Report: Payments API 2.5.0"),
        "the link opens the report"
    );
    assert!(report.contains("<strong>Timeline:</strong>"));

    let search = headless(
        &browser,
        profile.path(),
        &["--dump-dom"],
        &url("index.html?search=exhausted"),
    );
    let results = search
        .split("id=\"mdbook-searchresults\"")
        .nth(1)
        .expect("search results");
    assert!(
        results.contains("incidents/2024-03-14-payments-api-2-5-0.html"),
        "search finds the discovered report"
    );

    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&artifacts).unwrap();
    let shot = artifacts.join("starter-index.png");
    headless(
        &browser,
        profile.path(),
        &[
            "--window-size=1280,1000",
            &format!("--screenshot={}", shot.display()),
        ],
        &url("incidents/index.html"),
    );
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a screenshot at {}",
        shot.display()
    );
    eprintln!("screenshot: {}", shot.display());
}

/// Chapter paths that end with `file`, wherever they are in the book.
fn chapters_of(items: &[BookItem], file: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for item in items {
        if let BookItem::Chapter(ch) = item {
            found.extend(ch.path.clone().filter(|p| p.ends_with(file)));
            found.extend(chapters_of(&ch.sub_items, file));
        }
    }
    found
}

#[test]
fn a_report_listed_through_a_symlinked_folder_is_published_once() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    std::os::unix::fs::symlink(
        book.path().join("src/incidents"),
        book.path().join("src/published"),
    )
    .unwrap();
    let summary = book.path().join("src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    write(
        &summary,
        &text.replace(
            "(incidents/2024-05-07-search-api.md)",
            "(published/2024-05-07-search-api.md)",
        ),
    );
    let (items, _) = preprocessed(book.path(), "html");
    assert_eq!(
        chapters_of(&items, "2024-05-07-search-api.md"),
        [PathBuf::from("published/2024-05-07-search-api.md")]
    );
    assert_eq!(
        chapters_of(&items, "2024-06-02-payments.md").len(),
        1,
        "unlisted reports are still found"
    );
}

#[test]
fn a_report_that_holds_the_index_lists_every_report() {
    let read = |name: &str| std::fs::read_to_string(fixture(&format!("reports/{name}"))).unwrap();
    let holder = format!(
        "{}\n## Other rollbacks\n\n{{{{#rollback-index}}}}\n",
        read("complete.md")
    );
    let out = common::preprocess_chapters(
        vec![
            ("incidents/holder.md".into(), holder),
            ("incidents/midnight.md".into(), read("midnight.md")),
        ],
        "markdown",
    );
    let holder = &out[0];
    assert!(!holder.contains("{{#rollback-index}}"), "{holder}");
    assert!(holder.contains("|Date|Report|Service|"), "{holder}");
    assert!(
        holder.contains("](midnight.md)"),
        "a relative link: {holder}"
    );
    assert!(holder.contains("](holder.md)"), "{holder}");
    assert!(
        holder.contains("|Time (UTC)|Elapsed|Event|Source|"),
        "the report's own tables are still there: {holder}"
    );
    assert!(out[1].contains("|Time (UTC)|Elapsed|Event|Source|"));
}

/// A table goes where the first of its directives is; a repeat is removed, so a report of
/// a few hundred repeats cannot grow the book quadratically.
#[test]
fn a_repeated_directive_shows_its_table_once() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    let report = book.path().join("src/incidents/2024-05-07-search-api.md");
    let text = std::fs::read_to_string(&report).unwrap();
    write(
        &report,
        &text.replace(
            "## 4.",
            "{{#rollback-timeline}}\n\n{{#rollback-timeline}}\n\n{{#rollback-timeline}}\n\n## 4.",
        ),
    );
    let readme = book.path().join("src/incidents/README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    write(&readme, &format!("{text}\n{{{{#rollback-index}}}}\n"));
    let (items, _) = preprocessed(book.path(), "markdown");
    let content = &chapter(&items, "Search API 3.2.0").content;
    assert_eq!(content.matches("**Timeline:**").count(), 1, "{content}");
    assert!(!content.contains("{{#rollback-timeline}}"), "{content}");
    let index = &chapter(&items, "Incidents").content;
    assert_eq!(index.matches("rollbacks** ·").count(), 1, "{index}");
    assert!(!index.contains("{{#rollback-index}}"));
}
