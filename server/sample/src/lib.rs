//! Deterministic SAMPLE DATA (Exempeldata) for readiness: invented evaluations, criteria, units,
//! values and action plans in the import formats of `data/README.md`.
//!
//! Same options, same bytes: a small splitmix64 generator is seeded from the options (one
//! stream per unit), so the committed files in `data/sample/` can be regenerated exactly on any
//! platform, and the same code makes national-scale files for benchmarks.
//!
//! The data is labelled as sample data inside the data (the importer reads the header on line 1,
//! so there is no comment line): evaluation names end in "(EXEMPELDATA)", every criterion's
//! description starts with "Exempeldata: ", and e-mail addresses are at `exempel.se`.

mod catalog;

use std::fmt::Write as _;
use std::path::Path;

use catalog::{CRITERIA, Criterion, Kind};
use chrono::{Datelike, Days, Months, NaiveDate};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    /// Number of units (72 in Region Stockholm; about 2000 for a national-scale benchmark).
    pub units: usize,
    /// How many months of history, ending at `end`.
    pub months: u32,
    pub seed: u64,
    /// The date of the last measurement round.
    pub end: NaiveDate,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            units: 72,
            months: 24,
            seed: 2026,
            end: NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date"),
        }
    }
}

/// The five CSV files, as text (UTF-8, `;`-separated, header on line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleFiles {
    pub evaluations: String,
    pub criteria: String,
    pub units: String,
    pub values: String,
    pub plans: String,
    pub development_areas: String,
    pub development_actions: String,
    pub system_questions: String,
    pub unit_follow_ups: String,
    pub designations: String,
}

impl SampleFiles {
    /// Writes `evaluations.csv`, `criteria.csv`, `units.csv`, `values.csv` and `plans.csv` into
    /// `dir`, creating it if needed.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in [
            ("evaluations.csv", &self.evaluations),
            ("criteria.csv", &self.criteria),
            ("units.csv", &self.units),
            ("values.csv", &self.values),
            ("plans.csv", &self.plans),
            ("development_areas.csv", &self.development_areas),
            ("development_actions.csv", &self.development_actions),
            ("system_questions.csv", &self.system_questions),
            ("unit_follow_ups.csv", &self.unit_follow_ups),
            ("designations.csv", &self.designations),
        ] {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }
}

/// Measurement dates, oldest first: the quarter ends (03-31, 06-30, 09-30, 12-31) after
/// `end - months` and up to `end`, plus `end` itself when it is not a quarter end, so the latest
/// values are always measured on `end`.
///
/// `quarter_ends(2026-10-31, 24)` is 2024-12-31, 2025-03-31, …, 2026-09-30, 2026-10-31 (9 dates).
pub fn quarter_ends(end: NaiveDate, months: u32) -> Vec<NaiveDate> {
    let start = end
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN);
    let mut dates = Vec::new();
    // The first day of the month after the first quarter end on or after `start`.
    let mut next = NaiveDate::from_ymd_opt(start.year(), 1, 1)
        .and_then(|jan| jan.checked_add_months(Months::new(((start.month() - 1) / 3 + 1) * 3)));
    while let Some(first) = next {
        let quarter_end = first.pred_opt().expect("valid date");
        if quarter_end > end {
            break;
        }
        if quarter_end > start {
            dates.push(quarter_end);
        }
        next = first.checked_add_months(Months::new(3));
    }
    if dates.last() != Some(&end) {
        dates.push(end);
    }
    dates
}

/// Generates the five files. Deterministic: the same options give the same bytes.
///
/// Values: one row per unit, criterion and measurement date (`quarter_ends`), less the gaps
/// (units that start late or skip a round, pairs that stop reporting or never report, a few
/// silent units): about `units × criteria × rounds × 0.87` rows.
pub fn generate(opts: &SampleOptions) -> SampleFiles {
    let units = make_units(opts);
    let ctx = Context::new(opts);

    let mut values =
        String::with_capacity(units.len() * CRITERIA.len() * ctx.rounds.len() * 36 + 64);
    values.push_str("enhet;kriterium;varde;datum;kommentar;underlag\n");
    let mut plans = String::from("enhet;kriterium;atgard;ansvarig;klar_senast;status\n");
    let silent = silent_units(opts);
    for (index, unit) in units.iter().enumerate() {
        if silent.contains(&index) {
            continue;
        }
        let mut rng = Rng::stream(opts.seed, 1 + index as u64);
        unit_rows(&ctx, unit, &mut rng, &mut values, &mut plans);
    }

    let (development_areas, development_actions) = development_csv(&units, opts.end);
    SampleFiles {
        evaluations: evaluations_csv(),
        criteria: criteria_csv(),
        units: units_csv(&units),
        values,
        plans,
        development_areas,
        development_actions,
        system_questions: system_questions_csv(opts.end),
        unit_follow_ups: unit_follow_ups_csv(&units, opts.end),
        designations: designations_csv(&units, opts),
    }
}

