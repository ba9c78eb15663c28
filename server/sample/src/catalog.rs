//! The invented catalogue behind the sample: criteria, care providers, unit names, people and
//! texts. Shaped after the public examples in the domain notes; none of it is the real list.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    YesNo,
    Count,
    Share,
    Evidence,
    Index,
}

impl Kind {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Kind::YesNo => "ja_nej",
            Kind::Count => "antal",
            Kind::Share => "andel",
            Kind::Evidence => "underlag",
            Kind::Index => "index",
        }
    }
}

/// One criterion row. Thresholds are whole numbers (counts, or percent for shares).
pub(crate) struct Criterion {
    pub code: &'static str,
    pub evaluation: &'static str,
    pub area: &'static str,
    pub regional: bool,
    pub kind: Kind,
    pub green: Option<u32>,
    pub amber: Option<u32>,
    pub mandatory: bool,
    pub requires_evidence: bool,
    pub validity_months: u32,
    pub title: &'static str,
    pub title_en: &'static str,
    /// Swedish description after the "Exempeldata: " prefix.
    pub description: &'static str,
    /// What a unit below the level plans to do.
    pub action: &'static str,
    /// File name stem of the evidence document on the (invented) intranet.
    pub document: &'static str,
}

pub(crate) const USV: &str = "USV2026";
pub(crate) const ALF: &str = "ALF2028";

const F: &str = "Forskning";
const U: &str = "Utbildning";
const V: &str = "Utveckling";
const L: &str = "Ledning";
const P1: &str = "Panel 1: Vetenskaplig produktion";
const P2: &str = "Panel 2: Klinisk betydelse och samhällspåverkan";
const P3: &str = "Panel 3: Förutsättningar";

use Kind::{Count, Evidence, Index, Share, YesNo};

/// `flags`: `M` mandatory, `E` requires evidence, `R` regional.
#[allow(clippy::too_many_arguments)]
const fn c(
    code: &'static str,
    evaluation: &'static str,
    area: &'static str,
    kind: Kind,
    green: Option<u32>,
    amber: Option<u32>,
    flags: &'static str,
    validity_months: u32,
    title: &'static str,
    title_en: &'static str,
    description: &'static str,
    action: &'static str,
    document: &'static str,
) -> Criterion {
    let bytes = flags.as_bytes();
    let (mut mandatory, mut requires_evidence, mut regional) = (false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'M' => mandatory = true,
            b'E' => requires_evidence = true,
            b'R' => regional = true,
            _ => {}
        }
        i += 1;
    }
    Criterion {
        code,
        evaluation,
        area,
        regional,
        kind,
        green,
        amber,
        mandatory,
        requires_evidence,
        validity_months,
        title,
        title_en,
        description,
        action,
        document,
    }
}

const N: Option<u32> = None;
const fn s(n: u32) -> Option<u32> {
    Some(n)
}

