//! What a reminder e-mail says to one person, from their "this week" list ([`crate::this_week`]):
//! a unit lead hears of tasks due within the window and overdue plans, and of a deadline on the
//! countdown's milestones; the working group gets a digest (reviews waiting, units whose forecast
//! got worse, overdue plans) on the digest run. Nothing to say is no message: a reminder that
//! arrives every day whatever happens stops being read.

use chrono::NaiveDate;

use crate::{DueItem, Lang, ThisWeek, countdown, format_date, tr};

/// Days before a deadline on which a unit lead hears of it even with nothing due.
pub const COUNTDOWN_MILESTONES: [i64; 6] = [90, 60, 30, 14, 7, 1];

/// An evaluation's deadline, for the countdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    pub evaluation: String,
    pub name: String,
    pub date: NaiveDate,
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

/// One message to one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    pub subject: String,
    /// Plain text, one item a line, each with its link.
    pub text: String,
    /// How many items it names (the subject counts them).
    pub items: usize,
}

/// The message for a person whose list is `week`, or `None` when there is nothing to say.
pub fn reminder(
    week: &ThisWeek,
    deadlines: &[Deadline],
    run: &ReminderRun,
    lang: Lang,
) -> Option<Reminder> {
    let base = run.base_url.trim_end_matches('/');
    let unit_link = |item: &DueItem| format!("{base}/enhet/{}", crate::encode_query(&item.unit));
    let mut lines: Vec<String> = Vec::new();
    let mut items = 0;
    match week {
        ThisWeek::UnitLead { items: due, more } => {
            let horizon = run.today + chrono::Days::new(run.window_days.max(0) as u64);
            let soon: Vec<&DueItem> = due.iter().filter(|i| i.date <= horizon).collect();
            for item in &soon {
                lines.push(due_line(item, lang, &unit_link(item)));
            }
            items += soon.len();
            if !soon.is_empty() && *more > 0 {
                lines.push(match lang {
                    Lang::Sv => format!("… och {more} till: {base}/"),
                    Lang::En => format!("… and {more} more: {base}/"),
                });
            }
            let milestones: Vec<&Deadline> = deadlines
                .iter()
                .filter(|d| COUNTDOWN_MILESTONES.contains(&(d.date - run.today).num_days()))
                .collect();
            if !milestones.is_empty() {
                paragraph(&mut lines);
                for d in &milestones {
                    lines.push(format!(
                        "{} ({}): {}",
                        d.name,
                        format_date(d.date),
                        countdown((d.date - run.today).num_days(), lang)
                    ));
                }
                items += milestones.len();
            }
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
                lines.push(match lang {
                    Lang::Sv => format!(
                        "{reviews_waiting} rapporterade värden väntar på granskning: {base}/granska"
                    ),
                    Lang::En => {
                        format!("{reviews_waiting} reported values wait for review: {base}/granska")
                    }
                });
                items += 1;
            }
            if !worsened.is_empty() {
                paragraph(&mut lines);
                lines.push(
                    tr(
                        lang,
                        "Prognosen blev sämre sedan förra veckan:",
                        "The forecast got worse since last week:",
                    )
                    .into(),
                );
                for w in worsened {
                    let reason = w
                        .reason
                        .as_ref()
                        .map(|r| format!(" – {}", r.get(lang)))
                        .unwrap_or_default();
                    lines.push(format!(
                        "- {} {} ({}): {} → {}{reason}  {base}/enhet/{}",
                        w.unit,
                        w.unit_name,
                        w.evaluation,
                        w.before.label(lang),
                        w.now.label(lang),
                        crate::encode_query(&w.unit)
                    ));
                }
                items += worsened.len();
                if *worsened_more > 0 {
                    lines.push(more_line(*worsened_more, lang));
                }
            }
            if !overdue_plans.is_empty() {
                paragraph(&mut lines);
                lines.push(tr(lang, "Försenade åtgärder:", "Overdue plans:").into());
                for item in overdue_plans {
                    lines.push(due_line(item, lang, &unit_link(item)));
                }
                items += overdue_plans.len();
                if *overdue_more > 0 {
                    lines.push(more_line(*overdue_more, lang));
                }
            }
        }
        ThisWeek::Leadership { .. } => return None,
    }
    if items == 0 {
        return None;
    }
    let subject = match (week, lang) {
        (ThisWeek::WorkingGroup { .. }, Lang::Sv) => {
            format!(
                "readiness: veckans sammanfattning ({})",
                format_date(run.today)
            )
        }
        (ThisWeek::WorkingGroup { .. }, Lang::En) => {
            format!("readiness: the week's digest ({})", format_date(run.today))
        }
        (_, Lang::Sv) => format!("readiness: {items} att göra för dina enheter"),
        (_, Lang::En) => format!("readiness: {items} to do for your units"),
    };
    let lead = match week {
        ThisWeek::WorkingGroup { .. } => tr(
            lang,
            "Det här har hänt sedan förra veckan och väntar på arbetsgruppen.",
            "This has happened since last week and waits for the working group.",
        ),
        _ => tr(
            lang,
            "Det här behöver göras för att dina enheter ska hålla sina miniminivåer.",
            "This needs doing for your units to keep their minimum levels.",
        ),
    };
    let footer = tr(
        lang,
        "Skickat av readiness. Du får det här för din roll; arbetsgruppen ändrar vilka enheter du har.",
        "Sent by readiness. You get this for your role; the working group changes which units you have.",
    );
    let text = format!("{lead}\n\n{}\n\n-- \n{footer}\n{base}/\n", lines.join("\n"));
    Some(Reminder {
        subject,
        text,
        items,
    })
}

