-- The Merkle log as C2SP tlog-tiles lays it out: tile (level, index) holds up to 256 hashes of height
-- 8·level, 32 bytes each, the rightmost tile of each level growing as leaves are appended (a tile once
-- full never changes again). Written by the Merkle-log processor in the transaction that appends the
-- leaves; merkle_tile_size is the size of the tree the tiles hold, locked by each append.
CREATE TABLE merkle_tile (
    level       SMALLINT  NOT NULL,
    tile_index  BIGINT    NOT NULL,
    hashes      BYTEA     NOT NULL,
    PRIMARY KEY (level, tile_index)
);

CREATE TABLE merkle_tile_size (
    singleton  BOOLEAN  NOT NULL PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    tree_size  BIGINT   NOT NULL
);
INSERT INTO merkle_tile_size (singleton, tree_size) VALUES (TRUE, 0);

-- Each checkpoint as a C2SP tlog-checkpoint signed note (origin, size, base64 root; Ed25519 note
-- signature). Inserted once per checkpoint, never changed.
CREATE TABLE merkle_checkpoint_note (
    tree_size  BIGINT  NOT NULL PRIMARY KEY REFERENCES merkle_checkpoint (tree_size),
    origin     TEXT    NOT NULL,
    note       TEXT    NOT NULL
);
