-- Monthly rankings (月讲评), their numbered versions, the accountability trigger's outbox, the card
-- board and what the reconciler needs to notice late records.

-- Each applied event that changes a month's ranking inputs leaves a mark here; the reconciler
-- compares the marks of a closed month with the last one its latest version has seen.
CREATE TABLE month_change (
    change_id  BIGSERIAL   NOT NULL PRIMARY KEY,
    month      CHAR(7)     NOT NULL,
    event_id   VARCHAR(64) NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX month_change_month ON month_change (month, change_id);

CREATE TABLE ranking_month (
    month          CHAR(7)     NOT NULL PRIMARY KEY,
    closed_at      TIMESTAMPTZ NOT NULL,
    closed_by      VARCHAR(100) NOT NULL,
    latest_version INTEGER     NOT NULL,
    seen_change_id BIGINT      NOT NULL
);

CREATE TABLE ranking_version (
    month          CHAR(7)      NOT NULL,
    version        INTEGER      NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    reason         VARCHAR(200) NOT NULL,
    policy_version VARCHAR(64)  NOT NULL,
    seen_change_id BIGINT       NOT NULL,
    PRIMARY KEY (month, version)
);

CREATE TABLE ranking_entry (
    month              CHAR(7)       NOT NULL,
    version            INTEGER       NOT NULL,
    unit_id            VARCHAR(64)   NOT NULL,
    unit_name          VARCHAR(200)  NOT NULL,
    category           VARCHAR(32)   NOT NULL,
    parent_unit_id     VARCHAR(64),
    rank               INTEGER       NOT NULL,
    group_size         INTEGER       NOT NULL,
    score              NUMERIC(12,2) NOT NULL,
    evaluation_score   NUMERIC(7,2)  NOT NULL,
    evaluation_points  NUMERIC(12,2) NOT NULL,
    assignments_due    INTEGER       NOT NULL,
    on_time            INTEGER       NOT NULL,
    late               INTEGER       NOT NULL,
    open               INTEGER       NOT NULL,
    completion_rate    NUMERIC(7,4)  NOT NULL,
    assignment_points  NUMERIC(12,2) NOT NULL,
    positive_points    NUMERIC(12,2) NOT NULL,
    negative_points    NUMERIC(12,2) NOT NULL,
    entry_points       NUMERIC(12,2) NOT NULL,
    outcome            VARCHAR(16)   NOT NULL,
    last_place         BOOLEAN       NOT NULL,
    PRIMARY KEY (month, version, unit_id)
);

-- Outbox: accountability procedures the ranking calls for, sent to ledger-command once each.
CREATE TABLE accountability_trigger (
    unit_id      VARCHAR(64)  NOT NULL,
    month        CHAR(7)      NOT NULL,
    first_month  CHAR(7)      NOT NULL,
    version      INTEGER      NOT NULL,
    status       VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'OPENED', 'ALREADY_OPEN', 'REJECTED')),
    attempts     INTEGER      NOT NULL DEFAULT 0,
    last_error   TEXT,
    procedure_id VARCHAR(64),
    created_at   TIMESTAMPTZ  NOT NULL,
    settled_at   TIMESTAMPTZ,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (unit_id, month)
);

-- 亮牌: the card each unit holds per aspect and quarter.
CREATE TABLE card (
    card_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    unit_id           VARCHAR(64)  NOT NULL,
    aspect            VARCHAR(100) NOT NULL,
    quarter           CHAR(7)      NOT NULL,
    colour            VARCHAR(8)   NOT NULL,
    issued_by_unit_id VARCHAR(64),
    effective_date    DATE         NOT NULL,
    revoked           BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX card_quarter ON card (quarter, unit_id);

ALTER TABLE unit ADD COLUMN registered_on DATE;
CREATE INDEX assignment_issued ON assignment (issued_on, unit_id);
CREATE INDEX accountability_procedure_unit ON accountability_procedure (unit_id, month);
