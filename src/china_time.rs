//! China Standard Time (UTC+8, no daylight saving): 1688's daily quotas reset at its midnight, and
//! its dates (token expiry) are written in it.

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// UTC+8, all year.
pub fn zone() -> TimeZone {
    TimeZone::fixed(jiff::tz::offset(8))
}

/// Today's date in China.
pub fn today() -> Date {
    jiff::Timestamp::now().to_zoned(zone()).date()
}

/// When the China day after `date` starts, in Unix seconds (a daily counter expires then).
pub fn day_ends_at(date: Date) -> i64 {
    date.tomorrow()
        .and_then(|next| next.to_zoned(zone()))
        .map_or(i64::MAX, |midnight| midnight.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_china_day_starts_at_midnight_utc_plus_8() {
        // 2025-12-01 15:59:59 UTC is 23:59:59 in China; one second later the next day starts.
        let before = jiff::Timestamp::from_second(1_764_604_799).unwrap();
        let after = jiff::Timestamp::from_second(1_764_604_800).unwrap();
        assert_eq!(before.to_zoned(zone()).date().to_string(), "2025-12-01");
        assert_eq!(after.to_zoned(zone()).date().to_string(), "2025-12-02");
        assert_eq!(
            day_ends_at(jiff::civil::date(2025, 12, 1)),
            after.as_second()
        );
    }
}
