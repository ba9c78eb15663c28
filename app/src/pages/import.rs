//! `/importera`: upload a CSV or XLSX file, see what it would change, confirm — and the history
//! of imports, the templates and the values export. `/importera/:token`: one upload's progress,
//! preview, problems and result.
//!
//! The file itself is posted as a plain multipart form to `/importera/ladda-upp` (the server
//! crate caps its size while reading); checking and writing run in the background, and this page
//! polls their progress, so it stays usable during a long import.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use readiness_rules::{ImportKind, ImportPhase, Text, UploadState};
use serde::{Deserialize, Serialize};

use crate::components::{LoadError, Restricted, built_once};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub imported_at: String,
    pub who: String,
    pub file: String,
    /// The kind, or the stored code when this version does not know it (shown as it is).
    pub kind: Result<ImportKind, String>,
    pub rows: i64,
    pub added: i64,
    pub changed: i64,
    pub unchanged: i64,
}

#[server(endpoint = "importhistorik")]
pub async fn get_import_history() -> Result<Vec<HistoryRow>, AppError> {
    use crate::state::pool;
    crate::auth::ssr::require(readiness_rules::Action::Import)?;
    let records = readiness_store::import::history::recent_imports(&pool()?, 50).await?;
    Ok(records
        .into_iter()
        .map(|r| HistoryRow {
            imported_at: readiness_rules::format_timestamp(&r.imported_at),
            who: r.user_email.unwrap_or_else(|| format!("({})", r.via)),
            file: match r.sheet {
                Some(sheet) => format!("{} [{sheet}]", r.file_name),
                None => r.file_name,
            },
            kind: ImportKind::from_code(&r.kind).ok_or(r.kind),
            rows: r.rows,
            added: r.added,
            changed: r.changed,
            unchanged: r.unchanged,
        })
        .collect())
}

/// A problem in the file, as the preview lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemView {
    pub row: usize,
    pub column: String,
    pub cell: Option<String>,
    pub message: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeView {
    pub row: usize,
    pub key: String,
    pub added: bool,
    /// (column, old, new)
    pub fields: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryView {
    pub kind: ImportKind,
    pub sheet: Option<String>,
    pub rows: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub notes: Vec<Text>,
    pub changes: Vec<ChangeView>,
}

/// Where a background step is: its phase, rows done, total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressView {
    pub phase: ImportPhase,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadView {
    pub token: String,
    pub file_name: String,
    pub uploaded_at: String,
    pub state: UploadState,
    pub progress: Option<ProgressView>,
    pub summary: Option<SummaryView>,
    pub problems: Vec<ProblemView>,
}

impl UploadView {
    fn running(&self) -> bool {
        self.state.is_running()
    }
}

#[server(endpoint = "importstatus")]
pub async fn get_upload(token: String) -> Result<Option<UploadView>, AppError> {
    use crate::state::app_state;
    crate::auth::ssr::require(readiness_rules::Action::Import)?;
    let state = app_state()?;
    // A step whose instance stopped is shown as failed, not as running for ever.
    readiness_store::import::history::fail_silent(&state.pool).await?;
    let Some(upload) =
        readiness_store::import::history::upload_by_token(&state.pool, &token).await?
    else {
        crate::state::set_not_found();
        return Ok(None);
    };
    Ok(Some(ssr::view_of(&state, upload)))
}

/// What a confirmation came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfirmOutcome {
    Started,
    /// Already confirmed (another tab), still being checked, or invalid.
    NotConfirmable,
    /// Someone else uploaded the file: the one who checked the preview confirms it.
    NotYours,
}