/// Every unit a USV unit from the first January of the history (an invented decision, marked
/// EXEMPEL), except that the last unit's designation ends: its follow-up of the year before
/// `end` says *upphör*, and its period ends at the end of that March (or on `end`).
fn designations_csv(units: &[Unit], opts: &SampleOptions) -> String {
    let mut out = String::from("enhet;fran;till;beslutsreferens\n");
    let first = quarter_ends(opts.end, opts.months)
        .first()
        .map_or(opts.end.year(), |d| d.year());
    let from = NaiveDate::from_ymd_opt(first, 1, 1)
        .expect("valid date")
        .to_string();
    for (i, u) in units.iter().enumerate() {
        let to = if units.len() > 1 && i == units.len() - 1 {
            ends_on(opts.end).to_string()
        } else {
            String::new()
        };
        push_row(
            &mut out,
            &[&u.code, &from, &to, &format!("LG {first}:01 § 5 (EXEMPEL)")],
        );
    }
    out
}

/// The day the ending unit's designation ends: the March after the year followed up.
fn ends_on(end: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(end.year(), 3, 31)
        .expect("valid date")
        .min(end)
}

/// The FoUU committees' follow-up of the year before `end` for every unit (decided in March, or
/// on `end` if that is earlier): most continue, every ninth with invented conditions (marked
/// EXEMPEL), the last unit ends (see `designations_csv`); every twelfth also has the year before
/// that.
fn unit_follow_ups_csv(units: &[Unit], end: NaiveDate) -> String {
    let mut out = String::from("enhet;ar;beslut;beslutsdatum;diarienummer;bedomning\n");
    let year = end.year() - 1;
    let decided = |year: i32| {
        NaiveDate::from_ymd_opt(year + 1, 3, 12)
            .expect("valid date")
            .min(end)
            .to_string()
    };
    for (i, u) in units.iter().enumerate() {
        if i % 12 == 0 {
            push_row(
                &mut out,
                &[
                    &u.code,
                    &(year - 1).to_string(),
                    "fortsatter",
                    &decided(year - 1),
                    &format!("FoUU {}:{} (EXEMPEL)", year, 1 + i % 40),
                    "Uppfyller miniminivåerna (EXEMPEL)",
                ],
            );
        }
        let (decision, assessment) = if units.len() > 1 && i == units.len() - 1 {
            (
                "upphor",
                "Uppfyller inte miniminivåerna, upphör som USV-enhet (EXEMPEL)",
            )
        } else if i % 9 == 4 {
            (
                "villkor",
                "Villkor: utse en handledare med pedagogisk utbildning före årets slut (EXEMPEL)",
            )
        } else {
            ("fortsatter", "Uppfyller miniminivåerna (EXEMPEL)")
        };
        push_row(
            &mut out,
            &[
                &u.code,
                &year.to_string(),
                decision,
                &decided(year),
                &format!("FoUU {}:{} (EXEMPEL)", year + 1, 1 + i % 40),
                assessment,
            ],
        );
    }
    out
}

/// Invented questions to the management bodies (marked EXEMPEL), due a fortnight after `end`,
/// some answered (approved, reviewed, a draft), some not started.
fn system_questions_csv(end: NaiveDate) -> String {
    let due = end
        .checked_add_days(Days::new(15))
        .expect("valid date")
        .to_string();
    let later = end
        .checked_add_days(Days::new(60))
        .expect("valid date")
        .to_string();
    let mut out = String::from(
        "kod;utvardering;omrade;ursprung;fraga;besvaras_av;klar_senast;kriterier;svar;underlag;ansvarig;status\n",
    );
    let rows: [[&str; 11]; 8] = [
        [
            "SYS-01",
            "Styrning",
            "nationell",
            "Hur styr regionen och universitetet universitetssjukvården gemensamt? (EXEMPEL)",
            "",
            &due,
            "USV-L01",
            "Genom ledningsgruppen för ALF/USV, som möts varje månad och fastställer gemensamma mål. (exempel)",
            "Avtal om samverkan, bilaga 2 (exempel)",
            "Regionens FoUU-direktör (exempel)",
            "faststalld",
        ],
        [
            "SYS-02",
            "Styrning",
            "nationell",
            "Hur följer ledningsorganen upp att enheterna når miniminivåerna? (EXEMPEL)",
            "",
            &due,
            "USV-L03, REG-04",
            "Årligen i FoUU-kommittéerna, med matrisen som underlag. (exempel)",
            "Protokoll FoUU-kommittén § 4 (exempel)",
            "Arbetsgruppen",
            "faststalld",
        ],
        [
            "SYS-03",
            "Forskning",
            "nationell",
            "Hur säkrar vårdgivarna tid för klinisk forskning? (EXEMPEL)",
            "Karolinska Universitetssjukhusets FoUU-kommitté",
            &due,
            "USV-F05, REG-02",
            "Modell för forskningstid är under framtagande. (exempel)",
            "",
            "HR-chef (exempel)",
            "granskad",
        ],
        [
            "SYS-04",
            "Utbildning",
            "nationell",
            "Hur säkras handledarnas pedagogiska kompetens? (EXEMPEL)",
            "",
            &due,
            "USV-U01, REG-01",
            "Alla nya handledare går regionens handledarutbildning. (exempel)",
            "Kursplan (exempel)",
            "Studierektorsgruppen (exempel)",
            "granskad",
        ],
        [
            "SYS-05",
            "Utveckling",
            "nationell",
            "Hur används PROM och PREM i ledningens uppföljning? (EXEMPEL)",
            "",
            &due,
            "USV-V01",
            "Utkast: pilot på tre enheter. (exempel)",
            "",
            "Kvalitetsrådet (exempel)",
            "utkast",
        ],
        [
            "SYS-06",
            "Utbildning",
            "regional",
            "Hur planeras platser för verksamhetsförlagd utbildning? (EXEMPEL)",
            "",
            &due,
            "USV-U02",
            "",
            "",
            "",
            "",
        ],
        [
            "SYS-07",
            "Forskning",
            "nationell",
            "Hur stöds kliniska studier i hela regionen? (EXEMPEL)",
            "",
            &later,
            "USV-F06, ALF-P2-03",
            "",
            "",
            "",
            "",
        ],
        [
            "SYS-08",
            "Styrning",
            "regional",
            "Hur återkopplas utvärderingens resultat till enheterna? (EXEMPEL)",
            "",
            &later,
            "",
            "Genom lägesrapporten till ledningsgruppen. (exempel)",
            "",
            "Arbetsgruppen",
            "faststalld",
        ],
    ];
    for row in rows {
        let mut fields = vec![row[0], "USV2026"];
        fields.extend_from_slice(&row[1..]);
        push_row(&mut out, &fields);
    }
    out
}

