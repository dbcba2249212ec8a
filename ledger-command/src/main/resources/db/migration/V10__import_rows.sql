-- The rows of imported 台账 workbooks already in the ledger, each written in the same transaction as the events
-- its command appended: a row uploaded again (the same file, or a report fixed and uploaded again) is skipped.
CREATE TABLE import_row (
    row_key     CHAR(64)     NOT NULL PRIMARY KEY,
    job_id      VARCHAR(64)  NOT NULL,
    stream_id   VARCHAR(64)  NOT NULL,
    imported_by VARCHAR(255) NOT NULL,
    imported_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
