//! `[preprocessor.rollback]` in `book.toml`: read, checked key by key, with environment
//! overrides applied the way mdBook applies them.

use crate::error::{Error, Result};
use crate::lint::{Level, registry};
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Our keys, in the order `book.toml` documentation lists them.
pub const KEYS: &[&str] = &[
    "reports-dir",
    "template",
    "on-incomplete",
    "tag-format",
    "include-paths",
    "max-commits",
    "repository-url",
    "git",
    "deny-drafts",
    "placeholder-patterns",
    "lints",
];

/// The reports folder under `src` when `reports-dir` names none.
pub const DEFAULT_REPORTS_DIR: &str = "incidents";

/// The keys mdBook itself reads from every preprocessor table.
pub const MDBOOK_KEYS: &[&str] = &["command", "before", "after", "renderers", "optional"];

/// What a build does with an incomplete report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnIncomplete {
    /// Fail the build (the default).
    #[default]
    Fail,
    /// Build anyway and show a banner in the report.
    Warn,
}

/// The tool's settings for one book.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where unlisted reports are discovered, relative to `src`.
    pub reports_dir: PathBuf,
    /// Whether `reports-dir` names a folder other than the default (then a folder that is
    /// not there is a mistake, such as a misspelling).
    pub reports_dir_set: bool,
    /// The template, relative to the book root; `None` for the built-in one.
    pub template: Option<PathBuf>,
    /// What a build does with an incomplete report.
    pub on_incomplete: OnIncomplete,
    /// How a version maps to a git tag: `v{version}`, `{service}-v{version}`, …
    pub tag_format: String,
    /// In a monorepo, the paths (from the repository's root, `{service}` allowed) whose
    /// commits a version diff lists; empty for every commit.
    pub include_paths: Vec<String>,
    /// The most commits a version-diff table lists.
    pub max_commits: usize,
    /// Where commit ids link to, e.g. `https://github.com/org/repo`.
    pub repository_url: Option<String>,
    /// Whether to read git history at all.
    pub git: bool,
    /// Whether drafts (`status: draft`) fail like any report.
    pub deny_drafts: bool,
    /// Extra patterns that count as placeholders, e.g. `TODO`, `TBD`.
    pub placeholder_patterns: Vec<Regex>,
    /// Per-rule levels that differ from the defaults.
    pub lints: BTreeMap<&'static str, Level>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            reports_dir: PathBuf::from(DEFAULT_REPORTS_DIR),
            reports_dir_set: false,
            template: None,
            on_incomplete: OnIncomplete::Fail,
            tag_format: "v{version}".into(),
            include_paths: Vec::new(),
            max_commits: 50,
            repository_url: None,
            git: true,
            deny_drafts: false,
            placeholder_patterns: Vec::new(),
            lints: BTreeMap::new(),
        }
    }
}

/// A problem with one key, before it is placed in a file.
struct KeyError {
    key: String,
    message: String,
    help: String,
}

fn key_error(key: &str, message: impl Into<String>, help: impl Into<String>) -> KeyError {
    KeyError {
        key: key.to_string(),
        message: message.into(),
        help: help.into(),
    }
}

