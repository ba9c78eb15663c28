//! Deterministic SAMPLE DATA (Exempeldata) for readiness: invented units, criteria, values and
//! action plans in the import formats of `data/README.md`.
//!
//! Same options, same bytes: a small splitmix64 generator is seeded from the options, so the
//! committed files in `data/sample/` can be regenerated exactly, and the same code makes
//! national-scale files for benchmarks.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, Months, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    pub units: usize,
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
}

impl SampleFiles {
    /// Writes `evaluations.csv`, `criteria.csv`, `units.csv`, `values.csv` and `plans.csv`.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in [
            ("evaluations.csv", &self.evaluations),
            ("criteria.csv", &self.criteria),
            ("units.csv", &self.units),
            ("values.csv", &self.values),
            ("plans.csv", &self.plans),
        ] {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }
}

/// splitmix64: tiny, fast and identical on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
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

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Measurement dates: the quarter ends within the last `months` months up to `end`, plus `end`
/// itself when it is not a quarter end.
pub fn quarter_ends(end: NaiveDate, months: u32) -> Vec<NaiveDate> {
    let start = end.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN);
    let mut dates = Vec::new();
    let mut year = start.year();
    let mut quarter_month = ((start.month() - 1) / 3 + 1) * 3;
    loop {
        let next_month_first = if quarter_month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, quarter_month + 1, 1)
        }
        .expect("valid date");
        let quarter_end = next_month_first.pred_opt().expect("valid date");
        if quarter_end > end {
            break;
        }
        if quarter_end > start {
            dates.push(quarter_end);
        }
        if quarter_month == 12 {
            year += 1;
            quarter_month = 3;
        } else {
            quarter_month += 3;
        }
    }
    if dates.last() != Some(&end) {
        dates.push(end);
    }
    dates
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    YesNo,
    Count,
    Share,
    Evidence,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::YesNo => "ja_nej",
            Kind::Count => "antal",
            Kind::Share => "andel",
            Kind::Evidence => "underlag",
        }
    }
}

struct CriterionDef {
    code: &'static str,
    evaluation: &'static str,
    area: &'static str,
    origin: &'static str,
    title: &'static str,
    title_en: &'static str,
    kind: Kind,
    green: Option<f64>,
    amber: Option<f64>,
    mandatory: bool,
    requires_evidence: bool,
    validity_months: u32,
}

const FORSKNING: &str = "Forskning";
const UTBILDNING: &str = "Utbildning";
const UTVECKLING: &str = "Utveckling";
const LEDNING: &str = "Ledning";
const PANEL1: &str = "Panel 1: Vetenskaplig produktion";
const PANEL2: &str = "Panel 2: Klinisk betydelse och samhällspåverkan";
const PANEL3: &str = "Panel 3: Förutsättningar";

#[allow(clippy::too_many_arguments)]
const fn c(
    code: &'static str,
    evaluation: &'static str,
    area: &'static str,
    origin: &'static str,
    title: &'static str,
    title_en: &'static str,
    kind: Kind,
    green: Option<f64>,
    amber: Option<f64>,
    mandatory: bool,
    requires_evidence: bool,
    validity_months: u32,
) -> CriterionDef {
    CriterionDef {
        code,
        evaluation,
        area,
        origin,
        title,
        title_en,
        kind,
        green,
        amber,
        mandatory,
        requires_evidence,
        validity_months,
    }
}

use Kind::{Count, Evidence, Share, YesNo};

