//! SARIF 2.1.0, for GitHub code scanning: rules from the registry (with their
//! documentation as help), locations relative to the repository root, and fingerprints
//! that stay the same from run to run.

use super::FileDiagnostics;
use crate::lint::{Level, registry};
use serde_json::{Value, json};

/// The SARIF schema this output follows.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders a SARIF log with one run: its results, and each error that kept a file (or a
/// book) from being checked as a notification at its file and line, so that code scanning
/// shows why and where. A run with such errors did not succeed.
pub fn render(files: &[FileDiagnostics<'_>], unchecked: &[crate::Error]) -> String {
    let mut invocation = json!({ "executionSuccessful": unchecked.is_empty() });
    if !unchecked.is_empty() {
        invocation["toolExecutionNotifications"] = unchecked.iter().map(notification).collect();
    }
    log(results(files), invocation)
}

/// A SARIF log of a run that could not check (a usage, configuration or I/O error): no
/// results, and the error as a notification.
pub fn failed(error: &crate::Error) -> String {
    render(&[], std::slice::from_ref(error))
}

/// An error as a notification at its file and line.
fn notification(error: &crate::Error) -> Value {
    let mut notification = json!({
        "level": "error",
        "message": { "text": error.to_string() },
    });
    if let Some(file) = &error.file {
        let from_root = crate::files::repo_relative(std::path::Path::new(file));
        let mut location = json!({
            "artifactLocation": artifact_location(from_root.as_deref().unwrap_or(file)),
        });
        if let Some(line) = error.line {
            location["region"] = json!({ "startLine": line });
        }
        notification["locations"] = json!([{ "physicalLocation": location }]);
    }
    notification
}

/// The log of one run with these results and this invocation.
fn log(results: Vec<Value>, invocation: Value) -> String {
    let rules: Vec<Value> = registry::RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.name,
                "name": pascal_case(rule.name),
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": what_it_does(rule.explanation) },
                "help": { "text": rule.explanation, "markdown": rule.explanation },
                "defaultConfiguration": { "level": sarif_level(rule.default_level) },
                "properties": { "tags": ["rollback-report"] },
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mdbook-rollback",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// One result a finding.
fn results(files: &[FileDiagnostics<'_>]) -> Vec<Value> {
    let mut results = Vec::new();
    for file in files {
        let uri = file.repo_path.unwrap_or(&file.source.path);
        let mut seen: Vec<u64> = Vec::new();
        for d in file.diagnostics {
            let (line, column) = file.source.line_col(d.span.start);
            let (end_line, end_column) = file.source.line_col(d.span.end.max(d.span.start));
            let (end_line, end_column) = if (end_line, end_column) == (line, column) {
                (line, column + 1)
            } else {
                (end_line, end_column)
            };
            let line_text = file.source.text[file.source.line_span(d.span.start)].trim();
            let base = fnv1a(&[d.rule, uri, d.section.as_deref().unwrap_or(""), line_text]);
            let occurrence = seen.iter().filter(|&&h| h == base).count();
            seen.push(base);
            let fingerprint = format!("{:016x}:{occurrence}", base);
            let rule_index = registry::RULES
                .iter()
                .position(|r| r.name == d.rule)
                .unwrap_or(0);
            results.push(json!({
                "ruleId": d.rule,
                "ruleIndex": rule_index,
                "level": sarif_level(d.level),
                "message": { "text": format!("{}\nhelp: {}", d.message, d.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact_location(uri),
                        "region": {
                            "startLine": line,
                            "startColumn": column,
                            "endLine": end_line,
                            "endColumn": end_column,
                        }
                    }
                }],
                "partialFingerprints": { "rollbackReport/v1": fingerprint },
            }));
        }
    }
    results
}

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Allow => "none",
    }
}

/// `missing-section` → `MissingSection`.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The text of the "What it does" part of a rule's documentation.
fn what_it_does(explanation: &str) -> String {
    let body = explanation
        .split("## What it does")
        .nth(1)
        .unwrap_or(explanation);
    let body = body.split("\n## ").next().unwrap_or(body);
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a over the parts, separated: a stable hash (unlike `DefaultHasher`).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Where a file is: a path from the repository's root (or the current directory) as a
/// reference under `SRCROOT`; a file outside it as an absolute `file:` URI, since a
/// reference under a base may not leave it (SARIF 3.4.4).
fn artifact_location(path: &str) -> Value {
    let outside = std::path::Path::new(path).is_absolute()
        || path == ".."
        || path.starts_with("../")
        || path.starts_with("..\\");
    if !outside {
        return json!({ "uri": uri_reference(path), "uriBaseId": "SRCROOT" });
    }
    let absolute = std::path::Path::new(path)
        .canonicalize()
        .or_else(|_| std::path::absolute(path).map(|p| without_dot_dot(&p)))
        .map_or_else(|_| path.to_string(), |p| crate::paths::display(&p));
    let slash = if absolute.starts_with('/') { "" } else { "/" };
    json!({ "uri": format!("file://{slash}{}", uri_reference(&absolute)) })
}

/// An absolute path with its `..` taken back, as written (the file may be gone).
fn without_dot_dot(path: &std::path::Path) -> std::path::PathBuf {
    let mut clean = std::path::PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// A relative path as a URI reference, as SARIF requires: every byte but the unreserved
/// characters and `/` percent-encoded (`a b.md` is `a%20b.md`).
fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(pascal_case("not-a-downgrade"), "NotADowngrade");
        assert_eq!(fnv1a(&["a"]), fnv1a(&["a"]));
        assert_ne!(fnv1a(&["ab", ""]), fnv1a(&["a", "b"]));
        assert!(
            what_it_does(registry::RULES[0].explanation).starts_with("Checks that every section")
        );
    }

    #[test]
    fn a_file_outside_the_root_is_an_absolute_uri() {
        assert_eq!(
            artifact_location("src/a.md"),
            json!({ "uri": "src/a.md", "uriBaseId": "SRCROOT" })
        );
        assert_eq!(
            artifact_location("/tmp/r s.md"),
            json!({ "uri": "file:///tmp/r%20s.md" })
        );
        let above = artifact_location("../r.md");
        let uri = above["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("file:///") && uri.ends_with("/r.md"),
            "{uri}"
        );
        assert!(!uri.contains(".."), "{uri}");
        assert!(above.get("uriBaseId").is_none());
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri_reference("src/incidents/2024-03-14_a~b.md"),
            "src/incidents/2024-03-14_a~b.md"
        );
        assert_eq!(
            uri_reference("src/2024 03 ünï,x#1?.md"),
            "src/2024%2003%20%C3%BCn%C3%AF%2Cx%231%3F.md"
        );
    }
}
