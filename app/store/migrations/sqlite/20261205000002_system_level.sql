-- The system level: the questions the evaluation puts to the region's management bodies (data,
-- imported like the criteria, updated in place) and the working group's answers to them, kept
-- like values (a change adds a version, the newest is current) with comments beside them.

CREATE TABLE system_questions (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    evaluation_id  INTEGER NOT NULL REFERENCES evaluations (id),
    area           TEXT NOT NULL,
    origin         TEXT NOT NULL,             -- nationell | regional
    question       TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',  -- who answers: '' = the region, else a management body
    due            TEXT NOT NULL,             -- YYYY-MM-DD
    position       INTEGER NOT NULL
);

-- Criteria whose units' figures support a question's answer.
CREATE TABLE system_question_criteria (
    question_id   INTEGER NOT NULL REFERENCES system_questions (id),
    criterion_id  INTEGER NOT NULL REFERENCES criteria (id),
    PRIMARY KEY (question_id, criterion_id)
);

CREATE TABLE system_answers (
    id           INTEGER PRIMARY KEY,
    question_id  INTEGER NOT NULL REFERENCES system_questions (id),
    answer       TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    responsible  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,               -- utkast | granskad | faststalld
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES users (id),
    source       TEXT NOT NULL
);
CREATE INDEX system_answers_question ON system_answers (question_id, id);

CREATE TABLE system_comments (
    id           INTEGER PRIMARY KEY,
    question_id  INTEGER NOT NULL REFERENCES system_questions (id),
    comment      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES users (id),
    source       TEXT NOT NULL
);
CREATE INDEX system_comments_question ON system_comments (question_id, id);

CREATE TRIGGER system_answers_frozen_update BEFORE UPDATE ON system_answers
BEGIN SELECT RAISE(ABORT, 'answers are history'); END;
CREATE TRIGGER system_answers_frozen_delete BEFORE DELETE ON system_answers
BEGIN SELECT RAISE(ABORT, 'answers are history'); END;
CREATE TRIGGER system_comments_frozen_update BEFORE UPDATE ON system_comments
BEGIN SELECT RAISE(ABORT, 'comments are history'); END;
CREATE TRIGGER system_comments_frozen_delete BEFORE DELETE ON system_comments
BEGIN SELECT RAISE(ABORT, 'comments are history'); END;