/// Invented thresholds in the shape of Socialstyrelsen's minimum levels and Region Stockholm's
/// regional criteria (see domain.md): not the real list.
const CRITERIA: &[CriterionDef] = &[
    c("USV-F01", "USV2026", FORSKNING, "nationell", "Minst en kliniskt verksam doktorand", "At least one clinically active doctoral student", Count, Some(1.0), None, true, false, 12),
    c("USV-F02", "USV2026", FORSKNING, "nationell", "Kontinuerlig produktion av vetenskapliga artiklar (per år)", "Continuous production of scientific articles (per year)", Count, Some(5.0), Some(2.0), true, false, 12),
    c("USV-F03", "USV2026", FORSKNING, "nationell", "Medarbetare med docentkompetens", "Staff with docent competence", Count, Some(2.0), Some(1.0), true, false, 12),
    c("USV-F04", "USV2026", FORSKNING, "nationell", "Andel disputerade i relevanta yrkesgrupper", "Share of staff with a PhD in relevant professions", Share, Some(15.0), Some(8.0), true, false, 12),
    c("USV-F05", "USV2026", FORSKNING, "nationell", "Schemalagd forskningstid för disputerade", "Scheduled research time for staff with a PhD", YesNo, None, None, true, true, 12),
    c("USV-F06", "USV2026", FORSKNING, "nationell", "Pågående kliniska studier", "Ongoing clinical studies", Count, Some(3.0), Some(1.0), false, false, 12),
    c("USV-F07", "USV2026", FORSKNING, "nationell", "Forskningsstrategi för verksamheten", "Research strategy for the unit", Evidence, None, None, true, true, 24),
    c("USV-F08", "USV2026", FORSKNING, "nationell", "Samverkan med akademisk forskningsmiljö", "Collaboration with an academic research environment", YesNo, None, None, false, false, 12),
    c("USV-U01", "USV2026", UTBILDNING, "nationell", "Handledare i VFU med pedagogisk handledarutbildning", "Clinical placement supervisors with pedagogical training", Share, Some(80.0), Some(60.0), true, false, 12),
    c("USV-U02", "USV2026", UTBILDNING, "nationell", "Utbildningsplatser för läkarprogrammet", "Placements for medical students", Count, Some(4.0), Some(2.0), true, false, 12),
    c("USV-U03", "USV2026", UTBILDNING, "nationell", "Studenternas bedömning av placeringen (andel nöjda)", "Students' rating of the placement (share satisfied)", Share, Some(75.0), Some(60.0), false, false, 12),
    c("USV-U04", "USV2026", UTBILDNING, "nationell", "Lokal studierektor för grundutbildning", "Local director of undergraduate studies", YesNo, None, None, true, false, 12),
    c("USV-U05", "USV2026", UTBILDNING, "nationell", "Plan för läkares specialiseringstjänstgöring", "Plan for specialist training of physicians", Evidence, None, None, false, true, 24),
    c("USV-U06", "USV2026", UTBILDNING, "nationell", "Kliniska lärare med förenad anställning", "Clinical teachers with joint appointments", Count, Some(1.0), None, false, false, 12),
    c("USV-U07", "USV2026", UTBILDNING, "nationell", "Simuleringsträning i utbildningen", "Simulation training in education", YesNo, None, None, false, false, 12),
    c("USV-V01", "USV2026", UTVECKLING, "nationell", "Verksamheten utvecklas utifrån patientrapporterade mått (PROM/PREM)", "The unit develops its work from patient-reported measures (PROM/PREM)", YesNo, None, None, true, true, 12),
    c("USV-V02", "USV2026", UTVECKLING, "nationell", "Deltagande i nationella kvalitetsregister (täckningsgrad)", "Participation in national quality registers (coverage)", Share, Some(90.0), Some(75.0), true, false, 12),
    c("USV-V03", "USV2026", UTVECKLING, "nationell", "Systematiskt förbättringsarbete med uppföljning", "Systematic improvement work with follow-up", Evidence, None, None, false, true, 12),
    c("USV-V04", "USV2026", UTVECKLING, "nationell", "Införda nya metoder efter utvärdering (per år)", "New methods introduced after evaluation (per year)", Count, Some(2.0), Some(1.0), false, false, 12),
    c("USV-V05", "USV2026", UTVECKLING, "nationell", "Patientmedverkan i utvecklingsarbetet", "Patient involvement in development work", YesNo, None, None, false, false, 12),
    c("USV-V06", "USV2026", UTVECKLING, "nationell", "Andel medarbetare med kompetensutvecklingsplan", "Share of staff with a professional development plan", Share, Some(85.0), Some(70.0), false, false, 12),
    c("USV-V07", "USV2026", UTVECKLING, "nationell", "Samverkan med primärvård och kommun", "Collaboration with primary care and municipality", YesNo, None, None, false, false, 12),
    c("USV-L01", "USV2026", LEDNING, "nationell", "Gemensamma mål och strategi för region och universitet", "Joint goals and strategy of region and university", Evidence, None, None, true, true, 24),
    c("USV-L02", "USV2026", LEDNING, "nationell", "FoUU-ansvarig utsedd i ledningen", "Research, development and education lead appointed", YesNo, None, None, true, false, 12),
    c("USV-L03", "USV2026", LEDNING, "nationell", "Årlig uppföljning i FoUU-kommittén", "Annual follow-up in the FoUU committee", YesNo, None, None, true, true, 12),
    c("USV-L04", "USV2026", LEDNING, "nationell", "Budget för forskning och utbildning redovisas", "Budget for research and education reported", Evidence, None, None, false, true, 12),
    c("USV-L05", "USV2026", LEDNING, "nationell", "Chefer med akademisk kompetens (andel)", "Managers with academic competence (share)", Share, Some(50.0), Some(30.0), false, false, 12),
    c("REG-01", "USV2026", UTBILDNING, "regional", "Minst en utbildningsansvarig med pedagogisk kompetens", "At least one education lead with pedagogical competence", YesNo, None, None, true, false, 12),
    c("REG-02", "USV2026", FORSKNING, "regional", "Förenade anställningar universitet–region", "Joint university–region appointments", Count, Some(2.0), Some(1.0), false, false, 12),
    c("REG-03", "USV2026", UTVECKLING, "regional", "Verksamheten implementerar nya metoder", "The unit implements new methods", YesNo, None, None, true, false, 12),
    c("REG-04", "USV2026", LEDNING, "regional", "Handlingsplan för USV-kriterierna", "Action plan for the USV criteria", Evidence, None, None, false, true, 12),
    c("REG-05", "USV2026", FORSKNING, "regional", "Forskningssjuksköterska eller motsvarande", "Research nurse or equivalent", Count, Some(1.0), None, false, false, 12),
    c("REG-06", "USV2026", UTBILDNING, "regional", "Andel AT/BT-läkare med handledare", "Share of junior doctors with a supervisor", Share, Some(95.0), Some(85.0), false, false, 12),
    c("ALF-P1-01", "ALF2028", PANEL1, "nationell", "Vetenskapliga publikationer (per år)", "Scientific publications (per year)", Count, Some(10.0), Some(4.0), false, false, 24),
    c("ALF-P1-02", "ALF2028", PANEL1, "nationell", "Fältnormerad citeringsgrad (x 100)", "Field-normalised citation score (x 100)", Count, Some(120.0), Some(100.0), false, false, 24),
    c("ALF-P1-03", "ALF2028", PANEL1, "nationell", "Andel publikationer i topp 10 %", "Share of publications in the top 10 %", Share, Some(12.0), Some(8.0), false, false, 24),
    c("ALF-P1-04", "ALF2028", PANEL1, "nationell", "Utvalda publikationer för panelbedömning", "Selected publications for panel review", Evidence, None, None, false, true, 24),
    c("ALF-P2-01", "ALF2028", PANEL2, "nationell", "Impact-fall beskrivna", "Impact cases described", Count, Some(1.0), None, false, true, 24),
    c("ALF-P2-02", "ALF2028", PANEL2, "nationell", "Forskningsresultat implementerade i vården", "Research results implemented in care", YesNo, None, None, false, false, 24),
    c("ALF-P2-03", "ALF2028", PANEL2, "nationell", "Samverkan med näringsliv och patientorganisationer", "Collaboration with industry and patient organisations", YesNo, None, None, false, false, 24),
    c("ALF-P2-04", "ALF2028", PANEL2, "nationell", "Disputerade under perioden", "PhD graduates during the period", Count, Some(2.0), Some(1.0), false, false, 24),
    c("ALF-P3-01", "ALF2028", PANEL3, "nationell", "Andel kliniska forskare med avsatt forskningstid", "Share of clinical researchers with protected research time", Share, Some(60.0), Some(40.0), false, false, 12),
    c("ALF-P3-02", "ALF2028", PANEL3, "nationell", "Tillgång till forskningsinfrastruktur", "Access to research infrastructure", YesNo, None, None, false, false, 12),
    c("ALF-P3-03", "ALF2028", PANEL3, "nationell", "Karriärvägar för kliniska forskare", "Career paths for clinical researchers", Evidence, None, None, false, true, 24),
    c("ALF-P3-04", "ALF2028", PANEL3, "nationell", "Doktorander med klinisk anställning", "Doctoral students with clinical employment", Count, Some(3.0), Some(1.0), false, false, 12),
];

