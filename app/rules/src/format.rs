use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Reported;

/// The user interface language. Swedish first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

const NBSP: char = '\u{a0}';

/// `1 234,5` in Swedish (no-break space, decimal comma), `1,234.5` in English. At most one
/// decimal, none for whole numbers.
pub fn format_number(n: f64, lang: Lang) -> String {
    let rounded = (n * 10.0).round() / 10.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc() as u64;
    let tenth = ((abs - abs.trunc()) * 10.0).round() as u64;
    let (group, decimal) = match lang {
        Lang::Sv => (NBSP, ','),
        Lang::En => (',', '.'),
    };
    let digits = whole.to_string();
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    if tenth > 0 {
        out.push(decimal);
        out.push_str(&tenth.to_string());
    }
    out
}

/// `85 %` in Swedish (no-break space before the sign), `85%` in English.
pub fn format_percent(n: f64, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("{}{NBSP}%", format_number(n, lang)),
        Lang::En => format!("{}%", format_number(n, lang)),
    }
}

/// The Swedish or the English text, by language.
pub fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// A text the data gives in Swedish and optionally English (a criterion's title): the English
/// one when asked for and given, else the Swedish.
pub fn in_lang<'a>(lang: Lang, sv: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::En && !en.is_empty() {
        en
    } else {
        sv
    }
}

/// ISO 8601, which is also the Swedish standard form (SS-ISO 8601).
pub fn format_date(date: NaiveDate) -> String {
    // Display writes the same ISO form as `%Y-%m-%d`, without parsing a format per call.
    date.to_string()
}

/// A stored timestamp (`2026-12-01T14:03:27.123Z`) to the minute, as people read it:
/// `2026-12-01 14:03`. Text too short to cut is shown as it is.
pub fn format_timestamp(stored: &str) -> String {
    stored.get(..16).unwrap_or(stored).replace('T', " ")
}

/// A reported value for display; shares get a percent sign.
pub fn format_reported(value: &Reported, is_share: bool, lang: Lang) -> String {
    match (value, lang) {
        (Reported::Yes, Lang::Sv) => "Ja".into(),
        (Reported::Yes, Lang::En) => "Yes".into(),
        (Reported::No, Lang::Sv) => "Nej".into(),
        (Reported::No, Lang::En) => "No".into(),
        (Reported::NotApplicable, Lang::Sv) => "Ej tillämplig".into(),
        (Reported::NotApplicable, Lang::En) => "Not applicable".into(),
        (Reported::Number(n), _) if is_share => format_percent(*n, lang),
        (Reported::Number(n), _) => format_number(*n, lang),
    }
}

impl Reported {
    /// A stored value (its [`canonical`](Reported::canonical) form) for display in `lang`: the
    /// stored words (`Ja`, `Nej`, `ej tillämplig`) are Swedish, so the English reader gets them
    /// in English; a number, or any other stored text, is shown as it is stored.
    pub fn display_stored(stored: &str, lang: Lang) -> String {
        let word = match stored {
            "Ja" => Reported::Yes,
            "Nej" => Reported::No,
            "ej tillämplig" => Reported::NotApplicable,
            _ => return stored.to_string(),
        };
        match lang {
            Lang::Sv => stored.to_string(),
            Lang::En => format_reported(&word, false, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_english_only_when_asked_for_and_given() {
        for (lang, sv, en, shown) in [
            (Lang::Sv, "Handledare", "Supervisors", "Handledare"),
            (Lang::En, "Handledare", "Supervisors", "Supervisors"),
            (Lang::En, "Handledare", "", "Handledare"),
            (Lang::Sv, "Handledare", "", "Handledare"),
        ] {
            assert_eq!(in_lang(lang, sv, en), shown, "{lang:?} {sv} / {en}");
        }
    }

    #[test]
    fn stored_words_are_shown_in_the_readers_language() {
        for (stored, sv, en) in [
            ("Ja", "Ja", "Yes"),
            ("Nej", "Nej", "No"),
            ("ej tillämplig", "ej tillämplig", "Not applicable"),
            ("82.5", "82.5", "82.5"),
        ] {
            assert_eq!(Reported::display_stored(stored, Lang::Sv), sv);
            assert_eq!(Reported::display_stored(stored, Lang::En), en);
            if let Ok(parsed) = crate::parse_reported(crate::Kind::YesNo, stored) {
                assert_eq!(parsed.canonical(), stored, "the stored form is canonical's");
            }
        }
    }

    #[test]
    fn timestamp_table() {
        for (stored, shown) in [
            ("2026-12-01T14:03:27.123Z", "2026-12-01 14:03"),
            ("2026-12-01T14:03", "2026-12-01 14:03"),
            ("2026-12-01", "2026-12-01"),
            ("", ""),
            // Not cut inside a character.
            ("2026-12-01T14:0å", "2026-12-01 14:0å"),
        ] {
            assert_eq!(format_timestamp(stored), shown, "{stored:?}");
        }
    }

    #[test]
    fn swedish_and_english_numbers() {
        assert_eq!(format_number(12.5, Lang::Sv), "12,5");
        assert_eq!(format_number(12.5, Lang::En), "12.5");
        assert_eq!(format_number(1234.0, Lang::Sv), "1\u{a0}234");
        assert_eq!(format_number(1234567.0, Lang::En), "1,234,567");
        assert_eq!(format_number(3.0, Lang::Sv), "3");
        assert_eq!(format_number(-2.5, Lang::Sv), "−2,5");
        assert_eq!(format_number(0.96, Lang::Sv), "1");
        assert_eq!(format_percent(85.0, Lang::Sv), "85\u{a0}%");
        assert_eq!(format_percent(85.0, Lang::En), "85%");
    }
}

/// Text made safe for HTML element content and quoted attribute values. For the few places
/// where we write markup as a string ourselves (the page title, SVG, inline CSS); everything a
/// view renders is escaped by Leptos already.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes text (a local path with its query, a name) for use as a query value. `/` is
/// kept: the value is a path more often than not and stays readable.
pub fn encode_query(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod escape_tests {
    use super::{encode_query, escape_html};

    #[test]
    fn query_values_keep_only_safe_bytes() {
        assert_eq!(
            encode_query("/enhet/E1?as_of=2026-01-01&x=å"),
            "/enhet/E1%3Fas_of%3D2026-01-01%26x%3D%C3%A5"
        );
    }

    #[test]
    fn markup_cannot_escape_its_element() {
        assert_eq!(
            escape_html("</title><script>alert('x')</script>&"),
            "&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        );
        assert_eq!(escape_html("Öron \"näsa\""), "Öron &quot;näsa&quot;");
    }
}

/// Days to a date in words: "12 dagar kvar", "i dag", "passerat för 1 dag sedan".
pub fn countdown(days: i64, lang: Lang) -> String {
    match (lang, days) {
        (Lang::Sv, 0) => "i dag".into(),
        (Lang::Sv, 1) => "1 dag kvar".into(),
        (Lang::Sv, -1) => "passerat för 1 dag sedan".into(),
        (Lang::Sv, d) if d > 0 => format!("{d} dagar kvar"),
        (Lang::Sv, d) => format!("passerat för {} dagar sedan", -d),
        (Lang::En, 0) => "today".into(),
        (Lang::En, 1) => "1 day left".into(),
        (Lang::En, -1) => "passed 1 day ago".into(),
        (Lang::En, d) if d > 0 => format!("{d} days left"),
        (Lang::En, d) => format!("passed {} days ago", -d),
    }
}
