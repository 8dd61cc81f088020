//! `check` from the command line: exit codes, flags and every output format.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{bin, copy_dir, fixture, stderr, stdout, write};
use std::process::Command;

fn check(args: &[&str]) -> std::process::Output {
    bin(&fixture("")).arg("check").args(args).output().unwrap()
}

#[test]
fn complete_reports_pass_and_each_broken_one_fails_with_its_rule() {
    for name in [
        "complete",
        "crlf",
        "setext",
        "unnumbered",
        "closing-hashes",
        "front-matter-toml",
        "midnight",
        "mixed-zones",
        "no-events",
        "suppressed",
    ] {
        let out = check(&[&format!("reports/{name}.md")]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stdout(&out));
        assert!(
            stdout(&out).contains("all complete"),
            "{name}: {}",
            stdout(&out)
        );
    }
    for (name, rule) in [
        ("missing-section", "missing-section"),
        ("empty-section", "empty-section"),
        ("placeholder", "placeholder"),
        ("template-example", "template-example"),
        ("invalid-severity", "invalid-severity"),
        ("invalid-time", "invalid-time"),
        ("time-order", "time-order"),
        ("invalid-version", "invalid-version"),
        ("invalid-front-matter", "invalid-front-matter"),
    ] {
        let out = check(&[&format!("reports/{name}.md"), "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert!(rules.iter().all(|r| *r == rule), "{name}: {rules:?}");
        assert!(!rules.is_empty(), "{name}");
    }
}

#[test]
fn warnings_pass_unless_strict() {
    for (name, rule) in [
        ("missing-versions", "missing-versions"),
        ("not-a-downgrade", "not-a-downgrade"),
        ("ambiguous-time", "ambiguous-time"),
        ("unused-suppression", "unused-suppression"),
    ] {
        let path = format!("reports/{name}.md");
        let out = check(&[&path]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert!(
            stdout(&out).contains(&format!("warning[{rule}]")),
            "{name}: {}",
            stdout(&out)
        );
        assert_eq!(
            check(&[&path, "--strict"]).status.code(),
            Some(1),
            "{name} --strict"
        );
    }
}

#[test]
fn the_untouched_template_fails_on_every_section() {
    let out = check(&["reports/template.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let placeholders = diagnostics
        .iter()
        .filter(|d| d["rule"] == "placeholder")
        .count();
    let examples = diagnostics
        .iter()
        .filter(|d| d["rule"] == "template-example")
        .count();
    assert_eq!(placeholders, 13, "one placeholder a section that has one");
    assert_eq!(examples, 13);
    assert!(diagnostics.iter().any(|d| d["rule"] == "invalid-severity"));
    assert!(diagnostics.iter().any(|d| d["rule"] == "invalid-time"));
}

#[test]
fn a_misspelt_heading_is_named_instead_of_asking_for_a_second_section() {
    let dir = tempfile::tempdir().unwrap();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    for (heading, written) in [
        ("### 4.4. Lessons Learned", "### 4.4. Lessons Learnt"),
        ("### 2.2. Severity Level", "### Severity"),
        ("### 3.4. Personnel Involved", "### 3.4. Personel Involved"),
    ] {
        let misspelt = complete.replace(heading, written);
        assert_ne!(misspelt, complete);
        write(&dir.path().join("report.md"), &misspelt);
        let out = bin(dir.path())
            .args(["check", "report.md", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let finding = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "missing-section")
            .unwrap();
        let line = misspelt.lines().position(|l| l == written).unwrap() + 1;
        assert_eq!(finding["line"], line, "{finding}");
        assert!(
            finding["message"]
                .as_str()
                .unwrap()
                .ends_with("the heading here looks like it"),
            "{finding}"
        );
        assert!(
            finding["help"]
                .as_str()
                .unwrap()
                .starts_with(&format!("rename it to `{heading}`")),
            "{finding}"
        );
    }
}

#[test]
fn included_text_is_checked_as_the_build_sees_it_and_found_at_the_include() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n",
    ); // the book includes stay in
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let included = complete.replace(
        "Executed as planned.",
        "Executed as planned.\n\n{{#include ../logs/rollback.md}}\n\n```text\n{{#include ../logs/raw.txt}}\n```\n\n\\{{#include x.md}}",
    );
    assert_ne!(included, complete);
    let line =
        |text: &str, start: &str| text.lines().position(|l| l.starts_with(start)).unwrap() + 1;
    write(&dir.path().join("reports/included.md"), &included);
    write(
        &dir.path().join("logs/rollback.md"),
        "- 14:20 UTC — [**Placeholder: who approved it?**]\n",
    );
    write(
        &dir.path().join("logs/raw.txt"),
        "{{#rollback-timline}} is code here\n",
    );
    let out = bin(dir.path())
        .args(["check", "reports/included.md", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, u64, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "placeholder",
            line(&included, "{{#include ../logs") as u64,
            "placeholder text is still here: `[**Placeholder: who approved it?**]` (in the text included from `../logs/rollback.md`)"
        )],
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("x.md"), "an escaped include is text");

    // A file the report may not include refuses the report, as the build refuses it.
    let refused = included.replace("\\{{#include x.md}}", "{{#include /etc/passwd}}");
    write(&dir.path().join("reports/included.md"), &refused);
    let out = bin(dir.path())
        .args(["check", "reports/included.md", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["file"], "reports/included.md", "{json}");
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: reports/included.md:{}: an include cannot be made: `{{{{#include /etc/passwd}}}}`: not included: `/etc/passwd` is no file of this book that git tracks",
            line(&refused, "{{#include /etc")
        )),
        "{err}"
    );
    assert!(
        !err.contains("root:"),
        "nothing of the file is shown: {err}"
    );
    // In a GitHub workflow, the refusal is an annotation on the include's line as well.
    let out = bin(dir.path())
        .args(["check", "reports/included.md", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).starts_with(&format!(
            "::error file=reports/included.md,line={},title=mdbook-rollback::an include cannot be made",
            line(&refused, "{{#include /etc")
        )),
        "{}",
        stdout(&out)
    );
    write(&dir.path().join("reports/included.md"), &included);

    // Without mdBook's links preprocessor, the build includes nothing: nor does check.
    write(
        &dir.path().join("book.toml"),
        "[build]\nuse-default-preprocessors = false\n[preprocessor.rollback]\ngit = false\n",
    );
    let out = bin(dir.path())
        .args(["check", "reports/included.md", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["diagnostics"],
        serde_json::json!([]),
        "{}",
        stderr(&out)
    );
}

#[test]
fn prose_about_placeholders_is_not_a_report() {
    let out = check(&["reports/not-a-report.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("is not a rollback report"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn drafts_are_warnings_unless_denied() {
    let out = check(&["reports/draft.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("warning[placeholder]"));
    // Said why, so the warning is not taken for the rule's level.
    let draft = "(a warning while the report is a draft: an error once `status: draft` goes, or with `check --deny-drafts` or `deny-drafts = true`)";
    assert!(stdout(&out).contains(draft), "{}", stdout(&out));
    let out = check(&["reports/draft.md", "--deny-drafts"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[placeholder]"));
    assert!(!stdout(&out).contains(draft), "{}", stdout(&out));
}

#[test]
fn human_format_snapshot() {
    let out = check(&[
        "reports/placeholder.md",
        "reports/time-order.md",
        "reports/missing-section.md",
        "reports/invalid-front-matter.md",
        "reports/ambiguous-time.md",
    ]);
    insta::assert_snapshot!("human", stdout(&out));
}

#[test]
fn concise_format_snapshot() {
    let out = check(&[
        "reports/placeholder.md",
        "reports/time-order.md",
        "reports/missing-section.md",
        "--format",
        "concise",
    ]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("concise", stdout(&out));
    // Nothing checked is said as such, not as "all complete".
    let empty = tempfile::tempdir().unwrap();
    let out = bin(empty.path())
        .args(["check", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Checked 0 reports.\n");
}

#[test]
fn json_format_snapshot() {
    let out = check(&[
        "reports/placeholder.md",
        "reports/invalid-version.md",
        "reports/not-a-downgrade.md",
        "--format",
        "json",
    ]);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("exactly one JSON object");
    assert_eq!(json["version"], 1);
    assert_eq!(json["reports"], 3);
    insta::assert_snapshot!("json", stdout(&out));
}

#[test]
fn github_format_snapshot_and_escaping() {
    let out = check(&[
        "reports/placeholder.md",
        "reports/ambiguous-time.md",
        "reports/invalid-time.md",
        "--format",
        "github",
    ]);
    let text = stdout(&out);
    let first_warning = text.find("::warning").unwrap();
    assert!(
        text.rfind("::error").unwrap() < first_warning,
        "errors come first"
    );
    insta::assert_snapshot!("github", text);
}

/// GitHub annotates the first 10 of each level; the log still shows every finding.
#[test]
fn github_format_prints_every_finding() {
    let out = check(&["reports/template.md", "--format", "github"]);
    let text = stdout(&out);
    assert_eq!(text.matches("::error ").count(), 29);
    assert_eq!(text.matches("::warning ").count(), 1);
    let summary = text.lines().last().unwrap();
    assert!(summary.contains("29 errors, 1 warning"), "{text}");
    assert!(
        summary.contains("GitHub annotates the first 10 of each level"),
        "{text}"
    );
}

#[test]
fn a_directory_is_checked_recursively() {
    let out = check(&["reports", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["reports"], 25, "every fixture but the non-report");
}

/// In a folder of reports outside any book (an older handbook, before it moves), a
/// report without a report's title is named, as it is when given by path; other pages
/// are passed over in silence.
#[test]
fn a_folder_outside_a_book_names_a_report_without_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let untitled = complete.replacen(
        "# Rollback Report: Search API 3.2.0",
        "# Search rollback (3.2.0 → 3.1.4)",
        1,
    );
    write(&dir.path().join("old/2023-search.md"), &untitled);
    write(
        &dir.path().join("old/README.md"),
        "# Old incidents\n\nSee below.\n",
    );
    let out = bin(dir.path())
        .args(["check", "old", "--format", "json", "--strict"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("not-published", "old/2023-search.md")], "{json}");
    assert_eq!(out.status.code(), Some(1), "a warning fails under --strict");
    assert!(
        stderr(&out).is_empty() || !stderr(&out).contains("README"),
        "{}",
        stderr(&out)
    );
}

/// A folder's walk stays inside it: a symlink that leads out (`up -> ../..`) is skipped
/// and named, rather than walking, and failing on, whatever lies above.
#[test]
fn a_directory_walk_does_not_follow_symlinks_out_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    write(&dir.path().join("reports/ok.md"), &complete);
    write(
        &dir.path().join("elsewhere/broken/book.toml"),
        "[preprocessor.rollback]\non-incomplete = \"fial\"\n",
    );
    write(&dir.path().join("elsewhere/notes.md"), &complete);
    write(&dir.path().join("elsewhere/broken/x.md"), &complete);
    // `up` leads to the folder that holds `reports`, and the broken book beside it.
    std::os::unix::fs::symlink("..", dir.path().join("reports/up")).unwrap();
    std::os::unix::fs::symlink(
        "../elsewhere/notes.md",
        dir.path().join("reports/linked.md"),
    )
    .unwrap();
    let out = bin(dir.path()).args(["check", "reports"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Checked 1 report"),
        "{}",
        stdout(&out)
    );
    for link in ["reports/up", "reports/linked.md"] {
        assert!(
            stderr(&out).contains(&format!("{link}: skipped, a symlink to ")),
            "{link}: {}",
            stderr(&out)
        );
    }
    assert!(
        stderr(&out).contains(" outside reports"),
        "{}",
        stderr(&out)
    );
}

/// The pre-commit hook, run the way pre-commit runs it: its entry, then the files.
#[test]
fn the_pre_commit_hook_checks_the_files_it_is_given() {
    #[derive(serde::Deserialize)]
    struct Hook {
        id: String,
        entry: String,
        language: String,
        types: Vec<String>,
    }
    let text = std::fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Vec<Hook> = serde_saphyr::from_str(&text).unwrap();
    let [hook] = hooks.as_slice() else {
        panic!("one hook")
    };
    assert_eq!(
        (hook.id.as_str(), hook.language.as_str()),
        ("mdbook-rollback", "rust")
    );
    assert_eq!(hook.types, ["markdown"]);
    let mut entry = hook.entry.split_whitespace();
    assert_eq!(entry.next(), Some("mdbook-rollback"));
    let args: Vec<&str> = entry.collect();
    let run = |files: &[&str]| bin(&fixture("")).args(&args).args(files).output().unwrap();
    let out = run(&["reports/complete.md", "reports/not-a-report.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = run(&["reports/complete.md", "reports/placeholder.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn a_book_is_checked_as_the_build_sees_it() {
    let book = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("books/handbook"), book.path());
    let placeholder = std::fs::read_to_string(fixture("reports/placeholder.md")).unwrap();
    // Neither listed nor under reports-dir: the build never sees it.
    write(&book.path().join("src/drafts/old.md"), &placeholder);
    // Listed, outside reports-dir: published, so checked. So is one listed in a hidden
    // folder, which no walk of the book goes into.
    write(&book.path().join("src/listed.md"), &placeholder);
    write(&book.path().join("src/.hidden/h.md"), &placeholder);
    let summary = book.path().join("src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    write(
        &summary,
        &format!("{text}- [Listed](listed.md)\n- [Hidden](.hidden/h.md)\n"),
    );
    // A symlink in the reports folder to a report elsewhere: found, so published.
    write(&book.path().join("src/other/linked.md"), &placeholder);
    std::os::unix::fs::symlink(
        "../other/linked.md",
        book.path().join("src/incidents/zz-linked.md"),
    )
    .unwrap();
    let out = bin(book.path())
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: std::collections::BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        json["reports"],
        6,
        "three in incidents/, the linked one, and the two listed ones: {}",
        stderr(&out)
    );
    assert!(files.contains("src/listed.md"), "{files:?}");
    assert!(
        files.iter().any(|f| f.ends_with(".hidden/h.md")),
        "{files:?}"
    );
    let not_published: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "not-published")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        not_published,
        ["src/drafts/old.md"],
        "found as not published, and not checked: {json}"
    );
    // The build says the same of it, and of nothing else.
    let out = bin(book.path())
        .args(["build", "--dest-dir"])
        .arg(book.path().join("out"))
        .output()
        .unwrap();
    let warned: Vec<&str> = std::str::from_utf8(&out.stderr)
        .unwrap()
        .lines()
        .filter(|line| line.contains("not published"))
        .collect();
    assert_eq!(
        warned,
        [
            "warning: src/drafts/old.md: this report is neither in SUMMARY.md nor under the reports folder, so it is not published, nor checked; move it to src/incidents, or list it in SUMMARY.md"
        ],
        "{}",
        stderr(&out)
    );
    assert_eq!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"] == "src/drafts/old.md")
            .count(),
        1
    );
    // Named on its own, it is checked.
    let out = bin(book.path())
        .args(["check", "src/drafts/old.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn files_are_read_by_their_own_names_and_a_listed_unreadable_one_fails_as_the_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let placeholder = std::fs::read_to_string(fixture("reports/placeholder.md")).unwrap();
    // A backslash is part of a file name on Unix; it is shown with a slash.
    write(&dir.path().join("reports/a\\b.md"), &placeholder);
    let out = bin(dir.path())
        .args(["check", "reports", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["reports"], 1, "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1));

    // A chapter SUMMARY.md lists that is not UTF-8 stops the build, so it stops check.
    let book = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("books/handbook"), book.path());
    std::fs::write(
        book.path().join("src/runbook.md"),
        b"# Runbook\n\ncaf\xe9\n",
    )
    .unwrap();
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("src/runbook.md:3: this file is not UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_report_named_twice_is_checked_once() {
    let out = check(&[
        "reports/complete.md",
        "reports/./complete.md",
        "reports",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let again = check(&["reports", "--format", "json"]);
    let once: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(json["reports"], once["reports"], "{}", stderr(&out));
}

#[test]
fn the_bare_command_at_a_terminal_prints_help_instead_of_waiting() {
    // `script` (util-linux) gives the command a terminal for stdin.
    let out = Command::new("script")
        .args(["-qec", env!("CARGO_BIN_EXE_mdbook-rollback"), "/dev/null"])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("util-linux `script` runs the command at a terminal");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("Usage: mdbook-rollback [COMMAND]"),
        "{shown}"
    );
    assert!(shown.contains("is the mdBook preprocessor"), "{shown}");
}

#[test]
fn usage_and_input_errors_exit_2_and_name_the_file() {
    let out = check(&["no/such/file.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/file.md"), "{}", stderr(&out));
    assert!(stderr(&out).contains("help:"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.md");
    std::fs::write(&bad, b"# Rollback Report\n\ncaf\xe9\n").unwrap();
    let out = bin(dir.path())
        .args(["check", "latin1.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("latin1.md:3: this file is not UTF-8"),
        "{}",
        stderr(&out)
    );
    // Found in a folder of reports, a report that is not UTF-8 is an error too: it would
    // go unchecked.
    std::fs::copy(
        fixture("reports/placeholder.md"),
        dir.path().join("placeholder.md"),
    )
    .unwrap();
    let out = bin(dir.path())
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("latin1.md:3: this file is not UTF-8"),
        "{}",
        stderr(&out)
    );
    // A file that is neither UTF-8 nor a report is skipped, found or named (pre-commit
    // names every Markdown file changed), and the other reports are still checked.
    std::fs::write(&bad, b"# Notes\n\ncaf\xe9\n").unwrap();
    for args in [&["."][..], &["latin1.md", "placeholder.md"]] {
        let out = bin(dir.path())
            .arg("check")
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["reports"], 1);
        assert!(stderr(&out).contains("latin1.md"), "{}", stderr(&out));
    }
    std::fs::remove_file(dir.path().join("placeholder.md")).unwrap();

    write(
        &dir.path().join("book/book.toml"),
        "[preprocessor.rollback]\non-incomplete = \"sometimes\"\n",
    );
    let out = bin(dir.path()).args(["check", "book"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("book.toml:2:") && err.contains("\"fail\" and \"warn\""),
        "{err}"
    );

    let out = bin(dir.path())
        .args(["check", "book"])
        .env("MDBOOK_PREPROCESSOR__ROLLBACK__ON_INCOMPLETE", "warnn")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: MDBOOK_PREPROCESSOR__ROLLBACK__ON_INCOMPLETE: [preprocessor.rollback] `on-incomplete = \"warnn\"`")
            && !err.contains("book.toml:"),
        "a value from the environment names the variable, not a line of book.toml: {err}"
    );
    // So does a template that cannot be loaded, even where book.toml names one too.
    write(
        &dir.path().join("book/book.toml"),
        "[preprocessor.rollback]\ntemplate = \"t.md\"\n",
    );
    write(&dir.path().join("book/src/SUMMARY.md"), "# Summary\n");
    let out = bin(dir.path())
        .args(["check", "book"])
        .env("MDBOOK_PREPROCESSOR__ROLLBACK__TEMPLATE", "missing.md")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "error: MDBOOK_PREPROCESSOR__ROLLBACK__TEMPLATE: the template `missing.md` is not a file"
        )
            && !err.contains("book.toml:"),
        "{err}"
    );

    // A variable that is not UTF-8 is no reason to stop.
    let out = bin(dir.path())
        .args(["check", "book"])
        .env(
            "SOME_LATIN1",
            <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b"caf\xe9"),
        )
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(101), "{}", stderr(&out));

    write(&dir.path().join("broken/book.toml"), "[book\n");
    let out = bin(dir.path()).args(["check", "broken"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("book.toml:1: book.toml does not parse"),
        "{}",
        stderr(&out)
    );

    let out = bin(dir.path())
        .args(["check", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "clap usage errors exit 2");
}

/// `book.toml` may come from a pull request: the template it names must be in the book,
/// however the path is written.
#[test]
fn a_template_outside_the_book_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    write(
        &book.join("src/report.md"),
        &std::fs::read_to_string(fixture("reports/complete.md")).unwrap(),
    );
    let outside = dir.path().join("template.md");
    std::fs::copy(fixture("reports/template.md"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, book.join("linked.md")).unwrap();
    let absolute = outside.display().to_string();
    for template in ["../template.md", "linked.md", absolute.as_str()] {
        write(
            &book.join("book.toml"),
            &format!("[preprocessor.rollback]\ntemplate = \"{template}\"\n"),
        );
        let out = bin(dir.path()).args(["check", "book"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{template}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "book.toml:2: the template `{template}` is outside the book"
            )),
            "{template}: {err}"
        );
    }
}

#[test]
fn configured_levels_apply_to_check() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n[preprocessor.rollback.lints]\ninvalid-severity = \"warn\"\n",
    );
    std::fs::copy(
        fixture("reports/invalid-severity.md"),
        dir.path().join("src/r.md"),
    )
    .ok();
    write(
        &dir.path().join("src/r.md"),
        &std::fs::read_to_string(fixture("reports/invalid-severity.md")).unwrap(),
    );
    let out = bin(dir.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("warning[invalid-severity]"));
    let out = bin(dir.path())
        .args(["check", "."])
        .env(
            "MDBOOK_PREPROCESSOR__ROLLBACK__LINTS__INVALID_SEVERITY",
            "allow",
        )
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("all complete"),
        "environment overrides apply: {}",
        stdout(&out)
    );
}

#[test]
fn supports_every_renderer() {
    for renderer in ["html", "markdown", "epub", "linkcheck"] {
        let out = bin(&fixture(""))
            .args(["supports", renderer])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{renderer}");
    }
}

#[test]
fn help_lists_the_commands() {
    let out = bin(&fixture("")).arg("--help").output().unwrap();
    let text = stdout(&out);
    for command in [
        "check", "build", "init", "new", "install", "index", "explain", "supports",
    ] {
        assert!(text.contains(command), "{command} missing from --help");
    }
    assert!(text.contains("Exit codes"));
}

/// What a ruff user types works: `--output-format`, values in any case, and rule names
/// in upper case.
#[test]
fn ruff_spellings_of_flags_and_values_work() {
    let out = check(&["reports/complete.md", "--output-format", "JSON"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["reports"], 1);
    let out = bin(&fixture(""))
        .args(["explain", "PLACEHOLDER"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("# placeholder "),
        "{}",
        stdout(&out)
    );
    let err = common::usage_error(&fixture(""), &["explain", "PLACEHOLDR"]);
    assert!(err.contains("did you mean `placeholder`?"), "{err}");
}

/// mdBook cannot build a book whose SUMMARY.md is missing or broken, so `check` and
/// `index` stop there too, at the line mdBook names.
#[test]
fn a_book_whose_summary_cannot_be_read_is_an_error() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/handbook"), book.path());
    let summary = book.path().join("src/SUMMARY.md");
    let report = "src/incidents/2024-05-07-search-api.md";
    write(
        &summary,
        "# Summary\n\n- [Runbook](runbook.md)\n- [Broken](\n",
    );
    for args in [&["check"][..], &["check", report], &["index"]] {
        let out = bin(book.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("error: src/SUMMARY.md:4: mdBook cannot read this table of contents: failed to parse SUMMARY.md line 4"),
            "{args:?}: {err}"
        );
        assert!(err.contains("help: each chapter is a `- [Title](file.md)` line"));
    }
    // A SUMMARY.md that is no text stops it too.
    std::fs::write(&summary, b"- [A](a.md)\n\xff\n").unwrap();
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("src/SUMMARY.md: cannot read the book's table of contents"),
        "{}",
        stderr(&out)
    );
    // A SUMMARY.md that leads to a device is not read.
    std::fs::remove_file(&summary).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &summary).unwrap();
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("src/SUMMARY.md: this is no regular file"),
        "{}",
        stderr(&out)
    );
    // Without one, the folder's reports are checked (a book.toml may only hold settings).
    std::fs::remove_file(&summary).unwrap();
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Checked 3 reports"),
        "{}",
        stdout(&out)
    );
    // Without a src folder (or with `src` misspelt), there is no book: nothing is
    // "all complete".
    let toml = std::fs::read_to_string(book.path().join("book.toml")).unwrap();
    write(
        &book.path().join("book.toml"),
        &toml.replace("[book]\n", "[book]\nsrc = \"scr\"\n"),
    );
    let out = bin(book.path()).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("book.toml:2: the book's src folder ./scr is not there")
            && stderr(&out).contains("help: set `src` under [book]"),
        "{}",
        stderr(&out)
    );
}

/// Output cut short (a full disk) fails the run, so that CI never uploads a truncated
/// report from a green step; a reader that closes the pipe early (`| head`) does not.
#[test]
fn output_that_cannot_be_written_fails_with_exit_2() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = bin(&fixture(""))
        .args(["check", "reports/placeholder.md", "--format", "sarif"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: cannot write the output to stdout: No space left on device"),
        "{}",
        stderr(&out)
    );

    // More than a pipe holds (64 KiB), so the writes meet the closed pipe.
    let mut child = bin(&fixture(""))
        .args(["check", "reports", "--format", "sarif"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!stderr(&out).contains("cannot write"), "{}", stderr(&out));
}

/// GitHub Actions takes a line of a step's output that starts with `::`, or holds
/// `##[`, for a workflow command. Report text in what is printed for people (the human
/// format, the copy `--output` prints, stderr) never makes one.
#[test]
fn report_text_cannot_forge_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let forged = format!(
        "---\ncreated: \"2024-01-01\\n::error file=README.md,line=1::FORGED\\r::add-mask::x ##[warning]y\"\n---\n{complete}"
    );
    write(&dir.path().join("forged.md"), &forged);
    let runs = [
        vec!["check", "forged.md"],
        vec![
            "check",
            "forged.md",
            "--output",
            "out.sarif",
            "--format",
            "sarif",
        ],
        vec!["check", "forged.md", "--format", "github"],
    ];
    for args in runs {
        let out = bin(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let github = args.contains(&"github");
        assert!(
            stdout(&out).contains("FORGED"),
            "{args:?}: {}",
            stdout(&out)
        );
        for (stream, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
            for line in text.split(['\n', '\r']) {
                let command = line.trim_start().starts_with("::") || line.contains("##[");
                // `--format github` prints its own commands, with report text escaped.
                let ours = github
                    && stream == "stdout"
                    && (line.starts_with("::error file=forged.md,")
                        || line.starts_with("::warning file=forged.md,"));
                assert!(!command || ours, "{args:?} {stream}: {line:?}");
            }
        }
    }
}

/// `CLICOLOR_FORCE` colours output that goes to a CI log rather than a terminal;
/// `NO_COLOR` wins over it.
#[test]
fn clicolor_force_colours_a_pipe() {
    let coloured = |no_color: bool| {
        let mut command = bin(&fixture(""));
        command.env("CLICOLOR_FORCE", "1");
        if !no_color {
            command.env_remove("NO_COLOR");
        }
        let out = command
            .args(["check", "reports/template.md"])
            .output()
            .unwrap();
        stdout(&out).contains("\u{1b}[")
    };
    assert!(coloured(false));
    assert!(!coloured(true));
}

/// A report in the reports folder that is not UTF-8 stops check and the build: with only
/// a warning, it would go unchecked and unpublished while CI stayed green.
#[test]
fn a_report_that_is_not_utf8_stops_check_and_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let init = bin(dir.path()).args(["init", "book"]).output().unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    std::fs::write(
        book.join("src/incidents/latin1.md"),
        b"# Rollback Report: caf\xe9\n",
    )
    .unwrap();
    std::fs::write(book.join("src/incidents/notes.md"), b"# Notes caf\xe9\n").unwrap();
    for command in [&["check"][..], &["build"], &["index"]] {
        let out = bin(&book).args(command).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("incidents/latin1.md:1: this file is not UTF-8"),
            "{command:?}: {}",
            stderr(&out)
        );
    }
    std::fs::remove_file(book.join("src/incidents/latin1.md")).unwrap();
    // Saved as UTF-16, as Notepad and PowerShell write it, it is named so.
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            "# Rollback Report: API\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(book.join("src/incidents/utf16.md"), utf16).unwrap();
    for command in [&["check"][..], &["build"], &["index"]] {
        let out = bin(&book).args(command).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("utf16.md: this file is UTF-16, not UTF-8"),
            "{command:?}: {}",
            stderr(&out)
        );
    }
    std::fs::remove_file(book.join("src/incidents/utf16.md")).unwrap();
    let out = bin(&book).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A run that an error stops still prints one JSON object or SARIF log on stdout, with
/// the error, so that `| jq` or an upload step shows it rather than failing to parse.
#[test]
fn an_error_is_a_document_in_json_and_sarif() {
    let out = check(&["no/such/file.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    assert_eq!(json["error"]["file"], "no/such/file.md");
    assert!(json["error"]["message"].as_str().is_some(), "{json}");
    assert!(json["error"]["help"].as_str().is_some(), "{json}");
    // A run that ends well has no `error`.
    let out = check(&["reports/complete.md", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.get("error").is_none(), "{json}");

    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("check.json");
    let out = bin(&fixture(""))
        .args(["check", "no/such/file.md", "--format", "json", "-o"])
        .arg(&written)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&written).unwrap()).unwrap();
    assert_eq!(json["error"]["file"], "no/such/file.md");

    let out = check(&["no/such/file.md", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(2));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert!(
        invocation["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("no/such/file.md"),
        "{sarif}"
    );
}

/// A path that cannot be checked does not hide the findings of the others, as ruff goes
/// on past a file it cannot read: every format has the findings and every such error, and
/// the run exits 2.
#[test]
fn an_error_in_one_path_does_not_hide_the_others_findings() {
    let args = [
        "reports/invalid-severity.md",
        "no/such/file.md",
        "reports/placeholder.md",
        "no/such/other.md",
    ];
    let out = check(&args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("error[invalid-severity]"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("error[placeholder]"),
        "{}",
        stdout(&out)
    );
    for expected in [
        "error: no/such/file.md: cannot read this path",
        "error: no/such/other.md: cannot read this path",
    ] {
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }

    let out = check(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["reports"], 2, "{json}");
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"invalid-severity") && rules.contains(&"placeholder"),
        "{rules:?}"
    );
    assert_eq!(json["error"]["file"], "no/such/file.md");
    let unchecked: Vec<&str> = json["unchecked"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["file"].as_str())
        .collect();
    assert_eq!(unchecked, ["no/such/file.md", "no/such/other.md"]);

    let out = check(&[&args[..], &["--format", "sarif"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &sarif["runs"][0];
    assert!(run["results"].as_array().unwrap().len() >= 2, "{sarif}");
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let out = check(&[&args[..], &["--format", "github"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let github = stdout(&out);
    assert!(
        github.contains("::error file=no/such/other.md,title=mdbook-rollback::cannot read"),
        "{github}"
    );
    assert!(
        github.contains("title=mdbook-rollback invalid-severity::"),
        "{github}"
    );
    assert!(
        github.ends_with("in 2 reports; 2 more errors kept part of the check from running\n"),
        "{github}"
    );

    // What else there was to say is said with the one error.
    let out = check(&["reports/not-a-report.md", "no/such/file.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a rollback report")
            && stderr(&out).contains("no/such/file.md: cannot read this path"),
        "{}",
        stderr(&out)
    );

    // In a book: a report the build cannot read, and one it includes out of the book, do
    // not hide a third report's findings.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let init = bin(dir.path()).args(["init", "book"]).output().unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let incidents = book.join("src/incidents");
    std::fs::write(incidents.join("latin1.md"), b"# Rollback Report: caf\xe9\n").unwrap();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let includes = complete.replacen(
        "## 2. Rollback Trigger",
        "{{#include ../../../secret.md}}\n\n## 2. Rollback Trigger",
        1,
    );
    assert_ne!(includes, complete);
    write(&incidents.join("includes.md"), &includes);
    std::fs::copy(
        fixture("reports/invalid-severity.md"),
        incidents.join("severity.md"),
    )
    .unwrap();
    let out = bin(&book)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "invalid-severity"),
        "{json}"
    );
    let unchecked: Vec<&str> = json["unchecked"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["file"].as_str())
        .collect();
    assert_eq!(unchecked.len(), 2, "{json}");
    assert!(unchecked.iter().any(|f| f.ends_with("latin1.md")), "{json}");
    assert!(
        unchecked.iter().any(|f| f.ends_with("includes.md")),
        "{json}"
    );
}

/// A misspelt directive on a page that is no report (the index usually has a page of
/// its own) is found by check and by the build, at its line as written.
#[test]
fn a_misspelt_directive_on_a_page_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let init = bin(dir.path()).args(["init", "book"]).output().unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let index = book.join("src/incidents/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    write(
        &index,
        &text.replace(
            "{{#rollback-index}}",
            "`{{#rollback-indx}}` in code\n\n{{#include frag.md}}\n\n{{#rollback-indx}}",
        ),
    );
    // Included text is its own file's: the lines below are counted as written, and a typo
    // in it is told by the build, without a line.
    write(
        &book.join("src/incidents/frag.md"),
        "a\nb\n{{#rollback-timelin}}\n",
    );
    let out = bin(&book)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unknown-directive")
        .collect();
    assert_eq!(found.len(), 1, "{json}");
    assert_eq!(found[0]["file"], "src/incidents/index.md");
    assert_eq!(found[0]["severity"], "warning");
    assert!(
        found[0]["help"]
            .as_str()
            .unwrap()
            .contains("{{#rollback-index}}")
    );
    let out = bin(&book).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("src/incidents/index.md:10: `{{#rollback-indx}}` is not a directive"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("src/incidents/index.md: `{{#rollback-timelin}}` is not a directive; it is published as written (unknown-directive), in a file it includes"),
        "{}",
        stderr(&out)
    );
    // As an error, it fails check; the build, which stops only for an incomplete report,
    // still warns.
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    write(
        &book.join("book.toml"),
        &toml.replace(
            "[preprocessor.rollback.lints]\n",
            "[preprocessor.rollback.lints]\nunknown-directive = \"error\"\n",
        ),
    );
    let out = bin(&book).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = bin(&book).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("rollback-indx"), "{}", stderr(&out));
}

/// A file name with control characters is shown with their symbols to people, and named
/// as it is in JSON, so that tools can open it.
#[test]
fn a_control_character_in_a_name_is_shown_but_kept() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\u{1b}[8mb\tc.md";
    std::fs::copy(fixture("reports/placeholder.md"), dir.path().join(name)).unwrap();
    let human = bin(dir.path()).args(["check", "."]).output().unwrap();
    let shown = stdout(&human);
    assert!(shown.contains("a␛[8mb␉c.md:"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown}");
    let json = bin(dir.path())
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], name);
}

/// A file with more findings than a reader can use (a hostile line of thousands of
/// slots) shows the first hundred with snippets and counts the rest, so that rendering
/// stays fast; JSON lists them all.
#[test]
fn a_file_of_many_findings_shows_the_first_hundred() {
    let dir = tempfile::tempdir().unwrap();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let many = format!("{complete}\n{}\n", "[**Placeholder: x**] ".repeat(150));
    write(&dir.path().join("many.md"), &many);
    let out = bin(dir.path()).args(["check", "many.md"]).output().unwrap();
    let shown = stdout(&out);
    // With the `unknown-tag` warning of a folder outside git.
    let snippets = shown.matches("error[").count() + shown.matches("warning[").count();
    assert_eq!(snippets, 100, "{shown}");
    assert!(
        shown.contains("many.md has 151 findings; the first 100 are shown"),
        "{shown}"
    );
    assert!(
        shown.contains("Checked 1 report: 150 errors, 1 warning"),
        "{shown}"
    );
    let json = bin(dir.path())
        .args(["check", "many.md", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 151);
}
