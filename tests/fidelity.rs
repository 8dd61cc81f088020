//! Fidelity: a large book goes through the preprocessor, and every chapter that is not a
//! report comes out byte-identical; in reports, every original byte outside the front
//! matter and the directives survives, in order. Checked on a hand-written corpus of
//! tricky Markdown, on generated chapters, and on arbitrary Markdown with proptest.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

#[path = "../examples/support/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

use mdbook_preprocessor::book::{BookItem, Chapter};
use proptest::prelude::*;
use serde_json::Value;

fn chapters(items: &[BookItem]) -> Vec<&Chapter> {
    let mut out = Vec::new();
    for item in items {
        if let BookItem::Chapter(ch) = item {
            out.push(ch);
            out.extend(chapters(&ch.sub_items));
        }
    }
    out
}

#[test]
fn a_large_book_passes_through_byte_identical() {
    let book = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("fidelity"), book.path());
    // Make it large: generated runbooks and a few hundred reports next to the corpus.
    let mut summary = std::fs::read_to_string(book.path().join("src/SUMMARY.md")).unwrap();
    let mut rng = synthetic::Rng::new(7);
    for i in 0..400 {
        let name = format!("generated/runbook-{i}.md");
        common::write(&book.path().join("src").join(&name), &synthetic::chapter(i));
        summary.push_str(&format!("- [Runbook {i}]({name})\n"));
    }
    for i in 0..200 {
        let name = format!("generated/report-{i}.md");
        let text = synthetic::report(
            i,
            (synthetic::version(i + 1), synthetic::version(i)),
            &mut rng,
        );
        common::write(&book.path().join("src").join(&name), &text);
        summary.push_str(&format!("- [Report {i}]({name})\n"));
    }
    std::fs::write(book.path().join("src/SUMMARY.md"), summary).unwrap();

    let md = mdbook_driver::MDBook::load(book.path()).unwrap();
    let ctx = mdbook_preprocessor::PreprocessorContext::new(
        book.path().to_path_buf(),
        md.config.clone(),
        "html".into(),
    );
    let input = serde_json::to_vec(&(&ctx, &md.book)).unwrap();
    let out = common::pipe(&input, book.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    let items: Vec<BookItem> = serde_json::from_value(output["items"].clone()).unwrap();
    let before = chapters(&md.book.items);
    let after = chapters(&items);
    assert_eq!(before.len(), after.len());
    let mut identical = 0;
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a.name, b.name);
        if a.name.starts_with("Report ") {
            assert!(b.content.contains("Timeline:"), "{} is a report", a.name);
            continue;
        }
        assert!(a.content == b.content, "{} changed", a.name);
        identical += 1;
    }
    assert_eq!(identical, 12 + 400, "every non-report chapter was compared");
}

fn preprocess(content: &str) -> String {
    common::preprocess_chapters(vec![("c.md".into(), content.to_string())], "html").remove(0)
}

/// Every byte of `needle` appears in `haystack`, in order.
fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.bytes();
    needle.bytes().all(|b| rest.any(|h| h == b))
}

/// Lines of Markdown-ish text: headings, fences, tables, lists, HTML, directives.
fn markdown() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[a-zA-Z0-9 .,:;!?*_`|<>\\[\\]()#{}\\\\-]{0,40}",
        Just("```".to_string()),
        Just("---".to_string()),
        Just("===".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
        Just("<!-- comment -->".to_string()),
        Just("<div>".to_string()),
        Just("[**Placeholder: x**]".to_string()),
        Just("*   Start Time: 2024-01-26 10:00 UTC".to_string()),
        Just("- 10:04 UTC — event".to_string()),
        "#{1,6} [A-Za-z0-9. ]{0,20}",
        Just("## 3.1. Rollback Plan".to_string()),
        Just("### 3.3. Rollback Time".to_string()),
        Just("\r".to_string()),
        Just(String::new()),
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn a_chapter_that_is_not_a_report_is_unchanged(body in markdown()) {
        let text = format!("# Notes\n\n{body}");
        prop_assume!(!text.contains("rollback-index"));
        prop_assert_eq!(preprocess(&text), text);
    }

    #[test]
    fn a_report_keeps_every_original_byte_in_order(body in markdown(), front in proptest::bool::ANY) {
        let head = if front { "---\nservice: x\n---\n" } else { "" };
        let text = format!("{head}# Rollback Report\n\n{body}");
        let output = preprocess(&text);
        let original = text.strip_prefix(head).unwrap();
        prop_assert!(is_subsequence(original, &output), "lost bytes of\n{}\n---- in ----\n{}", original, output);
    }
}

/// `check` and the build read a report with its includes expanded by our own copy of
/// mdBook's `links`, and refuse what it may not include from that copy: so the copy
/// must take the very lines mdBook takes, or text mdBook includes would go unchecked.
/// Compared here with mdBook itself, on anchors that overlap and share lines.
#[test]
fn includes_are_expanded_as_mdbook_expands_them() {
    let book = tempfile::tempdir().unwrap();
    let root = book.path();
    common::write(&root.join("book.toml"), "[book]\ntitle = \"Includes\"\n");
    common::write(
        &root.join("src/parts/p.md"),
        "before\nANCHOR_END: x ANCHOR: a\nin a 1\nANCHOR: b starts in a\nin a and b\nANCHOR_END: b ANCHOR: c\nANCHOR_END: a\nafter a\nANCHOR: c\nin c\nANCHOR_END: c ANCHOR_END: a\nANCHOR: x\nin x\nANCHOR_END:x\ntail\n",
    );
    let specs = [
        "a", "b", "c", "x", "nope", "2:4", "3", ":2", "5:", "0", "9:3", "2:x",
    ];
    let mut summary = String::from("# Summary\n\n");
    let mut written = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        for kind in ["include", "rustdoc_include"] {
            let name = format!("c-{kind}-{i}.md");
            let text = format!("# {kind} {spec}\n\n{{{{#{kind} parts/p.md:{spec}}}}}\n");
            common::write(&root.join("src").join(&name), &text);
            summary.push_str(&format!("- [{kind} {spec}]({name})\n"));
            written.push((name, text));
        }
    }
    common::write(&root.join("src/SUMMARY.md"), &summary);

    let md = mdbook_driver::MDBook::load(root).unwrap();
    let (preprocessed, _) = md
        .preprocess_book(&mdbook_driver::builtin_renderers::MarkdownRenderer::new())
        .unwrap();
    let by_mdbook = chapters(&preprocessed.items);
    let confine = mdbook_rollback::includes::Confinement::for_book(root);
    for (name, text) in &written {
        let ours =
            mdbook_rollback::includes::checked(name, text, &root.join("src").join(name), &confine)
                .unwrap()
                .unwrap();
        let theirs = by_mdbook
            .iter()
            .find(|ch| ch.path.as_deref() == Some(std::path::Path::new(name)))
            .unwrap();
        assert_eq!(ours.text, theirs.content, "{name}");
    }
}
