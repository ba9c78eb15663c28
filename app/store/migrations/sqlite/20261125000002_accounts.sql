-- readiness: accounts, sessions, API tokens, who reported what, and verification.
-- Still append-only for reports: a review is a new row, never an update of the value.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,      -- stored lower-case
    name           TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL,             -- admin | arbetsgrupp | enhetsansvarig | lasare
    password_hash  TEXT NOT NULL,             -- argon2id, PHC string
    disabled       INTEGER NOT NULL DEFAULT 0,
    -- Bumped on a password change or when disabled: sessions carry the generation they were
    -- created with, so every older session stops working ("log out everywhere").
    generation     INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL
);

CREATE TABLE user_units (
    user_id  INTEGER NOT NULL REFERENCES users (id),
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (user_id, unit_id)
);

-- tower-sessions records, serialised as JSON.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    expires_at  INTEGER NOT NULL              -- unix seconds
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,         -- SHA-256 of the token, hex
    label       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

-- Who recorded a value or plan version (NULL: imported from a file or the sample generator).
ALTER TABLE unit_values ADD COLUMN recorded_by INTEGER REFERENCES users (id);
ALTER TABLE action_plans ADD COLUMN recorded_by INTEGER REFERENCES users (id);

-- The working group's verdict on one reported value; the newest row per value counts.
CREATE TABLE value_reviews (
    id           INTEGER PRIMARY KEY,
    value_id     INTEGER NOT NULL REFERENCES unit_values (id),
    status       TEXT NOT NULL,               -- verified | returned
    comment      TEXT NOT NULL DEFAULT '',
    reviewed_by  INTEGER NOT NULL REFERENCES users (id),
    reviewed_at  TEXT NOT NULL
);
CREATE INDEX value_reviews_value ON value_reviews (value_id, id);
