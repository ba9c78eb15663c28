//! `/kriterium/{kod}`: a criterion's definition, thresholds, distribution of lights and every
//! unit's light.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use readiness_rules::{Kind, Light, LightCounts};
use serde::{Deserialize, Serialize};

use crate::components::{
    AsOfPicker, LightBadge, LoadError, NotFound, Pager, ReadinessBar, built_once,
};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionData {
    pub as_of: String,
    pub code: String,
    pub evaluation: String,
    pub evaluation_name: String,
    pub title: String,
    pub title_en: String,
    pub area: String,
    pub origin: String,
    pub kind: Kind,
    pub thresholds: String,
    pub mandatory: bool,
    pub requires_evidence: bool,
    pub validity_months: u32,
    pub description: String,
    pub counts: LightCounts,
    /// This page of the units (all of them at region size).
    pub units: Vec<CriterionUnit>,
    pub paging: readiness_rules::Page,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionUnit {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    pub light: Light,
    pub reason: String,
    pub value: Option<String>,
    pub measured: Option<String>,
}

#[server]
pub async fn get_criterion(
    code: String,
    as_of: Option<String>,
    page: Option<usize>,
    lang: Lang,
) -> Result<Option<CriterionData>, AppError> {
    use crate::state::{as_of_or_today, pool};
    use readiness_rules::{format_date, format_number, format_percent, format_reported};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    let Some(evaluation) = readiness_store::queries::criterion_evaluation(&pool, &code).await?
    else {
        return Ok(None);
    };
    let Some(dataset) = readiness_store::cache::load_dataset(&pool, &evaluation).await? else {
        return Ok(None);
    };
    let Some(c) = dataset.criteria.iter().position(|c| c.code == code) else {
        return Ok(None);
    };
    let board = dataset.board(as_of).await?;
    let criterion = &dataset.criteria[c];
    let rule = &criterion.rule;
    let is_share = rule.kind == Kind::Share;
    let threshold = |n: f64| {
        if is_share {
            format_percent(n, lang)
        } else {
            format_number(n, lang)
        }
    };
    let thresholds = match (rule.kind, rule.green, rule.amber) {
        (Kind::YesNo, ..) => tr(lang, "Grönt: Ja", "Green: Yes").to_string(),
        (Kind::Evidence, ..) => {
            tr(lang, "Grönt: underlag finns", "Green: evidence given").to_string()
        }
        (_, Some(g), Some(a)) => match lang {
            Lang::Sv => format!("Grönt ≥ {}, gult ≥ {}", threshold(g), threshold(a)),
            Lang::En => format!("Green ≥ {}, amber ≥ {}", threshold(g), threshold(a)),
        },
        (_, Some(g), None) => match lang {
            Lang::Sv => format!("Grönt ≥ {}", threshold(g)),
            Lang::En => format!("Green ≥ {}", threshold(g)),
        },
        _ => "–".into(),
    };
    // The units designated on the date.
    let counted: Vec<usize> = board.counted_units().collect();
    let paging =
        readiness_rules::Page::of(counted.len(), page.unwrap_or(1), readiness_rules::PAGE_SIZE);
    let units = counted[paging.range()]
        .iter()
        .map(|&u| (u, &dataset.units[u]))
        .map(|(u, unit)| {
            let a = &board.cells[u][c];
            let source = board.source(&dataset, u, c);
            CriterionUnit {
                code: unit.code.clone(),
                name: unit.name.clone(),
                care_provider: unit.care_provider.clone(),
                light: a.light,
                reason: a.reason.text(lang),
                value: source.map(|v| format_reported(&v.value, is_share, lang)),
                measured: source.map(|v| format_date(v.measured)),
            }
        })
        .collect();
    Ok(Some(CriterionData {
        as_of: format_date(as_of),
        code: criterion.code.clone(),
        evaluation: dataset.evaluation.code.clone(),
        evaluation_name: dataset.evaluation.name.clone(),
        title: criterion.title.clone(),
        title_en: criterion.title_en.clone(),
        area: criterion.area.clone(),
        origin: criterion.origin.code().to_string(),
        kind: rule.kind,
        thresholds,
        mandatory: rule.mandatory,
        requires_evidence: rule.requires_evidence,
        validity_months: rule.validity_months,
        description: criterion.description.clone(),
        counts: board.criterion_counts(c),
        units,
        paging,
    }))
}

#[component]
pub fn CriterionPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.get().get("kod").unwrap_or_default(),
                query.get().get("as_of"),
                query.get().get("sida").and_then(|p| p.parse().ok()),
            )
        },
        move |(code, as_of, page)| get_criterion(code, as_of, page, lang),
    );
    view! {
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Ok(Some(data)) => view! { <CriterionView data /> }.into_any(),
                    Ok(None) => view! { <NotFound what=tr(lang, "Det finns inget kriterium med den koden.", "There is no criterion with that code.").to_string() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CriterionView(data: CriterionData) -> impl IntoView {
    let lang = use_lang();
    let title = readiness_rules::in_lang(lang, &data.title, &data.title_en).to_string();
    let yes_no = |b: bool| {
        if b {
            tr(lang, "ja", "yes")
        } else {
            tr(lang, "nej", "no")
        }
    };
    let origin = if data.origin == "regional" {
        tr(lang, "regional", "regional")
    } else {
        tr(lang, "nationell", "national")
    };
    let as_of = data.as_of.clone();
    let evaluation = data.evaluation.clone();
    view! {
        <Title text=format!("{} {}", data.code, title) />
        <div class="page-head">
            <div>
                <p class="crumbs">
                    <a href=format!("/matris?utvardering={}", data.evaluation)>{data.evaluation_name.clone()}</a>
                    " › " {data.area.clone()}
                </p>
                <h1>{data.code.clone()} " " {title}</h1>
            </div>
            <AsOfPicker as_of=data.as_of.clone() />
        </div>
        <section class="card definition">
            <dl>
                <dt>{tr(lang, "Typ", "Kind")}</dt><dd>{data.kind.label(lang)}</dd>
                <dt>{tr(lang, "Tröskelvärden", "Thresholds")}</dt><dd>{data.thresholds.clone()}</dd>
                <dt>{tr(lang, "Ursprung", "Origin")}</dt><dd>{origin}</dd>
                <dt>{tr(lang, "Obligatoriskt", "Mandatory")}</dt><dd>{yes_no(data.mandatory)}</dd>
                <dt>{tr(lang, "Kräver underlag", "Requires evidence")}</dt><dd>{yes_no(data.requires_evidence)}</dd>
                <dt>{tr(lang, "Giltighet", "Valid for")}</dt>
                <dd>{format!("{} {}", data.validity_months, tr(lang, "månader", "months"))}</dd>
            </dl>
            {(!data.description.is_empty()).then(|| view! { <p>{data.description.clone()}</p> })}
        </section>
        <section class="card">
            <h2>{tr(lang, "Fördelning", "Distribution")}</h2>
            <ul class="unit-counts">
                {Light::ALL.into_iter().map(|l| view! {
                    <li class=format!("count count-{}", l.code())>
                        <span class="count-number">{data.counts.get(l)}</span>
                        <LightBadge light=l />
                    </li>
                }).collect_view()}
            </ul>
            <p>{tr(lang, "Andel gröna av tillämpliga: ", "Green share of applicable: ")}<ReadinessBar readiness=data.counts.readiness() /></p>
        </section>
        <div class="scroll-x"><table class="criteria">
            <thead>
                <tr>
                    <th scope="col">{tr(lang, "Enhet", "Unit")}</th>
                    <th scope="col">{tr(lang, "Ljus och skäl", "Light and reason")}</th>
                    <th scope="col">{tr(lang, "Värde", "Value")}</th>
                    <th scope="col">{tr(lang, "Mätt", "Measured")}</th>
                </tr>
            </thead>
            <tbody>
                {data.units.into_iter().map(|u| view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("/enhet/{}?utvardering={evaluation}&as_of={as_of}#{}", u.code, data.code)>{u.name.clone()}</a>
                            <br /><span class="muted small">{format!("{} · {}", u.code, u.care_provider)}</span>
                        </th>
                        <td><LightBadge light=u.light /> <span class="reason">{u.reason.clone()}</span></td>
                        <td class="num">{u.value.clone().unwrap_or_else(|| "–".into())}</td>
                        <td class="date">{u.measured.clone().unwrap_or_else(|| "–".into())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
        <Pager page=data.paging path=format!("/kriterium/{}", data.code) />
        <p class="muted">{Light::Grey.label(lang)}</p>
    }
}
