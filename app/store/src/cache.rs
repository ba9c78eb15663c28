//! The records of each evaluation kept in memory between requests, and the boards computed from
//! them, so that a page view does not reload all history and recompute every light.
//!
//! Always right, also with several processes on one database: every read first asks the
//! database for its versions (one query on four indexes). Values, plans and reviews are
//! append-only, so their highest ids say what was added; evaluations, criteria and units bump a
//! counter in the same transaction as every change (triggers, migration `data_version`).
//! What was added is loaded on top of the cached records (`id > seen`); any other change loads
//! the evaluation again. Boards are remembered per (records, date).
//!
//! The cache is per database file and process-wide, so every caller — pages, API, exports,
//! baselines — shares it without passing it around. A request takes one [`Snapshot`] and reads
//! everything from it, so its answer is of one version and asks the database once.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{Board, Dataset, ForecastRows, LightBoard, ReasonTexts};

use crate::StoreError;
use crate::queries;

/// Where the database stands: compared before every cached read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct Versions {
    pub reference: i64,
    pub values: i64,
    pub plans: i64,
    pub reviews: i64,
}

pub async fn versions(pool: &Pool) -> Result<Versions, StoreError> {
    Ok(sqlx::query_as::<_, Versions>(
        "SELECT (SELECT reference_version FROM data_version WHERE id = 1) AS reference, \
         COALESCE((SELECT MAX(id) FROM unit_values), 0) AS \"values\", \
         COALESCE((SELECT MAX(id) FROM action_plans), 0) AS plans, \
         COALESCE((SELECT MAX(id) FROM value_reviews), 0) AS reviews",
    )
    .fetch_one(pool)
    .await?)
}

/// Boards kept per records: the dates people look at are few (today, a baseline's date, the
/// quarters of the trends); the oldest go first beyond this.
const BOARDS_KEPT: usize = 64;

/// Results computed from one version of the records (a trend, a projection, a report), kept
/// per (computation, date) beside its boards, at most this many.
const DERIVED_KEPT: usize = 64;

type Derived = Arc<tokio::sync::OnceCell<Arc<dyn Any + Send + Sync>>>;

/// One version of an evaluation's records and what has been computed from them. It reads as
/// the [`Dataset`] it holds.
pub struct Snapshot {
    versions: Versions,
    dataset: Arc<Dataset>,
    boards: Mutex<Vec<(NaiveDate, Arc<Board>)>>,
    /// The lights alone per date, for the trends (a quarter each); brought up to date like the
    /// boards.
    light_boards: Mutex<Vec<(NaiveDate, Arc<LightBoard>)>>,
    /// The forecast week by week per date, brought up to date unit by unit like the boards.
    forecast_rows: Mutex<Vec<(NaiveDate, Arc<ForecastRows>)>>,
    derived: Mutex<Vec<((&'static str, NaiveDate), Derived)>>,
}

impl std::ops::Deref for Snapshot {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        &self.dataset
    }
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("versions", &self.versions)
            .field("evaluation", &self.dataset.evaluation.code)
            .finish_non_exhaustive()
    }
}

impl Snapshot {
    /// The records.
    pub fn dataset(&self) -> &Arc<Dataset> {
        &self.dataset
    }

    /// The board as of `as_of`, computed once (on the blocking pool: tens of milliseconds at
    /// national size); a write updates the remembered boards unit by unit.
    pub async fn board(&self, as_of: NaiveDate) -> Result<Arc<Board>, StoreError> {
        if let Some(board) = find(&self.boards, as_of) {
            return Ok(board);
        }
        // Outside the lock: another reader may compute the same board meanwhile, which costs
        // time but never a wrong answer.
        let dataset = self.dataset.clone();
        let board = Arc::new(
            tokio::task::spawn_blocking(move || dataset.board(as_of))
                .await
                .map_err(|e| StoreError::Computation(format!("a board: {e}")))?,
        );
        remember(&self.boards, as_of, board.clone());
        Ok(board)
    }

