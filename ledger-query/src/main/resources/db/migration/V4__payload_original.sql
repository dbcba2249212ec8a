-- An event whose text PostgreSQL cannot hold (U+0000, an unpaired surrogate) is stored with those code
-- units replaced by U+FFFD; its payload as published is kept here byte for byte. NULL for every other event.
ALTER TABLE ledger_record ADD COLUMN payload_original BYTEA;
