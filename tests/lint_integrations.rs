//! Linting where teams already look: SARIF (validated against the official schema),
//! `explain`, inline suppressions, `--changed-since`, drafts and `--output`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{bin, commit, copy_dir, fixture, git, git_init, stderr, stdout, write};
use mdbook_rollback::lint::registry;

fn check_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    bin(dir).arg("check").args(args).output().unwrap()
}

fn sarif_for(paths: &[&str]) -> serde_json::Value {
    let out = check_in(&fixture(""), &[&["--format", "sarif"], paths].concat());
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler
        .add_resource("sarif-schema-2.1.0.json", schema)
        .unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler
        .compile("sarif-schema-2.1.0.json", &mut schemas)
        .unwrap();
    for paths in [
        vec!["reports/complete.md"],
        vec![
            "reports/template.md",
            "reports/ambiguous-time.md",
            "reports/missing-section.md",
        ],
    ] {
        let log = sarif_for(&paths);
        if let Err(error) = schemas.validate(&log, index) {
            panic!("invalid SARIF for {paths:?}: {error:#}");
        }
    }
    let failed: serde_json::Value =
        serde_json::from_str(&mdbook_rollback::render::diagnostics::sarif::failed(
            &mdbook_rollback::Error::new("bad \"value\"")
                .in_file("book.toml")
                .at_line(Some(3))
                .help("fix it"),
        ))
        .unwrap();
    if let Err(error) = schemas.validate(&failed, index) {
        panic!("invalid SARIF for a failed run: {error:#}");
    }
    let location =
        &failed["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["locations"][0];
    assert_eq!(
        location["physicalLocation"],
        serde_json::json!({
            "artifactLocation": { "uri": "book.toml", "uriBaseId": "SRCROOT" },
            "region": { "startLine": 3 },
        })
    );
    let mut broken = sarif_for(&["reports/placeholder.md"]);
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(
        schemas.validate(&broken, index).is_err(),
        "the validation can fail"
    );
}

#[test]
fn sarif_rules_come_from_the_registry_and_fingerprints_are_stable() {
    let log = sarif_for(&["reports/placeholder.md", "reports/missing-versions.md"]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), registry::RULES.len());
    for (rule, registered) in rules.iter().zip(registry::RULES) {
        assert_eq!(rule["id"], registered.name);
        assert_eq!(rule["shortDescription"]["text"], registered.summary);
        assert_eq!(
            rule["help"]["markdown"], registered.explanation,
            "help is the explain text"
        );
        assert!(rule["fullDescription"]["text"].as_str().unwrap().len() > 20);
    }
    let results = log["runs"][0]["results"].as_array().unwrap();
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"], "tests/fixtures/reports/missing-versions.md",
        "relative to the repository root"
    );
    assert!(location["region"]["startLine"].as_u64().unwrap() > 0);
    assert!(location["region"]["startColumn"].as_u64().unwrap() > 0);
    let again = sarif_for(&["reports/placeholder.md", "reports/missing-versions.md"]);
    assert_eq!(
        results,
        again["runs"][0]["results"].as_array().unwrap(),
        "byte-identical across runs"
    );
    let fingerprints: Vec<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["rollbackReport/v1"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(fingerprints.iter().all(|f| f.len() > 16));

    // A finding keeps its fingerprint when lines above it move.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(fixture("reports/placeholder.md")).unwrap();
    write(&dir.path().join("src/r.md"), &text);
    let print = |dir: &std::path::Path| {
        let out = check_in(dir, &["--format", "sarif"]);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["results"][0]["partialFingerprints"]["rollbackReport/v1"].clone()
    };
    let before = print(dir.path());
    write(
        &dir.path().join("src/r.md"),
        &text.replace(
            "This report documents",
            "A new line.\n\nThis report documents",
        ),
    );
    assert_eq!(print(dir.path()), before);
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&results).unwrap());
}