const PROVIDERS: &[&str] = &[
    "Karolinska Universitetssjukhuset",
    "Södersjukhuset",
    "Danderyds sjukhus",
    "Akademiskt primärvårdscentrum",
    "S:t Eriks Ögonsjukhus",
    "Norra Stockholms psykiatri",
    "Capio S:t Görans sjukhus",
    "Stockholms läns sjukvårdsområde",
];

const SPECIALTIES: &[&str] = &[
    "Kardiologi", "Endokrinologi", "Gastroenterologi", "Njurmedicin", "Reumatologi",
    "Infektion", "Hematologi", "Onkologi", "Neurologi", "Akutmedicin", "Ortopedi",
    "Kärlkirurgi", "Urologi", "Kvinnosjukvård", "Förlossning", "Barnmedicin",
    "Neonatologi", "Geriatrik", "Anestesi och intensivvård", "Radiologi", "Klinisk fysiologi",
    "Hud och venereologi", "Öron-, näs- och halssjukvård", "Ögonsjukvård", "Vuxenpsykiatri",
    "Barn- och ungdomspsykiatri", "Beroendevård", "Rehabiliteringsmedicin", "Lungmedicin",
    "Allmänmedicin", "Smärtmedicin", "Klinisk genetik", "Patologi", "Tandvård",
    "Plastikkirurgi", "Thoraxkirurgi", "Neurokirurgi", "Transplantation",
];