/// 27 national USV criteria (Forskning 8, Utbildning 7, Utveckling 7, Ledning 5), 6 regional
/// ones and 13 ALF indicators (4 + 5 + 4 over the three panels): 46 in all.
#[rustfmt::skip]
pub(crate) const CRITERIA: &[Criterion] = &[
    // --- USV, national: Forskning ---
    c("USV-F01", USV, F, Count, s(1), N, "M", 12,
      "Minst en kliniskt verksam doktorand", "At least one clinically active doctoral student",
      "antal doktorander som är registrerade vid KI och arbetar kliniskt i verksamheten.",
      "Rekrytera doktorand i samarbete med KI", "doktorander"),
    c("USV-F02", USV, F, Count, s(5), s(2), "M", 12,
      "Kontinuerlig produktion av vetenskapliga artiklar (antal per år)", "Continuous production of scientific articles (per year)",
      "granskade originalartiklar med minst en medförfattare från verksamheten, senaste tolv månaderna.",
      "Starta skrivstöd och journal club för medarbetare", "publikationer"),
    c("USV-F03", USV, F, Count, s(2), s(1), "M", 12,
      "Medarbetare med docentkompetens", "Staff with docent competence",
      "antal medarbetare som är docenter eller har motsvarande kompetens.",
      "Ta fram karriärplan mot docentur för disputerade", "docenter"),
    c("USV-F04", USV, F, Share, s(15), s(8), "M", 12,
      "Andel disputerade i relevanta yrkesgrupper", "Share of staff with a PhD in relevant professions",
      "andel disputerade bland läkare, sjuksköterskor och andra legitimerade yrkesgrupper (%).",
      "Avsätta medel för disputation inom verksamheten", "disputerade"),
    c("USV-F05", USV, F, Share, s(50), s(30), "ME", 12,
      "Schemalagd forskningstid för disputerade", "Scheduled research time for staff with a PhD",
      "andel disputerade medarbetare med schemalagd forskningstid (%); schemat är underlag.",
      "Lägga in forskningstid i grundschemat", "forskningstid"),
    c("USV-F06", USV, F, Count, s(3), s(1), "", 12,
      "Pågående kliniska studier", "Ongoing clinical studies",
      "antal etikgodkända kliniska studier som rekryterar patienter i verksamheten.",
      "Anmäla verksamheten som prövningsställe via kliniska prövningsenheten", "studier"),
    c("USV-F07", USV, F, Evidence, N, N, "ME", 24,
      "Forskningsstrategi för verksamheten", "Research strategy for the unit",
      "en beslutad forskningsstrategi med mål och uppföljning.",
      "Ta fram forskningsstrategi och förankra i ledningsgruppen", "forskningsstrategi"),
    c("USV-F08", USV, F, YesNo, N, N, "", 12,
      "Samverkan med akademisk forskargrupp", "Collaboration with an academic research group",
      "verksamheten ingår i eller samarbetar med en forskargrupp vid KI.",
      "Etablera samarbete med forskargrupp vid KI", "forskargrupp"),
    // --- USV, national: Utbildning ---
    c("USV-U01", USV, U, Share, s(80), s(60), "M", 12,
      "Handledare i VFU med pedagogisk handledarutbildning", "VFU supervisors with pedagogical supervisor training",
      "andel handledare av studenter i verksamhetsförlagd utbildning (VFU) med högskolepoäng i handledning (%).",
      "Anmäla handledare till KI:s handledarutbildning", "handledare"),
    c("USV-U02", USV, U, Count, s(4), s(2), "M", 12,
      "Utbildningsplatser för läkarstudenter per termin", "Placements for medical students per term",
      "antal platser för studenter på läkarprogrammet per termin.",
      "Utöka antalet studentplatser i samråd med KI", "studentplatser"),
    c("USV-U03", USV, U, Share, s(75), s(60), "", 12,
      "Studenternas bedömning av placeringen (andel nöjda)", "Students' rating of the placement (share satisfied)",
      "andel studenter som i kursvärderingen är nöjda med placeringen (%).",
      "Gå igenom kursvärderingar och förbättra introduktionen", "kursvardering"),
    c("USV-U04", USV, U, YesNo, N, N, "M", 12,
      "Utsedd studierektor för grundutbildning", "Appointed director of undergraduate studies",
      "verksamheten har en utsedd studierektor eller kursansvarig för studenterna.",
      "Utse studierektor för grundutbildningen", "studierektor"),
    c("USV-U05", USV, U, Evidence, N, N, "ME", 24,
      "Plan för läkarnas specialiseringstjänstgöring (ST)", "Plan for specialist training of physicians (ST)",
      "en aktuell ST-plan med handledning och utbildningsmoment.",
      "Revidera ST-planen enligt gällande föreskrifter", "st-plan"),
    c("USV-U06", USV, U, Count, s(1), N, "", 12,
      "Kliniska lärare med förenad anställning", "Clinical teachers with joint appointments",
      "antal kliniska lärare eller adjungerade med anställning vid både region och KI.",
      "Ansöka om förenad anställning som klinisk lärare", "kliniska-larare"),
    c("USV-U07", USV, U, YesNo, N, N, "", 12,
      "Simuleringsträning och interprofessionell utbildning", "Simulation training and interprofessional education",
      "studenter och ST-läkare deltar i simuleringsträning eller interprofessionell träning.",
      "Boka simuleringsträning vid kliniskt träningscentrum", "simulering"),
    // --- USV, national: Utveckling ---
    c("USV-V01", USV, V, YesNo, N, N, "ME", 12,
      "Verksamheten utvecklas utifrån PROM och PREM", "The unit develops its work from PROM and PREM",
      "patientrapporterade utfalls- och erfarenhetsmått används i förbättringsarbetet.",
      "Införa PROM-enkät i mottagningsflödet", "prom-prem"),
    c("USV-V02", USV, V, Share, s(90), s(75), "M", 12,
      "Täckningsgrad i nationella kvalitetsregister", "Coverage in national quality registers",
      "andel av verksamhetens patienter som registreras i relevanta kvalitetsregister (%).",
      "Öka rapporteringen till kvalitetsregistret", "kvalitetsregister"),
    c("USV-V03", USV, V, Evidence, N, N, "ME", 12,
      "Systematiskt förbättringsarbete med uppföljning", "Systematic improvement work with follow-up",
      "en dokumenterad förbättringsplan som följs upp minst två gånger per år.",
      "Ta fram förbättringsplan med mätbara mål", "forbattringsplan"),
    c("USV-V04", USV, V, Count, s(2), s(1), "", 12,
      "Nya metoder införda efter utvärdering (antal per år)", "New methods introduced after evaluation (per year)",
      "antal nya metoder, behandlingar eller arbetssätt som införts efter utvärdering.",
      "Anmäla nya metoder till regionens metodråd", "nya-metoder"),
    c("USV-V05", USV, V, YesNo, N, N, "", 12,
      "Patientmedverkan i utvecklingsarbetet", "Patient involvement in development work",
      "patienter eller närstående medverkar i verksamhetens utvecklingsarbete.",
      "Bjuda in patientrepresentanter till förbättringsteamet", "patientmedverkan"),
    c("USV-V06", USV, V, Share, s(85), s(70), "", 12,
      "Medarbetare med individuell kompetensutvecklingsplan", "Staff with an individual development plan",
      "andel medarbetare med dokumenterad kompetensutvecklingsplan (%).",
      "Genomföra utvecklingssamtal med alla medarbetare", "kompetensplaner"),
    c("USV-V07", USV, V, YesNo, N, N, "M", 12,
      "Samverkan med primärvård och kommun", "Collaboration with primary care and municipalities",
      "det finns överenskommelser om samverkan i vårdkedjan med primärvård och kommun.",
      "Teckna samverkansöverenskommelse med primärvården", "samverkan"),
    // --- USV, national: Ledning ---
    c("USV-L01", USV, L, Evidence, N, N, "ME", 24,
      "Gemensamma mål och strategi för region och universitet", "Joint goals and strategy of region and university",
      "mål och strategi för forskning, utbildning och utveckling beslutade av region och KI gemensamt.",
      "Ta fram gemensam strategi med KI:s institution", "strategi"),
    c("USV-L02", USV, L, YesNo, N, N, "M", 12,
      "FoUU-ansvarig i verksamhetens ledningsgrupp", "FoUU lead in the unit's management team",
      "en utsedd ansvarig för forskning, utveckling och utbildning ingår i ledningsgruppen.",
      "Utse FoUU-ansvarig i ledningsgruppen", "fouu-ansvarig"),
    c("USV-L03", USV, L, YesNo, N, N, "ME", 12,
      "Årlig uppföljning i FoUU-kommittén", "Annual follow-up in the FoUU committee",
      "verksamheten har följts upp av FoUU-kommittén under de senaste tolv månaderna; protokollet är underlag.",
      "Boka uppföljningsmöte med FoUU-kommittén", "fouu-protokoll"),
    c("USV-L04", USV, L, Evidence, N, N, "E", 12,
      "Budget för forskning och utbildning redovisas", "Budget for research and education reported",
      "verksamhetens budget redovisar medel för forskning och utbildning separat.",
      "Redovisa FoUU-medel separat i budgeten", "budget"),
    c("USV-L05", USV, L, Share, s(50), s(30), "", 12,
      "Chefer med akademisk kompetens", "Managers with academic competence",
      "andel chefer i verksamheten som är disputerade (%).",
      "Erbjuda chefer ledarutbildning med akademisk inriktning", "chefer"),
    // --- USV, regional (Region Stockholm) ---
    c("REG-01", USV, U, YesNo, N, N, "MR", 12,
      "Minst en utbildningsansvarig med pedagogisk kompetens", "At least one education lead with pedagogical competence",
      "en utbildningsansvarig med högskolepedagogisk utbildning finns i verksamheten (regionalt kriterium från 2025).",
      "Utse utbildningsansvarig och anmäla till pedagogisk kurs", "utbildningsansvarig"),
    c("REG-02", USV, F, Count, s(2), s(1), "MR", 12,
      "Förenade anställningar universitet–region", "Joint university–region appointments",
      "antal medarbetare med förenad anställning vid KI och Region Stockholm.",
      "Inventera möjliga förenade anställningar med KI", "forenade-anstallningar"),
    c("REG-03", USV, V, YesNo, N, N, "MER", 12,
      "Verksamheten implementerar nya metoder", "The unit implements new methods",
      "verksamheten har infört minst en ny metod via regionens ordnade införande.",
      "Ta fram plan för ordnat införande av ny metod", "metodinforande"),
    c("REG-04", USV, L, Evidence, N, N, "ER", 12,
      "Handlingsplan för USV-kriterierna", "Action plan for the USV criteria",
      "en handlingsplan för de kriterier som inte är uppfyllda, beslutad av verksamhetschefen.",
      "Ta fram handlingsplan för ej uppfyllda kriterier", "handlingsplan"),
    c("REG-05", USV, F, Count, s(1), N, "R", 12,
      "Forskningssjuksköterska eller motsvarande", "Research nurse or equivalent",
      "antal forskningssjuksköterskor eller forskningskoordinatorer i verksamheten.",
      "Rekrytera forskningssjuksköterska", "forskningssjukskoterska"),
    c("REG-06", USV, U, Share, s(95), s(85), "R", 12,
      "BT- och ST-läkare med utsedd handledare", "Junior doctors (BT/ST) with an appointed supervisor",
      "andel BT- och ST-läkare som har en utsedd handledare (%).",
      "Utse handledare för samtliga BT- och ST-läkare", "handledning-bt-st"),
    // --- ALF 2028: Panel 1 ---
    c("ALF-P1-01", ALF, P1, Count, s(10), s(4), "", 24,
      "Vetenskapliga publikationer (antal per år)", "Scientific publications (per year)",
      "kliniska publikationer med affiliering till verksamheten, enligt bibliometrisk sammanställning.",
      "Säkerställa korrekt affiliering i alla publikationer", "bibliometri"),
    c("ALF-P1-02", ALF, P1, Index, s(120), s(100), "", 24,
      "Fältnormerad citeringsgrad (index, 100 = världsgenomsnittet)", "Field-normalised citation score (index, 100 = world average)",
      "medelvärdet av fältnormerad citering för verksamhetens publikationer, gånger 100.",
      "Prioritera publicering i välciterade tidskrifter", "citeringar"),
    c("ALF-P1-03", ALF, P1, Share, s(12), s(8), "", 24,
      "Andel publikationer bland de 10 % mest citerade", "Share of publications among the top 10 % cited",
      "andel av verksamhetens publikationer som hör till de 10 % mest citerade i sitt fält (%).",
      "Samarbeta internationellt i större studier", "topp10"),
    c("ALF-P1-04", ALF, P1, Evidence, N, N, "E", 24,
      "Utvalda publikationer för panelens läsning", "Selected publications for the panel's reading",
      "en lista över verksamhetens bästa publikationer under perioden, med motivering.",
      "Välja ut och motivera publikationer för panelen", "utvalda-publikationer"),
    // --- ALF 2028: Panel 2 ---
    c("ALF-P2-01", ALF, P2, Count, s(1), N, "E", 24,
      "Beskrivna impact-fall", "Impact cases described",
      "antal beskrivna fall där forskning från verksamheten har påverkat vård eller samhälle.",
      "Skriva impact-fall med stöd av KI:s forskningsstöd", "impact"),
    c("ALF-P2-02", ALF, P2, YesNo, N, N, "", 24,
      "Forskningsresultat implementerade i vården", "Research results implemented in care",
      "minst ett forskningsresultat från verksamheten har införts i klinisk praxis under perioden.",
      "Dokumentera implementerade forskningsresultat", "implementering"),
    c("ALF-P2-03", ALF, P2, Count, s(3), s(1), "", 12,
      "Kliniska studier med patienter från verksamheten", "Clinical studies with the unit's patients",
      "antal kliniska studier där verksamhetens patienter ingår.",
      "Delta i multicenterstudier via kliniska prövningsenheten", "kliniska-studier"),
    c("ALF-P2-04", ALF, P2, Count, s(2), s(1), "", 24,
      "Disputerade under perioden", "PhD graduates during the period",
      "antal medarbetare som disputerat under utvärderingsperioden.",
      "Följa upp doktorandernas tidsplaner", "disputationer"),
    c("ALF-P2-05", ALF, P2, Count, s(2), s(1), "", 24,
      "Docenter verksamma i kliniken", "Docents working clinically",
      "antal docenter med klinisk tjänstgöring i verksamheten.",
      "Stödja ansökningar om docentur", "docenter-klinik"),
    // --- ALF 2028: Panel 3 ---
    c("ALF-P3-01", ALF, P3, Share, s(60), s(40), "", 12,
      "Kliniska forskare med avsatt forskningstid", "Clinical researchers with protected research time",
      "andel kliniska forskare med avsatt forskningstid vid sidan av kliniskt arbete (%).",
      "Söka ALF-medel för forskningstid", "alf-forskningstid"),
    c("ALF-P3-02", ALF, P3, YesNo, N, N, "", 12,
      "Tillgång till forskningsinfrastruktur", "Access to research infrastructure",
      "verksamheten har tillgång till biobank, prövningsenhet och datalager för forskning.",
      "Teckna avtal med kliniska prövningsenheten", "infrastruktur"),
    c("ALF-P3-03", ALF, P3, Evidence, N, N, "E", 24,
      "Karriärvägar för kliniska forskare", "Career paths for clinical researchers",
      "en beskriven karriärväg från doktorand till förenad anställning.",
      "Beskriva karriärvägar tillsammans med KI", "karriarvagar"),
    c("ALF-P3-04", ALF, P3, Count, s(3), s(1), "", 12,
      "Doktorander med klinisk anställning", "Doctoral students with clinical employment",
      "antal doktorander som samtidigt är kliniskt anställda i verksamheten.",
      "Utlysa kliniska doktorandtjänster", "kliniska-doktorander"),
];

