-- A running import's progress, written by the instance that runs it about once a second: every
-- instance shows it, and an import whose instance stopped (no word for a minute) is marked
-- failed by whichever instance looks next, instead of "checking" for ever. The phase is
-- 0 reading, 1 checking, 2 writing, 3 done; times are milliseconds since 1970 (UTC).
ALTER TABLE import_uploads ADD COLUMN progress_phase INTEGER;
ALTER TABLE import_uploads ADD COLUMN progress_done INTEGER;
ALTER TABLE import_uploads ADD COLUMN progress_total INTEGER;
ALTER TABLE import_uploads ADD COLUMN progress_at INTEGER;
