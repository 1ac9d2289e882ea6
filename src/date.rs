//! Calendar dates without a time zone: parsing the forms notices use, and today's date.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// A calendar date (no time zone): what notices and date rules speak in.
pub struct Date {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: u32,
}

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

/// Is `word` the name of a month, spelled out ("February", "may")?
pub(crate) fn is_month_name(word: &str) -> bool {
    MONTHS.iter().any(|m| m.eq_ignore_ascii_case(word))
}

impl Date {
    /// The date, or `None` when it does not exist (`2026-02-30`).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let max = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=max).contains(&day) && (1900..=2200).contains(&year)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Days since 1970-01-01 (Howard Hinnant's civil-from-days, inverted).
    pub(crate) fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub(crate) fn from_days(z: i64) -> Date {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today, or `INFORMED_TODAY` (YYYY-MM-DD) when set, so runs can be reproduced.
    pub fn today() -> Date {
        if let Ok(s) = std::env::var("INFORMED_TODAY")
            && let Some(d) = Date::parse(&s)
        {
            return d;
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days(secs.div_euclid(86_400))
    }

    /// "16 September 2019", "September 16, 2019", "2019-09-16", "16/09/2019", "Sept 2019".
    pub(crate) fn parse(s: &str) -> Option<Date> {
        let s = s.trim().trim_end_matches('.');
        let iso = s.get(..10).unwrap_or(s);
        if let [y, m, d] = iso.split('-').collect::<Vec<_>>()[..]
            && y.len() == 4
        {
            return Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        }
        if let [d, m, y] = s.split('/').collect::<Vec<_>>()[..]
            && y.len() == 4
        {
            return Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        }
        let words: Vec<String> = s
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect();
        let month_of = |w: &str| {
            MONTHS
                .iter()
                .position(|m| w.len() >= 3 && m.starts_with(w.trim_end_matches('.')))
                .map(|i| i as u32 + 1)
        };
        let day_of = |w: &str| {
            w.trim_end_matches(|c: char| c.is_alphabetic())
                .parse::<u32>()
                .ok()
        };
        match words.as_slice() {
            [a, b, y] => {
                let year = y.parse().ok()?;
                let day_first = || Date::new(year, month_of(b)?, day_of(a)?);
                let month_first = || Date::new(year, month_of(a)?, day_of(b)?);
                day_first().or_else(month_first)
            }
            [m, y] => Date::new(y.parse().ok()?, month_of(m)?, 1),
            _ => None,
        }
    }

    /// "16 September 2019".
    pub(crate) fn long(self) -> String {
        let m = MONTHS[(self.month - 1) as usize];
        format!(
            "{} {}{} {}",
            self.day,
            m[..1].to_uppercase(),
            &m[1..],
            self.year
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let d = Date::new(2019, 9, 16).unwrap();
        assert_eq!(Date::parse("16 September 2019"), Some(d));
        assert_eq!(Date::parse("September 16, 2019"), Some(d));
        assert_eq!(Date::parse("2019-09-16"), Some(d));
        assert_eq!(Date::parse("16/09/2019"), Some(d));
        assert_eq!(Date::parse("16th Sept 2019"), Some(d));
        assert_eq!(Date::parse("2019-02-30"), None);
        assert_eq!(d.long(), "16 September 2019");
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in [-1000, 0, 17000, 20000, 25000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
    }
}