pub(crate) struct Provider {
    pub name: &'static str,
    /// Units of the provider among the default 72 (the weight for other sizes).
    pub weight: usize,
    /// Unit names, in order of use; more units than names get a site added.
    pub units: &'static [&'static str],
}

/// Eight care providers, 72 units at the default size.
pub(crate) const PROVIDERS: &[Provider] = &[
    Provider {
        name: "Karolinska Universitetssjukhuset",
        weight: 22,
        units: &[
            "Tema Hjärta och kärl – Kardiologi",
            "Tema Hjärta och kärl – Thoraxkirurgi",
            "Tema Hjärta och kärl – Kärlkirurgi",
            "Tema Cancer – Bröstcancer och sarkom",
            "Tema Cancer – Hematologi",
            "Tema Cancer – Bäckencancer",
            "Tema Cancer – Huvud-, hals-, lung- och hudcancer",
            "Tema Inflammation och åldrande – Reumatologi",
            "Tema Inflammation och åldrande – Gastroenterologi",
            "Tema Inflammation och åldrande – Geriatrik",
            "Tema Inflammation och åldrande – Njurmedicin",
            "Tema Inflammation och åldrande – Infektion",
            "Tema Neuro – Neurologi",
            "Tema Neuro – Neurokirurgi",
            "Tema Neuro – Rehabiliteringsmedicin",
            "Tema Barn – Neonatologi",
            "Tema Barn – Barnonkologi",
            "Tema Barn – Barnkirurgi och urologi",
            "Tema Kvinnors hälsa – Gynekologi och reproduktionsmedicin",
            "Tema Akut – Akutmedicin",
            "Funktion Perioperativ medicin och intensivvård – Anestesi",
            "Funktion Bild och funktion – Radiologi",
            "Funktion Laboratoriemedicin – Klinisk kemi",
            "Funktion Laboratoriemedicin – Klinisk genetik",
            "Tema Hjärta och kärl – Hjärtsvikt och klaffsjukdom",
            "Tema Cancer – Övre buk och tarm",
        ],
    },
    Provider {
        name: "Södersjukhuset",
        weight: 10,
        units: &[
            "Medicinkliniken – Kardiologi",
            "Medicinkliniken – Endokrinologi och diabetes",
            "Akutkliniken",
            "Kvinnokliniken – Förlossning",
            "Kirurgkliniken – Kolorektal kirurgi",
            "Ortopedkliniken – Trauma",
            "Sachsska barn- och ungdomssjukhuset",
            "Infektionskliniken",
            "Anestesi- och intensivvårdskliniken",
            "Hudkliniken",
            "Röntgenkliniken",
            "Handkirurgiska kliniken",
        ],
    },
    Provider {
        name: "Danderyds sjukhus",
        weight: 9,
        units: &[
            "Hjärtkliniken",
            "Medicinkliniken – Diabetes och njurmedicin",
            "Ortopedkliniken – Höft och knä",
            "Kvinnokliniken – Obstetrik och gynekologi",
            "Akutmottagningen",
            "Rehabiliteringsmedicinska universitetskliniken",
            "Neurologiska kliniken – Strokeenheten",
            "Kirurg- och urologkliniken",
            "Geriatriska kliniken",
            "Öron-, näs- och halskliniken",
        ],
    },
    Provider {
        name: "Akademiskt primärvårdscentrum",
        weight: 8,
        units: &[
            "Akademisk vårdcentral Jakobsberg",
            "Akademisk vårdcentral Gustavsberg",
            "Akademisk vårdcentral Husby",
            "Akademisk vårdcentral Sollentuna",
            "Akademisk vårdcentral Tullinge",
            "Akademisk vårdcentral Liljeholmen",
            "Akademisk vårdcentral Flemingsberg",
            "Akademisk vårdcentral Södertälje",
            "Akademisk vårdcentral Hässelby",
            "Akademisk vårdcentral Täby",
        ],
    },
    Provider {
        name: "S:t Eriks Ögonsjukhus",
        weight: 4,
        units: &[
            "Ögonkliniken – Näthinna och gula fläcken",
            "Ögonkliniken – Barn och skelning",
            "Ögonkliniken – Hornhinna och katarakt",
            "Ögonkliniken – Glaukom",
            "Ögonkliniken – Ögonplastik och tårvägar",
        ],
    },
    Provider {
        name: "Norra Stockholms psykiatri",
        weight: 6,
        units: &[
            "Psykiatrisk öppenvård – Ångest och depression",
            "Psykiatrisk slutenvård – Akutpsykiatri",
            "Psykossektionen",
            "Beroendemottagningen",
            "Ätstörningsenheten",
            "Neuropsykiatriska enheten",
            "Äldrepsykiatriska mottagningen",
        ],
    },
    Provider {
        name: "Capio S:t Görans sjukhus",
        weight: 6,
        units: &[
            "Akutmedicinska kliniken",
            "Kirurgkliniken – Övre gastrointestinal kirurgi",
            "Ortopedkliniken – Idrottsskador",
            "Medicinkliniken – Lungmedicin",
            "Kardiologiska kliniken",
            "Bild och funktion",
            "Anestesikliniken",
        ],
    },
    Provider {
        name: "Stockholms läns sjukvårdsområde",
        weight: 7,
        units: &[
            "Avancerad sjukvård i hemmet (ASIH) Nordväst",
            "Geriatrik – Nacka",
            "Barn- och ungdomspsykiatri (BUP) Söder",
            "Habilitering och hälsa",
            "Rehabilitering – Sabbatsberg",
            "Mödrahälsovård – Barnmorskemottagningar",
            "Smärtrehabilitering",
            "Hörsel- och balansmottagningen",
        ],
    },
];

