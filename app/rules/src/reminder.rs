//! What a reminder e-mail says to one person, from their "this week" list ([`crate::this_week`]):
//! a unit lead hears of tasks due within the window and overdue plans, and of a deadline on the
//! countdown's milestones; the working group gets a digest (reviews waiting, units whose forecast
//! got worse, overdue plans) on the digest run. Nothing to say is no message: a reminder that
//! arrives every day whatever happens stops being read. The message is plain text and HTML made
//! from the same parts.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{ActBy, DueItem, Lang, Light, ThisWeek, countdown, escape_html, format_date, tr};

/// Days before a deadline on which a unit lead hears of it even with nothing due.
pub const COUNTDOWN_MILESTONES: [i64; 6] = [90, 60, 30, 14, 7, 1];

/// The kinds of message, each of which a person can opt out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MailKind {
    /// A unit lead's reminder about their units (daily, when there is something to say).
    Reminder,
    /// The working group's weekly digest.
    Digest,
}

impl MailKind {
    pub fn code(self) -> &'static str {
        match self {
            MailKind::Reminder => "reminder",
            MailKind::Digest => "digest",
        }
    }

    /// The period a message of this kind covers, at most one message each: the day for a
    /// reminder, the ISO week for a digest.
    pub fn period(self, today: NaiveDate) -> String {
        match self {
            MailKind::Reminder => format_date(today),
            MailKind::Digest => {
                let week = today.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
        }
    }
}

/// What one person wants by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailPreferences {
    pub lang: Lang,
    pub reminders: bool,
    pub digest: bool,
}

impl Default for MailPreferences {
    fn default() -> Self {
        MailPreferences {
            lang: Lang::Sv,
            reminders: true,
            digest: true,
        }
    }
}

impl MailPreferences {
    /// Whether this person wants messages of `kind`.
    pub fn wants(&self, kind: MailKind) -> bool {
        match kind {
            MailKind::Reminder => self.reminders,
            MailKind::Digest => self.digest,
        }
    }
}

/// One light's time to act, for a message: a unit lead hears of their own units' within the
/// window (and those that ran out); the working group's digest escalates those that ran out.
#[derive(Debug, Clone, PartialEq)]
pub struct ActItem {
    pub unit: String,
    pub unit_name: String,
    pub evaluation: String,
    pub criterion: String,
    pub light: Light,
    pub act: ActBy,
}

/// At most this many time-to-act lines per message; the rest is counted.
const ACT_LINES: usize = 10;
/// For this many days after a light's time ran out its unit lead is still told of it.
const LEAD_TOLD_AFTER_DAYS: i64 = 7;

/// An evaluation's deadline, for the countdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    pub evaluation: String,
    pub name: String,
    pub date: NaiveDate,
}

/// A reported value the working group sent back to the unit, with its comment.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnedReport {
    pub unit: String,
    pub criterion: String,
    pub measured: String,
    pub comment: String,
}

/// What decides which items a run sends.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderRun {
    pub today: NaiveDate,
    /// A unit lead hears of tasks due within this many days (overdue ones always).
    pub window_days: i64,
    /// The working group's weekly digest goes out on this run.
    pub digest: bool,
    /// The address the links start with, e.g. `https://readiness.example.se`.
    pub base_url: String,
}

/// One line of a message, with the page it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct MailLine {
    pub text: String,
    pub link: Option<String>,
}

/// A part of a message under an optional heading.
#[derive(Debug, Clone, PartialEq)]
pub struct MailSection {
    pub heading: Option<String>,
    pub lines: Vec<MailLine>,
}

/// One message to one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    pub kind: MailKind,
    pub subject: String,
    pub lead: String,
    pub sections: Vec<MailSection>,
    pub footer: String,
    pub base_url: String,
    /// How many items it names (the subject counts a reminder's).
    pub items: usize,
}

