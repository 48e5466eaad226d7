-- A claim on an inbound message is a lease until the message is handled: a process that
-- died while handling it leaves a stale claim, which Meta's next retry may take over.

ALTER TABLE inbound_messages
    ADD COLUMN claimed_at   timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN processed_at timestamptz;

UPDATE inbound_messages SET processed_at = received_at;