/// Added to unit names when a provider has more units than names (national-scale samples).
pub(crate) const SITES: &[&str] = &[
    "Solna",
    "Huddinge",
    "Södertälje",
    "Norrtälje",
    "Nacka",
    "Täby",
    "Järfälla",
    "Botkyrka",
    "Sollentuna",
    "Haninge",
    "Lidingö",
    "Värmdö",
    "Upplands Väsby",
    "Sigtuna",
    "Tyresö",
    "Ekerö",
    "Vallentuna",
    "Österåker",
    "Sundbyberg",
    "Nynäshamn",
];

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Åsa",
    "Björn",
    "Märta",
    "Örjan",
    "Karin",
    "Lars",
    "Sofia",
    "Håkan",
    "Elin",
    "Göran",
    "Maria",
    "Anders",
    "Linnéa",
    "Per",
    "Ingrid",
    "Jörgen",
    "Annika",
    "Mikael",
    "Sara",
    "Stig",
    "Kerstin",
    "Magnus",
    "Helena",
    "Fredrik",
    "Åke",
    "Ebba",
    "Malin",
    "Torbjörn",
    "Lena",
    "Ulf",
    "Birgitta",
    "Jonas",
    "Cecilia",
    "Pär",
    "Sören",
    "Gunnel",
    "Amir",
    "Leila",
    "Mattias",
    "Tove",
];

