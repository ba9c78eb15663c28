-- The prioritised development areas and the working group's actions in them. Areas are
-- reference data like the criteria (an import updates them in place, and replaces which
-- criteria they concern). Actions keep their history like values: a change adds a version, the
-- newest version (highest id) is the current one; progress notes are only ever added.

CREATE TABLE development_areas (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    goal      TEXT NOT NULL DEFAULT '',
    owner     TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL
);

-- The criteria whose lights an area is meant to move.
CREATE TABLE development_area_criteria (
    area_id       INTEGER NOT NULL REFERENCES development_areas (id),
    criterion_id  INTEGER NOT NULL REFERENCES criteria (id),
    PRIMARY KEY (area_id, criterion_id)
);

CREATE TABLE development_actions (
    id       INTEGER PRIMARY KEY,
    area_id  INTEGER NOT NULL REFERENCES development_areas (id),
    code     TEXT NOT NULL UNIQUE          -- the key imports use, e.g. UO1-03
);

CREATE TABLE development_action_versions (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL REFERENCES development_actions (id),
    title        TEXT NOT NULL,
    responsible  TEXT NOT NULL DEFAULT '',
    scope        TEXT NOT NULL DEFAULT '',  -- '' = the whole region, else a care provider
    due          TEXT NOT NULL,             -- YYYY-MM-DD
    status       TEXT NOT NULL,             -- planerad | pagar | klar
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES users (id),
    source       TEXT NOT NULL
);
CREATE INDEX development_action_versions_action ON development_action_versions (action_id, id);

CREATE TABLE development_action_notes (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL REFERENCES development_actions (id),
    noted_on     TEXT NOT NULL,             -- YYYY-MM-DD: the day the note speaks of
    note         TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES users (id),
    source       TEXT NOT NULL
);
CREATE INDEX development_action_notes_action ON development_action_notes (action_id, noted_on);

CREATE TRIGGER development_action_versions_frozen_update BEFORE UPDATE ON development_action_versions
BEGIN SELECT RAISE(ABORT, 'action versions are history'); END;
CREATE TRIGGER development_action_versions_frozen_delete BEFORE DELETE ON development_action_versions
BEGIN SELECT RAISE(ABORT, 'action versions are history'); END;
CREATE TRIGGER development_action_notes_frozen_update BEFORE UPDATE ON development_action_notes
BEGIN SELECT RAISE(ABORT, 'progress notes are history'); END;
CREATE TRIGGER development_action_notes_frozen_delete BEFORE DELETE ON development_action_notes
BEGIN SELECT RAISE(ABORT, 'progress notes are history'); END;
