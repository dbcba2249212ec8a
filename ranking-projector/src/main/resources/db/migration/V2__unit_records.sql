-- Records that count in a month's tally, kept so that a later revocation or 容错免责 can take
-- exactly their contribution back out.
CREATE TABLE counted_record (
    record_id VARCHAR(64)   NOT NULL PRIMARY KEY,
    kind      VARCHAR(16)   NOT NULL CHECK (kind IN ('POSITIVE', 'NEGATIVE', 'INTERVIEW', 'CARD')),
    unit_id   VARCHAR(64)   NOT NULL,
    month     CHAR(7)       NOT NULL,
    points    NUMERIC(12,2),
    colour    VARCHAR(8),
    excluded  BOOLEAN       NOT NULL DEFAULT FALSE,
    excluded_by_event_id VARCHAR(64)
);

ALTER TABLE unit ADD COLUMN closed_on DATE;

CREATE TABLE assignment (
    assignment_id     VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_id           VARCHAR(64) NOT NULL,
    kind              VARCHAR(24) NOT NULL,
    title             TEXT        NOT NULL,
    due_date          DATE        NOT NULL,
    issued_by_unit_id VARCHAR(64),
    issued_on         DATE        NOT NULL,
    completed_on      DATE,
    revoked           BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX assignment_due ON assignment (due_date, unit_id);

CREATE TABLE evaluation (
    evaluation_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    unit_id       VARCHAR(64)  NOT NULL,
    month         CHAR(7)      NOT NULL,
    score         NUMERIC(7,2) NOT NULL,
    assessor      VARCHAR(100) NOT NULL,
    revoked       BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX evaluation_month ON evaluation (month, unit_id);

CREATE TABLE accountability_procedure (
    procedure_id VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_id      VARCHAR(64) NOT NULL,
    month        CHAR(7)     NOT NULL,
    event_id     VARCHAR(64) NOT NULL
);
