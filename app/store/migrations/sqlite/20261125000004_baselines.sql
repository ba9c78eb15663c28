-- readiness: frozen baselines. A baseline keeps the lights and values of every unit of every
-- evaluation as of one date; it is written once and never changed (the triggers refuse it).

CREATE TABLE baselines (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    as_of      TEXT NOT NULL,                 -- the date the lights are computed for
    frozen_at  TEXT NOT NULL,
    frozen_by  INTEGER REFERENCES users (id)  -- NULL: the command line
);

CREATE TABLE baseline_snapshots (
    baseline_id  INTEGER NOT NULL REFERENCES baselines (id),
    evaluation   TEXT NOT NULL,               -- evaluation code
    snapshot     TEXT NOT NULL,               -- JSON: readiness_rules::Snapshot
    PRIMARY KEY (baseline_id, evaluation)
);

CREATE TRIGGER baselines_are_frozen_update BEFORE UPDATE ON baselines
BEGIN SELECT RAISE(ABORT, 'baselines are frozen'); END;
CREATE TRIGGER baselines_are_frozen_delete BEFORE DELETE ON baselines
BEGIN SELECT RAISE(ABORT, 'baselines are frozen'); END;
CREATE TRIGGER baseline_snapshots_are_frozen_update BEFORE UPDATE ON baseline_snapshots
BEGIN SELECT RAISE(ABORT, 'baselines are frozen'); END;
CREATE TRIGGER baseline_snapshots_are_frozen_delete BEFORE DELETE ON baseline_snapshots
BEGIN SELECT RAISE(ABORT, 'baselines are frozen'); END;
