-- The register of patients' requests about their data (issue 24): access, rectification, erasure,
-- objection; by chat or by staff; each with the day the clinic's law wants it answered by. A patient
-- is named by their keyed hash (never reversed without the key); their address is kept beside it
-- only until they are erased, so staff can reach them about a pending request.
CREATE TABLE privacy_requests (
    id            uuid PRIMARY KEY,
    clinic_id     text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'objection')),
    channel       text NOT NULL CHECK (channel IN ('whatsapp', 'api', 'console')),
    patient       text NOT NULL CHECK (patient ~ '^[0-9a-f]{32}$'),
    address_kind  text CHECK (address_kind IN ('phone', 'user_id')),
    address       text,
    received_at   timestamptz NOT NULL,
    due           date NOT NULL,  -- the clinic's day
    answered_at   timestamptz,
    CHECK ((address_kind IS NULL) = (address IS NULL))
);

-- Staff list their clinic's pending requests; the worker looks for those about to fall due.
CREATE INDEX privacy_requests_pending ON privacy_requests (clinic_id, due) WHERE answered_at IS NULL;
CREATE INDEX privacy_requests_due ON privacy_requests (due) WHERE answered_at IS NULL;
CREATE INDEX privacy_requests_by_address ON privacy_requests (clinic_id, address_kind, address)
    WHERE address IS NOT NULL;
