//! The traffic-light rules of readiness.
//!
//! Pure functions and plain data, no I/O: the server computes lights with them and the browser
//! can recompute them after hydration. Everything here can be evaluated *as of* any date, which
//! is what makes history, baselines and projections possible.

mod access;
mod act;
mod assess;
mod compare;
mod dataset;
mod designation;
mod development;
mod evidence;
mod filter;
mod format;
mod labels;
mod model;
mod paging;
mod projection;
mod reminder;
mod report;
mod rollup;
mod status_report;
mod system_level;
#[cfg(test)]
mod testkit;
mod this_week;
mod trend;
mod unit_follow_up;
mod unit_view;
mod value;

pub use access::{Action, Actor, Role};
pub use act::{ActBy, TimeToAct, days_left_text, short_days};
pub use assess::{Assessment, PlanInfo, Reason, ReasonCode, assess, valid_until};
pub use compare::{
    AreaMovement, CellChange, CellLight, Comparison, Movement, MovementCounts, ProviderMovement,
    Snapshot, UnitChange, UnitLight, compare, goodness,
};
pub use dataset::{
    Board, Criterion, Dataset, Evaluation, LightBoard, PlanRecord, ReasonTexts, Unit, UnitRecords,
    ValueRecord, ValueRef,
};
pub use designation::{
    Designation, DesignationPeriod, Designations, PeriodInput, overlapping_periods, validate_period,
};
pub use development::{
    ActionFollowUp, ActionState, AreaFollowUp, CriterionMovement, DUE_SOON_DAYS, DevelopmentAction,
    DevelopmentActionInput, DevelopmentArea, MAX_NAME, MAX_TITLE, ProgressNote, QUIET_DAYS,
    ValidAction, area_light, code_rule_text, criterion_counts, follow_up, next_due_text,
    progress_text, scope_label, valid_code, validate_development_action, validate_progress_note,
};
pub use evidence::{FileRefusal, MAX_EVIDENCE_BYTES};
pub use filter::MatrixFilter;
pub use format::{
    Lang, countdown, encode_query, escape_html, format_date, format_number, format_percent,
    format_reported, format_timestamp, in_lang, tr,
};
pub use labels::Text;
pub use model::{
    Aggregate, CriterionRule, ImportKind, ImportPhase, Kind, Light, Origin, PlanStatus, UploadState,
};
pub use paging::{PAGE_SIZE, Page};
pub use projection::{
    FORECAST_WEEKS, ForecastPoint, ForecastRows, Outlook, OutlookCounts, Projection, Risk,
    RiskKind, Scenario, Task, TaskKind, UnitProjection, attention_order, forecast_weeks, outlook,
    project, project_earlier, project_from_board, risks_in_brief,
};
pub use reminder::{
    ActItem, COUNTDOWN_MILESTONES, Deadline, MailKind, MailLine, MailPreferences, MailSection,
    Reminder, ReminderRun, ReturnedReport, reminder,
};
pub use report::{
    Change, ChangeKind, FieldError, MAX_TEXT, PendingReview, PlanInput, Review, ValueInput,
    Version, validate_plan, validate_value,
};
pub use rollup::{LightCounts, UnitSummary, summarize_unit};
pub use status_report::{
    ChangeSummary, EvaluationReport, StatusReport, UnitAtRisk, changes_since, evaluation_report,
    evaluation_report_from, status_report,
};
pub use system_level::{
    AnswerInput, AnswerStatus, MAX_ANSWER, QuestionFollowUp, START_WITHIN_DAYS, SystemAnswer,
    SystemComment, SystemLevel, SystemQuestion, ValidAnswer, question_light, system_level,
    validate_answer,
};
pub use this_week::{
    DueItem, OffTrack, THIS_WEEK_ITEMS, ThisWeek, TrackCount, WeekForecast, Worsened, this_week,
};
pub use trend::{
    AreaLights, IndicatorSeries, MAX_TREND_POINTS, Trend, TrendPoint, UnitSeries, quarter_end,
    trend, trend_dates, trend_from_boards, unit_trend,
};
pub use unit_follow_up::{
    FollowUpDecision, FollowUpInput, UnitFollowUp, follow_up_line, follow_ups_as_of,
    validate_follow_up,
};
pub use unit_view::UnitRow;
pub use value::{
    DATE_RANGE, Reported, ValueError, normalize_key, parse_date, parse_number, parse_reported,
};