/// (area, code, action, responsible, care provider (index) or the region, due (days after
/// `end`), status, progress note (days after `end`, text))
type SampleAction = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<usize>,
    i64,
    &'static str,
    Option<(i64, &'static str)>,
);

/// Six invented development areas (names marked EXEMPEL) and their actions, dated around `end`:
/// some done, some late, some due soon, with progress notes. No randomness: the same for every
/// seed and size.
fn development_csv(units: &[Unit], end: NaiveDate) -> (String, String) {
    let mut areas = String::from("kod;namn;mal;agare;kriterier\n");
    for (code, name, goal, owner, criteria) in [
        (
            "UO1",
            "Forskningstid för kliniskt verksamma (EXEMPEL)",
            "Fler disputerade i vården har schemalagd forskningstid.",
            "FoUU-kommittén (exempel)",
            "USV-F05, REG-02, ALF-P3-01",
        ),
        (
            "UO2",
            "Handledning och pedagogisk kompetens (EXEMPEL)",
            "Alla handledare har pedagogisk handledarutbildning.",
            "Studierektorsgruppen (exempel)",
            "USV-U01, REG-01, REG-06",
        ),
        (
            "UO3",
            "Kliniska studier i vardagen (EXEMPEL)",
            "Fler patienter erbjuds att delta i kliniska studier.",
            "Forskningsstödet (exempel)",
            "USV-F06, ALF-P2-03",
        ),
        (
            "UO4",
            "Uppföljning med PROM och PREM (EXEMPEL)",
            "Verksamheterna följer upp och utvecklar vården med patientrapporterade mått.",
            "Kvalitetsrådet (exempel)",
            "USV-V01, USV-V02",
        ),
        (
            "UO5",
            "Ledning och styrning av FoUU (EXEMPEL)",
            "Region och universitet styr universitetssjukvården med gemensamma mål och årlig uppföljning.",
            "Ledningsgruppen för ALF/USV (exempel)",
            "USV-L01, USV-L02, USV-L03, REG-04",
        ),
        (
            "UO6",
            "Karriärvägar och förenade anställningar (EXEMPEL)",
            "Tydliga karriärvägar för kliniska forskare och lärare.",
            "KI och Region Stockholm (exempel)",
            "USV-U06, ALF-P3-03",
        ),
    ] {
        push_row(&mut areas, &[code, name, goal, owner, criteria]);
    }
    // Care providers that have units, in the order the units come.
    let mut providers: Vec<&str> = Vec::new();
    for u in units {
        if !providers.contains(&u.provider) {
            providers.push(u.provider);
        }
    }
    let provider = |i: usize| {
        providers
            .get(i % providers.len().max(1))
            .copied()
            .unwrap_or("")
    };
    let day = |offset: i64| {
        let date = if offset < 0 {
            end.checked_sub_days(Days::new(offset.unsigned_abs()))
        } else {
            end.checked_add_days(Days::new(offset as u64))
        };
        date.expect("valid date").to_string()
    };
    let mut actions = String::from(
        "utvecklingsomrade;kod;atgard;ansvarig;omfattning;klar_senast;status;noterad;notering\n",
    );
    let rows: [SampleAction; 13] = [
        (
            "UO1",
            "UO1-01",
            "Kartlägg schemalagd forskningstid per enhet",
            "Arbetsgruppen",
            None,
            -60,
            "klar",
            Some((-65, "Kartläggningen klar för alla enheter.")),
        ),
        (
            "UO1",
            "UO1-02",
            "Modell för avsatt forskningstid i ST-tjänstgöringen",
            "HR-chef (exempel)",
            Some(0),
            45,
            "pagar",
            Some((-10, "Förslaget har skickats till verksamhetscheferna.")),
        ),
        (
            "UO1",
            "UO1-03",
            "Följ upp forskningstiden i FoUU-kommittén",
            "FoUU-kommittén (exempel)",
            Some(1),
            120,
            "planerad",
            None,
        ),
        (
            "UO2",
            "UO2-01",
            "Pedagogisk handledarutbildning, höstens omgång",
            "Studierektor (exempel)",
            None,
            -10,
            "pagar",
            Some((-30, "40 av 60 platser fyllda.")),
        ),
        (
            "UO2",
            "UO2-02",
            "Utse utbildningsansvarig på varje enhet",
            "Verksamhetscheferna",
            None,
            30,
            "pagar",
            Some((-5, "Hälften av enheterna har utsett en.")),
        ),
        (
            "UO3",
            "UO3-01",
            "Gemensam studiekoordinator",
            "",
            Some(2),
            90,
            "planerad",
            None,
        ),
        (
            "UO3",
            "UO3-02",
            "Rutin för att fråga patienter om studier",
            "Forskningssjuksköterska (exempel)",
            None,
            -40,
            "klar",
            Some((-42, "Rutinen är fastställd.")),
        ),
        (
            "UO4",
            "UO4-01",
            "Ta in PREM i verksamhetsuppföljningen",
            "Kvalitetschef (exempel)",
            None,
            60,
            "pagar",
            Some((-20, "Pilot på tre enheter.")),
        ),
        (
            "UO4",
            "UO4-02",
            "Anslut alla USV-enheter till sina kvalitetsregister",
            "",
            None,
            -5,
            "planerad",
            None,
        ),
        (
            "UO5",
            "UO5-01",
            "Årlig uppföljning av USV-enheterna i FoUU-kommittéerna",
            "Ledningsgruppen för ALF/USV (exempel)",
            None,
            25,
            "pagar",
            None,
        ),
        (
            "UO5",
            "UO5-02",
            "Handlingsplan för USV-kriterierna per vårdgivare",
            "",
            Some(0),
            75,
            "pagar",
            Some((-15, "Två av tre vårdgivare klara.")),
        ),
        (
            "UO6",
            "UO6-01",
            "Inventera förenade anställningar",
            "KI och regionen (exempel)",
            None,
            150,
            "planerad",
            None,
        ),
        (
            "UO6",
            "UO6-02",
            "Beskriv en karriärväg för kliniska forskare",
            "",
            None,
            200,
            "planerad",
            None,
        ),
    ];
    for (area, code, action, responsible, scope, due, status, note) in rows {
        let (noted, text) = note.map_or((String::new(), ""), |(d, t)| (day(d), t));
        push_row(
            &mut actions,
            &[
                area,
                code,
                action,
                responsible,
                scope.map_or("", provider),
                &day(due),
                status,
                &noted,
                text,
            ],
        );
    }
    (areas, actions)
}

