//! The data exports: the matrix, the values, the criteria, one unit's details.

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{Assessment, Dataset, Lang, Text, ValueRecord, tr, valid_until};
use rust_xlsxwriter::Workbook;

use crate::CURRENT_VALUE;
use crate::queries::{self, CRITERION_COLUMNS};

use super::writer::{
    Cell, Sheet, about_sheet, canonical_cell, csv_bytes, one_sheet, readiness_header,
    reported_cell, sheet_name, text, unit_readiness_cell, write_sheet,
};
use super::{ExportError, FileFormat, MatrixRequest, unknown_evaluation};

fn matrix_sheets(dataset: &Dataset, request: &MatrixRequest) -> (Sheet, Sheet) {
    let lang = request.lang;
    let board = dataset.board(request.as_of);
    let columns: Vec<usize> = dataset
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| request.filter.keeps_criterion(&c.area))
        .map(|(i, _)| i)
        .collect();
    // The units designated on the date, as the matrix shows them.
    let units: Vec<usize> = board
        .counted_units()
        .filter(|&i| {
            let u = &dataset.units[i];
            request.filter.keeps_unit(
                &u.code,
                &u.name,
                &u.care_provider,
                board.summaries[i].overall,
            )
        })
        .collect();

    let mut headers: Vec<String> = [
        tr(lang, "Enhet", "Unit"),
        tr(lang, "Namn", "Name"),
        tr(lang, "Vårdgivare", "Care provider"),
        tr(lang, "Samlat ljus", "Overall light"),
    ]
    .map(String::from)
    .to_vec();
    headers.push(readiness_header(lang));
    headers.extend(columns.iter().map(|&c| dataset.criteria[c].code.clone()));
    let wide = Sheet {
        name: sheet_name(&dataset.evaluation.code),
        headers,
        rows: units
            .iter()
            .map(|&u| {
                let unit = &dataset.units[u];
                let summary = &board.summaries[u];
                let mut row = vec![
                    text(&unit.code),
                    text(&unit.name),
                    text(&unit.care_provider),
                    Cell::Light(summary.overall),
                    unit_readiness_cell(summary),
                ];
                row.extend(
                    columns
                        .iter()
                        .map(|&c| Cell::Light(board.cells[u][c].light)),
                );
                row
            })
            .collect(),
        frozen_columns: 2,
    };

    let long_headers = [
        tr(lang, "Enhet", "Unit"),
        tr(lang, "Namn", "Name"),
        tr(lang, "Vårdgivare", "Care provider"),
        tr(lang, "Kriterium", "Criterion"),
        tr(lang, "Titel", "Title"),
        tr(lang, "Område", "Area"),
        tr(lang, "Ljus", "Light"),
        tr(lang, "Skäl", "Reason"),
        tr(lang, "Värde", "Value"),
        tr(lang, "Mätdatum", "Measured"),
        tr(lang, "Giltigt till", "Valid until"),
    ]
    .map(String::from)
    .to_vec();
    let mut long_rows = Vec::new();
    for &u in &units {
        let unit = &dataset.units[u];
        for &c in &columns {
            let criterion = &dataset.criteria[c];
            let Assessment { light, reason } = &board.cells[u][c];
            let source = board.source(dataset, u, c);
            long_rows.push(vec![
                text(&unit.code),
                text(&unit.name),
                text(&unit.care_provider),
                text(&criterion.code),
                text(criterion.title_in(lang)),
                text(&criterion.area),
                Cell::Light(*light),
                text(reason.text(lang)),
                source.map_or(Cell::Empty, |v| reported_cell(&v.value, lang)),
                source.map_or(Cell::Empty, |v| Cell::Date(v.measured)),
                source.map_or(Cell::Empty, |v| {
                    Cell::Date(valid_until(v.measured, criterion.rule.validity_months))
                }),
            ]);
        }
    }
    let long = Sheet {
        name: sheet_name(&format!(
            "{} {}",
            dataset.evaluation.code,
            tr(lang, "detaljer", "details")
        )),
        headers: long_headers,
        rows: long_rows,
        frozen_columns: 2,
    };
    (wide, long)
}

