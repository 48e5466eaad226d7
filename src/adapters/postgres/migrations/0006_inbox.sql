-- The inbox: a delivered message is recorded whole before the webhook answers 200, and a
-- turn of its conversation takes it afterwards. What was a dedup claim becomes a queue row.
--
-- Rows from before this migration carry no message, so they cannot be answered: those that
-- were handled stay as the dedup record; one caught mid-claim is dropped, so that Meta's
-- next retry of it is accepted afresh.

DELETE FROM inbound_messages WHERE processed_at IS NULL;

ALTER TABLE inbound_messages
    DROP COLUMN claimed_at,
    ADD COLUMN seq           bigint GENERATED ALWAYS AS IDENTITY,  -- arrival order, after Meta's timestamp
    ADD COLUMN status        text NOT NULL DEFAULT 'handled'
                             CHECK (status IN ('pending', 'handled')),
    ADD COLUMN address_kind  text,
    ADD COLUMN address       text,
    ADD COLUMN sent_at       timestamptz,  -- Meta's timestamp: the order the patient sent them in
    ADD COLUMN kind          text,
    ADD COLUMN body          text,         -- the text, or a button's title
    ADD COLUMN button_id     text,
    ADD COLUMN sender_name   text,
    ADD COLUMN attempts      integer NOT NULL DEFAULT 0,
    ADD COLUMN available_at  timestamptz,  -- when the sweep may take it (later after a failed turn)
    ADD COLUMN claimed_until timestamptz,  -- the lease of the turn holding it
    ADD COLUMN last_error    text,
    ADD COLUMN outcome       text;         -- answered, recorded (bot off), handed off, blocked ...

ALTER TABLE inbound_messages ALTER COLUMN status SET DEFAULT 'pending';

-- A pending row is a whole message.
ALTER TABLE inbound_messages ADD CONSTRAINT inbound_pending_is_whole CHECK (
    status <> 'pending'
    OR (address_kind IS NOT NULL AND address IS NOT NULL AND sent_at IS NOT NULL
        AND kind IS NOT NULL AND available_at IS NOT NULL));

-- A turn takes one conversation's pending rows; the sweep looks for due ones.
CREATE INDEX inbound_pending_by_conversation ON inbound_messages (clinic_id, address_kind, address, sent_at, seq)
    WHERE status = 'pending';
CREATE INDEX inbound_pending_due ON inbound_messages (available_at) WHERE status = 'pending';
