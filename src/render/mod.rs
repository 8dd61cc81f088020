//! Output: diagnostics in each format, and the Markdown the preprocessor injects.

pub mod markdown;
