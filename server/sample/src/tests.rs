use std::collections::{HashMap, HashSet};

use super::*;

const CRITERIA_HEADER: &str = "kod;utvardering;omrade;ursprung;titel;titel_en;typ;gron;gul;obligatorisk;kraver_underlag;giltighet_manader;beskrivning";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Splits one CSV line on `;` outside quotes and unquotes (`""` → `"`). No field in the sample
/// holds a line break, so lines are rows.
fn split(line: &str) -> Vec<String> {
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
}

/// Rows after the header, each checked to have as many fields as the header.
fn rows(csv: &str) -> Vec<Vec<String>> {
    let mut lines = csv.lines();
    let width = split(lines.next().expect("header")).len();
    lines
        .map(|line| {
            let fields = split(line);
            assert_eq!(fields.len(), width, "{line}");
            fields
        })
        .collect()
}

fn header(csv: &str) -> &str {
    csv.lines().next().unwrap()
}

#[test]
fn same_options_give_the_same_bytes() {
    let a = generate(&SampleOptions::default());
    let b = generate(&SampleOptions::default());
    assert_eq!(a, b);
    let other_seed = generate(&SampleOptions {
        seed: 7,
        ..SampleOptions::default()
    });
    assert_ne!(a.values, other_seed.values);
    assert_ne!(a.units, other_seed.units);
    assert_eq!(
        a.criteria, other_seed.criteria,
        "criteria do not depend on the seed"
    );
}

#[test]
fn headers_are_exactly_the_canonical_ones() {
    let files = generate(&SampleOptions::default());
    assert_eq!(header(&files.evaluations), "kod;namn;genomfors_av;datum");
    assert_eq!(header(&files.criteria), CRITERIA_HEADER);
    assert_eq!(
        header(&files.units),
        "kod;namn;vardgivare;verksamhetschef;epost"
    );
    assert_eq!(
        header(&files.values),
        "enhet;kriterium;varde;datum;kommentar;underlag"
    );
    assert_eq!(
        header(&files.plans),
        "enhet;kriterium;atgard;ansvarig;klar_senast;status"
    );
    for text in [
        &files.evaluations,
        &files.criteria,
        &files.units,
        &files.values,
        &files.plans,
    ] {
        assert!(!text.starts_with('\u{feff}') && !text.starts_with('#'));
        assert!(text.ends_with('\n') && !text.contains('\r'));
    }
}

#[test]
fn quarter_ends_finish_with_the_end_date() {
    let end = date(2026, 10, 31);
    let dates = quarter_ends(end, 24);
    assert_eq!(
        dates,
        [
            date(2024, 12, 31),
            date(2025, 3, 31),
            date(2025, 6, 30),
            date(2025, 9, 30),
            date(2025, 12, 31),
            date(2026, 3, 31),
            date(2026, 6, 30),
            date(2026, 9, 30),
            end
        ]
    );
    // An end on a quarter end is not repeated; the start is exclusive.
    assert_eq!(
        quarter_ends(date(2026, 9, 30), 6),
        [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)]
    );
    assert_eq!(
        quarter_ends(date(2026, 9, 30), 5),
        [date(2026, 6, 30), date(2026, 9, 30)]
    );
    assert_eq!(quarter_ends(date(2026, 12, 31), 12).len(), 4);
    assert_eq!(quarter_ends(end, 0), [end]);
    assert_eq!(quarter_ends(end, 60).len(), 21);
}

