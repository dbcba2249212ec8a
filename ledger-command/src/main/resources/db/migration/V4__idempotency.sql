-- Idempotency-Key: the first answer to a (caller, key) is kept and replayed for repeats of the same
-- request. status is NULL while the first request is still being processed.
CREATE TABLE idempotency_key (
    caller          VARCHAR(128) NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    status          INTEGER,
    content_type    VARCHAR(200),
    body            BYTEA,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, idempotency_key)
);
