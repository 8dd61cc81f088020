//! The people involved, read from the personnel section.

use super::tables;
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

/// Reads one person a line from `facts[body]`, or a row of a table there (`| Name | Role |`
/// under a header); `tables` are the report's tables, sorted.
pub fn read(facts: &str, body: Range<usize>, tables: &[Range<usize>]) -> Vec<Person> {
    let split = crate::regex!(r"^(?P<name>[^:(—–]+?)\s*(?:[:—–]|\s-\s)\s*(?P<role>.+)$");
    let paren = crate::regex!(r"^(?P<name>[^(]+?)\s*\((?P<role>[^)]+)\)\s*$");
    super::times::lines(facts, body)
        .into_iter()
        .filter_map(|(span, line)| {
            // A line right under a table is one more row of it, but a row with no `|`
            // reads as any line.
            if let Some(row) = tables::row(facts, tables, span.clone())
                && facts[span.clone()].contains('|')
            {
                return table_row(facts, &row, span);
            }
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

/// A person from a body row of a table: its first cell is the name, the next the role.
fn table_row(facts: &str, row: &tables::Row, span: Range<usize>) -> Option<Person> {
    if row.is_header || row.is_delimiter {
        return None;
    }
    let cells = tables::cell_texts(facts.get(row.start..span.end)?);
    let mut cells = cells.into_iter().filter(|cell| !cell.is_empty());
    let name = cells.next()?.to_string();
    let role = cells.next().map(str::to_string);
    Some(Person { name, role, span })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_roles() {
        let text =
            "*   Jane Roe: Incident Commander\n- Sam Poe — DBA\n- Kim Lee (SRE)\n- @ops-bot\n";
        let people = read(text, 0..text.len(), &[]);
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

    #[test]
    fn a_table_gives_a_person_a_row() {
        for text in [
            "| Name | Role |\n|---|---|\n| Dana Fox | Incident Commander |\n| **Lee Park** | |\n",
            "> | Name | Role |\n> |---|---|\n> | Dana Fox | Incident Commander |\n> | **Lee Park** | |\n",
            "- | Name | Role |\n  |---|---|\n  | Dana Fox | Incident Commander |\n  | **Lee Park** | |\n",
            "| Name | Role |\n|---|---|\n| Dana Fox | Incident Commander |\n| **Lee Park** | |\nEveryone else on the rotation was told.\n",
        ] {
            let tables = crate::report::markdown::scan(text, 0).tables;
            let got: Vec<_> = read(text, 0..text.len(), &tables)
                .into_iter()
                .map(|p| (p.name, p.role))
                .collect();
            assert_eq!(
                got,
                [
                    (
                        "Dana Fox".to_string(),
                        Some("Incident Commander".to_string())
                    ),
                    ("Lee Park".to_string(), None),
                ],
                "{text}"
            );
        }
    }
}
