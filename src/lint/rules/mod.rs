//! One file per rule: its name, default level, documentation and check.

pub mod ambiguous_time;
pub mod empty_section;
pub mod invalid_front_matter;
pub mod invalid_severity;
pub mod invalid_time;
pub mod invalid_version;
pub mod missing_section;
pub mod missing_versions;
pub mod not_a_downgrade;
pub mod not_published;
pub mod placeholder;
pub mod template_example;
pub mod time_order;
pub mod unknown_directive;
pub mod unknown_tag;
pub mod unsafe_html;
pub mod unused_suppression;
