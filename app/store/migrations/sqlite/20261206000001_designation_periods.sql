-- Which units are USV units when: the management group's yearly designation. A unit's periods
-- (both ends included, `ends_on` NULL until further notice) never overlap (the import checks);
-- a unit without periods counts on every date. The lights count only the units designated on
-- their date, so a change here bumps `reference_version` like units and criteria do (the cached
-- model of every evaluation is read again).

CREATE TABLE designation_periods (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    starts_on    TEXT NOT NULL,                -- YYYY-MM-DD
    ends_on      TEXT,                         -- YYYY-MM-DD, NULL: until further notice
    decision     TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    source       TEXT NOT NULL,
    UNIQUE (unit_id, starts_on)
);

CREATE TRIGGER designation_periods_changed_insert AFTER INSERT ON designation_periods
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER designation_periods_changed_update AFTER UPDATE ON designation_periods
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
CREATE TRIGGER designation_periods_changed_delete AFTER DELETE ON designation_periods
BEGIN UPDATE data_version SET reference_version = reference_version + 1; END;
