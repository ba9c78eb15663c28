//! The cached records, boards (kept up to date unit by unit), projections and trends equal a
//! full reload from the database after any sequence of reports, plans, reviews, imports and
//! baseline freezes.

use chrono::NaiveDate;
use proptest::prelude::*;
use readiness_rules::Role;
use readiness_store::import::{ImportKind, import};
use readiness_store::reports::{PlanInput, ValueInput};
use readiness_store::{Pool, queries};

const UNITS: [&str; 2] = ["E1", "E2"];
const CRITERIA: [&str; 4] = ["F01", "U01", "L01", "V01"];

#[derive(Debug, Clone)]
enum Op {
    Report {
        unit: usize,
        criterion: usize,
        day: u32,
        value: u32,
        evidence: bool,
    },
    Plan {
        unit: usize,
        criterion: usize,
        action: usize,
        day: u32,
        done: bool,
    },
    Review {
        verified: bool,
    },
    ImportValues {
        unit: usize,
        day: u32,
        value: u32,
    },
    RenameUnit {
        unit: usize,
        name: usize,
    },
    Freeze,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..4usize, 0..400u32, 0..100u32, any::<bool>()).prop_map(
            |(unit, criterion, day, value, evidence)| Op::Report { unit, criterion, day, value, evidence }
        ),
        2 => (0..2usize, 0..4usize, 0..3usize, 0..700u32, any::<bool>()).prop_map(
            |(unit, criterion, action, day, done)| Op::Plan { unit, criterion, action, day, done }
        ),
        2 => any::<bool>().prop_map(|verified| Op::Review { verified }),
        1 => (0..2usize, 0..400u32, 0..5u32).prop_map(|(unit, day, value)| Op::ImportValues { unit, day, value }),
        1 => (0..2usize, 0..3usize).prop_map(|(unit, name)| Op::RenameUnit { unit, name }),
        1 => Just(Op::Freeze),
    ]
}

fn base_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base")
}

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 1).unwrap() + chrono::Days::new(u64::from(n))
}

async fn apply(pool: &Pool, users: (i64, i64), op: &Op, step: usize) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    match op {
        Op::Report {
            unit,
            criterion,
            day: d,
            value,
            evidence,
        } => {
            let (unit, criterion) = (UNITS[*unit], CRITERIA[*criterion]);
            let based_on = readiness_store::reports::latest_value(pool, unit, criterion)
                .await
                .unwrap()
                .map(|v| v.id)
                .unwrap_or(0);
            let value = match criterion {
                "V01" => if value % 2 == 0 { "ja" } else { "nej" }.to_string(),
                "L01" => String::new(),
                _ => value.to_string(),
            };
            let input = ValueInput {
                unit: unit.into(),
                criterion: criterion.into(),
                measured: day(*d).to_string(),
                value,
                comment: format!("steg {step}"),
                evidence: if *evidence {
                    "https://x.se/u".into()
                } else {
                    String::new()
                },
                based_on,
            };
            let _ = readiness_store::reports::report_value(pool, users.0, &input, today).await;
        }
        Op::Plan {
            unit,
            criterion,
            action,
            day: d,
            done,
        } => {
            let input = PlanInput {
                unit: UNITS[*unit].into(),
                criterion: CRITERIA[*criterion].into(),
                action: ["Rekrytera", "Utbilda", "Mäta"][*action].into(),
                owner: "Åsa".into(),
                due: day(*d).to_string(),
                status: if *done { "klar" } else { "pagar" }.into(),
                based_on: 0,
            };
            // A conflict (an existing plan of the same action) is a normal outcome here.
            let _ = readiness_store::reports::save_plan(pool, users.0, &input).await;
        }
        Op::Review { verified } => {
            let newest: Option<i64> =
                sqlx::query_scalar("SELECT MAX(id) FROM unit_values WHERE recorded_by IS NOT NULL")
                    .fetch_one(pool)
                    .await
                    .unwrap();
            if let Some(id) = newest {
                let _ = readiness_store::reports::review_value(
                    pool,
                    users.1,
                    id,
                    *verified,
                    "kontrollera källan",
                )
                .await;
            }
        }
        Op::ImportValues {
            unit,
            day: d,
            value,
        } => {
            let file = format!(
                "enhet;kriterium;varde;datum\n{};F01;{value};{}\n{};U01;{};{}\n",
                UNITS[*unit],
                day(*d),
                UNITS[*unit],
                value * 20,
                day(*d)
            );
            import(pool, ImportKind::Values, "v.csv", file.as_bytes(), false)
                .await
                .unwrap();
        }
        Op::RenameUnit { unit, name } => {
            let file = format!(
                "kod;namn;vardgivare\n{};{};Karolinska\n",
                UNITS[*unit],
                ["Kardiologi", "Hjärtkliniken", "Tema Hjärta"][*name]
            );
            import(pool, ImportKind::Units, "u.csv", file.as_bytes(), false)
                .await
                .unwrap();
        }
        Op::Freeze => {
            readiness_store::baselines::freeze(pool, &format!("B{step}"), today, None)
                .await
                .unwrap();
        }
    }
}

