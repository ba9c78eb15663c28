//! `/granska`: the working group's work list — values reported in the browser that nobody has
//! verified yet, oldest first — with verify and return (with a comment for the unit).

use leptos::prelude::*;
use leptos_meta::Title;
use readiness_rules::PendingReview;
use serde::{Deserialize, Serialize};

use crate::components::{LoadError, Restricted, built_once};
use crate::error::AppError;
use crate::i18n::{tr, use_lang};

#[server(endpoint = "att_granska")]
pub async fn get_pending() -> Result<Vec<PendingReview>, AppError> {
    use crate::state::pool;
    let user = crate::auth::ssr::require(readiness_rules::Action::Verify)?;
    readiness_store::reports::pending_reviews(&pool()?, user.id)
        .await
        .map_err(AppError::from)
}

/// What a review came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewOutcome {
    Done,
    /// Returning needs a comment for the unit.
    CommentNeeded,
    /// The value was replaced by a newer report in the meantime: review that one instead.
    Superseded,
    /// Four eyes: someone else must review a report of yours.
    OwnReport,
}

/// Marks a value verified (`decision` = `verified`) or returns it (`returned`, with a comment).
#[server(endpoint = "granska")]
pub async fn review_value(
    value_id: i64,
    decision: String,
    comment: String,
) -> Result<ReviewOutcome, AppError> {
    use crate::state::pool;
    use readiness_store::reports::ReportError;
    let user = crate::auth::ssr::require(readiness_rules::Action::Verify)?;
    let verified = match decision.as_str() {
        "verified" => true,
        "returned" => false,
        _ => return Err(AppError::invalid("Okänt beslut.", "Unknown decision.")),
    };
    match readiness_store::reports::review_value(&pool()?, user.id, value_id, verified, &comment)
        .await
    {
        Ok(_) => Ok(ReviewOutcome::Done),
        Err(ReportError::Invalid(_)) => Ok(ReviewOutcome::CommentNeeded),
        Err(ReportError::Conflict(_)) => Ok(ReviewOutcome::Superseded),
        Err(ReportError::OwnReport) => {
            crate::state::set_status(http::StatusCode::FORBIDDEN);
            Ok(ReviewOutcome::OwnReport)
        }
        Err(ReportError::NotFound) => {
            Err(AppError::not_found("Värdet finns inte.", "No such value."))
        }
        Err(ReportError::Store(e)) => Err(AppError::internal(e)),
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let review = ServerAction::<ReviewValue>::new();
    let pending = Resource::new(move || review.version().get(), |_| get_pending());
    view! { <Restricted action=readiness_rules::Action::Verify>
        <Title text=tr(lang, "Granska", "Review") />
        <h1>{tr(lang, "Att granska", "Awaiting review")}</h1>
        <p class="muted">{tr(
            lang,
            "Värden som enheterna rapporterat i webben och som ingen i arbetsgruppen granskat än, äldst först. Importerade värden räknas som granskade.",
            "Values the units reported on the web that nobody in the working group has reviewed yet, oldest first. Imported values count as reviewed.",
        )}</p>
        {move || review.value().get().map(|outcome| match outcome {
            Ok(ReviewOutcome::Done) => view! { <p class="note" role="status">{tr(lang, "Sparat.", "Saved.")}</p> }.into_any(),
            Ok(ReviewOutcome::CommentNeeded) => view! { <p class="error" role="alert">{tr(lang, "Skriv en kommentar till enheten när du återsänder.", "Write a comment for the unit when you return a value.")}</p> }.into_any(),
            Ok(ReviewOutcome::OwnReport) => view! { <p class="error" role="alert">{tr(lang, "Du rapporterade värdet själv; någon annan i arbetsgruppen granskar det.", "You reported this value yourself; someone else in the working group reviews it.")}</p> }.into_any(),
            Ok(ReviewOutcome::Superseded) => view! { <p class="error" role="alert">{tr(lang, "Värdet har ersatts av en nyare rapport; granska den i stället.", "The value was replaced by a newer report; review that one instead.")}</p> }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
        })}
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match pending.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="note">{tr(lang, "Inget väntar på granskning.", "Nothing awaits review.")}</p> }.into_any(),
                    Ok(items) => view! {
                        <div class="scroll-x"><table class="review-list">
                            <thead><tr>
                                <th scope="col">{tr(lang, "Rapporterat", "Reported")}</th>
                                <th scope="col">{tr(lang, "Enhet", "Unit")}</th>
                                <th scope="col">{tr(lang, "Kriterium", "Criterion")}</th>
                                <th scope="col">{tr(lang, "Värde", "Value")}</th>
                                <th scope="col">{tr(lang, "Kommentar och underlag", "Comment and evidence")}</th>
                                <th scope="col">{tr(lang, "Beslut", "Decision")}</th>
                            </tr></thead>
                            <tbody>
                                {items.into_iter().map(|p| view! {
                                    <tr>
                                        <td class="date">{readiness_rules::format_timestamp(&p.recorded_at)}<br /><span class="muted small">{p.recorded_by.clone()}</span></td>
                                        <td><a href=format!("/enhet/{}#{}", p.unit, p.criterion)>{p.unit_name.clone()}</a></td>
                                        <td>{p.criterion.clone()}</td>
                                        <td>{readiness_rules::Reported::display_stored(&p.value, lang)}<br /><span class="muted small">{tr(lang, "mätt ", "measured ")}<span class="date">{p.measured.clone()}</span></span></td>
                                        <td>{p.comment.clone()}<br /><span class="muted small">{p.evidence.clone()}</span></td>
                                        <td>
                                            {p.own.then(|| view! { <p class="muted small">{tr(lang, "Din egen rapport: någon annan i arbetsgruppen granskar den.", "Your own report: someone else in the working group reviews it.")}</p> })}
                                            {(!p.own).then(|| view! {
                                            <ActionForm action=review attr:class="inline">
                                                <input type="hidden" name="value_id" value=p.value_id />
                                                <input type="hidden" name="decision" value="verified" />
                                                <input type="hidden" name="comment" value="" />
                                                <button type="submit">{tr(lang, "✓ Godkänn", "✓ Verify")}</button>
                                            </ActionForm>
                                            <ActionForm action=review attr:class="stacked return-form">
                                                <input type="hidden" name="value_id" value=p.value_id />
                                                <input type="hidden" name="decision" value="returned" />
                                                <label>
                                                    {tr(lang, "Kommentar till enheten", "Comment for the unit")}
                                                    <input name="comment" />
                                                </label>
                                                <button type="submit">{tr(lang, "↩ Återsänd", "↩ Return")}</button>
                                            </ActionForm>
                                            })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any(),
                }
            })}
        </Transition>
    </Restricted> }
}