impl Config {
    /// The level of a rule in this book.
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.lints.get(rule).copied()
    }

    /// Reads the `[preprocessor.rollback]` table (as JSON). `book_toml` is the file the
    /// table came from, used to name the file and line in errors.
    pub fn from_table(table: Option<&Value>, book_toml: Option<&Path>) -> Result<Config> {
        Config::read(table).map_err(|e| {
            // A value from the environment is not in book.toml: name the variable.
            if let Some(variable) = env_override_of(&e.key) {
                return Error::new(format!("{variable}: [preprocessor.rollback] {}", e.message))
                    .help(format!("{} (in the environment variable)", e.help));
            }
            let (file, line) = match book_toml {
                Some(path) => (Some(path.display().to_string()), line_of_key(path, &e.key)),
                None => (None, None),
            };
            let mut error = Error::new(format!("[preprocessor.rollback] {}", e.message))
                .at_line(line)
                .help(e.help);
            error.file = file;
            error
        })
    }

    fn read(table: Option<&Value>) -> std::result::Result<Config, KeyError> {
        let mut config = Config::default();
        let Some(table) = table else {
            return Ok(config);
        };
        let Some(table) = table.as_object() else {
            return Err(key_error(
                "preprocessor.rollback",
                "must be a table",
                "write it as a `[preprocessor.rollback]` section",
            ));
        };
        for (key, value) in table {
            match key.as_str() {
                "reports-dir" => {
                    let dir = string(key, value)?;
                    let path = PathBuf::from(&dir);
                    if path.is_absolute()
                        || path
                            .components()
                            .any(|c| matches!(c, std::path::Component::ParentDir))
                    {
                        return Err(key_error(
                            key,
                            format!("`reports-dir = \"{dir}\"` must stay inside the book's `src`"),
                            "use a relative path such as `incidents`",
                        ));
                    }
                    // The default, written out (as `install` does), is no choice of
                    // a folder that must be there.
                    config.reports_dir_set = path != Path::new(DEFAULT_REPORTS_DIR);
                    config.reports_dir = path;
                }
                "template" => {
                    let path = string(key, value)?;
                    if path.trim().is_empty() {
                        return Err(key_error(
                            key,
                            "`template = \"\"` names no file",
                            "write e.g. `template = \"templates/rollback-report.md\"`, or remove the key for the built-in template",
                        ));
                    }
                    config.template = Some(PathBuf::from(path));
                }
                "on-incomplete" => {
                    config.on_incomplete = match string(key, value)?.as_str() {
                        "fail" => OnIncomplete::Fail,
                        "warn" => OnIncomplete::Warn,
                        other => {
                            return Err(key_error(
                                key,
                                format!("`on-incomplete = \"{other}\"` is not a valid value"),
                                "valid values are \"fail\" and \"warn\"",
                            ));
                        }
                    }
                }
                "tag-format" => {
                    let format = string(key, value)?;
                    check_tag_format(&format).map_err(|message| {
                        key_error(
                            key,
                            message,
                            "write a pattern such as \"v{version}\" or \"{service}-v{version}\"",
                        )
                    })?;
                    config.tag_format = format;
                }
                "include-paths" => {
                    let paths = match value {
                        Value::Array(items) => items
                            .iter()
                            .map(|item| string(key, item))
                            .collect::<std::result::Result<Vec<_>, _>>()?,
                        _ => vec![string(key, value)?],
                    };
                    for path in &paths {
                        check_include_path(path).map_err(|message| {
                            key_error(
                                key,
                                message,
                                "write folders from the repository's root, e.g. `include-paths = [\"services/{service}\"]`",
                            )
                        })?;
                    }
                    config.include_paths = paths;
                }
                "max-commits" => {
                    config.max_commits = value
                        .as_u64()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| {
                            key_error(
                                key,
                                format!("`max-commits` must be a whole number, not {value}"),
                                "write e.g. `max-commits = 50`; 0 lists no commits",
                            )
                        })?;
                }
                "repository-url" => {
                    let url = string(key, value)?;
                    if !is_web_url(&url) {
                        return Err(key_error(
                            key,
                            format!("`repository-url = \"{url}\"` is not an http(s) URL"),
                            "write the repository's web address, e.g. \"https://github.com/org/repo\"",
                        ));
                    }
                    config.repository_url = Some(url);
                }
                "git" => config.git = boolean(key, value)?,
                "deny-drafts" => config.deny_drafts = boolean(key, value)?,
                "placeholder-patterns" => {
                    let items = value.as_array().ok_or_else(|| {
                        key_error(
                            key,
                            "`placeholder-patterns` must be a list of regular expressions",
                            "write e.g. `placeholder-patterns = [\"\\\\bTBD\\\\b\", \"TODO\"]`",
                        )
                    })?;
                    for item in items {
                        let pattern = string(key, item)?;
                        let regex = Regex::new(&pattern).map_err(|e| {
                            key_error(
                                key,
                                format!(
                                    "`{pattern}` is not a valid regular expression: {}",
                                    last_line(&e.to_string())
                                ),
                                "fix the pattern; the syntax is Rust's `regex` crate",
                            )
                        })?;
                        config.placeholder_patterns.push(regex);
                    }
                }
                "lints" => config.lints = read_lints(value)?,
                "command" => {
                    string(key, value)?;
                }
                "optional" => {
                    boolean(key, value)?;
                }
                // mdBook's own keys: it fails on a wrong type, with no line; say it here.
                "before" | "after" | "renderers" => {
                    let names = value.as_array().filter(|a| a.iter().all(Value::is_string));
                    if names.is_none() {
                        return Err(key_error(
                            key,
                            format!("`{key}` must be a list of names, not {value}"),
                            format!("write e.g. `{key} = [\"links\"]`"),
                        ));
                    }
                }
                unknown => {
                    return Err(key_error(
                        unknown,
                        format!("unknown key `{unknown}`"),
                        format!(
                            "valid keys are: {}; mdBook also reads {}",
                            KEYS.join(", "),
                            MDBOOK_KEYS.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(config)
    }
}

fn read_lints(value: &Value) -> std::result::Result<BTreeMap<&'static str, Level>, KeyError> {
    let table = value.as_object().ok_or_else(|| {
        key_error(
            "lints",
            "`lints` must be a table",
            "write `[preprocessor.rollback.lints]` with lines such as `template-example = \"warn\"`",
        )
    })?;
    let mut lints = BTreeMap::new();
    for (name, level) in table {
        let Some(rule) = registry::find(name) else {
            return Err(key_error(
                name,
                format!("lints: unknown rule `{name}`"),
                registry::unknown_rule_help(name),
            ));
        };
        let level = level.as_str().and_then(Level::parse).ok_or_else(|| {
            key_error(
                name,
                format!("`{name} = {level}` is not a valid level"),
                "valid levels are \"allow\", \"warn\" and \"error\"",
            )
        })?;
        lints.insert(rule.name, level);
    }
    Ok(lints)
}

fn string(key: &str, value: &Value) -> std::result::Result<String, KeyError> {
    value.as_str().map(String::from).ok_or_else(|| {
        key_error(
            key,
            format!("`{key}` must be a string, not {value}"),
            format!("write `{key} = \"…\"`"),
        )
    })
}

fn boolean(key: &str, value: &Value) -> std::result::Result<bool, KeyError> {
    value.as_bool().ok_or_else(|| {
        key_error(
            key,
            format!("`{key}` must be true or false, not {value}"),
            format!("write `{key} = true` or `{key} = false`"),
        )
    })
}

/// The last line of an error message (the regex crate puts the reason there).
fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or(text).trim()
}

/// Whether a URL is an absolute http or https address without spaces or quotes.
pub fn is_web_url(url: &str) -> bool {
    crate::regex!(r#"^https?://[^\s"'<>`]+$"#).is_match(url)
}

/// Checks a tag format: it must hold `{version}`, and may hold `{service}`.
pub fn check_tag_format(format: &str) -> std::result::Result<(), String> {
    if !format.contains("{version}") {
        return Err(format!("`tag-format = \"{format}\"` has no `{{version}}`"));
    }
    let placeholder = crate::regex!(r"\{([^}]*)\}");
    for caps in placeholder.captures_iter(format) {
        let name = caps.get(1).map_or("", |m| m.as_str());
        if name != "version" && name != "service" {
            return Err(format!(
                "`tag-format` has an unknown placeholder `{{{name}}}`; it knows {{version}} and {{service}}"
            ));
        }
    }
    Ok(())
}

/// Whether `path` names a folder or file from the repository's root as git writes one:
/// not from `/`, no `.`, `..` or empty part (slashes at its end aside), no control
/// character.
pub fn is_repository_path(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    !path.is_empty()
        && !path.contains(|c: char| c.is_control())
        && path.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// Checks a path of `include-paths`: a folder or file from the repository's root, which
/// may hold `{service}`.
pub fn check_include_path(path: &str) -> std::result::Result<(), String> {
    if !is_repository_path(path) {
        return Err(format!(
            "`include-paths` holds `{path}`, which is no path inside the repository"
        ));
    }
    if path.contains(['*', '?', '[', ']', '\\']) {
        return Err(format!(
            "`include-paths` holds `{path}`, a pattern: it takes folders (or files), each with all that is under it"
        ));
    }
    let placeholder = crate::regex!(r"\{([^}]*)\}");
    for caps in placeholder.captures_iter(path) {
        let name = caps.get(1).map_or("", |m| m.as_str());
        if name != "service" {
            return Err(format!(
                "`include-paths` has an unknown placeholder `{{{name}}}` in `{path}`; it knows {{service}}"
            ));
        }
    }
    Ok(())
}

/// The 1-based line of `key` in the `book.toml` at `path`, as [`key_line`] finds it.
fn line_of_key(path: &Path, key: &str) -> Option<usize> {
    key_line(&std::fs::read_to_string(path).ok()?, key)
}

/// The 1-based line of `key = …` in a `book.toml`, preferring the rollback tables.
pub fn key_line(book_toml: &str, key: &str) -> Option<usize> {
    let mut in_rollback = false;
    let mut fallback = None;
    for (i, line) in book_toml.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_rollback = trimmed.starts_with("[preprocessor.rollback");
            if key == "preprocessor.rollback" && in_rollback {
                return Some(i + 1);
            }
            // A key that is a table of its own: `[preprocessor.rollback.lint]`.
            let header = trimmed
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or_default();
            let mut parts = header.split('.').map(|part| part.trim().trim_matches('"'));
            let nested = parts.next() == Some("preprocessor") && parts.next() == Some("rollback");
            if nested && parts.any(|part| part == key) {
                return Some(i + 1);
            }
            continue;
        }
        let name = trimmed
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if name == key {
            if in_rollback {
                return Some(i + 1);
            }
            fallback.get_or_insert(i + 1);
        }
    }
    fallback
}

/// A book on disk: its root, its source directory and its settings.
#[derive(Debug, Clone)]
pub struct Book {
    /// The directory that holds `book.toml`.
    pub root: PathBuf,
    /// The source directory (`book.src`, default `src`), absolute or relative to the cwd.
    pub src: PathBuf,
    /// `[preprocessor.rollback]`.
    pub config: Config,
    /// The HTML theme's folder (`output.html.theme`, default `theme`), whose files mdBook
    /// publishes.
    pub theme: PathBuf,
    /// `output.html.additional-css` and `additional-js`, which mdBook publishes too: the
    /// key, the name as written, and the file (from the book's root).
    pub html_assets: Vec<(&'static str, PathBuf, PathBuf)>,
    /// The page mdBook publishes for a missing page, though no chapter: its name in
    /// `src` (`output.html.input-404`, default `404.md`).
    pub page_404: PathBuf,
    /// `output.html.git-repository-url`, when set.
    pub html_repository_url: Option<String>,
    /// Whether mdBook's `links` preprocessor expands `{{#include}}` in this book: then a
    /// report may include only the files [`crate::includes::Confinement`] allows.
    pub links_runs: bool,
    /// Whether it runs before ours: then reports are linted with their includes expanded.
    pub links_runs_first: bool,
    /// The name of the `[preprocessor]` table that runs mdbook-rollback, when it is not
    /// `rollback` (whose settings are the only ones read).
    pub renamed_table: Option<String>,
}

impl Book {
    /// `error` about a setting, pointed at the line of book.toml that sets `key`, or at
    /// the environment variable that does.
    pub fn at_key(&self, key: &str, error: Error) -> Error {
        if let Some(variable) = env_override_of(key) {
            return error.in_file(variable).at_line(None);
        }
        let book_toml = self.root.join("book.toml");
        let line = line_of_key(&book_toml, key);
        error
            .in_file(crate::paths::display(&book_toml))
            .at_line(line)
    }

    /// Reads a book's `book.toml`, applying `MDBOOK_…` environment overrides.
    pub fn load(root: &Path) -> Result<Book> {
        let path = root.join("book.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let error = Error::io(path.display(), "read book.toml", &e);
            match e.kind() {
                std::io::ErrorKind::NotFound => error.help(
                    "pass the handbook's directory (the one with book.toml), or create one with `mdbook-rollback init`",
                ),
                _ => error,
            }
        })?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|span| crate::source::line_of(&text, span.start));
            Error::new(format!("book.toml does not parse: {}", e.message()))
                .in_file(path.display().to_string())
                .at_line(line)
                .help("fix the TOML syntax")
        })?;
        let mut value = crate::report::frontmatter::toml_to_json(toml::Value::Table(table));
        apply_env_overrides(&mut value, utf8_env());
        Book::from_config_json(root, &value, Some(&path))
    }

    /// Reads a book's settings from mdBook's configuration as JSON (as a preprocessor
    /// receives it).
    pub fn from_config_json(root: &Path, config: &Value, book_toml: Option<&Path>) -> Result<Book> {
        let rollback = config.pointer("/preprocessor/rollback");
        let src = config
            .pointer("/book/src")
            .and_then(Value::as_str)
            .unwrap_or("src");
        let html_repository_url = config
            .pointer("/output/html/git-repository-url")
            .and_then(Value::as_str)
            .filter(|url| is_web_url(url))
            .map(String::from);
        Ok(Book {
            root: root.to_path_buf(),
            src: root.join(src),
            config: Config::from_table(rollback, book_toml)?,
            theme: root.join(
                config
                    .pointer("/output/html/theme")
                    .and_then(Value::as_str)
                    .unwrap_or("theme"),
            ),
            html_assets: ["additional-css", "additional-js"]
                .into_iter()
                .flat_map(|key| {
                    let named = config.pointer(&format!("/output/html/{key}"));
                    named
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(move |asset| (key, PathBuf::from(asset), root.join(asset)))
                })
                .collect(),
            page_404: PathBuf::from(
                config
                    .pointer("/output/html/input-404")
                    .and_then(Value::as_str)
                    .unwrap_or("404.md"),
            ),
            html_repository_url,
            links_runs: crate::mdbook::protocol::links_runs(config),
            links_runs_first: crate::mdbook::protocol::links_runs_first(config),
            renamed_table: crate::mdbook::protocol::our_name(config)
                .filter(|name| name != crate::mdbook::NAME),
        })
    }

    /// What is said of a [`Book::renamed_table`].
    pub fn renamed_table_warning(&self) -> Option<String> {
        let name = self.renamed_table.as_deref()?;
        let ours = crate::mdbook::NAME;
        Some(format!(
            "book.toml runs mdbook-rollback as [preprocessor.{name}], but its settings are read from [preprocessor.{ours}] only; rename the table to [preprocessor.{ours}]"
        ))
    }

    /// Where commit links point: our `repository-url`, else mdBook's `git-repository-url`.
    pub fn repository_url(&self) -> Option<&str> {
        self.config
            .repository_url
            .as_deref()
            .or(self.html_repository_url.as_deref())
    }
}

