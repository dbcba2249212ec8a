-- Every record kind of the ledger, as the dossier, the counts and the eligibility engine need it.
-- Each row keeps the event it rests on and when the ledger learnt it (recorded_at), so that a
-- question can be asked "as the ledger knew it at time T".

-- The timeline: every event of every stream, in stream order, with its payload as published.
CREATE TABLE ledger_record (
    event_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    stream_id      VARCHAR(64)  NOT NULL,
    sequence       BIGINT       NOT NULL,
    type           VARCHAR(100) NOT NULL,
    effective_date DATE         NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL,
    recorded_by    VARCHAR(100),
    correlation_id VARCHAR(100),
    payload        JSONB        NOT NULL,
    UNIQUE (stream_id, sequence)
);

-- Revocations (also the first half of an amendment) and 容错免责 marks. The record stays; this says
-- from when, and since when the ledger knew, that it no longer counts.
CREATE TABLE correction (
    event_id       VARCHAR(64) NOT NULL PRIMARY KEY,
    stream_id      VARCHAR(64) NOT NULL,
    record_id      VARCHAR(64) NOT NULL,
    kind           VARCHAR(16) NOT NULL CHECK (kind IN ('REVOKED', 'TOLERATED')),
    superseded_by  VARCHAR(64),
    reason         TEXT        NOT NULL,
    effective_date DATE        NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX correction_record ON correction (record_id);

ALTER TABLE unit ADD COLUMN closed_on DATE;
ALTER TABLE entry ADD COLUMN evidence JSONB NOT NULL DEFAULT '[]';

-- Master data over time: posts, ranks and unit memberships, each from a date.
CREATE TABLE post_history (
    event_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    cadre_id    VARCHAR(64)  NOT NULL,
    post        VARCHAR(100) NOT NULL,
    post_level  VARCHAR(50)  NOT NULL,
    since       DATE         NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX post_history_cadre ON post_history (cadre_id, since);

CREATE TABLE rank_history (
    event_id    VARCHAR(64) NOT NULL PRIMARY KEY,
    cadre_id    VARCHAR(64) NOT NULL,
    rank        VARCHAR(50) NOT NULL,
    since       DATE        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX rank_history_cadre ON rank_history (cadre_id, since);

CREATE TABLE unit_membership (
    event_id    VARCHAR(64) NOT NULL PRIMARY KEY,
    cadre_id    VARCHAR(64) NOT NULL,
    unit_id     VARCHAR(64) NOT NULL,
    since       DATE        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX unit_membership_cadre ON unit_membership (cadre_id, since);

CREATE TABLE sanction (
    sanction_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    cadre_id         VARCHAR(64)  NOT NULL,
    kind             VARCHAR(48)  NOT NULL,
    probation_months INTEGER,
    decided_by       VARCHAR(200) NOT NULL,
    reason           TEXT         NOT NULL,
    effective_date   DATE         NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL,
    event_id         VARCHAR(64)  NOT NULL
);
CREATE INDEX sanction_cadre ON sanction (cadre_id, effective_date);

CREATE TABLE investigation (
    investigation_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
    cadre_id          VARCHAR(64)  NOT NULL,
    authority         VARCHAR(200) NOT NULL,
    reason            TEXT         NOT NULL,
    opened_on         DATE         NOT NULL,
    recorded_at       TIMESTAMPTZ  NOT NULL,
    event_id          VARCHAR(64)  NOT NULL,
    closed_on         DATE,
    outcome           TEXT,
    closed_recorded_at TIMESTAMPTZ,
    closed_event_id   VARCHAR(64)
);
CREATE INDEX investigation_cadre ON investigation (cadre_id);

CREATE TABLE annual_grade (
    grade_id       VARCHAR(64) NOT NULL PRIMARY KEY,
    cadre_id       VARCHAR(64) NOT NULL,
    year           INTEGER     NOT NULL,
    grade          VARCHAR(24) NOT NULL,
    effective_date DATE        NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    event_id       VARCHAR(64) NOT NULL
);
CREATE INDEX annual_grade_cadre ON annual_grade (cadre_id, year);

CREATE TABLE frontline_posting (
    posting_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    cadre_id          VARCHAR(64)  NOT NULL,
    kind              VARCHAR(32)  NOT NULL,
    description       TEXT         NOT NULL,
    start_date        DATE         NOT NULL,
    end_date          DATE,
    recorded_at       TIMESTAMPTZ  NOT NULL,
    event_id          VARCHAR(64)  NOT NULL,
    ended_recorded_at TIMESTAMPTZ,
    ended_event_id    VARCHAR(64)
);
CREATE INDEX frontline_posting_cadre ON frontline_posting (cadre_id);

CREATE TABLE appeal (
    appeal_id           VARCHAR(64) NOT NULL PRIMARY KEY,
    cadre_id            VARCHAR(64) NOT NULL,
    contested_record_id VARCHAR(64) NOT NULL,
    stage               VARCHAR(16) NOT NULL,
    reason              TEXT        NOT NULL,
    decision_due_by     DATE        NOT NULL,
    filed_on            DATE        NOT NULL,
    recorded_at         TIMESTAMPTZ NOT NULL,
    event_id            VARCHAR(64) NOT NULL,
    outcome             VARCHAR(16),
    decision_reason     TEXT,
    decided_on          DATE,
    decided_recorded_at TIMESTAMPTZ,
    decided_event_id    VARCHAR(64)
);
CREATE INDEX appeal_cadre ON appeal (cadre_id);

-- Unit-side records beyond cards: assignments, evaluation scores, accountability procedures.
CREATE TABLE assignment (
    assignment_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    unit_id           VARCHAR(64)  NOT NULL,
    kind              VARCHAR(24)  NOT NULL,
    title             TEXT         NOT NULL,
    due_date          DATE         NOT NULL,
    issued_by_unit_id VARCHAR(64),
    issued_on         DATE         NOT NULL,
    recorded_at       TIMESTAMPTZ  NOT NULL,
    event_id          VARCHAR(64)  NOT NULL,
    completed_on      DATE,
    completed_event_id VARCHAR(64)
);
CREATE INDEX assignment_unit ON assignment (unit_id, due_date);

CREATE TABLE evaluation (
    evaluation_id  VARCHAR(64)   NOT NULL PRIMARY KEY,
    unit_id        VARCHAR(64)   NOT NULL,
    month          CHAR(7)       NOT NULL,
    score          NUMERIC(7,2)  NOT NULL,
    assessor       VARCHAR(100)  NOT NULL,
    effective_date DATE          NOT NULL,
    recorded_at    TIMESTAMPTZ   NOT NULL,
    event_id       VARCHAR(64)   NOT NULL
);
CREATE INDEX evaluation_unit ON evaluation (unit_id, month);

CREATE TABLE accountability_procedure (
    procedure_id   VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_id        VARCHAR(64) NOT NULL,
    month          CHAR(7)     NOT NULL,
    reason         TEXT        NOT NULL,
    effective_date DATE        NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    event_id       VARCHAR(64) NOT NULL
);
