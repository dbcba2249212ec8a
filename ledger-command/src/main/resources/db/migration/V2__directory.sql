-- The command side's own lookup of what exists, kept in the same transaction as the events that
-- create it, for checks that span aggregates (does the unit exist, which unit is a cadre in).

CREATE TABLE unit_directory (
    unit_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    category       VARCHAR(32)  NOT NULL,
    parent_unit_id VARCHAR(64),
    registered_on  DATE         NOT NULL
);

CREATE TABLE cadre_directory (
    cadre_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_id       VARCHAR(64) NOT NULL,
    registered_on DATE        NOT NULL
);
