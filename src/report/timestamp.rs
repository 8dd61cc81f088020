//! Times as people write them in reports: `2024-01-26 10:00 UTC`, RFC 3339, a time of
//! day alone (`10:04`), with a named zone (`CET`, `Europe/Berlin`) or an offset.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use std::ops::Range;

/// The formats a Start/End Time accepts, for error messages.
pub const ACCEPTED: &str = "`2024-01-26 10:00 UTC`, `2024-01-26T10:00:00Z`, \
`2024-01-26 11:00 +01:00`, `2024-01-26 11:00 CET` or `2024-01-26 11:00 Europe/Berlin`";

/// A time zone as written next to a time.
#[derive(Debug, Clone)]
pub struct WrittenZone {
    /// The text, e.g. `CET`, `+02:00`, `Europe/Berlin`.
    pub label: String,
    /// What it means.
    pub tz: TimeZone,
}

/// A time as written: an optional date, a time of day and an optional zone.
#[derive(Debug, Clone)]
pub struct WrittenTime {
    /// The date, when written.
    pub date: Option<Date>,
    /// A month and day written without a year (`Nov 21 14:02`): the rollback's year.
    pub month_day: Option<(i8, i8)>,
    /// The time of day.
    pub time: Time,
    /// The zone, when written.
    pub zone: Option<WrittenZone>,
    /// The text that was read, trimmed.
    pub original: String,
    /// How many bytes of the input the time (and zone) took.
    pub len: usize,
}

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError(pub String);

impl WrittenTime {
    /// Whether a date was written with the time (a month and day will do).
    pub fn has_date(&self) -> bool {
        self.date.is_some() || self.month_day.is_some()
    }

    /// This time in `zone`, given from elsewhere (a table header, a heading's note), when
    /// it was written without one; the bytes it took stay its own.
    pub fn or_in_zone(self, zone: Option<&str>) -> WrittenTime {
        let zoned = match zone {
            Some(zone) if self.zone.is_none() => {
                leading(&format!("{} {zone}", self.original.trim_end())).and_then(Result::ok)
            }
            _ => None,
        };
        match zoned {
            Some(zoned) => WrittenTime {
                len: self.len,
                ..zoned
            },
            None => self,
        }
    }

    /// The instant this time names, taking the date and zone from the defaults when
    /// they were not written.
    pub fn resolve(
        &self,
        default_date: Date,
        default_zone: &TimeZone,
    ) -> Result<Timestamp, TimeError> {
        let date = self.date.unwrap_or(default_date);
        let tz = self.zone.as_ref().map_or(default_zone, |z| &z.tz);
        DateTime::from_parts(date, self.time)
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|e| TimeError(format!("`{}` is out of range: {e}", self.original)))
    }
}

/// Reads a time at the start of `text` (after leading spaces). Returns `None` when the
/// text does not begin with one; `Some(Err)` when it begins with something that looks
/// like a time but is not valid (month 13, year 99999, hour 25).
///
/// Besides `2024-01-26 10:04 UTC` and `10:04`, a time may be in brackets (`[10:04 UTC]`,
/// also as a link's text) and its date may name the month (`Jan 26, 2024 10:04`,
/// `26 January 10:04`, Jira's `26/Jan/24 10:04 AM`).
pub fn leading(text: &str) -> Option<Result<WrittenTime, TimeError>> {
    let trimmed = text.trim_start();
    // Notion writes a date it links as a mention: `@March 14, 2024 9:12 AM (UTC)`.
    let trimmed = trimmed
        .strip_prefix('@')
        .filter(|date| date.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .unwrap_or(trimmed);
    let skipped = text.len() - trimmed.len();
    let Some(inner) = trimmed.strip_prefix('[') else {
        let mut written = dated(trimmed)?;
        if let Ok(written) = &mut written {
            written.len += skipped;
        }
        return Some(written);
    };
    let mut written = match dated(inner)? {
        Ok(written) => written,
        Err(e) => return Some(Err(e)),
    };
    let after = &inner[written.len..];
    let close = after.len() - after.trim_start().len();
    let mut rest = after[close..].strip_prefix(']')?;
    // `[10:04 UTC](https://…)` or `[10:04 UTC][chat]`: the link's target is no part of
    // the description.
    if rest.starts_with('(') {
        rest = after_parentheses(rest).unwrap_or(rest);
    } else if let Some(label) = rest.strip_prefix('[')
        && let Some(end) = label.find(']')
        && !label[..end].contains('[')
    {
        rest = &label[end + 1..];
    }
    written.len = text.len() - rest.len();
    Some(Ok(written))
}

/// What follows the parenthesised text that `text` begins with, nested parentheses
/// included (`(https://w/Foo_(bar)) x` gives ` x`).
fn after_parentheses(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return text.get(i + 1..);
                }
            }
            _ => {}
        }
    }
    None
}

/// A time whose date may name the month, at the very start of `text`, after a weekday
/// if one is written (`Thursday, March 14, 2024 9:12 AM`).
fn dated(text: &str) -> Option<Result<WrittenTime, TimeError>> {
    if let Some(weekday) = weekday_len(text) {
        // Only before a date: `Monday 10:00` says no more than `10:00`, and less.
        let mut written = match date_and_time(&text[weekday..])? {
            Ok(written) if written.date.is_none() && written.month_day.is_none() => return None,
            found => found,
        };
        if let Ok(written) = &mut written {
            let named = &text[..weekday];
            if let Some(date) = written.date
                && let Some(error) = wrong_weekday(named, date)
            {
                return Some(Err(error));
            }
            written.original = format!("{named}{}", written.original);
            written.len += weekday;
        }
        return Some(written);
    }
    date_and_time(text)
}

/// A time whose date may name the month, at the very start of `text`.
fn date_and_time(text: &str) -> Option<Result<WrittenTime, TimeError>> {
    let Some((month, day, year, date_len)) = month_name_date(text).or_else(|| separated_date(text))
    else {
        return numeric(text).or_else(|| {
            // `14/03 09:16 UTC — …`: a time after a date that is not read, which is an
            // error rather than a line that is no event.
            let date = slash_date(text).filter(|date| date.could_be)?;
            crate::regex!(r"^,?\s+\d{1,2}:\d{2}")
                .is_match(&text[date.len..])
                .then_some(Err(date.error))
        });
    };
    let rest = &text[date_len..];
    let mut written = match numeric(rest)? {
        Ok(written) => written,
        Err(e) => return Some(Err(e)),
    };
    if written.date.is_some() {
        return None;
    }
    let date = match year {
        Some(year) => Date::new(year, month, day).map(Some),
        // A year-less date is checked against a leap year; its own year comes later.
        None => Date::new(2000, month, day).map(|_| None),
    };
    match date {
        Ok(date) => written.date = date,
        Err(e) => {
            return Some(Err(TimeError(format!(
                "`{}` is not a valid date: {e}",
                text[..date_len].trim()
            ))));
        }
    }
    if year.is_none() {
        written.month_day = Some((month, day));
    }
    written.original = format!("{}{}", &text[..date_len], written.original);
    written.len += date_len;
    Some(Ok(written))
}

