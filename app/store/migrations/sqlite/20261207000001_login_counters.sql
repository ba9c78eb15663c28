-- The counters of password attempts (sign-in and changing one's own password), in the database
-- so that every instance of the app counts the same attempts: a guesser cannot get more tries by
-- reaching another instance. Times are milliseconds since 1970 (UTC). Short-lived: a counter
-- whose window has passed is removed by the next attempt.
CREATE TABLE login_counters (
    key           TEXT PRIMARY KEY,           -- p:<account> <address> | ip:<address> | a:<account>
    window_start  INTEGER NOT NULL,
    failures      INTEGER NOT NULL,
    last_at       INTEGER NOT NULL
);
CREATE INDEX login_counters_window ON login_counters (window_start);
