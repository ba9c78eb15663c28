//! Property tests of the parsers that read users' files: whatever the bytes, they answer with a
//! table or with problems — never a panic, never unbounded work. A short run is part of the
//! tests; `bash bench/fuzz` runs many more cases (`PROPTEST_CASES`).

use proptest::prelude::*;
use readiness_rules::{Kind, parse_date, parse_number, parse_reported};
use readiness_store::import::table::{read_table, xlsx_bounds};
use readiness_store::import::{ImportKind, SheetFile};

/// Cell text as spreadsheets produce it: digits, separators, Swedish letters, odd spaces.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9 ,.%\u{a0}-]{0,12}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9:]{0,8})?",
        "(?i)(ja|nej|x|yes|no|true|false|ej tillämplig|n/a)",
        "\\PC{0,20}",
    ]
}

proptest! {
    #[test]
    fn cell_parsers_never_panic_and_dates_stay_in_range(raw in cell()) {
        let _ = parse_number(&raw);
        for kind in [Kind::Count, Kind::Share, Kind::YesNo, Kind::Evidence] {
            let _ = parse_reported(kind, &raw);
        }
        if let Ok(date) = parse_date(&raw) {
            prop_assert!(readiness_rules::DATE_RANGE.contains(&date), "{raw:?} → {date}");
        }
    }

    #[test]
    fn numbers_written_the_swedish_way_read_back(n in -1.0e9f64..1.0e9) {
        let shown = readiness_rules::format_number(n, readiness_rules::Lang::Sv);
        let back = parse_number(&shown).unwrap();
        prop_assert!((back - (n * 10.0).round() / 10.0).abs() < 1e-6, "{n} → {shown} → {back}");
    }

    #[test]
    fn any_csv_bytes_give_a_table_or_problems(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        header in prop_oneof![
            Just("enhet;kriterium;varde;datum\n".to_string()),
            Just("kod;namn;vardgivare\n".to_string()),
            Just(String::new()),
        ],
    ) {
        let mut file = header.into_bytes();
        file.extend_from_slice(&bytes);
        let sheet = SheetFile { name: "x.csv", bytes: &file, sheet: None };
        for kind in [None, Some(ImportKind::Values), Some(ImportKind::Units)] {
            let _ = read_table(kind, &sheet);
        }
    }

    #[test]
    fn any_csv_rows_give_a_table_or_problems(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..7), 0..20),
        separator in prop_oneof![Just(';'), Just(','), Just('\t')],
    ) {
        let mut file = ["enhet", "kriterium", "varde", "datum", "kommentar", "underlag"]
            .join(&separator.to_string());
        for row in rows {
            file.push('\n');
            file.push_str(&row.join(&separator.to_string()));
        }
        let sheet = SheetFile { name: "x.csv", bytes: file.as_bytes(), sheet: None };
        let _ = read_table(Some(ImportKind::Values), &sheet);
    }

    #[test]
    fn broken_xlsx_bytes_give_problems(
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut file = b"PK\x03\x04".to_vec();
        file.extend_from_slice(&bytes);
        let sheet = SheetFile { name: "x.xlsx", bytes: &file, sheet: None };
        prop_assert!(read_table(None, &sheet).is_err());
    }
}

proptest! {
    // Each case writes and reads a real workbook, some of millions of cells: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn an_xlsx_is_read_or_refused_by_its_size_whatever_its_corners(
        row in 0u32..xlsx_bounds::MAX_ROWS,
        column in 0u16..16_384,
    ) {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "enhet").unwrap();
        sheet.write_string(row, column, "E1").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let file = SheetFile { name: "x.xlsx", bytes: &bytes, sheet: None };
        let area = (u64::from(row) + 1) * (u64::from(column) + 1);
        let fits = u32::from(column) < xlsx_bounds::MAX_COLUMNS && area <= xlsx_bounds::MAX_CELLS;
        match read_table(None, &file) {
            Err(problems) if !fits => {
                prop_assert!(problems[0].message.sv.contains("för stor"), "{}", problems[0].message);
            }
            Err(problems) => {
                prop_assert!(!problems[0].message.sv.contains("för stor"), "{}", problems[0].message);
            }
            Ok(_) => prop_assert!(fits),
        }
    }
}