#[test]
fn evaluations_and_criteria_are_labelled_and_well_formed() {
    let files = generate(&SampleOptions::default());
    let evaluations = rows(&files.evaluations);
    assert_eq!(
        evaluations,
        [
            [
                "USV2026",
                "USV-utvärdering 2026 (EXEMPELDATA)",
                "Socialstyrelsen",
                "2026-12-01"
            ],
            [
                "ALF2028",
                "ALF-utvärdering 2028 (EXEMPELDATA)",
                "Vetenskapsrådet",
                "2028-06-30"
            ],
        ]
    );
    let criteria = rows(&files.criteria);
    let codes: HashSet<&str> = criteria.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(codes.len(), criteria.len(), "unique codes");
    let usv: Vec<_> = criteria.iter().filter(|r| r[1] == "USV2026").collect();
    let alf: Vec<_> = criteria.iter().filter(|r| r[1] == "ALF2028").collect();
    assert_eq!(usv.iter().filter(|r| r[3] == "nationell").count(), 27);
    assert_eq!(usv.iter().filter(|r| r[3] == "regional").count(), 6);
    assert_eq!(alf.len(), 13);
    assert_eq!(usv.len() + alf.len(), criteria.len());
    let mandatory = usv.iter().filter(|r| r[9] == "ja").count();
    assert!(
        (18..=22).contains(&mandatory),
        "about 60 % of USV mandatory: {mandatory}"
    );
    for r in &criteria {
        let areas: &[&str] = if r[1] == "USV2026" {
            &["Forskning", "Utbildning", "Utveckling", "Ledning"]
        } else {
            &[
                "Panel 1: Vetenskaplig produktion",
                "Panel 2: Klinisk betydelse och samhällspåverkan",
                "Panel 3: Förutsättningar",
            ]
        };
        assert!(areas.contains(&r[2].as_str()), "{r:?}");
        assert!(
            ["ja_nej", "antal", "andel", "underlag", "index"].contains(&r[6].as_str()),
            "{r:?}"
        );
        let thresholds = ["antal", "andel", "index"].contains(&r[6].as_str());
        let green: Option<u32> = r[7].parse().ok();
        let amber: Option<u32> = r[8].parse().ok();
        assert_eq!(green.is_some(), thresholds, "{r:?}");
        if !thresholds {
            assert!(r[8].is_empty(), "{r:?}");
        }
        if let (Some(g), Some(a)) = (green, amber) {
            assert!(a < g, "gul < gron: {r:?}");
        }
        if r[6] == "andel" {
            assert!(green.unwrap() <= 100);
        }
        assert!(["ja", "nej"].contains(&r[9].as_str()) && ["ja", "nej"].contains(&r[10].as_str()));
        assert!(["12", "24"].contains(&r[11].as_str()), "{r:?}");
        assert!(r[12].starts_with("Exempeldata: "), "{r:?}");
        assert!(!r[4].is_empty() && !r[5].is_empty());
    }
    assert!(criteria.iter().any(|r| r[10] == "ja" && r[6] != "underlag"));
    assert!(alf.iter().any(|r| r[11] == "24") && alf.iter().any(|r| r[11] == "12"));
}

#[test]
fn units_are_unique_and_fake() {
    let files = generate(&SampleOptions::default());
    let units = rows(&files.units);
    assert_eq!(units.len(), 72);
    assert_eq!(units[0][0], "E001");
    assert_eq!(units[71][0], "E072");
    let providers: HashSet<&str> = units.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(providers.len(), 8);
    let names: HashSet<&str> = units.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names.len(), 72, "unique names");
    let emails: HashSet<&str> = units.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(emails.len(), 72, "unique e-mail addresses");
    for r in &units {
        assert!(r[4].ends_with("@exempel.se") && r[4].is_ascii(), "{r:?}");
        assert!(r[3].contains(' '), "{r:?}");
    }
    assert!(
        units
            .iter()
            .any(|r| r[3].contains(['å', 'ä', 'ö', 'Å', 'Ä', 'Ö']))
    );

    // National scale: still unique, with wider codes.
    let big = make_units(&SampleOptions {
        units: 2000,
        ..SampleOptions::default()
    });
    assert_eq!(big.len(), 2000);
    assert_eq!(
        (big[0].code.as_str(), big[1999].code.as_str()),
        ("E0001", "E2000")
    );
    let names: HashSet<&str> = big.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names.len(), 2000);
    let emails: HashSet<&str> = big.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails.len(), 2000);
    assert_eq!(provider_counts(72), [22, 10, 9, 8, 4, 6, 6, 7]);
    assert_eq!(provider_counts(2000).iter().sum::<usize>(), 2000);
    assert_eq!(provider_counts(5).iter().sum::<usize>(), 5);
}

/// Checks a value cell against the criterion's kind, as the importer would.
fn valid_value(kind: &str, value: &str, evidence: &str) -> bool {
    if value == "ej tillämplig" {
        return true;
    }
    match kind {
        "ja_nej" => value == "Ja" || value == "Nej",
        "antal" | "index" => value.parse::<u32>().is_ok(),
        "andel" => {
            let n: f64 = value.replace(',', ".").parse().unwrap_or(-1.0);
            !value.contains('.') && !value.contains('%') && (0.0..=100.0).contains(&n)
        }
        "underlag" => (value.is_empty() || value == "Ja") && !evidence.is_empty() || value == "Nej",
        _ => false,
    }
}

