//! The HTML look of what a report page gets: the card, the version diff and the timeline,
//! each in a `<div>` of class `rollback` and its own, with one short style for all three
//! (it is in every report of the book JSON, so every byte counts ten thousand times).
//! Other renderers get the bare Markdown tables.

/// The style of a report's injected parts, given once a page (with the card):
/// - the card's two tables as wide as each other, so they read as one;
/// - on a wide screen, times, elapsed times, commit dates and change counts on one line;
/// - on a phone, the tables' cells tighter than mdBook's, so the card fits (their text
///   keeps its size: a reader who zooms in wants it larger);
/// - links underlined, told from text by more than their colour;
/// - in print, no scroll bars that would cut columns off the page.
pub const REPORT_STYLE: &str = "<style>\
.rollback-card table{width:100%}\
.rollback a{text-decoration:underline}\
@media(min-width:621px){.rollback-timeline td:nth-child(-n+2),.rollback-diff td:nth-child(3),.rollback-diff td:nth-child(6){white-space:nowrap}}\
@media(max-width:620px){.rollback th,.rollback td{padding:3px 5px}}\
@media print{.rollback .table-wrapper{overflow:visible}}\
</style>";

/// `markdown` in a region a screen reader lists by `name` (a banner a reader must not
/// miss), of class `rollback` and `class`, for HTML; as it is for other renderers.
pub fn in_region(class: &str, name: &str, markdown: String, html: bool) -> String {
    if !html {
        return markdown;
    }
    format!(
        "<div class=\"rollback {class}\" role=\"region\" aria-label=\"{name}\">\n\n{}\n\n</div>",
        markdown.trim_end()
    )
}

/// `markdown` in a `<div>` of class `rollback` and `class`, for HTML; as it is for other
/// renderers.
pub fn in_class(class: &str, markdown: String, html: bool) -> String {
    if !html {
        return markdown;
    }
    format!(
        "<div class=\"rollback {class}\">\n\n{}\n\n</div>",
        markdown.trim_end()
    )
}