// ---------------------------------------------------------------------------------------------
// Random numbers

/// splitmix64: tiny, fast and identical on every platform.
struct Rng(u64);

impl Rng {
    /// An independent stream for one part of the sample (0 = units, 1.. = each unit's values).
    fn stream(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// Uniform in lo..=hi.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// CSV

/// Appends a field, quoted when it holds `;`, `"` or a line break.
fn push_field(out: &mut String, s: &str) {
    if s.contains([';', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn push_row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        push_field(out, f);
    }
    out.push('\n');
}

/// A share in tenths of a percent, with a decimal comma: 825 → `82,5`, 800 → `80`.
fn push_tenths(out: &mut String, tenths: u32) {
    if tenths.is_multiple_of(10) {
        let _ = write!(out, "{}", tenths / 10);
    } else {
        let _ = write!(out, "{},{}", tenths / 10, tenths % 10);
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "ja" } else { "nej" }
}

fn evaluations_csv() -> String {
    "kod;namn;genomfors_av;datum\n\
     USV2026;USV-utvärdering 2026 (EXEMPELDATA);Socialstyrelsen;2026-12-01\n\
     ALF2028;ALF-utvärdering 2028 (EXEMPELDATA);Vetenskapsrådet;2028-06-30\n"
        .to_string()
}

fn criteria_csv() -> String {
    let mut out = String::from(
        "kod;utvardering;omrade;ursprung;titel;titel_en;typ;gron;gul;obligatorisk;kraver_underlag;giltighet_manader;beskrivning\n",
    );
    for c in CRITERIA {
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let validity = c.validity_months.to_string();
        let description = format!("Exempeldata: {}", capitalise(c.description));
        push_row(
            &mut out,
            &[
                c.code,
                c.evaluation,
                c.area,
                if c.regional { "regional" } else { "nationell" },
                c.title,
                c.title_en,
                c.kind.code(),
                &number(c.green),
                &number(c.amber),
                yes_no(c.mandatory),
                yes_no(c.requires_evidence),
                &validity,
                &description,
            ],
        );
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Units

struct Unit {
    code: String,
    name: String,
    provider: &'static str,
    manager: String,
    email: String,
}

/// How many units each provider gets: proportional to its weight (largest remainder), so the
/// default 72 are exactly the weights.
fn provider_counts(total: usize) -> Vec<usize> {
    let weights: usize = catalog::PROVIDERS.iter().map(|p| p.weight).sum();
    let mut counts: Vec<usize> = catalog::PROVIDERS
        .iter()
        .map(|p| total * p.weight / weights)
        .collect();
    let mut remainders: Vec<(usize, usize)> = catalog::PROVIDERS
        .iter()
        .enumerate()
        .map(|(i, p)| (total * p.weight % weights, i))
        .collect();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let missing = total - counts.iter().sum::<usize>();
    for (_, i) in remainders.into_iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// The k-th unit name of a provider: the listed names first, then the names again with a site,
/// then with a site and a number, so every name is unique.
fn unit_name(provider: &catalog::Provider, k: usize) -> String {
    let base = provider.units[k % provider.units.len()];
    let cycle = k / provider.units.len();
    if cycle == 0 {
        return base.to_string();
    }
    let site = catalog::SITES[(cycle - 1) % catalog::SITES.len()];
    match (cycle - 1) / catalog::SITES.len() {
        0 => format!("{base}, {site}"),
        n => format!("{base}, {site} {}", n + 1),
    }
}

/// ASCII for e-mail addresses: å/ä → a, ö → o, é → e; other letters and digits kept.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => Some('a'),
            'ö' | 'ø' | 'ó' => Some('o'),
            'é' | 'è' => Some('e'),
            'ü' => Some('u'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

fn person(rng: &mut Rng) -> (&'static str, &'static str) {
    (
        rng.pick(catalog::FIRST_NAMES),
        rng.pick(catalog::LAST_NAMES),
    )
}

fn make_units(opts: &SampleOptions) -> Vec<Unit> {
    let mut rng = Rng::stream(opts.seed, 0);
    let width = opts.units.to_string().len().max(3);
    let mut emails = std::collections::HashSet::new();
    let mut units = Vec::with_capacity(opts.units);
    for (provider, count) in catalog::PROVIDERS.iter().zip(provider_counts(opts.units)) {
        for k in 0..count {
            let (first, last) = person(&mut rng);
            let stem = format!("{}.{}", fold(first), fold(last));
            let mut email = format!("{stem}@exempel.se");
            let mut n = 2;
            while !emails.insert(email.clone()) {
                email = format!("{stem}{n}@exempel.se");
                n += 1;
            }
            units.push(Unit {
                code: format!("E{:0width$}", units.len() + 1),
                name: unit_name(provider, k),
                provider: provider.name,
                manager: format!("{first} {last}"),
                email,
            });
        }
    }
    units
}

fn units_csv(units: &[Unit]) -> String {
    let mut out = String::from("kod;namn;vardgivare;verksamhetschef;epost\n");
    for u in units {
        push_row(
            &mut out,
            &[&u.code, &u.name, u.provider, &u.manager, &u.email],
        );
    }
    out
}

/// A few units that never report (about 3 %, at least one from 10 units up).
fn silent_units(opts: &SampleOptions) -> Vec<usize> {
    let n = opts.units;
    let wanted = if n < 10 {
        0
    } else {
        ((n * 3 + 50) / 100).max(1)
    };
    let mut rng = Rng::stream(opts.seed, u64::MAX);
    let mut silent = Vec::with_capacity(wanted);
    while silent.len() < wanted {
        let i = rng.below(n as u64) as usize;
        if !silent.contains(&i) {
            silent.push(i);
        }
    }
    silent
}

// ---------------------------------------------------------------------------------------------
// Values and plans

struct Context {
    rounds: Vec<NaiveDate>,
    /// `rounds` as ISO text.
    dates: Vec<String>,
    /// The last round whose values are more than 12 months old by `report_day`, if any.
    stale_cut: Option<usize>,
    /// The day the sample's plans are judged against: `end` + 25 days (2026-11-25).
    report_day: NaiveDate,
    /// The USV evaluation date (2026-12-01), or a month after `report_day` if that is later.
    deadline: NaiveDate,
}

impl Context {
    fn new(opts: &SampleOptions) -> Context {
        let rounds = quarter_ends(opts.end, opts.months);
        let dates = rounds.iter().map(|d| d.to_string()).collect();
        let report_day = opts.end + Days::new(25);
        let limit = report_day
            .checked_sub_months(Months::new(12))
            .unwrap_or(NaiveDate::MIN);
        let stale_cut = rounds.iter().rposition(|d| *d < limit);
        let usv = NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date");
        let deadline = if usv > report_day {
            usv
        } else {
            report_day + Days::new(30)
        };
        Context {
            rounds,
            dates,
            stale_cut,
            report_day,
            deadline,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Meets every level, reports on time with evidence: the few all-green units.
    Exemplary,
    Strong,
    Typical,
    Struggling,
}

/// Where a pair ends up at its last reported round.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Level {
    Met,
    Partial,
    Below,
}

/// One reported value.
#[derive(Clone, Copy)]
enum Value {
    Yes,
    No,
    Count(u32),
    /// Tenths of a percent.
    Share(u32),
    /// `underlag`: evidence given (empty value, the evidence column filled).
    Evidence,
    NotApplicable,
}

impl Value {
    fn level(self, c: &Criterion) -> Level {
        let number = |n: u32| {
            let green = c.green.unwrap_or(1);
            if n >= green {
                Level::Met
            } else if c.amber.is_some_and(|a| n >= a) {
                Level::Partial
            } else {
                Level::Below
            }
        };
        match self {
            Value::Yes | Value::Evidence | Value::NotApplicable => Level::Met,
            Value::No => Level::Below,
            Value::Count(n) => number(n),
            // Thresholds are whole percents: compare in tenths.
            Value::Share(t) => {
                let green = c.green.unwrap_or(1) * 10;
                if t >= green {
                    Level::Met
                } else if c.amber.is_some_and(|a| t >= a * 10) {
                    Level::Partial
                } else {
                    Level::Below
                }
            }
        }
    }

    fn push(self, out: &mut String) {
        match self {
            Value::Yes => out.push_str("Ja"),
            Value::No => out.push_str("Nej"),
            Value::Count(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Share(t) => push_tenths(out, t),
            Value::Evidence => {}
            Value::NotApplicable => out.push_str("ej tillämplig"),
        }
    }
}

/// The final value of a pair, in its level. Counts and shares get a number in the level's range.
fn final_value(c: &Criterion, level: Level, rng: &mut Rng) -> Value {
    let green = u64::from(c.green.unwrap_or(1));
    let amber = c.amber.map(u64::from);
    match c.kind {
        Kind::YesNo => {
            if level == Level::Below {
                Value::No
            } else {
                Value::Yes
            }
        }
        Kind::Evidence => {
            if level == Level::Below {
                Value::No
            } else {
                Value::Evidence
            }
        }
        // An index is drawn like a count: whole numbers around its levels.
        Kind::Count | Kind::Index => {
            let n = match (level, amber) {
                (Level::Met, _) => rng.between(green, green + (green * 3 / 4).max(2)),
                (Level::Partial, Some(a)) => rng.between(a, green - 1),
                (_, a) => {
                    let floor = a.unwrap_or(green);
                    // Large indices (citations) stay in a plausible band below the level.
                    let lo = if floor > 20 { floor * 6 / 10 } else { 0 };
                    rng.between(lo, floor - 1)
                }
            };
            Value::Count(n as u32)
        }
        Kind::Share => {
            let (g, a) = (green * 10, amber.map(|a| a * 10));
            let tenths = match (level, a) {
                (Level::Met, _) => rng.between(g, g + (1000 - g) * 7 / 10),
                (Level::Partial, Some(a)) => rng.between(a, g - 1),
                (_, a) => {
                    let floor = a.unwrap_or(g);
                    rng.between(floor.saturating_sub(250), floor - 1)
                }
            };
            Value::Share(tenths as u32)
        }
    }
}

/// An earlier value on the way to `last`: a fraction `f` (0–1) of it, with some noise.
fn earlier_value(last: Value, f: f64, rng: &mut Rng) -> Value {
    match last {
        Value::Count(n) => {
            let noise = if rng.chance(0.3) {
                rng.unit() * 2.0 - 1.0
            } else {
                0.0
            };
            let scaled = (f64::from(n) * f + noise * (f64::from(n) * 0.08).max(1.0)).round();
            Value::Count(scaled.max(0.0) as u32)
        }
        Value::Share(t) => {
            let noise = (rng.unit() * 2.0 - 1.0) * 20.0;
            Value::Share((f64::from(t) * f + noise).round().clamp(0.0, 1000.0) as u32)
        }
        other => other,
    }
}

/// Per-unit behaviour, drawn once per unit.
struct Profile {
    class: Class,
    /// The first round the unit reports (some units became USV units later).
    start: usize,
    /// Rounds the whole unit skipped.
    skipped: Vec<bool>,
    /// How often evidence is attached when a criterion requires it.
    evidence_rate: f64,
}

fn profile(ctx: &Context, rng: &mut Rng) -> Profile {
    let roll = rng.unit();
    // A unit is green only if every criterion is: with ~33 criteria that takes a unit that
    // does everything right, so the all-green class is large enough for "most units green".
    let class = if roll < 0.5 {
        Class::Exemplary
    } else if roll < 0.7 {
        Class::Strong
    } else if roll < 0.9 {
        Class::Typical
    } else {
        Class::Struggling
    };
    let n = ctx.rounds.len();
    let start = if n > 4 && rng.chance(0.2) {
        1 + rng.below(3) as usize
    } else {
        0
    };
    let skip_rate = if rng.chance(0.25) { 0.12 } else { 0.0 };
    let skipped = (0..n).map(|r| r > start && rng.chance(skip_rate)).collect();
    let evidence_rate = match class {
        Class::Exemplary => 1.0,
        Class::Strong => 0.97,
        Class::Typical => 0.9,
        Class::Struggling => 0.75,
    };
    Profile {
        class,
        start,
        skipped,
        evidence_rate,
    }
}

/// The level a pair ends in: strong units mostly meet the levels, struggling ones often not;
/// mandatory criteria (gates) are prioritised.
fn final_level(c: &Criterion, class: Class, rng: &mut Rng) -> Level {
    let (partial, below, gate) = match class {
        Class::Exemplary => (0.0, 0.0, 0.0),
        Class::Strong => (0.05, 0.015, 0.3),
        Class::Typical => (0.12, 0.06, 0.3),
        Class::Struggling => (0.22, 0.22, 0.6),
    };
    // Without an amber level, part of "partly there" is simply not met.
    let (partial, below) = if c.amber.is_some() {
        (partial, below)
    } else {
        (0.0, below + partial * 0.3)
    };
    let below = if c.mandatory { below * gate } else { below };
    let roll = rng.unit();
    if roll < below {
        Level::Below
    } else if roll < below + partial {
        Level::Partial
    } else {
        Level::Met
    }
}

const P_NO_VALUES: f64 = 0.04;
const P_NOT_APPLICABLE: f64 = 0.02;
const P_STOPPED: f64 = 0.05;
const P_COMMENT: f64 = 0.05;

fn unit_rows(ctx: &Context, unit: &Unit, rng: &mut Rng, values: &mut String, plans: &mut String) {
    let profile = profile(ctx, rng);
    let exemplary = profile.class == Class::Exemplary;
    let n = ctx.rounds.len();
    for c in CRITERIA {
        // Every draw happens whatever the branch, so one pair's fate does not shift the next.
        let no_values = rng.chance(P_NO_VALUES);
        let not_applicable = rng.chance(P_NOT_APPLICABLE);
        let stopped = rng.chance(P_STOPPED);
        let level = final_level(c, profile.class, rng);
        let improving = rng.chance(0.6);
        let missing_evidence = rng.chance(0.25);
        let whole = rng.chance(0.6);
        let (no_values, stopped, missing_evidence) = if exemplary {
            (false, false, false)
        } else {
            (no_values, stopped, missing_evidence)
        };
        let mut pair_rng = Rng::stream(rng.next(), 7);
        if no_values {
            continue;
        }
        let rng = &mut pair_rng;

        // The rounds this pair is reported in; a pair that stops reporting goes stale.
        let stop_at = match ctx.stale_cut {
            Some(cut) if stopped && c.validity_months <= 12 && cut >= profile.start => {
                rng.between(profile.start as u64, cut as u64) as usize
            }
            _ => n - 1,
        };
        let stopped = stop_at < n - 1;
        let reported: Vec<usize> = (profile.start..=stop_at)
            .filter(|&r| r == profile.start || !profile.skipped[r])
            .collect();
        if reported.is_empty() {
            continue;
        }
        let steps = reported.len();

        let final_value = match (not_applicable, final_value(c, level, rng)) {
            (true, _) => Value::NotApplicable,
            // Whole percents keep their level: the thresholds are whole.
            (false, Value::Share(t)) if whole => Value::Share(t / 10 * 10),
            (false, v) => v,
        };
        // Improving pairs start lower: a fraction of the final number, or Nej until a switch.
        let start_fraction = if improving {
            0.35 + 0.5 * rng.unit()
        } else {
            1.0
        };
        let switch = if improving && steps > 1 {
            1 + rng.below(steps as u64 - 1) as usize
        } else {
            0
        };
        // Evidence can only be missing where it is required and a value meets the level.
        let missing_evidence = missing_evidence
            && c.requires_evidence
            && c.kind != Kind::Evidence
            && level != Level::Below;
        let link = rng.chance(0.65);
        let reference = rng.below(1000);

        let mut last_below: Option<NaiveDate> = None;
        for (k, &r) in reported.iter().enumerate() {
            let mut value = if k + 1 == steps {
                final_value
            } else {
                match final_value {
                    Value::Yes | Value::Evidence if k < switch => Value::No,
                    Value::Count(_) | Value::Share(_) => {
                        let progress = k as f64 / (steps - 1) as f64;
                        earlier_value(
                            final_value,
                            start_fraction + (1.0 - start_fraction) * progress,
                            rng,
                        )
                    }
                    other => other,
                }
            };
            if let (Value::Share(t), true) = (value, whole) {
                value = Value::Share(t / 10 * 10);
            }
            let row_level = value.level(c);
            if row_level == Level::Below {
                last_below = Some(ctx.rounds[r]);
            }
            let evidence = match value {
                Value::Evidence => true,
                Value::NotApplicable | Value::No => false,
                _ if row_level == Level::Below => false,
                _ if c.requires_evidence => {
                    if k + 1 == steps {
                        !missing_evidence
                    } else {
                        rng.chance(profile.evidence_rate)
                    }
                }
                // Now and then evidence is given where none is required.
                _ => rng.chance(0.04),
            };
            let comment = if matches!(value, Value::NotApplicable) && k == 0 {
                rng.pick(catalog::NOT_APPLICABLE_COMMENTS)
            } else if k + 1 == steps && stopped && rng.chance(0.4) {
                rng.pick(catalog::STOPPED_COMMENTS)
            } else if rng.chance(P_COMMENT) {
                rng.pick(catalog::COMMENTS)
            } else {
                ""
            };

            values.push_str(&unit.code);
            values.push(';');
            values.push_str(c.code);
            values.push(';');
            // A few units write "Ja" for evidence instead of leaving the value empty.
            if matches!(value, Value::Evidence) && reference.is_multiple_of(10) {
                values.push_str("Ja");
            } else {
                value.push(values);
            }
            values.push(';');
            values.push_str(&ctx.dates[r]);
            values.push(';');
            push_field(values, comment);
            values.push(';');
            if evidence {
                push_evidence(values, &unit.code, c, ctx.rounds[r], link, reference);
            }
            values.push('\n');
        }

        if !matches!(final_value, Value::NotApplicable) {
            let situation = Situation {
                level: final_value.level(c),
                stale: stopped,
                missing_evidence,
                last_below,
            };
            plan(ctx, unit, c, &situation, rng, plans);
        }
    }
}

fn push_evidence(
    out: &mut String,
    unit: &str,
    c: &Criterion,
    date: NaiveDate,
    link: bool,
    reference: u64,
) {
    let year = date.year();
    if link {
        let _ = write!(
            out,
            "https://intranat.exempel.se/usv/{unit}/{}-{year}.pdf",
            c.document
        );
    } else {
        match reference % 3 {
            0 => {
                let _ = write!(out, "Verksamhetsberättelse {year}, avsnitt FoUU");
            }
            1 => {
                let _ = write!(out, "Protokoll FoUU-kommittén {date}");
            }
            _ => {
                let _ = write!(out, "Dnr RS {year}-{:04}", 1000 + reference * 7 % 9000);
            }
        }
    }
}

struct Situation {
    level: Level,
    stale: bool,
    missing_evidence: bool,
    /// The last date the pair was below the levels, if ever.
    last_below: Option<NaiveDate>,
}

/// At most one action plan per pair, for pairs that need one.
fn plan(
    ctx: &Context,
    unit: &Unit,
    c: &Criterion,
    s: &Situation,
    rng: &mut Rng,
    plans: &mut String,
) {
    let in_time = |rng: &mut Rng| {
        // Most plans are due at the end of November, before the evaluation.
        let days = (ctx.deadline - ctx.report_day).num_days().max(1) as u64;
        if rng.chance(0.5) {
            ctx.deadline.pred_opt().unwrap_or(ctx.deadline)
        } else {
            ctx.report_day + Days::new(rng.between(1, days))
        }
    };
    let overdue = |rng: &mut Rng| ctx.report_day - Days::new(rng.between(10, 200));
    let after_deadline = |rng: &mut Rng| ctx.deadline + Days::new(rng.between(30, 300));
    let open = |rng: &mut Rng| if rng.chance(0.6) { "pagar" } else { "planerad" };

    let roll = rng.unit();
    let (action, due, status) = match s.level {
        Level::Below => {
            if roll < 0.25 {
                return; // Not met and no plan: red.
            } else if roll < 0.70 {
                (c.action, in_time(rng), open(rng))
            } else if roll < 0.82 {
                (c.action, overdue(rng), "pagar")
            } else if roll < 0.94 {
                (
                    c.action,
                    after_deadline(rng),
                    if rng.chance(0.7) { "planerad" } else { "pagar" },
                )
            } else {
                (c.action, overdue(rng), "klar")
            }
        }
        Level::Partial => {
            if roll < 0.7 {
                return;
            } else if roll < 0.91 {
                (c.action, in_time(rng), open(rng))
            } else {
                (c.action, after_deadline(rng), "planerad")
            }
        }
        Level::Met if s.stale => {
            if roll < 0.75 {
                return;
            }
            (catalog::ACTION_STALE, in_time(rng), "planerad")
        }
        Level::Met if s.missing_evidence => {
            if roll < 0.7 {
                return;
            }
            (catalog::ACTION_EVIDENCE, in_time(rng), open(rng))
        }
        Level::Met => {
            // Improved after being below: the action that did it is done.
            let Some(below) = s.last_below else { return };
            if roll < 0.92 {
                return;
            }
            let due = (below + Days::new(rng.between(20, 80))).min(ctx.report_day);
            (c.action, due, "klar")
        }
    };
    let owner = if rng.chance(0.4) {
        unit.manager.clone()
    } else {
        let (first, last) = person(rng);
        format!("{first} {last}")
    };
    let due = due.to_string();
    push_row(plans, &[&unit.code, c.code, action, &owner, &due, status]);
}

#[cfg(test)]
mod tests;
