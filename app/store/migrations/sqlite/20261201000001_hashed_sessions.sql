-- Sessions are now stored under a SHA-256 hash of their id (see sessions.rs). Rows stored under
-- the plain id could never be found again: remove them (everyone signs in once more).
DELETE FROM sessions;