/// Why the date with slashes that `text` begins with (`14/03/2024`, `3/14`) is not read:
/// which way round it is, or that it cannot be known; and the bytes it takes.
fn slash_date(text: &str) -> Option<SlashDate> {
    let date = crate::regex!(r"^(\d{1,2})/(\d{1,2})(?:/\d{2,4})?").captures(text)?;
    let number = |i: usize| date.get(i).and_then(|n| n.as_str().parse::<u8>().ok());
    let (first, second) = (number(1)?, number(2)?);
    let day_or_month = |n: u8| (1..=31).contains(&n);
    let could_be = day_or_month(first) && day_or_month(second) && (first <= 12 || second <= 12);
    let shape = match (Some(first), Some(second)) {
        (Some(first), Some(second)) if first > 12 && second > 12 => "is no date",
        (Some(first), _) if first > 12 => {
            "is day/month here, but a date written so is month/day or day/month whenever the day is 12 or less"
        }
        (_, Some(second)) if second > 12 => {
            "is month/day here, but a date written so is month/day or day/month whenever the day is 12 or less"
        }
        _ => "could be month/day or day/month",
    };
    let written = date.get(0)?.as_str();
    let error = TimeError(format!(
        "`{written}` {shape}; write the date year first, e.g. `2024-01-26`"
    ));
    Some(SlashDate {
        error,
        len: written.len(),
        could_be,
    })
}

/// A date written with slashes, which is not read: why, the bytes it takes, and whether
/// it could be a date at all (`50/50` is a ratio).
struct SlashDate {
    error: TimeError,
    len: usize,
    could_be: bool,
}

/// A date that names its month at the start of `text`, up to where its time begins:
/// `Jan 26 `, `Jan 26, 2024, `, `January 26th 2024 at `, `26 Jan 2024 `, `26/Jan/24 `,
/// `26-Jan-2024 `. The month, the day, the year if written, and the bytes it takes.
fn month_name_date(text: &str) -> Option<(i8, i8, Option<i16>, usize)> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    // Most lines begin with neither a month nor a day and a month.
    let month_between_marks = || {
        let mark = bytes.iter().position(|b| !b.is_ascii_digit());
        mark.is_some_and(|i| {
            (1..=2).contains(&i)
                && matches!(bytes[i], b'-' | b'/')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
        })
    };
    if first.is_ascii_alphabetic() {
        month_of(text)?;
    } else if !first.is_ascii_digit()
        || !(bytes.iter().take(5).any(|&b| b == b' ') || month_between_marks())
    {
        return None;
    }
    let caps = crate::regex!(
        r"(?i)^(?:(?:(?P<m1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[a-z]{3,9})\.?),?(?:\s+(?P<y>\d{4}))?|(?P<d3>\d{1,2})[-/](?P<m3>[a-z]{3,9})[-/](?P<y3>\d{4}|\d{2})),?\s+(?:at\s+)?"
    )
    .captures(text)?;
    let named = |names: [&str; 3]| names.iter().find_map(|n| caps.name(n));
    let month = month_of(named(["m1", "m2", "m3"])?.as_str())?;
    let day = named(["d1", "d2", "d3"])?.as_str().parse().ok()?;
    let year = match (caps.name("y"), caps.name("y3")) {
        (Some(y), _) => Some(y.as_str().parse().ok()?),
        // Jira's `14/Mar/24`: a year of two digits is read as POSIX `%y` reads it,
        // 69 to 99 in the last century.
        (None, Some(y)) if y.len() == 2 => {
            let yy = y.as_str().parse::<i16>().ok()?;
            Some(if yy >= 69 { 1900 + yy } else { 2000 + yy })
        }
        (None, Some(y)) => Some(y.as_str().parse().ok()?),
        (None, None) => None,
    };
    Some((month, day, year, caps.get(0)?.end()))
}

/// The `YYYY-MM-DD` a text starts with (a date, a timestamp or a file name).
pub fn leading_date(text: &str) -> Option<Date> {
    let caps = crate::regex!(r"^\s*(\d{4})-(\d{2})-(\d{2})").captures(text)?;
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<i64>().ok());
    Date::new(
        i16::try_from(num(1)?).ok()?,
        i8::try_from(num(2)?).ok()?,
        i8::try_from(num(3)?).ok()?,
    )
    .ok()
}

/// The date a front matter value gives, written as Start Time's may be: `2024-03-14`
/// (or a timestamp that begins with it), `2024/03/14`, `14.03.2024`, `Mar 14, 2024` or
/// `14 March 2024`, with its year and nothing else.
pub fn date_value(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(date) = leading_date(text) {
        // `2024-03-14`, or a time after it: `2024-03-14T10:00:00Z`, `2024-03-14 10:00`.
        let rest = text.get(10..).unwrap_or_default();
        let timestamp = rest
            .strip_prefix(['T', ' '])
            .is_some_and(|time| time.as_bytes().first().is_some_and(u8::is_ascii_digit));
        return (rest.is_empty() || timestamp).then_some(date);
    }
    // The readers of dates before a time need something after the date.
    let padded = format!("{text} ");
    let (month, day, year, len) = month_name_date(&padded).or_else(|| separated_date(&padded))?;
    if len != padded.len() {
        return None;
    }
    Date::new(year?, month, day).ok()
}

/// Whether `text` begins with the name of a month or a weekday (`Jan 26 10:04`, `Thu,
/// Jan 26`), as a cheap test.
pub fn begins_with_month_or_weekday(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && (month_of(text).is_some() || weekday_len(text).is_some())
}

/// The length of a weekday at the start of `text` (`Thursday, `, `Thu `), with what
/// follows it up to the date.
fn weekday_len(text: &str) -> Option<usize> {
    // Most lines begin with no weekday; they skip the pattern.
    let head = text.as_bytes().get(..3)?;
    if !WEEKDAYS
        .iter()
        .any(|day| day.as_bytes()[..3].eq_ignore_ascii_case(head))
    {
        return None;
    }
    let weekday = crate::regex!(
        r"(?i)^(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?-u:\b)\.?,?\s+"
    );
    weekday.find(text).map(|m| m.end())
}

/// The days of the week, from Monday.
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Why the weekday that `written` begins with is wrong for `date`, the day a date
/// without a year (`Mon Mar 14 09:12`) names once its year is known.
pub fn weekday_mismatch(written: &WrittenTime, date: Date) -> Option<TimeError> {
    let len = weekday_len(&written.original)?;
    wrong_weekday(&written.original[..len], date)
}

/// Why a weekday written before a date (`Friday, `) is wrong for it, when it is.
fn wrong_weekday(named: &str, date: Date) -> Option<TimeError> {
    let head = named.get(..3)?;
    let day = WEEKDAYS
        .iter()
        .position(|name| name[..3].eq_ignore_ascii_case(head))?;
    let actual = usize::try_from(date.weekday().to_monday_zero_offset()).ok()?;
    (day != actual).then(|| {
        let title = |name: &str| format!("{}{}", name[..1].to_uppercase(), &name[1..]);
        TimeError(format!(
            "{date} is a {}, not a {}; correct the date or the weekday",
            title(WEEKDAYS[actual]),
            title(WEEKDAYS[day]),
        ))
    })
}

