-- One patient, two identifiers (issue 21): Meta's business-scoped user id and the phone number
-- name the same patient once both were seen in one message. An alias row points an identifier
-- at the address the patient's data is kept under; a changed number moves that data.

CREATE TABLE patient_aliases (
    clinic_id     text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    alias_kind    text NOT NULL CHECK (alias_kind IN ('phone', 'user_id')),
    alias         text NOT NULL CHECK (alias <> ''),
    address_kind  text NOT NULL CHECK (address_kind IN ('phone', 'user_id')),
    address       text NOT NULL CHECK (address <> ''),
    linked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, alias_kind, alias)
);

CREATE INDEX patient_aliases_by_identity ON patient_aliases (clinic_id, address_kind, address);

-- A waiting message's other identifier, and a notice's new one, until its turn reads them.
ALTER TABLE inbound_messages
    ADD COLUMN also_kind     text,
    ADD COLUMN also_address  text,
    ADD COLUMN new_kind      text,
    ADD COLUMN new_address   text;
