//! Timeline lines: every line of a report, in any section, that begins with a time
//! (`10:04 UTC — …`, `- 2024-03-14 22:25 UTC: …`), unless it carries on a sentence. Start
//! and End Time are not events.

use super::tables;
use super::times::{self, StartEnd};
use super::timestamp::{self, TimeError, WrittenTime};
use std::ops::Range;

/// A line that begins with a time.
#[derive(Debug, Clone)]
pub struct TimedLine {
    /// The line.
    pub span: Range<usize>,
    /// The time as written, or why it is not a valid time.
    pub time: Result<WrittenTime, TimeError>,
    /// What happened: the Markdown after the time.
    pub description: String,
}

/// Reads the timed lines of `facts[from..]`; `source` is the original text, from which
/// descriptions keep their formatting. `code` holds the code spans that `facts` blanked
/// (a line that ends in one keeps it), and `tables` the tables (whose rows are split into
/// cells), both sorted.
pub fn read(
    source: &str,
    facts: &str,
    from: usize,
    labels: &StartEnd,
    code: &[Range<usize>],
    tables: &[Range<usize>],
) -> Vec<TimedLine> {
    let mut lines = Vec::new();
    let mut layouts = TableLayouts::default();
    let scopes = zone_scopes(facts, from);
    let references = References::new(source);
    // A table row may hold its time in a later column (`| Date | Time (UTC) | Event |`).
    let may_be_timed = |line: &str| could_start_with_time(line) || line.contains('|');
    // A `<br>` ends an event when another begins after it; other text after one is the
    // event's own (`Incident declared<br>(paged by Priya)`).
    let written = times::lines_broken(facts, from..facts.len(), may_be_timed, begins_an_event);
    for (mut span, line) in written {
        if labels.is_label_line(&span) {
            continue;
        }
        span.end = with_trailing_code(facts, span.end, code);
        let row = tables::row(facts, tables, span.clone());
        let (time, description) = if row.is_some() || facts[span.clone()].starts_with('|') {
            // A row without a delimiter row under its header is no table to mdBook, but
            // it is still written as one.
            let layout = row
                .as_ref()
                .and_then(|row| {
                    let table = tables.get(row.table)?;
                    Some(layouts.layout(row.table, &facts[table.clone()]))
                })
                .unwrap_or(&NO_HEADER);
            let start = row.map_or(span.start, |row| row.start);
            match table_row(source, facts, code, start..span.end, layout) {
                Some(row) => row,
                None => continue,
            }
        } else {
            // A link reference definition (`[09:42 UTC]: https://…`) is no event.
            if facts[span.clone()].starts_with('[') && definition().is_match(&facts[span.clone()]) {
                continue;
            }
            let mut time = match timestamp::leading(&line) {
                None => continue,
                Some(Err(_)) if is_a_ratio(&line) => continue,
                Some(time) => time,
            };
            if let Ok(written) = &time
                && carries_on_prose(facts, span.start, &line[written.len..])
            {
                continue;
            }
            let description = match &time {
                Ok(written) => {
                    let mut text = description(&source[span.clone()], &references)
                        .unwrap_or_else(|| trim_separator(&line[written.len..]).to_string());
                    if let Some((start, until)) = time_range(written, &line[written.len..]) {
                        time = Ok(start);
                        text = without_range_end(&text, &until);
                    }
                    continue_with_following_lines(&mut text, source, facts, code, span.end);
                    text
                }
                Err(_) => String::new(),
            };
            (time, description)
        };
        if time.is_ok() && description.is_empty() {
            continue;
        }
        // The zone a heading or a lead-in above gives.
        let scope = scopes.partition_point(|(at, _)| *at <= span.start);
        let zone = scope
            .checked_sub(1)
            .and_then(|i| scopes.get(i))
            .and_then(|(_, zone)| zone.as_deref());
        let time = time.map(|bare| bare.or_in_zone(zone));
        lines.push(TimedLine {
            span,
            time,
            description,
        });
    }
    lines
}

/// Where the zone that headings and lead-ins give begins, in order: a heading gives its
/// note's zone (`### Timeline (UTC)`) or none, and a line that leads in with a colon
/// (`Timeline (all times UTC):`) gives its note's, up to the next heading.
fn zone_scopes(facts: &str, from: usize) -> Vec<(usize, Option<String>)> {
    let heading = crate::regex!(r"^#{1,6}(?:\s|$)");
    let mut scopes = Vec::new();
    let mut at = from;
    for line in facts[from..].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.trim();
        if heading.is_match(line) {
            scopes.push((start, timestamp::zone_note(line)));
        } else if line.ends_with(':')
            && line.contains('(')
            && !begins_with_time(line)
            && let Some(zone) = timestamp::zone_note(line)
        {
            scopes.push((start, Some(zone)));
        }
    }
    scopes
}

/// What stands between the two times of a range.
const RANGE_SEPARATOR: &str = r"^\s*(?:–|—|-|to|until)\s*";

