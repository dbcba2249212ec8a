-- Records this projection could not apply (poison), and the later records of the same stream that wait
-- behind them so that a stream is never applied out of order. Re-driven after a fix, then removed.
CREATE TABLE parked_event (
    topic          VARCHAR(255) NOT NULL,
    partition_no   INTEGER      NOT NULL,
    record_offset  BIGINT       NOT NULL,
    stream_id      VARCHAR(255) NOT NULL,
    event_id       VARCHAR(64),
    event_type     VARCHAR(255),
    record_key     VARCHAR(255),
    record_value   BYTEA,
    record_headers JSONB        NOT NULL,
    reason         TEXT         NOT NULL,
    poison         BOOLEAN      NOT NULL,
    attempts       INTEGER      NOT NULL DEFAULT 0,
    parked_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (topic, partition_no, record_offset)
);
CREATE INDEX parked_event_stream ON parked_event (stream_id, partition_no, record_offset);