#[test]
fn explain_documents_every_rule() {
    for rule in registry::RULES {
        let out = bin(&fixture(""))
            .args(["explain", rule.name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(
            text.contains(rule.explanation),
            "explain uses the same text as SARIF help"
        );
        insta::assert_snapshot!(format!("explain_{}", rule.name), text);
    }
    let out = bin(&fixture(""))
        .args(["explain", "placholder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown rule `placholder`")
            && stderr(&out).contains("did you mean `placeholder`?")
            && stderr(&out).contains("placeholder, template-example")
    );
    let out = bin(&fixture("")).args(["explain"]).output().unwrap();
    assert!(
        registry::RULES
            .iter()
            .all(|r| stdout(&out).contains(r.name))
    );
}

fn lint_text(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n",
    )
    .unwrap();
    write(&dir.path().join("src/r.md"), text);
    let out = check_in(dir.path(), &["--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The `key` of each diagnostic in `json`, in order.
fn each<'a>(json: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[key].as_str().unwrap())
        .collect()
}

fn rule_lines(json: &serde_json::Value) -> Vec<(String, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn html_or_links_that_would_run_script_are_errors_but_code_and_harmless_html_are_not() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    let text = complete.replace(
        "breaching the 250 ms SLO.\n",
        "breaching the 250 ms SLO.\n\n<script>alert(1)</script>\n\nGraph: <img src=\"x\" onerror=\"alert(1)\"> and [the runbook](javascript:alert(1)).\n\n> <iframe src=\"https://evil.example\"></iframe>\n\n`<script>` in code, <br> and <details><summary>Logs</summary></details> are fine.\n\n```html\n<script>fine()</script>\n```\n\n<!-- old: <iframe src=\"x\"> -->\n\n<!--\nNotes: <script> tags are not allowed\n-->\n\nText <!-- <script>alert(1)</script> --> after.\n",
    );
    let json = lint_text(&text);
    let found: Vec<(&str, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unsafe-html")
        .map(|d| (d["message"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    let line = |needle: &str| 1 + text[..text.find(needle).unwrap()].matches('\n').count() as u64;
    assert_eq!(
        found,
        [
            (
                "a `<script>` tag is published as live HTML",
                line("<script>alert")
            ),
            (
                "the event attribute `onerror` runs script in the reader's browser",
                line("Graph:")
            ),
            (
                "this link's `javascript:` address runs script when it is followed",
                line("Graph:")
            ),
            (
                "a `<iframe>` tag is published as live HTML",
                line("> <iframe")
            ),
        ]
    );
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "error" || d["rule"] != "unsafe-html")
    );
}

/// What a browser runs however it is disguised: a tag over lines, an escaped colon, a
/// character reference with many zeros, SVG animation, HTML in a definition list (which
/// mdBook 0.5 parses), a tab in the scheme.
#[test]
fn disguised_script_is_found() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    for disguised in [
        "<div>\n<img src=x\nonerror=alert(1)>\n</div>\n",
        "<div>\n<a\nhref=\"javascript:alert(1)\">x</a>\n</div>\n",
        "[x](javascript\\:alert(1))\n",
        "<a href=\"&#00000000106;avascript:alert(1)\">x</a>\n",
        "<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text y=\"20\">x</text></a></svg>\n",
        "Term\n: x\n\n    <img src=x onerror=alert(1)>\n",
        "<a href=\"javas\tcript:alert(1)\">x</a>\n",
    ] {
        let text = complete.replace(
            "breaching the 250 ms SLO.\n",
            &format!("breaching the 250 ms SLO.\n\n{disguised}"),
        );
        let json = lint_text(&text);
        assert!(
            each(&json, "rule").contains(&"unsafe-html"),
            "{disguised:?}: {json:#}"
        );
    }
}

#[test]
fn a_misspelt_directive_is_named_with_the_one_it_meant() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    let text = complete.replace(
        "*   End Time: 2024-05-07 14:38 UTC\n",
        "*   End Time: 2024-05-07 14:38 UTC\n\n{{#rollback-timline}}\n\n`{{#rollback-bogus}}` in code, {{#rollback-diff}} and {{ #rollback-chart }}\n\n{{#rollback_timeline}} {{#Rollback-diff}}\n",
    );
    let json = lint_text(&text);
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unknown-directive")
        .map(|d| (d["message"].as_str().unwrap(), d["help"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "`{{#rollback-timline}}` is not a directive; it is published as written",
                "did you mean `{{#rollback-timeline}}`?"
            ),
            (
                "`{{ #rollback-chart }}` is not a directive; it is published as written",
                "use `{{#rollback-diff}}`, `{{#rollback-timeline}}` or `{{#rollback-index}}`"
            ),
            (
                "`{{#rollback_timeline}}` is not a directive; it is published as written",
                "did you mean `{{#rollback-timeline}}`?"
            ),
            (
                "`{{#Rollback-diff}}` is not a directive; it is published as written",
                "did you mean `{{#rollback-diff}}`?"
            ),
        ]
    );
    assert_eq!(json["errors"], 0, "a warning by default");
}

#[test]
fn each_suppression_form() {
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let broken = complete
        .replace("\nMedium\n", "\nSev2\n")
        .replace(
            "The new ranking model loads a 2 GB index on every cold start.",
            "[**Placeholder: root cause**]",
        )
        .replace(
            "p95 latency returned to 118 ms",
            "[**Placeholder: verification**] p95 latency returned to 118 ms",
        );
    let json = lint_text(&broken);
    assert_eq!(
        rule_lines(&json),
        [
            ("invalid-severity".into(), 20),
            ("placeholder".into(), 56),
            ("placeholder".into(), 60)
        ]
    );

    let next_line = broken.replace(
        "\nSev2\n",
        "\n<!-- rollback-lint-disable-next-line invalid-severity -->\nSev2\n",
    );
    assert_eq!(rule_lines(&lint_text(&next_line)).len(), 2);

    let region = broken
        .replace(
            "## 4. Post-Rollback Analysis\n",
            "<!-- rollback-lint-disable placeholder -->\n## 4. Post-Rollback Analysis\n",
        )
        .replace(
            "### 4.2. Root Cause",
            "<!-- rollback-lint-enable placeholder -->\n### 4.2. Root Cause",
        );
    assert_eq!(
        rule_lines(&lint_text(&region)),
        [("invalid-severity".into(), 20), ("placeholder".into(), 62)]
    );

    let file =
        format!("<!-- rollback-lint-disable-file placeholder invalid-severity -->\n{broken}");
    assert!(rule_lines(&lint_text(&file)).is_empty());

    // A comment that names no rule suppresses nothing (a pull request could otherwise
    // turn the whole lint off with one word), and says so.
    for form in ["disable-file", "disable", "disable-next-line"] {
        let blanket = broken.replace(
            "\nSev2\n",
            &format!("\n<!-- rollback-lint-{form} -- vendor fills it in -->\nSev2\n"),
        );
        let json = lint_text(&blanket);
        assert_eq!(
            rule_lines(&json),
            [
                ("unused-suppression".into(), 20),
                ("invalid-severity".into(), 21),
                ("placeholder".into(), 57),
                ("placeholder".into(), 61)
            ],
            "{form}"
        );
        assert!(
            each(&json, "message")[0]
                .contains(&format!("`rollback-lint-{form}` comment names no rule")),
            "{json}"
        );
    }

    let unused = complete.replace(
        "### 2.2. Severity Level\n",
        "<!-- rollback-lint-disable-next-line placeholder -->\n### 2.2. Severity Level\n",
    );
    let json = lint_text(&unused);
    assert_eq!(rule_lines(&json), [("unused-suppression".into(), 18)]);
    assert_eq!(json["warnings"], 1);

    let unknown = broken.replace(
        "\nSev2\n",
        "\n<!-- rollback-lint-disable-next-line invalid-severty -->\nSev2\n",
    );
    let json = lint_text(&unknown);
    let messages: Vec<&str> = each(&json, "message");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`invalid-severty` in this suppression is not a rule")),
        "{messages:?}"
    );
    assert!(
        each(&json, "help")
            .iter()
            .any(|h| h.starts_with("did you mean `invalid-severity`?")),
        "{json}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("is not a severity level")),
        "an unknown name suppresses nothing"
    );
}

/// Repeated `template-example` findings in a section are shown as one, but a comment
/// suppresses only the line under it, as in markdownlint.
#[test]
fn a_suppression_covers_its_line_even_where_findings_are_shown_as_one() {
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let examples =
        "\nMedium\n\n*Possible values: Critical, High, Medium, Low*\n\n*Example: Critical*\n";
    let left = complete.replace("\nMedium\n", examples);
    let findings = |text: &str| {
        let json = lint_text(text);
        let messages = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string());
        rule_lines(&json)
            .into_iter()
            .zip(messages)
            .map(|((rule, line), message)| (rule, line, message))
            .collect::<Vec<_>>()
    };
    let example = "the template's example block is still here";
    assert_eq!(
        findings(&left),
        [(
            "template-example".into(),
            22,
            format!("{example} (and at line 24)")
        )]
    );
    let comment = "<!-- rollback-lint-disable-next-line template-example -->\n";
    // Above the first: the second is still found, on its own line.
    let first = left.replace("*Possible values:", &format!("{comment}*Possible values:"));
    assert_eq!(
        findings(&first),
        [("template-example".into(), 25, example.to_string())]
    );
    // Above the second: the first is found, and the comment was used.
    let second = left.replace(
        "*Example: Critical*",
        &format!("{comment}*Example: Critical*"),
    );
    assert_eq!(
        findings(&second),
        [("template-example".into(), 22, example.to_string())]
    );
}

/// The lines a merged finding names are the report's as written, when an include above
/// them brought in lines of its own.
#[test]
fn merged_findings_name_lines_as_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n",
    )
    .unwrap();
    write(
        &dir.path().join("src/parts/sev.md"),
        "line one\n\nline two\n\n*Possible values: Critical, High, Medium, Low*\n",
    );
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let text = complete.replace(
        "\nMedium\n",
        "\nMedium\n\n{{#include parts/sev.md}}\n\n*Example: Critical*\n",
    );
    write(&dir.path().join("src/r.md"), &text);
    let out = check_in(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{json:#}");
    let include_line = text
        .lines()
        .position(|l| l.starts_with("{{#include"))
        .unwrap()
        + 1;
    let example_line = text
        .lines()
        .position(|l| l == "*Example: Critical*")
        .unwrap()
        + 1;
    assert_eq!(diagnostics[0]["line"], include_line);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("(and at line {example_line})")),
        "{json:#}"
    );
}