#[server(endpoint = "bekrafta_import")]
pub async fn confirm_import(token: String) -> Result<ConfirmOutcome, AppError> {
    use crate::state::app_state;
    let user = crate::auth::ssr::require(readiness_rules::Action::Import)?;
    let state = app_state()?;
    let history = readiness_store::import::history::upload_by_token(&state.pool, &token).await?;
    let Some(upload) = history else {
        return Err(AppError::not_found(
            "Uppladdningen finns inte.",
            "No such upload.",
        ));
    };
    // Whoever uploaded the file has seen its preview and answers for it; nobody else may
    // commit (or throw away) their upload, whatever their role.
    if upload.user_id != user.id {
        tracing::warn!(email = %user.email, upload = upload.id, "refused: confirming another person's upload");
        crate::state::set_status(http::StatusCode::FORBIDDEN);
        return Ok(ConfirmOutcome::NotYours);
    }
    // The preview the user saw is what they confirm: its fingerprint goes with the commit.
    let Some(readiness_store::import::history::UploadOutcome::Summary(preview)) = &upload.outcome
    else {
        return Ok(ConfirmOutcome::NotConfirmable);
    };
    let fingerprint = preview.fingerprint.clone();
    if !readiness_store::import::history::claim_for_import(&state.pool, upload.id).await? {
        return Ok(ConfirmOutcome::NotConfirmable);
    }
    crate::import_jobs::start(&state, (&upload).into(), user.id, Some(fingerprint));
    Ok(ConfirmOutcome::Started)
}

