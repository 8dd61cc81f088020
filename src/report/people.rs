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

/// Reads the people of `facts[body]`: one a line (`Name: Role`, `Name — Role`, `Name
/// (Role)`, `Name, Role`, `Role: Name` for a role such as `IC` or `On-call`), several on
/// a line when each has its role in parentheses (`Ana (IC), Jo (on-call)`), or a row of
/// a table (`| Name | Role |` under a header); a link is its text. `tables` are the
/// report's tables, sorted.
pub fn read(facts: &str, body: Range<usize>, tables: &[Range<usize>]) -> Vec<Person> {
    let link = crate::regex!(r"\[([^\]\n]*)\]\([^)\n]*\)");
    let mut people = Vec::new();
    // The line above that the lines indented under it belong to: a label (`**On-call**`,
    // `Responders:`) gives its role to the people under it, and a person's own lines
    // (`  - paged at 09:10`) are notes on them. A label also names the role of the items
    // that follow it, indented or not, until the next label.
    let mut parents: Vec<(usize, Parent)> = Vec::new();
    let mut label: Option<String> = None;
    for (span, line) in super::times::lines(facts, body) {
        // A line right under a table is one more row of it, but a row with no `|` reads
        // as any line.
        if let Some(row) = tables::row(facts, tables, span.clone())
            && facts[span.clone()].contains('|')
        {
            let header = tables
                .get(row.table)
                .and_then(|table| facts.get(table.clone()))
                .and_then(|table| table.lines().next())
                .unwrap_or("");
            people.extend(table_row(facts, &row, header, span));
            continue;
        }
        let line_start = facts[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let indent = facts[line_start..span.start]
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum::<usize>();
        while parents.last().is_some_and(|(above, _)| *above >= indent) {
            parents.pop();
        }
        if matches!(parents.last(), Some((_, Parent::Person))) {
            continue;
        }
        let raw = facts[span.clone()].trim();
        if let Some(role) = role_label(raw, &line) {
            label = Some(role.clone());
            parents.push((indent, Parent::Label));
            continue;
        }
        // `**Responders:** Tom Berg, Ana Souza`: a label, then the people it names.
        let (line, inline_label) = match inline_label(raw, &line) {
            Some((role, rest)) => (rest, Some(role)),
            None => (line.clone(), None),
        };
        // Tags pasted from a wiki (`Incident Commander<br>(handed over)`) show no text.
        let line = crate::regex!(r"</?[A-Za-z][^<>]*>").replace_all(&line, " ");
        let line = link.replace_all(&line, "$1");
        let before = people.len();
        let pieces: Vec<&str> = split_outside_parentheses(&line);
        let in_parentheses = |piece: &&str| crate::regex!(r"^[^()]+\([^()]+\)$").is_match(piece);
        let labelled = |piece: &&str| {
            piece.split_once(':').is_some_and(|(name, role)| {
                looks_like_a_name(name.trim()) && !role.trim().is_empty()
            })
        };
        let plain = !line.contains([':', '—', '–', '(']);
        match pieces.as_slice() {
            [_] => people.extend(person(&line, span)),
            // `Søren Ølgaard, SRE`, `Alice Smith, SRE, Platform team`
            [name, role, ..] if plain && is_role(role) && looks_like_a_name(name) => {
                people.push(Person {
                    name: name.to_string(),
                    role: Some(pieces[1..].join(", ")),
                    span,
                })
            }
            // `Ana Ruiz (IC), Jo Chen (on-call)`, `Ana Ruiz: IC, Jo Chen: on-call`, or
            // names alone: `Ana Ruiz, Jo Chen`.
            pieces
                if pieces.iter().all(in_parentheses)
                    || pieces.iter().all(labelled)
                    || (plain && pieces.iter().all(|piece| looks_like_a_name(piece))) =>
            {
                people.extend(
                    pieces
                        .iter()
                        .filter_map(|piece| person(piece, span.clone())),
                );
            }
            _ => people.extend(person(&line, span)),
        }
        if people.len() > before {
            if let Some(role) = inline_label.as_ref().or(label.as_ref()) {
                for named in &mut people[before..] {
                    named.role.get_or_insert_with(|| role.clone());
                }
            }
            parents.push((indent, Parent::Person));
        }
    }
    people
}

/// The pieces of a line between its commas and semicolons, but not those in parentheses
/// (`Tom Berg (SRE; primary on-call), Ana Souza (DBA)` is two).
fn split_outside_parentheses(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut depth, mut from) = (0usize, 0);
    for (i, c) in line.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => {
                pieces.push(line[from..i].trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(line[from..].trim());
    pieces
}

/// What a line that others are indented under is.
enum Parent {
    /// A role, for the people under it.
    Label,
    /// A person, whose notes are under them.
    Person,
}

/// A bold label that begins a line of names (`**Responders:** Tom Berg, Ana Souza`): the
/// role, and the line after it.
fn inline_label(raw: &str, line: &str) -> Option<(String, String)> {
    let raw = super::times::strip_marker(raw).trim();
    let caps = crate::regex!(r"^(?:\*\*|__)([^*_]+?):?(?:\*\*|__):?\s+\S").captures(raw)?;
    let role = caps.get(1)?.as_str().trim();
    let rest = line
        .trim()
        .strip_prefix(role)?
        .trim_start()
        .trim_start_matches(':')
        .trim();
    names_a_role(role).then(|| (role.to_string(), rest.to_string()))
}

/// The role a line only labels (`**Incident Commander**`, `Responders:`, `**On-call:**`):
/// a bold line, or a few words ending in a colon, that names a role or a group. `raw` is
/// the line as written, `line` without its Markdown.
fn role_label(raw: &str, line: &str) -> Option<String> {
    let raw = super::times::strip_marker(raw).trim();
    let bold = crate::regex!(r"^(?:\*\*|__)([^*_]+?):?(?:\*\*|__):?$");
    let words = if let Some(caps) = bold.captures(raw) {
        caps.get(1).map_or("", |m| m.as_str()).trim().to_string()
    } else {
        let bare = line.trim().strip_suffix(':')?.trim();
        if bare.contains([':', ',', '(']) || bare.split_whitespace().count() > 4 {
            return None;
        }
        bare.to_string()
    };
    // A bold name alone (`**Lee Park**`) is a person.
    names_a_role(&words).then_some(words)
}

/// Whether a label names a role (`Incident Commander`) or a group (`Responders`).
fn names_a_role(words: &str) -> bool {
    let group = crate::regex!(
        r"(?i)^(?:[\w-]+\s+){0,3}?(?:responders|participants|people|team|attendees|others|stakeholders|approvers|reviewers|engineers|support|involved|escalation|escalations|observers)$"
    );
    is_role(words) || group.is_match(words)
}

/// The person one line or piece of a line names, if it names one.
fn person(line: &str, span: Range<usize>) -> Option<Person> {
    let split = crate::regex!(r"^(?P<name>[^:(—–]+?)\s*(?:[:—–]|\s-\s)\s*(?P<role>.+)$");
    let paren = crate::regex!(r"^(?P<name>[^(]+?)\s*\((?P<role>[^)]+)\)\s*$");
    let caps = split.captures(line).or_else(|| paren.captures(line));
    let (mut name, mut role) = match caps {
        Some(caps) => (
            caps.name("name")
                .map_or("", |m| m.as_str())
                .trim()
                .to_string(),
            caps.name("role").map(|m| m.as_str().trim().to_string()),
        ),
        None => (line.trim().to_string(), None),
    };
    // `IC: Maria Gonzalez`: the role first (not `Comms: status page updates`).
    if let Some(written_role) = role.as_ref().filter(|r| names_someone(r))
        && is_role(&name)
    {
        let written_role = written_role.clone();
        role = Some(std::mem::replace(&mut name, written_role));
    }
    // A sentence is not a name, nor is what is left to fill in (`XXX`, `TBD`, a slot
    // already taken out: `: Incident Commander`).
    if name.is_empty()
        || name.split_whitespace().count() > 5
        || is_left_to_fill_in(&name)
        || name.starts_with([':', '—', '–', '-', ','])
    {
        return None;
    }
    Some(Person { name, role, span })
}

/// Whether a name is what is left to fill in: `XXX`, `TBD`, `???`, `name`.
pub fn is_left_to_fill_in(name: &str) -> bool {
    crate::regex!(r"(?i)^(?:x{2,}|tb[dac]|todo|fixme|\?+|…|\.{3}|name|n/?a)$").is_match(name.trim())
}

/// Whether `text` could be a person's name: one to four words that begin with a capital
/// letter (`Jo Chen`, `Søren Ølgaard`), or a handle (`@jchen`).
fn looks_like_a_name(text: &str) -> bool {
    // A capital, or a script without case (`李明`).
    let capital = |word: &&str| {
        word.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase())
    };
    let uncased = |word: &&str| word.chars().all(|c| !c.is_lowercase() && !c.is_uppercase());
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [one] => one.starts_with('@') || uncased(one),
        // Particles between (`Ana de la Cruz`, `Vincent van Gogh`).
        [first, .., last] => words.len() <= 5 && capital(first) && capital(last),
        [] => false,
    }
}