impl Reminder {
    /// The plain-text body: one item a line, each with its link.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.lead);
        for section in &self.sections {
            out.push('\n');
            if let Some(heading) = &section.heading {
                out.push_str(heading);
                out.push('\n');
            }
            for line in &section.lines {
                match &line.link {
                    Some(link) => out.push_str(&format!("- {}\n  {link}\n", line.text)),
                    None => out.push_str(&format!("{}\n", line.text)),
                }
            }
        }
        out.push_str(&format!("\n-- \n{}\n{}/\n", self.footer, self.base_url));
        out
    }

    /// The HTML body: the same parts, every text escaped.
    pub fn html(&self, lang: Lang) -> String {
        let mut out = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
             <body style=\"font-family: Arial, sans-serif; line-height: 1.4\"><p>{}</p>",
            lang.code(),
            escape_html(&self.subject),
            escape_html(&self.lead)
        );
        for section in &self.sections {
            if let Some(heading) = &section.heading {
                out.push_str(&format!(
                    "<h2 style=\"font-size: 1.1em\">{}</h2>",
                    escape_html(heading)
                ));
            }
            out.push_str("<ul>");
            for line in &section.lines {
                match &line.link {
                    Some(link) => out.push_str(&format!(
                        "<li><a href=\"{}\">{}</a></li>",
                        escape_html(link),
                        escape_html(&line.text)
                    )),
                    None => out.push_str(&format!("<li>{}</li>", escape_html(&line.text))),
                }
            }
            out.push_str("</ul>");
        }
        out.push_str(&format!(
            "<p style=\"color: #555\">{} <a href=\"{}/\">{}</a></p></body></html>",
            escape_html(&self.footer),
            escape_html(&self.base_url),
            escape_html(&self.base_url)
        ));
        out
    }
}