fn due_line(item: &DueItem, lang: Lang, link: &str) -> String {
    // An overdue item's text already says since when.
    let when = match (item.overdue, lang) {
        (true, _) => String::new(),
        (false, Lang::Sv) => format!(", senast {}", format_date(item.date)),
        (false, Lang::En) => format!(", by {}", format_date(item.date)),
    };
    format!(
        "- {} {} ({}){when}: {}  {link}",
        item.unit,
        item.unit_name,
        item.evaluation,
        item.text.get(lang)
    )
}

/// A blank line before a new part, unless it is the first.
fn paragraph(lines: &mut Vec<String>) {
    if !lines.is_empty() {
        lines.push(String::new());
    }
}

fn more_line(more: usize, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("… och {more} till"),
        Lang::En => format!("… and {more} more"),
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

    #[test]
    fn who_hears_what() {
        // (case, list, deadlines, digest run, items named or None for no message)
        let rows: Vec<(&str, ThisWeek, Vec<Deadline>, bool, Option<usize>)> = vec![
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
            let got = reminder(&week, &deadlines, &run(digest), Lang::Sv).map(|r| r.items);
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
        let sv = reminder(&week, &[deadline("2026-12-08")], &run(false), Lang::Sv).unwrap();
        assert_eq!(sv.subject, "readiness: 3 att göra för dina enheter");
        assert!(sv.text.contains("- E001 Enhet E001 (USV2026), senast 2026-12-10: Rapportera igen  https://r.example.se/enhet/E001"), "{}", sv.text);
        assert!(
            sv.text.contains(
                "- E002 Enhet E002 (USV2026): Rapportera igen  https://r.example.se/enhet/E002"
            ),
            "{}",
            sv.text
        );
        assert!(
            sv.text.contains("… och 5 till: https://r.example.se/"),
            "{}",
            sv.text
        );
        assert!(
            sv.text.contains("USV 2026 (2026-12-08): 7 dagar kvar"),
            "{}",
            sv.text
        );
        let en = reminder(&week, &[deadline("2026-12-08")], &run(false), Lang::En).unwrap();
        assert_eq!(en.subject, "readiness: 3 to do for your units");
        assert!(
            en.text.contains("by 2026-12-10: Report again"),
            "{}",
            en.text
        );
        assert!(
            en.text.contains("USV 2026 (2026-12-08): 7 days left"),
            "{}",
            en.text
        );
        assert!(!en.text.contains("senast"), "{}", en.text);
        let digest = reminder(&group(3, 1, 0), &[], &run(true), Lang::Sv).unwrap();
        assert_eq!(
            digest.subject,
            "readiness: veckans sammanfattning (2026-12-01)"
        );
        assert!(
            digest.text.contains(
                "3 rapporterade värden väntar på granskning: https://r.example.se/granska"
            ),
            "{}",
            digest.text
        );
        assert!(
            digest.text.contains("E000 Enhet (USV2026): Grön → Röd"),
            "{}",
            digest.text
        );
    }
}
