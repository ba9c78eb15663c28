-- readiness: initial schema. Portable SQL (SQLite now, PostgreSQL later): ISO dates as TEXT,
-- booleans as INTEGER 0/1, no SQLite-only types. Values and plans are append-only: a changed
-- report adds a row, the newest row (highest id) per key is the current one.

CREATE TABLE evaluations (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    conducted_by  TEXT NOT NULL DEFAULT '',
    deadline      TEXT NOT NULL
);

CREATE TABLE criteria (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    evaluation_id      INTEGER NOT NULL REFERENCES evaluations (id),
    area               TEXT NOT NULL,
    origin             TEXT NOT NULL,
    title              TEXT NOT NULL,
    title_en           TEXT NOT NULL DEFAULT '',
    kind               TEXT NOT NULL,
    green              REAL,
    amber              REAL,
    mandatory          INTEGER NOT NULL,
    requires_evidence  INTEGER NOT NULL,
    validity_months    INTEGER NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    position           INTEGER NOT NULL
);
CREATE INDEX criteria_evaluation ON criteria (evaluation_id, position);

CREATE TABLE units (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    care_provider  TEXT NOT NULL,
    manager        TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE unit_values (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    criterion_id  INTEGER NOT NULL REFERENCES criteria (id),
    measured      TEXT NOT NULL,
    value         TEXT NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    evidence      TEXT NOT NULL DEFAULT '',
    recorded_at   TEXT NOT NULL,
    source        TEXT NOT NULL
);
CREATE INDEX unit_values_key ON unit_values (unit_id, criterion_id, measured, id);
CREATE INDEX unit_values_criterion ON unit_values (criterion_id);

CREATE TABLE action_plans (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    criterion_id  INTEGER NOT NULL REFERENCES criteria (id),
    action        TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    due           TEXT NOT NULL,
    status        TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    source        TEXT NOT NULL
);
CREATE INDEX action_plans_key ON action_plans (unit_id, criterion_id, action, id);

-- Marks a database that was filled by `readiness sample load` (the UI shows "Exempeldata").
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
