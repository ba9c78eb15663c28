-- The yearly follow-up of each USV unit by its care provider's FoUU committee: the assessment
-- and the decision for the coming year (fortsatter | villkor | upphor), dated, with its
-- reference. One per unit, year and decision date: a later decision about the same year is
-- kept beside the earlier one (a page as of a date between them shows the earlier); the same
-- unit, year and date again corrects it in place.

CREATE TABLE unit_follow_ups (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    year         INTEGER NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('fortsatter', 'villkor', 'upphor')),
    decided_on   TEXT NOT NULL,                -- YYYY-MM-DD
    reference    TEXT NOT NULL DEFAULT '',
    assessment   TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL,
    source       TEXT NOT NULL,
    UNIQUE (unit_id, year, decided_on)
);
