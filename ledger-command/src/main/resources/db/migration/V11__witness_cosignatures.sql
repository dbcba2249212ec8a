-- Cosignatures of checkpoint notes by witnesses (C2SP tlog-cosignature cosignature/v1), as the witnesses
-- answered add-checkpoint and only once verified with the witness's configured key. Inserted once per
-- checkpoint and witness key, never changed; /api/v1/audit/log/checkpoint serves a note with its lines.
CREATE TABLE witness_cosignature (
    tree_size       BIGINT       NOT NULL REFERENCES merkle_checkpoint_note (tree_size),
    verifier_key    TEXT         NOT NULL,
    witness_name    TEXT         NOT NULL,
    signature_line  TEXT         NOT NULL,
    cosigned_at     TIMESTAMPTZ  NOT NULL,
    received_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tree_size, verifier_key)
);

-- the largest size each witness cosigned
CREATE INDEX witness_cosignature_by_key ON witness_cosignature (verifier_key, tree_size DESC);