/// A time range (`13:20–13:25 UTC`, `13:20 to 13:25 UTC`) that begins with `start`, whose
/// `rest` follows: the start, in the zone written after the end when it has none of its
/// own, and the end as written.
fn time_range(start: &WrittenTime, rest: &str) -> Option<(WrittenTime, String)> {
    let separator = crate::regex!(RANGE_SEPARATOR).find(rest)?;
    let end = timestamp::leading(&rest[separator.end()..])?.ok()?;
    if end.has_date() {
        return None;
    }
    // `9:20–9:25 PM UTC`: the start takes the end's zone, and the half of the day (AM or
    // PM) that puts it less than 12 hours before the end (`11:45–12:15 PM` is 11:45 AM,
    // `11:50–12:10 AM` crosses midnight).
    let meridiem = crate::regex!(r"(?i)\d\s*[ap]\.?m(?-u:\b)");
    let mut written = start.original.clone();
    if !meridiem.is_match(&start.original) && meridiem.is_match(&end.original) {
        let minutes = |t: &WrittenTime| i32::from(t.time.hour()) * 60 + i32::from(t.time.minute());
        let before_end = ["AM", "PM"].into_iter().find_map(|half| {
            let candidate = format!("{written} {half}");
            let read = timestamp::leading(&candidate)?.ok()?;
            ((minutes(&end) - minutes(&read)).rem_euclid(24 * 60) < 12 * 60).then_some(candidate)
        });
        if let Some(candidate) = before_end {
            written = candidate;
        }
    }
    if start.zone.is_none()
        && let Some(zone) = &end.zone
    {
        written = format!("{written} {}", zone.label);
    }
    let mut start = start.clone();
    if written != start.original
        && let Some(Ok(read)) = timestamp::leading(&written)
    {
        start = WrittenTime {
            len: start.len,
            ..read
        };
    }
    Some((start, end.original))
}

/// An event's text without the end of the time range it begins with, which it gives in
/// words instead: `13:25 UTC — maintenance` gives `maintenance (until 13:25 UTC)`.
fn without_range_end(text: &str, until: &str) -> String {
    let after_separator = &text[crate::regex!(RANGE_SEPARATOR)
        .find(text)
        .map_or(0, |m| m.end())..];
    match after_separator.strip_prefix(until) {
        Some(rest) if trim_separator(rest).is_empty() => format!("until {until}"),
        Some(rest) => format!("{} (until {until})", trim_separator(rest)),
        None => text.to_string(),
    }
}

/// Adds to an event's `text` the lines that carry on its list item or paragraph after
/// `end` (a link or a command on the next line), up to a blank line, a new list item, a
/// heading, a rule, a table, a quote, a fence, HTML or a line that begins with a time (in
/// `facts`, where code and comments are blanked). Their Markdown is taken from `source`,
/// without their comments; `code` holds the code spans, which are kept.
fn continue_with_following_lines(
    text: &mut String,
    source: &str,
    facts: &str,
    code: &[Range<usize>],
    end: usize,
) {
    // An event that a `<br>` ends has the next event after it, on its line (looked at
    // without a search along the line, which could hold thousands of them).
    if let Some(rest) = facts.get(end..)
        && let Some(br) = crate::regex!(r"^[ \t]*(?i:<br\s*/?>)").find(rest)
    {
        let after = rest[br.end()..].trim_start_matches([' ', '\t', '\r']);
        if !after.is_empty() && !after.starts_with('\n') {
            return;
        }
    }
    let Some(newline) = facts.get(end..).and_then(|rest| rest.find('\n')) else {
        return;
    };
    let mut at = end + newline + 1;
    while at < facts.len() {
        let line_end = facts[at..].find('\n').map_or(facts.len(), |i| at + i);
        let Some(more) = source.get(at..line_end).map(str::trim) else {
            break;
        };
        // A line of inline code is blank in `facts`; a fence is not carried on.
        let fact = facts[at..line_end].trim();
        let starts_a_block = more.is_empty()
            || more.starts_with(['#', '|', '>', '<'])
            || more.starts_with("```")
            || more.starts_with("~~~")
            || crate::regex!(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
                .is_match(more)
            || times::strip_marker(more).len() != more.len()
            || (!fact.is_empty()
                && begins_with_time(fact)
                && !timed_line_carries_on(facts, at, fact));
        if starts_a_block {
            break;
        }
        let shown = without_comments(source, facts, code, at..line_end);
        let shown = shown.trim();
        if !shown.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(shown);
        }
        at = line_end + 1;
    }
}

