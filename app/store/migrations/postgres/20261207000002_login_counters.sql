-- The counters of password attempts, shared by every instance (see the SQLite migration
-- 20261207000001_login_counters.sql).
CREATE TABLE login_counters (
    key           TEXT PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    failures      BIGINT NOT NULL,
    last_at       BIGINT NOT NULL
);
CREATE INDEX login_counters_window ON login_counters (window_start);
