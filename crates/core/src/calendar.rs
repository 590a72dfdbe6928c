//! Dates as readers expect them: `Sabtu, 07 Desember 2024 | 14:30 WIB`,
//! "2 jam lalu", in the portal's time zone and language.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The language of the reader site's labels and dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

impl Locale {
    /// The BCP 47 code, for `<html lang>` and feeds.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Id => "id",
            Locale::En => "en",
        }
    }
}

impl FromStr for Locale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "id" => Ok(Locale::Id),
            "en" => Ok(Locale::En),
            other => Err(format!("unknown locale {other:?}: use \"id\" or \"en\"")),
        }
    }
}

const DAYS_ID: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];
const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The portal's time zone, with the abbreviation Indonesian readers know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeZone {
    tz: chrono_tz::Tz,
}

impl TimeZone {
    /// Parses an IANA name such as `Asia/Jakarta`.
    pub fn parse(name: &str) -> Result<TimeZone, String> {
        name.parse::<chrono_tz::Tz>()
            .map(|tz| TimeZone { tz })
            .map_err(|_| {
                format!("unknown time zone {name:?}: use an IANA name such as Asia/Jakarta")
            })
    }

    /// The IANA name.
    pub fn name(&self) -> &'static str {
        self.tz.name()
    }

    /// A UTC time in this zone.
    pub fn local(&self, t: DateTime<Utc>) -> DateTime<chrono_tz::Tz> {
        t.with_timezone(&self.tz)
    }

    /// The first instant of a local calendar day.
    pub fn day_start(&self, date: chrono::NaiveDate) -> DateTime<Utc> {
        use chrono::TimeZone as _;
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        match self.tz.from_local_datetime(&midnight) {
            chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
                t.with_timezone(&Utc)
            }
            // A zone that skips midnight (a DST jump) starts the day an hour later.
            chrono::LocalResult::None => self
                .tz
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| midnight.and_utc()),
        }
    }

    /// A wall-clock time in this zone as UTC (the earlier one when the
    /// clock repeats; `None` when it skips that time).
    pub fn from_local(&self, local: chrono::NaiveDateTime) -> Option<DateTime<Utc>> {
        use chrono::TimeZone as _;
        self.tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }

    /// `WIB`, `WITA`, `WIT` for Indonesia's zones; otherwise the zone's own
    /// abbreviation at that time (`UTC`, `CET`, ...).
    pub fn abbreviation(&self, t: DateTime<Utc>) -> String {
        match self.tz.name() {
            "Asia/Jakarta" | "Asia/Pontianak" => "WIB".into(),
            "Asia/Makassar" => "WITA".into(),
            "Asia/Jayapura" => "WIT".into(),
            _ => self.local(t).format("%Z").to_string(),
        }
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        TimeZone {
            tz: chrono_tz::Asia::Jakarta,
        }
    }
}

/// The dateline under a headline: `Sabtu, 07 Desember 2024 | 14:30 WIB`.
pub fn format_dateline(t: DateTime<Utc>, tz: &TimeZone, locale: Locale) -> String {
    let local = tz.local(t);
    let weekday = local.weekday().num_days_from_monday() as usize;
    let month = local.month0() as usize;
    let (day_name, month_name) = match locale {
        Locale::Id => (DAYS_ID[weekday], MONTHS_ID[month]),
        Locale::En => (DAYS_EN[weekday], MONTHS_EN[month]),
    };
    format!(
        "{day_name}, {:02} {month_name} {} | {:02}:{:02} {}",
        local.day(),
        local.year(),
        local.hour(),
        local.minute(),
        tz.abbreviation(t)
    )
}

/// A time of day with its zone: `14:30 WIB`.
pub fn format_clock(t: DateTime<Utc>, tz: &TimeZone) -> String {
    let local = tz.local(t);
    format!(
        "{:02}:{:02} {}",
        local.hour(),
        local.minute(),
        tz.abbreviation(t)
    )
}

/// A calendar date: `7 Desember 2024`.
pub fn format_date(t: DateTime<Utc>, tz: &TimeZone, locale: Locale) -> String {
    let local = tz.local(t);
    let month = local.month0() as usize;
    let month_name = match locale {
        Locale::Id => MONTHS_ID[month],
        Locale::En => MONTHS_EN[month],
    };
    format!("{} {month_name} {}", local.day(), local.year())
}