#[test]
fn values_and_plans_refer_to_known_codes_without_duplicates() {
    let opts = SampleOptions::default();
    let files = generate(&opts);
    let units: HashSet<String> = rows(&files.units)
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let criteria: HashMap<String, Vec<String>> = rows(&files.criteria)
        .into_iter()
        .map(|r| (r[0].clone(), r))
        .collect();
    let rounds: HashSet<String> = quarter_ends(opts.end, opts.months)
        .iter()
        .map(|d| d.to_string())
        .collect();

    let values = rows(&files.values);
    let mut keys = HashSet::new();
    let mut pairs = HashSet::new();
    for r in &values {
        assert!(units.contains(&r[0]), "{r:?}");
        let criterion = criteria.get(&r[1]).unwrap_or_else(|| panic!("{r:?}"));
        assert!(rounds.contains(&r[3]), "{r:?}");
        assert!(
            keys.insert((r[0].clone(), r[1].clone(), r[3].clone())),
            "duplicate {r:?}"
        );
        assert!(valid_value(&criterion[6], &r[2], &r[5]), "{r:?}");
        pairs.insert((r[0].clone(), r[1].clone()));
    }
    // Rows come in unit, criterion, date order.
    let order: Vec<_> = values
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[3].clone()))
        .collect();
    let units_order: Vec<_> = order.iter().map(|k| k.0.clone()).collect();
    assert!(units_order.windows(2).all(|w| w[0] <= w[1]));

    let plans = rows(&files.plans);
    let mut plan_keys = HashSet::new();
    for p in &plans {
        assert!(
            units.contains(&p[0]) && criteria.contains_key(&p[1]),
            "{p:?}"
        );
        assert!(
            plan_keys.insert((p[0].clone(), p[1].clone())),
            "duplicate plan {p:?}"
        );
        assert!(
            pairs.contains(&(p[0].clone(), p[1].clone())),
            "plan without values {p:?}"
        );
        assert!(!p[2].is_empty() && !p[3].is_empty(), "{p:?}");
        assert!(
            NaiveDate::parse_from_str(&p[4], "%Y-%m-%d").is_ok(),
            "{p:?}"
        );
        assert!(
            ["planerad", "pagar", "klar"].contains(&p[5].as_str()),
            "{p:?}"
        );
    }
}

#[test]
fn row_counts_are_plausible() {
    let opts = SampleOptions::default();
    let files = generate(&opts);
    let rounds = quarter_ends(opts.end, opts.months).len();
    let full = 72 * CRITERIA.len() * rounds;
    let values = rows(&files.values).len();
    assert!(
        values * 100 > full * 80 && values * 100 < full * 95,
        "{values} of {full}"
    );
    let plans = rows(&files.plans).len();
    assert!((150..=600).contains(&plans), "{plans} plans");
    let pairs: HashSet<(String, String)> = rows(&files.values)
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let all = 72 * CRITERIA.len();
    let missing = all - pairs.len();
    assert!(
        missing * 100 > all * 4 && missing * 100 < all * 10,
        "{missing} of {all} pairs have no values"
    );
    // A few whole units report nothing.
    let reporting: HashSet<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
    assert!(
        (1..=4).contains(&(72 - reporting.len())),
        "{} silent units",
        72 - reporting.len()
    );
}

#[test]
fn data_has_the_variety_the_rules_need() {
    let files = generate(&SampleOptions::default());
    let values = rows(&files.values);
    let comments: Vec<&str> = values
        .iter()
        .map(|r| r[4].as_str())
        .filter(|c| !c.is_empty())
        .collect();
    assert!(
        comments.len() * 100 > values.len() * 3,
        "comments on a few per cent of rows"
    );
    assert!(comments.iter().any(|c| c.contains(';')));
    assert!(comments.iter().any(|c| c.contains('"')));
    assert!(values.iter().any(|r| r[2].contains(',')), "decimal commas");
    assert!(values.iter().any(|r| r[2] == "ej tillämplig"));
    assert!(
        values
            .iter()
            .any(|r| r[5].starts_with("https://intranat.exempel.se/usv/E"))
    );
    assert!(values.iter().any(|r| r[5].starts_with("Dnr ")));
    assert!(values.iter().any(|r| r[2].is_empty()));
    let statuses: HashSet<String> = rows(&files.plans)
        .into_iter()
        .map(|p| p[5].clone())
        .collect();
    assert_eq!(statuses.len(), 3);
}