/// The environment's variables whose name and value are UTF-8 (`std::env::vars` panics
/// on any other).
fn utf8_env() -> impl Iterator<Item = (String, String)> {
    std::env::vars_os()
        .filter_map(|(name, value)| Some((name.into_string().ok()?, value.into_string().ok()?)))
}

/// The `MDBOOK_PREPROCESSOR__ROLLBACK__…` environment variable that sets `key` (of
/// the table or of its `lints`), if one does.
fn env_override_of(key: &str) -> Option<String> {
    utf8_env().map(|(name, _)| name).find(|name| {
        name.strip_prefix("MDBOOK_PREPROCESSOR__ROLLBACK__")
            .map(|rest| rest.to_lowercase().replace("__", ".").replace('_', "-"))
            .is_some_and(|path| path == key || path == format!("lints.{key}"))
    })
}

/// Applies `MDBOOK_PREPROCESSOR__ROLLBACK__ON_INCOMPLETE=warn` style variables to a
/// configuration, as mdBook does: `__` separates keys, `_` becomes `-`, and the value is
/// JSON when it parses as JSON, else a string.
pub fn apply_env_overrides(config: &mut Value, vars: impl Iterator<Item = (String, String)>) {
    for (name, raw) in vars {
        let Some(key) = name.strip_prefix("MDBOOK_") else {
            continue;
        };
        let key = key.to_lowercase().replace("__", ".").replace('_', "-");
        if !(key.starts_with("preprocessor.")
            || key.starts_with("output.")
            || key.starts_with("book."))
        {
            continue;
        }
        let value = serde_json::from_str(&raw).unwrap_or(Value::String(raw));
        let mut node = &mut *config;
        let parts: Vec<&str> = key.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            if !node.is_object() {
                *node = Value::Object(serde_json::Map::new());
            }
            let Value::Object(map) = node else { break };
            if i + 1 == parts.len() {
                map.insert((*part).to_string(), value.clone());
                break;
            }
            node = map
                .entry((*part).to_string())
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_without_a_table() {
        let config = Config::from_table(None, None).unwrap();
        assert_eq!(config.reports_dir, PathBuf::from("incidents"));
        assert_eq!(config.tag_format, "v{version}");
        assert_eq!(config.max_commits, 50);
    }

    #[test]
    fn every_key_is_read() {
        let table = json!({
            "command": "mdbook-rollback", "after": ["links"],
            "reports-dir": "postmortems", "template": "t.md", "on-incomplete": "warn",
            "tag-format": "{service}-v{version}", "max-commits": 5,
            "repository-url": "https://gitlab.com/g/p", "git": false, "deny-drafts": true,
            "placeholder-patterns": ["TBD"], "lints": {"template-example": "warn"},
            "include-paths": ["services/{service}", "libs/common"]
        });
        let config = Config::from_table(Some(&table), None).unwrap();
        assert_eq!(config.include_paths, ["services/{service}", "libs/common"]);
        // One path may be a string (as an environment override gives it).
        let one = Config::from_table(Some(&json!({"include-paths": "svc"})), None).unwrap();
        assert_eq!(one.include_paths, ["svc"]);
        // Slashes at its end are a folder's, however many.
        assert!(Config::from_table(Some(&json!({"include-paths": ["services//"]})), None).is_ok());
        assert_eq!(config.on_incomplete, OnIncomplete::Warn);
        assert_eq!(config.max_commits, 5);
        assert!(!config.git && config.deny_drafts);
        assert_eq!(config.level("template-example"), Some(Level::Warning));
    }

    #[test]
    fn bad_keys_and_values_name_the_fix() {
        let err = |table: Value| {
            Config::from_table(Some(&table), None)
                .unwrap_err()
                .to_string()
        };
        let unknown = err(json!({"on-incomplet": "warn"}));
        assert!(
            unknown.contains("unknown key `on-incomplet`") && unknown.contains("on-incomplete"),
            "{unknown}"
        );
        assert!(err(json!({"on-incomplete": "maybe"})).contains("\"fail\" and \"warn\""));
        assert!(err(json!({"max-commits": -1})).contains("whole number"));
        assert!(err(json!({"tag-format": "v{ver}"})).contains("no `{version}`"));
        assert!(err(json!({"tag-format": "{team}-{version}"})).contains("unknown placeholder"));
        assert!(err(json!({"repository-url": "javascript:alert(1)"})).contains("http(s)"));
        assert!(err(json!({"lints": {"no-such-rule": "warn"}})).contains("known rules are"));
        assert!(
            err(json!({"lints": {"missing-sections": "warn"}}))
                .contains("did you mean `missing-section`?")
        );
        assert!(err(json!({"lints": {"placeholder": "loud"}})).contains("valid levels"));
        assert!(err(json!({"placeholder-patterns": ["("]})).contains("regular expression"));
        assert!(err(json!({"reports-dir": "../elsewhere"})).contains("inside the book"));
        for path in [
            "",
            "/srv/app",
            "../app",
            "services/..",
            "./services",
            "services//x",
        ] {
            let said = err(json!({"include-paths": [path]}));
            assert!(said.contains("no path inside the repository"), "{said}");
        }
        assert!(err(json!({"include-paths": ["{team}/x"]})).contains("unknown placeholder"));
        assert!(err(json!({"include-paths": ["services/**"]})).contains("a pattern"));
        assert!(err(json!({"include-paths": [1]})).contains("must be a string"));
        // mdBook's own keys, whose wrong types mdBook reports without a line.
        assert!(
            err(json!({"after": "links"}))
                .contains("`after` must be a list of names, not \"links\"")
        );
        assert!(err(json!({"renderers": ["html", 1]})).contains("`renderers` must be a list"));
        assert!(err(json!({"before": {}})).contains("write e.g. `before = [\"links\"]`"));
        assert!(err(json!({"optional": "yes"})).contains("`optional` must be true or false"));
        assert!(err(json!({"command": 1})).contains("`command` must be a string"));
        assert!(err(json!({"template": " "})).contains("names no file"));
        let config = json!({"before": [], "renderers": ["html"], "optional": true});
        assert!(Config::from_table(Some(&config), None).is_ok());
    }

    #[test]
    fn errors_name_the_line_of_book_toml() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.toml");
        std::fs::write(
            &path,
            "[book]\ntitle = \"x\"\n\n[preprocessor.rollback]\non-incomplete = \"nope\"\n",
        )
        .unwrap();
        let err = Book::load(dir.path()).unwrap_err();
        assert_eq!(err.line, Some(5));
        assert!(err.file.unwrap().ends_with("book.toml"));
        // A misspelt table is found by its header.
        for (table, line) in [
            ("[preprocessor.rollback.lint]\nplaceholder = \"warn\"\n", 6),
            ("[preprocessor.rollback.lints.extra]\nx = 1\n", 6),
            (
                "[ preprocessor.rollback.lint ] # typo\nplaceholder = \"warn\"\n",
                6,
            ),
        ] {
            std::fs::write(
                &path,
                format!("[book]\ntitle = \"x\"\n\n[preprocessor.rollback]\n\n{table}"),
            )
            .unwrap();
            let err = Book::load(dir.path()).unwrap_err();
            assert_eq!(err.line, Some(line), "{table}: {err}");
        }
    }

    #[test]
    fn environment_overrides_like_mdbook() {
        let mut config = json!({"preprocessor": {"rollback": {"on-incomplete": "fail"}}});
        apply_env_overrides(
            &mut config,
            [
                (
                    "MDBOOK_PREPROCESSOR__ROLLBACK__ON_INCOMPLETE".to_string(),
                    "warn".to_string(),
                ),
                (
                    "MDBOOK_PREPROCESSOR__ROLLBACK__MAX_COMMITS".to_string(),
                    "7".to_string(),
                ),
                ("MDBOOK_VERSION".to_string(), "x".to_string()),
            ]
            .into_iter(),
        );
        assert_eq!(config["preprocessor"]["rollback"]["on-incomplete"], "warn");
        assert_eq!(config["preprocessor"]["rollback"]["max-commits"], 7);
        assert!(config.get("version").is_none());
    }
}