pub(crate) const LAST_NAMES: &[&str] = &[
    "Öberg",
    "Åkesson",
    "Lindqvist",
    "Bäckström",
    "Nyström",
    "Sjögren",
    "Ekström",
    "Håkansson",
    "Karlsson",
    "Löfgren",
    "Wallin",
    "Strömberg",
    "Berglund",
    "Engström",
    "Holmqvist",
    "Forsén",
    "Ek",
    "Lindén",
    "Dahlgren",
    "Söderberg",
    "Hällström",
    "Ågren",
    "Björk",
    "Mårtensson",
    "Blomqvist",
    "Jönsson",
    "Sandström",
    "Wikström",
    "Nordin",
    "Hosseini",
    "Olsson",
    "Åström",
];

/// Comments on reported values; some hold a `;` or quotes, which the CSV must quote.
pub(crate) const COMMENTS: &[&str] = &[
    "Rekrytering pågår inför vårterminen.",
    "Uppgiften hämtad från verksamhetsberättelsen.",
    "Två medarbetare disputerar under året; en är föräldraledig.",
    "Siffran avser läkare och sjuksköterskor.",
    "Ny rutin införd efter översynen; följs upp kvartalsvis.",
    "Avvikelsen mot förra mätningen beror på omorganisation.",
    "Underlaget skickat till FoUU-kommittén för granskning.",
    "Sammanställt av FoUU-ansvarig tillsammans med enhetschefer.",
    "Mätningen gjord på \"gamla\" enheten före sammanslagningen.",
    "Preliminär uppgift; slutlig siffra kommer efter årsskiftet.",
    "Lägre under sommaren på grund av semesterperioden.",
    "Ökningen förklaras av två nyanställda disputerade.",
];

/// Comments on `ej tillämplig`.
pub(crate) const NOT_APPLICABLE_COMMENTS: &[&str] = &[
    "Kriteriet gäller inte verksamhetens uppdrag.",
    "Verksamheten tar inte emot läkarstudenter.",
    "Enligt beslut i FoUU-kommittén; gäller tills vidare.",
];

/// Comments on the last value of a pair that stopped reporting.
pub(crate) const STOPPED_COMMENTS: &[&str] = &[
    "Mätningen pausad under omorganisationen.",
    "Ansvarig har slutat; ny rapportör utses.",
];

pub(crate) const ACTION_EVIDENCE: &str =
    "Ta fram och ladda upp underlag (protokoll, plan eller rapport)";
pub(crate) const ACTION_STALE: &str = "Ta fram aktuell uppgift och rapportera till FoUU-kommittén";