#[test]
fn suppression_comments_are_invisible_in_the_html() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/incomplete"), book.path());
    let report = book.path().join("src/report.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "[**Placeholder:",
            "<!-- rollback-lint-disable-next-line placeholder -->\n[**Placeholder:",
        ),
    )
    .unwrap();
    let out = bin(book.path()).args(["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(book.path().join("book/report.html")).unwrap();
    assert!(
        html.contains("<!-- rollback-lint-disable-next-line placeholder -->"),
        "kept as an HTML comment"
    );
    assert!(
        !html.contains("&lt;!-- rollback-lint"),
        "never shown as text"
    );
}

/// A git repository holding a book (without git enrichment), nothing committed.
fn book_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n",
    )
    .unwrap();
    dir
}

/// A repository on `main` with three reports, and a branch that adds one and modifies
/// one. The untouched report is broken, so linting it would fail.
fn branch_repository() -> tempfile::TempDir {
    let dir = book_repository();
    let root = dir.path();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    write(&root.join("src/incidents/modified.md"), &complete);
    write(
        &root.join("src/incidents/untouched.md"),
        &std::fs::read_to_string(fixture("reports/placeholder.md")).unwrap(),
    );
    git(root, &["add", "."]);
    commit(root, "docs: reports", "2024-05-01T10:00:00Z");
    git(root, &["checkout", "-q", "-b", "report"]);
    write(
        &root.join("src/incidents/added.md"),
        &complete.replace("\nMedium\n", "\nSev2\n"),
    );
    write(
        &root.join("src/incidents/modified.md"),
        &complete.replace("Executed as planned.", "Executed as planned, mostly."),
    );
    git(root, &["add", "."]);
    commit(root, "docs: a new report", "2024-05-02T10:00:00Z");
    dir
}

