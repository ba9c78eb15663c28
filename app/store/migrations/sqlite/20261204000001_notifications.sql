-- Reminder e-mails: what each person chose, and what was sent.

-- No row: the defaults (Swedish, every kind the role gets).
CREATE TABLE notification_preferences (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    lang       TEXT NOT NULL DEFAULT 'sv',       -- sv | en
    reminders  INTEGER NOT NULL DEFAULT 1,       -- a unit lead's reminders about their units
    digest     INTEGER NOT NULL DEFAULT 1        -- the working group's weekly digest
);

-- One row per message, claimed before it is sent: a second run, a restart or a second instance
-- finds the claim and sends nothing; a send that fails removes its claim, so the next run retries.
CREATE TABLE notifications_sent (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    kind      TEXT NOT NULL,                     -- reminder | digest
    period    TEXT NOT NULL,                     -- the day (reminder) or ISO week (digest)
    subject   TEXT NOT NULL,
    sent_at   TEXT NOT NULL,
    UNIQUE (user_id, kind, period)
);