    /// The lights as of `as_of`: from the remembered board of that date if there is one, else
    /// computed (on the blocking pool) without keeping the board, and remembered.
    pub async fn light_board(&self, as_of: NaiveDate) -> Result<Arc<LightBoard>, StoreError> {
        if let Some(known) = find(&self.light_boards, as_of) {
            return Ok(known);
        }
        let lights = match find(&self.boards, as_of) {
            Some(board) => Arc::new(LightBoard::from(&*board)),
            None => {
                let dataset = self.dataset.clone();
                Arc::new(
                    tokio::task::spawn_blocking(move || dataset.light_board(as_of))
                        .await
                        .map_err(|e| StoreError::Computation(format!("the lights: {e}")))?,
                )
            }
        };
        remember(&self.light_boards, as_of, lights.clone());
        Ok(lights)
    }

    /// What `compute` makes of the records for `date`, remembered under `what` (a name per
    /// computation and result type): computed once however many readers ask at the same time,
    /// on the blocking pool so that it does not hold up the server's other requests.
    pub async fn derived<T, F>(
        &self,
        what: &'static str,
        date: NaiveDate,
        compute: F,
    ) -> Result<Arc<T>, StoreError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(&Dataset) -> T + Send + 'static,
    {
        let cell = {
            let mut derived = self.derived.lock().unwrap_or_else(|p| p.into_inner());
            match derived.iter().find(|(key, _)| *key == (what, date)) {
                Some((_, cell)) => cell.clone(),
                None => {
                    if derived.len() >= DERIVED_KEPT {
                        derived.remove(0);
                    }
                    let cell = Derived::default();
                    derived.push(((what, date), cell.clone()));
                    cell
                }
            }
        };
        let dataset = self.dataset.clone();
        let value = cell
            .get_or_try_init(|| async move {
                let value = tokio::task::spawn_blocking(move || compute(&dataset))
                    .await
                    .map_err(|e| StoreError::Computation(format!("computing {what}: {e}")))?;
                Ok::<_, StoreError>(Arc::new(value) as Arc<dyn Any + Send + Sync>)
            })
            .await?
            .clone();
        value.downcast::<T>().map_err(|_| {
            StoreError::Computation(format!("{what}: two result types under one name"))
        })
    }

    /// A result [`Snapshot::derived`] has already computed, without computing its inputs.
    fn known<T: Send + Sync + 'static>(
        &self,
        what: &'static str,
        date: NaiveDate,
    ) -> Option<Arc<T>> {
        let derived = self.derived.lock().unwrap_or_else(|p| p.into_inner());
        let (_, cell) = derived.iter().find(|(key, _)| *key == (what, date))?;
        cell.get()?.clone().downcast::<T>().ok()
    }

    /// The reasons of the board as of `as_of` in `lang`, each unit's row made once.
    pub async fn reason_texts(
        &self,
        as_of: NaiveDate,
        lang: readiness_rules::Lang,
    ) -> Result<Arc<ReasonTexts>, StoreError> {
        let what = match lang {
            readiness_rules::Lang::Sv => "reasons in Swedish",
            readiness_rules::Lang::En => "reasons in English",
        };
        if let Some(texts) = self.known(what, as_of) {
            return Ok(texts);
        }
        let board = self.board(as_of).await?;
        self.derived(what, as_of, move |_| ReasonTexts::new(board, lang))
            .await
    }

    /// [`readiness_rules::project`] from `today`, remembered; from the remembered board of
    /// `today` (kept up to date unit by unit), so a new version costs the outlooks only.
    pub async fn projection(
        &self,
        today: NaiveDate,
    ) -> Result<Arc<readiness_rules::Projection>, StoreError> {
        if let Some(projection) = self.known("projection", today) {
            return Ok(projection);
        }
        let board = self.board(today).await?;
        self.derived("projection", today, move |d| {
            readiness_rules::project_from_board(d, &board)
        })
        .await
    }

    /// [`readiness_rules::project_earlier`] on `date`, remembered.
    pub async fn projection_earlier(
        &self,
        date: NaiveDate,
    ) -> Result<Arc<readiness_rules::Projection>, StoreError> {
        self.derived("earlier projection", date, move |d| {
            readiness_rules::project_earlier(d, date)
        })
        .await
    }

    /// [`readiness_rules::forecast_weeks`] up to `until`, remembered; a write updates the
    /// remembered rows unit by unit.
    pub async fn forecast_weeks(
        &self,
        until: NaiveDate,
    ) -> Result<Arc<Vec<readiness_rules::ForecastPoint>>, StoreError> {
        let rows = match find(&self.forecast_rows, until) {
            Some(rows) => rows,
            None => {
                let dataset = self.dataset.clone();
                let rows = Arc::new(
                    tokio::task::spawn_blocking(move || {
                        ForecastRows::new(&dataset, until, readiness_rules::FORECAST_WEEKS)
                    })
                    .await
                    .map_err(|e| StoreError::Computation(format!("the weekly forecast: {e}")))?,
                );
                remember(&self.forecast_rows, until, rows.clone());
                rows
            }
        };
        self.derived("forecast weeks", until, move |_| rows.points())
            .await
    }

    /// [`readiness_rules::trend`] up to `until` from the first value, remembered; from the
    /// remembered lights of its dates, so a new version costs the sums, not a board a quarter.
    pub async fn trend(&self, until: NaiveDate) -> Result<Arc<readiness_rules::Trend>, StoreError> {
        if let Some(trend) = self.known("trend", until) {
            return Ok(trend);
        }
        let mut boards = Vec::new();
        for date in readiness_rules::trend_dates(&self.dataset, None, until) {
            boards.push(self.light_board(date).await?);
        }
        self.derived("trend", until, move |d| {
            readiness_rules::trend_from_boards(d, &boards)
        })
        .await
    }

    /// The evaluation's part of the Lägesrapport ([`readiness_rules::evaluation_report`]) as of
    /// `as_of`, remembered, from the remembered board, projection and trend.
    pub async fn evaluation_report(
        &self,
        as_of: NaiveDate,
    ) -> Result<Arc<readiness_rules::EvaluationReport>, StoreError> {
        if let Some(report) = self.known("status report", as_of) {
            return Ok(report);
        }
        let board = self.board(as_of).await?;
        let projection = self.projection(as_of).await?;
        let trend = self.trend(as_of).await?;
        self.derived("status report", as_of, move |d| {
            readiness_rules::evaluation_report_from(d, &board, &projection, &trend)
        })
        .await
    }
}

