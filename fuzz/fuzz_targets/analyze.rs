//! Fuzzes the report analysis end to end: parse, lint, and render every table, through
//! the preprocessor itself. Any input must give a book back without panicking, a chapter
//! that is not a report must come back unchanged, every original byte of a report
//! outside its front matter and directives must survive in order, and the book the
//! binary streams out must be the spliced book, byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_preprocessor::book::{BookItem, Chapter};
use mdbook_rollback::mdbook::{Options, plan, protocol};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = serde_json::json!({
        "preprocessor": {"rollback": {"git": false, "on-incomplete": "warn", "placeholder-patterns": ["TBD"]}}
    });
    let is_report = mdbook_rollback::report::is_report(text);
    let mut items = vec![
        BookItem::Chapter(Chapter::new(
            "Report",
            text.to_string(),
            "incidents/r.md",
            Vec::new(),
        )),
        BookItem::Chapter(Chapter::new(
            "Index",
            "{{#rollback-index}}".to_string(),
            "index.md",
            Vec::new(),
        )),
    ];
    let options = Options {
        root: std::path::Path::new("/nonexistent-fuzz-root"),
        renderer: "html",
        config: &config,
        mdbook_version: "0.5.4",
        git: None,
        color: false,
    };
    // Planned once: the binary writes each report's new text as the book streams out;
    // in-process runs apply the same rewrites to the chapters (`mdbook::run`).
    let Ok(rewrites) = plan(&options, &mut items, &mut Default::default()) else {
        return;
    };
    let mut streamed = Vec::new();
    protocol::write(&items, &rewrites, protocol::Host::V05, &mut streamed)
        .expect("a book in memory can be written");
    rewrites.apply(&mut items);
    #[derive(serde::Serialize)]
    struct Book<'a> {
        items: &'a [BookItem],
    }
    assert_eq!(
        streamed,
        serde_json::to_vec(&Book { items: &items }).expect("serialisable"),
        "the streamed book differs from the spliced one"
    );
    let BookItem::Chapter(chapter) = &items[0] else {
        panic!("the chapter is gone")
    };
    if !is_report {
        assert_eq!(
            chapter.content, text,
            "a chapter that is not a report changed"
        );
        return;
    }
    // The bytes that are replaced: the front matter and the directives.
    let report = mdbook_rollback::report::Report::parse(
        mdbook_rollback::source::SourceFile::new("r.md", text),
        &mdbook_rollback::template::Template::builtin(),
        &[],
    );
    let mut replaced: Vec<std::ops::Range<usize>> =
        report.directives.iter().map(|d| d.span.clone()).collect();
    replaced.extend(report.front_matter_span());
    let mut rest = chapter.content.bytes();
    for (i, byte) in text.bytes().enumerate() {
        if replaced.iter().any(|r| r.contains(&i)) {
            continue;
        }
        assert!(rest.any(|b| b == byte), "original byte {i} was lost");
    }
});
