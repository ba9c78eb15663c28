use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Kind, Text};

/// A reported value, already checked against the criterion's kind.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Reported {
    Yes,
    No,
    /// A count, or a percentage 0–100 for shares.
    Number(f64),
    /// `ej tillämplig`: left out of every roll-up.
    NotApplicable,
}

impl Reported {
    /// The form stored in the database and written to exports; `parse_reported` reads it back.
    pub fn canonical(&self) -> String {
        match self {
            Reported::Yes => "Ja".into(),
            Reported::No => "Nej".into(),
            Reported::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Reported::NotApplicable => "ej tillämplig".into(),
        }
    }
}

/// Why a cell could not be read, in both languages: a form shows the reader's, an import's
/// problem list too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub Text);

impl ValueError {
    fn new(sv: impl Into<String>, en: impl Into<String>) -> ValueError {
        ValueError(Text::new(sv, en))
    }

    /// What the reporter is told, in both languages.
    pub fn text(&self) -> Text {
        self.0.clone()
    }
}

impl std::fmt::Display for ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ValueError {}

/// Lower-case, trimmed, å/ä→a, ö→o, spaces and hyphens → `_`: so `Kräver underlag`,
/// `KRAVER_UNDERLAG` and ` kraver-underlag ` are the same key.
pub fn normalize_key(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut last_underscore = false;
    for c in raw.trim().chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            ' ' | '-' | '_' | '\u{a0}' | '\t' => '_',
            other => other,
        };
        if mapped == '_' {
            if !last_underscore && !out.is_empty() {
                out.push('_');
            }
            last_underscore = true;
        } else {
            out.push(mapped);
            last_underscore = false;
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Reads a number as Swedes write it: decimal comma or point, spaces (also no-break) as
/// thousands separators, and the typographic minus `−` that Swedish formatting (ours, and
/// Excel's in Swedish) writes.
pub fn parse_number(raw: &str) -> Result<f64, ValueError> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| match c {
            ',' => '.',
            '\u{2212}' => '-',
            c => c,
        })
        .collect();
    if cleaned.is_empty() {
        return Err(ValueError::new("tomt värde", "empty value"));
    }
    match cleaned.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n),
        _ => Err(ValueError::new(
            format!("\"{}\" är inte ett tal", raw.trim()),
            format!("\"{}\" is not a number", raw.trim()),
        )),
    }
}

/// Excel serial day numbers accepted as dates: 1950-01-01 to 2099-12-31. Outside that range a
/// number in a date column is far more likely a mistake than a date.
const EXCEL_SERIALS: std::ops::RangeInclusive<i64> = 18_264..=73_050;

/// The dates this domain can hold (the same span as [`EXCEL_SERIALS`]).
pub const DATE_RANGE: std::ops::RangeInclusive<NaiveDate> = {
    match (
        NaiveDate::from_ymd_opt(1950, 1, 1),
        NaiveDate::from_ymd_opt(2099, 12, 31),
    ) {
        (Some(first), Some(last)) => first..=last,
        _ => panic!("valid dates"),
    }
};

/// Reads a date cell. Accepted, because each has one meaning:
/// - ISO `2026-03-31`, also with a time after it (`2026-03-31 00:00:00`, `2026-03-31T…`), which
///   is how Swedish Excel writes dates to CSV;
/// - an Excel serial day number (`46112` = 2026-03-31), which a date cell becomes when its format
///   is lost; 18264–73050 only (1950–2099).
///
/// Everything else is rejected with the expected form: `03/04/2026` and `3.4.2026` mean different
/// days in different countries. Every date of this domain (measured, due, deadlines, baselines)
/// lies in [`DATE_RANGE`], 1950–2099: a form and an import refuse anything else alike, so no
/// stored date can break an export (Excel has no dates before 1900).
pub fn parse_date(raw: &str) -> Result<NaiveDate, ValueError> {
    let s = raw.trim();
    let date_part = s.split([' ', 'T']).next().unwrap_or(s);
    if let Ok(date) = NaiveDate::parse_from_str(date_part, "%Y-%m-%d") {
        if !DATE_RANGE.contains(&date) {
            return Err(ValueError::new(
                format!("{date} ligger utanför 1950-01-01 – 2099-12-31"),
                format!("{date} is outside 1950-01-01 – 2099-12-31"),
            ));
        }
        return Ok(date);
    }
    let serial = s
        .strip_suffix(",0")
        .or_else(|| s.strip_suffix(".0"))
        .unwrap_or(s);
    if let Ok(days) = serial.parse::<i64>()
        && EXCEL_SERIALS.contains(&days)
        && let Some(date) = NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days as u64)))
    {
        return Ok(date);
    }
    Err(ValueError::new(
        format!("\"{s}\" är inget datum på formen ÅÅÅÅ-MM-DD"),
        format!("\"{s}\" is not a date in the form YYYY-MM-DD"),
    ))
}