const FIRST_NAMES: &[&str] = &[
    "Åsa", "Björn", "Märta", "Örjan", "Karin", "Lars", "Sofia", "Håkan", "Elin", "Göran",
    "Maria", "Anders", "Linnéa", "Per", "Ingrid", "Jörgen", "Annika", "Mikael", "Sara", "Stig",
];

const LAST_NAMES: &[&str] = &[
    "Öberg", "Åkesson", "Lindqvist", "Bäckström", "Nyström", "Sjögren", "Ekström", "Håkansson",
    "Karlsson", "Löfgren", "Wallin", "Strömberg", "Berglund", "Engström", "Holmqvist", "Forsén",
];

const COMMENTS: &[&str] = &[
    "Rekrytering pågår inför våren.",
    "Uppgiften hämtad från verksamhetens årsrapport.",
    "Två medarbetare disputerar under året; en är föräldraledig.",
    "Siffran avser läkare och sjuksköterskor.",
    "Ny rutin införd efter översynen; följs upp kvartalsvis.",
    "Avvikelse mot förra året beror på omorganisation.",
    "Underlag skickat till FoUU-kommittén.",
];

const ACTIONS: &[&str] = &[
    "Rekrytera doktorand i samarbete med KI",
    "Genomföra handledarutbildning för fler handledare",
    "Ta fram skriftlig strategi och förankra i ledningsgruppen",
    "Införa PROM-enkät i mottagningsflödet",
    "Avsätta schemalagd forskningstid",
    "Utse FoUU-ansvarig",
    "Öka rapporteringen till kvalitetsregistret",
    "Starta journal club och publiceringsstöd",
];