/// Whether the text after a role (`IC: …`) names whoever had it: a name, one capitalised
/// word (`Lena`), or a handle (`jo.chen`, `@jchen`), not a sentence (`status page
/// updates`).
fn names_someone(text: &str) -> bool {
    let handle = |w: &str| w.contains(['@', '.', '_']) && !w.ends_with('.');
    looks_like_a_name(text)
        || match text.split_whitespace().collect::<Vec<_>>().as_slice() {
            [one] => handle(one) || one.chars().next().is_some_and(char::is_uppercase),
            _ => false,
        }
}

/// Whether `text` is the name of a role in an incident or a job, not of a person: `IC`,
/// `On-call`, `Scribe`, or anything that ends as a job does (`Staff Engineer`, `Comms
/// lead`).
fn is_role(text: &str) -> bool {
    crate::regex!(
        r"(?i)^(?:[\w-]+\s+){0,3}?(?:ic|commander|on[- ]?call|comms|communications|scribe|sre|dba|lead|manager|owner|engineer|developer|architect|analyst|director|approver|reviewer|responder|liaison|observer|sme|support|oncall)s?$"
    )
    .is_match(text.trim())
}

/// A person from a body row of a table: the name and role are in the columns whose
/// `header` says so (`| Role | Name |`), else the first cell is the name and the next the
/// role.
fn table_row(facts: &str, row: &tables::Row, header: &str, span: Range<usize>) -> Option<Person> {
    if row.is_header || row.is_delimiter {
        return None;
    }
    let titles: Vec<String> = tables::cell_texts(header)
        .into_iter()
        .map(|cell| cell.trim_matches(['*', '_', ' ']).to_lowercase())
        .collect();
    let column = |pattern: &regex::Regex| titles.iter().position(|title| pattern.is_match(title));
    let name_column = column(crate::regex!(
        r"^(?:name|names|person|people|who|engineer|responder)s?$"
    ));
    let role_column = column(crate::regex!(
        r"^(?:role|roles|responsibility|responsibilities|position|title|function|duty|duties)$"
    ));
    let cells = tables::cell_texts(facts.get(row.start..span.end)?);
    let cell = |i: usize| {
        cells
            .get(i)
            .map(|c| c.to_string())
            .filter(|c| !c.is_empty())
    };
    let (name, role) = match (name_column, role_column) {
        (Some(n), r) => (cell(n)?, r.and_then(cell)),
        (None, Some(r)) => {
            let other = (0..cells.len()).find(|&i| i != r && cell(i).is_some())?;
            (cell(other)?, cell(r))
        }
        (None, None) => {
            let mut filled = cells.iter().filter(|cell| !cell.is_empty());
            (
                filled.next()?.to_string(),
                filled.next().map(|c| c.to_string()),
            )
        }
    };
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

    /// The other ways teams list people: a role first, several on a line, a comma, a
    /// link.
    #[test]
    fn roles_first_lists_and_links() {
        let text = "- IC: Lena\n- Scribe: jo.chen\n- Ana de la Cruz, SRE\n- 李明, 王芳\n- IC: Maria Gonzalez\n- On-call engineer — Jo Chen\n- Ana Ruiz (IC), Jo Chen (on-call)\n- Søren Ølgaard, SRE\n- [@jchen](https://github.com/jchen) — on-call\n- Dana Fox: SRE\n- Lee Park, Staff Engineer\n";
        let got: Vec<(String, Option<String>)> = read(text, 0..text.len(), &[])
            .into_iter()
            .map(|p| (p.name, p.role))
            .collect();
        let expected = [
            ("Lena", "IC"),
            ("jo.chen", "Scribe"),
            ("Ana de la Cruz", "SRE"),
            ("李明", ""),
            ("王芳", ""),
            ("Maria Gonzalez", "IC"),
            ("Jo Chen", "On-call engineer"),
            ("Ana Ruiz", "IC"),
            ("Jo Chen", "on-call"),
            ("Søren Ølgaard", "SRE"),
            ("@jchen", "on-call"),
            ("Dana Fox", "SRE"),
            ("Lee Park", "Staff Engineer"),
        ]
        .map(|(name, role)| {
            (
                name.to_string(),
                Some(role.to_string()).filter(|r| !r.is_empty()),
            )
        });
        assert_eq!(got, expected);
        // Names alone, and a role that is a sentence, which is no list.
        let text = "Ana Ruiz, Jo Chen, Sam Lee\nJane Roe: led the call, paged the DBA\nLena Fischer: Incident Commander, Search on-call\nAlice Smith, SRE, Platform team\nJane Doe, PhD\nPaged the on-call, then the DBA, then the IC\nComms: status page updates\n";
        let got: Vec<(String, Option<String>)> = read(text, 0..text.len(), &[])
            .into_iter()
            .map(|p| (p.name, p.role))
            .collect();
        assert_eq!(
            got,
            [
                ("Ana Ruiz".to_string(), None),
                ("Jo Chen".to_string(), None),
                ("Sam Lee".to_string(), None),
                (
                    "Jane Roe".to_string(),
                    Some("led the call, paged the DBA".to_string())
                ),
                (
                    "Lena Fischer".to_string(),
                    Some("Incident Commander, Search on-call".to_string())
                ),
                (
                    "Alice Smith".to_string(),
                    Some("SRE, Platform team".to_string())
                ),
                ("Jane Doe, PhD".to_string(), None),
                ("Comms".to_string(), Some("status page updates".to_string())),
            ]
        );
    }

    fn people(text: &str) -> Vec<(String, Option<String>)> {
        let tables = crate::report::markdown::scan(text, 0).tables;
        read(text, 0..text.len(), &tables)
            .into_iter()
            .map(|p| (p.name, p.role))
            .collect()
    }

    fn named(pairs: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        pairs
            .iter()
            .map(|(name, role)| {
                (
                    name.to_string(),
                    Some(role.to_string()).filter(|r| !r.is_empty()),
                )
            })
            .collect()
    }

    /// Labels give their role to the people under them; a person's own lines are notes;
    /// a table's header says which column is which.
    #[test]
    fn labels_notes_pairs_and_headers() {
        assert_eq!(
            people(
                "**Incident Commander**\n\n- Priya Nair\n\n**Responders**\n\n- Tom Berg\n- Ana Ruiz\n"
            ),
            named(&[
                ("Priya Nair", "Incident Commander"),
                ("Tom Berg", "Responders"),
                ("Ana Ruiz", "Responders")
            ])
        );
        assert_eq!(
            people("- On-call:\n  - Tom Berg\n  - Ana Ruiz (DBA)\n- Lee Park: IC\n"),
            named(&[
                ("Tom Berg", "On-call"),
                ("Ana Ruiz", "DBA"),
                ("Lee Park", "IC")
            ])
        );
        assert_eq!(
            people(
                "- Priya Nair (IC)\n  - paged at 09:10, joined at 09:12\n- Tom Berg (on-call)\n"
            ),
            named(&[("Priya Nair", "IC"), ("Tom Berg", "on-call")])
        );
        assert_eq!(
            people(
                "- On-call:\n  - Tom Berg\n    - paged at 09:10, joined at 09:12\n  - Ana Ruiz\n"
            ),
            named(&[("Tom Berg", "On-call"), ("Ana Ruiz", "On-call")])
        );
        assert_eq!(
            people(
                "Priya Nair: Incident Commander; Tom Berg: On-call\n**Responders:** Jo Chen, Ana Souza\n- Lee Park: Incident Commander<br>(handed over at 09:40)\n"
            ),
            named(&[
                ("Priya Nair", "Incident Commander"),
                ("Tom Berg", "On-call"),
                ("Jo Chen", "Responders"),
                ("Ana Souza", "Responders"),
                ("Lee Park", "Incident Commander (handed over at 09:40)")
            ])
        );
        assert_eq!(
            people("*   Tom Berg (SRE; primary on-call), Ana Souza (DBA)\n"),
            named(&[("Tom Berg", "SRE; primary on-call"), ("Ana Souza", "DBA")])
        );
        assert_eq!(
            people("- Priya Nair: Incident Commander, Tom Berg: On-call\n"),
            named(&[
                ("Priya Nair", "Incident Commander"),
                ("Tom Berg", "On-call")
            ])
        );
        assert_eq!(
            people(
                "| Role | Name |\n|---|---|\n| Incident Commander | Priya Nair |\n| On-call | Tom Berg |\n"
            ),
            named(&[
                ("Priya Nair", "Incident Commander"),
                ("Tom Berg", "On-call")
            ])
        );
        assert_eq!(
            people("| Role | Who |\n|---|---|\n| IC | Priya Nair |\n"),
            named(&[("Priya Nair", "IC")])
        );
        assert_eq!(
            people(
                "- XXX: Database Administrator\n- TBD (IC)\n- : Incident Commander\n- Jo Chen\n"
            ),
            named(&[("Jo Chen", "")])
        );
        // A bold name is a person, not a label.
        assert_eq!(people("**Lee Park**\n"), named(&[("Lee Park", "")]));
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