#[test]
fn fields_with_separators_and_quotes_are_quoted() {
    let mut out = String::new();
    push_row(&mut out, &["E001", "a;b", "säger \"hej\"", "vanlig"]);
    assert_eq!(out, "E001;\"a;b\";\"säger \"\"hej\"\"\";vanlig\n");
    assert_eq!(
        split(out.trim_end()),
        ["E001", "a;b", "säger \"hej\"", "vanlig"]
    );
    // In the generated file: the comment with a `;` is one quoted field.
    let files = generate(&SampleOptions::default());
    let line = files
        .values
        .lines()
        .find(|l| l.contains("\"Två medarbetare disputerar under året; en är föräldraledig.\""))
        .expect("a quoted comment");
    assert_eq!(split(line).len(), 6);
    assert_eq!(
        split(line)[4],
        "Två medarbetare disputerar under året; en är föräldraledig."
    );
    let mut tenths = String::new();
    push_tenths(&mut tenths, 825);
    push_tenths(&mut tenths, 800);
    assert_eq!(tenths, "82,580");
}

#[test]
fn write_to_creates_the_directory_and_five_files() {
    let dir = std::env::temp_dir().join(format!("readiness-sample-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = generate(&SampleOptions {
        units: 5,
        months: 6,
        ..SampleOptions::default()
    });
    files.write_to(&dir.join("sample")).unwrap();
    for (name, text) in [
        ("evaluations.csv", &files.evaluations),
        ("criteria.csv", &files.criteria),
        ("units.csv", &files.units),
        ("values.csv", &files.values),
        ("plans.csv", &files.plans),
    ] {
        assert_eq!(
            &std::fs::read_to_string(dir.join("sample").join(name)).unwrap(),
            text
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn tiny_and_odd_options_still_work() {
    for opts in [
        SampleOptions {
            units: 0,
            ..SampleOptions::default()
        },
        SampleOptions {
            units: 1,
            months: 0,
            ..SampleOptions::default()
        },
        SampleOptions {
            units: 3,
            months: 3,
            seed: u64::MAX,
            end: date(2030, 1, 15),
        },
    ] {
        let files = generate(&opts);
        assert_eq!(rows(&files.units).len(), opts.units);
        for r in rows(&files.values) {
            assert!(r[3] <= opts.end.to_string());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The lights the sample gives, by the rules in the top-level README (re-implemented here in
// brief, so this crate needs nothing but chrono).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Light {
    Green,
    AmberPartial,
    AmberStale,
    AmberEvidence,
    AmberAction,
    RedNoPlan,
    RedOverdue,
    RedAfterDeadline,
    Grey,
    NotApplicable,
}

impl Light {
    fn colour(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::AmberPartial | Light::AmberStale | Light::AmberEvidence | Light::AmberAction => {
                "amber"
            }
            Light::RedNoPlan | Light::RedOverdue | Light::RedAfterDeadline => "red",
            Light::Grey => "grey",
            Light::NotApplicable => "n/a",
        }
    }
}

/// Lights per (unit, criterion) as of `as_of`.
fn lights(files: &SampleFiles, as_of: NaiveDate) -> HashMap<(String, String), Light> {
    let criteria: HashMap<String, Vec<String>> = rows(&files.criteria)
        .into_iter()
        .map(|r| (r[0].clone(), r))
        .collect();
    let deadlines: HashMap<String, NaiveDate> = rows(&files.evaluations)
        .into_iter()
        .map(|r| (r[0].clone(), r[3].parse().unwrap()))
        .collect();
    let mut latest: HashMap<(String, String), Vec<String>> = HashMap::new();
    for r in rows(&files.values) {
        if r[3].parse::<NaiveDate>().unwrap() <= as_of {
            latest.insert((r[0].clone(), r[1].clone()), r); // Rows are in date order.
        }
    }
    let mut plans: HashMap<(String, String), Vec<(NaiveDate, String)>> = HashMap::new();
    for p in rows(&files.plans) {
        plans
            .entry((p[0].clone(), p[1].clone()))
            .or_default()
            .push((p[4].parse().unwrap(), p[5].clone()));
    }
    let mut out = HashMap::new();
    for unit in rows(&files.units) {
        for (code, c) in &criteria {
            let key = (unit[0].clone(), code.clone());
            let light = match latest.get(&key) {
                None => Light::Grey,
                Some(v) if v[2] == "ej tillämplig" => Light::NotApplicable,
                Some(v) => {
                    let measured: NaiveDate = v[3].parse().unwrap();
                    let has_evidence = !v[5].is_empty();
                    let number = || v[2].replace(',', ".").parse::<f64>().unwrap();
                    let threshold = |i: usize| c[i].parse::<f64>().ok();
                    let level = match c[6].as_str() {
                        "ja_nej" => {
                            if v[2] == "Ja" {
                                Level::Met
                            } else {
                                Level::Below
                            }
                        }
                        "underlag" => {
                            if v[2] != "Nej" && has_evidence {
                                Level::Met
                            } else {
                                Level::Below
                            }
                        }
                        _ => {
                            let n = number();
                            if n >= threshold(7).unwrap() {
                                Level::Met
                            } else if threshold(8).is_some_and(|a| n >= a) {
                                Level::Partial
                            } else {
                                Level::Below
                            }
                        }
                    };
                    let validity: u32 = c[11].parse().unwrap();
                    let deadline = deadlines[&c[1]];
                    match level {
                        Level::Met
                            if as_of
                                > measured.checked_add_months(Months::new(validity)).unwrap() =>
                        {
                            Light::AmberStale
                        }
                        Level::Met if c[10] == "ja" && !has_evidence => Light::AmberEvidence,
                        Level::Met => Light::Green,
                        Level::Partial => Light::AmberPartial,
                        Level::Below => {
                            let open: Vec<NaiveDate> = plans
                                .get(&key)
                                .into_iter()
                                .flatten()
                                .filter(|(_, s)| s != "klar")
                                .map(|(d, _)| *d)
                                .collect();
                            if open.iter().any(|d| *d >= as_of && *d <= deadline) {
                                Light::AmberAction
                            } else if open.iter().any(|d| *d < as_of) {
                                Light::RedOverdue
                            } else if !open.is_empty() {
                                Light::RedAfterDeadline
                            } else {
                                Light::RedNoPlan
                            }
                        }
                    }
                }
            };
            out.insert(key, light);
        }
    }
    out
}

fn share(part: usize, all: usize) -> f64 {
    part as f64 * 100.0 / all as f64
}

#[test]
fn lights_mix_is_mostly_green_with_some_amber_and_a_few_red() {
    let files = generate(&SampleOptions::default());
    let criteria: HashMap<String, Vec<String>> = rows(&files.criteria)
        .into_iter()
        .map(|r| (r[0].clone(), r))
        .collect();
    let as_of = date(2026, 11, 25);
    let lights = lights(&files, as_of);
    let usv: Vec<(&(String, String), &Light)> = lights
        .iter()
        .filter(|((_, c), _)| criteria[c][1] == "USV2026")
        .collect();

    let mut by_light: HashMap<Light, usize> = HashMap::new();
    let mut by_colour: HashMap<&str, usize> = HashMap::new();
    for (_, light) in &usv {
        *by_light.entry(**light).or_default() += 1;
        *by_colour.entry(light.colour()).or_default() += 1;
    }
    let all = usv.len();
    let pct = |colour: &str| share(by_colour.get(colour).copied().unwrap_or(0), all);
    let mut detail: Vec<_> = by_light.iter().collect();
    detail.sort();
    println!("USV lights as of {as_of}, {all} pairs:");
    for colour in ["green", "amber", "red", "grey", "n/a"] {
        println!("  {colour}: {:.1} %", pct(colour));
    }
    for (light, n) in &detail {
        println!("    {light:?}: {n} ({:.1} %)", share(**n, all));
    }

    // Unit lights: red if a mandatory criterion is red, grey if nothing reported, green if
    // every applicable criterion is green, else amber.
    let mut units: HashMap<&str, Vec<(&str, Light)>> = HashMap::new();
    for ((unit, criterion), light) in &usv {
        units
            .entry(unit.as_str())
            .or_default()
            .push((criterion.as_str(), **light));
    }
    let mut unit_mix: HashMap<&str, usize> = HashMap::new();
    for lights in units.values() {
        let colour = if lights.iter().all(|(_, l)| *l == Light::Grey) {
            "grey"
        } else if lights
            .iter()
            .any(|(c, l)| criteria[*c][9] == "ja" && l.colour() == "red")
        {
            "red"
        } else if lights
            .iter()
            .all(|(_, l)| matches!(l, Light::Green | Light::NotApplicable))
        {
            "green"
        } else {
            "amber"
        };
        *unit_mix.entry(colour).or_default() += 1;
    }
    println!("  units: {unit_mix:?}");
    // What the overview shows: green the largest group, then amber, a few red, a couple silent.
    let units = |colour: &str| unit_mix.get(colour).copied().unwrap_or(0);
    assert!(
        units("green") > units("amber") && units("amber") > units("red"),
        "{unit_mix:?}"
    );
    assert!(units("red") >= 3 && units("grey") >= 1, "{unit_mix:?}");
    let plans = rows(&files.plans);
    let mut plan_mix: HashMap<String, usize> = HashMap::new();
    for p in &plans {
        let due: NaiveDate = p[4].parse().unwrap();
        let when = if due < as_of {
            "overdue"
        } else if due <= date(2026, 12, 1) {
            "in time"
        } else {
            "after 2026-12-01"
        };
        *plan_mix.entry(format!("{} {when}", p[5])).or_default() += 1;
    }
    let mut plan_mix: Vec<_> = plan_mix.into_iter().collect();
    plan_mix.sort();
    println!("  {} plans: {plan_mix:?}", plans.len());

    assert!(
        (75.0..=92.0).contains(&pct("green")),
        "green {:.1}",
        pct("green")
    );
    assert!(
        (4.0..=20.0).contains(&pct("amber")),
        "amber {:.1}",
        pct("amber")
    );
    assert!((1.0..=10.0).contains(&pct("red")), "red {:.1}", pct("red"));
    assert!(
        (3.0..=12.0).contains(&pct("grey")),
        "grey {:.1}",
        pct("grey")
    );
    assert!((0.5..=4.0).contains(&pct("n/a")), "n/a {:.1}", pct("n/a"));
    for light in [
        Light::AmberPartial,
        Light::AmberStale,
        Light::AmberEvidence,
        Light::AmberAction,
        Light::RedNoPlan,
        Light::RedOverdue,
        Light::RedAfterDeadline,
    ] {
        assert!(
            by_light.get(&light).copied().unwrap_or(0) >= 5,
            "{light:?} is rare"
        );
    }
    let red_units = unit_mix.get("red").copied().unwrap_or(0);
    assert!((5..=35).contains(&red_units), "{red_units} red units");
    assert!(unit_mix.get("amber").copied().unwrap_or(0) >= 25);
    assert!(unit_mix.get("grey").copied().unwrap_or(0) >= 1);
    assert!(unit_mix.get("green").copied().unwrap_or(0) >= 1);
}

#[test]
fn values_improve_over_time() {
    let files = generate(&SampleOptions::default());
    let first = lights(&files, date(2025, 3, 31));
    let last = lights(&files, date(2026, 10, 31));
    let green =
        |l: &HashMap<(String, String), Light>| l.values().filter(|l| **l == Light::Green).count();
    assert!(
        green(&last) > green(&first) + green(&first) / 5,
        "{} → {}",
        green(&first),
        green(&last)
    );
}

/// National scale: `cargo test --release -- --ignored --nocapture national_scale`.
#[test]
#[ignore = "slow in debug builds; run with --release"]
fn national_scale() {
    let opts = SampleOptions {
        units: 2000,
        months: 60,
        ..SampleOptions::default()
    };
    let started = std::time::Instant::now();
    let files = generate(&opts);
    let elapsed = started.elapsed();
    let rows = files.values.lines().count() - 1;
    let full = opts.units * CRITERIA.len() * quarter_ends(opts.end, opts.months).len();
    println!(
        "2000 units, 60 months: {rows} value rows of {full} ({:.1} %), {} plans, {:.1} MB, {elapsed:?}",
        share(rows, full),
        files.plans.lines().count() - 1,
        files.values.len() as f64 / 1e6
    );
    assert!(rows > 1_000_000);
    assert!(elapsed.as_secs_f64() < 5.0);
}