/// ASCII for e-mail addresses: å/ä → a, ö → o, é → e.
fn fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'å' | 'ä' => Some('a'),
            'ö' => Some('o'),
            'é' => Some('e'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Quotes a CSV field when it holds `;`, `"` or a line break.
fn field(s: &str) -> String {
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn number(n: f64) -> String {
    let rounded = (n * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}").replace('.', ",")
    }
}

fn threshold(n: Option<f64>) -> String {
    n.map(number).unwrap_or_default()
}

struct UnitDef {
    code: String,
    name: String,
    provider: &'static str,
    manager: String,
    email: String,
}

fn units(opts: &SampleOptions, rng: &mut Rng) -> Vec<UnitDef> {
    let mut out = Vec::with_capacity(opts.units);
    for i in 0..opts.units {
        let provider = PROVIDERS[i % PROVIDERS.len()];
        let round = i / PROVIDERS.len();
        let specialty = SPECIALTIES[(i * 7 + round) % SPECIALTIES.len()];
        // Beyond the list, names get a site number so every unit stays unique.
        let cycle = i / (PROVIDERS.len() * SPECIALTIES.len());
        let name = if cycle == 0 {
            format!("{specialty} – {}", short(provider))
        } else {
            format!("{specialty} {} – {}", cycle + 1, short(provider))
        };
        let first = rng.pick(FIRST_NAMES);
        let last = rng.pick(LAST_NAMES);
        out.push(UnitDef {
            code: if opts.units < 1000 { format!("E{:03}", i + 1) } else { format!("E{:05}", i + 1) },
            name,
            provider,
            manager: format!("{first} {last}"),
            email: format!("{}.{}@exempel.se", fold(first), fold(last)),
        });
    }
    out
}

fn short(provider: &str) -> &str {
    match provider {
        "Karolinska Universitetssjukhuset" => "Karolinska",
        "Akademiskt primärvårdscentrum" => "APC",
        "Stockholms läns sjukvårdsområde" => "SLSO",
        "Norra Stockholms psykiatri" => "Norra psykiatrin",
        other => other,
    }
}

/// Whether a generated value is below the amber level (or not met), for plan generation.
fn below(def: &CriterionDef, value: &str, evidence: &str) -> bool {
    match def.kind {
        YesNo => value == "Nej",
        Evidence => evidence.is_empty(),
        Count | Share => {
            let n: f64 = value.replace(',', ".").parse().unwrap_or(0.0);
            n < def.amber.or(def.green).unwrap_or(0.0)
        }
    }
}

/// Generates the five files. Deterministic for the same options.
pub fn generate(opts: &SampleOptions) -> SampleFiles {
    let mut rng = Rng::new(opts.seed);
    let rounds = quarter_ends(opts.end, opts.months);

    let evaluations = "kod;namn;genomfors_av;datum\n\
        USV2026;USV-utvärdering 2026 (EXEMPELDATA);Socialstyrelsen;2026-12-01\n\
        ALF2028;ALF-utvärdering 2028 (EXEMPELDATA);Vetenskapsrådet;2028-06-30\n"
        .to_string();

    let mut criteria = String::from(
        "kod;utvardering;omrade;ursprung;titel;titel_en;typ;gron;gul;obligatorisk;kraver_underlag;giltighet_manader;beskrivning\n",
    );
    for d in CRITERIA {
        let yes_no = |b: bool| if b { "ja" } else { "nej" };
        let _ = writeln!(
            criteria,
            "{};{};{};{};{};{};{};{};{};{};{};{};{}",
            d.code,
            d.evaluation,
            field(d.area),
            d.origin,
            field(d.title),
            field(d.title_en),
            d.kind.code(),
            threshold(d.green),
            threshold(d.amber),
            yes_no(d.mandatory),
            yes_no(d.requires_evidence),
            d.validity_months,
            field(&format!("Exempeldata: påhittat kriterium för demonstration. {}", d.title_en)),
        );
    }

    let unit_defs = units(opts, &mut rng);
    let mut units_csv = String::from("kod;namn;vardgivare;verksamhetschef;epost\n");
    for u in &unit_defs {
        let _ = writeln!(
            units_csv,
            "{};{};{};{};{}",
            u.code,
            field(&u.name),
            field(u.provider),
            field(&u.manager),
            u.email
        );
    }

    let mut values = String::from("enhet;kriterium;varde;datum;kommentar;underlag\n");
    let mut plans = String::from("enhet;kriterium;atgard;ansvarig;klar_senast;status\n");
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date");
    let deadline = NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date");
    for (ui, u) in unit_defs.iter().enumerate() {
        // Units differ: about four in ten report everything and meet the levels, most have a
        // gap or two, some struggle; a few never report.
        let class = rng.unit();
        let (maturity, p_missing, p_stop, p_evidence) = if class < 0.42 {
            (0.88 + 0.12 * rng.unit(), 0.0, 0.0, 1.0)
        } else if class < 0.85 {
            (0.55 + 0.35 * rng.unit(), 0.02, 0.03, 0.9)
        } else {
            (0.1 + 0.35 * rng.unit(), 0.05, 0.05, 0.7)
        };
        let silent = ui % 37 == 36;
        let first_round = if rng.chance(0.15) { 1 + rng.below(3) } else { 0 };
        for d in CRITERIA {
            let missing = silent || rng.chance(p_missing);
            let not_applicable = !missing && rng.chance(0.015);
            // Some pairs stop reporting early, so their latest value goes stale.
            let last_round = if rng.chance(p_stop) {
                (rounds.len() / 2).max(first_round + 1)
            } else {
                rounds.len()
            };
            let skill = (maturity + 0.2 * (rng.unit() - 0.5)).clamp(0.0, 1.0);
            let mut latest: Option<(String, String)> = None;
            if missing {
                continue;
            }
            for (r, date) in rounds.iter().enumerate().take(last_round).skip(first_round) {
                let progress = r as f64 / (rounds.len().max(2) - 1) as f64;
                let score = (0.8 * skill + 0.3 * progress + 0.1 * (rng.unit() - 0.5)).clamp(0.0, 1.2);
                let (value, evidence) = if not_applicable {
                    ("ej tillämplig".to_string(), String::new())
                } else {
                    match d.kind {
                        YesNo => {
                            let v = if score > 0.42 { "Ja" } else { "Nej" };
                            let evidence = if d.requires_evidence && rng.chance(p_evidence) {
                                format!("https://intranat.exempel.se/usv/{}/{}.pdf", u.code, d.code.to_lowercase())
                            } else {
                                String::new()
                            };
                            (v.to_string(), evidence)
                        }
                        Count => {
                            let green = d.green.unwrap_or(1.0);
                            let n = (green * (0.2 + 1.3 * score) + rng.unit() - 0.5).round().max(0.0);
                            let evidence = if d.requires_evidence && n > 0.0 && rng.chance(p_evidence) {
                                format!("Redovisat i verksamhetsberättelsen {}", date.year())
                            } else {
                                String::new()
                            };
                            (number(n), evidence)
                        }
                        Share => {
                            let green = d.green.unwrap_or(50.0);
                            let mut n = (green * (0.55 + 0.6 * score) + 6.0 * (rng.unit() - 0.5)).clamp(0.0, 100.0);
                            if rng.chance(0.6) {
                                n = n.round();
                            }
                            (number(n), String::new())
                        }
                        Evidence => {
                            if score > 0.4 {
                                let evidence = if rng.chance(0.5) {
                                    format!("https://intranat.exempel.se/usv/{}/{}.pdf", u.code, d.code.to_lowercase())
                                } else {
                                    format!("Dnr FoUU {}-{:03}", date.year(), rng.below(900) + 100)
                                };
                                (String::new(), evidence)
                            } else {
                                ("Nej".to_string(), String::new())
                            }
                        }
                    }
                };
                let comment = if rng.chance(0.06) { rng.pick(COMMENTS) } else { "" };
                let _ = writeln!(
                    values,
                    "{};{};{};{};{};{}",
                    u.code,
                    d.code,
                    field(&value),
                    date,
                    field(comment),
                    field(&evidence)
                );
                latest = Some((value, evidence));
            }
            let Some((value, evidence)) = latest else { continue };
            if value != "ej tillämplig" && below(d, &value, &evidence) && rng.chance(0.75) {
                let roll = rng.unit();
                let (due, status) = if roll < 0.55 {
                    (today + chrono::Days::new(1 + rng.below(6) as u64), if rng.chance(0.6) { "pagar" } else { "planerad" })
                } else if roll < 0.78 {
                    (NaiveDate::from_ymd_opt(2026, 6 + rng.below(5) as u32, 30).expect("valid date"), "pagar")
                } else if roll < 0.93 {
                    (deadline + chrono::Days::new(90 + rng.below(200) as u64), "planerad")
                } else {
                    (NaiveDate::from_ymd_opt(2026, 3, 31).expect("valid date"), "klar")
                };
                let owner = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
                let _ = writeln!(
                    plans,
                    "{};{};{};{};{};{}",
                    u.code,
                    d.code,
                    field(rng.pick(ACTIONS)),
                    field(&owner),
                    due,
                    status
                );
            }
        }
    }

    SampleFiles { evaluations, criteria, units: units_csv, values, plans }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn rows(csv: &str) -> Vec<Vec<String>> {
        // The sample quotes only comments; a `;` inside quotes stays in its field.
        csv.lines()
            .skip(1)
            .map(|line| {
                let mut fields = Vec::new();
                let (mut current, mut quoted) = (String::new(), false);
                let mut chars = line.chars().peekable();
                while let Some(ch) = chars.next() {
                    match ch {
                        '"' if quoted && chars.peek() == Some(&'"') => {
                            current.push('"');
                            chars.next();
                        }
                        '"' => quoted = !quoted,
                        ';' if !quoted => fields.push(std::mem::take(&mut current)),
                        other => current.push(other),
                    }
                }
                fields.push(current);
                fields
            })
            .collect()
    }

    #[test]
    fn same_options_same_bytes() {
        let a = generate(&SampleOptions::default());
        let b = generate(&SampleOptions::default());
        assert_eq!(a, b);
        let c = generate(&SampleOptions { seed: 7, ..SampleOptions::default() });
        assert_ne!(a.values, c.values);
    }

    #[test]
    fn quarter_ends_end_with_the_last_round() {
        let end = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let dates = quarter_ends(end, 24);
        assert_eq!(dates.first(), NaiveDate::from_ymd_opt(2024, 12, 31).as_ref());
        assert_eq!(dates.len(), 9);
        assert_eq!(dates.last(), Some(&end));
        let quarter = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        assert_eq!(quarter_ends(quarter, 6).last(), Some(&quarter));
    }

    #[test]
    fn files_are_consistent() {
        let files = generate(&SampleOptions::default());
        assert!(files.criteria.starts_with("kod;utvardering;omrade;ursprung;titel;titel_en;typ;gron;gul;obligatorisk;kraver_underlag;giltighet_manader;beskrivning\n"));
        assert!(files.values.starts_with("enhet;kriterium;varde;datum;kommentar;underlag\n"));
        let units: HashSet<String> = rows(&files.units).into_iter().map(|r| r[0].clone()).collect();
        let criteria: HashSet<String> = rows(&files.criteria).into_iter().map(|r| r[0].clone()).collect();
        assert_eq!(units.len(), 72);
        assert!(criteria.len() >= 40);
        let values = rows(&files.values);
        assert!(values.len() > 20_000, "{} values", values.len());
        let mut keys = HashSet::new();
        for r in &values {
            assert_eq!(r.len(), 6, "{r:?}");
            assert!(units.contains(&r[0]) && criteria.contains(&r[1]), "{r:?}");
            assert!(keys.insert((r[0].clone(), r[1].clone(), r[3].clone())), "duplicate {r:?}");
        }
        let plans = rows(&files.plans);
        assert!(plans.len() > 50, "{} plans", plans.len());
        let mut plan_keys = HashSet::new();
        for p in &plans {
            assert_eq!(p.len(), 6, "{p:?}");
            assert!(plan_keys.insert((p[0].clone(), p[1].clone())), "duplicate plan {p:?}");
        }
    }

    #[test]
    fn fields_with_separators_are_quoted() {
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("säger \"hej\""), "\"säger \"\"hej\"\"\"");
        assert_eq!(field("vanlig"), "vanlig");
    }
}
