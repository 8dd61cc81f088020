//! Output: diagnostics in each format, and the Markdown the preprocessor injects.

pub mod banner;
pub mod card;
pub mod chart;
pub mod diagnostics;
pub mod diff_table;
pub mod index_csv;
pub mod index_page;
pub mod markdown;
pub mod style;
pub mod timeline_table;