async fn check(pool: &Pool, as_of: NaiveDate, after: &str) {
    for verified in [false, true] {
        let cached = readiness_store::cache::load_dataset_filtered(pool, "USV2026", verified)
            .await
            .unwrap()
            .unwrap();
        let fresh = queries::load_dataset_uncached(pool, "USV2026", verified)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            **cached.dataset(),
            fresh,
            "records (verified only: {verified}) after {after}"
        );
        let board = cached.board(as_of).await.unwrap();
        assert_eq!(*board, fresh.board(as_of), "board after {after}");
        for lang in [readiness_rules::Lang::Sv, readiness_rules::Lang::En] {
            let reasons = cached.reason_texts(as_of, lang).await.unwrap();
            for (u, row) in board.cells.iter().enumerate() {
                let expected: Vec<String> = row.iter().map(|a| a.reason.text(lang)).collect();
                assert_eq!(reasons.row(u), expected.as_slice(), "reasons after {after}");
            }
        }
        let projection = cached.projection(as_of).await.unwrap();
        assert_eq!(
            *projection,
            readiness_rules::project(&fresh, as_of),
            "projection (verified only: {verified}) after {after}"
        );
        let weeks = cached.forecast_weeks(as_of).await.unwrap();
        assert_eq!(
            *weeks,
            readiness_rules::forecast_weeks(&fresh, as_of, readiness_rules::FORECAST_WEEKS),
            "forecast week by week (verified only: {verified}) after {after}"
        );
        if !verified {
            let trend = cached.trend(as_of).await.unwrap();
            assert_eq!(
                *trend,
                readiness_rules::trend(&fresh, None, as_of),
                "trend after {after}"
            );
            let report = cached.evaluation_report(as_of).await.unwrap();
            assert_eq!(
                *report,
                readiness_rules::evaluation_report(&fresh, as_of),
                "report after {after}"
            );
        }
    }
}