/// What `kept` remembers for `date`.
fn find<T>(kept: &Mutex<Vec<(NaiveDate, Arc<T>)>>, date: NaiveDate) -> Option<Arc<T>> {
    let kept = kept.lock().unwrap_or_else(|p| p.into_inner());
    kept.iter()
        .find(|(d, _)| *d == date)
        .map(|(_, t)| t.clone())
}

/// Remembers `value` for `date` unless another reader did meanwhile; the oldest go first beyond
/// [`BOARDS_KEPT`].
fn remember<T>(kept: &Mutex<Vec<(NaiveDate, Arc<T>)>>, date: NaiveDate, value: Arc<T>) {
    let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
    if !kept.iter().any(|(d, _)| *d == date) {
        if kept.len() >= BOARDS_KEPT {
            kept.remove(0);
        }
        kept.push((date, value));
    }
}

type Key = (String, String, bool);
/// One slot per (database, evaluation, verified only); the async lock makes concurrent readers
/// of a stale slot wait for one reload instead of each doing it.
type Slot = Arc<tokio::sync::Mutex<Option<Arc<Snapshot>>>>;

static SLOTS: LazyLock<Mutex<HashMap<Key, Slot>>> = LazyLock::new(Default::default);

fn slot(pool: &Pool, evaluation: &str, verified_only: bool) -> Slot {
    let database = pool.connect_options().database_url.to_string();
    let mut slots = SLOTS.lock().unwrap_or_else(|p| p.into_inner());
    slots
        .entry((database, evaluation.to_string(), verified_only))
        .or_default()
        .clone()
}

/// The current records of one evaluation (see [`cache::load_dataset_filtered`]).
pub async fn snapshot(
    pool: &Pool,
    evaluation: &str,
    verified_only: bool,
) -> Result<Option<Arc<Snapshot>>, StoreError> {
    entry(pool, evaluation, verified_only).await
}