/// The message for a person whose list is `week`, or `None` when there is nothing to say.
/// `returned`: the reports sent back on this person's units (a unit lead's; ignored otherwise).
/// `acts`: the lights with a time to act this person hears of (a unit lead's own units'; all, for
/// the working group).
pub fn reminder(
    week: &ThisWeek,
    returned: &[ReturnedReport],
    deadlines: &[Deadline],
    acts: &[ActItem],
    run: &ReminderRun,
    lang: Lang,
) -> Option<Reminder> {
    let base = run.base_url.trim_end_matches('/');
    let unit_link = |unit: &str| Some(format!("{base}/enhet/{}", crate::encode_query(unit)));
    let mut sections: Vec<MailSection> = Vec::new();
    let mut items = 0;
    let kind = match week {
        ThisWeek::UnitLead { items: due, more } => {
            let horizon = run.today + chrono::Days::new(run.window_days.max(0) as u64);
            let mut lines: Vec<MailLine> = due
                .iter()
                .filter(|i| i.date <= horizon)
                .map(|item| due_line(item, lang, unit_link(&item.unit)))
                .collect();
            items += lines.len();
            // The list is in date order, so what it leaves out lies after its last item: worth a
            // line only when every listed item is within the window (otherwise the rest is
            // beyond it too).
            if !lines.is_empty() && lines.len() == due.len() && *more > 0 {
                lines.push(more_line(*more, lang, Some(format!("{base}/"))));
            }
            if !lines.is_empty() {
                sections.push(MailSection {
                    heading: None,
                    lines,
                });
            }
            if !returned.is_empty() {
                items += returned.len();
                sections.push(MailSection {
                    heading: Some(
                        tr(
                            lang,
                            "Skickat tillbaka av arbetsgruppen: rätta och rapportera igen",
                            "Sent back by the working group: correct and report again",
                        )
                        .into(),
                    ),
                    lines: returned
                        .iter()
                        .map(|r| {
                            let comment = if r.comment.is_empty() {
                                String::new()
                            } else {
                                format!(": \u{201d}{}\u{201d}", r.comment)
                            };
                            let measured = match lang {
                                Lang::Sv => format!("mätt {}", r.measured),
                                Lang::En => format!("measured {}", r.measured),
                            };
                            MailLine {
                                text: format!("{} {} ({measured}){comment}", r.unit, r.criterion),
                                link: unit_link(&r.unit),
                            }
                        })
                        .collect(),
                });
            }
            // What runs out within the window, and what ran out in the last week (after that the
            // working group's digest carries it; a lead is not told the same thing every day).
            let mut soon: Vec<&ActItem> = acts
                .iter()
                .filter(|a| a.act.by <= horizon && a.act.days_left >= -LEAD_TOLD_AFTER_DAYS)
                .collect();
            soon.sort_by(|a, b| {
                (a.act.by, &a.unit, &a.criterion).cmp(&(b.act.by, &b.unit, &b.criterion))
            });
            if !soon.is_empty() {
                items += soon.len().min(ACT_LINES);
                sections.push(MailSection {
                    heading: Some(tr(lang, "Tid att agera", "Time to act").into()),
                    lines: act_lines(&soon, lang, &unit_link, Some(format!("{base}/"))),
                });
            }
            let milestones: Vec<MailLine> = deadlines
                .iter()
                .filter(|d| COUNTDOWN_MILESTONES.contains(&(d.date - run.today).num_days()))
                .map(|d| MailLine {
                    text: format!(
                        "{} ({}): {}",
                        d.name,
                        format_date(d.date),
                        countdown((d.date - run.today).num_days(), lang)
                    ),
                    link: Some(format!(
                        "{base}/prognos?utvardering={}",
                        crate::encode_query(&d.evaluation)
                    )),
                })
                .collect();
            if !milestones.is_empty() {
                items += milestones.len();
                sections.push(MailSection {
                    heading: Some(tr(lang, "Nedräkning", "Countdown").into()),
                    lines: milestones,
                });
            }
            MailKind::Reminder
        }
        ThisWeek::WorkingGroup {
            reviews_waiting,
            worsened,
            worsened_more,
            overdue_plans,
            overdue_more,
        } => {
            if !run.digest {
                return None;
            }
            if *reviews_waiting > 0 {
                sections.push(MailSection {
                    heading: None,
                    lines: vec![MailLine {
                        text: match lang {
                            Lang::Sv => format!(
                                "{reviews_waiting} rapporterade värden väntar på granskning"
                            ),
                            Lang::En => {
                                format!("{reviews_waiting} reported values wait for review")
                            }
                        },
                        link: Some(format!("{base}/granska")),
                    }],
                });
                items += 1;
            }
            if !worsened.is_empty() {
                let mut lines: Vec<MailLine> = worsened
                    .iter()
                    .map(|w| {
                        let reason = w
                            .reason
                            .as_ref()
                            .map(|r| format!(" – {}", r.get(lang)))
                            .unwrap_or_default();
                        MailLine {
                            text: format!(
                                "{} {} ({}): {} → {}{reason}",
                                w.unit,
                                w.unit_name,
                                w.evaluation,
                                w.before.label(lang),
                                w.now.label(lang)
                            ),
                            link: unit_link(&w.unit),
                        }
                    })
                    .collect();
                items += worsened.len();
                if *worsened_more > 0 {
                    lines.push(more_line(*worsened_more, lang, None));
                }
                sections.push(MailSection {
                    heading: Some(
                        tr(
                            lang,
                            "Prognosen blev sämre sedan förra veckan",
                            "The forecast got worse since last week",
                        )
                        .into(),
                    ),
                    lines,
                });
            }
            if !overdue_plans.is_empty() {
                let mut lines: Vec<MailLine> = overdue_plans
                    .iter()
                    .map(|item| due_line(item, lang, unit_link(&item.unit)))
                    .collect();
                items += overdue_plans.len();
                if *overdue_more > 0 {
                    lines.push(more_line(*overdue_more, lang, None));
                }
                sections.push(MailSection {
                    heading: Some(tr(lang, "Försenade åtgärder", "Overdue plans").into()),
                    lines,
                });
            }
            // Escalation: lights whose time to act ran out, longest over first.
            let mut ran_out: Vec<&ActItem> = acts.iter().filter(|a| a.act.ran_out()).collect();
            ran_out.sort_by(|a, b| {
                (a.act.days_left, &a.unit, &a.criterion).cmp(&(
                    b.act.days_left,
                    &b.unit,
                    &b.criterion,
                ))
            });
            if !ran_out.is_empty() {
                items += ran_out.len().min(ACT_LINES);
                sections.push(MailSection {
                    heading: Some(
                        tr(
                            lang,
                            "Tiden att agera har gått ut",
                            "The time to act has run out",
                        )
                        .into(),
                    ),
                    lines: act_lines(&ran_out, lang, &unit_link, Some(format!("{base}/matris"))),
                });
            }
            MailKind::Digest
        }
        ThisWeek::Leadership { .. } => return None,
    };
    if items == 0 {
        return None;
    }
    let subject = match (kind, lang) {
        (MailKind::Digest, Lang::Sv) => {
            format!(
                "readiness: veckans sammanfattning ({})",
                format_date(run.today)
            )
        }
        (MailKind::Digest, Lang::En) => {
            format!("readiness: the week's digest ({})", format_date(run.today))
        }
        (MailKind::Reminder, Lang::Sv) => format!("readiness: {items} att göra för dina enheter"),
        (MailKind::Reminder, Lang::En) => format!("readiness: {items} to do for your units"),
    };
    let lead = match kind {
        MailKind::Digest => tr(
            lang,
            "Det här har hänt sedan förra veckan och väntar på arbetsgruppen.",
            "This has happened since last week and waits for the working group.",
        ),
        MailKind::Reminder => tr(
            lang,
            "Det här behöver göras för att dina enheter ska hålla sina miniminivåer.",
            "This needs doing for your units to keep their minimum levels.",
        ),
    };
    let footer = tr(
        lang,
        "Skickat av readiness för din roll. Vilka e-postmeddelanden du får och på vilket språk väljer du under Mitt konto:",
        "Sent by readiness for your role. Which e-mails you get, and in which language, you choose under My account:",
    );
    Some(Reminder {
        kind,
        subject,
        lead: lead.into(),
        sections,
        footer: format!("{footer} {base}/konto"),
        base_url: base.into(),
        items,
    })
}

