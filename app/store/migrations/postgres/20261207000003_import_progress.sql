-- A running import's progress and its instance's sign of life (see the SQLite migration
-- 20261207000002_import_progress.sql).
ALTER TABLE import_uploads ADD COLUMN progress_phase BIGINT;
ALTER TABLE import_uploads ADD COLUMN progress_done BIGINT;
ALTER TABLE import_uploads ADD COLUMN progress_total BIGINT;
ALTER TABLE import_uploads ADD COLUMN progress_at BIGINT;