/// A unit's history by the definition, from every row: values, plans and reviews in the order
/// they were made, what each value or plan replaced (the one before it of the same criterion and
/// date, or criterion and action), sorted newest first (stable).
async fn history_by_definition(pool: &Pool, unit: &str) -> Vec<readiness_rules::Change> {
    use readiness_rules::{Change, ChangeKind, PlanStatus, Reported, Text};
    use std::collections::HashMap;
    let both = |line: &dyn Fn(readiness_rules::Lang) -> String| {
        Text::new(
            line(readiness_rules::Lang::Sv),
            line(readiness_rules::Lang::En),
        )
    };
    let mut out: Vec<Change> = Vec::new();
    let values: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT v.recorded_at, COALESCE(NULLIF(us.name, ''), us.email, v.source), c.code, v.measured, \
         v.value, v.comment FROM unit_values v JOIN units u ON u.id = v.unit_id \
         JOIN criteria c ON c.id = v.criterion_id LEFT JOIN users us ON us.id = v.recorded_by \
         WHERE u.code = $1 ORDER BY v.id",
    )
    .bind(unit)
    .fetch_all(pool)
    .await
    .unwrap();
    let mut last: HashMap<(String, String), Text> = HashMap::new();
    for (at, by, criterion, measured, value, comment) in values {
        let after = both(&|lang| {
            let value = Reported::display_stored(&value, lang);
            if comment.is_empty() {
                format!("{measured}: {value}")
            } else {
                format!("{measured}: {value} ({comment})")
            }
        });
        let before = last.insert((criterion.clone(), measured.clone()), after.clone());
        out.push(Change {
            at,
            by,
            criterion,
            kind: ChangeKind::Value,
            before,
            after,
        });
    }
    let plans: Vec<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT p.recorded_at, COALESCE(NULLIF(us.name, ''), us.email, p.source), c.code, p.action, \
         p.owner, p.due, p.status FROM action_plans p JOIN units u ON u.id = p.unit_id \
         JOIN criteria c ON c.id = p.criterion_id LEFT JOIN users us ON us.id = p.recorded_by \
         WHERE u.code = $1 ORDER BY p.id",
    )
    .bind(unit)
    .fetch_all(pool)
    .await
    .unwrap();
    let mut last: HashMap<(String, String), Text> = HashMap::new();
    for (at, by, criterion, action, owner, due, status) in plans {
        let after = both(&|lang| {
            let status = PlanStatus::from_code(&status).map_or(status.as_str(), |s| s.label(lang));
            format!("{action} · {owner} · {due} · {status}")
        });
        let before = last.insert((criterion.clone(), action.clone()), after.clone());
        out.push(Change {
            at,
            by,
            criterion,
            kind: ChangeKind::Plan,
            before,
            after,
        });
    }
    let reviews: Vec<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT r.reviewed_at, COALESCE(NULLIF(us.name, ''), us.email), c.code, r.status, v.measured, \
         v.value, r.comment FROM value_reviews r JOIN unit_values v ON v.id = r.value_id \
         JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id \
         JOIN users us ON us.id = r.reviewed_by WHERE u.code = $1 ORDER BY r.id",
    )
    .bind(unit)
    .fetch_all(pool)
    .await
    .unwrap();
    for (at, by, criterion, status, measured, value, comment) in reviews {
        let after = both(&|lang| {
            let value = Reported::display_stored(&value, lang);
            if comment.is_empty() {
                format!("{measured}: {value}")
            } else {
                format!("{measured}: {value} — {comment}")
            }
        });
        let kind = if status == "verified" {
            ChangeKind::Verified
        } else {
            ChangeKind::Returned
        };
        out.push(Change {
            at,
            by,
            criterion,
            kind,
            before: None,
            after,
        });
    }
    out.sort_by(|a, b| b.at.cmp(&a.at));
    out
}

/// The newest changes of a unit's history, as read for its page, are the first of all of them
/// by the definition, and the total counts them all.
async fn check_history(pool: &Pool, after: &str) {
    for unit in UNITS {
        let all = history_by_definition(pool, unit).await;
        for newest in [0, 1, 2, 5, usize::MAX] {
            let (some, total) = readiness_store::reports::unit_history(pool, unit, newest)
                .await
                .unwrap();
            assert_eq!(total, all.len(), "{unit} after {after}");
            assert_eq!(
                some,
                all[..newest.min(all.len())],
                "{unit}, newest {newest}, after {after}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn cached_records_and_boards_equal_a_full_reload(
        ops in proptest::collection::vec(op(), 1..25),
        as_of_day in 0..500u32,
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let pool = readiness_store::open(dir.path().join("c.db").to_str().unwrap())
                .await
                .unwrap();
            for kind in ImportKind::ALL {
                let bytes = std::fs::read(base_dir().join(kind.file_name())).unwrap();
                import(&pool, kind, &kind.file_name(), &bytes, false).await.unwrap();
            }
            let password = "rätt-häst-batteri";
            let lead = readiness_store::accounts::create_user(
                &pool, "a@x.se", "", Role::Arbetsgrupp, password, &[],
            )
            .await
            .unwrap();
            let reviewer = readiness_store::accounts::create_user(
                &pool, "b@x.se", "", Role::Arbetsgrupp, password, &[],
            )
            .await
            .unwrap();
            let as_of = day(as_of_day);
            // Warm the cache first, so that what follows is applied to it incrementally.
            check(&pool, as_of, "the start").await;
            for (step, op) in ops.iter().enumerate() {
                apply(&pool, (lead, reviewer), op, step).await;
                check(&pool, as_of, &format!("step {step}: {op:?}")).await;
                check_history(&pool, &format!("step {step}: {op:?}")).await;
            }
            pool.close().await;
        });
    }
}
