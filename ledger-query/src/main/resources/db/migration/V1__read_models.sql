-- ledger-query's read models, fed only by ledger.events.

-- Exactly-once application: the last sequence applied per stream, written in the same transaction
-- as the read-model change.
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
    parent_unit_id VARCHAR(64),
    registered_on  DATE         NOT NULL
);
CREATE INDEX unit_parent ON unit (parent_unit_id);

CREATE TABLE cadre (
    cadre_id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    name             VARCHAR(100) NOT NULL,
    unit_id          VARCHAR(64)  NOT NULL,
    post             VARCHAR(100) NOT NULL,
    post_level       VARCHAR(50)  NOT NULL,
    post_since       DATE         NOT NULL,
    rank             VARCHAR(50)  NOT NULL,
    rank_since       DATE         NOT NULL,
    work_start_date  DATE         NOT NULL,
    grassroots_years INTEGER      NOT NULL,
    education        VARCHAR(50),
    registered_on    DATE         NOT NULL
);
CREATE INDEX cadre_unit ON cadre (unit_id);

CREATE TABLE entry (
    entry_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    cadre_id       VARCHAR(64)   NOT NULL,
    polarity       VARCHAR(8)    NOT NULL CHECK (polarity IN ('POSITIVE', 'NEGATIVE')),
    aspect         VARCHAR(100)  NOT NULL,
    points         NUMERIC(12,2) NOT NULL,
    summary        TEXT          NOT NULL,
    effective_date DATE          NOT NULL,
    recorded_at    TIMESTAMPTZ   NOT NULL,
    event_id       VARCHAR(64)   NOT NULL
);
CREATE INDEX entry_cadre ON entry (cadre_id, effective_date);

CREATE TABLE interview (
    interview_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    cadre_id       VARCHAR(64)  NOT NULL,
    unit_id        VARCHAR(64)  NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    interviewer    VARCHAR(100) NOT NULL,
    reason         TEXT         NOT NULL,
    effective_date DATE         NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL,
    event_id       VARCHAR(64)  NOT NULL
);
CREATE INDEX interview_cadre ON interview (cadre_id, effective_date);
CREATE INDEX interview_unit ON interview (unit_id, effective_date);

CREATE TABLE card (
    card_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    unit_id           VARCHAR(64)  NOT NULL,
    aspect            VARCHAR(100) NOT NULL,
    quarter           CHAR(7)      NOT NULL,
    colour            VARCHAR(8)   NOT NULL CHECK (colour IN ('BLUE', 'YELLOW', 'RED')),
    issued_by_unit_id VARCHAR(64),
    effective_date    DATE         NOT NULL,
    recorded_at       TIMESTAMPTZ  NOT NULL,
    event_id          VARCHAR(64)  NOT NULL
);
CREATE INDEX card_quarter_unit ON card (quarter, unit_id);
