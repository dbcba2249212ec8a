-- The transaction that appended each event. The event readers (the Kafka publisher) take only events
-- of transactions older than every transaction still running, so an event whose transaction commits
-- late is never passed over: later events wait for it instead of leaving a gap that could time out.
ALTER TABLE domain_event_entry ADD COLUMN tx_id xid8 NOT NULL DEFAULT pg_current_xact_id();