/// The matrix of one evaluation (CSV: the wide table) or of every evaluation (XLSX: a matrix and
/// a details sheet per evaluation).
pub async fn matrix(
    pool: &Pool,
    request: &MatrixRequest,
    format: FileFormat,
) -> Result<Vec<u8>, ExportError> {
    let codes: Vec<String> = match &request.evaluation {
        Some(code) => vec![code.clone()],
        None if format == FileFormat::Csv => {
            return Err(ExportError::NotFound(Text::new(
                "CSV: välj en utvärdering.",
                "CSV: choose one evaluation.",
            )));
        }
        None => queries::list_evaluations(pool)
            .await?
            .into_iter()
            .map(|e| e.code)
            .collect(),
    };
    let mut sheets = Vec::new();
    for code in &codes {
        let dataset = crate::cache::load_dataset(pool, code)
            .await?
            .ok_or_else(|| ExportError::NotFound(unknown_evaluation(code)))?;
        sheets.push(matrix_sheets(&dataset, request));
    }
    match format {
        FileFormat::Csv => Ok(csv_bytes(&sheets[0].0, request.lang)),
        FileFormat::Xlsx => {
            let lang = request.lang;
            let mut workbook = Workbook::new();
            for (wide, long) in &sheets {
                write_sheet(workbook.add_worksheet(), wide, lang)?;
                write_sheet(workbook.add_worksheet(), long, lang)?;
            }
            let f = &request.filter;
            let mut about = vec![
                (
                    tr(lang, "Innehåll", "Content"),
                    text(tr(
                        lang,
                        "Matris: ljus per enhet och kriterium",
                        "Matrix: light per unit and criterion",
                    )),
                ),
                (
                    tr(lang, "Utvärderingar", "Evaluations"),
                    text(codes.join(", ")),
                ),
                (tr(lang, "Per datum", "As of"), Cell::Date(request.as_of)),
            ];
            for (label, value) in [
                (
                    tr(lang, "Filter vårdgivare", "Filter care provider"),
                    &f.provider,
                ),
                (tr(lang, "Filter område", "Filter area"), &f.area),
                (tr(lang, "Filter ljus", "Filter light"), &f.light),
                (tr(lang, "Filter sök", "Filter search"), &f.text),
            ] {
                if !value.is_empty() {
                    about.push((label, text(value.clone())));
                }
            }
            about_sheet(&mut workbook, &about, lang)?;
            Ok(workbook.save_to_buffer()?)
        }
    }
}

// ---------------------------------------------------------------- values

/// Every current value (all measured dates) in the import's own columns, so that importing the
/// export changes nothing. `evaluation` limits it to one evaluation's criteria.
pub async fn values(
    pool: &Pool,
    evaluation: Option<&str>,
    format: FileFormat,
) -> Result<Vec<u8>, ExportError> {
    let rows: Vec<queries::ValueRow> = sqlx::query_as(&format!(
        "SELECT u.code AS unit, c.code AS criterion, c.kind, v.measured, v.value, v.comment, v.evidence \
         FROM unit_values v JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id \
         JOIN evaluations e ON e.id = c.evaluation_id \
         WHERE e.code = COALESCE($1, e.code) AND {CURRENT_VALUE} ORDER BY u.code, c.position, v.measured"
    ))
    .bind(evaluation)
    .fetch_all(pool)
    .await?;
    let mut table = Vec::with_capacity(rows.len());
    for row in rows {
        // Stored dates are read as stored: the plausible range is for new input only.
        let v = ValueRecord::try_from(row)?;
        table.push(vec![
            text(v.unit),
            text(v.criterion),
            canonical_cell(&v.value),
            Cell::Date(v.measured),
            text(v.comment),
            text(v.evidence),
        ]);
    }
    let sheet = Sheet {
        name: "varden".into(),
        headers: [
            "enhet",
            "kriterium",
            "varde",
            "datum",
            "kommentar",
            "underlag",
        ]
        .map(String::from)
        .to_vec(),
        rows: table,
        frozen_columns: 2,
    };
    one_sheet(&sheet, format)
}

// ---------------------------------------------------------------- criteria

/// The criteria in the import's own columns (for editing in Excel and importing back), one
/// evaluation or all.
pub async fn criteria(
    pool: &Pool,
    evaluation: Option<&str>,
    format: FileFormat,
) -> Result<Vec<u8>, ExportError> {
    let rows: Vec<queries::CriterionRow> = sqlx::query_as(&format!(
        "SELECT {CRITERION_COLUMNS} FROM criteria c JOIN evaluations e ON e.id = c.evaluation_id \
         WHERE e.code = COALESCE($1, e.code) ORDER BY e.deadline, e.code, c.position"
    ))
    .bind(evaluation)
    .fetch_all(pool)
    .await?;
    if let Some(code) = evaluation
        && rows.is_empty()
        && !queries::list_evaluations(pool)
            .await?
            .iter()
            .any(|e| e.code == code)
    {
        return Err(ExportError::NotFound(unknown_evaluation(code)));
    }
    let yes_no = |b: i64| text(if b != 0 { "ja" } else { "nej" });
    let sheet = Sheet {
        name: "kriterier".into(),
        headers: [
            "kod",
            "utvardering",
            "omrade",
            "ursprung",
            "titel",
            "titel_en",
            "typ",
            "gron",
            "gul",
            "obligatorisk",
            "kraver_underlag",
            "giltighet_manader",
            "beskrivning",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    text(r.code),
                    text(r.evaluation),
                    text(r.area),
                    text(r.origin),
                    text(r.title),
                    text(r.title_en),
                    text(r.kind),
                    r.green.map_or(Cell::Empty, Cell::Number),
                    r.amber.map_or(Cell::Empty, Cell::Number),
                    yes_no(r.mandatory),
                    yes_no(r.requires_evidence),
                    Cell::Number(r.validity_months as f64),
                    text(r.description),
                ]
            })
            .collect(),
        frozen_columns: 1,
    };
    one_sheet(&sheet, format)
}

