//! mdbook-rollback: lint rollback reports in CI, and publish them as an indexed mdBook
//! incident handbook with version-diff and timeline tables.
//!
//! One analysis ([`analysis`]) serves both front doors: `check` (the lint in a pull
//! request) and the mdBook preprocessor (at publish time), so they never disagree.

/// A lazily compiled regular expression for a pattern written in the source.
#[macro_export]
#[doc(hidden)]
macro_rules! regex {
    ($pattern:expr $(,)?) => {{
        static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new($pattern).unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
        });
        &*RE
    }};
}

pub mod analysis;
pub mod commands;
pub mod config;
pub mod diff;
pub mod error;
pub mod files;
pub mod git;
pub mod includes;
pub mod index;
pub mod lint;
pub mod mdbook;
pub mod output;
pub mod paths;
pub mod render;
pub mod report;
pub mod source;
pub mod spelling;
pub mod template;
pub mod timeline;

pub use analysis::{Analysis, analyze};
pub use error::{Error, Result};