/// `source[range]` without what `facts` blanked there, except code: its HTML comments.
fn without_comments(
    source: &str,
    facts: &str,
    code: &[Range<usize>],
    range: Range<usize>,
) -> String {
    let (Some(written), Some(fact)) = (source.get(range.clone()), facts.get(range.clone())) else {
        return String::new();
    };
    if written == fact {
        return written.to_string();
    }
    // The code spans are sorted and the characters come in order: one cursor serves.
    let mut next_code = code.partition_point(|c| c.end <= range.start);
    let mut kept = String::with_capacity(written.len());
    for (i, c) in written.char_indices() {
        let at = range.start + i;
        while code.get(next_code).is_some_and(|span| span.end <= at) {
            next_code += 1;
        }
        let in_code = code.get(next_code).is_some_and(|span| span.start <= at);
        if in_code || facts.get(at..at + c.len_utf8()) == written.get(i..i + c.len_utf8()) {
            kept.push(c);
        }
    }
    // The spaces a comment held, and those around it, are one.
    kept.split(' ')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a line that ends at `end` in `facts` ends in the original: past any code spans
/// (blanked in `facts`) that follow it on the same line, with only spaces between.
fn with_trailing_code(facts: &str, mut end: usize, code: &[Range<usize>]) -> usize {
    let first = code.partition_point(|c| c.start < end);
    for span in &code[first..] {
        // The gap and the blanked code are all spaces when the code is on this line.
        let on_this_line = facts
            .get(end..span.end)
            .is_some_and(|between| !between.contains('\n') && between.trim().is_empty());
        if !on_this_line {
            break;
        }
        end = span.end;
    }
    end
}

/// Whether the text after a `<br>` begins another event: a time, read in the first few
/// dozen characters (so that a line of thousands of `<br>` is read in linear time), not
/// only a number (`10 pods restarted`) or a month (`May be related`).
fn begins_an_event(next: &str) -> bool {
    if !could_start_with_time(next) {
        return false;
    }
    let mut cut = next.len().min(96);
    while !next.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = times::clean_line(without_opening_tags(&next[..cut]));
    matches!(timestamp::leading(&head), Some(Ok(_)))
}

/// `text` without the HTML tags it begins with, opening or closing (`<p><b>`, `</b>`).
fn without_opening_tags(text: &str) -> &str {
    if !text.starts_with('<') {
        return text;
    }
    // A few at most: the test runs at every `<br>` of a line, which may hold thousands.
    let tags = crate::regex!(r"^(?:</?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>]{0,200})?>\s*){1,4}");
    tags.find(text).map_or(text, |found| &text[found.end()..])
}

/// `text` without the block's closing tags it ends with (`</p>`, `</div>`); an inline
/// one (`<b>SEV1</b>`) is the text's own.
fn without_closing_tags(text: &str) -> &str {
    if !text.trim_end().ends_with('>') {
        return text;
    }
    let tags = crate::regex!(r"(?i)(?:\s*</(?:p|div|li|td|span|section|aside)\s*>)+\s*$");
    tags.find(text).map_or(text, |found| &text[..found.start()])
}

/// The Markdown after the time on an original line: `- **10:04 UTC** — ran `x`` gives
/// "ran `x`", with its formatting. A time in a code span (`` `10:04 UTC` — ran `x` ``)
/// loses its backticks, and so does a code span that holds the time and the text. A
/// time that links somewhere (`[10:04 UTC](https://chat/…) — paused`, a chat message)
/// keeps its link, as `([source](https://chat/…))` after the text, when it is a safe one;
/// a reference link (`[10:04 UTC][chat]`) takes its target from its definition.
fn description(line: &str, references: &References<'_>) -> Option<String> {
    let line = super::shown::spaces_outside_code(line);
    // A paragraph or bold pasted as HTML (`<p><b>09:12 UTC</b> — declared</p>`): its tags
    // around the time and at the end show nothing.
    let line = without_closing_tags(without_opening_tags(times::strip_marker(&line)));
    let rest = line.trim_start_matches(['*', '_']);
    let ticks = &rest[..rest.len() - rest.trim_start_matches('`').len()];
    let rest = &rest[ticks.len()..];
    let written = timestamp::leading(rest)?.ok()?;
    let mut after = &rest[written.len..];
    if !ticks.is_empty() {
        after = match after.strip_prefix(ticks) {
            Some(closed) => closed,
            None => after.strip_suffix(ticks).unwrap_or(after),
        };
    }
    let after = without_opening_tags(after.trim_start_matches(['*', '_']));
    // A line break within the event shows as one, a space in a table cell.
    let spaced = super::shown::breaks_as_spaces(after);
    let text = trim_separator(&spaced);
    let linked = rest[..written.len].trim_end();
    // `[09:12 UTC][PagerDuty]` with no `[PagerDuty]:` is text as written, label and all.
    let mut unresolved = None;
    let target = match linked.strip_suffix(')') {
        Some(inline) => inline
            .split_once("](")
            .map(|(_, target)| target.trim().to_string()),
        None => linked
            .strip_suffix(']')
            .and_then(|reference| reference.rsplit_once("]["))
            .and_then(|(time, label)| {
                let target = if label.trim().is_empty() {
                    references.target(time.trim_start_matches('['))
                } else {
                    references.target(label)
                };
                if target.is_none() && !label.trim().is_empty() {
                    unresolved = Some(format!("[{label}]"));
                }
                target
            }),
    }
    .filter(|target| {
        !target.is_empty()
            && !target.contains(char::is_whitespace)
            && crate::render::markdown::safe_url(target).is_some()
    });
    Some(match (target, unresolved) {
        (Some(target), _) if text.is_empty() => format!("[source]({target})"),
        (Some(target), _) => format!("{text} ([source]({target}))"),
        (None, Some(label)) => format!("{label} {text}").trim_end().to_string(),
        (None, None) => text.to_string(),
    })
}

/// The target of the link reference definition `[label]: target` in `source`; labels
/// match without regard to case or spacing, as CommonMark's do.
/// The link reference definitions of a report, read once, when a time first needs one.
struct References<'a> {
    source: &'a str,
    targets: std::cell::OnceCell<std::collections::HashMap<String, String>>,
}

impl<'a> References<'a> {
    fn new(source: &'a str) -> Self {
        References {
            source,
            targets: std::cell::OnceCell::new(),
        }
    }

    /// The target of `[label]: target`; labels match without regard to case or
    /// spacing, as CommonMark's do, and the first definition of a label counts.
    fn target(&self, label: &str) -> Option<String> {
        let targets = self.targets.get_or_init(|| {
            let mut targets = std::collections::HashMap::new();
            for caps in definition().captures_iter(self.source) {
                if let (Some(label), Some(target)) = (caps.get(1), caps.get(2)) {
                    targets
                        .entry(label_key(label.as_str()))
                        .or_insert_with(|| target.as_str().to_string());
                }
            }
            targets
        });
        targets.get(&label_key(label)).cloned()
    }
}

/// A link reference definition on a line of its own: `[label]: target`, then at most a
/// title (`[09:12 UTC]: Incident declared` is a line of text).
fn definition() -> &'static regex::Regex {
    crate::regex!(
        r#"(?m)^ {0,3}\[([^\]\[]+)\]:[ \t]*<?([^\s<>]+)>?(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$"#
    )
}

