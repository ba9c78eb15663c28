//! `/baslinjer`: frozen baselines (freeze one, list them) and `/jamfor`: what improved and
//! worsened between two baselines, a baseline and today, or any two dates.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness_rules::{
    AreaMovement, CellChange, Movement, MovementCounts, ProviderMovement, Text, UnitChange,
};
use serde::{Deserialize, Serialize};

use crate::components::{LightBadge, LoadError, built_once};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineRow {
    pub name: String,
    pub as_of: String,
    pub frozen_at: String,
    pub frozen_by: String,
    pub evaluations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselinesData {
    pub baselines: Vec<BaselineRow>,
    pub may_freeze: bool,
    pub today: String,
    pub evaluations: Vec<(String, String)>,
}

#[server(endpoint = "baslinjer")]
pub async fn get_baselines() -> Result<BaselinesData, AppError> {
    use crate::state::{pool, today};
    let user = crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let list = readiness_store::baselines::list(&pool()?).await?;
    Ok(BaselinesData {
        baselines: list
            .into_iter()
            .map(|b| BaselineRow {
                name: b.name,
                as_of: readiness_rules::format_date(b.as_of),
                frozen_at: readiness_rules::format_timestamp(&b.frozen_at),
                frozen_by: b.frozen_by.unwrap_or_else(|| "(cli)".into()),
                evaluations: b.evaluations,
            })
            .collect(),
        may_freeze: user.actor().may(readiness_rules::Action::Freeze),
        today: readiness_rules::format_date(today()),
        evaluations: readiness_store::queries::list_evaluations(&pool()?)
            .await?
            .into_iter()
            .map(|e| (e.code, e.name))
            .collect(),
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CycleOutcome {
    Created {
        code: String,
        criteria: usize,
        values: usize,
    },
    Refused(Text),
}

/// A new follow-up cycle from an existing evaluation (`carry` is the checkbox: present = on).
#[server(endpoint = "ny_cykel")]
pub async fn new_cycle(
    from: String,
    code: String,
    name: String,
    date: String,
    prefix: String,
    carry: Option<String>,
) -> Result<CycleOutcome, AppError> {
    use crate::state::pool;
    use readiness_store::cycles::{CycleError, NewCycle};
    crate::auth::ssr::require(readiness_rules::Action::Freeze)?;
    let deadline = match readiness_rules::parse_date(&date) {
        Ok(d) => d,
        Err(e) => return Ok(CycleOutcome::Refused(e.text())),
    };
    let cycle = NewCycle {
        from,
        code,
        name,
        deadline,
        prefix,
        carry_values: carry.is_some(),
    };
    match readiness_store::cycles::new_cycle(&pool()?, &cycle).await {
        Ok(s) => Ok(CycleOutcome::Created {
            code: s.code,
            criteria: s.criteria,
            values: s.values,
        }),
        Err(CycleError::Store(e)) => Err(AppError::internal(e)),
        Err(other) => Ok(CycleOutcome::Refused(other.text())),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FreezeOutcome {
    Frozen(String),
    Refused(Text),
}

#[server(endpoint = "frys_baslinje")]
pub async fn freeze_baseline(name: String, as_of: String) -> Result<FreezeOutcome, AppError> {
    use crate::state::pool;
    use readiness_store::baselines::BaselineError;
    let user = crate::auth::ssr::require(readiness_rules::Action::Freeze)?;
    let as_of = match readiness_rules::parse_date(&as_of) {
        Ok(d) => d,
        Err(e) => return Ok(FreezeOutcome::Refused(e.text())),
    };
    match readiness_store::baselines::freeze(&pool()?, &name, as_of, Some(user.id)).await {
        Ok(b) => Ok(FreezeOutcome::Frozen(b.name)),
        Err(BaselineError::Store(e)) => Err(AppError::internal(e)),
        Err(other) => Ok(FreezeOutcome::Refused(other.text())),
    }
}

/// What `/jamfor` shows: the counts, and the changed units and cells (unchanged ones left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareData {
    pub evaluation: String,
    pub evaluations: Vec<(String, String)>,
    pub baselines: Vec<String>,
    pub from: String,
    pub to: String,
    pub from_label: String,
    pub to_label: String,
    pub unit_counts: MovementCounts,
    pub cell_counts: MovementCounts,
    pub areas: Vec<AreaMovement>,
    pub care_providers: Vec<ProviderMovement>,
    pub units: Vec<UnitChange>,
    pub cells: Vec<CellChange>,
    /// Changed cells left out of `cells` (the list is capped).
    pub cells_left_out: usize,
}

/// Changed cells listed at most; the counts cover them all.
const LISTED_CELLS: usize = 300;

#[server(endpoint = "jamfor")]
pub async fn get_comparison(
    evaluation: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Option<CompareData>, AppError> {
    use crate::state::{pool, today};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let evaluations = readiness_store::queries::list_evaluations(&pool).await?;
    let Some(evaluation) = evaluation
        .filter(|e| !e.is_empty())
        .or_else(|| evaluations.first().map(|e| e.code.clone()))
    else {
        return Ok(None);
    };
    let baselines = readiness_store::baselines::list(&pool).await?;
    // Default: from the newest baseline (or a quarter ago) to today.
    let from = from.filter(|f| !f.trim().is_empty()).unwrap_or_else(|| {
        baselines
            .first()
            .map(|b| b.name.clone())
            .unwrap_or_else(|| readiness_rules::format_date(today() - chrono::Days::new(91)))
    });
    let to = to
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| readiness_rules::format_date(today()));
    let mut sides = Vec::new();
    for side in [&from, &to] {
        let snapshot = match readiness_rules::parse_date(side) {
            Ok(date) => readiness_store::baselines::live_snapshot(&pool, &evaluation, date).await,
            Err(_) => readiness_store::baselines::snapshot(&pool, side.trim(), &evaluation).await,
        }?;
        match snapshot {
            Some(s) => sides.push(s),
            None => {
                return Err(AppError::not_found(
                    format!("\"{side}\" är varken ett datum eller en baslinje för {evaluation}."),
                    format!("\"{side}\" is neither a date nor a baseline of {evaluation}."),
                ));
            }
        }
    }
    let label = |side: &str, s: &readiness_rules::Snapshot| {
        if readiness_rules::parse_date(side).is_ok() {
            readiness_rules::format_date(s.as_of)
        } else {
            format!(
                "{} ({})",
                side.trim(),
                readiness_rules::format_date(s.as_of)
            )
        }
    };
    let comparison = readiness_rules::compare(&sides[0], &sides[1]);
    let mut cells: Vec<CellChange> = comparison
        .cells
        .iter()
        .filter(|c| c.movement != Movement::Unchanged)
        .cloned()
        .collect();
    // Worse first: that is what a reader acts on.
    cells.sort_by_key(|c| match c.movement {
        Movement::Worsened => 0,
        Movement::Disappeared => 1,
        Movement::Improved => 2,
        _ => 3,
    });
    let cells_left_out = cells.len().saturating_sub(LISTED_CELLS);
    cells.truncate(LISTED_CELLS);
    Ok(Some(CompareData {
        from_label: label(&from, &sides[0]),
        to_label: label(&to, &sides[1]),
        evaluation,
        evaluations: evaluations.into_iter().map(|e| (e.code, e.name)).collect(),
        baselines: baselines.into_iter().map(|b| b.name).collect(),
        from,
        to,
        unit_counts: comparison.unit_counts,
        cell_counts: comparison.cell_counts,
        areas: comparison.areas,
        care_providers: comparison.care_providers,
        units: comparison
            .units
            .into_iter()
            .filter(|u| u.movement != Movement::Unchanged)
            .collect(),
        cells,
        cells_left_out,
    }))
}

#[component]
pub fn BaselinesPage() -> impl IntoView {
    let lang = use_lang();
    let freeze = ServerAction::<FreezeBaseline>::new();
    let cycle = ServerAction::<NewCycle>::new();
    let data = Resource::new(
        move || (freeze.version().get(), cycle.version().get()),
        |_| get_baselines(),
    );
    view! {
        <Title text=tr(lang, "Baslinjer", "Baselines") />
        <h1>{tr(lang, "Baslinjer", "Baselines")}</h1>
        <p class="muted">{tr(
            lang,
            "En baslinje fryser alla enheters ljus och värden per ett datum, till exempel inför slutrapporten. Senare ändringar och importer påverkar den inte. Jämför två baslinjer, en baslinje och i dag, eller två datum.",
            "A baseline freezes every unit's lights and values as of a date, e.g. for the final report. Later edits and imports do not change it. Compare two baselines, a baseline and today, or two dates.",
        )}</p>
        <p><a href="/jamfor">{tr(lang, "Jämför →", "Compare →")}</a></p>
        {move || freeze.value().get().map(|r| match r {
            Ok(FreezeOutcome::Frozen(name)) => view! { <p class="note" role="status">{format!("{} \"{name}\".", tr(lang, "Frös baslinjen", "Froze the baseline"))}</p> }.into_any(),
            Ok(FreezeOutcome::Refused(message)) => view! { <p class="error" role="alert">{message.get(lang).to_string()}</p> }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
        })}
        {move || cycle.value().get().map(|r| match r {
            Ok(CycleOutcome::Created { code, criteria, values }) => view! {
                <p class="note" role="status">
                    {match lang {
                        Lang::Sv => format!("Skapade {code} med {criteria} kriterier och {values} överförda värden. "),
                        Lang::En => format!("Created {code} with {criteria} criteria and {values} carried values. "),
                    }}
                    <a href=format!("/export/kriterier?utvardering={code}") download rel="external">{tr(lang, "Ladda ner kriterierna för att redigera dem (Excel)", "Download the criteria to edit them (Excel)")}</a>
                </p>
            }.into_any(),
            Ok(CycleOutcome::Refused(message)) => view! { <p class="error" role="alert">{message.get(lang).to_string()}</p> }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
        })}
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(data) => view! {
                        {data.may_freeze.then(|| view! {
                            <ActionForm action=freeze attr:class="stacked freeze-form">
                                <h2>{tr(lang, "Frys en baslinje", "Freeze a baseline")}</h2>
                                <label>
                                    {tr(lang, "Namn", "Name")}
                                    <input name="name" required maxlength="80" placeholder=tr(lang, "Slutrapport 2026-12-01", "Final report 2026-12-01") />
                                </label>
                                <label>
                                    {tr(lang, "Per datum", "As of")}
                                    <input name="as_of" type="date" value=data.today.clone() required />
                                </label>
                                <button type="submit">{tr(lang, "Frys", "Freeze")}</button>
                            </ActionForm>
                        })}
                        {data.may_freeze.then(|| view! {
                            <ActionForm action=cycle attr:class="stacked freeze-form cycle-form">
                                <h2>{tr(lang, "Ny uppföljningscykel", "New follow-up cycle")}</h2>
                                <p class="muted small">{tr(lang, "Kopierar kriterierna (som sedan kan redigeras i Excel och läsas in igen) och behåller enheterna. Värden följer bara med om du väljer det; de behåller sitt mätdatum och blir inaktuella i sin tid.", "Copies the criteria (which can then be edited in Excel and imported again) and keeps the units. Values come along only if you choose so; they keep their measured date and go stale in time.")}</p>
                                <label>
                                    {tr(lang, "Från utvärdering", "From evaluation")}
                                    <select name="from">
                                        {data.evaluations.iter().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect_view()}
                                    </select>
                                </label>
                                <label>{tr(lang, "Ny kod", "New code")}<input name="code" required placeholder="UPP2027" /></label>
                                <label>{tr(lang, "Cykelns namn", "Name of the cycle")}<input name="name" required placeholder=tr(lang, "Uppföljning 2027", "Follow-up 2027") /></label>
                                <label>{tr(lang, "Cykelns utvärderingsdatum", "Evaluation date of the cycle")}<input name="date" type="date" required /></label>
                                <label>{tr(lang, "Prefix för kriteriekoder", "Prefix for criterion codes")}<input name="prefix" required placeholder="U27-" /></label>
                                <label class="inline-check"><input type="checkbox" name="carry" value="ja" />" " {tr(lang, "För över enheternas senaste värden", "Carry the units' latest values")}</label>
                                <button type="submit">{tr(lang, "Skapa cykeln", "Create the cycle")}</button>
                            </ActionForm>
                        })}
                        <h2>{tr(lang, "Frysta baslinjer", "Frozen baselines")}</h2>
                        {if data.baselines.is_empty() {
                            view! { <p class="note">{tr(lang, "Inga baslinjer ännu.", "No baselines yet.")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="scroll-x"><table class="baselines">
                                    <thead><tr>
                                        <th scope="col">{tr(lang, "Namn", "Name")}</th>
                                        <th scope="col">{tr(lang, "Per datum", "As of")}</th>
                                        <th scope="col">{tr(lang, "Fryst (UTC)", "Frozen (UTC)")}</th>
                                        <th scope="col">{tr(lang, "Av", "By")}</th>
                                        <th scope="col">{tr(lang, "Jämför", "Compare")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {data.baselines.into_iter().map(|b| {
                                            let href = format!("/jamfor?fran={}", readiness_rules::encode_query(&b.name));
                                            view! {
                                                <tr>
                                                    <th scope="row">{b.name.clone()}</th>
                                                    <td class="date">{b.as_of}</td>
                                                    <td class="date">{b.frozen_at}</td>
                                                    <td>{b.frozen_by}</td>
                                                    <td><a href=href>{tr(lang, "med i dag", "with today")}</a></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                            }.into_any()
                        }}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.get();
            (q.get("utvardering"), q.get("fran"), q.get("till"))
        },
        |(evaluation, from, to)| get_comparison(evaluation, from, to),
    );
    view! {
        <Title text=tr(lang, "Jämförelse", "Comparison") />
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(None) => view! { <p class="empty">{tr(lang, "Ingen utvärdering att jämföra.", "No evaluation to compare.")}</p> }.into_any(),
                    Ok(Some(data)) => view! { <Comparison data /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CountsTable(
    caption: String,
    rows: Vec<(String, MovementCounts)>,
    first: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let label = caption.clone();
    view! {
        <div class="scroll-x" tabindex="0" role="region" aria-label=label><table class="movements">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{first}</th>
                {Movement::ALL.map(|m| view! { <th scope="col" class="num">{format!("{} {}", m.mark(), m.group_label(lang))}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(name, counts)| view! {
                    <tr>
                        <th scope="row">{name}</th>
                        {Movement::ALL.map(|m| view! { <td class="num">{counts.get(m)}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

fn light_or_dash(light: Option<readiness_rules::Light>) -> AnyView {
    match light {
        Some(l) => view! { <LightBadge light=l /> }.into_any(),
        None => view! { <span class="muted">"–"</span> }.into_any(),
    }
}

/// A cell's stored value in the reader's words, or a dash when the cell had none.
fn shown_value(stored: Option<String>, lang: Lang) -> String {
    stored.map_or_else(
        || "–".to_string(),
        |v| readiness_rules::Reported::display_stored(&v, lang),
    )
}

#[component]
fn Comparison(data: CompareData) -> impl IntoView {
    let lang = use_lang();
    let percent = move |r: Option<f64>| {
        r.map(|r| readiness_rules::format_percent(r, lang))
            .unwrap_or_else(|| "–".into())
    };
    view! {
        <h1>{format!("{}: {} → {}", tr(lang, "Jämförelse", "Comparison"), data.from_label, data.to_label)}</h1>
        <form class="filters compare-form" method="get">
            <label>
                {tr(lang, "Utvärdering", "Evaluation")}
                <select name="utvardering">
                    {data.evaluations.iter().map(|(code, name)| view! {
                        <option value=code.clone() selected=*code == data.evaluation>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {tr(lang, "Från (baslinje eller datum)", "From (baseline or date)")}
                <input name="fran" list="baseline-names" value=data.from.clone() />
            </label>
            <label>
                {tr(lang, "Till (baslinje eller datum)", "To (baseline or date)")}
                <input name="till" list="baseline-names" value=data.to.clone() />
            </label>
            <datalist id="baseline-names">
                {data.baselines.iter().map(|b| view! { <option value=b.clone()></option> }).collect_view()}
            </datalist>
            <button type="submit">{tr(lang, "Jämför", "Compare")}</button>
        </form>
        <CountsTable
            caption=tr(lang, "Enheter och kriterier", "Units and criteria").to_string()
            rows=vec![
                (tr(lang, "Enheter (samlat ljus)", "Units (overall light)").to_string(), data.unit_counts),
                (tr(lang, "Kriterier (enhet × kriterium)", "Criteria (unit × criterion)").to_string(), data.cell_counts),
            ]
            first=""
        />
        <div class="compare-tables">
            <CountsTable
                caption=tr(lang, "Kriterier per område", "Criteria per area").to_string()
                rows=data.areas.iter().map(|a| (a.area.clone(), a.cells)).collect()
                first=tr(lang, "Område", "Area")
            />
            <CountsTable
                caption=tr(lang, "Enheter per vårdgivare", "Units per care provider").to_string()
                rows=data.care_providers.iter().map(|p| (p.care_provider.clone(), p.units)).collect()
                first=tr(lang, "Vårdgivare", "Care provider")
            />
        </div>
        <h2>{tr(lang, "Enheter som ändrats", "Units that changed")}</h2>
        {if data.units.is_empty() {
            view! { <p class="note">{tr(lang, "Inga enheter har bytt ljus.", "No unit changed its light.")}</p> }.into_any()
        } else {
            view! {
                <div class="scroll-x"><table class="changed-units">
                    <thead><tr>
                        <th scope="col">{tr(lang, "Enhet", "Unit")}</th>
                        <th scope="col">{tr(lang, "Ändring", "Change")}</th>
                        <th scope="col">{tr(lang, "Före", "Before")}</th>
                        <th scope="col">{tr(lang, "Efter", "After")}</th>
                        <th scope="col">{tr(lang, "Beredskap", "Readiness")}</th>
                    </tr></thead>
                    <tbody>
                        {data.units.into_iter().map(|u| view! {
                            <tr data-movement=u.movement.code()>
                                <th scope="row"><a href=format!("/enhet/{}?utvardering={}", u.code, data.evaluation)>{u.name.clone()}</a><span class="muted small">{format!(" {} · {}", u.code, u.care_provider)}</span></th>
                                <td>{format!("{} {}", u.movement.mark(), u.movement.group_label(lang))}</td>
                                <td>{light_or_dash(u.before)}</td>
                                <td>{light_or_dash(u.after)}</td>
                                <td class="num">{format!("{} → {}", percent(u.before_readiness), percent(u.after_readiness))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
        <h2>{tr(lang, "Kriterier som ändrats", "Criteria that changed")}</h2>
        {(data.cells_left_out > 0).then(|| view! {
            <p class="muted">{match lang {
                Lang::Sv => format!("Visar de första {LISTED_CELLS}; {} till finns i exporten.", data.cells_left_out),
                Lang::En => format!("Showing the first {LISTED_CELLS}; {} more are in the export.", data.cells_left_out),
            }}</p>
        })}
        <div class="scroll-x"><table class="changed-cells">
            <thead><tr>
                <th scope="col">{tr(lang, "Enhet", "Unit")}</th>
                <th scope="col">{tr(lang, "Kriterium", "Criterion")}</th>
                <th scope="col">{tr(lang, "Område", "Area")}</th>
                <th scope="col">{tr(lang, "Ändring", "Change")}</th>
                <th scope="col">{tr(lang, "Före", "Before")}</th>
                <th scope="col">{tr(lang, "Efter", "After")}</th>
                <th scope="col">{tr(lang, "Värde", "Value")}</th>
            </tr></thead>
            <tbody>
                {data.cells.into_iter().map(|c| view! {
                    <tr data-movement=c.movement.code()>
                        <td>{c.unit.clone()}</td>
                        <td><a href=format!("/kriterium/{}", c.criterion)>{c.criterion.clone()}</a></td>
                        <td>{c.area.clone()}</td>
                        <td>{format!("{} {}", c.movement.mark(), c.movement.group_label(lang))}</td>
                        <td>{light_or_dash(c.before)}</td>
                        <td>{light_or_dash(c.after)}</td>
                        <td>{format!("{} → {}", shown_value(c.before_value, lang), shown_value(c.after_value, lang))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