fn is_not_applicable(key: &str) -> bool {
    matches!(
        key,
        "ej_tillamplig" | "ej_tillampligt" | "e_t" | "et" | "not_applicable" | "n/a" | "na"
    )
}

fn parse_yes_no(key: &str) -> Option<bool> {
    match key {
        "ja" | "j" | "yes" | "y" | "x" | "sant" | "true" => Some(true),
        "nej" | "n" | "no" | "falskt" | "false" => Some(false),
        _ => None,
    }
}

/// Checks a reported cell against the criterion's kind.
///
/// - any kind: `ej tillämplig` (also `n/a`);
/// - `ja_nej`: Ja/Nej in any case (also yes/no, x);
/// - `antal`: a number ≥ 0;
/// - `andel`: a percentage 0–100, with or without `%`;
/// - `index`: a number ≥ 0 (its own scale, e.g. 100 = world average);
/// - `underlag`: empty or Ja means "evidence claimed" (the evidence column decides), Nej means none.
pub fn parse_reported(kind: Kind, raw: &str) -> Result<Reported, ValueError> {
    let key = normalize_key(raw);
    if is_not_applicable(&key) {
        return Ok(Reported::NotApplicable);
    }
    match kind {
        Kind::YesNo => match parse_yes_no(&key) {
            Some(true) => Ok(Reported::Yes),
            Some(false) => Ok(Reported::No),
            None => Err(ValueError::new(
                format!(
                    "\"{}\" passar inte typen ja_nej; skriv Ja eller Nej",
                    raw.trim()
                ),
                format!(
                    "\"{}\" does not fit type ja_nej; write Ja or Nej",
                    raw.trim()
                ),
            )),
        },
        Kind::Count => {
            let n = parse_number(raw).map_err(|e| {
                ValueError::new(
                    format!("{} (typen antal kräver ett tal)", e.0.sv),
                    format!("{} (type antal needs a number)", e.0.en),
                )
            })?;
            if n < 0.0 {
                return Err(ValueError::new(
                    format!("antal kan inte vara negativt: {}", raw.trim()),
                    format!("a count cannot be negative: {}", raw.trim()),
                ));
            }
            Ok(Reported::Number(n))
        }
        Kind::Index => {
            let n = parse_number(raw).map_err(|e| {
                ValueError::new(
                    format!("{} (typen index kräver ett tal)", e.0.sv),
                    format!("{} (type index needs a number)", e.0.en),
                )
            })?;
            if n < 0.0 {
                return Err(ValueError::new(
                    format!("ett index kan inte vara negativt: {}", raw.trim()),
                    format!("an index cannot be negative: {}", raw.trim()),
                ));
            }
            Ok(Reported::Number(n))
        }
        Kind::Share => {
            let trimmed = raw.trim().trim_end_matches('%');
            let n = parse_number(trimmed).map_err(|e| {
                ValueError::new(
                    format!("{} (typen andel kräver procent)", e.0.sv),
                    format!("{} (type andel needs a percent)", e.0.en),
                )
            })?;
            if !(0.0..=100.0).contains(&n) {
                return Err(ValueError::new(
                    format!("andelen {} ligger utanför 0–100 %", raw.trim()),
                    format!("the share {} is outside 0–100 %", raw.trim()),
                ));
            }
            Ok(Reported::Number(n))
        }
        Kind::Evidence => match key.as_str() {
            "" => Ok(Reported::Yes),
            other => match parse_yes_no(other) {
                Some(true) => Ok(Reported::Yes),
                Some(false) => Ok(Reported::No),
                None => Err(ValueError::new(
                    format!(
                        "\"{}\" passar inte typen underlag: lämna tomt, Ja eller Nej och ange underlaget i kolumnen underlag",
                        raw.trim()
                    ),
                    format!(
                        "\"{}\" does not fit type underlag: leave it empty, Ja or Nej, and give the evidence in the column underlag",
                        raw.trim()
                    ),
                )),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_space_and_swedish_letters() {
        assert_eq!(normalize_key("Kräver underlag"), "kraver_underlag");
        assert_eq!(normalize_key(" KRAVER_UNDERLAG "), "kraver_underlag");
        assert_eq!(normalize_key("giltighet  månader"), "giltighet_manader");
        assert_eq!(normalize_key("Utvärdering"), "utvardering");
    }

    #[test]
    fn numbers_in_swedish_and_english_form() {
        assert_eq!(parse_number("12,5"), Ok(12.5));
        assert_eq!(parse_number("12.5"), Ok(12.5));
        assert_eq!(parse_number("1 234"), Ok(1234.0));
        assert_eq!(parse_number("1\u{a0}234,5"), Ok(1234.5));
        assert!(parse_number("tolv").is_err());
        assert!(parse_number("").is_err());
        assert!(parse_number("NaN").is_err());
    }

    #[test]
    fn dates_iso_or_excel_serial() {
        assert_eq!(
            parse_date("2026-03-31"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap())
        );
        assert_eq!(
            parse_date("2026-03-31 00:00:00"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap())
        );
        assert!(parse_date("31/03/2026").is_err());
        assert!(parse_date("03/04/2026").is_err());
        assert!(parse_date("3.4.2026").is_err());
        assert!(parse_date("2026-02-30").is_err());
        let march_31 = Ok(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        assert_eq!(parse_date("46112"), march_31);
        assert_eq!(parse_date("46112,0"), march_31);
        assert_eq!(parse_date("46112.0"), march_31);
        // Outside 1950–2099: a mistake, not a date.
        assert!(parse_date("12").is_err());
        assert!(parse_date("20260331").is_err());
        assert!(parse_date("46112,5").is_err());
        for implausible in [
            "1800-01-01",
            "1949-12-31",
            "2100-01-01",
            "9999-12-31",
            "0001-01-01",
        ] {
            let e = parse_date(implausible).unwrap_err();
            assert!(e.to_string().contains("1950-01-01"), "{implausible}: {e}");
        }
        assert!(parse_date("1950-01-01").is_ok());
        assert!(parse_date("2099-12-31").is_ok());
    }

    #[test]
    fn reported_values_by_kind() {
        use Reported::*;
        let cases: &[(Kind, &str, Option<Reported>)] = &[
            (Kind::YesNo, "Ja", Some(Yes)),
            (Kind::YesNo, "JA", Some(Yes)),
            (Kind::YesNo, "nej", Some(No)),
            (Kind::YesNo, "x", Some(Yes)),
            (Kind::YesNo, "kanske", None),
            (Kind::YesNo, "Ej tillämplig", Some(NotApplicable)),
            (Kind::Count, "3", Some(Number(3.0))),
            (Kind::Count, "2,5", Some(Number(2.5))),
            (Kind::Count, "-1", None),
            (Kind::Index, "112,5", Some(Number(112.5))),
            (Kind::Index, "1 250", Some(Number(1250.0))),
            (Kind::Index, "-3", None),
            (Kind::Index, "Ja", None),
            (Kind::Count, "Ja", None),
            (Kind::Share, "85 %", Some(Number(85.0))),
            (Kind::Share, "85%", Some(Number(85.0))),
            (Kind::Share, "99,5", Some(Number(99.5))),
            (Kind::Share, "100", Some(Number(100.0))),
            (Kind::Share, "0", Some(Number(0.0))),
            (Kind::Share, "100,1", None),
            (Kind::Share, "-3", None),
            (Kind::Evidence, "", Some(Yes)),
            (Kind::Evidence, "Nej", Some(No)),
            (Kind::Evidence, "EJ TILLÄMPLIG", Some(NotApplicable)),
            (Kind::Evidence, "12", None),
        ];
        for (kind, raw, expected) in cases {
            let got = parse_reported(*kind, raw).ok();
            assert_eq!(&got, expected, "{kind:?} {raw:?}");
        }
    }

    #[test]
    fn canonical_form_reads_back() {
        for (kind, v) in [
            (Kind::YesNo, Reported::Yes),
            (Kind::YesNo, Reported::No),
            (Kind::Count, Reported::Number(3.0)),
            (Kind::Share, Reported::Number(82.5)),
            (Kind::Count, Reported::NotApplicable),
        ] {
            assert_eq!(parse_reported(kind, &v.canonical()), Ok(v));
        }
    }
}
