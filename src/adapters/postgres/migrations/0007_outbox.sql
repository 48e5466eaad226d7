-- The outbox: a turn's replies are written in the turn's own transaction and sent after it
-- commits, so a reply is never lost to a crash, an outage of Meta or a rate limit. Rows are
-- sent in id order per conversation; a sent one is kept briefly as a record, then may be pruned.

CREATE TABLE outbox (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinic_id     text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    address_kind  text NOT NULL,
    address       text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('text', 'buttons', 'list', 'template')),
    message       jsonb NOT NULL,
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts      integer NOT NULL DEFAULT 0,
    available_at  timestamptz NOT NULL,  -- when it may be sent (later after a refusal)
    claimed_until timestamptz,           -- the lease of the sender holding it
    last_error    text,
    created_at    timestamptz NOT NULL,
    sent_at       timestamptz
);

CREATE INDEX outbox_pending_by_conversation ON outbox (clinic_id, address_kind, address, id)
    WHERE status = 'pending';
CREATE INDEX outbox_pending_due ON outbox (available_at) WHERE status = 'pending';
