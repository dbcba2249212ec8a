-- The tables ledger-projection's code writes, owned here (history table flyway_projection_history) rather
-- than copied into each projector's migrations. Installations migrated before this module owned them
-- already have them from the projector's own V1/V2/V3 (whose files stay as they were, so their checksums
-- hold): hence IF NOT EXISTS, so this migration is a no-op there and creates them everywhere else.

-- Exactly-once application: the last sequence applied per stream, written in the same transaction
-- as the read-model change.
CREATE TABLE IF NOT EXISTS stream_position (
    stream_id     VARCHAR(64) NOT NULL PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    last_event_id VARCHAR(64) NOT NULL,
    applied_at    TIMESTAMPTZ NOT NULL
);

-- Records the projection could not apply (poison), and the later records of the same stream that wait
-- behind them so that a stream is never applied out of order. Re-driven after a fix, then removed.
CREATE TABLE IF NOT EXISTS parked_event (
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
CREATE INDEX IF NOT EXISTS parked_event_stream ON parked_event (stream_id, partition_no, record_offset);

-- Units, as both projectors keep them (UnitTable applies their events). registered_on stays nullable
-- where a projector made it so.
CREATE TABLE IF NOT EXISTS unit (
    unit_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    category       VARCHAR(32)  NOT NULL,
    parent_unit_id VARCHAR(64),
    registered_on  DATE,
    closed_on      DATE
);
ALTER TABLE unit ADD COLUMN IF NOT EXISTS registered_on DATE;
ALTER TABLE unit ADD COLUMN IF NOT EXISTS closed_on DATE;
CREATE INDEX IF NOT EXISTS unit_parent ON unit (parent_unit_id);