/// A date written `2024/01/26` or `26.01.2024` at the start of `text`, up to where its
/// time begins, as [`month_name_date`] gives it. (`01/26/2024` is left alone: month or
/// day first cannot be told.)
fn separated_date(text: &str) -> Option<(i8, i8, Option<i16>, usize)> {
    let head = text.as_bytes().get(..6)?;
    // An ISO date is read here only before a comma or `at`; most are read as one with
    // their time, and skip the pattern.
    let iso_then_at = head[4] == b'-'
        && text.get(10..).is_some_and(|after| {
            let spaced = after.trim_start();
            after.starts_with(',')
                || (spaced.len() < after.len()
                    && spaced
                        .get(..2)
                        .is_some_and(|at| at.eq_ignore_ascii_case("at")))
        });
    if !(head[4] == b'/' || iso_then_at || head[1..3].contains(&b'.')) {
        return None;
    }
    // `2024-01-26 10:04` is read as one; `2024-01-26, 10:04` and `2024-01-26 at 10:04`
    // here.
    let caps = crate::regex!(
        r"(?i)^(?:(?:(?P<y1>\d{4})/(?P<m1>\d{1,2})/(?P<d1>\d{1,2})|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4}))(?:T|,?\s+(?:at\s+)?)|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?:,\s*(?:at\s+)?|\s+at\s+))"
    )
    .captures(text)?;
    let text_of = |names: [&str; 3]| Some(names.iter().find_map(|n| caps.name(n))?.as_str());
    let year: i16 = text_of(["y1", "y2", "y3"])?.parse().ok()?;
    let month: i8 = text_of(["m1", "m2", "m3"])?.parse().ok()?;
    let day: i8 = text_of(["d1", "d2", "d3"])?.parse().ok()?;
    Some((month, day, Some(year), caps.get(0)?.end()))
}

/// The month a word names (`Jan`, `January`, `Sept`), from 1.
fn month_of(word: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()?
        .as_bytes();
    if word.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| {
        m.as_bytes()
            .get(..word.len())
            .is_some_and(|m| m.eq_ignore_ascii_case(word))
    })?;
    i8::try_from(i + 1).ok()
}

/// A time with a numeric date, or none, at the very start of `text`.
fn numeric(trimmed: &str) -> Option<Result<WrittenTime, TimeError>> {
    // Most lines begin with a letter; they skip the pattern.
    if !trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-' || !c.is_ascii()) {
        return None;
    }
    let groups = match TimeGroups::scan(trimmed) {
        Scanned::Found(groups) => groups,
        Scanned::Absent => return None,
        Scanned::Unsure => TimeGroups::by_pattern(trimmed)?,
    };
    let whole = &trimmed[..groups.end];
    // `10:04` must not be the start of `10:045` or `10:04:5`.
    if trimmed[groups.end..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let num = |range: &Range<usize>| trimmed[range.clone()].parse::<i64>();
    let parsed = (|| {
        let date = match (
            groups.year.as_ref().map(num),
            groups.month.as_ref().map(num),
            groups.day.as_ref().map(num),
        ) {
            (Some(y), Some(mo), Some(d)) => {
                let (y, mo, d) = (y.ok()?, mo.ok()?, d.ok()?);
                Some(Date::new(
                    i16::try_from(y).unwrap_or(i16::MAX),
                    i8::try_from(mo).unwrap_or(i8::MAX),
                    i8::try_from(d).unwrap_or(i8::MAX),
                ))
            }
            _ => None,
        };
        let h = num(&groups.hour).ok()?;
        let mi = num(&groups.minute).ok()?;
        let s = groups
            .second
            .as_ref()
            .map(num)
            .transpose()
            .ok()?
            .unwrap_or(0);
        let frac = groups.fraction.clone().map_or(0, |r| {
            let digits = format!("{:0<9}", &trimmed[r]);
            digits.parse::<i32>().unwrap_or(0)
        });
        Some((date, h, mi, s, frac))
    })();
    let Some((date, h, mi, s, frac)) = parsed else {
        return Some(Err(TimeError(format!("`{whole}` is not a valid time"))));
    };
    let date = match date {
        Some(Ok(date)) => Some(date),
        Some(Err(e)) => {
            return Some(Err(TimeError(format!(
                "`{whole}` is not a valid date: {e}"
            ))));
        }
        None => None,
    };
    let mut len = groups.end;
    // A 12-hour time: `2:02 PM` is 14:02. After `14:30` or `0:30`, `PM` or `AM` is no
    // marker (`14:30 PM approved`: a product manager); a Start or End Time says so.
    let h = match meridiem(&trimmed[len..]) {
        Some((pm, used)) if (1..=12).contains(&h) => {
            len += used;
            match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                _ if pm => h + 12,
                _ => h,
            }
        }
        _ => h,
    };
    let time = match Time::new(
        i8::try_from(h).unwrap_or(i8::MAX),
        i8::try_from(mi).unwrap_or(i8::MAX),
        i8::try_from(s).unwrap_or(i8::MAX),
        frac,
    ) {
        Ok(time) => time,
        Err(_) => {
            return Some(Err(TimeError(format!(
                "`{whole}` is not a valid time of day"
            ))));
        }
    };
    // In parentheses, only a zone counts (`(CET/CEST)` is a remark here; Start and End
    // Time say what is wrong with it).
    let in_parentheses = || zone_in_parentheses(&trimmed[len..]).filter(Result::is_ok);
    let zone = match zone(&trimmed[len..]).or_else(in_parentheses) {
        Some(Ok((zone, used))) => {
            len += used;
            Some(zone)
        }
        Some(Err(e)) => return Some(Err(e)),
        None => None,
    };
    Some(Ok(WrittenTime {
        date,
        month_day: None,
        time,
        zone,
        original: trimmed[..len].trim().to_string(),
        len,
    }))
}

/// An `AM` or `PM` (or `am`, `a.m.`, `p.m.`) right after a time: whether it is PM, and
/// the bytes it takes with the spaces before it.
fn meridiem(rest: &str) -> Option<(bool, usize)> {
    let word = rest.trim_start_matches([' ', '\t']);
    let spaces = rest.len() - word.len();
    let (pm, marker) = [("am", false), ("pm", true), ("a.m.", false), ("p.m.", true)]
        .into_iter()
        .find(|(marker, _)| {
            word.as_bytes()
                .get(..marker.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(marker.as_bytes()))
        })
        .map(|(marker, pm)| (pm, marker.len()))?;
    // `10:04 amber` is no `AM`.
    let after = word[marker..].chars().next();
    if after.is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    Some((pm, spaces + marker))
}

/// The pattern of a leading time, for text the hand scanner cannot be sure of.
const LEADING: &str = r"^(?:(?P<y>[+-]?\d{4,})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:T|[ \t]+|,[ \t]*))?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?";

/// Where the parts of a leading time are, as [`LEADING`] finds them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TimeGroups {
    year: Option<Range<usize>>,
    month: Option<Range<usize>>,
    day: Option<Range<usize>>,
    hour: Range<usize>,
    minute: Range<usize>,
    second: Option<Range<usize>>,
    fraction: Option<Range<usize>>,
    /// Where the time ends.
    end: usize,
}

/// What the hand scanner made of a line.
#[derive(Debug, PartialEq, Eq)]
enum Scanned {
    Found(TimeGroups),
    Absent,
    /// A character that is not ASCII stands where [`LEADING`] asks for a digit, and
    /// `\d` takes every script's digits: the pattern decides.
    Unsure,
}