fn due_line(item: &DueItem, lang: Lang, link: Option<String>) -> MailLine {
    // An overdue item's text already says since when.
    let when = match (item.overdue, lang) {
        (true, _) => String::new(),
        (false, Lang::Sv) => format!(", senast {}", format_date(item.date)),
        (false, Lang::En) => format!(", by {}", format_date(item.date)),
    };
    MailLine {
        text: format!(
            "{} {} ({}){when}: {}",
            item.unit,
            item.unit_name,
            item.evaluation,
            item.text.get(lang)
        ),
        link,
    }
}

/// The first [`ACT_LINES`] of `acts`, each linking to its unit, and a line counting the rest.
fn act_lines(
    acts: &[&ActItem],
    lang: Lang,
    unit_link: &dyn Fn(&str) -> Option<String>,
    more_link: Option<String>,
) -> Vec<MailLine> {
    let mut lines: Vec<MailLine> = acts
        .iter()
        .take(ACT_LINES)
        .map(|a| MailLine {
            text: format!(
                "{} {} ({}) {}, {}: {}",
                a.unit,
                a.unit_name,
                a.evaluation,
                a.criterion,
                a.light.label(lang).to_lowercase(),
                a.act.text(lang)
            ),
            link: unit_link(&a.unit).map(|u| {
                format!(
                    "{u}?utvardering={}#{}",
                    crate::encode_query(&a.evaluation),
                    crate::encode_query(&a.criterion)
                )
            }),
        })
        .collect();
    if acts.len() > ACT_LINES {
        lines.push(more_line(acts.len() - ACT_LINES, lang, more_link));
    }
    lines
}

