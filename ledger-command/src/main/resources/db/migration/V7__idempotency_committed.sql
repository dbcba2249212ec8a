-- Set in the same transaction as the command's events: a claimed key whose request committed is never run
-- again, even when the answer was lost (the process died after the commit, before the answer was kept).
ALTER TABLE idempotency_key ADD COLUMN committed_at TIMESTAMPTZ;