/// A reference label as CommonMark matches it.
fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a line begins with a ratio rather than a mistyped time: `50:50 traffic split`,
/// `10:90 canary`, `25:75`. A first part no hour is near (`30:…`), both parts wrong, or
/// parts that add up to 100 make a ratio; `25:10`, `9:75` and `09:85` are mistyped
/// times. No seconds, date or zone follow.
fn is_a_ratio(line: &str) -> bool {
    crate::regex!(r"^\s*(\d{1,3}):(\d{1,3})(?:\s+(?:[a-z]|[A-Z][a-z])|\s*$)")
        .captures(line)
        .and_then(|caps| {
            let part = |i: usize| caps.get(i)?.as_str().parse::<u16>().ok();
            let (left, right) = (part(1)?, part(2)?);
            Some(left >= 30 || (left > 24 && right > 59) || left + right == 100)
        })
        .unwrap_or(false)
}

/// Whether a line begins with a time (`Sat on it` does not, though it may).
fn begins_with_time(line: &str) -> bool {
    could_start_with_time(line) && timestamp::leading(&times::clean_line(line)).is_some()
}

/// Whether the line at `start` of `facts`, whose time `after` follows, carries a sentence
/// on rather than beginning an event: the line before it breaks off where a sentence
/// goes on (after `on`, `at`, `before`, `the`, `was` …), the time runs on into the
/// sentence (`after` begins with a lowercase word or a comma, not a separator or a
/// capital), and the line starts no list item. `Release 2.4.0 went out on` / `2024-03-01
/// 09:00 UTC and ran fine` is no event, nor is the end of a wrapped event (`14:00 UTC —
/// paused at` / `14:02 UTC when the alarms fired.`); after `Timeline:`, `Channel log` or
/// an event's wrapped text (`showed errors.`), `14:02 UTC paused deploys` is one.
fn carries_on_prose(facts: &str, start: usize, after: &str) -> bool {
    fn quoted(line: &str) -> &str {
        line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
    }
    // After a `<br>`, a time begins a line of its own.
    if facts
        .get(..start)
        .is_some_and(|before| before.trim_end_matches([' ', '\t']).ends_with('>'))
    {
        return false;
    }
    let after = after.trim_start();
    let runs_on =
        after.starts_with([',', ';', '.']) || after.chars().next().is_some_and(char::is_lowercase);
    if !runs_on {
        return false;
    }
    let line_start = facts[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = facts[line_start..].split('\n').next().unwrap_or("");
    let line = quoted(line);
    if times::strip_marker(line).len() != line.len() || line_start == 0 {
        return false;
    }
    let before = &facts[..line_start - 1];
    let previous = quoted(&before[before.rfind('\n').map_or(0, |i| i + 1)..]).trim_end();
    let last_word = previous
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let breaks_off = crate::regex!(
        r"^(?:on|at|by|before|after|around|about|until|till|since|from|to|between|near|of|in|into|during|past|the|a|an|and|or|but|was|were|is|are|be|been|when|while|approximately|roughly|circa|~)$"
    );
    breaks_off.is_match(&last_word)
}

/// [`carries_on_prose`] for the line `fact` of `facts` at `at`, which begins with a time:
/// then it belongs to the line before (`14:00 UTC — paused at` / `14:02 UTC when the
/// alarms fired.`).
fn timed_line_carries_on(facts: &str, at: usize, fact: &str) -> bool {
    let cleaned = times::clean_line(fact);
    match timestamp::leading(&cleaned) {
        Some(Ok(time)) => carries_on_prose(facts, at, cleaned.get(time.len..).unwrap_or("")),
        _ => false,
    }
}

/// Whether a raw line may begin with a time once its markers, emphasis and backticks
/// are gone (or is a table row whose first cell may): a cheap test that spares most
/// lines the full parse.
fn could_start_with_time(line: &str) -> bool {
    let line = without_opening_tags(times::strip_marker(line));
    // A list marker escaped by Google Docs (`\- 09:12 UTC`) shows as a dash.
    let line = ["\\-", "\\*", "\\+"]
        .iter()
        .find_map(|escaped| line.strip_prefix(escaped))
        .unwrap_or(line);
    let line = line
        .strip_prefix('|')
        .unwrap_or(line)
        .trim_start_matches(['*', '_', '`', '[', ' ', '\t']);
    // Notion's mention of a date: `@March 14, 2024 9:12 AM`.
    let line = line.strip_prefix('@').unwrap_or(line);
    line.starts_with(|c: char| c.is_ascii_digit()) || timestamp::begins_with_month_or_weekday(line)
}

/// Where a table keeps its times, by its header: the first column holding a time
/// (`Time (UTC)`, `When`, `Timestamp`; the first column when none is named), a `Date`
/// column to go with it, and the zone the header gives (`Time (UTC)` gives `UTC`).
#[derive(Debug)]
struct TableLayout {
    time: usize,
    date: Option<usize>,
    zone: Option<String>,
}

/// The layout of a table without a header: times in the first column.
const NO_HEADER: TableLayout = TableLayout {
    time: 0,
    date: None,
    zone: None,
};

impl TableLayout {
    fn of_header(header: &str) -> TableLayout {
        let names: Vec<&str> = tables::cells(header)
            .into_iter()
            .map(|cell| header[cell].trim().trim_matches(['*', '_', ' ']))
            .collect();
        let is_time = |name: &&str| {
            crate::regex!(r"(?i)^(?:time|when|timestamp|date\s*(?:and|&|/)\s*time)\b")
                .is_match(name)
        };
        let time = names.iter().position(is_time).unwrap_or(0);
        let date = names
            .iter()
            .position(|name| crate::regex!(r"(?i)^date(?-u:\b)").is_match(name))
            .filter(|&date| date != time && !is_time(&names[date]));
        let zone = names.get(time).and_then(|name| timestamp::zone_note(name));
        TableLayout { time, date, zone }
    }
}

/// Each table's layout, found once per table so that a long table is read in linear
/// time.
#[derive(Debug, Default)]
struct TableLayouts {
    last: Option<(usize, TableLayout)>,
}

impl TableLayouts {
    /// The layout of table `index`, whose text is `table`.
    fn layout(&mut self, index: usize, table: &str) -> &TableLayout {
        if self.last.as_ref().is_none_or(|(i, _)| *i != index) {
            let header = table.lines().next().unwrap_or_default();
            self.last = Some((index, TableLayout::of_header(header)));
        }
        self.last.as_ref().map_or(&NO_HEADER, |(_, layout)| layout)
    }
}

/// A table row whose time cell (the first, unless the header names another) holds a
/// time (`| 14:02 | Alert fired |`): the time, with the row's date cell before it if the
/// table has one, and the other cells as the description, joined with ` — `. A time
/// without a zone takes the zone the header gives.
fn table_row(
    source: &str,
    facts: &str,
    code: &[Range<usize>],
    span: Range<usize>,
    layout: &TableLayout,
) -> Option<(Result<WrittenTime, TimeError>, String)> {
    let cells: Vec<Range<usize>> = tables::cells(&source[span.clone()])
        .into_iter()
        .map(|cell| span.start + cell.start..span.start + cell.end)
        .collect();
    let unmarked = |cell: &Range<usize>| {
        facts[cell.clone()]
            .trim()
            .trim_matches(['*', '_', '`'])
            .trim()
    };
    let first = cells.get(layout.time)?.clone();
    let cell = &facts[first.clone()];
    let written = cell.trim_start().trim_start_matches(['*', '_', '`']);
    let written_at = first.start + cell.len() - written.len();
    let written = written.trim_end().trim_end_matches(['*', '_', '`']);
    let date = layout
        .date
        .and_then(|date| cells.get(date))
        .map(unmarked)
        .filter(|date| !date.is_empty());
    // A cell pasted from a page (`09:16&nbsp;UTC`, `<b>09:33</b>`) that holds only a
    // time is read as it shows.
    let as_shown = (written.contains(['&', '<']) || !written.is_ascii())
        .then(|| super::shown::plain(written))
        .and_then(|plain| match timestamp::leading(&plain) {
            Some(Ok(time)) if plain[time.len..].trim().is_empty() => Some(time),
            _ => None,
        });
    let whole_cell = as_shown.is_some();
    let alone = match as_shown {
        Some(time) => Ok(WrittenTime {
            len: written.len(),
            ..time
        }),
        None => timestamp::leading(written)?,
    };
    // The date cell goes before a time without a date, when the two read as one; the
    // time is read alone otherwise (`| 2024-03-14 (Thu) | 09:26 |`).
    let time = match (&alone, date) {
        (Ok(bare), Some(date)) if bare.date.is_none() && bare.month_day.is_none() => {
            let time_text = written.get(..bare.len).unwrap_or(written).trim_end();
            match timestamp::leading(&format!("{date} {time_text}")) {
                Some(Ok(dated)) if dated.len == date.len() + 1 + time_text.len() => {
                    Ok(WrittenTime {
                        len: bare.len,
                        ..dated
                    })
                }
                _ => alone,
            }
        }
        _ => alone,
    };
    // Cells keep their Markdown, but not their comments.
    let shown = |cell: Range<usize>| without_comments(source, facts, code, cell);
    // A line right after a table is one more row of it, with one cell: what follows
    // its time starts the description.
    let rest = time.as_ref().ok().filter(|_| !whole_cell).map(|bare| {
        let from = (written_at + bare.len).min(first.end);
        let rest = shown(from..first.end);
        trim_separator(rest.trim_start_matches(['*', '_', '`'])).to_string()
    });
    let time = time.map(|bare| bare.or_in_zone(layout.zone.as_deref()));
    let description: Vec<String> = rest
        .into_iter()
        .chain(
            cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != layout.time && Some(*i) != layout.date)
                .map(|(_, cell)| {
                    let cell = shown(cell.clone());
                    let cell = super::shown::breaks_as_spaces(&cell);
                    super::shown::spaces_outside_code(&cell).trim().to_string()
                }),
        )
        .filter(|cell| !cell.is_empty())
        .collect();
    Some((time, description.join(" — ")))
}

