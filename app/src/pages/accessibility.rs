//! `/tillganglighet`: the accessibility statement (tillgänglighetsredogörelse) that the Swedish
//! law on accessible public digital services (2018:1937) requires, written from what the tests
//! check. Public: anyone may read it, signed in or not.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{built_once, use_site_info};
use crate::i18n::{Lang, tr, use_lang};

/// The day the statement was last checked against the tests; change it with the text.
const REVIEWED: &str = "2026-12-03";

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let lang = use_lang();
    let info = use_site_info();
    let contact = move || {
        built_once(async move {
            match info.await.ok().and_then(|i| i.contact_email) {
                Some(email) => view! {
                    <p>
                        {tr(lang, "Skriv till ", "Write to ")}
                        <a href=format!("mailto:{email}")>{email.clone()}</a>
                        {tr(
                            lang,
                            ". Berätta vilken sida det gäller och vad som inte fungerar; vi svarar inom två veckor.",
                            ". Say which page it is about and what does not work; we answer within two weeks.",
                        )}
                    </p>
                }
                .into_any(),
                None => view! {
                    <p>
                        {tr(
                            lang,
                            "Kontakta arbetsgruppen för universitetssjukvård som förvaltar tjänsten i din region. (Den här installationen har ingen kontaktadress angiven: READINESS_CONTACT_EMAIL.)",
                            "Contact the university healthcare working group that runs the service in your region. (This installation names no contact address: READINESS_CONTACT_EMAIL.)",
                        )}
                    </p>
                }
                .into_any(),
            }
        })
    };
    let title = tr(
        lang,
        "Tillgänglighetsredogörelse",
        "Accessibility statement",
    );
    view! {
        <Title text=title />
        <article class="statement card">
            <h1>{title}</h1>
            <p>{tr(
                lang,
                "Region Stockholm och Karolinska Institutet står bakom Beredskap. Vi vill att alla som ska använda tjänsten kan göra det, oavsett hur de läser, hör eller navigerar. Här beskriver vi hur Beredskap uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du rapporterar problem.",
                "Region Stockholm and Karolinska Institutet stand behind Readiness. We want everyone who needs the service to be able to use it, however they read, hear or navigate. This statement says how Readiness meets the Swedish law (2018:1937) on accessible public digital services, which shortcomings we know of, and how to report problems.",
            )}</p>

            <h2>{tr(lang, "Hur tillgänglig är tjänsten?", "How accessible is the service?")}</h2>
            <p>{tr(
                lang,
                "Beredskap är delvis förenlig med kraven i den europeiska standarden EN 301 549 och WCAG 2.1 på nivå AA, på grund av de brister som beskrivs nedan.",
                "Readiness is partially compliant with the European standard EN 301 549 and WCAG 2.1 level AA, because of the shortcomings described below.",
            )}</p>

            <h2>{tr(lang, "Det här har vi testat", "What we have tested")}</h2>
            <p>{tr(
                lang,
                "Testerna körs automatiskt i en riktig webbläsare (Chromium) vid varje ändring av tjänsten:",
                "The tests run automatically in a real browser (Chromium) on every change to the service:",
            )}</p>
            <ul>
                {statement_points(lang, TESTED).into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>

            <h2>{tr(lang, "Kända brister", "Known shortcomings")}</h2>
            <ul>
                {statement_points(lang, SHORTCOMINGS).into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>

            <h2>{tr(lang, "Rapportera brister eller be om innehåll i annat format", "Report a problem or ask for content in another format")}</h2>
            <p>{tr(
                lang,
                "Om något i Beredskap inte fungerar för dig, eller om du behöver en uppgift i ett annat format (till exempel en tabell i stället för ett diagram, eller en utskrift), hör av dig.",
                "If something in Readiness does not work for you, or you need information in another format (a table instead of a chart, say, or a print-out), let us know.",
            )}</p>
            <Suspense fallback=|| ()>{contact}</Suspense>

            <h2>{tr(lang, "Tillsyn", "Enforcement")}</h2>
            <p>
                {tr(
                    lang,
                    "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du ",
                    "The Agency for Digital Government (Digg) supervises the law on accessible public digital services. If you are not satisfied with how we handle your report, you can ",
                )}
                <a href="https://www.digg.se/" rel="external noopener">{tr(lang, "kontakta Digg", "contact Digg")}</a>
                "."
            </p>

            <h2>{tr(lang, "Om redogörelsen", "About this statement")}</h2>
            <p>{match lang {
                Lang::Sv => format!("Redogörelsen bygger på tjänstens egna automatiska tester och granskades senast {REVIEWED}."),
                Lang::En => format!("This statement is based on the service's own automated tests and was last reviewed on {REVIEWED}."),
            }}</p>
        </article>
    }
}

/// A point of the statement in both languages.
type Point = (&'static str, &'static str);

/// What the browser tests check, as they check it (end2end/tests).
const TESTED: &[Point] = &[
    (
        "Varje sida granskas med axe-core mot WCAG 2.1 nivå A och AA, för varje roll (administratör, arbetsgrupp, enhetsansvarig, ledning), på svenska och engelska, med alla utfällbara delar öppna och i 360 pixlars bredd. Inga fel tillåts.",
        "Every page is checked with axe-core against WCAG 2.1 levels A and AA, for every role (administrator, working group, unit lead, leadership), in Swedish and English, with every expandable part open and at 360 pixels wide. No errors are allowed.",
    ),
    (
        "Ingen sida är bredare än 360 pixlar: på en mobil fälls menyn ihop bakom en knapp och breda tabeller rullar i sin egen ruta.",
        "No page is wider than 360 pixels: on a phone the menu folds behind a button and wide tables scroll in their own box.",
    ),
    (
        "Med bara tangentbordet: länken Hoppa till innehållet flyttar fokus, menyn öppnas och stängs (Escape), matrisen är ett enda tabbstopp med piltangenter, och efter att ett värde sparats hamnar fokus på den sparade raden.",
        "With a keyboard alone: the Skip to content link moves focus, the menu opens and closes (Escape), the matrix is a single tab stop with arrow keys, and after a value is saved focus lands on the saved row.",
    ),
    (
        "Ljusen visas aldrig bara med färg: varje ljus har en form (●, ▲, ■, ○) och ett ord, och varje diagram har en tabell med samma siffror.",
        "Lights are never colour alone: each has a shape (●, ▲, ■, ○) and a word, and every chart has a table with the same figures.",
    ),
];

/// What is known not to be done, or not tested.
const SHORTCOMINGS: &[Point] = &[
    (
        "Tjänsten har inte testats med skärmläsare (till exempel NVDA, JAWS eller VoiceOver) eller av användare med funktionsnedsättning; de automatiska testerna hittar inte alla problem.",
        "The service has not been tested with screen readers (NVDA, JAWS or VoiceOver, say) or by users with disabilities; automated tests do not find every problem.",
    ),
    (
        "Omflödning är testad i 360 pixlars bredd, inte i de 320 pixlar som WCAG 1.4.10 anger.",
        "Reflow is tested at 360 pixels wide, not at the 320 pixels that WCAG 1.4.10 sets.",
    ),
    (
        "Exporterade Excel- och CSV-filer samt importmallar är inte granskade för tillgänglighet utöver rubrikrader, frysta rubriker och utskriftsinställningar.",
        "Exported Excel and CSV files and import templates have not been reviewed for accessibility beyond header rows, frozen headers and print settings.",
    ),
    (
        "Diagrammens texter i SVG skalar med bilden; vid stark förstoring är tabellen under diagrammet lättare att läsa.",
        "The charts' SVG text scales with the picture; at strong magnification the table below each chart is easier to read.",
    ),
];

fn statement_points(lang: Lang, points: &[Point]) -> Vec<&'static str> {
    points.iter().map(|&(sv, en)| tr(lang, sv, en)).collect()
}
