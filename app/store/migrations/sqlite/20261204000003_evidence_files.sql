-- Evidence as files: a document that proves a unit's value (a certificate of supervisor
-- training, a PROM/PREM follow-up), for a unit and criterion, with the date it is evidence for.
-- Append-only like the values: a file is never changed; a newer one is added beside it. The
-- bytes live here, so backups and copies of the database carry them.
CREATE TABLE evidence_files (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    criterion_id  INTEGER NOT NULL REFERENCES criteria (id),
    effective     TEXT NOT NULL,            -- YYYY-MM-DD: the day the document is evidence for
    file_name     TEXT NOT NULL,            -- as uploaded, cleaned of paths and control characters
    media_type    TEXT NOT NULL,            -- recognised from the content, never from the name
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES users (id),
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX evidence_files_unit ON evidence_files (unit_id, criterion_id, effective);
