//! Front matter: a YAML (`---`) or TOML (`+++`) block at the top of a report. It holds
//! what the template has no section for, and is removed from the rendered chapter.

use serde_json::Value;
use std::ops::Range;

/// The keys front matter may hold.
pub const KEYS: &[&str] = &[
    "type",
    "service",
    "from-version",
    "to-version",
    "tags",
    "status",
    "date",
    "created",
    "updated",
    "authors",
];

/// The `type` value that marks a file as a rollback report whatever its title.
pub const REPORT_TYPE: &str = "rollback-report";

/// The front matter block: where it is and what it says.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The whole block, delimiters and trailing line break included.
    pub span: Range<usize>,
    /// The typed fields.
    pub fields: Fields,
    /// Problems found while reading it: syntax errors, wrong types, misspelt keys.
    pub problems: Vec<Problem>,
    /// Whether the block is a table of keys (or empty). Only then is it front matter
    /// that the preprocessor removes; otherwise it stays, as the text it may be.
    pub is_table: bool,
}

/// The typed front matter fields. A field that had the wrong type is `None` and has a
/// [`Problem`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    /// `type`: `rollback-report` marks a report.
    pub kind: Option<String>,
    /// `service`: the service that was rolled back.
    pub service: Option<String>,
    /// `from-version`, as written.
    pub from_version: Option<String>,
    /// `to-version`, as written.
    pub to_version: Option<String>,
    /// `tags`: a list, or one comma-separated string.
    pub tags: Vec<String>,
    /// `status`, e.g. `draft` or `resolved`.
    pub status: Option<String>,
    /// `date`: the report's date for sorting (`YYYY-MM-DD` or a timestamp).
    pub date: Option<String>,
    /// `created`: overrides the first-commit date from git.
    pub created: Option<String>,
    /// `updated`: overrides the last-commit date from git.
    pub updated: Option<String>,
    /// `authors`: overrides the authors from git.
    pub authors: Vec<String>,
}

impl Fields {
    /// No fields at all: a report without front matter.
    pub const NONE: Fields = Fields {
        kind: None,
        service: None,
        from_version: None,
        to_version: None,
        tags: Vec::new(),
        status: None,
        date: None,
        created: None,
        updated: None,
        authors: Vec::new(),
    };
}

/// Something wrong with the front matter, located in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Where.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Yaml,
    Toml,
}

/// Where a front matter block is: the whole block, and its content between the delimiters.
pub type Block = (Range<usize>, Range<usize>);

/// Where a file's front matter is, if it has a closed block at the very top. A block
/// that is opened and never closed gives `Err(span of the opening line)`.
pub fn locate(text: &str) -> Option<Result<Block, Range<usize>>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let first = text[start..first_end].trim_end();
    let closer: &[&str] = match first {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return None,
    };
    let content_start = (first_end + 1).min(text.len());
    let mut line_start = content_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if closer.contains(&text[line_start..line_end].trim_end()) {
            let block_end = (line_end + 1).min(text.len());
            return Some(Ok((start..block_end, content_start..line_start)));
        }
        line_start = line_end + 1;
    }
    Some(Err(start..first_end))
}

/// Reads the front matter at the top of `text`, if any.
pub fn parse(text: &str) -> Option<FrontMatter> {
    let (span, content) = match locate(text)? {
        Ok(found) => found,
        Err(opening) => {
            return Some(FrontMatter {
                span: 0..0,
                fields: Fields::default(),
                problems: vec![Problem {
                    message: "the front matter opened here is never closed".into(),
                    help: "end the front matter block with a line holding only `---` (or `+++` for TOML)".into(),
                    span: opening,
                }],
                is_table: false,
            });
        }
    };
    let format = if text[span.clone()]
        .trim_start_matches('\u{feff}')
        .starts_with("+++")
    {
        Format::Toml
    } else {
        Format::Yaml
    };
    let raw = &text[content.clone()];
    let mut front = FrontMatter {
        span,
        ..FrontMatter::default()
    };
    let value = match format {
        Format::Yaml => parse_yaml(raw),
        Format::Toml => parse_toml(raw),
    };
    match value {
        Ok(Value::Object(map)) => {
            front.is_table = true;
            read_fields(&map, text, &content, format, &mut front)
        }
        Ok(Value::Null) => front.is_table = true,
        Ok(_) => front.problems.push(Problem {
            message: "the front matter is not a table of keys".into(),
            help: "write one `key: value` per line, e.g. `service: payments`".into(),
            span: content.clone(),
        }),
        Err(error) => front.problems.push(Problem {
            help: match format {
                _ if error.message.starts_with("duplicate") => "give each key once",
                Format::Yaml => "fix the YAML syntax; quote values that contain `:` or start with `-`, `*` or `&`",
                Format::Toml => "fix the TOML syntax; strings need double quotes, e.g. `service = \"payments\"`",
            }
            .into(),
            message: format!("the front matter does not parse: {}", error.message),
            // The line the parser names, or the whole block.
            span: error
                .at
                .and_then(|at| line_at(text, content.start + at))
                .unwrap_or_else(|| content.clone()),
        }),
    }
    Some(front)
}

