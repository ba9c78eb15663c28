//! The records read back exactly as they were imported, whatever their text holds (they travel
//! from SQLite as JSON arrays, one per unit).

use readiness_store::import::{ImportKind, import};
use readiness_store::queries;

fn base_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_read_back_exactly_whatever_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let pool = readiness_store::open(dir.path().join("r.db").to_str().unwrap())
        .await
        .unwrap();
    for kind in [
        ImportKind::Evaluations,
        ImportKind::Criteria,
        ImportKind::Units,
    ] {
        let bytes = std::fs::read(base_dir().join(kind.file_name())).unwrap();
        import(&pool, kind, &kind.file_name(), &bytes, false)
            .await
            .unwrap();
    }
    // Quotes, backslashes, a JSON look-alike, tabs, a line break, control-free Unicode beyond
    // the BMP, and a comma-and-bracket text that would break a naive split.
    let comments = [
        r#"Säger "ja" \ och \"nej\""#,
        r#"["F01","antal"],{"x":1}"#,
        "rad ett\nrad två\tflik",
        "🧪 prov – ÅÄÖ åäö ß",
        "",
    ];
    let mut file = String::from("enhet;kriterium;varde;datum;kommentar;underlag\n");
    for (i, comment) in comments.iter().enumerate() {
        let quoted = format!("\"{}\"", comment.replace('"', "\"\""));
        file.push_str(&format!(
            "E{};F01;{};2026-0{}-15;{quoted};https://x.se/{i}?a=1&b=\"2\"\n",
            i % 2 + 1,
            i + 1,
            i + 1
        ));
    }
    let file = file.replace("\"2\"\n", "2\n");
    import(&pool, ImportKind::Values, "v.csv", file.as_bytes(), false)
        .await
        .unwrap();
    let dataset = queries::load_dataset_uncached(&pool, "USV2026", false)
        .await
        .unwrap()
        .unwrap();
    let read: Vec<(String, String, String, String, String)> = dataset
        .values()
        .map(|v| {
            (
                v.unit.to_owned(),
                v.measured.to_string(),
                v.value.canonical(),
                v.comment.to_owned(),
                v.evidence.to_owned(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String, String, String, String)> = comments
        .iter()
        .enumerate()
        .map(|(i, comment)| {
            (
                format!("E{}", i % 2 + 1),
                format!("2026-0{}-15", i + 1),
                (i + 1).to_string(),
                comment.to_string(),
                format!("https://x.se/{i}?a=1&b=2"),
            )
        })
        .collect();
    expected.sort();
    assert_eq!(read, expected);
}