impl TimeGroups {
    /// The groups as the pattern finds them.
    fn by_pattern(text: &str) -> Option<TimeGroups> {
        let caps = crate::regex!(LEADING).captures(text)?;
        let group = |name: &str| caps.name(name).map(|m| m.range());
        Some(TimeGroups {
            year: group("y"),
            month: group("mo"),
            day: group("d"),
            hour: group("h")?,
            minute: group("mi")?,
            second: group("s"),
            fraction: group("frac"),
            end: caps.get(0)?.end(),
        })
    }

    /// The groups found by hand, as [`LEADING`] would find them; every line of every
    /// timeline goes through here.
    fn scan(text: &str) -> Scanned {
        let bytes = text.as_bytes();
        // A run of at most `max` ASCII digits from `at`; `None` when a non-ASCII
        // character could continue it.
        let run = |at: usize, max: usize| -> Option<usize> {
            let count = bytes
                .get(at..)
                .unwrap_or_default()
                .iter()
                .take(max)
                .take_while(|b| b.is_ascii_digit())
                .count();
            match bytes.get(at + count) {
                Some(b) if count < max && !b.is_ascii() => None,
                _ => Some(count),
            }
        };
        // The date, when the line starts with one; `None` when unsure.
        let date = (|| -> Option<Option<TimeGroups>> {
            let sign = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
            let year = run(sign, usize::MAX)?;
            if year < 4 || bytes.get(sign + year) != Some(&b'-') {
                return Some(None);
            }
            let month_at = sign + year + 1;
            let month = run(month_at, 2)?;
            if month == 0 || bytes.get(month_at + month) != Some(&b'-') {
                return Some(None);
            }
            let day_at = month_at + month + 1;
            let day = run(day_at, 2)?;
            let blanks = |at: usize| {
                at + bytes[at..]
                    .iter()
                    .take_while(|b| matches!(b, b' ' | b'\t'))
                    .count()
            };
            let at = day_at + day;
            let time_at = match bytes.get(at) {
                _ if day == 0 => return Some(None),
                Some(b'T') => at + 1,
                Some(b' ' | b'\t') => blanks(at),
                Some(b',') => blanks(at + 1),
                _ => return Some(None),
            };
            let groups = TimeGroups {
                year: Some(0..sign + year),
                month: Some(month_at..month_at + month),
                day: Some(day_at..day_at + day),
                ..TimeGroups::at(time_at)
            };
            Some(Some(groups))
        })();
        // Without its date, a line that starts with four digits and a dash never starts
        // with a time either: one try is enough.
        let Some(groups) = date else {
            return Scanned::Unsure;
        };
        match Self::scan_time(bytes, groups.unwrap_or_else(|| TimeGroups::at(0)), &run) {
            Some(found) => found.map_or(Scanned::Absent, Scanned::Found),
            None => Scanned::Unsure,
        }
    }

    /// No groups yet, the time to be read from `at`.
    fn at(at: usize) -> TimeGroups {
        TimeGroups {
            year: None,
            month: None,
            day: None,
            hour: at..at,
            minute: at..at,
            second: None,
            fraction: None,
            end: at,
        }
    }

    /// `hh:mm[:ss[.fff]]` from `groups.end`, added to `groups`; `None` when unsure.
    fn scan_time(
        bytes: &[u8],
        mut groups: TimeGroups,
        run: &dyn Fn(usize, usize) -> Option<usize>,
    ) -> Option<Option<TimeGroups>> {
        let at = groups.end;
        let hour = run(at, 2)?;
        if hour == 0 || bytes.get(at + hour) != Some(&b':') {
            return Some(None);
        }
        let minute_at = at + hour + 1;
        if run(minute_at, 2)? < 2 {
            return Some(None);
        }
        groups.hour = at..at + hour;
        groups.minute = minute_at..minute_at + 2;
        groups.end = minute_at + 2;
        if bytes.get(groups.end) == Some(&b':') {
            let second_at = groups.end + 1;
            if run(second_at, 2)? == 2 {
                groups.second = Some(second_at..second_at + 2);
                groups.end = second_at + 2;
                if matches!(bytes.get(groups.end), Some(b'.' | b',')) {
                    let fraction_at = groups.end + 1;
                    let fraction = run(fraction_at, 9)?;
                    if fraction > 0 {
                        groups.fraction = Some(fraction_at..fraction_at + fraction);
                        groups.end = fraction_at + fraction;
                    }
                }
            }
        }
        Some(Some(groups))
    }
}

/// The zone in a note in parentheses, as in a header cell `Time (UTC)`, a label
/// `Start Time (Europe/Berlin):` or a heading `Rollback Time (UTC)`: the whole note, or
/// one that only says the times are in it (`(all times UTC)`, `(times in CET)`).
pub fn zone_note(text: &str) -> Option<String> {
    let note = crate::regex!(r"\(([^()]+)\)")
        .captures(text)?
        .get(1)?
        .as_str()
        .trim();
    let said = crate::regex!(
        r"(?i)^(?:(?:all|times?|are|shown|given|in|time\s*zone|zone|tz)(?:\s+|\s*:\s*))*(\S+)$"
    )
    .captures(note)
    .and_then(|caps| caps.get(1))
    .map_or(note, |zone| zone.as_str());
    [note, said].into_iter().find_map(|zone| {
        let probe = format!("00:00 {zone}");
        match leading(&probe)? {
            Ok(written) if written.zone.is_some() && written.len == probe.len() => {
                Some(zone.to_string())
            }
            _ => None,
        }
    })
}

/// Reads a complete Start/End Time value: a date, a time and an optional zone, then
/// nothing but an optional remark in parentheses.
pub fn full(value: &str) -> Result<WrittenTime, TimeError> {
    let value = value.trim();
    let mut written = match leading(value) {
        Some(result) => result?,
        None => {
            return Err(TimeError(if value.is_empty() {
                "no time is given".to_string()
            } else if let Some(date) = slash_date(value) {
                date.error.0
            } else {
                format!("`{value}` is not a time")
            }));
        }
    };
    // The year last, as Unix `date` writes it: `Thu Mar 14 09:12:00 UTC 2024`.
    if let Some((month, day)) = written.month_day
        && let Some(year) = crate::regex!(r"^\s+(\d{4})\b").captures(&value[written.len..])
        && let Some(digits) = year.get(1)
        && let Ok(date) = Date::new(digits.as_str().parse().unwrap_or(0), month, day)
    {
        written.date = Some(date);
        written.month_day = None;
        written.len += digits.end();
        written.original = value[..written.len].to_string();
        if let Some(wrong) = weekday_mismatch(&written, date) {
            return Err(wrong);
        }
    }
    if written.month_day.is_some() {
        return Err(TimeError(format!(
            "`{}` has no year; add it after the day, e.g. `Jan 26 2024 10:00 UTC`",
            written.original
        )));
    }
    if written.date.is_none() {
        let rest = &value[written.len..];
        let date_after = crate::regex!(
            r"(?i)\b(?:\d{4}-\d{2}-\d{2}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
        );
        return Err(TimeError(if date_after.is_match(rest) {
            format!(
                "`{}` has no date before it; write the date first, e.g. `2024-01-26 {}`",
                written.original, written.original
            )
        } else {
            format!("`{}` has no date", written.original)
        }));
    }
    let rest = value[written.len..].trim();
    // A misspelt zone in parentheses is no remark.
    if written.zone.is_none()
        && let Some(Err(e)) = zone_in_parentheses(rest)
    {
        return Err(e);
    }
    if meridiem(rest).is_some() {
        return Err(TimeError(format!(
            "`{} {}` is not a valid 12-hour time",
            written.original,
            rest.split_whitespace().next().unwrap_or(rest)
        )));
    }
    // An HTML tag (`<br>`, from a page pasted in) shows no text.
    let remark = rest.is_empty()
        || rest.starts_with(['(', '—', '–', ';', ','])
        || rest.starts_with("- ")
        || rest.starts_with("-- ")
        || crate::regex!(r"^</?[A-Za-z][^<>]*>").is_match(rest);
    if !remark {
        let word = rest.split_whitespace().next().unwrap_or(rest);
        return Err(TimeError(format!(
            "`{word}` after `{}` is not a time zone this tool knows",
            written.original
        )));
    }
    // A date the calendar has but no instant can hold (`9999-12-31`) would be dropped.
    if let Some(date) = written.date
        && written.resolve(date, &TimeZone::UTC).is_err()
    {
        return Err(TimeError(format!(
            "`{}` is beyond the dates this tool reads (up to about the end of 9999-12-30 UTC)",
            written.original
        )));
    }
    Ok(written)
}

