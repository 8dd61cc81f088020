//! Times as people write them in reports: `2024-01-26 10:00 UTC`, RFC 3339, a time of
//! day alone (`10:04`), with a named zone (`CET`, `Europe/Berlin`) or an offset.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

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

impl WrittenZone {
    /// Whether this zone is UTC itself (`UTC`, `Z`, `GMT`, `+00:00`).
    pub fn is_utc(&self) -> bool {
        matches!(
            self.label.as_str(),
            "UTC" | "Z" | "GMT" | "Etc/UTC" | "UTC+0" | "GMT+0"
        ) || self.tz.to_fixed_offset().is_ok_and(|o| o == Offset::UTC)
            && self.label.starts_with(['+', '-'])
    }
}

/// A time as written: an optional date, a time of day and an optional zone.
#[derive(Debug, Clone)]
pub struct WrittenTime {
    /// The date, when written.
    pub date: Option<Date>,
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
pub fn leading(text: &str) -> Option<Result<WrittenTime, TimeError>> {
    let pattern = crate::regex!(
        r"^(?:(?P<y>[+-]?\d{4,})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:T|[ \t]+|,[ \t]*))?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?"
    );
    let trimmed = text.trim_start();
    // Most lines begin with a letter; they skip the pattern.
    if !trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-' || !c.is_ascii()) {
        return None;
    }
    let skipped = text.len() - trimmed.len();
    let caps = pattern.captures(trimmed)?;
    let whole = caps.get(0)?;
    // `10:04` must not be the start of `10:045` or `10:04:5`.
    if trimmed[whole.end()..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let num = |name: &str| caps.name(name).map(|m| m.as_str().parse::<i64>());
    let parsed = (|| {
        let date = match (num("y"), num("mo"), num("d")) {
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
        let h = num("h")?.ok()?;
        let mi = num("mi")?.ok()?;
        let s = num("s").transpose().ok()?.unwrap_or(0);
        let frac = caps.name("frac").map_or(0, |m| {
            let digits = format!("{:0<9}", m.as_str());
            digits.parse::<i32>().unwrap_or(0)
        });
        Some((date, h, mi, s, frac))
    })();
    let Some((date, h, mi, s, frac)) = parsed else {
        return Some(Err(TimeError(format!(
            "`{}` is not a valid time",
            whole.as_str()
        ))));
    };
    let date = match date {
        Some(Ok(date)) => Some(date),
        Some(Err(e)) => {
            return Some(Err(TimeError(format!(
                "`{}` is not a valid date: {e}",
                whole.as_str()
            ))));
        }
        None => None,
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
                "`{}` is not a valid time of day",
                whole.as_str()
            ))));
        }
    };
    let mut len = whole.end();
    let zone = match zone(&trimmed[len..]) {
        Some(Ok((zone, used))) => {
            len += used;
            Some(zone)
        }
        Some(Err(e)) => return Some(Err(e)),
        None => None,
    };
    Some(Ok(WrittenTime {
        date,
        time,
        zone,
        original: trimmed[..len].trim().to_string(),
        len: skipped + len,
    }))
}

/// Reads a complete Start/End Time value: a date, a time and an optional zone, then
/// nothing but an optional remark in parentheses.
pub fn full(value: &str) -> Result<WrittenTime, TimeError> {
    let value = value.trim();
    let written = match leading(value) {
        Some(result) => result?,
        None => {
            return Err(TimeError(if value.is_empty() {
                "no time is given".to_string()
            } else {
                format!("`{value}` is not a time")
            }));
        }
    };
    if written.date.is_none() {
        return Err(TimeError(format!("`{}` has no date", written.original)));
    }
    let rest = value[written.len..].trim();
    let remark = rest.is_empty()
        || rest.starts_with(['(', '—', '–', ';', ','])
        || rest.starts_with("- ")
        || rest.starts_with("-- ");
    if crate::regex!(r"(?i)^[ap]\.?m\b\.?").is_match(rest) {
        return Err(TimeError(format!(
            "`{}{}` uses am/pm; write the 24-hour time",
            written.original,
            rest.split_whitespace().next().unwrap_or(rest)
        )));
    }
    if !remark {
        let word = rest.split_whitespace().next().unwrap_or(rest);
        return Err(TimeError(format!(
            "`{word}` after `{}` is not a time zone this tool knows",
            written.original
        )));
    }
    Ok(written)
}

/// Reads a zone at the start of `text` (after optional spaces): `Z`, `UTC`, `GMT+2`,
/// `+02:00`, `[Europe/Berlin]`, `Europe/Berlin` or a common abbreviation.
fn zone(text: &str) -> Option<Result<(WrittenZone, usize), TimeError>> {
    let pattern = crate::regex!(
        r"^[ \t]*(?:(?P<utc>Z|UTC|GMT)(?:[ \t]*(?P<usign>[+-])(?P<uh>\d{1,2})(?::?(?P<um>\d{2}))?)?|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?|\[(?P<bracket>[^\]\s]+)\]|(?P<iana>[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)|(?P<abbr>[A-Z]{2,5}))"
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
        if h > 18 || m > 59 {
            return None;
        }
        let secs = (h * 3600 + m * 60) * if sign == "-" { -1 } else { 1 };
        Offset::from_seconds(secs).ok().map(TimeZone::fixed)
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
        match TimeZone::get(name.as_str()) {
            Ok(tz) => Some(tz),
            Err(_) if caps.name("bracket").is_some() || name.as_str().contains('/') => {
                return Some(Err(TimeError(format!(
                    "`{}` is not a time zone in the IANA database",
                    name.as_str()
                ))));
            }
            Err(_) => None,
        }
    } else if let Some(abbr) = caps.name("abbr") {
        // Unknown capitalised words (`DB`, `API`) are text, not zones.
        let hours = abbreviation_offset(abbr.as_str())?;
        Offset::from_seconds((hours * 3600.0) as i32)
            .ok()
            .map(TimeZone::fixed)
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
    }

    #[test]
    fn zone_presence_is_recorded() {
        assert!(full("2024-01-26 10:00").unwrap().zone.is_none());
        assert!(full("2024-01-26 10:00 UTC").unwrap().zone.unwrap().is_utc());
        assert!(!full("2024-01-26 10:00 CET").unwrap().zone.unwrap().is_utc());
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
        assert!(err("2024-01-01 2:38pm").contains("am/pm"));
        assert!(err("2024-01-01 2:38 PM").contains("am/pm"));
        assert!(err("2024-01-01 10:00 Mars/Olympus").contains("IANA"));
    }

    #[test]
    fn leading_times_leave_the_rest() {
        let text = "10:04 UTC — alerts fired";
        let written = leading(text).unwrap().unwrap();
        assert_eq!(written.original, "10:04 UTC");
        assert_eq!(&text[written.len..], " — alerts fired");
        let text = "10:04 - DB failover";
        let written = leading(text).unwrap().unwrap();
        assert!(written.zone.is_none());
        assert_eq!(&text[written.len..], " - DB failover");
        assert!(leading("Version 10:045").is_none());
        assert!(leading("see 10:04").is_none());
        assert!(leading("10:045 bytes").is_none());
    }
}