/// Why front matter does not parse, and where in it (a byte offset), when the parser
/// says.
struct SyntaxError {
    message: String,
    at: Option<usize>,
}

/// The line of `text` holding `at`, without its line break.
fn line_at(text: &str, at: usize) -> Option<Range<usize>> {
    let at = at.min(text.len());
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Some(start..start + text[start..end].trim_end().len())
}

/// A YAML error: its reason without the place the parser writes before it (`error: line
/// 4 column 7: …`) or the library advice after it, and where it is in `raw` (the start
/// of the line the parser names).
fn yaml_error(raw: &str, error: &serde_saphyr::Error) -> SyntaxError {
    let written = first_line(&error.to_string());
    let place = crate::regex!(r"^(?:error: )?line \d+,? column \d+: *").find(&written);
    let reason = place.map_or(written.as_str(), |m| &written[m.end()..]);
    let at = error.location().and_then(|location| {
        let line = usize::try_from(location.line()).ok()?.checked_sub(1)?;
        Some(raw.split_inclusive('\n').take(line).map(str::len).sum())
    });
    SyntaxError {
        message: reason
            .trim_end_matches(", set DuplicateKeyPolicy in Options if acceptable")
            .to_string(),
        at,
    }
}

fn parse_yaml(raw: &str) -> Result<Value, SyntaxError> {
    if raw.trim().is_empty() {
        return Ok(Value::Null);
    }
    if let Some(map) = plain_yaml(raw) {
        return Ok(Value::Object(map));
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: 10_000,
            max_depth: 64,
            max_total_scalar_bytes: 1 << 20,
        },
    };
    serde_saphyr::from_str_with_options::<Value>(raw, options).map_err(|e| yaml_error(raw, &e))
}

/// The keys of the plainest YAML, read without the YAML parser: one `key: value` a line,
/// where every value is a word that YAML surely reads as a string (`payments`,
/// `1.4.2`), or a `[a, b]` list of such words. What most front matter is. `None` for
/// anything else, which the parser reads.
fn plain_yaml(raw: &str) -> Option<serde_json::Map<String, Value>> {
    // Larger blocks go to the parser, which holds them to its size limits.
    if raw.len() > 4096 {
        return None;
    }
    let mut map = serde_json::Map::new();
    for line in raw.strip_suffix('\n').unwrap_or(raw).split('\n') {
        let (key, value) = line.split_once(": ")?;
        // `null` (or `yes`) is no string key to the parser.
        let plain_key =
            key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') && surely_string(key);
        if !plain_key || map.contains_key(key) {
            return None;
        }
        let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(items) => Value::Array(
                items
                    .split(", ")
                    .map(|item| surely_string(item).then(|| Value::String(item.to_string())))
                    .collect::<Option<_>>()?,
            ),
            None if surely_string(value) => Value::String(value.to_string()),
            None => return None,
        };
        map.insert(key.to_string(), value);
    }
    Some(map)
}

/// Whether YAML reads `word` as a string and nothing else: a word of letters, digits,
/// `.`, `-` and `_` that starts with a letter and is no keyword (`true`, `null`, `yes`),
/// or a version with two dots.
fn surely_string(word: &str) -> bool {
    let plain = word
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    let keyword = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf",
    ]
    .iter()
    .any(|k| word.eq_ignore_ascii_case(k));
    let word_like = word.starts_with(|c: char| c.is_ascii_alphabetic()) && !keyword;
    let version = word.starts_with(|c: char| c.is_ascii_digit())
        && word.bytes().filter(|b| *b == b'.').count() >= 2
        && !word.contains(['-', '_'])
        && !word.contains("..");
    plain && (word_like || version)
}

