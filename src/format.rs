//! Small text formatting helpers shared by pages and the status probe.

use std::fmt::{self, Write as _};
use std::time::Duration;

/// e.g. "45 seconds", "1 minute", "3 hours".
pub fn human_duration(age: Duration) -> String {
    let secs = age.as_secs();
    let (n, unit) = match secs {
        0..60 => (secs, "second"),
        60..3600 => (secs / 60, "minute"),
        3600..86400 => (secs / 3600, "hour"),
        _ => (secs / 86400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// `text` with its first letter in upper case, e.g. "Quote sheet".
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Formats a count with thousands separators, e.g. `12,345`.
pub fn thousands(n: u64) -> String {
    Thousands(n).to_string()
}

/// A count written with thousands separators, e.g. `12,345`, straight into a page.
#[derive(Debug, Clone, Copy)]
pub struct Thousands(pub u64);

impl fmt::Display for Thousands {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digits = [0u8; 20];
        let mut n = self.0;
        let mut len = 0;
        loop {
            digits[len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for i in (0..len).rev() {
            f.write_char(char::from(digits[i]))?;
            if i > 0 && i % 3 == 0 {
                f.write_char(',')?;
            }
        }
        Ok(())
    }
}

/// `n` with thousands separators, for templates (which hand a number over by value or behind
/// references).
pub fn grouped(n: impl Count) -> Thousands {
    Thousands(n.count())
}

/// A count as templates hand it over: by value or behind any number of references.
pub trait Count {
    fn count(&self) -> u64;
}

impl Count for u32 {
    fn count(&self) -> u64 {
        u64::from(*self)
    }
}

impl Count for u64 {
    fn count(&self) -> u64 {
        *self
    }
}

impl<T: Count + ?Sized> Count for &T {
    fn count(&self) -> u64 {
        (**self).count()
    }
}

/// How many of a unit, e.g. "1 piece", "1,200 pieces", "20 boxes"; a unit that is not one of the
/// English count nouns sellers use (a Chinese 件, or "kg") is written as it comes.
pub fn quantity(count: impl Count, unit: &str) -> Quantity<'_> {
    Quantity {
        count: count.count(),
        unit,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Quantity<'a> {
    count: u64,
    unit: &'a str,
}

/// English count nouns that sellers price by, and their plurals.
const PLURALS: [(&str, &str); 22] = [
    ("bag", "bags"),
    ("barrel", "barrels"),
    ("bottle", "bottles"),
    ("box", "boxes"),
    ("bundle", "bundles"),
    ("can", "cans"),
    ("card", "cards"),
    ("carton", "cartons"),
    ("case", "cases"),
    ("dozen", "dozen"),
    ("meter", "meters"),
    ("pack", "packs"),
    ("pair", "pairs"),
    ("piece", "pieces"),
    ("roll", "rolls"),
    ("set", "sets"),
    ("sheet", "sheets"),
    ("strip", "strips"),
    ("ton", "tons"),
    ("tube", "tubes"),
    ("unit", "units"),
    ("yard", "yards"),
];

impl fmt::Display for Quantity<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Sources write "piece", "Piece" or "pieces" alike.
        let noun = PLURALS.iter().find(|(one, many)| {
            self.unit.eq_ignore_ascii_case(one) || self.unit.eq_ignore_ascii_case(many)
        });
        let unit = match noun {
            Some((one, _)) if self.count == 1 => one,
            Some((_, many)) => many,
            None => self.unit,
        };
        write!(f, "{} {unit}", Thousands(self.count))
    }
}

/// A Unix time as a minute in UTC, e.g. "2026-11-23 07:30 UTC".
pub fn utc_minute(unix_seconds: i64) -> String {
    match jiff::Timestamp::from_second(unix_seconds) {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => "unknown".to_string(),
    }
}

/// A Unix time in ISO 8601, UTC, e.g. "2026-11-23T07:30:00Z".
pub fn iso_utc(unix_seconds: i64) -> String {
    match jiff::Timestamp::from_second(unix_seconds) {
        Ok(t) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::from_secs(1)), "1 second");
        assert_eq!(human_duration(Duration::from_secs(150)), "2 minutes");
        assert_eq!(human_duration(Duration::from_secs(7200)), "2 hours");
    }

    #[test]
    fn times_read_in_utc() {
        assert_eq!(utc_minute(1_795_419_000), "2026-11-23 07:30 UTC");
        assert_eq!(iso_utc(1_795_419_000), "2026-11-23T07:30:00Z");
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn quantities_read_as_english_where_the_unit_is_english() {
        let q = |n: u32, unit: &str| quantity(n, unit).to_string();
        assert_eq!(q(1, "piece"), "1 piece");
        assert_eq!(q(20, "piece"), "20 pieces");
        assert_eq!(q(1200, "box"), "1,200 boxes");
        assert_eq!(q(2, "dozen"), "2 dozen");
        assert_eq!(q(1, "pieces"), "1 piece");
        assert_eq!(q(3, "Pair"), "3 pairs");
        // Units that are not English count nouns are written as the source gives them.
        assert_eq!(q(20, "件"), "20 件");
        assert_eq!(q(5, "kg"), "5 kg");
    }
}
