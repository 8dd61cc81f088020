//! Hostile and broken input: each case must give a clear diagnostic or escaped output,
//! and never a panic, a hang or unsafe HTML.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{bin, stderr, stdout};
use mdbook_rollback::mdbook::splice::Edit;
use std::io::Write;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary with a time limit: a hang is a failure, not a stuck test run. Its
/// output is read as it comes, so that a long one never fills the pipe and stalls it.
fn run_bounded(dir: &std::path::Path, args: &[&str], input: Option<Vec<u8>>) -> Output {
    let mut child = bin(dir)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let writer = input.map(|bytes| {
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        })
    });
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{args:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if let Some(writer) = writer {
        writer.join().unwrap();
    }
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn complete() -> String {
    std::fs::read_to_string(common::fixture("reports/complete.md")).unwrap()
}

/// A report, or garbage shaped like one, checked by the binary.
fn check_text(name: &str, bytes: &[u8]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.rollback]\ngit = false\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src").join(name), bytes).unwrap();
    let out = run_bounded(dir.path(), &["check", "--format", "json"], None);
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{name}: no panic, a 0/1/2 exit: {:?} {}",
        out.status,
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("panicked"),
        "{name}: {}",
        stderr(&out)
    );
    out
}

fn rules(out: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_hostile_table_for_check() {
    let long_line = format!(
        "# Rollback Report\n\n## 1. Executive Summary\n\n{}\n",
        "a".repeat(2 << 20)
    );
    let many_headings = format!(
        "# Rollback Report\n\n{}",
        "## 2.1. Reason for Rollback\n\nx\n\n".repeat(10_000)
    );
    let deep_quotes = format!("# Rollback Report\n\n{} deep\n", ">".repeat(20_000));
    let deep_lists: String = std::iter::once("# Rollback Report\n\n".to_string())
        .chain((0..2_000).map(|i| format!("{}- level {i}\n", "  ".repeat(i))))
        .collect();
    let bomb = "---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n---\n";
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("megabyte-line.md", long_line.into_bytes(), Some("missing-section")),
        ("headings.md", many_headings.into_bytes(), Some("missing-section")),
        ("quotes.md", deep_quotes.into_bytes(), Some("missing-section")),
        ("lists.md", deep_lists.into_bytes(), Some("missing-section")),
        ("nul.md", complete().replace("Medium", "Med\0ium").into_bytes(), Some("invalid-severity")),
        ("bom.md", format!("\u{feff}{}", complete()).into_bytes(), None),
        ("unclosed.md", format!("---\nservice: x\n{}", complete()).into_bytes(), Some("invalid-front-matter")),
        ("bomb.md", format!("{bomb}{}", complete()).into_bytes(), Some("invalid-front-matter")),
        (
            "option-versions.md",
            format!("---\nfrom-version: \"--upload-pack=touch /tmp/pwned\"\nto-version: \"-o/tmp/x\"\n---\n{}", complete()).into_bytes(),
            Some("invalid-version"),
        ),
        (
            // Thousands of version pairs on one line of the summary: read in linear time.
            "version-pairs.md",
            complete()
                .replacen("until it is fixed.", &format!("until it is fixed. {}", "from 1.0.0 to 2.0.0 and ".repeat(24_000)), 1)
                .into_bytes(),
            None,
        ),
        (
            // Unclosed markers, one a line, in one paragraph: found in linear time.
            "placeholders.md",
            complete().replace("Executed as planned.", &"[Placeholder: unclosed\n".repeat(20_000)).into_bytes(),
            Some("placeholder"),
        ),
        (
            // An event's list item carried on over 100,000 lines.
            "long-item.md",
            complete()
                .replace("- 14:02 UTC — Rollout paused.", &format!("- 14:02 UTC — Rollout paused.{}", "\n  and more".repeat(100_000)))
                .into_bytes(),
            None,
        ),
        (
            // A line an event carries on, of 30,000 code spans and comments.
            "code-spans.md",
            complete()
                .replace("- 14:02 UTC — Rollout paused.", &format!("- 14:02 UTC — Rollout paused.\n  {}", "`a` <!-- b --> ".repeat(30_000)))
                .into_bytes(),
            None,
        ),
        (
            "year-99999.md",
            complete().replace("2024-05-07 14:00 UTC", "99999-05-07 14:00 UTC").into_bytes(),
            Some("invalid-time"),
        ),
        (
            "last-day-9999.md",
            complete().replace("2024-05-07 14:38 UTC", "9999-12-31 09:57 UTC").into_bytes(),
            Some("invalid-time"),
        ),
    ];
    for (name, bytes, rule) in cases {
        let started = Instant::now();
        let out = check_text(name, &bytes);
        let found = rules(&out);
        match rule {
            Some(rule) => assert!(
                found.iter().any(|r| r == rule),
                "{name}: expected {rule}, got {found:?}"
            ),
            None => assert!(found.is_empty(), "{name}: {found:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{name} took {:?}",
            started.elapsed()
        );
    }
    assert!(!std::path::Path::new("/tmp/pwned").exists());
    let out = check_text("latin1.md", b"# Rollback Report\n\ncaf\xe9\n");
    assert_eq!(
        out.status.code(),
        Some(0),
        "invalid UTF-8 in a book is skipped, as the build skips it"
    );
    assert!(
        stderr(&out).contains("warning: skipped: src/latin1.md:3: this file is not UTF-8"),
        "{}",
        stderr(&out)
    );
}

fn preprocess(chapters: Vec<(String, String)>) -> Vec<String> {
    common::preprocess_chapters(chapters, "html")
}

fn html(markdown: &str) -> String {
    let mut out = String::new();
    let parser = pulldown_cmark::Parser::new_ext(
        markdown,
        mdbook_rollback::report::markdown::parser_options(),
    );
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

#[test]
fn injected_fields_are_escaped_everywhere() {
    let evil = "<script>alert(1)</script> | [x](javascript:alert(1)) {{#include /etc/passwd}} <img src=x onerror=alert(1)>";
    let report = format!(
        "---\nservice: \"{evil}\"\nstatus: \"{evil}\"\ntags: [\"{evil}\"]\n---\n{}",
        complete()
            .replace(
                "# Rollback Report: Search API 3.2.0",
                &format!("# Rollback Report: {evil}")
            )
            .replace(
                "- 14:09 UTC — 3.1.4 deploying to cluster A.",
                &format!("- 14:09 UTC — {evil}")
            )
            .replace("\nMedium\n", &format!("\n{evil}\n"))
    );
    let outputs = preprocess(vec![
        ("incidents/a\"b<c>(d).md".to_string(), report),
        (
            "index.md".to_string(),
            "# Index\n\n{{#rollback-index}}\n".to_string(),
        ),
    ]);
    let injected: String = outputs.concat();
    // The author's own text stays as written (mdBook renders it as before); what the
    // tool injects must be inert.
    let original_lines: Vec<&str> = outputs[0].lines().filter(|l| l.contains(evil)).collect();
    assert!(
        original_lines.iter().all(|l| !l.starts_with('|')),
        "no table row carries the raw text: {original_lines:?}"
    );
    for text in &outputs {
        let tables: String = text
            .lines()
            .filter(|l| l.starts_with('|') || l.starts_with('>') || l.starts_with("**"))
            .collect::<Vec<_>>()
            .join("\n");
        let rendered = html(&tables);
        assert!(!rendered.contains("<script"), "{rendered}");
        assert!(!rendered.contains("<img"), "{rendered}");
        assert!(!rendered.contains("href=\"javascript"), "{rendered}");
        assert!(!tables.contains("{{#include"), "{tables}");
    }
    assert!(
        injected.contains("a%22b%3Cc%3E%28d%29.md"),
        "links are percent-encoded: {}",
        outputs[1]
    );
    let card = outputs[0]
        .lines()
        .find(|l| l.starts_with('|') && l.contains("alert"))
        .expect("the service is in the card");
    assert!(
        card.contains("&lt;script>alert(1)&lt;/script> \\|"),
        "escaped, not dropped: {card}"
    );
    assert!(
        outputs[0].contains("{&#123;#include /etc/passwd}}"),
        "braces are broken up"
    );
}

/// Markdown's backslash escapes are not read inside an HTML block, and a report can put
/// the tables there: `{{#rollback-timeline}}` inside `<pre>`, or a `<pre>` left open
/// before the end of the section they go after. What is injected stays inert there too.
#[test]
fn injected_text_stays_inert_inside_an_html_block() {
    let img = "<img src=x onerror=document.title=String.fromCharCode(88)>";
    let report = format!(
        "---\nservice: \"{img}\"\nauthors: [\"{img}\"]\ntags: [\"{img}\"]\n---\n{}",
        complete()
            .replace(
                "- 14:09 UTC — 3.1.4 deploying to cluster A.",
                &format!("- 14:09 UTC — see `{img}` and {{{{#rollback-timeline}}}} <pre>"),
            )
            .replace(
                "### 3.3. Rollback Time",
                "<pre>\n{{#rollback-diff}}\n</pre>\n\n### 3.3. Rollback Time",
            )
    ) + "\n<pre class=\"log\">\nleft open\n";
    let outputs = preprocess(vec![
        ("incidents/r.md".to_string(), report),
        (
            "index.md".to_string(),
            "# Index\n\n<pre>\n{{#rollback-index}}\n</pre>\n".to_string(),
        ),
    ]);
    for output in &outputs {
        let rendered = html(output);
        assert!(!rendered.contains("<img"), "{rendered}");
    }
    assert!(outputs[0].contains("&lt;img"), "{}", outputs[0]);
    assert!(outputs[1].contains("&lt;img"), "{}", outputs[1]);
}

#[test]
fn a_timeline_table_row_is_escaped_in_the_timeline() {
    let evil = "<script>alert(1)</script> | [x](javascript:alert(1)) {{#include /etc/passwd}} <img src=x onerror=alert(1)>";
    let report = complete().replace(
        "- 14:09 UTC — 3.1.4 deploying to cluster A.",
        &format!("| Time (UTC) | Event |\n|---|---|\n| 14:09 | {evil} |\n"),
    );
    let output = preprocess(vec![("incidents/r.md".to_string(), report)]).remove(0);
    let timeline: Vec<&str> = output
        .lines()
        .skip_while(|l| !l.starts_with("**Timeline:**"))
        .take_while(|l| l.starts_with('|') || l.starts_with("**") || l.is_empty())
        .collect();
    let row = timeline
        .iter()
        .find(|l| l.contains("14:09") && l.contains("alert"))
        .expect("the row is an event");
    assert!(row.contains("&lt;script>alert(1)&lt;/script>"), "{row}");
    let rendered = html(&timeline.join("\n"));
    assert!(!rendered.contains("<script"), "{rendered}");
    assert!(!rendered.contains("<img"), "{rendered}");
    assert!(!rendered.contains("href=\"javascript"), "{rendered}");
    assert!(!row.contains("{{#include"), "{row}");
}

#[test]
fn a_line_of_many_directives_is_replaced_in_linear_time() {
    // Each directive looks back along its line for container markers: only a few bytes,
    // or this line would take minutes.
    let directive = "{{#rollback-diff}}";
    let line = format!("> {}", directive.repeat(300_000));
    let started = Instant::now();
    for i in 0..300_000 {
        let at = 2 + i * directive.len();
        let edit = Edit::replace(&line, at..at + directive.len(), "|a|\n|-|", "\n");
        assert_eq!(edit.range, at..at + directive.len());
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn an_index_of_reports_that_share_one_date() {
    let chapters: Vec<(String, String)> = (0..50)
        .map(|i| {
            (
                format!("incidents/r{i:02}.md"),
                complete().replace("Search API 3.2.0", &format!("Search API {}", 50 - i)),
            )
        })
        .chain(std::iter::once((
            "index.md".to_string(),
            "{{#rollback-index}}".to_string(),
        )))
        .collect();
    let first = preprocess(chapters.clone());
    let again = preprocess(chapters);
    assert_eq!(first, again, "deterministic");
    let index = first.last().unwrap();
    assert!(index.contains("**50 rollbacks**"));
    let a = index.find("[Search API 1]").unwrap();
    let b = index.find("[Search API 10]").unwrap();
    assert!(a < b, "ties are broken by title");
    assert!(index.contains("and 45 more"), "breakdowns stay short");
}

#[test]
fn bad_json_on_stdin_exits_2_with_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let nested = "[".repeat(100_000);
    let huge_truncated = format!(
        "[{{\"root\":\"/\"}},{{\"items\":[{{\"Chapter\":{{\"name\":\"{}",
        "x".repeat(20 << 20)
    );
    for (case, input) in [
        ("nested", nested.into_bytes()),
        ("huge truncated", huge_truncated.into_bytes()),
    ] {
        let out = run_bounded(dir.path(), &[], Some(input));
        assert_eq!(out.status.code(), Some(2), "{case}");
        assert!(stdout(&out).is_empty(), "{case}");
        let reason = stderr(&out);
        assert!(
            reason.starts_with("error: ") && reason.lines().next().unwrap().len() < 400,
            "{case}: a short reason: {reason}"
        );
    }
}
