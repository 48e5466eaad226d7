-- The clinics' staff API keys (issue 10). Only a key's SHA-256 is kept: the key itself is shown
-- once, when issued. A revoked key stays, for the record, and no longer opens anything.
CREATE TABLE staff_api_keys (
    id          text PRIMARY KEY,
    clinic_id   text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    name        text NOT NULL,
    key_hash    text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX staff_api_keys_clinic ON staff_api_keys (clinic_id);
