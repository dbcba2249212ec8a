-- Keys live ledger.idempotency.lifetime from their first use; the purge deletes older ones by created_at.
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
