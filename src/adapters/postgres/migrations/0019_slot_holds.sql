-- Holds (issue 22): a time offered to a patient is kept for them for a few minutes while they say
-- whom it is for and confirm, so two patients are not offered the same time at once. A hold is not
-- an appointment: it runs out on its own (expires_at) and, once expired, blocks nobody. Where two
-- confirmations still race, appointments_no_double_booking decides, as before.
CREATE TABLE slot_holds (
    clinic_id     text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    doctor_id     text NOT NULL,
    address_kind  text NOT NULL CHECK (address_kind IN ('phone', 'user_id')),  -- the holder
    address       text NOT NULL CHECK (address <> ''),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    during        tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    FOREIGN KEY (clinic_id, doctor_id) REFERENCES doctors (clinic_id, id) ON DELETE CASCADE,
    -- One hold per patient per clinic: a new one replaces it (release() and hold() find it here).
    CONSTRAINT slot_holds_one_per_holder UNIQUE (clinic_id, address_kind, address),
    -- No two holds of one doctor overlap. An expired one cannot be left out by a predicate on
    -- now() (not immutable), so whoever holds a time first deletes the expired holds overlapping
    -- it, in the same transaction. Its GiST index also serves the held-time query (ranges by doctor).
    CONSTRAINT slot_holds_no_overlap
        EXCLUDE USING gist (clinic_id WITH =, doctor_id WITH =, during WITH &&)
);
