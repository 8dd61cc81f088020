//! Table rows in a report: which table a line belongs to, where its cells begin (past
//! the quote and list markers that hold the table), and its cells.

use std::ops::Range;

/// A line that is a row of one of the report's tables.
#[derive(Debug, Clone)]
pub struct Row {
    /// The table's index in the scan's list.
    pub table: usize,
    /// Whether it is the table's header row.
    pub is_header: bool,
    /// Whether it is the delimiter row under the header (`|---|:--:|`).
    pub is_delimiter: bool,
    /// Where its cells begin in the text.
    pub start: usize,
}

/// The row that the line at `line` (without its line break) is, if it is in one of
/// `tables` (sorted, as the Markdown scan lists them). A line belongs to the table that
/// holds its last byte, so a header row is found whatever markers precede the table.
pub fn row(text: &str, tables: &[Range<usize>], line: Range<usize>) -> Option<Row> {
    let last = line.end.checked_sub(1)?.max(line.start);
    let i = tables.partition_point(|t| t.start <= last).checked_sub(1)?;
    let table = tables.get(i)?;
    if last >= table.end {
        return None;
    }
    let is_header = table.start >= line.start;
    let start = if is_header {
        table.start
    } else {
        let row = text.get(line.clone())?;
        line.start + row.len() - row.trim_start_matches(['>', ' ', '\t']).len()
    };
    Some(Row {
        table: i,
        is_header,
        is_delimiter: text.get(start..line.end).is_some_and(is_delimiter),
        start,
    })
}

/// Whether a row is a delimiter row (`|---|:--:|`).
pub fn is_delimiter(row: &str) -> bool {
    row.contains('-')
        && row
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of a table row as byte ranges, split at each `|` that is not escaped (as
/// GitHub's tables split them, code spans included).
pub fn cells(row: &str) -> Vec<Range<usize>> {
    let bytes = row.as_bytes();
    let mut cells = Vec::new();
    let mut start = usize::from(row.starts_with('|'));
    let mut at = start;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 1,
            b'|' => {
                cells.push(start..at);
                start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    if row.get(start..).is_some_and(|rest| !rest.trim().is_empty()) {
        cells.push(start..row.len());
    }
    cells
}

/// The text of each cell of a table row, without the spaces, emphasis and backticks
/// around it.
pub fn cell_texts(row: &str) -> Vec<&str> {
    cells(row)
        .into_iter()
        .map(|cell| {
            row[cell].trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`'))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_in_containers_begin_past_their_markers() {
        let text = "> - | a | b |\n>   |---|---|\n>   | 1 | 2 |\n\nafter\n";
        let tables = crate::report::markdown::scan(text, 0).tables;
        let mut offset = 0;
        let rows: Vec<Option<(bool, bool, &str)>> = text
            .split_inclusive('\n')
            .map(|line| {
                let span = offset..offset + line.trim_end().len();
                offset += line.len();
                row(text, &tables, span.clone())
                    .map(|r| (r.is_header, r.is_delimiter, &text[r.start..span.end]))
            })
            .collect();
        assert_eq!(
            rows,
            [
                Some((true, false, "| a | b |")),
                Some((false, true, "|---|---|")),
                Some((false, false, "| 1 | 2 |")),
                None,
                None
            ]
        );
        assert!(is_delimiter("|---|:--:|") && !is_delimiter("| | |"));
        assert_eq!(
            cell_texts("| **Dana** | `2.5.0` |  |"),
            ["Dana", "2.5.0", ""]
        );
        assert_eq!(cells("|a|b\\|c|"), [1..2, 3..7]);
        assert_eq!(cells("a | b"), [0..2, 3..5]);
    }
}