fn more_line(more: usize, lang: Lang, link: Option<String>) -> MailLine {
    MailLine {
        text: match lang {
            Lang::Sv => format!("… och {more} till"),
            Lang::En => format!("… and {more} more"),
        },
        link,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Light, Text, Worsened};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn item(unit: &str, date: &str, overdue: bool) -> DueItem {
        DueItem {
            evaluation: "USV2026".into(),
            unit: unit.into(),
            unit_name: format!("Enhet {unit}"),
            date: d(date),
            overdue,
            text: Text::new("Rapportera igen", "Report again"),
        }
    }

    fn run(digest: bool) -> ReminderRun {
        ReminderRun {
            today: d("2026-12-01"),
            window_days: 14,
            digest,
            base_url: "https://r.example.se/".into(),
        }
    }

    fn deadline(date: &str) -> Deadline {
        Deadline {
            evaluation: "USV2026".into(),
            name: "USV 2026".into(),
            date: d(date),
        }
    }

    fn lead(items: Vec<DueItem>, more: usize) -> ThisWeek {
        ThisWeek::UnitLead { items, more }
    }

    fn group(reviews: usize, worsened: usize, overdue: usize) -> ThisWeek {
        ThisWeek::WorkingGroup {
            reviews_waiting: reviews,
            worsened: (0..worsened)
                .map(|i| Worsened {
                    evaluation: "USV2026".into(),
                    unit: format!("E00{i}"),
                    unit_name: "Enhet".into(),
                    before: Light::Green,
                    now: Light::Red,
                    reason: None,
                })
                .collect(),
            worsened_more: 0,
            overdue_plans: (0..overdue)
                .map(|_| item("E009", "2026-11-01", true))
                .collect(),
            overdue_more: 0,
        }
    }

    fn act(unit: &str, by: &str, days_left: i64) -> ActItem {
        ActItem {
            unit: unit.into(),
            unit_name: format!("Enhet {unit}"),
            evaluation: "USV2026".into(),
            criterion: "USV-F01".into(),
            light: Light::Red,
            act: ActBy {
                since: d(by) - chrono::Days::new(7),
                by: d(by),
                days_left,
            },
        }
    }

    #[test]
    fn time_to_act_reaches_the_lead_in_time_and_the_working_group_when_it_ran_out() {
        let acts = [
            act("E001", "2026-12-05", 4),
            act("E002", "2026-11-20", -11),
            act("E003", "2027-01-20", 50),
            act("E004", "2026-11-28", -3),
        ];
        // The lead: what runs out within the window and what ran out this past week, the one
        // that ran out first; not E003 (later) nor E002 (ran out over a week ago: the digest).
        let lead_mail = reminder(&lead(vec![], 0), &[], &[], &acts, &run(false), Lang::Sv).unwrap();
        assert_eq!(lead_mail.subject, "readiness: 2 att göra för dina enheter");
        let text = lead_mail.text();
        let recent = "- E004 Enhet E004 (USV2026) USV-F01, röd: Tiden att agera gick ut 2026-11-28 (för 3 dagar sedan)\n  https://r.example.se/enhet/E004?utvardering=USV2026#USV-F01\n";
        let soon =
            "- E001 Enhet E001 (USV2026) USV-F01, röd: Agera senast 2026-12-05 (4 dagar kvar)\n";
        assert!(
            text.contains(&format!("Tid att agera\n{recent}{soon}")),
            "{text}"
        );
        assert!(!text.contains("E003") && !text.contains("E002"), "{text}");
        let ran_out = "- E002 Enhet E002 (USV2026) USV-F01, röd: Tiden att agera gick ut 2026-11-20 (för 11 dagar sedan)\n  https://r.example.se/enhet/E002?utvardering=USV2026#USV-F01\n";
        // The working group's digest escalates only what ran out.
        let digest = reminder(&group(0, 0, 0), &[], &[], &acts, &run(true), Lang::Sv).unwrap();
        let text = digest.text();
        assert!(
            text.contains(&format!("Tiden att agera har gått ut\n{ran_out}")),
            "{text}"
        );
        assert!(!text.contains("E001") && text.contains("E004"), "{text}");
        // Nothing ran out and nothing else happened: no digest.
        assert!(reminder(&group(0, 0, 0), &[], &[], &acts[..1], &run(true), Lang::Sv).is_none());
        // Many: ten lines and the rest counted, linking to the matrix.
        let many: Vec<ActItem> = (0..12)
            .map(|i| act(&format!("E1{i:02}"), "2026-11-01", -30))
            .collect();
        let text = reminder(&group(0, 0, 0), &[], &[], &many, &run(true), Lang::En)
            .unwrap()
            .text();
        assert_eq!(
            text.matches("The time to act ran out").count(),
            10,
            "{text}"
        );
        assert!(
            text.contains("- … and 2 more\n  https://r.example.se/matris\n"),
            "{text}"
        );
    }

    #[test]
    fn who_hears_what() {
        // (case, list, deadlines, digest run, items named or None for no message)
        type Row = (&'static str, ThisWeek, Vec<Deadline>, bool, Option<usize>);
        let rows: Vec<Row> = vec![
            (
                "nothing due: no message",
                lead(vec![], 0),
                vec![],
                false,
                None,
            ),
            (
                "due within the window",
                lead(vec![item("E001", "2026-12-10", false)], 0),
                vec![],
                false,
                Some(1),
            ),
            (
                "due on the window's last day",
                lead(vec![item("E001", "2026-12-15", false)], 0),
                vec![],
                false,
                Some(1),
            ),
            (
                "due after the window: not yet",
                lead(vec![item("E001", "2026-12-16", false)], 0),
                vec![],
                false,
                None,
            ),
            (
                "overdue always",
                lead(vec![item("E001", "2026-10-01", true)], 0),
                vec![],
                false,
                Some(1),
            ),
            (
                "deadline 30 days away: a milestone",
                lead(vec![], 0),
                vec![deadline("2026-12-31")],
                false,
                Some(1),
            ),
            (
                "deadline 29 days away: not one",
                lead(vec![], 0),
                vec![deadline("2026-12-30")],
                false,
                None,
            ),
            (
                "deadline passed: nothing",
                lead(vec![], 0),
                vec![deadline("2026-11-30")],
                false,
                None,
            ),
            (
                "items and a milestone",
                lead(vec![item("E001", "2026-12-02", false)], 0),
                vec![deadline("2026-12-08")],
                false,
                Some(2),
            ),
            (
                "working group, not the digest run",
                group(3, 1, 1),
                vec![],
                false,
                None,
            ),
            (
                "working group, digest",
                group(3, 2, 1),
                vec![],
                true,
                Some(4),
            ),
            (
                "working group, quiet week",
                group(0, 0, 0),
                vec![],
                true,
                None,
            ),
            (
                "leadership gets none",
                ThisWeek::Leadership {
                    evaluations: vec![],
                },
                vec![deadline("2026-12-31")],
                true,
                None,
            ),
        ];
        for (case, week, deadlines, digest, expected) in rows {
            let got =
                reminder(&week, &[], &deadlines, &[], &run(digest), Lang::Sv).map(|r| r.items);
            assert_eq!(got, expected, "{case}");
        }
    }

    #[test]
    fn the_message_links_each_item_and_speaks_the_readers_language() {
        let week = lead(
            vec![
                item("E001", "2026-12-10", false),
                item("E002", "2026-10-01", true),
            ],
            5,
        );
        let sv = reminder(
            &week,
            &[],
            &[deadline("2026-12-08")],
            &[],
            &run(false),
            Lang::Sv,
        )
        .unwrap();
        assert_eq!(sv.kind, MailKind::Reminder);
        assert_eq!(sv.subject, "readiness: 3 att göra för dina enheter");
        let text = sv.text();
        for expected in [
            "- E001 Enhet E001 (USV2026), senast 2026-12-10: Rapportera igen\n  https://r.example.se/enhet/E001\n",
            // An overdue item's text says since when itself.
            "- E002 Enhet E002 (USV2026): Rapportera igen\n  https://r.example.se/enhet/E002\n",
            "- … och 5 till\n  https://r.example.se/\n",
            "Nedräkning\n- USV 2026 (2026-12-08): 7 dagar kvar\n  https://r.example.se/prognos?utvardering=USV2026\n",
            "https://r.example.se/konto",
        ] {
            assert!(text.contains(expected), "{expected:?} not in\n{text}");
        }
        // An item beyond the window: what the list leaves out lies beyond it too, so the message
        // does not count it.
        let far = lead(
            vec![
                item("E001", "2026-12-10", false),
                item("E002", "2027-03-01", false),
            ],
            5,
        );
        let text = reminder(&far, &[], &[], &[], &run(false), Lang::Sv)
            .unwrap()
            .text();
        assert!(text.contains("E001"), "{text}");
        assert!(!text.contains("E002") && !text.contains("… och"), "{text}");
        let en = reminder(
            &week,
            &[],
            &[deadline("2026-12-08")],
            &[],
            &run(false),
            Lang::En,
        )
        .unwrap();
        assert_eq!(en.subject, "readiness: 3 to do for your units");
        let text = en.text();
        assert!(text.contains("by 2026-12-10: Report again"), "{text}");
        assert!(
            text.contains("USV 2026 (2026-12-08): 7 days left"),
            "{text}"
        );
        assert!(!text.contains("senast"), "{text}");

        let digest = reminder(&group(3, 1, 0), &[], &[], &[], &run(true), Lang::Sv).unwrap();
        assert_eq!(digest.kind, MailKind::Digest);
        assert_eq!(
            digest.subject,
            "readiness: veckans sammanfattning (2026-12-01)"
        );
        let text = digest.text();
        assert!(
            text.contains(
                "- 3 rapporterade värden väntar på granskning\n  https://r.example.se/granska"
            ),
            "{text}"
        );
        assert!(text.contains("E000 Enhet (USV2026): Grön → Röd"), "{text}");
    }

    #[test]
    fn a_returned_report_is_worth_a_message_with_its_comment() {
        let returned = [ReturnedReport {
            unit: "E001".into(),
            criterion: "USV-F01".into(),
            measured: "2026-10-31".into(),
            comment: "Fel period".into(),
        }];
        let message =
            reminder(&lead(vec![], 0), &returned, &[], &[], &run(false), Lang::Sv).unwrap();
        assert_eq!(message.items, 1);
        let text = message.text();
        assert!(
            text.contains("Skickat tillbaka av arbetsgruppen: rätta och rapportera igen\n- E001 USV-F01 (mätt 2026-10-31): \u{201d}Fel period\u{201d}\n  https://r.example.se/enhet/E001"),
            "{text}"
        );
        // The working group's digest does not list them (it sent them back).
        assert_eq!(
            reminder(&group(0, 0, 0), &returned, &[], &[], &run(true), Lang::Sv),
            None
        );
    }

    #[test]
    fn the_html_part_escapes_what_the_data_says() {
        let mut hostile = item("E001", "2026-12-10", false);
        hostile.unit_name = "<script>alert(1)</script> & \"co\"".into();
        let message = reminder(
            &lead(vec![hostile], 0),
            &[],
            &[],
            &[],
            &run(false),
            Lang::En,
        )
        .unwrap();
        let html = message.html(Lang::En);
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{html}"
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://r.example.se/enhet/E001\">"),
            "{html}"
        );
        // The plain text says the same, unescaped.
        assert!(
            message
                .text()
                .contains("<script>alert(1)</script> & \"co\"")
        );
    }

    #[test]
    fn a_kind_is_sent_once_per_day_or_week() {
        for (kind, day, period) in [
            (MailKind::Reminder, "2026-12-01", "2026-12-01"),
            (MailKind::Digest, "2026-11-30", "2026-W49"),
            (MailKind::Digest, "2026-12-06", "2026-W49"),
            (MailKind::Digest, "2026-12-07", "2026-W50"),
            // The ISO week of 1 January 2027 belongs to 2026.
            (MailKind::Digest, "2027-01-01", "2026-W53"),
        ] {
            assert_eq!(kind.period(d(day)), period, "{kind:?} {day}");
        }
    }
}
