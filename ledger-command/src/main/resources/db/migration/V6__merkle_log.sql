-- The Merkle log (RFC 6962 style) over every stored event, in the order the events became readable
-- (commit order), and the signed checkpoints of its size and root. Append-only: leaves and checkpoints
-- are only ever inserted.
CREATE TABLE merkle_leaf (
    leaf_index       BIGINT       NOT NULL PRIMARY KEY,
    global_index     BIGINT       NOT NULL UNIQUE,
    event_identifier VARCHAR(255) NOT NULL UNIQUE,
    leaf_hash        BYTEA        NOT NULL,
    appended_at      TIMESTAMPTZ  NOT NULL
);

CREATE TABLE merkle_signing_key (
    key_id      VARCHAR(16)  NOT NULL PRIMARY KEY,
    public_key  TEXT         NOT NULL,
    first_used  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE merkle_checkpoint (
    tree_size  BIGINT       NOT NULL PRIMARY KEY,
    root_hash  VARCHAR(64)  NOT NULL,
    issued_at  TIMESTAMPTZ  NOT NULL,
    key_id     VARCHAR(16)  NOT NULL REFERENCES merkle_signing_key (key_id),
    signature  TEXT         NOT NULL
);