fn trim_separator(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | '|' | ',')
    })
    .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_test_keeps_every_timed_line() {
        for line in [
            "10:04 UTC — x",
            "- 10:04 — x",
            "> * **10:04** x",
            "1. 10:04 x",
            "- [x] 10:04 x",
            "2024-01-26 10:00",
            "- [10:04 UTC](https://chat.example.com/p/1) x",
            "* Nov 21 10:04 x",
            "21 November 10:04 x",
        ] {
            assert!(could_start_with_time(line), "{line}");
        }
        for line in [
            "1. Freeze deploys",
            "- Step",
            "Start Time: 2024-01-26 10:00 UTC",
            "# 10:00",
            "Notes from 10:00",
        ] {
            assert!(!could_start_with_time(line), "{line}");
        }
    }

    fn tables(source: &str) -> Vec<Range<usize>> {
        crate::report::markdown::scan(source, 0).tables
    }

    fn no_labels() -> StartEnd {
        StartEnd {
            start: crate::report::Field::Absent,
            end: crate::report::Field::Absent,
            end_date_taken: false,
        }
    }

    /// A sentence wrapped before a time is prose; lines of events, in a paragraph of
    /// their own, after a lead-in or in a list, are events.
    #[test]
    fn a_wrapped_sentence_is_no_event() {
        let source = "Release 2.4.0 went out on\n2024-03-01 09:00 UTC and ran fine.\n\n- We rolled back at\n09:50 UTC, after paging.\n> Quoted, it went out on\n> 10:00 UTC too.\n\n10:04 UTC — paused\n10:09 UTC — rolled back\n\nTimeline of events\n10:20 — verified\n\n**Timeline:**\n10:25 UTC Paused deploys\n\n## Log\n10:30 — closed\n- 10:40 — noted\n\n> Log from the channel\n> 10:50 UTC — rolled back\n\n11:00 UTC — paused after the canary\nshowed errors.\n11:05 UTC — cluster A.\n\nTimeline:\n11:10 UTC paged the DBA\n\nChannel log\n11:15 alice: pausing\n\n- 11:20 UTC — the rollout was paused at\n  11:22 UTC when the alarms fired.\n- 11:25 UTC — resumed\n";
        let lines = read(source, source, 0, &no_labels(), &[], &tables(source));
        let events: Vec<&str> = lines.iter().map(|l| l.description.as_str()).collect();
        assert_eq!(
            events,
            [
                "paused",
                "rolled back",
                "verified",
                "Paused deploys",
                "closed",
                "noted",
                "rolled back",
                "paused after the canary showed errors.",
                "cluster A.",
                "paged the DBA",
                "alice: pausing",
                "the rollout was paused at 11:22 UTC when the alarms fired.",
                "resumed"
            ]
        );
    }

    /// A heading's or a lead-in's note gives its zone to the times under it that have
    /// none, up to the next heading.
    #[test]
    fn a_zone_in_a_heading_or_lead_in_applies_to_the_events_below() {
        let source = "### Execution (times in UTC)\n\n- 10:00 — a\n- 10:05 CET — b\n\n### Follow-up\n\n- 11:00 — c\n\nTimeline (all times Europe/Berlin):\n\n- 12:00 — d\n\nSee (approx.):\n\n- 13:00 — e\n#search-incident log\n- 13:30 — f (in CET):\n\nWe paged the DBA (Dana, in CET):\n\n## Next (times in CET, not UTC)\n\n- 14:00 — g\n";
        let zones: Vec<String> = read(source, source, 0, &no_labels(), &[], &tables(source))
            .into_iter()
            .map(|l| l.time.unwrap().original)
            .collect();
        assert_eq!(
            zones,
            [
                "10:00 UTC",
                "10:05 CET",
                "11:00",
                "12:00 Europe/Berlin",
                "13:00 Europe/Berlin",
                "13:30 Europe/Berlin",
                "14:00"
            ]
        );
    }

    #[test]
    fn a_line_that_ends_in_code_keeps_it() {
        let source = "- 05:44 UTC — ran `deploy x`  `y`\n- 05:50 UTC — done `z`\n`w`\n";
        let ticks: Vec<usize> = source.match_indices('`').map(|(i, _)| i).collect();
        let code: Vec<Range<usize>> = ticks.chunks(2).map(|t| t[0]..t[1] + 1).collect();
        let mut facts = source.to_string();
        for span in &code {
            facts.replace_range(span.clone(), &" ".repeat(span.len()));
        }
        let lines = read(source, &facts, 0, &no_labels(), &code, &[]);
        let descriptions: Vec<_> = lines.iter().map(|l| l.description.as_str()).collect();
        // The next line's code carries the item on, but is not on the timed line.
        assert_eq!(descriptions, ["ran `deploy x`  `y`", "done `z` `w`"]);
        assert_eq!(&source[lines[1].span.clone()], "- 05:50 UTC — done `z`");
    }

    #[test]
    fn a_line_dated_with_slashes_is_an_invalid_time_not_a_line_dropped() {
        let source = "- 14/03 09:16 UTC — rollback started\n| 3/14/2024 09:20 | x |\n- 3/4 of the pods were drained\n- 1/2 done at 10:00\n- 50/50 09:40 traffic split\n- 24/7 on-call since 09:00\n- 80/20 at 10:00 was the split\n";
        let lines = read(source, source, 0, &no_labels(), &[], &tables(source));
        let got: Vec<_> = lines
            .iter()
            .map(|l| {
                (
                    &source[l.span.clone()],
                    l.time.as_ref().map_err(|e| e.0.as_str()),
                )
            })
            .map(|(line, time)| (line, time.err().unwrap_or_default()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "- 14/03 09:16 UTC — rollback started",
                    "`14/03` is day/month here, but a date written so is month/day or day/month whenever the day is 12 or less; write the date year first, e.g. `2024-01-26`"
                ),
                (
                    "| 3/14/2024 09:20 | x |",
                    "`3/14/2024` is month/day here, but a date written so is month/day or day/month whenever the day is 12 or less; write the date year first, e.g. `2024-01-26`"
                ),
            ]
        );
    }

    #[test]
    fn a_linked_time_gives_its_safe_target_as_the_source() {
        let source = "- [09:41 UTC][chat] paged\n- [09:42 UTC][] acked\n- [09:43 UTC](javascript:alert(1)) rolled back\n- [09:44 UTC][PagerDuty] alert fired\n\n[chat]: https://chat.example/m/1\n[09:42  utc]: <https://chat.example/m/2>\n";
        let lines = read(source, source, 0, &no_labels(), &[], &tables(source));
        let got: Vec<&str> = lines.iter().map(|l| l.description.as_str()).collect();
        assert_eq!(
            got,
            [
                "paged ([source](https://chat.example/m/1))",
                "acked ([source](https://chat.example/m/2))",
                "rolled back",
                "[PagerDuty] alert fired"
            ]
        );
    }

    /// Text after a bracketed time is an event, not a link reference definition.
    #[test]
    fn a_bracketed_time_with_text_after_it_is_an_event() {
        let source = "[09:12 UTC]: Incident declared.\n\n[09:20 UTC]: https://chat.example/m/9\n";
        let lines = read(source, source, 0, &no_labels(), &[], &tables(source));
        let got: Vec<&str> = lines.iter().map(|l| l.description.as_str()).collect();
        assert_eq!(got, ["Incident declared."]);
    }

    #[test]
    fn a_ratio_is_no_time_but_a_mistyped_time_is_invalid() {
        let source = "- 50:50 traffic split between 2.4.0 and 2.5.0 pods\n- 90:10 canary\n- 10:90\n- 25:75 traffic split held\n- 26:61 odd\n- 50:50 Traffic split\n- 09:85 all regions on 2.4.0\n- 25:10 rollback started\n- 9:75 paged\n- 50:50 UTC done\n";
        let lines = read(source, source, 0, &no_labels(), &[], &tables(source));
        let got: Vec<_> = lines
            .iter()
            .map(|l| (&source[l.span.clone()], l.time.is_ok()))
            .collect();
        assert_eq!(
            got,
            [
                ("- 09:85 all regions on 2.4.0", false),
                ("- 25:10 rollback started", false),
                ("- 9:75 paged", false),
                ("- 50:50 UTC done", false),
            ]
        );
    }

    #[test]
    fn table_rows_that_begin_with_a_time_are_events() {
        let source = "| Time | What |\n|---|---|\n| 14:02 | Alert *fired* \\| paged | Dana |\n| **14:10** | `rollback` |\n| `14:15` | c |\n| 14:20 | |\n| later | x |\n";
        let lines = read(source, source, 0, &no_labels(), &[], &tables(source));
        let got: Vec<_> = lines
            .iter()
            .map(|l| {
                (
                    l.time.as_ref().unwrap().original.as_str(),
                    l.description.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("14:02", "Alert *fired* \\| paged — Dana"),
                ("14:10", "`rollback`"),
                ("14:15", "c")
            ]
        );
        assert_eq!(&source[lines[1].span.clone()], "| **14:10** | `rollback` |");
        // Times without a zone take the one the header gives.
        let source = "| When (CET) | What |\n|-|-|\n| 14:02 | a |\n| x | y |\n| 15:00 UTC | b |\n\n| 16:00 | c |\n";
        let zones: Vec<_> = read(source, source, 0, &no_labels(), &[], &tables(source))
            .into_iter()
            .map(|l| l.time.unwrap().original)
            .collect();
        assert_eq!(zones, ["14:02 CET", "15:00 UTC", "16:00"]);
    }

    /// The events of a text that is all facts, as "time as written: description".
    fn events_of(source: &str) -> Vec<String> {
        read(source, source, 0, &no_labels(), &[], &tables(source))
            .into_iter()
            .map(|l| format!("{}: {}", l.time.unwrap().original, l.description))
            .collect()
    }

    #[test]
    fn a_time_range_takes_the_zone_written_after_it() {
        assert_eq!(
            events_of(
                "- 13:20–13:25 UTC — maintenance\n- 14:00 to 14:30 CET: freeze\n- 15:00 - 15:10\n"
            ),
            [
                "13:20 UTC: maintenance (until 13:25 UTC)",
                "14:00 CET: freeze (until 14:30 CET)",
                "15:00: until 15:10",
            ]
        );
        assert_eq!(
            events_of(
                "- 9:20–9:25 PM UTC — x\n- 9:30 AM–1:00 PM — y\n- 11:45–12:15 PM UTC — z\n- 11:50–12:10 AM — w\n"
            ),
            [
                "9:20 PM UTC: x (until 9:25 PM UTC)",
                "9:30 AM: y (until 1:00 PM)",
                "11:45 AM UTC: z (until 12:15 PM UTC)",
                "11:50 PM: w (until 12:10 AM)",
            ]
        );
        // A number after the dash is no time.
        assert_eq!(
            events_of(
                "- 09:12 — 10 pods restarted\n- 09:13 - 2024 plan\n- 09:14 – 3pm call moved\n"
            ),
            [
                "09:12: 10 pods restarted",
                "09:13: 2024 plan",
                "09:14: 3pm call moved"
            ]
        );
    }

    #[test]
    fn the_header_names_the_time_column_and_a_date_column() {
        let source = "| Date | Time (UTC) | Event |\n|---|---|---|\n| 2024-03-14 | 09:20 | alert |\n| **2024-03-15** | 09:30 | rolled back |\n| 2024-03-15 | 09:31 (approx) | a |\n| 2024-03-15 (Fri) | 09:32 | b |\n| 2024-03-15 | 2024-03-16 09:33 | c |\n\n| Event | When |\n|---|---|\n| paged | 09:40 CET |\n\n| Time | Date |\n|-|-|\n| x | y |\n\n| Day | Time |\n|-|-|\n| Day 1 | 09:50 |\n";
        assert_eq!(
            events_of(source),
            [
                "2024-03-14 09:20 UTC: alert",
                "2024-03-15 09:30 UTC: rolled back",
                "2024-03-15 09:31 UTC: (approx) — a",
                "09:32 UTC: b",
                "2024-03-16 09:33 UTC: c",
                "09:40 CET: paged",
                "09:50: Day 1",
            ]
        );
    }

    #[test]
    fn rows_without_outer_pipes_and_quoted_rows_are_split_into_cells() {
        let source = "Time (UTC) | Action\n---|---\n14:02 | Alert fired |\n14:10 | Roll back\n\n> | When (CET) | What |\n> |---|---|\n> | 09:00 | Paged |\n";
        assert_eq!(
            events_of(source),
            [
                "14:02 UTC: Alert fired",
                "14:10 UTC: Roll back",
                "09:00 CET: Paged"
            ]
        );
    }

    #[test]
    fn a_line_right_after_a_table_is_a_row_of_it_and_keeps_its_text() {
        let source = "| Time (UTC) | What |\n|---|---|\n| 14:02 | a |\n14:10 — Rolled back\n";
        assert_eq!(
            events_of(source),
            ["14:02 UTC: a", "14:10 UTC: Rolled back"]
        );
    }

    #[test]
    fn descriptions_keep_their_markdown() {
        assert_eq!(
            description(
                "- **10:04 UTC** — ran `deploy x` on *eu*",
                &References::new("")
            )
            .as_deref(),
            Some("ran `deploy x` on *eu*")
        );
        assert_eq!(
            description("1. 2024-01-26 10:04: done", &References::new("")).as_deref(),
            Some("done")
        );
        assert_eq!(description("no time", &References::new("")), None);
        assert_eq!(
            description(
                "- [10:04 UTC](https://chat.example/m/1) — paused",
                &References::new("")
            )
            .as_deref(),
            Some("paused ([source](https://chat.example/m/1))")
        );
        assert_eq!(
            description("- [10:04 UTC] — paused", &References::new("")).as_deref(),
            Some("paused")
        );
        for (line, text) in [
            (
                "- `09:25 UTC` — `kubectl rollout undo`",
                "`kubectl rollout undo`",
            ),
            (
                "- `09:26 UTC` — ran `kubectl rollout undo`",
                "ran `kubectl rollout undo`",
            ),
            ("- `09:27 UTC — pods restarted`", "pods restarted"),
            ("- **`09:28 UTC`** — done", "done"),
        ] {
            assert_eq!(
                description(line, &References::new("")).as_deref(),
                Some(text),
                "{line}"
            );
        }
    }

    /// Events pasted from Confluence or Google Docs: one a `<br>`, with no-break spaces
    /// and escapes.
    #[test]
    fn pasted_events_are_read_as_they_show() {
        assert_eq!(
            events_of(
                "09:12 UTC — declared<br>09:16\u{a0}UTC — started<br/>10:50\u{202f}CET — done\n\\- 11:00 UTC \\- closed\n"
            ),
            [
                "09:12 UTC: declared",
                "09:16 UTC: started",
                "10:50 CET: done",
                "11:00 UTC: closed"
            ]
        );
        assert_eq!(
            events_of(
                "- 09:12 UTC — declared<br>(paged by Priya)\n- 09:16 UTC — started<br>\n  see the chat\n- 09:20&nbsp;UTC — a\n- 09:21 UTC\u{200b} — b\n\n<p>09:30 UTC — c<br>09:31 UTC — d</p>\n\n- <b>09:40 CET</b> — e\n"
            ),
            [
                "09:12 UTC: declared (paged by Priya)",
                "09:16 UTC: started see the chat",
                "09:20 UTC: a",
                "09:21 UTC: b",
                "09:30 UTC: c",
                "09:31 UTC: d",
                "09:40 CET: e"
            ]
        );
        // Jira's dates, and Notion's mentions of one.
        assert_eq!(
            events_of(
                "- @March 14, 2024 9:42 AM (UTC) — from Notion\n- 14/Mar/24 9:50 AM UTC — from Jira\n"
            ),
            [
                "March 14, 2024 9:42 AM (UTC): from Notion",
                "14/Mar/24 9:50 AM UTC: from Jira"
            ]
        );
        // What follows a `<br>` is the event's own unless a time begins it; an inline tag
        // at the end is the text's own.
        assert_eq!(
            events_of(
                "- 09:12 UTC — declared <b>SEV1</b><br>10 pods restarted<br>May be related\n- 09:13 UTC — `a&nbsp;b`&nbsp;🏳️\u{200d}🌈\n"
            ),
            [
                "09:12 UTC: declared <b>SEV1</b> 10 pods restarted May be related",
                "09:13 UTC: `a&nbsp;b` 🏳️\u{200d}🌈"
            ]
        );
    }

    /// A timeline table pasted from a page reads as it shows.
    #[test]
    fn pasted_table_rows_are_read_as_they_show() {
        assert_eq!(
            events_of(
                "| Time (UTC) | Event |\n|---|---|\n| 09:16&nbsp;UTC | started |\n| <b>09:33</b> | eu healthy |\n| 09:40 | declared<br>paged Priya |\n"
            ),
            [
                "09:16 UTC: started",
                "09:33 UTC: eu healthy",
                "09:40 UTC: declared paged Priya"
            ]
        );
    }

    /// Thousands of events joined by `<br>` on one line are read in linear time.
    #[test]
    fn events_joined_by_line_breaks_are_read_in_linear_time() {
        let line = "09:40 UTC — x<br>".repeat(50_000);
        let started = std::time::Instant::now();
        let read = events_of(&format!("{line}\n{}\n", " ".repeat(1_000_000)));
        assert_eq!(read.len(), 50_000);
        // And a run of line breaks, each of which could begin another event.
        let breaks = format!("- 09:12 UTC — x{}\n", "<br>".repeat(50_000));
        assert_eq!(events_of(&breaks).len(), 1);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }
}