/// A zone in parentheses right after a time (`14:02 (UTC)`), and the bytes it takes with
/// the spaces before it; an error for a zone-shaped name that is none (`(Europe/Berln)`).
/// Anything else in parentheses is a remark, and `None`.
fn zone_in_parentheses(text: &str) -> Option<Result<(WrittenZone, usize), TimeError>> {
    let open = text.trim_start_matches([' ', '\t']);
    let inner = open.strip_prefix('(')?;
    let name = &inner[..inner.find(')')?];
    // `(+15)` is more likely a count than an offset.
    if name.starts_with(['+', '-']) && !name.contains(':') {
        return None;
    }
    match zone(name)? {
        Ok((zone, used)) if used == name.len() => {
            Some(Ok((zone, text.len() - open.len() + name.len() + 2)))
        }
        Ok(_) => None,
        Err(e) => Some(Err(e)),
    }
}

/// Reads a zone at the start of `text` (after optional spaces): `Z`, `UTC`, `GMT+2`,
/// `+02:00`, `[Europe/Berlin]`, `Europe/Berlin` or a common abbreviation.
fn zone(text: &str) -> Option<Result<(WrittenZone, usize), TimeError>> {
    match zone_by_hand(text) {
        Some(found) => found,
        None => zone_by_pattern(text),
    }
}

/// `UTC` (the zone nearly every timeline line has), an offset (`+02:00`), a zone name
/// (`Europe/Berlin`) or an abbreviation (`CET`) at the start of `text`, or no zone at all
/// (`- DB failover`, `— deploy`), read as the zone pattern reads it. `None` when the
/// pattern must decide: `UTC` with an offset, `[…]`, or a character that is not ASCII
/// where the pattern asks for a digit.
fn zone_by_hand(text: &str) -> Option<Option<Result<(WrittenZone, usize), TimeError>>> {
    let blanks = text.len() - text.trim_start_matches([' ', '\t']).len();
    let rest = &text[blanks..];
    let bytes = rest.as_bytes();
    let Some(&first) = bytes.first() else {
        return Some(None);
    };
    // Lower case too (`14:02 utc`), but not `z`, a word of its own.
    let utc = ["UTC", "GMT", "Z", "utc", "gmt"]
        .into_iter()
        .find(|l| rest.starts_with(l));
    let (len, tz) = match (first, utc) {
        (sign @ (b'+' | b'-'), _) => {
            // Two ASCII digits at `at`; `None` when a character that is not ASCII could
            // be a digit.
            let two_digits = |at: usize| -> Option<bool> {
                let pair = bytes.get(at..at + 2).unwrap_or(bytes.get(at..)?);
                if pair.iter().any(|b| !b.is_ascii()) {
                    return None;
                }
                Some(pair.len() == 2 && pair.iter().all(u8::is_ascii_digit))
            };
            if !two_digits(1)? {
                return Some(None);
            }
            let minutes_at = match bytes.get(3) {
                Some(b':') if two_digits(4)? => Some(4),
                Some(b':') => None,
                _ if two_digits(3)? => Some(3),
                _ => None,
            };
            let len = minutes_at.map_or(3, |at| at + 2);
            let number =
                |at: usize| i32::from(bytes[at] - b'0') * 10 + i32::from(bytes[at + 1] - b'0');
            let tz = fixed_offset(sign == b'-', number(1), minutes_at.map_or(0, number));
            (len, tz)
        }
        (_, Some(utc)) => {
            let len = utc.len();
            // With an offset (`UTC+2`), the pattern decides.
            if rest[len..]
                .trim_start_matches([' ', '\t'])
                .starts_with(['+', '-'])
            {
                return None;
            }
            (len, Some(TimeZone::UTC))
        }
        (letter, None) if letter.is_ascii_alphabetic() => match named_zone(rest) {
            None => return Some(None),
            Some(Err(e)) => return Some(Some(Err(e))),
            Some(Ok(found)) => found,
        },
        (b'[', _) => return None,
        // Every zone starts with a sign, a letter or a bracket.
        _ => return Some(None),
    };
    if rest[len..].starts_with(char::is_alphanumeric) {
        return Some(None);
    }
    let label = rest[..len].to_string();
    Some(Some(match tz {
        Some(tz) => Ok((WrittenZone { label, tz }, blanks + len)),
        None => Err(TimeError(format!("`{label}` is not a valid time zone"))),
    }))
}

/// A zone name (`Europe/Berlin`) or a known abbreviation (`CET`) at the start of `rest`:
/// its length and zone (`None` for an offset out of range). `None` when the text is
/// neither, and an error for a name the IANA database does not know.
fn named_zone(rest: &str) -> Option<Result<(usize, Option<TimeZone>), TimeError>> {
    let bytes = rest.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let name_part = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-');
    let mut end = letters;
    while bytes.get(end) == Some(&b'/') && bytes.get(end + 1).is_some_and(name_part) {
        end += 1 + bytes[end + 1..].iter().take_while(|b| name_part(b)).count();
    }
    if end > letters {
        if rest[end..].starts_with(char::is_alphanumeric) {
            return None;
        }
        return Some(iana_zone(&rest[..end]).map(|tz| (end, Some(tz))));
    }
    // An abbreviation: two to five capitals, then no letter or digit.
    let capitals = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let len = capitals.min(5);
    if capitals < 2 || rest[len..].starts_with(char::is_alphanumeric) {
        return None;
    }
    Some(Ok((len, abbreviation_zone(&rest[..len])?)))
}

/// The IANA zone `name`, or an error that says the database does not know it.
fn iana_zone(name: &str) -> Result<TimeZone, TimeError> {
    TimeZone::get(name)
        .map_err(|_| TimeError(format!("`{name}` is not a time zone in the IANA database")))
}