#[server(endpoint = "avbryt_import")]
pub async fn discard_import(token: String) -> Result<(), AppError> {
    use crate::state::pool;
    let user = crate::auth::ssr::require(readiness_rules::Action::Import)?;
    let pool = pool()?;
    if let Some(upload) = readiness_store::import::history::upload_by_token(&pool, &token)
        .await?
        .filter(|u| u.user_id == user.id)
    {
        readiness_store::import::history::discard_upload(&pool, upload.id).await?;
    }
    leptos_axum::redirect("/importera");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use readiness_store::import::ImportSummary;
    use readiness_store::import::history::{Upload, UploadOutcome};

    use super::*;
    use crate::state::AppState;

    fn summary_view(s: ImportSummary) -> SummaryView {
        SummaryView {
            kind: s.kind,
            sheet: s.sheet,
            rows: s.rows,
            added: s.added,
            changed: s.changed,
            unchanged: s.unchanged,
            notes: s.notes,
            changes: s
                .changes
                .into_iter()
                .map(|c| ChangeView {
                    row: c.row,
                    key: c.key,
                    added: c.added,
                    fields: c
                        .fields
                        .into_iter()
                        .map(|f| (f.column, f.old, f.new))
                        .collect(),
                })
                .collect(),
        }
    }

    pub fn view_of(state: &AppState, upload: Upload) -> UploadView {
        // This instance's own running step is read live; another instance's from the database.
        let progress = state
            .import_jobs
            .lock()
            .ok()
            .and_then(|jobs| jobs.get(&upload.id).map(|p| p.snapshot()))
            .or(upload.progress)
            .map(|(phase, done, total)| ProgressView { phase, done, total });
        let (summary, problems) = match upload.outcome {
            Some(UploadOutcome::Summary(s)) => (Some(summary_view(s)), Vec::new()),
            Some(UploadOutcome::Problems(issues)) => (
                None,
                issues
                    .into_iter()
                    .map(|i| ProblemView {
                        row: i.row,
                        column: i.column,
                        cell: i.cell,
                        message: i.message,
                    })
                    .collect(),
            ),
            Some(UploadOutcome::Failed) | None => (None, Vec::new()),
        };
        UploadView {
            token: upload.token,
            file_name: upload.file_name,
            uploaded_at: readiness_rules::format_timestamp(&upload.uploaded_at),
            state: upload.state,
            progress,
            summary,
            problems,
        }
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let history = Resource::new(|| (), |_| get_import_history());
    let error = move || {
        query.with(|q| q.get("fel")).map(|code| match code.as_str() {
            "for_stor" => tr(lang, "Filen är större än 20 MB och togs inte emot. Dela upp den eller ta bort onödiga blad.", "The file is larger than 20 MB and was not accepted. Split it or remove unneeded sheets."),
            "ingen_fil" => tr(lang, "Välj en fil att ladda upp.", "Choose a file to upload."),
            "typ" => tr(lang, "Okänd importtyp.", "Unknown import kind."),
            _ => tr(lang, "Filen kunde inte tas emot; försök igen.", "The file could not be received; try again."),
        })
    };
    view! { <Restricted action=readiness_rules::Action::Import>
        <Title text=tr(lang, "Importera", "Import") />
        <h1>{tr(lang, "Importera", "Import")}</h1>
        <p class="muted">{tr(
            lang,
            "Läs in utvärderingar, kriterier, enheter, värden eller åtgärdsplaner från Excel (.xlsx) eller CSV. Du ser först vad filen lägger till och ändrar; inget sparas förrän du bekräftar.",
            "Load evaluations, criteria, units, values or action plans from Excel (.xlsx) or CSV. You first see what the file adds and changes; nothing is saved until you confirm.",
        )}</p>
        {move || error().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        <form class="stacked upload-form" method="post" action="/importera/ladda-upp" enctype="multipart/form-data">
            <label>
                {tr(lang, "Fil (.xlsx eller .csv, högst 20 MB)", "File (.xlsx or .csv, at most 20 MB)")}
                <input type="file" name="fil" accept=".xlsx,.csv,.txt" required />
            </label>
            <label>
                {tr(lang, "Typ", "Kind")}
                <select name="typ">
                    <option value="auto">{tr(lang, "Känn igen från rubrikerna", "Recognise from the headers")}</option>
                    {ImportKind::ALL.map(|k| view! { <option value=k.code()>{k.label(lang)}</option> }).collect_view()}
                </select>
            </label>
            <label>
                {tr(lang, "Blad (bara XLSX; tomt = första bladet)", "Sheet (XLSX only; empty = the first sheet)")}
                <input name="blad" />
            </label>
            <button type="submit">{tr(lang, "Ladda upp och förhandsgranska", "Upload and preview")}</button>
        </form>

        <section>
            <h2>{tr(lang, "Mallar", "Templates")}</h2>
            <p class="muted">{tr(
                lang,
                "Excelmallar med rubriker, rullgardinslistor (enheter, kriterier, typ, status) och instruktioner.",
                "Excel templates with headers, drop-down lists (units, criteria, kind, status) and instructions (in Swedish).",
            )}</p>
            <ul class="link-list">
                {ImportKind::ALL.map(|k| view! {
                    <li><a href=format!("/export/mall?typ={}", k.code()) download>{format!("{} (.xlsx)", k.label(lang))}</a></li>
                }).collect_view()}
            </ul>
            <h2>{tr(lang, "Exportera värden", "Export values")}</h2>
            <p class="muted">{tr(
                lang,
                "Alla aktuella värden i importens kolumner: ändra i Excel och läs in filen igen.",
                "Every current value in the import's columns: edit in Excel and load the file again.",
            )}</p>
            <ul class="link-list">
                <li><a href="/export/varden?format=xlsx" download>{tr(lang, "Värden (.xlsx)", "Values (.xlsx)")}</a></li>
                <li><a href="/export/varden?format=csv" download>{tr(lang, "Värden (.csv för svenska Excel)", "Values (.csv for Swedish Excel)")}</a></li>
            </ul>
        </section>

        <section>
            <h2>{tr(lang, "Importhistorik", "Import history")}</h2>
            <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
                {move || built_once(async move {
                    match history.await {
                        Err(error) => view! { <LoadError error /> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="note">{tr(lang, "Inga importer än.", "No imports yet.")}</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Importhistorik", "Import history")><table class="import-history">
                                <thead><tr>
                                    <th scope="col">{tr(lang, "Tid (UTC)", "Time (UTC)")}</th>
                                    <th scope="col">{tr(lang, "Vem", "Who")}</th>
                                    <th scope="col">{tr(lang, "Fil", "File")}</th>
                                    <th scope="col">{tr(lang, "Typ", "Kind")}</th>
                                    <th scope="col" class="num">{tr(lang, "Rader", "Rows")}</th>
                                    <th scope="col" class="num">{tr(lang, "Nya", "Added")}</th>
                                    <th scope="col" class="num">{tr(lang, "Ändrade", "Changed")}</th>
                                    <th scope="col" class="num">{tr(lang, "Oförändrade", "Unchanged")}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td class="date">{r.imported_at}</td>
                                            <td>{r.who}</td>
                                            <td>{r.file}</td>
                                            <td>{match &r.kind { Ok(k) => k.label(lang).to_string(), Err(code) => code.clone() }}</td>
                                            <td class="num">{count(r.rows as usize, lang)}</td>
                                            <td class="num">{count(r.added as usize, lang)}</td>
                                            <td class="num">{count(r.changed as usize, lang)}</td>
                                            <td class="num">{count(r.unchanged as usize, lang)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    </Restricted> }
}

/// `1 234 567` in Swedish, `1,234,567` in English.
fn count(n: usize, lang: Lang) -> String {
    readiness_rules::format_number(n as f64, lang)
}

#[component]
pub fn UploadPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let confirm = ServerAction::<ConfirmImport>::new();
    let discard = ServerAction::<DiscardImport>::new();
    // Bumped to poll while a background step runs.
    let tick = RwSignal::new(0u32);
    let upload = Resource::new(
        move || (token(), tick.get(), confirm.version().get()),
        |(token, _, _)| get_upload(token),
    );
    // Only in the browser (effects do not run on the server): poll twice a second while the
    // file is being checked or written.
    Effect::new(move |_| {
        if let Some(Ok(Some(view))) = upload.get()
            && view.running()
        {
            set_timeout(
                move || tick.update(|t| *t += 1),
                std::time::Duration::from_millis(500),
            );
        }
    });
    view! {
        <Title text=tr(lang, "Import", "Import") />
        <p><a href="/importera">{tr(lang, "← Importera", "← Import")}</a></p>
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match upload.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(None) => view! {
                        <h1>{tr(lang, "Uppladdningen finns inte", "No such upload")}</h1>
                        <p>{tr(lang, "Den kan ha tagits bort (uppladdningar sparas ett dygn).", "It may have been removed (uploads are kept for a day).")}</p>
                    }.into_any(),
                    Ok(Some(view)) => view! { <UploadDetails view confirm discard /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UploadDetails(
    view: UploadView,
    confirm: ServerAction<ConfirmImport>,
    discard: ServerAction<DiscardImport>,
) -> impl IntoView {
    let lang = use_lang();
    let running = view.running();
    let state = view.state;
    let token = view.token.clone();
    let heading = format!("{}: {}", tr(lang, "Import", "Import"), view.file_name);
    let status = state.label(lang);
    let status_class = match state {
        UploadState::Invalid | UploadState::Failed | UploadState::Stale => "error",
        _ => "note",
    };
    let progress = view.progress.clone().filter(|_| running).map(|p| {
        let phase = p.phase.label(lang);
        let text = if p.total > 0 {
            format!(
                "{phase}: {} / {}",
                count(p.done, lang),
                count(p.total, lang)
            )
        } else {
            phase.to_string()
        };
        view! {
            <div class="import-progress">
                <progress max=p.total.max(1) value=p.done aria-label=phase></progress>
                <span>{text}</span>
            </div>
        }
    });
    let confirmable = state.can_confirm();
    let summary = view.summary.clone();
    let problems = view.problems.clone();
    view! {
        <h1>{heading}</h1>
        <p class="muted">{format!("{} {} (UTC)", tr(lang, "Uppladdad", "Uploaded"), view.uploaded_at)}</p>
        <p class=status_class role="status" aria-live="polite" data-state=state.code()>{status}</p>
        {running.then(|| view! { <noscript><meta http-equiv="refresh" content="2" /></noscript> })}
        {progress}
        {(!problems.is_empty()).then(|| view! {
            <h2>{format!("{} {}", count(problems.len(), lang), tr(lang, "fel", "problems"))}</h2>
            <div class="scroll-x"><table class="problems">
                <thead><tr>
                    <th scope="col" class="num">{tr(lang, "Rad", "Row")}</th>
                    <th scope="col">{tr(lang, "Kolumn", "Column")}</th>
                    <th scope="col">{tr(lang, "Cell", "Cell")}</th>
                    <th scope="col">{tr(lang, "Fel", "Problem")}</th>
                </tr></thead>
                <tbody>
                    {problems.into_iter().map(|p| view! {
                        <tr>
                            <td class="num">{if p.row == 0 { "–".to_string() } else { p.row.to_string() }}</td>
                            <td>{p.column}</td>
                            <td>{p.cell.unwrap_or_default()}</td>
                            <td>{p.message.get(lang).to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        })}
        {summary.map(|s| {
            let listed = s.changes.len();
            let total_changes = s.added + s.changed;
            let more = total_changes > listed;
            let imported = state == UploadState::Imported;
            view! {
                <dl class="import-counts">
                    <div><dt>{tr(lang, "Typ", "Kind")}</dt><dd>{s.kind.label(lang)}{s.sheet.map(|sh| format!(" · {} {sh}", tr(lang, "blad", "sheet")))}</dd></div>
                    <div><dt>{tr(lang, "Rader", "Rows")}</dt><dd>{count(s.rows, lang)}</dd></div>
                    <div><dt>{if imported { tr(lang, "Nya", "Added") } else { tr(lang, "Läggs till", "To add") }}</dt><dd>{count(s.added, lang)}</dd></div>
                    <div><dt>{if imported { tr(lang, "Ändrade", "Changed") } else { tr(lang, "Ändras", "To change") }}</dt><dd>{count(s.changed, lang)}</dd></div>
                    <div><dt>{tr(lang, "Oförändrade", "Unchanged")}</dt><dd>{count(s.unchanged, lang)}</dd></div>
                </dl>
                {(!s.notes.is_empty()).then(|| view! {
                    <ul class="notes">{s.notes.into_iter().map(|n| view! { <li>{n.get(lang).to_string()}</li> }).collect_view()}</ul>
                })}
                {(listed > 0).then(|| view! {
                    <h2>{if imported { tr(lang, "Det här ändrades", "What changed") } else { tr(lang, "Det här ändras", "What will change") }}</h2>
                    {more.then(|| view! { <p class="muted">{format!("{} {} {} {}.", tr(lang, "Visar de första", "Showing the first"), count(listed, lang), tr(lang, "av", "of"), count(total_changes, lang))}</p> })}
                    <div class="scroll-x"><table class="changes">
                        <thead><tr>
                            <th scope="col" class="num">{tr(lang, "Rad", "Row")}</th>
                            <th scope="col">{tr(lang, "Post", "Record")}</th>
                            <th scope="col">{tr(lang, "Ändring", "Change")}</th>
                            <th scope="col">{tr(lang, "Fält", "Fields")}</th>
                        </tr></thead>
                        <tbody>
                            {s.changes.into_iter().map(|c| view! {
                                <tr class=if c.added { "added" } else { "changed" }>
                                    <td class="num">{c.row}</td>
                                    <td>{c.key}</td>
                                    <td>{if c.added { tr(lang, "Ny", "New") } else { tr(lang, "Ändrad", "Changed") }}</td>
                                    <td>
                                        <ul class="fields">
                                            {c.fields.into_iter().map(|(column, old, new)| {
                                                if c.added {
                                                    view! { <li><span class="muted">{column}": "</span>{new}</li> }.into_any()
                                                } else {
                                                    view! { <li><span class="muted">{column}": "</span><del>{old}</del>" → "<ins>{new}</ins></li> }.into_any()
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                })}
                {imported.then(|| view! {
                    <p><a href="/matris">{tr(lang, "Till matrisen", "To the matrix")}</a>" · "<a href="/importera">{tr(lang, "Importera en fil till", "Import another file")}</a></p>
                })}
            }
        })}
        {confirmable.then(|| {
            let token_confirm = token.clone();
            let token_discard = token.clone();
            view! {
                <div class="import-actions">
                    <ActionForm action=confirm attr:class="inline">
                        <input type="hidden" name="token" value=token_confirm />
                        <button type="submit" class="primary">{tr(lang, "Bekräfta och importera", "Confirm and import")}</button>
                    </ActionForm>
                    <ActionForm action=discard attr:class="inline">
                        <input type="hidden" name="token" value=token_discard />
                        <button type="submit">{tr(lang, "Avbryt", "Cancel")}</button>
                    </ActionForm>
                </div>
            }
        })}
        {move || confirm.value().get().and_then(|r| match r {
            Ok(ConfirmOutcome::NotYours) => Some(view! { <p class="error" role="alert">{tr(lang, "Den som laddade upp filen bekräftar importen.", "The person who uploaded the file confirms the import.")}</p> }.into_any()),
            Ok(ConfirmOutcome::NotConfirmable) => Some(view! { <p class="error" role="alert">{tr(lang, "Importen kan inte bekräftas nu (den är redan bekräftad eller har fel).", "The import cannot be confirmed now (already confirmed, or it has problems).")}</p> }.into_any()),
            Err(e) => Some(view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any()),
            Ok(ConfirmOutcome::Started) => None,
        })}
        {matches!(state, UploadState::Invalid | UploadState::Failed).then(|| view! {
            <p><a href="/importera">{tr(lang, "Ladda upp en ny fil", "Upload a new file")}</a></p>
        })}
    }
}
