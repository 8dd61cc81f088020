//! The people involved, read from the personnel section.

use std::ops::Range;

/// A person and their role in the rollback.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    /// The name as written.
    pub name: String,
    /// The role, when written (`Name: Role`, `Name — Role`, `Name (Role)`).
    pub role: Option<String>,
    /// Where the line is.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// Reads one person a line from `facts[body]`.
pub fn read(facts: &str, body: Range<usize>) -> Vec<Person> {
    let split = crate::regex!(r"^(?P<name>[^:(—–]+?)\s*(?:[:—–]|\s-\s)\s*(?P<role>.+)$");
    let paren = crate::regex!(r"^(?P<name>[^(]+?)\s*\((?P<role>[^)]+)\)\s*$");
    super::times::lines(facts, body)
        .into_iter()
        .filter_map(|(span, line)| {
            let caps = split.captures(&line).or_else(|| paren.captures(&line));
            let (name, role) = match caps {
                Some(caps) => (
                    caps.name("name")
                        .map_or("", |m| m.as_str())
                        .trim()
                        .to_string(),
                    caps.name("role").map(|m| m.as_str().trim().to_string()),
                ),
                None => (line.clone(), None),
            };
            // A sentence is not a name.
            if name.is_empty() || name.split_whitespace().count() > 5 {
                return None;
            }
            Some(Person { name, role, span })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_roles() {
        let text =
            "*   Jane Roe: Incident Commander\n- Sam Poe — DBA\n- Kim Lee (SRE)\n- @ops-bot\n";
        let people = read(text, 0..text.len());
        let got: Vec<_> = people
            .iter()
            .map(|p| (p.name.as_str(), p.role.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Jane Roe", Some("Incident Commander")),
                ("Sam Poe", Some("DBA")),
                ("Kim Lee", Some("SRE")),
                ("@ops-bot", None)
            ]
        );
    }
}
