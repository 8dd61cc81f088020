//! Golden files: a report in (`tests/golden/NAME.in.md`), the chapter the preprocessor
//! writes out (`NAME.out.md`). Run with `UPDATE_GOLDEN=1` to rewrite the outputs after an
//! intended change, then review the diff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

fn preprocess(content: &str, renderer: &str) -> String {
    common::preprocess_chapters(
        vec![("incidents/report.md".into(), content.to_string())],
        renderer,
    )
    .remove(0)
}

#[test]
fn every_golden_file_matches() {
    let dir = common::root().join("tests/golden");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".in.md"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 10, "the golden inputs are missing");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for input in inputs {
        let name = input
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".in.md", "");
        let content = std::fs::read_to_string(&input).unwrap();
        let actual = preprocess(&content, "html");
        let expected_path = dir.join(format!("{name}.out.md"));
        if update {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with UPDATE_GOLDEN=1",
                expected_path.display()
            )
        });
        if actual != expected {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "golden files differ: {failures:?}; run with UPDATE_GOLDEN=1 and review the diff"
    );
}

#[test]
fn a_chapter_that_is_not_a_report_is_byte_identical() {
    let input =
        std::fs::read_to_string(common::root().join("tests/golden/not-a-report.in.md")).unwrap();
    assert_eq!(preprocess(&input, "html"), input);
}

#[test]
fn every_original_byte_survives_in_order_outside_front_matter_and_directives() {
    for name in [
        "complete",
        "crlf",
        "setext",
        "midnight",
        "hostile",
        "directives",
        "template",
    ] {
        let input =
            std::fs::read_to_string(common::root().join(format!("tests/golden/{name}.in.md")))
                .unwrap();
        let output = preprocess(&input, "html");
        let body = match input
            .strip_prefix("---\n")
            .or_else(|| input.strip_prefix("+++\n"))
        {
            Some(rest) => {
                let end = rest
                    .find("\n---\n")
                    .or_else(|| rest.find("\n+++\n"))
                    .unwrap();
                &rest[end + 5..]
            }
            None => &input[..],
        };
        let body = body
            .replace("{{#rollback-diff}}", "")
            .replace("{{#rollback-timeline}}", "");
        assert_subsequence(&body, &output, name);
    }
}

/// Every byte of `needle` appears in `haystack`, in order.
fn assert_subsequence(needle: &str, haystack: &str, name: &str) {
    let mut rest = haystack.as_bytes().iter();
    for (i, byte) in needle.as_bytes().iter().enumerate() {
        assert!(
            rest.any(|b| b == byte),
            "{name}: original byte {i} ({:?}) was lost",
            *byte as char
        );
    }
}

#[test]
fn non_html_renderers_get_no_svg_and_reports_get_tables() {
    let input =
        std::fs::read_to_string(common::root().join("tests/golden/complete.in.md")).unwrap();
    let output = preprocess(&input, "markdown");
    assert!(
        output.contains("|Time (UTC)|Elapsed|Event|Source|"),
        "{output}"
    );
    assert!(!output.contains("<svg"));
}

/// A byte-order mark before the front matter goes with it, rather than showing as an
/// empty paragraph above the card.
#[test]
fn a_byte_order_mark_goes_with_the_front_matter() {
    let report =
        std::fs::read_to_string(common::root().join("tests/golden/front-matter-toml.in.md"))
            .unwrap();
    assert_eq!(
        preprocess(&format!("\u{feff}{report}"), "html"),
        preprocess(&report, "html")
    );
}
