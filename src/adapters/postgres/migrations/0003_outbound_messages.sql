-- Every message we sent, by the id WhatsApp gave it (wamid), and what became of it.
-- Receipts can arrive out of order (read before delivered): the furthest state is kept.

CREATE TABLE outbound_messages (
    message_id    text PRIMARY KEY,
    clinic_id     text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    address_kind  text NOT NULL,
    address       text NOT NULL,
    kind          text NOT NULL,
    sent_at       timestamptz NOT NULL DEFAULT now(),
    status        text NOT NULL DEFAULT 'accepted'
                      CHECK (status IN ('accepted', 'sent', 'delivered', 'read', 'failed')),
    status_at     timestamptz,
    error_code    integer,
    error_title   text
);

CREATE INDEX outbound_messages_failed ON outbound_messages (clinic_id, status_at) WHERE status = 'failed';
