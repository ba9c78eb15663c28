//! An XLSX template per import kind, with help for each column and lists where values are fixed.

use crate::Pool;
use readiness_rules::Lang;
use rust_xlsxwriter::{Color, DataValidation, ExcelDateTime, Format, Formula, Workbook};

use crate::import::{ImportKind, columns};

use super::ExportError;
use super::writer::{header_format, page_setup};

/// Swedish name of a kind's data sheet.
fn kind_sheet(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Evaluations => "Utvärderingar",
        ImportKind::Criteria => "Kriterier",
        ImportKind::Units => "Enheter",
        ImportKind::Values => "Värden",
        ImportKind::Plans => "Åtgärder",
        ImportKind::DevelopmentAreas => "Utvecklingsområden",
        ImportKind::DevelopmentActions => "Utvecklingsåtgärder",
        ImportKind::SystemQuestions => "Systemnivå",
        ImportKind::UnitFollowUps => "Uppföljning",
        ImportKind::Designations => "USV-perioder",
    }
}

/// What each column means, for the instructions sheet.
fn column_help(column: &str) -> &'static str {
    match column {
        "kod" => "Unik kod, t.ex. E001 eller USV-F01. Samma kod igen uppdaterar raden.",
        "namn" => "Namnet som visas.",
        "genomfors_av" => "Vem som genomför utvärderingen, t.ex. Socialstyrelsen.",
        "datum" => "Datum ÅÅÅÅ-MM-DD (datumcell eller text). Excels serienummer godtas också.",
        "utvardering" => "Utvärderingens kod (välj i listan).",
        "omrade" => "Område eller panel, fritext; kriterier med samma område grupperas.",
        "ursprung" => "nationell eller regional (välj i listan). Tomt = nationell.",
        "titel" => "Kriteriets titel på svenska.",
        "titel_en" => "Titel på engelska (valfri).",
        "typ" => "ja_nej, antal, andel (procent 0–100) eller underlag (välj i listan).",
        "gron" => "antal/andel: värde som ger grönt, t.ex. 80 eller 12,5.",
        "gul" => "antal/andel: värde som ger gult (lägre än grönt). Tomt = inget gult.",
        "obligatorisk" => "ja eller nej: ett rött obligatoriskt kriterium gör enheten röd.",
        "kraver_underlag" => "ja eller nej: grönt kräver ett angivet underlag.",
        "giltighet_manader" => "Hur många månader ett värde gäller (1–240). Tomt = 12.",
        "beskrivning" => "Längre beskrivning (valfri).",
        "vardgivare" => "Vårdgivare, t.ex. Karolinska Universitetssjukhuset.",
        "verksamhetschef" => "Ansvarig chef (valfri).",
        "epost" => "E-postadress (valfri).",
        "enhet" => "Enhetens kod (välj i listan).",
        "kriterium" => "Kriteriets kod (välj i listan).",
        "varde" => {
            "ja_nej: Ja/Nej (även JA, ja, x). antal: tal, decimalkomma går bra (12,5; 1 234). andel: procent, t.ex. 85 eller 85 %. Alla typer: ej tillämplig."
        }
        "kommentar" => "Fritext (valfri).",
        "underlag" => "Var underlaget finns, t.ex. en länk eller ett diarienummer.",
        "atgard" => "Vad som ska göras; samma text igen uppdaterar åtgärden.",
        "ansvarig" => "Vem som ansvarar (valfri).",
        "klar_senast" => "Datum ÅÅÅÅ-MM-DD då åtgärden ska vara klar.",
        "status" => {
            "Åtgärder: planerad, pagar eller klar. Svar på systemnivå: utkast, granskad eller faststalld; tomt = inget svar i raden (välj i listan)."
        }
        "fraga" => "Frågan till ledningsorganen, som den ställs.",
        "besvaras_av" => "Vem som svarar, t.ex. en vårdgivares FoUU-kommitté. Tomt = regionen.",
        "svar" => {
            "Svaret (valfritt). En ändrad text, status eller ansvarig sparas som en ny version."
        }
        "mal" => "Vad området ska uppnå (valfri).",
        "agare" => "Vem som äger området (valfri).",
        "kriterier" => {
            "Koder för kriterierna vars ljus området ska förbättra, åtskilda med komma. Ersätter områdets tidigare kriterier."
        }
        "utvecklingsomrade" => "Utvecklingsområdets kod (välj i listan).",
        "omfattning" => "Vårdgivare som åtgärden gäller (välj i listan). Tomt = hela regionen.",
        "noterad" => "Datum ÅÅÅÅ-MM-DD för lägesnoteringen (krävs om notering anges).",
        "notering" => {
            "Lägesnotering: vad som hänt (valfri). Samma notering igen läggs inte till en gång till."
        }
        "version" => {
            "Svarets version från exporten (fylls i av readiness). 0 = inget svar då. Har svaret ändrats sedan dess stoppas en rad med ett annat svar i stället för att skriva över. Tomt = ingen kontroll."
        }
        "ar" => {
            "Året som följs upp, t.ex. 2025. En enhet har en uppföljning per år; samma enhet och år igen ersätter den."
        }
        "beslut" => "fortsatter, villkor (fortsätter med villkor) eller upphor (välj i listan).",
        "beslutsdatum" => "Datum ÅÅÅÅ-MM-DD då FoUU-kommittén beslutade.",
        "diarienummer" => "Beslutets diarienummer eller protokollsparagraf (valfri).",
        "bedomning" => "Kommitténs bedömning; vid villkor: villkoren (krävs då).",
        "fran" => {
            "Första dagen enheten är USV-enhet, ÅÅÅÅ-MM-DD. Samma enhet och datum igen ändrar perioden."
        }
        "till" => {
            "Sista dagen, ÅÅÅÅ-MM-DD; tomt = tills vidare. En enhets perioder får inte överlappa."
        }
        "beslutsreferens" => {
            "Ledningsgruppens beslut, t.ex. LG 2025:03 § 9 (krävs utom när perioden tas bort)."
        }
        "ta_bort" => {
            "ja tar bort enhetens period som börjar på fran (t.ex. ett felskrivet startdatum); till och beslutsreferens behövs då inte. Tomt = nej."
        }
        _ => "",
    }
}