/// How long ago, the way a news list says it: "baru saja", "5 menit lalu",
/// "2 jam lalu", "3 hari lalu"; older than a week, the date.
pub fn format_relative(
    t: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: &TimeZone,
    locale: Locale,
) -> String {
    let seconds = (now - t).num_seconds();
    let (amount, unit_id, unit_en) = match seconds {
        s if s < 60 => {
            return match locale {
                Locale::Id => "baru saja".into(),
                Locale::En => "just now".into(),
            };
        }
        s if s < 3_600 => (s / 60, "menit", "minute"),
        s if s < 86_400 => (s / 3_600, "jam", "hour"),
        s if s < 7 * 86_400 => (s / 86_400, "hari", "day"),
        _ => return format_date(t, tz, locale),
    };
    match locale {
        Locale::Id => format!("{amount} {unit_id} lalu"),
        Locale::En if amount == 1 => format!("1 {unit_en} ago"),
        Locale::En => format!("{amount} {unit_en}s ago"),
    }
}

/// A count with its thousands grouped as the locale writes them:
/// "952.386" in Indonesian, "952,386" in English.
pub fn format_count(n: u64, locale: Locale) -> String {
    let separator = match locale {
        Locale::Id => '.',
        Locale::En => ',',
    };
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands_as_the_locale_writes_them() {
        use super::{Locale, format_count};
        assert_eq!(format_count(952_386, Locale::Id), "952.386");
        assert_eq!(format_count(1_000_000, Locale::En), "1,000,000");
        assert_eq!(format_count(999, Locale::Id), "999");
        assert_eq!(format_count(0, Locale::En), "0");
        assert_eq!(format_count(12_345, Locale::Id), "12.345");
    }

    use super::*;
    use chrono::TimeZone as _;

    fn jakarta() -> TimeZone {
        TimeZone::default()
    }

    #[test]
    fn dateline_is_indonesian_in_wib() {
        let t = Utc.with_ymd_and_hms(2024, 12, 7, 7, 30, 0).unwrap();
        assert_eq!(
            format_dateline(t, &jakarta(), Locale::Id),
            "Sabtu, 07 Desember 2024 | 14:30 WIB"
        );
        assert_eq!(
            format_dateline(t, &jakarta(), Locale::En),
            "Saturday, 07 December 2024 | 14:30 WIB"
        );
    }

    #[test]
    fn other_zones_use_their_abbreviation() {
        let t = Utc.with_ymd_and_hms(2024, 12, 7, 7, 30, 0).unwrap();
        let makassar = TimeZone::parse("Asia/Makassar").unwrap();
        assert_eq!(
            format_dateline(t, &makassar, Locale::Id),
            "Sabtu, 07 Desember 2024 | 15:30 WITA"
        );
        let utc = TimeZone::parse("UTC").unwrap();
        assert!(format_dateline(t, &utc, Locale::Id).ends_with("07:30 UTC"));
        assert!(TimeZone::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 12, 8).unwrap();
        assert_eq!(
            jakarta().day_start(date),
            Utc.with_ymd_and_hms(2024, 12, 7, 17, 0, 0).unwrap()
        );
    }

    #[test]
    fn relative_times() {
        let now = Utc.with_ymd_and_hms(2024, 12, 7, 12, 0, 0).unwrap();
        let id = |secs: i64| {
            format_relative(
                now - chrono::Duration::seconds(secs),
                now,
                &jakarta(),
                Locale::Id,
            )
        };
        assert_eq!(id(10), "baru saja");
        assert_eq!(id(5 * 60), "5 menit lalu");
        assert_eq!(id(2 * 3600 + 59), "2 jam lalu");
        assert_eq!(id(3 * 86_400), "3 hari lalu");
        assert_eq!(id(30 * 86_400), "7 November 2024");
        let en = format_relative(
            now - chrono::Duration::hours(1),
            now,
            &jakarta(),
            Locale::En,
        );
        assert_eq!(en, "1 hour ago");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn every_time_formats_in_every_zone_and_language(
                seconds in -62_000_000_000i64..250_000_000_000i64,
                ago in 0i64..5_000_000_000i64,
                zone in prop::sample::select(vec!["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"]),
                english in any::<bool>(),
            ) {
                let Some(t) = chrono::DateTime::from_timestamp(seconds, 0) else { return Ok(()) };
                let tz = TimeZone::parse(zone).unwrap();
                let locale = if english { Locale::En } else { Locale::Id };
                prop_assert!(!format_dateline(t, &tz, locale).is_empty());
                prop_assert!(!format_date(t, &tz, locale).is_empty());
                if let Some(now) = t.checked_add_signed(chrono::Duration::seconds(ago)) {
                    prop_assert!(!format_relative(t, now, &tz, locale).is_empty());
                }
                let local = tz.local(t).naive_local();
                let back = tz.from_local(local);
                prop_assert!(back.is_none_or(|b| (b - t).num_hours().abs() <= 1));
                let start = tz.day_start(local.date());
                prop_assert!(start <= t + chrono::Duration::hours(1));
            }
        }
    }
}