// ---------------------------------------------------------------- one unit

/// One unit: a sheet per evaluation (criterion, light, reason, value, dates, comment, evidence)
/// and its action plans.
pub async fn unit(
    pool: &Pool,
    code: &str,
    as_of: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let units = queries::list_units(pool).await?;
    let unit = units.iter().find(|u| u.code == code).ok_or_else(|| {
        ExportError::NotFound(Text::new(
            format!("Enheten {code} finns inte."),
            format!("No unit has the code {code}."),
        ))
    })?;
    let mut workbook = Workbook::new();
    let mut plan_rows = Vec::new();
    for evaluation in queries::list_evaluations(pool).await? {
        let Some(dataset) = crate::cache::load_dataset(pool, &evaluation.code).await? else {
            continue;
        };
        let Some(u) = dataset.units.iter().position(|x| x.code == code) else {
            continue;
        };
        let board = dataset.board(as_of).await?;
        let rows = board
            .unit_rows(&dataset, u)
            .map(|row| {
                let source = row.source;
                vec![
                    text(&row.criterion.code),
                    text(row.criterion.title_in(lang)),
                    text(&row.criterion.area),
                    Cell::Light(row.assessment.light),
                    text(row.assessment.reason.text(lang)),
                    source.map_or(Cell::Empty, |v| reported_cell(&v.value, lang)),
                    source.map_or(Cell::Empty, |v| Cell::Date(v.measured)),
                    row.valid_until.map_or(Cell::Empty, Cell::Date),
                    source.map_or(Cell::Empty, |v| text(v.comment)),
                    source.map_or(Cell::Empty, |v| text(v.evidence)),
                ]
            })
            .collect();
        let sheet = Sheet {
            name: sheet_name(&evaluation.code),
            headers: [
                tr(lang, "Kriterium", "Criterion"),
                tr(lang, "Titel", "Title"),
                tr(lang, "Område", "Area"),
                tr(lang, "Ljus", "Light"),
                tr(lang, "Skäl", "Reason"),
                tr(lang, "Värde", "Value"),
                tr(lang, "Mätdatum", "Measured"),
                tr(lang, "Giltigt till", "Valid until"),
                tr(lang, "Kommentar", "Comment"),
                tr(lang, "Underlag", "Evidence"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            frozen_columns: 1,
        };
        write_sheet(workbook.add_worksheet(), &sheet, lang)?;
        for p in dataset.plans_of(code) {
            plan_rows.push(vec![
                text(&evaluation.code),
                text(&p.criterion),
                text(&p.action),
                text(&p.owner),
                Cell::Date(p.due),
                text(p.status.label(lang)),
            ]);
        }
    }
    let plans = Sheet {
        name: tr(lang, "Åtgärder", "Actions").into(),
        headers: [
            tr(lang, "Utvärdering", "Evaluation"),
            tr(lang, "Kriterium", "Criterion"),
            tr(lang, "Åtgärd", "Action"),
            tr(lang, "Ansvarig", "Owner"),
            tr(lang, "Klar senast", "Due"),
            tr(lang, "Status", "Status"),
        ]
        .map(String::from)
        .to_vec(),
        rows: plan_rows,
        frozen_columns: 0,
    };
    write_sheet(workbook.add_worksheet(), &plans, lang)?;
    about_sheet(
        &mut workbook,
        &[
            (
                tr(lang, "Enhet", "Unit"),
                text(format!("{} {}", unit.code, unit.name)),
            ),
            (
                tr(lang, "Vårdgivare", "Care provider"),
                text(&unit.care_provider),
            ),
            (tr(lang, "Per datum", "As of"), Cell::Date(as_of)),
        ],
        lang,
    )?;
    Ok(workbook.save_to_buffer()?)
}
