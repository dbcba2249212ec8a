-- ranking-projector's read models, fed only by ledger.events.

CREATE TABLE stream_position (
    stream_id     VARCHAR(64) NOT NULL PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    last_event_id VARCHAR(64) NOT NULL,
    applied_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE unit (
    unit_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    category       VARCHAR(32)  NOT NULL,
    parent_unit_id VARCHAR(64)
);

-- Which unit a cadre's records count for.
CREATE TABLE cadre_unit (
    cadre_id VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_id  VARCHAR(64) NOT NULL
);

-- Per unit and month (of the effective date): what the unit and its cadres collected.
CREATE TABLE monthly_unit_tally (
    unit_id          VARCHAR(64)   NOT NULL,
    month            CHAR(7)       NOT NULL,
    positive_entries INTEGER       NOT NULL DEFAULT 0,
    positive_points  NUMERIC(12,2) NOT NULL DEFAULT 0,
    negative_entries INTEGER       NOT NULL DEFAULT 0,
    negative_points  NUMERIC(12,2) NOT NULL DEFAULT 0,
    interviews       INTEGER       NOT NULL DEFAULT 0,
    blue_cards       INTEGER       NOT NULL DEFAULT 0,
    yellow_cards     INTEGER       NOT NULL DEFAULT 0,
    red_cards        INTEGER       NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_id)
);