fn parse_toml(raw: &str) -> Result<Value, SyntaxError> {
    let table: toml::Table = toml::from_str(raw).map_err(|e| SyntaxError {
        message: first_line(e.message()),
        at: e.span().map(|span| span.start),
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

/// The number on a `key: 3.10` (or `key = 3.10`) line as written, before any comment.
fn written_number(line: &str) -> Option<String> {
    let (_, value) = line.split_once([':', '='])?;
    let value = value.split('#').next().unwrap_or(value).trim();
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        .then(|| value.to_string())
}

/// Converts TOML to JSON, writing dates as their TOML text.
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

fn read_fields(
    map: &serde_json::Map<String, Value>,
    text: &str,
    content: &Range<usize>,
    format: Format,
    front: &mut FrontMatter,
) {
    for (key, value) in map {
        let span = key_span(text, content, key);
        let mut problem = |message: String, help: String| {
            front.problems.push(Problem {
                message,
                help,
                span: span.clone(),
            })
        };
        let fields = &mut front.fields;
        let string_slot = match key.as_str() {
            "type" => Some(&mut fields.kind),
            "service" => Some(&mut fields.service),
            "from-version" => Some(&mut fields.from_version),
            "to-version" => Some(&mut fields.to_version),
            "status" => Some(&mut fields.status),
            "date" => Some(&mut fields.date),
            "created" => Some(&mut fields.created),
            "updated" => Some(&mut fields.updated),
            _ => None,
        };
        if let Some(slot) = string_slot {
            // `service:` with nothing after it (as `new` writes it) is not given yet.
            if value.is_null() {
                continue;
            }
            // `from-version: 3.10` is a number to YAML (3.1): the version is as written.
            let value = match (key.as_str(), value) {
                ("from-version" | "to-version", Value::Number(_)) => {
                    written_number(&text[span.clone()]).map_or_else(|| value.clone(), Value::String)
                }
                _ => value.clone(),
            };
            match scalar(&value) {
                // A date that cannot be read would be dropped in silence.
                Some(s)
                    if matches!(key.as_str(), "date" | "created" | "updated")
                        && super::timestamp::date_value(&s).is_none() =>
                {
                    let example = match format {
                        Format::Yaml => format!("{key}: 2024-03-14"),
                        Format::Toml => format!("{key} = 2024-03-14"),
                    };
                    problem(
                        format!(
                            "`{key}` must be a valid date with its year, such as 2024-03-14, not `{s}`"
                        ),
                        format!("write e.g. `{example}`"),
                    );
                }
                Some(s) => *slot = Some(s),
                None => problem(
                    format!("`{key}` must be a single value, not {}", kind_of(&value)),
                    format!("write `{key}: <value>` on one line"),
                ),
            }
            continue;
        }
        let list_slot = match key.as_str() {
            "tags" => Some(&mut fields.tags),
            "authors" => Some(&mut fields.authors),
            _ => None,
        };
        if let Some(slot) = list_slot {
            match list(value) {
                Some(items) => *slot = items,
                None => problem(
                    format!("`{key}` must be a list of strings, not {}", kind_of(value)),
                    format!("write `{key}: [a, b]` or `{key}: a, b`"),
                ),
            }
            continue;
        }
        if let Some(known) = near_miss(key) {
            problem(
                format!("unknown front matter key `{key}`"),
                format!("did you mean `{known}`?"),
            );
        }
    }
}

/// A known key that `key` looks like a misspelling of (`from_version`, `fromVersion`).
fn near_miss(key: &str) -> Option<&'static str> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let wanted = squash(key);
    // The names `new`'s flags give them (`--from`, `--to`).
    match wanted.as_str() {
        "from" | "versionfrom" | "rolledbackfrom" => return Some("from-version"),
        "to" | "versionto" | "rolledbackto" => return Some("to-version"),
        _ => {}
    }
    KEYS.iter()
        .copied()
        .find(|known| squash(known) == wanted || squash(known) == wanted.trim_end_matches('s'))
        .or_else(|| crate::spelling::closest(&key.to_lowercase(), KEYS))
        .filter(|known| *known != key)
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ),
        Value::Array(items) => items.iter().map(scalar).collect(),
        _ => None,
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

/// The span of the line that sets `key`, or of the whole block if no line does.
pub fn key_span(text: &str, content: &Range<usize>, key: &str) -> Range<usize> {
    let mut offset = content.start;
    for line in text[content.clone()].split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches(['"', '\'']);
        if let Some(rest) = trimmed.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                let indent = line.len() - line.trim_start().len();
                return offset + indent..offset + line.trim_end().len();
            }
        }
        offset += line.len();
    }
    content.clone()
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// What is read without the YAML parser, the parser reads the same way.
        #[test]
        fn plain_yaml_is_read_as_yaml_reads_it(
            lines in proptest::collection::vec(
                "([a-z][a-z-]{0,6}|null|yes|on|n|true): (\\[)?([a-zA-Z0-9][a-zA-Z0-9._-]{0,8}|[0-9]{1,2}(\\.[0-9eE]{1,2}){0,3}|true|No|null|~|y|ON|\\.inf|0x1F)(, [a-z0-9.]{1,4})?(\\])?[ \t\r]?( #c)?",
                1..5,
            )
        ) {
            let raw = lines.join("\n") + "\n";
            if let Some(map) = plain_yaml(&raw) {
                let options = serde_saphyr::options! {};
                let by_parser = serde_saphyr::from_str_with_options::<Value>(&raw, options);
                proptest::prop_assert_eq!(by_parser.ok(), Some(Value::Object(map)), "{}", raw);
            }
        }
    }

    use super::*;

    #[test]
    fn yaml_fields_are_read() {
        let text = "---\nservice: payments\nfrom-version: v2.5.0\nto-version: 2.4.0\ntags: [db, eu]\nstatus: draft\n---\n# Rollback Report\n";
        let front = parse(text).unwrap();
        assert!(front.problems.is_empty(), "{:?}", front.problems);
        assert_eq!(&text[front.span.clone()], &text[..text.find('#').unwrap()]);
        assert_eq!(front.fields.service.as_deref(), Some("payments"));
        assert_eq!(front.fields.from_version.as_deref(), Some("v2.5.0"));
        assert_eq!(front.fields.tags, ["db", "eu"]);
        assert_eq!(front.fields.status.as_deref(), Some("draft"));
    }

    #[test]
    fn toml_fields_are_read_and_dates_become_text() {
        let text = "+++\nservice = \"api\"\ndate = 2024-01-26\ntags = \"a, b\"\n+++\nbody";
        let front = parse(text).unwrap();
        assert!(front.problems.is_empty(), "{:?}", front.problems);
        assert_eq!(front.fields.date.as_deref(), Some("2024-01-26"));
        assert_eq!(front.fields.tags, ["a", "b"]);
    }

    #[test]
    fn syntax_errors_point_at_the_line_the_parser_names_in_words_for_people() {
        let text = "---\nservice: a\nservice: b\n---\n# T\n";
        let problem = &parse(text).unwrap().problems[0];
        assert_eq!(
            problem.message,
            "the front matter does not parse: duplicate mapping key: service"
        );
        assert_eq!(&text[problem.span.clone()], "service: b");
        assert_eq!(problem.help, "give each key once");
        let text = "\u{feff}+++\r\nservice = \"a\"\r\nupdated = 2024-13-01\r\n+++\r\n";
        let problem = &parse(text).unwrap().problems[0];
        assert!(
            problem
                .message
                .ends_with("invalid date, expected month between 01 and 12")
        );
        assert_eq!(&text[problem.span.clone()], "updated = 2024-13-01");
        // Without a place named, the whole block.
        let text = "---\n- a\n---\n";
        let front = parse(text).unwrap();
        assert_eq!(&text[front.problems[0].span.clone()], "- a\n");
    }

    #[test]
    fn dates_must_be_dates_with_a_year() {
        let text = "---\ndate: 2024-13-45\ncreated: March 20\nupdated: 2024-03-20T10:00:00Z\n---\n";
        let front = parse(text).unwrap();
        let messages: Vec<&str> = front.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`created` must be a valid date with its year, such as 2024-03-14, not `March 20`",
                "`date` must be a valid date with its year, such as 2024-03-14, not `2024-13-45`"
            ]
        );
        assert_eq!(&text[front.problems[0].span.clone()], "created: March 20");
        assert_eq!(front.problems[0].help, "write e.g. `created: 2024-03-14`");
        assert_eq!((front.fields.date, front.fields.created), (None, None));
        assert_eq!(
            front.fields.updated.as_deref(),
            Some("2024-03-20T10:00:00Z")
        );
        // Written as Start Time may be, a date is read.
        for date in ["2024/03/14", "14.03.2024", "Mar 14, 2024", "14 March 2024"] {
            let front = parse(&format!("---\ndate: {date}\n---\n")).unwrap();
            assert!(front.problems.is_empty(), "{date}: {:?}", front.problems);
            assert_eq!(
                front
                    .fields
                    .date
                    .as_deref()
                    .and_then(super::super::timestamp::date_value),
                jiff::civil::Date::new(2024, 3, 14).ok()
            );
        }
        for junk in [
            "Mar 14, 2024 whatever",
            "14.03.2024 foo",
            "2024-03-145",
            "2024-03-14x",
        ] {
            let front = parse(&format!("---\ndate: {junk}\n---\n")).unwrap();
            assert_eq!(front.problems.len(), 1, "{junk}");
        }
        let front = parse("+++\nupdated = \"soon\"\n+++\n").unwrap();
        assert_eq!(front.problems[0].help, "write e.g. `updated = 2024-03-14`");
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let text = "\u{feff}---\r\nservice: x\r\n---\r\n# T\r\n";
        let front = parse(text).unwrap();
        assert_eq!(front.fields.service.as_deref(), Some("x"));
        assert_eq!(&text[front.span.end..], "# T\r\n");
    }

    #[test]
    fn unclosed_and_broken_blocks_are_problems() {
        let front = parse("---\nservice: x\n# T\n").unwrap();
        assert!(front.problems[0].message.contains("never closed"));
        let front = parse("---\nservice: [x\n---\n").unwrap();
        assert!(front.problems[0].message.contains("does not parse"));
        let front = parse("---\nservice: [a, b]\n---\n").unwrap();
        assert!(front.problems[0].message.contains("single value"));
    }

    #[test]
    fn a_version_that_yaml_reads_as_a_number_is_as_written() {
        let front = parse("---\nfrom-version: 3.10\nto-version: 3.9 # before\n---\n").unwrap();
        assert_eq!(front.fields.from_version.as_deref(), Some("3.10"));
        assert_eq!(front.fields.to_version.as_deref(), Some("3.9"));
        let front = parse("+++\nfrom-version = 2.50\n+++\n").unwrap();
        assert_eq!(front.fields.from_version.as_deref(), Some("2.50"));
    }

    #[test]
    fn misspelt_keys_are_caught_and_others_ignored() {
        let text = "---\nfrom_version: 1.0.0\njira: ABC-1\nservce: payments\nteam: sre\n---\n";
        let front = parse(text).unwrap();
        assert_eq!(front.problems.len(), 2);
        assert!(front.problems[0].help.contains("from-version"));
        assert_eq!(&text[front.problems[0].span.clone()], "from_version: 1.0.0");
        assert!(front.problems[1].help.contains("`service`"));
        let front = parse("---\nfrom: 2.5.0\nTo: 2.4.0\n---\n").unwrap();
        let mut helps: Vec<&str> = front.problems.iter().map(|p| p.help.as_str()).collect();
        helps.sort_unstable();
        assert_eq!(
            helps,
            ["did you mean `from-version`?", "did you mean `to-version`?"]
        );
    }

    #[test]
    fn keys_left_empty_are_not_given() {
        // As `new` writes them when no value was passed.
        let front = parse("---\nservice: \nfrom-version:\nto-version: \ntags: []\n---\n").unwrap();
        assert!(front.problems.is_empty(), "{:?}", front.problems);
        assert_eq!(front.fields.service, None);
        assert_eq!(front.fields.from_version, None);
    }

    #[test]
    fn no_block_no_front_matter() {
        assert!(parse("# Title\n---\n").is_none());
        assert!(parse("").is_none());
    }
}