/// An XLSX template for `kind`: the headers, drop-down lists (with the current unit, criterion
/// and evaluation codes) and a sheet of instructions in Swedish.
pub async fn template(pool: &Pool, kind: ImportKind) -> Result<Vec<u8>, ExportError> {
    let units: Vec<String> = sqlx::query_scalar("SELECT code FROM units ORDER BY code")
        .fetch_all(pool)
        .await?;
    let criteria: Vec<String> = sqlx::query_scalar(
        "SELECT c.code FROM criteria c JOIN evaluations e ON e.id = c.evaluation_id \
         ORDER BY e.deadline, e.code, c.position",
    )
    .fetch_all(pool)
    .await?;
    let evaluations: Vec<String> =
        sqlx::query_scalar("SELECT code FROM evaluations ORDER BY deadline, code")
            .fetch_all(pool)
            .await?;
    let areas: Vec<String> =
        sqlx::query_scalar("SELECT code FROM development_areas ORDER BY position, code")
            .fetch_all(pool)
            .await?;
    let mut scopes = vec!["regionen".to_string()];
    scopes.extend(crate::development::care_providers(pool).await?);

    let mut workbook = Workbook::new();
    let header = header_format();
    let required = header_format().set_background_color(Color::RGB(0xF4CCCC));
    let columns = columns(kind);
    let column_width = |name: &str| (name.len() as f64 + 4.0).max(14.0);
    // Rows that get drop-downs and date checks; enough for any list a unit keeps.
    const LAST_ROW: u32 = 5000;

    // The lists live on a hidden sheet so the drop-downs can be long.
    let lists: Vec<(&str, Vec<String>)> = vec![
        ("enhet", units),
        ("kriterium", criteria),
        ("utvardering", evaluations),
        (
            "typ",
            ["ja_nej", "antal", "andel", "underlag"]
                .map(String::from)
                .to_vec(),
        ),
        (
            "status",
            ["planerad", "pagar", "klar"].map(String::from).to_vec(),
        ),
        (
            "svarsstatus",
            ["utkast", "granskad", "faststalld"]
                .map(String::from)
                .to_vec(),
        ),
        (
            "ursprung",
            ["nationell", "regional"].map(String::from).to_vec(),
        ),
        ("ja_nej", ["ja", "nej"].map(String::from).to_vec()),
        ("utvecklingsomrade", areas),
        ("omfattning", scopes),
        (
            "beslut",
            ["fortsatter", "villkor", "upphor"]
                .map(String::from)
                .to_vec(),
        ),
    ];

    {
        let data = workbook.add_worksheet();
        data.set_name(kind_sheet(kind))?;
        for (c, spec) in columns.iter().enumerate() {
            let col = c as u16;
            data.write_string_with_format(
                0,
                col,
                spec.name,
                if spec.required { &required } else { &header },
            )?;
            data.set_column_width(col, column_width(spec.name))?;
            let list = match spec.name {
                "obligatorisk" | "kraver_underlag" | "ta_bort" => Some("ja_nej"),
                "status" if kind == ImportKind::SystemQuestions => Some("svarsstatus"),
                name => lists.iter().find(|(n, _)| *n == name).map(|(n, _)| *n),
            };
            if let Some(list) = list {
                let index = lists.iter().position(|(n, _)| *n == list).unwrap_or(0);
                let len = lists[index].1.len().max(1);
                let letter = crate::import::column_letters(index as u32);
                let validation = DataValidation::new()
                    .allow_list_formula(Formula::new(format!(
                        "=Listor!${letter}$2:${letter}${}",
                        len + 1
                    )))
                    .set_error_title("Välj i listan")?
                    .set_error_message(format!("Välj ett värde i listan för {}.", spec.name))?;
                data.add_data_validation(1, col, LAST_ROW, col, &validation)?;
            }
            if matches!(
                spec.name,
                "datum" | "klar_senast" | "noterad" | "beslutsdatum" | "fran" | "till"
            ) {
                let validation = DataValidation::new()
                    .allow_date(rust_xlsxwriter::DataValidationRule::Between(
                        ExcelDateTime::from_ymd(1950, 1, 1)?,
                        ExcelDateTime::from_ymd(2099, 12, 31)?,
                    ))
                    .set_error_title("Datum")?
                    .set_error_message("Skriv ett datum ÅÅÅÅ-MM-DD.")?;
                data.add_data_validation(1, col, LAST_ROW, col, &validation)?;
                data.set_column_format(col, &Format::new().set_num_format("yyyy-mm-dd"))?;
            }
        }
        data.set_freeze_panes(1, 0)?;
        data.autofilter(0, 0, 0, columns.len() as u16 - 1)?;
        let widths: Vec<f64> = columns.iter().map(|spec| column_width(spec.name)).collect();
        page_setup(data, kind_sheet(kind), &widths, 1, Lang::Sv)?;
    }
    {
        let help = workbook.add_worksheet();
        help.set_name("Instruktioner")?;
        let bold = Format::new().set_bold();
        let wrap = Format::new().set_text_wrap();
        let widths = [22.0, 12.0, 90.0];
        for (c, w) in widths.iter().enumerate() {
            help.set_column_width(c as u16, *w)?;
        }
        // The intro runs over the columns: no head to repeat.
        page_setup(help, "Instruktioner", &widths, 0, Lang::Sv)?;
        let intro = [
            format!("Mall för import av {} till Beredskap", kind_sheet(kind).to_lowercase()),
            format!(
                "Fyll i bladet \"{}\" från rad 2, en rad per post. Rubrikerna får inte ändras; fler kolumner går bra men ignoreras.",
                kind_sheet(kind)
            ),
            "Röda rubriker är obligatoriska. Listor (enheter, kriterier, typ, status) finns som rullgardin i cellerna.".into(),
            "Spara som .xlsx eller som CSV (semikolonavgränsad eller UTF-8); båda går att läsa in.".into(),
            "Läs in under Importera: du ser först vad som läggs till och ändras, och inget sparas förrän du bekräftar. Fel anges med rad, kolumn och cell.".into(),
        ];
        for (r, line) in intro.iter().enumerate() {
            help.write_string_with_format(r as u32, 0, line, if r == 0 { &bold } else { &wrap })?;
        }
        let start = intro.len() as u32 + 1;
        for (c, h) in ["Kolumn", "Krävs", "Så fylls den i"].iter().enumerate() {
            help.write_string_with_format(start, c as u16, *h, &header)?;
        }
        for (i, spec) in columns.iter().enumerate() {
            let r = start + 1 + i as u32;
            help.write_string(r, 0, spec.name)?;
            help.write_string(r, 1, if spec.required { "ja" } else { "nej" })?;
            help.write_string_with_format(r, 2, column_help(spec.name), &wrap)?;
        }
    }
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Listor")?;
        for (c, (name, values)) in lists.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *name, &header)?;
            for (r, v) in values.iter().enumerate() {
                sheet.write_string(r as u32 + 1, c as u16, v)?;
            }
        }
        sheet.set_hidden(true);
    }
    Ok(workbook.save_to_buffer()?)
}