#[test]
fn changed_since_lints_only_what_the_branch_changed() {
    let repo = branch_repository();
    let out = check_in(
        repo.path(),
        &["--changed-since", "main", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["reports"], 2, "added and modified, not untouched");
    let files: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["src/incidents/added.md"]);
    assert_eq!(out.status.code(), Some(1));

    write(
        &repo.path().join("src/incidents/local.md"),
        &std::fs::read_to_string(fixture("reports/complete.md")).unwrap(),
    );
    let out = check_in(
        repo.path(),
        &["--changed-since", "main", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["reports"], 3,
        "an untracked new report counts as changed"
    );

    let out = check_in(repo.path(), &["--changed-since", "origin/main"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`origin/main`")
            && err.contains("git fetch origin main")
            && err.contains("fetch-depth: 0"),
        "{err}"
    );

    let target = repo.path().join("injected.txt");
    let out = check_in(
        repo.path(),
        &[&format!("--changed-since=--output={}", target.display())],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "an option-shaped ref is a ref, not an option"
    );
    assert!(
        stderr(&out).contains("cannot be read here"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists(), "git did not take the ref as an option");
}

/// What the branch changed is asked of the book's own repository, whatever the user's
/// git config or where check runs; a changed report that cannot be read fails the
/// check; an unchanged page is none of its business; and git's errors are told apart.
#[test]
fn changed_since_asks_the_books_repository_and_skips_nothing_it_changed() {
    let repo = branch_repository();
    let root = repo.path();
    // The handbook is a checkout inside another directory (a second `actions/checkout`).
    let outer = tempfile::tempdir().unwrap();
    git_init(outer.path());
    let book = outer.path().join("handbook");
    std::fs::rename(root, &book).unwrap();
    let reports = |out: &std::process::Output| -> serde_json::Value {
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["reports"].clone()
    };
    let out = bin(outer.path())
        .args([
            "check",
            "handbook",
            "--changed-since",
            "main",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(reports(&out), 2, "{}", stderr(&out));
    // `diff.relative` in the user's config changes nothing, run from a folder.
    git(&book, &["config", "diff.relative", "true"]);
    let out = bin(&book.join("src/incidents"))
        .args(["check", "--changed-since", "main", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(reports(&out), 2, "{}", stderr(&out));
    // A page the branch did not touch, that mentions a directive, stays out of it.
    git(&book, &["checkout", "-q", "main"]);
    write(
        &book.join("src/incidents/howto.md"),
        "# How to write one\n\nPut `{{#rollback-timeline}}` where the table goes.\n",
    );
    git(&book, &["add", "."]);
    commit(&book, "docs: howto", "2024-05-01T11:00:00Z");
    git(&book, &["checkout", "-q", "report"]);
    git(&book, &["rebase", "-q", "main"]);
    // A report the branch adds, saved as Latin-1, is no report skipped.
    std::fs::write(
        book.join("src/incidents/latin1.md"),
        b"# Rollback Report: caf\xe9\n",
    )
    .unwrap();
    let out = bin(&book)
        .args(["check", "--changed-since", "main", "--strict"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("latin1.md:1: this file is not UTF-8"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(book.join("src/incidents/latin1.md")).unwrap();
    // Nor is a Latin-1 file it adds elsewhere, which the build never reads.
    std::fs::write(book.join("legacy.md"), b"# Caf\xe9\n").unwrap();
    let out = bin(&book)
        .args(["check", "--changed-since", "main", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(reports(&out), 2, "{}", stderr(&out));
    assert!(!stdout(&out).contains("howto.md"), "{}", stdout(&out));
    // A range, and a history with two merge bases, are no shallow clones.
    let out = bin(&book)
        .args(["check", "--changed-since", "main...HEAD"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("is a range; it takes one ref"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn changed_since_checks_every_report_when_the_settings_changed() {
    let repo = branch_repository();
    let root = repo.path();
    let changed = |reference: &str| {
        let out = check_in(root, &["--changed-since", reference, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (json["reports"].clone(), stderr(&out))
    };
    // Every report checked again, and the file that caused it named.
    let all_checked = |reference: &str, file: &str| {
        let (reports, err) = changed(reference);
        assert_eq!(reports, 3, "{err}");
        let note = format!(
            "note: {file} changed since `{reference}`: every report of the book is checked"
        );
        assert!(err.contains(&note), "{err}");
    };
    assert_eq!(changed("main").0, 2);

    // A stricter lint level in book.toml: every report of the book is checked again.
    let book_toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    write(
        &root.join("book.toml"),
        &format!("{book_toml}[preprocessor.rollback.lints]\nnot-a-downgrade = \"error\"\n"),
    );
    all_checked("main", "book.toml");

    // A template committed, then a section added to it: the same.
    std::fs::copy(fixture("reports/template.md"), root.join("template.md")).unwrap();
    write(
        &root.join("book.toml"),
        &format!("{book_toml}template = \"template.md\"\n"),
    );
    git(root, &["add", "."]);
    commit(root, "docs: our template", "2024-05-03T10:00:00Z");
    assert_eq!(changed("HEAD").0, 0, "nothing changed since HEAD");
    let template = std::fs::read_to_string(root.join("template.md")).unwrap();
    write(
        &root.join("template.md"),
        &format!("{template}\n## 6. Follow-up\n\n[**Placeholder: the follow-up**]\n"),
    );
    all_checked("HEAD", "template.md");

    // SUMMARY.md decides what is published: a change to it, the same.
    git(root, &["checkout", "-q", "template.md"]);
    assert_eq!(changed("HEAD").0, 0);
    write(&root.join("src/SUMMARY.md"), "# Summary\n");
    all_checked("HEAD", "src/SUMMARY.md");
}

#[test]
fn changed_since_checks_a_report_whose_included_file_changed() {
    let dir = book_repository();
    let root = dir.path();
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    write(
        &root.join("src/incidents/with-steps.md"),
        &complete.replace(
            "Executed as planned.",
            "Executed as planned.\n\n{{#include ../parts/steps.md}}",
        ),
    );
    write(&root.join("src/incidents/plain.md"), &complete);
    write(
        &root.join("src/parts/steps.md"),
        "- 14:20 UTC — approved by Ann\n",
    );
    git(root, &["add", "."]);
    commit(root, "docs: reports", "2024-05-01T10:00:00Z");
    git(root, &["checkout", "-q", "-b", "steps"]);
    write(
        &root.join("src/parts/steps.md"),
        "- 14:20 UTC — [**Placeholder: who approved it?**]\n",
    );
    git(root, &["add", "."]);
    commit(root, "docs: steps", "2024-05-02T10:00:00Z");
    let out = check_in(root, &["--changed-since", "main", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["reports"], 1,
        "the report that includes the changed file, alone"
    );
    assert_eq!(json["diagnostics"][0]["rule"], "placeholder", "{json}");
    assert_eq!(
        json["diagnostics"][0]["file"],
        "src/incidents/with-steps.md"
    );

    // The fragment deleted: the report that includes it is refused, as by the build.
    git(root, &["rm", "-q", "src/parts/steps.md"]);
    commit(root, "docs: no steps", "2024-05-03T10:00:00Z");
    let out = check_in(root, &["--changed-since", "main"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("src/incidents/with-steps.md:42: an include cannot be made"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn changed_since_in_a_shallow_clone_says_how_to_fix_it() {
    let repo = branch_repository();
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git(
        clones.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "report", &url, "ci",
        ],
    );
    let ci = clones.path().join("ci");
    let out = check_in(&ci, &["--changed-since", "origin/main"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fetch-depth: 0"), "{}", stderr(&out));

    git(
        &ci,
        &[
            "fetch",
            "-q",
            "--depth",
            "1",
            "origin",
            "main:refs/remotes/origin/main",
        ],
    );
    let out = check_in(&ci, &["--changed-since", "origin/main"]);
    assert_eq!(out.status.code(), Some(2), "both tips, no merge base");
    let err = stderr(&out);
    assert!(
        err.contains("shallow") && err.contains("--unshallow"),
        "{err}"
    );
}

#[test]
fn drafts_build_with_a_banner_and_deny_drafts_refuses_them() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture("books/incomplete"), book.path());
    std::fs::copy(
        fixture("reports/draft.md"),
        book.path().join("src/report.md"),
    )
    .unwrap();
    let out = bin(book.path()).args(["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(book.path().join("book/report.html")).unwrap();
    assert!(html.contains("<strong>Draft.</strong>"), "the Draft banner");
    let out = bin(book.path())
        .args(["build"])
        .env("MDBOOK_PREPROCESSOR__ROLLBACK__DENY_DRAFTS", "true")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "deny-drafts turns drafts back into errors"
    );
    let out = check_in(book.path(), &["--deny-drafts"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn output_writes_the_report_and_shows_people_the_human_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin(&fixture(""))
        .args([
            "check",
            "reports/placeholder.md",
            "--format",
            "sarif",
            "--output",
        ])
        .arg(dir.path().join("check.sarif"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("error[placeholder]"),
        "human on the terminal"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("check.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let out = bin(&fixture(""))
        .args([
            "check",
            "reports/placeholder.md",
            "--format",
            "json",
            "--output",
            "/nonexistent/dir/x.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    // A run that cannot check still leaves a SARIF log, saying why.
    let sarif_path = dir.path().join("failed.sarif");
    let out = bin(&fixture(""))
        .args(["check", "reports/missing.md", "--format", "sarif", "-o"])
        .arg(&sarif_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let said = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(said.contains("reports/missing.md"), "{said}");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 0);

    // `-o` never overwrites a report it checks, named or in a folder named.
    let reports = tempfile::tempdir().unwrap();
    let report = reports.path().join("r.md");
    let text = std::fs::read_to_string(fixture("reports/placeholder.md")).unwrap();
    std::fs::write(&report, &text).unwrap();
    std::fs::write(reports.path().join("book.toml"), "").unwrap();
    std::fs::create_dir(reports.path().join("sub")).unwrap();
    for args in [
        ["r.md", "-o", "r.md"],
        [".", "-o", "r.md"],
        [".", "-o", "book.toml"],
        ["sub", "-o", "book.toml"],
        ["sub", "-o", "r.md"],
    ] {
        let out = bin(reports.path())
            .args(["check", "--format", "sarif"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("refusing to write over"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&report).unwrap(), text, "{args:?}");
    }
    assert_eq!(
        std::fs::read_to_string(reports.path().join("book.toml")).unwrap(),
        ""
    );
}

#[test]
fn sections_of_filler_are_unanswered() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    let text = complete
        .replace(
            "p95 search latency rose from 120 ms to 410 ms within ten minutes of the 3.2.0 deploy,\nbreaching the 250 ms SLO.\n",
            "TODO: fill in\n",
        )
        .replace(
            "The new ranking model loads a 2 GB index on every cold start.\n",
            "**Root cause:**\n\n#### Notes\n\n- \n",
        );
    let json = lint_text(&text);
    let found: Vec<(String, u64)> = rule_lines(&json);
    assert_eq!(
        found,
        [
            ("empty-section".to_string(), 13),
            ("empty-section".to_string(), 57)
        ],
        "{json:#}"
    );
    assert!(
        json["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("only filler"),
        "{json:#}"
    );
    // An answer that mentions a TODO, and the template's marker without its bold.
    let text = complete
        .replace(
            "The new ranking model loads a 2 GB index on every cold start.\n",
            "TBD: the vendor has not replied yet.\n",
        )
        .replace(
            "p95 search latency rose from 120 ms to 410 ms within ten minutes of the 3.2.0 deploy,\nbreaching the 250 ms SLO.\n",
            "[Placeholder: Describe the reason for the rollback.]\n",
        );
    assert_eq!(
        rule_lines(&lint_text(&text)),
        [("placeholder".to_string(), 15)]
    );
}

/// The rules and lines found in the complete fixture report once `from` is replaced with
/// `to`.
fn findings_with(from: &str, to: &str) -> Vec<(String, u64)> {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    assert!(complete.contains(from), "{from:?} is in the fixture");
    rule_lines(&lint_text(&complete.replacen(from, to, 1)))
}

/// The placeholder's instructions, left without their `[**Placeholder: …**]` marker, are
/// a placeholder still; a sentence that only begins like one is the report's own.
#[test]
fn the_placeholders_instructions_without_their_marker_are_a_placeholder() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    let placeholder = |line: u64| vec![("placeholder".to_string(), line)];
    assert_eq!(
        findings_with(
            "p95 search latency rose from 120 ms to 410 ms within ten minutes of the 3.2.0 deploy,\nbreaching the 250 ms SLO.\n",
            "Describe in detail the reason for initiating the rollback. What specific issue or\nincident triggered the decision?\n",
        ),
        placeholder(15)
    );
    assert_eq!(
        findings_with(
            "breaching the 250 ms SLO.\n",
            "breaching the 250 ms SLO. Describe in detail the reason for the SLO? It is the contract.\n",
        ),
        []
    );
    // The placeholder's questions, answered on their lines, are the report's own; alone,
    // they are left over.
    let lessons = "- Canary latency alerts would have caught this before the full rollout.\n";
    let answered = complete
        .replace(
            lessons,
            "**What went well?** The runbook.\n\n**What could be improved?** Canary latency alerts.\n",
        )
        .replace("until it is fixed.\n", "until it is fixed. Was the rollback successful? Yes.\n");
    assert_eq!(rule_lines(&lint_text(&answered)), []);
    assert_eq!(
        findings_with(
            lessons,
            &format!("**What could be improved?**\n\n{lessons}")
        ),
        []
    );
    assert_eq!(
        findings_with(
            lessons,
            &format!("{lessons}\n**What could be improved?**\n")
        ),
        placeholder(71)
    );
    // A slot to fill in is a placeholder; HTML is not.
    assert_eq!(
        findings_with(
            "### 3.4. Personnel Involved\n",
            "### 3.4. Personnel Involved\n\n*   <name>: Incident Commander\n\n<details open><summary>Pager log</summary></details> <time>09:12</time> <dialog open>x</dialog> <kbd>Ctrl</kbd> Vec<String><br>\n\nVerified on <dashboard> by <REGION> on-call at <time>, see <output of the investigation>.\n",
        ),
        [
            placeholder(49),
            placeholder(53),
            placeholder(53),
            placeholder(53),
            placeholder(53)
        ]
        .concat()
    );
}

/// An empty severity or time section gets the finding that says what to write there,
/// not a second one suggesting `N/A`; with that rule off, `empty-section` still speaks.
#[test]
fn a_section_another_rule_reads_is_reported_once() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    let text = complete
        .replace("\nMedium\n", "\nTBD\n")
        .replace("*   Start Time: 2024-05-07 14:00 UTC\n", "")
        .replace("*   End Time: 2024-05-07 14:38 UTC\n", "");
    let json = lint_text(&text);
    let found: Vec<&str> = each(&json, "rule");
    assert_eq!(
        found,
        ["invalid-severity", "invalid-time", "invalid-time"],
        "{json:#}"
    );
    // Neither time is known, nor the date (the file's name has none): the help asks for
    // them, rather than give the template's example times.
    assert_eq!(
        each(&json, "help")[1..],
        [
            "add a line `* Start Time: YYYY-MM-DD HH:MM UTC` to this section, with the time it happened",
            "add a line `* End Time: YYYY-MM-DD HH:MM UTC` to this section, with the time it happened"
        ],
        "{json:#}"
    );
    // A report's file name gives its date.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n",
    )
    .unwrap();
    write(
        &dir.path().join("src/incidents/2024-05-07-search.md"),
        &text,
    );
    let dated: serde_json::Value =
        serde_json::from_slice(&check_in(dir.path(), &["--format", "json"]).stdout).unwrap();
    assert!(
        each(&dated, "help")[1].contains("`* Start Time: 2024-05-07 HH:MM UTC`"),
        "{dated:#}"
    );
    let off = format!("{text}\n<!-- rollback-lint-disable-file invalid-severity -->\n");
    let rules: Vec<(String, u64)> = rule_lines(&lint_text(&off));
    assert!(
        rules.contains(&("empty-section".to_string(), 18)),
        "{rules:?}"
    );
    // A team that made the reader a warning still fails an empty section.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n[preprocessor.rollback.lints]\ninvalid-severity = \"warn\"\n",
    )
    .unwrap();
    write(&dir.path().join("src/r.md"), &text);
    let out = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        rule_lines(&json).contains(&("empty-section".to_string(), 18)),
        "{json:#}"
    );
}

/// An End Time without a date waits for Start Time's: while the start does not parse,
/// the start is the one error.
#[test]
fn an_end_time_without_a_date_is_no_second_error_while_the_start_is_wrong() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    let text = complete
        .replace(
            "Start Time: 2024-05-07 14:00 UTC",
            "Start Time: Wednesday, May 9, 2024 14:00 UTC",
        )
        .replace("End Time: 2024-05-07 14:38 UTC", "End Time: 14:38 UTC");
    let json = lint_text(&text);
    let messages: Vec<&str> = each(&json, "message");
    assert_eq!(messages.len(), 1, "{json:#}");
    assert!(
        messages[0].starts_with("Start Time does not parse"),
        "{json:#}"
    );
    // An End Time that is wrong on its own is still reported.
    let json = lint_text(&text.replace("End Time: 14:38 UTC", "End Time: 14:99 UTC"));
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 2, "{json:#}");
}

/// Equal versions are a typo, not a swap: the help says so.
#[test]
fn equal_versions_are_not_told_to_swap() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    for (to, help) in [("3.2.0", "mistyped"), ("3.3.0", "check the order")] {
        let json = lint_text(&complete.replace("3.1.4", to));
        let diagnostics = json["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{json:#}");
        assert_eq!(diagnostics[0]["rule"], "not-a-downgrade");
        assert!(
            diagnostics[0]["help"].as_str().unwrap().contains(help),
            "{json:#}"
        );
    }
}

/// A step of the template's example that any team might write is the report's own; the
/// example's made-up facts, or two of its sentences, are the example left in.
#[test]
fn a_generic_example_step_is_the_reports_own() {
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let plan = "3. Confirm latency and error rates.\n";
    let with = |steps: &str| complete.replace(plan, &format!("{plan}{steps}"));
    let examples = |text: &str| -> Vec<(u64, String, String)> {
        let json = lint_text(text);
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "template-example")
            .map(|d| {
                (
                    d["line"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_string(),
                    d["help"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert!(examples(&with("4. Monitor system logs for any errors.\n")).is_empty());
    let made_up = "this is the template's example text, about a made-up incident";
    let found = examples(&with("4. Deploy the backup version (2.4.0).\n"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, made_up);
    assert_eq!(found[0].2, "write what happened in this rollback instead");
    let found = examples(&with(
        "4. Verify application functionality and performance.\n5. Monitor system logs for any errors.\n",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.starts_with(made_up), "{found:?}");
    // Each sentence is judged on its own: this generic one shares its line of the
    // template with sentences that name versions.
    let summary = "until it is fixed.\n";
    let text = complete.replace(
        summary,
        &format!("{summary}The rollback was successful, and the application is now stable.\n"),
    );
    assert_ne!(text, complete);
    assert!(examples(&text).is_empty(), "{:?}", examples(&text));
}

/// Of two template sections of one title (`Details` under Impact and under Root Cause),
/// a report's heading is the one under the section before it: the missing one is named
/// where it belongs.
#[test]
fn sections_of_one_title_are_told_apart_by_their_parent() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\ntemplate = \"t.md\"\n",
    );
    write(
        &dir.path().join("t.md"),
        "# Rollback Report\n\n## Impact\n\n### Details\n\nx\n\n### Severity Level\n\n*Possible values: High, Low*\n\n## Root Cause\n\n### Details\n\ny\n",
    );
    write(
        &dir.path().join("src/r.md"),
        "# Rollback Report: a\n\n## Impact\n\n### Severity Level\n\nHigh\n\n## Root Cause\n\n### Details\n\nThe cache.\n",
    );
    let out = check_in(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing: Vec<(u64, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-section")
        .map(|d| (d["line"].as_u64().unwrap(), d["help"].as_str().unwrap()))
        .collect();
    assert_eq!(
        missing,
        [(
            5,
            "add `### Details` before `Severity Level` and fill it in"
        )]
    );
}

/// A list of roles whose names are left to fill in names nobody, so the personnel
/// section is empty; one real name answers it.
#[test]
fn roles_without_names_leave_the_personnel_section_empty() {
    let people = "*   Lena Fischer: Incident Commander\n*   Omar Haddad: Search on-call\n";
    assert_eq!(
        findings_with(
            people,
            "*   XXX: Incident Commander\n*   TBD: Search on-call\n"
        ),
        [("empty-section".to_string(), 47)]
    );
    assert_eq!(
        findings_with(
            people,
            "*   XXX: Incident Commander\n*   Omar Haddad: Search on-call\n"
        ),
        []
    );
}

/// Start and End Time pasted from Confluence, Notion, Google Docs or a web page read as
/// they show.
#[test]
fn pasted_times_read_as_they_show() {
    let times = "*   Start Time: 2024-05-07 14:00 UTC\n*   End Time: 2024-05-07 14:38 UTC\n";
    for pasted in [
        "<p>Start Time: 2024-05-07 14:00 UTC<br>End Time: 2024-05-07 14:38 UTC</p>\n",
        "<strong>Start Time:</strong> 2024-05-07 14:00 UTC<br/>\n<strong>End Time:</strong> 2024-05-07 14:38 UTC\n",
        "⏱️ Start Time: 2024-05-07 14:00 UTC\n\n🏁 End Time: 2024-05-07 14:38 UTC\n",
        "Start Time:&nbsp;2024-05-07\u{a0}14:00\u{a0}UTC\\\nEnd Time: 2024\\-05\\-07 2:38\u{202f}PM UTC\n",
        "\\* Start Time: 2024-05-07 14:00\u{200b} UTC\n\\* End Time: 2024-05-07 14:38 UTC\n",
    ] {
        assert_eq!(findings_with(times, pasted), [], "{pasted:?}");
    }
}

/// A heading exported as a bold line (Google Docs, Confluence) is named where it is,
/// with the fix, rather than asked for again at the end of the report.
#[test]
fn a_heading_written_as_a_bold_line_is_named_there() {
    let complete = std::fs::read_to_string("tests/fixtures/reports/complete.md").unwrap();
    // One in code is not: the finding asks for the heading before the next one.
    let in_code = complete.replacen(
        "### 2.1. Reason for Rollback",
        "```text\n**2.1. Reason for Rollback**\n```",
        1,
    );
    let json = lint_text(&in_code);
    assert_eq!(rule_lines(&json), [("missing-section".to_string(), 20)]);
    assert!(
        !json["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("bold"),
        "{json}"
    );
    for bold in [
        "**2.1. Reason for Rollback**",
        "__2.1 Reason for rollback:__",
        "<strong>2.1. Reason for Rollback</strong>",
    ] {
        let json = lint_text(&complete.replacen("### 2.1. Reason for Rollback", bold, 1));
        assert_eq!(
            rule_lines(&json),
            [("missing-section".to_string(), 13)],
            "{bold}"
        );
        let found = &json["diagnostics"][0];
        assert!(
            found["message"].as_str().unwrap().contains("bold line"),
            "{found}"
        );
        assert!(
            found["help"]
                .as_str()
                .unwrap()
                .contains("`### 2.1. Reason for Rollback`"),
            "{found}"
        );
    }
}

/// A misspelt severity level is named with the level it is a typo of.
#[test]
fn a_misspelt_severity_gets_a_did_you_mean() {
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    for (written, meant) in [
        ("Hgih", Some("High")),
        ("meduim", Some("Medium")),
        ("Sev2", None),
    ] {
        let json = lint_text(&complete.replace("\nMedium\n", &format!("\n{written}\n")));
        let help = each(&json, "help")
            .into_iter()
            .find(|h| h.contains("write one of"))
            .unwrap_or_else(|| panic!("{json}"));
        match meant {
            Some(meant) => assert!(
                help.starts_with(&format!("did you mean `{meant}`?")),
                "{help}"
            ),
            None => assert!(!help.contains("did you mean"), "{help}"),
        }
    }
}

/// A level as near to two of a numbered scale's (`SEV4` to `SEV1`, `SEV2` and `SEV3`)
/// gets no guess.
#[test]
fn a_severity_as_near_to_two_levels_gets_no_guess() {
    let complete = std::fs::read_to_string(fixture("reports/complete.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let template =
        std::fs::read_to_string(common::root().join("book-template/templates/rollback-report.md"))
            .unwrap()
            .replace("Critical, High, Medium, Low", "SEV1, SEV2, SEV3");
    write(&dir.path().join("templates/t.md"), &template);
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\ntemplate = \"templates/t.md\"\n",
    )
    .unwrap();
    write(
        &dir.path().join("src/r.md"),
        &complete.replace("\nMedium\n", "\nSEV4\n"),
    );
    let out = check_in(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let help = each(&json, "help")
        .into_iter()
        .find(|h| h.contains("write one of: SEV1, SEV2, SEV3"))
        .unwrap_or_else(|| panic!("{json}"));
    assert!(!help.contains("did you mean"), "{help}");
}