/// The fixed zone of a known abbreviation (`CET`; `Some(None)` if its offset were out
/// of range); `None` for other capitalised words (`DB`, `API`), which are text.
fn abbreviation_zone(abbr: &str) -> Option<Option<TimeZone>> {
    if let Some(name) = generic_zone(abbr) {
        return Some(TimeZone::get(name).ok());
    }
    let hours = abbreviation_offset(abbr)?;
    Some(
        Offset::from_seconds((hours * 3600.0) as i32)
            .ok()
            .map(TimeZone::fixed),
    )
}

/// The fixed zone `±h:m`, when it is one (up to 18 hours).
fn fixed_offset(negative: bool, h: i32, m: i32) -> Option<TimeZone> {
    if h > 18 || m > 59 {
        return None;
    }
    let secs = (h * 3600 + m * 60) * if negative { -1 } else { 1 };
    Offset::from_seconds(secs).ok().map(TimeZone::fixed)
}

/// [`zone`], read with the zone pattern.
fn zone_by_pattern(text: &str) -> Option<Result<(WrittenZone, usize), TimeError>> {
    let pattern = crate::regex!(
        r"^[ \t]*(?:(?P<utc>Z|UTC|GMT|utc|gmt)(?:[ \t]*(?P<usign>[+-])(?P<uh>\d{1,2})(?::?(?P<um>\d{2}))?)?|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?|\[(?P<bracket>[^\]\s]+)\]|(?P<iana>[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)|(?P<abbr>[A-Z]{2,5}))"
    );
    let caps = pattern.captures(text)?;
    let whole = caps.get(0)?;
    // A zone is a whole word: `UTCx` or `ABCDEF` are not zones.
    if text[whole.end()..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let label = whole.as_str().trim().to_string();
    let fixed = |sign: &str, h: &str, m: Option<&str>| -> Option<TimeZone> {
        let h: i32 = h.parse().ok()?;
        let m: i32 = m.map_or(Some(0), |m| m.parse().ok())?;
        fixed_offset(sign == "-", h, m)
    };
    let tz = if caps.name("utc").is_some() {
        match (caps.name("usign"), caps.name("uh")) {
            (Some(sign), Some(h)) => fixed(
                sign.as_str(),
                h.as_str(),
                caps.name("um").map(|m| m.as_str()),
            ),
            _ => Some(TimeZone::UTC),
        }
    } else if let (Some(sign), Some(h)) = (caps.name("sign"), caps.name("oh")) {
        fixed(
            sign.as_str(),
            h.as_str(),
            caps.name("om").map(|m| m.as_str()),
        )
    } else if let Some(name) = caps.name("bracket").or_else(|| caps.name("iana")) {
        // The `iana` group always holds a `/`: a name, never a word of text.
        match iana_zone(name.as_str()) {
            Ok(tz) => Some(tz),
            Err(e) => return Some(Err(e)),
        }
    } else if let Some(abbr) = caps.name("abbr") {
        abbreviation_zone(abbr.as_str())?
    } else {
        None
    };
    match tz {
        Some(tz) => Some(Ok((WrittenZone { label, tz }, whole.end()))),
        None => Some(Err(TimeError(format!(
            "`{label}` is not a valid time zone"
        )))),
    }
}

/// The US zones people name without saying whether standard or daylight time (`PT`):
/// their IANA zones, which know which one a date falls in.
fn generic_zone(abbr: &str) -> Option<&'static str> {
    Some(match abbr {
        "PT" => "America/Los_Angeles",
        "MT" => "America/Denver",
        "CT" => "America/Chicago",
        "ET" => "America/New_York",
        _ => return None,
    })
}

