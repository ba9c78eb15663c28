-- readiness: the import history and uploads waiting for their preview to be confirmed.

-- Every committed import, from the command line or the browser.
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    imported_at  TEXT NOT NULL,
    user_id      INTEGER REFERENCES users (id),   -- NULL: the command line
    via          TEXT NOT NULL,                   -- cli | webb
    file_name    TEXT NOT NULL,
    sheet        TEXT,                            -- XLSX: the sheet read
    kind         TEXT NOT NULL,
    rows         INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL
);
CREATE INDEX imports_time ON imports (imported_at);

-- A file uploaded in the browser: checked in the background, shown as a preview, written only
-- when its uploader confirms. Removed a day after upload.
CREATE TABLE import_uploads (
    id           INTEGER PRIMARY KEY,
    token        TEXT NOT NULL UNIQUE,            -- random; the preview page's address
    user_id      INTEGER NOT NULL REFERENCES users (id),
    uploaded_at  TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    kind         TEXT,                            -- NULL: recognised from the headers
    sheet        TEXT,
    bytes        BLOB NOT NULL,
    state        TEXT NOT NULL,                   -- checking | previewed | invalid | importing | imported | stale | failed
    outcome      TEXT,                            -- JSON: the summary or the problems
    import_id    INTEGER REFERENCES imports (id)
);