async fn entry(
    pool: &Pool,
    evaluation: &str,
    verified_only: bool,
) -> Result<Option<Arc<Snapshot>>, StoreError> {
    let now = versions(pool).await?;
    let slot = slot(pool, evaluation, verified_only);
    let mut cached = slot.lock().await;
    if let Some(entry) = cached.as_ref()
        && entry.versions == now
    {
        return Ok(Some(entry.clone()));
    }
    // Only what was added since, when nothing else changed (verified-only views depend on
    // reviews too: they load again).
    // Many added (an import) come faster in one load than row by row.
    const ADDED_AT_MOST: i64 = 20_000;
    let added_only = cached.as_ref().is_some_and(|e| {
        !verified_only
            && e.versions.reference == now.reference
            && e.versions.reviews <= now.reviews
            && e.versions.values <= now.values
            && e.versions.plans <= now.plans
            && (now.values - e.versions.values) + (now.plans - e.versions.plans) <= ADDED_AT_MOST
    });
    let (dataset, boards) = match cached.as_ref() {
        Some(old) if added_only => {
            // A copy shares every unit's records; only the units that got versions change.
            let mut dataset = Dataset::clone(&old.dataset);
            let values =
                queries::values_added(pool, evaluation, old.versions.values, now.values).await?;
            let plans =
                queries::plans_added(pool, evaluation, old.versions.plans, now.plans).await?;
            let changed: HashSet<String> = values
                .iter()
                .map(|v| v.unit.clone())
                .chain(plans.iter().map(|p| p.unit.clone()))
                .collect();
            dataset.add_versions(values, plans);
            let dataset = Arc::new(dataset);
            // The remembered boards too: only the changed units' rows are computed again.
            let old_boards = old.boards.lock().unwrap_or_else(|p| p.into_inner()).clone();
            let old_rows = old
                .forecast_rows
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            let old_lights = old
                .light_boards
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            let updating = dataset.clone();
            let (boards, lights, rows) = tokio::task::spawn_blocking(move || {
                let changed: HashSet<&str> = changed.iter().map(String::as_str).collect();
                let boards = old_boards
                    .iter()
                    .map(|(date, board)| (*date, Arc::new(updating.board_updated(board, &changed))))
                    .collect::<Vec<_>>();
                let lights = old_lights
                    .iter()
                    .map(|(date, lights)| {
                        (
                            *date,
                            Arc::new(updating.light_board_updated(lights, &changed)),
                        )
                    })
                    .collect::<Vec<_>>();
                let rows = old_rows
                    .iter()
                    .map(|(date, rows)| (*date, Arc::new(rows.updated(&updating, &changed))))
                    .collect::<Vec<_>>();
                (boards, lights, rows)
            })
            .await
            .map_err(|e| StoreError::Computation(format!("updating boards: {e}")))?;
            (Some(dataset), (boards, lights, rows))
        }
        _ => (
            queries::load_dataset_uncached(pool, evaluation, verified_only)
                .await?
                .map(Arc::new),
            (Vec::new(), Vec::new(), Vec::new()),
        ),
    };
    let (boards, light_boards, forecast_rows) = boards;
    // The versions were read before the records: anything written in between is loaded
    // again next time, never missed.
    let entry = dataset.map(|dataset| {
        Arc::new(Snapshot {
            versions: now,
            dataset,
            boards: Mutex::new(boards),
            light_boards: Mutex::new(light_boards),
            forecast_rows: Mutex::new(forecast_rows),
            derived: Mutex::new(Vec::new()),
        })
    });
    *cached = entry.clone();
    Ok(entry)
}

/// Reads every evaluation's records and today's board into the cache (at server start, so the
/// first reader does not wait for it); returns how many values were read.
pub async fn warm(pool: &Pool, today: NaiveDate) -> Result<usize, StoreError> {
    let mut values = 0;
    for evaluation in queries::list_evaluations(pool).await? {
        if let Some(snapshot) = snapshot(pool, &evaluation.code, false).await? {
            snapshot.board(today).await?;
            values += snapshot.value_count();
        }
    }
    Ok(values)
}

/// Every record of one evaluation: its criteria, all units, the current version of every value
/// (all dates, so lights can be computed as of any date) and the current plans. From the cache
/// (this module), which is as current as the database.
pub async fn load_dataset(
    pool: &Pool,
    evaluation: &str,
) -> Result<Option<Arc<Snapshot>>, StoreError> {
    snapshot(pool, evaluation, false).await
}

/// `load_dataset`, optionally with only verified values (see `queries::CURRENT_VERIFIED_VALUE`).
pub async fn load_dataset_filtered(
    pool: &Pool,
    evaluation: &str,
    verified_only: bool,
) -> Result<Option<Arc<Snapshot>>, StoreError> {
    snapshot(pool, evaluation, verified_only).await
}