/// Fixed UTC offsets, in hours, of the zone abbreviations people write in incident
/// timelines. `CST` is read as US Central.
pub fn abbreviation_offset(abbr: &str) -> Option<f64> {
    Some(match abbr {
        "WET" => 0.0,
        "WEST" | "BST" | "CET" => 1.0,
        "CEST" | "EET" | "SAST" => 2.0,
        "EEST" | "MSK" => 3.0,
        "IST" => 5.5,
        "SGT" | "HKT" | "AWST" => 8.0,
        "JST" | "KST" => 9.0,
        "ACST" => 9.5,
        "AEST" => 10.0,
        "ACDT" => 10.5,
        "AEDT" => 11.0,
        "NZST" => 12.0,
        "NZDT" => 13.0,
        "HST" => -10.0,
        "AKST" => -9.0,
        "AKDT" | "PST" => -8.0,
        "PDT" | "MST" => -7.0,
        "MDT" | "CST" => -6.0,
        "CDT" | "EST" => -5.0,
        "EDT" => -4.0,
        "BRT" => -3.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> String {
        let written = full(text).unwrap();
        written
            .resolve(Date::constant(2000, 1, 1), &TimeZone::UTC)
            .unwrap()
            .to_string()
    }

    /// A note gives a zone when it is one, or only says the times are in one.
    #[test]
    fn zone_notes() {
        for (note, zone) in [
            ("Time (UTC)", Some("UTC")),
            ("Timeline (all times UTC):", Some("UTC")),
            ("Timeline (time zone: CET):", Some("CET")),
            (
                "Timeline (times shown in Europe/Berlin):",
                Some("Europe/Berlin"),
            ),
            ("Execution (times in CET, not UTC)", None),
            ("We paged the DBA (Dana, in CET):", None),
            ("Start (scheduled)", None),
            ("(all times approximate)", None),
        ] {
            assert_eq!(zone_note(note).as_deref(), zone, "{note}");
        }
    }

    #[test]
    fn common_formats() {
        assert_eq!(utc("2024-01-26 10:00 UTC"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26T10:00:00Z"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26T11:00:00+01:00"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26 11:00 CET"), "2024-01-26T10:00:00Z");
        assert_eq!(
            utc("2024-07-26 12:00 Europe/Berlin"),
            "2024-07-26T10:00:00Z"
        );
        assert_eq!(
            utc("2024-07-26T12:00[Europe/Berlin]"),
            "2024-07-26T10:00:00Z"
        );
        assert_eq!(
            utc("2024-01-26 05:00 EST (approx.)"),
            "2024-01-26T10:00:00Z"
        );
        assert_eq!(utc("2024-01-26 10:00"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26 12:30 UTC+2:30"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26 10:00:30.5 GMT"), "2024-01-26T10:00:30.5Z");
        assert_eq!(utc("2024-01-26 10:00 utc"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26 12:00 utc+2"), "2024-01-26T10:00:00Z");
        assert!(
            full("2024-01-26 10:00 utc")
                .is_ok_and(|t| t.zone.is_some_and(|z| z.tz == TimeZone::UTC))
        );
    }

    #[test]
    fn dates_that_name_the_month() {
        assert_eq!(utc("Jan 26, 2024 10:00 UTC"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("26 January 2024, 11:00 CET"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("Sept 3rd 2024 at 2:00 PM"), "2024-09-03T14:00:00Z");
        let written = leading("Nov 21 14:02 UTC — paged").unwrap().unwrap();
        assert_eq!(written.month_day, Some((11, 21)));
        assert_eq!(written.original, "Nov 21 14:02 UTC");
        assert_eq!(written.len, "Nov 21 14:02 UTC".len());
        // A weekday before a date.
        assert_eq!(
            utc("Thursday, March 14, 2024 9:12 AM UTC"),
            "2024-03-14T09:12:00Z"
        );
        assert_eq!(utc("Thu 2024-03-14 09:12 UTC"), "2024-03-14T09:12:00Z");
        // Jira's and Oracle's day-month-year, and Notion's mention of a date.
        assert_eq!(utc("14/Mar/24 9:12 AM UTC"), "2024-03-14T09:12:00Z");
        assert_eq!(utc("14-MAR-2024 09:12 UTC"), "2024-03-14T09:12:00Z");
        assert_eq!(utc("14-MAR-99 09:12 UTC"), "1999-03-14T09:12:00Z");
        assert_eq!(utc("@March 14, 2024 9:12 AM (UTC)"), "2024-03-14T09:12:00Z");
        let written = leading("@Mar 14, 2024 9:12 AM UTC — paged")
            .unwrap()
            .unwrap();
        assert_eq!(written.original, "Mar 14, 2024 9:12 AM UTC");
        assert_eq!(written.len, "@Mar 14, 2024 9:12 AM UTC".len());
        assert_eq!(
            date_value("14-Mar-2024"),
            Some(jiff::civil::date(2024, 3, 14))
        );
        let written = leading("Fri. Mar 15 2024 10:00 — x").unwrap().unwrap();
        assert_eq!(written.original, "Fri. Mar 15 2024 10:00");
        for text in [
            "May we roll back at 10:00?",
            "Mayday 10:00",
            "Jan 14:02 x",
            "12 monkeys 10:00",
            "Monday 10:00 standup",
            "Monitoring 2024-03-14 10:00",
            "@here 10:00",
            "@ Mar 14, 2024 10:00",
            "1-March 10:00",
            "14/Mar/4 10:00",
        ] {
            assert!(leading(text).is_none(), "{text}");
        }
    }

    #[test]
    fn dates_with_slashes_or_dots_and_zones_in_parentheses() {
        assert_eq!(utc("2024/01/26 10:00 UTC"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("26.01.2024, 11:00 CET"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26 at 10:00 UTC"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26, 10:00 UTC"), "2024-01-26T10:00:00Z");
        assert_eq!(utc("2024-01-26 \tat 10:00 UTC"), "2024-01-26T10:00:00Z");
        assert_eq!(
            leading("2024-01-26 at 10:00 — x")
                .unwrap()
                .unwrap()
                .original,
            "2024-01-26 at 10:00"
        );
        assert_eq!(utc("2024-01-26 10:00 (UTC)"), "2024-01-26T10:00:00Z");
        let text = "14:02:33 (UTC) Alert";
        let written = leading(text).unwrap().unwrap();
        assert!(written.zone.is_some());
        assert_eq!(&text[written.len..], " Alert");
        // A remark in parentheses is no zone; a month-or-day-first date is no date.
        let text = "14:02 (approx.) Alert";
        assert_eq!(
            &text[leading(text).unwrap().unwrap().len..],
            " (approx.) Alert"
        );
        assert!(
            leading("01/26/2024 10:00")
                .unwrap()
                .unwrap_err()
                .0
                .contains("is month/day here")
        );
        for text in ["10:42 (+15) traffic normal", "10:42 (CET/CEST) paged"] {
            assert!(leading(text).unwrap().unwrap().zone.is_none(), "{text}");
        }
    }

    #[test]
    fn the_year_may_come_last_as_unix_date_writes_it() {
        let read = full("Thu Mar 14 09:12:00 UTC 2024").unwrap();
        assert_eq!(read.date, Some(jiff::civil::date(2024, 3, 14)));
        assert_eq!(read.original, "Thu Mar 14 09:12:00 UTC 2024");
        assert!(full("Fri Mar 14 09:12:00 UTC 2024").is_err());
        assert!(
            full("Thu Mar 14 09:12:00 UTC")
                .unwrap_err()
                .0
                .contains("has no year")
        );
    }

    #[test]
    fn a_weekday_that_does_not_match_the_date_is_an_error() {
        assert_eq!(
            utc("Thursday, March 14, 2024 9:12 AM UTC"),
            "2024-03-14T09:12:00Z"
        );
        assert_eq!(utc("Thu 2024-03-14 09:12 UTC"), "2024-03-14T09:12:00Z");
        assert_eq!(
            full("Fri, March 14, 2024 9:12 AM UTC").unwrap_err().0,
            "2024-03-14 is a Thursday, not a Friday; correct the date or the weekday"
        );
        assert_eq!(
            full("tues. 2024-03-14 09:12 UTC").unwrap_err().0,
            "2024-03-14 is a Thursday, not a Tuesday; correct the date or the weekday"
        );
    }

    #[test]
    fn twelve_hour_times() {
        assert_eq!(utc("2024-01-26 2:38pm"), "2024-01-26T14:38:00Z");
        assert_eq!(utc("2024-01-26 2:38 P.M. UTC"), "2024-01-26T14:38:00Z");
        assert_eq!(utc("2024-01-26 12:05 AM"), "2024-01-26T00:05:00Z");
        assert_eq!(utc("2024-01-26 12:05 pm CET"), "2024-01-26T11:05:00Z");
        let written = leading("2:02 PM UTC: Alert fired").unwrap().unwrap();
        assert_eq!(
            (written.time.hour(), written.original.as_str()),
            (14, "2:02 PM UTC")
        );
        assert!(written.zone.is_some());
        // A word that starts with `am` is no `AM`.
        let written = leading("10:04 amber alert").unwrap().unwrap();
        assert_eq!(
            (written.time.hour(), written.original.as_str()),
            (10, "10:04")
        );
        // A 24-hour time before `PM` keeps it as text.
        let text = "14:30 PM approved the rollback";
        let written = leading(text).unwrap().unwrap();
        assert_eq!(
            (written.time.hour(), &text[written.len..]),
            (14, " PM approved the rollback")
        );
    }

    #[test]
    fn zone_presence_is_recorded() {
        assert!(full("2024-01-26 10:00").unwrap().zone.is_none());
        assert_eq!(
            full("2024-01-26 10:00 UTC").unwrap().zone.unwrap().tz,
            TimeZone::UTC
        );
        assert_ne!(
            full("2024-01-26 10:00 CET").unwrap().zone.unwrap().tz,
            TimeZone::UTC
        );
    }

    #[test]
    fn an_html_tag_after_a_time_is_no_zone() {
        for value in [
            "2024-03-14 09:12 UTC<br>",
            "2024-03-14 09:12 UTC <br/>",
            "2024-03-14 09:12 UTC</span>",
        ] {
            assert_eq!(full(value).unwrap().original, "2024-03-14 09:12 UTC");
        }
        assert!(full("2024-03-14 09:12 UTC <3").is_err());
    }

    #[test]
    fn bad_values_say_why() {
        let err = |s: &str| full(s).unwrap_err().0;
        assert!(err("").contains("no time"));
        assert!(err("yesterday morning").contains("not a time"));
        assert!(err("10:00 UTC").contains("no date"));
        assert!(err("2024-13-01 10:00").contains("not a valid date"));
        assert!(err("99999-01-01 10:00").contains("not a valid date"));
        assert!(err("2024-01-01 25:00").contains("time of day"));
        assert!(err("2024-01-01 10:00 XYZ").contains("not a time zone"));
        assert!(err("2024-01-01 14:38 PM").contains("12-hour"));
        assert!(err("2024-01-01 0:38 am").contains("12-hour"));
        assert!(err("2024-01-01 10:00 Mars/Olympus").contains("IANA"));
        assert!(err("2024-01-26 10:00 (Europe/Berln)").contains("IANA"));
        assert!(err("Jan 26 10:00 UTC").contains("has no year"));
        assert!(err("Feb 30, 2024 10:00").contains("not a valid date"));
        assert!(err("Feb 30 10:00").contains("not a valid date"));
        assert!(err("2024/13/01 10:00").contains("not a valid date"));
        assert!(err("Jan 26, 2024 25:00").contains("time of day"));
        // What a tired on-call engineer writes.
        assert_eq!(
            err("2:40pm PST, Nov 26"),
            "`2:40pm PST` has no date before it; write the date first, e.g. `2024-01-26 2:40pm PST`"
        );
        assert_eq!(
            err("11/26/2026 2:40pm PST"),
            "`11/26/2026` is month/day here, but a date written so is month/day or day/month whenever the day is 12 or less; write the date year first, e.g. `2024-01-26`"
        );
        assert!(err("Nov 26 2:40pm PST").contains("add it after the day"));
        assert!(err("03/04/2024 10:00").contains("could be month/day or day/month"));
        assert!(err("13/13/2024 10:00").starts_with("`13/13/2024` is no date;"));
        assert_eq!(
            err("14/03/2024 2:40pm PST"),
            "`14/03/2024` is day/month here, but a date written so is month/day or day/month whenever the day is 12 or less; write the date year first, e.g. `2024-01-26`"
        );
    }

    #[test]
    fn us_zones_named_without_standard_or_daylight_follow_the_date() {
        assert_eq!(utc("2026-11-26 2:40 PM PT"), "2026-11-26T22:40:00Z");
        assert_eq!(utc("2026-07-04 2:40 PM PT"), "2026-07-04T21:40:00Z");
        assert_eq!(utc("2026-07-04 10:00 ET"), "2026-07-04T14:00:00Z");
        assert_eq!(utc("2026-01-04 10:00 CT"), "2026-01-04T16:00:00Z");
        assert_eq!(utc("2026-01-04 10:00 MT"), "2026-01-04T17:00:00Z");
    }

    #[test]
    fn leading_times_leave_the_rest() {
        // The time as written, and the rest of the line; brackets and a link's target
        // are no part of either.
        for (text, original, rest) in [
            ("10:04 UTC — alerts fired", "10:04 UTC", " — alerts fired"),
            ("10:04 - DB failover", "10:04", " - DB failover"),
            ("  [14:31 UTC] Golden", "14:31 UTC", " Golden"),
            (
                "[Nov 21 14:31](https://chat.example.com/p/1) Golden",
                "Nov 21 14:31",
                " Golden",
            ),
            (
                "[21st Nov 14:31](https://w.example.com/Foo_(bar)) Golden",
                "21st Nov 14:31",
                " Golden",
            ),
        ] {
            let written = leading(text).unwrap().unwrap();
            assert_eq!(
                (written.original.as_str(), &text[written.len..]),
                (original, rest)
            );
        }
        assert!(
            leading("10:04 - DB failover")
                .unwrap()
                .unwrap()
                .zone
                .is_none()
        );
        for text in [
            "Version 10:045",
            "see 10:04",
            "10:045 bytes",
            "[14:31 Golden",
            "[x] 14:31",
        ] {
            assert!(leading(text).is_none(), "{text}");
        }
    }

    #[test]
    fn digits_of_other_scripts_go_through_the_pattern() {
        assert_eq!(TimeGroups::scan("١٠:٠٤ x"), Scanned::Unsure);
        assert_eq!(TimeGroups::scan("2024-01-2٦ 10:00"), Scanned::Unsure);
        assert!(TimeGroups::by_pattern("١٠:٠٤ x").is_some());
        // The pattern finds them, and they are not numbers this tool reads.
        assert!(leading("١٠:٠٤ x").unwrap().is_err());
        assert!(matches!(
            TimeGroups::scan("2024-01-26 10:00 é"),
            Scanned::Found(_)
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The hand scanner finds what the pattern finds, and gives up only where a
        /// character that is not ASCII could be a digit.
        #[test]
        fn the_scanner_is_the_pattern(text in proptest::prop_oneof![
            "[-+0-9:., \tTa٣２é]{0,24}",
            "[-+]?[0-9]{3,5}[0-9٣]?-[0-9]{0,3}-[0-9]{0,2}[0-9٣]?(T|[ \t]{1,2}|,[ \t]?|a)[0-9]{0,2}[0-9٣]?:[0-9]{1,2}[0-9٣]?(:[0-9]{1,2}[0-9٣]?([.,][0-9]{0,10})?)?[ a0-9]?",
            "[0-9]{0,3}[0-9٣]?:[0-9]{1,3}(:[0-9]{1,3}([.,][0-9]{0,10}[0-9٣]?)?)?[ a0-9]?",
        ]) {
            let by_pattern = TimeGroups::by_pattern(&text);
            match TimeGroups::scan(&text) {
                Scanned::Found(groups) => proptest::prop_assert_eq!(Some(groups), by_pattern),
                Scanned::Absent => proptest::prop_assert_eq!(None, by_pattern),
                Scanned::Unsure => proptest::prop_assert!(!text.is_ascii()),
            }
        }

        /// A zone after a time, read by hand where it can be, is what the pattern reads.
        #[test]
        fn zones_are_the_pattern(text in "[ \t]{0,2}([-+\\[\\]a-zA-Z٣é0-9 /:—]|UTC|GMT|utc|gmt|CET|Z|\\[Europe/Berlin\\]){0,5}") {
            let summary = |found: Option<Result<(WrittenZone, usize), TimeError>>| {
                found.map(|r| r.map(|(zone, used)| (zone.label, format!("{:?}", zone.tz), used)))
            };
            proptest::prop_assert_eq!(summary(zone(&text)), summary(zone_by_pattern(&text)), "{:?}", text);
        }

        /// Offsets, zone names and abbreviations read by hand are read as the pattern
        /// reads them.
        #[test]
        fn zones_by_hand_are_the_pattern(text in proptest::prop_oneof![
            "[ \t]{0,2}[-+][0-9٣:]{0,5}[ a0-9é—]{0,2}",
            "[ \t]{0,2}(CET|CEST|PST|EST|JST|BST|ABCDEF|Cet|DB|[A-Za-z]{1,6})(/[A-Za-z0-9_+-]{0,8}){0,2}[/ a0-9é—]{0,2}",
            "[ \t]{0,2}(Europe/Berlin|America/New_York|Mars/Olympus|Etc/GMT+2|UTC|Z|GMT|utc|gmt|utc\\+2)[ a0-9é]{0,2}",
        ]) {
            let summary = |found: Option<Result<(WrittenZone, usize), TimeError>>| {
                found.map(|r| r.map(|(zone, used)| (zone.label, format!("{:?}", zone.tz), used)))
            };
            if let Some(by_hand) = zone_by_hand(&text) {
                proptest::prop_assert_eq!(summary(by_hand), summary(zone_by_pattern(&text)), "{:?}", text);
            }
        }
    }
}
